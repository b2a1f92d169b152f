/**
 * The time-series CSV: a header, then one row per output step, first column
 * the interval's start as "YYYY-MM-DD HH:MM:SS" (UTC). Bytes are exactly
 * what fast-csv's `format({ includeEndRowDelimiter: true })` writes for the
 * same rows (a test compares them). Numbers are written as ASCII digits
 * straight into a byte buffer: about 5x faster than fast-csv, which made
 * writing half of a run's time.
 */
import { AtomicFile } from '../files/atomic.ts';
import { csvField, csvLine, fixed } from './format.ts';
import { formatTimestamp } from '../../kernel/time.ts';
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
/** Bytes of rows gathered before a write (more for rows wider than a sixteenth of it). */
const BUFFER = 1 << 16;
const INT32_LIMIT = 2 ** 31;
/** "00" to "99" as bytes, two digits at a time: half the divisions of one at a time. */
const DIGIT_PAIRS = Uint8Array.from(
  { length: 200 },
  (_, i) => ZERO + (i & 1 ? (i >> 1) % 10 : Math.floor((i >> 1) / 10)),
);
const DAY_S = 86400;
/** The days (since 1970-01-01) of 0000-01-01 and 9999-12-31: the dates rowAt writes itself, "YYYY-MM-DD". */
const FIRST_DAY = -719528;
const LAST_DAY = 2932896;
/** Days in 400 Gregorian years, and from 0000-03-01 to 1970-01-01 (dates are counted from a March 1). */
const ERA_DAYS = 146097;
const MARCH_0000 = 719468;

/**
 * Write `fixed(xs[i], decimals)` (src/output/tables/format.ts) into `buf` at `pos` as
 * ASCII; returns the new position. The same characters, without a string.
 */
export function putFixed(buf: Buffer, pos: number, xs: ArrayLike<number>, i: number, decimals: number): number {
  const cell = Buffer.alloc(CELL_MAX);
  const start = fixedText(cell, xs, i, decimals);
  cell.copy(buf, pos, start);
  return pos + CELL_MAX - start;
}

/**
 * `fixed(xs[i], decimals)` as ASCII at the end of `cell` (CELL_MAX bytes),
 * written from the right; returns where it starts. The number is passed as a
 * place in an array, not as a value: a double passed to a function the JIT
 * does not inline is boxed into a new heap number (a row's cells made 10 MB
 * of the 80 MB a bench-30d run allocated). Most cells' digits (value times
 * 10^decimals) fit 31 bits: those are putDigits'; the rest wideFixedText's.
 */
function fixedText(cell: Buffer, xs: ArrayLike<number>, i: number, decimals: number): number {
  const x = xs[i];
  if (x !== x) return CELL_MAX; // NaN: an empty cell
  const n = Math.round(Math.abs(x) * POW10[decimals]);
  if (!(n < INT32_LIMIT)) return wideFixedText(cell, x, decimals);
  const negative = n !== 0 && x < 0;
  const start = CELL_MAX - fixedWidth(n, decimals) - (negative ? 1 : 0);
  putDigits(cell, CELL_MAX, n | 0, decimals);
  if (negative) cell[start] = MINUS;
  return start;
}

/** How many characters putDigits writes for `n` (below 2^31) with `decimals` decimals: its digits, at least one before the point, and the point. */
function fixedWidth(n: number, decimals: number): number {
  // The digits of n by comparisons (three or four), not a loop over the powers of ten.
  const digits =
    n < 1e5
      ? n < 100
        ? n < 10
          ? 1
          : 2
        : n < 1e3
          ? 3
          : n < 1e4
            ? 4
            : 5
      : n < 1e7
        ? n < 1e6
          ? 6
          : 7
        : n < 1e8
          ? 8
          : n < 1e9
            ? 9
            : 10;
  const shown = digits > decimals ? digits : decimals + 1;
  return decimals > 0 ? shown + 1 : shown;
}

/**
 * The digits of `v` (below 2^31) with a point before its last `decimals`, ending at `end`
 * (written from the right): cut with integer arithmetic (a division by 100 the JIT turns
 * into a multiplication), two at a time.
 */
function putDigits(buf: Buffer, end: number, v: number, decimals: number): void {
  let at = end;
  let k = decimals;
  for (; k >= 2; k -= 2) {
    const q = (v / 100) | 0;
    const r = (v - q * 100) << 1;
    buf[--at] = DIGIT_PAIRS[r + 1];
    buf[--at] = DIGIT_PAIRS[r];
    v = q;
  }
  if (k === 1) {
    const q = (v / 10) | 0;
    buf[--at] = ZERO + v - q * 10;
    v = q;
  }
  if (decimals > 0) buf[--at] = DOT;
  // The whole part: at least one digit, no leading zero.
  while (v >= 100) {
    const q = (v / 100) | 0;
    const r = (v - q * 100) << 1;
    buf[--at] = DIGIT_PAIRS[r + 1];
    buf[--at] = DIGIT_PAIRS[r];
    v = q;
  }
  if (v >= 10) {
    buf[--at] = DIGIT_PAIRS[(v << 1) + 1];
    buf[--at] = DIGIT_PAIRS[v << 1];
  } else buf[--at] = ZERO + v;
}

