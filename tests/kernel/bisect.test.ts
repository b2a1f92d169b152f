/** The one bisection, and the power cap built on it, against answers known in closed form. */
import { describe, expect, it } from 'vitest';
import { bisect } from '../../src/kernel/bisect.ts';
import { capFactor, capFits, largestFitting, largestIt, type CapFacility } from '../../src/facility/cap.ts';

describe('bisect', () => {
  it('finds the largest x with x² ≤ 2 to the tolerance, from below', () => {
    const x = bisect((v) => v * v <= 2, 0, 2, 1e-12);
    expect(x).toBeLessThanOrEqual(Math.SQRT2);
    expect(Math.SQRT2 - x).toBeLessThan(1e-12);
  });

  it('over whole numbers is exact: the largest n with n² ≤ 50 is 7', () => {
    const asked: number[] = [];
    expect(bisect((n) => (asked.push(n), n * n <= 50), 0, 51, 1, true)).toBe(7);
    expect(asked.every(Number.isInteger)).toBe(true);
  });

  it('never asks the ends, and stops when no float is left between them', () => {
    const asked: number[] = [];
    expect(bisect((v) => (asked.push(v), false), 0, 1, 1e-9)).toBe(0);
    expect(asked).not.toContain(0);
    expect(asked).not.toContain(1);
    // A tolerance below the spacing of floats near 1 (2.2e-16) would loop for ever without the stop.
    const x = bisect((v) => v <= 1, 0.5, 1 + 2 ** -52, 1e-30);
    expect(x).toBe(1);
  });
});

describe('power cap', () => {
  /** 1,000 W of IT at full duty, linear in the factor; facility power 1.25 × IT. */
  const facility = (maxItW = Infinity): CapFacility => ({
    itAt: (_loads, x) => 1000 * x,
    demandAt: (it) => 1.25 * it,
    maxItW: () => maxItW,
  });

  it('throttles to the supply: 600 W of facility power carries 480 W of IT, factor 0.48', () => {
    expect(capFactor(facility(), [], 600)).toBeCloseTo(0.48, 8);
    expect(capFactor(facility(), [], 600)).toBeLessThanOrEqual(0.48);
  });

  it('throttles to the cooling: at most 300 W of IT, factor 0.3, whatever the supply', () => {
    expect(capFactor(facility(300), [], Infinity)).toBeCloseTo(0.3, 8);
    expect(capFactor(facility(300), [], 600)).toBeCloseTo(0.3, 8);
  });

  it('is 1 with no limit or a load that fits, and asks nothing when nothing limits', () => {
    let asked = 0;
    const f: CapFacility = { itAt: () => (asked++, 1e12), demandAt: (it) => it, maxItW: () => Infinity };
    expect(capFactor(f, [], Infinity)).toBe(1);
    expect(asked).toBe(0);
    expect(largestFitting(capFits(facility(), [], 2000))).toBe(1);
  });

  it("the radiator's largest IT power: facility power 1.25 × IT under 1 MW of heat is 800 kW", () => {
    expect(largestIt(1e6, (it) => 1.25 * it)).toBeCloseTo(8e5, 2);
    expect(largestIt(1e6, (it) => 1.25 * it)).toBeLessThanOrEqual(8e5);
    expect(largestIt(Infinity, (it) => it)).toBe(Infinity);
  });
});
