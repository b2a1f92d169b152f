/**
 * Policies (docs/policies.md): summary.json `policy` against the model without its carbon_aware and demand_response
 * run here on the same seed: the baseline's figures, carbon saved and its two parts (energy not drawn at the
 * baseline's mean intensity, energy drawn times how much cleaner), cost saved, the CFE change, peaks, the energy moved
 * between clock hours from the two time series; demand response paid per MWh shed, never more than asked, and the
 * dr_* columns' integrals.
 *
 * Seeded: `DCPSIM_FUZZ_RUNS=20 DCPSIM_FUZZ_SEED=7 npx vitest run tests/oracles/policy.test.ts` explores further.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { type Json, modelRunner, oracleDir, report, RUNS, SEED } from '../helpers/oracle.ts';
import { readCsv } from '../helpers/read-csv.ts';

const tmp = oracleDir('policy');

/** What each check met, printed with DCPSIM_FUZZ_VERBOSE. */
const tally: string[] = [];
afterAll(() => {
  if (process.env.DCPSIM_FUZZ_VERBOSE) console.log(tally.join('\n'));
});

/** Run a model (as JSON) alone and give its folder. */
const runModel = modelRunner(tmp);

// ---------------------------------------------------------------------------------------------
// A policy's summary against the run without it, run here

const CARBON = join(import.meta.dirname, '..', '..', 'models', 'data', 'grid-carbon');

const arbPolicy = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  month: fc.integer({ min: 1, max: 12 }),
  days: fc.integer({ min: 2, max: 8 }),
  // A start off the hour: the energy moved is counted by clock hour, not by hours from the start.
  minute: fc.constantFrom('00', '30'),
  step: fc.constantFrom('15m', '1h', '3h'),
  trace: fc.constantFrom('PJM', 'CAISO', 'ERCOT'),
  tuneHours: fc.integer({ min: 4, max: 20 }),
  jobRule: fc.constantFrom('cleanest', 'above', 'none'),
  jobHours: fc.integer({ min: 6, max: 18 }),
  within: fc.constantFrom('8h', '24h', undefined),
  dr: fc.constantFrom('none', 'pause', 'throttle'),
});

type PolicyCase = typeof arbPolicy extends fc.Arbitrary<infer T> ? T : never;

function policyModel(p: PolicyCase, withPolicy: boolean): Json {
  const jobRule =
    p.jobRule === 'cleanest'
      ? { carbon_aware: { cleanest: { hours: p.jobHours, per: 'day' } } }
      : p.jobRule === 'above'
        ? { carbon_aware: { above: '380 g/kWh' } }
        : {};
  return {
    name: 'policy',
    start: `2027-${String(p.month).padStart(2, '0')}-03T00:${p.minute}Z`,
    duration: `${p.days}d`,
    step: p.step,
    seed: p.seed,
    ...(p.dr !== 'none' ? { shortage: p.dr === 'pause' ? 'pause' : 'unmet' } : {}),
    clusters: [
      { name: 'tune', chip: 'H100', count: 64, server: { chips: 8 } },
      { name: 'batch', chip: 'H200', count: 64, server: { chips: 8 } },
    ],
    workload: {
      training: [
        {
          name: 'ft',
          cluster: 'tune',
          chips: 32,
          work: '20h',
          checkpoint: { every: '30m', takes: '1m' },
          chip_mtbf: '20000h',
          restart: '10m',
          arrivals: { rate: '1/d' },
          finish_within: '3d',
          ...(withPolicy ? { carbon_aware: { cleanest: { hours: p.tuneHours, per: 'day' } } } : {}),
        },
      ],
      jobs: [
        {
          name: 'b',
          cluster: 'batch',
          rate: '2/h',
          chips: [8, 16],
          duration: '3h',
          ...(p.within ? { finish_within: p.within } : {}),
          ...(withPolicy ? jobRule : {}),
        },
      ],
    },
    facility: { cooling: { model: 'pue', pue: 1.2 } },
    supply: [
      {
        kind: 'grid',
        price: '55 $/MWh',
        carbon: { file: join(CARBON, `${p.trace}-2022-hourly.csv`) },
      },
    ],
    ...(withPolicy && p.dr !== 'none'
      ? {
          demand_response: {
            payment: '800 $/MWh',
            by: p.dr,
            events: { rate: '1/d', duration: '2h', shed: '30 kW' },
          },
        }
      : {}),
  };
}

