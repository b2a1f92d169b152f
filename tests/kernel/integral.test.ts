import { describe, expect, it } from 'vitest';
import { Integral } from '../../src/kernel/integral.ts';

describe('Integral', () => {
  it('integrates levels that hold between updates, read in place', () => {
    const power = new Float64Array([2, 5]);
    const on = new Float64Array([1]);
    const integral = new Integral([power, on]);
    integral.advance(10); // 0..10 at [2, 5] and 1
    power[0] = 4;
    on[0] = 0;
    integral.advance(15); // 10..15 at [4, 5] and 0
    integral.advance(15); // no time: nothing
    power[1] = -1;
    integral.advance(20); // 15..20 at [4, -1]
    expect([...integral.totals[0]]).toEqual([2 * 10 + 4 * 10, 5 * 15 - 5]);
    expect([...integral.totals[1]]).toEqual([10]);
  });

  it('adds level × dt per stretch, as the hand-written integrators it replaces did (same bits)', () => {
    const level = new Float64Array(1);
    const integral = new Integral([level]);
    let byHand = 0;
    let last = 0;
    for (let k = 1; k <= 1000; k++) {
      const t = k * 0.37 + Math.sin(k) * 0.1;
      integral.advance(t);
      byHand += level[0] * (t - last);
      last = t;
      level[0] = 1e6 * Math.cos(k);
    }
    expect(integral.totals[0][0]).toBe(byHand);
  });
});
