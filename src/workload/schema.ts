/**
 * Model-file schema of the load: clusters (chip, count, servers), training
 * runs and inference services. Assembled into the scenario in src/scenario.ts.
 */
import * as z from 'zod';
import { SECONDS, formatDuration } from '../kernel/time.ts';
import { bareNumber, cvQuantity, grouped, perYear, quantity } from '../model/units.ts';
import { timeZoneSchema, utcDate } from '../model/date.ts';
import { PER_CHIP_RENTAL_MAX, hardwareCostsSchema } from '../model/costs.ts';
import { namesUsedOnce } from '../model/errors.ts';
import {
  CHIPS,
  CHIP_NAMES,
  H200_TRAIN_LIKE,
  chipCurve,
  chipOverrideSchema,
  overrideChip,
  curveDutyFault,
  curveFault,
  serverSchema,
  serverSpec,
} from '../model/chips.ts';
import { chipTimeRefused, jobStreamSchema } from './jobs.ts';
import { awareFields } from '../policy/schema.ts';

const PEAK_WORDS = 'an hour of the day, 0 to 24, or a clock time like "18:00"';

/**
 * An hour of the day written as a clock time, "18:00" or "14:30", as a price period's `from` is: its hour and minutes
 * as hours (14.5); written as a quoted number, "18", that number. Any other text is refused saying both forms.
 */
function clockHour(v: unknown, ctx: z.RefinementCtx): unknown {
  if (typeof v !== 'string') return v;
  const n = bareNumber(v);
  if (n !== undefined) return n;
  const m = /^\s*(\d{1,2}):([0-5]\d)\s*$/.exec(v);
  const h = m ? Number(m[1]) + Number(m[2]) / 60 : NaN;
  if (h <= 24) return h;
  ctx.addIssue({ code: 'custom', message: PEAK_WORDS, input: v });
  return v;
}

/** A name that goes into file and column names (shared with the scenario's `name`). */
export const nameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][\w.-]*$/, 'a name of letters, digits, ".", "_" or "-", starting with a letter or digit');

export const clusterSchema = z
  .strictObject({
    name: nameSchema.meta({ description: 'Cluster name, used in column names' }),
    chip: z.enum(CHIP_NAMES).meta({ description: 'Accelerator from the catalogue (src/model/chips.ts)' }),
    chip_override: chipOverrideSchema.optional(),
    count: z.number().int().positive().max(1e9).meta({
      description:
        'Number of accelerators, at most a billion (about a terawatt of chips, the most power any field takes; 1e15 ran)',
    }),
    unallocated_power: quantity(
      'power',
      { min: 0 },
      "Board power of a chip no run or service holds (powered, no CUDA context): default the chip's idle, which is a held chip's between its work (129 W for an H100, context open); an H100 read about 75 W and an H200 about 82 W before a context was opened (models/data/h100-power, h200-power). Its server's share is as at idle; at most the chip's tdp (a server's idle is for all its chips)",
    ).optional(),
    server: serverSchema.optional().meta({
      description:
        'Servers the chips sit in; their other power (CPUs, memory, network, fans) adds to IT power. Omit to count accelerator boards only',
    }),
    costs: hardwareCostsSchema.optional(),
    in_service: utcDate.optional().meta({
      description:
        'Date the cluster is commissioned (default: the start): before it, no work is placed on it and it draws nothing; its capital is paid that year. With capital or a lifetime in its costs, at or after the start (unless it also retires by then)',
    }),
    retire: utcDate.optional().meta({
      description:
        'Date it is retired (default: never): no new work is placed on it and its idle chips draw nothing; work running then finishes first (it drains); its inference services stop serving',
    }),
  })
  .transform((c, ctx) => {
    if (c.server && c.count % c.server.chips !== 0) {
      ctx.addIssue({
        code: 'custom',
        message: `a count that fills whole servers of ${c.server.chips}`,
        path: ['count'],
        input: c.count,
      });
      return z.NEVER;
    }
    const spec = c.chip_override ? overrideChip(CHIPS[c.chip], c.chip_override) : CHIPS[c.chip];
    if (typeof spec !== 'string' && !(spec.tdpW > spec.idleW)) {
      const field = c.chip_override?.tdp !== undefined ? 'tdp' : 'idle';
      const message =
        field === 'tdp'
          ? `a tdp above the idle power (${spec.idleW} W)`
          : `an idle power below the tdp (${spec.tdpW} W)`;
      ctx.addIssue({
        code: 'custom',
        message,
        path: ['chip_override', field],
        input: field === 'tdp' ? spec.tdpW : spec.idleW,
      });
      return z.NEVER;
    }
    if (typeof spec === 'string') {
      // At the point whose duty is out of place (found 0.2), not the curve (found a list of 2).
      const curve = c.chip_override?.curve;
      const at = curve && curveDutyFault(curve.map((p) => p[0]));
      ctx.addIssue({
        code: 'custom',
        message: at ? at.expected : spec,
        path: ['chip_override', 'curve', ...(at ? [at.at, 0] : [])],
        input: at ? curve[at.at][0] : curve,
      });
      return z.NEVER;
    }
    const fault = c.chip_override && curveFault(spec, c.chip_override);
    if (fault) {
      const o = c.chip_override!;
      ctx.addIssue({
        code: 'custom',
        message: fault.expected,
        // At a curve point, its power (found "900 W"), not the point (found a list of 2).
        path: ['chip_override', fault.field, ...(fault.at !== undefined ? [fault.at, 1] : [])],
        input: fault.at !== undefined ? o.curve?.[fault.at][1] : o.idle,
      });
      return z.NEVER;
    }
    // One chip's board power: a server's idle written here (a DGX's 1.2 kW) was taken for each chip, above what the chip
    // draws at full load. No chip draws more than its limit holding no work.
    if (c.unallocated_power !== undefined && c.unallocated_power > spec.tdpW) {
      const n = c.server?.chips ?? 8;
      ctx.addIssue({
        code: 'custom',
        message: `the board power of one chip no work holds, at most its tdp (${spec.tdpW} W; a server's figure is for all its chips: ${Number(c.unallocated_power.toPrecision(12))} W over ${n} chips is ${Number((c.unallocated_power / n).toPrecision(6))} W)`,
        path: ['unallocated_power'],
        input: c.unallocated_power,
      });
      return z.NEVER;
    }
    return {
      name: c.name,
      chip: c.chip,
      count: c.count,
      spec,
      server: c.server ? serverSpec(spec, c.server) : undefined,
      costs: c.costs,
      ...(c.unallocated_power !== undefined ? { unallocated_power: c.unallocated_power } : {}),
      ...(c.in_service !== undefined ? { in_service: c.in_service } : {}),
      ...(c.retire !== undefined ? { retire: c.retire } : {}),
    };
  });

