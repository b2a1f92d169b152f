/**
 * Meteostat's hourly data (meteostat.net): the bulk files (https://bulk.meteostat.net/hourly/{station}.csv.gz, no
 * header: date, hour (UTC), temp, dwpt, rhum, prcp, snow, wdir, wspd, wpgt, pres, tsun, coco; dev.meteostat.net/bulk)
 * and a table its Python library writes (`ms.hourly(...).fetch().to_csv()`: time, temp, dwpt or rhum, ...). Times are
 * UTC (an offset written on them is read); temperatures °C unless the model's `unit:` says otherwise (the library's
 * `convert` can make them °F under the same names); humidity rhum, %. Columns are read by name, so the dew point
 * beside them (dwpt, third in the bulk and v1 tables) is never read as humidity. A row whose temp or rhum is empty
 * (Meteostat leaves what it lacks empty) is left out: the reading before holds on, within max_gap.
 */
import { parseDate } from '../../kernel/time.ts';
import { describeFound, InputError } from '../../model/errors.ts';
import {
  RH_PCT,
  type Series,
  TEMPERATURE_UNITS,
  type TemperatureUnit,
  followsOn,
  hottestDay,
  number,
  otherUnit,
  seriesOf,
} from './shared.ts';

/** The bulk files' columns (dev.meteostat.net/bulk/hourly). */
const BULK = ['date', 'hour', 'temp', 'dwpt', 'rhum', 'prcp', 'snow', 'wdir', 'wspd', 'wpgt', 'pres', 'tsun', 'coco'];

/** A Meteostat table: a bulk file (13 cells, a date and an hour first, no header) or a header of its codes. */
export function isMeteostat(ls: string[][]): boolean {
  const first = (ls[0] ?? []).map((c) => c.trim());
  if (first.length === BULK.length && /^\d{4}-\d{2}-\d{2}$/.test(first[0]) && /^\d{1,2}$/.test(first[1])) return true;
  const head = first.map((c) => c.toLowerCase());
  return (
    head.includes('temp') &&
    (head.includes('rhum') || head.includes('dwpt')) &&
    (head[0] === 'time' || head.includes('hour'))
  );
}

export function parseMeteostat(
  ls: string[][],
  file: string,
  lineOf: (r: number) => number,
  maxGapS: number,
  given: TemperatureUnit | undefined,
): Series {
  const bulk = !ls[0].map((c) => c.trim().toLowerCase()).includes('temp');
  const head = bulk ? BULK : ls[0].map((c) => c.trim().toLowerCase());
  const [time, date, hour, temp, rh] = ['time', 'date', 'hour', 'temp', 'rhum'].map((c) => head.indexOf(c));
  // A header with an hour but no date (a layout not documented here) is refused rather than dated by guess.
  if (time < 0 && (date < 0 || hour < 0))
    throw new InputError(
      file,
      '',
      "Meteostat's time columns: time (UTC), or date and hour (UTC)",
      describeFound(ls[0].join(',')),
      lineOf(0),
    );
  const deg = TEMPERATURE_UNITS[given ?? 'C'];
  const epochS: number[] = [];
  const rowLines: number[] = [];
  const dryC: number[] = [];
  const rhPct: number[] = [];
  const lines: [number, number] = [0, 0];
  for (let r = bulk ? 0 : 1; r < ls.length; r++) {
    const f = ls[r].map((c) => c.trim());
    if (f.length === 1 && f[0] === '') continue;
    const line = lineOf(r);
    const shown = time >= 0 ? f[time] : `${f[date]} ${f[hour]}h`;
    let t: number;
    try {
      if (time >= 0) t = parseDate(f[time]);
      else {
        const h = Number(f[hour]);
        if (!/^\d{1,2}$/.test(f[hour] ?? '') || h > 23) throw new Error('hour');
        t = parseDate(f[date]) + h * 3600;
      }
    } catch {
      throw new InputError(
        file,
        time >= 0 ? 'time' : 'date, hour',
        time >= 0 ? 'a time like "2027-01-01 00:00:00" (UTC)' : 'a date like "2027-01-01" and an hour 0-23 (UTC)',
        describeFound(shown),
        line,
      );
    }
    if (f[temp] === '' || (rh >= 0 && f[rh] === '')) continue;
    if (epochS.length > 0) followsOn(epochS[epochS.length - 1], t, shown, maxGapS, file, line);
    if (epochS.length === 0) lines[0] = line;
    lines[1] = line;
    epochS.push(t);
    rowLines.push(line);
    // Without a unit, a column in °F (the library's convert writes it under the same name, temp) is refused as a
    // plain CSV's is: a cell only °F or kelvin holds names its unit, and a day averaging above 50 °C is °F.
    if (given === undefined) otherUnit(f[temp], file, line, 'temp');
    dryC.push(deg.toC(number(f[temp], file, line, `a temperature (${deg.symbol})`, deg.range, 'temp')));
    if (rh >= 0) rhPct.push(number(f[rh], file, line, 'a relative humidity (%)', RH_PCT, 'rhum'));
  }
  if (epochS.length === 0) throw new InputError(file, 'temp', 'at least one reading', 'none', lineOf(0));
  if (given === undefined)
    hottestDay(Float64Array.from(epochS), Float64Array.from(dryC), file, 'temp', (r) => rowLines[r]);
  return seriesOf(file, epochS, dryC, rh < 0 ? null : rhPct, lines);
}
