/**
 * Each component's costs as numbers (ComponentCosts), from the model's
 * `costs:` blocks and the size of the component: an SMR fleet's units x
 * rating, a fusion PPA's capacity, panels x rating (and their launch mass),
 * a battery's power and energy, a cluster's accelerators. Every supply is a
 * component, with or without costs, so the run's ledger (what it paid for
 * energy) enters the cash flows.
 */
import {
  noBattery,
  batteryLimits,
  type BatteryPower,
  type AssetCosts,
  type BatteryCosts,
  type GridCosts,
  type HardwareCosts,
  type SolarCosts,
  windowsByName,
} from '../model/costs.ts';
import type { ComponentCosts } from './cashflow.ts';
import { SECONDS } from '../kernel/time.ts';
import { monthCount, type monthMask, monthsOfAny, secondsTo, yearsTo } from '../kernel/calendar.ts';
import { bisect } from '../kernel/bisect.ts';
import { fadeOf, type FadeConfig } from '../model/fade.ts';

/**
 * What the run's battery did: its capacity at the end of the run, when it was replaced and, at each update, the
 * capacity it reached before any replacement then, s from the start.
 */
export interface SimulatedFade {
  capacity: number;
  replacementsS: readonly number[];
  agedS?: readonly number[];
  agedCapacity?: readonly number[];
}

/** The fields of a supply's configuration the costs depend on; dates are epoch seconds. */
export type SupplyCostInput = { in_service?: number; retire?: number } & (
  | { kind: 'smr'; name: string; units: number; rating: number; costs?: AssetCosts }
  | { kind: 'fusion-ppa'; name: string; capacity: number; start?: number; costs?: AssetCosts }
  | { kind: 'space-solar'; name: string; panels: number; rated: number; costs?: SolarCosts }
  | ({
      kind: 'battery';
      name: string;
      energy: number;
      fade?: FadeConfig;
      costs?: BatteryCosts;
    } & BatteryPower)
  | {
      kind: 'grid';
      name: string;
      import_cap?: number;
      export_cap?: number;
      costs?: GridCosts & {
        tou_demand?: readonly { name: string; charge: number; months?: Parameters<typeof monthMask>[0] }[];
      };
    }
);

export interface ClusterCostInput {
  name: string;
  count: number;
  costs?: HardwareCosts;
  in_service?: number;
  retire?: number;
}

const none = (name: string, kind: string, supply: boolean): ComponentCosts => ({
  name,
  kind,
  supply,
  capital: 0,
  replacement: 1,
  decommissioning: 0,
  fixedOmPerYear: 0,
  variableOmPerJ: 0,
  fuelPerJ: 0,
  demandChargePerW: 0,
  fixedChargePerYear: 0,
  rentalPerYear: 0,
});

/** An owned asset of `capacityW` with its capital per W and extra capital (energy, launch), USD. */
function asset(
  name: string,
  kind: string,
  capacityW: number,
  c: AssetCosts | undefined,
  extraCapital = 0,
): ComponentCosts {
  const base = none(name, kind, true);
  if (!c) return base;
  return {
    ...base,
    capital: (c.capital ?? 0) * capacityW + extraCapital,
    lifeYears: c.lifetime !== undefined ? c.lifetime / SECONDS.year : undefined,
    replacement: c.replacement,
    decommissioning: (c.decommissioning ?? 0) * capacityW,
    fixedOmPerYear: (c.fixed_om ?? 0) * capacityW,
    variableOmPerJ: c.variable_om ?? 0,
    fuelPerJ: c.fuel ?? 0,
  };
}

/**
 * `c` with the service window of `w` as project years from `startEpochS` (capital when it enters, salvage when it
 * leaves): years of twelve months, as the ledger's, so a date on an anniversary is the end of a project year.
 */
function inWindow(c: ComponentCosts, w: { in_service?: number; retire?: number }, startEpochS: number): ComponentCosts {
  const years = (t: number | undefined): number | undefined =>
    t === undefined ? undefined : yearsTo(startEpochS, t - startEpochS);
  const windowed = { ...c, fromYears: years(w.in_service), toYears: years(w.retire) };
  const enter = w.in_service;
  if (enter === undefined || !(enter > startEpochS)) return windowed;
  // Its lives in years of twelve months from its own in-service date (cashFlows).
  const offset = enter - startEpochS;
  const lifeClock = {
    own: (p: number) => yearsTo(enter, secondsTo(startEpochS, p) - offset),
    project: (t: number) => yearsTo(startEpochS, offset + secondsTo(enter, t)),
  };
  return { ...windowed, lifeClock };
}

/**
 * The simulated battery's capacity at `tS` seconds from the start, before a replacement then: that of the first
 * update at or after it (an update is daily from the start, so on every anniversary; none ages it after it retires),
 * or at the end of the run.
 */