export type ClusterConfig = z.output<typeof clusterSchema>;

/** A UTC date, as epoch seconds (src/model/date.ts; the scenario's `start` takes it from here). */
export { utcDate };

/** The least training FLOPs: about a second of one H100 at its peak; less is a figure in other units (petaFLOP/s-days). */
const FLOPS_MIN = 1e15;

/**
 * A weekly shape whose every day it serves (not 0) is at least this many times the rate is one written in per cent: a
 * closed day's 0 let [100, 100, 100, 100, 100, 100, 0] through, a hundredfold demand on the other six.
 */
const WEEKLY_PER_CENT = 10;

/** The largest multiple of a service's mean demand a burst or a weekday may ask: a thousandfold is another service. */
const MULTIPLE_MAX = 1000;

const lognormal = (what: string, kind: 'duration' | 'fraction') =>
  z.strictObject({
    mean:
      kind === 'duration'
        ? quantity(
            'duration',
            { positive: true, max: SECONDS.year },
            `Mean ${what}, at most a year (a burst is a transient on top of the shape: one lasting a year is a change of the service's rate, which growth or weekly give; 1e30 s was taken)`,
          )
        : z
            .number()
            .positive()
            .max(MULTIPLE_MAX)
            .meta({
              description: `Mean ${what}, at most ${MULTIPLE_MAX} (demand a thousandfold the service's mean is not a burst of it but another service; 1e30 overflowed the demanded tokens after the run)`,
            }),
    cv: cvQuantity(
      'Coefficient of variation (lognormal)',
      (n) => `burst ${kind === 'duration' ? 'length' : 'size'} at 1/${n} of its mean`,
    ).prefault(1),
  });

/** The `duty` field's note, its figures computed from the catalogue so the docs cannot drift from the code. */
const DUTY_NOTE = ((): string => {
  const { duty, w } = H200_TRAIN_LIKE;
  const curveW = chipCurve(CHIPS.H200)(duty);
  return (
    `Duty of the chips while computing: at ${duty} the H200's curve gives ${curveW.toFixed(1)} W per H200 board ` +
    `(the measured training-like pattern, 1 s on and 0.25 s off, drew ${w.toFixed(1)} W at ${duty}: ` +
    `the curve, measured at steady duty steps, is ${((curveW / w - 1) * 100).toFixed(0)} % above it; models/data/h200-power)`
  );
})();

