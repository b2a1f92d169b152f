/**
 * runSweep and mergeSweep: plan, skip what is complete, run the rest on the
 * worker pool, then write summary.csv and points.csv from the run records in
 * plan order. The tables are always built from the records on disk (the same
 * path `merge` takes), so a sweep, its shards merged, and any resume write
 * the same bytes.
 */
import { cpSync, existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../model/errors.ts';
import { writeFilesAtomic } from '../output/files/atomic.ts';
import { Progress, progressWanted } from '../output/terminal/progress.ts';
import { counted } from '../output/terminal/table.ts';
import type { RunSummary } from '../output/tables/summary.ts';
import { buildPlan, checkPoint, type Plan, type PlannedRun } from './plan.ts';
import { inThreadMemoryMb, runMemoryMb } from './memory.ts';
import { runPool, workerCount } from './pool.ts';
import { inShard, isShard, resolveShard, type Shard } from './shard.ts';
import { inSpecFile, resolveSpec, sweepDir, type SweepOptions, type SweepSpec } from './spec.ts';
import {
  checkFolderKind,
  isComplete,
  otherKind,
  readRecord,
  readShardRecords,
  readSpec,
  runDir,
  writeShardRecord,
  writeSpec,
  type RunRecord,
} from './store.ts';
import { buildTables } from './tables.ts';
import type { RunTask } from './task.ts';
import { isoTimestamp } from '../kernel/time.ts';

export interface SweepRunOptions extends SweepOptions {
  /** Worker threads (default: the machine's cores). */
  workers?: number;
  /** "k/N": run this share of the points (default: from the scheduler's environment, else all). */
  shard?: string;
  /** Number of shards, when the index comes from JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX. */
  shards?: number;
  /** Environment to read the scheduler's array index (and Slurm's --mem) from (default process.env). */
  env?: Record<string, string | undefined>;
  /** Heap bound of each run, MB (default: three quarters of the memory this process may use, shared by the workers). */
  runMemory?: number;
  /** Progress bar on a terminal (default false). */
  progress?: boolean;
  /** Abort to stop cleanly (Ctrl-C, SIGTERM): runs in flight are dropped, complete ones kept. */
  signal?: AbortSignal;
  /** Called when a run is held by another process and this one waits for it. */
  onWaiting?: (id: string, who: string) => void;
}

export interface SweepResult {
  spec: SweepSpec;
  dir: string;
  shard: Shard;
  /** Runs in this shard. */
  runs: number;
  /** Runs found complete and skipped (including those another process completed meanwhile). */
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

const readIfAny = (file: string): string | undefined => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);

function writeTables(
  dir: string,
  plan: Plan,
  records: ReadonlyMap<string, RunRecord>,
): { summaryFile: string; pointsFile: string; failed: number } {
  const t = buildTables(plan, records);
  const summaryFile = join(dir, 'summary.csv');
  const pointsFile = join(dir, 'points.csv');
  // Charts and a report drawn from other tables (another sweep into this folder, more replicates) would be read as
  // these tables' own: they go when the tables change, and stay when a sweep run again writes the same ones.
  if (readIfAny(summaryFile) !== t.summaryCsv || readIfAny(pointsFile) !== t.pointsCsv)
    for (const drawn of ['plots', 'report.html']) rmSync(join(dir, drawn), { recursive: true, force: true });
  // One set: a full disk or an error while writing them leaves the old tables, not new summary.csv beside old points.csv.
  const training = join(dir, 'training.csv');
  writeFilesAtomic([
    [summaryFile, t.summaryCsv],
    [pointsFile, t.pointsCsv],
    [join(dir, 'points_jobs.csv'), t.pointsJobsCsv],
    [join(dir, 'differences.csv'), t.differencesCsv],
    ...(t.trainingCsv ? [[training, t.trainingCsv] as const] : []),
  ]);
  if (!t.trainingCsv) rmSync(training, { force: true });
  return { summaryFile, pointsFile, failed: t.failed };
}

/** A sweep checked and planned, ready to run. */
interface PreparedSweep {
  spec: SweepSpec;
  dir: string;
  shard: Shard;
  plan: Plan;
  workers: number;
  /** Heap bound of each run, MB. */
  runMemory: number;
  /** Run in the command's own thread: one worker (or one run to do) whose memory bound fits this thread's heap. */
  inThread: boolean;
  /** This shard's runs, in plan order. */
  runs: PlannedRun[];
  /** This shard's points' model hashes (every point's when unsharded), by point id. */
  hashes: ReadonlyMap<string, string>;
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
  const workers = workerCount(opts.workers);
  let runMemory = runMemoryMb(workers, opts.runMemory, opts.env ?? process.env);
  const plan = buildPlan(spec);
  const mine = plan.points.filter((p) => inShard(p.index, shard));
  // Validate every point of this share before running anything: a bad value fails in a second, not an hour in.
  const hashes = new Map(mine.map((p) => [p.id, inSpecFile(spec, () => checkPoint(spec, p))]));
  checkFolderKind(dir, 'sweep');
  checkShardJoins(dir, 'sweep.json', spec, shard, readSpec, 'sweep');
  writeSpec(dir, spec);
  const runs = plan.runs.filter((r) => hashes.has(r.point.id));
  const tasks = runs
    .filter((r) => !isComplete(dir, r, hashes.get(r.point.id)!))
    .map((run) => ({ dir, spec, run, pointHash: hashes.get(run.point.id)! }));
  // A pool of one runs in this thread, bounded by what its heap can take: a larger --run-memory takes a worker thread.
  const room = inThreadMemoryMb();
  const inThread = Math.min(workers, tasks.length) === 1 && (opts.runMemory ?? 0) <= room;
  if (inThread) runMemory = Math.min(runMemory, room);
  return { spec, dir, shard, plan, workers, runMemory, inThread, runs, hashes, tasks };
}

/** Run a prepared sweep's remaining runs; write the tables if this is the whole sweep. */
export async function executeSweep(
  p: PreparedSweep,
  opts: Pick<SweepRunOptions, 'progress' | 'signal' | 'onWaiting'> = {},
): Promise<SweepResult> {
  const { spec, dir, shard, plan, tasks } = p;
  let done = 0,
    running = 0,
    failed = 0,
    elsewhere = 0;
  const sharded = shard.n > 1;
  const record = {
    index: shard.k - 1,
    shards: shard.n,
    source: shard.source,
    started_utc: isoTimestamp(Date.now()),
    runs: p.runs.length,
  };
  if (sharded) writeShardRecord(dir, { ...record, state: 'running' });
  const enabled = Boolean(opts.progress) && progressWanted();
  const label = `dcpsim sweep ${spec.name}${shard.n > 1 ? ` ${shard.k}/${shard.n}` : ''}`;
  const progress = new Progress(label, process.stderr, enabled);
  const draw = (): void => {
    if (tasks.length > 0)
      progress.update(
        (done + elsewhere) / tasks.length,
        `${done + elsewhere}/${tasks.length} done, ${running} running, ${failed} failed,`,
      );
  };
  // Redraw each second too, so the time left moves while long runs are in flight.
  progress.redrawEachSecond(draw);
  const pool = await runPool(
    tasks,
    p.workers,
    {
      start: () => {
        running++;
      },
      done: (r) => {
        running--;
        done++;
        if (r.error !== undefined) failed++;
        draw();
      },
      elsewhere: () => {
        elsewhere++;
        draw();
      },
      waiting: opts.onWaiting,
    },
    opts.signal,
    { memoryMb: p.runMemory, inThread: p.inThread },
  ).finally(() => progress.done());

  const result: SweepResult = {
    spec,
    dir,
    shard,
    runs: p.runs.length,
    skipped: p.runs.length - tasks.length + elsewhere,
    ran: done,
    failed,
    stopped: pool.stopped,
  };
  if (sharded) {
    const complete = p.runs.filter((r) => readRecord(dir, r.id)?.seed === r.seed).length;
    writeShardRecord(dir, {
      ...record,
      state: pool.stopped ? 'stopped' : 'done',
      ended_utc: isoTimestamp(Date.now()),
      complete,
    });
  }
  if (pool.stopped || sharded) return result;
  const t = writeTables(dir, plan, collect(dir, [], plan, p.hashes).records);
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
  /** Runs whose folders were copied in from the other folders. */
  copied: number;
  /** The model sweep.json names, when it is not on this machine: results were taken by their seeds, unchecked. */
  uncheckedModel?: string;
}

/**
 * A run's folder copied from another folder of the sweep's shards into `dir`, replacing what `dir` held of it (a
 * failed run, another sweep's): under a temporary name first, so no half-copied folder has the run's name.
 */
export function copyRun(from: string, dir: string, id: string): void {
  const target = runDir(dir, id);
  const temp = `${target}.merging-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  cpSync(runDir(from, id), temp, { recursive: true });
  rmSync(target, { recursive: true, force: true });
  renameSync(temp, target);
}

/** The note a merge's command prints when the model was not there to check the results against (uncheckedModel). */
export function uncheckedModelNote(model: string): string {
  return `dcpsim: note: the model ${model} is not on this machine: results are taken by their seeds, not checked against the model\n`;
}

/**
 * Join the records of a sharded sweep into summary.csv and points.csv. Extra
 * folders are searched for records too, for shards that ran on separate disks.
 */
export function mergeSweep(dir: string, more: readonly string[] = []): MergeResult {
  const spec = readSpec(dir);
  if (!spec) {
    // Said of what is there: a missing folder or a file read 'found none', as if a folder without sweep.json.
    const found = !existsSync(dir) ? 'no such folder' : statSync(dir).isDirectory() ? 'neither' : 'a file';
    const expected = 'a sweep folder with sweep.json (written by dcpsim sweep) or a sizing folder with size.json';
    throw new InputError(dir, '', `${expected} (by dcpsim size)`, found);
  }
  sameSpec(dir, 'sweep.json', spec, more, readSpec, 'sweep');
  const plan = buildPlan(spec);
  // Each point's model hash from sweep.json (the model, --set, --duration, --step) and the data files, as a
  // resume computes it: a record of another hash is a different sweep's, not a result of this one.
  const hashes = pointHashes(spec.model, plan.points, (p) => checkPoint(spec, p));
  const { records, from } = collect(dir, more, plan, hashes);
  // The runs the other folders hold, copied in (as a sizing's merge does): summary.csv names each run's folder,
  // runs/<run id>, with its kept series, and a resume or another merge of this folder finds them. Until 7 December
  // 2026 they stayed on the other disk, so the merged folder lacked them and the same sweep run again reran them.
  for (const [id, d] of from) copyRun(d, dir, id);
  const t = writeTables(dir, plan, records);
  return {
    dir,
    runs: plan.runs.length,
    copied: from.size,
    ...t,
    ...(hashes ? {} : { uncheckedModel: spec.model }),
  };
}

/**
 * A spec's fields that decide its runs and their folders' bytes (not its name, kept series, objective or search): a
 * sweep's or a sizing's resume may change the others.
 */
const RUN_FIELDS = new Set([
  'model',
  'vary',
  'cases',
  'decide',
  'replicates',
  'seed',
  'crn',
  'duration',
  'step',
  'set',
  'timestamps',
]);

/**
 * A sizing's fields that decide its answer from the runs: its shards share one, as the merge makes the search by it
 * (a shard of another --minimize or --require replaced the others' size.json, and the merge answered by the last).
 */
const ANSWER_FIELDS = new Set(['minimize', 'require', 'search', 'prune']);

/**
 * Each other folder's spec (sweep.json, size.json) is this one's in what decides the runs (and a sizing's answer,
 * ANSWER_FIELDS), but for the folder its model file is in (the same sweep run from another checkout): else it is the
 * one-line error naming what differs.
 */
export function sameSpec<T extends object>(
  dir: string,
  file: string,
  spec: T,
  more: readonly string[],
  read: (d: string) => T | undefined,
  what: string,
): void {
  const kind = what === 'sweep' ? 'sweep' : 'sizing';
  for (const d of more) {
    // A folder mistyped, or one that holds no run results (its runs/ given for it), was skipped: merge then said the
    // shard it should have held was 'never started', or wrote the tables without a word when the first had them all.
    const expected = `a folder of this ${what}'s shards (with ${file} or runs/), as ${dir} is`;
    if (!existsSync(d)) throw new InputError(d, '', expected, 'no such folder');
    if (!statSync(d).isDirectory()) throw new InputError(d, '', expected, 'a file');
    const foreign = otherKind(d, kind);
    if (foreign) throw new InputError(d, '', expected, `a ${foreign[1]}'s folder (${foreign[0]})`);
    const other = read(d);
    if (other === undefined) {
      // A shard's runs without its spec (moved without it) still merge: their seeds and hashes are checked.
      if (!existsSync(join(d, 'runs'))) throw new InputError(d, '', expected, `neither ${file} nor runs/`);
      continue;
    }
    const differ = specDifference(spec, other, 'it has', kind === 'sizing');
    if (differ)
      throw new InputError(
        join(d, file),
        '',
        `the ${what} of ${join(dir, file)} (merge joins the shards of one ${what})`,
        `another: ${differ}`,
      );
  }
}

