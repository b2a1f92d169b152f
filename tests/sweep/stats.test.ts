import { describe, expect, it } from 'vitest';
import { meanCi95, studentTCdf, studentTQuantile } from '../../src/sweep/stats.ts';

describe('Student t', () => {
  // t(0.975, df) from published tables (NIST/SEMATECH e-Handbook 1.3.6.7.2; Abramowitz & Stegun 26.10).
  it.each([
    [1, 12.7062047362],
    [2, 4.30265272975],
    [3, 3.18244630528],
    [4, 2.7764451052],
    [5, 2.57058183564],
    [10, 2.22813885196],
    [20, 2.08596344727],
    [30, 2.0422724563],
    [100, 1.98397151852],
  ])('t(0.975, %i) = %f', (df, t) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 8);
  });

  it('tends to the normal quantile 1.959964 for large df, and the CDF is symmetric', () => {
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959964, 5);
    expect(studentTCdf(0, 5)).toBeCloseTo(0.5, 14);
    expect(studentTCdf(-1.3, 7) + studentTCdf(1.3, 7)).toBeCloseTo(1, 14);
    // df = 1 is Cauchy: F(t) = 1/2 + atan(t)/pi.
    expect(studentTCdf(2.5, 1)).toBeCloseTo(0.5 + Math.atan(2.5) / Math.PI, 12);
  });
});

describe('mean and 95% interval', () => {
  it('is mean ± t s/√n', () => {
    const m = meanCi95([1, 2, 3, 4]);
    const half = (3.18244630528 * Math.sqrt(5 / 3)) / 2;
    expect(m.mean).toBe(2.5);
    expect(m.lo).toBeCloseTo(2.5 - half, 9);
    expect(m.hi).toBeCloseTo(2.5 + half, 9);
  });

  it('one replicate has no interval; equal values have a zero-width one', () => {
    expect(meanCi95([3])).toEqual({ n: 1, mean: 3 });
    expect(meanCi95([2, 2, 2])).toMatchObject({ lo: 2, hi: 2 });
  });

  it('covers the true mean about 95% of the time (normal samples of 5)', () => {
    // A fixed LCG and Box-Muller, so the test is deterministic; 4000 intervals: 95% ± 1.1% (3 sigma).
    let s = 12345;
    const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 1) / 4294967297;
    const normal = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    let hits = 0;
    for (let i = 0; i < 4000; i++) {
      const m = meanCi95(Array.from({ length: 5 }, () => 10 + 3 * normal()));
      if (m.lo! <= 10 && 10 <= m.hi!) hits++;
    }
    expect(hits / 4000).toBeGreaterThan(0.939);
    expect(hits / 4000).toBeLessThan(0.961);
  });
});

describe('Wilson interval of a proportion (the LOLP across replicates)', () => {
  // Hand: z = 1.96, n = 10: k = 0 gives centre = half = (z²/2n)/(1 + z²/n) = 0.13877, so [0, 0.2775];
  // k = 5 gives 0.5 ± 1.96 sqrt(0.025 + 0.009604)/1.38416 = [0.2366, 0.7634] (Newcombe 1998, Table I).
  it('0 of 10 and 5 of 10', async () => {
    const { wilson95 } = await import('../../src/sweep/stats.ts');
    const none = wilson95(0, 10);
    expect(none.mean).toBe(0);
    expect(none.lo).toBe(0);
    expect(none.hi).toBeCloseTo(0.2775, 4);
    const half = wilson95(5, 10);
    expect(half.lo).toBeCloseTo(0.2366, 4);
    expect(half.hi).toBeCloseTo(0.7634, 4);
    expect(wilson95(10, 10).hi).toBe(1);
    expect(wilson95(10, 10).lo).toBeCloseTo(1 - 0.2775, 4);
  });

  it('0 of n has a lower bound of exactly 0 and n of n an upper bound of exactly 1, for every n', async () => {
    // centre - half is 0 in exact arithmetic; in floats it was 5.6e-17 at n = 3 (a sweep of 3 replicates with no
    // loss of load wrote reliability.any_loss_of_load.ci95_lo 5.551115123125783e-17), and n of 10 gave 0.9999999999999999.
    const { wilson95 } = await import('../../src/sweep/stats.ts');
    for (let n = 1; n <= 50; n++) {
      expect(wilson95(0, n).lo, `0 of ${n}`).toBe(0);
      expect(wilson95(n, n).hi, `${n} of ${n}`).toBe(1);
    }
  });
});
