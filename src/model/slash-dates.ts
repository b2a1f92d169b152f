/**
 * Timestamps written month/day/year or day/month/year with a clock time, as US downloads and spreadsheets write them
 * (PJM Data Miner 2, EIA-930, a spreadsheet's CSV): read by the traces (src/supply/trace.ts) and the weather
 * (src/facility/weather-file.ts), the day order settled once by the whole column.
 */
import { parseDate } from '../kernel/time.ts';
import { InputError } from './errors.ts';

const HOUR = 3600;

/**
 * A timestamp written month/day/year or day/month/year with a clock time, 12-hour with AM/PM ("1/1/2022 5:00:00 AM",
 * PJM Data Miner 2; "01/01/2022 1:00:00 AM", EIA-930) or 24-hour ("1/1/2022 17:00", a spreadsheet's): fields a/b/year,
 * hour, minute, second, AM/PM.
 */
export const SLASH = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]\.?M\.?)?$/i;

/** Which field of a slash timestamp is the month: the first (1/13/2022, US) or the second (13/1/2022). */
export type DayOrder = 'month-first' | 'day-first';

/**
 * A slash timestamp as the ISO text parseDate reads ("2022-01-01 05:00:00", no zone: UTC); an hour outside 1-12 with
 * AM/PM throws, and parseDate refuses a month past 12 or a day past its month's.
 */
export function slashIso(m: RegExpExecArray, order: DayOrder): string {
  const [, a, b, y, hs, mi, ss, ampm] = m;
  let h = Number(hs);
  if (ampm !== undefined) {
    if (h < 1 || h > 12) throw new Error(`no hour ${hs} ${ampm}`);
    h = (h % 12) + (ampm[0].toUpperCase() === 'P' ? 12 : 0);
  }
  const [mo, d] = order === 'month-first' ? [a, b] : [b, a];
  const two = (s: string | number) => String(s).padStart(2, '0');
  return `${y}-${two(mo)}-${two(d)} ${two(h)}:${mi}:${ss ?? '00'}`;
}

/**
 * The day order of a column of slash timestamps, from the column itself: a first field above 12 somewhere is a day
 * (day first), a second field above 12 a day (month first); with neither, the reading whose rows step an hour
 * apart more often (across a day's end only the right reading steps an hour). Readings that fit alike (a single day)
 * are a one-line error naming the ambiguity and the form to give instead.
 */
export function slashOrder(cells: readonly string[], lines: readonly number[], file: string, field: string): DayOrder {
  let firstOver = -1;
  let secondOver = -1;
  const parsed: (RegExpExecArray | null)[] = cells.map((c) => SLASH.exec(c.trim()));
  parsed.forEach((m, i) => {
    if (!m) return;
    if (firstOver < 0 && Number(m[1]) > 12) firstOver = i;
    if (secondOver < 0 && Number(m[2]) > 12) secondOver = i;
  });
  if (firstOver >= 0 && secondOver >= 0)
    throw new InputError(
      file,
      field,
      `dates in one order (line ${lines[firstOver]} is day/month/year)`,
      `${JSON.stringify(cells[secondOver])}, month/day/year`,
      lines[secondOver],
    );
  if (firstOver >= 0) return 'day-first';
  if (secondOver >= 0) return 'month-first';
  // Within a day both readings step an hour; from one day to the next only the right one does.
  const steps = (order: DayOrder): number => {
    let n = 0;
    let prev = NaN;
    for (const m of parsed) {
      let t = NaN;
      try {
        if (m) t = parseDate(slashIso(m, order));
      } catch {}
      if (Math.abs(t - prev) === HOUR) n++;
      prev = t;
    }
    return n;
  };
  const mf = steps('month-first');
  const df = steps('day-first');
  if (mf !== df) return mf > df ? 'month-first' : 'day-first';
  const i = Math.max(
    0,
    parsed.findIndex((m) => m !== null && m[1] !== m[2]),
  );
  throw new InputError(
    file,
    field,
    `dates whose order the column settles (a day above 12, or hours that step only one way); give ISO UTC timestamps like "2022-01-02 05:00:00+00:00"`,
    `${JSON.stringify(cells[i])}, which reads as month/day/year and as day/month/year alike`,
    lines[i],
  );
}

/** A day written month/day/year ("07/14/2026", "3/9/2024"), as US ISOs write them: its UTC midnight, epoch seconds. */
export const MONTH_DAY_YEAR = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** The UTC midnight of a month/day/year day, epoch seconds; undefined for text that is no such day ("02/30/2024"). */
export function monthDayYear(text: string): number | undefined {
  const m = MONTH_DAY_YEAR.exec(text);
  if (!m) return undefined;
  const [mo, d, y] = m.slice(1).map(Number);
  const t = Date.UTC(y, mo - 1, d) / 1000;
  const back = new Date(t * 1000);
  return back.getUTCDate() === d && back.getUTCMonth() === mo - 1 ? t : undefined;
}
