import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { readCsv } from '../helpers/read-csv.ts';

const SMALL = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'small.yaml'), 'utf8');

/** The small scenario on a reactor bigger than its load, a battery, and a grid that takes exports. */
function run() {
  const dir = mkdtempSync(join(tmpdir(), 'dcpsim-accounts-'));
  const file = join(dir, 'exports.yaml');
  writeFileSync(file, SMALL.replace(/supply:\n[\s\S]*$/, `supply:
  - { kind: smr, rating: 60 kW, price: 89 $/MWh, refuel: { takes: 0 }, forced_outages: { mttf: 100000000h, mttr: 1h } }
  - { kind: battery, energy: 20 kWh, power: 5 kW }
  - { kind: grid, price: 60 $/MWh, export_cap: 10 kW, export_price: 30 $/MWh, carbon_free_share: 30% }
`));
  return runScenario({ model: file, out: mkdtempSync(join(tmpdir(), 'dcpsim-run-')) });
}

describe('cost figures that net nothing unseen (issue 10.8)', () => {
  const r = run();
  const s = r.summary;
  const smr = s.sources.find((x) => x.name === 'smr')!;
  const grid = s.sources.find((x) => x.name === 'grid')!;
  const battery = s.sources.find((x) => x.name === 'battery')!;

  it("splits each source's energy between the load, the battery and export", () => {
    expect(smr.to_export_mwh!).toBeGreaterThan(0.1);
    expect(smr.to_storage_mwh!).toBeGreaterThan(0.001);
    expect(smr.energy_mwh + smr.to_storage_mwh! + smr.to_export_mwh!).toBeCloseTo(smr.used_mwh!, 9);
    // All the battery took came from the reactor; all that was exported too.
    expect(smr.to_storage_mwh!).toBeCloseTo((battery.detail as { charged_mwh: number }).charged_mwh, 9);
    expect(smr.to_export_mwh!).toBeCloseTo(s.reliability!.exported_mwh, 9);
  });

  it("an SMR's cost of energy to the load is its contract price; exported energy is costed separately", () => {
    const split = smr.cost_split_usd!;
    expect(split.load / smr.energy_mwh).toBeCloseTo(89, 9);
    expect(split.export / smr.to_export_mwh!).toBeCloseTo(89, 9);
    expect(split.storage / smr.to_storage_mwh!).toBeCloseTo(89, 9);
    expect(split.curtailed).toBe(0);
    expect(split.load + split.storage + split.export + split.curtailed + split.idle).toBeCloseTo(smr.cost_usd, 6);
    expect(smr.cost_usd).toBeCloseTo(89 * smr.used_mwh!, 6);
  });

  it("the grid's import cost, export revenue and net are separate figures; the site's cost is their sum, stated", () => {
    expect(grid.export_revenue_usd!).toBeCloseTo(30 * s.reliability!.exported_mwh, 6);
    expect(grid.cost_usd).toBeCloseTo(60 * grid.used_mwh!, 6);
    expect(grid.cost_usd).toBeGreaterThanOrEqual(0);
    expect(grid.net_cost_usd!).toBeCloseTo(grid.cost_usd - grid.export_revenue_usd!, 9);
    const c = s.costs_usd!;
    expect(c.paid_to_sources).toBeCloseTo(s.sources.reduce((a, x) => a + x.cost_usd, 0), 9);
    expect(c.export_revenue).toBeCloseTo(grid.export_revenue_usd!, 9);
    expect(c.net).toBeCloseTo(c.paid_to_sources - c.export_revenue, 9);
    expect(s.cost_usd).toBeCloseTo(c.net, 6);
  });

  it('rows: cost_usd = the sources\' costs less export revenue, and each column sums to the summary', () => {
    const csv = readCsv(r.timeseriesFile);
    const cost = csv.col('cost_usd');
    const smrCost = csv.col('smr_cost_usd');
    const gridCost = csv.col('grid_cost_usd');
    const revenue = csv.col('grid_export_revenue_usd');
    for (let k = 0; k < cost.length; k++) expect(cost[k]).toBeCloseTo(smrCost[k] + gridCost[k] - revenue[k], 3);
    const sum = (x: number[]) => x.reduce((a, b) => a + b, 0);
    expect(sum(revenue)).toBeCloseTo(grid.export_revenue_usd!, 2);
    expect(sum(smrCost)).toBeCloseTo(smr.cost_usd, 2);
  });
});
