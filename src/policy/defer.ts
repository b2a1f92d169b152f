/**
 * Deferral (issue 17): a run with `carbon_aware` or `price_aware` rules is
 * held back while any rule holds it: the signal now is above its threshold,
 * or the hour is not among the best forecast hours of its day or week. A
 * held run pauses at its next checkpoint (as for a shortage,
 * src/workload/pause.ts) and resumes when no rule holds it. With a deadline
 * it defers only while it can still finish by then at full speed: from its
 * latest start (the deadline less the time it still needs,
 * `remainingAtFullS`) it runs whatever the grid. Decisions are taken when
 * anything changes (each hour of a trace is a change; with a best-hours
 * rule every clock hour is) and at each held run's latest start, for which
 * the workload sets a wake-up.
 */
import { isAbove } from '../model/units.ts';
import type { TrainingRun } from '../workload/training.ts';
import type { GridSignals } from './signal.ts';
import type { AwareRule } from './schema.ts';

/** The latest time the run can resume and still finish by its deadline, s (Infinity without one). */
export function latestStartS(run: TrainingRun): number {
  const d = run.spec.deadlineS;
  return d === undefined ? Infinity : d - run.remainingAtFullS();
}

/**
 * Does any of the rules hold work back at `now`? A run is held while they do and it is before its latest start
 * (`latestStartS`): the workload decides each list of rules once an instant (src/workload/workload.ts).
 */
export function rulesHold(rules: readonly AwareRule[], signals: GridSignals, now: number): boolean {
  for (const r of rules) {
    if (
      r.above !== undefined
        ? isAbove(signals.now(r.signal), r.above)
        : !signals.inBest(r.key, r.signal, r.forecastError, r.best!, now)
    )
      return true;
  }
  return false;
}
