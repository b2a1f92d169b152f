/**
 * Named, seeded random streams. Each stream is its own alea generator seeded from
 * `${runSeed}:${name}`, so adding a component (a new stream) never shifts another
 * component's draws, and sweep points compare on common random numbers.
 */
import seedrandom from 'seedrandom';

export class RandomStreams {
  private readonly streams = new Map<string, Rng>();
  readonly seed: string;

  constructor(seed: number | string) {
    if (typeof seed === 'number' && !Number.isFinite(seed)) {
      throw new RangeError(`RandomStreams: expected a finite seed, found ${seed}`);
    }
    this.seed = String(seed);
  }

  /** The stream called `name`; asking twice returns the same object, mid-sequence. */
  stream(name: string): Rng {
    let rng = this.streams.get(name);
    if (rng === undefined) {
      rng = new Rng(seedrandom.alea(`${this.seed}:${name}`));
      this.streams.set(name, rng);
    }
    return rng;
  }
}

const TWO_PI = 2 * Math.PI;

export class Rng {
  private spare = 0;
  private hasSpare = false;

  /** `next` returns uniforms in [0, 1); alea's have 32 bits of resolution. */
  constructor(private readonly next: () => number) {}

  /** Uniform in (0, 1): never exactly 0, so logs and divisions are safe. */
  uniform(): number {
    let u = this.next();
    while (u === 0) u = this.next();
    return u;
  }

  /** Uniform in (lo, hi). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Integer uniform on [lo, hi], both ends included. */
  int(lo: number, hi: number): number {
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) {
      throw new RangeError(`Rng.int: expected integers lo <= hi, found ${lo}, ${hi}`);
    }
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Rng.pick: expected a non-empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** Exponential with the given rate (mean 1/rate). */
  exponential(rate: number): number {
    if (!(rate > 0)) throw new RangeError(`Rng.exponential: expected a rate > 0, found ${rate}`);
    return -Math.log(this.uniform()) / rate;
  }

  /** Normal by Box-Muller; the second value of each pair is kept for the next call. */
  normal(mean = 0, sd = 1): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return mean + sd * this.spare;
    }
    const r = Math.sqrt(-2 * Math.log(this.uniform()));
    const theta = TWO_PI * this.next();
    this.spare = r * Math.sin(theta);
    this.hasSpare = true;
    return mean + sd * r * Math.cos(theta);
  }

  /** exp(N(mu, sigma)): mu and sigma are those of the underlying normal. */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** Lognormal with the given mean and coefficient of variation (sd / mean). */
  lognormalMeanCv(mean: number, cv: number): number {
    if (!(mean > 0) || !(cv >= 0)) {
      throw new RangeError(`Rng.lognormalMeanCv: expected mean > 0 and cv >= 0, found ${mean}, ${cv}`);
    }
    const s2 = Math.log1p(cv * cv);
    return this.lognormal(Math.log(mean) - s2 / 2, Math.sqrt(s2));
  }

  /** Weibull with shape k and scale lambda (mean lambda * Γ(1 + 1/k)). */
  weibull(shape: number, scale: number): number {
    if (!(shape > 0) || !(scale > 0)) {
      throw new RangeError(`Rng.weibull: expected shape > 0 and scale > 0, found ${shape}, ${scale}`);
    }
    return scale * Math.pow(-Math.log(this.uniform()), 1 / shape);
  }

  /**
   * Poisson: Knuth's product of uniforms below a mean of 10 (cheap there), and
   * Hörmann's PTRS transformed rejection above (exact, O(1) expected draws).
   */
  poisson(mean: number): number {
    if (!(mean >= 0) || mean === Infinity) {
      throw new RangeError(`Rng.poisson: expected a finite mean >= 0, found ${mean}`);
    }
    if (mean === 0) return 0;
    if (mean < 10) {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.uniform();
      while (p > limit) {
        k++;
        p *= this.uniform();
      }
      return k;
    }
    return this.ptrs(mean);
  }

  /** W. Hörmann, "The transformed rejection method for generating Poisson random variables" (1993). */
  private ptrs(mu: number): number {
    const slam = Math.sqrt(mu);
    const logMu = Math.log(mu);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.uniform() - 0.5;
      const v = this.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mu + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      const lhs = Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b);
      if (lhs <= -mu + k * logMu - logGamma(k + 1)) return k;
    }
  }
}

const STIRLING = [
  8.333333333333333e-2, -2.777777777777778e-3, 7.936507936507937e-4, -5.952380952380952e-4, 8.417508417508418e-4,
  -1.917526917526918e-3, 6.41025641025641e-3, -2.955065359477124e-2, 1.796443723688307e-1, -1.3924322169059,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0: Stirling's series, shifted up to x >= 7 where it is accurate. */
export function logGamma(x: number): number {
  if (x === 1 || x === 2) return 0;
  let x0 = x;
  let n = 0;
  if (x < 7) {
    n = Math.floor(7 - x);
    x0 = x + n;
  }
  const x2 = 1 / (x0 * x0);
  let series = STIRLING[9];
  for (let k = 8; k >= 0; k--) series = series * x2 + STIRLING[k];
  let g = series / x0 + HALF_LOG_TWO_PI + (x0 - 0.5) * Math.log(x0) - x0;
  for (let k = 0; k < n; k++) {
    x0 -= 1;
    g -= Math.log(x0);
  }
  return g;
}
