/**
 * Figures a planner acts on, against oracles that do not call the code under test (a fourth set, after
 * tests/run-oracles.test.ts, run-oracles2 and run-oracles3): each is recomputed here from the model's inputs, the
 * documented formulas and the files a run writes (timeseries.csv, yearly.csv, cashflow.csv, summary.json).
 *
 * - Grid price (docs/models/supply.md, grid): under a time-of-use tariff (periods from any minute, so rows of
 *   15 minutes to 2 hours straddle a change) and under an hourly price trace, each row's `grid_cost_usd` is the
 *   energy drawn in it times the price in force, split at each change (exact under a constant load; between the
 *   row's lowest and highest price under a varying one), and the rows sum to the summary's figures.
 * - The power chain and cooling (docs/models/facility.md): IT power from the H100's measured curve (phases.csv read
 *   here), PSU, PDU and UPS each `P_in = (P_out + P_fixed)/η(load fraction)` with efficiency curves against the
 *   design IT power, a chiller's COP on the dry- or wet-bulb of a weather CSV, `facility = P_in + cooling`, the PUE
 *   column and the summary's energies and PUE; a fixed-PUE plant under a varying load, row by row.
 * - Inference demand (docs/models/workload.md, model-reference): tokens/s = rate x tokens per request x the daily
 *   cosine (at each UTC hour's midpoint) x the weekday's multiplier x (1 + growth)^(years of 365 days since the
 *   start), stepped hourly, over two years: 15 % a year is x 1.15 at the same hour a year on.
 * - Economics (docs/economics.md): every cashflow.csv row discounted by (1 + d)^−year, summing to the NPC and each
 *   component's NPC; annualised cost = NPC x CRF; the site LCOE = supply NPC / discounted energy served (yearly.csv,
 *   a part year scaled to 365 days, later years repeating the last); each component's LCOE its NPC before export
 *   revenue over its discounted energy generated (an SMR's curtailed output included, as its fuel is: this caught
 *   the LCOE dividing by the energy taken only); replacements at each end of life and salvage by remaining life.
 * - Space solar in geostationary orbit: eclipses only in seasons of about ±22 days around the equinoxes, up to the
 *   cylindrical shadow's 69 minutes a day, centred on local apparent solar midnight (the Astronomical Almanac's
 *   low-precision Sun, written out here), measured from the hourly rows over a whole year.
 *   A curtailed take-or-pay fusion PPA's LCOE is its price (what it offered), curtailed space solar's its price per
 *   MWh taken.
 * - Batteries, reliability and exported carbon: energy in − energy out = losses + Δstored, losses those of
 *   η_c = η_d = sqrt(round trip); unserved energy and loss-of-load hours (clock hours with any unmet demand) from
 *   one-minute rows, LOLE per 8,760 h, any loss of load, the share of years with any (yearly.csv); each row's
 *   cost (the SMR paid on all taken from it, the grid on imports, less export revenue); an SMR's exported energy
 *   times its intensity is its `export_carbon_kg`, not in `carbon_kg`.
 *
 * Seeded: `DCPSIM_FUZZ_RUNS=10 DCPSIM_FUZZ_SEED=7 npx vitest run tests/run-oracles4.test.ts` explores further.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { modelRunner, report } from './helpers/oracle.ts';
import { readCsv } from './helpers/read-csv.ts';
import { stull } from './helpers/wet-bulb.ts';

const tmp = mkdtempSync(join(tmpdir(), 'dcpsim-oracles4-'));
afterAll(() => {
  if (!process.env.DCPSIM_FUZZ_KEEP) rmSync(tmp, { recursive: true, force: true });
});

const RUNS = Number(process.env.DCPSIM_FUZZ_RUNS ?? 3);
const SEED = Number(process.env.DCPSIM_FUZZ_SEED ?? 20261203);

type Json = Record<string, any>;

/** Run a model (as JSON) and give its folder. */
const run = modelRunner(tmp);
const summaryOf = (dir: string): Json => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
const utc = (s: string): number => Date.parse(`${s.replace(' ', 'T')}Z`) / 1000;
const iso = (epochS: number): string => new Date(epochS * 1000).toISOString().slice(0, 19).replace('T', ' ');
const close = (a: number, b: number, rel: number, abs: number): boolean => Math.abs(a - b) <= rel * Math.abs(b) + abs;

