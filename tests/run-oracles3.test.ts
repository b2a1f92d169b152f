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
 *
 * Seeded: `DCPSIM_FUZZ_RUNS=20 DCPSIM_FUZZ_SEED=7 npx vitest run tests/run-oracles3.test.ts` explores further.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { parseCsv } from '../src/model/csv-parse.ts';
import { runScenario } from '../src/run.ts';
import { runSizing } from '../src/sizing/size.ts';
import { mergeSweep, runSweep } from '../src/sweep/sweep.ts';
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
type Row = Record<string, string>;

const report = (failures: string[], extra: string): void => {
  if (failures.length > 0)
    throw new Error(
      `${failures.slice(0, 12).join('\n')}${failures.length > 12 ? `\n... ${failures.length - 12} more` : ''}\n${extra}`,
    );
};

function rowsOf(file: string): Row[] {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'), ',').rows;
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

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
      const figures = Object.keys(runs[0]).filter((h) => !['replicate', 'run', 'seed', 'error', varied].includes(h));
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

/** Short names (docs/sizing.md's table) to summary.json figures, and the factor to the short name's unit. */
const FIGURE: Record<string, [string, number]> = {
  npc: ['economics.npc_usd', 1],
  cost: ['cost_usd', 1],
  lcoe: ['economics.lcoe_usd_per_mwh', 1],
  carbon_t: ['carbon_kg', 1e-3],
  unmet_mwh: ['energy_mwh.unmet', 1],
  lol_h: ['reliability.loss_of_load_hours', 1],
  cfe: ['reliability.cfe_score', 1],
};

/** A figure of summary.json by its dotted name; NaN when the run has none. */
function figureOf(summary: Json, dotted: string): number {
  let v: any = summary;
  for (const k of dotted.split('.')) v = v !== null && typeof v === 'object' ? v[k] : undefined;
  return typeof v === 'number' ? v : Number.NaN;
}

/** mean(x), or pNN(x) by nearest rank: the smallest value with at least NN % of the replicates at or below it. */
function stat(expr: string, xs: number[]): number {
  const m = /^(p(\d+)|mean)\((.*)\)$/.exec(expr);
  const factor = FIGURE[m ? m[3] : expr][1];
  if (!m || m[1] === 'mean') return (xs.reduce((a, x) => a + x, 0) / xs.length) * factor;
  const sorted = [...xs].sort((a, b) => a - b);
  const q = Number(m[2]) / 100;
  for (const x of sorted) if (sorted.filter((y) => y <= x).length >= q * sorted.length) return x * factor;
  return sorted[sorted.length - 1] * factor;
}
const bare = (expr: string): string => /\(([^)]*)\)/.exec(expr)?.[1] ?? expr;

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
      // 4 x 10 = 40 candidates: above the 32 an exhaustive search takes, so `auto` is the pattern search.
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
