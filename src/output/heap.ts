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
import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How far past the last live size the heap may grow before a full collection: 16 MiB (32 before: 11 MiB more at the peak of `npm start`, no less CPU). */
const SLACK = 16 * 2 ** 20;

let collect: (() => void) | null | undefined;

/** V8's full collection, exposed through Node's public flag API (null if that fails). */
export function fullCollection(): (() => void) | null {
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

/**
 * The young generation's largest size in a command-line run: 4 MiB of V8's new space, where node's
 * `--max-semi-space-size=2` stops it. V8 doubles it (1 MiB at start) whenever most of it survives a collection:
 * loading the run's code did so three times and a bench-30d run once more (16 MiB, a fifth of its peak RSS).
 * Capped, that run peaks 6 MiB lower at no more CPU.
 */
const YOUNG_MAX = 4 * 2 ** 20;

/** Where capYoungGeneration's cap stands: the run's code loading, the run growing it to YOUNG_MAX, in place. */
let young: 'loading' | 'running' | 'capped' | undefined;

/** A V8 flag set from inside the process; false if the engine refused it. */
function setFlag(flag: string): boolean {
  try {
    setFlagsFromString(flag);
    return true;
  } catch {
    return false;
  }
}

/**
 * For `dcpsim run`, a process of its own, before the run's code loads: keeps the young generation small (YOUNG_MAX).
 * The size V8 may grow it to is fixed when the process starts (node's command line, which `dcpsim` cannot set for
 * itself), but the factor it grows by is read at each growth: 1 stops it. While the code loads (most of what it
 * allocates lives on) the young generation keeps its starting size; the run (markOnAllocationOnly) lets it double
 * again and HeapCap.check stops it at YOUNG_MAX. The flags are the process's own, so a sweep's threads never set
 * them; they change when V8 collects, never a number.
 */
export function capYoungGeneration(): void {
  if (setFlag('--semi-space-growth-factor=1')) young = 'loading';
}

/** Lets the young generation grow as V8 chooses again (after a run, before its workbook). */
export function freeYoungGeneration(): void {
  if (young !== undefined) setFlag('--semi-space-growth-factor=2');
  young = undefined;
}

function youngSize(): number {
  for (const s of getHeapSpaceStatistics()) if (s.space_name === 'new_space') return s.space_size;
  return 0;
}

export class HeapCap {
  private live = getHeapStatistics().used_heap_size;

  /** Call now and then (every thousand rows): collects when the heap has grown SLACK past the last live size. */
  check(): void {
    if (young === 'running' && youngSize() >= YOUNG_MAX && setFlag('--semi-space-growth-factor=1')) young = 'capped';
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
  // An engine without the flag: the run is the same, with more memory.
  setFlag('--no-incremental-marking-task');
  if (young !== 'loading') return;
  // The code loaded with a small young generation left more in the old one, and in 4 runs of 10 V8 began marking
  // it mid-run and from then on kept every young survivor (bench-30d peaked at 78 MiB, else 67): one full
  // collection now, a few milliseconds, and none did.
  fullCollection()?.();
  if (setFlag('--semi-space-growth-factor=2')) young = 'running';
}
