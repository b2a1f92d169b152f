/**
 * Where and how a run's time series is written: comma- or tab-separated,
 * wide (one row per step, one column per variable: what a spreadsheet user
 * scrolls) or long (timestamp_utc, variable, value: what a pivot table or a
 * dataframe's melt/pivot wants). Both hold the same cells, so they convert
 * into each other without loss.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { AtomicFile } from '../files/atomic.ts';
import { CsvWriter, type CsvColumn } from './csv.ts';
import { csvField, fixed } from './format.ts';
import { ThreadedRows, workerThreads } from './row-thread.ts';
import { formatTimestamp } from '../../kernel/time.ts';

import {
  dateTimeSeparator,
  FORMATS,
  LAYOUTS,
  type TableFormat,
  type TableLayout,
  type TimestampStyle,
} from './table-options.ts';

export const separatorOf = (format: TableFormat): string => (format === 'tsv' ? '\t' : ',');

/** File name of a run's time series: timeseries.csv, timeseries.tsv, timeseries_long.csv, ... */
export function timeseriesName(format: TableFormat = 'csv', layout: TableLayout = 'wide'): string {
  return `timeseries${layout === 'long' ? '_long' : ''}.${format}`;
}

/** The CSV on the Web metadata of a table (src/output/tables/columns.ts): CSVW's name for it, beside the table. */
export const metadataName = (tableFile: string): string => `${tableFile}-metadata.json`;

/** Every name a run's time series may have, the default first (readers try them in this order). */
export const TIMESERIES_NAMES: readonly string[] = LAYOUTS.flatMap((l) => FORMATS.map((f) => timeseriesName(f, l)));

/** What the run loop needs from a time-series file. */
export interface RowWriter {
  readonly path: string;
  /** A row whose label is the UTC time `epochS` (seconds), in the writer's timestamp style. */
  rowAt(epochS: number, values: ArrayLike<number>): void;
  commit(): void;
  abort(): void;
}

/**
 * The columns of a run's series at a step of `stepS` seconds: a total over the row (energy_mwh, cost_usd, carbon_kg, a
 * supply's cost and carbon) gains a decimal for each tenfold its row is shorter than 15 minutes (1 at 90 s to 14 min,
 * 2 at 9 to 89 s, 3 at 1-8 s), so that its rounding is no larger a share of a row than at 15 minutes and the rows
 * still sum to the totals the run prints: at one-second rows of a 6.5 kW site the fixed decimals held 4 units of
 * energy_mwh's last, and the day's 86,400 rows summed to 72.0 kWh and 3.60 USD where the run printed 82.2 and 4.52.
 * Means (kW) and ratios (PUE) do not shrink with the row and keep theirs.
 */
export function seriesColumns(columns: readonly (CsvColumn & { readonly kind: string })[], stepS: number): CsvColumn[] {
  const more = stepS < FULL_ROW_S ? Math.ceil(Math.log10(FULL_ROW_S / stepS) - 1e-9) : 0;
  return columns.map((c) => ({ name: c.name, decimals: c.kind === 'sum' ? c.decimals + more : c.decimals }));
}
/** The row whose totals' decimals the meters give: 15 minutes, the default step. */
const FULL_ROW_S = 900;

/** The long layout: one line per cell, "timestamp_utc,variable,value"; empty value where the wide cell is empty. */
class LongWriter implements RowWriter {
  private readonly file: AtomicFile;
  private readonly names: string[];

  constructor(
    readonly path: string,
    readonly columns: readonly CsvColumn[],
    private readonly sep = ',',
    private readonly dateTime = ' ',
    firstColumn = 'timestamp_utc',
  ) {
    this.file = new AtomicFile(path);
    this.names = columns.map((c) => csvField(c.name));
    this.file.write([firstColumn, 'variable', 'value'].join(sep) + '\n');
  }

  rowAt(epochS: number, values: ArrayLike<number>): void {
    const t = formatTimestamp(epochS);
    this.row(`${t.slice(0, 10)}${this.dateTime}${t.slice(11)}`, values);
  }

  row(label: string, values: ArrayLike<number>): void {
    const head = csvField(label) + this.sep;
    let out = '';
    for (let i = 0; i < this.names.length; i++) {
      out += head + this.names[i] + this.sep + fixed(values[i], this.columns[i].decimals) + '\n';
    }
    this.file.write(out);
  }

  commit(): void {
    this.file.commit();
  }

  abort(): void {
    this.file.abort();
  }
}

/**
 * Cells (rows times columns) from which a run's series is worth a thread of its own
 * (src/output/tables/row-thread.ts) on a machine with a second core: about 150 MB of rows.
 */
const THREAD_CELLS = 20_000_000;

/**
 * Is a series of `rows` rows of these columns written by a thread of its own? Not for a run
 * in a sweep's worker thread: the sweep's other workers keep the other cores busy.
 */
export const threadWrites = (rows: number, columns: readonly CsvColumn[]): boolean =>
  rows * (columns.length + 1) >= THREAD_CELLS && workerThreads().isMainThread && availableParallelism() > 1;

/** Open the time-series file of a run in `dir`; with `thread` (the thread's module), written by that thread. */
export function timeseriesWriter(
  dir: string,
  columns: readonly CsvColumn[],
  format: TableFormat = 'csv',
  layout: TableLayout = 'wide',
  timestamps: TimestampStyle = 'excel',
  thread?: URL,
): RowWriter {
  const path = join(dir, timeseriesName(format, layout));
  if (thread) return new ThreadedRows(thread, path, dir, columns, format, layout, timestamps);
  const sep = separatorOf(format);
  const dateTime = dateTimeSeparator(timestamps);
  return layout === 'long'
    ? new LongWriter(path, columns, sep, dateTime)
    : new CsvWriter(path, columns, 'timestamp_utc', sep, dateTime);
}
