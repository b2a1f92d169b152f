import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { drive } from './drive.ts';
import { parseDate } from '../../src/kernel/time.ts';

const YEAR = 365 * 86400;

/** One 100 MW load-following unit, 50 % minimum, 5 % of its rating a minute, never down. */
const FOLLOWING_UNIT = {
  kind: 'smr',
  units: 1,
  rating: '100 MW',
  mode: 'load-following',
  min_stable: 0.5,
  ramp: 0.05,
  refuel: { takes: 0 },
  forced_outages: { mttf: '1000000h', mttr: '1h' },
};

/** Two load-following units of `rating` (50 % minimum, 5 % a minute), never tripping; unit 1 refuels for `takes` from `first`, unit 2 a year later. */
const twoFollowing = (rating: string, takes: string, first: string) => ({
  kind: 'smr',
  units: 2,
  rating,
  mode: 'load-following',
  min_stable: 0.5,
  ramp: 0.05,
  refuel: { every: '24mo', takes, offsets: [first, '365d'] },
  forced_outages: { mttf: '1000000h', mttr: '1h' },
});

describe('SMR fleet', () => {
  it("one unit's capacity factor over many years is (1 - r/L) · MTTF/(MTTF + MTTR) within 1%", () => {
    const years = 400;
    const d = drive({
      supplies: [
        {
          kind: 'smr',
          units: 1,
          rating: '77 MW',
          refuel: { every: '24mo', takes: '35d' },
          forced_outages: { mttf: '4380h', mttr: '120h', repair_cv: 1 },
        },
      ],
      durationS: years * YEAR,
      demand: [[0, 1e9]],
    });
    const detail = d.run().sources[0].detail as { units: { capacity_factor: number; availability: number }[] };
    const cf = detail.units[0].capacity_factor;
    // MODELS.md "Reactor availability": 35 d in 730 d, then 4380 h up per 120 h down.
    const expected = (1 - 35 / 730) * (4380 / (4380 + 120));
    expect(Math.abs(cf / expected - 1)).toBeLessThan(0.01);
    // Every available MWh is taken when demand exceeds the rating: CF = 1 - outage time share.
    expect(cf).toBeCloseTo(detail.units[0].availability, 9);
  });

  it('a fleet refuels staggered: with no forced outages, never more than one unit is out', () => {
    let minOut = Infinity;
    const d = drive({
      supplies: [
        {
          kind: 'smr',
          units: 4,
          rating: '100 MW',
          refuel: { every: '18mo', takes: '35d' },
          forced_outages: { mttf: '1000000h', mttr: '1h' },
        },
      ],
      durationS: 6 * YEAR,
      demand: [[0, 1e10]],
      onDispatch: ({ system }) => {
        minOut = Math.min(minOut, system.supplies[0].availableW());
      },
    });
    d.run();
    expect(minOut).toBe(300e6);
  });

  it('load-following stays between minimum stable load and rating and ramps at its rate', () => {
    const seen: [number, number][] = [];
    const d = drive({
      supplies: [FOLLOWING_UNIT, { kind: 'grid' }],
      durationS: 3600,
      demand: [
        [0, 20e6],
        [600, 100e6],
      ],
      onDispatch: ({ sim, system }) => seen.push([sim.now, system.result.usedW[0] + system.result.curtailedW[0]]),
    });
    d.run();
    for (const [, w] of seen) {
      expect(w).toBeGreaterThanOrEqual(50e6 - 1e-6);
      expect(w).toBeLessThanOrEqual(100e6 + 1e-6);
    }
    // From 50 MW at 5 MW a minute, in one-minute steps that never run ahead of the ramp:
    // 75 MW five minutes after the step, 100 MW after ten, not before.
    const at = (t: number) => seen.filter(([s]) => s <= t).at(-1)![1];
    expect(at(0)).toBeCloseTo(50e6, 3);
    for (let t = 600; t <= 1800; t += 30) expect(at(t)).toBeLessThanOrEqual(50e6 + (5e6 * (t - 600)) / 60 + 1e-3);
    expect(at(600 + 300)).toBeCloseTo(75e6, 3);
    expect(at(600 + 590)).toBeLessThan(100e6);
    expect(at(600 + 600)).toBeCloseTo(100e6, 3);
  });

  it('a rise less than a minute of its ramp is made in the time the ramp takes, not in a minute', () => {
    // 5 MW a minute: 60 -> 61 MW in 12 s, 61 -> 63.5 MW in 30 s; 63.5 -> 80 MW in three steps of a minute (68.5, 73.5,
    // 78.5) and 18 s for the last 1.5 MW. The grid carries the gap meanwhile: 1 x 12 + 2.5 x 30 + (16.5 + 11.5 + 6.5) x
    // 60 + 1.5 x 18 = 2,184 MJ, 0.6067 MWh. Before, every step waited a minute: 1 x 60 + 2.5 x 60 + (16.5 + 11.5 + 6.5 +
    // 1.5) x 60 = 2,370 MJ, 0.6583 MWh, a 1 MW rise carried by the grid five times as long as the ramp needs.
    const seen: [number, number, number][] = [];
    const d = drive({
      supplies: [FOLLOWING_UNIT, { kind: 'grid' }],
      durationS: 3600,
      demand: [
        [0, 60e6],
        [600, 61e6],
        [1200, 63.5e6],
        [1800, 80e6],
      ],
      onDispatch: ({ sim, system }) =>
        seen.push([sim.now, system.result.usedW[0] + system.result.curtailedW[0], system.result.deliveredW[1]]),
    });
    d.run();
    const at = (t: number) => seen.filter(([s]) => s <= t).at(-1)!;
    for (const [t, w] of [
      [611, 60],
      [612, 61],
      [1229, 61],
      [1230, 63.5],
      [1859, 63.5],
      [1860, 68.5],
      [1920, 73.5],
      [1980, 78.5],
      [1997, 78.5],
      [1998, 80],
    ])
      expect(at(t)[1] / 1e6).toBeCloseTo(w, 6);
    let gridJ = 0;
    for (let i = 0; i < seen.length; i++) gridJ += seen[i][2] * ((seen[i + 1]?.[0] ?? 3600) - seen[i][0]);
    expect(gridJ / 3.6e9).toBeCloseTo(2184 / 3600, 6);
  });

  it('a fall less than a minute of its ramp is made in the time the ramp takes, not in a minute', () => {
    // 5 MW a minute: 80 -> 79 MW in 12 s, 79 -> 76.5 MW in 30 s, 76.5 -> 60 MW in three steps of a minute (71.5, 66.5,
    // 61.5) and 18 s for the last 1.5 MW. What it makes above the demand is curtailed meanwhile: 1 x 12 + 2.5 x 30 +
    // (16.5 + 11.5 + 6.5) x 60 + 1.5 x 18 = 2,184 MJ. Before, every step down waited a minute: 2,370 MJ.
    const seen: [number, number, number][] = [];
    const d = drive({
      supplies: [FOLLOWING_UNIT, { kind: 'grid' }],
      durationS: 3600,
      demand: [
        [0, 80e6],
        [600, 79e6],
        [1200, 76.5e6],
        [1800, 60e6],
      ],
      onDispatch: ({ sim, system }) =>
        seen.push([sim.now, system.result.usedW[0] + system.result.curtailedW[0], system.result.totalCurtailedW]),
    });
    d.run();
    const at = (t: number) => seen.filter(([s]) => s <= t).at(-1)![1];
    for (const [t, w] of [
      [611, 80],
      [612, 79],
      [1229, 79],
      [1230, 76.5],
      [1859, 76.5],
      [1860, 71.5],
      [1920, 66.5],
      [1980, 61.5],
      [1997, 61.5],
      [1998, 60],
    ])
      expect(at(t) / 1e6).toBeCloseTo(w, 6);
    let curtailedJ = 0;
    for (let i = 0; i < seen.length; i++) curtailedJ += seen[i][2] * ((seen[i + 1]?.[0] ?? 3600) - seen[i][0]);
    expect(curtailedJ / 3.6e9).toBeCloseTo(2184 / 3600, 6);
  });

  /**
   * a: 2 x 50 MW at 5 % a minute (5 MW a minute), b after it in merit order at 2 % (2 MW a minute), both 40 MW at
   * least, the grid last, for 3 h from 150 MW, falling to `fallW` at 600 s: each dispatch's time, a's and b's output
   * and the power curtailed.
   */
  const twoFleets = (fallW: number): [number, number, number, number][] => {
    const seen: [number, number, number, number][] = [];
    drive({
      supplies: [
        { ...FOLLOWING_UNIT, units: 2, rating: '50 MW', min_stable: 0.4 },
        { ...FOLLOWING_UNIT, name: 'b', units: 2, rating: '50 MW', min_stable: 0.4, ramp: 0.02 },
        { kind: 'grid' },
      ],
      durationS: 3 * 3600,
      demand: [
        [0, 150e6],
        [600, fallW],
      ],
      onDispatch: ({ sim, system }) => {
        const r = system.result;
        seen.push([sim.now, r.usedW[0] + r.curtailedW[0], r.usedW[1] + r.curtailedW[1], r.totalCurtailedW]);
      },
    }).run();
    return seen;
  };

  it('two load-following fleets come to rest after a fall: no steps while nothing moves', () => {
    // 150 -> 120 MW: both step down a minute at a time to 80 + 42 at 840 s; a's last 2 MW takes 24 s, when b has come
    // 0.8 MW down too, so a is asked back to 78.8 and b, wanted at its least now that a could carry the rest, steps
    // down to hand over its last 1.2 MW in 36 s. a cannot take it then (it moves only while at a ramp limit of its
    // own): b is asked back up, a steps up to take it 14.4 s later, finds b back and goes back down, and b stepped
    // down again: two events every 50.4 s, the output never moving, for as long as the demand held (390 dispatches
    // after 1,000 s in this 3 h run). Now b holds where its step was taken back: 78.8 + 41.2 MW.
    const seen = twoFleets(120e6);
    const [t, a, b] = seen.at(-1)!;
    expect(seen.filter(([s]) => s > 1000).length).toBe(0);
    expect(t).toBeLessThan(1000);
    expect((a + b) / 1e6).toBeCloseTo(120, 6);
    expect(a / 1e6).toBeCloseTo(78.8, 6);
    expect(b / 1e6).toBeCloseTo(41.2, 6);
  });

  it('two load-following fleets at their minimum, spilling the rest, take no steps while nothing moves', () => {
    // 150 -> 60 MW: a comes down to its 40 MW in 12 minutes, b to its 40 MW in 5, 20 MW curtailed from 1,320 s. Each
    // fleet, steady at its minimum, was taken as held at its ramp-up limit at every dispatch the other's step made,
    // and stepped a minute later to find nothing to do: a step a minute to the end (155 dispatches after 1,500 s).
    const seen = twoFleets(60e6);
    const [t, a, b, spilled] = seen.at(-1)!;
    expect(seen.filter(([s]) => s > 1500).length).toBe(0);
    expect(t).toBeCloseTo(1320, 6);
    expect(a / 1e6).toBeCloseTo(40, 6);
    expect(b / 1e6).toBeCloseTo(40, 6);
    expect(spilled / 1e6).toBeCloseTo(20, 6);
  });

  it('a fleet in service when the run starts carries the demand from its first instant, not from its minimum', () => {
    // Before: 50 MW at the start, 30 MW unmet stepping down for six minutes: a loss-of-load hour in an SMR-only site
    // that never falls short, and 1.75 MWh a battery or the grid covered in every run with load-following SMRs.
    const seen: [number, number, number][] = [];
    const d = drive({
      supplies: [FOLLOWING_UNIT],
      durationS: 3600,
      demand: [
        [0, 80e6],
        [600, 20e6],
        [1800, 100e6],
      ],
      onDispatch: ({ sim, system }) =>
        seen.push([sim.now, system.result.usedW[0] + system.result.curtailedW[0], system.result.unmetW]),
    });
    d.run();
    const at = (t: number) => seen.filter(([s]) => s <= t).at(-1)!;
    expect(at(0)).toEqual([0, 80e6, 0]);
    // Later changes still ramp (output, curtailed included): down to its 50 MW minimum from 80 MW at 5 MW a minute,
    // then up again.
    expect(at(600)[1]).toBeCloseTo(80e6, 3);
    expect(at(660)[1]).toBeCloseTo(75e6, 3);
    expect(at(600 + 360)[1]).toBeCloseTo(50e6, 3);
    expect(at(1800)[1]).toBeCloseTo(50e6, 3);
    expect(at(1800)[2]).toBeCloseTo(50e6, 3);
    expect(at(1800 + 600)[1]).toBeCloseTo(100e6, 3);
  });

  it('a fleet ramps at the rate of the units online: one of two refuelling, 5 % of one rating a minute', () => {
    const seen: [number, number][] = [];
    const d = drive({
      supplies: [
        // Unit 1 refuels from the start (35 days), unit 2 a year later.
        twoFollowing('100 MW', '35d', '0d'),
        { kind: 'grid' },
      ],
      durationS: 3600,
      demand: [
        [0, 20e6],
        [600, 200e6],
      ],
      onDispatch: ({ sim, system }) => seen.push([sim.now, system.result.usedW[0] + system.result.curtailedW[0]]),
    });
    d.run();
    // One 100 MW unit online: from its 50 MW minimum at 5 MW a minute (as one unit alone, the test
    // above), 75 MW five minutes after the step and 100 MW after ten; the refuelling unit adds no ramp.
    const at = (t: number) => seen.filter(([s]) => s <= t).at(-1)![1];
    expect(at(0)).toBeCloseTo(50e6, 3);
    for (let t = 600; t <= 1800; t += 30) expect(at(t)).toBeLessThanOrEqual(50e6 + (5e6 * (t - 600)) / 60 + 1e-3);
    expect(at(600 + 300)).toBeCloseTo(75e6, 3);
    expect(at(600 + 600)).toBeCloseTo(100e6, 3);
  });
});

