/** A UTC date in a model file ("2027-01-01", "2027-01-01T06:00Z"), as epoch seconds: the scenario's start, training submissions, supplies' service dates. */
import * as z from 'zod';
import { CalendarError, parseDate } from '../kernel/time.ts';

/** A UTC date, as epoch seconds; `expected` is what a message says it wants. */
export const dateSchema = (expected: string) =>
  z.union([z.string(), z.date()]).transform((v, ctx) => {
    try {
      return parseDate(v);
    } catch (e) {
      // Of the right form but no day ("2027-06-31"): say why, as a data file's dates do.
      const message = e instanceof CalendarError ? `a date that exists (${e.reason})` : expected;
      ctx.addIssue({ code: 'custom', message, input: v });
      return z.NEVER;
    }
  });

export const utcDate = dateSchema('an ISO date like "2027-01-01" or "2027-01-01T06:00Z"').meta({
  description: 'A UTC date: "2027-01-01" or "2027-01-01T06:00:00Z"',
});