const trainingObject = z
  .strictObject({
    name: nameSchema.meta({
      description:
        'Run name, used once among the training runs and the copies of those that arrive as a process, which are numbered (name-1, name-2, ...; in the summary)',
    }),
    cluster: z.string().min(1).meta({ description: 'Cluster the run trains on' }),
    chips: z.number().int().positive().meta({ description: 'Accelerators the run holds' }),
    submit: utcDate.optional().meta({
      description:
        'When the run is submitted (default: the scenario start). A date before the start submits it at the start; one at or after the end is allowed and the run is not submitted (a plan shortened with --duration ends before it), so it is not in the summary',
    }),
    arrivals: z
      .strictObject({
        rate: quantity(
          'rate',
          { positive: true },
          'Mean submission rate: the first copy at `submit`, each next after an exponential gap of mean 1 / rate (so 1 + rate x T copies in the T after `submit`, on average)',
        ),
        count: z
          .number()
          .int()
          .positive()
          .optional()
          .meta({ description: 'Most runs submitted (default: until the horizon)' }),
      })
      .optional()
      .meta({ description: 'Submit copies of this run as a Poisson process instead of once' }),
    work: quantity(
      'duration',
      { positive: true },
      'Work as wall time at full speed on the run\'s chips with no failures or checkpoints (not chip-hours: "80 GPU-hours" on 64 chips is refused, with its "1.25h")',
    ).optional(),
    // FLOPs written in petaFLOP/s-days, as Brown et al. 2020 give GPT-3's (3,640: 3.14e23 FLOP), ran as that many FLOP,
    // a run done in a trillionth of a second: a training run is more than a second of one chip.
    flops: z
      .number()
      .positive()
      .refine((v) => v >= FLOPS_MIN, {
        message:
          "total training FLOPs, at least 1e15 (a second of one H100 at its 989 TFLOP/s; a figure in petaFLOP/s-days is 8.64e19 times it: GPT-3's 3,640 is 3.14e23)",
      })
      .optional()
      .meta({
        description:
          "Work as total training FLOPs (needs `mfu`): time = flops / (chips x peak x mfu); at least 1e15, a second of one H100 (a figure in petaFLOP/s-days, as GPT-3's 3,640, is 8.64e19 times it: 3.14e23)",
      }),
    mfu: quantity(
      'fraction',
      { positive: true, max: 1 },
      'Model-FLOPs utilisation (about 0.38-0.43 for Llama 3 405B), with `flops` only (refused beside `work`, the time at full speed)',
    ).optional(),
    duty: quantity('fraction', { min: 0, max: 1 }, DUTY_NOTE).prefault(0.8),
    priority: z.number().int().prefault(0).meta({ description: 'Higher starts first and is paused last' }),
    checkpoint: z
      .strictObject({
        every: quantity(
          'duration',
          { positive: true },
          "Compute time between checkpoints (Young/Daly: about sqrt(2 x takes x the run's MTBF), the run's MTBF chip_mtbf / chips: 19 min for 1 min on 16,384 chips of 50,700 h, reference.md §4.3)",
        ),
        takes: quantity('duration', { min: 0 }, 'Pause while a checkpoint is written'),
        duty: quantity('fraction', { min: 0, max: 1 }, 'Chip duty while writing it').prefault(0),
      })
      .optional()
      .meta({ description: 'Checkpoints; without them a failure loses all work done' }),
    chip_mtbf: quantity(
      'duration',
      { positive: true },
      "Mean time between interruptions per chip held: the run is interrupted every chip_mtbf / chips on average while it computes or checkpoints (Llama 3: 16,384 x 1,296 h / 419 = 50,700 h, reference.md §4.1; 3.1 h for the run). One at which the run cannot progress, its goodput under 0.1 % (docs/models/workload.md's formula), is refused: the run's MTBF written here, or a long run's work with no checkpoints",
    ).optional(),
    restart: quantity(
      'duration',
      { min: 0 },
      'Time to resume after an interruption (ASSUMED 10 min: no published figure, reference.md §4.3)',
    ).prefault('10m'),
    // Checked per chip below, beside the run's chips: the run's or a cluster's price an hour was taken for each chip.
    chip_hour_cost: z
      .number()
      .min(0)
      .optional()
      .meta({
        maximum: PER_CHIP_RENTAL_MAX,
        description: `Rental or amortised hardware cost, USD per chip-hour (for electricity's share of the run's cost), at most ${PER_CHIP_RENTAL_MAX}, as a cluster's rental (some ten times any accelerator's: the run's price an hour, for all its chips, is refused, not taken for each)`,
      }),
    deadline: utcDate.optional().meta({
      description:
        "Finish by this UTC date, after the run's submission (one at or before it is refused; beside arrivals, at or after the run's end, as copies submitted after it could only miss it: finish_within gives each copy its own): a carbon- or price-aware run defers only while it can still finish by then at full speed (failures and power caps not foreseen); a miss is counted",
    }),
    finish_within: quantity(
      'duration',
      { positive: true },
      'A deadline after each submission (for runs that arrive as a process); `deadline` instead gives a date',
    ).optional(),
    ...awareFields,
  })
  .superRefine((t, ctx) => {
    if ((t.work === undefined) === (t.flops === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'either `work` (a duration) or `flops` with `mfu`',
        path: ['work'],
        input: t.work,
      });
    }
    if (t.deadline !== undefined && t.finish_within !== undefined)
      ctx.addIssue({
        code: 'custom',
        message: 'either `deadline` or `finish_within`',
        path: ['finish_within'],
        input: t.finish_within,
      });
    if (t.flops !== undefined && t.mfu === undefined)
      ctx.addIssue({ code: 'custom', message: 'an `mfu` with `flops`', path: ['mfu'], input: undefined });
    // A price an hour for all the chips (64 at 2.5 $: 160) was taken for each: the run's chip cost 64 times too high.
    if (t.chip_hour_cost !== undefined && t.chip_hour_cost > PER_CHIP_RENTAL_MAX)
      ctx.addIssue({
        code: 'custom',
        message: `USD per chip-hour of at most ${PER_CHIP_RENTAL_MAX}, as a cluster's rental (the field is per chip: a price for the run's ${t.chips} chip${t.chips === 1 ? '' : 's'} is ${Number((t.chip_hour_cost / t.chips).toPrecision(6))} a chip-hour)`,
        path: ['chip_hour_cost'],
        input: t.chip_hour_cost,
      });
    // An mfu beside work was ignored (work is the time at full speed): work 10h with mfu 0.4 took 10 h, not 25.
    if (t.work !== undefined && t.flops === undefined && t.mfu !== undefined)
      ctx.addIssue({
        code: 'custom',
        message: 'an `mfu` only with `flops` (`work` is the time at full speed already)',
        path: ['mfu'],
        input: t.mfu,
      });
  });

