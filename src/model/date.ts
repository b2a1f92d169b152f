/** A UTC date in a model file ("2027-01-01", "2027-01-01T06:00Z"), as epoch seconds: the scenario's start, training submissions, supplies' service dates. */
import * as z from 'zod';
import { parseDate } from '../kernel/time.ts';

/** A UTC date, as epoch seconds; `expected` is what a message says it wants. */
export const dateSchema = (expected: string) =>
  z.union([z.string(), z.date()]).transform((v, ctx) => {
    try {
      return parseDate(v);
    } catch {
      ctx.addIssue({ code: 'custom', message: expected, input: v });
      return z.NEVER;
    }
  });

export const utcDate = dateSchema('an ISO date like "2027-01-01" or "2027-01-01T06:00Z"').meta({
  description: 'A UTC date: "2027-01-01" or "2027-01-01T06:00:00Z"',
});