/**
 * fixedText of a number whose digits do not fit 31 bits (a few cells in a
 * thousand): floating point, in a function of its own so that fixedText stays
 * small (quicker for the JIT to compile, which a short run pays for).
 */
function wideFixedText(cell: Buffer, x: number, decimals: number): number {
  const p = POW10[decimals];
  const n = Math.round(Math.abs(x) * p);
  if (!(n < 9007199254740991)) {
    // NaN, huge; fixed refuses Infinity.
    const text = fixed(x, decimals);
    return CELL_MAX - cell.write(text, CELL_MAX - text.length, 'latin1');
  }
  let at = CELL_MAX;
  const whole = Math.floor(n / p);
  let f = n - whole * p;
  for (let k = 0; k < decimals; k++) {
    const q = Math.floor(f / 10);
    cell[--at] = ZERO + (f - q * 10);
    f = q;
  }
  if (decimals > 0) cell[--at] = DOT;
  let w = whole;
  do {
    const q = Math.floor(w / 10);
    cell[--at] = ZERO + (w - q * 10);
    w = q;
  } while (w > 0);
  if (x < 0) cell[--at] = MINUS;
  return at;
}

export class CsvWriter implements RowWriter {
  private readonly file: AtomicFile;
  private readonly sep: number;
  private readonly dateTime: number;
  private readonly decimals: Uint8Array;
  /** Rows waiting to be written, [from, pos); before `from`, the cells of the row above if it was written out. */
  private readonly buf: Buffer;
  private from: number;
  private pos: number;
  private readonly rowMax: number;
  // Most cells repeat the row above (nine in ten over a year of a campus at one-minute rows): a
  // row starts as a copy of the cells above (one block), and only the cells whose values changed
  // are written into it. The last row's values, where its cells start in buf, and each cell's
  // offset from there (each cell from the separator before it; at index n, where the cells end).
  private readonly last: Float64Array;
  private cellsAt: number;
  private readonly offset: Int32Array;
  /** A cell's text before it goes into the row (its length decides whether the cells after it move). */
  private readonly cell = Buffer.alloc(CELL_MAX);

  /** `dateTime` is the character between date and time in rowAt's timestamps: " " (excel) or "T" (iso). */
  constructor(
    readonly path: string,
    readonly columns: readonly CsvColumn[],
    firstColumn = 'timestamp_utc',
    separator = ',',
    dateTime = ' ',
  ) {
    this.sep = separator.charCodeAt(0);
    this.dateTime = dateTime.charCodeAt(0);
    this.decimals = Uint8Array.from(columns, (c) => c.decimals);
    const n = columns.length;
    this.last = new Float64Array(n).fill(NaN);
    this.rowMax = (n + 1) * CELL_MAX;
    this.buf = Buffer.alloc(Math.max(BUFFER, 16 * this.rowMax));
    // The row "above" the first: every cell empty (NaN), never written out.
    this.offset = Int32Array.from({ length: n + 1 }, (_, i) => i);
    this.buf.fill(this.sep, 0, n);
    this.cellsAt = 0;
    this.from = this.pos = n;
    this.file = new AtomicFile(path);
    this.file.write(csvLine([firstColumn, ...columns.map((c) => c.name)], separator));
  }

