/**
 * The accelerator catalogue. Power curves are board power (W) against duty
 * (the share of time the chip computes), from measurements shipped in
 * models/data (see each folder's README); a test checks the points here
 * against those files.
 */
export interface ChipSpec {
  readonly name: string;
  /** Board power limit, W. */
  readonly tdpW: number;
  /** Power with a context open and nothing running, W. */
  readonly idleW: number;
  /** Peak dense bf16 (or fp16 where no bf16) throughput, FLOP/s. */
  readonly peakFlops: number;
  /** Memory, bytes. */
  readonly memoryBytes: number;
  /** Duty points 0..1, ascending, first 0 and last 1. */
  readonly curveDuty: readonly number[];
  /** Board power at each duty point, W. */
  readonly curveW: readonly number[];
  /** Where the values come from. */
  readonly source: string;
}

const DUTY = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1];

export const CHIPS: Readonly<Record<string, ChipSpec>> = {
  H200: {
    name: 'H200', tdpW: 700, idleW: 125.49, peakFlops: 989e12, memoryBytes: 141e9,
    curveDuty: DUTY, curveW: [125.49, 216.9, 329.69, 487.73, 625.25, 689.5, 697.21],
    source: 'curve: models/data/h200-power/phases.csv (measured); spec: reference.md §1.1 (NVIDIA via hmc-tech.com)',
  },
  H100: {
    name: 'H100', tdpW: 700, idleW: 129.45, peakFlops: 989.4e12, memoryBytes: 80e9,
    curveDuty: DUTY, curveW: [129.45, 222.98, 335.81, 493.56, 637.75, 687.61, 698.09],
    source: 'curve: models/data/h100-power/phases.csv (measured); spec: reference.md §1.1 (NVIDIA via glennklockwood.com)',
  },
};

export const CHIP_NAMES = Object.keys(CHIPS) as [string, ...string[]];
