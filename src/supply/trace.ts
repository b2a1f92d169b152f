/**
 * Hourly trace files (a grid's prices and carbon intensities), read as downloaded and followed as a step schedule
 * (src/supply/schedule.ts) over the run.
 *
 * Hourly trace files are read by the one CSV reader (src/model/csv-parse.ts)
 * as fast-csv reads them with ignoreEmpty and trim (trimmedRows). Each row is the hour that
 * starts at its timestamp (UTC; a timestamp without a zone is UTC on every
 * machine, whatever its time zone). Rows are consecutive whole UTC hours, or finer rows averaged to them
 * (sub-hourly.ts).
 * The rule that maps the trace onto the simulated years:
 *  - an instant inside the trace's span reads the row of its own hour;
 *  - any other instant reads the row with its UTC month, day and hour, from
 *    the trace's first such row when the instant is before the span and its
 *    last when after (so a 2022 trace drives 2027 date for date, and a trace
 *    from 2022-07-01 gives 1 January its 1 January row). 29 February reads
 *    the trace's 29 February when it has one, else its 28 February; a leap
 *    day in the trace is skipped in other years. Such a trace must hold
 *    every month, day and hour of a year (8,760 keys), unless the run lies
 *    inside its span.
 * Empty cells are filled by the stated rule `interpolate` (linear in time
 * between the nearest filled hours before and after; the nearest filled
 * hour at either end), or refused with an error naming the file and line
 * (`gaps: error`). Never read as zero.
 */
import { statSync } from 'node:fs';
import { dataSeparator, numberCell, trimmedRows, withoutEmptyColumns } from '../model/csv-parse.ts';
import { DATA_ROLES, readDataFile, shownPath } from '../model/read-input.ts';
import { resolve } from 'node:path';
import * as z from 'zod';
import { InputError, asInputError } from '../model/errors.ts';
import { formatDuration, formatTimestamp, parseDate } from '../kernel/time.ts';
import { SLASH, slashIso, slashOrder } from '../model/slash-dates.ts';
import {
  type ClockReading,
  LOCAL_NAME,
  ZONED,
  clockReading,
  endingShiftS,
  headerOffsetS,
  timeOfDayApart,
} from '../model/clock-names.ts';
import { oasisColumn, oasisRows } from './caiso.ts';
import { entsoeColumn, entsoeRows } from './entsoe.ts';
import { ercotColumns, ercotRows } from './ercot.ts';
import { nyisoColumns, nyisoRows } from './nyiso.ts';
import { isMiso, misoRows } from './miso.ts';
import { isIsone, isoneRows } from './isone.ts';
import { averageToHours } from './sub-hourly.ts';
import type { Schedule } from './schedule.ts';

const HOUR = 3600;

export const gapsSchema = z.enum(['interpolate', 'error']).prefault('interpolate').meta({
  description: 'Empty cells: `interpolate` linearly between the nearest filled hours, or `error` naming the line',
});

/** Start of each month in a leap year, days: month-day keys index a 366-day calendar. */
const LEAP_MONTH_START = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335];
const FEB_29 = 59;

/** The month-day-hour key of an instant (UTC): hour of a 366-day calendar year. */
function calendarKey(epochS: number): number {
  if (epochS === lastKey.epochS) return lastKey.key;
  const d = new Date(epochS * 1000);
  lastKey.epochS = epochS;
  lastKey.key = (LEAP_MONTH_START[d.getUTCMonth()] + d.getUTCDate() - 1) * 24 + d.getUTCHours();
  return lastKey.key;
}
/** The last key asked for: a grid's price, carbon and carbon-free share each ask at every hour's step. */
const lastKey = { epochS: NaN, key: 0 };

/**
 * A trace column as a schedule over the run (see the rule at the top).
 * Refuses a trace that neither covers the run nor holds a whole year.
 */
