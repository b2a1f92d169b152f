/**
 * Inference throughput and power on one H100, measured on a 7B-shaped model
 * (models/data/h100-inference-proxy; a test checks these points against
 * inference.csv), in its two phases:
 * - decode, one generated token per sequence per step, against batch. Below
 *   batch 1 the chip is busy part of the time: throughput and power above
 *   idle scale with the share. Between measured batches, piecewise linear.
 * - prefill, a prompt's tokens at once (compute-bound), against prompt
 *   length: linear between the two measured lengths, clamped beyond them.
 *
 * Power becomes a duty-equivalent: the duty at which the H100's measured
 * curve draws the same power. The facility then turns that duty into watts
 * through each chip's own curve, so other chips get the same shape scaled
 * between their idle and limit, like their catalogue curves.
 */
import { piecewiseLinear } from '../model/interpolate.ts';
import { CHIPS } from '../model/chips.ts';

/** Decode batch sizes measured, with tokens/s and board W (H100 idle 129.45 W at batch 0). */
export const BATCH = [0, 1, 8, 32, 128, 512];
export const TOKENS_PER_S = [0, 175.1, 1405.3, 5370.2, 20693.0, 44461.7];
export const POWER_W = [129.45, 428.6, 434.3, 472.7, 651.3, 687.1];

/** Prefill prompt lengths measured (tokens), with tokens/s and board W. */
export const PREFILL_PROMPT = [512, 4096];
export const PREFILL_TOKENS_PER_S = [44285.4, 49241.0];
export const PREFILL_POWER_W = [689.0, 672.2];

const H100 = CHIPS.H100;
const powerToDuty = piecewiseLinear(H100.curveW, H100.curveDuty);

export interface BatchCurve {
  /** Most decode tokens/s one chip serves (at the largest batch). */
  readonly maxTps: number;
  /** Prefill tokens/s of one chip at the service's prompt length. */
  readonly prefillTps: number;
  /** The decode batch a chip runs at to serve `tps` generated tokens/s while decoding (capped at the largest). */
  batchFor(tps: number): number;
  /** Duty-equivalent of the power with a share `prefill` of the time in prefill, the rest decoding at `batch`. */
  dutyAt(batch: number, prefill: number): number;
}

/**
 * The service's curve: throughput scaled by `scale` (model size, and the
 * chip's peak bf16 relative to the H100's), decode batches up to
 * `maxBatch`, prefill at prompts of `promptTokens`.
 */
export function batchCurve(maxBatch: number, scale: number, promptTokens: number): BatchCurve {
  const tps = piecewiseLinear(
    BATCH,
    TOKENS_PER_S.map((t) => t * scale),
  );
  const watts = piecewiseLinear(BATCH, POWER_W);
  const prefillW = piecewiseLinear(PREFILL_PROMPT, PREFILL_POWER_W)(promptTokens);
  const maxTps = tps(maxBatch);
  return {
    maxTps,
    prefillTps: piecewiseLinear(PREFILL_PROMPT, PREFILL_TOKENS_PER_S)(promptTokens) * scale,
    batchFor: (x) => (x >= maxTps ? maxBatch : Math.max(0, tps.invert(x))),
    dutyAt: (b, u) => powerToDuty(u * prefillW + (1 - u) * watts(b)),
  };
}
