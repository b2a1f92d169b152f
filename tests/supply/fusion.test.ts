import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/kernel/time.ts';
import { drive } from './drive.ts';

const DAY = 86400;
const START = '2027-07-01';

function run(extra: Record<string, unknown>, seed = 1) {
  const levels: [number, number][] = [];
  const d = drive({
    supplies: [{ kind: 'fusion-ppa', capacity: '50 MW', availability: 1, ...extra }, { kind: 'grid' }],
    durationS: 3 * 365 * DAY,
    start: START,
    seed,
    demand: [[0, 80e6]],
    onDispatch: ({ sim, system }) => levels.push([sim.now, system.result.deliveredW[0]]),
  });
  const s = d.run();
  return {
    levels,
    detail: s.sources[0].detail as {
      start_utc: string;
      slip_days: number;
      offered_mwh: number;
      used_mwh: number;
      paid_usd: number;
    },
  };
}

describe('fusion PPA', () => {
  it('delivers exactly zero before 2028-01-01 and its contracted 50 MW from then on', () => {
    const { levels, detail } = run({});
    const startS = parseDate('2028-01-01') - parseDate(START);
    for (const [t, w] of levels) expect(w).toBe(t < startS ? 0 : 50e6);
    expect(levels.some(([t]) => t === startS)).toBe(true);
    expect(detail.offered_mwh).toBeCloseTo(50 * (3 * 365 * 24 - startS / 3600), 6);
  });

  it('a slipped start is drawn once per seed: zero before it, contracted power after', () => {
    const starts = new Set<string>();
    for (const seed of [1, 2, 3, 4]) {
      const { levels, detail } = run({ slip: { median: '6mo', sigma: 0.5 } }, seed);
      const slippedS = parseDate(detail.start_utc.replace(' ', 'T')) - parseDate(START);
      expect(detail.slip_days).toBeGreaterThan(0);
      // The first non-zero instant is the slipped start (to the second of the timestamp).
      const first = levels.find(([, w]) => w > 0)!;
      expect(Math.abs(first[0] - slippedS)).toBeLessThan(1);
      for (const [t, w] of levels) expect(w).toBe(t < first[0] ? 0 : 50e6);
      expect(run({ slip: { median: '6mo', sigma: 0.5 } }, seed).detail.start_utc).toBe(detail.start_utc);
      starts.add(detail.start_utc);
    }
    expect(starts.size).toBe(4);
  });

  it('take-or-pay: every MWh offered is paid, used or not', () => {
    const d = drive({
      supplies: [{ kind: 'fusion-ppa', capacity: '50 MW', availability: 1, start: '2027-01-01', price: '80 $/MWh' }],
      durationS: 10 * DAY,
      demand: [[0, 20e6]],
    });
    const detail = d.run().sources[0].detail as { offered_mwh: number; used_mwh: number; paid_usd: number };
    expect(detail.offered_mwh).toBeCloseTo(50 * 240, 6);
    expect(detail.used_mwh).toBeCloseTo(20 * 240, 6);
    expect(detail.paid_usd).toBeCloseTo(80 * 50 * 240, 3);
  });

  it('with availability below one, the long-run share of time offered approaches it', () => {
    const d = drive({
      supplies: [{ kind: 'fusion-ppa', capacity: '50 MW', availability: 0.75, outage_mean: '5d', start: '2027-01-01' }],
      durationS: 200 * 365 * DAY,
      demand: [[0, 1e8]],
    });
    const detail = d.run().sources[0].detail as { offered_mwh: number };
    expect(detail.offered_mwh / (50 * 200 * 365 * 24)).toBeCloseTo(0.75, 2);
  });
});

describe('fusion PPA ramp (issue 10.3)', () => {
  const levelsFrom = (start: string, days: number) => {
    const levels: [number, number][] = [];
    const d = drive({
      supplies: [
        { kind: 'fusion-ppa', capacity: '48 MW', availability: 1, start: '2028-01-01', ramp_first_year: true },
        { kind: 'grid' },
      ],
      durationS: days * DAY,
      start,
      demand: [[0, 80e6]],
      onDispatch: ({ sim, system }) => levels.push([sim.now, system.result.deliveredW[0]]),
    });
    d.run();
    return levels;
  };

  it("runs from the PPA's own start: a run starting a year later sees full capacity", () => {
    const levels = levelsFrom('2029-01-01', 30);
    for (const [, w] of levels) expect(w).toBe(48e6);
  });

  it('a run starting mid-ramp sees the step of the ramp reached by then, then the later ones', () => {
    // 2028-04-15 is in month 4 of the ramp (steps every 365 d/12 = 30.42 d from 2028-01-01): 4/12.
    const levels = levelsFrom('2028-04-15', 60);
    expect(levels[0][1]).toBeCloseTo((48e6 * 4) / 12, 3);
    const stepS = parseDate('2028-01-01') + (4 * 365 * DAY) / 12 - parseDate('2028-04-15');
    const at = levels.find(([t]) => t >= stepS - 1)!;
    expect(at[1]).toBeCloseTo((48e6 * 5) / 12, 3);
  });
});

