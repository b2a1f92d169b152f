/**
 * The run's ledger by project year, from its months: what each source
 * delivered, generated, cost and earned, and each month's billing demand, the
 * simulated share of every year. Years are twelve months from the start date
 * (src/kernel/calendar.ts).
 */
import { DEMAND_INTERVAL_S } from '../kernel/interval-peaks.ts';
import { SECONDS } from '../kernel/time.ts';
import { W_PER_KW } from '../model/units.ts';
import { windowsByName } from '../model/costs.ts';
import type { LedgerYear, SourceYear } from './cashflow.ts';

/** One month of the run: its offsets and full length, s, and each column's integral (SI) and peak over it. */
export interface MonthTotals {
  startS: number;
  endS: number;
  lengthS: number;
  total(column: string): number;
  peak(column: string): number;
  /** The column's billing demand: its highest mean over the demand interval where a demand charge bills it, else its peak. */
  demand(column: string): number;
  /** The column's billing demand in each time-of-use window of its grid (the highest mean among the intervals starting in it); none without. */
  windowDemands?(column: string): readonly number[];
  /** Whether each of its grid's time-of-use windows applies in this billing month (its `months` take one it spans). */
  windowApplies?(column: string): readonly boolean[];
  /** The column's billed demand where a demand ratchet raises it (src/economics/ratchet.ts): at least its demand; undefined without. */
  billedDemand?(column: string): number | undefined;
  /** In the last project year simulated (whole or in part), with a ratchet: its billed demand when the economics repeat that year, the ratchet carried round. */
  repeatedBilledDemand?(column: string): number | undefined;
  /**
   * The share of the column's billing month the run holds, where it is not the month's own: 0 where the billing month
   * (on the tariff's clock) begins after the run ends.
   */
  billingShare?(column: string): number | undefined;
}

/** The share of month `m` the run simulated, as `column`'s demand charges weigh it. */
const billingShareOf = (m: MonthTotals, column: string): number =>
  m.billingShare?.(column) ?? (m.endS - m.startS) / m.lengthS;

/** A source's columns: `<col>_kw` (to the load), `<col>_used_kw`, `<col>_curtailed_kw`, `<col>_cost_usd`, `<col>_export_revenue_usd` if it exports. */
export interface LedgerSource {
  name: string;
  column: string;
  exports: boolean;
}

/** The run's ledger years; `yearLengthS[k]` is project year k's full length. */
export function ledgerYears(
  months: readonly MonthTotals[],
  yearLengthS: readonly number[],
  sources: readonly LedgerSource[],
  /** With demand response: the `dr_shed_kw` column is read for the energy shed. */
  shed = false,
): LedgerYear[] {
  return yearLengthS.map((lengthS, k) => {
    const ms = months.slice(12 * k, 12 * k + 12);
    const src: Record<string, SourceYear> = {};
    for (const s of sources) {
      const sum = (suffix: string): number => ms.reduce((a, m) => a + m.total(`${s.column}${suffix}`), 0);
      src[s.name] = {
        deliveredJ: sum('_kw'),
        usedJ: sum('_used_kw'),
        curtailedJ: sum('_curtailed_kw'),
        costUsd: sum('_cost_usd'),
        exportRevenueUsd: s.exports ? sum('_export_revenue_usd') : 0,
        carbonKg: sum('_carbon_kg'),
        months: ms.map((m) => {
          const windows = m.windowDemands?.(`${s.column}_used_kw`) ?? [];
          const billed = m.billedDemand?.(`${s.column}_used_kw`);
          const repeated = m.repeatedBilledDemand?.(`${s.column}_used_kw`);
          return {
            demandW: Math.max(0, m.demand(`${s.column}_used_kw`)),
            share: billingShareOf(m, `${s.column}_used_kw`),
            ...(windows.length > 0
              ? {
                  windowW: windows.map((w) => Math.max(0, w)),
                  ...(m.windowApplies ? { windowApplies: m.windowApplies(`${s.column}_used_kw`) } : {}),
                }
              : {}),
            ...(billed !== undefined ? { billedW: billed } : {}),
            ...(repeated !== undefined ? { repeatedW: repeated } : {}),
          };
        }),
      };
    }
    return {
      simulatedS: ms.reduce((a, m) => a + (m.endS - m.startS), 0),
      lengthS,
      servedJ: ms.reduce((a, m) => a + m.total('facility_kw') - m.total('unmet_kw'), 0),
      shedJ: shed ? ms.reduce((a, m) => a + m.total('dr_shed_kw'), 0) : 0,
      unmetJ: ms.reduce((a, m) => a + m.total('unmet_kw'), 0),
      sources: src,
    };
  });
}

