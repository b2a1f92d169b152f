/**
 * The time-series CSV: a header, then one row per output step, first column
 * the interval's start as "YYYY-MM-DD HH:MM:SS" (UTC). Bytes are exactly
 * what fast-csv's `format({ includeEndRowDelimiter: true })` writes for the
 * same rows (a test compares them). Numbers are written as ASCII digits
 * straight into a byte buffer: about 5x faster than fast-csv, which made
 * writing half of a run's time.
 */
import { AtomicFile } from './atomic.ts';
import { csvField, csvLine, fixed } from './format.ts';
import type { RowWriter } from './timeseries-file.ts';

export interface CsvColumn {
  readonly name: string;
  readonly decimals: number;
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
const ZERO = 48;
const DOT = 46;
const MINUS = 45;
const NEWLINE = 10;
/** Bytes a number cell can take: sign, 16 digits, point, 9 decimals. */
const CELL_MAX = 28;

/**
 * Write `fixed(x, decimals)` (src/output/format.ts) into `buf` at `pos` as
 * ASCII; returns the new position. The same characters, without a string.
 */
export function putFixed(buf: Buffer, pos: number, x: number, decimals: number): number {
  const p = POW10[decimals];
  const n = Math.round(Math.abs(x) * p);
  if (!(n < 9007199254740991)) return pos + buf.write(fixed(x, decimals), pos, 'latin1'); // NaN, inf, huge
  if (n !== 0 && x < 0) buf[pos++] = MINUS;
  const whole = Math.floor(n / p);
  // Whole part: count digits, then fill from the right.
  let digits = 1;
  for (let w = whole; w >= 10; w = Math.floor(w / 10)) digits++;
  let w = whole;
  for (let i = pos + digits - 1; i >= pos; i--) {
    const q = Math.floor(w / 10);
    buf[i] = ZERO + (w - q * 10);
    w = q;
  }
  pos += digits;
  if (decimals > 0) {
    buf[pos++] = DOT;
    let f = n - whole * p;
    for (let i = pos + decimals - 1; i >= pos; i--) {
      const q = Math.floor(f / 10);
      buf[i] = ZERO + (f - q * 10);
      f = q;
    }
    pos += decimals;
  }
  return pos;
}

export class CsvWriter implements RowWriter {
  private readonly file: AtomicFile;
  private readonly sep: number;
  private readonly decimals: Uint8Array;
  private readonly buf = Buffer.allocUnsafe(1 << 16);
  private pos = 0;
  private readonly rowMax: number;
  rows = 0;

  constructor(readonly path: string, readonly columns: readonly CsvColumn[], firstColumn = 'timestamp_utc', separator = ',') {
    this.sep = separator.charCodeAt(0);
    this.decimals = Uint8Array.from(columns, (c) => c.decimals);
    this.rowMax = (columns.length + 1) * CELL_MAX;
    this.file = new AtomicFile(path);
    this.file.write(csvLine([firstColumn, ...columns.map((c) => c.name)], separator));
  }

  /** One row: the label (timestamp) and one value per column. */
  row(label: string, values: ArrayLike<number>): void {
    const { buf, decimals, sep } = this;
    const cell = csvField(label);
    if (this.pos + this.rowMax + 3 * cell.length > buf.length) this.flush();
    let pos = this.pos + buf.write(cell, this.pos, 'utf8');
    for (let i = 0; i < decimals.length; i++) {
      buf[pos++] = sep;
      pos = putFixed(buf, pos, values[i], decimals[i]);
    }
    buf[pos++] = NEWLINE;
    this.pos = pos;
    this.rows++;
  }

  private flush(): void {
    this.file.writeBytes(this.buf, this.pos);
    this.pos = 0;
  }

  commit(): void {
    this.flush();
    this.file.commit();
  }

  abort(): void {
    this.file.abort();
  }
}
