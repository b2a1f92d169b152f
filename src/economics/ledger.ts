/**
 * The run's ledger by project year, from its months: what each source
 * delivered, generated, cost and earned, and each month's billing demand, the
 * simulated share of every year. Years are twelve months from the start date
 * (src/kernel/calendar.ts).
 */
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
}

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
        months: ms.map((m) => ({
          demandW: Math.max(0, m.demand(`${s.column}_used_kw`)),
          share: (m.endS - m.startS) / m.lengthS,
        })),
      };
    }
    return {
      simulatedS: ms.reduce((a, m) => a + (m.endS - m.startS), 0),
      lengthS,
      servedJ: ms.reduce((a, m) => a + m.total('facility_kw') - m.total('unmet_kw'), 0),
      shedJ: shed ? ms.reduce((a, m) => a + m.total('dr_shed_kw'), 0) : 0,
      sources: src,
    };
  });
}
