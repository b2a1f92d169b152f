/**
 * Exact integration of piecewise-constant levels into output rows. Levels
 * (W, $/s, kg/s, counts) hold between updates; `advance(t)` integrates them
 * up to t, closing rows at step boundaries. A row holds the interval's
 * integral (sum channels) or integral over length (mean channels), so rows
 * sum to the run's totals whatever the step.
 */

export interface Channel {
  /** CSV header, with its unit. */
  readonly name: string;
  /** mean: time average; sum: integral; ratio: integral of column `num` over integral of column `den`. */
  readonly kind: 'mean' | 'sum' | 'ratio';
  /** Applied to the mean or the integral (e.g. 1e-3 for W to kW, 1/3.6e9 for J to MWh). */
  readonly scale: number;
  readonly decimals: number;
  readonly num?: string;
  readonly den?: string;
}

/**
 * A column a part of the site contributes: the site reads `level()` at each
 * recomputation and hands it to the recorder. Parts (workload, facility,
 * supply) declare these as plain objects.
 */
export interface Meter extends Channel {
  level(): number;
  /**
   * How fast the level moves until the next recomputation, per second, for a level that is
   * linear rather than constant between events (a battery's state of charge); 0 if absent.
   */
  slope?(): number;
  /**
   * Where the level lives, when it is an element of a Float64Array (a dispatch's result, a
   * cluster's IT power): the site reads it there at each recomputation, the same number
   * `level()` gives, without a call.
   */
  readonly levelAt?: readonly [Float64Array, number];
}

/** A meter's level that is element `i` of `a`: the call and the place, made together so that they cannot disagree. */
export function levelIn(a: Float64Array, i: number): Required<Pick<Meter, 'level' | 'levelAt'>> {
  return { level: () => a[i], levelAt: [a, i] };
}

/**
 * The run's integral of a meter, SI (J for a power meter, USD for a cost rate, kg for carbon),
 * looked up by the meter object itself: each part reads its own totals back without knowing
 * column names or positions.
 */
export type Totals = (meter: Meter) => number;

/**
 * Where the recorder's rows go: an object with a method, not a closure. A run's rows go through
 * one call site in closeRow and repeatRow, which the JIT inlines by its target: a method of one
 * class is the same target in every run of a process (a sweep's worker), where a closure made for
 * each run was a new target, and the second run threw away the code compiled for the first.
 */
export interface RowSink {
  row(rowStartS: number, rowLengthS: number, values: Float64Array): void;
}

export class Recorder {
  /** Current level of each channel, SI units per second (W, $/s, kg/s) or a count. */
  readonly level: Float64Array;
  /** Its rate of change per second (0 but for linear levels); set with the level, integrated exactly. */
  readonly slope: Float64Array;
  /** Integral of each channel over the whole run so far (closed rows only). */
  readonly total: Float64Array;
  private readonly acc: Float64Array;
  /** The integrals of the last whole row closed under unchanged levels, for the rows that repeat it. */
  private readonly rowAcc: Float64Array;
  private readonly out: Float64Array;
  private readonly num: Int32Array;
  private readonly den: Int32Array;
  /** Per channel, read once: 0 sum, 1 mean, 2 ratio; and the scale (the hot loop touches no objects). */
  private readonly kind: Uint8Array;
  private readonly scale: Float64Array;
  private last = 0;
  private row = 0;
  private rowEnd: number;
  rows = 0;

  constructor(
    readonly channels: readonly Channel[],
    readonly stepS: number,
    readonly endS: number,
    private readonly sink: RowSink,
  ) {
    const n = channels.length;
    this.level = new Float64Array(n);
    this.slope = new Float64Array(n);
    this.total = new Float64Array(n);
    this.acc = new Float64Array(n);
    this.rowAcc = new Float64Array(n);
    this.out = new Float64Array(n);
    this.rowEnd = Math.min(stepS, endS);
    const index = (name: string | undefined, of: string): number => {
      const i = channels.findIndex((c) => c.name === name);
      if (i < 0) throw new Error(`ratio column ${of} refers to unknown column ${name}`);
      return i;
    };
    this.num = Int32Array.from(channels, (c) => (c.kind === 'ratio' ? index(c.num, c.name) : -1));
    this.den = Int32Array.from(channels, (c) => (c.kind === 'ratio' ? index(c.den, c.name) : -1));
    this.kind = Uint8Array.from(channels, (c) => (c.kind === 'sum' ? 0 : c.kind === 'mean' ? 1 : 2));
    this.scale = Float64Array.from(channels, (c) => c.scale);
  }

