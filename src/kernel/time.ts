/** Durations in seconds, and absolute dates as epoch seconds UTC. */

export const SECONDS = {
  minute: 60,
  hour: 3600,
  day: 86400,
  week: 604800,
  year: 31536000, // 365 days
  month: 2628000, // a twelfth of that year
} as const;

const UNITS: Record<string, number> = {
  ms: 1e-3,
  msec: 1e-3,
  millisecond: 1e-3,
  milliseconds: 1e-3,
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hrs: 3600,
  hour: 3600,
  hours: 3600,
  d: 86400,
  day: 86400,
  days: 86400,
  w: 604800,
  wk: 604800,
  wks: 604800,
  week: 604800,
  weeks: 604800,
  mo: SECONDS.month,
  mon: SECONDS.month,
  month: SECONDS.month,
  months: SECONDS.month,
  y: SECONDS.year,
  yr: SECONDS.year,
  yrs: SECONDS.year,
  year: SECONDS.year,
  years: SECONDS.year,
};

const DURATION_EXAMPLE = 'a duration like "90s", "15m", "36h", "30d", "1y" (or seconds as a number)';
const TERM = /\s*(\d+(?:\.\d*)?|\.\d+)(?:e([+-]?\d+))?\s*([a-z]*)/iy;

/**
 * Seconds from a number of seconds or a string such as "90s", "15 min", "1.5h",
 * "24mo", "500ms", or a sum of terms like "1d 2h" (what formatDuration writes).
 * A bare number string is seconds.
 */
export function parseDuration(text: string | number): number {
  if (typeof text === 'number') {
    if (!Number.isFinite(text) || text < 0) {
      throw new Error(`Expected ${DURATION_EXAMPLE}, found ${text}`);
    }
    return text;
  }
  if (typeof text !== 'string') {
    throw new Error(`Expected ${DURATION_EXAMPLE}, found ${describe(text)}`);
  }
  const body = text.trim();
  const fail = (why: string): never => {
    throw new Error(`Expected ${DURATION_EXAMPLE}, found ${JSON.stringify(text)}${why}`);
  };
  if (body === '') fail(' (empty)');
  if (body.startsWith('-')) fail(' (durations cannot be negative)');
  let total = 0;
  let terms = 0;
  let bare = false;
  TERM.lastIndex = 0;
  while (TERM.lastIndex < body.length) {
    const m = TERM.exec(body);
    if (m === null) fail('');
    const [, digits, exp, unitText] = m!;
    const value = Number(exp === undefined ? digits : `${digits}e${exp}`);
    let unit = 1;
    if (unitText === '') {
      bare = true;
    } else {
      // Units are read in any case ("2H"), but "M" alone is minutes to some and months to others (ISO 8601's P9M).
      if (unitText === 'M') fail(` ${AMBIGUOUS_M}`);
      const u = UNITS[unitText.toLowerCase()];
      if (u === undefined) fail(` (unknown unit "${unitText}")`);
      unit = u;
    }
    total += value * unit;
    terms++;
  }
  if (bare && terms > 1) fail(' (every part of a compound duration needs a unit)');
  if (!Number.isFinite(total)) fail(' (too large)');
  return total;
}