// Work in chip-hours ("80 GPU-hours" on 64 chips) is refused with its division: written as "80h", it was 64 times the time.
const trainingSchema = z.preprocess(chipTimeRefused('work', 'run'), trainingObject);

export type TrainingConfig = z.output<typeof trainingSchema>;

/** Means of the Azure 2023 conversation trace, 1,154.70 and 211.13 (reference.md §5.1; a test computes them from the file). */
export const PROMPT_TOKENS = 1155;
export const GENERATED_TOKENS = 211;

type TokenField = 'tokens_per_request' | 'prompt_tokens' | 'generated_tokens';

/**
 * A request's prompt and generated tokens from whichever of the three
 * fields are given (the total alone is split as in the trace), or the field
 * at fault and what was expected there.
 */
function requestTokens(
  total: number | undefined,
  prompt: number | undefined,
  generated: number | undefined,
): Record<TokenField, number> | { field: TokenField; expected: string } {
  if (total !== undefined && prompt !== undefined && generated !== undefined)
    return {
      field: 'tokens_per_request',
      expected: 'either tokens_per_request or prompt_tokens with generated_tokens, not all three',
    };
  if (total === undefined) {
    const p = prompt ?? PROMPT_TOKENS;
    const g = generated ?? GENERATED_TOKENS;
    if (!(p + g > 0))
      return {
        field: prompt !== undefined ? 'prompt_tokens' : 'generated_tokens',
        expected: 'prompt_tokens + generated_tokens above 0',
      };
    return { tokens_per_request: p + g, prompt_tokens: p, generated_tokens: g };
  }
  const part = prompt ?? generated;
  if (part === undefined) {
    const p = (total * PROMPT_TOKENS) / (PROMPT_TOKENS + GENERATED_TOKENS);
    return { tokens_per_request: total, prompt_tokens: p, generated_tokens: total - p };
  }
  if (part > total)
    return {
      field: prompt !== undefined ? 'prompt_tokens' : 'generated_tokens',
      expected: `at most tokens_per_request (${total})`,
    };
  return prompt !== undefined
    ? { tokens_per_request: total, prompt_tokens: prompt, generated_tokens: total - prompt }
    : { tokens_per_request: total, prompt_tokens: total - part, generated_tokens: part };
}

