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

  /**
   * Integrate the current levels up to t, closing periods on the way. Every load and step runs at
   * every call, the next period's index included: a period closes once a month, and an operation the
   * JIT had not seen run would then throw away its code, and with it the site's recomputation that
   * inlines this (a ten-year run's first month end did).
   */
  advance(t: number): void {
    const { level, periods, sums, peaks } = this;
    const lastPeriod = periods.length - 1;
    if (lastPeriod < 0) return;
    let p = this.p;
    for (;;) {
      const endS = periods[p].endS;
      const end = Math.min(t, endS);
      const dt = end - this.last;
      if (dt > 0) {
        const acc = sums[p];
        const peak = peaks[p];
        for (let i = 0; i < acc.length; i++) {
          const x = level[i];
          acc[i] += x * dt;
          if (x > peak[i]) peak[i] = x;
        }
        this.last = end;
      }
      const open = t < endS;
      const atLast = p === lastPeriod;
      const next = p + 1;
      if (open || atLast) break;
      p = next;
    }
    this.p = p;
  }
}
