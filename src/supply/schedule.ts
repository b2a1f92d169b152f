/**
 * Step schedules for time-varying inputs (prices, carbon intensities): constant, or daily time-of-use periods (an
 * hourly trace file's schedule is src/supply/trace.ts's). A supply asks a schedule for its value now and when it next
 * changes, and schedules an event there: nothing polls.
 */
import * as z from 'zod';
import { quantity } from '../model/units.ts';
import { MONTH_NAMES, monthMask } from '../kernel/calendar.ts';
import type { ZoneOffsets } from '../kernel/zone.ts';
import { timeZoneSchema } from '../model/date.ts';
import { holidaysSchema } from './holidays.ts';

export interface Schedule {
  /** Value at t (seconds since the scenario start). */
  valueAt(t: number): number;
  /** The next time after t at which the value may change; Infinity if never. */
  nextChange(t: number): number;
  /**
   * Whether the value at t is the input's own, not filled in: false for an hour a trace that covers only the run has no
   * row for (before its first or after its last), which reads its first or last row. Absent: always.
   */
  known?(t: number): boolean;
}

export function constant(v: number): Schedule {
  return { valueAt: () => v, nextChange: () => Infinity };
}

export const DAY = 86400;

/** Days of the week as `days` names them, in the order of Date's getUTCDay (0: Sunday). */
export const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const ALL_DAYS = 0x7f;
const ALL_MONTHS = 0xfff;
const WEEKDAYS = 0b0111110;
const WEEKENDS = 0b1000001;

/**
 * A time-of-use period: from `fromS` (seconds after local midnight) it holds `value`, on the days whose weekday is a
 * bit of `days` (bit 0 Sunday) and whose month a bit of `months` (bit 0 January); without a mask, every day or month.
 */
export interface TouPeriod {
  fromS: number;
  value: number;
  days?: number;
  months?: number;
}

/**
 * Daily periods: each `fromS` (seconds after midnight, UTC or the zone's local time) starts a value that holds until
 * the next. In a zone, the period of an instant is that of its local time: a day the clocks go forward lacks the hour
 * skipped, one they go back repeats it. Periods with `days` or `months` apply on the local dates they name only: the
 * value is that of the applicable period started last today, else the previous day's last applicable (every weekday
 * of every month needs one: touSchema checks it).
 */
export function timeOfUse(
  periods: readonly TouPeriod[],
  startEpochS: number,
  zone?: ZoneOffsets,
  /** Is a local day (days since 1970-01-01) a holiday, priced as a Sunday? */
  holiday?: (day: number) => boolean,
): Schedule {
  if (periods.some((p) => p.days !== undefined || p.months !== undefined))
    return seasonalTimeOfUse(periods, startEpochS, zone, holiday);
  const sorted = [...periods].sort((a, b) => a.fromS - b.fromS);
  const daySecond = (t: number): number => {
    const e = startEpochS + t;
    return (((e + (zone ? zone.offsetS(e) : 0)) % DAY) + DAY) % DAY;
  };
  return {
    valueAt(t) {
      const s = daySecond(t);
      let v = sorted[sorted.length - 1].value; // before the first period: yesterday's last
      for (const p of sorted) if (p.fromS <= s) v = p.value;
      return v;
    },
    nextChange(t) {
      const s = daySecond(t);
      const next = sorted.find((p) => p.fromS > s);
      const d = next ? next.fromS - s : DAY - s + sorted[0].fromS;
      if (!zone) return t + d;
      // The local clock's next period start, or sooner the zone's change of offset (the clocks go forward or back).
      const e = startEpochS + t;
      return t + (zone.nextChangeS(e, e + d) - e);
    },
  };
}

/** Does a period apply on a day of weekday `wd` (0 Sunday) in month `m` (0 January)? */
export const appliesOn = (p: TouPeriod, wd: number, m: number): boolean =>
  (((p.days ?? ALL_DAYS) >> wd) & 1) === 1 && (((p.months ?? ALL_MONTHS) >> m) & 1) === 1;

/**
 * Periods filtered by day and month. Time is read as local seconds since 1970-01-01 (a Thursday): its day number
 * gives the weekday and the month. The periods of each of the 84 (month, weekday) kinds of day are listed once.
 */