function capacityAt(simulated: SimulatedFade, tS: number): number {
  const times = simulated.agedS ?? [];
  const first = bisect((i) => times[i] < tS - 1e-6, -1, times.length, 1, true) + 1;
  return first < times.length ? simulated.agedCapacity![first] : simulated.capacity;
}

/**
 * The dates a supply's costs follow: its `in_service` and `retire`; a fusion plant without an `in_service` enters at
 * its contracted `start` (not the drawn slip), before which it delivers nothing. Its costs began at the project's
 * start: a plant from 2028-07-01 paid its capital in year 0, a year and a half of fixed O&M before it ran, and began
 * its life in 2027.
 */
function serviceDates(s: SupplyCostInput): { in_service?: number; retire?: number } {
  return s.kind === 'fusion-ppa' && s.in_service === undefined ? { in_service: s.start, retire: s.retire } : s;
}

/** A supply's costs, with its service window; a fading battery's with what the run simulated up to `durationS`. */
export function supplyCosts(
  s: SupplyCostInput,
  startEpochS = 0,
  simulated?: SimulatedFade,
  durationS = 0,
): ComponentCosts {
  const c = inWindow(kindCosts(s), serviceDates(s), startEpochS);
  if (!c.fade || !simulated) return c;
  const fade = {
    ...c.fade,
    simulated: {
      untilYears: yearsTo(startEpochS, durationS),
      capacity: simulated.capacity,
      replacementYears: simulated.replacementsS.map((t) => yearsTo(startEpochS, t)),
      capacityAt: (years: number) => capacityAt(simulated, secondsTo(startEpochS, years)),
    },
  };
  return { ...c, fade };
}

function kindCosts(s: SupplyCostInput): ComponentCosts {
  switch (s.kind) {
    case 'smr':
      return { ...asset(s.name, s.kind, s.units * s.rating, s.costs), burnsCurtailed: true };
    case 'fusion-ppa':
      return { ...asset(s.name, s.kind, s.capacity, s.costs), burnsCurtailed: true };
    case 'space-solar': {
      const w = s.panels * s.rated;
      const launch =
        s.costs?.launch !== undefined && s.costs.mass !== undefined ? w * s.costs.mass * s.costs.launch : 0;
      return asset(s.name, s.kind, w, s.costs, launch);
    }
    case 'battery': {
      if (noBattery(s)) return none(s.name, s.kind, true);
      // Per kW of the converter, which carries the larger of the charge and discharge limits (`power` the default of each).
      const converterW = Math.max(...batteryLimits(s));
      const c = asset(s.name, s.kind, converterW, s.costs, (s.costs?.energy_capital ?? 0) * s.energy);
      if (!s.fade) return c;
      return { ...c, fade: { ...fadeOf(s.fade), nameplateJ: s.energy } };
    }
    case 'grid':
      // No connection (nothing imported or exported): no charges either.
      if (s.import_cap === 0 && s.export_cap === 0) return none(s.name, s.kind, true);
      return {
        ...none(s.name, s.kind, true),
        demandChargePerW: s.costs?.demand_charge ?? 0,
        // Each time-of-use window as billed (its parts named alike: one charge, the calendar months of any part).
        ...(s.costs?.tou_demand
          ? {
              touDemandPerW: windowsByName(s.costs.tou_demand).map((parts) => parts[0].charge),
              touMonthsPerYear: windowsByName(s.costs.tou_demand).map((parts) =>
                monthCount(monthsOfAny(parts.map((w) => w.months)) ?? 0xfff),
              ),
            }
          : {}),
        fixedChargePerYear: (s.costs?.fixed_charge ?? 0) * SECONDS.year,
      };
  }
}

/**
 * A cluster's accelerators: capital per chip with a life, or a cloud price
 * per chip-hour for every chip all year, over its service window (capital
 * the year it is commissioned, salvage the year it retires, rental while in
 * service).
 */
export function hardwareCosts(c: ClusterCostInput, startEpochS = 0): ComponentCosts | undefined {
  const h = c.costs;
  if (!h) return undefined;
  return inWindow(
    {
      ...none(c.name, 'cluster', false),
      capital: (h.capital ?? 0) * c.count,
      lifeYears: h.lifetime !== undefined ? h.lifetime / SECONDS.year : undefined,
      replacement: h.replacement,
      rentalPerYear: (h.rental ?? 0) * c.count * SECONDS.year,
    },
    c,
    startEpochS,
  );
}

/** Demand response's payments (src/policy/demand-response.ts): income per J shed, in every year the ledger has events. */
export function demandResponseCosts(paymentPerShedJ: number): ComponentCosts {
  return { ...none('demand_response', 'demand_response', false), paymentPerShedJ };
}

/** The value of lost load (economics.value_of_lost_load): a cost per J of demand left unmet, in every project year. */
export function lostLoadCosts(valuePerUnmetJ: number): ComponentCosts {
  return { ...none('lost_load', 'lost_load', false), valuePerUnmetJ };
}
