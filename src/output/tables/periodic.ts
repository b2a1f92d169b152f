/**
 * monthly.csv and yearly.csv: the run by month and by project year (twelve
 * months from the start date): IT energy by cluster, tokens asked and served by inference service, energy by source, peaks, cost, carbon, the
 * hourly 24/7 carbon-free score, loss-of-load hours and shortfalls. Integrated exactly
 * beside the rows (src/kernel/periods.ts), so the months sum to the run's
 * totals, and the years to the months.
 */
import { formatTimestamp } from '../../kernel/time.ts';
import type { MonthTotals } from '../../economics/ledger.ts';
import { csvLine } from './format.ts';
import { figureCell } from './summary-csv.ts';
import { J_PER_MWH, W_PER_KW } from '../../model/units.ts';

/** One period's figures, flat: `name` (2027-01 or 2027), dates, then numbers. */
export type PeriodRow = { name: string; start_utc: string; end_utc: string } & Record<string, number | string>;

/** Hourly reliability of each month (src/supply/reliability.ts). */
interface MonthReliability {
  hours: ArrayLike<number>;
  lossOfLoadHours: ArrayLike<number>;
  lossOfLoadEvents: ArrayLike<number>;
  demandJ: ArrayLike<number>;
  cleanJ: ArrayLike<number>;
}

interface PeriodInput {
  startEpochS: number;
  months: readonly MonthTotals[];
  /** Sources by name and column, and whether the run has an export column. */
  sources: readonly {
    name: string;
    column: string;
    demandCharged?: boolean;
    windows?: readonly string[];
    ratcheted?: boolean;
  }[];
  /** Clusters' names: each one's IT energy (`<cluster>_it_mwh`) shows when it is in service. */
  clusters: readonly string[];
  /**
   * Inference services' names: each one's tokens asked and served (`<service>_demand_tokens`, `_served_tokens`), so a
   * service's `growth` shows by the year; its IT energy grows far less (decode power barely rises with the batch).
   */
  services?: readonly string[];
  exports: boolean;
  /** Whether the run has an export_carbon_kg column (a generator given a carbon intensity that may export). */
  exportCarbon: boolean;
  reliability?: MonthReliability;
}

/** Sums of the month figures over a group of months (a year); peaks are maxima; the CFE score is recomputed from its energies. */
function rowOf(inp: PeriodInput, ks: readonly number[], name: string): PeriodRow {
  const ms = ks.map((k) => inp.months[k]);
  const sum = (col: string): number => ms.reduce((a, m) => a + m.total(col), 0);
  const peak = (col: string): number => Math.max(0, ...ms.map((m) => m.peak(col)));
  const r = inp.reliability;
  const rel = (f: (x: MonthReliability) => ArrayLike<number>): number => (r ? ks.reduce((a, k) => a + f(r)[k], 0) : 0);
  const demand = rel((x) => x.demandJ);
  const row: PeriodRow = {
    name,
    start_utc: formatTimestamp(inp.startEpochS + ms[0].startS),
    end_utc: formatTimestamp(inp.startEpochS + ms[ms.length - 1].endS),
    hours: ms.reduce((a, m) => a + (m.endS - m.startS), 0) / 3600,
    it_mwh: sum('it_kw') / J_PER_MWH,
  };
  for (const c of inp.clusters) row[`${c}_it_mwh`] = sum(`${c}_it_kw`) / J_PER_MWH;
  for (const v of inp.services ?? []) {
    row[`${v}_demand_tokens`] = sum(`${v}_demand_tok_s`);
    row[`${v}_served_tokens`] = sum(`${v}_served_tok_s`);
  }
  row.facility_mwh = sum('facility_kw') / J_PER_MWH;
  for (const s of inp.sources) row[`${s.column}_mwh`] = sum(`${s.column}_kw`) / J_PER_MWH;
  row.unmet_mwh = sum('unmet_kw') / J_PER_MWH;
  row.curtailed_mwh = sum('curtailed_kw') / J_PER_MWH;
  if (inp.exports) row.exported_mwh = sum('export_kw') / J_PER_MWH;
  row.peak_facility_kw = peak('facility_kw') / W_PER_KW;
  for (const s of inp.sources) row[`${s.column}_peak_kw`] = peak(`${s.column}_used_kw`) / W_PER_KW;
  // A grid's billing demand where a demand charge bills it: the highest mean import over its demand interval.
  for (const s of inp.sources)
    if (s.demandCharged) {
      const used = `${s.column}_used_kw`;
      row[`${s.column}_demand_kw`] = Math.max(0, ...ms.map((m) => m.demand(used))) / W_PER_KW;
      // With a demand ratchet, the demand the all-hours charge bills: at least the measured one.
      if (s.ratcheted)
        row[`${s.column}_billed_demand_kw`] = Math.max(0, ...ms.map((m) => m.billedDemand?.(used) ?? 0)) / W_PER_KW;
      // Each time-of-use demand window's billing demand: the highest mean among the intervals starting in it.
      (s.windows ?? []).forEach((w, i) => {
        row[`${s.column}_${w}_demand_kw`] = Math.max(0, ...ms.map((m) => m.windowDemands?.(used)[i] ?? 0)) / W_PER_KW;
      });
    }
  row.cost_usd = sum('cost_usd');
  row.carbon_kg = sum('carbon_kg');
  if (inp.exportCarbon) row.export_carbon_kg = sum('export_carbon_kg');
  row.cfe_score = demand > 0 ? rel((x) => x.cleanJ) / demand : 0;
  row.loss_of_load_hours = rel((x) => x.lossOfLoadHours);
  row.loss_of_load_events = rel((x) => x.lossOfLoadEvents);
  return row;
}

/** One row per month the run touched, named by its start (YYYY-MM). */
export function monthlyRows(inp: PeriodInput): PeriodRow[] {
  return inp.months.map((m, k) => rowOf(inp, [k], formatTimestamp(inp.startEpochS + m.startS).slice(0, 7)));
}

/** One row per project year (twelve months from the start), named by the year it starts in (YYYY). */
export function yearlyRows(inp: PeriodInput): PeriodRow[] {
  const out: PeriodRow[] = [];
  for (let k = 0; k < inp.months.length; k += 12) {
    const ks = Array.from({ length: Math.min(12, inp.months.length - k) }, (_, i) => k + i);
    out.push(rowOf(inp, ks, formatTimestamp(inp.startEpochS + inp.months[k].startS).slice(0, 4)));
  }
  return out;
}

/**
 * The rows as a table: `period` first (the row's name), every figure in full precision; `dateTime`
 * between date and time in start_utc and end_utc (" ", or "T" for --timestamps iso).
 */
export function periodTable(rows: readonly PeriodRow[], sep = ',', dateTime = ' '): string {
  if (rows.length === 0) return '';
  const keys = Object.keys(rows[0]).filter((k) => k !== 'name');
  const cell = (v: number | string): string => (typeof v === 'number' ? figureCell(v) : v.replace(' ', dateTime));
  return (
    csvLine(['period', ...keys], sep) + rows.map((r) => csvLine([r.name, ...keys.map((k) => cell(r[k]))], sep)).join('')
  );
}
