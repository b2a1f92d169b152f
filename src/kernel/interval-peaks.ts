/**
 * A utility's billing demand: the largest mean of a level over the clock's fixed intervals (15 minutes by
 * default, aligned to the hour in UTC: 00:00-00:15, ...) in each billing period (src/kernel/calendar.ts,
 * billingMonths), where the period's peak (src/kernel/periods.ts) is its largest level held for any time. A
 * demand charge bills the former ("the highest 15-minute mean of the power in the billing period": Germany's
 * MessZV §2 Nr. 17; US tariffs
 * likewise by 15- or 30-minute intervals). An interval counts in the period it starts in; the run's first
 * and last intervals, cut by its start and end, are the mean over their simulated part.
 *
 * Time-of-use windows (a tariff's peak-period demand): each window's peak per period is the largest mean among the
 * intervals whose clock start (epoch s, before the run's start for the interval it starts inside) the window holds.
 */
import type { Period } from './calendar.ts';

/** The demand interval where a grid's costs give none, s: 15 minutes. */
export const DEMAND_INTERVAL_S = 900;

export class IntervalPeaks {
  /** Per period, the largest interval mean (the level's unit; 0 where none). */
  readonly peaks: Float64Array;
  /** Per window, per period, the largest mean of the intervals that start in it (0 where none). */
  readonly windowPeaks: Float64Array[];
  /** The current interval's start, s from the run's start (below 0 for the interval the run starts inside). */
  private from: number;
  private sum = 0;
  private last = 0;
  private p = 0;

  constructor(
    /** The level held since the last `advance` (read before it changes). */
    private readonly level: () => number,
    readonly intervalS: number,
    private readonly startEpochS: number,
    /** The billing periods, offsets from the run's start (one beginning after the run's end has none of it). */
    readonly periods: readonly Period[],
    /** Time-of-use windows: does the interval starting at this instant (epoch s) count in it? */
    private readonly windows: readonly ((epochS: number) => boolean)[] = [],
  ) {
    this.peaks = new Float64Array(periods.length);
    this.windowPeaks = windows.map(() => new Float64Array(periods.length));
    this.from = Math.floor(startEpochS / intervalS) * intervalS - startEpochS;
  }

  /** Integrate the level held up to `t` (s from the start), closing the intervals it passes. */
  advance(t: number): void {
    const x = this.level();
    while (this.last < t) {
      const to = this.from + this.intervalS;
      const end = Math.min(t, to);
      this.sum += x * (end - this.last);
      this.last = end;
      if (end === to) this.close();
    }
  }

  /** At the run's end `t`: integrate to it and close the interval it cuts. */
  finish(t: number): void {
    this.advance(t);
    if (this.last > Math.max(this.from, 0)) this.close();
  }

  private close(): void {
    const from = Math.max(this.from, 0);
    const mean = this.sum / (this.last - from);
    const { periods } = this;
    while (this.p < periods.length - 1 && from >= periods[this.p].endS) this.p++;
    if (mean > this.peaks[this.p]) this.peaks[this.p] = mean;
    for (let w = 0; w < this.windows.length; w++)
      if (mean > this.windowPeaks[w][this.p] && this.windows[w](this.startEpochS + this.from))
        this.windowPeaks[w][this.p] = mean;
    this.from += this.intervalS;
    this.sum = 0;
  }
}