  /**
   * Integrate current levels from the last update up to t (t never decreases). Whole rows
   * under the same levels (no slope) are the same row: after the first, each adds the first's
   * integrals to the totals and goes to the sink again, its cells neither integrated nor
   * scaled anew (most rows of a long run at a short step see no change).
   */
  advance(t: number): void {
    if (t > this.endS) t = this.endS;
    this.closeRows(t);
    if (t > this.last) {
      this.accumulate(t - this.last);
      this.last = t;
    }
  }

  /** Close the rows that end by t (t <= endS), integrating the levels over them. */
  private closeRows(t: number): void {
    let repeatDt = NaN; // the length of the whole row just closed that the next ones repeat, if any
    while (t >= this.rowEnd && this.rowEnd > this.last) {
      const dt = this.rowEnd - this.last;
      if (dt === repeatDt) {
        this.repeatRow();
        continue;
      }
      const whole = this.last === this.row * this.stepS && !this.mixed;
      this.accumulate(dt);
      this.last = this.rowEnd;
      if (whole && this.sloped.length === 0) {
        this.rowAcc.set(this.acc);
        repeatDt = dt;
      }
      this.closeRow();
    }
  }

  /** A level of the open row changed inside it (`relevel`): the row is not one later rows repeat. */
  private mixed = false;

  /**
   * Set channel i's level from t on (t at or after the last update, i not a linear level), integrating
   * no other channel at t: the rows that end by t close, and the open row counts the old level up to t
   * and the new one after it. Every other channel's rows and totals are the same, to the bit, as without
   * the call. For a count that changes where nothing else does (a task queued at a full cluster), so
   * the site need not recompute its power at that instant.
   */
  relevel(i: number, value: number, t: number): void {
    if (t > this.endS) t = this.endS;
    this.closeRows(t);
    if (value === this.level[i]) return;
    if (t > this.last) {
      this.acc[i] += (this.level[i] - value) * (t - this.last);
      this.mixed = true;
    }
    this.level[i] = value;
  }

  /** The rows the run will have closed at its end. */
  get rowCount(): number {
    return Math.ceil(this.endS / this.stepS);
  }

  /** Close the last (possibly partial) row at the end of the run. */
  finish(): void {
    this.advance(this.endS);
  }

  private accumulate(dt: number): void {
    const { level, acc, slope } = this;
    for (let i = 0; i < acc.length; i++) acc[i] += level[i] * dt;
    // Linear levels (few): the trapezoid is exact; the level moves on to the end of dt.
    for (const i of this.sloped) {
      acc[i] += (slope[i] * dt * dt) / 2;
      level[i] += slope[i] * dt;
    }
  }

  /** Channels whose slope is not zero now (set by `setSlope`). */
  private sloped: number[] = [];

  /** Set channel i's slope from now on (its level must be set for now too). */
  setSlope(i: number, perS: number): void {
    if (this.slope[i] === perS) return;
    const was = this.slope[i] !== 0;
    this.slope[i] = perS;
    // The list changes only when a slope starts or stops (a battery's changes at nearly every dispatch).
    if (was === (perS !== 0)) return;
    this.sloped = [];
    for (let j = 0; j < this.slope.length; j++) if (this.slope[j] !== 0) this.sloped.push(j);
  }

  /** The row before again (see advance): its integrals, in rowAcc, added to the totals once more; the same cells. */
  private repeatRow(): void {
    const { rowAcc, total } = this;
    for (let i = 0; i < rowAcc.length; i++) total[i] += rowAcc[i];
    const start = this.row * this.stepS;
    this.last = this.rowEnd;
    this.sink.row(start, this.rowEnd - start, this.out);
    this.rows++;
    this.row++;
    this.rowEnd = Math.min((this.row + 1) * this.stepS, this.endS);
  }

  private closeRow(): void {
    const start = this.row * this.stepS;
    const len = this.rowEnd - start;
    const { acc, out, total, kind, scale } = this;
    for (let i = 0; i < acc.length; i++) {
      const k = kind[i];
      if (k === 0) out[i] = acc[i] * scale[i];
      else if (k === 1) out[i] = (acc[i] / len) * scale[i];
      else {
        const den = acc[this.den[i]];
        out[i] = den > 0 ? (acc[this.num[i]] / den) * scale[i] : NaN;
      }
    }
    for (let i = 0; i < acc.length; i++) {
      total[i] += acc[i];
      acc[i] = 0;
    }
    this.mixed = false;
    this.sink.row(start, len, out);
    this.rows++;
    this.row++;
    this.rowEnd = Math.min((this.row + 1) * this.stepS, this.endS);
  }
}
