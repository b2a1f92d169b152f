/**
 * Weather files: which reader reads a file, and the plain CSV series (timestamp, dry-bulb temperature and optionally
 * relative humidity, by place; an Open-Meteo export's lines above its header passed over). The readers of downloaded
 * layouts are in ./weather/, one file a format: epw.ts (EnergyPlus), nsrdb.ts (NSRDB PSM3/PSM4 and TMY), tmy3.ts (NREL
 * TMY3), lcd.ts (NOAA Local Climatological Data), meteostat.ts; what they share (the data types, value ranges, row
 * rules) is ./weather/shared.ts.
 *
 * Read synchronously (the site is built synchronously) by the one CSV reader, src/model/csv-parse.ts, which splits
 * unquoted lines natively: about 15 ms per EPW where fast-csv's tokenizer took ~250 ms, and every run of a sweep pays
 * it. A test checks the fields equal fast-csv's parse of the same files. Parsed files are cached per process (keyed by
 * path, size and mtime).
 *
 * Rules: malformed or missing values (EPW's missing dry-bulb 99.9, a row missing from the year, a bad timestamp) are
 * one-line InputErrors naming file and line. Fill rules, each stated where it applies: an EPW relative humidity
 * marked missing (999) holds the previous hour's value; an LCD or Meteostat row missing a reading is left out, the
 * reading before holding on within max_gap.
 */
import { statSync } from 'node:fs';
import { dataSeparator, parseCsv, refuseNamelessColumn } from '../model/csv-parse.ts';
import { DATA_ROLES, readDataFile, shownPath } from '../model/read-input.ts';
import { InputError, describeFound } from '../model/errors.ts';
import { parseDate } from '../kernel/time.ts';
import { type DayOrder, SLASH, slashIso, slashOrder } from '../model/slash-dates.ts';
import { LOCAL_NAME, ZONED, clockReading, endingShiftS, headerOffsetS, timeOfDayApart } from '../model/clock-names.ts';
import {
  headerUnit,
  hottestDay,
  otherUnit,
  RH_PCT,
  TEMPERATURE_UNITS,
  type TemperatureUnit,
  type WeatherData,
  followsOn,
  number,
} from './weather/shared.ts';
import { parseEpw } from './weather/epw.ts';
import { isLcd, parseLcd } from './weather/lcd.ts';
import { isMeteostat, parseMeteostat } from './weather/meteostat.ts';
import { isNsrdb, parseNsrdb } from './weather/nsrdb.ts';
import { isTmy3, parseTmy3 } from './weather/tmy3.ts';

export type { Series, TemperatureUnit, TypicalYear, WeatherData } from './weather/shared.ts';
export { dayOfYear } from './weather/shared.ts';

const cache = new Map<string, WeatherData>();

/**
 * Read (or reuse) a weather file: an EPW where the model says so (`epw`), the name ends in .epw or the text begins as an
 * EPW does (`LOCATION,`), else a CSV. `unit`: the model's `unit:` if it gives one (a plain CSV reads °C without; an LCD
 * file's station id says its own).
 */
