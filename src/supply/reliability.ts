/**
 * Reliability and carbon-free figures that are defined per clock hour
 * (loss-of-load hours, the hourly 24/7 CFE score) or per minute (demand
 * ramps), whatever the output step. Fed at each dispatch with the levels
 * that hold from then on, it integrates them exactly into hour and minute
 * bins, as the recorder does into rows (MODELS.md "Reliability and carbon
 * vocabulary").
 */
import type { Period } from '../kernel/calendar.ts';
import { W_PER_KW } from '../model/units.ts';

/** Reliability and carbon-free figures of the supply (MODELS.md "Reliability and carbon vocabulary"). */
export interface ReliabilitySummary {
  /** Unserved energy: demand that no supply met (its mean over replicates is the EUE). */
  unserved_energy_mwh: number;
  /** Clock hours touched by the run (partial first and last hours count). */
  hours: number;
  /** Hours with any unmet demand (LOLH). */
  loss_of_load_hours: number;
  /** Their share of the hours. */
  loss_of_load_share: number;
  /** Largest instantaneous shortfall. */
  largest_shortfall_kw: number;
  /**
   * Shortfalls: spans of time with demand unmet (more than a billionth of it), each counted once where it starts,
   * however its level moves; spans that meet are one.
   */
  loss_of_load_events: number;
  /** The longest of them, h (0 without one). */
  longest_shortfall_h: number;
  /**
   * Hourly 24/7 carbon-free-energy score, Σ_h min(demand_h, carbon-free_h) / Σ_h demand_h, 0..1:
   * carbon-free_h is the carbon-free energy produced or offered in clock hour h (to the load,
   * storage or export, or curtailed; a store's by what it gives back), so surplus at one
   * instant counts against load at another instant of the same hour.
   */
  cfe_score: number;
  /** Supplies whose carbon-free share is unknown (a grid given only a flat intensity): counted as not carbon-free. */
  cfe_excludes: string[];
  /** Largest change in demand between consecutive one-minute means, per minute. */
  steepest_ramp_kw_per_min: number;
  curtailed_mwh: number;
  exported_mwh: number;
  /** 1 if any hour lost load, else 0: over a sweep's replicates its mean is the loss-of-load probability (LOLP, Wilson interval in points.csv). */
  any_loss_of_load?: number;
  /**
   * Loss-of-load hours per 8,760 hours, `loss_of_load_hours · 8760 / hours` (both count the clock hours touched):
   * over replicates its mean is the LOLE, h/year.
   */
  loss_of_load_hours_per_year?: number;
  /** Loss-of-load events per 8,760 hours, `loss_of_load_events · 8760 / hours`: over replicates its mean is the LOLF, a year. */
  loss_of_load_events_per_year?: number;
  /**
   * Share of the run's project years (yearly.csv) with any loss of load, each weighed by the part of it the run
   * holds (a partial last year is that part of a year): over replicates, the LOLP by year.
   */
  years_with_loss_of_load_share?: number;
}

/**
 * Per period (month) of the run: hours, loss-of-load hours, shortfalls (each in the period it starts in), demand and
 * carbon-free energy it met, J.
 */
export interface PeriodReliability {
  hours: Float64Array;
  lossOfLoadHours: Float64Array;
  lossOfLoadEvents: Float64Array;
  demandJ: Float64Array;
  cleanJ: Float64Array;
}

/** Integrates piecewise-constant levels into fixed bins aligned to the UTC clock. */
class Bins {
  private readonly acc: Float64Array;
  /** The levels of the current bin's first piece, and whether every later piece had the same. */
  private readonly first: Float64Array;
  private pieces = 0;
  private steady = true;
  private binStart = 0;
  private binEnd: number;
  private last = 0;

  constructor(
    private readonly sizeS: number,
    epochS: number,
    private readonly levels: Float64Array,
    /**
     * Called for `count` consecutive bins with the same integrals, the first starting at `startS`; `steady` when
     * the levels held through the bin unchanged (they are `levels` then, exactly: no sum of pieces to round).
     */
    private readonly close: (
      acc: Float64Array,
      lengthS: number,
      count: number,
      startS: number,
      steady: boolean,
    ) => void,
  ) {
    this.acc = new Float64Array(levels.length);
    this.first = new Float64Array(levels.length);
    this.binEnd = (Math.floor(epochS / sizeS) + 1) * sizeS - epochS;
  }

