import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  SECONDS,
  formatDuration,
  formatTimestamp,
  isoTimestamp,
  parseDate,
  parseDuration,
} from '../../src/kernel/time.ts';

describe('SECONDS', () => {
  it('has a 365-day year and a month of a twelfth of it', () => {
    expect(SECONDS).toEqual({ minute: 60, hour: 3600, day: 86400, week: 604800, year: 31536000, month: 2628000 });
  });
});

describe('parseDuration', () => {
  it.each([
    [90, 90],
    [0, 0],
    ['90s', 90],
    ['90', 90],
    ['15m', 900],
    ['15 min', 900],
    ['15 minutes', 900],
    ['36h', 129600],
    ['30d', 2592000],
    ['2w', 1209600],
    ['24mo', 24 * 2628000],
    ['1y', 31536000],
    ['3 years', 3 * 31536000],
    ['1.5h', 5400],
    ['.5h', 1800],
    ['500ms', 0.5],
    ['1e3s', 1000],
    ['  2H ', 7200],
    ['1d 2h', 93600],
    ['1h30m', 5400],
  ] as const)('%j is %d s', (text, seconds) => {
    expect(parseDuration(text)).toBeCloseTo(seconds, 9);
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['-5m', /negative/],
    ['5 parsecs', /unknown unit "parsecs"/],
    // 9M ran as nine minutes: a fusion slip meant as nine months was none.
    ['9M', /found "9M" \("M" is minutes or months: write "min" or "mo"\)$/],
    ['1d 2M', /"M" is minutes or months/],
    ['NaN', /found "NaN"/],
    ['Infinity', /found "Infinity"/],
    ['1h 30', /needs a unit/],
    ['h', /found "h"/],
    ['1,5h', /found "1,5h"/],
    ['1e999s', /too large/],
    [-1, /found -1/],
    [NaN, /found NaN/],
    [Infinity, /found Infinity/],
  ] as const)('rejects %s, saying what it expected and found', (text, found) => {
    expect(() => parseDuration(text)).toThrow(/a duration like "90s", "15m", "36h", "30d", "1y"/);
    expect(() => parseDuration(text)).toThrow(found);
  });

  it('rejects values that are not strings or numbers', () => {
    expect(() => parseDuration(null as unknown as string)).toThrow(/found null/);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [0.5, '500ms'],
    [0.0015, '1.5ms'],
    [3.2, '3.2s'],
    [59.95, '1m'],
    [90, '1m 30s'],
    [900, '15m'],
    [3599.9, '1h'],
    [93600, '1d 2h'],
    [90061, '1d 1h'],
    [172799, '2d'],
    [31536000 + 30 * 86400, '1y 30d'],
    [-900, '-15m'],
  ] as const)('%d s is %s', (s, text) => {
    expect(formatDuration(s)).toBe(text);
  });

  it('parses back to within the rounding of its second unit', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 1e10, noNaN: true }), (s) => {
        const back = parseDuration(formatDuration(s));
        const grain = s < 60 ? s * 0.005 : s < 3600 ? 0.5 : s < 86400 ? 30 : s < 31536000 ? 1800 : 43200;
        expect(Math.abs(back - s)).toBeLessThanOrEqual(grain + 1e-9 * s);
      }),
    );
  });

  it('round-trips exactly for whole numbers of its units', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 364 }), fc.integer({ min: 0, max: 23 }), (d, h) => {
        const s = d * 86400 + h * 3600;
        expect(parseDuration(formatDuration(s))).toBe(s);
      }),
    );
  });
});

