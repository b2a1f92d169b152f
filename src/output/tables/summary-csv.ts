/**
 * summary.csv of a run: summary.json as one header line and one row, named
 * and shaped like the rows of a sweep's summary.csv (src/sweep/tables.ts), so
 * runs and sweeps paste into one table: the model's name and the seed lead,
 * then every numeric leaf by its dotted path, lists of named items by name
 * (energy_mwh.facility, sources.grid.cost_usd), in full precision. Flattening
 * is generic: a figure another layer adds to the summary becomes a column.
 */
import { csvLine, NotFiniteError } from './format.ts';

/** Leaves that lead the row (seed), or a run time in summaries written before it moved out. */
const SKIP = new Set(['run_time_s', 'seed']);
/**
 * Sections left out: the months have their own table, monthly.csv (a column per figure per
 * month would swamp a sweep's table); the model is provenance, not figures (its resolved
 * values would become columns).
 */
const SKIP_SECTIONS = new Set(['monthly', 'model']);

/** Numeric leaves of a value as [dotted name, number], in key order. */
export function flatFigures(v: unknown, prefix = '', out: [string, number][] = []): [string, number][] {
  if (typeof v === 'number') {
    if (!SKIP.has(prefix)) out.push([prefix, v]);
  } else if (Array.isArray(v)) {
    v.forEach((item, i) => {
      const name =
        item && typeof item === 'object' && typeof (item as { name?: unknown }).name === 'string'
          ? (item as { name: string }).name
          : String(i);
      flatFigures(item, prefix ? `${prefix}.${name}` : name, out);
    });
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v))
      if (prefix || !SKIP_SECTIONS.has(k)) flatFigures(x, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

/**
 * Whether summary.csv (a run's, a sweep's) carries a figure: every figure but each training run's,
 * which training.csv has as rows (src/output/tables/training-csv.ts): a column group per run made the
 * default's row 10,600 columns wide, and a longer campus's past what a spreadsheet opens.
 */
export const inSummaryCsv = (figure: string): boolean => !figure.startsWith('training.');

/** A figure's cell: shortest round-trip form; empty for NaN or no value; never Infinity (NotFiniteError). */
export function figureCell(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return '';
  if (!Number.isFinite(x)) throw new NotFiniteError(x);
  return String(x);
}

/** The one-row table of a run summary. */
export function summaryTable(summary: object, sep = ','): string {
  const s = summary as { model?: { name?: string }; seed?: number };
  const flat = flatFigures(summary).filter(([k]) => inSummaryCsv(k));
  const header = ['model', 'seed', ...flat.map(([k]) => k)];
  const row = [s.model?.name ?? '', s.seed === undefined ? '' : String(s.seed), ...flat.map(([, x]) => figureCell(x))];
  return csvLine(header, sep) + csvLine(row, sep);
}
