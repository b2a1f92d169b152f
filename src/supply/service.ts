/**
 * When a supply is in service: from `in_service` (default: the start) until
 * `retire` (default: never). Outside that window it delivers, stores and
 * exports nothing and pays no fixed charge; its own events (refuellings,
 * orbits, trace hours) run on regardless, so its draws do not depend on the
 * window. Every kind gets the window from the registry: one wrapper, not a
 * copy in each kind.
 */
import { utcDate } from '../model/date.ts';
import type { Supply, SupplyContext } from './supply.ts';

const date = (what: string) => utcDate.meta({ description: what });

/** Fields every supply kind takes (epoch seconds after parsing). */
export const serviceFields = {
  in_service: date(
    'Date it enters service (default: the start); its capital is paid that year. With capital or a lifetime in its costs, at or after the start (unless it also retires by then)',
  ).optional(),
  retire: date('Date it leaves service (default: never); decommissioned and salvaged then').optional(),
};

/** Service dates as parsed: epoch seconds, each optional. */
export interface ServiceDates {
  in_service?: number;
  retire?: number;
}

/**
 * The part of the run a supply is in service, seconds from the start: [fromS, toS), toS Infinity
 * when it never retires. A kind whose summary reports figures over time (an SMR unit's
 * availability, a PPA's energy offered and paid) counts them over this window only.
 */
export function serviceWindow(ctx: SupplyContext, dates: ServiceDates): { fromS: number; toS: number } {
  return {
    fromS: dates.in_service === undefined ? 0 : Math.max(0, dates.in_service - ctx.startEpochS),
    toS: dates.retire === undefined ? Infinity : dates.retire - ctx.startEpochS,
  };
}

/** `s` limited to its service window (serviceWindow); the window's edges are events that re-dispatch. */
export function inService(s: Supply, ctx: SupplyContext, dates: ServiceDates): Supply {
  const { fromS: from, toS: to } = serviceWindow(ctx, dates);
  if (from <= 0 && to >= ctx.durationS) return s;
  let on = from <= 0 && to > 0;
  const set = (v: boolean) => (): void => {
    on = v;
    ctx.changed();
  };
  if (from > 0 && from < ctx.durationS) ctx.sim.at(from, set(true));
  if (to > 0 && to < ctx.durationS) ctx.sim.at(Math.max(0, to), set(false));
  // Everything else passes through: the wrappers inherit from the supply, its store and its export.
  const over = <T extends object>(base: T, fields: Partial<T>): T => Object.assign(Object.create(base) as T, fields);
  const st = s.storage;
  const ex = s.export;
  return over(s, {
    serving: () => on,
    availableW: () => (on ? s.availableW() : 0),
    ...(s.minW ? { minW: () => (on ? s.minW!() : 0) } : {}),
    ...(s.fixedCostUsdPerS ? { fixedCostUsdPerS: () => (on ? s.fixedCostUsdPerS!() : 0) } : {}),
    ...(st ? { storage: over(st, { chargeableW: () => (on ? st.chargeableW() : 0) }) } : {}),
    ...(ex ? { export: over(ex, { exportableW: () => (on ? ex.exportableW() : 0) }) } : {}),
    // Down time while in service only: a supply not yet in service, or retired, has no outages.
    ...(s.unitOutages
      ? {
          unitOutages: () =>
            s.unitOutages!()
              .map((o) => ({ ...o, startS: Math.max(o.startS, from), endS: Math.min(o.endS, to) }))
              .filter((o) => o.endS > o.startS),
        }
      : {}),
  });
}
