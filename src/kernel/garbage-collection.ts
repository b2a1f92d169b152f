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
import { createRequire } from 'node:module';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';

/** How far past the last live size the heap may grow before a full collection: 16 MiB (32 before: 11 MiB more at the peak of `npm start`, no less CPU). */
const SLACK = 16 * 2 ** 20;

let collect: (() => void) | null | undefined;

/** V8's full collection, exposed through Node's public flag API (null if that fails); node:vm loads at the first call (a short run never makes it). */
export function fullCollection(): (() => void) | null {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const { runInNewContext }: typeof import('node:vm') = createRequire(import.meta.url)('node:vm');
      collect = runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  return collect;
}

/**
 * For `dcpsim run`, a process of its own, once the run's code has loaded: the young generation stops growing (hold
 * true) until the run is over (false). V8 doubles it whenever most of it survives a collection: loading the code takes
 * it from 1 to 8 MiB and a bench-30d run then to 16 MiB, 8 MiB more at the peak for no less CPU. How far it may grow
 * is fixed when the process starts (node's `--max-semi-space-size`, which `dcpsim` cannot give itself), but the factor
 * it grows by is read at each growth, and 1 stops it. Held smaller (1 MiB while the code loads, then 4 MiB, as
 * `--max-semi-space-size=2` does) most runs peaked 3 MiB lower still, but one in four to nine, and nearly every run of
 * a build minified by esbuild, promoted about a megabyte at each minor collection from some point on and peaked at
 * 76-79 MiB: at 8 MiB none did. The flag is the process's own, so a sweep's threads never set it; it changes when V8
 * collects, never a number.
 */
export function holdYoungGeneration(hold: boolean): void {
  try {
    setFlagsFromString(`--semi-space-growth-factor=${hold ? 1 : 2}`);
  } catch {
    // An engine without the flag: the run is the same, with more memory.
  }
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