export function hourlyTrace(
  values: Float64Array,
  trace: TraceColumns,
  startEpochS: number,
  durationS: number,
  gap?: { column: string; maxGapS: number },
): Schedule {
  const t0 = trace.startEpochS;
  const tEnd = t0 + trace.hours * HOUR;
  const inside = (e: number): boolean => e >= t0 && e < tEnd;
  const { first, last } = trace.byKey;
  const clock = trace.clock;
  if (!(startEpochS >= t0 && startEpochS + durationS <= tEnd)) {
    for (let k = 0; k < 366 * 24; k++) {
      if (first[k] < 0 && Math.floor(k / 24) !== FEB_29) {
        throw new InputError(
          trace.file,
          'timestamp',
          `rows covering a whole year (every month, day and hour) or the run (${formatTimestamp(startEpochS)} to ${formatTimestamp(startEpochS + durationS)})`,
          `rows from ${formatTimestamp(t0)} to ${formatTimestamp(tEnd - HOUR)}${clock ? ` UTC (written from ${formatTimestamp(t0 + clock.writtenS)} to ${formatTimestamp(tEnd - HOUR + clock.writtenS)}, ${clock.why})` : ''}`,
          trace.lines[trace.hours - 1],
        );
      }
    }
  }
  /** The row read at epoch second e outside the span, -1 if the trace has none for its month, day and hour. */
  const rowOutside = (e: number): number => {
    let k = calendarKey(e);
    if (first[k] < 0 && Math.floor(k / 24) === FEB_29) k -= 24; // no 29 February of its own: 28 February
    return e < t0 ? first[k] : last[k];
  };
  // Empty cells `interpolate` filled in a run longer than max_gap, in a row the run reads: refused, not a straight line
  // drawn across them unsaid (until 8 December 2026 a month of them was).
  const runs = gap ? trace.emptyRuns.get(headerName(trace.header, gap.column)) : undefined;
  if (gap && runs?.some((_, k) => k % 2 === 1 && runs[k] * HOUR > gap.maxGapS)) {
    const longRun = new Int32Array(trace.hours).fill(-1);
    for (let k = 0; k < runs.length; k += 2)
      if (runs[k + 1] * HOUR > gap.maxGapS) longRun.fill(k, runs[k], runs[k] + runs[k + 1]);
    for (let e = Math.floor(startEpochS / HOUR) * HOUR; e < startEpochS + durationS; e += HOUR) {
      const row = inside(e) ? Math.floor((e - t0) / HOUR) : rowOutside(e);
      const k = row >= 0 ? longRun[row] : -1;
      if (k < 0) continue;
      const [from, hours] = [runs[k], runs[k + 1]];
      throw new InputError(
        trace.file,
        headerName(trace.header, gap.column),
        `empty cells at most ${formatDuration(gap.maxGapS)} in a row where the run reads them (gaps: interpolate draws a straight line across them: fill them, or give max_gap: ${formatDuration(Math.ceil(hours / 24) * 86400)} beside file to take the line)`,
        `${hours} empty hours from ${formatTimestamp(t0 + from * HOUR)} to ${formatTimestamp(t0 + (from + hours - 1) * HOUR)}`,
        trace.lines[from],
      );
    }
  }
  return {
    valueAt(t) {
      const e = startEpochS + t;
      if (inside(e)) return values[Math.floor((e - t0) / HOUR)];
      const row = rowOutside(e);
      // Only a run inside the span lacks keys, and it reads them only at its very end (a policy's ranking asks `known`).
      return values[row >= 0 ? row : e < t0 ? 0 : values.length - 1];
    },
    nextChange: (t) => (Math.floor((startEpochS + t) / HOUR) + 1) * HOUR - startEpochS,
    known: (t) => inside(startEpochS + t) || rowOutside(startEpochS + t) >= 0,
  };
}

/** A header naming the start of each row's interval (PJM's datetime_beginning_utc, "hour_beginning", "interval_start"). */
const BEGINNING_NAME = /begin|start/i;

