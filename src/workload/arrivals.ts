/**
 * Submitting training runs: once at a date, or as a Poisson process of
 * copies (name-1, name-2, ...). Each run gets its own random stream for
 * failures, so adding a run never changes another run's draws.
 */
import type { Simulation } from '../kernel/simulation.ts';
import type { RandomStreams } from '../kernel/random.ts';
import type { ChipSpec } from '../model/chips.ts';
import { TrainingRun, type RunContext, type RunSpec } from './training.ts';
import type { TrainingConfig } from './schema.ts';
import { awareRules } from '../policy/schema.ts';

/** Work in seconds at full speed: given directly, or flops / (chips x peak x MFU). */
function workSeconds(t: TrainingConfig, chip: ChipSpec): number {
  return t.work ?? t.flops! / (t.chips * chip.peakFlops * t.mfu!);
}

function runSpec(t: TrainingConfig, chip: ChipSpec, name: string, submittedS: number, startEpochS = 0): RunSpec {
  const aware = awareRules(t);
  return {
    ...(aware ? { aware } : {}),
    ...(t.deadline !== undefined
      ? { deadlineS: t.deadline - startEpochS }
      : t.finish_within !== undefined
        ? { deadlineS: submittedS + t.finish_within }
        : {}),
    name,
    chips: t.chips,
    workS: workSeconds(t, chip),
    duty: t.duty,
    priority: t.priority,
    submittedS,
    everyS: t.checkpoint?.every ?? Infinity,
    takesS: t.checkpoint?.takes ?? 0,
    checkpointDuty: t.checkpoint?.duty ?? 0,
    failureRate: t.chip_mtbf ? t.chips / t.chip_mtbf : 0,
    restartS: t.restart,
    chipHourCostUsd: t.chip_hour_cost,
  };
}

export function startTraining(
  sim: Simulation,
  random: RandomStreams,
  t: TrainingConfig,
  chip: ChipSpec,
  startEpochS: number,
  horizonS: number,
  ctx: Omit<RunContext, 'rng'>,
  submitted: (run: TrainingRun) => void,
): void {
  const first = Math.max(0, (t.submit ?? startEpochS) - startEpochS);
  const submit = (name: string): void => {
    const run = new TrainingRun(runSpec(t, chip, name, sim.now, startEpochS), {
      ...ctx,
      rng: random.stream(`training:${name}`),
    });
    submitted(run);
    ctx.scheduler.submit(run);
  };
  if (first >= horizonS) return;
  if (!t.arrivals) {
    sim.at(first, () => submit(t.name));
    return;
  }
  const { rate, count = Infinity } = t.arrivals;
  const rng = random.stream(`training:${t.name}:arrivals`);
  let k = 0;
  const arrive = (): void => {
    submit(`${t.name}-${++k}`);
    const next = sim.now + rng.exponential(rate);
    if (k < count && next < horizonS) sim.at(next, arrive);
  };
  sim.at(first, arrive);
}
