/**
 * A cluster's IT power from its duty histogram. Each chip's power against
 * duty (board + its share of the server: src/model/chips.ts perChipCurve) is
 * built once per cluster, as the cluster's `power` in the scenario; each
 * run's energy in the workload reads the same curve.
 */
import type { PowerCurve } from '../model/chips.ts';

export type { PowerCurve } from '../model/chips.ts';

/** Busy chips by duty: `size` duties, the i-th `duty(i)` held by `count(i)` chips, in the order they were first held. */
interface DutyHistogram {
  readonly size: number;
  duty(i: number): number;
  count(i: number): number;
}

/** What the facility needs to know of a cluster's load. */
export interface ClusterLoad {
  readonly chips: number;
  readonly busy: number;
  /** Idle chips that draw idle power (default: chips - busy; none while a cluster is out of service). */
  readonly idle?: number;
  /** Busy chips at each duty level. */
  readonly dutyCounts: DutyHistogram;
  /** IT power wanted beyond the duties above by runs slowed on their own (shortage: pause), W. */
  readonly slowedW?: number;
  /** Changes whenever any of the above but slowedW does (a cluster's, src/workload/cluster.ts); absent: never kept. */
  readonly version?: number;
}

/**
 * IT power of a cluster, W: busy chips at their duty (times a throttle
 * factor, 0..1, when power is capped), the rest idle (while in service), each
 * at `idleW` (default the curve's idle: a chip no work holds, as one between
 * its work; a cluster's `unallocated_power` sets it).
 */
export function chipsPowerW(load: ClusterLoad, curve: PowerCurve, throttle = 1, idleW = curve(0)): number {
  let w = (load.idle ?? load.chips - load.busy) * idleW;
  const h = load.dutyCounts;
  for (let i = 0; i < h.size; i++) w += h.count(i) * curve(h.duty(i) * throttle);
  return w;
}

/**
 * A chip curve that keeps its last four answers (the site wraps each cluster's in it): the IT
 * power asks the curve at idle and at each duty held (two or three duties) at every change of
 * the load, and each run at each change of its own duty, mostly the same duties as the time
 * before. The same numbers (the curve is pure; -0 and 0 give the same).
 */
export function remembered(curve: PowerCurve): PowerCurve {
  const xs = new Float64Array(4).fill(NaN);
  const ys = new Float64Array(4);
  let next = 0;
  return (x) => {
    for (let i = 0; i < 4; i++) if (xs[i] === x) return ys[i];
    const y = curve(x);
    xs[next] = x;
    ys[next] = y;
    next = (next + 1) & 3;
    return y;
  };
}
