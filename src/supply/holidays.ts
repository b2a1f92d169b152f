/**
 * Holidays a tariff prices as off-peak days, by local date: a list of dates and named sets computed by rule (no
 * table to go stale). `us-federal`: the eleven legal public holidays of 5 U.S.C. 6103(a) (Juneteenth from 2021),
 * a fixed date falling on a Saturday observed the Friday before and on a Sunday the Monday after (5 U.S.C. 6103(b)
 * and Executive Order 11582), so New Year's Day 2028, a Saturday, is observed on Friday 31 December 2027. `nerc`:
 * NERC's six off-peak holidays (New Year's Day, Memorial Day, Independence Day, Labor Day, Thanksgiving, Christmas),
 * a fixed date on a Sunday moved to the Monday, one on a Saturday not moved (NERC, "Additional Off-Peak Days").
 */
import * as z from 'zod';

const DAY = 86400;

/** Local day number (days since 1970-01-01) of a date. */
const dayOf = (y: number, m: number, d: number): number => Date.UTC(y, m, d) / (DAY * 1000);
/** Weekday (0 Sunday) of a day number. */
const weekday = (day: number): number => (((day + 4) % 7) + 7) % 7;
/** The `n`th (1-based; -1: last) weekday `wd` of month `m` of year `y`, as a day number. */
function nthWeekday(y: number, m: number, wd: number, n: number): number {
  if (n < 0) {
    const last = dayOf(y, m + 1, 0);
    return last - ((weekday(last) - wd + 7) % 7);
  }
  const first = dayOf(y, m, 1);
  return first + ((wd - weekday(first) + 7) % 7) + 7 * (n - 1);
}

const HOLIDAY_SETS = ['us-federal', 'nerc'] as const;
export type HolidaySet = (typeof HOLIDAY_SETS)[number];

/** The days a set's holidays of year `y` are observed on (day numbers; 1 January on a Saturday: 31 December before). */
export function holidaysOf(set: HolidaySet, y: number): number[] {
  const MON = 1;
  const THU = 4;
  if (set === 'nerc') {
    const sundayToMonday = (d: number): number => (weekday(d) === 0 ? d + 1 : d);
    return [
      sundayToMonday(dayOf(y, 0, 1)),
      nthWeekday(y, 4, MON, -1),
      sundayToMonday(dayOf(y, 6, 4)),
      nthWeekday(y, 8, MON, 1),
      nthWeekday(y, 10, THU, 4),
      sundayToMonday(dayOf(y, 11, 25)),
    ];
  }
  const observed = (d: number): number => (weekday(d) === 6 ? d - 1 : weekday(d) === 0 ? d + 1 : d);
  return [
    observed(dayOf(y, 0, 1)),
    nthWeekday(y, 0, MON, 3), // Birthday of Martin Luther King, Jr.
    nthWeekday(y, 1, MON, 3), // Washington's Birthday
    nthWeekday(y, 4, MON, -1), // Memorial Day
    ...(y >= 2021 ? [observed(dayOf(y, 5, 19))] : []), // Juneteenth National Independence Day
    observed(dayOf(y, 6, 4)),
    nthWeekday(y, 8, MON, 1), // Labor Day
    nthWeekday(y, 9, MON, 2), // Columbus Day
    observed(dayOf(y, 10, 11)), // Veterans Day
    nthWeekday(y, 10, THU, 4), // Thanksgiving Day
    observed(dayOf(y, 11, 25)),
  ];
}

/** A date "YYYY-MM-DD" that exists. */
function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** `holidays: [us-federal, "2027-12-24"]`: named sets and dates. */
export const holidaysSchema = z
  .array(
    z
      .string()
      .refine(
        (s) => (HOLIDAY_SETS as readonly string[]).includes(s) || isDate(s),
        `a holiday set (${HOLIDAY_SETS.join(', ')}) or a date that exists, like "2027-12-24"`,
      ),
  )
  .min(1)
  .meta({
    description:
      'Days priced as Sundays (off-peak: `days: weekdays` excludes them), by the local date in `timezone`: named sets computed by rule, `us-federal` (the eleven federal holidays, a Saturday observed the Friday before, a Sunday the Monday after) or `nerc` (NERC\'s six off-peak holidays, a Sunday observed the Monday after), and dates like "2027-12-24"',
  });

/** Is a local day number a holiday? Undefined without holidays. */
export function holidayTest(holidays: readonly string[] | undefined): ((day: number) => boolean) | undefined {
  if (!holidays) return undefined;
  const dates = new Set<number>();
  const sets: HolidaySet[] = [];
  for (const h of holidays) {
    if ((HOLIDAY_SETS as readonly string[]).includes(h)) sets.push(h as HolidaySet);
    else {
      const [y, m, d] = h.split('-').map(Number);
      dates.add(dayOf(y, m - 1, d));
    }
  }
  const years = new Set<number>();
  const load = (y: number): void => {
    if (years.has(y)) return;
    years.add(y);
    for (const s of sets) for (const d of holidaysOf(s, y)) dates.add(d);
  };
  return (day) => {
    const y = new Date(day * DAY * 1000).getUTCFullYear();
    load(y);
    load(y + 1); // next year's 1 January, a Saturday, is observed on this year's 31 December
    return dates.has(day);
  };
}
