/**
 * The accelerator catalogue and server power. Power curves are board power
 * (W) against duty (the share of time the chip computes). H100 and H200 are
 * measured (models/data/h100-power, h200-power; a test checks the points
 * here against those files). No other measured curve was found
 * (reference.md §1.2), so the other chips take the H100's measured shape
 * scaled between their own idle and limit: an assumption, said so in
 * `source`. A model can override any value or give its own curve points.
 *
 * Per-chip curves live here, in the model layer, because both the facility
 * (IT power) and the workload (each run's energy) need them; the site builds
 * each cluster's once (perChipCurve) and hands the same curve to both.
 */
import * as z from 'zod';
import { piecewiseLinear } from './interpolate.ts';
import { quantity } from './units.ts';

export interface ChipSpec {
  readonly name: string;
  /** Board power limit, W. */
  readonly tdpW: number;
  /** Power with a context open and nothing running, W. */
  readonly idleW: number;
  /** Peak dense bf16 (or fp16 where no bf16) throughput, FLOP/s. */
  readonly peakFlops: number;
  /** Memory, bytes (undefined where reference.md has no figure). */
  readonly memoryBytes?: number;
  /** Duty points 0..1, ascending, first 0 and last 1. */
  readonly curveDuty: readonly number[];
  /** Board power at each duty point, W. */
  readonly curveW: readonly number[];
  /** Where the values come from. */
  readonly source: string;
}

const DUTY = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1];
const H100_W = [129.45, 222.98, 335.81, 493.56, 637.75, 687.61, 698.09];
const H100_IDLE_W = H100_W[0];
const H100_TDP_W = 700;
const H100_IDLE_SHARE = H100_IDLE_W / H100_TDP_W;

/**
 * A curve's shape mapped linearly from its own ends (first and last point) onto
 * [idleW, topW], so a stated limit is drawn exactly at duty 1: mapping from a
 * nominal limit instead would leave the H100's measured end (698.09 W of 700)
 * at 99.73 % of any new limit. Written as a blend so both ends are exact.
 */
function rescaled(curveW: readonly number[], idleW: number, topW: number): number[] {
  const from = curveW[0];
  const span = curveW[curveW.length - 1] - from;
  return curveW.map((w) => {
    const t = (w - from) / span;
    return idleW * (1 - t) + topW * t;
  });
}

/** The H100's measured shape mapped from its measured ends onto [idleW, tdpW]. */
function scaledCurve(idleW: number, tdpW: number): number[] {
  return rescaled(H100_W, idleW, tdpW);
}

function scaled(
  name: string,
  tdpW: number,
  idleW: number | undefined,
  peakFlops: number,
  memoryBytes: number | undefined,
  spec: string,
): ChipSpec {
  const idle = idleW ?? tdpW * H100_IDLE_SHARE;
  const idleNote =
    idleW === undefined
      ? `idle assumed at the H100's measured share of its limit (${(H100_IDLE_SHARE * 100).toFixed(1)} %; no published idle, reference.md §1.2)`
      : 'idle from the spec row';
  return {
    name,
    tdpW,
    idleW: idle,
    peakFlops,
    memoryBytes,
    curveDuty: DUTY,
    curveW: scaledCurve(idle, tdpW),
    source: `curve: ASSUMED, the H100's measured shape (models/data/h100-power) scaled between idle and limit; ${idleNote}; spec: ${spec}`,
  };
}

export const CHIPS: Readonly<Record<string, ChipSpec>> = {
  // Measured first (the default), then scaled.
  H200: {
    name: 'H200',
    tdpW: 700,
    idleW: 125.49,
    peakFlops: 989e12,
    memoryBytes: 141e9,
    curveDuty: DUTY,
    curveW: [125.49, 216.9, 329.69, 487.73, 625.25, 689.5, 697.21],
    source: 'curve: models/data/h200-power/phases.csv (measured); spec: reference.md §1.1 (NVIDIA via hmc-tech.com)',
  },
  H100: {
    name: 'H100',
    tdpW: 700,
    idleW: 129.45,
    peakFlops: 989.4e12,
    memoryBytes: 80e9,
    curveDuty: DUTY,
    curveW: H100_W,
    source:
      'curve: models/data/h100-power/phases.csv (measured); spec: reference.md §1.1 (NVIDIA via glennklockwood.com)',
  },
  V100: scaled(
    'V100',
    300,
    undefined,
    125e12,
    undefined,
    'reference.md §1.1 (SXM2 300 W TDP; FP16 tensor 125 TFLOP/s, no bf16; Patterson et al. 2021 via MLCarbon)',
  ),
  A100: scaled(
    'A100',
    400,
    undefined,
    312e12,
    80e9,
    'reference.md §1.1 (SXM4 80 GB: 400 W, 312 TFLOP/s bf16; glennklockwood.com citing NVIDIA)',
  ),
  B200: scaled(
    'B200',
    1000,
    undefined,
    2250e12,
    192e9,
    'reference.md §1.1 (HGX 1,000 W config, 2,250 TFLOP/s dense bf16; glennklockwood.com)',
  ),
  TPUv4: scaled(
    'TPUv4',
    192,
    90,
    275e12,
    32e9,
    'reference.md §1.1-1.2 (192 W max, 90 W min used as idle, 275 TFLOP/s bf16; Jouppi et al. 2023 via glennklockwood.com and MLCarbon)',
  ),
};

