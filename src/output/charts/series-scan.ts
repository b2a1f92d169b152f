/**
 * One streaming pass over a run's time series for the charts and the report:
 * the file is read in chunks and each number parsed straight from the bytes,
 * so a ten-year one-minute series (5.3 M rows, 1.7 GB) never becomes one
 * string (V8 caps strings at 512 MiB) and memory stays flat but for the
 * load-duration curve's one number a row.
 *
 * What it gathers, each weighted by row length (rows are interval means, so
 * mean x length is energy):
 * - bins: consecutive rows averaged into at most FINE_BINS bins (pairs of
 *   bins merge as the file goes on, so the length need not be known first);
 * - by calendar month (UTC) and hour of day: sums and weights of every
 *   column (monthly energy, hour-by-month heat maps);
 * - the demand column's every value (load-duration curve).
 * Reads wide and long layouts, comma- or tab-separated.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { InputError } from '../../model/errors.ts';
import { columnsOf, parseUtc, type Columns } from '../tables/folder.ts';

/** Bins kept for the interactive charts; static charts average these further. */
export const FINE_BINS = 8192;

interface MonthCells {
  /** "2027-03". */
  key: string;
  /** Start of the month (ms). */
  start: number;
  /** Σ value x hours, by hour of day then column: [hour * ncols + j]. */
  sum: Float64Array;
  /** Σ hours with a value, same layout. */
  hours: Float64Array;
}

export interface Scan {
  /** Columns after the timestamp, in file order. */
  names: string[];
  /** Their units and roles (the series' CSVW metadata, or guessed from the names). */
  columns: Columns;
  rows: number;
  /** First row's start and the last row's end (ms). */
  first: number;
  end: number;
  /** The first row's length (ms). */
  step: number;
  /** Bin starts (ms), each bin's column means (NaN where no value). */
  starts: number[];
  cols: Float64Array[];
  months: MonthCells[];
  /** Demand (facility_kw) of every row, if the series has it; rows' lengths differ only for the last one. */
  demand?: Float64Array;
}

const CHUNK = 1 << 22;
const HOUR_MS = 3.6e6;

/** A cell for an error: quoted if it is text, else said to be binary (a terminal would print garbage). */
const shownCell = (s: string): string =>
  /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(s) ? 'binary data (not a text table)' : JSON.stringify(s);

/** Milliseconds from "YYYY-MM-DD HH:MM:SS" or "YYYY-MM-DDTHH:MM:SS" bytes; other forms through parseUtc. */
function stampAt(buf: Buffer, s: number, e: number): number {
  const d = (i: number) => buf[s + i] - 48;
  if (e - s === 19 && buf[s + 4] === 45 && buf[s + 7] === 45 && buf[s + 13] === 58 && buf[s + 16] === 58) {
    const t = Date.UTC(
      d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3),
      d(5) * 10 + d(6) - 1,
      d(8) * 10 + d(9),
      d(11) * 10 + d(12),
      d(14) * 10 + d(15),
      d(17) * 10 + d(18),
    );
    if (!Number.isNaN(t)) return t;
  }
  return parseUtc(buf.toString('latin1', s, e));
}

/** A number from bytes: plain decimals parsed in place; anything else (exponents, inf) through Number(); empty is NaN. */
function numberAt(buf: Buffer, s: number, e: number): number {
  if (s === e) return NaN;
  let i = s;
  const neg = buf[i] === 45;
  if (neg || buf[i] === 43) i++;
  let int = 0,
    frac = 0,
    scale = 1,
    c = 0,
    digits = 0;
  while (i < e && (c = buf[i] - 48) >= 0 && c <= 9) (int = int * 10 + c), i++, digits++;
  if (i < e && buf[i] === 46) {
    i++;
    while (i < e && (c = buf[i] - 48) >= 0 && c <= 9) (frac = frac * 10 + c), (scale *= 10), i++, digits++;
  }
  if (i !== e || digits === 0 || digits > 15) {
    const x = Number(buf.toString('latin1', s, e));
    return Number.isFinite(x) ? x : NaN;
  }
  // One rounding, as Number() does: at most 15 digits, so int * scale + frac is an exact integer.
  const v = (int * scale + frac) / scale;
  return neg ? -v : v;
}

/** Consecutive rows into at most `cap` bins; when full, neighbours merge and each bin takes twice the rows. */
class Binner {
  private k = 1;
  private inBin = 0;
  private n = 0;
  readonly starts: number[] = [];
  private sum: Float64Array;
  private w: Float64Array;

  constructor(
    private readonly ncols: number,
    private readonly cap: number,
  ) {
    this.sum = new Float64Array(cap * ncols);
    this.w = new Float64Array(cap * ncols);
  }

