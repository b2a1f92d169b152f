/**
 * A pool of worker threads fed one run at a time (runs differ in cost, so
 * pulling work beats splitting it up front). Each run is claimed first
 * (claim.ts): a run another live process is running waits until that process
 * has written its record (then it counts as done elsewhere) or died (then it
 * is taken over). A worker that dies, or runs out of its memory bound, takes
 * only its run with it: that run is recorded as failed with the reason and a
 * new worker takes its place. stop() terminates the workers and clears the
 * runs in flight, so no half-written file is left to look complete; a folder
 * that cannot take a run's record or claim (a full disk) stops the pool the
 * same way and rejects with the one-line error. A pool of one may run in the
 * command's own thread instead (in-thread.ts).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { asInputError, InputError } from '../model/errors.ts';
import { threadEntry } from '../package.ts';
import { Claims, holder } from './claim.ts';
import { clearRun, isComplete, readRecord, writeRecord } from './store.ts';
import type { RunReport, RunTask } from './task.ts';
import { InThreadRunner } from './in-thread.ts';

/** A worker thread, or the runner in the command's own thread. */
type Runner = Worker | InThreadRunner;

interface PoolEvents {
  start?(id: string): void;
  done?(report: RunReport): void;
  /** A run another process completed (its record written) while this one waited or queued it. */
  elsewhere?(id: string): void;
  /** A run another live process holds: this pool waits for it. */
  waiting?(id: string, who: string): void;
}

interface PoolOptions {
  /** Heap bound of each worker thread, MB (V8's old generation): a run that needs more fails alone. */
  memoryMb?: number;
  /** The worker module (tests give their own). */
  entry?: URL;
  /** How often to look again at runs held by another process, ms. */
  pollMs?: number;
  /**
   * Idle workers to take before starting new ones, and where this pool leaves its workers
   * when it is done with them, for the next pool (a sizing runs one pool per batch): the
   * caller terminates them at the end. Same entry and memory bound.
   */
  reuse?: Worker[];
  /** Run in this thread (a pool of one worker, no reuse): no thread to start, no second load of the code. */
  inThread?: boolean;
}

interface PoolResult {
  /** True when stopped before the queue was empty. */
  stopped: boolean;
}

/**
 * The cores this process may use: those it may run on, fewer under a cgroup CPU quota (a Kubernetes or Docker CPU
 * limit, which limits CPU time, not cores: cgroup v2's cpu.max, v1's cfs_quota_us over cfs_period_us), whole and at
 * least one (as Go's automaxprocs rounds a quota down). Until 7 December 2026 a pod limited to 4 CPUs on a 64-core
 * node ran 64 workers, each with a 64th of the memory.
 */
export function usableCores(
  read: (path: string) => string = (path) => readFileSync(path, 'utf8'),
  cores: number = availableParallelism(),
): number {
  const quota = cpuQuota(read);
  return quota === undefined ? cores : Math.min(cores, Math.max(1, Math.floor(quota)));
}

/** The CPUs a cgroup quota gives, or undefined where there is none (or none readable). */
function cpuQuota(read: (path: string) => string): number | undefined {
  const ratio = (quota: number, period: number): number | undefined =>
    quota > 0 && period > 0 && Number.isFinite(quota / period) ? quota / period : undefined;
  const attempt = (f: () => number | undefined): number | undefined => {
    try {
      return f();
    } catch {
      return undefined;
    }
  };
  const v2 = attempt(() => {
    const [quota, period] = read('/sys/fs/cgroup/cpu.max').trim().split(/\s+/);
    return quota === 'max' ? undefined : ratio(Number(quota), Number(period));
  });
  return (
    v2 ??
    attempt(() =>
      ratio(Number(read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us')), Number(read('/sys/fs/cgroup/cpu/cpu.cfs_period_us'))),
    )
  );
}

/** The worker threads of a sweep or sizing: --workers, else one a core this process may use. */
export function workerCount(given: number | undefined): number {
  const workers = given ?? usableCores();
  if (!Number.isInteger(workers) || workers < 1)
    throw new InputError('--workers', '', 'a positive integer', String(workers));
  return workers;
}

/** The reason a worker died, as a run's error. */
function deathReason(e: unknown, memoryMb: number | undefined): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return `out of memory: the run needed more than the ${memoryMb ?? 'default'} MB heap each run may use (raise it with --run-memory, or run fewer workers)`;
  }
  const msg = e instanceof Error ? e.message : String(e);
  return `worker died: ${msg.split('\n')[0]}`;
}

