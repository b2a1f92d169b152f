/**
 * Weather files: EnergyPlus EPW typical years and plain CSV series of
 * timestamp, dry-bulb temperature (and optionally relative humidity).
 *
 * Read synchronously (the site is built synchronously) by the one CSV
 * reader, src/model/csv-parse.ts, which splits unquoted lines natively: about
 * 15 ms per EPW where fast-csv's tokenizer took ~250 ms, and every run of a
 * sweep pays it. A test checks the fields equal fast-csv's parse of the same
 * files. Parsed files are cached per process (keyed by path, size and mtime).
 *
 * The readers of downloaded layouts are in ./weather/, one file a format
 * (tmy3.ts, lcd.ts, meteostat.ts); what all readers share (the data types, value ranges, row
 * rules) is ./weather/shared.ts.
 *
 * Rules: malformed or missing values (EPW's missing dry-bulb 99.9, a row
 * missing from the year, a bad timestamp) are one-line InputErrors naming
 * file and line. One fill rule: an EPW relative humidity marked missing
 * (999) holds the previous hour's value.
 */
import { statSync } from 'node:fs';
import { dataSeparator, decimalCell, parseCsv } from '../model/csv-parse.ts';
import { DATA_ROLES, readDataFile, shownPath } from '../model/read-input.ts';
import { InputError, describeFound } from '../model/errors.ts';
import { parseDate } from '../kernel/time.ts';
import { type DayOrder, SLASH, slashIso, slashOrder } from '../model/slash-dates.ts';
import {
  DRY_C,
  FAHRENHEIT,
  RH_PCT,
  TEMPERATURE_UNITS,
  type TemperatureUnit,
  TZ_HOURS,
  type TypicalYear,
  type WeatherData,
  dayOfYear,
  followsOn,
  number,
  typicalYear,
  wholeYear,
} from './weather/shared.ts';

import { isLcd, parseLcd } from './weather/lcd.ts';
import { isMeteostat, parseMeteostat } from './weather/meteostat.ts';
import { isTmy3, parseTmy3 } from './weather/tmy3.ts';

export type { Series, TemperatureUnit, TypicalYear, WeatherData } from './weather/shared.ts';
export { dayOfYear } from './weather/shared.ts';

const cache = new Map<string, WeatherData>();

/** Read (or reuse) a weather file; the format follows the extension (.epw, else CSV). */
/** `unit`: the model's `unit:` if it gives one (a plain CSV reads °C without; an LCD file's station id says its own). */
export function readWeatherFile(path: string, maxGapS = Infinity, unit?: TemperatureUnit): WeatherData {
  let key: string;
  const shown = shownPath(path);
  try {
    const st = statSync(path);
    key = `${path}\0${st.size}\0${st.mtimeMs}\0${maxGapS}\0${unit}`;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(shown, '', DATA_ROLES.weather, code === 'ENOENT' ? 'no such file' : String(code ?? e));
  }
  let data = cache.get(key);
  if (!data) {
    const text = readDataFile(path, DATA_ROLES.weather, shown);
    data = /\.epw$/i.test(path) ? parseEpw(text, shown) : parseWeatherCsv(text, shown, maxGapS, unit);
    cache.set(key, data);
  }
  return data;
}

