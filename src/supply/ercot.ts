/**
 * ERCOT settlement point price files read as downloaded: their delivery date and hour ending in Central Prevailing
 * Time become the UTC rows the trace reader (trace.ts) takes.
 *
 * The forms (sources in tests/fixtures/grid-tx/README.md):
 *  - DAM Settlement Point Prices (NP4-190-CD): DeliveryDate,HourEnding,SettlementPoint,SettlementPointPrice,DSTFlag
 *    with "01/31/2024" and "01:00" to "24:00";
 *  - real-time Settlement Point Prices (NP6-905-CD): DeliveryDate,DeliveryHour,DeliveryInterval,SettlementPointName,
 *    SettlementPointType,SettlementPointPrice,DSTFlag, hours 1 to 24 and intervals 1 to 4 of 15 minutes;
 *  - the yearly historical workbooks (NP4-180-ER, NP6-785-ER) saved as CSV: the same columns named with spaces
 *    ("Delivery Date", "Hour Ending", "Repeated Hour Flag", "Settlement Point", "Settlement Point Name", ...).
 * Hour ending H of a day ends H hours after its local midnight on the clock: Central Standard Time (UTC-6) or, from
 * the second Sunday of March to the first Sunday of November (2:00 local), Central Daylight Time (UTC-5). The
 * 23-hour spring day's second hour (01:00 CST to 03:00 CDT) is read whether it is labelled 02:00 or 03:00; the
 * 25-hour autumn day's hour ending 02:00 comes twice, the flag ("Y") marking the second, in standard time (a file
 * without the flag column: daylight time the first time, standard after). A row of the real-time files starts
 * (interval - 1) x 15 minutes into its hour; the quarters are averaged to their UTC hour as any trace's are
 * (sub-hourly.ts). Rows are put in time order, so rows of several settlement points are refused by the reader's
 * series check (naming the column for `where`) unless `where` keeps one.
 */
import { InputError } from '../model/errors.ts';
import { monthDayYear } from '../model/slash-dates.ts';
import { usDaylight } from './us-daylight.ts';

const HOUR = 3600;

/** The columns an ERCOT price file is known by, their names without spaces, lowercase. */
const NAMES = {
  date: ['deliverydate'],
  hour: ['hourending', 'deliveryhour'],
  interval: ['deliveryinterval'],
  flag: ['dstflag', 'repeatedhourflag'],
};

export interface ErcotColumns {
  date: number;
  hour: number;
  /** The real-time files' 15-minute interval, -1 in the hourly (DAM) files. */
  interval: number;
  /** The repeated-hour flag, -1 if the file has none. */
  flag: number;
}

/** The columns of an ERCOT price file (a delivery date and an hour ending or delivery hour), or undefined. */
export function ercotColumns(header: readonly string[]): ErcotColumns | undefined {
  const key = header.map((h) => h.replace(/\s+/g, '').toLowerCase());
  const find = (names: string[]) => key.findIndex((k) => names.includes(k));
  const date = find(NAMES.date);
  const hour = find(NAMES.hour);
  if (date < 0 || hour < 0) return undefined;
  return { date, hour, interval: find(NAMES.interval), flag: find(NAMES.flag) };
}

/**
 * The UTC instant an hour ending `endLocal` (seconds of the local clock read as UTC) ends: standard time (UTC-6) or
 * daylight time (UTC-5), whichever reading is one the clock shows at that hour's end; on the autumn day's repeated
 * hour both are, and `second` picks standard time.
 */
function hourEndUtc(endLocal: number, second: boolean): { utc: number; repeated: boolean } {
  const cst = endLocal + 6 * HOUR;
  const cdt = endLocal + 5 * HOUR;
  const s = usDaylight(new Date(cst * 1000).getUTCFullYear(), 6);
  const d = usDaylight(new Date(cdt * 1000).getUTCFullYear(), 6);
  const cstFits = cst <= s.start || cst > s.end;
  const cdtFits = cdt >= d.start && cdt <= d.end;
  if (cstFits && cdtFits) return { utc: second ? cst : cdt, repeated: true };
  return { utc: cdtFits ? cdt : cst, repeated: false };
}

