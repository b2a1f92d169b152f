/**
 * What every weather file reader shares: the data a file gives (a typical year or a series), the ranges a value must
 * fall in, and the rules for dates and rows (src/facility/weather-file.ts picks the reader; each format has its file
 * in this folder).
 */
import { decimalCell } from '../../model/csv-parse.ts';
import { InputError, describeFound } from '../../model/errors.ts';
import { formatTimestamp } from '../../kernel/time.ts';
import type { ClockReading } from '../../model/clock-names.ts';

/** A typical year: hourly values by hour of a 365-day year in local standard time. */
export interface TypicalYear {
  readonly kind: 'typical-year';
  readonly file: string;
  /** Local standard time minus UTC, hours (EPW LOCATION field). */
  readonly tzHours: number;
  /** Dry-bulb °C, 8760 values: index (day of a non-leap year) * 24 + hour of day (0-23). */
  readonly dryC: Float64Array;
  /** Relative humidity %, same indexing. */
  readonly rhPct: Float64Array;
}

/** A series of absolute times: each value holds from its time until the next. */
export interface Series {
  readonly kind: 'series';
  readonly file: string;
  readonly epochS: Float64Array;
  readonly dryC: Float64Array;
  /** Relative humidity %, or null when the file has no humidity column. */
  readonly rhPct: Float64Array | null;
  /** The lines in the file of the first and the last row read, for an error about what the rows cover. */
  readonly lines: readonly [first: number, last: number];
  /** How the rows' times were read where not as written (a header's offset, an interval's end), for such an error. */
  readonly clock?: ClockReading;
}

export type WeatherData = TypicalYear | Series;

export const MONTH_START = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

/** Day of a non-leap year (0-364) from month (1-12) and day, or -1 if there is no such day. */
export function dayOfYear(month: number, day: number): number {
  if (!(month >= 1 && month <= 12) || !Number.isInteger(month) || !Number.isInteger(day)) return -1;
  if (day < 1 || day > MONTH_START[month] - MONTH_START[month - 1]) return -1;
  return MONTH_START[month - 1] + day - 1;
}

/** The unit of a weather CSV's temperature column (`unit:`): °C unless the model says otherwise. */
export type TemperatureUnit = 'C' | 'F' | 'K';

/** A cell's number, in `range` if given: else the one-line error naming file, line, `field` (a column) and `what`. */
export function number(
  s: string | undefined,
  file: string,
  line: number,
  what: string,
  range?: readonly [number, number],
  field = '',
): number {
  const x = decimalCell(s);
  if (!Number.isFinite(x) || (range && !(x >= range[0] && x <= range[1]))) {
    throw new InputError(file, field, range ? `${what} from ${range[0]} to ${range[1]}` : what, describeFound(s), line);
  }
  return x;
}

/**
 * Outdoor air on Earth: the records are -89.2 °C and 56.7 °C; relative
 * humidity is 0-100 % (EPW allows readings to 110 %). Beyond these a value is
 * a unit or typing error (1e400 used to write `inf` into the series).
 */
export const DRY_C: readonly [number, number] = [-100, 70];
/** A temperature column's unit: its symbol, the range DRY_C in it, and its values in °C. */
export const TEMPERATURE_UNITS: Record<
  TemperatureUnit,
  { symbol: string; range: readonly [number, number]; toC: (v: number) => number }
