/**
 * Exact integration of piecewise-constant levels into calendar periods
 * (the run's months, src/kernel/calendar.ts), with each level's peak per
 * period. It runs beside the Recorder on the same levels, so a period's
 * integral is the rows' sum over that period and the periods sum to the
 * run's totals: monthly.csv, yearly.csv and the economics' ledger.
 */
import type { Period } from '../kernel/calendar.ts';

export class PeriodRecorder {
  /** Current level of each channel (SI per second or a count). */
  readonly level: Float64Array;
  /** Per period: each channel's integral, and its largest level held for some time in it (-Infinity if none). */
  readonly sums: Float64Array[];
  readonly peaks: Float64Array[];
  private p = 0;
  private last = 0;

  constructor(
    readonly channels: number,
    readonly periods: readonly Period[],
  ) {
    this.level = new Float64Array(channels);
    this.sums = periods.map(() => new Float64Array(channels));
    this.peaks = periods.map(() => new Float64Array(channels).fill(-Infinity));
  }

  /** Integrate the current levels up to t, closing periods on the way. */
  advance(t: number): void {
    const { level, periods } = this;
    while (this.p < periods.length) {
      const end = Math.min(t, periods[this.p].endS);
      const dt = end - this.last;
      if (dt > 0) {
        const acc = this.sums[this.p];
        const peak = this.peaks[this.p];
        for (let i = 0; i < acc.length; i++) {
          const x = level[i];
          acc[i] += x * dt;
          if (x > peak[i]) peak[i] = x;
        }
        this.last = end;
      }
      if (t < periods[this.p].endS || this.p === periods.length - 1) break;
      this.p++;
    }
  }
}