/**
 * What `theirs` gives otherwise than `mine` in the fields that decide the runs ('set [...] where it has [...]'), and
 * with `answer` a sizing's answer too, but for the folder of its model file (the same sweep run from another
 * checkout); '' when they agree.
 */
function specDifference<T extends object>(mine: T, theirs: T, where: string, answer: boolean): string {
  const fields = (s: T): Record<string, string> =>
    Object.fromEntries(
      Object.entries(s)
        .filter(([k]) => RUN_FIELDS.has(k) || (answer && ANSWER_FIELDS.has(k)))
        .map(([k, v]) => [k, JSON.stringify(k === 'model' && typeof v === 'string' ? basename(v) : v)]),
    );
  const [a, b] = [fields(mine), fields(theirs)];
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => a[k] !== b[k])
    .map((k) => `${k} ${b[k] ?? 'not given'} where ${where} ${a[k] ?? 'not given'}`)
    .join('; ');
}

/**
 * A shard joins the sweep (sizing) its folder's other shards ran: a shard of another one (another --set, seed, --vary,
 * in a resubmitted task) replaced their sweep.json, and merge then took theirs for the foreign results and named those
 * shards to rerun, with this one's command.
 */
export function checkShardJoins<T extends object>(
  dir: string,
  file: string,
  spec: T,
  shard: Shard,
  read: (d: string) => T | undefined,
  what: 'sweep' | 'sizing',
): void {
  const there = read(dir);
  if (!there || !isShard(shard)) return;
  const others = readShardRecords(dir).filter((r) => r.index !== shard.k - 1 || r.shards !== shard.n);
  if (others.length === 0) return;
  const differ = specDifference(spec, there, 'this command has', what === 'sizing');
  if (!differ) return;
  // The same runs ranked otherwise: the shard's runs are the others', its criteria are not.
  const sameRuns = specDifference(spec, there, 'this command has', false) === '';
  throw new InputError(
    join(dir, file),
    '',
    `the ${what} this shard's command gives (the shards of one ${what} share a folder; ${counted(others.length, 'other shard')} ran in ${dir})`,
    `another: ${differ}: ${
      sameRuns
        ? `give every shard the same --minimize, --require and --search (the merge answers by one); to rank the runs otherwise once merged, run this dcpsim size command with the other criteria, --out ${dir} and no --shard (it runs none)`
        : `give this ${what} another --out, or remove ${dir} to start it anew`
    }`,
  );
}

