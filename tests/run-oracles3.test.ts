/**
 * Figures a planner acts on, against oracles that do not call the code under test (a third set, after
 * tests/run-oracles.test.ts and tests/run-oracles2.test.ts):
 *
 * - Sweep statistics (docs/sweeps.md): points.csv's mean and 95 % interval of every figure recomputed from
 *   summary.csv's replicates (Student t from a printed table; Wilson's interval for the loss-of-load probability;
 *   cut at 0 only for a figure that cannot be negative, at 1 for a share of a whole), differences.csv's paired
 *   differences, and a sweep run as two shards and merged against the same sweep on one machine, byte for byte.
 * - Training runs under carbon-aware deferral, `shortage: pause` under a capped grid and demand response by pause
 *   (docs/models/workload.md, docs/policies.md): each run's wall time is its work done and lost, its checkpoints,
 *   restarts and pauses (up to a checkpoint cut short by each interruption, and the horizon's cut); its energy is
 *   its chips' power (the H100's measured curve with an 8-chip server's share) over those phases, paused and
 *   restarting chips idle; a completed run did its work; goodput is done over wall time; `jobs.chip_hours` the
 *   chips held; the `policy` section's work and goodput are the runs', and its baseline's those of the model
 *   without its policies run alone, with throughput lost 1 - work / baseline work.
 * - `dcpsim size`'s pattern search (docs/sizing.md: "it ends at a candidate no neighbour improves on"), with
 *   objectives that need not rise with capacity (npc, cost, carbon, lcoe, p90(npc)): none of the chosen candidate's
 *   eight lattice neighbours, each run alone on the replicates' seeds and judged by the documented statistics, is
 *   feasible with a lower objective.
 * - Space solar (docs/models/supply.md): a LEO (any altitude, inclination, node, phase, or a fixed β) or dawn-dusk
 *   SSO array's eclipse share and energy over days to a month, from the period, the cylindrical shadow, β from the
 *   Sun's longitude and the node's J2 precession, eclipses centred on each orbit's midnight, S(N), the 1,200 W cap,
 *   fade with age and transmission, the output recomputed at each exit (daily without eclipses).
 * - A training run holding its whole cluster under `shortage: throttle` with SMR outages: the work done and lost is
 *   the integral of the cluster's duty over the run's duty, and its energy the cluster's IT energy while it runs.
 *
 * Seeded: `DCPSIM_FUZZ_RUNS=20 DCPSIM_FUZZ_SEED=7 npx vitest run tests/run-oracles3.test.ts` explores further.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { runScenario } from '../src/run.ts';
import { runSizing } from '../src/sizing/size.ts';
import { mergeSweep, runSweep } from '../src/sweep/sweep.ts';
import { bare, FIGURE, report, rowsOf, stat } from './helpers/oracle.ts';
import { readCsv } from './helpers/read-csv.ts';
import { arbModel, modelOf } from './helpers/small-model.ts';

const tmp = mkdtempSync(join(tmpdir(), 'dcpsim-oracles3-'));
afterAll(() => {
  if (!process.env.DCPSIM_FUZZ_KEEP) rmSync(tmp, { recursive: true, force: true });
});

const RUNS = Number(process.env.DCPSIM_FUZZ_RUNS ?? 3);
const SEED = Number(process.env.DCPSIM_FUZZ_SEED ?? 20261202);
/** A sizing runs its search and then the chosen candidate's neighbours alone: fewer of them. */
const SIZINGS = Math.max(2, Math.ceil((2 * RUNS) / 3));
const PJM = join(import.meta.dirname, '..', 'models', 'data', 'grid-carbon', 'PJM-2022-hourly.csv');

type Json = Record<string, any>;

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
  const share = /(^|[._])(share|goodput|cfe_score|availability|capacity_factor)$/.test(figure);
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
          if (b && r[d.figure] !== '' && b[d.figure] !== '') xs.push(Number(r[d.figure]) - Number(b[d.figure]));
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

// ---------------------------------------------------------------------------------------------
// Work conservation of training runs under policies

/** The H100's measured board power against duty (models/data/h100-power), W, and its idle and TDP. */
const H100_DUTY = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1];
const H100_W = [129.45, 222.98, 335.81, 493.56, 637.75, 687.61, 698.09];
function boardW(d: number): number {
  for (let i = 1; i < H100_DUTY.length; i++)
    if (d <= H100_DUTY[i])
      return H100_W[i - 1] + ((d - H100_DUTY[i - 1]) / (H100_DUTY[i] - H100_DUTY[i - 1])) * (H100_W[i] - H100_W[i - 1]);
  return H100_W[H100_W.length - 1];
}
/**
 * A chip's power with its share of an 8-chip server (docs/models/facility.md, IT power): the accelerators are 55 % of
 * the server at full load (8 x 700 W of a DGX H100's 10.2 kW), half of the rest fixed and half following
 * u(d) = (chip(d) - idle)/(tdp - idle).
 */