/** A header naming UTC time (PJM's datetime_beginning_utc, EIA-930's "UTC Time at End of Hour", SPP's GMTIntervalEnd). */
const UTC_NAME = /(^|[\s_(])(utc|gmt)([\s_)]|$)|^gmt/i;

export interface TraceColumns {
  /** How errors name the file: from the working folder (read-input.ts, shownPath). */
  file: string;
  /** The first row's hour, epoch seconds UTC. */
  startEpochS: number;
  /** The column of the timestamps: the first, or the one named for UTC time where the first is none (EIA-930). */
  timeColumn: number;
  /** The line of the file each hour's row is on (blank lines, rows `where` leaves out and a file newest first counted). */
  lines: readonly number[];
  /** Hours in the file (rows after the header). */
  hours: number;
  /** Row of each month-day-hour key (hour of a 366-day calendar), its first and last; -1 if none. */
  byKey: { first: Int32Array; last: Int32Array };
  /** Columns by name, one value per hour, gaps filled: those whose every filled cell is a number. */
  columns: Map<string, Float64Array>;
  header: string[];
  /**
   * Every other column and the error reading it gives (its first cell that is not a number, or it has none filled):
   * refused when a field reads it, not before, so a file's labels and notes (an Electricity Maps export's Country,
   * Zone Name, Data Source) do not refuse the column a model reads.
   */
  unread: Map<string, InputError>;
  /** Of those, the columns without a number at all (labels, or empty): not data, so not generation either. */
  labels: Set<string>;
  /** Of those, the columns without a filled cell (ENTSO-E's "n/e" for a production type a country has not). */
  empty: Set<string>;
  /** How the rows' times were read where not as written (a header's offset, an interval's end), for such an error. */
  clock?: ClockReading;
  /** Each read column's runs of empty cells that `interpolate` filled: first row and hours, in pairs. */
  emptyRuns: Map<string, number[]>;
}

/** Parsed traces by path, rule, size and modification time (a changed file is read again). */
const cache = new Map<string, TraceColumns>();

/**
 * Read an hourly trace: a header with `timestamp` first, then numeric
 * columns, one row per consecutive hour (finer rows averaged to hours). Files are cached by path and rule.
 */
