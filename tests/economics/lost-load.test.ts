/**
 * A value of lost load (`economics.value_of_lost_load`): each project year's unmet energy, as summary.json's yearly
 * rows count it, priced in cashflow.csv's component and category `lost_load`, escalated and discounted like every
 * operating flow, in the NPC and not the LCOE. The oracle is the formula, not the code.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { readCsv } from '../helpers/read-csv.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-lost-load-'));
/** sizing-growth's service: peaks at 79.8 kW in 2027 and 95.0 kW in 2028, so an 86 kW import cap loses load in 2028. */
const model = (economics: string, cap = '86 kW'): string => {
  const file = join(dir, `m${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    file,
    `name: lost-load
start: 2027-01-01
duration: 730d
step: 1d
seed: 1
clusters: [{ name: serve, chip: H100, count: 64, server: { chips: 8 } }]
workload:
  inference:
    - { name: chat, cluster: serve, chips: 64, rate: 300/s, growth: 100%, daily: { amplitude: 0.5, peak: 18 } }
facility: { cooling: { model: pue, pue: 1.2 } }
supply: [{ kind: grid, import_cap: ${cap}, price: 50 $/MWh }]
economics: ${economics}
`,
  );
  return file;
};
const run = (economics: string, cap?: string) => runScenario({ model: model(economics, cap), out: join(dir, 'out') });

describe('a value of lost load', () => {
  it("prices each year's unmet energy, escalated and discounted, in the NPC and not the LCOE", () => {
    const r = run('{ discount_rate: 7%, escalation: 2%, years: 4, value_of_lost_load: 10000 $/MWh }');
    const s = r.summary;
    const e = s.economics!;
    const unmet = s.yearly!.map((y) => Number(y.unmet_mwh));
    expect(unmet[0]).toBe(0);
    expect(unmet[1]).toBeGreaterThan(0.05);
    // Years 3 and 4 repeat 2028, the last simulated (its 365 days of 366 stand for a year of 365).
    const perYear = [unmet[0], unmet[1], unmet[1], unmet[1]];
    let npc = 0;
    perYear.forEach((u, i) => (npc += u * 10000 * (1.02 / 1.07) ** (i + 1)));
    expect(e.lost_load_npc_usd).toBeCloseTo(npc, 6);
    expect(e.by_category.lost_load).toBeCloseTo(npc, 6);
    expect(e.value_of_lost_load_usd_per_mwh).toBeCloseTo(10000, 9);
    expect(e.lost_load_mwh).toBeCloseTo(3 * unmet[1], 9);
    expect(e.npc_usd).toBeCloseTo(e.supply_npc_usd + e.hardware_npc_usd + npc, 6);
    // cashflow.csv: a lost_load row a year with unmet energy, nominal unmet x 10,000 x 1.02^y; its discounted column
    // still sums to the NPC.
    const flows = readCsv(join(r.outDir, 'cashflow.csv')).rows;
    const lost = flows.filter((x) => x[2] === 'lost_load');
    expect(lost.map((x) => [Number(x[0]), x[1]])).toEqual([
      [2, 'lost_load'],
      [3, 'lost_load'],
      [4, 'lost_load'],
    ]);
    for (const x of lost) expect(Number(x[3])).toBeCloseTo(unmet[1] * 10000 * 1.02 ** Number(x[0]), 6);
    expect(flows.reduce((a, x) => a + Number(x[4]), 0)).toBeCloseTo(e.npc_usd, 6);
    // Against the same run without it: the NPC differs by the lost load's alone, the LCOE not at all.
    const without = run('{ discount_rate: 7%, escalation: 2%, years: 4 }').summary.economics!;
    expect(e.npc_usd - without.npc_usd).toBeCloseTo(npc, 6);
    expect(e.lcoe_usd_per_mwh).toBe(without.lcoe_usd_per_mwh);
    expect(e.supply_npc_usd).toBe(without.supply_npc_usd);
    expect(without.lost_load_npc_usd).toBeUndefined();
    expect(without.by_category.lost_load).toBeUndefined();
  });

  it('costs nothing where no demand is left unmet, and says 0', () => {
    const e = run('{ discount_rate: 7%, years: 2, value_of_lost_load: 10 $/kWh }', '200 kW').summary.economics!;
    expect(e.lost_load_npc_usd).toBe(0);
    expect(e.lost_load_mwh).toBe(0);
    expect(e.value_of_lost_load_usd_per_mwh).toBeCloseTo(10000, 9);
  });

  it('gives the value as the model writes it, not its round trip through joules', () => {
    // 1,000 $/MWh is 1000 / 3.6e9 $/J inside, and 3.6e9 times that is 999.9999999999999: summary.json, summary.csv
    // and the workbook gave 999.9999999999999 (2,000: 1999.9999999999998; 500: 499.99999999999994).
    const e = run('{ discount_rate: 7%, years: 2, value_of_lost_load: 1000 $/MWh }', '200 kW').summary.economics!;
    expect(e.value_of_lost_load_usd_per_mwh).toBe(1000);
  });
});