describe('a unit of a load-following fleet that goes down takes its share of the output with it (audit sup60)', () => {
  // Two 8 MW units at 50 % minimum and 5 % of their rating a minute (0.4 MW a minute each), sharing the output
  // equally; unit 1 refuels from 3,600 s for a day, the other keeps running. The one still up keeps its own
  // level and ramps from there at its own rate: it does not take the other's output over at once.
  const run = (demandW: number, importCap?: string) => {
    const seen: [number, number, number, number][] = [];
    const d = drive({
      supplies: [twoFollowing('8 MW', '1d', '1h'), { kind: 'grid', ...(importCap ? { import_cap: importCap } : {}) }],
      durationS: 7200,
      demand: [[0, demandW]],
      onDispatch: ({ sim, system }) =>
        seen.push([
          sim.now,
          system.result.usedW[0] + system.result.curtailedW[0],
          system.result.unmetW,
          system.result.deliveredW[1],
        ]),
    });
    const summary = d.run();
    const at = (t: number) => seen.filter(([s]) => s <= t).at(-1)!;
    /** Column `c` integrated over the run, MWh. */
    const mwh = (c: number) =>
      seen.reduce((sum, row, i) => sum + row[c] * ((seen[i + 1]?.[0] ?? 7200) - row[0]), 0) / 3.6e9;
    return { at, summary, mwh };
  };
  it('12 MW carried by both, 6 MW each: at the trip the fleet gives 6 MW, not 8, and reaches 8 in five minutes', () => {
    const { at, mwh } = run(12e6);
    expect(at(3599)[1]).toBeCloseTo(12e6, 3);
    // 6, 6.4, 6.8, 7.2, 7.6 MW a minute each, 8 MW from 3,900 s (before: 8 MW at once).
    for (let k = 0; k < 5; k++) expect(at(3600 + 60 * k + 30)[1]).toBeCloseTo(6e6 + 0.4e6 * k, 3);
    expect(at(3900)[1]).toBeCloseTo(8e6, 3);
    // The grid: 12 MW less the fleet, by hand: 6 + 5.6 + 5.2 + 4.8 + 4.4 MW for a minute each, then 4 MW for
    // 3,300 s; nothing before the trip (20 MW·min + 4 MW for 3,300 s before: 0.3667 + 3.6667 = 4.0333 MWh).
    expect(mwh(3)).toBeCloseTo((26 * 60 + 4 * 3300) / 3600, 6);
  });
  it('under an import cap the shortfall at the trip is the unit it lost: 3 MW unmet, not 1', () => {
    // 12 MW, the grid capped at 3 MW: the fleet's 6 MW and the grid's 3 leave 3 MW unmet at the trip, 2.6, 2.2, 1.8,
    // 1.4 the next minutes, then 1 MW (8 + 3 of 12). Before, 1 MW from the trip on.
    const { at, summary, mwh } = run(12e6, '3 MW');
    expect(at(3600)[2]).toBeCloseTo(3e6, 3);
    expect(summary.reliability.largest_shortfall_kw).toBeCloseTo(3000, 3);
    expect(mwh(2)).toBeCloseTo((11 * 60 + 1 * 3300) / 3600, 6);
  });
  it('both at their minimum for 6 MW (8 MW, 2 curtailed): the one up gives its 4 MW and ramps up, spilling nothing', () => {
    const { at, summary } = run(6e6);
    expect(at(3599)[1]).toBeCloseTo(8e6, 3);
    expect(at(3600)[1]).toBeCloseTo(4e6, 3); // before: 8 MW, its rating, 2 MW spilled and ramping down
    expect(at(3600 + 300)[1]).toBeCloseTo(6e6, 3);
    // Curtailed: 2 MW for the hour before the trip only.
    expect(summary.sources[0].curtailed_mwh).toBeCloseTo(2, 6);
  });
});

