/**
 * What a data file's time column says of its clock, by its header and cells: local clock time (which skips and repeats
 * an hour where daylight saving starts and ends, so it names no UTC instant without an offset), or a time with its
 * offset. The hourly traces (src/supply/trace.ts) and the weather series (src/facility/weather-file.ts) both refuse a
 * local clock without offsets, rather than read it as UTC.
 */
import { ZONE } from '../kernel/time.ts';

/**
 * A header naming local clock time: PJM's datetime_beginning_ept, EIA-930's "Local Time at End of Hour", and as
 * spreadsheets and exports write it, "time_local" or "Timestamp (EST)". The name stands apart from letters on both
 * sides, so "estimate" or "test" is none ("time_local" and "(EST)" were read as UTC, the underscore and the
 * parenthesis not taken for a separator).
 */
export const LOCAL_NAME = /(^|[^a-z])(ept|est|edt|cpt|cst|cdt|mpt|mst|mdt|ppt|pst|pdt|local)([^a-z]|$)/i;

/**
 * A cell whose clock time ends in its zone: Z, UTC or a UTC offset (src/kernel/time.ts's ZONE). A date alone is not:
 * its day ("2027-01-05") read as an offset of -05, so a "Local Time" column of days passed as zoned, read as UTC days.
 */
export const ZONED = new RegExp(String.raw`\d:\d\d(?::\d\d(?:\.\d+)?)?\s*${ZONE}$`, 'i');

/**
 * A header naming the fixed offset from UTC its column's times are in, as loggers and exports write it: HOBOware's
 * "Date Time, GMT-04:00", "Time (UTC+01:00)", "timestamp_utc-5". Its cells without a zone of their own are at that
 * offset: read as UTC, HOBOware's afternoon heat came four hours early.
 */
const OFFSET_NAME = /(?<![a-z])(?:utc|gmt)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?(?![\d:])/i;

/**
 * The offset a header names, seconds east of UTC (HOBOware's "Date Time, GMT-04:00" is -14,400), or 0 where it names
 * none; NaN for one no clock has (outside -12:00 to +14:00, "UTC+25").
 */
export function headerOffsetS(header: string): number {
  const m = OFFSET_NAME.exec(header);
  if (!m) return 0;
  const [, sign, h, mi] = m;
  const s = (sign === '-' ? -1 : 1) * (Number(h) * 3600 + Number(mi ?? 0) * 60);
  return Number(mi ?? 0) > 59 || s < -12 * 3600 || s > 14 * 3600 ? Number.NaN : s;
}

/** A header naming the end of the interval its row covers (EIA-930's "UTC Time at End of Hour", "hour ending", SPP's GMTIntervalEnd). */
const ENDING_NAME = /end of (the )?hour|hour[\s_-]*ending|(^|[\s_])ending([\s_]|$)|interval[\s_-]*end(ing)?([\s_)]|$)/i;

/**
 * How long after the start of its interval a column named for the intervals' ends (ENDING_NAME) stamps each row, s:
 * the file's step, the least time between two rows (not the first two's, which a missing row would double), where it
 * is a whole part of an hour, else an hour; 0 for a column named otherwise. `times`: the rows' times as written (NaN
 * where none, as a header's).
 */
export function endingShiftS(header: string, times: ArrayLike<number>): number {
  if (!ENDING_NAME.test(header)) return 0;
  let gap = Number.POSITIVE_INFINITY;
  for (let r = 1; r < times.length; r++) {
    const d = Math.abs(times[r] - times[r - 1]);
    if (d > 0 && d < gap) gap = d;
  }
  return gap > 0 && gap <= 3600 && 3600 % gap === 0 ? gap : 3600;
}

/** How a file's rows' times were read where not as written: the seconds from a row's time to it as written, and why. */
export interface ClockReading {
  readonly writtenS: number;
  readonly why: string;
}

/** A fixed offset from UTC as people write it: -14,400 s is "UTC-04:00", 19,800 s "UTC+05:30". */
function offsetWords(offsetS: number): string {
  const m = Math.round(Math.abs(offsetS) / 60);
  return `UTC${offsetS < 0 ? '-' : '+'}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/**
 * How a file's rows' times were read where not as written, for an error about the times they cover: the seconds to add
 * to a row's time to give it as written (its header's offset, headerOffsetS, and the end of its interval, endingShiftS),
 * and why. Undefined where they were read as written. Until 7 December 2026 such an error gave the times read alone
 * ('found a first row at 2027-01-01 04:00:00' of a file whose first row reads 00:00:00 under "Date Time, GMT-04:00").
 */
export function clockReading(offsetS: number, endingS: number): ClockReading | undefined {
  if (offsetS === 0 && endingS === 0) return undefined;
  const at = offsetS === 0 ? '' : `at the header's ${offsetWords(offsetS)}`;
  return { writtenS: offsetS + endingS, why: endingS === 0 ? at : `the end of its interval${at ? ` ${at}` : ''}` };
}

/**
 * A header naming a time of day kept apart from its date ("hour", "HE", "Hour Ending", "time", "HH:MM"): a file of a
 * date column and an hour column (a utility's or market's export, "date,hour,price" with hours 1 to 24) whose date the
 * readers take for the timestamps. Until 7 December 2026 a trace of them was refused as if its clock had crossed a
 * change of daylight saving, or as a file of 24 series to keep one of with `where`, and a weather file as if its
 * humidity column were misnamed.
 */
const TIME_OF_DAY_NAME =
  /^\s*(hours?|hr|he|hb|time|time[\s_-]*of[\s_-]*day|hour[\s_-]*(ending|end|beginning|begin|start|starting)|hh(:?mm)?|(opr|delivery|interval)[\s_-]*(hr|hour))\s*(\(.*\))?\s*$/i;

/** A timestamp cell that is a date alone, no time of day ("2027-01-01", "1/13/2027", "13.01.2027"). */
const DATE_ALONE = /^\s*(\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})\s*$/;

/**
 * Where a file's time of day is a column apart from its dates, the refusal's words (what is expected), else undefined:
 * `header` the file's header, `tc` its timestamps' column, `cell` one of its timestamps.
 */
export function timeOfDayApart(header: readonly string[], tc: number, cell: string | undefined): string | undefined {
  if (cell === undefined || !DATE_ALONE.test(cell)) return undefined;
  const column = header.find((h, c) => c !== tc && TIME_OF_DAY_NAME.test(h));
  if (column === undefined) return undefined;
  const ending = /^\s*(he|hour[\s_-]*end(ing)?)\b/i.test(column) ? ', hour ending 1 being the hour from 00:00' : '';
  return `a date and time in one column (the timestamps are dates alone, and ${JSON.stringify(column.trim())} gives the time of day apart: join the two in one column, like "2027-01-01 01:00" for the hour from 01:00${ending}, in UTC or with its offset)`;
}