describe('parseDate', () => {
  const jan1 = Date.UTC(2027, 0, 1) / 1000;
  it.each([
    ['2027-01-01', jan1],
    ['2027-01-01T06:00', jan1 + 6 * 3600],
    ['2027-01-01 06:00:00', jan1 + 6 * 3600],
    ['2027-01-01T06:00:00Z', jan1 + 6 * 3600],
    ['2027-01-01T06:00Z', jan1 + 6 * 3600],
    ['2027-01-01t06:00:30z', jan1 + 6 * 3600 + 30],
    ['2027-01-01T06:00:00.5Z', jan1 + 6 * 3600 + 0.5],
    ['2027-01-01T06:00+01:00', jan1 + 5 * 3600],
    ['2027-01-01T06:00-0230', jan1 + 8.5 * 3600],
    // PostgreSQL writes a timestamptz with an hour-only offset, BigQuery and R a UTC time with ' UTC' after it.
    ['2027-01-01 06:00:00+00', jan1 + 6 * 3600],
    ['2027-01-01 06:00:00+05', jan1 + 3600],
    ['2027-01-01 06:00:00-03', jan1 + 9 * 3600],
    ['2027-01-01 06:00:00 UTC', jan1 + 6 * 3600],
    ['2027-01-01 06:00:00.5 UTC', jan1 + 6 * 3600 + 0.5],
    ['2027-01-01 06:00 utc', jan1 + 6 * 3600],
    ['2024-02-29', Date.UTC(2024, 1, 29) / 1000],
    ['2000-02-29', Date.UTC(2000, 1, 29) / 1000],
    // Date.UTC would read year 50 as 1950.
    ['0050-06-01', new Date(0).setUTCFullYear(50, 5, 1) / 1000],
  ] as const)('%s', (text, epoch) => {
    expect(parseDate(text)).toBe(epoch);
  });

  it('accepts a Date (as YAML may hand one over)', () => {
    expect(parseDate(new Date('2027-01-01T00:00:00Z'))).toBe(jan1);
    expect(() => parseDate(new Date('nope'))).toThrow(/invalid Date/);
  });

  it.each([
    ['2027-02-30', /2027-02 has 28 days/],
    ['2023-02-29', /has 28 days/],
    ['1900-02-29', /has 28 days/],
    ['2027-04-31', /has 30 days/],
    ['2027-00-10', /no month 0/],
    ['2027-13-01', /no month 13/],
    ['2027-01-00', /has 31 days/],
    ['2027-01-01T24:00', /no hour 24/],
    ['2027-01-01T06:60', /no minute 60/],
    ['2027-01-01T06:00:60', /no second 60/],
    ['2027-01-01T06:00+25:00', /no offset/],
    ['2027-01-01T06:00+24', /no offset/],
    ['2027-01-01T06:00+05:60', /no offset/],
    ['2027-01-01 06:00 GMT+1', /found/],
    ['2027-01-01 06:00 EST', /found/],
    // A date alone then an hour alone: a typo more than an offset (accepted for an hour, 70ac9d7 to this fix).
    ['2027-01-05-05', /found "2027-01-05-05"/],
    ['2027-1-1', /found "2027-1-1"/],
    ['01/01/2027', /found/],
    ['', /found ""/],
    ['tomorrow', /found "tomorrow"/],
  ] as const)('rejects %s', (text, why) => {
    expect(() => parseDate(text)).toThrow(/a UTC date like "2027-01-01"/);
    expect(() => parseDate(text)).toThrow(why);
  });
});

describe('formatTimestamp', () => {
  it('writes UTC and truncates seconds down', () => {
    const t = parseDate('2027-03-04 05:06:07');
    expect(formatTimestamp(t)).toBe('2027-03-04 05:06:07');
    expect(formatTimestamp(t + 0.999)).toBe('2027-03-04 05:06:07');
    expect(formatTimestamp(-0.5)).toBe('1969-12-31 23:59:59');
    expect(formatTimestamp(0)).toBe('1970-01-01 00:00:00');
    expect(() => formatTimestamp(NaN)).toThrow(RangeError);
  });

  it('agrees with Date for any time, in any order (the day cache never goes stale)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -2e9, max: 6e9 }), { minLength: 1, maxLength: 20 }), (ts) => {
        for (const t of ts) {
          const iso = new Date(t * 1000).toISOString();
          expect(formatTimestamp(t)).toBe(`${iso.slice(0, 10)} ${iso.slice(11, 19)}`);
          expect(formatTimestamp(t + 1)).toBe(formatTimestamp(t + 1)); // same day, cached
        }
      }),
    );
  });

  it('round-trips through parseDate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8e9 }), (t) => {
        expect(parseDate(formatTimestamp(t))).toBe(t);
      }),
    );
  });
});

describe('isoTimestamp', () => {
  it("writes Date's toISOString, milliseconds and all, for any time it can represent", () => {
    const max = 8.64e15; // Date's range, ±100,000,000 days: six-digit and negative years go to toISOString
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -max, max }), fc.integer({ min: -62167219200000, max: 253402300799999 })),
        (ms) => {
          expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
        },
      ),
    );
    for (const ms of [0, -1, 1, 999, -62167219200000, 253402300799999, 253402300800000, -62167219200001, 1.5, -0.5])
      expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
    expect(isoTimestamp(Date.UTC(2027, 0, 1))).toBe('2027-01-01T00:00:00.000Z');
    expect(() => isoTimestamp(NaN)).toThrow(RangeError);
    expect(() => isoTimestamp(max + 1)).toThrow(RangeError);
  });
});