function parseEpw(text: string, file: string): TypicalYear {
  const { rows: ls, line: lineOf } = parseCsv(text, ',', file);
  const header = ls.findIndex((l) => l[0] === 'DATA PERIODS');
  if (ls[0]?.[0] !== 'LOCATION' || header < 0) {
    throw new InputError(
      file,
      '',
      'an EnergyPlus weather file (LOCATION ... DATA PERIODS header)',
      describeFound(ls[0]?.join(',') ?? ''),
      1,
    );
  }
  // Every zone in use is within -12 to +14 hours: a zone in minutes (-300) or with a slipped field shifted the year silently.
  const tzHours = number(ls[0][8], file, 1, 'a time zone (hours from UTC) in LOCATION field 9', TZ_HOURS);
  const perHour = ls[header][2];
  if (perHour !== undefined && perHour.trim() !== '1') {
    throw new InputError(
      file,
      '',
      'hourly data (1 record per hour in DATA PERIODS)',
      describeFound(perHour),
      lineOf(header),
    );
  }
  const dryC = new Float64Array(8760).fill(NaN);
  const rhPct = new Float64Array(8760).fill(NaN);
  let prevRh = NaN;
  for (let i = header + 1; i < ls.length; i++) {
    const line = lineOf(i);
    const f = ls[i];
    if (f.length < 9)
      throw new InputError(
        file,
        '',
        'an hourly data row of at least 9 fields',
        `${f.length} field${f.length === 1 ? '' : 's'}`,
        line,
      );
    const month = number(f[1], file, line, 'a month (1-12)');
    const day = number(f[2], file, line, 'a day of the month');
    const hour = number(f[3], file, line, 'an hour (1-24)');
    // A real (leap) year's 29 February: the typical year has none (a run's 29 February reads 28 February's).
    if (month === 2 && day === 29) continue;
    const doy = dayOfYear(month, day);
    if (doy < 0) throw new InputError(file, '', 'a day of a 365-day year', `${f[1]}/${f[2]}`, line);
    if (!(hour >= 1 && hour <= 24 && Number.isInteger(hour)))
      throw new InputError(file, '', 'an hour (1-24)', describeFound(f[3]), line);
    const k = doy * 24 + hour - 1;
    if (!Number.isNaN(dryC[k]))
      throw new InputError(
        file,
        '',
        'one row per month, day and hour',
        `a second row for ${month}/${day} hour ${hour}`,
        line,
      );
    // EPW marks a missing dry-bulb 99.9 and a missing humidity 999.
    if (decimalCell(f[6]) === 99.9)
      throw new InputError(file, '', 'a dry-bulb temperature (°C)', '99.9 (EPW missing value)', line);
    const t = number(f[6], file, line, 'a dry-bulb temperature (°C)', DRY_C);
    let rh = decimalCell(f[8]) === 999 ? 999 : number(f[8], file, line, 'a relative humidity (%)', RH_PCT);
    if (rh >= 999) {
      if (Number.isNaN(prevRh))
        throw new InputError(
          file,
          '',
          "a relative humidity (%) (a missing one holds the previous hour's)",
          '999 (EPW missing value) with no earlier hour',
          line,
        );
      rh = prevRh;
    }
    prevRh = rh;
    dryC[k] = t;
    rhPct[k] = rh;
  }
  wholeYear(dryC, file, lineOf(ls.length - 1), 1);
  return { kind: 'typical-year', file, tzHours, dryC, rhPct };
}

/**
 * The row of the header: 0, or in an Open-Meteo export (open-meteo.com's `&format=csv`) the one after the three lines
 * above it (the place's `latitude,longitude,elevation,utc_offset_seconds,...`, its values, a blank line). Its timestamps
 * carry no offset, so only one in UTC (`timezone=GMT`, offset 0) is read; one in local time is refused.
 */
function openMeteoHeader(ls: string[][], file: string, lineOf: (r: number) => number): number {
  const place = ls[0] ?? [];
  if (place[0]?.trim() !== 'latitude' || !place.includes('utc_offset_seconds')) return 0;
  const offset = ls[1]?.[place.indexOf('utc_offset_seconds')]?.trim();
  if (offset !== '0')
    throw new InputError(
      file,
      '',
      'an Open-Meteo export in UTC (timezone=GMT: its timestamps carry no offset)',
      `utc_offset_seconds ${offset ?? 'missing'}`,
      lineOf(1),
    );
  let h = 2;
  while (h < ls.length && ls[h].length === 1 && ls[h][0].trim() === '') h++;
  return h;
}

/**
 * CSV with a header: timestamp (UTC unless it gives a zone), dry-bulb °C and
 * optionally relative humidity %. Each value holds until the next row; a gap
 * longer than `maxGapS` is an error rather than a long silent hold.
 */