/** "01/31/2024", "1/31/2024" (a spreadsheet's) or "2024-01-31": the day's local midnight as seconds read as UTC. */
function dayOf(cell: string): number | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(cell);
  return monthDayYear(iso ? `${iso[2]}/${iso[3]}/${iso[1]}` : cell);
}

/**
 * The rows of an ERCOT price file as rows with a UTC ISO timestamp first (its hour's start, or its quarter's), in
 * time order, the date, hour, interval and flag columns taken out (see the top). `lines` are the rows' lines in the
 * file; the header is kept, the date column's name naming the timestamps.
 */
export function ercotRows(
  rows: readonly string[][],
  lines: readonly number[],
  cols: ErcotColumns,
  file: string,
): { rows: string[][]; lines: number[] } {
  const header = rows[0];
  const taken = new Set([cols.date, cols.hour, cols.interval, cols.flag]);
  const keep = header.map((_, c) => c).filter((c) => !taken.has(c));
  /** Hours already met, by date, hour, interval and the row's labels (its settlement point): a file without a flag. */
  const seen = new Set<string>();
  const timed: { start: number; r: number }[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    const cell = (c: number) => (row[c] ?? '').trim();
    const refuse = (c: number, expected: string): never => {
      throw new InputError(file, header[c], expected, JSON.stringify(row[c] ?? ''), lines[r]);
    };
    if (row.length !== header.length)
      throw new InputError(file, '', `${header.length} cells as in the header`, `${row.length}`, lines[r]);
    const day = dayOf(cell(cols.date));
    if (day === undefined) refuse(cols.date, 'a delivery date like "01/31/2024" (month/day/year)');
    const h = /^(\d{1,2})(?::00(?::00)?)?$/.exec(cell(cols.hour));
    const hour = h ? +h[1] : NaN;
    if (!(hour >= 1 && hour <= 24)) refuse(cols.hour, 'an hour ending from 1 (or "01:00") to 24 ("24:00")');
    let quarter = 0;
    if (cols.interval >= 0) {
      quarter = /^[1-4]$/.test(cell(cols.interval)) ? +cell(cols.interval) - 1 : NaN;
      if (Number.isNaN(quarter)) refuse(cols.interval, 'a delivery interval from 1 to 4 (15 minutes each)');
    }
    const flag = cols.flag >= 0 ? cell(cols.flag).toUpperCase() : '';
    if (flag !== '' && flag !== 'Y' && flag !== 'N') refuse(cols.flag, 'Y (the repeated hour, in standard time) or N');
    const endLocal = (day as number) + hour * HOUR;
    let second = flag === 'Y';
    if (cols.flag < 0) {
      const labels = keep.filter((c) => Number.isNaN(Number(row[c]))).map((c) => row[c]);
      const key = `${endLocal}:${quarter}:${labels.join(',')}`;
      second = seen.has(key);
      seen.add(key);
    }
    const end = hourEndUtc(endLocal, second);
    if (flag === 'Y' && !end.repeated)
      refuse(cols.flag, 'N (Y marks the second hour ending 02:00 of the day daylight saving time ends)');
    timed.push({ start: end.utc - HOUR + quarter * 900, r });
  }
  timed.sort((a, b) => a.start - b.start);
  const iso = (t: number) => `${new Date(t * 1000).toISOString().slice(0, 19)}Z`;
  return {
    rows: [
      [header[cols.date], ...keep.map((c) => header[c])],
      ...timed.map(({ start, r }) => [iso(start), ...keep.map((c) => rows[r][c])]),
    ],
    lines: [lines[0], ...timed.map(({ r }) => lines[r])],
  };
}
