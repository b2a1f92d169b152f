import fc from 'fast-check';
import { scaleLinear } from 'd3-scale';
import { describe, expect, it } from 'vitest';
import { piecewiseLinear } from '../../src/model/interpolate.ts';
import { CHIPS } from '../../src/model/chips.ts';

const d3Of = (xs: number[], ys: number[]) => scaleLinear<number, number>().domain(xs).range(ys).clamp(true);
const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });

describe('piecewiseLinear', () => {
  it('gives the numbers d3-scale gives, bit for bit, inside, at and beyond the points', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(finite, finite), { minLength: 2, maxLength: 8 }),
        fc.boolean(),
        fc.array(finite, { minLength: 1, maxLength: 20 }),
        (pts, ascending, probes) => {
          // Sorted either way, with repeated x kept (a zero-width segment).
          const sorted = [...pts].sort((a, b) => (ascending ? a[0] - b[0] : b[0] - a[0]));
          const xs = sorted.map((p) => p[0]);
          const ys = sorted.map((p) => p[1]);
          const ours = piecewiseLinear(xs, ys);
          const theirs = d3Of(xs, ys);
          for (const x of [...probes, ...xs, xs[0] - 1, xs[xs.length - 1] + 1])
            expect(Object.is(ours(x), theirs(x)), `f(${x}) through ${JSON.stringify(sorted)}`).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('inverts as d3-scale does, for increasing and decreasing values', () => {
    fc.assert(
      fc.property(
        // Distinct as numbers: 0 and -0 are one point (the default comparator, SameValue, let [0, -0] through as a
        // zero-width domain, whose inverse d3 gives as -0 and ours as 0: seed -2054056819 on 5 December 2026).
        fc.uniqueArray(finite, { minLength: 2, maxLength: 8, comparator: 'SameValueZero' }),
        fc.uniqueArray(finite, { minLength: 8, maxLength: 8, comparator: 'SameValueZero' }),
        fc.array(finite, { minLength: 1, maxLength: 20 }),
        (xsRaw, ysRaw, probes) => {
          const n = Math.min(xsRaw.length, ysRaw.length);
          const xs = xsRaw.slice(0, n).sort((a, b) => a - b);
          const ys = ysRaw.slice(0, n).sort((a, b) => (xs.length % 2 ? a - b : b - a));
          const ours = piecewiseLinear(xs, ys);
          const theirs = d3Of(xs, ys);
          for (const y of [...probes, ...ys])
            expect(Object.is(ours.invert(y), theirs.invert(y)), `invert(${y})`).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reproduces the catalogue curves exactly (the H200 at every duty in steps of 0.001)', () => {
    const c = CHIPS.H200;
    const ours = piecewiseLinear(c.curveDuty as number[], c.curveW as number[]);
    const theirs = d3Of(c.curveDuty as number[], c.curveW as number[]);
    for (let k = -10; k <= 1010; k++) expect(ours(k / 1000)).toBe(theirs(k / 1000));
    expect(ours(NaN)).toBe(theirs(NaN));
  });
});