export const CHIP_NAMES = Object.keys(CHIPS) as [string, ...string[]];

/**
 * The measured training-like pattern (1 s on, 0.25 s off) on the H200
 * (models/data/h200-power/phases.csv): not on the curve, which is measured
 * at steady duty steps and draws more at the same duty; the docs compare the two.
 */
export const H200_TRAIN_LIKE = { duty: 0.8, w: 593.81 } as const;

export type PowerCurve = (duty: number) => number;

/** Piecewise-linear interpolation through points (clamped at the ends). */
function powerCurve(duty: readonly number[], watts: readonly number[]): PowerCurve {
  const s = piecewiseLinear(duty, watts);
  return (d) => s(d);
}

export function chipCurve(chip: ChipSpec): PowerCurve {
  return powerCurve(chip.curveDuty, chip.curveW);
}

/**
 * A server's power other than its accelerators (CPUs, memory, network,
 * fans): a fixed part plus a part that follows the accelerators' load.
 */
export interface ServerSpec {
  readonly chipsPerServer: number;
  /** Non-accelerator power of one server at no load, W. */
  readonly fixedW: number;
  /** Non-accelerator power that scales with the accelerators' load (0 idle to 1 at their limit), W. */
  readonly loadW: number;
}

/**
 * Power per chip including its share of the server, against duty:
 * chip(d) + (fixed + load * u(d)) / chipsPerServer, with u the chip's power
 * as a share of its range from idle to limit. Linear in chip power, so a
 * cluster's power is the sum over its duty histogram.
 */
export function perChipCurve(chip: ChipSpec, server?: ServerSpec): PowerCurve {
  const c = chipCurve(chip);
  if (!server) return c;
  const fixed = server.fixedW / server.chipsPerServer;
  const follow = server.loadW / server.chipsPerServer / (chip.tdpW - chip.idleW);
  return (d) => {
    const w = c(d);
    return w + fixed + follow * (w - chip.idleW);
  };
}

/** GPUs are 55 % of a DGX H100's 10.2 kW (8 x 700 W; reference.md §1.4; DGX B200 gives 56 %). */
const GPU_SHARE_OF_SERVER = 0.55;

const curvePoints = z
  .array(z.tuple([z.number().min(0).max(1), quantity('power', { min: 0 })]))
  .min(2)
  .meta({
    description:
      'Own power curve: [duty, power] points, duty ascending from 0 to 1, power not falling and at most the tdp (give tdp to raise it); its first point is the idle power, e.g. [[0, 100 W], [1, 700 W]]',
  });

/** Overrides of a catalogue entry in a model file. */
export const chipOverrideSchema = z
  .strictObject({
    tdp: quantity('power', { positive: true }, 'Board power limit').optional(),
    idle: quantity('power', { min: 0 }, 'Idle board power').optional(),
    // A figure in FLOP/s (989e12 for an H100) where TFLOP/s is asked ran training a trillion times too fast.
    peak_tflops: z
      .number()
      .positive()
      .refine((v) => v <= 1e6, {
        message: 'a peak in TFLOP/s (1e12 FLOP/s), at most 1,000,000 (an exaflop a chip; an H100 is 989)',
      })
      // And one in PFLOP/s, as Blackwell and MI355X datasheets quote it (a B200's 2.25), ran training a thousand times
      // too slow: no data-centre accelerator since the P100 (18.7 TFLOP/s at fp16) peaks under 10 TFLOP/s.
      .refine((v) => v >= 10, {
        message:
          'a peak in TFLOP/s (1e12 FLOP/s), at least 10 (a datasheet in PFLOP/s is a thousand times it: a B200 is 2.25 PFLOP/s, 2250)',
      })
      .optional()
      .meta({ description: 'Peak dense bf16 TFLOP/s, 10 to 1,000,000 (an H100: 989; a B200, 2.25 PFLOP/s: 2250)' }),
    memory_gb: z.number().positive().optional().meta({
      description:
        "Memory, GB: recorded with the chip (summary.json's model), read by no figure: inference decodes at a rate that follows peak_tflops, so a larger or faster memory is the service's throughput_scale",
    }),
    curve: curvePoints.optional(),
  })
  .meta({
    description:
      'Override catalogue values of the chip; a new tdp or idle rescales the curve between them, the tdp drawn exactly at duty 1',
  });

