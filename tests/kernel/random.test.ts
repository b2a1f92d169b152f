import { describe, expect, it } from 'vitest';
import { RandomStreams, Rng, logGamma } from '../../src/kernel/random.ts';
import { normalCdf } from '../../src/kernel/normal-cdf.ts';

const N = 200_000;

function stats(draw: () => number, n = N): { mean: number; variance: number } {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / n;
  return { mean, variance: (sumSq - n * mean * mean) / (n - 1) };
}

/** Relative closeness with a stated tolerance. */
function near(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(rel * Math.abs(expected));
}

describe('RandomStreams', () => {
  it('same seed and name give the same sequence; another name or seed differs', () => {
    const a = new RandomStreams(42).stream('smr-2:outages');
    const b = new RandomStreams(42).stream('smr-2:outages');
    const c = new RandomStreams(42).stream('smr-1:outages');
    const d = new RandomStreams(43).stream('smr-2:outages');
    const seqA = Array.from({ length: 50 }, () => a.uniform());
    expect(Array.from({ length: 50 }, () => b.uniform())).toEqual(seqA);
    expect(Array.from({ length: 50 }, () => c.uniform())).not.toEqual(seqA);
    expect(Array.from({ length: 50 }, () => d.uniform())).not.toEqual(seqA);
  });

  it('caches streams by name, and a new stream does not disturb another', () => {
    const s = new RandomStreams('run');
    const x = s.stream('x');
    expect(s.stream('x')).toBe(x);
    const first = [x.uniform(), x.uniform()];
    s.stream('y').uniform();
    const third = x.uniform();
    const alone = new RandomStreams('run').stream('x');
    expect([alone.uniform(), alone.uniform(), alone.uniform()]).toEqual([...first, third]);
  });

  it('numeric and string seeds agree (the seed is the string form)', () => {
    expect(new RandomStreams(7).stream('a').uniform()).toBe(new RandomStreams('7').stream('a').uniform());
  });
});