describe('a load-following SMR ramps down to what the demand wants, wherever its surplus goes (audit 11)', () => {
  // FOLLOWING_UNIT, up from its minimum to 100 MW by 600 s; at 1200 s the demand falls to 20 MW. It should move down
  // 5 MW a minute to its 50 MW minimum (75 MW at 1500 s, 50 MW at 1800 s), whether the 30-80 MW it must make above
  // the demand is curtailed, exported or stored. It stepped down only while it curtailed: with an export or a battery
  // it stayed at 100 MW, exporting 80 MW (or charging the battery with it) to the end.
  const smr = FOLLOWING_UNIT;
  const path = (supplies: unknown[], demand: [number, number][], k = 0) => {
    const seen: [number, number][] = [];
    const d = drive({
      supplies,
      durationS: 3600,
      demand,
      onDispatch: ({ sim, system }) => seen.push([sim.now, system.result.usedW[k] + system.result.curtailedW[k]]),
    });
    const summary = d.run();
    return { at: (t: number) => seen.filter(([s]) => s <= t).at(-1)![1], summary };
  };
  const drop: [number, number][] = [
    [0, 100e6],
    [1200, 20e6],
  ];
  const down = (at: (t: number) => number) => {
    expect(at(1199)).toBeCloseTo(100e6, 3);
    for (let t = 1200; t <= 2400; t += 30) expect(at(t)).toBeGreaterThanOrEqual(100e6 - (5e6 * (t - 1200)) / 60 - 1e-3);
    expect(at(1200 + 300)).toBeCloseTo(75e6, 3);
    expect(at(1200 + 600)).toBeCloseTo(50e6, 3);
    expect(at(3599)).toBeCloseTo(50e6, 3);
  };

  it('curtailing its surplus (the case that worked)', () => {
    down(path([smr, { kind: 'grid' }], drop).at);
  });

  it('exporting its surplus: from 100 MW to 50 MW in ten minutes, then 30 MW exported, not 75 MW', () => {
    const { at, summary } = path([smr, { kind: 'grid', export_cap: '100 MW' }], drop);
    down(at);
    // Exported: 80 MW for a minute, then 75, 70, ... 35 a minute each, then 30 MW for the hour's last 30 minutes.
    const exportedMwh = (80 + (75 + 35) * 4.5 + 30 * 30) / 60;
    expect(summary.exported_mwh).toBeCloseTo(exportedMwh, 6);
  });

  it('charging a battery with its surplus', () => {
    const battery = { kind: 'battery', energy: '1000 MWh', power: '100 MW', initial: 0.1 };
    down(path([smr, battery, { kind: 'grid' }], drop).at);
  });

  it('behind a grid first in merit order, which takes the load back as the unit ramps down', () => {
    // The grid (capped at 20 MW) is first: at 100 MW of demand the unit makes 80 MW; at 90 MW it should make 70 MW,
    // the grid its 20 MW. It stepped to 75 MW and stayed there, the grid taking 15 MW.
    const { at } = path(
      [{ kind: 'grid', import_cap: '20 MW' }, smr],
      [
        [0, 100e6],
        [1200, 90e6],
      ],
      1,
    );
    // Started at its 50 MW minimum, it reaches 80 MW six minutes in.
    expect(at(1199)).toBeCloseTo(80e6, 3);
    expect(at(1200 + 60)).toBeCloseTo(75e6, 3);
    expect(at(1200 + 120)).toBeCloseTo(70e6, 3);
    expect(at(3599)).toBeCloseTo(70e6, 3);
  });
});