type ChipOverride = z.output<typeof chipOverrideSchema>;

/**
 * The first point of an override's curve whose duty is out of place, and what was expected there: a first point not
 * at duty 0, one not above the point before, a last not at 1. Until 7 December 2026 each was refused at the curve as
 * a whole, 'expected curve points with duty ascending from 0 to 1, found a list of 2', naming no point.
 */
export function curveDutyFault(duty: readonly number[]): { at: number; expected: string } | undefined {
  if (duty[0] !== 0) return { at: 0, expected: 'a first point at duty 0, the idle power (duty ascending from 0 to 1)' };
  for (let i = 1; i < duty.length; i++)
    if (!(duty[i] > duty[i - 1]))
      return { at: i, expected: `a duty above the point before's, ${duty[i - 1]} (duty ascending from 0 to 1)` };
  const last = duty.length - 1;
  if (duty[last] !== 1) return { at: last, expected: 'a last point at duty 1, full duty (duty ascending from 0 to 1)' };
  return undefined;
}

/** A catalogue entry with a model's overrides applied; a message if the curve is malformed. */
export function overrideChip(b: ChipSpec, c: ChipOverride): ChipSpec | string {
  const tdpW = c.tdp ?? b.tdpW;
  const idleW = c.idle ?? (c.curve ? c.curve[0][1] : b.idleW);
  let curveDuty = b.curveDuty,
    curveW = b.curveW;
  if (c.curve) {
    const d = c.curve.map((p) => p[0]);
    if (curveDutyFault(d)) return 'curve points with duty ascending from 0 to 1';
    curveDuty = d;
    curveW = c.curve.map((p) => p[1]);
  } else if (c.tdp !== undefined || c.idle !== undefined) {
    // A stated limit is drawn at duty 1; without one the curve keeps its own end (measured or scaled).
    curveW = rescaled(b.curveW, idleW, c.tdp ?? b.curveW[b.curveW.length - 1]);
  }
  return {
    name: b.name,
    tdpW,
    idleW,
    curveDuty,
    curveW,
    peakFlops: c.peak_tflops !== undefined ? c.peak_tflops * 1e12 : b.peakFlops,
    memoryBytes: c.memory_gb !== undefined ? c.memory_gb * 1e9 : b.memoryBytes,
    source: `${b.source}; overridden in the model`,
  };
}

/**
 * Where an override's own curve leaves the chip's range: a point above the tdp (the server's load-following power
 * scales with the chip's power over its range from idle to tdp, so it too would pass its maximum), a point below
 * the one before (the power cap's bisection needs power rising with duty), or an `idle` that is not the curve's
 * first point. The field, the point's index for a curve point, and what was expected; undefined if none.
 */
export function curveFault(
  spec: ChipSpec,
  c: ChipOverride,
): { field: 'curve' | 'idle'; at?: number; expected: string } | undefined {
  if (!c.curve) return undefined;
  const w = spec.curveW;
  if (c.idle !== undefined && c.idle !== w[0])
    return { field: 'idle', expected: `the idle power of the curve's first point (${w[0]} W)` };
  for (let i = 0; i < w.length; i++) {
    if (w[i] > spec.tdpW)
      return {
        field: 'curve',
        at: i,
        expected: `curve power at most the tdp (${spec.tdpW} W${c.tdp === undefined ? '; set chip_override.tdp to raise it' : ''})`,
      };
    if (i > 0 && w[i] < w[i - 1])
      return {
        field: 'curve',
        at: i,
        expected: `curve power that does not fall as duty rises (${w[i - 1]} W before it)`,
      };
  }
  return undefined;
}

export const serverSchema = z.strictObject({
  chips: z.number().int().positive().prefault(8).meta({ description: 'Accelerators per server (8 in a DGX/HGX)' }),
  other_max: quantity(
    'power',
    { min: 0 },
    "Non-accelerator power of one server at full load, beside its accelerators: not the server's rating (a DGX H100's 10.2 kW is other_max 4.6 kW beside its 8 x 700 W; the rating written here is taken on top of the boards, a server of 15.8 kW) (default: accelerators are 55 % of the server, as in a DGX H100: 8 x 700 W of 10.2 kW, reference.md \u00a71.3-1.4)",
  ).optional(),
  fixed_share: quantity(
    'fraction',
    { min: 0, max: 1 },
    'Share of that power drawn whatever the load (ASSUMED 0.5: no published split found)',
  ).prefault(0.5),
});

type ServerInput = z.output<typeof serverSchema>;

export function serverSpec(chip: ChipSpec, s: ServerInput): ServerSpec {
  const other = s.other_max ?? (s.chips * chip.tdpW * (1 - GPU_SHARE_OF_SERVER)) / GPU_SHARE_OF_SERVER;
  return { chipsPerServer: s.chips, fixedW: other * s.fixed_share, loadW: other * (1 - s.fixed_share) };
}