export async function runPool(
  tasks: readonly RunTask[],
  workers: number,
  events: PoolEvents = {},
  signal?: AbortSignal,
  opts: PoolOptions = {},
): Promise<PoolResult> {
  const queue = [...tasks];
  const waiting: RunTask[] = [];
  const busy = new Map<Runner, RunTask>();
  const all = new Set<Runner>();
  const claims = new Map<string, Claims>();
  /** Each worker's listeners of this pool, removed before it goes back to `reuse`. */
  const detach = new Map<Runner, () => void>();
  const claimsOf = (t: RunTask): Claims => {
    let c = claims.get(t.dir);
    if (!c) claims.set(t.dir, (c = new Claims(t.dir)));
    return c;
  };
  let stopped = false;
  let poll: NodeJS.Timeout | undefined;
  let finish: (r: PoolResult) => void = () => {};
  let reject: (e: unknown) => void = () => {};
  const result = new Promise<PoolResult>((res, rej) => {
    finish = res;
    reject = rej;
  });
  /** A failed write of the pool's own files (a record, a claim) as the error naming the folder that could not take it. */
  const asCannotWrite = (e: unknown): unknown =>
    asInputError(e, tasks[0]?.dir ?? '.', 'a folder it can write the runs into');
  const cannotWrite = (e: unknown): void => halt(asCannotWrite(e));
  /** A worker's event handler: what it throws stops the pool instead of the process. */
  const guarded =
    <A extends unknown[]>(f: (...a: A) => void) =>
    (...a: A): void => {
      try {
        f(...a);
      } catch (e) {
        cannotWrite(e);
      }
    };

  /** Done with a live worker: leave it for the next pool, or end it. */
  const release = (w: Runner): void => {
    if (!opts.reuse || w instanceof InThreadRunner) {
      void w.terminate();
      return;
    }
    detach.get(w)?.();
    detach.delete(w);
    w.unref();
    opts.reuse.push(w);
  };

  const settle = (): void => {
    if (!stopped && queue.length === 0 && busy.size === 0 && waiting.length === 0) {
      for (const w of all) release(w);
      all.clear();
      if (poll) clearInterval(poll);
      signal?.removeEventListener('abort', stop);
      finish({ stopped: false });
    }
  };

  /** A record of this run (ok or failed) for this seed and model. */
  const hasRecord = (t: RunTask): boolean => {
    const r = readRecord(t.dir, t.run.id);
    return (
      r !== undefined &&
      r.seed === t.run.seed &&
      r.point_hash === t.pointHash &&
      (r.summary !== undefined || r.error !== undefined)
    );
  };

  /** The record another process left for the run, once it holds no claim on it. */
  const doneElsewhere = (t: RunTask): boolean => {
    return holder(t.dir, t.run.id) === undefined && hasRecord(t);
  };

  /** Claim the next task this process can run; tasks held elsewhere go to `waiting`. */
  const next = (): RunTask | undefined => {
    for (let t = queue.shift(); t !== undefined; t = queue.shift()) {
      if (!claimsOf(t).take(t.run.id)) {
        waiting.push(t);
        events.waiting?.(t.run.id, holder(t.dir, t.run.id)?.who ?? 'another process');
        poll ??= setInterval(guarded(look), opts.pollMs ?? 1000);
        continue;
      }
      // Completed by another process since the plan was made: nothing to do.
      if (isComplete(t.dir, t.run, t.pointHash)) {
        claimsOf(t).release(t.run.id);
        events.elsewhere?.(t.run.id);
        continue;
      }
      return t;
    }
    return undefined;
  };

  /** Look again at the runs another process holds. */
  function look(): void {
    if (stopped) return;
    for (const t of [...waiting]) {
      if (doneElsewhere(t)) {
        waiting.splice(waiting.indexOf(t), 1);
        events.elsewhere?.(t.run.id);
      } else if (holder(t.dir, t.run.id)?.stale !== false) {
        // Released without a record (stopped) or its holder died: run it here.
        waiting.splice(waiting.indexOf(t), 1);
        queue.push(t);
      }
    }
    if (waiting.length === 0 && poll) {
      clearInterval(poll);
      poll = undefined;
    }
    while (queue.length > 0 && all.size < workers) spawn();
    settle();
  }

  const feed = (w: Runner): void => {
    const t = next();
    if (t === undefined) {
      all.delete(w);
      release(w);
      settle();
      return;
    }
    busy.set(w, t);
    clearRun(t.dir, t.run.id);
    events.start?.(t.run.id);
    w.postMessage(t);
  };

  const lost = (w: Runner, why: unknown): void => {
    if (stopped || !all.has(w)) return;
    all.delete(w);
    const t = busy.get(w);
    busy.delete(w);
    if (t) {
      const error = deathReason(why, opts.memoryMb);
      clearRun(t.dir, t.run.id, { writerKilled: true });
      try {
        writeRecord(t.dir, {
          id: t.run.id,
          replicate: t.run.replicate,
          seed: t.run.seed,
          values: t.run.point.values,
          point_hash: t.pointHash,
          error,
        });
      } catch (e) {
        // No record, no folder: the run is not left looking started (guarded() stops the pool).
        clearRun(t.dir, t.run.id);
        throw e;
      }
      claimsOf(t).release(t.run.id);
      events.done?.({ id: t.run.id, error });
    }
    if (queue.length > 0) spawn();
    settle();
  };

  function spawn(): void {
    const w: Runner = opts.inThread
      ? new InThreadRunner(opts.memoryMb)
      : (opts.reuse?.pop() ??
        new Worker(
          opts.entry ?? threadEntry('sweep-worker.mjs', join('sweep', 'worker.mjs')),
          opts.memoryMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: opts.memoryMb } },
        ));
    w.ref();
    all.add(w);
    const onMessage = guarded((r: RunReport): void => {
      if (stopped) return;
      const t = busy.get(w);
      busy.delete(w);
      if (t) claimsOf(t).release(t.run.id);
      events.done?.(r);
      feed(w);
    });
    const onError = guarded((e: Error): void => lost(w, e));
    const onExit = guarded((code: number): void => lost(w, new Error(`exit code ${code}`)));
    w.on('message', onMessage).on('error', onError).on('exit', onExit);
    detach.set(w, () => w.off('message', onMessage).off('error', onError).off('exit', onExit));
    feed(w);
  }

  /** Stop the workers and clear the runs in flight; then resolve as stopped, or reject with `error`. */
  function halt(error?: unknown): void {
    if (stopped) return;
    stopped = true;
    if (poll) clearInterval(poll);
    signal?.removeEventListener('abort', stop);
    const inFlight = [...busy.values()];
    busy.clear();
    void Promise.all([...all].map((w) => w.terminate())).then(() => {
      // Each step on its own: one that fails (the folder gone) leaves the others to do.
      const attempt = (f: () => void): void => {
        try {
          f();
        } catch (e) {
          error ??= asCannotWrite(e);
        }
      };
      // A run whose record was written before its worker stopped is complete (the record comes last): keep it.
      for (const t of inFlight)
        attempt(() => {
          if (!hasRecord(t)) clearRun(t.dir, t.run.id, { writerKilled: true });
        });
      for (const c of claims.values()) attempt(() => c.releaseAll());
      if (error === undefined) finish({ stopped: true });
      else reject(error);
    });
    all.clear();
  }
  function stop(): void {
    halt();
  }

  if (signal?.aborted) stop();
  else {
    signal?.addEventListener('abort', stop);
    guarded(() => {
      for (let i = 0; i < Math.min(workers, queue.length); i++) spawn();
      settle();
    })();
  }
  return result;
}
