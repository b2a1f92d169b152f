/**
 * Keeps a long run's heap flat. V8 lets old-space garbage (event handlers and
 * run state that lived through a few minor collections while pending, then
 * died) pile up towards a limit it sets from the heap early in the run, and a
 * ten-year run reached it where a one-year run did not: at the same step the
 * ten-year run's peak RSS was 1.33x the one-year run's (1 GW campus,
 * one-minute rows) though neither held more live data at the end. A full
 * collection when the heap has grown well past what was live after the last
 * one bounds the peak whatever the horizon; it changes no number.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How far past the last live size the heap may grow before a full collection: 16 MiB (32 before: 11 MiB more at the peak of `npm start`, no less CPU). */
const SLACK = 16 * 2 ** 20;

let collect: (() => void) | null | undefined;

/** V8's full collection, exposed through Node's public flag API (null if that fails). */
function fullCollection(): (() => void) | null {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  return collect;
}

export class HeapCap {
  private live = getHeapStatistics().used_heap_size;

  /** Call now and then (every thousand rows): collects when the heap has grown SLACK past the last live size. */
  check(): void {
    if (getHeapStatistics().used_heap_size < this.live + SLACK) return;
    const gc = fullCollection();
    if (!gc) return;
    gc();
    this.live = getHeapStatistics().used_heap_size;
  }
}

/**
 * For a run that lets the event loop in between slices (runScenarioAsync):
 * V8 starts incremental marking from a task when the loop turns, and with
 * the thread busy simulating between turns that marking stayed on for the
 * rest of the run: every minor collection then promoted what it found alive
 * (about 2 MB each in a bench-30d run) and the write barrier slowed every
 * store (14 MiB more peak RSS and 10 % more CPU than the same run without
 * turns). Marking started by allocation, as in a run that never yields, has
 * none of this. The flag changes when V8 collects, never a number.
 */
export function markOnAllocationOnly(): void {
  try {
    setFlagsFromString('--no-incremental-marking-task');
  } catch {
    // An engine without the flag: the run is the same, with more memory.
  }
}