describe('a unit running flat out all run', () => {
  it("has a capacity factor and availability of exactly 1, not 1 plus the sums' rounding", () => {
    // Found by tests/sweep-size.test.ts: a 55 kW unit up and at its rating for all 48 h summed its energy over the
    // dispatch intervals to 1.000000000000001 x rating x time; in a sweep its replicates then read as no share, and
    // points.csv gave the capacity factor a 95 % interval up to 1.14.
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-smr-'));
    const model = {
      name: 'flat-out',
      start: '2027-04-04T00:00:00Z',
      duration: '2d',
      step: '2h',
      seed: 2536144413,
      clusters: [{ name: 'c0', chip: 'H100', count: 56 }],
      workload: { jobs: [{ name: 'j', cluster: 'c0', rate: '12/h', chips: [1, 2, 4, 8], duration: '1h' }] },
      facility: { cooling: { model: 'pue', pue: 1.1 } },
      supply: [
        {
          kind: 'smr',
          units: 1,
          rating: '55 kW',
          refuel: { every: '400d', takes: '0d' },
          forced_outages: { mttf: '68h', mttr: '6h' },
          price: '45 $/MWh',
        },
        { kind: 'battery', name: 'bat', energy: '55 kWh', power: '55 kW' },
        { kind: 'grid', import_cap: '4 kW', price: '70 $/MWh', carbon: '400 g/kWh' },
      ],
    };
    writeFileSync(join(dir, 'm.json'), JSON.stringify(model));
    const { summary } = runScenario({ model: join(dir, 'm.json'), out: join(dir, 'out'), sync: false });
    const unit = (summary.sources[0].detail as { units: { capacity_factor: number; availability: number }[] }).units[0];
    expect(unit.availability).toBe(1);
    expect(unit.capacity_factor).toBe(1);
  });
});