  /** Add a piece of `dt` > 0 under the current levels to the bin. */
  private piece(dt: number): void {
    const { acc, levels, first } = this;
    for (let i = 0; i < acc.length; i++) acc[i] += levels[i] * dt;
    if (this.pieces++ === 0) first.set(levels);
    else if (this.steady) for (let i = 0; i < acc.length; i++) if (levels[i] !== first[i]) this.steady = false;
  }

  /**
   * Integrate the levels up to t, closing every bin that ends on the way.
   * Whole bins under unchanged levels are identical: they close as one
   * call with a count, so a quiet year costs nothing per minute.
   */
  advance(t: number): void {
    const { acc, levels, sizeS } = this;
    if (t >= this.binEnd) {
      const dt = this.binEnd - this.last;
      if (dt > 0) this.piece(dt);
      this.close(acc, this.binEnd - this.binStart, 1, this.binStart, this.steady);
      const whole = Math.floor((t - this.binEnd) / sizeS);
      if (whole > 0) {
        for (let i = 0; i < acc.length; i++) acc[i] = levels[i] * sizeS;
        this.close(acc, sizeS, whole, this.binEnd, true);
      }
      for (let i = 0; i < acc.length; i++) acc[i] = 0;
      this.pieces = 0;
      this.steady = true;
      this.binStart = this.binEnd + whole * sizeS;
      this.binEnd = this.binStart + sizeS;
      this.last = this.binStart;
    }
    if (t > this.last) {
      this.piece(t - this.last);
      this.last = t;
    }
  }

  /** Close the last, possibly partial, bin at the end of the run. */
  finish(t: number): void {
    this.advance(t);
    if (t > this.binStart) this.close(this.acc, t - this.binStart, 1, this.binStart, this.steady);
    this.acc.fill(0);
    this.pieces = 0;
    this.steady = true;
    this.binStart = t;
  }
}

const DEMAND = 0;
const UNMET = 1;
const CLEAN = 2;
/**
 * Unmet demand is a loss of load above this share of the demand: float residue of a balance is not one. The hours
 * and the shortfalls (events) read the same share.
 */
const SHORT_SHARE = 1e-9;

/** The figures computed here; the supply system adds the energies (unserved, curtailed, exported). */
type ReliabilityFigures = Omit<
  ReliabilitySummary,
  'unserved_energy_mwh' | 'curtailed_mwh' | 'exported_mwh' | 'cfe_excludes'
>;

export class Reliability {
  private readonly hourLevels = new Float64Array(3);
  private readonly minuteLevels = new Float64Array(1);
  private readonly hours: Bins;
  private readonly minutes: Bins;
  private hourCount = 0;
  private lolh = 0;
  private demandJ = 0;
  private cleanJ = 0;
  private largestShortfallW = 0;
  /** The unmet level set at `unmetSince`: it counts in the largest shortfall once held for some time. */
  private unmetW = 0;
  private unmetSince = 0;
  /** The demand set with it, W. */
  private demandW = 0;
  /** Shortfalls begun; whether one is under way, and since when. */
  private shortfalls = 0;
  private inShortfall = false;
  private shortfallStartS = 0;
  private longestShortfallS = 0;
  /** The period the last shortfall began in (they begin in time order). */
  private shortfallPeriod = 0;
  private prevMinuteMeanW = NaN;
  private steepestWPerMin = 0;

  /** The same figures by period, when periods are given: an hour counts in the period its start (clipped to the run) falls in. */
  readonly byPeriod?: PeriodReliability;

  /**
   * Told each clock hour's demand as it closes: its start (s from the run's start; the first and last hour clipped to
   * the run), its energy, J, and how many equal hours from it (a policy's energy moved between hours, src/run.ts).
   */
  onHour?: (startS: number, demandJ: number, count: number) => void;

