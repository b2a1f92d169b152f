/**
 * One sweep run: run it and write its result record last (atomically, so its
 * presence proves the run complete). A run that throws writes a record with
 * the error; the sweep goes on. Worker threads run tasks through runTask
 * (worker.ts); a one-runner sweep runs them in its own thread through
 * runTaskAsync (in-thread.ts).
 */
import { asInputError } from '../model/errors.ts';
import { runScenario, runScenarioAsync, type RunResult } from '../run.ts';
import { runOptions, type PlannedRun } from './plan.ts';
import type { SweepSpec } from './spec.ts';
import { runDir, writeRecord, type RunRecord } from './store.ts';

export interface RunTask {
  dir: string;
  spec: SweepSpec;
  run: PlannedRun;
  pointHash: string;
}

export interface RunReport {
  id: string;
  error?: string;
}

/** The record's fields before the outcome. */
function recordOf(t: RunTask): RunRecord {
  const { run } = t;
  return {
    id: run.id,
    replicate: run.replicate,
    seed: run.seed,
    values: run.point.values,
    point_hash: t.pointHash,
    ...(run.iso ? { iso: true as const } : {}),
  };
}

function succeeded(t: RunTask, r: RunResult): RunReport {
  writeRecord(t.dir, { ...recordOf(t), summary: r.summary });
  return { id: t.run.id };
}

function failed(t: RunTask, e: unknown): RunReport {
  // A failed system call after the run's folder was written (its record's own write on a full disk) in the words
  // the run's own failures use, not Node's 'ENOSPC: no space left on device, write'.
  const said = asInputError(e, runDir(t.dir, t.run.id), 'a folder it can write the run into');
  const error = (said instanceof Error ? said.message : String(said)).split('\n')[0];
  writeRecord(t.dir, { ...recordOf(t), error });
  return { id: t.run.id, error };
}

/** Run one task and write its record. */
export function runTask(t: RunTask): RunReport {
  try {
    return succeeded(t, runScenario(runOptions(t.spec, t.run, runDir(t.dir, t.run.id))));
  } catch (e) {
    return failed(t, e);
  }
}

/**
 * runTask letting the event loop in between slices of the run. Stopped by
 * `stop`, it writes no record and throws the stop's reason: the run's folder
 * is as it was before (src/run.ts), for the caller to clear.
 */
export async function runTaskAsync(t: RunTask, stop: AbortSignal): Promise<RunReport> {
  try {
    return succeeded(t, await runScenarioAsync(runOptions(t.spec, t.run, runDir(t.dir, t.run.id)), stop));
  } catch (e) {
    if (stop.aborted) throw stop.reason;
    return failed(t, e);
  }
}