describe("SMR expected availability for the run's window (issue 10.9c)", () => {
  it('counts the refuellings the horizon holds: 20 years of 2 units on a 24-month cycle hold 19, not 20', () => {
    const d = drive({
      supplies: [
        {
          kind: 'smr',
          units: 2,
          rating: '77 MW',
          refuel: { every: '24mo', takes: '35d' },
          forced_outages: { mttf: '1e9h', mttr: '1h' },
        },
      ],
      durationS: 20 * YEAR,
      demand: [[0, 1e9]],
    });
    const detail = d.run().sources[0].detail as {
      units: { availability: number; expected_availability: number }[];
      expected_availability: number;
      long_run_availability: number;
    };
    // Unit 1 refuels at 12, 36, ..., 228 months (10 times), unit 2 at 24, ..., 216 (9; its 10th is at the end).
    const expected = 1 - (19 * 35) / (2 * 20 * 365);
    expect(detail.expected_availability).toBeCloseTo(expected, 6);
    expect(detail.units[0].expected_availability).toBeCloseTo(1 - (10 * 35) / (20 * 365), 6);
    expect(detail.units[1].expected_availability).toBeCloseTo(1 - (9 * 35) / (20 * 365), 6);
    // With (almost) no forced outages the measured availability is the expectation.
    const measured = (detail.units[0].availability + detail.units[1].availability) / 2;
    expect(measured).toBeCloseTo(expected, 6);
    expect(detail.long_run_availability).toBeCloseTo(1 - 35 / 730, 6);
  });

  it('a refuelling cut by the end of the run counts for the part inside it', () => {
    const d = drive({
      supplies: [
        {
          kind: 'smr',
          units: 1,
          refuel: { every: '24mo', takes: '35d', offsets: ['100d'] },
          forced_outages: { mttf: '1e9h', mttr: '1h' },
        },
      ],
      durationS: 110 * 86400,
      demand: [[0, 1e9]],
    });
    const detail = d.run().sources[0].detail as { units: { availability: number }[]; expected_availability: number };
    expect(detail.expected_availability).toBeCloseTo(100 / 110, 6);
    expect(detail.units[0].availability).toBeCloseTo(100 / 110, 6);
  });
});

