import { describe, expect, it } from 'vitest';
import { PowerChain, powerChainSchema } from '../../src/facility/power-chain.ts';

const chain = (cfg: unknown, designW: number) => new PowerChain(powerChainSchema.parse(cfg), designW);

describe('power chain', () => {
  it('constant efficiencies multiply', () => {
    const c = chain({ ups: { efficiency: 0.95 }, pdu: { efficiency: '98%' }, psu: { efficiency: 0.94 } }, 1e6);
    expect(c.inputW(4e5)).toBeCloseTo(4e5 / (0.95 * 0.98 * 0.94), 6);
  });

  it('P_in = (P_out + P_fixed) / η(load fraction), η interpolated linearly in the load fraction', () => {
    const c = chain(
      {
        ups: {
          efficiency: [
            [0, 0.5],
            [1, 0.9],
          ],
          fixed: '100 W',
        },
        pdu: { efficiency: 1 },
        psu: { efficiency: 1 },
      },
      1000,
    );
    // UPS output = IT (the stages below are lossless); at 500 W the load fraction is 0.5: η = 0.7.
    expect(c.inputW(500)).toBeCloseTo(600 / 0.7, 9);
    expect(c.inputW(1000)).toBeCloseTo(1100 / 0.9, 9);
    // Held flat beyond the last point.
    expect(c.inputW(2000)).toBeCloseTo(2100 / 0.9, 9);
  });

  it("a stage's load fraction is its output over its output at design IT power", () => {
    // The PSU (90 %) feeds the UPS: at design the UPS carries 1000 / 0.9 W.
    const c = chain(
      {
        ups: {
          efficiency: [
            [0, 0.6],
            [1, 0.96],
          ],
        },
        pdu: { efficiency: 1 },
        psu: { efficiency: 0.9 },
      },
      1000,
    );
    const out = 250 / 0.9;
    expect(c.inputW(250)).toBeCloseTo(out / (0.6 + 0.36 * 0.25), 9);
  });

  it('the defaults cite a double-conversion UPS (95 %) and a 98 % PDU, PSU at the plug', () => {
    const c = chain({}, 1e6);
    expect(c.inputW(1e6)).toBeCloseTo(1e6 / (0.95 * 0.98), 3);
  });

  it('refuses a curve whose input falls as its load rises: no stage loses less as it carries more', () => {
    const refusal = (efficiency: unknown): string => {
      const r = powerChainSchema.safeParse({ ups: { efficiency } });
      if (r.success) return 'accepted';
      // A curve point's efficiency is a quantity (a share of 1 or "85%"), so a union of the constant and the curve whose
      // both forms refuse comes back whole: the curve's issues are those at a path, as the loader reports them.
      const issues = r.error.issues.flatMap((i) =>
        i.code === 'invalid_union'
          ? (i.errors.find((b) => b.some((x) => x.path.length > 0)) ?? [i]).map((x) => ({
              ...x,
              path: [...i.path, ...x.path],
            }))
          : [i],
      );
      return issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    };
    // A 1 kW stage on [[0.1, 0.3], [0.2, 0.9]] drew 100 / 0.3 = 333.3 W to deliver 100 W and 200 / 0.9 = 222.2 W to
    // deliver 200 W. The input at 0.2 is at least the one at 0.1 while η(0.2) <= 0.3 x 0.2 / 0.1 = 0.6.
    expect(
      refusal([
        [0.1, 0.3],
        [0.2, 0.9],
      ]),
    ).toBe(
      'ups.efficiency.1.1: an efficiency at most 0.6 at load 0.2: the input (load / efficiency) never falls as the load rises, and it is 0.3333 at [0.1, 0.3]',
    );
    // Points in any order are taken in load order (as the chain sorts them); the path names the point as written.
    expect(
      refusal([
        [1, 0.96],
        [0.2, 0.9],
        [0.1, 0.3],
      ]),
    ).toMatch(/^ups\.efficiency\.1\.1: an efficiency at most 0\.6 at load 0\.2/);
    // A step up in efficiency at one load is the same fall.
    expect(
      refusal([
        [0.5, 0.9],
        [0.5, 0.95],
      ]),
    ).toMatch(/^ups\.efficiency\.1\.1: an efficiency at most 0\.9 at load 0\.5/);
    // The input equal at two loads is taken (its least), as are the docs' UPS curve and one from zero load.
    expect(
      refusal([
        [0.1, 0.3],
        [0.2, 0.6],
      ]),
    ).toBe('accepted');
    expect(
      refusal([
        [0.1, 0.86],
        [0.25, 0.93],
        [0.5, 0.95],
        [1, 0.96],
      ]),
    ).toBe('accepted');
    expect(
      refusal([
        [0, 0.01],
        [0.01, 1],
      ]),
    ).toBe('accepted');
    // A point's efficiency is bounded as a constant's is: at least 1 % (0.001 ran at a PUE of 1,188).
    expect(
      refusal([
        [0, 0.001],
        [1, 0.001],
      ]),
    ).toMatch(/ups\.efficiency\.0\.1: .*0\.01/);
  });

  it('is monotone in the IT power (the power cap bisects on it)', () => {
    const c = chain(
      {
        ups: {
          efficiency: [
            [0.1, 0.85],
            [0.25, 0.93],
            [0.5, 0.96],
            [1, 0.95],
          ],
          fixed: '5 kW',
        },
        psu: {
          efficiency: [
            [0, 0.8],
            [0.5, 0.94],
            [1, 0.92],
          ],
        },
      },
      1e6,
    );
    let last = -Infinity;
    for (let w = 0; w <= 1.5e6; w += 1e4) {
      const p = c.inputW(w);
      expect(p).toBeGreaterThan(last);
      last = p;
    }
  });
});
