/**
 * Sweeps (docs/sweeps.md): points.csv's mean and 95 % interval of every figure recomputed from summary.csv's
 * replicates (Student t from a printed table; Wilson's interval for the loss-of-load probability; cut at 0 only for a
 * figure that cannot be negative, at 1 for a share of a whole), differences.csv's paired differences, and a sweep run
 * as two shards and merged against the same sweep on one machine, byte for byte; a sweep over a capacity from 0.
 *
 * Seeded: `DCPSIM_FUZZ_RUNS=20 DCPSIM_FUZZ_SEED=7 npx vitest run tests/oracles/sweep.test.ts` explores further.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { mergeSweep, runSweep } from '../../src/sweep/sweep.ts';
import { traceFile } from '../helpers/carbon-trace.ts';
import { type Json, oracleDir, report, rowsOf, RUNS, SEED } from '../helpers/oracle.ts';

const tmp = oracleDir('sweep');

/** What each check met, printed with DCPSIM_FUZZ_VERBOSE. */
const tally: string[] = [];
afterAll(() => {
  if (process.env.DCPSIM_FUZZ_VERBOSE) console.log(tally.join('\n'));
});

const PJM = traceFile('PJM');

// ---------------------------------------------------------------------------------------------
// Sweep statistics

/** t(0.975, df), df = 1..12 (any printed table, e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2). */
const T975 = [
  Number.NaN,
  12.706204736,
  4.30265273,
  3.182446305,
  2.776445105,
  2.570581836,
  2.446911851,
  2.364624252,
  2.306004135,
  2.262157163,
  2.228138852,
  2.20098516,
  2.17881283,
];

/** Mean and Student-t 95 % interval, mean ± t·s/√n (none with one replicate). */
function tInterval(xs: number[]): { mean: number; lo?: number; hi?: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean };
  const s = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  const half = (T975[n - 1] * s) / Math.sqrt(n);
  return { mean, lo: mean - half, hi: mean + half };
}

/** Wilson's score interval of k successes in n, z = 1.96 (Wilson 1927). */
function wilson(k: number, n: number): { mean: number; lo: number; hi: number } {
  const z = 1.959963984540054;
  const p = k / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = ((z / (1 + (z * z) / n)) * Math.sqrt(p * (1 - p) * n + (z * z) / 4)) / n;
  return { mean: p, lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

/**
 * What docs/sweeps.md says each figure's interval is. Money can be negative, and so can a policy's comparison with
 * its baseline (carbon or cost saved, throughput lost, the CFE change: a policy can add carbon); every other figure
 * cannot, and its interval stops at 0 when every replicate is >= 0; a share of a whole stops at 1 too.
 */
function expected(figure: string, xs: number[]): { mean: number; lo?: number; hi?: number } {
  if (figure === 'reliability.any_loss_of_load' && xs.every((x) => x === 0 || x === 1))
    return wilson(xs.filter((x) => x === 1).length, xs.length);
  const m = tInterval(xs);
  const money = /(^|[._])usd([._]|$)/.test(figure) || /\.by_category\.[^.]+$/.test(figure);
  const comparison = /^policy\.[^.]*(saved|lost|change)/.test(figure);
  if (money || comparison || m.lo === undefined || m.hi === undefined) return m;
  // A battery's initial_soc, final_soc and faded capacity are shares of its nameplate energy (docs/sweeps.md).
  const share =
    /(^|[._])(share|goodput|cfe_score|availability|capacity_factor|initial_soc|final_soc)$/.test(figure) ||
    /^sources\.[^.]+\.detail\.capacity$/.test(figure);
  return {
    mean: m.mean,
    lo: m.lo < 0 && xs.every((x) => x >= 0) ? 0 : m.lo,
    hi: share && m.hi > 1 && xs.every((x) => x <= 1) ? 1 : m.hi,
  };
}

/** A cell against a figure: both empty, or numbers within 1e-9 of the scale (the mean's and the interval's size). */
function cellOk(cell: string | undefined, want: number | undefined, scale: number): boolean {
  if (want === undefined || Number.isNaN(want)) return cell === '';
  return cell !== undefined && cell !== '' && Math.abs(Number(cell) - want) <= 1e-9 * Math.max(1, scale);
}

/** A pair's difference as docs/sweeps.md says: 0 when it is within a billionth of the first point's value (or of 1). */
const paired = (a: number, b: number): number => (Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)) ? 0 : a - b);
const scaleOf = (m: { mean: number; lo?: number; hi?: number }): number =>
  Math.max(Math.abs(m.mean), Math.abs(m.lo ?? 0), Math.abs(m.hi ?? 0));