describe('SMR outages over time (outages.csv)', () => {
  it("each unit's down stretches are its down time, 1 - availability of the run, in order, never overlapping; refuellings last their 35 d", () => {
    let fleet: { unitOutages?(): { unit: number; cause: string; startS: number; endS: number }[] } | undefined;
    const T = 6 * YEAR;
    const d = drive({
      supplies: [
        {
          kind: 'smr',
          units: 3,
          rating: '77 MW',
          refuel: { every: '18mo', takes: '35d' },
          forced_outages: { mttf: '2000h', mttr: '200h' },
        },
      ],
      durationS: T,
      demand: [[0, 1e9]],
      onDispatch: ({ system }) => void (fleet = system.supplies[0]),
    });
    const detail = d.run().sources[0].detail as { units: { availability: number }[] };
    const stretches = fleet!.unitOutages!();
    for (let u = 1; u <= 3; u++) {
      const mine = stretches.filter((o) => o.unit === u);
      expect(mine.length).toBeGreaterThan(10);
      const down = mine.reduce((a, o) => a + (o.endS - o.startS), 0);
      expect(down / T).toBeCloseTo(1 - detail.units[u - 1].availability, 9);
      for (let i = 1; i < mine.length; i++) expect(mine[i].startS).toBeGreaterThanOrEqual(mine[i - 1].endS);
      // A refuelling is 35 days unless the run ends in it, with a forced outage under way paused, not merged into it.
      for (const o of mine.filter((x) => x.cause === 'refuelling' && x.endS < T))
        expect(o.endS - o.startS).toBeCloseTo(35 * 86400, 6);
      expect(new Set(mine.map((o) => o.cause))).toEqual(new Set(['refuelling', 'forced outage']));
    }
  });
});

describe('outages.csv and monthly.csv with --timestamps iso', () => {
  it('write their dates as the time series does, 2027-01-01T00:00:00, for LibreOffice (the default keeps the space)', () => {
    const dates = (timestamps?: 'iso') => {
      const out = mkdtempSync(join(tmpdir(), 'dcpsim-outages-'));
      runScenario({ model: 'smr-campus', duration: '400d', step: '1d', timestamps, out });
      return ['outages.csv', 'monthly.csv'].flatMap((f) =>
        readFileSync(join(out, f), 'utf8')
          .trim()
          .split('\n')
          .slice(1)
          .flatMap((l) => l.split(',').filter((c) => /^\d{4}-\d\d-\d\d.\d\d:/.test(c))),
      );
    };
    const iso = dates('iso');
    expect(iso.length).toBeGreaterThan(2 * 13);
    for (const d of iso) expect(d).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(dates()).toEqual(iso.map((d) => d.replace('T', ' ')));
  });
});

describe('refuelling offsets longer than the fleet (a sizing of `units` keeps the preset list)', () => {
  // smr-campus lists an offset per unit of 2; `dcpsim size smr-campus --decide supply[0].units=0:4` was refused
  // for every count but 2. The offsets of units a model does not have are unused: the same run as the list cut to size.
  const base = {
    kind: 'smr',
    rating: '77 MW',
    forced_outages: { mttf: '4380h', mttr: '120h', repair_cv: 1 },
  };
  const run = (units: number, offsets: string[]) =>
    drive({
      supplies: [{ ...base, units, refuel: { every: '24mo', takes: '35d', offsets } }],
      durationS: 3 * YEAR,
      demand: [[0, 1e9]],
    }).run();

  it('2 units with 4 offsets run as 2 units with the first 2', () => {
    expect(run(2, ['3mo', '9mo', '15mo', '21mo'])).toEqual(run(2, ['3mo', '9mo']));
  });

  it('fewer offsets than units are still refused', () => {
    expect(() => run(3, ['3mo', '9mo'])).toThrow(/at least one offset per unit \(3\)/);
  });
});

