/**
 * Whole runs against independent oracles: figures a planner acts on, recomputed here from the
 * documented formulas, the data files and analytic results, never from the code under test.
 *
 * - Carbon and 24/7 CFE (docs/models/supply.md): a grid's carbon is what it gives (to the load and to
 *   stores) times the trace's hourly intensity, read and gap-filled here from the CSV; a battery's output
 *   carries the carbon-free share of what it took in (simulated here from its columns), so grid-charged
 *   energy counts its carbon once, where it was drawn; the hourly CFE score is recomputed by clock hour; a
 *   carbon-following battery charges from the grid only at or below its threshold and discharges only at or
 *   above the other. The shipped traces' intensity is the generation-weighted lifecycle factor of each fuel.
 * - Reliability: an SMR fleet alone against a constant load, over decades, has the loss-of-load
 *   probability and expected unserved energy of independent units of availability
 *   A = (1 − r/L)·MTTF/(MTTF + MTTR) (binomial; a mixture while one unit refuels).
 * - Facility (docs/models/facility.md): liquid cooling beside an economiser air side with a dead band, on
 *   the wet-bulb of a weather CSV written here, behind a power chain of constant efficiencies.
 * - Carbon-aware work (docs/policies.md): a stream ranked `cleanest: { hours: k, per: day | week }` computes only in
 *   the k cleanest hours of each UTC day (or week from Monday) of the trace; a checkpointed training run so
 *   held computes in a held hour only to finish the checkpoint interval it began in a chosen one.
 * - Training (docs/models/workload.md): a checkpointed run interrupted at chips / chip_mtbf takes the renewal
 *   result's wall time, interruptions and lost work; a fusion PPA offers C·a over decades and is paid price x offered.
 * - Economics (docs/economics.md): every cashflow.csv row of fifteen project years (capital at the year of service,
 *   replacements, decommissioning, salvage, fixed O&M by the share of a year in service, fuel on generation, energy
 *   and monthly demand charges, escalated and scaled), and their discounted sum, the NPC.
 *
 * Seeded: `DCPSIM_FUZZ_RUNS=40 DCPSIM_FUZZ_SEED=7 npx vitest run tests/run-oracles.test.ts` explores further.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { modelRunner } from './helpers/oracle.ts';
import { readCsv } from './helpers/read-csv.ts';
import { stull } from './helpers/wet-bulb.ts';

const DATA = join(import.meta.dirname, '..', 'models', 'data', 'grid-carbon');
const TRACES = ['PJM', 'ERCOT', 'CAISO'] as const;
const tmp = mkdtempSync(join(tmpdir(), 'dcpsim-oracles-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const RUNS = Number(process.env.DCPSIM_FUZZ_RUNS ?? 6);
const SEED = Number(process.env.DCPSIM_FUZZ_SEED ?? 20261202);

type Json = Record<string, any>;

/** Run a model (as JSON) and give its folder. */
const run = modelRunner(tmp);
let weathers = 0;
const summaryOf = (dir: string): Json => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));

// ---------------------------------------------------------------------------------------------
// A carbon trace read here: the hour's intensity and carbon-free share by UTC month, day and hour.

interface TraceHour {
  ci: number;
  share: number;
}

const traceCache = new Map<string, { byKey: Map<string, TraceHour>; raw: Json[]; gen: string[] }>();
/** The trace, gaps filled by linear interpolation between the nearest filled hours (docs/models/supply.md). */
function trace(name: (typeof TRACES)[number]) {
  const hit = traceCache.get(name);
  if (hit) return hit;
  const lines = readFileSync(join(DATA, `${name}-2022-hourly.csv`), 'utf8')
    .trimEnd()
    .split('\n');
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((l) => l.split(','));
  const cols = header.slice(1);
  const filled: number[][] = cols.map((_, c) => {
    const v = rows.map((r) => (r[c + 1] === '' ? Number.NaN : Number(r[c + 1])));
    const known = v.flatMap((x, i) => (Number.isNaN(x) ? [] : [i]));
    return v.map((x, i) => {
      if (!Number.isNaN(x)) return x;
      const a = known.filter((k) => k < i).at(-1);
      const b = known.find((k) => k > i);
      if (a === undefined) return v[b!];
      if (b === undefined) return v[a];
      return v[a] + ((v[b] - v[a]) * (i - a)) / (b - a);
    });
  });
  const gen = cols.filter((c) => c !== 'avg_CI');
  const clean = ['NUC', 'WND', 'SUN', 'WAT'];
  const byKey = new Map<string, TraceHour>();
  const raw: Json[] = [];
  rows.forEach((r, i) => {
    const t = new Date(r[0].replace(' ', 'T'));
    const at = (c: string): number => filled[cols.indexOf(c)][i];
    const total = gen.reduce((a, c) => a + at(c), 0);
    byKey.set(`${t.getUTCMonth()}-${t.getUTCDate()}-${t.getUTCHours()}`, {
      ci: at('avg_CI'),
      share: clean.reduce((a, c) => a + at(c), 0) / total,
    });
    raw.push(Object.fromEntries(cols.map((c, k) => [c, rows[i][k + 1]])));
  });
  const out = { byKey, raw, gen };
  traceCache.set(name, out);
  return out;
}
/** The trace's hour for an epoch second outside its span (a non-leap year): the same UTC month, day and hour. */
const hourOf = (name: (typeof TRACES)[number], epochS: number): TraceHour => {
  const t = new Date(epochS * 1000);
  return trace(name).byKey.get(`${t.getUTCMonth()}-${t.getUTCDate()}-${t.getUTCHours()}`)!;
};
const utc = (s: string): number => Date.parse(`${s.replace(' ', 'T')}Z`) / 1000;