/** A carbon-aware job stream and a checkpointed training run on an SMR with outages and a capped PJM grid. */
const arbSweep = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  month: fc.integer({ min: 1, max: 12 }),
  hours: fc.integer({ min: 24, max: 72 }),
  chips: fc.integer({ min: 2, max: 8 }).map((k) => 8 * k),
  rate: fc.integer({ min: 2, max: 12 }),
  cleanest: fc.constantFrom([4, 12], [8, 16], [12, 20]),
  smrShare: fc.integer({ min: 30, max: 90 }).map((v) => v / 100),
  gridShare: fc.integer({ min: 0, max: 60 }).map((v) => v / 100),
  replicates: fc.integer({ min: 2, max: 5 }),
});

function sweepModel(c: typeof arbSweep extends fc.Arbitrary<infer T> ? T : never): Json {
  const peakKw = Math.round(c.chips * 1.1 * 1.2);
  return {
    name: 'sw',
    start: `2027-${String(c.month).padStart(2, '0')}-03T00:00:00Z`,
    duration: `${c.hours}h`,
    step: '1h',
    seed: c.seed,
    clusters: [{ name: 'c0', chip: 'H100', count: c.chips }],
    workload: {
      jobs: [
        {
          name: 'j',
          cluster: 'c0',
          rate: `${c.rate}/h`,
          chips: [1, 2, 4],
          duration: '1h',
          distribution: 'exponential',
          finish_within: '12h',
          carbon_aware: { cleanest: { hours: c.cleanest[0], per: 'day' } },
        },
      ],
      training: [
        {
          name: 't',
          cluster: 'c0',
          chips: c.chips / 4,
          work: '20h',
          chip_mtbf: '2000h',
          checkpoint: { every: '1h', takes: '5m' },
          carbon_aware: { above: '380 g/kWh' },
        },
      ],
    },
    facility: { cooling: { model: 'pue', pue: 1.2 } },
    supply: [
      {
        kind: 'smr',
        units: 1,
        rating: `${Math.max(1, Math.round(c.smrShare * peakKw))} kW`,
        refuel: { every: '400d', takes: '0d' },
        forced_outages: { mttf: '30h', mttr: '6h' },
        price: '30 $/MWh',
        costs: { capital: '5000 $/kW', lifetime: '30y' },
      },
      { kind: 'grid', import_cap: `${Math.round(c.gridShare * peakKw)} kW`, price: '70 $/MWh', carbon: { file: PJM } },
    ],
    economics: { discount_rate: 0.07 },
  };
}

describe('a sweep over a capacity from 0', () => {
  it("gives the point with none of it $0 of capital (summary.json's by_category leaves the category out), not an empty cell", async () => {
    const model = join(import.meta.dirname, '..', 'fixtures', 'sizing-outage.yaml');
    const out = join(tmp, 'sweep-from-0');
    await runSweep({ model, vary: ['supply[1].energy=0,10 MWh'], replicates: 2, workers: 1, out });
    const failures: string[] = [];
    const rows = rowsOf(join(out, 'summary.csv'));
    for (const r of rows) {
      // The battery's capital, run alone: 300 $/kWh of energy, none without a battery.
      const want = r['supply[1].energy_mwh'] === '0' ? 0 : 3e6;
      for (const c of ['economics.by_category.capital', 'economics.components.battery.by_category.capital'])
        if (r[c] === '' || Number(r[c]) !== want)
          failures.push(`summary.csv ${r.run} ${c}: ${JSON.stringify(r[c])}, not ${want}`);
    }
    for (const p of rowsOf(join(out, 'points.csv')))
      if (p['economics.by_category.capital.mean'] === '')
        failures.push(`points.csv ${p.point}: no mean capital (${p['supply[1].energy_mwh']} MWh)`);
    const diffs = rowsOf(join(out, 'differences.csv')).filter((d) => d.figure === 'economics.by_category.capital');
    report(failures, `files ${out}; differences of capital: ${JSON.stringify(diffs)}`);
  }, 60_000);
});

