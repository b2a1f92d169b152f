/**
 * Chip power against duty, interpolated (d3-scale, piecewise linear) through
 * a measured curve, and a cluster's IT power from its duty histogram.
 */
import { scaleLinear } from 'd3-scale';
import type { ChipSpec } from '../model/chips.ts';

export type PowerCurve = (duty: number) => number;

export function powerCurve(duty: readonly number[], watts: readonly number[]): PowerCurve {
  const s = scaleLinear<number, number>().domain(duty as number[]).range(watts as number[]).clamp(true);
  return (d) => s(d);
}

export function chipCurve(chip: ChipSpec): PowerCurve {
  return powerCurve(chip.curveDuty, chip.curveW);
}

/** What the facility needs to know of a cluster's load. */
export interface ClusterLoad {
  readonly chips: number;
  readonly busy: number;
  /** Busy chips at each duty level. */
  readonly dutyCounts: ReadonlyMap<number, number>;
}

/**
 * IT power of a cluster's chips, W: busy chips at their duty (times a
 * throttle factor, 0..1, when power is capped), the rest idle.
 */
export function chipsPowerW(load: ClusterLoad, curve: PowerCurve, throttle = 1): number {
  let w = (load.chips - load.busy) * curve(0);
  for (const [d, n] of load.dutyCounts) w += n * curve(d * throttle);
  return w;
}