describe('the shipped carbon traces', () => {
  it('give each hour the generation-weighted lifecycle intensity of its fuels (IPCC AR5 medians), not direct emissions', () => {
    // IPCC AR5 WG3 Annex III Table A.III.2, lifecycle medians, g CO2e/kWh: coal 820, gas (combined cycle) 490,
    // biomass 230 (dc-rl's "other"), hydro 24, nuclear 12, rooftop PV 41, onshore wind 11; oil 650 (not in the
    // table). A nuclear MWh on the grid thus carries 12 g/kWh in avg_CI (docs/models/supply.md, Carbon).
    const factor: Record<string, number> = {
      COL: 820,
      NG: 490,
      OTH: 230,
      WAT: 24,
      NUC: 12,
      SUN: 41,
      WND: 11,
      OIL: 650,
    };
    for (const name of TRACES) {
      const { raw, gen } = trace(name);
      expect(gen.sort()).toEqual(Object.keys(factor).sort());
      let checked = 0;
      for (const r of raw) {
        if (Object.values(r).some((v) => v === '')) continue;
        const total = gen.reduce((a, c) => a + Number(r[c]), 0);
        const ci = gen.reduce((a, c) => a + factor[c] * Number(r[c]), 0) / total;
        expect(Math.abs(ci - Number(r.avg_CI))).toBeLessThan(1e-6 * ci);
        checked++;
      }
      expect(checked).toBeGreaterThan(8700);
    }
  });
});

describe("a generator given a lifecycle carbon intensity (the grid traces' basis)", () => {
  it("counts it per MWh taken, in its own carbon and the site's, and stays carbon-free in the 24/7 score", () => {
    // The shipped traces give the grid's nuclear 12 g/kWh (above), and so does an SMR left without `carbon`; a fusion
    // PPA and space solar count 0 unless given their own, so a lifecycle comparison with the grid gives them theirs.
    const model = (carbon: Json): Json => ({
      name: 'oracle-lifecycle',
      start: '2027-03-01',
      duration: '48h',
      step: '1h',
      seed: 3,
      clusters: [{ name: 'gpu', chip: 'H100', count: 256 }],
      workload: { jobs: [{ name: 'j', cluster: 'gpu', rate: '6/h', chips: [8, 16], duration: '2h' }] },
      facility: { cooling: { model: 'pue', pue: 1.2 } },
      supply: [
        { kind: 'smr', units: 1, rating: '60 kW', forced_outages: { mttf: '100000000h', mttr: '1h' }, ...carbon.smr },
        { kind: 'fusion-ppa', capacity: '40 kW', start: '2027-01-01', ...carbon.fusion },
        { kind: 'space-solar', panels: 50, ...carbon.solar },
        { kind: 'grid', carbon: '400 g/kWh', carbon_free_share: 0 },
      ],
    });
    const base = summaryOf(run(model({})));
    const given = {
      smr: { carbon: '12 g/kWh' },
      fusion: { carbon: '9 g/kWh' },
      solar: { carbon: '30 g/kWh' },
    };
    const s = summaryOf(run(model(given)));
    const src = (x: Json, name: string): Json => x.sources.find((o: Json) => o.name === name);
    const grams: Record<string, number> = { smr: 12, fusion: 9, solar: 30, grid: 400 };
    let total = 0;
    for (const [name, g] of Object.entries(grams)) {
      const o = src(s, name);
      expect(o.used_mwh).toBeGreaterThan(0);
      expect(o.carbon_kg).toBeCloseTo(o.used_mwh * g, 6); // g/kWh = kg/MWh
      expect(o.used_mwh).toBe(src(base, name).used_mwh); // the dispatch does not change
      expect(src(base, name).carbon_kg).toBe(name === 'grid' || name === 'smr' ? o.carbon_kg : 0);
      total += o.carbon_kg;
    }
    expect(s.carbon_kg).toBeCloseTo(total, 6);
    expect(s.reliability.cfe_score).toBe(base.reliability.cfe_score);
  });
});

// ---------------------------------------------------------------------------------------------
// Carbon and the 24/7 score with an SMR, a battery and a grid on an hourly trace, at one-minute rows

const arbCarbonModel = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
  hours: fc.integer({ min: 24, max: 60 }),
  trace: fc.constantFrom(...TRACES),
  chips: fc.integer({ min: 16, max: 64 }).map((k) => 8 * k),
  jobRate: fc.integer({ min: 4, max: 14 }),
  smrShare: fc.integer({ min: 0, max: 100 }).map((v) => v / 100),
  batteryH: fc.integer({ min: 1, max: 4 }),
  powerShare: fc.integer({ min: 10, max: 80 }).map((v) => v / 100),
  roundTrip: fc.integer({ min: 70, max: 95 }).map((v) => v / 100),
  initial: fc.integer({ min: 10, max: 90 }).map((v) => v / 100),
  // A carbon-following battery's thresholds: percentiles of the run's own hours.
  strategy: fc.option(fc.tuple(fc.integer({ min: 10, max: 50 }), fc.integer({ min: 50, max: 90 })), { nil: undefined }),
  exportShare: fc.option(
    fc.integer({ min: 0, max: 50 }).map((v) => v / 100),
    { nil: undefined },
  ),
});