function chipW(d: number): number {
  const other = (8 * 700) / 0.55 - 8 * 700;
  const u = (boardW(d) - 129.45) / (700 - 129.45);
  return boardW(d) + (other / 2 + (other / 2) * u) / 8;
}

const arbTraining = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  month: fc.integer({ min: 1, max: 12 }),
  hours: fc.integer({ min: 24, max: 96 }),
  step: fc.constantFrom('15m', '1h'),
  groups: fc.constantFrom(2, 4, 8),
  runs: fc.array(
    fc.record({
      share: fc.constantFrom(1, 2, 4),
      workH: fc.integer({ min: 4, max: 40 }),
      duty: fc.constantFrom(0.5, 0.8, 1),
      everyM: fc.constantFrom(20, 30, 60),
      takesM: fc.constantFrom(1, 2, 5),
      checkpointDuty: fc.constantFrom(0, 0, 0.3),
      mtbfH: fc.constantFrom(2000, 20000, 200000),
      restartM: fc.constantFrom(5, 10),
      priority: fc.integer({ min: 0, max: 2 }),
      policy: fc.constantFrom('none', 'cleanest', 'above'),
      arrivals: fc.boolean(),
      deadline: fc.boolean(),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  // A grid capped below the peak with `shortage: pause`, and demand-response events by pause.
  capShare: fc.option(fc.integer({ min: 40, max: 100 }).map((v) => v / 100)),
  demandResponse: fc.boolean(),
});
type TrainingCase = typeof arbTraining extends fc.Arbitrary<infer T> ? T : never;

function trainingModel(c: TrainingCase): Json {
  const chips = 64 * c.groups;
  const peakKw = Math.round((chips * chipW(1) * 1.2) / 1000);
  return {
    name: 'tr',
    start: `2027-${String(c.month).padStart(2, '0')}-05T00:00:00Z`,
    duration: `${c.hours}h`,
    step: c.step,
    seed: c.seed,
    clusters: [{ name: 'c', chip: 'H100', count: chips, server: { chips: 8 } }],
    workload: {
      training: c.runs.map((r, i) => ({
        name: `t${i}`,
        cluster: 'c',
        chips: chips / r.share,
        work: `${r.workH}h`,
        duty: r.duty,
        checkpoint: { every: `${r.everyM}m`, takes: `${r.takesM}m`, duty: r.checkpointDuty },
        chip_mtbf: `${r.mtbfH}h`,
        restart: `${r.restartM}m`,
        priority: r.priority,
        ...(r.policy === 'cleanest' ? { carbon_aware: { cleanest: { hours: 12, per: 'day' } } } : {}),
        ...(r.policy === 'above' ? { carbon_aware: { above: '370 g/kWh' } } : {}),
        ...(r.arrivals ? { arrivals: { rate: '1/d' } } : {}),
        ...(r.deadline ? { finish_within: '3d' } : {}),
      })),
    },
    facility: { cooling: { model: 'pue', pue: 1.2 } },
    ...(c.capShare !== null ? { shortage: 'pause' } : {}),
    ...(c.demandResponse
      ? {
          demand_response: {
            payment: '800 $/MWh',
            by: 'pause',
            events: { rate: '1/d', duration: '3h', shed: `${Math.round(peakKw * 0.3)} kW` },
          },
        }
      : {}),
    supply: [
      {
        kind: 'grid',
        price: '60 $/MWh',
        carbon: { file: PJM },
        ...(c.capShare !== null ? { import_cap: `${Math.round(c.capShare * peakKw)} kW` } : {}),
      },
    ],
  };
}

describe('training runs deferred by carbon, paused by a power cap or demand response', () => {
  it(`account for every hour and kWh, and the policy's work is the runs' (${2 * RUNS} models, seed ${SEED})`, () => {
    const cases = fc.sample(arbTraining, { numRuns: 2 * RUNS, seed: SEED });
    let k = 0;
    for (const c of cases) {
      const id = k++;
      const model = trainingModel(c);
      const failures: string[] = [];
      const file = join(tmp, `train${id}.json`);
      writeFileSync(file, JSON.stringify(model, null, 1));
      const out = join(tmp, `train${id}`);
      runScenario({ model: file, out, sync: false });
      const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      const throttled = s.facility?.throttled_mwh ?? 0;
      const specOf = (name: string) => c.runs[Number(/^t(\d+)/.exec(name)![1])];
      const tol = (x: number) => 1e-9 * Math.max(1, Math.abs(x));
      for (const t of s.training) {
        const r = specOf(t.name);
        const [takes, restart] = [r.takesM / 60, r.restartM / 60];
        if (t.done_h > t.work_h + tol(t.work_h) || (t.completed && Math.abs(t.done_h - t.work_h) > tol(t.work_h)))
          failures.push(`${t.name}: done ${t.done_h} h of ${t.work_h} h, completed ${t.completed}`);
        // Wall time: computing (done and lost), checkpoints written, restarts, paused; plus, without a throttle,
        // at most one checkpoint cut short by each interruption and one in progress at the horizon. A run the
        // horizon cuts may be part way through its last restart.
        const restarts = t.interruptions * restart;
        const restartsLo = t.completed || t.interruptions === 0 ? restarts : restarts - restart;
        const known = t.done_h + t.lost_work_h + t.checkpoints * takes + t.paused_h;
        const slack = throttled > 0 ? Number.POSITIVE_INFINITY : (t.interruptions + (t.completed ? 0 : 1)) * takes;
        if (t.wall_time_h < known + restartsLo - tol(known) || t.wall_time_h > known + restarts + slack + tol(known))
          failures.push(
            `${t.name}: wall ${t.wall_time_h} h; done ${t.done_h} + lost ${t.lost_work_h} + ${t.checkpoints} checkpoints x ${takes} + ${t.interruptions} restarts x ${restart} + paused ${t.paused_h} (throttled ${throttled} MWh)`,
          );
        if (t.wall_time_h > 0 && Math.abs(t.goodput - t.done_h / t.wall_time_h) > 1e-12)
          failures.push(`${t.name}: goodput ${t.goodput}, done/wall ${t.done_h / t.wall_time_h}`);
        if (throttled === 0) {
          // Its chips' energy: computing at its duty, checkpoints at theirs, restarts and pauses idle.
          const phases = (restartH: number): number => {
            const writing = t.wall_time_h - t.done_h - t.lost_work_h - restartH - t.paused_h;
            return (
              (t.chips *
                ((t.done_h + t.lost_work_h) * chipW(r.duty) +
                  writing * chipW(r.checkpointDuty) +
                  (restartH + t.paused_h) * chipW(0))) /
              1e6
            );
          };
          const [a, b] = [phases(restartsLo), phases(restarts)].sort((x, y) => x - y);
          if (t.energy_mwh < a - tol(a) || t.energy_mwh > b + tol(b))
            failures.push(`${t.name}: energy ${t.energy_mwh} MWh, phases ${a === b ? a : `${a} to ${b}`}`);
        }
      }
      const held = s.training.reduce((a: number, t: Json) => a + t.chips * t.wall_time_h, 0);
      if (Math.abs(s.jobs.chip_hours - held) > 1e-9 * held)
        failures.push(`jobs.chip_hours ${s.jobs.chip_hours}, runs ${held}`);
      const work = (tr: Json[]) => tr.reduce((a, t) => a + t.chips * t.done_h, 0);
      if (s.policy) {
        const p = s.policy;
        if (Math.abs(p.work_chip_h - work(s.training)) > 1e-9 * work(s.training))
          failures.push(`policy.work_chip_h ${p.work_chip_h}, runs ${work(s.training)}`);
        if (held > 0 && Math.abs(p.goodput - work(s.training) / held) > 1e-12)
          failures.push(`policy.goodput ${p.goodput}, work / held ${work(s.training) / held}`);
        // The baseline: the same model without its policies (carbon_aware, demand_response), run alone.
        const bare = structuredClone(model);
        for (const t of bare.workload.training) delete t.carbon_aware;
        delete bare.demand_response;
        const bfile = join(tmp, `train${id}-base.json`);
        writeFileSync(bfile, JSON.stringify(bare, null, 1));
        runScenario({ model: bfile, out: `${out}-base`, sync: false });
        const b = JSON.parse(readFileSync(join(`${out}-base`, 'summary.json'), 'utf8'));
        const bw = work(b.training);
        if (Math.abs(p.baseline_work_chip_h - bw) > 1e-9 * Math.max(1, bw))
          failures.push(`policy.baseline_work_chip_h ${p.baseline_work_chip_h}, the run without policies ${bw}`);
        if (b.jobs.chip_hours > 0 && Math.abs(p.baseline_goodput - bw / b.jobs.chip_hours) > 1e-12)
          failures.push(`policy.baseline_goodput ${p.baseline_goodput}, without policies ${bw / b.jobs.chip_hours}`);
        const lost = bw > 0 ? 1 - work(s.training) / bw : 0;
        if (Math.abs(p.throughput_lost_share - lost) > 1e-9)
          failures.push(`policy.throughput_lost_share ${p.throughput_lost_share}, 1 - work/baseline ${lost}`);
      }
      report(failures, `case ${JSON.stringify(c)}; files ${out}`);
    }
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// The pattern search's answer is a local optimum

/** A figure of summary.json by its dotted name; NaN when the run has none. */
function figureOf(summary: Json, dotted: string): number {
  let v: any = summary;
  for (const k of dotted.split('.')) v = v !== null && typeof v === 'object' ? v[k] : undefined;
  return typeof v === 'number' ? v : Number.NaN;
}

const arbLocal = arbModel.chain((m) =>
  fc.record({
    m: fc.constant(m),
    // Objectives that need not rise with capacity (a battery and an SMR buy less from the grid): the pattern search.
    minimize: fc.constantFrom('npc', 'cost', 'carbon_t', 'lcoe', 'p90(npc)'),
    require: fc.uniqueArray(fc.constantFrom('unmet_mwh<=0.05', 'p90(unmet_mwh)<=0.1', 'lol_h<=4', 'cfe>=0.5'), {
      minLength: 1,
      maxLength: 2,
    }),
    replicates: fc.integer({ min: 1, max: 2 }),
  }),
);

describe("dcpsim size's pattern search", () => {
  it(`ends at a candidate none of whose lattice neighbours, run alone, is feasible and better (${SIZINGS} sizings, seed ${SEED})`, async () => {
    const cases = fc.sample(arbLocal, { numRuns: SIZINGS, seed: SEED });
    let k = 0;
    for (const c of cases) {
      const dir = join(tmp, `local${k++}`);
      mkdirSync(dir);
      const { model, peakKw } = modelOf(c.m);
      const file = join(dir, 'model.json');
      writeFileSync(file, JSON.stringify(model, null, 1));
      const smrKw = Math.max(1, Math.round(c.m.smrShare * peakKw));
      // 4 x 10 = 40 candidates: `auto` would run them all, so the pattern search is asked for.
      const units = [0, 1, 2, 3];
      const energies = Array.from({ length: 10 }, (_, i) => (i * smrKw) / 2000);
      const out = join(dir, 'size');
      const result = await runSizing({
        model: file,
        decide: ['supply[0].units=0:3', `supply[1].energy=${energies.map((e) => `${e} MWh`).join(',')}`],
        minimize: c.minimize,
        require: c.require,
        replicates: c.replicates,
        workers: 1,
        search: 'pattern',
        out,
      });
      const failures: string[] = [];
      const seeds = new Map<string, string>();
      for (const r of rowsOf(join(out, 'summary.csv'))) seeds.set(r.replicate, r.seed);
      /** A candidate (units index, energy index) run alone, replicate by replicate, judged as docs/sizing.md says. */
      const judge = (u: number, e: number): { objective: number; ok: boolean } => {
        const summaries: Json[] = [];
        for (let r = 0; r < c.replicates; r++) {
          const single = join(dir, `u${u}-e${e}-r${r}`);
          runScenario({
            model: file,
            set: [`supply[0].units=${units[u]}`, `supply[1].energy=${energies[e]} MWh`],
            seed: Number(seeds.get(String(r))),
            out: single,
            sync: false,
          });
          summaries.push(JSON.parse(readFileSync(join(single, 'summary.json'), 'utf8')));
          rmSync(single, { recursive: true, force: true });
        }
        const values = (expr: string): number[] => summaries.map((s) => figureOf(s, FIGURE[bare(expr)][0]));
        const objective = stat(c.minimize, values(c.minimize));
        let ok = !Number.isNaN(objective);
        for (const q of c.require) {
          const m = /^(.*?)(<=|>=)(.*)$/.exec(q)!;
          const v = stat(m[1], values(m[1]));
          if (!(m[2] === '<=' ? v <= Number(m[3]) : v >= Number(m[3]))) ok = false;
        }
        return { objective, ok };
      };
      const label = (u: number, e: number): string => `${units[u]} units, ${energies[e]} MWh`;
      if (process.env.DCPSIM_FUZZ_VERBOSE)
        console.log(
          `${c.minimize} ${c.require.join(' ')}: ${rowsOf(join(out, 'candidates.csv')).filter((x) => x.status !== 'pruned').length} of 40 run, chose ${result.best?.index}`,
        );
      // The lattice's order: the first decision outermost.
      const chosen = result.best
        ? [Math.floor(result.best.index / energies.length), result.best.index % energies.length]
        : undefined;
      if (chosen) {
        const [u0, e0] = chosen;
        const mine = judge(u0, e0);
        if (!mine.ok) failures.push(`chose ${label(u0, e0)}, infeasible when run alone`);
        for (const du of [-1, 0, 1])
          for (const de of [-1, 0, 1]) {
            const [u, e] = [u0 + du, e0 + de];
            if ((du === 0 && de === 0) || u < 0 || u >= units.length || e < 0 || e >= energies.length) continue;
            const n = judge(u, e);
            if (n.ok && n.objective < mine.objective - 1e-9 * Math.max(1, Math.abs(mine.objective)))
              failures.push(
                `chose ${label(u0, e0)} (${c.minimize} ${mine.objective}); its neighbour ${label(u, e)} is feasible and ${n.objective}`,
              );
          }
      }
      report(
        failures,
        `minimize ${c.minimize} require ${c.require.join(' ')} replicates ${c.replicates}; files ${dir}\nmodel: ${JSON.stringify(model)}`,
      );
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});

// ---------------------------------------------------------------------------------------------
// Space solar over its orbit

/** docs/models/supply.md, space-solar: orbit, β, eclipses and output, recomputed here. */
function solarOracle(
  startMs: number,
  durationS: number,
  o: { type: 'leo' | 'sso'; h: number; incDeg: number; nodeDeg: number; phaseDeg: number; betaDeg?: number },
  p: { age: number; degradation: number; transmission: number; panels: number },
): { mwh: number; eclipseShare: number } {
  const R = 6371;
  const rad = Math.PI / 180;
  const eps = 23.44 * rad;
  const J2 = 1.08263e-3;
  const a = R + o.h;
  const T = 2 * Math.PI * Math.sqrt(a ** 3 / 398600.4418);
  const n = (2 * Math.PI) / T;
  const epoch = startMs / 1000;
  /** The Sun's ecliptic longitude (Astronomical Almanac low-precision formula), radians. */
  const sunLon = (t: number): number => {
    const d = (epoch + t) / 86400 + 2440587.5 - 2451545.0;
    const g = (357.528 + 0.9856003 * d) * rad;
    return (280.46 + 0.9856474 * d + 1.915 * Math.sin(g) + 0.02 * Math.sin(2 * g)) * rad;
  };
  // SSO: the node turns once a tropical year (dΩ/dt = 2π / 365.2422 d), dawn-dusk: 90° from the Sun's right ascension.
  const inc =
    o.type === 'sso' ? Math.acos(-(2 * Math.PI) / (365.2422 * 86400) / (1.5 * n * J2 * (R / a) ** 2)) : o.incDeg * rad;
  const node0 =
    o.type === 'sso'
      ? Math.atan2(Math.cos(eps) * Math.sin(sunLon(0)), Math.cos(sunLon(0))) + Math.PI / 2
      : o.nodeDeg * rad;
  const nodeRate = -1.5 * n * J2 * (R / a) ** 2 * Math.cos(inc);
  const beta = (t: number): number => {
    if (o.betaDeg !== undefined) return o.betaDeg * rad;
    const G = sunLon(t);
    const N = node0 + nodeRate * t;
    return Math.asin(
      Math.cos(G) * Math.sin(N) * Math.sin(inc) -
        Math.sin(G) * Math.cos(eps) * Math.cos(N) * Math.sin(inc) +
        Math.sin(G) * Math.sin(eps) * Math.cos(inc),
    );
  };
  const shadow = (b: number): number => {
    const x = Math.sqrt(o.h * o.h + 2 * R * o.h) / (a * Math.cos(b));
    return x >= 1 ? 0 : Math.acos(x) / Math.PI;
  };
  /** Sunlit output, W: S(N) with N the (fractional) day of the year, the panel capped at 1,200 W. */
  const sunlit = (t: number): number => {
    const now = new Date((epoch + t) * 1000);
    const N = (epoch + t - Date.UTC(now.getUTCFullYear(), 0, 1) / 1000) / 86400 + 1;
    const S = 1361 * (1 + 0.033 * Math.cos((2 * Math.PI * (N - 3)) / 365));
    const years = p.age + t / (365 * 86400);
    return Math.min(S * 2.96 * 0.298 * (1 - p.degradation) ** years, 1200) * p.panels * p.transmission;
  };
  // Midnights at m0 + kT; each eclipse midnight ± fT/2, f from β at midnight; the output recomputed at each exit,
  // or daily (at an orbit's start) when there is no eclipse.
  const m0 = (((((180 - o.phaseDeg) % 360) + 360) % 360) / 360) * T;
  const events: [number, 'in' | 'out' | 'refresh'][] = [];
  let eclipse = 0;
  let refreshed = 0;
  for (let k = -1; ; k++) {
    const mid = m0 + k * T;
    if (mid - T / 2 >= durationS) break;
    if (mid + T / 2 < 0) continue;
    const f = shadow(beta(Math.max(0, mid)));
    if (f > 0) {
      const [entry, exit] = [mid - (f * T) / 2, mid + (f * T) / 2];
      events.push([entry, 'in'], [exit, 'out']);
      eclipse += Math.max(0, Math.min(exit, durationS) - Math.max(0, Math.min(entry, durationS)));
    } else if (mid - T / 2 - refreshed >= 86400) {
      events.push([mid - T / 2, 'refresh']);
      refreshed = mid - T / 2;
    }
  }
  events.sort((x, y) => x[0] - y[0]);
  let joules = 0;
  let at = 0;
  let level = sunlit(0);
  let sun = true;
  for (const [t, kind] of events) {
    const tc = Math.min(Math.max(t, 0), durationS);
    if (sun) joules += level * (tc - at);
    at = tc;
    if (kind === 'in') sun = false;
    else if (kind === 'out') {
      sun = true;
      if (t > 0 && t <= durationS) level = sunlit(t);
    } else level = sunlit(t);
  }
  if (sun) joules += level * (durationS - at);
  return { mwh: joules / 3.6e9, eclipseShare: eclipse / durationS };
}

const arbSolar = fc.record({
  day: fc.integer({ min: 0, max: 364 }),
  days: fc.integer({ min: 2, max: 30 }),
  type: fc.constantFrom('leo' as const, 'leo' as const, 'sso' as const),
  h: fc.integer({ min: 300, max: 1500 }),
  incDeg: fc.integer({ min: 0, max: 100 }),
  nodeDeg: fc.integer({ min: 0, max: 359 }),
  phaseDeg: fc.integer({ min: 0, max: 359 }),
  betaDeg: fc.option(fc.integer({ min: -80, max: 80 }), { freq: 4 }),
  age: fc.integer({ min: 0, max: 10 }),
  degradationPct: fc.constantFrom(0, 0.5, 1.5, 3),
  transmission: fc.constantFrom(1, 0.9, 0.6),
  panels: fc.integer({ min: 10, max: 2000 }),
});

describe('space solar over its orbit, recomputed from docs/models/supply.md', () => {
  it(`gives the eclipse share and energy of the cylindrical shadow, β with J2 precession, S(N), the cap and fade (${4 * RUNS} arrays, seed ${SEED})`, () => {
    const cases = fc.sample(arbSolar, { numRuns: 4 * RUNS, seed: SEED });
    let k = 0;
    for (const c of cases) {
      const id = k++;
      const startMs = Date.UTC(2027, 0, 1) + c.day * 86400e3;
      const start = new Date(startMs).toISOString().slice(0, 10);
      const orbit = {
        type: c.type,
        altitude_km: c.h,
        ...(c.type === 'leo' ? { inclination_deg: c.incDeg, node_deg: c.nodeDeg } : {}),
        phase_deg: c.phaseDeg,
        ...(c.betaDeg !== null ? { beta_deg: c.betaDeg } : {}),
      };
      const model = {
        name: 'sol',
        start,
        duration: `${c.days}d`,
        step: '1h',
        seed: 1,
        clusters: [{ name: 'c', chip: 'H100', count: 8 }],
        workload: { training: [{ name: 't', cluster: 'c', chips: 8, work: '1000d' }] },
        facility: { cooling: { model: 'pue', pue: 1.2 } },
        supply: [
          {
            kind: 'space-solar',
            panels: c.panels,
            age_years: c.age,
            degradation: `${c.degradationPct}%`,
            transmission: c.transmission,
            orbit,
          },
          { kind: 'grid', price: '50 $/MWh', carbon: '400 g/kWh' },
        ],
      };
      const file = join(tmp, `solar${id}.json`);
      writeFileSync(file, JSON.stringify(model, null, 1));
      const out = join(tmp, `solar${id}`);
      runScenario({ model: file, out, sync: false });
      const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      const src = s.sources.find((x: Json) => x.kind === 'space-solar');
      const want = solarOracle(
        startMs,
        c.days * 86400,
        {
          type: c.type,
          h: c.h,
          incDeg: c.incDeg,
          nodeDeg: c.nodeDeg,
          phaseDeg: c.phaseDeg,
          betaDeg: c.betaDeg ?? undefined,
        },
        { age: c.age, degradation: c.degradationPct / 100, transmission: c.transmission, panels: c.panels },
      );
      const failures: string[] = [];
      const produced = src.used_mwh + src.curtailed_mwh;
      if (Math.abs(src.detail.eclipse_share - want.eclipseShare) > 1e-9)
        failures.push(`eclipse_share ${src.detail.eclipse_share}, cylindrical shadow ${want.eclipseShare}`);
      if (Math.abs(produced - want.mwh) > 1e-6 * Math.max(1e-3, want.mwh))
        failures.push(
          `produced ${produced} MWh (used ${src.used_mwh} + curtailed ${src.curtailed_mwh}), orbit ${want.mwh}`,
        );
      report(failures, `case ${JSON.stringify(c)}; files ${out}`);
    }
  }, 60_000);
});

describe('a training run holding its whole cluster under `shortage: throttle`', () => {
  it(`does the work its chips' duty integrates to, and is charged the cluster's IT energy while it runs (${RUNS} models, seed ${SEED})`, () => {
    const cases = fc.sample(
      fc.record({
        seed: fc.integer({ min: 1, max: 1_000_000 }),
        groups: fc.integer({ min: 1, max: 8 }),
        workH: fc.integer({ min: 10, max: 60 }),
        duty: fc.constantFrom(0.5, 0.8, 1),
        mtbfH: fc.constantFrom(3000, 30000),
        smrShare: fc.integer({ min: 20, max: 60 }).map((v) => v / 100),
        gridShare: fc.integer({ min: 0, max: 40 }).map((v) => v / 100),
      }),
      { numRuns: RUNS, seed: SEED },
    );
    let k = 0;
    for (const c of cases) {
      const id = k++;
      const chips = 64 * c.groups;
      const peakKw = (chips * chipW(c.duty) * 1.2) / 1000;
      const model = {
        name: 'th',
        start: '2027-03-01',
        duration: '3d',
        step: '15m',
        seed: c.seed,
        clusters: [{ name: 'c', chip: 'H100', count: chips, server: { chips: 8 } }],
        workload: {
          training: [
            {
              name: 't',
              cluster: 'c',
              chips,
              work: `${c.workH}h`,
              duty: c.duty,
              checkpoint: { every: '30m', takes: '2m' },
              chip_mtbf: `${c.mtbfH}h`,
              restart: '10m',
            },
          ],
        },
        facility: { cooling: { model: 'pue', pue: 1.2 } },
        shortage: 'throttle',
        supply: [
          {
            kind: 'smr',
            units: 2,
            rating: `${Math.round((c.smrShare * peakKw) / 2 + 1)} kW`,
            forced_outages: { mttf: '20h', mttr: '5h' },
          },
          {
            kind: 'grid',
            import_cap: `${Math.round(c.gridShare * peakKw)} kW`,
            price: '60 $/MWh',
            carbon: '400 g/kWh',
          },
        ],
      };
      const file = join(tmp, `throttle${id}.json`);
      writeFileSync(file, JSON.stringify(model, null, 1));
      const out = join(tmp, `throttle${id}`);
      runScenario({ model: file, out, sync: false });
      const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      const t = s.training[0];
      const ts = readCsv(join(out, 'timeseries.csv'));
      const duty = ts.col('c_duty');
      const itKw = ts.col('c_it_kw');
      const failures: string[] = [];
      // Computing at duty d slowed by x shows as the cluster's duty d·x (checkpoints and restarts at duty 0), so the
      // work done and lost is the duty's integral over d, to the cells' 4 decimals (a factor held for hours rounds
      // the same way in every row: up to 0.5e-4 / d of each row's 15 minutes).
      const work = duty.reduce((a, x) => a + (x / c.duty) * 0.25, 0);
      if (Math.abs(work - (t.done_h + t.lost_work_h)) > (duty.length * 0.25 * 0.5e-4) / c.duty + 1e-9)
        failures.push(`done ${t.done_h} + lost ${t.lost_work_h} h, the duty integrates to ${work} h`);
      // Its energy: the cluster's IT energy less the idle chips' after it ends (cells of 3 decimals in kW).
      const after = 72 - t.wall_time_h;
      const mwh = itKw.reduce((a, x) => a + x * 0.25, 0) / 1000 - (chips * chipW(0) * after) / 1e6;
      if (Math.abs(t.energy_mwh - mwh) > (itKw.length * 0.25 * 0.0005) / 1000 + 1e-9)
        failures.push(`energy ${t.energy_mwh} MWh, the cluster's while it ran ${mwh}`);
      if (!(s.facility.throttled_mwh > 0)) failures.push('never throttled: the case tests nothing');
      report(failures, `case ${JSON.stringify(c)}; files ${out}`);
    }
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// A battery between an SMR's refuelling and its surplus

describe('a battery bridging an SMR refuelling under a constant load', () => {
  it(`charges from the surplus and covers the outage as MODELS.md "Storage" integrates it, whenever the level changed since the last dispatch (${4 * RUNS} cases, seed ${SEED})`, () => {
    const cases = fc.sample(
      fc.record({
        groups: fc.integer({ min: 10, max: 100 }),
        ratio: fc.integer({ min: 110, max: 250 }).map((v) => v / 100),
        beforeH: fc.integer({ min: 1, max: 20 }),
        outageH: fc.integer({ min: 1, max: 20 }),
        afterH: fc.integer({ min: 1, max: 20 }),
        hours: fc.integer({ min: 1, max: 10 }),
        powerShare: fc.integer({ min: 20, max: 150 }).map((v) => v / 100),
        roundTrip: fc.constantFrom(0.81, 0.88, 1),
        initial: fc.constantFrom(0.1, 0.5, 0.9),
      }),
      { numRuns: 4 * RUNS, seed: SEED },
    );
    let k = 0;
    for (const c of cases) {
      const id = k++;
      const chips = 8 * c.groups;
      const loadW = chips * chipW(0.8) * 1.25;
      const ratingW = Math.round(c.ratio * loadW);
      const energyJ = Math.round(c.hours * loadW) * 3600;
      const powerW = Math.round(c.powerShare * loadW);
      const model = {
        name: 'bridge',
        start: '2027-01-01',
        duration: `${c.beforeH + c.outageH + c.afterH}h`,
        step: '1h',
        seed: 1,
        clusters: [{ name: 'gpu', chip: 'H100', count: chips, server: { chips: 8 } }],
        workload: { training: [{ name: 't', cluster: 'gpu', chips, work: '300d', duty: 0.8 }] },
        facility: { cooling: { model: 'pue', pue: 1.25 } },
        supply: [
          {
            kind: 'smr',
            units: 1,
            rating: `${ratingW} W`,
            refuel: { every: '24mo', takes: `${c.outageH}h`, offsets: [`${c.beforeH}h`] },
            forced_outages: { mttf: '100000000h', mttr: '1h' },
          },
          {
            kind: 'battery',
            energy: `${energyJ / 3600} Wh`,
            power: `${powerW} W`,
            round_trip: c.roundTrip,
            soc_min: 0.1,
            soc_max: 0.9,
            initial: c.initial,
          },
        ],
      };
      // E <- E + η_c P_charge Δt - P_discharge Δt / η_d, η_c = η_d = sqrt(η), between soc_min and soc_max.
      const eta = Math.sqrt(c.roundTrip);
      const [eMin, eMax] = [0.1 * energyJ, 0.9 * energyJ];
      let e = c.initial * energyJ;
      const want = { charged: 0, discharged: 0, unmet: 0, curtailed: 0 };
      for (const [up, h] of [
        [true, c.beforeH],
        [false, c.outageH],
        [true, c.afterH],
      ] as const) {
        const d = h * 3600;
        if (up) {
          const rate = Math.min(ratingW - loadW, powerW);
          const t = Math.min(d, (eMax - e) / (eta * rate));
          want.charged += rate * t;
          want.curtailed += (ratingW - loadW) * d - rate * t;
          e += eta * rate * t;
        } else {
          const rate = Math.min(loadW, powerW);
          const t = Math.min(d, ((e - eMin) * eta) / rate);
          want.discharged += rate * t;
          want.unmet += loadW * d - rate * t;
          e -= (rate * t) / eta;
        }
      }
      const file = join(tmp, `bridge${id}.json`);
      writeFileSync(file, JSON.stringify(model, null, 1));
      const out = join(tmp, `bridge${id}`);
      runScenario({ model: file, out, sync: false });
      const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      const bat = s.sources.find((x: Json) => x.kind === 'battery').detail;
      const smr = s.sources.find((x: Json) => x.kind === 'smr');
      const failures: string[] = [];
      const mwh = 3.6e9;
      const check = (what: string, got: number, wantJ: number): void => {
        if (Math.abs(got - wantJ / mwh) > 1e-9 * Math.max(1, loadW / 1e6) * (c.beforeH + c.outageH + c.afterH))
          failures.push(`${what}: ${got} MWh, expected ${wantJ / mwh}`);
      };
      check('battery charged', bat.charged_mwh, want.charged);
      check('battery discharged', bat.discharged_mwh, want.discharged);
      check('unmet', s.energy_mwh.unmet, want.unmet);
      check('SMR curtailed', smr.curtailed_mwh, want.curtailed);
      if (Math.abs(bat.final_soc - e / energyJ) > 1e-9)
        failures.push(`final_soc ${bat.final_soc}, expected ${e / energyJ}`);
      report(failures, `case ${JSON.stringify(c)}; files ${out}`);
    }
  }, 60_000);
});