/**
 * Each point's model hash, or undefined when the model file is not on this machine (a sweep's folder moved
 * elsewhere): then records are taken by their seed, and the merge's result says the model could not be checked.
 */
export function pointHashes<P extends { id: string }>(
  model: string,
  points: readonly P[],
  hashOf: (p: P) => string,
): Map<string, string> | undefined {
  if (!existsSync(model)) return undefined;
  return new Map(points.map((p) => [p.id, hashOf(p)]));
}

/** A summary without the model file's path as the run named it (relative to where it ran): its results. */
function resultText(r: RunRecord): string {
  const s: RunSummary | undefined = r.summary;
  return JSON.stringify([r.error ?? null, s ? { ...s, model: { ...s.model, file: undefined } } : null]);
}

/**
 * A run's record of this sweep (its seed and its point's model hash) in the first of `dirs` that holds one, with
 * the folders holding a record of that run from a different sweep. A successful record is taken over a failed one
 * wherever each is. Two folders holding different results of the run (a shard run twice, by different code or on
 * different data) is the one-line error: which is right is unknown.
 */
export function recordOf(
  dirs: readonly string[],
  run: PlannedRun,
  /** The point's model hash; undefined: not checked (the model is not here). */
  hash: string | undefined,
): { record?: RunRecord; from?: string; foreign: string[] } {
  let record: RunRecord | undefined;
  let from: string | undefined;
  const foreign: string[] = [];
  for (const d of dirs) {
    const r = readRecord(d, run.id);
    if (r === undefined) continue;
    if (r.seed !== run.seed || (hash !== undefined && r.point_hash !== hash)) foreign.push(d);
    else if (record === undefined) (record = r), (from = d);
    // A run that failed in one folder (out of memory on a smaller node) and succeeded in another (the task requeued
    // elsewhere): the result stands, as a resume reruns a failed run. A failure is no result to disagree with.
    else if (record.summary === undefined && r.summary !== undefined) (record = r), (from = d);
    else if (r.summary === undefined) continue;
    else if (resultText(r) !== resultText(record))
      throw new InputError(
        dirs[0],
        '',
        'one result per run (a shard run twice gives the same result)',
        `two different results of run ${run.id} (point ${run.point.index + 1}, replicate ${run.replicate}), in ${from} and ${d}: remove the folder of the wrong one (another version of dcpsim or its data?) and merge again`,
      );
  }
  return { record, from, foreign };
}

