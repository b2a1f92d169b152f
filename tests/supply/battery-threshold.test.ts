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
