/**
 * A sweep's folder on disk:
 *
 *   runs/<sweep>/sweep.json            the spec (plan inputs)
 *   runs/<sweep>/runs/<run id>/        one run: summary.json, timeseries.csv if kept,
 *                               result.json   written last, atomically: the proof the run is complete
 *   runs/<sweep>/claims/<run id>       held while a process runs it (claim.ts)
 *   runs/<sweep>/shards/<i>-of-<N>.json   what each shard process did: for merge's messages
 *   runs/<sweep>/summary.csv, points.csv
 *
 * Results are keyed by run id, never by who ran them, so the same files come
 * out of one machine, N workers or N shards.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { describeFound, InputError, isSystemError, type SystemError, systemFound } from '../model/errors.ts';
import { writeFileAtomic } from '../output/files/atomic.ts';
import { isCommitLeftover } from '../output/files/commit.ts';
import type { RunSummary } from '../output/tables/summary.ts';
import type { PlannedRun } from './plan.ts';
import type { SweepSpec } from './spec.ts';

export interface RunRecord {
  id: string;
  replicate: number;
  seed: number;
  /** The point's values. */
  values: Record<string, string>;
  /** Hash of the point's effective model without the run seed (see plan.ts checkPoint). */
  point_hash: string;
  /** The run's tables wrote ISO date-times (absent: the default, excel). */
  iso?: true;
  /** Present when the run succeeded. */
  summary?: RunSummary;
  /** First line of the error when it failed. */
  error?: string;
}

const SPEC_FILE = 'sweep.json';

/** The file that marks each kind of output folder. */
const KIND_FILES = [
  ['summary.json', 'run'],
  [SPEC_FILE, 'sweep'],
  ['size.json', 'sizing'],
] as const;

/** The file marking `dir` as another kind of output folder than a `kind`'s, and that kind, if it is one. */
export function otherKind(dir: string, kind: 'sweep' | 'sizing'): readonly [string, string] | undefined {
  return KIND_FILES.find(([file, k]) => k !== kind && existsSync(join(dir, file)));
}

/**
 * Refuse, before anything is written, a folder that holds another kind of output than a `kind`'s: a run's, a
 * sweep's or a sizing's. Their tables share names (summary.csv, points.csv), so one written into another's folder
 * would leave half of each, the figures of one read as the other's.
 */
export function checkFolderKind(dir: string, kind: 'sweep' | 'sizing'): void {
  // A file where the folder goes (--out given a file): said as a run says it, not by the system error's code.
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw new InputError(dir, '', `a folder for the ${kind}`, 'a file');
  // Below a file (--out notes.txt/sweep), the same: it said 'expected a file or folder dcpsim can use' of the absolute
  // path, where a run, a report and charts name the folder by its role (8470868).
  let up = dirname(dir);
  while (up !== dirname(up) && !existsSync(up)) up = dirname(up);
  if (existsSync(up) && !statSync(up).isDirectory())
    throw new InputError(dir, '', `a folder for the ${kind}`, systemFound({ code: 'ENOTDIR' } as SystemError));
  const other = otherKind(dir, kind);
  if (other)
    throw new InputError(
      dir,
      '',
      `an empty folder or a ${kind} folder`,
      `a ${other[1]}'s folder (${other[0]}); choose another --out`,
    );
}

export function runDir(dir: string, id: string): string {
  return join(dir, 'runs', id);
}

export function resultFile(dir: string, id: string): string {
  return join(runDir(dir, id), 'result.json');
}

export function writeRecord(dir: string, r: RunRecord): void {
  writeFileAtomic(resultFile(dir, r.id), `${JSON.stringify(r, null, 2)}\n`);
}