export function readHourlyTrace(
  file: string,
  baseDir: string,
  gaps: 'interpolate' | 'error',
  where?: Readonly<Record<string, string>>,
): TraceColumns {
  const path = resolve(baseDir, file);
  const shown = shownPath(path);
  let key: string;
  try {
    const st = statSync(path);
    key = `${gaps}:${st.size}:${st.mtimeMs}:${path}${where ? `:${JSON.stringify(where)}` : ''}`;
    const hit = cache.get(key);
    if (hit) return hit;
  } catch (e) {
    throw asInputError(e, shown, DATA_ROLES.trace);
  }
  const text = readDataFile(path, DATA_ROLES.trace, shown);
  const sep = dataSeparator(text);
  const read = trimmedRows(text, shown);
  withoutEmptyColumns(read.rows);
  // A MISO LMP report: its days of wide rows (a node's and value's 24 hours ending in EST) in long form (miso.ts).
  // An ISO-NE report: its data lines, hours ending in Eastern prevailing time, as UTC rows (isone.ts).
  const all = isMiso(read.rows) ? misoRows(read, shown) : isIsone(read.rows) ? isoneRows(read, shown) : read;
  const picked = where ? rowsWhere(all, where, shown) : all;
  // An ENTSO-E export: its local delivery intervals become rows at their UTC starts (entsoe.ts).
  const mtu = entsoeColumn(picked.rows[0] ?? []);
  // An ERCOT price file: its delivery dates and hours ending in Central Prevailing Time become UTC rows (ercot.ts).
  const ercot = ercotColumns(picked.rows[0] ?? []);
  // A CAISO OASIS file: one node's and component's rows put in time order by their GMT starts (caiso.ts).
  const oasis = oasisColumn(picked.rows[0] ?? []);
  // A NYISO LBMP file: its time stamps in Eastern prevailing time become UTC rows (nyiso.ts).
  const nyiso = nyisoColumns(picked.rows[0] ?? [], picked.rows[1]);
  const { rows, lines } =
    picked.rows.length < 2
      ? picked
      : mtu >= 0
        ? entsoeRows(picked.rows, picked.lines, mtu, sep, shown)
        : ercot
          ? ercotRows(picked.rows, picked.lines, ercot, shown)
          : oasis >= 0
            ? oasisRows(picked.rows, picked.lines, oasis, shown)
            : nyiso
              ? nyisoRows(picked.rows, picked.lines, nyiso, shown)
              : picked;
  if (rows.length < 2)
    throw new InputError(
      shown,
      '',
      'a header and at least one row',
      rows.length ? 'only a header' : 'an empty file',
      1,
    );
  const header = rows[0];
  const tc = mtu >= 0 ? mtu : oasis >= 0 ? oasis : timeColumn(rows);
  const timeField = tc === 0 ? 'timestamp' : header[tc];
  // Dates alone beside a column of the time of day ("date,hour,price", hours 1 to 24): the readers take one column for
  // the timestamps, and until 7 December 2026 such a file was refused as a daylight-saving clock or as 24 series.
  const apart = timeOfDayApart(header, tc, rows[1][tc]);
  if (apart) throw new InputError(shown, timeField, apart, JSON.stringify(rows[1][tc]), lines[1]);
  // Local clock time without an offset (PJM's datetime_beginning_ept) skips and repeats an hour a year: not UTC hours.
  if (LOCAL_NAME.test(header[tc]) && !ZONED.test(rows[1][tc] ?? ''))
    throw new InputError(
      shown,
      header[tc],
      `UTC timestamps or ones with their offset (${JSON.stringify(header[tc])} is local clock time, which skips and repeats an hour where daylight saving starts and ends): download the file with its UTC column${utcName(header[tc])}`,
      JSON.stringify(rows[1][tc] ?? ''),
      lines[1],
    );
  // A month/day/year column's order is settled once, by the whole column.
  const order = SLASH.test((rows[1][tc] ?? '').trim())
    ? slashOrder(
        rows.slice(1).map((row) => row[tc] ?? ''),
        lines.slice(1),
        shown,
        timeField,
      )
    : undefined;
  // A header naming a fixed offset ("Datetime (UTC+01:00)", HOBOware's "Date Time, GMT-04:00") puts its times without
  // a zone at that offset: until 7 December 2026 they were read as UTC, each hour's price an hour (here) early.
  const headOffsetS = headerOffsetS(header[tc]);
  if (Number.isNaN(headOffsetS))
    throw new InputError(
      shown,
      header[tc],
      'an offset from UTC that a clock has (-12:00 to +14:00)',
      JSON.stringify(header[tc]),
      lines[0],
    );
  /** Each row's time as written, epoch seconds; NaN where it is none (the loop below names it). */
  const written = rows.map((row, r) => {
    if (r === 0) return Number.NaN;
    try {
      const m = order ? SLASH.exec(row[tc].trim()) : null;
      const t = parseDate(m && order ? slashIso(m, order) : row[tc]);
      return headOffsetS !== 0 && !ZONED.test(row[tc].trim()) ? t - headOffsetS : t;
    } catch {
      return Number.NaN;
    }
  });
  // A column stamped at the end of each row's interval (EIA-930's hours) gives the interval before it.
  const shift = endingShiftS(header[tc], written);
  const timed = { rows, lines, times: written.map((t) => t - shift) };
  // Rows newest first, each a step before the previous row (PJM Data Miner 2's downloads can be): read oldest first.
  if (newestFirst(timed.times)) {
    const back = <T>(a: T[]) => a.splice(1, a.length - 1, ...a.slice(1).reverse());
    back(rows);
    back(lines);
    back(timed.times);
  }
  // Rows shorter than an hour (NESO's half hours, WattTime's five minutes) become hours (sub-hourly.ts).
  const hourly = averageToHours(timed, tc, sep, gaps, shown, timeField);
  if (hourly !== timed) {
    rows.splice(1, rows.length - 1, ...hourly.rows.slice(1));
    lines.splice(1, lines.length - 1, ...hourly.lines.slice(1));
  }
  const times = hourly.times;
  const n = rows.length - 1;
  const columns = new Map<string, Float64Array>();
  /** Each column's values by its index in the header (none for the timestamps). */
  const cols: Float64Array[] = [];
  for (let c = 0; c < header.length; c++) {
    if (c === tc) continue;
    // Columns are found by name: a nameless one, or a name twice, leaves a column no field can read (a repeat held no values).
    if (header[c] === '')
      throw new InputError(shown, '', 'a name for every column in the header', `column ${c + 1} without one`, lines[0]);
    if (columns.has(header[c]))
      throw new InputError(shown, '', 'each column named once in the header', `"${header[c]}" twice`, lines[0]);
    cols[c] = new Float64Array(n).fill(NaN);
    columns.set(header[c], cols[c]);
  }
  /** Whether each column has a cell that is a number, and one that is not. */
  const numbers = header.map(() => false);
  const words = header.map(() => false);
  const unread = new Map<string, InputError>();
  const first = new Int32Array(366 * 24).fill(-1);
  const last = new Int32Array(366 * 24).fill(-1);
  let t0 = NaN;
  let prevTime = NaN;
  for (let r = 1; r <= n; r++) {
    const row = rows[r];
    const line = lines[r];
    if (row.length !== header.length)
      throw new InputError(shown, '', `${header.length} cells as in the header`, `${row.length}`, line);
    const time = times[r];
    if (Number.isNaN(time))
      throw new InputError(
        shown,
        timeField,
        'a timestamp like "2022-01-01 00:00:00+00:00" (no zone: UTC)',
        JSON.stringify(row[tc]),
        line,
      );
    if (r === 1) {
      if (time % HOUR !== 0) throw new InputError(shown, timeField, 'a whole UTC hour', JSON.stringify(row[tc]), line);
      t0 = time;
    } else if (time - prevTime !== HOUR) {
      // Rows of several balancing authorities or pnodes: the hours start again, or repeat, where a label changes. The
      // cells are named in `found` only, which a file outside the model's folder keeps to itself (run.ts).
      const s = time <= prevTime ? seriesColumn(rows, r, tc, sep) : -1;
      if (s >= 0) {
        const found = [...new Set(rows.slice(1).map((x) => x[s]))];
        throw new InputError(
          shown,
          header[s],
          `one series of hours (the file holds one for each ${header[s]}: keep one with where: { ${JSON.stringify(header[s])}: <one of them> } beside file)`,
          `${found.length} of them: ${found.slice(0, 8).join(', ')}${found.length > 8 ? ', ...' : ''}`,
          line,
        );
      }
      // Local clock times written without their offset skip an hour where daylight saving starts and repeat one where
      // it ends: read as UTC (the rule), a gap of two hours or none. Say so, as nothing else in the message would.
      // Rows coarser than an hour throughout (a 2-hourly, 3-hourly or daily file) are no such clock: until 7 December
      // 2026 a 2-hourly file was sent to look for a daylight-saving change at its second row. Hours missing from a file
      // of hours are named, and what to give (empty cells are filled, missing rows not): until the same day the error
      // said only 'expected the hour after the previous row'.
      const every = r === 2 && time - prevTime > HOUR && times[r + 1] - time === time - prevTime ? time - prevTime : 0;
      // A clock changes daylight saving at night (00:00 to 03:00 on most, 22:00 in Greenland, 04:00 after a skip in
      // Finland), so only a gap or repeat written then may be one: until 8 December 2026 a UTC file's row copied twice, two
      // rows swapped or an hour missing at 15:00 in June were each told of daylight saving and a zone to give.
      const writtenH = Math.floor(((((time + shift + headOffsetS) % 86400) + 86400) % 86400) / HOUR);
      const clock =
        !every &&
        !ZONED.test(row[tc].trim()) &&
        (time - prevTime === 2 * HOUR || time === prevTime) &&
        (writtenH >= 22 || writtenH <= 4);
      // The hour expected, where a later row has it: the rows are out of order (sorted by hand, or a pair swapped).
      const later = time > prevTime ? times.indexOf(prevTime + HOUR, r + 1) : -1;
      throw new InputError(
        shown,
        'timestamp',
        every
          ? `the hour after the previous row (the rows are ${formatDuration(every)} apart: a trace gives a row an hour, or finer rows, which are averaged to their hours)`
          : clock
            ? 'the hour after the previous row (a timestamp without a zone is UTC; local clock times skip or repeat an hour where daylight saving starts or ends: give each its UTC offset, like "2022-01-01 00:00:00-05:00")'
            : time === prevTime
              ? `the hour after the previous row (this row repeats the hour of the row before it, line ${lines[r - 1]}: give each hour one row)`
              : time - prevTime === -HOUR
                ? 'the hour after the previous row (these rows run newest first: sort them oldest first)'
                : time < prevTime
                  ? `the hour after the previous row (the rows are out of order: this one comes before the row on line ${lines[r - 1]}; sort them oldest first)`
                  : later > 0
                    ? `the hour after the previous row (the rows are out of order: ${JSON.stringify(rows[later][tc])} is on line ${lines[later]}; sort them oldest first)`
                    : time - prevTime > HOUR && (time - prevTime) % HOUR === 0
                      ? `the hour after the previous row (${missing((time - prevTime) / HOUR - 1)} before it: give each hour its row, its cells empty where it has no value, which gaps: interpolate fills)`
                      : 'the hour after the previous row',
        JSON.stringify(row[tc]),
        line,
      );
    }
    prevTime = time;
    const k = calendarKey(time);
    if (first[k] < 0) first[k] = r - 1;
    last[k] = r - 1;
    for (let c = 0; c < header.length; c++) {
      if (c === tc) continue;
      const cell = row[c];
      if (cell === '') {
        if (gaps === 'error' && !unread.has(header[c]))
          unread.set(
            header[c],
            new InputError(
              shown,
              header[c],
              'a number (set `gaps: interpolate` to fill empty cells)',
              'an empty cell',
              line,
            ),
          );
        continue;
      }
      const v = numberCell(cell, sep);
      if (!Number.isFinite(v)) {
        words[c] = true;
        // The first word found; with `gaps: error` an empty cell before it is the first fault.
        if (!unread.has(header[c]))
          unread.set(header[c], new InputError(shown, header[c], 'a number', JSON.stringify(cell), line));
        continue;
      }
      numbers[c] = true;
      cols[c][r - 1] = v;
    }
  }
  // Whole UTC days from 01:00 to 00:00 are hours stamped at their ends (a pandas export of hour-ending data), read as
  // starts an hour late: until 8 December 2026 such a year ran each price and intensity an hour late, unsaid (its keys
  // whole, 1 January 00:00 its last row's). A column named for the ends is read so (endingShiftS); one named for the
  // starts as written.
  const stampedUtc = (cell: string): boolean =>
    ZONED.test(cell) ? /(?:Z|UTC|[+-]00(?::?00)?)$/i.test(cell) : headOffsetS === 0;
  if (
    hourly === timed &&
    shift === 0 &&
    n >= 24 &&
    n % 24 === 0 &&
    t0 % 86400 === HOUR &&
    !BEGINNING_NAME.test(header[tc]) &&
    stampedUtc(rows[1][tc].trim()) &&
    stampedUtc(rows[n][tc].trim())
  )
    throw new InputError(
      shown,
      timeField,
      `rows stamped at the start of each hour (these run from 01:00 to 00:00 over ${n / 24} whole day${n === 24 ? '' : 's'}, as stamps at each hour's end do, which read as starts put every value an hour late: name the column for the ends, like "hour_ending_utc", to read each an hour before its stamp, or for the starts, like "hour_beginning_utc", to read them as written)`,
      JSON.stringify(rows[1][tc]),
      lines[1],
    );
  const labels = new Set<string>();
  const empty = new Set<string>();
  const gapRuns = new Map<string, number[]>();
  header.forEach((name, c) => {
    if (c === tc) return;
    const v = cols[c];
    if (!numbers[c]) labels.add(name);
    if (!numbers[c] && !words[c]) {
      empty.add(name);
      unread.set(name, new InputError(shown, name, 'at least one filled cell', 'an empty column', 2));
    }
    if (unread.has(name)) return void columns.delete(name);
    const runs = emptyRuns(v);
    if (!fillGaps(v)) columns.delete(name);
    else if (runs.length > 0) gapRuns.set(name, runs);
  });
  const out = {
    file: shown,
    startEpochS: t0,
    timeColumn: tc,
    lines: lines.slice(1),
    hours: n,
    byKey: { first, last },
    columns,
    header,
    unread,
    labels,
    empty,
    clock: clockReading(ZONED.test((rows[1]?.[tc] ?? '').trim()) ? 0 : headOffsetS, shift),
    emptyRuns: gapRuns,
  };
  cache.set(key, out);
  return out;
}