/** The H100's measured board power against duty (models/data/h100-power/phases.csv, idle and matmul8192 rows). */
const H100: [number, number][] = (() => {
  const lines = readFileSync(join(import.meta.dirname, '..', 'models', 'data', 'h100-power', 'phases.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  return lines
    .filter((r) => r[0] === 'idle' || r[0] === 'matmul8192')
    .map((r): [number, number] => [Number(r[1]), Number(r[3])])
    .sort((a, b) => a[0] - b[0]);
})();
/** Piecewise linear through [x, y] points, held flat outside them. */
function interp(points: [number, number][], x: number): number {
  if (x <= points[0][0]) return points[0][1];
  for (let i = 1; i < points.length; i++)
    if (x <= points[i][0]) {
      const [x0, y0] = points[i - 1];
      const [x1, y1] = points[i];
      return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
  return points[points.length - 1][1];
}

// ---------------------------------------------------------------------------------------------
// Grid price: time of use and an hourly trace

const arbTariff = fc.record({
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
  hours: fc.integer({ min: 24, max: 72 }),
  step: fc.constantFrom('15m', '1h', '2h'),
  // Period starts in minutes of the UTC day (any minute, so rows straddle them), and their prices.
  starts: fc.uniqueArray(fc.integer({ min: 0, max: 1439 }), { minLength: 1, maxLength: 4 }),
  prices: fc.array(fc.integer({ min: 5, max: 300 }), { minLength: 4, maxLength: 4 }),
  duty: fc.integer({ min: 30, max: 100 }).map((v) => v / 100),
  chips: fc.integer({ min: 1, max: 8 }).map((k) => 8 * k),
  varying: fc.boolean(),
  trace: fc.boolean(),
});

describe('the grid paid the price in force', () => {
  it(`under a time-of-use tariff or an hourly price trace, row by row, rows straddling a change included (${2 * RUNS} models, seed ${SEED})`, () => {
    const cases = fc.sample(arbTariff, { numRuns: 2 * RUNS, seed: SEED });
    cases.forEach((c, id) => {
      const start = Date.UTC(2027, c.month - 1, c.day) / 1000;
      const starts = [...c.starts].sort((a, b) => a - b);
      const hhmm = (m: number): string =>
        `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      // Hourly trace: a price for every hour of 2027 (inside its span, so each hour reads its own row).
      const hourly: number[] = [];
      let price: Json;
      if (c.trace) {
        const file = join(tmp, `price${id}.csv`);
        const y0 = Date.UTC(2027, 0, 1) / 1000;
        let x = c.prices[0];
        const lines = ['timestamp,price'];
        for (let h = 0; h < 8760; h++) {
          x = Math.max(-20, Math.min(400, x + (((h * 7919 + id * 104729) % 61) - 30)));
          hourly.push(x);
          lines.push(`${iso(y0 + 3600 * h)},${x}`);
        }
        writeFileSync(file, `${lines.join('\n')}\n`);
        price = { file, column: 'price' };
      } else price = { periods: starts.map((m, k) => ({ from: hhmm(m), price: `${c.prices[k]} $/MWh` })) };
      /** The price in force at an epoch second, $/MWh: the period started last (the last of the day before midnight's first). */
      const priceAt = (t: number): number => {
        if (c.trace) return hourly[Math.floor((t - Date.UTC(2027, 0, 1) / 1000) / 3600)];
        const m = Math.floor((((t % 86400) + 86400) % 86400) / 60);
        let k = starts.length - 1;
        for (let i = 0; i < starts.length; i++) if (starts[i] <= m) k = i;
        return c.prices[k];
      };
      /** The instants in [a, b) where the price changes. */
      const changes = (a: number, b: number): number[] => {
        const out: number[] = [];
        if (c.trace) for (let t = Math.ceil(a / 3600) * 3600; t < b; t += 3600) out.push(t);
        else
          for (let d = Math.floor(a / 86400) * 86400; d < b; d += 86400)
            for (const m of starts) if (d + 60 * m > a && d + 60 * m < b) out.push(d + 60 * m);
        return out.sort((x, y) => x - y);
      };
      const dir = run({
        name: 'oracle-tariff',
        start: new Date(start * 1000).toISOString(),
        duration: `${c.hours}h`,
        step: c.step,
        seed: id + 1,
        clusters: [{ name: 'gpu', chip: 'H100', count: c.chips }],
        workload: c.varying
          ? { jobs: [{ name: 'j', cluster: 'gpu', rate: '3/h', chips: [1, 2, 4, 8], duration: '40m' }] }
          : { training: [{ name: 't', cluster: 'gpu', chips: c.chips, work: '1000d', duty: c.duty }] },
        facility: { cooling: { model: 'pue', pue: 1.25 } },
        supply: [{ kind: 'grid', price, carbon: '400 g/kWh', carbon_free_share: 0.2 }],
      });
      const ts = readCsv(join(dir, 'timeseries.csv'));
      const s = summaryOf(dir);
      const [grid, cost, siteCost, energy] = ['grid_kw', 'grid_cost_usd', 'cost_usd', 'energy_mwh'].map((k) =>
        ts.col(k),
      );
      const fails: string[] = [];
      const end = start + 3600 * c.hours;
      let sum = 0;
      let straddled = 0;
      ts.rows.forEach((r, i) => {
        const a = utc(r[0]);
        const b = i + 1 < ts.rows.length ? utc(ts.rows[i + 1][0]) : end;
        const cuts = [a, ...changes(a, b), b];
        if (cuts.length > 2) straddled++;
        const prices = cuts.slice(0, -1).map((t) => priceAt(t));
        // Constant load: the row's energy spread evenly over it, each piece at its own price ($ = kW x h x $/MWh / 1000).
        let want = 0;
        for (let k = 0; k + 1 < cuts.length; k++) want += (grid[i] * (cuts[k + 1] - cuts[k]) * prices[k]) / 3.6e6;
        sum += cost[i];
        // grid_kw is rounded to 0.5 W: its cost over the row at the highest price, and half a cent's hundredth.
        const tol = (0.0005 * ((b - a) / 3600) * Math.max(...prices.map(Math.abs))) / 1000 + 6e-5;
        if (!c.varying || cuts.length === 2) {
          if (!close(cost[i], want, 1e-6, tol))
            fails.push(
              `row ${r[0]}: grid_cost_usd ${cost[i]}, want ${want} (${grid[i]} kW at ${prices.join('/')} $/MWh)`,
            );
        } else {
          const kwh = (grid[i] * (b - a)) / 3600;
          const [lo, hi] = [Math.min(...prices), Math.max(...prices)].map((p) => (kwh * p) / 1000);
          if (cost[i] < lo - tol || cost[i] > hi + tol)
            fails.push(`row ${r[0]}: grid_cost_usd ${cost[i]} outside [${lo}, ${hi}] of ${prices.join('/')} $/MWh`);
        }
        if (Math.abs(siteCost[i] - cost[i]) > 1.01e-4)
          fails.push(`row ${r[0]}: cost_usd ${siteCost[i]} ≠ grid's ${cost[i]}`);
        if (!close(energy[i], (grid[i] * (b - a)) / 3.6e6, 1e-6, 2e-6))
          fails.push(`row ${r[0]}: energy_mwh ${energy[i]}, grid ${grid[i]} kW over ${(b - a) / 3600} h`);
      });
      const src = s.sources.find((x: Json) => x.name === 'grid');
      if (!close(src.cost_usd, sum, 1e-9, 5e-5 * ts.rows.length + 1e-9))
        fails.push(`the grid's cost_usd ${src.cost_usd}, rows sum to ${sum}`);
      if (!close(s.cost_usd, src.cost_usd, 1e-12, 1e-9)) fails.push(`cost_usd ${s.cost_usd} ≠ grid ${src.cost_usd}`);
      // The row split matters only where a row straddles a change: say so when the case made none.
      if (!c.trace && c.step !== '15m' && straddled === 0 && starts.some((m) => m % 60 !== 0))
        fails.push('no row straddled a price change');
      report(fails, `case ${JSON.stringify(c)}; run ${dir}`);
    });
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// The power chain and a chiller, from the chips' measured curve

const arbCurve = fc
  .array(fc.integer({ min: 80, max: 99 }), { minLength: 3, maxLength: 3 })
  .map((e): [number, number][] => {
    const effs = [...e].sort((a, b) => a - b);
    return [
      [0.1, effs[0] / 100],
      [0.4, effs[1] / 100],
      [0.9, effs[2] / 100],
    ];
  });
const arbStage = fc.record({
  curve: fc.oneof(
    arbCurve,
    fc.integer({ min: 85, max: 100 }).map((v) => v / 100),
  ),
  fixedW: fc.constantFrom(0, 0, 500, 3000),
});
const arbChain = fc.record({
  seed: fc.integer({ min: 1, max: 1000 }),
  chips: fc.integer({ min: 2, max: 40 }).map((k) => 8 * k),
  busyShare: fc.integer({ min: 0, max: 100 }).map((v) => v / 100),
  duty: fc.integer({ min: 5, max: 100 }).map((v) => v / 100),
  psu: arbStage,
  pdu: arbStage,
  ups: arbStage,
  basis: fc.constantFrom('auto', 'dry_bulb', 'wet_bulb'),
  humidity: fc.boolean(),
  cop: fc.integer({ min: 30, max: 80 }).map((v) => v / 10),
  fans: fc.integer({ min: 0, max: 10 }).map((v) => v / 100),
  temps: fc.array(
    fc.integer({ min: -150, max: 420 }).map((v) => v / 10),
    { minLength: 48, maxLength: 48 },
  ),
  rh: fc.array(fc.integer({ min: 10, max: 95 }), { minLength: 48, maxLength: 48 }),
});

describe('the power chain and a chiller, recomputed from docs/models/facility.md', () => {
  it(`turn the chips' measured power into the facility's, with efficiency curves and no-load losses (${2 * RUNS} plants, seed ${SEED})`, () => {
    const cases = fc
      .sample(arbChain, { numRuns: 2 * RUNS, seed: SEED })
      .filter((c) => c.humidity || c.basis !== 'wet_bulb');
    cases.forEach((c, id) => {
      const start = Date.UTC(2027, 6, 1) / 1000;
      const weather = join(tmp, `weather${id}.csv`);
      writeFileSync(
        weather,
        `timestamp,temperature${c.humidity ? ',relative humidity' : ''}\n${c.temps
          .map((t, h) => `${iso(start + 3600 * h)},${t}${c.humidity ? `,${c.rh[h]}` : ''}`)
          .join('\n')}\n`,
      );
      const busy = Math.round(c.busyShare * c.chips);
      const stage = (st: { curve: number | [number, number][]; fixedW: number }) => ({
        efficiency: st.curve,
        ...(st.fixedW ? { fixed: `${st.fixedW} W` } : {}),
      });
      const dir = run({
        name: 'oracle-chain',
        start: new Date(start * 1000).toISOString(),
        duration: '48h',
        step: '1h',
        seed: c.seed,
        clusters: [{ name: 'gpu', chip: 'H100', count: c.chips }],
        workload: {
          training: busy > 0 ? [{ name: 't', cluster: 'gpu', chips: busy, work: '1000d', duty: c.duty }] : [],
        },
        facility: {
          cooling: { model: 'chiller', cop: c.cop, fans_pumps: c.fans, basis: c.basis },
          power_chain: { psu: stage(c.psu), pdu: stage(c.pdu), ups: stage(c.ups) },
          weather: { model: 'csv', file: weather },
        },
        supply: [{ kind: 'grid', price: '50 $/MWh', carbon: '400 g/kWh' }],
      });
      const ts = readCsv(join(dir, 'timeseries.csv'));
      const s = summaryOf(dir);
      const [it, losses, cooling, facility, pue, ambient] = [
        'it_kw',
        'losses_kw',
        'cooling_kw',
        'facility_kw',
        'pue',
        'ambient_c',
      ].map((k) => ts.col(k));
      const eta = (curve: number | [number, number][], x: number): number =>
        typeof curve === 'number' ? curve : interp(curve, x);
      const stages = [c.psu, c.pdu, c.ups];
      // Each stage's output at the design IT power (every chip busy at full duty), the load fraction's denominator.
      const designOut: number[] = [];
      let p = c.chips * interp(H100, 1);
      for (const st of stages) {
        designOut.push(p);
        p = (p + st.fixedW) / eta(st.curve, 1);
      }
      const itW = busy * interp(H100, c.duty) + (c.chips - busy) * interp(H100, 0);
      const fails: string[] = [];
      let [itSum, facSum] = [0, 0];
      for (let h = 0; h < ts.rows.length; h++) {
        let w = itW;
        stages.forEach((st, k) => {
          w = (w + st.fixedW) / eta(st.curve, w / designOut[k]);
        });
        const loss = w - itW;
        const useWet = c.basis === 'wet_bulb' || (c.basis === 'auto' && c.humidity);
        const t = useWet ? stull(c.temps[h], c.rh[h]) : c.temps[h];
        const cop = Math.min(14, Math.max(2, c.cop * (1 - 0.027 * (t + 6 - 29.4))));
        const cool = w * (1 / cop + c.fans);
        const fac = w + cool;
        const want: [string, number, number][] = [
          ['it_kw', it[h], itW / 1000],
          ['losses_kw', losses[h], loss / 1000],
          ['cooling_kw', cooling[h], cool / 1000],
          ['facility_kw', facility[h], fac / 1000],
          ['pue', pue[h], fac / itW],
          ['ambient_c', ambient[h], c.temps[h]],
        ];
        for (const [name, got, exp] of want)
          if (!close(got, exp, 1e-7, name === 'pue' ? 6e-5 : 6e-4))
            fails.push(`hour ${h}: ${name} ${got}, want ${exp} (T ${t.toFixed(3)}, COP ${cop.toFixed(4)})`);
        itSum += itW / 1e6;
        facSum += fac / 1e6;
      }
      if (!close(s.energy_mwh.it, itSum, 1e-9, 1e-9)) fails.push(`energy_mwh.it ${s.energy_mwh.it}, want ${itSum}`);
      if (!close(s.energy_mwh.facility, facSum, 1e-9, 1e-9))
        fails.push(`energy_mwh.facility ${s.energy_mwh.facility}, want ${facSum}`);
      if (!close(s.facility.pue, facSum / itSum, 1e-9, 0))
        fails.push(`facility.pue ${s.facility.pue}, want ${facSum / itSum}`);
      report(fails, `case ${JSON.stringify(c)}; run ${dir}`);
    });
  }, 60_000);

  it('a fixed PUE under a varying load: facility = IT x PUE and cooling the rest, row by row and in the summary', () => {
    const dir = run({
      name: 'oracle-pue',
      start: '2027-03-01',
      duration: '36h',
      step: '20m',
      seed: 9,
      clusters: [
        { name: 'a', chip: 'H100', count: 64, server: { chips: 8 } },
        { name: 'b', chip: 'B200', count: 32 },
      ],
      workload: {
        jobs: [
          { name: 'ja', cluster: 'a', rate: '6/h', chips: [8, 16, 32], duration: '50m', duty: 0.7 },
          { name: 'jb', cluster: 'b', rate: '4/h', chips: [4, 8], duration: '30m' },
        ],
      },
      facility: { cooling: { model: 'pue', pue: 1.37 } },
      supply: [{ kind: 'grid', price: '50 $/MWh', carbon: '400 g/kWh' }],
    });
    const ts = readCsv(join(dir, 'timeseries.csv'));
    const s = summaryOf(dir);
    const [it, a, b, losses, cooling, facility, pue, energy] = [
      'it_kw',
      'a_it_kw',
      'b_it_kw',
      'losses_kw',
      'cooling_kw',
      'facility_kw',
      'pue',
      'energy_mwh',
    ].map((k) => ts.col(k));
    const fails: string[] = [];
    let [itE, facE, dt] = [0, 0, 0];
    for (let i = 0; i < ts.rows.length; i++) {
      const h = 1 / 3;
      if (!close(it[i], a[i] + b[i], 0, 0.0015)) fails.push(`row ${i}: it_kw ${it[i]} ≠ ${a[i]} + ${b[i]}`);
      if (losses[i] !== 0) fails.push(`row ${i}: losses_kw ${losses[i]} under a PUE plant`);
      if (!close(facility[i], it[i] * 1.37, 1e-6, 0.0015))
        fails.push(`row ${i}: facility_kw ${facility[i]}, IT ${it[i]}`);
      if (!close(cooling[i], it[i] * 0.37, 1e-6, 0.0015)) fails.push(`row ${i}: cooling_kw ${cooling[i]}, IT ${it[i]}`);
      if (Math.abs(pue[i] - 1.37) > 5e-5) fails.push(`row ${i}: pue ${pue[i]}`);
      if (!close(energy[i], (facility[i] * h) / 1000, 1e-6, 1e-6)) fails.push(`row ${i}: energy_mwh ${energy[i]}`);
      itE += (it[i] * h) / 1000;
      facE += energy[i];
      dt += h;
    }
    if (!close(s.energy_mwh.it, itE, 1e-6, 1e-6)) fails.push(`energy_mwh.it ${s.energy_mwh.it}, rows ${itE}`);
    if (!close(s.energy_mwh.facility, facE, 1e-6, 1e-5))
      fails.push(`energy_mwh.facility ${s.energy_mwh.facility}, rows ${facE}`);
    if (!close(s.energy_mwh.cooling ?? s.facility?.cooling_mwh ?? Number.NaN, s.energy_mwh.it * 0.37, 1e-9, 1e-9))
      fails.push(`cooling energy ${JSON.stringify(s.energy_mwh)}`);
    if (Math.abs(s.facility.pue - 1.37) > 1e-12) fails.push(`facility.pue ${s.facility.pue}`);
    if (Math.abs(dt - 36) > 1e-9) fails.push(`rows cover ${dt} h`);
    report(fails, `run ${dir}`);
  });
});

// ---------------------------------------------------------------------------------------------
// Inference demand: the daily cosine, the weekday and growth compounding over the years

const arbService = fc.record({
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
  hour: fc.integer({ min: 0, max: 23 }),
  ratePerS: fc.integer({ min: 1, max: 40 }),
  growthPct: fc.constantFrom(15, 15, 5, 30, 150),
  amplitude: fc.integer({ min: 0, max: 60 }).map((v) => v / 100),
  peak: fc.integer({ min: 0, max: 23 }),
  weekly: fc.array(
    fc.integer({ min: 50, max: 150 }).map((v) => v / 100),
    { minLength: 7, maxLength: 7 },
  ),
});

describe('inference demand, recomputed from its shape and growth (docs/models/workload.md)', () => {
  it(`is rate x tokens x the daily cosine x the weekday x (1 + growth)^(years since the start), stepped hourly, over two years (${RUNS} services, seed ${SEED})`, () => {
    for (const c of fc.sample(arbService, { numRuns: RUNS, seed: SEED })) {
      const start = Date.UTC(2027, c.month - 1, c.day, c.hour) / 1000;
      const dir = run({
        name: 'oracle-growth',
        start: new Date(start * 1000).toISOString(),
        duration: '731d',
        step: '1h',
        seed: 4,
        clusters: [{ name: 'gpu', chip: 'H100', count: 8 }],
        workload: {
          inference: [
            {
              name: 'chat',
              cluster: 'gpu',
              chips: 8,
              rate: `${c.ratePerS}/s`,
              daily: { amplitude: c.amplitude, peak: c.peak },
              weekly: c.weekly,
              growth: `${c.growthPct}%`,
            },
          ],
        },
        facility: { cooling: { model: 'pue', pue: 1.2 } },
        supply: [{ kind: 'grid', price: '50 $/MWh', carbon: '400 g/kWh' }],
      });
      const ts = readCsv(join(dir, 'timeseries.csv'));
      const demand = ts.col('chat_demand_tok_s');
      const g = 1 + c.growthPct / 100;
      const fails: string[] = [];
      const want = (t: number): number => {
        const d = new Date(t * 1000);
        // The hour's cosine at its midpoint (so the hours either side of the peak hold the same demand).
        const shape = 1 + c.amplitude * Math.cos((2 * Math.PI * (d.getUTCHours() + 0.5 - c.peak)) / 24);
        return c.ratePerS * 1366 * shape * c.weekly[(d.getUTCDay() + 6) % 7] * g ** ((t - start) / (365 * 86400));
      };
      ts.rows.forEach((r, i) => {
        const t = utc(r[0]);
        if (!close(demand[i], want(t), 1e-7, 0.051))
          fails.push(`row ${r[0]}: demand ${demand[i]} tok/s, want ${want(t)}`);
      });
      // The planner's reading: the same hour of the same weekday a year of 52 weeks later, the growth factor, less a week.
      for (const k of [1, 2]) {
        const i = k * 364 * 24;
        const ratio = demand[i] / demand[0]; // cells to 0.1 tok/s
        const expect = g ** ((364 * k) / 365);
        if (!close(ratio, expect, 0.1 / demand[0] + 0.1 / demand[i], 0))
          fails.push(`year ${k}: demand x ${ratio}, want ${expect}`);
      }
      report(fails, `case ${JSON.stringify(c)}; run ${dir}`);
    }
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// Economics: NPC, annualised cost and LCOE against cashflow.csv and yearly.csv

const arbPlan = fc.record({
  seed: fc.integer({ min: 1, max: 1000 }),
  year: fc.constantFrom(2027, 2028),
  days: fc.constantFrom(200, 365, 366, 400, 500, 731),
  years: fc.integer({ min: 2, max: 14 }),
  discountPct: fc.integer({ min: 0, max: 12 }),
  escalationPct: fc.integer({ min: 0, max: 4 }),
  smrKw: fc.integer({ min: 40, max: 120 }),
  smrLife: fc.integer({ min: 3, max: 40 }),
  batteryKwh: fc.constantFrom(0, 50, 200),
  batteryLife: fc.integer({ min: 2, max: 15 }),
  exportKw: fc.constantFrom(0, 30),
});

describe('NPC, annualised cost and LCOE against the cash flows (docs/economics.md)', () => {
  it(`discount every flow, and divide the supplies' NPC by the discounted energy served (${RUNS} plans, seed ${SEED})`, () => {
    for (const c of fc.sample(arbPlan, { numRuns: RUNS, seed: SEED })) {
      const [d, e, n] = [c.discountPct / 100, c.escalationPct / 100, c.years];
      const dir = run({
        name: 'oracle-lcoe',
        start: `${c.year}-01-01`,
        duration: `${c.days}d`,
        step: '1d',
        seed: c.seed,
        clusters: [{ name: 'gpu', chip: 'H100', count: 64, costs: { capital: '25000 $', lifetime: '5y' } }],
        workload: { jobs: [{ name: 'j', cluster: 'gpu', rate: '4/h', chips: [8, 16], duration: '2h' }] },
        facility: { cooling: { model: 'pue', pue: 1.2 } },
        supply: [
          {
            kind: 'smr',
            units: 1,
            rating: `${c.smrKw} kW`,
            price: 0,
            forced_outages: { mttf: '2000h', mttr: '48h' },
            costs: { capital: '6000 $/kW', fuel: '7 $/MWh', fixed_om: '100 $/kW-yr', lifetime: `${c.smrLife}y` },
          },
          {
            kind: 'battery',
            energy: `${c.batteryKwh} kWh`,
            power: '30 kW',
            costs: { capital: '300 $/kW', energy_capital: '250 $/kWh', lifetime: `${c.batteryLife}y` },
          },
          {
            kind: 'grid',
            price: '60 $/MWh',
            ...(c.exportKw ? { export_cap: `${c.exportKw} kW`, export_price: '30 $/MWh' } : {}),
          },
        ],
        economics: { discount_rate: d, escalation: e, years: n },
      });
      const s = summaryOf(dir);
      const ec = s.economics;
      const fails: string[] = [];
      const flows = readCsv(join(dir, 'cashflow.csv'));
      const byComp = new Map<string, number>();
      const exportRevenue = new Map<string, number>();
      let npc = 0;
      for (const r of flows.rows) {
        const [y, comp, cat, nominal, discounted] = [Number(r[0]), r[1], r[2], Number(r[3]), Number(r[4])];
        if (!close(discounted, nominal / (1 + d) ** y, 1e-12, 1e-9))
          fails.push(`${r.join(',')}: discounted ≠ nominal / ${1 + d}^${y}`);
        npc += discounted;
        byComp.set(comp, (byComp.get(comp) ?? 0) + discounted);
        if (cat === 'export_revenue') exportRevenue.set(comp, (exportRevenue.get(comp) ?? 0) + discounted);
        if (y < 0 || y > n) fails.push(`${r.join(',')}: a flow outside years 0..${n}`);
      }
      if (!close(ec.npc_usd, npc, 1e-12, 1e-6)) fails.push(`npc_usd ${ec.npc_usd}, cashflow.csv sums to ${npc}`);
      const supplyNpc = npc - (byComp.get('gpu') ?? 0);
      if (!close(ec.supply_npc_usd, supplyNpc, 1e-12, 1e-6))
        fails.push(`supply_npc_usd ${ec.supply_npc_usd}, want ${supplyNpc}`);
      if (!close(ec.hardware_npc_usd, byComp.get('gpu') ?? 0, 1e-12, 1e-6))
        fails.push(`hardware_npc_usd ${ec.hardware_npc_usd}, gpu's flows ${byComp.get('gpu')}`);
      const crf = d === 0 ? 1 / n : (d * (1 + d) ** n) / ((1 + d) ** n - 1);
      if (!close(ec.annualized_cost_usd, npc * crf, 1e-12, 1e-6))
        fails.push(`annualized_cost_usd ${ec.annualized_cost_usd}, NPC x CRF ${npc * crf}`);
      // The energy of each project year (yearly.csv; a part year scaled to 365 days, later years repeating the last).
      const yearly = readCsv(join(dir, 'yearly.csv'));
      const ts = readCsv(join(dir, 'timeseries.csv'));
      const charge = ts.header.includes('battery_charge_kw') ? ts.col('battery_charge_kw') : ts.rows.map(() => 0);
      const hours = yearly.col('hours');
      // A year simulated whole counts as it is (a leap year its 366 days); one simulated in part, or repeated after
      // the run, counts 365 days of it (docs/economics.md).
      const whole = yearly.rows.map((r) => {
        const a = new Date(`${r[1].replace(' ', 'T')}Z`);
        const b = new Date(a);
        b.setUTCFullYear(a.getUTCFullYear() + 1);
        return r[2] === iso(b.getTime() / 1000);
      });
      const perYear = (f: (k: number) => number): number[] =>
        Array.from({ length: n }, (_, y) => {
          const k = Math.min(y, hours.length - 1);
          return f(k) * (y === k && whole[k] ? 1 : 8760 / hours[k]);
        });
      const col = (name: string): number[] => (yearly.header.includes(name) ? yearly.col(name) : hours.map(() => 0));
      const chargedMwh = hours.map((_, k) =>
        ts.rows.reduce((a, r, i) => (Number(r[0].slice(0, 4)) === c.year + k ? a + (charge[i] * 24) / 1000 : a), 0),
      );
      const served = perYear((k) => col('facility_mwh')[k] - col('unmet_mwh')[k]);
      const gen: Record<string, number[]> = {
        smr: perYear((k) => col('smr_mwh')[k] + col('curtailed_mwh')[k] + col('exported_mwh')[k] + chargedMwh[k]),
        battery: perYear((k) => col('battery_mwh')[k]),
        grid: perYear((k) => col('grid_mwh')[k]),
      };
      const disc = (xs: number[]): number => xs.reduce((a, x, y) => a + x / (1 + d) ** (y + 1), 0);
      const sum = (xs: number[]): number => xs.reduce((a, x) => a + x, 0);
      if (!close(ec.served_mwh, sum(served), 1e-6, 1e-6))
        fails.push(`served_mwh ${ec.served_mwh}, yearly.csv ${sum(served)}`);
      const lcoe = supplyNpc / disc(served);
      if (!close(ec.lcoe_usd_per_mwh, lcoe, 1e-6, 1e-9))
        fails.push(`lcoe_usd_per_mwh ${ec.lcoe_usd_per_mwh}, want ${lcoe}`);
      for (const comp of ec.components as Json[]) {
        const got = byComp.get(comp.name) ?? 0;
        if (!close(comp.npc_usd, got, 1e-12, 1e-6)) fails.push(`${comp.name}: npc_usd ${comp.npc_usd}, flows ${got}`);
        if (!gen[comp.name]) continue;
        const g = gen[comp.name];
        if (!close(comp.generated_mwh, sum(g), 1e-5, 1e-5))
          fails.push(`${comp.name}: generated_mwh ${comp.generated_mwh}, yearly.csv ${sum(g)}`);
        const want = disc(g) > 0 ? (got - (exportRevenue.get(comp.name) ?? 0)) / disc(g) : null;
        if (want !== null && !close(comp.lcoe_usd_per_mwh, want, 1e-5, 1e-9))
          fails.push(`${comp.name}: lcoe_usd_per_mwh ${comp.lcoe_usd_per_mwh}, want ${want}`);
      }
      // Replacements at each end of life inside the project, salvage by the life left (linear), escalated.
      const assets: [string, number, number][] = [
        ['smr', 6000 * c.smrKw, c.smrLife],
        ...(c.batteryKwh
          ? [['battery', 300 * 30 + 250 * c.batteryKwh, c.batteryLife] as [string, number, number]]
          : []),
        ['gpu', 64 * 25000, 5],
      ];
      for (const [comp, capital, life] of assets) {
        const got = (cat: string): [number, number][] =>
          flows.rows.filter((r) => r[1] === comp && r[2] === cat).map((r) => [Number(r[0]), Number(r[3])]);
        const want: [number, number][] = [];
        for (let y = life; y < n; y += life) want.push([y, capital * (1 + e) ** y]);
        const left = life - (n % life === 0 && n >= life ? life : n % life);
        const salvage: [number, number][] = left > 0 ? [[n, (-capital * (1 + e) ** n * left) / life]] : [];
        for (const [cat, w] of [
          ['capital', [[0, capital]]],
          ['replacement', want],
          ['salvage', salvage],
        ] as [string, [number, number][]][]) {
          const g = got(cat);
          if (g.length !== w.length || g.some(([y, v], i) => y !== w[i][0] || !close(v, w[i][1], 1e-9, 1e-6)))
            fails.push(`${comp} ${cat}: ${JSON.stringify(g)}, want ${JSON.stringify(w)}`);
        }
      }
      report(fails, `case ${JSON.stringify(c)}; run ${dir}`);
    }
  }, 60_000);

  it('a curtailed take-or-pay fusion PPA costs its price per MWh it offered; curtailed space solar, its price per MWh taken', () => {
    const dir = run({
      name: 'oracle-ppa',
      start: '2027-01-01',
      duration: '365d',
      step: '1d',
      seed: 8,
      clusters: [{ name: 'gpu', chip: 'H100', count: 64 }],
      workload: { jobs: [{ name: 'j', cluster: 'gpu', rate: '4/h', chips: [8, 16], duration: '2h' }] },
      facility: { cooling: { model: 'pue', pue: 1.2 } },
      supply: [
        { kind: 'fusion-ppa', capacity: '40 kW', start: '2027-01-01', availability: 0.7, outage_mean: '5d', price: 80 },
        { kind: 'space-solar', panels: 20, orbit: { type: 'leo' }, price: 5 },
        { kind: 'grid', price: '60 $/MWh', carbon: '400 g/kWh' },
      ],
      economics: { discount_rate: 0.06, years: 4 },
    });
    const s = summaryOf(dir);
    const comp = (name: string): Json => s.economics.components.find((x: Json) => x.name === name);
    const src = (name: string): Json => s.sources.find((x: Json) => x.name === name);
    const fails: string[] = [];
    const [fusion, solar] = [src('fusion'), src('solar')];
    if (!(fusion.curtailed_mwh > 0 && solar.curtailed_mwh > 0))
      fails.push('nothing curtailed: the case checks nothing');
    // Each project year repeats the simulated one (365 days).
    if (!close(comp('fusion').generated_mwh, 4 * fusion.detail.offered_mwh, 1e-9, 1e-9))
      fails.push(`fusion generated_mwh ${comp('fusion').generated_mwh}, 4 x offered ${fusion.detail.offered_mwh}`);
    if (!close(comp('fusion').lcoe_usd_per_mwh, 80, 1e-9, 0))
      fails.push(`fusion LCOE ${comp('fusion').lcoe_usd_per_mwh}`);
    if (!close(comp('solar').generated_mwh, 4 * solar.used_mwh, 1e-9, 1e-9))
      fails.push(`solar generated_mwh ${comp('solar').generated_mwh}, 4 x used ${solar.used_mwh}`);
    if (!close(comp('solar').lcoe_usd_per_mwh, 5, 1e-9, 0)) fails.push(`solar LCOE ${comp('solar').lcoe_usd_per_mwh}`);
    report(fails, `run ${dir}`);
  });
});

// ---------------------------------------------------------------------------------------------
// Space solar in geostationary orbit: eclipse seasons around the equinoxes

/** The Sun by the Astronomical Almanac's low-precision formulas: declination, right ascension (rad), GMST (deg). */
function sun(epochS: number): { dec: number; ra: number; gmstDeg: number } {
  const n = epochS / 86400 + 2440587.5 - 2451545.0;
  const rad = Math.PI / 180;
  const L = 280.46 + 0.9856474 * n;
  const g = (357.528 + 0.9856003 * n) * rad;
  const lambda = (L + 1.915 * Math.sin(g) + 0.02 * Math.sin(2 * g)) * rad;
  const eps = 23.44 * rad;
  return {
    dec: Math.asin(Math.sin(eps) * Math.sin(lambda)),
    ra: Math.atan2(Math.cos(eps) * Math.sin(lambda), Math.cos(lambda)),
    gmstDeg: 280.46061837 + 360.98564736629 * n,
  };
}
/** The local apparent solar midnight nearest `guess` at longitude lonDeg east: GMST + λ − α = 180°. */
function solarMidnight(guess: number, lonDeg: number): number {
  let t = guess;
  for (let k = 0; k < 6; k++) {
    const s = sun(t);
    const h = s.gmstDeg + lonDeg - (s.ra * 180) / Math.PI - 180;
    const off = ((((h + 180) % 360) + 360) % 360) - 180; // degrees past midnight, in (−180, 180]
    t -= (off / 360.9856) * 86400;
  }
  return t;
}

describe('space solar in geostationary orbit, measured from the hourly rows of a year', () => {
  it("is eclipsed only in seasons of about ±22 days around the equinoxes, up to the cylindrical shadow's 69 minutes, at local solar midnight", () => {
    const [R, H, MU] = [6371, 35786, 398600.4418];
    const T = 2 * Math.PI * Math.sqrt((R + H) ** 3 / MU); // s: the sidereal day, 86,164 s
    const fMax = Math.acos(Math.sqrt(H * H + 2 * R * H) / (R + H)) / Math.PI;
    const shadow = (beta: number): number => {
      const x = Math.sqrt(H * H + 2 * R * H) / ((R + H) * Math.cos(beta));
      return x >= 1 ? 0 : Math.acos(x) / Math.PI;
    };
    for (const lon of [0, -75]) {
      const start = Date.UTC(2027, 0, 1) / 1000;
      const days = 365;
      const panels = 4;
      const dir = run({
        name: 'oracle-geo',
        start: '2027-01-01',
        duration: `${days}d`,
        step: '1h',
        seed: 1,
        clusters: [{ name: 'c', chip: 'H100', count: 8 }],
        workload: { training: [{ name: 't', cluster: 'c', chips: 8, work: '1000d', duty: 1 }] },
        facility: { cooling: { model: 'pue', pue: 1.2 } },
        supply: [
          { kind: 'space-solar', panels, degradation: 0, orbit: { type: 'geo', longitude_deg: lon } },
          { kind: 'grid', price: '50 $/MWh', carbon: '400 g/kWh' },
        ],
      });
      const ts = readCsv(join(dir, 'timeseries.csv'));
      const s = summaryOf(dir);
      const [solar, curtailed] = ['solar_kw', 'curtailed_kw'].map((k) => ts.col(k));
      // The eclipses: one a solar day at local apparent midnight, β the Sun's declination there, fT long.
      const eclipses: [number, number, number][] = []; // [midnight, entry, exit]
      for (let k = -1; k <= days + 1; k++) {
        const mid = solarMidnight(start + k * 86400 - (lon / 360) * 86400, lon);
        const f = shadow(sun(mid).dec);
        eclipses.push([mid, mid - (f * T) / 2, mid + (f * T) / 2]);
      }
      const fails: string[] = [];
      const measured = new Map<number, number>(); // minutes of eclipse in the rows, by the midnight nearest
      let eclipseS = 0;
      ts.rows.forEach((r, i) => {
        const a = utc(r[0]);
        const b = a + 3600;
        const N = (a - Date.UTC(2027, 0, 1) / 1000) / 86400 + 1;
        const level =
          Math.min(1361 * (1 + 0.033 * Math.cos((2 * Math.PI * (N - 3)) / 365)) * 2.96 * 0.298, 1200) * panels;
        const minutes = 60 * (1 - (1000 * (solar[i] + curtailed[i])) / level);
        let want = 0;
        for (const [, x, y] of eclipses) want += Math.max(0, Math.min(b, y) - Math.max(a, x)) / 60;
        eclipseS += want * 60;
        if (Math.abs(minutes - want) > 0.25)
          fails.push(`row ${r[0]}: ${minutes.toFixed(3)} min of eclipse, want ${want.toFixed(3)}`);
        const near = eclipses.reduce((best, e) => (Math.abs(e[0] - a) < Math.abs(best[0] - a) ? e : best))[0];
        // Only the rows within two hours of the midnight: elsewhere a row reads the sunlit level (to rounding).
        if (b > near - 7200 && a < near + 7200) measured.set(near, (measured.get(near) ?? 0) + Math.max(0, minutes));
      });
      // Seasons from the rows: the nights with more than a minute of eclipse.
      const nights = [...measured.entries()].filter(([, m]) => m > 1).map(([t]) => t);
      const doy = (t: number): number => Math.floor((t - start) / 86400) + 1;
      const spring = nights.filter((t) => doy(t) < 182);
      const autumn = nights.filter((t) => doy(t) >= 182);
      const equinoxes = [Date.UTC(2027, 2, 20, 15) / 1000, Date.UTC(2027, 8, 23, 6) / 1000];
      [spring, autumn].forEach((season, k) => {
        const [first, last] = [Math.min(...season), Math.max(...season)];
        const before = (equinoxes[k] - first) / 86400;
        const after = (last - equinoxes[k]) / 86400;
        // |δ| < 8.69° lasts about 22 days either side of an equinox (δ moves about 0.39° a day there): the same
        // nights as the analytic shadow gives more than a minute, and 20 to 25 days either side.
        const analytic = eclipses.filter(([m, x, y]) => y - x > 60 && doy(m) < 182 === (k === 0)).map(([m]) => m);
        if (Math.abs(Math.min(...analytic) - first) > 3600 || Math.abs(Math.max(...analytic) - last) > 3600)
          fails.push(
            `season ${k}: nights ${iso(first)} to ${iso(last)}, analytic ${iso(Math.min(...analytic))} to ${iso(Math.max(...analytic))}`,
          );
        if (before < 20 || before > 25 || after < 20 || after > 25)
          fails.push(`season ${k}: ${before.toFixed(1)} days before the equinox to ${after.toFixed(1)} after`);
        const longest = Math.max(...season.map((t) => measured.get(t)!));
        if (Math.abs(longest - (fMax * T) / 60) > 1)
          fails.push(
            `season ${k}: longest eclipse ${longest.toFixed(2)} min, cylindrical shadow at β = 0 ${((fMax * T) / 60).toFixed(2)}`,
          );
      });
      if (
        nights.length !== spring.length + autumn.length ||
        nights.some((t) => Math.abs(doy(t) - 172) < 60 || Math.abs(doy(t) - 355) < 60)
      )
        fails.push('eclipses near a solstice');
      if (!close(s.sources[0].detail.eclipse_share, eclipseS / (days * 86400), 1e-3, 1e-6))
        fails.push(`eclipse_share ${s.sources[0].detail.eclipse_share}, want ${eclipseS / (days * 86400)}`);
      report(fails, `longitude ${lon}; run ${dir}`);
    }
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// A battery's round trip, loss of load and exported carbon, from one-minute rows

const arbStore = fc.record({
  seed: fc.integer({ min: 1, max: 1000 }),
  hours: fc.integer({ min: 24, max: 60 }),
  roundTrip: fc.integer({ min: 60, max: 98 }).map((v) => v / 100),
  initial: fc.integer({ min: 0, max: 100 }).map((v) => v / 100),
  batteryKwh: fc.integer({ min: 20, max: 300 }),
  smrKw: fc.integer({ min: 60, max: 110 }),
  importKw: fc.integer({ min: 0, max: 40 }),
  exportKw: fc.constantFrom(0, 15),
  smrCarbon: fc.constantFrom(undefined, 12, 30),
});

describe('a battery, loss of load and exported carbon, recomputed from one-minute rows', () => {
  it(`energy in − out = losses + Δstored with η_c = η_d = sqrt(round trip); unserved energy and loss-of-load hours by clock hour; exports carry their carbon away (${2 * RUNS} models, seed ${SEED})`, () => {
    const seen = { unmet: 0, exported: 0, cycled: 0 };
    for (const c of fc.sample(arbStore, { numRuns: 2 * RUNS, seed: SEED })) {
      const dir = run({
        name: 'oracle-store',
        start: '2027-04-01',
        duration: `${c.hours}h`,
        step: '1m',
        seed: c.seed,
        clusters: [{ name: 'gpu', chip: 'H100', count: 96 }],
        workload: { jobs: [{ name: 'j', cluster: 'gpu', rate: '6/h', chips: [8, 16, 32], duration: '2h' }] },
        facility: { cooling: { model: 'pue', pue: 1.2 } },
        supply: [
          {
            kind: 'smr',
            units: 1,
            rating: `${c.smrKw} kW`,
            price: '20 $/MWh',
            forced_outages: { mttf: '12h', mttr: '3h' },
            ...(c.smrCarbon === undefined ? {} : { carbon: `${c.smrCarbon} g/kWh` }),
          },
          {
            kind: 'battery',
            energy: `${c.batteryKwh} kWh`,
            power: '40 kW',
            round_trip: c.roundTrip,
            initial: c.initial,
          },
          {
            kind: 'grid',
            import_cap: `${c.importKw} kW`,
            export_cap: `${c.exportKw} kW`,
            price: '60 $/MWh',
            carbon: '400 g/kWh',
            carbon_free_share: 0.3,
          },
        ],
      });
      const ts = readCsv(join(dir, 'timeseries.csv'));
      const s = summaryOf(dir);
      const col = (k: string): number[] => (ts.header.includes(k) ? ts.col(k) : ts.rows.map(() => 0));
      const [smr, out, charge, grid, exp, unmet, soc] = [
        'smr_kw',
        'battery_kw',
        'battery_charge_kw',
        'grid_kw',
        'export_kw',
        'unmet_kw',
        'battery_soc_pct',
      ].map(col);
      const fails: string[] = [];
      const kwh = (xs: number[]): number => xs.reduce((a, x) => a + x, 0) / 60;
      const bat = s.sources.find((x: Json) => x.kind === 'battery');
      const [inMwh, outMwh] = [kwh(charge) / 1000, kwh(out) / 1000];
      const rowsTol = (ts.rows.length * 0.0005) / 60 / 1000; // half a watt-hour's rounding in each one-minute cell
      if (!close(bat.detail.charged_mwh, inMwh, 1e-6, rowsTol))
        fails.push(`charged_mwh ${bat.detail.charged_mwh}, rows ${inMwh}`);
      if (!close(bat.detail.discharged_mwh, outMwh, 1e-6, rowsTol))
        fails.push(`discharged_mwh ${bat.detail.discharged_mwh}, rows ${outMwh}`);
      // Stored energy: the initial level (clamped to 10-90 %) to the final one.
      const e0 = Math.min(0.9, Math.max(0.1, c.initial)) * c.batteryKwh;
      const e1 = bat.detail.final_soc * c.batteryKwh;
      const stored = (e1 - e0) / 1000;
      const eta = Math.sqrt(c.roundTrip);
      const losses = (1 - eta) * bat.detail.charged_mwh + (1 / eta - 1) * bat.detail.discharged_mwh;
      if (!close(bat.detail.losses_mwh, losses, 1e-6, 1e-9))
        fails.push(`losses_mwh ${bat.detail.losses_mwh}, (1 − √η)·in + (1/√η − 1)·out = ${losses}`);
      const balance = bat.detail.charged_mwh - bat.detail.discharged_mwh - bat.detail.losses_mwh;
      if (!close(balance, stored, 1e-6, 1e-9)) fails.push(`in − out − losses = ${balance} MWh, Δstored ${stored}`);
      // The level from the rows: the last row's time-average and the level the summary ends at within a minute's move.
      const lastSoc = soc[soc.length - 1];
      if (Math.abs(lastSoc - 100 * bat.detail.final_soc) > (100 * 40) / 60 / c.batteryKwh + 0.01)
        fails.push(`last row's soc ${lastSoc} %, final_soc ${bat.detail.final_soc}`);
      // Reliability: unserved energy the rows' sum; loss-of-load hours the clock hours with any unmet minute.
      const unmetMwh = kwh(unmet) / 1000;
      if (!close(s.reliability.unserved_energy_mwh, unmetMwh, 1e-6, rowsTol))
        fails.push(`unserved_energy_mwh ${s.reliability.unserved_energy_mwh}, rows ${unmetMwh}`);
      if (!close(s.energy_mwh.unmet, s.reliability.unserved_energy_mwh, 1e-12, 1e-12))
        fails.push(`energy_mwh.unmet ${s.energy_mwh.unmet} ≠ unserved ${s.reliability.unserved_energy_mwh}`);
      const [surely, maybe] = [new Set<number>(), new Set<number>()];
      ts.rows.forEach((r, i) => {
        const h = Math.floor(utc(r[0]) / 3600);
        if (unmet[i] > 0.0005) surely.add(h);
        if (unmet[i] > 0) maybe.add(h);
      });
      const lolh = s.reliability.loss_of_load_hours;
      if (lolh < surely.size || lolh > maybe.size + 1e-9 || !Number.isInteger(lolh))
        fails.push(`loss_of_load_hours ${lolh}, clock hours with unmet rows ${surely.size}-${maybe.size}`);
      if (!close(s.reliability.loss_of_load_share, lolh / c.hours, 1e-12, 1e-12))
        fails.push(`loss_of_load_share ${s.reliability.loss_of_load_share}, ${lolh} of ${c.hours} h`);
      // What sizing and sweeps read (docs/sizing.md, docs/sweeps.md): LOLE per 8,760 h, any loss of load, and the
      // share of the run's years (yearly.csv) with any; the years' hours sum to the run's.
      if (!close(s.reliability.loss_of_load_hours_per_year, (lolh * 8760) / c.hours, 1e-12, 1e-12))
        fails.push(
          `loss_of_load_hours_per_year ${s.reliability.loss_of_load_hours_per_year}, ${lolh} h in ${c.hours} h`,
        );
      if (s.reliability.any_loss_of_load !== (lolh > 0 ? 1 : 0))
        fails.push(`any_loss_of_load ${s.reliability.any_loss_of_load}`);
      const yearly = readCsv(join(dir, 'yearly.csv'));
      const yearsLol = yearly.col('loss_of_load_hours');
      if (yearsLol.reduce((a, x) => a + x, 0) !== lolh)
        fails.push(`yearly.csv loss_of_load_hours ${yearsLol}, run ${lolh}`);
      const share = yearsLol.filter((x) => x > 0).length / yearsLol.length;
      if (s.reliability.years_with_loss_of_load_share !== share)
        fails.push(`years_with_loss_of_load_share ${s.reliability.years_with_loss_of_load_share}, yearly.csv ${share}`);
      if (s.reliability.largest_shortfall_kw < Math.max(...unmet) - 0.0005)
        fails.push(`largest_shortfall_kw ${s.reliability.largest_shortfall_kw} < a row's ${Math.max(...unmet)}`);
      // Carbon: the SMR's (12 g/kWh unless given) on what it gives the load and the battery, the grid's 400 g/kWh on
      // its imports; the SMR's exports carry theirs to the buyer (export_carbon_kg), out of carbon_kg. The battery
      // charges from surplus only (auto), which here is the SMR's: the grid is not must-run.
      const ci = (c.smrCarbon ?? 12) / 1000; // kg/kWh
      const smrCarbon = (kwh(smr) + kwh(charge)) * ci;
      const exportCarbon = kwh(exp) * ci;
      const gridCarbon = kwh(grid) * 0.4;
      const src = (k: string): Json => s.sources.find((x: Json) => x.kind === k);
      const tol = ts.rows.length * 0.0005 * (1 / 60) * 0.4 + 1e-6;
      if (!close(src('smr').carbon_kg, smrCarbon, 1e-6, tol))
        fails.push(`smr carbon_kg ${src('smr').carbon_kg}, want ${smrCarbon}`);
      if (!close(src('smr').export_carbon_kg ?? 0, exportCarbon, 1e-6, tol))
        fails.push(`smr export_carbon_kg ${src('smr').export_carbon_kg}, want ${exportCarbon}`);
      if (!close(s.export_carbon_kg ?? 0, exportCarbon, 1e-6, tol))
        fails.push(`export_carbon_kg ${s.export_carbon_kg}, want ${exportCarbon}`);
      if (!close(s.carbon_kg, smrCarbon + gridCarbon, 1e-6, 2 * tol))
        fails.push(
          `carbon_kg ${s.carbon_kg}, want SMR ${smrCarbon} + grid ${gridCarbon} (exports' ${exportCarbon} not in it)`,
        );
      if (c.exportKw === 0 && kwh(exp) > 0) fails.push('exports without an export cap');
      // Cost per row (docs/outputs.md): the SMR paid its price on all taken from it (load, battery, export), the grid
      // on its imports, exports earning the default $33.74/MWh; the site's cost is what is paid less that revenue.
      const [smrCost, gridCost, revenue, siteCost] = [
        'smr_cost_usd',
        'grid_cost_usd',
        'grid_export_revenue_usd',
        'cost_usd',
      ].map(col);
      for (let i = 0; i < ts.rows.length; i++) {
        const want = [
          ((smr[i] + charge[i] + exp[i]) * 20) / 60 / 1000,
          (grid[i] * 60) / 60 / 1000,
          (exp[i] * 33.74) / 60 / 1000,
        ];
        const got = [smrCost[i], gridCost[i], revenue[i]];
        if (want.some((w, k) => Math.abs(got[k] - w) > 0.00012))
          fails.push(`row ${ts.rows[i][0]}: smr, grid cost and export revenue ${got}, want ${want}`);
        if (Math.abs(siteCost[i] - (smrCost[i] + gridCost[i] - revenue[i])) > 0.00016)
          fails.push(`row ${ts.rows[i][0]}: cost_usd ${siteCost[i]} ≠ ${smrCost[i]} + ${gridCost[i]} − ${revenue[i]}`);
      }
      report(fails, `case ${JSON.stringify(c)}; run ${dir}`);
      seen.unmet += lolh > 0 ? 1 : 0;
      seen.exported += kwh(exp) > 0 ? 1 : 0;
      seen.cycled += inMwh > 0 && outMwh > 0 ? 1 : 0;
    }
    // The cases exercise what they check: shortfalls, exports and a battery that charged and discharged.
    report(
      Object.entries(seen).flatMap(([k, v]) => (v > 0 ? [] : [`no case ${k}`])),
      `seed ${SEED}`,
    );
  }, 60_000);
});
