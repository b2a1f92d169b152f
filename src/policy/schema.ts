/**
 * Model-file schema of the operating policies a training run or a job stream
 * can carry (issue 17): carbon-aware and price-aware deferral. Demand
 * response is the site's (src/policy/demand-response.ts).
 */
import * as z from 'zod';
import { parseDuration } from '../kernel/time.ts';
import { timeZoneSchema } from '../model/date.ts';
import { bareNumber, quantity } from '../model/units.ts';

const HOUR = 3600;
const PERIOD_S = { day: 24 * HOUR, week: 168 * HOUR } as const;

/** One deferral rule, resolved: the signal it follows, and either a threshold or the best k hours of each period. */
export interface AwareRule {
  readonly signal: 'carbon' | 'price';
  /** Held while the signal now is above this (kg/J or USD/J). */
  readonly above?: number;
  /**
   * Run only in the `hours` best forecast hours of each day or week (from Monday 00:00), on the clock of the IANA
   * time zone `zone` (UTC without one).
   */
  readonly best?: { readonly hours: number; readonly periodS: number; readonly zone?: string };
  /** Sigma of the forecast's multiplicative lognormal error per hour (0: a perfect forecast). */
  readonly forecastError: number;
  /** What identifies its forecast and ranking (rules with the same key share them). */
  readonly key: string;
}

const HOURS_WORDS = 'a number of hours, like 12, or a duration of whole hours, like "12h"';

/**
 * A count of hours written as a duration ("12h", "2d"): that many hours; as a quoted number ("12"), that number (read as
 * a duration it was 12 s, refused as 0.00333 h); one of no whole hours, or other text, refused.
 */
function wholeHours(v: unknown, ctx: z.RefinementCtx): unknown {
  if (typeof v !== 'string') return v;
  const n = bareNumber(v);
  if (n !== undefined) return n;
  let h = NaN;
  try {
    h = parseDuration(v) / HOUR;
  } catch {
    // Neither a number nor a duration: said below.
  }
  if (Number.isInteger(h)) return h;
  ctx.addIssue({
    code: 'custom',
    message: Number.isFinite(h)
      ? `a whole number of hours, the clock hours ranked (${Number(h.toPrecision(6))} h here)`
      : HOURS_WORDS,
    input: v,
  });
  return v;
}

const bestSchema = (best: string) =>
  z
    .strictObject({
      // Written as a duration ("12h", "2d" of a week), as every other span in a model is, it was refused 'expected a number'.
      // `dcpsim schema` said an integer alone, so an editor checking a model against it flagged "12h", which runs.
      hours: z.preprocess(wholeHours, z.number().int().positive()).meta({
        description: 'How many hours of each period the run may compute in: 12, or as a duration, "12h" ("2d" is 48)',
        type: ['number', 'string'],
      }),
      per: z
        .enum(['day', 'week'])
        .prefault('day')
        .meta({ description: 'The period: a day, or a week from Monday 00:00, on the clock of `timezone`' }),
      timezone: timeZoneSchema.optional().meta({
        description:
          'The IANA time zone whose days (from local midnight) and weeks the periods are, like "America/New_York", daylight saving included: a day where the clocks go forward has 23 hours, one where they go back 25; each clock hour (UTC) counts in the period it begins in. Left out, UTC',
      }),
    })
    .optional()
    .meta({
      description: `Compute only in the ${best} hours of each period by the forecast (hours tied with the last one chosen count too, so a flat signal holds nothing)`,
    });

type Best = { hours: number; per: 'day' | 'week'; timezone?: string } | undefined;

type Fields = { above?: number; forecast_error: number; cleanest?: Best; cheapest?: Best };

function awareSchema(signal: 'carbon' | 'price', best: 'cleanest' | 'cheapest') {
  const what = signal === 'carbon' ? "the grid's carbon intensity" : "the grid's energy price";
  return z
    .strictObject({
      above: quantity(
        signal,
        { min: 0 },
        `Pause at the next checkpoint while ${what} now is above this; resume when it is at or below`,
      ).optional(),
      [best]: bestSchema(best),
      forecast_error: z
        .number()
        .min(0)
        .max(3)
        .prefault(0)
        .meta({
          description: `Forecast error: sigma of a multiplicative lognormal error per hour, mean 1 (exp(sigma z - sigma^2/2), z from the seeded stream forecast:${signal}, shared by every run); 0: perfect. Only beside \`${best}\`: \`above\` reads the value now, which is known (an error beside it is refused)`,
        }),
    })
    .superRefine((x, ctx) => {
      const a = x as Fields;
      const b = a[best];
      if ((a.above === undefined) === (b === undefined))
        ctx.addIssue({ code: 'custom', message: `either \`above\` or \`${best}\``, path: ['above'], input: a.above });
      // A threshold reads the signal now, which is known: an error beside it was taken and did nothing (a study of a
      // noisy forecast's cost measured none). 0, the perfect forecast, is the default and taken.
      if (a.above !== undefined && a.forecast_error > 0)
        ctx.addIssue({
          code: 'custom',
          message: `a forecast error only beside ${best} (above reads ${signal === 'carbon' ? 'the carbon intensity' : 'the energy price'} now, which is known: no forecast)`,
          path: ['forecast_error'],
          input: a.forecast_error,
        });
      if (b && b.hours > PERIOD_S[b.per] / HOUR)
        ctx.addIssue({
          code: 'custom',
          message: `at most ${PERIOD_S[b.per] / HOUR} hours a ${b.per}`,
          path: [best, 'hours'],
          input: b.hours,
        });
    })
    .transform((x): AwareRule => {
      const a = x as Fields;
      const b = a[best];
      const key = `${signal}:${a.forecast_error}:${b?.hours}:${b?.per}${b?.timezone ? `:${b.timezone}` : ''}`;
      return {
        signal,
        ...(a.above !== undefined ? { above: a.above } : {}),
        ...(b
          ? { best: { hours: b.hours, periodS: PERIOD_S[b.per], ...(b.timezone ? { zone: b.timezone } : {}) } }
          : {}),
        forecastError: a.forecast_error,
        key,
      };
    })
    .meta({
      description: `${signal === 'carbon' ? 'Carbon' : 'Price'}-aware: defer the work while ${what} is high (needs a grid supply${signal === 'carbon' ? ', its carbon given' : ''}; with a deadline, only while it stays reachable)`,
    });
}

/** The policy fields a training run or job stream takes. */
export const awareFields = {
  carbon_aware: awareSchema('carbon', 'cleanest').optional(),
  price_aware: awareSchema('price', 'cheapest').optional(),
};

const rulesOf = new WeakMap<object, AwareRule[] | undefined>();

/**
 * A run's deferral rules from its model fields: one list for every run of a training entry or job stream (the
 * workload decides each list once an instant).
 */
export function awareRules(t: { carbon_aware?: AwareRule; price_aware?: AwareRule }): AwareRule[] | undefined {
  if (rulesOf.has(t)) return rulesOf.get(t);
  const rules = [t.carbon_aware, t.price_aware].filter((r): r is AwareRule => r !== undefined);
  const list = rules.length > 0 ? rules : undefined;
  rulesOf.set(t, list);
  return list;
}