> = {
  C: { symbol: '°C', range: DRY_C, toC: (v) => v },
  F: { symbol: '°F', range: [-148, 158], toC: (v) => ((v - 32) * 5) / 9 },
  K: { symbol: 'K', range: [173.15, 343.15], toC: (v) => v - 273.15 },
};
/** Each unit's names in a lower-case header: its word, its sign or degree sign and letter, or the letter alone. */
const HEADER_UNITS: readonly (readonly [TemperatureUnit, RegExp])[] = [
  [
    'F',
    /fah?renheit|\u2109|[\u00b0\u00ba\u02da]\s*f(?![a-z])|(?<![a-z])deg(rees)?[\s_-]*f(?![a-z])|(?<![a-z0-9])f(?![a-z0-9])|(?<![a-z])te?mp(in)?f\s*$|(?<![a-z])air ?tf(?![a-z])/,
  ],
  [
    'C',
    /cel[cs]ius|\u2103|[\u00b0\u00ba\u02da]\s*c(?![a-z])|(?<![a-z])deg(rees)?[\s_-]*c(?![a-z])|(?<![a-z0-9])c(?![a-z0-9])|(?<![a-z])te?mp(in)?c\s*$|(?<![a-z])air ?tc(?![a-z])/,
  ],
  ['K', /kelvin|(?<![a-z0-9])k(?![a-z0-9])/],
];
/**
 * The unit a temperature column's header names, if one. °F: "temp_F", "Temperature (°F)", "fahrenheit", and as weather
 * stations, loggers and keyboards write it, "tempf" (Ambient Weather's, Weather Underground's), "tmpf" (the Iowa
 * Mesonet's ASOS), "AirTF_Avg" (a Campbell Scientific logger's), "airTempF", "temp_degF", "Temperature (ºF)" (the
 * masculine ordinal typed for the degree sign), "℉", "temp_f_avg", the misspelt "farenheit"; °C and K likewise ("temp_C",
 * "tmpc", "AirTC_Avg", "celcius", "temp_K", "kelvin"). Until 7 December 2026 the °F forms but the first three ran as °C,
 * and a header's °C under unit: F as °F. A header naming two units names none.
 */
export function headerUnit(header: string): TemperatureUnit | undefined {
  // Words apart where a lower-case letter meets a capital ('airTempF'), then in lower case.
  const h = header.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const found = HEADER_UNITS.filter(([, re]) => re.test(h));
  return found.length === 1 ? found[0][0] : undefined;
}
/**
 * Refuse a cell above the °C range that a column in °F or K holds, naming the unit it needs: a °F series from any warm
 * place (a Phoenix or Virginia summer's hours above 70 °F) met the range check before its day's mean was judged
 * (hottestDay), and that check's words named no unit ('expected a temperature (°C) from -100 to 70, found "71.06"').
 */
export function otherUnit(s: string | undefined, file: string, line: number, column: string): void {
  const x = decimalCell(s);
  if (!(x > DRY_C[1])) return;
  const { F, K } = TEMPERATURE_UNITS;
  const unit = x <= F.range[1] ? '°F needs unit: F' : x >= K.range[0] && x <= K.range[1] ? 'kelvin needs unit: K' : '';
  if (unit)
    throw new InputError(
      file,
      column,
      `a temperature (°C) from ${DRY_C[0]} to ${DRY_C[1]} (a column in ${unit})`,
      describeFound(s),
      line,
    );
}

/** No day on Earth averages above this, °C (Death Valley's hottest about 48 °C). */
const HOTTEST_DAY_C = 50;

/**
 * Refuse a series with a day (any 24 hours, each value held until the next row) averaging above HOTTEST_DAY_C: its
 * column is in °F under a header that does not say so ("time,temp"), which read a May week in Virginia, 48-68 °F, as a
 * site at 48-68 °C. A file shorter than a day is not judged.
 */
