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
import { formatTimestamp } from '../kernel/time.ts';
import type { RowWriter } from './timeseries-file.ts';

export interface CsvColumn {
  readonly name: string;
  readonly decimals: number;
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10];
const ZERO = 48;
const DOT = 46;
const MINUS = 45;
const NEWLINE = 10;
const RETURN = 13;
const TAB = 9;
/** =, +, -, @: a first character a spreadsheet may run as a formula (csvField decides). */
const FORMULA_START = [61, 43, 45, 64];
const QUOTE = 34;
const COMMA = 44;
const COLON = 58;
/** Bytes a number cell can take, its separator included: sign, 21 digits, point, 9 decimals. */
const CELL_MAX = 33;
/** Bytes of rows gathered before a write. */
const BUFFER = 1 << 16;
const INT32_LIMIT = 2 ** 31;
/** "00" to "99" as bytes, two digits at a time: half the divisions of one at a time. */
const DIGIT_PAIRS = Uint8Array.from(
  { length: 200 },
  (_, i) => ZERO + (i & 1 ? (i >> 1) % 10 : Math.floor((i >> 1) / 10)),
);
const DAY_S = 86400;
/** A date of years 0000 to 9999, "YYYY-MM-DD": the only kind the timestamp fast path writes. */
const PLAIN_DATE = /^\d{4}-\d\d-\d\d$/;

/**
 * Write `fixed(xs[i], decimals)` (src/output/format.ts) into `buf` at `pos` as
 * ASCII; returns the new position. The same characters, without a string.
 * The number is passed as a place in an array, not as a value: a double
 * passed to a function the JIT does not inline is boxed into a new heap
 * number (a row's cells made 10 MB of the 80 MB a bench-30d run allocated).
 * Most cells' digits (value times 10^decimals) fit 31 bits: those are cut
 * into digits with integer arithmetic (a division by 10 the JIT turns into a
 * multiplication), the rest with floating point.
 */