export function readWeatherFile(path: string, maxGapS = Infinity, unit?: TemperatureUnit, epw = false): WeatherData {
  let key: string;
  const shown = shownPath(path);
  try {
    const st = statSync(path);
    key = `${path}\0${st.size}\0${st.mtimeMs}\0${maxGapS}\0${unit}\0${epw}`;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(shown, '', DATA_ROLES.weather, code === 'ENOENT' ? 'no such file' : String(code ?? e));
  }
  let data = cache.get(key);
  if (!data) {
    const text = readDataFile(path, DATA_ROLES.weather, shown);
    // An EPW saved under another name (a download renamed .csv or .txt) was read as a plain CSV and refused for its
    // third column, 'expected column 3 to be the relative humidity', under model: epw too.
    const isEpw = epw || /\.epw$/i.test(path) || /^\uFEFF?LOCATION,/.test(text);
    // An EPW's temperatures are \u00b0C by its format: under model: csv a unit against it was passed over in silence,
    // where an NSRDB or TMY3 file refuses one.
    if (isEpw && unit !== undefined && unit !== 'C')
      throw new InputError(
        shown,
        '',
        "no unit, or unit: C (an EnergyPlus weather file's temperatures are in \u00b0C)",
        `unit: ${unit}`,
        1,
      );
    data = isEpw ? parseEpw(text, shown) : parseWeatherCsv(text, shown, maxGapS, unit);
    cache.set(key, data);
  }
  return data;
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
  // NSRDB's and TMY3's temperatures are °C by their layouts: a unit against it is refused, not passed over.
  const celsius = (): void => {
    if (given !== undefined && given !== 'C')
      throw new InputError(
        file,
        '',
        "no unit, or unit: C (this layout's temperatures are in °C)",
        `unit: ${given}`,
        lineOf(0),
      );
  };
  if (isNsrdb(ls)) return (celsius(), parseNsrdb(ls, file, lineOf, maxGapS));
  if (isTmy3(ls)) return (celsius(), parseTmy3(ls, file, lineOf, maxGapS));
  if (isLcd(ls)) return parseLcd(ls, file, lineOf, maxGapS, given);
  const unit = given ?? 'C';
  if (isMeteostat(ls)) return parseMeteostat(ls, file, lineOf, maxGapS, given);
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
  named(0, /humid|^\s*%?\s*rh(\b|_)|temp|dry|dew/i, 'timestamp: timestamp, temperature[, relative humidity]');
  // A date column beside one of the time of day ("date,hour,temperature") was refused as if its humidity column were
  // misnamed ('expected column 3 to be the relative humidity'): say what it is.
  const firstRow = ls.find((f, r) => r > h && !(f.length === 1 && f[0].trim() === ''));
  const apart = timeOfDayApart(head, 0, firstRow?.[0]);
  if (apart)
    throw new InputError(file, head[0].trim(), apart, describeFound(firstRow?.[0]), lineOf(ls.indexOf(firstRow!)));
  // Nor another temperature than the dry bulb: 'time,Twb,rh' ran 22 °C of wet bulb as the dry bulb, the plant seeing the
  // wet bulb computed from it (18.3 °C at 70 %), as did Open-Meteo's wet_bulb_temperature_2m and apparent_temperature.
  named(
    1,
    // 'wet' as a word or before 'bulb' ('Twet', 'HourlyWetBulbTemperature'), not inside one: a German station's
    // 'Temperatur (Wetterstation)', or Wettingen's, was refused as a wet bulb.
    /wet[\s_-]*bulb|(?<![a-z])t?[\s_-]?(wet|wb)(?![a-z])|apparent|feels|soil/i,
    'dry-bulb temperature (a wet-bulb, feels-like or soil temperature is not read: the wet bulb is computed from the dry bulb and the relative humidity): timestamp, temperature[, relative humidity]',
  );
  // Nor a second column that names another quantity (a wind speed of 5 m/s read as 5 °C, a dew point as the dry bulb).
  named(
    1,
    /humid|^\s*%?\s*rh(\b|_)|wind|speed|wspd|wdir|gust|pres|prcp|precip|rain|snow|cloud|ghi|dni|dhi|irrad|radiat|solar|visib|dew|dwpt/i,
    'temperature (°C): timestamp, temperature[, relative humidity]',
  );
  // A third column is the humidity only when its name says so: one of wind speeds (2-8 m/s) read as 2-8 % humidity.
  // '%RH' names it as 'RH%' does (a Testo logger's 'Date/Time,°C,%RH'), and was refused.
  if (head.length >= 3 && head[2].trim() !== '' && !/hum|^\s*%?\s*rh(\b|_)|relative|moist/i.test(head[2]))
    throw new InputError(
      file,
      '',
      'column 3 to be the relative humidity (%), named so (humidity, rh): timestamp, temperature[, relative humidity]',
      describeFound(head.join(',')),
      headLine,
    );
  // Nor another humidity than the relative: 'specific_humidity' of 12 g/kg (22 °C air at 73 %) ran as 12 %. A header
  // naming the relative humidity is one whatever else it says ('Relative humidity (% of saturation vapour pressure)',
  // '... at station pressure'), and 'ratio' inside a word (satu-ratio-n, calib-ratio-n, ope-ratio-nal) or 'g/m' inside
  // 'avg/max' names none: each was refused.
  if (!/relative|(?<![a-z])rh(?![a-z])/i.test(head[2] ?? ''))
    named(
      2,
      /specific|absolute|ratio(?!n)|mixing|(?<![a-z])g\s*\/\s*(kg|m)|vapou?r|pressure/i,
      'relative humidity (%) (a specific or absolute humidity, a humidity ratio or a vapour pressure is not read): timestamp, temperature[, relative humidity]',
    );
  // A column in °F read as °C is a site 20-60 K hotter, within the range of a real one: refused where the header says so.
  const headed = headerUnit(head[1]);
  if (unit === 'C' && headed === 'F')
    throw new InputError(
      file,
      '',
      'temperatures in °C (a column in °F needs unit: F)',
      describeFound(head.join(',')),
      headLine,
    );
  // And a unit given against the header's: 'Temperature (°C)' under unit: F ran 2 °C as 2 °F, -16.7 °C.
  if (headed && given !== undefined && given !== headed)
    throw new InputError(
      file,
      head[1].trim(),
      `unit: ${headed}${headed === 'C' ? ' or none' : ''} (the header names ${TEMPERATURE_UNITS[headed].symbol})`,
      `unit: ${given}`,
      headLine,
    );
  refuseNamelessColumn(ls, file, lineOf, h);
  const u = TEMPERATURE_UNITS[unit];
  const withRh = head.length >= 3 && head[2].trim() !== '';
  // Month/day/year timestamps ("1/13/2027 5:00 PM", a US download's or spreadsheet's): the column settles the order.
  const at = ls.findIndex((f, r) => r > h && !(f.length === 1 && f[0].trim() === ''));
  const first = at < 0 ? undefined : ls[at];
  // Local clock time without an offset ("Local Time", "time_local", "Timestamp (EST)") was read as UTC: New York's
  // afternoon heat five hours late, as the hourly traces refuse it (src/supply/trace.ts).
  if (first && LOCAL_NAME.test(head[0]) && !ZONED.test(first[0].trim()))
    throw new InputError(
      file,
      head[0].trim(),
      `UTC timestamps or ones with their offset (${JSON.stringify(head[0].trim())} is local clock time, which skips and repeats an hour where daylight saving starts and ends)`,
      describeFound(first[0]),
      lineOf(at),
    );
  // A header naming a fixed offset (HOBOware's "Date Time, GMT-04:00") puts its times without a zone at that offset:
  // read as UTC, until 7 December 2026, the afternoon heat of such a logger came four hours early.
  const headOffsetS = headerOffsetS(head[0]);
  if (Number.isNaN(headOffsetS))
    throw new InputError(
      file,
      head[0].trim(),
      'an offset from UTC that a clock has (-12:00 to +14:00)',
      describeFound(head[0]),
      headLine,
    );
  const order = first && SLASH.test(first[0].trim()) ? columnOrder(ls, h, file, lineOf) : undefined;
  const n = ls.length - 1;
  const epochS = new Float64Array(n);
  const dryC = new Float64Array(n);
  const rhPct = withRh ? new Float64Array(n) : null;
  const rowLines = new Float64Array(n);
  let rows = 0;
  const lines: [number, number] = [0, 0];
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
      if (headOffsetS !== 0 && !ZONED.test(f[0].trim())) t -= headOffsetS;
    } catch {
      throw new InputError(file, head[0].trim(), 'a timestamp like "2027-01-01 00:00:00"', describeFound(f[0]), line);
    }
    if (rows > 0) followsOn(epochS[rows - 1], t, f[0].trim(), maxGapS, file, line);
    epochS[rows] = t;
    // Each cell names its column, as a trace's does ('w.csv:7: temperature: expected ...'): the message named none.
    if (given === undefined) otherUnit(f[1], file, line, head[1].trim());
    dryC[rows] = u.toC(number(f[1], file, line, `a temperature (${u.symbol})`, u.range, head[1].trim()));
    if (rhPct) rhPct[rows] = number(f[2], file, line, 'a relative humidity (%)', RH_PCT, head[2].trim());
    rowLines[rows] = line;
    if (rows === 0) lines[0] = line;
    lines[1] = line;
    rows++;
  }
  if (rows === 0) throw new InputError(file, '', 'at least one data row', 'only a header', 1);
  // A column named for the ends of its rows' intervals ("hour_ending", "Interval End"), as a trace's is: each value
  // holds from its interval's start. Until 7 December 2026 it was read from its end, an hour late.
  const shift = endingShiftS(head[0], epochS.subarray(0, rows));
  if (shift > 0) for (let r = 0; r < rows; r++) epochS[r] -= shift;
  if (given === undefined) hottestDay(epochS.subarray(0, rows), dryC, file, head[1].trim(), (r) => rowLines[r]);
  if (rhPct) sharesOfOne(rhPct.subarray(0, rows), file, head[2].trim(), lines[0]);
  return {
    kind: 'series',
    file,
    epochS: epochS.subarray(0, rows),
    dryC: dryC.subarray(0, rows),
    rhPct: rhPct ? rhPct.subarray(0, rows) : null,
    lines,
    clock: clockReading(first && ZONED.test(first[0].trim()) ? 0 : headOffsetS, shift),
  };
}

/**
 * Refuse a humidity column whose every value is at most 1: shares of 1 (0.55-0.85, as pandas and many loggers write
 * it), which were read as 0.55-0.85 %, air so dry that an economiser ran a July week free throughout. No air stays
 * under 1 % relative humidity for a whole file (the driest deserts' afternoons read a few per cent).
 */
function sharesOfOne(rhPct: Float64Array, file: string, column: string, line: number): void {
  let lo = Infinity,
    hi = -Infinity;
  for (const x of rhPct) {
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  if (hi > 1) return;
  const pct = (x: number): number => Number((x * 100).toPrecision(12));
  throw new InputError(
    file,
    column,
    'a relative humidity in % (air never stays under 1 % for a whole file)',
    hi === 0
      ? 'every value 0 (a column with no humidity is left out)'
      : `every value from ${lo} to ${hi} (shares of 1? as % they are ${pct(lo)} to ${pct(hi)})`,
    line,
  );
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
