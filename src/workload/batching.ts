/**
 * Inference throughput and power against batch size, from the measured
 * 7B-shaped decode on one H100 (models/data/h100-inference-proxy; a test
 * checks these points against inference.csv). Below batch 1 the chip is
 * busy part of the time: throughput and power above idle scale with the
 * share. Between measured batches, piecewise linear.
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

const H100 = CHIPS.H100;
const powerToDuty = piecewiseLinear(H100.curveW, H100.curveDuty);

export interface BatchCurve {
  /** Most tokens/s one chip serves (at the largest batch). */
  readonly maxTps: number;
  /** The batch a chip runs at to serve `tps` tokens/s (capped at the largest). */
  batchFor(tps: number): number;
  tpsAt(batch: number): number;
  /** Duty-equivalent of the power at a batch. */
  dutyAt(batch: number): number;
}

/**
 * The service's curve: throughput scaled by `scale` (model size, and the
 * chip's peak bf16 relative to the H100's), batches up to `maxBatch`.
 */
export function batchCurve(maxBatch: number, scale: number): BatchCurve {
  const tps = piecewiseLinear(
    BATCH,
    TOKENS_PER_S.map((t) => t * scale),
  );
  const watts = piecewiseLinear(BATCH, POWER_W);
  const maxTps = tps(maxBatch);
  return {
    maxTps,
    batchFor: (x) => (x >= maxTps ? maxBatch : Math.max(0, tps.invert(x))),
    tpsAt: (b) => tps(b),
    dutyAt: (b) => powerToDuty(watts(b)),
  };
}
