/**
 * NYISO LBMP files read as downloaded: their "Time Stamp" in Eastern prevailing time becomes the UTC rows the trace
 * reader (trace.ts) takes.
 *
 * The forms (sources in tests/fixtures/grid-ny/README.md), prices in $/MWh:
 *  - day-ahead (damlbmp_zone.csv, damlbmp_gen.csv) and hourly real-time (rtlbmp_zone.csv) LBMPs: "Time Stamp","Name",
 *    "PTID","LBMP ($/MWHr)","Marginal Cost Losses ($/MWHr)","Marginal Cost Congestion ($/MWHr)", a row per hour and
 *    zone or generator, stamped "11/03/2024 01:00" at the hour's start;
 *  - 5-minute real-time LBMPs (realtime_zone.csv, realtime_gen.csv): the same columns, stamped "11/03/2024 00:05:00"
 *    at each interval's end.
 * Stamps are Eastern Standard Time (UTC-5) or, from the second Sunday of March to the first Sunday of November (2:00
 * local), Eastern Daylight Time (UTC-4). The autumn day's 01:00 to 01:59 comes twice: daylight time the first time a
 * series (its Name and PTID) has it, standard after, or as a "Time Zone" column (EDT, EST) says where a file has one.
 * The spring day has no 02:00 to 02:59; a 5-minute file's interval ending at the change may be stamped 02:00:00 or
 * 03:00:00. Stamps finer than an hour are interval ends: each row becomes the interval's start, averaged to its UTC
 * hour as any trace's are (sub-hourly.ts). Rows are put in time order, so rows of several zones are refused by the
 * reader's series check (naming the column for `where`) unless `where` keeps one.
 */
import { InputError } from '../model/errors.ts';
import { usReadings } from './us-daylight.ts';

const HOUR = 3600;

/** "11/03/2024 01:00" or "11/03/2024 00:05:00": month, day, year, hour, minute, second. */
const STAMP = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

export interface NyisoColumns {
  /** The "Time Stamp" column. */
  time: number;
  /** The "Time Zone" column (EST or EDT), -1 if the file has none. */
  zone: number;
}

/**
 * The columns of a NYISO LBMP file ("Time Stamp" and an "LBMP ($/MWHr)" column, its first stamp month/day/year), or
 * undefined: a file with those names whose stamps are ISO (converted by hand) is read as any trace.
 */
export function nyisoColumns(header: readonly string[], first: readonly string[] = []): NyisoColumns | undefined {
  const key = header.map((h) => h.trim().toLowerCase());
  const time = key.indexOf('time stamp');
  if (time < 0 || !key.some((k) => k.startsWith('lbmp')) || !STAMP.test((first[time] ?? '').trim())) return undefined;
  return { time, zone: key.indexOf('time zone') };
}

/**
 * The rows of a NYISO LBMP file with UTC ISO timestamps first (each row's hour or interval start), in time order, the
 * time stamp and time zone columns taken out (see the top). `lines` are the rows' lines in the file; the header is
 * kept, the time stamp column's name naming the timestamps.
 */
export function nyisoRows(
  rows: readonly string[][],
  lines: readonly number[],
  cols: NyisoColumns,
  file: string,
): { rows: string[][]; lines: number[] } {
  const header = rows[0];
  const keep = header.map((_, c) => c).filter((c) => c !== cols.time && c !== cols.zone);
  const refuse = (r: number, c: number, expected: string): never => {
    throw new InputError(file, header[c], expected, JSON.stringify(rows[r][c] ?? ''), lines[r]);
  };
  /** Each row's stamp: local clock seconds read as UTC. */
  const local: number[] = [];
  for (let r = 1; r < rows.length; r++) {
    if (rows[r].length !== header.length)
      throw new InputError(file, '', `${header.length} cells as in the header`, `${rows[r].length}`, lines[r]);
    const m = STAMP.exec((rows[r][cols.time] ?? '').trim());
    const [mo, d, y, h, mi, s] = m ? m.slice(1).map((x) => Number(x ?? 0)) : [];
    const t = Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
    const back = new Date(t * 1000);
    if (!m || back.getUTCDate() !== d || back.getUTCMonth() !== mo - 1 || h > 23 || mi > 59 || s > 59)
      refuse(r, cols.time, 'a time stamp like "11/03/2024 01:00" (month/day/year, Eastern prevailing time)');
    local[r] = t;
  }
  // Stamps finer than an hour are the ends of their intervals (the 5-minute real-time files).
  let step = HOUR;
  const distinct = [...new Set(local.slice(1))].sort((a, b) => a - b);
  for (let i = 1; i < distinct.length; i++) step = Math.min(step, distinct[i] - distinct[i - 1]);
  const ends = step < HOUR;
  /** Stamps met, by stamp and the row's labels: a series' first autumn 01:00 is daylight time, its second standard. */
  const seen = new Set<string>();
  const timed: { start: number; r: number }[] = [];
  for (let r = 1; r < rows.length; r++) {
    const { standard: est, daylight: edt } = usReadings(local[r], 5);
    let utc: number | undefined;
    if (cols.zone >= 0) {
      const zone = (rows[r][cols.zone] ?? '').trim().toUpperCase();
      if (zone !== 'EST' && zone !== 'EDT') refuse(r, cols.zone, 'EST or EDT');
      utc = local[r] + (zone === 'EDT' ? 4 : 5) * HOUR;
    } else if (est !== undefined && edt !== undefined) {
      const labels = keep.filter((c) => Number.isNaN(Number(rows[r][c]))).map((c) => rows[r][c]);
      const key = `${local[r]}:${labels.join(',')}`;
      utc = seen.has(key) ? est : edt;
      seen.add(key);
    } else utc = est ?? edt;
    // The spring day's skipped hour: only the interval ending at the change, stamped 02:00 in standard time.
    if (utc === undefined && ends && local[r] % HOUR === 0) utc = local[r] + 5 * HOUR;
    if (utc === undefined)
      refuse(
        r,
        cols.time,
        'a local time that exists (02:00 to 02:59 is skipped on the day daylight saving time starts)',
      );
    timed.push({ start: (utc as number) - (ends ? step : 0), r });
  }
  timed.sort((a, b) => a.start - b.start);
  const iso = (t: number) => `${new Date(t * 1000).toISOString().slice(0, 19)}Z`;
  return {
    rows: [
      [header[cols.time], ...keep.map((c) => header[c])],
      ...timed.map(({ start, r }) => [iso(start), ...keep.map((c) => rows[r][c])]),
    ],
    lines: [lines[0], ...timed.map(({ r }) => lines[r])],
  };
}