/** The hours missing between two rows, in words: "an hour is missing", "3 hours are missing". */
const missing = (n: number): string => (n === 1 ? 'an hour is missing' : `${n} hours are missing`);

/**
 * Do the rows after the header step back in time each by one step, a whole part of an hour or an hour, all of them (a
 * file newest first)? `times[0]` is the header's.
 */
function newestFirst(times: readonly number[]): boolean {
  if (times.length < 3) return false;
  // Each row before the previous one; a missing row (twice the step) as oldest first.
  let step = Number.POSITIVE_INFINITY;
  for (let r = 2; r < times.length; r++) {
    const d = times[r - 1] - times[r];
    if (!(d > 0)) return false;
    step = Math.min(step, d);
  }
  return step <= HOUR && HOUR % step === 0;
}

/** Is a cell a timestamp this reader takes (ISO, or month/day/year with a clock time)? */
function isTimestamp(cell: string | undefined): boolean {
  if (cell === undefined) return false;
  if (SLASH.test(cell.trim())) return true;
  try {
    parseDate(cell);
    return true;
  } catch {
    return false;
  }
}

/**
 * The timestamps' column: the first, unless it holds none (EIA-930's BALANCE file starts with "Balancing Authority")
 * or is named for local time, and a column named for UTC time holds them ("UTC Time at End of Hour").
 */