describe('carbon and 24/7 CFE recomputed from the trace and the time series', () => {
  it(`hold for ${RUNS} random SMR + battery + grid models (seed ${SEED})`, () => {
    fc.assert(
      fc.property(arbCarbonModel, (m) => {
        const start = Date.UTC(2027, m.month - 1, m.day) / 1000;
        const peakKw = m.chips * 1.1 * 1.2;
        const smrKw = Math.round(m.smrShare * peakKw);
        const energyKwh = Math.round(m.batteryH * m.powerShare * peakKw);
        const powerKw = Math.round(m.powerShare * peakKw);
        const cis = Array.from({ length: m.hours }, (_, h) => hourOf(m.trace, start + 3600 * h).ci).sort(
          (a, b) => a - b,
        );
        const pct = (p: number): number => cis[Math.floor(((cis.length - 1) * p) / 100)];
        const thresholds = m.strategy ? [Math.round(pct(m.strategy[0])), Math.round(pct(m.strategy[1])) + 1] : null;
        const supply: Json[] = [];
        // Never out in these hours: it makes its rating throughout (forced outages made negligible).
        if (smrKw > 0)
          supply.push({
            kind: 'smr',
            units: 1,
            rating: `${smrKw} kW`,
            price: '0 $/MWh',
            // No carbon of its own (its default is nuclear's 12 g/kWh): this checks the grid's, counted once.
            carbon: '0 g/kWh',
            forced_outages: { mttf: '100000000h', mttr: '1h' },
          });
        supply.push({
          kind: 'battery',
          energy: `${energyKwh} kWh`,
          power: `${powerKw} kW`,
          round_trip: m.roundTrip,
          initial: m.initial,
          strategy: thresholds
            ? { by: 'carbon', charge_below: `${thresholds[0]} g/kWh`, discharge_above: `${thresholds[1]} g/kWh` }
            : 'auto',
        });
        supply.push({
          kind: 'grid',
          price: '50 $/MWh',
          carbon: { file: join(DATA, `${m.trace}-2022-hourly.csv`) },
          ...(m.exportShare !== undefined
            ? { export_cap: `${Math.round(m.exportShare * peakKw)} kW`, export_price: '20 $/MWh' }
            : {}),
        });
        const dir = run({
          name: 'oracle-carbon',
          start: new Date(start * 1000).toISOString(),
          duration: `${m.hours}h`,
          step: '1m',
          seed: m.seed,
          clusters: [{ name: 'gpu', chip: 'H100', count: m.chips }],
          workload: {
            jobs: [{ name: 'j', cluster: 'gpu', rate: `${m.jobRate}/h`, chips: [8, 16, 32], duration: '2h' }],
          },
          facility: { cooling: { model: 'pue', pue: 1.2 } },
          supply,
        });
        const ts = readCsv(join(dir, 'timeseries.csv'));
        const s = summaryOf(dir);
        const col = (k: string): number[] => (ts.header.includes(k) ? ts.col(k) : ts.rows.map(() => 0));
        const [smr, bat, charge, grid, exp, curt, facility, cfKw, gridCarbon] = [
          'smr_kw',
          'battery_kw',
          'battery_charge_kw',
          'grid_kw',
          'export_kw',
          'curtailed_kw',
          'facility_kw',
          'carbon_free_kw',
          'grid_carbon_kg',
        ].map(col);
        const h = 1 / 60;
        const eta = Math.sqrt(m.roundTrip);
        const lo = 0.1 * energyKwh;
        let e = Math.min(0.9, Math.max(0.1, m.initial)) * energyKwh;
        let clean = 0; // the battery's carbon-free kWh; its initial charge is not carbon-free
        const hours = new Map<number, { d: number; cf: number }>();
        let carbon = 0;
        const fails: string[] = [];
        const tol = 0.006; // six cells of 3 decimals
        for (let i = 0; i < ts.rows.length; i++) {
          const t = utc(ts.rows[i][0]);
          const hr = hourOf(m.trace, t);
          // The SMR (baseload, never out in these hours) makes its rating: what the load does not take goes to
          // the battery, export or curtailment, in that order; the battery's other charge comes from the grid.
          const smrToStore = smrKw - smr[i] - exp[i] - curt[i];
          const gridToStore = charge[i] - smrToStore;
          if (smrToStore < -tol || gridToStore < -tol)
            fails.push(`row ${i}: charge ${charge[i]} from the SMR ${smrToStore}, the grid ${gridToStore}`);
          // The grid's carbon: all it gives (load and battery) x the hour's intensity (kg = kWh x g/kWh / 1000).
          const want = ((grid[i] + gridToStore) * h * hr.ci) / 1000;
          carbon += want;
          if (Math.abs(gridCarbon[i] - want) > 0.002 + 1e-6 * want)
            fails.push(
              `row ${i}: grid_carbon_kg ${gridCarbon[i]}, (grid ${grid[i]} + to battery ${gridToStore}) x ${hr.ci}`,
            );
          if (thresholds && gridToStore > 0.01 && hr.ci > thresholds[0])
            fails.push(`row ${i}: charges ${gridToStore} kW from the grid at ${hr.ci} g/kWh > ${thresholds[0]}`);
          if (thresholds && bat[i] > 0.01 && hr.ci < thresholds[1])
            fails.push(`row ${i}: discharges ${bat[i]} kW at ${hr.ci} g/kWh < ${thresholds[1]}`);
          // Carbon-free power: the SMR's whole output less what the battery took of it, the grid's by the hour's
          // share (its charging nets out: counted in and out of the battery), the battery's by the share it holds.
          const bShare = e > 0 ? clean / e : 0;
          const cf = smrKw - smrToStore + grid[i] * hr.share + bat[i] * bShare;
          // A row where the battery both charges and discharges: the share it gives back may be the one after
          // the charging (rows are means; the order inside the minute is not in them).
          const inClean = eta * (smrToStore + gridToStore * hr.share) * h;
          const charged = e + eta * charge[i] * h;
          const cfHi = cf + bat[i] * Math.max(0, (charged > 0 ? (clean + inClean) / charged : 0) - bShare);
          if (cfKw[i] > Math.min(facility[i], cfHi) + tol)
            fails.push(`row ${i}: carbon_free_kw ${cfKw[i]} > min(facility ${facility[i]}, carbon-free ${cf})`);
          const key = Math.floor(t / 3600);
          const acc = hours.get(key) ?? { d: 0, cf: 0 };
          acc.d += facility[i] * h;
          acc.cf += cf * h;
          hours.set(key, acc);
          // The battery (docs/models/supply.md): E ← E + η·in − out/η, its carbon-free part mixed in and out.
          const inKwh = charge[i] * h;
          const outKwh = bat[i] * h;
          e += eta * inKwh - outKwh / eta;
          clean += inClean - (outKwh / eta) * bShare;
          clean = Math.min(Math.max(clean, 0), e);
          if (e < lo - 0.01 * energyKwh || e > 0.9 * energyKwh + 0.01 * energyKwh)
            fails.push(`row ${i}: the battery at ${e} kWh, outside its bounds`);
        }
        let num = 0;
        let den = 0;
        for (const { d, cf } of hours.values()) {
          num += Math.min(d, Math.max(0, cf));
          den += d;
        }
        const cfe = den > 0 ? num / den : 0;
        if (Math.abs(cfe - s.reliability.cfe_score) > 2e-4)
          fails.push(`cfe_score ${s.reliability.cfe_score}, recomputed by clock hour ${cfe}`);
        if (Math.abs(carbon - s.carbon_kg) > 1e-4 * carbon + 0.01)
          fails.push(`carbon_kg ${s.carbon_kg}, recomputed ${carbon}`);
        const gridSrc = s.sources.find((x: Json) => x.name === 'grid');
        if (Math.abs(gridSrc.carbon_kg - s.carbon_kg) > 1e-9 * s.carbon_kg)
          fails.push(`the grid's carbon ${gridSrc.carbon_kg} is not all of carbon_kg ${s.carbon_kg}`);
        const battery = s.sources.find((x: Json) => x.name === 'battery');
        if (battery.carbon_kg !== 0) fails.push(`the battery's carbon ${battery.carbon_kg}: counted twice`);
        if (Math.abs(e / energyKwh - battery.detail.final_soc) > 2e-3)
          fails.push(`final_soc ${battery.detail.final_soc}, simulated from the rows ${e / energyKwh}`);
        rmSync(dir, { recursive: true, force: true });
        if (fails.length > 0) throw new Error(`${fails.slice(0, 10).join('\n')}\nmodel: ${JSON.stringify(m)}`);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// An SMR fleet alone: loss of load against the binomial of independent units

/** P(k of n up) for independent units each up with probability a. */
const binom = (n: number, k: number, a: number): number => {
  let c = 1;
  for (let j = 1; j <= k; j++) c = (c * (n - j + 1)) / j;
  return c * a ** k * (1 - a) ** (n - k);
};

describe('an SMR fleet alone over decades', () => {
  const fleet = (refuelD: number, seed: number): { dir: string; loadKw: number } => {
    const dir = run({
      name: 'oracle-lolp',
      start: '2027-01-01',
      duration: '14600d', // 40 years
      step: '1d',
      seed,
      clusters: [{ name: 'gpu', chip: 'H100', count: 800, server: { chips: 8 } }],
      workload: { training: [{ name: 'train', cluster: 'gpu', chips: 800, work: '100000d', duty: 0.8 }] },
      facility: { cooling: { model: 'pue', pue: 1.25 } },
      supply: [
        {
          kind: 'smr',
          units: 4,
          rating: '500 kW',
          refuel: { every: '24mo', takes: `${refuelD}d` },
          forced_outages: { mttf: '500h', mttr: '100h' },
        },
      ],
    });
    const s = summaryOf(dir);
    // A constant load (one run on every chip at a fixed duty): between two and three units' worth.
    expect(s.peak_kw.facility).toBeGreaterThan(1000);
    expect(s.peak_kw.facility).toBeLessThan(1500);
    return { dir, loadKw: s.peak_kw.facility };
  };

  /** LOLP, expected shortfall (kW) and the rate of shortfalls starting (/h) with `n` independent units up with probability a. */
  const analytic = (n: number, a: number, loadKw: number, mttfH: number) => {
    let lolp = 0;
    let shortKw = 0;
    let starts = 0;
    for (let k = 0; k <= n; k++) {
      const p = binom(n, k, a);
      const d = Math.max(0, loadKw - 500 * k);
      shortKw += p * d;
      if (d > 0) lolp += p;
      else if (loadKw - 500 * (k - 1) > 0) starts += (p * k) / mttfH; // one of the k up units trips
    }
    return { lolp, shortKw, starts };
  };

  it('without refuelling: LOLP and unserved energy are those of 4 independent units of A = MTTF/(MTTF+MTTR)', () => {
    const { dir, loadKw } = fleet(0, 5);
    const s = summaryOf(dir);
    const a = 500 / 600;
    const units = s.sources[0].detail.units;
    for (const u of units) expect(Math.abs(u.availability - a)).toBeLessThan(0.02);
    expect(s.sources[0].detail.long_run_availability).toBeCloseTo(a, 12);
    const hours = s.reliability.hours;
    const o = analytic(4, a, loadKw, 500);
    // Expected unserved energy, 15,518 MWh in 40 years x 365 d (seed-to-seed spread about 3 %).
    expect(s.reliability.unserved_energy_mwh / ((o.shortKw * hours) / 1000)).toBeGreaterThan(0.9);
    expect(s.reliability.unserved_energy_mwh / ((o.shortKw * hours) / 1000)).toBeLessThan(1.1);
    // Loss-of-load hours count clock hours touched: the time share plus about an hour per shortfall.
    const share = s.reliability.loss_of_load_share;
    expect(share).toBeGreaterThan(0.9 * o.lolp);
    expect(share).toBeLessThan(1.1 * (o.lolp + o.starts));
    expect(s.reliability.largest_shortfall_kw).toBeCloseTo(loadKw, 6); // all four down at some time
  });

  it('with staggered refuelling: the mixture of 4 units and, one refuelling, 3 (A = (1 − r/L)·MTTF/(MTTF+MTTR))', () => {
    const { dir, loadKw } = fleet(60, 5);
    const s = summaryOf(dir);
    const af = 500 / 600;
    const f = 4 * (60 / 730.5); // the share of time one unit refuels (24 months = 730.5 d)
    expect(s.sources[0].detail.long_run_availability).toBeCloseTo((1 - 60 / 730.5) * af, 3);
    const hours = s.reliability.hours;
    const four = analytic(4, af, loadKw, 500);
    const three = analytic(3, af, loadKw, 500);
    const shortKw = (1 - f) * four.shortKw + f * three.shortKw;
    const lolp = (1 - f) * four.lolp + f * three.lolp;
    const ratio = s.reliability.unserved_energy_mwh / ((shortKw * hours) / 1000);
    expect(ratio).toBeGreaterThan(0.9);
    expect(ratio).toBeLessThan(1.1);
    expect(s.reliability.loss_of_load_share).toBeGreaterThan(0.9 * lolp);
    expect(s.reliability.loss_of_load_share).toBeLessThan(1.1 * (lolp + (1 - f) * four.starts + f * three.starts));
  });
});

// ---------------------------------------------------------------------------------------------
// Liquid cooling beside an economiser air side, on a weather CSV written here

const arbFacility = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  temps: fc.array(
    fc.integer({ min: -150, max: 420 }).map((v) => v / 10),
    { minLength: 73, maxLength: 73 },
  ),
  rh: fc.array(fc.integer({ min: 8, max: 98 }), { minLength: 73, maxLength: 73 }),
  share: fc.integer({ min: 30, max: 95 }).map((v) => v / 100),
  liquidCop: fc.integer({ min: 8, max: 40 }),
  freeBelow: fc.integer({ min: 5, max: 20 }),
  span: fc.integer({ min: 2, max: 12 }),
  cop: fc.integer({ min: 30, max: 80 }).map((v) => v / 10),
  deadBand: fc.constantFrom(0, 1, 2, 3.5),
  fans: fc.integer({ min: 1, max: 10 }).map((v) => v / 100),
  ups: fc.integer({ min: 90, max: 99 }).map((v) => v / 100),
  pdu: fc.integer({ min: 95, max: 100 }).map((v) => v / 100),
  duty: fc.integer({ min: 20, max: 100 }).map((v) => v / 100),
});

describe('liquid cooling with an economiser air side, recomputed from docs/models/facility.md', () => {
  it(`holds for ${RUNS} random weather files and plants (seed ${SEED})`, () => {
    fc.assert(
      fc.property(arbFacility, (f) => {
        const weather = join(tmp, `weather${weathers++}.csv`);
        const start = Date.UTC(2027, 4, 1) / 1000;
        const iso = (h: number): string =>
          new Date((start + 3600 * h) * 1000).toISOString().replace('T', ' ').replace('.000Z', '');
        writeFileSync(
          weather,
          `timestamp,temperature,relative humidity\n${f.temps.map((t, h) => `${iso(h)},${t},${f.rh[h]}`).join('\n')}\n`,
        );
        const chillerAbove = f.freeBelow + f.span;
        const dir = run({
          name: 'oracle-liquid',
          start: '2027-05-01',
          duration: '72h',
          step: '1h',
          seed: f.seed,
          clusters: [{ name: 'gpu', chip: 'H100', count: 400, server: { chips: 8 } }],
          workload: { training: [{ name: 't', cluster: 'gpu', chips: 400, work: '30d', duty: f.duty }] },
          facility: {
            cooling: {
              model: 'liquid',
              share: f.share,
              cop: f.liquidCop,
              air: {
                model: 'economiser',
                free_below: `${f.freeBelow} C`,
                chiller_above: `${chillerAbove} C`,
                cop: f.cop,
                dead_band: f.deadBand,
                fans_pumps: f.fans,
              },
            },
            power_chain: { ups: { efficiency: f.ups }, pdu: { efficiency: f.pdu } },
            weather: { model: 'csv', file: weather },
          },
          supply: [{ kind: 'grid' }],
        });
        const ts = readCsv(join(dir, 'timeseries.csv'));
        const [it, losses, cooling, mode] = ['it_kw', 'losses_kw', 'cooling_kw', 'cooling_mode'].map((k) => ts.col(k));
        const modeAt = (t: number): number => (t <= f.freeBelow ? 0 : t > chillerAbove ? 2 : 1);
        let held = 2; // the plant starts in its warmest mode
        const fails: string[] = [];
        for (let h = 0; h < ts.rows.length; h++) {
          const t = stull(f.temps[h], f.rh[h]); // wet-bulb: the weather has humidity
          if (modeAt(t) > held) held = modeAt(t);
          else if (modeAt(t + f.deadBand) < held) held = modeAt(t + f.deadBand);
          const s = held === 0 ? 0 : held === 2 ? 1 : Math.min(1, Math.max(0, (t - f.freeBelow) / f.span));
          const cop = Math.min(14, Math.max(2, f.cop * (1 - 0.027 * (t + 6 - 29.4))));
          const loss = it[h] / (f.ups * f.pdu) - it[h]; // P_in = P_out / η per stage, PSU at 100 %
          const want = (it[h] * f.share) / f.liquidCop + (it[h] * (1 - f.share) + loss) * (s / cop + f.fans);
          if (Math.abs(losses[h] - loss) > 0.002) fails.push(`hour ${h}: losses ${losses[h]}, want ${loss}`);
          if (Math.abs(cooling[h] - want) > 0.002 + 1e-6 * want)
            fails.push(`hour ${h}: cooling ${cooling[h]}, want ${want} (wet-bulb ${t.toFixed(3)}, mode ${held})`);
          if (mode[h] !== held)
            fails.push(`hour ${h}: cooling_mode ${mode[h]}, want ${held} (wet-bulb ${t.toFixed(3)})`);
        }
        rmSync(dir, { recursive: true, force: true });
        if (fails.length > 0) throw new Error(`${fails.slice(0, 10).join('\n')}\nmodel: ${JSON.stringify(f)}`);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Carbon-aware work: only in the k cleanest hours of each UTC day or week (from Monday 00:00 UTC)

describe('a job stream that computes only in the k cleanest hours of each UTC day or week', () => {
  it(`does so for ${RUNS} random streams and traces (seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          month: fc.integer({ min: 1, max: 12 }),
          day: fc.integer({ min: 1, max: 27 }),
          days: fc.integer({ min: 2, max: 4 }),
          per: fc.constantFrom('day', 'week'),
          share: fc.integer({ min: 1, max: 95 }).map((v) => v / 100), // k as a share of the period's hours
          trace: fc.constantFrom(...TRACES),
          rate: fc.integer({ min: 1, max: 8 }),
        }),
        (m) => {
          const start = Date.UTC(2027, m.month - 1, m.day) / 1000;
          const periodH = m.per === 'day' ? 24 : 168;
          const k = Math.max(1, Math.round(m.share * periodH));
          const dir = run({
            name: 'oracle-cleanest',
            start: new Date(start * 1000).toISOString(),
            duration: `${m.days}d`,
            step: '1h',
            seed: m.seed,
            clusters: [{ name: 'gpu', chip: 'H100', count: 256 }],
            workload: {
              jobs: [
                {
                  name: 'batch',
                  cluster: 'gpu',
                  rate: `${m.rate}/h`,
                  chips: [8, 16],
                  duration: '2h',
                  carbon_aware: { cleanest: { hours: k, per: m.per } },
                },
              ],
            },
            facility: { cooling: { model: 'pue', pue: 1.2 } },
            supply: [{ kind: 'grid', carbon: { file: join(DATA, `${m.trace}-2022-hourly.csv`) } }],
          });
          const ts = readCsv(join(dir, 'timeseries.csv'));
          const duty = ts.col('gpu_duty');
          const fails: string[] = [];
          let inChosen = 0;
          let chosenLater = 0; // chosen hours after the first two, when jobs are waiting
          // The period's k-th cleanest hour, ranked over all its hours (a week's before the run's start too).
          const MONDAY = Date.UTC(2027, 0, 4) / 1000;
          const kthOf = new Map<number, number>();
          for (let row = 0; row < duty.length; row++) {
            const t = start + 3600 * row;
            const p0 = t - ((((t - MONDAY) % (3600 * periodH)) + 3600 * periodH) % (3600 * periodH));
            if (!kthOf.has(p0)) {
              const ci = Array.from({ length: periodH }, (_, h) => hourOf(m.trace, p0 + 3600 * h).ci);
              kthOf.set(p0, ci.sort((a, b) => a - b)[k - 1]); // hours tied with the k-th count as chosen
            }
            const kth = kthOf.get(p0)!;
            const ci = hourOf(m.trace, t).ci;
            if (ci <= kth) {
              inChosen += duty[row];
              if (row >= 2) chosenLater++;
            } else if (duty[row] > 0)
              fails.push(
                `row ${row}: duty ${duty[row]} at ${ci} g/kWh, above the ${k}th cleanest of its ${m.per} ${kth}`,
              );
          }
          if (inChosen === 0 && chosenLater > 0) fails.push('the stream never computed in its chosen hours');
          rmSync(dir, { recursive: true, force: true });
          if (fails.length > 0) throw new Error(`${fails.slice(0, 10).join('\n')}\nmodel: ${JSON.stringify(m)}`);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// A checkpointed training run with chip failures: the renewal result

describe('a checkpointed training run interrupted at chips / chip_mtbf', () => {
  it('takes the expected wall time, interruptions and lost work of failure-free-restart renewal (docs/models/workload.md)', () => {
    // Segments of τ of compute and δ of checkpoint; failures at λ = chips/MTBF while computing or checkpointing lose
    // the segment, then a restart of R (no failures). Per segment: P = e^{λ(τ+δ)} − 1 interruptions expected, time
    // P·(1/λ + R), and lost work per interruption 1/λ − (τ+δ)/P (the mean of an exponential cut at τ+δ).
    const lambda = 4096 / 50000; // per hour
    const [tau, delta, restart, work] = [1, 0.1, 0.25, 2000];
    const p = Math.exp(lambda * (tau + delta)) - 1;
    const segments = work / tau;
    const wall = segments * p * (1 / lambda + restart); // 2,349 h
    const interruptions = segments * p; // 188.6
    const lost = interruptions * (1 / lambda - (tau + delta) / p); // 102 h
    const dir = run({
      name: 'oracle-training',
      start: '2027-01-01',
      duration: '130d',
      step: '1d',
      seed: 3,
      clusters: [{ name: 'gpu', chip: 'H100', count: 4096 }],
      workload: {
        training: [
          {
            name: 'big',
            cluster: 'gpu',
            chips: 4096,
            work: `${work}h`,
            checkpoint: { every: `${tau}h`, takes: `${delta * 60}m` },
            chip_mtbf: '50000h',
            restart: `${restart * 60}m`,
          },
        ],
      },
      facility: { cooling: { model: 'pue', pue: 1.2 } },
      supply: [{ kind: 'grid' }],
    });
    const r = summaryOf(dir).training[0];
    expect(r.completed).toBe(true);
    // Spread from seed to seed (3 seeds): wall time about 0.3 %, interruptions and lost work about 8 %.
    expect(Math.abs(r.wall_time_h / wall - 1)).toBeLessThan(0.02);
    expect(Math.abs(r.goodput - work / wall)).toBeLessThan(0.02);
    expect(Math.abs(r.interruptions / interruptions - 1)).toBeLessThan(0.2);
    expect(Math.abs(r.lost_work_h / lost - 1)).toBeLessThan(0.25);
  });
});

// ---------------------------------------------------------------------------------------------
// A fusion PPA over decades: offered energy and what is paid for it

describe('a fusion PPA over decades', () => {
  it('offers C·a over its years, the first ramped by k/12, and is paid price x offered (take-or-pay)', () => {
    const dir = run({
      name: 'oracle-fusion',
      start: '2027-01-01',
      duration: '14600d',
      step: '1d',
      seed: 4,
      clusters: [{ name: 'gpu', chip: 'H100', count: 8 }],
      facility: { cooling: { model: 'pue', pue: 1.2 } },
      supply: [
        {
          kind: 'fusion-ppa',
          capacity: '1 MW',
          start: '2028-01-01',
          ramp_first_year: true,
          availability: 0.75,
          price: '80 $/MWh',
        },
        { kind: 'grid', export_cap: '2 MW' },
      ],
    });
    const s = summaryOf(dir);
    const f = s.sources.find((x: Json) => x.name === 'fusion');
    // From 2028-01-01 (365 d in): a ramp year of mean 6.5/12 of C, then C, each at availability 0.75.
    const hoursAfter = s.duration_h - 365 * 24;
    const offered = 1 * 0.75 * (hoursAfter - 8760 + (8760 * 6.5) / 12); // MWh
    expect(Math.abs(f.detail.offered_mwh / offered - 1)).toBeLessThan(0.08); // seeds 4-6: −5 % to +0.5 %
    expect(f.cost_usd).toBeCloseTo(80 * f.detail.offered_mwh, 3);
    expect(f.used_mwh + f.curtailed_mwh).toBeCloseTo(f.detail.offered_mwh, 6);
  });
});

// ---------------------------------------------------------------------------------------------
// A fading battery: capacity lost takes its share of the carbon-free energy with it

describe('a battery that loses stored energy to fade', () => {
  it('gives back the carbon-free share it took in: the energy lost is clean and not clean alike', () => {
    // Half full of energy that is not carbon-free (its initial charge), it fills to 90 % of 1,000 kWh from the SMR's
    // surplus: 400 kWh in (η_c = 0.9 of 444 kWh) of 900 kWh are carbon-free, 4/9. It then holds full for 30 days
    // while fade (50 %/year) takes 37 kWh. When the SMR refuels it discharges against a grid counted not
    // carbon-free, so carbon_free_kw / battery_kw is the share it gives back: 4/9, not 400/863 = 0.4635 (before,
    // the energy fade took was all taken from the part that was not carbon-free).
    const dir = run({
      name: 'oracle-fade',
      start: '2027-01-01',
      duration: '32d',
      step: '1h',
      seed: 1,
      clusters: [{ name: 'gpu', chip: 'H100', count: 80, server: { chips: 8 } }],
      workload: { training: [{ name: 'train', cluster: 'gpu', chips: 80, work: '300d', duty: 0.8 }] },
      facility: { cooling: { model: 'pue', pue: 1.25 } },
      supply: [
        {
          kind: 'smr',
          units: 1,
          rating: '200 kW',
          price: 0,
          refuel: { every: '24mo', takes: '5d', offsets: ['30d'] },
          forced_outages: { mttf: '100000000h', mttr: '1h' },
        },
        {
          kind: 'battery',
          energy: '1000 kWh',
          power: '100 kW',
          round_trip: 0.81,
          initial: 0.5,
          fade: { calendar: 0.5, cycle: 0, replace_at: 0.1 },
        },
        { kind: 'grid', carbon: '400 g/kWh', carbon_free_share: 0 },
      ],
    });
    const ts = readCsv(join(dir, 'timeseries.csv'));
    const [bat, cf, grid] = ['battery_kw', 'carbon_free_kw', 'grid_kw'].map((k) => ts.col(k));
    const first = bat.findIndex((b) => b > 0);
    expect(first).toBe(720); // the refuelling, day 30
    expect(grid[first]).toBeGreaterThan(0);
    expect(summaryOf(dir).sources[1].detail.fade_losses_mwh).toBeGreaterThan(0.03);
    for (let i = first; i < first + 3; i++) expect(cf[i] / bat[i]).toBeCloseTo(4 / 9, 4);
  });
});

// ---------------------------------------------------------------------------------------------
// Fifteen project years of cash flows, recomputed from docs/economics.md's conventions

describe('the cash flows of a plan with dates, lives, escalation and a demand charge', () => {
  it('are every row docs/economics.md gives, and discount to the NPC', () => {
    const [d, e, n] = [0.08, 0.03, 15];
    const dir = run({
      name: 'oracle-cashflow',
      start: '2027-01-01',
      duration: '730d', // to 2028-12-31: the leap year 2028 simulated for 365 of its 366 days
      step: '1d',
      seed: 3,
      clusters: [
        {
          name: 'gpu',
          chip: 'H100',
          count: 256,
          costs: { capital: '30000 $', lifetime: '4y' },
          in_service: '2027-06-01',
        },
      ],
      workload: { jobs: [{ name: 'b', cluster: 'gpu', rate: '1/h', chips: [64, 128], duration: '12h', duty: 0.8 }] },
      facility: { cooling: { model: 'pue', pue: 1.2 } },
      supply: [
        {
          kind: 'smr',
          units: 1,
          rating: '150 kW',
          price: 0,
          in_service: '2027-09-01',
          forced_outages: { mttf: '100000000h', mttr: '1h' },
          costs: {
            capital: '6000 $/kW',
            fixed_om: '100 $/kW-yr',
            fuel: '7 $/MWh',
            lifetime: '7y',
            decommissioning: '400 $/kW',
          },
        },
        { kind: 'grid', price: '55 $/MWh', costs: { demand_charge: '10 $/kW-month' } },
      ],
      economics: { discount_rate: d, escalation: e, years: n },
    });
    const want = new Map<string, number>();
    const add = (y: number, comp: string, cat: string, usd: number): void => {
      const k = `${y}|${comp}|${cat}`;
      want.set(k, (want.get(k) ?? 0) + usd * (1 + e) ** y);
    };
    const yearOf = (t: number): number => (t === 0 ? 0 : Math.ceil(t - 1e-12)); // year y covers (y − 1, y]
    // An asset in service from tS (years of 365 d): capital then, replaced at each end of life inside the project,
    // decommissioned at each end (the life running at the end: its elapsed share), salvaged by its remaining life.
    const asset = (comp: string, tS: number, capital: number, life: number, decommissioning: number): void => {
      add(yearOf(tS), comp, 'capital', capital);
      let start = tS;
      while (start + life < n) {
        add(yearOf(start + life), comp, 'replacement', capital);
        if (decommissioning) add(yearOf(start + life), comp, 'decommissioning', decommissioning);
        start += life;
      }
      if (decommissioning) add(n, comp, 'decommissioning', (decommissioning * (n - start)) / life);
      add(n, comp, 'salvage', (-capital * (life - (n - start))) / life);
    };
    const tGpu = 151 / 365; // 2027-06-01
    const tSmr = 243 / 365; // 2027-09-01
    asset('gpu', tGpu, 256 * 30000, 4, 0);
    asset('smr', tSmr, 150 * 6000, 7, 150 * 400);
    // Energy flows by simulated year; the second (2028, 365 of 8,784 h) scaled to a project year of 365 days, so as
    // simulated; later years repeat it. Demand charges: 12 billing months a year, at the mean peak of its months
    // weighted by the share of each simulated (2028's December 30 of 31 days).
    const yearly = readCsv(join(dir, 'yearly.csv'));
    const monthly = readCsv(join(dir, 'monthly.csv'));
    const scale = [1, 1];
    const monthH = (from: string): number => {
      const a = new Date(`${from.replace(' ', 'T')}Z`);
      const b = new Date(a);
      b.setUTCMonth(b.getUTCMonth() + 1);
      return (b.getTime() - a.getTime()) / 3.6e6;
    };
    const demand = [0, 0]; // $ per year: 10 $/kW of each billing month's peak import, a partial month pro rata
    const billed = [0, 0]; // billing months simulated
    monthly.rows.forEach((r, k) => {
      const share = Number(r[3]) / monthH(r[1]);
      demand[r[1].startsWith('2027') ? 0 : 1] += 10 * monthly.col('grid_peak_kw')[k] * share;
      billed[r[1].startsWith('2027') ? 0 : 1] += share;
    });
    expect(billed[1]).toBeCloseTo(11 + 30 / 31, 12);
    for (let y = 1; y <= n; y++) {
      const k = Math.min(y, 2) - 1;
      const generated = (yearly.col('smr_mwh')[k] + yearly.col('curtailed_mwh')[k]) * scale[k];
      add(y, 'smr', 'om', 100 * 150 * (y === 1 ? 1 - tSmr : 1));
      add(y, 'smr', 'fuel', 7 * generated);
      add(y, 'grid', 'energy', 55 * yearly.col('grid_mwh')[k] * scale[k]);
      add(y, 'grid', 'demand_charge', (demand[k] * 12) / billed[k]);
    }
    const flows = readCsv(join(dir, 'cashflow.csv'));
    const got = new Map<string, number>();
    for (const r of flows.rows)
      got.set(`${r[0]}|${r[1]}|${r[2]}`, (got.get(`${r[0]}|${r[1]}|${r[2]}`) ?? 0) + Number(r[3]));
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    let npc = 0;
    for (const [k, v] of want) {
      expect(Math.abs((got.get(k) ?? Number.NaN) - v), k).toBeLessThan(1e-6 * Math.abs(v) + 1e-6);
      npc += v / (1 + d) ** Number(k.split('|')[0]);
    }
    expect(summaryOf(dir).economics.npc_usd).toBeCloseTo(npc, 3);
  });
});

// ---------------------------------------------------------------------------------------------
// A carbon-aware training run: it computes in a hour it is held only to reach the checkpoint it is heading for

describe('a checkpointed training run held to the 10 cleanest hours of each UTC day', () => {
  it('computes in a held hour only to finish the checkpoint interval it began in a chosen one', () => {
    // Submitted at midnight, a held hour of ERCOT's: with nothing computed it has nothing to lose by waiting, so it
    // waits (before, it ran 22 min, 0.27 of the hour, to its first checkpoint). After a chosen block it runs on to
    // its next checkpoint (at most 20 + 2 min), never into a second held hour.
    const start = Date.UTC(2027, 3, 10) / 1000;
    const dir = run({
      name: 'oracle-held-training',
      start: '2027-04-10',
      duration: '6d',
      step: '1h',
      seed: 2,
      clusters: [{ name: 'gpu', chip: 'H100', count: 64 }],
      workload: {
        training: [
          {
            name: 't',
            cluster: 'gpu',
            chips: 64,
            work: '60h',
            checkpoint: { every: '20m', takes: '2m' },
            carbon_aware: { cleanest: { hours: 10, per: 'day' } },
          },
        ],
      },
      facility: { cooling: { model: 'pue', pue: 1.2 } },
      supply: [{ kind: 'grid', carbon: { file: join(DATA, 'ERCOT-2022-hourly.csv') } }],
    });
    const duty = readCsv(join(dir, 'timeseries.csv')).col('gpu_duty');
    const chosen: boolean[] = [];
    for (let d = 0; d < 6; d++) {
      const ci = Array.from({ length: 24 }, (_, h) => hourOf('ERCOT', start + 86400 * d + 3600 * h).ci);
      const kth = [...ci].sort((a, b) => a - b)[9];
      for (const c of ci) chosen.push(c <= kth);
    }
    expect(chosen[0]).toBe(false);
    expect(duty[0]).toBe(0);
    let carried = 0;
    for (let h = 0; h < duty.length; h++) {
      if (chosen[h]) continue;
      if (h === 0 || !chosen[h - 1] || duty[h - 1] === 0) expect(duty[h], `hour ${h}`).toBe(0);
      else {
        expect(duty[h], `hour ${h}`).toBeLessThanOrEqual(22 / 60);
        if (duty[h] > 0) carried++;
      }
    }
    expect(carried).toBeGreaterThan(2); // it does run on to its checkpoint after a chosen block
  });
});