function seasonalTimeOfUse(
  periods: readonly TouPeriod[],
  startEpochS: number,
  zone?: ZoneOffsets,
  holiday?: (day: number) => boolean,
): Schedule {
  const sorted = [...periods].sort((a, b) => a.fromS - b.fromS);
  const kinds: TouPeriod[][] = [];
  for (let m = 0; m < 12; m++) for (let wd = 0; wd < 7; wd++) kinds.push(sorted.filter((p) => appliesOn(p, wd, m)));
  let monthDay = NaN;
  let month = 0;
  /** The applicable periods of local day `day` (days since 1970-01-01). */
  const ofDay = (day: number): TouPeriod[] => {
    if (day !== monthDay) {
      monthDay = day;
      month = new Date(day * DAY * 1000).getUTCMonth();
    }
    return kinds[month * 7 + (holiday?.(day) ? 0 : (((day + 4) % 7) + 7) % 7)];
  };
  /** The value at local second `l`: today's applicable period started last, else yesterday's last. */
  const valueLocal = (l: number): number => {
    const day = Math.floor(l / DAY);
    const s = l - day * DAY;
    const today = ofDay(day);
    let v: number | undefined;
    for (const p of today) if (p.fromS <= s) v = p.value;
    if (v !== undefined) return v;
    const before = ofDay(day - 1);
    return before[before.length - 1].value;
  };
  const local = (e: number): number => e + (zone ? zone.offsetS(e) : 0);
  return {
    valueAt: (t) => valueLocal(local(startEpochS + t)),
    nextChange(t) {
      const e = startEpochS + t;
      const l = local(e);
      const v = valueLocal(l);
      // The next local period start or midnight (where the day's periods change) at which the value differs; a
      // tariff that holds a value for days is asked again after a week.
      let c = l;
      const limit = l + 8 * DAY;
      while (c < limit) {
        const day = Math.floor(c / DAY);
        const s = c - day * DAY;
        const next = ofDay(day).find((p) => p.fromS > s);
        c = next ? day * DAY + next.fromS : (day + 1) * DAY;
        if (valueLocal(c) !== v) break;
      }
      const d = Math.min(c, limit) - l;
      if (!zone) return t + d;
      // Sooner, the zone's change of offset: past it, local seconds are counted from another offset.
      return t + (zone.nextChangeS(e, e + d) - e);
    },
  };
}

/** A period's `days` as a mask of weekdays (bit 0 Sunday); undefined: every day. */
export function dayMask(
  days: 'weekdays' | 'weekends' | readonly (typeof DAY_NAMES)[number][] | undefined,
): number | undefined {
  if (days === undefined) return undefined;
  if (days === 'weekdays') return WEEKDAYS;
  if (days === 'weekends') return WEEKENDS;
  return days.reduce((m, d) => m | (1 << DAY_NAMES.indexOf(d)), 0);
}

/** "sat, sun in jan, feb" for the (month, weekday) kinds of day in `kinds` (index month x 7 + weekday), grouped. */
function daysText(kinds: number[]): string {
  // Weekdays grouped by the months they lack, in the order of the week from Monday.
  const byDays = new Map<string, number[]>();
  for (const wd of [1, 2, 3, 4, 5, 6, 0]) {
    const months = kinds.filter((k) => k % 7 === wd).map((k) => Math.floor(k / 7));
    if (months.length === 0) continue;
    const key = months.length === 12 ? 'any month' : months.map((m) => MONTH_NAMES[m]).join(', ');
    byDays.set(key, [...(byDays.get(key) ?? []), wd]);
  }
  return [...byDays].map(([months, wds]) => `${wds.map((wd) => DAY_NAMES[wd]).join(', ')} in ${months}`).join('; ');
}

/**
 * A time of day written bare, which YAML (or JSON) reads as a number ('from: 19', 'from: 0700' as 700): the quoted
 * form it means, in the words its refusal gives. Until 8 December 2026 it was told to quote the number as written,
 * "19" or "0700", which the field refuses in turn.
 */
export const clockAsNumber = (iss: { code?: string; input?: unknown }): string | undefined => {
  if (iss.code !== 'invalid_type' || typeof iss.input !== 'number') return undefined;
  const n = iss.input;
  const [h, m] =
    Number.isInteger(n) && n >= 0 && n <= 24
      ? [n, 0]
      : Number.isInteger(n) && n >= 100 && n <= 2400 && n % 100 < 60
        ? [Math.floor(n / 100), n % 100]
        : [7, 0];
  const two = (x: number): string => String(x).padStart(2, '0');
  return `a time of day in quotes, like "${h === 24 && m > 0 ? '07:00' : `${two(h)}:${two(m)}`}" (unquoted, it is a number)`;
};