function checkPolicy(p: PolicyCase, failures: string[]): string {
  const dirA = runModel(policyModel(p, true));
  const dirB = runModel(policyModel(p, false));
  const a = JSON.parse(readFileSync(join(dirA, 'summary.json'), 'utf8'));
  const b = JSON.parse(readFileSync(join(dirB, 'summary.json'), 'utf8'));
  const pol = a.policy;
  if (!pol) {
    failures.push('no policy section');
    return '';
  }
  const near = (x: number, y: number, tol = 1e-9): boolean =>
    Math.abs(x - y) <= tol * Math.max(1, Math.abs(x), Math.abs(y));
  const want = (name: string, got: number, expected: number, tol = 1e-9): void => {
    if (!near(got, expected, tol)) failures.push(`policy.${name} ${got}, recomputed ${expected}`);
  };
  // The baseline is the model without carbon_aware and demand_response on the same seed (docs/policies.md).
  want('baseline_carbon_kg', pol.baseline_carbon_kg, b.carbon_kg);
  want('baseline_facility_mwh', pol.baseline_facility_mwh, b.energy_mwh.facility);
  want('facility_mwh', pol.facility_mwh, a.energy_mwh.facility);
  want('baseline_cost_usd', pol.baseline_cost_usd, b.cost_usd);
  want('baseline_cfe_score', pol.baseline_cfe_score, b.reliability.cfe_score);
  want('baseline_deadline_misses', pol.baseline_deadline_misses, b.jobs.deadline_misses ?? 0);
  want('deadline_misses', pol.deadline_misses, a.jobs.deadline_misses ?? 0);
  // Saved, and its two parts: energy not drawn at the baseline's mean intensity, and the energy drawn times how
  // much cleaner a MWh of it was.
  const saved = b.carbon_kg - a.carbon_kg;
  want('carbon_saved_kg', pol.carbon_saved_kg, saved);
  want('carbon_saved_share', pol.carbon_saved_share, saved / b.carbon_kg);
  // Per MWh served (the facility's less its unmet), the energy the carbon is of.
  const bs = b.energy_mwh.facility - b.energy_mwh.unmet;
  const as = a.energy_mwh.facility - a.energy_mwh.unmet;
  const bi = b.carbon_kg / bs;
  const ai = a.carbon_kg / as;
  want('carbon_saved_by_less_energy_kg', pol.carbon_saved_by_less_energy_kg, (bs - as) * bi, 1e-7);
  want('carbon_saved_by_cleaner_energy_kg', pol.carbon_saved_by_cleaner_energy_kg, as * (bi - ai), 1e-7);
  want('cost_saved_usd', pol.cost_saved_usd, b.cost_usd - a.cost_usd);
  // Of the baseline's size: a net cost below zero (exports earning more) saves a positive share when it falls.
  want(
    'cost_saved_share',
    pol.cost_saved_share,
    b.cost_usd !== 0 ? (b.cost_usd - a.cost_usd) / Math.abs(b.cost_usd) : 0,
  );
  want('cfe_score_change', pol.cfe_score_change, a.reliability.cfe_score - b.reliability.cfe_score);
  want('peak_facility_kw', pol.peak_facility_kw, a.peak_kw.facility);
  want('baseline_peak_facility_kw', pol.baseline_peak_facility_kw, b.peak_kw.facility);
  // The grid's largest import: the years' grid_peak_kw, held for some time, so at least every row's mean.
  const ta = readCsv(join(dirA, 'timeseries.csv'));
  const tb = readCsv(join(dirB, 'timeseries.csv'));
  const gridPeak = (s: { yearly: Record<string, number>[] }): number =>
    Math.max(...s.yearly.map((y) => y.grid_peak_kw));
  want('peak_import_kw', pol.peak_import_kw, gridPeak(a));
  want('baseline_peak_import_kw', pol.baseline_peak_import_kw, gridPeak(b));
  if (pol.peak_import_kw < Math.max(...ta.col('grid_kw')) - 1e-3)
    failures.push(`policy.peak_import_kw ${pol.peak_import_kw} below a row's grid_kw`);
  // The energy moved between clock hours, from the rows' energy: by clock hour where the rows tile the hours; 3-hour
  // rows net the moves within them, so the figure is at least theirs (the negative part of a sum is at most the sum of
  // the parts' negative parts).
  const hourly = (t: ReturnType<typeof readCsv>): Map<string, number> => {
    const m = new Map<string, number>();
    const e = t.col('energy_mwh');
    t.rows.forEach((r, i) => {
      const key = p.step === '3h' ? r[0] : r[0].slice(0, 13);
      m.set(key, (m.get(key) ?? 0) + e[i]);
    });
    return m;
  };
  const ha = hourly(ta);
  const hb = hourly(tb);
  let out = 0;
  let into = 0;
  for (const [k, eb] of hb) {
    const d = (ha.get(k) ?? 0) - eb;
    if (d < 0) out -= d;
    else into += d;
  }
  // Each row's energy is written to 6 decimals (MWh): allow their rounding, row by row.
  const rounding = 1e-6 * ta.rows.length;
  // Rows from :30 of an hour long or longer straddle clock hours (00:30-01:30): neither they nor the clock hours refine
  // the other, so the rows bound nothing (DCPSIM_FUZZ_SEED=23 drew a 1-hour case: 2.857 MWh moved by clock hour,
  // as one-minute rows give, 2.845 by its rows). What moved out less what moved in is the energy not drawn, exactly.
  const tiled = p.minute === '00' || p.step === '15m';
  const byRows = p.step === '3h';
  if (tiled)
    for (const [name, got, rows] of [
      ['energy_moved_out_mwh', pol.energy_moved_out_mwh, out],
      ['energy_moved_in_mwh', pol.energy_moved_in_mwh, into],
    ] as const)
      if (byRows ? got < rows - rounding : Math.abs(got - rows) > rounding)
        failures.push(`policy.${name} ${got}, recomputed ${byRows ? 'at least ' : ''}${rows}`);
  want(
    'energy_moved_out_mwh - energy_moved_in_mwh',
    pol.energy_moved_out_mwh - pol.energy_moved_in_mwh,
    b.energy_mwh.facility - a.energy_mwh.facility,
    1e-6,
  );
  // Demand response: paid per MWh shed, never more than asked, the columns' integrals.
  const dr = a.demand_response;
  if (p.dr !== 'none') {
    const h = { '15m': 0.25, '1h': 1, '3h': 3 }[p.step];
    const asked = ta.col('dr_asked_kw').reduce((s, x) => s + x * h, 0) / 1000;
    const shed = ta.col('dr_shed_kw').reduce((s, x) => s + x * h, 0) / 1000;
    if (!dr) failures.push('no demand_response section');
    else {
      want('demand_response.payment_usd', dr.payment_usd, dr.shed_mwh * 800);
      want('demand_response.shed_share', dr.shed_share, dr.asked_mwh > 0 ? dr.shed_mwh / dr.asked_mwh : dr.shed_share);
      if (dr.shed_mwh > dr.asked_mwh * (1 + 1e-9))
        failures.push(`shed ${dr.shed_mwh} MWh, more than asked ${dr.asked_mwh}`);
      // kW to 3 decimals, row by row.
      if (Math.abs(dr.asked_mwh - asked) > rounding * h)
        failures.push(`demand_response.asked_mwh ${dr.asked_mwh}, dr_asked_kw gives ${asked}`);
      if (Math.abs(dr.shed_mwh - shed) > rounding * h)
        failures.push(`demand_response.shed_mwh ${dr.shed_mwh}, dr_shed_kw gives ${shed}`);
    }
  }
  return `${p.trace} ${p.step} ${p.days}d jobs ${p.jobRule} dr ${p.dr}: saved ${saved.toFixed(1)} kg (${pol.carbon_saved_by_less_energy_kg.toFixed(1)} less + ${pol.carbon_saved_by_cleaner_energy_kg.toFixed(1)} cleaner), moved ${out.toFixed(3)} MWh${dr ? `, dr shed ${dr.shed_mwh.toFixed(3)}/${dr.asked_mwh.toFixed(3)} MWh` : ''}`;
}

describe("a policy's summary against the run without it", () => {
  it(
    `gives the baseline, carbon saved in two parts, cost, energy moved, peaks and demand response as recomputed from the two runs (${RUNS} models, seed ${SEED})`,
    () => {
      fc.assert(
        fc.property(arbPolicy, (p) => {
          const failures: string[] = [];
          tally.push(checkPolicy(p, failures));
          report(failures, JSON.stringify(p));
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: process.env.DCPSIM_FUZZ_SHRINK === undefined },
      );
    },
    60_000 + RUNS * 20_000,
  );
});