  /** One row: the label (timestamp) and one value per column. */
  row(label: string, values: ArrayLike<number>): void {
    const { buf } = this;
    if (this.pos + this.rowMax + 6 * label.length + 6 > buf.length) this.flush(); // room for a quoted UTF-8 label
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
   * (with `dateTime` between date and time), its digits put straight into the buffer. The date
   * is worked out from the day's number (the civil calendar of Howard Hinnant's days_from_civil,
   * inverted) rather than kept from the row before: no branch that only a new day takes, which
   * the JIT would compile without knowing it and then throw its code away at midnight.
   */
  rowAt(epochS: number, values: ArrayLike<number>): void {
    const whole = Math.floor(epochS);
    const day = Math.floor(whole / DAY_S);
    if (!(day >= FIRST_DAY && day <= LAST_DAY)) {
      const t = formatTimestamp(epochS);
      return this.row(`${t.slice(0, 10)}${String.fromCharCode(this.dateTime)}${t.slice(11)}`, values);
    }
    const { buf } = this;
    if (this.pos + this.rowMax + 20 > buf.length) this.flush();
    let pos = this.pos;
    // The date: 400-year eras, years from March 1 (a leap day comes last).
    const z = day + MARCH_0000 + ERA_DAYS; // from 0000-03-01 minus one era: never negative
    const era = ((z / ERA_DAYS) | 0) - 1;
    const dayOfEra = z - (era + 1) * ERA_DAYS;
    const yearOfEra =
      ((dayOfEra - ((dayOfEra / 1460) | 0) + ((dayOfEra / 36524) | 0) - ((dayOfEra / 146096) | 0)) / 365) | 0;
    const dayOfYear = dayOfEra - (365 * yearOfEra + ((yearOfEra / 4) | 0) - ((yearOfEra / 100) | 0));
    const monthFromMarch = ((5 * dayOfYear + 2) / 153) | 0;
    const dayOfMonth = dayOfYear - (((153 * monthFromMarch + 2) / 5) | 0) + 1;
    const nextYear = ((monthFromMarch + 2) / 12) | 0; // January and February
    const month = monthFromMarch + 3 - 12 * nextYear;
    const year = yearOfEra + 400 * era + nextYear;
    const century = (year / 100) | 0;
    pos = putPair(buf, pos, century);
    pos = putPair(buf, pos, year - 100 * century);
    buf[pos++] = MINUS;
    pos = putPair(buf, pos, month);
    buf[pos++] = MINUS;
    pos = putPair(buf, pos, dayOfMonth);
    buf[pos++] = this.dateTime;
    let rest = whole - day * DAY_S;
    const h = (rest / 3600) | 0;
    rest -= h * 3600;
    const m = (rest / 60) | 0;
    pos = putPair(buf, pos, h);
    buf[pos++] = COLON;
    pos = putPair(buf, pos, m);
    buf[pos++] = COLON;
    pos = putPair(buf, pos, rest - m * 60);
    this.cells(pos, values);
  }

  /** The row's cells from `pos` (after its label), and the line's end. */
  private cells(pos: number, values: ArrayLike<number>): void {
    const { buf, decimals, last, offset, cell } = this;
    const n = decimals.length;
    // The row above's cells, then each changed cell in place of its old text: the cells after it
    // move only when its text is longer or shorter (a few cells in a hundred).
    buf.copyWithin(pos, this.cellsAt, this.cellsAt + offset[n]);
    for (let i = 0; i < n; i++) {
      const x = values[i];
      const was = last[i];
      // Unchanged (0 and -0 both write as zero), or empty again (NaN, never equal to itself): the cell above stands.
      if (x === was || (x !== x && was !== was)) continue;
      last[i] = x;
      // Most cells' digits fit 31 bits: their width is counted and they are written in place. An
      // empty (NaN) or wider cell is written into `cell` first, then copied.
      const d = decimals[i];
      const v = Math.round(Math.abs(x) * POW10[d]);
      const small = v < INT32_LIMIT;
      const negative = x < 0 && v !== 0;
      const start = small ? 0 : fixedText(cell, values, i, d);
      const width = small ? fixedWidth(v, d) + (negative ? 1 : 0) : CELL_MAX - start;
      let at = pos + offset[i] + 1; // after the separator
      const shift = width - (offset[i + 1] - offset[i] - 1);
      if (shift !== 0) {
        buf.copyWithin(at + width, pos + offset[i + 1], pos + offset[n]);
        for (let k = i + 1; k <= n; k++) offset[k] += shift;
      }
      if (small) {
        putDigits(buf, at + width, v | 0, d);
        if (negative) buf[at] = MINUS;
      } else for (let k = start; k < CELL_MAX; k++) buf[at++] = cell[k];
    }
    this.cellsAt = pos;
    pos += offset[n];
    buf[pos++] = NEWLINE;
    this.pos = pos;
  }

  /** Write the rows out; the last row's cells go to the buffer's start, for the next row's copy. */
  private flush(): void {
    const { buf, offset } = this;
    this.file.writeBytes(buf, this.from, this.pos);
    const length = offset[offset.length - 1];
    buf.copyWithin(0, this.cellsAt, this.cellsAt + length);
    this.cellsAt = 0;
    this.from = this.pos = length;
  }

  commit(): void {
    this.file.writeBytes(this.buf, this.from, this.pos);
    this.from = this.pos;
    this.file.commit();
  }

  abort(): void {
    this.file.abort();
  }
}

/** Two digits of `v` (0 to 99) at `pos`; returns the position after them. */
function putPair(buf: Buffer, pos: number, v: number): number {
  buf[pos] = DIGIT_PAIRS[v << 1];
  buf[pos + 1] = DIGIT_PAIRS[(v << 1) + 1];
  return pos + 2;
}
