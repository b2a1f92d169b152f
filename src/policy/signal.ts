/**
 * The grid's signals as a policy sees them: carbon intensity (kg/J) and
 * energy price (USD/J) now, and their hourly forecast. A forecast is perfect
 * (the trace itself) or noisy: the value of each clock hour times
 * exp(sigma z_h - sigma^2/2), a multiplicative lognormal error of mean 1 with
 * one standard normal z_h per hour drawn in hour order from the seeded stream
 * `forecast:<signal>`. The draws are shared by every run and every sigma, so
 * runs with a better and a worse forecast compare on common random numbers,
 * and no other component's draws move.
 */
import type { Rng } from '../kernel/random.ts';
import type { Signal } from '../supply/supply.ts';

const HOUR = 3600;
/** Epoch 0 was a Thursday: weeks start 4 days later, on Monday 00:00 UTC. */
const WEEK_OFFSET_S = 4 * 86400;

type SignalName = 'carbon' | 'price';

/** The grid as the signals read it: its values now, and at any time (the perfect forecast). */
interface GridReadings {
  carbonKgPerJ(): number;
  priceUsdPerJ(): number;
  signalAt?(t: number): Signal;
}

/** One best-hours rule's current period: the forecast of each of its hours and the threshold (the k-th lowest). */
interface Period {
  index: number;
  firstHour: number;
  forecasts: Float64Array;
  threshold: number;
}

export class GridSignals {
  private readonly z: Record<SignalName, number[]> = { carbon: [], price: [] };
  /** Each rule's current period, by rule key (signal, sigma, hours, period). */
  private readonly periods = new Map<string, Period>();
  /** Hour index of the first hour a forecast may be asked for (a week before the start: a period's first hour). */
  private readonly h0: number;

  constructor(
    private readonly grid: GridReadings,
    private readonly rng: (signal: SignalName) => Rng,
    private readonly startEpochS: number,
  ) {
    this.h0 = Math.floor(startEpochS / HOUR) - 168;
  }

  /** The signal's value now. */
  now(signal: SignalName): number {
    return signal === 'carbon' ? this.grid.carbonKgPerJ() : this.grid.priceUsdPerJ();
  }

  /** The signal's value at t (the perfect forecast of t). */
  value(signal: SignalName, t: number): number {
    const s = this.grid.signalAt!(t);
    return signal === 'carbon' ? s.carbonKgPerJ : s.priceUsdPerJ;
  }

  /** The forecast of the hour holding t, with error sigma. */
  forecast(signal: SignalName, sigma: number, t: number): number {
    const v = this.value(signal, t);
    if (sigma === 0) return v;
    const h = Math.floor((this.startEpochS + t) / HOUR) - this.h0;
    const z = this.z[signal];
    while (z.length <= h) z.push(this.rng(signal).normal());
    return v * Math.exp(sigma * z[h] - (sigma * sigma) / 2);
  }

  /**
   * Is the hour holding t among the `hours` best (lowest) forecast hours of
   * its period (a UTC day or a week from Monday)? Hours tied with the last
   * one chosen count as chosen, so a flat signal never holds a run. A
   * period's forecast is made once, when it is first asked about.
   */
  inBest(key: string, signal: SignalName, sigma: number, hours: number, periodS: number, t: number): boolean {
    const offset = periodS === 86400 ? 0 : WEEK_OFFSET_S;
    const e = this.startEpochS + t;
    const index = Math.floor((e - offset) / periodS);
    let p = this.periods.get(key);
    if (p === undefined || p.index !== index) {
      const first = index * periodS + offset - this.startEpochS;
      const forecasts = Float64Array.from({ length: periodS / HOUR }, (_, i) =>
        this.forecast(signal, sigma, first + i * HOUR),
      );
      const sorted = Float64Array.from(forecasts).sort();
      p = {
        index,
        firstHour: (index * periodS + offset) / HOUR,
        forecasts,
        threshold: sorted[Math.min(hours, sorted.length) - 1],
      };
      this.periods.set(key, p);
    }
    return p.forecasts[Math.floor(e / HOUR) - p.firstHour] <= p.threshold;
  }
}
