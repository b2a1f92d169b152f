/**
 * A stream of jobs arriving as a Poisson process, each needing k chips for a
 * random duration at a given duty.
 */
import * as z from 'zod';
import type { Simulation } from '../kernel/simulation.ts';
import type { Rng } from '../kernel/random.ts';
import { cvQuantity, quantity } from '../model/units.ts';
import type { Scheduler } from './scheduler.ts';
import { TrainingRun, type RunContext, type RunSpec } from './training.ts';
import { awareFields, awareRules } from '../policy/schema.ts';

/** The cv that exponential and fixed run times have of themselves: written beside them, it says what they do. */
const OWN_CV: Partial<Record<'exponential' | 'lognormal' | 'fixed', number>> = { exponential: 1, fixed: 0 };

/** A figure in chip-hours or chip-days ("80 GPU-hours", "1.2k gpu-days", "10 chip-h"): its number, multiplier and unit. */
const CHIP_TIME =
  /^\s*((?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*(k|M)?\s*(?:gpu|chip|accelerator|tpu|xpu)s?[\s\u00b7*-]?(h|hrs?|hours?|d|days?)\s*$/i;

/**
 * A run's work or a job's run time written in chip-hours, as compute budgets are quoted (DeepSpeed-Chat's 64 x 1.25
 * GPU-hours), is refused with the division by its chips: 'expected a duration' alone led to "80h", 64 times the time.
 * Checked on the object as written, beside its chips; the field's own parse then fails after this issue.
 */
export const chipTimeRefused =
  (field: 'work' | 'duration', what: string) =>
  (o: unknown, ctx: z.RefinementCtx): unknown => {
    if (typeof o !== 'object' || o === null) return o;
    const v = (o as Record<string, unknown>)[field];
    const m = typeof v === 'string' ? CHIP_TIME.exec(v) : null;
    if (!m) return o;
    const chips = (o as Record<string, unknown>).chips;
    const n = Number(m[1]) * (m[2] === 'k' ? 1e3 : m[2] === 'M' ? 1e6 : 1);
    const unit = m[3].toLowerCase().startsWith('d') ? 'd' : 'h';
    const shown = String(v).trim();
    const each =
      typeof chips === 'number' && Number.isInteger(chips) && chips > 0
        ? `${shown} over ${chips} chip${chips === 1 ? '' : 's'} is "${Number((n / chips).toPrecision(6))}${unit}"`
        : `divide ${shown} by the ${what}'s chips`;
    ctx.addIssue({
      code: 'custom',
      message:
        field === 'work'
          ? `the run's time at full speed on its ${typeof chips === 'number' ? `${chips} ` : ''}chips, not chip-hours (${each})`
          : `a job's run time on its chips, not chip-hours (${each})`,
      path: [field],
      input: v,
    });
    return o;
  };

const jobStreamObject = z
  .strictObject({
    name: z.string().min(1).meta({
      description:
        'Name of the stream, used once among the job streams (it keys its random stream and names it in output)',
    }),
    cluster: z.string().min(1).meta({ description: 'Cluster the jobs run on' }),
    rate: quantity('rate', { positive: true }, 'Mean arrival rate of jobs (a Poisson process)'),
    chips: z
      .union([z.number().int().positive(), z.array(z.number().int().positive()).min(1)])
      .meta({ description: 'Chips each job needs: a number, or a list picked from with equal chance' }),
    duration: quantity(
      'duration',
      { positive: true },
      'Mean run time of a job on its chips (not chip-hours: "10 chip-hours" is refused, with its division by the chips)',
    ),
    distribution: z
      .enum(['exponential', 'lognormal', 'fixed'])
      .prefault('exponential')
      .meta({ description: 'Distribution of run times' }),
    cv: cvQuantity(
      "Coefficient of variation of run times: lognormal's, above 0 (1 if not given); beside the others only their own (exponential's 1, fixed's 0), any other refused",
      (n) => `run time at 1/${n} of the mean`,
    ).optional(),
    duty: quantity('fraction', { min: 0, max: 1 }, 'Share of time a busy chip computes').prefault(1),
    finish_within: quantity(
      'duration',
      { positive: true },
      "Each job's deadline after its submission: a carbon- or price-aware job defers only while it can still finish by then; a miss is counted",
    ).optional(),
    ...awareFields,
  })
  // A cv beside exponential or fixed run times was ignored: cv 0.2 ran times of cv 1. Their own cv (1, 0), written
  // out, was refused too, and a fixed stream's cv: 0 as 'for run times of no spread, distribution: fixed'.
  .superRefine((j, ctx) => {
    if (j.cv === undefined) return;
    const own = OWN_CV[j.distribution];
    const message =
      own === undefined
        ? j.cv > 0
          ? ''
          : // A cv of 0, meant as run times of no spread, was refused as 'a number > 0' alone.
            'a cv above 0 (for run times of no spread, distribution: fixed)'
        : j.cv === own
          ? ''
          : 'a cv only with distribution: lognormal (exponential run times have a cv of 1, fixed ones 0)';
    if (message) ctx.addIssue({ code: 'custom', message, path: ['cv'], input: j.cv });
  });

export const jobStreamSchema = z.preprocess(chipTimeRefused('duration', 'job'), jobStreamObject);

export type JobStreamConfig = z.output<typeof jobStreamSchema>;

/** Plain jobs are runs without checkpoints or failures, so a throttle stretches them too. */
export function startJobStream(
  sim: Simulation,
  rng: Rng,
  cfg: JobStreamConfig,
  scheduler: Scheduler,
  untilS: number,
  ctx: RunContext,
  submitted?: (job: TrainingRun) => void,
): void {
  const aware = awareRules(cfg);
  const sizes = Array.isArray(cfg.chips) ? cfg.chips : [cfg.chips];
  const draw =
    cfg.distribution === 'fixed'
      ? () => cfg.duration
      : cfg.distribution === 'lognormal'
        ? () => rng.lognormalMeanCv(cfg.duration, cfg.cv ?? 1)
        : () => rng.exponential(1 / cfg.duration);
  const within = cfg.finish_within;
  const arrive = (): void => {
    const chips = rng.pick(sizes);
    const workS = draw();
    const now = sim.now;
    // One literal (no spread of optional fields: that copied each job's spec field by field).
    const spec: { -readonly [K in keyof RunSpec]: RunSpec[K] } = {
      name: cfg.name,
      chips,
      workS,
      duty: cfg.duty,
      priority: 0,
      submittedS: now,
      everyS: Infinity,
      takesS: 0,
      checkpointDuty: 0,
      failureRate: 0,
      restartS: 0,
    };
    if (aware) spec.aware = aware;
    if (within !== undefined) spec.deadlineS = now + within;
    const job = new TrainingRun(spec, ctx);
    submitted?.(job);
    scheduler.submit(job);
    const next = sim.now + rng.exponential(cfg.rate);
    if (next <= untilS) sim.at(next, arrive);
  };
  const first = rng.exponential(cfg.rate);
  if (first <= untilS) sim.at(first, arrive);
}
