/**
 * runSweep and mergeSweep: plan, skip what is complete, run the rest on the
 * worker pool, then write summary.csv and points.csv from the run records in
 * plan order. The tables are always built from the records on disk (the same
 * path `merge` takes), so a sweep, its shards merged, and any resume write
 * the same bytes.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../model/errors.ts';
import { writeFileAtomic } from '../output/atomic.ts';
import { Progress } from '../output/progress.ts';
import { buildPlan, checkPoint, type Plan, type PlannedRun } from './plan.ts';
import { runPool } from './pool.ts';
import { inShard, resolveShard, type Shard } from './shard.ts';
import { resolveSpec, sweepDir, type SweepOptions, type SweepSpec } from './spec.ts';
import { isComplete, readRecord, readSpec, writeSpec, type RunRecord } from './store.ts';
import { buildTables } from './tables.ts';
import type { RunTask } from './worker.ts';

export interface SweepRunOptions extends SweepOptions {
  /** Worker threads (default: the machine's cores). */
  workers?: number;
  /** "k/N": run this share of the points (default: from the scheduler's environment, else all). */
  shard?: string;
  /** Number of shards, when the index comes from JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX. */
  shards?: number;
  /** Environment to read the scheduler's array index from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Progress bar on a terminal (default false). */
  progress?: boolean;
  /** Abort to stop cleanly (Ctrl-C): runs in flight are dropped, complete ones kept. */
  signal?: AbortSignal;
}

export interface SweepResult {
  spec: SweepSpec;
  dir: string;
  shard: Shard;
  /** Runs in this shard. */
  runs: number;
  /** Runs found complete and skipped. */
  skipped: number;
  /** Runs done now (including failed). */
  ran: number;
  failed: number;
  /** Stopped before the end (signal). */
  stopped: boolean;
  /** Written when the whole sweep (not a shard) completed. */
  summaryFile?: string;
  pointsFile?: string;
}

function writeTables(dir: string, plan: Plan, records: ReadonlyMap<string, RunRecord>): { summaryFile: string; pointsFile: string; failed: number } {
  const t = buildTables(plan, records);
  const summaryFile = join(dir, 'summary.csv');
  const pointsFile = join(dir, 'points.csv');
  writeFileAtomic(summaryFile, t.summaryCsv);
  writeFileAtomic(pointsFile, t.pointsCsv);
  return { summaryFile, pointsFile, failed: t.failed };
}

/** A sweep checked and planned, ready to run. */
export interface PreparedSweep {
  spec: SweepSpec;
  dir: string;
  shard: Shard;
  plan: Plan;
  workers: number;
  /** This shard's runs, in plan order. */
  runs: PlannedRun[];
  /** The runs not yet complete. */
  tasks: RunTask[];
}

/**
 * Everything that can fail on bad input, synchronously (so the CLI reports
 * it as the one-line error): the spec, the shard, every point of this share
 * validated against the model schema. Writes sweep.json.
 */
export function prepareSweep(opts: SweepRunOptions): PreparedSweep {
  const spec = resolveSpec(opts);
  const dir = sweepDir(spec, opts.out);
  const shard = resolveShard(opts.shard, opts.shards, opts.env ?? process.env);
  const workers = opts.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) throw new InputError('--workers', '', 'a positive integer', String(workers));
  const plan = buildPlan(spec);
  const mine = plan.points.filter((p) => inShard(p.index, shard));
  // Validate every point of this share before running anything: a bad value fails in a second, not an hour in.
  const hashes = new Map(mine.map((p) => [p.id, checkPoint(spec, p)]));
  writeSpec(dir, spec);
  const runs = plan.runs.filter((r) => hashes.has(r.point.id));
  const tasks = runs
    .filter((r) => !isComplete(dir, r, hashes.get(r.point.id)!))
    .map((run) => ({ dir, spec, run, pointHash: hashes.get(run.point.id)! }));
  return { spec, dir, shard, plan, workers, runs, tasks };
}

/** Run a prepared sweep's remaining runs; write the tables if this is the whole sweep. */
export async function executeSweep(p: PreparedSweep, opts: Pick<SweepRunOptions, 'progress' | 'signal'> = {}): Promise<SweepResult> {
  const { spec, dir, shard, plan, tasks } = p;
  let done = 0, running = 0, failed = 0;
  const enabled = Boolean(opts.progress) && Boolean(process.stderr.isTTY) && !process.env.CI;
  const label = `dcpsim sweep ${spec.name}${shard.n > 1 ? ` ${shard.k}/${shard.n}` : ''}`;
  const progress = new Progress(label, process.stderr, enabled);
  const draw = (): void => {
    if (tasks.length > 0) progress.update(done / tasks.length, `${done}/${tasks.length} done, ${running} running, ${failed} failed,`);
  };
  // Redraw each second too, so the time left moves while long runs are in flight.
  const timer = enabled ? setInterval(draw, 1000) : undefined;
  timer?.unref();
  const pool = await runPool(tasks, p.workers, {
    start: () => {
      running++;
    },
    done: (r) => {
      running--;
      done++;
      if (r.error !== undefined) failed++;
      draw();
    },
  }, opts.signal).finally(() => {
    if (timer) clearInterval(timer);
    progress.done();
  });

  const result: SweepResult = { spec, dir, shard, runs: p.runs.length, skipped: p.runs.length - tasks.length, ran: done, failed, stopped: pool.stopped };
  if (pool.stopped || shard.n > 1) return result;
  const records = new Map(plan.runs.map((r) => [r.id, readRecord(dir, r.id)!]));
  const t = writeTables(dir, plan, records);
  return { ...result, failed: t.failed, summaryFile: t.summaryFile, pointsFile: t.pointsFile };
}

/** Plan, skip what is complete, run the rest, write summary.csv and points.csv. */
export async function runSweep(opts: SweepRunOptions): Promise<SweepResult> {
  return executeSweep(prepareSweep(opts), opts);
}

export interface MergeResult {
  dir: string;
  runs: number;
  failed: number;
  summaryFile: string;
  pointsFile: string;
}

/**
 * Join the records of a sharded sweep into summary.csv and points.csv. Extra
 * folders are searched for records too, for shards that ran on separate disks.
 */
export function mergeSweep(dir: string, more: readonly string[] = []): MergeResult {
  const spec = readSpec(dir);
  if (!spec) throw new InputError(dir, '', 'a sweep folder with sweep.json (written by dcpsim sweep)', 'none');
  const plan = buildPlan(spec);
  const records = new Map<string, RunRecord>();
  const missing: string[] = [];
  for (const run of plan.runs) {
    // A record for this id with another seed belongs to an older sweep in the same folder.
    const r = [dir, ...more].map((d) => readRecord(d, run.id)).find((x) => x !== undefined && x.seed === run.seed);
    if (r) records.set(run.id, r);
    else missing.push(run.id);
  }
  if (missing.length > 0) {
    throw new InputError(dir, '', `results of all ${plan.runs.length} runs (run the missing shards, or the sweep again to resume)`, `${missing.length} missing, like ${missing[0]}`);
  }
  const t = writeTables(dir, plan, records);
  return { dir, runs: plan.runs.length, ...t };
}