function timeColumn(rows: readonly string[][]): number {
  const [header, first] = rows;
  // A column named for UTC is read before a first one that is not: SPP's Interval (Central prevailing time, unnamed)
  // beside GMTIntervalEnd was read as UTC, each price 5 to 6 hours and an interval early.
  const utc = header.findIndex((h, c) => c > 0 && UTC_NAME.test(h) && isTimestamp(first[c]));
  if (utc > 0 && !UTC_NAME.test(header[0])) return utc;
  return 0;
}

/** The UTC column of a local one's name, as the two sources name them: " (datetime_beginning_utc)", or nothing. */
function utcName(local: string): string {
  const utc = local.replace(/([\s_])ept$/i, '$1utc').replace(/\blocal time\b/i, 'UTC Time');
  return utc === local ? '' : ` (${JSON.stringify(utc)})`;
}

/**
 * The first column, other than the timestamps, whose label changes at row r and that labels stretches of rows (at
 * most half as many values as rows, not times): the series a file holds several of (balancing authorities, pnodes).
 */
function seriesColumn(rows: readonly string[][], r: number, tc: number, sep: string): number {
  for (let c = 0; c < rows[r].length; c++) {
    const a = rows[r][c];
    if (c === tc || a === rows[r - 1][c] || a === '' || !Number.isNaN(numberCell(a, sep)) || isTimestamp(a)) continue;
    if (new Set(rows.slice(1).map((x) => x[c])).size * 2 <= rows.length - 1) return c;
  }
  return -1;
}