export function hottestDay(
  epochS: Float64Array,
  dryC: Float64Array,
  file: string,
  column: string,
  lineOf: (row: number) => number,
): void {
  const day = 86400;
  const n = epochS.length;
  if (n < 2 || epochS[n - 1] - epochS[0] < day) return;
  // The integral of the held values from the first row to each row's time, K s.
  const integral = new Float64Array(n);
  for (let i = 1; i < n; i++) integral[i] = integral[i - 1] + dryC[i - 1] * (epochS[i] - epochS[i - 1]);
  let k = 0;
  for (let i = 0; i < n && epochS[i] + day <= epochS[n - 1]; i++) {
    const end = epochS[i] + day;
    while (k + 1 < n && epochS[k + 1] <= end) k++;
    const mean = (integral[k] + dryC[k] * (end - epochS[k]) - integral[i]) / day;
    if (mean > HOTTEST_DAY_C) {
      const shown = mean.toFixed(1);
      throw new InputError(
        file,
        column,
        `temperatures in °C (no day on Earth averages above ${HOTTEST_DAY_C} °C: a column in °F needs unit: F; unit: C takes it as °C, hotter than any day on record)`,
        `${shown} on average over the day from ${formatTimestamp(epochS[i])} (${shown} °F is ${TEMPERATURE_UNITS.F.toC(Number(shown)).toFixed(1)} °C)`,
        lineOf(i),
      );
    }
  }
}

export const RH_PCT: readonly [number, number] = [0, 110];
/** Time zones in use, hours from UTC (Baker Island to Kiribati's Line Islands). */
export const TZ_HOURS: readonly [number, number] = [-12, 14];

/**
 * A gap in hours to two decimals, or to the second where those read as the limit itself: 'rows at most 3 h apart
 * (max_gap), found a gap of 3.00 h' for a row one second late.
 */
function gapText(gapS: number, maxGapS: number): string {
  const h = (gapS / 3600).toFixed(2);
  if (Number(h) * 3600 > maxGapS) return `${h} h`;
  const whole = Math.floor(gapS / 3600);
  const min = Math.floor((gapS - whole * 3600) / 60);
  const sec = Number((gapS - whole * 3600 - min * 60).toFixed(3));
  return `${whole} h ${min} min ${sec} s`;
}

/** A row's time after the previous row's: later, and at most `maxGapS` after it (`shown`: the row's time as written). */
export function followsOn(prev: number, t: number, shown: string, maxGapS: number, file: string, line: number): void {
  if (!(t > prev)) throw new InputError(file, '', 'timestamps in increasing order', describeFound(shown), line);
  if (t - prev > maxGapS)
    throw new InputError(
      file,
      '',
      `rows at most ${maxGapS / 3600} h apart (max_gap)`,
      `a gap of ${gapText(t - prev, maxGapS)} before ${shown}`,
      line,
    );
}

/**
 * Whether the rows are a typical year: a measured series changes year only from December to January; a TMY, whose
 * months come from different years, also at other months.
 */
export function typicalYear(rows: string[][], year: number, month: number): boolean {
  const y = (f: string[]) => Number(f[year]);
  const m = (f: string[]) => Number(f[month]);
  return rows.some((f, i) => i > 0 && y(f) !== y(rows[i - 1]) && !(m(rows[i - 1]) === 12 && m(f) === 1));
}

/** A typical year's hours all given: else the first missing one, named as the file numbers hours (from `first`). */
export function wholeYear(dryC: Float64Array, file: string, line: number, first: 0 | 1): void {
  const missing = dryC.findIndex((x) => Number.isNaN(x));
  if (missing < 0) return;
  const d = Math.floor(missing / 24);
  const m = MONTH_START.findIndex((x) => x > d);
  throw new InputError(
    file,
    '',
    `8760 hourly rows (one per hour of a 365-day year)`,
    `no row for ${m}/${d - MONTH_START[m - 1] + 1} hour ${(missing % 24) + first}`,
    line,
  );
}

/** A series from the rows a reader kept (time, dry-bulb °C and, if the file has it, relative humidity; the lines of the first and last). */
export function seriesOf(
  file: string,
  epochS: number[],
  dryC: number[],
  rhPct: number[] | null,
  lines: readonly [number, number],
): Series {
  return {
    kind: 'series',
    file,
    epochS: Float64Array.from(epochS),
    dryC: Float64Array.from(dryC),
    rhPct: rhPct && Float64Array.from(rhPct),
    lines,
  };
}
