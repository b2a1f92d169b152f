/**
 * Job queues (docs/models/workload.md): a stream of jobs each holding one group of chips waits, on average, what
 * Erlang C gives for exponential run times on c groups (M/M/c) and what Pollaczek-Khinchine gives for fixed or
 * lognormal ones on one (M/G/1); the chips are busy ρ of the time, and λT jobs arrive.
 *
 * Seeded: `DCPSIM_FUZZ_RUNS=20 DCPSIM_FUZZ_SEED=7 npx vitest run tests/oracles/queue.test.ts` explores further.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { modelRunner, oracleDir, report, RUNS, SEED } from '../helpers/oracle.ts';

const tmp = oracleDir('queue');

/** What each check met, printed with DCPSIM_FUZZ_VERBOSE. */
const tally: string[] = [];
afterAll(() => {
  if (process.env.DCPSIM_FUZZ_VERBOSE) console.log(tally.join('\n'));
});

/** Run a model (as JSON) alone and give its folder. */
const runModel = modelRunner(tmp);

// ---------------------------------------------------------------------------------------------
// A job stream as a queue: Erlang C and Pollaczek-Khinchine

/** Erlang C: the probability an arrival waits in M/M/c at offered load a = λ/μ (< c). */
function erlangC(c: number, a: number): number {
  let term = 1;
  let sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const last = (term * c) / (c - a);
  return last / (sum + last);
}

const arbQueue = fc.record({
  // servers: c groups of `chips` chips, each job holding one group; duration 1 h mean.
  kind: fc.constantFrom('exponential' as const, 'exponential' as const, 'fixed' as const, 'lognormal' as const),
  servers: fc.integer({ min: 1, max: 4 }),
  chips: fc.constantFrom(1, 8),
  rho: fc.constantFrom(0.5, 0.6, 0.7, 0.8),
  cv: fc.constantFrom(0.5, 1.5),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});

type QueueCase = typeof arbQueue extends fc.Arbitrary<infer T> ? T : never;

/** Seeds per case, whose spread gives the standard error of the mean wait. */
const QUEUE_SEEDS = 5;

function checkQueue(q: QueueCase, failures: string[]): string {
  // The M/G/1 result is exact for one server only: fixed and lognormal times take one.
  const c = q.kind === 'exponential' ? q.servers : 1;
  const lambda = q.rho * c; // per hour, service 1 h mean
  const hours = Math.round(Math.min(3 * 8760, 20_000 / lambda));
  const cv = q.kind === 'lognormal' ? q.cv : q.kind === 'fixed' ? 0 : 1;
  // Erlang C for M/M/c; Pollaczek-Khinchine for M/G/1: Wq = λ E[S²] / (2 (1 - ρ)), E[S²] = (1 + cv²) E[S]².
  const wq =
    q.kind === 'exponential' ? erlangC(c, lambda) / (c - lambda) : (lambda * (1 + cv * cv)) / (2 * (1 - q.rho));
  const model = {
    name: 'queue',
    start: '2027-01-01',
    duration: `${hours}h`,
    step: '1h',
    clusters: [{ name: 'c', chip: 'H100', count: c * q.chips }],
    workload: {
      jobs: [
        {
          name: 'j',
          cluster: 'c',
          rate: `${lambda}/h`,
          chips: q.chips,
          duration: '1h',
          distribution: q.kind,
          ...(q.kind === 'lognormal' ? { cv: q.cv } : {}),
        },
      ],
    },
    facility: { cooling: { model: 'pue', pue: 1.2 } },
    supply: [{ kind: 'grid', price: '50 $/MWh', carbon: '400 g/kWh' }],
  };
  const waits: number[] = [];
  const busy: number[] = [];
  const counts: number[] = [];
  for (let k = 0; k < QUEUE_SEEDS; k++) {
    const s = JSON.parse(readFileSync(join(runModel({ ...model, seed: q.seed + k }), 'summary.json'), 'utf8'));
    waits.push(s.jobs.mean_wait_h);
    busy.push(s.jobs.chip_hours / (c * q.chips * hours));
    counts.push(s.jobs.submitted);
  }
  const mean = (xs: number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;
  const se = (xs: number[]): number =>
    Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1) / xs.length);
  const what = `${q.kind}${q.kind === 'lognormal' ? ` cv ${q.cv}` : ''}, ${c} server(s) of ${q.chips} chips, ρ ${q.rho}, ${hours} h, seeds ${q.seed}+`;
  // t(0.999, 4) = 7.17: the spread of five runs is itself uncertain; 3 % for the empty start's bias.
  if (Math.abs(mean(waits) - wq) > 7.2 * se(waits) + 0.03 * wq)
    failures.push(`${what}: mean wait ${mean(waits)} h ± ${se(waits)} (${waits.join(' ')}), analytic ${wq} h`);
  // Each server busy ρ of the time; jobs submitted a Poisson count of mean λ T.
  if (Math.abs(mean(busy) - q.rho) > 7.2 * se(busy) + 0.01)
    failures.push(`${what}: chips busy ${mean(busy)} ± ${se(busy)}, ρ ${q.rho}`);
  const n = QUEUE_SEEDS * lambda * hours;
  if (Math.abs(counts.reduce((a, x) => a + x, 0) - n) > 5 * Math.sqrt(n))
    failures.push(`${what}: ${counts.join(' ')} jobs submitted, λT ${lambda * hours}`);
  return `${what}: wait ${mean(waits).toFixed(4)} ± ${se(waits).toFixed(4)} h, analytic ${wq.toFixed(4)}; busy ${mean(busy).toFixed(4)}`;
}

describe('a job stream on a cluster, as a queue', () => {
  it(
    `waits as M/M/c (Erlang C) and M/G/1 (Pollaczek-Khinchine) say, its chips busy ρ of the time (${RUNS} queues x ${QUEUE_SEEDS} seeds, seed ${SEED})`,
    () => {
      fc.assert(
        fc.property(arbQueue, (q) => {
          const failures: string[] = [];
          tally.push(checkQueue(q, failures));
          report(failures, JSON.stringify(q));
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: process.env.DCPSIM_FUZZ_SHRINK === undefined },
      );
    },
    60_000 + RUNS * 30_000,
  );
});