/**
 * A trace replays its own rates: a daily or weekly shape written beside it was ignored, so it is refused, and so is
 * a request's size (the trace gives each request's tokens, and the prefill its mean prompt: prompt_tokens was ignored).
 * Checked on the service as written, before `daily` and `weekly` take their defaults.
 */
const noShapeWithTrace = (service: unknown, ctx: z.RefinementCtx): unknown => {
  if (typeof service !== 'object' || service === null || !('trace' in service)) return service;
  for (const key of ['daily', 'weekly', 'timezone'] as const)
    if (key in service)
      ctx.addIssue({
        code: 'custom',
        message:
          key === 'timezone'
            ? "no timezone with a trace (its first bin is the run's start, whatever the trace's own clock time)"
            : `no ${key} shape with a trace (it replays the trace's own rates: scale them with trace.scale)`,
        path: [key],
        input: (service as Record<string, unknown>)[key],
      });
  for (const key of ['prompt_tokens', 'generated_tokens', 'tokens_per_request'] as const)
    if (key in service)
      ctx.addIssue({
        code: 'custom',
        message: `no ${key} with a trace (it takes each request's prompt and generated tokens from the trace's ContextTokens and GeneratedTokens)`,
        path: [key],
        input: (service as Record<string, unknown>)[key],
      });
  return service;
};