/** ", of which 3 in /b hold results of a different sweep (...)": why runs with records count as missing. */
export function foreignText(foreign: ReadonlyMap<string, number>, specFile: string, what = 'sweep'): string {
  if (foreign.size === 0) return '';
  const where = [...foreign].map(([d, k]) => `${k} in ${d}`).join(', ');
  return ` (${where} ${[...foreign.values()].reduce((a, b) => a + b, 0) === 1 ? 'is the result' : 'are results'} of a different ${what}: another model, --set, --duration, --step, data file or seed than ${specFile})`;
}

/**
 * Every run's record, from `dir` or the extra folders; else the error that says which shards to rerun. A record
 * with another seed or model hash (an older sweep in the same folder, or a shard of a different sweep) is not this
 * sweep's result: the run counts as missing, and the error says where those records are.
 */
function collect(
  dir: string,
  more: readonly string[],
  plan: Plan,
  hashes: ReadonlyMap<string, string> | undefined,
): { records: Map<string, RunRecord>; from: Map<string, string> } {
  const records = new Map<string, RunRecord>();
  const from = new Map<string, string>();
  const missing: PlannedRun[] = [];
  const foreign = new Map<string, number>();
  for (const run of plan.runs) {
    const r = recordOf([dir, ...more], run, hashes?.get(run.point.id));
    if (r.record) {
      records.set(run.id, r.record);
      if (r.from !== dir) from.set(run.id, r.from!);
    } else {
      missing.push(run);
      for (const d of r.foreign) foreign.set(d, (foreign.get(d) ?? 0) + 1);
    }
  }
  if (missing.length > 0) {
    throw new InputError(
      dir,
      '',
      `results of all ${plan.runs.length} runs`,
      `${missing.length} missing${foreignText(foreign, join(dir, 'sweep.json'))}${whichShards(missing, [dir, ...more])}`,
    );
  }
  return { records, from };
}