export function parseWeatherCsv(text: string, file: string, maxGapS: number, given?: TemperatureUnit): WeatherData {
  const { rows: ls, line: lineOf } = parseCsv(text, dataSeparator(text), file);
  if (isNsrdb(ls)) return parseNsrdb(ls, file, lineOf, maxGapS);
  if (isTmy3(ls)) return parseTmy3(ls, file, lineOf, maxGapS);
  if (isLcd(ls)) return parseLcd(ls, file, lineOf, maxGapS, given);
  const unit = given ?? 'C';
  if (isMeteostat(ls)) return parseMeteostat(ls, file, lineOf, maxGapS, unit);
  const h = openMeteoHeader(ls, file, lineOf);
  const headLine = lineOf(h);
  const head = ls[h] ?? [''];
  if (head.length < 2 || (!Number.isNaN(Number(head[1])) && head[1].trim() !== '')) {
    throw new InputError(
      file,
      '',
      'a header: timestamp, temperature (°C)[, relative humidity (%)]',
      describeFound(head.join(',')),
      headLine,
    );
  }
  // Columns are read by place, so a header that names them in another order is refused rather than read wrongly
  // (a "timestamp,humidity,temperature" file would otherwise cool the site with its humidity as °C).
  const named = (k: number, re: RegExp, what: string): void => {
    if (re.test(head[k] ?? ''))
      throw new InputError(file, '', `column ${k + 1} to be the ${what}`, describeFound(head.join(',')), headLine);
  };
  named(0, /humid|^\s*rh(\b|_)|temp|dry|dew/i, 'timestamp: timestamp, temperature[, relative humidity]');
  named(1, /humid|^\s*rh(\b|_)/i, 'temperature (°C): timestamp, temperature[, relative humidity]');
  named(2, /temp|dry|dew|^\s*t\s*$/i, 'relative humidity (%): timestamp, temperature[, relative humidity]');
  // A column in °F read as °C is a site 20-60 K hotter, within the range of a real one: refused where the header says so.
  if (unit === 'C' && FAHRENHEIT.test(head[1]))
    throw new InputError(
      file,
      '',
      'temperatures in °C (a column in °F needs unit: F)',
      describeFound(head.join(',')),
      headLine,
    );
  const u = TEMPERATURE_UNITS[unit];
  const withRh = head.length >= 3 && head[2].trim() !== '';
  // Month/day/year timestamps ("1/13/2027 5:00 PM", a US download's or spreadsheet's): the column settles the order.
  const first = ls.slice(h + 1).find((f) => !(f.length === 1 && f[0].trim() === ''));
  const order = first && SLASH.test(first[0].trim()) ? columnOrder(ls, h, file, lineOf) : undefined;
  const n = ls.length - 1;
  const epochS = new Float64Array(n);
  const dryC = new Float64Array(n);
  const rhPct = withRh ? new Float64Array(n) : null;
  let rows = 0;
  for (let i = h + 1; i < ls.length; i++) {
    const line = lineOf(i);
    const f = ls[i];
    if (f.length === 1 && f[0].trim() === '') continue;
    // Columns are read by place: a row of more cells than the header (a humidity the header does not name) was read
    // without them, silently.
    if (f.length > head.length)
      throw new InputError(file, '', `${head.length} cells as in the header`, `${f.length}`, line);
    let t: number;
    try {
      const m = order ? SLASH.exec(f[0].trim()) : null;
      t = parseDate(m && order ? slashIso(m, order) : f[0].trim());
    } catch {
      throw new InputError(file, '', 'a timestamp like "2027-01-01 00:00:00"', describeFound(f[0]), line);
    }
    if (rows > 0) followsOn(epochS[rows - 1], t, f[0].trim(), maxGapS, file, line);
    epochS[rows] = t;
    dryC[rows] = u.toC(number(f[1], file, line, `a temperature (${u.symbol})`, u.range));
    if (rhPct) rhPct[rows] = number(f[2], file, line, 'a relative humidity (%)', RH_PCT);
    rows++;
  }
  if (rows === 0) throw new InputError(file, '', 'at least one data row', 'only a header', 1);
  return {
    kind: 'series',
    file,
    epochS: epochS.subarray(0, rows),
    dryC: dryC.subarray(0, rows),
    rhPct: rhPct ? rhPct.subarray(0, rows) : null,
  };
}

/**
 * An NSRDB download (PSM3 or PSM4 from the NSRDB Viewer or its API; SAM's CSV weather files have the same layout):
 * a line of the place's fields (`Source,Location ID,...,Time Zone,...`), their values, then the data's header
 * (`Year,Month,Day,Hour,Minute,...,Temperature,...,Relative Humidity,...`; SAM's `Tdry` and `RH`).
 */
function isNsrdb(ls: string[][]): boolean {
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
function parseNsrdb(ls: string[][], file: string, lineOf: (r: number) => number, maxGapS: number): WeatherData {
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
      if (m === 2 && d === 29) continue;
      const doy = dayOfYear(m, d);
      if (doy < 0 || !(Number.isInteger(h) && h >= 0 && h <= 23))
        throw new InputError(file, '', 'a day of a 365-day year and an hour (0-23)', `${m}/${d} hour ${h}`, line);
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
  return { kind: 'series', file, epochS, dryC, rhPct };
}

/** The day order of a weather CSV's month/day/year timestamps, from its whole first column (slashOrder). */
function columnOrder(ls: string[][], h: number, file: string, lineOf: (r: number) => number): DayOrder {
  const rows = ls.map((f, r) => ({ f, r })).filter(({ f, r }) => r > h && !(f.length === 1 && f[0].trim() === ''));
  return slashOrder(
    rows.map(({ f }) => f[0]),
    rows.map(({ r }) => lineOf(r)),
    file,
    'timestamp',
  );
}