describe('an SMR fleet in service for part of the run (in_service, retire)', () => {
  // A unit in service from day 60 to day 110 of a 120-day run, refuelling 10 days into service (days 70-80,
  // inside) and a cycle later (110-120, retired), with no forced outages. Its figures are of its time in
  // service, up 40 of its 50 days (0.8), not 100 of 120 (the days before and after counted as up, and
  // a capacity factor of 40/120); the refuelling of days 110-120 is not an outage of a unit not there.
  const DAY = 86400;
  const run = () => {
    let fleet: { unitOutages?(): { unit: number; cause: string; startS: number; endS: number }[] } | undefined;
    const d = drive({
      supplies: [
        {
          kind: 'smr',
          units: 1,
          rating: '10 MW',
          refuel: { every: '40d', takes: '10d', offsets: ['10d'] },
          forced_outages: { mttf: '1e9h', mttr: '1h' },
          in_service: '2027-03-02',
          retire: '2027-04-21',
        },
      ],
      durationS: 120 * DAY,
      demand: [[0, 1e9]],
      onDispatch: ({ system }) => void (fleet = system.supplies[0]),
    });
    const s = d.run();
    return {
      detail: s.sources[0].detail as {
        units: { capacity_factor: number; availability: number; expected_availability: number }[];
        expected_availability: number;
      },
      outages: fleet!.unitOutages!(),
    };
  };

  it('availability, capacity factor and the expectation are over its 50 days in service', () => {
    const { detail } = run();
    expect(detail.units[0].availability).toBeCloseTo(40 / 50, 9);
    expect(detail.units[0].capacity_factor).toBeCloseTo(40 / 50, 9);
    expect(detail.units[0].expected_availability).toBeCloseTo(40 / 50, 6);
    expect(detail.expected_availability).toBeCloseTo(40 / 50, 6);
  });

  it('outages.csv holds only the down time while in service', () => {
    const { outages } = run();
    expect(outages.map((o) => [o.cause, o.startS / DAY, o.endS / DAY])).toEqual([['refuelling', 70, 80]]);
  });
});

/** A fleet's units and its outages (epoch seconds) over a run from `start`: `smr` is the supply's config. */
const fleetRun = (start: string, durationS: number, smr: object, seed?: number) => {
  let fleet: { unitOutages?(): { unit: number; cause: string; startS: number; endS: number }[] } | undefined;
  const d = drive({
    supplies: [{ kind: 'smr', ...smr }],
    start,
    durationS,
    seed,
    demand: [[0, 1e9]],
    onDispatch: ({ system }) => void (fleet = system.supplies[0]),
  });
  const s = d.run();
  const startS = parseDate(start);
  return {
    units: (s.sources[0].detail as { units: { availability: number; expected_availability: number }[] }).units,
    outages: fleet!.unitOutages!().map((o) => [o.unit, o.cause, o.startS + startS, o.endS + startS]),
  };
};

describe('an SMR fleet entering service after the start refuels on its own schedule, from its in_service date', () => {
  // Two units in service from 2029-01-01 in a run from 2027-01-01, refuelling 35 d every 24 months, no forced
  // outages. New units start with fresh fuel: unit 1 first refuels a year into service (2030-01-01), unit 2 two
  // years in, as in a run that starts on 2029-01-01. The schedule counted from the run's start had unit 2 enter
  // service mid-refuelling (2028-12-31 to 2029-02-04: available 0.907 in 2029, not 1) and unit 1 refuel on
  // 2029-12-31: the same fleet's 2029 depended on when the run started.
  const DAY = 86400;
  const fleet = (start: string, durationS: number, inService?: string) =>
    fleetRun(start, durationS, {
      units: 2,
      rating: '10 MW',
      refuel: { every: '24mo', takes: '35d' },
      forced_outages: { mttf: '1e9h', mttr: '1h' },
      ...(inService ? { in_service: inService } : {}),
    });

  it('its refuellings and availability are those of a run starting when it enters service', () => {
    const later = fleet('2027-01-01', parseDate('2030-01-01') - parseDate('2027-01-01') + 40 * DAY, '2029-01-01');
    const own = fleet('2029-01-01', 365 * DAY + 40 * DAY);
    expect(later.outages).toEqual(own.outages);
    expect(later.outages).toEqual([[1, 'refuelling', parseDate('2030-01-01'), parseDate('2030-02-05')]]);
    expect(later.units.map((u) => u.availability)).toEqual(own.units.map((u) => u.availability));
    expect(later.units[1].availability).toBe(1);
    for (const k of [0, 1])
      expect(later.units[k].expected_availability).toBeCloseTo(own.units[k].expected_availability, 9);
  });
});

describe("an SMR's carbon left out (issue 13 audit: one basis with the grid traces)", () => {
  it("counts 12 g/kWh, the IPCC AR5 lifecycle median for nuclear that the traces give the grid's own nuclear", () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-smr-carbon-'));
    const model = {
      name: 'smr-carbon',
      start: '2027-03-01',
      duration: '2d',
      step: '1h',
      seed: 5,
      clusters: [{ name: 'c0', chip: 'H100', count: 56 }],
      workload: { jobs: [{ name: 'j', cluster: 'c0', rate: '12/h', chips: [1, 2, 4, 8], duration: '1h' }] },
      facility: { cooling: { model: 'pue', pue: 1.1 } },
      supply: [
        {
          kind: 'smr',
          units: 1,
          rating: '60 kW',
          refuel: { takes: '0d' },
          forced_outages: { mttf: '1e9h', mttr: '1h' },
        },
        { kind: 'grid', export_cap: '100 kW' },
      ],
    };
    writeFileSync(join(dir, 'm.json'), JSON.stringify(model));
    const { summary } = runScenario({ model: join(dir, 'm.json'), out: join(dir, 'out'), sync: false });
    const smr = summary.sources[0];
    expect(smr.to_export_mwh!).toBeGreaterThan(0.5);
    expect(smr.carbon_kg).toBeCloseTo(12 * (smr.energy_mwh + smr.to_storage_mwh!), 9);
    expect(smr.export_carbon_kg!).toBeCloseTo(12 * smr.to_export_mwh!, 9);
    expect(summary.carbon_kg).toBeCloseTo(smr.carbon_kg + summary.sources[1].carbon_kg, 9);
  });
});

