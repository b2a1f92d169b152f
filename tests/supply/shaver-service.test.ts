/**
 * Supplies entering or leaving service mid-run in the dispatch: a peak-shaving battery (`by: import`) holds the grids'
 * import at its limit only while in service, and a load-following SMR holding a level it could not hand over tries
 * again when a supply before it may now take it. Found by sp75.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-shaver-service-'));

/** A flat 100 kW site over two days with these grids first, then a 200 kW load-following SMR at 100 $/MWh (least 40 kW). */
function energyMwh(grids: string, after = ''): (name: string) => number {
  const file = join(dir, `m${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    file,
    `start: 2027-03-01
duration: 2d
facility: { cooling: { model: pue, pue: 1.0 } }
clusters: [{ name: g, chip: H200, count: 100, chip_override: { idle: 1 kW, tdp: 1.2 kW } }]
step: 1h
supply:
${grids}
  - { kind: smr, units: 1, rating: 200 kW, mode: load-following, min_stable: 20%, price: 100 $/MWh,
      refuel: { every: 24mo, takes: 0d }, forced_outages: { mttf: 1e9h, mttr: 1h } }
${after}`,
  );
  const s = runScenario({ model: file, out: mkdtempSync(join(dir, 'out-')), series: false }).summary;
  return (name) => s.sources.find((x) => x.name === name)!.energy_mwh;
}

const grid = '  - { kind: grid, price: 40 $/MWh, carbon: 400 g/kWh }';
const shaver = (dates: string) =>
  `  - { kind: battery, energy: 10 kWh, power: 10 kW, initial: 10%, strategy: { by: import, limit: 30 kW }, ${dates} }`;

describe('a peak-shaving battery out of service', () => {
  it('limits the grid only while in service (retired, it held the grid at 30 kW: 1.44 MWh where 2.16)', () => {
    // In service on day 1, empty (at its floor, it shaves nothing): the grid carries its limit, 30 kW, the SMR the
    // rest; retired on day 2, the grid carries all but the SMR's least, 60 kW (its ramp down takes 3 minutes).
    const of = energyMwh(grid, shaver('retire: 2027-03-02'));
    expect(of('grid')).toBeCloseTo(0.72 + 1.44, 2);
    expect(of('smr')).toBeCloseTo(1.68 + 0.96, 2);
  });

  it('limits the grid only once in service', () => {
    expect(energyMwh(grid, shaver('in_service: 2027-03-02'))('grid')).toBeCloseTo(1.44 + 0.72, 2);
  });
});

describe('a load-following SMR holding what a capped grid before it could not take', () => {
  it('hands it over to a grid before it in merit order that enters service (it held 70 kW, the new grid took 0)', () => {
    // Grid a, capped at 30 kW, under a time-of-use price (its hour changes dispatch); grid b at 50 $/MWh from day 2.
    // Day 1: a 30 kW, the SMR 70 (b not in service). Day 2: b takes all but a's 30 kW and the SMR's least, 30 kW.
    const of = energyMwh(`  - { kind: grid, name: a, carbon: 400 g/kWh, import_cap: 30 kW,
      price: { periods: [{ from: "07:00", price: 40 $/MWh }, { from: "22:00", price: 41 $/MWh }] } }
  - { kind: grid, name: b, price: 50 $/MWh, carbon: 400 g/kWh, in_service: 2027-03-02 }`);
    expect(of('b')).toBeCloseTo(0.72, 2);
    expect(of('smr')).toBeCloseTo(1.68 + 0.96, 2);
  });

  it('hands it over to a battery before it in merit order once its price says discharge (it gave 0 kWh)', () => {
    // Grid a capped at 30 kW, its price 40 $/MWh (41 from 06:00: a change that made the SMR try and hold 70 kW), 90
    // from 12:00 to 18:00; the battery, 200 kWh from 90 %, discharges from 80 $/MWh: 144 kWh on day 1 (from 180 kWh to
    // its 20 kWh floor, x 0.9), at the 30 kW the SMR hands over down to its least, and nothing on day 2 (never charged).
    const of = energyMwh(`  - { kind: grid, name: a, carbon: 400 g/kWh, import_cap: 30 kW,
      price: { periods: [{ from: "00:00", price: 40 $/MWh }, { from: "06:00", price: 41 $/MWh },
                         { from: "12:00", price: 90 $/MWh }, { from: "18:00", price: 40 $/MWh }] } }
  - { kind: battery, energy: 200 kWh, power: 50 kW, initial: 90%, round_trip: 81%,
      strategy: { by: price, charge_below: 10 $/MWh, discharge_above: 80 $/MWh } }`);
    expect(of('battery')).toBeCloseTo(0.144, 3);
  });
});