function describe(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

const FORMAT_UNITS: [string, number][] = [
  ['y', SECONDS.year],
  ['d', SECONDS.day],
  ['h', SECONDS.hour],
  ['m', SECONDS.minute],
  ['s', 1],
];

/**
 * Compact human form: the two largest non-zero units, the smaller one rounded
 * ("1d 2h", "15m", "2y 30d"); under a minute, three significant figures ("3.2s",
 * "500ms"). parseDuration reads it back.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  if (seconds < 0) return `-${formatDuration(-seconds)}`;
  if (seconds === 0) return '0s';
  if (seconds < 1) {
    const ms = Number((seconds * 1000).toPrecision(3));
    if (ms < 1000) return `${ms}ms`;
    seconds = 1;
  }
  if (seconds < 60) {
    const s = Number(seconds.toPrecision(3));
    if (s < 60) return `${s}s`;
    seconds = 60;
  }
  // Round to the second-largest unit first, then split: rounding may carry upwards
  // (59m 59.9s -> 1h), and leaves at most two non-zero units.
  let top = 0;
  while (seconds < FORMAT_UNITS[top][1]) top++;
  const grain = FORMAT_UNITS[Math.min(top + 1, FORMAT_UNITS.length - 1)][1];
  let rest = Math.round(seconds / grain) * grain;
  const parts: string[] = [];
  for (const [name, size] of FORMAT_UNITS) {
    if (size < grain) break;
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n}${name}`);
  }
  return parts.join(' ');
}

/** Why a duration in "M" is refused: the end of parseDuration's message, which a model's error repeats. */
export const AMBIGUOUS_M = '("M" is minutes or months: write "min" or "mo")';

/**
 * A time's zone as files write it: Z, UTC (BigQuery's and R's "2027-01-01 06:00:00 UTC") or an offset, "+05:30",
 * "+0530" or an hour alone, "-05" (PostgreSQL's timestamptz). A regular expression's source, for the patterns
 * that end in one.
 */
export const ZONE = String.raw`(?:Z|UTC|[+-]\d\d(?::?\d\d)?)`;

/** Seconds east of UTC of a ZONE ("+05:45" is 20,700; "Z", "UTC" or none 0); NaN for an offset no clock has ("+24"). */
export function zoneOffsetS(zone: string | undefined): number {
  if (zone === undefined || !/^[+-]/.test(zone)) return 0;
  const digits = zone.slice(1).replace(':', '');
  const oh = Number(digits.slice(0, 2));
  const om = Number(digits.slice(2) || '0');
  if (oh > 23 || om > 59) return Number.NaN;
  return (zone[0] === '-' ? -1 : 1) * (oh * 3600 + om * 60);
}

const DATE = new RegExp(
  String.raw`^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(${ZONE})?$`,
  'i',
);
const DATE_EXAMPLE = 'a UTC date like "2027-01-01", "2027-01-01T06:00" or "2027-01-01 06:00:00Z"';

/** A date of the right form that names no instant; `reason` says why in a few words ("2023-02 has 28 days", "no hour 24"). */
export class CalendarError extends Error {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

/** Epoch seconds UTC from "2027-01-01", "2027-01-01T06:00[:00][Z]" (or any ZONE) or a Date; no zone means UTC. */
export function parseDate(text: string | Date): number {
  if (text instanceof Date) {
    const ms = text.getTime();
    if (Number.isNaN(ms)) throw new Error(`Expected ${DATE_EXAMPLE}, found an invalid Date`);
    return ms / 1000;
  }
  if (typeof text !== 'string') throw new Error(`Expected ${DATE_EXAMPLE}, found ${describe(text)}`);
  const m = DATE.exec(text.trim());
  if (m === null) throw new Error(`Expected ${DATE_EXAMPLE}, found ${JSON.stringify(text)}`);
  const [, ys, mos, ds, hs, mis, ss, frac, zone] = m;
  const y = Number(ys);
  const mo = Number(mos);
  const d = Number(ds);
  const h = hs === undefined ? 0 : Number(hs);
  const mi = mis === undefined ? 0 : Number(mis);
  const s = ss === undefined ? 0 : Number(ss);
  const bad = (what: string): never => {
    throw new CalendarError(`Expected ${DATE_EXAMPLE}, found ${JSON.stringify(text)} (${what})`, what);
  };
  if (mo < 1 || mo > 12) bad(`no month ${mo}`);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const monthDays = mo === 2 ? (leap ? 29 : 28) : [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  if (d < 1 || d > monthDays) bad(`${ys}-${mos} has ${monthDays} days`);
  if (h > 23) bad(`no hour ${h}`);
  if (mi > 59) bad(`no minute ${mi}`);
  if (s > 59) bad(`no second ${s}`);
  // An hour alone after a date alone ("2027-01-05-05") reads as a day twice, a typo more than an offset.
  if (hs === undefined && zone !== undefined && /^[+-]\d\d$/.test(zone))
    throw new Error(`Expected ${DATE_EXAMPLE}, found ${JSON.stringify(text)}`);
  const offset = zoneOffsetS(zone);
  if (Number.isNaN(offset)) bad(`no offset ${zone}`);
  // Date.UTC maps years 0-99 to 1900-1999; set the year explicitly instead.
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s));
  date.setUTCFullYear(y);
  return date.getTime() / 1000 + (frac === undefined ? 0 : Number(frac)) - offset;
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
let cachedDay = NaN;
let cachedDayText = '';

/** "YYYY-MM-DD HH:MM:SS" UTC, seconds truncated down. Runs once per CSV row, so the date part is cached. */
export function formatTimestamp(epochSeconds: number): string {
  if (!Number.isFinite(epochSeconds)) {
    throw new RangeError(`formatTimestamp: expected finite epoch seconds, found ${epochSeconds}`);
  }
  const whole = Math.floor(epochSeconds);
  const day = Math.floor(whole / 86400);
  if (day !== cachedDay) {
    cachedDay = day;
    const d = new Date(day * 86400000);
    const y = d.getUTCFullYear();
    const ys = y >= 0 ? String(y).padStart(4, '0') : `-${String(-y).padStart(4, '0')}`;
    cachedDayText = `${ys}-${TWO_DIGITS[d.getUTCMonth() + 1]}-${TWO_DIGITS[d.getUTCDate()]}`;
  }
  let rest = whole - day * 86400;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const mi = Math.floor(rest / 60);
  return `${cachedDayText} ${TWO_DIGITS[h]}:${TWO_DIGITS[mi]}:${TWO_DIGITS[rest - mi * 60]}`;
}

/**
 * Date's toISOString ("2027-01-01T00:00:00.000Z", UTC, milliseconds), written here: toISOString's
 * first call loads time zone data from ICU, 0.6-0.9 MiB of a process's memory, where these UTC
 * getters need none. Years outside 0-9999 (toISOString's six-digit years) and an invalid time
 * (its RangeError) are left to toISOString.
 */
export function isoTimestamp(epochMs: number): string {
  const d = new Date(epochMs);
  const y = d.getUTCFullYear();
  if (!(y >= 0 && y <= 9999)) return d.toISOString();
  const ms = d.getUTCMilliseconds();
  return (
    `${String(y).padStart(4, '0')}-${TWO_DIGITS[d.getUTCMonth() + 1]}-${TWO_DIGITS[d.getUTCDate()]}` +
    `T${TWO_DIGITS[d.getUTCHours()]}:${TWO_DIGITS[d.getUTCMinutes()]}:${TWO_DIGITS[d.getUTCSeconds()]}` +
    `.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`
  );
}