/**
 * Which shards hold the missing runs, by the shard count the latest shard
 * process used, and what each of them last did: what to rerun.
 */
export function whichShards(
  missing: readonly PlannedRun[],
  dirs: readonly string[],
  kind: 'sweep' | 'sizing' = 'sweep',
): string {
  const shardRecords = dirs
    .flatMap((d) => readShardRecords(d))
    .sort((a, b) => a.started_utc.localeCompare(b.started_utc));
  const n = shardRecords.at(-1)?.shards;
  // A sizing's runs are its candidates', and its command is dcpsim size: 'run the same sweep again' named neither.
  if (n === undefined)
    return kind === 'sizing'
      ? `, like ${missing[0].id} (candidate ${missing[0].point.index + 1}): run the same dcpsim size command again to complete them`
      : `, like ${missing[0].id} (point ${missing[0].point.index + 1}): run the same sweep again to complete them`;
  const idx = [...new Set(missing.map((r) => r.point.index % n))].sort((a, b) => a - b);
  const state = (i: number): string => {
    const r = shardRecords.filter((x) => x.shards === n && x.index === i).at(-1);
    if (!r) return 'never started';
    return r.state === 'running'
      ? `started ${r.started_utc.slice(0, 19)}Z on ${r.host}, not finished`
      : `${r.state} ${r.ended_utc?.slice(0, 19) ?? ''}Z`;
  };
  const s = idx.length === 1 ? '' : 's';
  return ` in shard${s} ${idx.map((i) => `${i} (${state(i)})`).join(', ')} of 0..${n - 1}: rerun array task${s} ${idx.join(',')} with --shards ${n} (sbatch --array=${idx.join(',')}), or --shard ${idx.map((i) => `${i + 1}/${n}`).join(' ')}`;
}
