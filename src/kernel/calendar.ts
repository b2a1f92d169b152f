/**
 * Calendar periods of a run: months and years counted from the start date
 * (on the start's day of the month, clamped to the month's last day), so a
 * run starting on 1 January has calendar months and years, and one starting
 * on the 15th has billing months from the 15th. A year is twelve of them.
 */

/** Epoch seconds of `epochS` moved by `months` calendar months (UTC), the day clamped to the month's length. */
export function addMonths(epochS: number, months: number): number {
  const d = new Date(epochS * 1000);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const target = new Date(
    Date.UTC(2000, 0, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()),
  );
  target.setUTCFullYear(y + Math.floor(m / 12), ((m % 12) + 12) % 12, 1);
  const last = new Date(Date.UTC(2000, 0, 1));
  last.setUTCFullYear(target.getUTCFullYear(), target.getUTCMonth() + 1, 0);
  target.setUTCDate(Math.min(d.getUTCDate(), last.getUTCDate()));
  return target.getTime() / 1000;
}

export interface Period {
  /** Offsets from the run's start, s. */
  startS: number;
  endS: number;
  /** The period's full length, s (longer than endS - startS when the run ends inside it). */
  lengthS: number;
}

/**
 * The months a run of `durationS` from `startEpochS` touches: each one's
 * offsets, clipped to the run, and its full length.
 */
export function monthsOf(startEpochS: number, durationS: number): Period[] {
  const out: Period[] = [];
  for (let k = 0; ; k++) {
    const a = addMonths(startEpochS, k) - startEpochS;
    if (a >= durationS) break;
    const b = addMonths(startEpochS, k + 1) - startEpochS;
    out.push({ startS: a, endS: Math.min(b, durationS), lengthS: b - a });
  }
  return out;
}

/**
 * A tariff's billing months in its time zone: the run's months (monthsOf) read on the zone's clock, so a run from
 * 1 June bills June from 1 June 00:00 local (07:00 UTC in Los Angeles), as a utility bills by local dates. Each month
 * between two others starts at the instant whose local date and time are the run's month's UTC ones (`offsetS`: the
 * zone's local time minus UTC at an instant); the first starts at the run's start and the last ends at its end, so
 * west of UTC the first month takes the run's first hours (the local evening before), and east of it the last takes
 * the run's last (the local morning after). Each keeps its month's full length, as the run's month it is billed with.
 */
export function billingMonths(
  startEpochS: number,
  months: readonly Period[],
  offsetS: (epochS: number) => number,
): Period[] {
  // The instant whose local clock reads `wall` (epoch s read as UTC); where the clock skips it (Chile moves from 00:00
  // to 01:00), the change itself.
  const local = (wall: number): number => {
    const u = wall - offsetS(wall - offsetS(wall));
    return u + offsetS(u) === wall ? u : Math.max(u, wall - offsetS(u));
  };
  const starts = months.map((p, k) => (k === 0 ? 0 : local(startEpochS + p.startS) - startEpochS));
  return months.map((p, k) => ({
    startS: starts[k],
    endS: k + 1 < months.length ? starts[k + 1] : p.endS,
    lengthS: p.lengthS,
  }));
}

/** Whole project years in a run: the least n with start + n years at or after the end. */
export function yearsOf(startEpochS: number, durationS: number): number {
  let n = 1;
  while (addMonths(startEpochS, 12 * n) - startEpochS < durationS) n++;
  return n;
}

/**
 * Project years from the start to `offsetS` seconds after it: whole years of twelve months (as yearly.csv's rows) and
 * the share of the year it falls in, so an anniversary of the start is a whole number, a 29 February between or not.
 */
export function yearsTo(startEpochS: number, offsetS: number): number {
  let k = 0;
  while (addMonths(startEpochS, 12 * (k + 1)) - startEpochS <= offsetS) k++;
  const a = addMonths(startEpochS, 12 * k) - startEpochS;
  const b = addMonths(startEpochS, 12 * (k + 1)) - startEpochS;
  return k + (offsetS - a) / (b - a);
}

/** Seconds from the start to `years` project years after it: the inverse of yearsTo. */
export function secondsTo(startEpochS: number, years: number): number {
  const k = Math.floor(years);
  const a = addMonths(startEpochS, 12 * k) - startEpochS;
  const b = addMonths(startEpochS, 12 * (k + 1)) - startEpochS;
  return a + (years - k) * (b - a);
}

/**
 * The part of each project year (twelve months from the start) the run holds, 0-1: 1 for each whole year, the
 * last year's clipped length over its full length when the run ends inside it.
 */
export function yearShares(startEpochS: number, durationS: number): number[] {
  const out: number[] = [];
  for (let k = 0; ; k++) {
    const a = addMonths(startEpochS, 12 * k) - startEpochS;
    if (a >= durationS) return out;
    const b = addMonths(startEpochS, 12 * (k + 1)) - startEpochS;
    out.push(b <= durationS ? 1 : (durationS - a) / (b - a));
  }
}

/** Months as `months` names them (bit 0: January). */
export const MONTH_NAMES = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
] as const;

/** A list of months (`months` of a price's period, a window, a ratchet's `set_in`) as a mask (bit 0 January); undefined: every month. */
export function monthMask(months: readonly ((typeof MONTH_NAMES)[number] | number)[] | undefined): number | undefined {
  if (months === undefined) return undefined;
  return months.reduce<number>((m, x) => m | (1 << (typeof x === 'number' ? x - 1 : MONTH_NAMES.indexOf(x))), 0);
}

/** The months of any of several lists, as a mask; undefined (every month) when any list is. */
export function monthsOfAny(lists: readonly Parameters<typeof monthMask>[0][]): number | undefined {
  const masks = lists.map(monthMask);
  return masks.includes(undefined) ? undefined : masks.reduce<number>((a, m) => a | (m ?? 0), 0);
}

/** How many months a mask (monthMask) holds: a month named twice, as `jun` and 6, is one. */
export function monthCount(mask: number): number {
  let n = 0;
  for (let m = mask; m; m &= m - 1) n++;
  return n;
}
