/**
 * NOAA's Local Climatological Data (LCD) CSV, one station's observations as NCEI serves them: the Climate Data Online
 * download (LCD v1, 2018-2024: `STATION,DATE,REPORT_TYPE,SOURCE,...,HourlyDryBulbTemperature,...`, the station an
 * 11-digit USAF+WBAN id, temperatures in whole °F) and LCD v2 (2024-: `STATION,DATE,LATITUDE,LONGITUDE,ELEVATION,
 * NAME,REPORT_TYPE,SOURCE,...`, the station a GHCN id like USW00014939, temperatures in tenths of °C). NCEI's LCD
 * documentation: times are local standard time, never daylight saving; a value suffixed `s` is suspect, `M` missing.
 *
 * DATE carries no zone, so the file's offset from UTC is read from its own METAR reports: each observation's REM
 * holds the report as sent (`MET11201/01/20 00:52:02 METAR KATL 010552Z ...`), its day, hour and minute in UTC;
 * every report must give the same offset, to the quarter hour. Rows are the observations as reported (routine METARs
 * at :51-:54 past each hour, specials between, SYNOPs at their hours), each holding until the next as in any weather
 * CSV; the daily and monthly summaries (SOD, SOM) are left out, as is a row whose dry-bulb or relative humidity is
 * missing (`M`, empty) or suspect (`45s`): the reading before holds on, within max_gap.
 */
import { describeFound, InputError } from '../../model/errors.ts';
import {
  RH_PCT,
  type Series,
  TEMPERATURE_UNITS,
  type TemperatureUnit,
  TZ_HOURS,
  followsOn,
  number,
  seriesOf,
} from './shared.ts';

const DATE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
/** A METAR or SPECI in REM: its UTC day, hour and minute. */
const METAR = /\b(?:METAR|SPECI)\s+(?:COR\s+)?[A-Z0-9]{3,4}\s+(\d{2})(\d{2})(\d{2})Z/;
const SUMMARIES = new Set(['SOD', 'SOM']);
/** A reading as LCD writes it: a number; missing (M, empty) or suspect (a trailing s) are left out. */
const READING = /^-?\d+(\.\d+)?$/;
const LEFT_OUT = /^(M|-?\d+(\.\d+)?s)?$/;

/** An LCD file: its header names STATION, DATE, REPORT_TYPE and HourlyDryBulbTemperature. */
export function isLcd(ls: string[][]): boolean {
  const head = (ls[0] ?? []).map((c) => c.trim());
  return ['STATION', 'DATE', 'REPORT_TYPE', 'HourlyDryBulbTemperature'].every((c) => head.includes(c));
}

/** The temperature unit of an LCD version, from the form of its station id. */
function versionUnit(station: string): { unit: TemperatureUnit; version: string } | undefined {
  if (/^\d{11}$/.test(station)) return { unit: 'F', version: 'LCD v1 (whole °F)' };
  if (/^[A-Z]{2}[A-Z0-9]{9}$/.test(station)) return { unit: 'C', version: 'LCD v2 (°C)' };
  return undefined;
}

