/**
 * A price- or carbon-following battery's thresholds against a trace written as the threshold: 'at or below
 * charge_below' charges, 'at or above discharge_above' discharges. A trace's 55.54 $/MWh converts to SI as v / 3.6e9
 * and the threshold's as v x (1 / 3.6e9), a last bit apart (pol63 found the same in the policies' `above`).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-battery-threshold-'));

function run(value: string, strategy: string): { toStorageMwh: number; fromBatteryMwh: number } {
  const hours = Array.from({ length: 24 }, (_, h) => `2027-01-01 ${String(h).padStart(2, '0')}:00:00,${value}`);
  writeFileSync(join(dir, 'trace.csv'), ['datetime,price,carbon', ...hours.map((r) => `${r},${value}`)].join('\n'));
  writeFileSync(
    join(dir, 'm.yaml'),
    `duration: 1d
step: 1h
clusters: [{ name: g, chip: H100, count: 8 }]
supply:
  - { kind: battery, energy: 100 kWh, power: 10 kW, initial: 0.5, strategy: ${strategy} }
  - kind: grid
    price: { file: trace.csv, column: price }
    carbon: { file: trace.csv, column: carbon }
    carbon_free_share: 0
`,
  );
  const s = runScenario({ model: join(dir, 'm.yaml'), out: mkdtempSync(join(dir, 'out-')), series: false }).summary;
  const b = s.sources.find((x) => x.name === 'battery')!;
  const g = s.sources.find((x) => x.name === 'grid')!;
  return { toStorageMwh: g.to_storage_mwh ?? 0, fromBatteryMwh: b.energy_mwh };
}

describe('a battery following a trace written as its threshold', () => {
  it('charges at a price or carbon equal to charge_below (it held: 0 kWh stored all day)', () => {
    expect(
      run('55.54', '{ by: price, charge_below: 55.54 $/MWh, discharge_above: 100 $/MWh }').toStorageMwh,
    ).toBeGreaterThan(0.03);
    expect(
      run('123.456', '{ by: carbon, charge_below: 123.456 g/kWh, discharge_above: 500 g/kWh }').toStorageMwh,
    ).toBeGreaterThan(0.03);
  });

  it('discharges at a price equal to discharge_above', () => {
    expect(
      run('55.54', '{ by: price, charge_below: 10 $/MWh, discharge_above: 55.54 $/MWh }').fromBatteryMwh,
    ).toBeGreaterThan(0.02);
  });
});

describe('a battery following the grid in service', () => {
  it('follows the grid that replaces a retired one, not the retired one', () => {
    // A tariff change written as two grids, the first retiring as the second enters service: the battery followed the
    // retired grid's 20 $/MWh all day 2, held full under the new grid's 100 $/MWh and gave 0 kWh (and from empty it
    // would have charged there). It now follows the grid in service: on day 2 it gives its 80 kWh above the floor, x 0.9.
    writeFileSync(
      join(dir, 'two.yaml'),
      `start: 2027-03-01
duration: 2d
step: 1h
clusters: [{ name: g, chip: H200, count: 100, chip_override: { idle: 1 kW, tdp: 1.2 kW } }]
facility: { cooling: { model: pue, pue: 1.0 } }
supply:
  - { kind: battery, energy: 100 kWh, power: 50 kW, round_trip: 81%, initial: 50%,
      strategy: { by: price, charge_below: 30 $/MWh, discharge_above: 80 $/MWh } }
  - { kind: grid, name: old, price: 20 $/MWh, carbon: 400 g/kWh, retire: 2027-03-02 }
  - { kind: grid, name: new, price: 100 $/MWh, carbon: 400 g/kWh, in_service: 2027-03-02 }
`,
    );
    const s = runScenario({ model: join(dir, 'two.yaml'), out: mkdtempSync(join(dir, 'out-')), series: false }).summary;
    const of = (name: string) => s.sources.find((x) => x.name === name)!;
    expect(of('old').to_storage_mwh).toBeCloseTo(0.04 / 0.9, 9); // day 1: from 50 % to 90 % at 20 $/MWh
    expect(of('new').to_storage_mwh).toBe(0);
    expect(of('battery').energy_mwh).toBeCloseTo(0.08 * 0.9, 9);
    expect(of('new').cost_usd).toBeCloseTo((2.4 - 0.072) * 100, 6);
  });
});
