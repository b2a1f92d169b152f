/**
 * The contract every supply kind keeps. A supply says what it can deliver
 * now and at what price and carbon; the dispatcher tells it what it
 * delivers. When its availability changes it calls `changed()` (given at
 * construction) so the site re-dispatches at that instant.
 */
import type { Simulation } from '../kernel/simulation.ts';
import type { Rng } from '../kernel/random.ts';

export interface Supply {
  readonly name: string;
  readonly kind: string;
  /** Must-run output is taken whether needed or not; the surplus is curtailed. */
  readonly mustRun: boolean;
  /** Power it can deliver now, W. */
  availableW(): number;
  /** Marginal price now, USD per J. */
  priceUsdPerJ(): number;
  /** Carbon intensity now, kg CO2e per J. */
  carbonKgPerJ(): number;
  /** Share of its energy that is carbon-free now, 0..1. */
  carbonFreeShare(): number;
  /** Told at each dispatch what it delivers from now on, W. */
  deliver?(w: number): void;
}

/** What a supply kind gets to build itself. */
export interface SupplyContext {
  readonly sim: Simulation;
  /** A random stream private to this supply. */
  rng(purpose: string): Rng;
  /** UTC epoch seconds of the scenario start. */
  readonly startEpochS: number;
  readonly durationS: number;
  /** Directory of the model file, for relative data paths. */
  readonly baseDir: string;
  /** Call when availableW, price or carbon changes. */
  changed(): void;
}