describe('sweep statistics recomputed from the replicates', () => {
  it(`points.csv and differences.csv follow docs/sweeps.md, and two merged shards are one machine's tables (${RUNS} sweeps, seed ${SEED})`, async () => {
    const cases = fc.sample(arbSweep, { numRuns: RUNS, seed: SEED });
    let k = 0;
    for (const c of cases) {
      const id = k++;
      const model = join(tmp, `sweep${id}.json`);
      writeFileSync(model, JSON.stringify(sweepModel(c), null, 1));
      const vary = [`workload.jobs[0].carbon_aware.cleanest.hours=${c.cleanest.join(',')}`];
      const out = join(tmp, `sweep${id}`);
      await runSweep({ model, vary, replicates: c.replicates, workers: 1, out });
      const failures: string[] = [];
      const varied = 'workload.jobs[0].carbon_aware.cleanest.hours';
      const runs = rowsOf(join(out, 'summary.csv'));
      const points = rowsOf(join(out, 'points.csv'));
      if (runs.some((r) => r.error !== '')) failures.push(`a run failed: ${runs.find((r) => r.error !== '')?.error}`);
      // docs/sweeps.md: a cooling mode's code is a label, with no mean or interval in points.csv.
      const isCode = (h: string) => /^facility\.modes\.[^.]+\.code$/.test(h);
      const figures = Object.keys(runs[0]).filter(
        (h) => !['replicate', 'run', 'seed', 'error', varied].includes(h) && !isCode(h),
      );
      if (Object.keys(points[0] ?? {}).some((h) => isCode(h.replace(/\.(mean|ci95_lo|ci95_hi)$/, ''))))
        failures.push("points.csv: a cooling mode's code has a mean");
      for (const p of points) {
        const mine = runs.filter((r) => r[varied] === p[varied]);
        if (Number(p.replicates) !== mine.length) failures.push(`point ${p.point}: ${p.replicates} replicates`);
        for (const f of figures) {
          const xs = mine
            .map((r) => r[f])
            .filter((v) => v !== '')
            .map(Number);
          if (xs.length === 0) continue;
          const want = expected(f, xs);
          const got = [p[`${f}.mean`], p[`${f}.ci95_lo`], p[`${f}.ci95_hi`]];
          if (
            !cellOk(got[0], want.mean, scaleOf(want)) ||
            !cellOk(got[1], want.lo, scaleOf(want)) ||
            !cellOk(got[2], want.hi, scaleOf(want))
          )
            failures.push(
              `point ${p.point} (${varied} ${p[varied]}) ${f} [${xs.join(', ')}]: points.csv ${got.join(' / ')}, expected ${want.mean} / ${want.lo} / ${want.hi}`,
            );
        }
      }
      // Paired differences against the first point, replicate by replicate: a plain t interval (a difference may be < 0).
      const first = runs.filter((r) => r[varied] === points[0][varied]);
      for (const d of rowsOf(join(out, 'differences.csv'))) {
        const mine = runs.filter((r) => r[varied] === d[varied]);
        const xs: number[] = [];
        for (const r of mine) {
          const b = first.find((x) => x.replicate === r.replicate);
          if (b && r[d.figure] !== '' && b[d.figure] !== '') xs.push(paired(Number(r[d.figure]), Number(b[d.figure])));
        }
        const want = tInterval(xs);
        const got = [d['difference.mean'], d['difference.ci95_lo'], d['difference.ci95_hi']];
        const sc = scaleOf(want);
        if (
          Number(d.pairs) !== xs.length ||
          !cellOk(got[0], want.mean, sc) ||
          !cellOk(got[1], want.lo, sc) ||
          !cellOk(got[2], want.hi, sc)
        )
          failures.push(
            `differences.csv ${d.point} ${d.figure}: ${d.pairs} pairs ${got.join(' / ')}, expected ${xs.length} ${want.mean} / ${want.lo} / ${want.hi}`,
          );
      }
      // The same sweep as two shards in another folder, merged.
      const sharded = join(tmp, `sweep${id}-shards`);
      for (const shard of ['1/2', '2/2'])
        await runSweep({ model, vary, replicates: c.replicates, workers: 1, out: sharded, shard });
      mergeSweep(sharded);
      for (const f of ['summary.csv', 'points.csv', 'points_jobs.csv', 'differences.csv', 'training.csv'])
        if (readFileSync(join(out, f), 'utf8') !== readFileSync(join(sharded, f), 'utf8'))
          failures.push(`${f}: the merged shards' differs from one machine's`);
      report(failures, `case ${JSON.stringify(c)}`);
    }
  }, 120_000);
});