/**
 * `clockAsNumber` for a start (a period's or a window's `from`), which refuses "24:00": 24 or 2400 is midnight, "00:00".
 * Until 8 December 2026 it was offered "24:00", refused in turn.
 */
export const clockStartAsNumber = (iss: { code?: string; input?: unknown }): string | undefined =>
  clockAsNumber(iss.input === 24 || iss.input === 2400 ? { ...iss, input: 0 } : iss);

export const periodSchema = z.strictObject({
  from: z
    .string({ error: clockStartAsNumber })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day like "07:00"')
    .meta({ description: 'Start of the period, "HH:MM" in `timezone`' }),
  price: quantity('price', { min: 0 }, 'Price in this period'),
  days: z
    .union([z.enum(['weekdays', 'weekends']), z.array(z.enum(DAY_NAMES)).min(1)])
    .optional()
    .meta({
      description:
        'Days the period applies on, by the local date in `timezone`: `weekdays` (Monday to Friday), `weekends` (Saturday and Sunday) or a list like `[sat, sun]`; left out, every day. A day `holidays` names is a Sunday',
    }),
  months: z
    .array(z.union([z.enum(MONTH_NAMES), z.number().int().min(1).max(12)]))
    .min(1)
    .optional()
    .meta({
      description:
        'Months the period applies in, by the local date: a list like `[jun, jul, aug, sep]` or `[6, 7, 8, 9]`; left out, every month',
    }),
});

export const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
/** Seconds after midnight of "HH:MM" ("24:00": the day's end). */
export const clockSeconds = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 3600 + Number(hhmm.slice(3)) * 60;

/** A time-of-use price: daily periods in UTC or a named time zone's local time, each on the days and months it names. */
export const touSchema = z.strictObject({
  timezone: timeZoneSchema.optional().meta({
    description:
      'Time zone of the periods\' starts, days and months: "UTC" (the default), or an IANA name like "America/New_York" (local time, daylight saving included, by the zone rules of the Node that runs it)',
  }),
  holidays: holidaysSchema.optional(),
  periods: z
    .array(periodSchema)
    .min(1)
    .superRefine((periods, ctx) => {
      const masks = periods.map((p) => ({
        days: dayMask(p.days) ?? ALL_DAYS,
        months: monthMask(p.months) ?? ALL_MONTHS,
      }));
      const filtered = periods.some((p) => p.days !== undefined || p.months !== undefined);
      // Two periods from the same time on a same day: one of them holds for no time (the later in the list won, silently).
      periods.forEach((p, i) => {
        const j = periods.findIndex(
          (q, k) =>
            q.from === p.from && (masks[k].days & masks[i].days) !== 0 && (masks[k].months & masks[i].months) !== 0,
        );
        if (j < 0 || j >= i) return;
        const both = { days: masks[i].days & masks[j].days, months: masks[i].months & masks[j].months };
        const on = [];
        for (let m = 0; m < 12; m++)
          for (let wd = 0; wd < 7; wd++) if (((both.days >> wd) & (both.months >> m) & 1) === 1) on.push(m * 7 + wd);
        ctx.addIssue({
          code: 'custom',
          message: filtered
            ? `a start no other period applying on the same day has (periods[${j}] starts at ${p.from} too, on ${daysText(on)})`
            : `a start no other period has (periods[${j}] starts at ${p.from} too)`,
          path: [i, 'from'],
          input: p.from,
        });
      });
      // A day without an applicable period would take no price (or the day before's, which its filters exclude).
      const missing: number[] = [];
      for (let m = 0; m < 12; m++)
        for (let wd = 0; wd < 7; wd++)
          if (!masks.some((k) => ((k.days >> wd) & (k.months >> m) & 1) === 1)) missing.push(m * 7 + wd);
      if (missing.length > 0)
        ctx.addIssue({
          code: 'custom',
          message:
            'a period that applies on every day of every month (one without `days` or `months`, or filters that together cover them)',
          input: periods,
          params: { found: `none on ${daysText(missing)}` },
        });
    })
    .meta({
      description:
        "Daily periods, each holding from its start until the next period that applies that day (before the first, the previous day's last); no two from the same time on a same day, and every day of every month with at least one",
    }),
});