  add(start: number, len: number, v: Float64Array): void {
    const m = this.ncols;
    if (this.inBin === 0) {
      if (this.n === this.cap) this.halve();
      this.starts.push(start);
      this.n++;
    }
    const o = (this.n - 1) * m;
    for (let j = 0; j < m; j++) {
      const x = v[j];
      if (x === x) (this.sum[o + j] += x * len), (this.w[o + j] += len);
    }
    if (++this.inBin === this.k) this.inBin = 0;
  }

  private halve(): void {
    const m = this.ncols;
    const half = this.n >> 1;
    for (let b = 0; b < half; b++) {
      for (let j = 0; j < m; j++) {
        this.sum[b * m + j] = this.sum[2 * b * m + j] + this.sum[(2 * b + 1) * m + j];
        this.w[b * m + j] = this.w[2 * b * m + j] + this.w[(2 * b + 1) * m + j];
      }
      this.starts[b] = this.starts[2 * b];
    }
    this.sum.fill(0, half * m);
    this.w.fill(0, half * m);
    this.starts.length = half;
    this.n = half;
    this.k *= 2;
  }

  means(): Float64Array[] {
    const m = this.ncols;
    return Array.from({ length: m }, (_, j) => {
      const out = new Float64Array(this.n);
      for (let b = 0; b < this.n; b++) out[b] = this.w[b * m + j] > 0 ? this.sum[b * m + j] / this.w[b * m + j] : NaN;
      return out;
    });
  }
}

/** Lines of a file, read in chunks; each line handed over as a byte range of a reused buffer. */
function eachLine(path: string, chunk: number, fn: (buf: Buffer, s: number, e: number, lineNo: number) => void): void {
  const fd = openSync(path, 'r');
  try {
    let buf = Buffer.allocUnsafe(chunk);
    let have = 0;
    let lineNo = 0;
    for (;;) {
      if (have === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2); // a line longer than the buffer
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      const got = readSync(fd, buf, have, buf.length - have, null);
      const stop = have + got;
      let s = 0;
      for (let nl = buf.indexOf(10, 0); nl >= 0 && nl < stop; nl = buf.indexOf(10, s)) {
        const e = nl > s && buf[nl - 1] === 13 ? nl - 1 : nl;
        fn(buf, s, e, ++lineNo);
        s = nl + 1;
      }
      if (got === 0) {
        if (s < stop) fn(buf, s, stop, ++lineNo);
        return;
      }
      buf.copy(buf, 0, s, stop);
      have = stop - s;
    }
  } finally {
    closeSync(fd);
  }
}

/** Split a byte range at `sep` into field ranges (reused array of [start, end] pairs). */
function fields(buf: Buffer, s: number, e: number, sep: number, out: number[]): number {
  let n = 0;
  let a = s;
  for (let i = s; i <= e; i++) {
    if (i === e || buf[i] === sep) {
      out[2 * n] = a;
      out[2 * n + 1] = i;
      n++;
      a = i + 1;
    }
  }
  return n;
}

/**
 * Scan a time-series file. `end` is the run's end (ms; from summary.json);
 * without it the last row is taken to be as long as the one before. `chunk`
 * is the read size in bytes (smaller in the tests, to split rows anywhere).
 */
