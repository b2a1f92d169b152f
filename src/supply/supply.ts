/**
 * The contract every supply kind keeps. A supply says what it can deliver
 * now and at what price and carbon; the dispatcher tells it what it
 * delivers. When its availability changes it calls `changed()` (given at
 * construction) so the site re-dispatches at that instant.
 *
 * Power levels are piecewise constant: a supply that integrates its own
 * state (a battery's charge, a unit's energy) does so in `deliver`, which is
 * called once per dispatch instant with the levels that hold from now on.
 */
import type { Simulation } from '../kernel/simulation.ts';
import type { Rng } from '../kernel/random.ts';
import { quantity } from '../model/units.ts';

/** A fading battery's state at the end of the run (the economics' fade, src/economics/components.ts). */
export interface FadeState {
  /** Capacity now, a share of nameplate. */
  capacity: number;
  /** When it was replaced, s from the start. */
  replacementsS: readonly number[];
  /** Each update's time, s from the start, and the capacity it reached then, before any replacement at that instant. */
  agedS: readonly number[];
  agedCapacity: readonly number[];
}

export interface Supply {
  readonly name: string;
  readonly kind: string;
  /** Must-run output is taken whether needed or not; the surplus is stored, exported or curtailed. */
  readonly mustRun: boolean;
  /** Most power it can deliver now, W. */
  availableW(): number;
  /** Least power it must deliver now if it runs (minimum stable load, ramp-down limit), W; 0 if absent. */
  minW?(): number;
  /** Marginal price now, USD per J. */
  priceUsdPerJ(): number;
  /** Carbon intensity now, kg CO2e per J. */
  carbonKgPerJ(): number;
  /** The grid: its price and carbon at any time t (s on the simulation clock), the perfect forecast policies read (src/policy/signal.ts). */
  signalAt?(t: number): Signal;
  /** Whether it is in service now (src/supply/service.ts); absent: always. */
  serving?(): boolean;
  /** Share of its energy that is carbon-free now, 0..1. */
  carbonFreeShare(): number;
  /** Its carbon-free share is not known (a grid given only a flat intensity): it reports 0, and the summary says so. */
  readonly carbonFreeUnknown?: boolean;
  /**
   * Told at each dispatch what it produces from now on, W: `usedW` is taken
   * (to the load, storage or export), `curtailedW` is spilled. `unneeded`: the
   * demand asked nothing of it beyond its least (`minW`), the supplies before it
   * in merit order or the must-run ones having met it, so a supply held at its
   * least by a ramp limit would go lower if it could. `wantedW`: when it was
   * asked, its least plus the demand left when the merit order reached it (what
   * it would give without its ramp limit, up to what it has); when not asked,
   * its least less the demand's surplus (below zero if the surplus passes its
   * least; its least if there is none).
   */
  deliver?(usedW: number, curtailedW: number, unneeded: boolean, wantedW: number): void;
  /** A cost that accrues whatever is used (fixed charges, take-or-pay), USD per s. */
  fixedCostUsdPerS?(): number;
  /** Storage: it can also take power from the site. */
  readonly storage?: Storage;
  /** Export: it can take surplus power away (the grid), at a price. */
  readonly export?: Export;
  /** A fading battery: its capacity now (share of nameplate), when it was replaced and its capacity at each update, s (src/model/fade.ts). */
  fade?(): FadeState;
  /** Figures of its own for the summary (capacity factors, contracted energy...). */
  summary?(): Record<string, unknown>;
  /** A supply that goes down (SMR modules, a fusion PPA, a grid with outages; one unit but for SMRs): when and why each unit was down, up to now (outages.csv). */
  unitOutages?(): UnitOutage[];
}

/** One unit down for one cause over [startS, endS), s from the run's start. */
export interface UnitOutage {
  unit: number;
  cause: 'refuelling' | 'forced outage';
  startS: number;
  endS: number;
}

/** What the dispatcher needs to know to charge a store. */
interface Storage {
  /** Most power it can take now, W. */
  chargeableW(): number;
  /**
   * Its wish given the grid's price and carbon now: `auto` covers shortfall
   * and absorbs surplus; `charge` wants to fill (and discharges only as a
   * last resort); `hold` absorbs surplus only; `discharge` covers demand.
   */
  mode(signal: Signal): 'auto' | 'charge' | 'hold' | 'discharge';
  /**
   * Peak shaving (a battery's `{ by: import, limit }`): the grids' import is held at or below this, W. The
   * store covers demand above it before the grids do (then, as a last resort, they carry the rest) and charges
   * from the grids only up to it; its mode is `charge`.
   */
  readonly importLimitW?: number;
  /**
   * A backup (a battery's `strategy: backup`, a UPS): its mode is `charge`, and it discharges after every other supply
   * and store, the grids above a shaving limit too (dispatch.ts): only what would otherwise be unmet.
   */
  readonly backup?: boolean;
  /** Told at each dispatch what it takes from now on, W, and the carbon-free share of that power. */
  charge(w: number, carbonFreeShare: number): void;
  /** State of charge now, share of the energy capacity. */
  soc(): number;
  /** How fast the state of charge moves until the next dispatch, share per second (it is linear in between). */
  socRate(): number;
}

interface Export {
  /** Most power it can take away now, W. */
  exportableW(): number;
  /** Revenue per J exported, USD. */
  exportPriceUsdPerJ(): number;
  /** Told at each dispatch what it takes away from now on, W. */
  exported(w: number): void;
}

/** The grid's price and carbon now (what price- or carbon-driven storage reacts to). */
export interface Signal {
  priceUsdPerJ: number;
  carbonKgPerJ: number;
  /**
   * False where the value is filled in, not the grid's own (an hour of a trace that covers only the run, before or after
   * it): a policy's ranking of hours leaves it out (src/policy/signal.ts). Absent: known.
   */
  priceKnown?: boolean;
  carbonKnown?: boolean;
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

/**
 * The `carbon` field of a generator the site takes power from directly (smr, fusion-ppa, space-solar): g/kWh on
 * every MWh taken from it, to the load and storage in the site's carbon_kg, exported in export_carbon_kg (the
 * buyer's); carbon-free in the 24/7 score whatever it is. `leftOut` says what counts without it, and why.
 */
export const ownCarbonField = (leftOut: string) =>
  quantity(
    'carbon',
    { min: 0 },
    `Lifecycle carbon intensity per MWh taken, g/kWh (what is exported counts as export_carbon_kg, not the site's carbon_kg); left out, ${leftOut}. Carbon-free in the 24/7 score either way`,
  );
