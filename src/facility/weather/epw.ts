/**
 * EnergyPlus weather (EPW) files: the LOCATION line (its time zone), the header lines to DATA PERIODS, then a typical
 * year of hourly rows, each placed by its month, day and hour (1-24, the hour ending then) in local standard time. A
 * missing dry-bulb (99.9) is an error; a missing humidity (999) holds the previous hour's.
 */
import { decimalCell, parseCsv } from '../../model/csv-parse.ts';
import { InputError, describeFound } from '../../model/errors.ts';
import { DRY_C, RH_PCT, TZ_HOURS, type TypicalYear, dayOfYear, number, wholeYear } from './shared.ts';

/** The data fields read, by their place in an EPW row (1-based, as the EnergyPlus Auxiliary Programs guide numbers them). */
const FIELD = { month: 'field 2', day: 'field 3', hour: 'field 4', dryBulb: 'field 7', rh: 'field 9' } as const;

export function parseEpw(text: string, file: string): TypicalYear {
  const { rows: ls, line: lineOf } = parseCsv(text, ',', file);
  const header = ls.findIndex((l) => l[0] === 'DATA PERIODS');
  if (ls[0]?.[0] === 'LOCATION' && header < 0) {
    // The LOCATION line is there: say what is missing, where the data rows begin, not that line 1 was found.
    const first = ls.findIndex((l) => /^\s*\d/.test(l[0] ?? ''));
    const at = first < 0 ? ls.length - 1 : first;
    throw new InputError(
      file,
      '',
      'a DATA PERIODS line (the last of the header lines, before the hourly rows)',
      first < 0 ? 'no data rows' : describeFound(ls[first].join(',')),
      lineOf(at),
    );
  }
  if (ls[0]?.[0] !== 'LOCATION') {
    throw new InputError(
      file,
      '',
      'an EnergyPlus weather file (LOCATION ... DATA PERIODS header)',
      describeFound(ls[0]?.join(',') ?? ''),
      1,
    );
  }
  // Every zone in use is within -12 to +14 hours: a zone in minutes (-300) or with a slipped field shifted the year silently.
  const tzHours = number(ls[0][8], file, 1, 'a time zone (hours from UTC)', TZ_HOURS, 'LOCATION field 9');
  const perHour = ls[header][2];
  if (perHour !== undefined && perHour.trim() !== '1') {
    throw new InputError(
      file,
      'DATA PERIODS field 3',
      '1 record an hour (hourly data)',
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
    // A blank line (an editor's at the end of the file) is passed over, as the CSV readers pass it over.
    if (f.length === 1 && f[0].trim() === '') continue;
    if (f.length < 9)
      throw new InputError(
        file,
        '',
        'an hourly data row of at least 9 fields',
        `${f.length} field${f.length === 1 ? '' : 's'}`,
        line,
      );
    const month = number(f[1], file, line, 'a month (1-12)', undefined, FIELD.month);
    const day = number(f[2], file, line, 'a day of the month', undefined, FIELD.day);
    const hour = number(f[3], file, line, 'an hour (1-24)', undefined, FIELD.hour);
    const feb29 = month === 2 && day === 29;
    const doy = dayOfYear(month, day);
    if (doy < 0 && !feb29)
      throw new InputError(file, `${FIELD.month}, ${FIELD.day}`, 'a day of a 365-day year', `${f[1]}/${f[2]}`, line);
    if (!(hour >= 1 && hour <= 24 && Number.isInteger(hour)))
      throw new InputError(file, FIELD.hour, 'an hour (1-24)', describeFound(f[3]), line);
    // A real (leap) year's 29 February: the typical year has none (a run's 29 February reads 28 February's). Its rows
    // are read as any row, so a malformed one is refused (it passed unread), and then left out; a missing value there
    // (99.9, 999) is no error, as nothing reads it.
    if (feb29) {
      if (decimalCell(f[6]) !== 99.9) number(f[6], file, line, 'a dry-bulb temperature (°C)', DRY_C, FIELD.dryBulb);
      if (decimalCell(f[8]) !== 999) number(f[8], file, line, 'a relative humidity (%)', RH_PCT, FIELD.rh);
      continue;
    }
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
      throw new InputError(file, FIELD.dryBulb, 'a dry-bulb temperature (°C)', '99.9 (EPW missing value)', line);
    const t = number(f[6], file, line, 'a dry-bulb temperature (°C)', DRY_C, FIELD.dryBulb);
    let rh = decimalCell(f[8]) === 999 ? 999 : number(f[8], file, line, 'a relative humidity (%)', RH_PCT, FIELD.rh);
    if (rh >= 999) {
      if (Number.isNaN(prevRh))
        throw new InputError(
          file,
          FIELD.rh,
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
