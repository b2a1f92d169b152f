import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { human } from '../../src/output/terminal/table.ts';

/** What human() stands in for: en-US number formatting with a fixed number of decimals, through ICU. */
const icu = (x: number, d: number): string =>
  x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

describe('human', () => {
  it('writes what en-US toLocaleString writes, for every finite double and 0 to 4 decimals', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 4 }), (x, d) => {
        expect(human(x, d)).toBe(icu(x, d));
      }),
      { numRuns: 20_000 },
    );
  });

  it('rounds the shortest decimal half away from zero, as ICU does, not the binary value as toFixed does', () => {
    const cases: [number, number][] = [
      [1.005, 2], // 1.00499999999999989...: toFixed says 1.00
      [2.675, 2],
      [0.35, 1],
      [-0.25, 1],
      [999.95, 1],
      [-999.95, 1],
      [0.5, 0],
      [2.5, 0],
      [-0, 1],
      [-0.04, 1],
      [0.06, 1],
      [0.004, 1],
      [5e-324, 1],
      [1e21, 1],
      [123456789.125, 2],
      [1234, 0],
      [Number.MAX_VALUE, 0],
    ];
    for (const [x, d] of cases) expect(human(x, d), `${x} to ${d}`).toBe(icu(x, d));
    expect(human(1234567.891, 2)).toBe('1,234,567.89');
    expect(human(-0.04, 1)).toBe('-0.0');
    expect(human(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(human(Number.NaN)).toBe('NaN');
  });

  it('rounds numbers of a few decimals as ICU does (ties included)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        (n, p, d) => {
          const x = n / 10 ** p;
          expect(human(x, d)).toBe(icu(x, d));
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
