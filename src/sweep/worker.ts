/**
 * A sweep worker thread: runs one run per message, writes its result record
 * last (atomically, so its presence proves the run complete) and reports back.
 * A run that throws writes a record with the error; the sweep goes on.
 */
import { parentPort } from 'node:worker_threads';
import { runScenario } from '../run.ts';
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

/** Run one task and write its record; used by worker threads (and directly by tests). */
export function runTask(t: RunTask): RunReport {
  const { run } = t;
  const base: RunRecord = {
    id: run.id,
    replicate: run.replicate,
    seed: run.seed,
    values: run.point.values,
    point_hash: t.pointHash,
  };
  try {
    const r = runScenario(runOptions(t.spec, run, runDir(t.dir, run.id)));
    writeRecord(t.dir, { ...base, summary: r.summary });
    return { id: run.id };
  } catch (e) {
    const error = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    writeRecord(t.dir, { ...base, error });
    return { id: run.id, error };
  }
}

parentPort?.on('message', (t: RunTask) => {
  parentPort!.postMessage(runTask(t));
});
