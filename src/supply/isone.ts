/**
 * ISO New England's hourly LMP reports read as downloaded (ISO Express: WW_DALMP_ISO_<YYYYMMDD>.csv, the day-ahead
 * report, and the real-time hourly ones; sources in tests/fixtures/grid-ne/README.md). Each line is marked by its first
 * cell: "C" a comment (the title, the file name, the day), "H" a header (the field names, then their types), "D" data,
 * "T" a trailer:
 *
 *   "C","Day-Ahead Energy Market Hourly LMP Report"
 *   "H","Date","Hour Ending","Location ID","Location Name","Location Type","Locational Marginal Price",...
 *   "H","Date","HE","String","String","String","Number",...
 *   "D","03/17/2026","01","4000",".H.INTERNAL_HUB","HUB",27.93,27.75,0.0,0.18
 *
 * Hour ending "01" to "24" in Eastern prevailing time: the spring day has no "03", the autumn day's repeated hour is
 * "02X" (01:00 to 02:00 standard time, after "02", the same hour in daylight time). Each row becomes its hour's UTC
 * start; days joined into one file (`cat WW_DALMP_ISO_2024*.csv`) are read in turn, a location's hour twice (a day
 * joined twice) refused at its second line. Rows are put in time order, so
 * a file of several locations is refused by the reader's series check (naming the column for `where`) unless
 * `where: { "Location Name": .H.INTERNAL_HUB }` keeps one.
 */
import { decimalCell } from '../model/csv-parse.ts';
import { InputError } from '../model/errors.ts';
import { monthDayYear } from '../model/slash-dates.ts';
import { usReadings } from './us-daylight.ts';

const HOUR = 3600;
const HE = /^(\d{1,2})(X?)$/i;

/** Whether a file's rows are an ISO-NE report's: every first cell a line mark, a header of Date and Hour Ending. */
export function isIsone(rows: readonly string[][]): boolean {
  const h = rows.find((r) => r[0] === 'H');
  return (
    h !== undefined &&
    h.includes('Date') &&
    h.includes('Hour Ending') &&
    rows.slice(0, 10).every((r) => ['C', 'H', 'D', 'T'].includes(r[0]))
  );
}

/** An ISO-NE report's data rows, each its hour's UTC start first, in time order (see the top). */
export function isoneRows(
  all: { rows: readonly string[][]; lines: readonly number[] },
  file: string,
): { rows: string[][]; lines: number[] } {
  const first = all.rows.findIndex((r) => r[0] === 'H');
  const header = all.rows[first].slice(1);
  const date = header.indexOf('Date');
  const hour = header.indexOf('Hour Ending');
  const keep = header.map((_, c) => c).filter((c) => c !== date && c !== hour);
  const timed: { start: number; cells: string[]; line: number }[] = [];
  // A location's hour by its labels (the cells not numbers, and its Location ID): a day joined twice repeats them all.
  const id = header.indexOf('Location ID');
  const seen = new Map<string, number>();
  all.rows.forEach((row, r) => {
    if (row[0] !== 'D') return;
    const cells = row.slice(1);
    const refuse = (c: number, expected: string): never => {
      throw new InputError(file, header[c], expected, JSON.stringify(cells[c] ?? ''), all.lines[r]);
    };
    if (cells.length !== header.length)
      throw new InputError(file, '', `${header.length + 1} cells as in the header`, `${row.length}`, all.lines[r]);
    const midnight = monthDayYear(cells[date]) ?? refuse(date, 'a day like 03/17/2026 (month/day/year)');
    const h = HE.exec(cells[hour]);
    const n = h ? Number(h[1]) : 0;
    if (!h || n < 1 || n > 24 || (h[2] !== '' && n !== 2))
      refuse(hour, 'an hour ending from "01" to "24", or "02X" (the autumn day\'s repeated hour)');
    // The hour's start on the local clock, read as standard or daylight time; the repeated hour is the standard one.
    const { standard, daylight } = usReadings(midnight + (n - 1) * HOUR, 5);
    const start =
      (h as RegExpExecArray)[2] !== '' ? (daylight !== undefined ? standard : undefined) : (daylight ?? standard);
    if (start === undefined)
      refuse(
        hour,
        'an hour of the day in Eastern prevailing time (the spring day has no "03"; "02X" only on the autumn day)',
      );
    const key = [start, ...keep.filter((c) => c === id || Number.isNaN(decimalCell(cells[c]))).map((c) => cells[c])];
    const twice = seen.get(JSON.stringify(key));
    if (twice !== undefined)
      throw new InputError(
        file,
        header[date],
        `each location's hour once (a day joined twice?): it is on line ${twice} too`,
        JSON.stringify(`${cells[date]} ${cells[hour]} ${id >= 0 ? cells[id] : ''}`.trim()),
        all.lines[r],
      );
    seen.set(JSON.stringify(key), all.lines[r]);
    timed.push({ start: start as number, cells, line: all.lines[r] });
  });
  timed.sort((a, b) => a.start - b.start);
  const iso = (t: number) => `${new Date(t * 1000).toISOString().slice(0, 19)}Z`;
  return {
    rows: [
      ['timestamp', ...keep.map((c) => header[c])],
      ...timed.map((t) => [iso(t.start), ...keep.map((c) => t.cells[c])]),
    ],
    lines: [all.lines[first], ...timed.map((t) => t.line)],
  };
}