  constructor(
    epochS: number,
    private readonly periods: readonly Period[] = [],
  ) {
    const n = periods.length;
    const by =
      n > 0
        ? {
            hours: new Float64Array(n),
            lossOfLoadHours: new Float64Array(n),
            lossOfLoadEvents: new Float64Array(n),
            demandJ: new Float64Array(n),
            cleanJ: new Float64Array(n),
          }
        : undefined;
    this.byPeriod = by;
    let p = 0;
    this.hours = new Bins(3600, epochS, this.hourLevels, (acc, _len, count, startS) => {
      this.hourCount += count;
      const d = acc[DEMAND];
      const lol = acc[UNMET] > SHORT_SHARE * d + 1e-6; // and a microjoule, in an hour without demand
      if (lol) this.lolh += count;
      const clean = Math.min(d, acc[CLEAN]);
      this.demandJ += d * count;
      this.cleanJ += clean * count;
      this.onHour?.(startS, d, count);
      if (!by) return;
      // Spread `count` equal hours over the periods they start in.
      let t = Math.max(0, startS);
      let left = count;
      while (left > 0) {
        while (p < n - 1 && t >= this.periods[p].endS) p++;
        const k = p === n - 1 ? left : Math.min(left, Math.max(1, Math.ceil((this.periods[p].endS - t) / 3600)));
        by.hours[p] += k;
        if (lol) by.lossOfLoadHours[p] += k;
        by.demandJ[p] += d * k;
        by.cleanJ[p] += clean * k;
        left -= k;
        t += k * 3600;
      }
    });
    this.minutes = new Bins(60, epochS, this.minuteLevels, (acc, len, _count, _start, steady) => {
      if (len < 60) return; // partial first or last minute: no mean to compare
      // A minute under one level has that level for its mean, exactly: a constant demand ramps by 0, not by the
      // rounding of its pieces' sum (1e-13 kW/min).
      const mean = steady ? this.minuteLevels[0] : acc[0] / 60;
      const ramp = Math.abs(mean - this.prevMinuteMeanW);
      if (ramp > this.steepestWPerMin) this.steepestWPerMin = ramp;
      this.prevMinuteMeanW = mean;
    });
  }

  /** The levels from time t on: demand, unmet, and carbon-free power produced or offered (for hourly matching), W. */
  set(t: number, demandW: number, unmetW: number, cleanW: number): void {
    this.hours.advance(t);
    this.minutes.advance(t);
    this.hourLevels[DEMAND] = demandW;
    this.hourLevels[UNMET] = unmetW;
    this.hourLevels[CLEAN] = cleanW;
    this.minuteLevels[0] = demandW;
    this.commitShortfall(t);
    this.unmetW = unmetW;
    this.demandW = demandW;
    this.unmetSince = t;
  }

  /**
   * A shortfall held from `unmetSince` to t > unmetSince counts; one replaced within its instant, or set at the end,
   * does not. Held, it begins a loss-of-load event unless one is under way; a level held without one ends it.
   */
  private commitShortfall(t: number): void {
    if (!(t > this.unmetSince)) return;
    if (this.unmetW > this.largestShortfallW) this.largestShortfallW = this.unmetW;
    const short = this.unmetW > SHORT_SHARE * this.demandW;
    if (short && !this.inShortfall) {
      this.shortfalls++;
      this.shortfallStartS = this.unmetSince;
      if (this.byPeriod) {
        const ps = this.periods;
        while (this.shortfallPeriod < ps.length - 1 && this.unmetSince >= ps[this.shortfallPeriod].endS)
          this.shortfallPeriod++;
        this.byPeriod.lossOfLoadEvents[this.shortfallPeriod]++;
      }
    } else if (!short && this.inShortfall) this.endShortfall(this.unmetSince);
    this.inShortfall = short;
  }

  private endShortfall(t: number): void {
    this.longestShortfallS = Math.max(this.longestShortfallS, t - this.shortfallStartS);
  }

  /** Close the last hour at the end of the run and report. */
  finish(t: number): ReliabilityFigures {
    this.commitShortfall(t);
    if (this.inShortfall) this.endShortfall(t);
    this.hours.finish(t);
    this.minutes.finish(t);
    return {
      hours: this.hourCount,
      loss_of_load_hours: this.lolh,
      loss_of_load_share: this.hourCount > 0 ? this.lolh / this.hourCount : 0,
      largest_shortfall_kw: this.largestShortfallW / W_PER_KW,
      loss_of_load_events: this.shortfalls,
      longest_shortfall_h: this.longestShortfallS / 3600,
      cfe_score: this.demandJ > 0 ? this.cleanJ / this.demandJ : 0,
      steepest_ramp_kw_per_min: this.steepestWPerMin / W_PER_KW,
    };
  }
}