const inferenceSchema = z.preprocess(
  noShapeWithTrace,
  z
    .strictObject({
      name: nameSchema.meta({ description: 'Service name, used in column names' }),
      cluster: z.string().min(1).meta({ description: 'Cluster that serves it' }),
      chips: z
        .number()
        .int()
        .positive()
        .meta({ description: 'Accelerators reserved for the service (inference comes before training)' }),
      rate: quantity('rate', { min: 0 }, 'Mean request rate before the daily and weekly shape').optional(),
      prompt_tokens: z
        .number()
        .min(0)
        .max(1e9)
        .optional()
        .meta({
          default: PROMPT_TOKENS,
          description: `Prompt (context) tokens per request, processed by prefill (${grouped(PROMPT_TOKENS)}: mean ContextTokens of the Azure 2023 conversation trace, reference.md §5.1)`,
        }),
      generated_tokens: z
        .number()
        .min(0)
        .max(1e9)
        .optional()
        .meta({
          default: GENERATED_TOKENS,
          description: `Generated tokens per request, decoded one a step (${GENERATED_TOKENS}: mean GeneratedTokens of the same trace)`,
        }),
      tokens_per_request: z
        .number()
        .positive()
        .max(1e9)
        .optional()
        .meta({
          description: `Prompt + generated tokens per request (default: their sum, ${grouped(PROMPT_TOKENS + GENERATED_TOKENS)}); alone, split ${grouped(PROMPT_TOKENS)} : ${GENERATED_TOKENS} as in the trace; with one of prompt_tokens and generated_tokens, the other is the rest`,
        }),
      daily: z
        .strictObject({
          amplitude: quantity('fraction', { min: 0, max: 1 }, 'Swing of the daily cosine around the mean').prefault(
            0.3,
          ),
          // A clock time, as a price period's `from` is written ("18:00"), was refused 'expected a number'; a quoted
          // number ("18") was refused as no clock time, and `dcpsim schema` said a number alone, so an editor checking
          // a model against it flagged "18:00", which runs.
          peak: z
            .preprocess(clockHour, z.number().min(0).max(24))
            .prefault(18)
            .meta({
              type: ['number', 'string'],
              description:
                'Hour of the daily peak on the service\'s clock: UTC\'s, or its `timezone`\'s (daylight saving included), 0 to 24 or a clock time like "18:00" ("14:30" is 14.5)',
            }),
        })
        .prefault({})
        .meta({
          description:
            "Daily shape: rate x (1 + amplitude cos(2 pi (h + 0.5 - peak)/24)) in the clock hour from h to h + 1 (the cosine at its midpoint, so the two hours either side of peak hold the most), stepped at each clock hour (UTC's, or the service's `timezone`'s)",
        }),
      weekly: z
        .array(z.number().min(0).max(MULTIPLE_MAX))
        .length(7)
        // A shape in per cent, as a weekend's share of a weekday is quoted ([100, ..., 85, 80]), ran a hundredfold demand.
        .superRefine((w, ctx) => {
          const open = w.filter((v) => v !== 0);
          if (open.length > 0 && Math.min(...open) >= WEEKLY_PER_CENT)
            ctx.addIssue({
              code: 'custom',
              message: `multipliers of the rate, not per cent (every day it serves here is ${WEEKLY_PER_CENT} times the rate or more: [${w.map((v) => Number((v / 100).toPrecision(12))).join(', ')}] if these are per cent)`,
              input: w,
            });
        })
        .prefault([1, 1, 1, 1, 1, 1, 1])
        .meta({
          description: `Multipliers Monday to Sunday, days from midnight on the service's clock (UTC's, or its \`timezone\`'s), each at most ${MULTIPLE_MAX} (as a burst size); not per cent: a shape with every day but its zeros ${WEEKLY_PER_CENT} or more is refused ([1, 1, 1, 1, 1, 0.85, 0.8], not [100, 100, 100, 100, 100, 85, 80])`,
        }),
      // The shapes were UTC's alone: a New York service peaking at 18:00 local wrote peak 23 in winter, 22 in summer, one
      // hour off half the year whichever it wrote, and its Saturday began Friday 19:00.
      timezone: timeZoneSchema.optional().meta({
        description:
          'The IANA time zone whose clock the daily and weekly shapes follow, like "America/New_York", daylight saving included (the day the clocks go forward has no 02:00 hour, the day they go back two). Left out, UTC',
      }),
      growth: quantity(
        'fraction',
        // A bare 1 is refused, as a discount rate's is: meant as 1 % a year (or a factor of 1), it doubled demand yearly.
        {
          min: -0.99,
          bareMax: 1 - Number.EPSILON,
          yearlyFactor: true,
          per: perYear('a fraction like 0.15 or "15%" a year (or "15%/yr")'),
        },
        'Demand growth per year, compounding: demand x (1 + growth)^(years since the start, of 365 days), applied at each hourly step (or trace bin); 100 % and above only as a percentage ("100%", "150%": a bare 1, which could be 1 % or 100 %, is refused, and a bare 15 is not read as 1,500 %; nor is a yearly factor: x 1.3 a year is "30%", not 1.3)',
      ).prefault(0),
      bursts: z
        .strictObject({
          rate: quantity('rate', { positive: true }, 'Mean burst arrival rate (Poisson)'),
          size: lognormal('extra demand as a multiple of the mean rate', 'fraction'),
          duration: lognormal('burst length', 'duration'),
        })
        .optional()
        .meta({ description: 'Bursts on top of the shape: lognormal size and length' }),
      trace: z
        .strictObject({
          file: z.string().min(1).meta({
            description:
              "Request trace CSV (TIMESTAMP, ContextTokens, GeneratedTokens, in any case and with or without word breaks: timestamp, context_tokens; the tokens also as OpenAI's usage names them, prompt_tokens and completion_tokens, Anthropic's input_tokens and output_tokens, or BurstGPT's Request tokens and Response tokens), relative to the model file",
          }),
          bin: quantity(
            'duration',
            { positive: true },
            'Trace replayed as the mean rate in whole bins of this length from the first request (requests after the last whole bin are left out, so no loop of the replay dips)',
          ).prefault('1m'),
          scale: z.number().positive().max(1e6).prefault(1).meta({
            description:
              'Multiply the traced rate, at most 1e6 (a millionfold the traced service is another service; 1e30 overflowed the figures after the run)',
          }),
        })
        .optional()
        .meta({
          description:
            "Replay a request trace (looped over the horizon, its first bin at the run's start whatever the trace's own clock time: its time of day and weekday are not kept) instead of `rate` and its shape (`daily` and `weekly` are refused beside it, as are `prompt_tokens`, `generated_tokens` and `tokens_per_request`: the trace gives the tokens of each request)",
        }),
      max_batch: z.number().min(1).max(512).prefault(512).meta({
        description: 'Largest batch the service runs (512: largest measured, models/data/h100-inference-proxy)',
      }),
      throughput_scale: z.number().min(1e-6).max(1e6).prefault(1).meta({
        description:
          'Tokens/s relative to the measured 7B-shaped model on one H100 (scaled by peak bf16 for other chips), 1e-6 to 1e6 (beyond, a service is no longer one this proxy describes: at 1e-300 a token cost 3e298 J)',
      }),
    })
    .transform((s, ctx) => {
      if ((s.rate === undefined) === (s.trace === undefined))
        ctx.addIssue({ code: 'custom', message: 'either `rate` or `trace`', path: ['rate'], input: s.rate });
      const tokens = requestTokens(s.tokens_per_request, s.prompt_tokens, s.generated_tokens);
      if ('field' in tokens) {
        ctx.addIssue({ code: 'custom', message: tokens.expected, path: [tokens.field], input: s[tokens.field] });
        return z.NEVER;
      }
      return { ...s, ...tokens };
    }),
);

export type InferenceConfig = z.output<typeof inferenceSchema>;

