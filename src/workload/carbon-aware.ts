/**
 * Carbon-aware training (issue 17, a first part): a run with `carbon_aware`
 * is held back while the grid's carbon intensity is above its threshold: it
 * pauses at its next checkpoint (as for a shortage, src/workload/pause.ts)
 * and resumes when the intensity is at or below the threshold again. With a
 * deadline it defers only while it can still finish by then at full speed:
 * from its latest start (the deadline less the time it still needs,
 * `remainingAtFullS`) it runs whatever the grid. Decisions are taken when
 * anything changes (each hour of a carbon trace is a change) and at each
 * held run's latest start, for which the workload sets a wake-up.
 */
import type { TrainingRun } from './training.ts';

/** The latest time the run can resume and still finish by its deadline, s (Infinity without one). */
export function latestStartS(run: TrainingRun): number {
  const d = run.spec.deadlineS;
  return d === undefined ? Infinity : d - run.remainingAtFullS();
}

/** Is the run held back now, with the grid at `carbonKgPerJ`? */
export function heldByCarbon(run: TrainingRun, carbonKgPerJ: number, now: number): boolean {
  const above = run.spec.carbonAboveKgPerJ;
  return above !== undefined && carbonKgPerJ > above && now < latestStartS(run);
}