/** The header and the rows whose cells equal `where`'s values, by column name (a file of several series). */
function rowsWhere(
  all: { rows: string[][]; lines: number[] },
  where: Readonly<Record<string, string>>,
  file: string,
): { rows: string[][]; lines: number[] } {
  const header = all.rows[0] ?? [];
  let keep = all.rows.map((_, r) => r);
  for (const [name, value] of Object.entries(where)) {
    const c = header.indexOf(headerName(header, name));
    if (c < 0)
      throw new InputError(
        file,
        'where',
        `a column "${name}" (it has ${header.join(', ')})`,
        'none',
        all.lines[0] ?? 1,
      );
    const next = keep.filter((r) => r === 0 || all.rows[r][c] === value);
    if (next.length < 2) {
      const found = [...new Set(keep.slice(1).map((r) => all.rows[r][c]))];
      throw new InputError(
        file,
        name,
        `rows whose ${name} is ${JSON.stringify(value)} (where)`,
        `none: ${found.slice(0, 8).join(', ')}${found.length > 8 ? ', ...' : ''}`,
        all.lines[0] ?? 1,
      );
    }
    keep = next;
  }
  return { rows: keep.map((r) => all.rows[r]), lines: keep.map((r) => all.lines[r]) };
}

/** The runs of NaN in `v`: each one's first index and length, in pairs. */
function emptyRuns(v: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < v.length; i++) {
    if (!Number.isNaN(v[i])) continue;
    let j = i;
    while (j < v.length && Number.isNaN(v[j])) j++;
    out.push(i, j - i);
    i = j;
  }
  return out;
}