export const workloadSchema = z.strictObject({
  jobs: z
    .array(jobStreamSchema)
    .prefault([])
    .meta({ description: 'Poisson streams of jobs (no checkpoints or failures)' }),
  training: z.array(trainingSchema).prefault([]).meta({ description: 'Training runs' }),
  inference: z.array(inferenceSchema).prefault([]).meta({ description: 'Inference services' }),
});

type WorkloadInput = z.output<typeof workloadSchema>;

/** The most wall time a stretch between checkpoints may take on average, in multiples of its compute (goodput 0.1 %). */
const HOPELESS = 1000;
/** A chip_mtbf under this (1,000 h) is one no accelerator has: from a minute up, the refusal reads it as the run's MTBF too. */
const RUN_MTBF_LIKE = 1000 * 3600;

/**
 * A chip_mtbf at which the run cannot progress: the run's MTBF written per chip, as Llama 3's is reported (an
 * interruption about every 3 hours on 16,384 H100), was interrupted every 0.66 s and never reached a checkpoint (0 h
 * done of 480 in 30 days, exit 0). From the formula in docs/models/workload.md: a stretch of compute τ and a checkpoint
 * δ takes (e^{λ(τ+δ)} − 1)(1/λ + R) on average, λ = chips / chip_mtbf; refused above HOPELESS times τ. τ is
 * `every`, or the whole work where it is shorter (then no checkpoint is written) or there are no checkpoints.
 */
function hopelessMtbf(t: TrainingConfig, c: ClusterConfig, path: (string | number)[], ctx: z.RefinementCtx): void {
  // A cluster refused on its own (count 0) comes here as written, without its spec.
  if (t.chip_mtbf === undefined || c.spec === undefined) return;
  const work = t.work ?? (t.flops !== undefined && t.mfu ? t.flops / (t.chips * c.spec.peakFlops * t.mfu) : undefined);
  if (work === undefined || !(work > 0)) return;
  const every = t.checkpoint?.every ?? Infinity;
  const tau = Math.min(every, work);
  const delta = work > every ? (t.checkpoint?.takes ?? 0) : 0;
  const lambda = t.chips / t.chip_mtbf;
  // The mean wall time of a stretch of compute s and a checkpoint d.
  const wallOf = (s: number, d: number): number => {
    const x = lambda * (s + d);
    return x > 700 ? Infinity : Math.expm1(x) * (1 / lambda + t.restart);
  };
  if (!(wallOf(tau, delta) > HOPELESS * tau)) return;
  const every_ = formatDuration(t.chip_mtbf / t.chips);
  // The run's MTBF read per chip, where the figure is one no chip has (failing within 1,000 h, six weeks) and its
  // per-chip reading one a chip has: on 8 chips, 3h as the run's is 24h a chip, offered and refused in turn ('write 192h').
  const hours = (s: number): string => `${Number((s / 3600).toPrecision(6))}h`;
  const asRun =
    t.chip_mtbf >= 60 && t.chip_mtbf < RUN_MTBF_LIKE && t.chip_mtbf * t.chips >= RUN_MTBF_LIKE
      ? ` (if ${hours(t.chip_mtbf)} is the run's MTBF, write "${hours(t.chip_mtbf * t.chips)}")`
      : '';
  // Where the chip_mtbf is one a chip has, the fix is checkpoints often enough: 'expected a chip_mtbf per chip' alone
  // told a run checkpointed every 2 days on 16,384 chips of 50,700 h to change the figure it had right. Young/Daly's
  // interval for the run's write (a minute where it gives none), offered where the run progresses with it.
  const takes = t.checkpoint?.takes || 60;
  const yd = Math.max(60, Math.round(Math.sqrt(2 * takes * (t.chip_mtbf / t.chips)) / 60) * 60);
  const often =
    asRun === '' && t.chip_mtbf >= RUN_MTBF_LIKE && yd < work && !(wallOf(yd, takes) > HOPELESS * yd)
      ? t.checkpoint === undefined
        ? `; with checkpoint: { every: ${formatDuration(yd).replace(/ /g, '')}, takes: ${formatDuration(takes).replace(/ /g, '')} } it does (Young/Daly: sqrt(2 x the write x the run's MTBF, ${every_}))`
        : `; or checkpoints more often: every ${formatDuration(yd)} by Young/Daly, sqrt(2 x its write of ${formatDuration(takes)} x the run's MTBF of ${every_})`
      : '';
  ctx.addIssue({
    code: 'custom',
    message:
      work > every
        ? `a chip_mtbf per chip, at which the run makes progress: its ${grouped(t.chips)} chips interrupt it every ${every_} on average, so the ${formatDuration(tau + delta)} from one checkpoint to the next would take over ${grouped(HOPELESS)} times as long${asRun}${often}`
        : `checkpoints, or a chip_mtbf per chip at which the run makes progress without them: its ${grouped(t.chips)} chips interrupt it every ${every_} on average, so its ${formatDuration(tau)} of work with no checkpoint would take over ${grouped(HOPELESS)} times as long${asRun}${often}`,
    path,
    input: t.chip_mtbf,
  });
}