export function putFixed(buf: Buffer, pos: number, xs: ArrayLike<number>, i: number, decimals: number): number {
  const x = xs[i];
  if (x !== x) return pos; // NaN: an empty cell
  const p = POW10[decimals];
  const n = Math.round(Math.abs(x) * p);
  if (!(n < 9007199254740991)) return pos + buf.write(fixed(x, decimals), pos, 'latin1'); // NaN, huge; fixed refuses Infinity
  if (n !== 0 && x < 0) buf[pos++] = MINUS;
  if (n < INT32_LIMIT) {
    let v = n | 0;
    // Digits of n, at least one before the point; written from the right, two at a time.
    let digits = decimals + 1;
    while (digits < 10 && v >= POW10[digits]) digits++;
    const end = pos + digits + (decimals > 0 ? 1 : 0);
    let i = end - 1;
    let k = decimals;
    for (; k >= 2; k -= 2, i -= 2) {
      const q = (v / 100) | 0;
      const r = (v - q * 100) << 1;
      buf[i] = DIGIT_PAIRS[r + 1];
      buf[i - 1] = DIGIT_PAIRS[r];
      v = q;
    }
    if (k === 1) {
      const q = (v / 10) | 0;
      buf[i--] = ZERO + v - q * 10;
      v = q;
    }
    if (decimals > 0) buf[i--] = DOT;
    for (; i > pos; i -= 2) {
      const q = (v / 100) | 0;
      const r = (v - q * 100) << 1;
      buf[i] = DIGIT_PAIRS[r + 1];
      buf[i - 1] = DIGIT_PAIRS[r];
      v = q;
    }
    if (i === pos) buf[i] = ZERO + v;
    return end;
  }
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
  /** Rows waiting to be written, [0, pos); from BUFFER on, the last row's cells (lastRow). */
  private readonly buf: Buffer;
  private pos = 0;
  private readonly rowMax: number;
  // The last row's values and its cells' bytes (each cell from the separator before it): most
  // cells repeat the row above (nine in ten over a year of a campus at one-minute rows), and
  // a run of repeated cells is copied from the last row in one block instead of written again.
  private readonly last: Float64Array;
  /** Where each cell of the last row starts in lastRow, and (at index n) where the row ends. */
  private lastStart: Int32Array;
  private start: Int32Array;
  // rowAt's date, "YYYY-MM-DD" as bytes, for the day `day` (rows of a day share it).
  private day = NaN;
  private readonly dayBytes = Buffer.alloc(10);
  private plainDay = false;
  rows = 0;

  /** `dateTime` is the character between date and time in rowAt's timestamps: " " (excel) or "T" (iso). */
  constructor(
    readonly path: string,
    readonly columns: readonly CsvColumn[],
    firstColumn = 'timestamp_utc',
    separator = ',',
    private readonly dateTime = ' ',
  ) {
    this.sep = separator.charCodeAt(0);
    this.decimals = Uint8Array.from(columns, (c) => c.decimals);
    this.last = new Float64Array(columns.length).fill(NaN);
    this.rowMax = (columns.length + 1) * CELL_MAX;
    // One buffer for both, so that copies between them are copyWithin: Buffer#copy makes a view each time.
    this.buf = Buffer.alloc(BUFFER + this.rowMax);
    this.lastStart = new Int32Array(columns.length + 1);
    this.start = new Int32Array(columns.length + 1);
    this.file = new AtomicFile(path);
    this.file.write(csvLine([firstColumn, ...columns.map((c) => c.name)], separator));
  }

  /** One row: the label (timestamp) and one value per column. */
  row(label: string, values: ArrayLike<number>): void {
    const { buf } = this;
    if (this.pos + this.rowMax + 6 * label.length + 6 > BUFFER) this.flush(); // room for a quoted UTF-8 label
    let pos = this.pos;
    // A plain ASCII label (a timestamp) is copied byte by byte; one needing quotes, UTF-8 or
    // neutralising (a first character a spreadsheet reads as a formula) goes through csvField and write.
    for (let i = 0; i < label.length; i++) {
      const c = label.charCodeAt(i);
      if (
        c >= 128 ||
        c === QUOTE ||
        c === COMMA ||
        c === NEWLINE ||
        c === RETURN ||
        c === TAB ||
        (i === 0 && FORMULA_START.includes(c))
      ) {
        pos = this.pos + buf.write(csvField(label), this.pos, 'utf8');
        break;
      }
      buf[pos++] = c;
    }
    this.cells(pos, values);
  }

  /**
   * One row whose label is the UTC time `epochS`: what `row(formatTimestamp(epochS))` writes
   * (with `dateTime` between date and time), its digits put straight into the buffer.
   */
  rowAt(epochS: number, values: ArrayLike<number>): void {
    const whole = Math.floor(epochS);
    const day = Math.floor(whole / DAY_S);
    if (day !== this.day) {
      this.day = day;
      const date = formatTimestamp(day * DAY_S).slice(0, 10);
      this.plainDay = PLAIN_DATE.test(date);
      this.dayBytes.write(date, 'latin1');
    }
    if (!this.plainDay) {
      const t = formatTimestamp(epochS);
      return this.row(`${t.slice(0, 10)}${this.dateTime}${t.slice(11)}`, values);
    }
    const { buf, dayBytes } = this;
    if (this.pos + this.rowMax + 20 > BUFFER) this.flush();
    let pos = this.pos;
    for (let i = 0; i < 10; i++) buf[pos++] = dayBytes[i];
    buf[pos++] = this.dateTime.charCodeAt(0);
    let rest = whole - day * DAY_S;
    const h = (rest / 3600) | 0;
    rest -= h * 3600;
    const m = (rest / 60) | 0;
    const s = rest - m * 60;
    buf[pos++] = DIGIT_PAIRS[h << 1];
    buf[pos++] = DIGIT_PAIRS[(h << 1) + 1];
    buf[pos++] = COLON;
    buf[pos++] = DIGIT_PAIRS[m << 1];
    buf[pos++] = DIGIT_PAIRS[(m << 1) + 1];
    buf[pos++] = COLON;
    buf[pos++] = DIGIT_PAIRS[s << 1];
    buf[pos++] = DIGIT_PAIRS[(s << 1) + 1];
    this.cells(pos, values);
  }

  /** The row's cells from `pos` (after its label), and the line's end. */
  private cells(pos: number, values: ArrayLike<number>): void {
    const { buf, decimals, sep, last, lastStart, start } = this;
    const n = decimals.length;
    const rowStart = pos;
    for (let i = 0; i < n; ) {
      const x = values[i];
      if (x !== last[i]) {
        start[i] = pos - rowStart;
        buf[pos++] = sep;
        pos = putFixed(buf, pos, values, i, decimals[i]);
        last[i] = x;
        i++;
        continue;
      }
      // The same numbers as above (NaN never is; 0 and -0 both write as zero) from i to j: one copy.
      let j = i + 1;
      while (j < n && values[j] === last[j]) j++;
      const from = BUFFER + lastStart[i];
      const to = BUFFER + lastStart[j];
      const shift = pos - rowStart - lastStart[i];
      for (let k = i; k < j; k++) start[k] = lastStart[k] + shift;
      if (to - from < 32) for (let k = from; k < to; k++) buf[pos++] = buf[k];
      else {
        buf.copyWithin(pos, from, to);
        pos += to - from;
      }
      i = j;
    }
    start[n] = pos - rowStart;
    buf.copyWithin(BUFFER, rowStart, pos);
    this.start = lastStart;
    this.lastStart = start;
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
