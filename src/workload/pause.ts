/**
 * `shortage: pause`: which runs the supply carries at full speed and which
 * pause at their next checkpoint.
 *
 * The decision is taken on the steady load: every running run (plain jobs
 * included) at its computing duty, whatever phase it is in. A checkpoint, a
 * restart or a pause lowers the load for a while but never the steady load,
 * so no such dip cancels a pause that is still needed or resumes a run the
 * supply cannot carry back (issue 10.1: a checkpoint of either run used to
 * flip the decision, so the runs paused 0 or 47 times and both ran slowed).
 * Runs are carried highest priority first, then oldest first, while the
 * steady load fits at full speed; the first that does not fit and every run
 * after it pause. A paused run resumes only when the steady load with it back
 * at full duty fits.
 *
 * Until a run to be paused reaches its checkpoint, it alone is slowed (its
 * share) so that the carried runs keep full speed; only if the carried load
 * does not fit even with those runs at share 0 is everything throttled.
 */
import { bisect } from '../kernel/bisect.ts';
import { ClusterState } from './cluster.ts';
import type { TrainingRun } from './training.ts';

/** Does the load, with every busy chip at `factor` of its duty, fit the supply and the cooling? */
export type Fits = (factor: number) => boolean;
/** The largest x in [0, 1] with fits(x) (fits is monotone in x): the power cap's bisection (src/facility/cap.ts). */
export type Largest = (fits: Fits) => number;

/** The share of full duty the steady load is tested at: 1 less a margin far above a sum's rounding, far below any load. */
const STEADY_FACTOR = 1 - 1e-12;

/**
 * Carry, pause, resume and slow `runs` (the running tasks) to fit; returns
 * the site-wide throttle factor still needed (1 when the carried load fits).
 * Runs a policy holds back (`held`: src/policy/defer.ts's rules, a scripted policy's holds) are never
 * carried: they pause at their next checkpoint like a run the supply sheds.
 */
export function fitByPausing(
  runs: readonly TrainingRun[],
  fits: Fits,
  largest: Largest,
  held?: ReadonlySet<TrainingRun>,
): number {
  // Stable sort: ties keep start order, so the decision is the same on every machine.
  const keep = (held?.size ? runs.filter((r) => !held.has(r)) : [...runs]).sort(
    (a, b) => b.priority - a.priority || a.startedS - b.startedS,
  );
  // Decided a hair below full duty: a supply that ramped to the load (a load-following SMR) caps it at what the
  // load summed to, and the same load sums a bit above or below that as runs pause and resume (the duties add in
  // the order they were first held), which paused and resumed a run without end at one instant.
  const steady = (m: number): boolean =>
    ClusterState.ifAllMoved(
      keep.map((r, i) => r.moveTo(i < m ? r.spec.duty : 0)),
      () => fits(STEADY_FACTOR),
    );
  // The largest m such that the first m runs fit at full duty (steady is monotone in m). Most
  // changes leave it where it was, the runs not paused or pausing: try that first, two probes.
  let guess = 0;
  for (const r of keep) if (!r.paused && !r.willPause) guess++;
  let m: number;
  if (guess === keep.length ? steady(guess) : steady(guess) && !steady(guess + 1)) m = guess;
  // steady(0) is taken as true: with no run carried there is nothing left to pause.
  else m = bisect(steady, 0, keep.length + 1, 1, true);
  const slowed: TrainingRun[] = [];
  for (const r of held ?? []) {
    if (r.paused) continue;
    r.requestPause(true);
    if (!r.paused) slowed.push(r);
  }
  keep.forEach((r, i) => {
    if (i < m) {
      r.cancelPause();
      r.setShare(1);
      r.resume();
    } else if (!r.paused) {
      r.requestPause(); // at its next checkpoint; a run without checkpoints pauses now
      if (!r.paused) slowed.push(r);
    }
  });
  // Slow the runs heading for a pause, together, just enough for the carried runs to run at full speed.
  const at = (share: number): boolean =>
    ClusterState.ifAllMoved(
      slowed.map((r) => r.moveToShare(share)),
      () => fits(1),
    );
  const share = slowed.length === 0 || at(1) ? 1 : at(0) ? largest(at) : 0;
  for (const r of slowed) r.setShare(share);
  return fits(1) ? 1 : largest(fits);
}
