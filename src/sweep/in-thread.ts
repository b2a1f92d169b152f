/**
 * A sweep runner in the command's own thread, for a pool of one: it saves
 * starting a worker thread, which loads all the run code a second time
 * (about 0.2 s of CPU, most of a short sweep's fixed cost), and its runs
 * use the code the command's thread already compiled while checking the
 * points. It speaks the part of a Worker's interface the pool uses.
 *
 * Each run lets the event loop in between slices (runTaskAsync), so the
 * pool's signals and timers get their turn. A run's memory bound is kept by
 * watching the heap: a run whose heap, after a full collection, has grown
 * past the bound is stopped and reported as a worker thread out of memory
 * is, so it fails alone with the same reason.
 */
import { EventEmitter } from 'node:events';
import { getHeapStatistics } from 'node:v8';
import { fullCollection } from '../kernel/garbage-collection.ts';
import { runTaskAsync, type RunTask } from './task.ts';

const MB = 2 ** 20;
/** How often the heap is looked at while a run is in flight, ms. */
const WATCH_MS = 10;
/** Why a run was stopped by terminate() (not an error of the run's). */
const TERMINATED = Symbol('terminated');

export class InThreadRunner extends EventEmitter {
  private inFlight: Promise<void> = Promise.resolve();
  private ctl?: AbortController;

  /** `memoryMb`: each run's heap bound, its growth over the heap in use when it starts. */
  constructor(private readonly memoryMb?: number) {
    super();
  }

  postMessage(t: RunTask): void {
    const ctl = new AbortController();
    this.ctl = ctl;
    const start = getHeapStatistics().used_heap_size;
    const bound = this.memoryMb === undefined ? Infinity : start + this.memoryMb * MB;
    const watch = setInterval(() => {
      if (getHeapStatistics().used_heap_size <= bound) return;
      fullCollection()?.();
      if (getHeapStatistics().used_heap_size <= bound) return;
      ctl.abort(Object.assign(new Error('out of memory'), { code: 'ERR_WORKER_OUT_OF_MEMORY' }));
    }, WATCH_MS);
    watch.unref();
    this.inFlight = runTaskAsync(t, ctl.signal).then(
      (report) => {
        clearInterval(watch);
        this.emit('message', report);
      },
      (e) => {
        clearInterval(watch);
        if (e !== TERMINATED) this.emit('error', e);
      },
    );
  }

  /** Stop the run in flight (its folder left as before it) and resolve once it has. */
  async terminate(): Promise<number> {
    this.ctl?.abort(TERMINATED);
    await this.inFlight;
    return 0;
  }

  ref(): void {}
  unref(): void {}
}