/** Linear interpolation across NaN runs; ends take the nearest value. False if all are NaN. */
function fillGaps(v: Float64Array): boolean {
  let prev = -1;
  for (let i = 0; i <= v.length; i++) {
    if (i < v.length && Number.isNaN(v[i])) continue;
    if (i - prev > 1) {
      if (prev < 0 && i === v.length) return false;
      for (let k = prev + 1; k < i; k++) {
        v[k] = prev < 0 ? v[i] : i === v.length ? v[prev] : v[prev] + ((v[i] - v[prev]) * (k - prev)) / (i - prev);
      }
    }
    prev = i;
  }
  return true;
}

/**
 * The header's own spelling of a column a model names: the name, else the one column that reads the same under
 * Unicode's compatibility normalisation (NFKC: a subscript or superscript digit is the digit, a full-width letter the
 * letter). Electricity Maps' export writes "Carbon Intensity gCO\u2082eq/kWh (LCA)", which a person types, and pages
 * quote, with a plain 2: until 7 December 2026 that was refused beside a list of columns in which it seemed to stand.
 */
export function headerName(header: readonly string[], name: string): string {
  if (header.includes(name)) return name;
  const want = name.normalize('NFKC');
  const same = header.filter((h) => h.normalize('NFKC') === want);
  return same.length === 1 ? same[0] : name;
}

/** A named column of a trace, or an error naming the file and the columns it has. */
export function traceColumn(trace: TraceColumns, named: string): Float64Array {
  const column = headerName(trace.header, named);
  const fault = trace.unread.get(column);
  if (fault) throw fault;
  const v = trace.columns.get(column);
  if (!v) throw new InputError(trace.file, '', `a column "${column}" (it has ${trace.header.join(', ')})`, 'none', 1);
  return v;
}
