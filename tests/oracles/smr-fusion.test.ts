/**
 * SMRs and a fusion PPA over decades, against analytic results: an SMR fleet alone against a constant load has the
 * loss-of-load probability and expected unserved energy of independent units of availability
 * A = (1 − r/L)·MTTF/(MTTF + MTTR) (binomial; a mixture while one unit refuels); a fusion PPA offers C·a and is paid
 * price x offered.
 *
 * Seeded: `DCPSIM_FUZZ_RUNS=20 DCPSIM_FUZZ_SEED=7 npx vitest run tests/oracles/smr-fusion.test.ts` explores further.
 */

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { type Json, modelRunner, oracleDir, rowsOf, summaryOf, utc } from '../helpers/oracle.ts';

const tmp = oracleDir('smr-fusion');

/** Run a model (as JSON) and give its folder. */
const run = modelRunner(tmp);

// ---------------------------------------------------------------------------------------------
// An SMR fleet alone: loss of load against the binomial of independent units

/** Shortfalls from a fleet's outages.csv: spans with fewer than `need` of `units` up, and the longest, h. */
const shortfallsOf = (dir: string, units: number, need: number): { events: number; longestH: number } => {
  const steps = rowsOf(join(dir, 'outages.csv')).flatMap((r) => [
    { t: utc(r.start_utc), d: -1 },
    { t: utc(r.end_utc), d: 1 },
  ]);
  steps.sort((a, b) => a.t - b.t || b.d - a.d); // a repair before a trip at the same second
  let up = units;
  let events = 0;
  let since = 0;
  let longestH = 0;
  for (const { t, d } of steps) {
    const was = up < need;
    up += d;
    if (!was && up < need) {
      events++;
      since = t;
    } else if (was && up >= need) longestH = Math.max(longestH, (t - since) / 3600);
  }
  return { events, longestH };
};

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
    // Shortfalls (two or more of four down) start at the Markov model's rate, P(3 up) x 3 / MTTF an hour (about 810
    // in the 40 years), and each is one span of outages.csv with fewer than 3 units up (its times to the second).
    const byHand = shortfallsOf(dir, 4, 3);
    expect(Math.abs(s.reliability.loss_of_load_events - byHand.events)).toBeLessThanOrEqual(1);
    expect(s.reliability.longest_shortfall_h).toBeCloseTo(byHand.longestH, 2);
    expect(s.reliability.loss_of_load_events / (o.starts * hours)).toBeGreaterThan(0.9);
    expect(s.reliability.loss_of_load_events / (o.starts * hours)).toBeLessThan(1.1);
    expect(s.reliability.loss_of_load_events_per_year).toBeCloseTo(
      (s.reliability.loss_of_load_events * 8760) / hours,
      9,
    );
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