/** The run's record, or undefined if there is none (or it is unreadable: a foreign file). */
export function readRecord(dir: string, id: string): RunRecord | undefined {
  const f = resultFile(dir, id);
  if (!existsSync(f)) return undefined;
  try {
    const r = JSON.parse(readFileSync(f, 'utf8')) as RunRecord;
    return r && r.id === id ? r : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Is a run done, for resume: a successful record with this run's id, model hash and seed, its tables' timestamp
 * style, and its series if asked.
 */
export function isComplete(dir: string, run: PlannedRun, pointHash: string): boolean {
  const r = readRecord(dir, run.id);
  if (!r || r.summary === undefined || r.point_hash !== pointHash || r.seed !== run.seed) return false;
  if (r.iso !== run.iso) return false;
  return !run.series || existsSync(join(runDir(dir, run.id), 'timeseries.csv'));
}

/**
 * Empty a run's folder before it runs again, or after it was stopped: an old
 * result, an old series, and what an interrupted write left beside it (the
 * run-folder lock and hidden folders of src/output/files/commit.ts). Only the
 * process holding the run's claim calls this, so nothing else is writing it.
 */
export function clearRun(dir: string, id: string, { writerKilled = false } = {}): void {
  rmSync(runDir(dir, id), { recursive: true, force: true });
  const parent = join(dir, 'runs');
  // A writer that ended on its own leaves its lock if it left anything: without one there is nothing beside the run,
  // and no listing of runs/, which grows with the sweep (24 ms at 10,000 runs, for every run). One killed (a worker
  // terminated, or lost) may have stopped while taking the lock, between its temporary file and the lock itself:
  // list runs/ then (a few runs a sweep at most).
  if (!writerKilled && !existsSync(join(parent, `.${id}.lock`))) return;
  // No runs/ yet (stopped in a fresh folder's first runs, before any wrote it): nothing can be beside the run.
  if (!existsSync(parent)) return;
  for (const e of readdirSync(parent))
    if (isCommitLeftover(e, id)) rmSync(join(parent, e), { recursive: true, force: true });
}

export function writeSpec(dir: string, spec: SweepSpec): void {
  const text = `${JSON.stringify(spec, null, 2)}\n`;
  const f = join(dir, SPEC_FILE);
  if (existsSync(f) && readFileSync(f, 'utf8') === text) return;
  try {
    // On a full disk, a sweep folder made for it goes with it (writeFileAtomic): an empty one was left (out61).
    writeFileAtomic(f, text);
  } catch (e) {
    // Shards starting together on shared storage may race to write the same spec: the same text is fine.
    if (!(existsSync(f) && readFileSync(f, 'utf8') === text)) throw e;
  }
}

export function readSpec(dir: string): SweepSpec | undefined {
  return readSpecFile<SweepSpec>(join(dir, SPEC_FILE), 'dcpsim sweep');
}

/**
 * A sweep's or sizing's saved spec (sweep.json, size.json), or undefined when there is none. A file that is not the
 * JSON object dcpsim wrote (cut short, edited) is the one-line error, where merge printed JSON.parse's message alone
 * ("Expected property name or '}' in JSON at position 2") as an internal error, exit 70.
 */
export function readSpecFile<T>(file: string, writer: string): T | undefined {
  if (!existsSync(file)) return undefined;
  const expected = `the JSON object ${writer} writes`;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(
      file,
      '',
      expected,
      isSystemError(e) ? systemFound(e) : `text that is not JSON (${(e as Error).message})`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InputError(file, '', expected, describeFound(value));
  return value as T;
}

/** What one shard process did, for merge to say which shards to rerun and why. */
interface ShardRecord {
  /** 0-based, as an array task id. */
  index: number;
  shards: number;
  /** "--shard", "slurm", "kubernetes", "aws-batch". */
  source: string;
  host: string;
  pid: number;
  state: 'running' | 'done' | 'stopped';
  started_utc: string;
  ended_utc?: string;
  /** Runs in the shard, and how many were complete (ok or failed) when it ended. */
  runs: number;
  complete?: number;
}

function shardFile(dir: string, index: number, shards: number): string {
  return join(dir, 'shards', `${index}-of-${shards}.json`);
}

export function writeShardRecord(dir: string, r: Omit<ShardRecord, 'host' | 'pid'>): void {
  writeFileAtomic(
    shardFile(dir, r.index, r.shards),
    `${JSON.stringify({ ...r, host: hostname(), pid: process.pid }, null, 2)}\n`,
  );
}

/** The shard records in a sweep folder (unreadable ones skipped). */
export function readShardRecords(dir: string): ShardRecord[] {
  const d = join(dir, 'shards');
  if (!existsSync(d)) return [];
  return readdirSync(d)
    .filter((f) => /^\d+-of-\d+\.json$/.test(f))
    .flatMap((f) => {
      try {
        return [JSON.parse(readFileSync(join(d, f), 'utf8')) as ShardRecord];
      } catch {
        return [];
      }
    });
}