export function scanSeries(path: string, end?: number, demandColumn = 'facility_kw', chunk = CHUNK): Scan {
  let sep = 0;
  let header: string[] | undefined;
  let long = false;
  let ncols = 0;
  let binner: Binner | undefined;
  const months: MonthCells[] = [];
  let month: MonthCells | undefined;
  let monthEnd = -Infinity;
  let demandAt = -1;
  let demand: Float64Array = new Float64Array(0);
  let rows = 0;
  let first = NaN;
  let step = NaN;
  // The row waiting for its length (the next row's start).
  let pendStart = NaN;
  let pend: Float64Array = new Float64Array(0);
  let cur: Float64Array = new Float64Array(0);
  const f: number[] = [];
  // Long layout: the variables' order from the first timestamp, and the current timestamp's bytes.
  const varIndex = new Map<string, number>();
  let longStamp = '';
  let longStart = NaN;
  let longHeaderDone = false;
  const firstLong: number[] = [];

  const flush = (nextStart: number): void => {
    if (pendStart !== pendStart) return;
    const len = nextStart - pendStart;
    if (!(len > 0))
      throw new InputError(
        path,
        'timestamp_utc',
        'rows in time order',
        `${new Date(nextStart).toISOString()} after ${new Date(pendStart).toISOString()}`,
      );
    if (rows === 0) (first = pendStart), (step = len);
    binner!.add(pendStart, len, pend);
    // The row's time in each calendar month and clock hour it spans, its value held through it (one piece for a row
    // inside an hour; until 5 December 2026 a row counted whole in the month and hour it started in, so 30-day rows
    // gave January two and February none).
    const rowEnd = pendStart + len;
    for (let t = pendStart; t < rowEnd; ) {
      if (t >= monthEnd) {
        const d = new Date(t);
        const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
        monthEnd = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
        month = {
          key: new Date(start).toISOString().slice(0, 7),
          start,
          sum: new Float64Array(24 * ncols),
          hours: new Float64Array(24 * ncols),
        };
        months.push(month);
      }
      const hourEnd = (Math.floor(t / HOUR_MS) + 1) * HOUR_MS;
      const upTo = Math.min(rowEnd, hourEnd, monthEnd);
      const h = (upTo - t) / HOUR_MS;
      const o = new Date(t).getUTCHours() * ncols;
      for (let j = 0; j < ncols; j++) {
        const x = pend[j];
        if (x === x) (month!.sum[o + j] += x * h), (month!.hours[o + j] += h);
      }
      t = upTo;
    }
    if (demandAt >= 0) {
      if (rows === demand.length) {
        const d2 = new Float64Array(Math.max(1024, demand.length * 2));
        d2.set(demand);
        demand = d2;
      }
      demand[rows] = pend[demandAt];
    }
    rows++;
  };
  const emit = (start: number, values: Float64Array): void => {
    flush(start);
    pendStart = start;
    const t = pend;
    pend = values;
    cur = t;
  };
  const begin = (names: string[]): void => {
    header = names;
    ncols = names.length;
    binner = new Binner(ncols, FINE_BINS);
    pend = new Float64Array(ncols);
    cur = new Float64Array(ncols);
    demandAt = names.indexOf(demandColumn);
  };

  eachLine(path, chunk, (buf, s, e, lineNo) => {
    if (e <= s) return;
    if (lineNo === 1) {
      if (buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3; // a BOM
      const text = buf.toString('utf8', s, e);
      sep = text.includes('\t') ? 9 : 44;
      const h = text.split(sep === 9 ? '\t' : ',');
      long = h.length === 3 && h[1] === 'variable' && h[2] === 'value';
      if (!long) begin(h.slice(1));
      return;
    }
    const n = fields(buf, s, e, sep, f);
    if (!long) {
      const t = stampAt(buf, f[0], f[1]);
      if (Number.isNaN(t))
        throw new InputError(
          path,
          'timestamp_utc',
          'a date like 2027-01-01 00:00:00',
          shownCell(buf.toString('utf8', f[0], Math.min(f[1], f[0] + 30))),
          lineNo,
        );
      // dcpsim writes every cell of every row: a short or long row is a file cut short (a copy interrupted) or edited,
      // which was drawn as gaps, the report's charts ending early beside its full-length totals.
      if (n !== ncols + 1)
        throw new InputError(
          path,
          '',
          `${ncols + 1} cells as in the header`,
          `${n} (the file cut short or edited?)`,
          lineNo,
        );
      for (let j = 0; j < ncols; j++) cur[j] = numberAt(buf, f[2 * j + 2], f[2 * j + 3]);
      emit(t, cur);
      return;
    }
    // Long: one line per cell; a new timestamp ends the previous row.
    const stamp = buf.toString('latin1', f[0], f[1]);
    const name = buf.toString('utf8', f[2], f[3]);
    if (stamp !== longStamp) {
      if (!longHeaderDone && longStamp !== '') {
        longHeaderDone = true;
        begin([...varIndex.keys()]);
        cur.set(firstLong);
      }
      if (longHeaderDone && longStamp !== '') {
        emit(longStart, cur);
        cur.fill(NaN);
      }
      longStamp = stamp;
      longStart = stampAt(buf, f[0], f[1]);
      if (Number.isNaN(longStart))
        throw new InputError(
          path,
          'timestamp_utc',
          'a date like 2027-01-01 00:00:00',
          shownCell(stamp.slice(0, 30)),
          lineNo,
        );
    }
    if (!longHeaderDone) {
      if (!varIndex.has(name)) varIndex.set(name, varIndex.size);
      firstLong.push(numberAt(buf, f[4], f[5]));
      return;
    }
    const j = varIndex.get(name);
    if (j !== undefined) cur[j] = numberAt(buf, f[4], f[5]);
  });
  // The long layout's first row was held until its variables were known.
  if (long && !longHeaderDone && longStamp !== '') {
    begin([...varIndex.keys()]);
    cur.set(firstLong);
    emit(longStart, cur);
  } else if (long && longStamp !== '') emit(longStart, cur);
  if (!header) throw new InputError(path, '', 'a table with a header line', 'an empty file');
  const last = end ?? (Number.isNaN(pendStart) ? NaN : pendStart + (rows > 0 ? step : 3.6e6));
  if (!Number.isNaN(pendStart)) flush(last > pendStart ? last : pendStart + (Number.isNaN(step) ? 3.6e6 : step));
  const bins = binner!;
  return {
    names: header,
    columns: columnsOf(path, header),
    rows,
    first,
    end: rows > 0 ? Math.max(last, pendStart) : NaN,
    step,
    starts: bins.starts.slice(),
    cols: bins.means(),
    months,
    demand: demandAt >= 0 ? demand.subarray(0, rows) : undefined,
  };
}
