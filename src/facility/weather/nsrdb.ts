/**
 * NSRDB downloads (PSM3 and PSM4 from the NSRDB Viewer or its API, TMYs among them; SAM's CSV weather files share the
 * layout): the place's fields, their values, then the data's header and rows (docs/models/facility.md, weather).
 */
import { InputError, describeFound } from '../../model/errors.ts';
import {
  DRY_C,
  RH_PCT,
  TZ_HOURS,
  type WeatherData,
  dayOfYear,
  followsOn,
  number,
  typicalYear,
  wholeYear,
} from './shared.ts';

/**
 * An NSRDB download (PSM3 or PSM4 from the NSRDB Viewer or its API; SAM's CSV weather files have the same layout):
 * a line of the place's fields (`Source,Location ID,...,Time Zone,...`), their values, then the data's header
 * (`Year,Month,Day,Hour,Minute,...,Temperature,...,Relative Humidity,...`; SAM's `Tdry` and `RH`).
 */
export function isNsrdb(ls: string[][]): boolean {
  const cells = (r: number) => (ls[r] ?? []).map((c) => c.trim());
  return (
    cells(0)[0] === 'Source' &&
    cells(0).includes('Time Zone') &&
    ['Year', 'Month', 'Day', 'Hour'].every((c) => cells(2).includes(c))
  );
}

/**
 * An NSRDB download's rows, dated by their Year, Month, Day, Hour and Minute in the file's `Time Zone` (hours from UTC:
 * 0 for a download in UTC; local standard time otherwise, never daylight saving). A single year, or several in order,
 * is a measured series, each value holding until the next row; a typical year (TMY: each month from another year) is
 * placed by month, day and hour into every simulated year, as an EPW is. Temperatures are the file's `Temperature
 * Units` (°C); relative humidity is read when the file has it.
 */
export function parseNsrdb(ls: string[][], file: string, lineOf: (r: number) => number, maxGapS: number): WeatherData {
  const meta = new Map(ls[0].map((k, i) => [k.trim(), (ls[1]?.[i] ?? '').trim()]));
  const tzHours = number(meta.get('Time Zone'), file, lineOf(1), 'a time zone (hours from UTC) in Time Zone', TZ_HOURS);
  const units = meta.get('Temperature Units');
  if (units !== undefined && units !== '' && units.toLowerCase() !== 'c')
    throw new InputError(file, 'Temperature Units', 'temperatures in °C ("c")', describeFound(units), lineOf(1));
  const head = ls[2].map((c) => c.trim());
  const col = (names: readonly string[]) => head.findIndex((h) => names.includes(h));
  const [year, month, day, hour, minute] = ['Year', 'Month', 'Day', 'Hour', 'Minute'].map((c) => head.indexOf(c));
  const temp = col(['Temperature', 'Tdry']);
  const rh = col(['Relative Humidity', 'RH', 'Rhum']);
  if (temp < 0)
    throw new InputError(
      file,
      '',
      'a Temperature column (download the NSRDB data with air_temperature)',
      describeFound(ls[2].join(',')),
      lineOf(2),
    );
  // The data rows with their lines in the file, read once (a five-minute year is 105,120 rows).
  const rows: string[][] = [];
  const lines: number[] = [];
  for (let r = 3; r < ls.length; r++)
    if (!(ls[r].length === 1 && ls[r][0].trim() === '')) {
      rows.push(ls[r]);
      lines.push(lineOf(r));
    }
  const cell = (f: string[], c: number, line: number, what: string, range?: readonly [number, number]) =>
    number(f[c], file, line, what, range);
  if (typicalYear(rows, year, month)) {
    // A typical year: hour h of the local standard day is index doy * 24 + h, as an EPW's hour h + 1.
    const dryC = new Float64Array(8760).fill(NaN);
    const rhPct = new Float64Array(8760).fill(NaN);
    for (const [i, f] of rows.entries()) {
      const line = lines[i];
      const [m, d, h] = [month, day, hour].map((c) => cell(f, c, line, `a ${head[c].toLowerCase()}`));
      const feb29 = m === 2 && d === 29;
      const doy = dayOfYear(m, d);
      if ((doy < 0 && !feb29) || !(Number.isInteger(h) && h >= 0 && h <= 23))
        throw new InputError(file, '', 'a day of a 365-day year and an hour (0-23)', `${m}/${d} hour ${h}`, line);
      // A leap year's 29 February: read as any row (a malformed one passed unread), then left out, as an EPW's.
      if (feb29) {
        cell(f, temp, line, 'a temperature (°C)', DRY_C);
        if (rh >= 0) cell(f, rh, line, 'a relative humidity (%)', RH_PCT);
        continue;
      }
      const k = doy * 24 + h;
      if (!Number.isNaN(dryC[k]))
        throw new InputError(file, '', 'one row per month, day and hour', `a second row for ${m}/${d} hour ${h}`, line);
      dryC[k] = cell(f, temp, line, 'a temperature (°C)', DRY_C);
      if (rh >= 0) rhPct[k] = cell(f, rh, line, 'a relative humidity (%)', RH_PCT);
    }
    wholeYear(dryC, file, lineOf(ls.length - 1), 0);
    return { kind: 'typical-year', file, tzHours, dryC, rhPct };
  }
  const epochS = new Float64Array(rows.length);
  const dryC = new Float64Array(rows.length);
  const rhPct = rh >= 0 ? new Float64Array(rows.length) : null;
  rows.forEach((f, i) => {
    const line = lines[i];
    const [y, m, d, h, mi] = [year, month, day, hour, minute].map((c) =>
      c < 0 ? 0 : cell(f, c, line, `a ${head[c].toLowerCase()}`),
    );
    const t = Date.UTC(y, m - 1, d, h, mi) / 1000 - tzHours * 3600;
    const shown = `${y}-${m}-${d} ${h}:${String(mi).padStart(2, '0')}`;
    if (!Number.isFinite(t) || new Date((t + tzHours * 3600) * 1000).getUTCDate() !== d)
      throw new InputError(file, '', 'a date and time of day', describeFound(shown), line);
    if (i > 0) followsOn(epochS[i - 1], t, shown, maxGapS, file, line);
    epochS[i] = t;
    dryC[i] = cell(f, temp, line, 'a temperature (°C)', DRY_C);
    if (rhPct) rhPct[i] = cell(f, rh, line, 'a relative humidity (%)', RH_PCT);
  });
  if (rows.length === 0) throw new InputError(file, '', 'at least one data row', 'only a header', lineOf(2));
  return { kind: 'series', file, epochS, dryC, rhPct, lines: [lines[0], lines[lines.length - 1]] };
}
