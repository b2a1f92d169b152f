/**
 * A pool of worker threads fed one run at a time (runs differ in cost, so
 * pulling work beats splitting it up front). A worker that dies takes only
 * its run with it: that run is recorded as failed and a new worker takes its
 * place. stop() terminates the workers and clears the runs in flight, so no
 * half-written file is left to look complete.
 */
import { Worker } from 'node:worker_threads';
import { clearRun, writeRecord } from './store.ts';
import type { RunReport, RunTask } from './worker.ts';
import { workerEntry } from './bundle.ts';


export interface PoolEvents {
  start?(id: string): void;
  done?(report: RunReport): void;
}

export interface PoolResult {
  /** True when stopped before the queue was empty. */
  stopped: boolean;
}

export async function runPool(tasks: readonly RunTask[], workers: number, events: PoolEvents = {}, signal?: AbortSignal): Promise<PoolResult> {
  const entry = workerEntry();
  const queue = [...tasks];
  const busy = new Map<Worker, RunTask>();
  const all = new Set<Worker>();
  let stopped = false;
  let finish: (r: PoolResult) => void = () => {};
  const result = new Promise<PoolResult>((res) => (finish = res));

  const settle = (): void => {
    if (!stopped && queue.length === 0 && busy.size === 0) {
      for (const w of all) void w.terminate();
      all.clear();
      signal?.removeEventListener('abort', stop);
      finish({ stopped: false });
    }
  };

  const feed = (w: Worker): void => {
    const t = queue.shift();
    if (t === undefined) {
      all.delete(w);
      void w.terminate();
      settle();
      return;
    }
    busy.set(w, t);
    clearRun(t.dir, t.run.id);
    events.start?.(t.run.id);
    w.postMessage(t);
  };

  const lost = (w: Worker, why: string): void => {
    if (stopped || !all.has(w)) return;
    all.delete(w);
    const t = busy.get(w);
    busy.delete(w);
    if (t) {
      const error = `worker died: ${why.split('\n')[0]}`;
      clearRun(t.dir, t.run.id);
      writeRecord(t.dir, { id: t.run.id, replicate: t.run.replicate, seed: t.run.seed, values: t.run.point.values, point_hash: t.pointHash, error });
      events.done?.({ id: t.run.id, error });
    }
    if (queue.length > 0) spawn();
    settle();
  };

  const spawn = (): void => {
    const w = new Worker(entry);
    all.add(w);
    w.on('message', (r: RunReport) => {
      if (stopped) return;
      busy.delete(w);
      events.done?.(r);
      feed(w);
    });
    w.on('error', (e) => lost(w, e instanceof Error ? e.message : String(e)));
    w.on('exit', (code) => lost(w, `exit code ${code}`));
    feed(w);
  };

  function stop(): void {
    if (stopped) return;
    stopped = true;
    const inFlight = [...busy.values()];
    busy.clear();
    void Promise.all([...all].map((w) => w.terminate())).then(() => {
      for (const t of inFlight) clearRun(t.dir, t.run.id);
      finish({ stopped: true });
    });
    all.clear();
  }

  if (signal?.aborted) stop();
  else {
    signal?.addEventListener('abort', stop);
    for (let i = 0; i < Math.min(workers, queue.length); i++) spawn();
    settle();
  }
  return result;
}
