/**
 * The power cap: how far to throttle the chips so that the load fits what
 * the cooling can carry (a radiator's largest IT power) and what the
 * supplies can deliver now. Pure: every limit comes in as an argument (the
 * site asks at every change). Facility power rises monotonically with the
 * throttle factor (chip power with duty, losses and cooling with IT power),
 * so one bisection finds the largest factor that fits.
 */
import { bisect } from '../kernel/bisect.ts';
import type { ClusterLoad } from './chip-power.ts';

/**
 * The largest IT power whose heat, all the facility power `demandAt` gives,
 * fits `maxHeatW` (a radiator's), W, to 1e-9 of it; Infinity if no limit.
 */
export function largestIt(maxHeatW: number, demandAt: (itW: number) => number): number {
  if (!Number.isFinite(maxHeatW)) return Infinity;
  return bisect((itW) => demandAt(itW) <= maxHeatW, 0, maxHeatW, 1e-9 * maxHeatW);
}

/** What the cap needs of the facility (Facility has it). */
export interface CapFacility {
  /** IT power with every busy chip at `throttle` times its duty, W. */
  itAt(loads: readonly ClusterLoad[], throttle: number): number;
  /** Facility power at an IT power, W. */
  demandAt(itW: number): number;
  /** Most IT power the cooling carries, W (Infinity: no limit). */
  maxItW(): number;
}

/** Does the load, every busy chip at `x` (0..1) of its duty, fit? Monotone: true up to a point. */
type Fits = (x: number) => boolean;

/** The cap's test: the load at factor x within the cooling's and the supplies' limits. */
export function capFits(facility: CapFacility, loads: readonly ClusterLoad[], maxFacilityW: number): Fits {
  const maxItW = facility.maxItW();
  return (x) => {
    const it = facility.itAt(loads, x);
    return it <= maxItW && facility.demandAt(it) <= maxFacilityW;
  };
}

/** The largest factor in [0, 1] at which the load fits: 1 if it fits at full, else by bisection to 1e-9. */
export function largestFitting(fits: Fits): number {
  return fits(1) ? 1 : bisect(fits, 0, 1, 1e-9);
}

/** The throttle factor under a cap of `maxFacilityW` (Infinity: none): 1 when nothing limits. */
export function capFactor(facility: CapFacility, loads: readonly ClusterLoad[], maxFacilityW: number): number {
  if (!(facility.maxItW() < Infinity || maxFacilityW < Infinity)) return 1;
  return largestFitting(capFits(facility, loads, maxFacilityW));
}