/** A grid as its charges read it (src/supply/grid.ts, src/model/costs.ts); times are epoch seconds, money rates SI. */
interface ChargedGrid {
  import_cap?: number;
  export_cap?: number;
  in_service?: number;
  retire?: number;
  costs?: {
    demand_charge?: number;
    fixed_charge?: number;
    demand_interval?: number;
    tou_demand?: readonly { name: string; charge: number }[];
    demand_ratchet?: { share: number; months: number; history?: number };
  };
}

/**
 * A demand ratchet's terms and what it added over the run (summary.json's `charges.ratchet`): `demand_usd`, the part of
 * the charges' demand_usd billed above the months' measured demands; no `history_kw`: nothing before the start
 * counts (the model's `set_in`, if any, is in model.yaml).
 */
export interface RatchetCharges {
  share: number;
  months: number;
  history_kw?: number;
  demand_usd: number;
}

/** A time-of-use demand window's charges over the run (summary.json's `charges.tou_demand`). */
export interface WindowCharges {
  name: string;
  demand_usd: number;
  /** The highest month's billing demand in the window. */
  billing_demand_kw: number;
}

/**
 * A grid's demand and fixed charges over the run's billing months (summary.json's `charges`), which its cost_usd
 * leaves out: each month's billing demand by the share of it simulated, the fixed charge by the share in service, as
 * the economics bill them (src/economics/cashflow.ts). `column` is its `<col>_used_kw`. Undefined without charges,
 * or with no connection (nothing imported or exported: no charges, as in src/economics/components.ts).
 */
export function gridCharges(
  g: ChargedGrid,
  column: string,
  months: readonly MonthTotals[],
  startEpochS: number,
):
  | {
      demand_usd: number;
      fixed_usd: number;
      billing_demand_kw: number;
      demand_interval_s: number;
      billed_demand_kw?: number;
      ratchet?: RatchetCharges;
      tou_demand?: WindowCharges[];
    }
  | undefined {
  const c = g.costs;
  if (!(c?.demand_charge || c?.fixed_charge || c?.tou_demand)) return undefined;
  if (g.import_cap === 0 && g.export_cap === 0) return undefined;
  const from = (g.in_service ?? -Infinity) - startEpochS;
  const to = (g.retire ?? Infinity) - startEpochS;
  let demandUsd = 0;
  let fixedUsd = 0;
  let demandW = 0;
  // With a ratchet: the highest month's billed demand, and what billing it above the measured demand added.
  let billedW = 0;
  let ratchetUsd = 0;
  for (const p of months) {
    const w = Math.max(0, p.demand(column));
    const b = p.billedDemand?.(column) ?? w;
    demandW = Math.max(demandW, w);
    billedW = Math.max(billedW, b);
    demandUsd += (c.demand_charge ?? 0) * b * billingShareOf(p, column);
    ratchetUsd += (c.demand_charge ?? 0) * (b - w) * billingShareOf(p, column);
    const served = Math.max(0, Math.min(p.endS, to) - Math.max(p.startS, from)) / p.lengthS;
    fixedUsd += ((c.fixed_charge ?? 0) * SECONDS.year * served) / 12;
  }
  // Each time-of-use window's charge on its own billing demand, month by month as the all-hours one; in demand_usd too.
  const windows = windowsByName(c.tou_demand ?? []).map(([w], i) => {
    let usd = 0;
    let kw = 0;
    for (const p of months) {
      const d = Math.max(0, p.windowDemands?.(column)[i] ?? 0);
      kw = Math.max(kw, d);
      usd += w.charge * d * billingShareOf(p, column);
    }
    demandUsd += usd;
    return { name: w.name, demand_usd: usd, billing_demand_kw: kw / W_PER_KW };
  });
  return {
    demand_usd: demandUsd,
    fixed_usd: fixedUsd,
    billing_demand_kw: demandW / W_PER_KW,
    demand_interval_s: c.demand_interval ?? DEMAND_INTERVAL_S,
    ...(c.demand_ratchet
      ? {
          billed_demand_kw: billedW / W_PER_KW,
          ratchet: {
            share: c.demand_ratchet.share,
            months: c.demand_ratchet.months,
            ...(c.demand_ratchet.history !== undefined ? { history_kw: c.demand_ratchet.history / W_PER_KW } : {}),
            demand_usd: ratchetUsd,
          },
        }
      : {}),
    ...(windows.length > 0 ? { tou_demand: windows } : {}),
  };
}
