/**
 * NREL's TMY3 CSV: the typical years of the 1991-2005 NSRDB (1,020 US stations, revised 2015), which SAM, HOMER and
 * pvlib's `read_tmy3` read; NREL's MIDC and SolarAnywhere also write measured years in its layout. Wilcox and Marion,
 * "Users Manual for TMY3 Data Sets", NREL/TP-581-43156 (2008), and pvlib.iotools.read_tmy3, which follows it:
 *
 *   723170,"GREENSBORO PIEDMONT TRIAD INT",NC,-5.0,36.100,-79.950,273      (USAF, name, state, time zone, lat, lon, m)
 *   Date (MM/DD/YYYY),Time (HH:MM),ETR (W/m^2),...,Dry-bulb (C),...,RHum (%),...
 *   01/01/1988,01:00,0,0,...                                                (71 columns; 68 before the 2015 revision)
 *
 * Times are local standard time (the time zone of line 1, never daylight saving) and end the hour they stamp: 01:00 is
 * 00:00-01:00 and 24:00 the day's last hour, as an EPW's hours 1-24 (SolarAnywhere writes that hour 00:00 of the next
 * day; both are read). The typical year (each month from another year: 1988's January, 1991's February, ...) is placed
 * by month, day and hour into every simulated year, as an EPW is; a file of one year, or several in order, is a
 * measured series, each hour's value holding through the hour it covers. No fill: the 2015 revision left no value
 * missing, and a value out of range (the NSRDB's -9900) is a one-line error.
 */
import { describeFound, InputError } from '../../model/errors.ts';
import {
  DRY_C,
  number,
  RH_PCT,
  TZ_HOURS,
  type WeatherData,
  dayOfYear,
  followsOn,
  typicalYear,
  wholeYear,
} from './shared.ts';

const DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const TIME = /^(\d{1,2}):(\d{2})$/;

/** A TMY3 file: its second line starts `Date (MM/DD/YYYY),Time (HH:MM)`. */
export function isTmy3(ls: string[][]): boolean {
  const head = ls[1] ?? [];
  return head[0]?.trim() === 'Date (MM/DD/YYYY)' && head[1]?.trim() === 'Time (HH:MM)';
}

export function parseTmy3(ls: string[][], file: string, lineOf: (r: number) => number, maxGapS: number): WeatherData {
  const tzHours = number(ls[0][3], file, lineOf(0), 'a time zone (hours from UTC) in field 4', TZ_HOURS);
  const head = ls[1].map((c) => c.trim());
  const temp = head.indexOf('Dry-bulb (C)');
  const rh = head.indexOf('RHum (%)');
  if (temp < 0)
    throw new InputError(file, '', 'a Dry-bulb (C) column (a TMY3 file)', describeFound(ls[1].join(',')), lineOf(1));
  // Each row: the hour it covers, from its local standard start (ms, read as UTC), and its values.
  const rows: { startMs: number; y: number; m: number; shown: string; line: number; dry: number; rh: number }[] = [];
  for (let r = 2; r < ls.length; r++) {
    const f = ls[r];
    if (f.length === 1 && f[0].trim() === '') continue;
    const line = lineOf(r);
    const shown = `${f[0]?.trim()} ${f[1]?.trim()}`;
    const d = DATE.exec(f[0]?.trim() ?? '');
    const t = TIME.exec(f[1]?.trim() ?? '');
    const [mo, day, y] = d ? [Number(d[1]), Number(d[2]), Number(d[3])] : [0, 0, 0];
    const date = new Date(Date.UTC(y, mo - 1, day));
    if (!d || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== day)
      throw new InputError(file, 'Date (MM/DD/YYYY)', 'a date like "01/31/1988"', describeFound(f[0]), line);
    if (!t || Number(t[2]) !== 0 || Number(t[1]) > 24)
      throw new InputError(
        file,
        'Time (HH:MM)',
        'an hour 01:00-24:00 (each row the hour ending at its time)',
        describeFound(f[1]),
        line,
      );
    rows.push({
      startMs: date.getTime() + (Number(t[1]) - 1) * 3_600_000,
      y,
      m: mo,
      shown,
      line,
      dry: number(f[temp], file, line, 'a dry-bulb temperature (°C)', DRY_C, 'Dry-bulb (C)'),
      rh: rh < 0 ? NaN : number(f[rh], file, line, 'a relative humidity (%)', RH_PCT, 'RHum (%)'),
    });
  }
  if (rows.length === 0) throw new InputError(file, '', 'at least one data row', 'only a header', lineOf(1));
  if (
    typicalYear(
      rows.map((w) => [String(w.y), String(w.m)]),
      0,
      1,
    )
  ) {
    // A typical year: the hour that starts at local hour h of a day is index doy * 24 + h, as an EPW's hour h + 1.
    const dryC = new Float64Array(8760).fill(NaN);
    const rhPct = new Float64Array(8760).fill(NaN);
    for (const w of rows) {
      const s = new Date(w.startMs);
      if (s.getUTCMonth() === 1 && s.getUTCDate() === 29) continue;
      const k = dayOfYear(s.getUTCMonth() + 1, s.getUTCDate()) * 24 + s.getUTCHours();
      if (!Number.isNaN(dryC[k]))
        throw new InputError(file, '', 'one row per month, day and hour', `a second row for ${w.shown}`, w.line);
      dryC[k] = w.dry;
      rhPct[k] = w.rh;
    }
    wholeYear(dryC, file, rows[rows.length - 1].line, 1);
    return { kind: 'typical-year', file, tzHours, dryC, rhPct };
  }
  const epochS = new Float64Array(rows.length);
  rows.forEach((w, i) => {
    const t = w.startMs / 1000 - tzHours * 3600;
    if (i > 0) followsOn(epochS[i - 1], t, w.shown, maxGapS, file, w.line);
    epochS[i] = t;
  });
  return {
    kind: 'series',
    file,
    epochS,
    dryC: Float64Array.from(rows, (w) => w.dry),
    rhPct: rh < 0 ? null : Float64Array.from(rows, (w) => w.rh),
    lines: [rows[0].line, rows[rows.length - 1].line],
  };
}