/** Cross-checks that need the clusters: names exist, chips fit. */
export function checkWorkload(clusters: readonly ClusterConfig[], w: WorkloadInput, ctx: z.RefinementCtx): void {
  const byName = new Map(clusters.map((c) => [c.name, c]));
  const names = [...byName.keys()].join(', ');
  const reserved = new Map<string, number>();
  // The services reserving each cluster's chips so far, named in a refusal: the limit is what they leave.
  const reservers = new Map<string, string[]>();
  const check = (
    list: 'jobs' | 'training' | 'inference',
    i: number,
    cluster: string,
    chips: number[],
    isList = false,
  ): void => {
    const c = byName.get(cluster);
    if (!c)
      ctx.addIssue({
        code: 'custom',
        message: `the name of a cluster (${names})`,
        path: ['workload', list, i, 'cluster'],
        input: cluster,
      });
    else {
      // Inference reserves chips in order: a service gets what those before it leave, a job or run what all leave.
      // 'at most the 8 chips of cluster gpu (less any reserved for inference), found 6' gave a limit above the figure.
      const held = reserved.get(cluster) ?? 0;
      const limit = c.count - held;
      const over = chips.findIndex((n) => n > limit);
      const by = (reservers.get(cluster) ?? []).join(', ').replace(/, ([^,]*)$/, ' and $1');
      const leave = list === 'inference' ? 'the services before it leave' : 'inference leaves';
      if (over >= 0)
        ctx.addIssue({
          code: 'custom',
          message:
            held > 0
              ? `at most the ${limit} chips of cluster ${cluster} that ${leave} (${c.count} less ${held} for ${by})`
              : `at most the ${c.count} chips of cluster ${cluster}`,
          // In a list of job sizes, the size at fault (found 16), not the list (found a list of 3).
          path: ['workload', list, i, 'chips', ...(isList ? [over] : [])],
          input: chips[over],
        });
    }
  };
  w.inference.forEach((s, i) => {
    check('inference', i, s.cluster, [s.chips]);
    reserved.set(s.cluster, (reserved.get(s.cluster) ?? 0) + s.chips);
    reservers.set(s.cluster, [...(reservers.get(s.cluster) ?? []), s.name]);
  });
  w.jobs.forEach((j, i) =>
    check('jobs', i, j.cluster, Array.isArray(j.chips) ? j.chips : [j.chips], Array.isArray(j.chips)),
  );
  w.training.forEach((t, i) => check('training', i, t.cluster, [t.chips]));
  w.training.forEach((t, i) => {
    const c = byName.get(t.cluster);
    if (c) hopelessMtbf(t, c, ['workload', 'training', i, 'chip_mtbf'], ctx);
  });
  // Names key each one's random streams and its place in the summary: two of one name in a list would draw the same
  // numbers (their arrivals and failures coinciding) and be told apart nowhere.
  const once = (list: 'jobs' | 'training' | 'inference', names: readonly string[], what: string): void =>
    namesUsedOnce(ctx, ['workload', list], names, `a ${what} name not used before`);
  once(
    'inference',
    w.inference.map((s) => s.name),
    'service',
  );
  once(
    'training',
    w.training.map((t) => t.name),
    'training run',
  );
  // A run that arrives as a process names its copies name-1, name-2, ... (src/workload/arrivals.ts): a run of its own
  // named so shared a copy's random stream (its failures drawn from the copy's numbers, the copy's moved) and was
  // told apart from it nowhere in the summary.
  const copies = new Map(w.training.flatMap((t) => (t.arrivals ? [[t.name, t.arrivals.count ?? Infinity]] : [])));
  w.training.forEach((t, i) => {
    const m = /^(.+)-([1-9]\d*)$/.exec(t.name);
    const most = m ? copies.get(m[1]) : undefined;
    if (!m || most === undefined || Number(m[2]) > most) return;
    ctx.addIssue({
      code: 'custom',
      message: `a training run name other than those of ${m[1]}'s copies (its arrivals name them ${m[1]}-1, ${m[1]}-2, ...)`,
      path: ['workload', 'training', i, 'name'],
      input: t.name,
    });
  });
  once(
    'jobs',
    w.jobs.map((j) => j.name),
    'job stream',
  );
}
