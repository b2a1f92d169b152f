/**
 * Mean and Student-t 95% confidence interval of a point's replicates:
 * mean ± t(0.975, n-1) · s/√n, with s the sample standard deviation (n-1).
 * The t quantile is found by bisection on the exact t distribution function
 * (regularized incomplete beta), so no table limits n.
 */

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; about 15 significant digits). */
function lnGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaCf(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaCf(a, b, x)) / a : 1 - (front * betaCf(b, a, 1 - x)) / b;
}

/** P(T <= t) for Student's t with df degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

const quantiles = new Map<string, number>();

/** The p-quantile (0.5 < p < 1) of Student's t with df degrees of freedom. */
export function studentTQuantile(p: number, df: number): number {
  const key = `${p}:${df}`;
  const hit = quantiles.get(key);
  if (hit !== undefined) return hit;
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  const q = (lo + hi) / 2;
  quantiles.set(key, q);
  return q;
}

interface MeanCi {
  n: number;
  mean: number;
  /** Bounds of the 95% interval; undefined when n < 2. */
  lo?: number;
  hi?: number;
}

/** Mean and 95% Student-t interval, summing in the given order (so results are reproducible). */
export function meanCi95(xs: readonly number[]): MeanCi {
  const n = xs.length;
  if (n === 0) return { n, mean: NaN };
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  if (n < 2) return { n, mean };
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  const half = studentTQuantile(0.975, n - 1) * Math.sqrt(ss / (n - 1) / n);
  return { n, mean, lo: mean - half, hi: mean + half };
}

/**
 * The same interval for a figure that cannot be negative (an energy, hours,
 * carbon: every replicate >= 0): its lower bound is cut at zero, where the
 * symmetric t interval would reach below it (a rare shortfall's mean with a
 * wide spread); the cut interval holds the mean with at least the same
 * probability.
 */
export function meanCi95NonNegative(xs: readonly number[]): MeanCi {
  const m = meanCi95(xs);
  return m.lo !== undefined && m.lo < 0 && xs.every((x) => x >= 0) ? { ...m, lo: 0 } : m;
}

/** The same for a share (every replicate in 0..1: goodput, a CFE score, an availability): cut at 0 and at 1. */
export function meanCi95Share(xs: readonly number[]): MeanCi {
  const m = meanCi95NonNegative(xs);
  return m.hi !== undefined && m.hi > 1 && xs.every((x) => x <= 1) ? { ...m, hi: 1 } : m;
}

/**
 * The 95% Wilson score interval of a proportion k/n (Wilson 1927): the
 * interval for a share of replicates (the loss-of-load probability), which
 * stays inside 0..1 and is not empty when k is 0 or n, unlike mean ± t·s/√n.
 */
export function wilson95(k: number, n: number): MeanCi {
  if (n === 0) return { n, mean: NaN };
  const z = 1.959963984540054;
  const p = k / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n))) / (1 + z2n);
  // At 0 of n the lower bound is 0, and at n of n the upper bound 1, exactly: centre - half leaves 5.6e-17 at n = 3.
  return {
    n,
    mean: p,
    lo: k === 0 ? 0 : Math.max(0, centre - half),
    hi: k === n ? 1 : Math.min(1, centre + half),
  };
}

const TIE = 1e-9;

/**
 * Whether two values are a tie (within TIE of each other, relative to `b`, or absolute below 1): a sizing's answer's
 * rule and its fronts', and a pair that differences.csv counts as no difference (equal figures summed in another order).
 */
export function tied(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= TIE * Math.max(1, Math.abs(b));
}
