import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { itemNames, variedWords } from '../../src/output/tables/varied.ts';

describe("a varied path in words (a sweep's chart axes, a sizing's decisions)", () => {
  const file = join(mkdtempSync(join(tmpdir(), 'dcpsim-words-')), 'm.yaml');
  writeFileSync(
    file,
    `supply:
  - kind: grid
    costs: { demand_charge: 15 $/kW-month, tou_demand: [{ name: peak, charge: 20 $/kW-month, from: "12:00", to: "18:00" }] }
  - { kind: battery, name: store, energy: 1 MWh }
`,
  );
  const names = itemNames(file);

  it('names list items at any depth by their name: a time-of-use window by its own', () => {
    // Was 'grid costs tou demand[0] charge': only the top-level lists' items were named.
    expect(variedWords('supply[0].costs.tou_demand[0].charge', names)).toBe('grid costs peak charge');
    expect(variedWords('supply[1].energy', names)).toBe('store energy');
    expect(variedWords('supply[2].energy', names)).toBe('supply 3 energy');
    expect(variedWords('supply[0].costs.tou_demand[3].charge', names)).toBe('grid costs tou demand 4 charge');
  });
});