describe('an SMR fleet entering service after the start trips on its own clock, from its in_service date (audit 18)', () => {
  // Three units in service from 2029-01-01, forced outages 2 a year of 5 days, no refuelling. Their forced outages
  // were drawn from the run's start: over the two years before service the process ran on, so a unit could enter
  // service already tripped (a forced outage starting on its first day) and the same fleet's 2029 differed between
  // a run from 2027 and one from 2029. Now each unit's time to its first trip counts from its entering service.
  const DAY = 86400;
  const fleet = (start: string, durationS: number, inService?: string) => {
    const f = fleetRun(
      start,
      durationS,
      {
        units: 3,
        rating: '10 MW',
        refuel: { every: '24mo', takes: '0d' },
        forced_outages: { mttf: '4380h', mttr: '120h' },
        ...(inService ? { in_service: inService } : {}),
      },
      7,
    );
    return { availability: f.units.map((u) => u.availability), outages: f.outages };
  };

  it('its forced outages and availability are those of a run starting when it enters service', () => {
    const later = fleet('2027-01-01', parseDate('2030-01-01') - parseDate('2027-01-01'), '2029-01-01');
    const own = fleet('2029-01-01', 365 * DAY);
    expect(own.outages.length).toBeGreaterThan(0);
    // The same instants, but for the rounding of times counted from another start (a microsecond).
    const ms = (o: (string | number)[][]) =>
      o.map((x) => x.map((v) => (typeof v === 'number' ? Math.round(v * 1e3) : v)));
    expect(ms(later.outages)).toEqual(ms(own.outages));
    for (let k = 0; k < 3; k++) expect(later.availability[k]).toBeCloseTo(own.availability[k], 9);
    expect(Math.min(...own.availability)).toBeLessThan(1);
  });

  it('no unit enters service tripped, whatever the run that holds it', () => {
    for (let y = 2020; y < 2029; y++) {
      const f = fleet(`${y}-01-01`, parseDate('2029-01-02') - parseDate(`${y}-01-01`), '2029-01-01');
      expect(f.outages.filter((o) => o[2] === parseDate('2029-01-01'))).toEqual([]);
    }
  });
});

describe('an SMR fleet in service before the start refuels and trips on its history from its in_service date', () => {
  // Two units in service since 2020-01-01, refuelling 35 d every 24 months and tripping twice a year, in a run of 2027.
  // Their schedule and forced-outage clock counted from the run's start, as if new then: until 7 December 2026 unit 1
  // first refuelled a year into the run and unit 2 two years in, so a one-year run refuelled neither, 97.3 % expected
  // where the fleet refuels one unit a year (92.7 %). A run from 2027 now starts where the history from 2020 is.
  const smr = {
    units: 2,
    rating: '10 MW',
    refuel: { every: '24mo', takes: '35d' },
    forced_outages: { mttf: '4380h', mttr: '120h' },
    in_service: '2020-01-01',
  };
  const y2027 = parseDate('2027-01-01');
  const y2028 = parseDate('2028-01-01');
  const ms = (o: (string | number)[][]) =>
    o.map((x) => x.map((v) => (typeof v === 'number' ? Math.round(v * 1e3) : v)));

  it("its refuellings and trips in 2027 are those of the run from its in_service date, cut at 2027's start", () => {
    const history = fleetRun('2020-01-01', y2028 - parseDate('2020-01-01'), smr, 7);
    const run = fleetRun('2027-01-01', y2028 - y2027, smr, 7);
    const cut = history.outages
      .filter((o) => (o[3] as number) > y2027)
      .map((o) => [o[0], o[1], Math.max(o[2] as number, y2027), o[3]]);
    expect(cut.some((o) => o[1] === 'forced outage')).toBe(true);
    expect(ms(run.outages)).toEqual(ms(cut));
    // Unit 1 refuels from 2026-12-30 (365 d + 3 × 730 d after 2020-01-01) to 2027-02-03: under way at the start.
    expect(run.outages).toContainEqual([1, 'refuelling', y2027, parseDate('2027-02-03')]);
    // The expectation holds both refuellings' days in 2027 (33 and 2), not none.
    const forced = 4380 / 4500;
    expect(run.units[0].expected_availability).toBeCloseTo((1 - 33 / 365) * forced, 9);
    expect(run.units[1].expected_availability).toBeCloseTo((1 - 2 / 365) * forced, 9);
  });
});
