import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/run.ts';

// A battery by price or carbon follows the first grid in service at each instant: a grid listed later is followed once
// those before it are out of service (a tariff change written as two grids, the old retiring as the new enters). Only
// the first grid listed was checked for the signal, so a new grid given no price was followed at PJM's flat 55.54
// $/MWh, the same every hour, silently (charge_below 30, discharge_above 80: the battery held all of the second day).
const SMALL = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');
const battery =
  '{ kind: battery, energy: 100 kWh, power: 50 kW, strategy: { by: price, charge_below: 30 $/MWh, discharge_above: 80 $/MWh } }';
const load = (old: string, next: string) =>
  loadScenario({
    model: SMALL,
    set: ['duration=2d', `supply=[${battery}, { kind: grid, name: old, ${old} }, { kind: grid, name: new, ${next} }]`],
  });

describe('a battery following the grid in service', () => {
  it('refuses a grid it will follow that gives no price', () => {
    expect(() => load('price: 20 $/MWh, retire: 2027-03-02', 'in_service: 2027-03-02')).toThrow(
      /supply\[0\]\.strategy\.by: expected a grid whose price is given, the signal the strategy follows .*, found supply\[2\] \(new\) with no price, so PJM's 2024 wholesale, 55\.54 \$\/MWh, the same every hour$/,
    );
  });
  it('takes one it never follows, and one given its price', () => {
    // The first grid in service throughout: the second (a backup) is never followed.
    expect(() => load('price: 20 $/MWh', '')).not.toThrow();
    expect(() => load('price: 20 $/MWh, retire: 2027-03-05', 'in_service: 2027-03-02')).not.toThrow();
    expect(() => load('price: 20 $/MWh, retire: 2027-03-02', 'in_service: 2027-03-02, price: 100 $/MWh')).not.toThrow();
  });
});