export function parseLcd(
  ls: string[][],
  file: string,
  lineOf: (r: number) => number,
  maxGapS: number,
  unit: TemperatureUnit | undefined,
): Series {
  const head = ls[0].map((c) => c.trim());
  const [station, date, type, temp, rh, rem] = [
    'STATION',
    'DATE',
    'REPORT_TYPE',
    'HourlyDryBulbTemperature',
    'HourlyRelativeHumidity',
    'REM',
  ].map((c) => head.indexOf(c));
  const rows: { r: number; local: number; dry: string; rh: string }[] = [];
  for (let r = 1; r < ls.length; r++) {
    const f = ls[r];
    if (f.length === 1 && f[0].trim() === '') continue;
    if (SUMMARIES.has(f[type]?.trim() ?? '')) continue;
    const m = DATE.exec(f[date]?.trim() ?? '');
    const local = m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0)) : NaN;
    if (!m || new Date(local).getUTCDate() !== +m[3])
      throw new InputError(file, 'DATE', 'a local time like "2022-01-01T00:51:00"', describeFound(f[date]), lineOf(r));
    rows.push({ r, local, dry: f[temp]?.trim() ?? '', rh: rh < 0 ? '' : (f[rh]?.trim() ?? '') });
  }
  if (rows.length === 0) throw new InputError(file, '', 'at least one observation (not SOD or SOM)', 'none', lineOf(0));
  const first = ls[rows[0].r][station]?.trim() ?? '';
  const v = versionUnit(first);
  if (v && unit !== undefined && unit !== v.unit)
    throw new InputError(
      file,
      'unit',
      `unit: ${v.unit} or none (station ${first} is ${v.version})`,
      `unit: ${unit}`,
      lineOf(rows[0].r),
    );
  const u = unit ?? v?.unit;
  if (u === undefined)
    throw new InputError(
      file,
      'STATION',
      'an LCD v1 (11-digit) or v2 (GHCN) station id, or the unit of HourlyDryBulbTemperature (unit: F or C)',
      describeFound(first),
      lineOf(rows[0].r),
    );
  const offsetS = utcOffset(ls, rows, rem, file, lineOf);
  const deg = TEMPERATURE_UNITS[u];
  const epochS: number[] = [];
  const dryC: number[] = [];
  const rhPct: number[] = [];
  const lines: [number, number] = [0, 0];
  for (const w of rows) {
    const line = lineOf(w.r);
    const cells = rh < 0 ? [w.dry] : [w.dry, w.rh];
    if (cells.some((c) => !READING.test(c))) {
      const bad = cells.findIndex((c) => !READING.test(c) && !LEFT_OUT.test(c));
      if (bad >= 0)
        throw new InputError(
          file,
          head[bad === 0 ? temp : rh],
          'a reading, M (missing) or one suffixed s (suspect)',
          describeFound(cells[bad]),
          line,
        );
      continue;
    }
    const t = w.local / 1000 - offsetS;
    if (epochS.length > 0 && t === epochS[epochS.length - 1]) continue;
    if (epochS.length > 0) followsOn(epochS[epochS.length - 1], t, ls[w.r][date].trim(), maxGapS, file, line);
    if (epochS.length === 0) lines[0] = line;
    lines[1] = line;
    epochS.push(t);
    dryC.push(
      deg.toC(number(w.dry, file, line, `a temperature (${deg.symbol})`, deg.range, 'HourlyDryBulbTemperature')),
    );
    if (rh >= 0) rhPct.push(number(w.rh, file, line, 'a relative humidity (%)', RH_PCT, 'HourlyRelativeHumidity'));
  }
  if (epochS.length === 0)
    throw new InputError(
      file,
      'HourlyDryBulbTemperature',
      'at least one reading',
      'none (all M or suspect)',
      lineOf(0),
    );
  return seriesOf(file, epochS, dryC, rh < 0 ? null : rhPct, lines);
}

/**
 * Local standard time minus UTC, seconds, from the METAR reports in REM: each report's UTC day, hour and minute against
 * its row's DATE, to the nearest quarter hour. Every report must agree; a file without any is refused.
 */
function utcOffset(
  ls: string[][],
  rows: { r: number; local: number }[],
  rem: number,
  file: string,
  lineOf: (r: number) => number,
): number {
  let offset: number | undefined;
  for (const w of rows) {
    const m = rem < 0 ? null : METAR.exec(ls[w.r][rem] ?? '');
    if (!m) continue;
    const local = new Date(w.local);
    // The report's UTC time: its day of the month within a day of the local date.
    let best = NaN;
    for (const dd of [-1, 0, 1]) {
      const day = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + dd));
      if (day.getUTCDate() !== +m[1]) continue;
      const utc = day.getTime() + (+m[2] * 60 + +m[3]) * 60_000;
      const diff = Math.round((w.local - utc) / 900_000) * 900;
      if (diff >= TZ_HOURS[0] * 3600 && diff <= TZ_HOURS[1] * 3600) best = diff;
    }
    if (Number.isNaN(best))
      throw new InputError(file, 'REM', `a report within a day of DATE`, describeFound(m[0]), lineOf(w.r));
    if (offset === undefined) offset = best;
    else if (best !== offset)
      throw new InputError(
        file,
        'REM',
        `reports all ${offset / 3600} h from UTC (DATE is local standard time)`,
        `${describeFound(m[0])}, ${best / 3600} h`,
        lineOf(w.r),
      );
  }
  if (offset === undefined)
    throw new InputError(
      file,
      'REM',
      "the METAR reports (REM: 'METAR KATL 010552Z ...') that give DATE's offset from UTC",
      rem < 0 ? 'no REM column' : 'none',
      lineOf(0),
    );
  return offset;
}