describe('Rng', () => {
  const streams = new RandomStreams(2027);

  it('uniform is in (0,1) even when the source returns 0', () => {
    const zeros = [0, 0, 0.25];
    const rng = new Rng(() => zeros.shift() ?? 0.5);
    expect(rng.uniform()).toBe(0.25);
    const r = streams.stream('u');
    const s = stats(() => r.uniform());
    near(s.mean, 0.5, 0.01);
    near(s.variance, 1 / 12, 0.02);
  });

  it('between, int and pick cover their ranges evenly', () => {
    const r = streams.stream('ranges');
    near(stats(() => r.between(-2, 6)).mean, 2, 0.02);
    const counts = new Map<number, number>();
    for (let i = 0; i < 60_000; i++) {
      const k = r.int(-1, 4);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([-1, 0, 1, 2, 3, 4]);
    for (const n of counts.values()) near(n, 10_000, 0.05);
    const picks = new Set(Array.from({ length: 200 }, () => r.pick(['a', 'b', 'c'] as const)));
    expect(picks).toEqual(new Set(['a', 'b', 'c']));
    expect(r.int(5, 5)).toBe(5);
    expect(() => r.int(3, 2)).toThrow(RangeError);
    expect(() => r.int(0.5, 2)).toThrow(RangeError);
    expect(() => r.pick([])).toThrow(RangeError);
  });

  it('exponential has mean 1/rate and variance 1/rate^2', () => {
    const r = streams.stream('exp');
    const s = stats(() => r.exponential(4));
    near(s.mean, 0.25, 0.01);
    near(s.variance, 1 / 16, 0.03);
    expect(() => r.exponential(0)).toThrow(RangeError);
  });

  it('normal has the right mean and variance, and its spare keeps streams reproducible', () => {
    const r = streams.stream('normal');
    const s = stats(() => r.normal(10, 3));
    near(s.mean, 10, 0.003);
    near(s.variance, 9, 0.02);
    const z = stats(() => r.normal());
    expect(Math.abs(z.mean)).toBeLessThan(0.01);
    // Fraction within one sd: 68.27%.
    let inside = 0;
    for (let i = 0; i < N; i++) if (Math.abs(r.normal()) < 1) inside++;
    near(inside / N, 0.6827, 0.01);
    const a = new RandomStreams(1).stream('n');
    const b = new RandomStreams(1).stream('n');
    expect([a.normal(), a.normal(), a.normal()]).toEqual([b.normal(), b.normal(), b.normal()]);
  });

  it('lognormal and lognormalMeanCv match their moments', () => {
    const r = streams.stream('lognormal');
    const mu = 1;
    const sigma = 0.5;
    const s = stats(() => r.lognormal(mu, sigma));
    near(s.mean, Math.exp(mu + sigma ** 2 / 2), 0.01);
    near(s.variance, (Math.exp(sigma ** 2) - 1) * Math.exp(2 * mu + sigma ** 2), 0.05);
    const m = stats(() => r.lognormalMeanCv(30, 0.4));
    near(m.mean, 30, 0.01);
    near(Math.sqrt(m.variance) / m.mean, 0.4, 0.03);
    expect(r.lognormalMeanCv(5, 0)).toBeCloseTo(5, 12);
  });

  it('weibull matches its mean and variance', () => {
    const r = streams.stream('weibull');
    const k = 1.5;
    const lambda = 2;
    const g = (x: number) => Math.exp(logGamma(x));
    const s = stats(() => r.weibull(k, lambda));
    near(s.mean, lambda * g(1 + 1 / k), 0.01);
    near(s.variance, lambda ** 2 * (g(1 + 2 / k) - g(1 + 1 / k) ** 2), 0.03);
    expect(() => r.weibull(0, 1)).toThrow(RangeError);
  });

  it.each([0.5, 3, 9.5, 10, 25, 140, 5000])('poisson(%d) has mean = variance = the mean', (lambda) => {
    const r = streams.stream(`poisson-${lambda}`);
    const s = stats(() => r.poisson(lambda));
    near(s.mean, lambda, 0.01);
    near(s.variance, lambda, 0.03);
  });

  it.each([4, 25])('poisson(%d) frequencies fit the pmf (chi-square)', (lambda) => {
    const r = streams.stream(`poisson-pmf-${lambda}`);
    const n = 100_000;
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const k = r.poisson(lambda);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect([...counts.keys()].every((k) => Number.isInteger(k) && k >= 0)).toBe(true);
    // Bins with expected count >= 50, tails pooled.
    const pmf = (k: number) => Math.exp(-lambda + k * Math.log(lambda) - logGamma(k + 1));
    let chi2 = 0;
    let bins = 0;
    let tailP = 1;
    let tailObs = n;
    for (let k = 0; k < 10 * lambda; k++) {
      const e = n * pmf(k);
      if (e < 50) continue;
      const o = counts.get(k) ?? 0;
      chi2 += (o - e) ** 2 / e;
      tailP -= pmf(k);
      tailObs -= o;
      bins++;
    }
    chi2 += (tailObs - n * tailP) ** 2 / (n * tailP);
    bins++;
    // Mean of chi-square is df = bins - 1, sd sqrt(2 df): allow mean + 5 sd.
    const df = bins - 1;
    expect(chi2).toBeLessThan(df + 5 * Math.sqrt(2 * df));
  });

  it('poisson(0) is 0 and bad means throw', () => {
    const r = streams.stream('p0');
    expect(r.poisson(0)).toBe(0);
    expect(() => r.poisson(-1)).toThrow(RangeError);
    expect(() => r.poisson(NaN)).toThrow(RangeError);
  });

  it('logGamma matches factorials', () => {
    for (let n = 1; n < 30; n++) {
      let f = 1;
      for (let i = 2; i < n; i++) f *= i;
      expect(logGamma(n)).toBeCloseTo(Math.log(f), 9);
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 9);
  });
});

describe('normalCdf', () => {
  it('gives the standard normal table to 1e-7', () => {
    // Abramowitz and Stegun, Table 26.1.
    for (const [z, p] of [
      [0, 0.5],
      [1, 0.8413447461],
      [-1, 0.1586552539],
      [1.959963985, 0.975],
      [-3, 0.001349898],
      [5, 0.9999997133],
    ] as const)
      expect(Math.abs(normalCdf(z) - p)).toBeLessThan(1e-7);
  });
});
