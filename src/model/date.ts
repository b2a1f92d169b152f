/** A UTC date in a model file ("2027-01-01", "2027-01-01T06:00Z"), as epoch seconds: the scenario's start, training submissions, supplies' service dates. */
import * as z from 'zod';
import { CalendarError, parseDate } from '../kernel/time.ts';
import { isTimeZone } from '../kernel/zone.ts';

/**
 * What a date field is expected to be, as its refusal of a value of the wrong type says: a bare year (`start: 2027`,
 * a number in YAML), true or a list was 'one of the allowed forms (see `dcpsim schema`)', the union's words.
 */
const wordsOfDates = new Set<string>();
export const DATE_WORDS: ReadonlySet<string> = wordsOfDates;

/** A UTC date, as epoch seconds; `expected` is what a message says it wants. */
export const dateSchema = (expected: string) => {
  wordsOfDates.add(expected);
  return z
    .union([z.string(), z.date()], { error: (i) => (i.code === 'invalid_union' ? expected : undefined) })
    .transform((v, ctx) => {
      try {
        const t = parseDate(v);
        // Rows, start_utc and every date written are whole seconds: a fraction would stamp them all early.
        if (!Number.isInteger(t)) {
          ctx.addIssue({
            code: 'custom',
            message: 'a date to the whole second (rows are stamped in whole seconds)',
            input: v,
          });
          return z.NEVER;
        }
        return t;
      } catch (e) {
        // Of the right form but no day ("2027-06-31"): say why, as a data file's dates do.
        const message = e instanceof CalendarError ? `a date that exists (${e.reason})` : expected;
        ctx.addIssue({ code: 'custom', message, input: v });
        return z.NEVER;
      }
    });
};

export const utcDate = dateSchema('an ISO date like "2027-01-01" or "2027-01-01T06:00Z"').meta({
  description: 'A UTC date to the whole second: "2027-01-01" or "2027-01-01T06:00:00Z"',
});

const ZONE_WORDS = 'an IANA time zone like "America/New_York" or "UTC"';

/**
 * A time zone field: an IANA name. Abbreviations are refused, though Intl takes some: ICU reads "EST" as
 * America/Panama (no daylight saving, so a New York tariff's hours were an hour off all summer), "MST" as Phoenix, but
 * "CST" and "PST" as Chicago and Los Angeles with it, "BST" as Asia/Dhaka and "IST" as India. UTC, GMT, the Etc/ zones
 * and the POSIX rule names (EST5EDT) keep their meaning.
 */
export const timeZoneSchema = z.string().superRefine((v, ctx) => {
  if (!isTimeZone(v)) ctx.addIssue({ code: 'custom', message: ZONE_WORDS, input: v });
  else if (!v.includes('/') && !/\d/.test(v) && !['UTC', 'GMT'].includes(v.toUpperCase())) {
    const read = new Intl.DateTimeFormat('en-US', { timeZone: v }).resolvedOptions().timeZone;
    ctx.addIssue({
      code: 'custom',
      message: `${ZONE_WORDS}, not an abbreviation (it reads "${v}" as ${read}, which may not be the clock meant: write the zone's name)`,
      input: v,
    });
  }
});
