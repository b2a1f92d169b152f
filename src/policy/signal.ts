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
import { ZoneOffsets } from '../kernel/zone.ts';

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
  private readonly zEarly: Record<SignalName, number[]> = { carbon: [], price: [] };
  /** Each rule's current period, by rule key (signal, sigma, hours, period). */
  private readonly periods = new Map<string, Period>();
  /** The time zones best-hours rules count their periods in, by name. */
  private readonly zones = new Map<string, ZoneOffsets>();
  /** Hour index of the first hour of the forecasts' draws (a week before the start: a UTC period's first hour; a week on a clock east of UTC may begin earlier, zEarly). */
  private readonly h0: number;

  constructor(
    private readonly grid: GridReadings,
    private readonly rng: (purpose: string) => Rng,
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

  /** Whether the grid has the signal's value at t (a trace covering only the run has none for the hours outside it). */
  private known(signal: SignalName, t: number): boolean {
    const s = this.grid.signalAt!(t);
    return (signal === 'carbon' ? s.carbonKnown : s.priceKnown) ?? true;
  }

  /** The forecast of the hour holding t, with error sigma. */
  forecast(signal: SignalName, sigma: number, t: number): number {
    const v = this.value(signal, t);
    if (sigma === 0) return v;
    const h = Math.floor((this.startEpochS + t) / HOUR) - this.h0;
    // A week on a clock east of UTC can begin before h0: its hours draw, backwards, from a stream of their own.
    const [z, i, purpose] = h >= 0 ? [this.z[signal], h, signal] : [this.zEarly[signal], -1 - h, `${signal}:early`];
    while (z.length <= i) z.push(this.rng(purpose).normal());
    return v * Math.exp(sigma * z[i] - (sigma * sigma) / 2);
  }

  /**
   * Is the hour holding t among the `hours` best (lowest) forecast hours of
   * its period (a day or a week from Monday, UTC or on a zone's clock)? Hours
   * tied with the last one chosen count as chosen, so a flat signal never
   * holds a run. A period's forecast is made once, when it is first asked about.
   * Hours the grid has no value for (a trace covering only the run: a first
   * day from midnight before a start at noon, a week from Monday) are left
   * out of the ranking, not read as the trace's first or last row.
   */
  inBest(
    key: string,
    signal: SignalName,
    sigma: number,
    best: { readonly hours: number; readonly periodS: number; readonly zone?: string },
    t: number,
  ): boolean {
    const { hours, periodS } = best;
    const offset = periodS === 86400 ? 0 : WEEK_OFFSET_S;
    const e = this.startEpochS + t;
    const zone = best.zone === undefined ? undefined : this.zone(best.zone);
    // On a zone's clock each UTC hour counts in the local period it begins in.
    const hour = Math.floor(e / HOUR);
    const index = zone
      ? Math.floor((hour * HOUR + zone.offsetS(hour * HOUR) - offset) / periodS)
      : Math.floor((e - offset) / periodS);
    let p = this.periods.get(key);
    if (p === undefined || p.index !== index) {
      const firstHour = zone ? firstHourOf(zone, index * periodS + offset) : (index * periodS + offset) / HOUR;
      const n = zone ? firstHourOf(zone, (index + 1) * periodS + offset) - firstHour : periodS / HOUR;
      let known = 0;
      const forecasts = Float64Array.from({ length: n }, (_, i) => {
        const ti = (firstHour + i) * HOUR - this.startEpochS;
        if (!this.known(signal, ti)) return NaN; // never chosen (NaN <= x is false), sorted last
        known++;
        return this.forecast(signal, sigma, ti);
      });
      const sorted = Float64Array.from(forecasts).sort();
      p = { index, firstHour, forecasts, threshold: sorted[Math.min(hours, known) - 1] };
      this.periods.set(key, p);
    }
    return p.forecasts[hour - p.firstHour] <= p.threshold;
  }

  private zone(name: string): ZoneOffsets {
    let z = this.zones.get(name);
    if (z === undefined) this.zones.set(name, (z = new ZoneOffsets(name)));
    return z;
  }
}

/** The first UTC hour (epoch hours) that begins at or after the local time `localS` on the zone's clock. */
function firstHourOf(zone: ZoneOffsets, localS: number): number {
  const local = (h: number): number => h * HOUR + zone.offsetS(h * HOUR);
  let h = Math.ceil((localS - zone.offsetS(localS)) / HOUR);
  while (local(h) < localS) h++;
  while (local(h - 1) >= localS) h--;
  return h;
}