describe('a fusion PPA retired before the end of the run', () => {
  it('offers and is paid for nothing after it retires (its detail said 120 days offered and paid)', () => {
    const d = drive({
      supplies: [
        { kind: 'fusion-ppa', capacity: '5 MW', availability: 1, start: '2027-01-01', price: 80, retire: '2027-02-01' },
        { kind: 'grid' },
      ],
      durationS: 120 * DAY,
      start: '2027-01-01',
      demand: [[0, 10e6]],
    });
    const detail = d.run().sources[0].detail as { offered_mwh: number; used_mwh: number; paid_usd: number };
    expect(detail.offered_mwh).toBeCloseTo(5 * 31 * 24, 6);
    expect(detail.used_mwh).toBeCloseTo(5 * 31 * 24, 6);
    expect(detail.paid_usd).toBeCloseTo(5 * 31 * 24 * 80, 4);
  });
});

describe("a fusion PPA's outages over time (outages.csv)", () => {
  type Stretch = { unit: number; cause: string; startS: number; endS: number };
  const outagesOf = (extra: Record<string, unknown>, days: number) => {
    let ppa: { unitOutages?(): Stretch[] } | undefined;
    const d = drive({
      supplies: [
        { kind: 'fusion-ppa', capacity: '50 MW', availability: 0.75, outage_mean: '5d', ...extra },
        { kind: 'grid' },
      ],
      durationS: days * DAY,
      demand: [[0, 1e8]],
      onDispatch: ({ system }) => void (ppa = system.supplies[0]),
    });
    const detail = d.run().sources[0].detail as { offered_mwh: number; availability: number };
    return { detail, stretches: ppa!.unitOutages!() };
  };

  it('its down stretches are exactly the time it offered nothing: offered = capacity x (time contracted - down time)', () => {
    // Contracted from 2027-03-01 (day 59) of a run from 2027-01-01: down time counts from then.
    const { detail, stretches } = outagesOf({ start: '2027-03-01' }, 3 * 365);
    expect(stretches.length).toBeGreaterThan(20);
    const contractedH = (3 * 365 - 59) * 24;
    const downH = stretches.reduce((a, o) => a + (o.endS - o.startS) / 3600, 0);
    expect(detail.offered_mwh).toBeCloseTo(50 * (contractedH - downH), 6);
    expect(detail.availability).toBeCloseTo(1 - downH / contractedH, 12);
    for (const [i, o] of stretches.entries()) {
      expect(o).toMatchObject({ unit: 1, cause: 'forced outage' });
      expect(o.startS).toBeGreaterThanOrEqual(59 * DAY);
      expect(o.endS).toBeGreaterThan(o.startS);
      if (i > 0) expect(o.startS).toBeGreaterThan(stretches[i - 1].endS);
    }
  });

  it('in service only: an outage under way at its retirement is cut there, none after', () => {
    const { stretches } = outagesOf({ start: '2027-01-01', retire: '2027-07-01' }, 365);
    expect(stretches.length).toBeGreaterThan(3);
    for (const o of stretches) expect(o.endS).toBeLessThanOrEqual(181 * DAY);
  });

  it('a PPA in service before the run starts where its history has reached, not up and fresh (sup62)', () => {
    // A 75 % PPA with 14-day outages, in service from 2026-01-01: a run from 2027-01-01 sees the outages a run from
    // 2026 has in the same 90 days, seed by seed. Its outages were started up at the run's start: a month's run was
    // available 82 % of the time on average (120 seeds), where the contract's 75 % is the process's share.
    const stretchesFrom = (runStart: string, days: number, seed: number): [number, number][] => {
      let ppa: { unitOutages?(): Stretch[] } | undefined;
      drive({
        supplies: [
          { kind: 'fusion-ppa', capacity: '50 MW', availability: 0.75, outage_mean: '14d', start: '2026-01-01' },
          { kind: 'grid' },
        ],
        durationS: days * DAY,
        start: runStart,
        seed,
        demand: [[0, 1e8]],
        onDispatch: ({ system }) => void (ppa = system.supplies[0]),
      }).run();
      const epoch = parseDate(runStart);
      return ppa!.unitOutages!().map((o) => [epoch + o.startS, epoch + o.endS]);
    };
    const from = parseDate('2027-01-01');
    const to = from + 90 * DAY;
    let startsDown = 0;
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const inside = stretchesFrom('2026-01-01', 730, seed)
        .map(([a, b]) => [Math.max(a, from), Math.min(b, to)])
        .filter(([a, b]) => b > a);
      const later = stretchesFrom('2027-01-01', 90, seed);
      expect(later.length, `seed ${seed}`).toBe(inside.length);
      for (const [i, [a, b]] of later.entries()) {
        expect(Math.abs(a - inside[i][0])).toBeLessThan(1e-3);
        expect(Math.abs(b - inside[i][1])).toBeLessThan(1e-3);
      }
      if (later[0]?.[0] === from) startsDown++;
    }
    expect(startsDown).toBeGreaterThan(0); // some seeds start the run in an outage
  });

  it('a PPA always available has no outages to list (no outages.csv for it)', () => {
    let ppa: { unitOutages?(): Stretch[] } | undefined;
    drive({
      supplies: [{ kind: 'fusion-ppa', capacity: '50 MW', availability: 1, start: '2027-01-01' }],
      durationS: 30 * DAY,
      demand: [[0, 1e8]],
      onDispatch: ({ system }) => void (ppa = system.supplies[0]),
    }).run();
    expect(ppa!.unitOutages).toBeUndefined();
  });
});
