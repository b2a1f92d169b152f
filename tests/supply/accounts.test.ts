import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { readCsv } from '../helpers/read-csv.ts';

const SMALL = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'small.yaml'), 'utf8');

/** The small scenario on the given supplies (YAML list items). */
function runOn(supply: string) {
  const dir = mkdtempSync(join(tmpdir(), 'dcpsim-accounts-'));
  const file = join(dir, 'exports.yaml');
  writeFileSync(file, SMALL.replace(/supply:\n[\s\S]*$/, `supply:\n${supply}`));
  return runScenario({ model: file, out: mkdtempSync(join(tmpdir(), 'dcpsim-run-')) });
}

/** A reactor bigger than its load, a battery, and a grid that takes exports. */
const run = () =>
  runOn(`  - { kind: smr, rating: 60 kW, price: 89 $/MWh, refuel: { takes: 0 }, forced_outages: { mttf: 100000000h, mttr: 1h } }
  - { kind: battery, energy: 20 kWh, power: 5 kW }
  - { kind: grid, price: 60 $/MWh, export_cap: 10 kW, export_price: 30 $/MWh, carbon_free_share: 30% }
`);

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
    expect(c.paid_to_sources).toBeCloseTo(
      s.sources.reduce((a, x) => a + x.cost_usd, 0),
      9,
    );
    expect(c.export_revenue).toBeCloseTo(grid.export_revenue_usd!, 9);
    expect(c.net).toBeCloseTo(c.paid_to_sources - c.export_revenue, 9);
    expect(s.cost_usd).toBeCloseTo(c.net, 6);
  });

  it("rows: cost_usd = the sources' costs less export revenue, and each column sums to the summary", () => {
    const csv = readCsv(r.timeseriesFile!);
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

describe('the cost split of take-or-pay and fixed charges', () => {
  const H = 3600;
  it('a take-or-pay PPA: its price on every MWh offered, the curtailed ones in their own part', async () => {
    const { drive } = await import('./drive.ts');
    const d = drive({
      supplies: [{ kind: 'fusion-ppa', capacity: '50 MW', availability: 1, start: '2027-01-01', price: '80 $/MWh' }],
      durationS: 10 * H,
      demand: [[0, 20e6]],
    });
    const f = d.run().sources[0];
    expect(f.cost_split_usd!.load).toBeCloseTo(80 * 20 * 10, 6);
    expect(f.cost_split_usd!.curtailed).toBeCloseTo(80 * 30 * 10, 6);
    expect(f.cost_split_usd!.idle).toBe(0);
  });

  it('a fixed charge while the source produces nothing is idle; while it produces, it is spread over its energy', async () => {
    const { drive } = await import('./drive.ts');
    // One 10 MW unit refuelling from hour 5 to hour 10 of a 20-hour run; $876,000/MW-year = $100/MW-hour.
    const d = drive({
      supplies: [
        {
          kind: 'smr',
          rating: '10 MW',
          price: '0 $/MWh',
          fixed_usd_per_mw_year: 876000,
          refuel: { every: '24mo', takes: '5h', offsets: ['5h'] },
          forced_outages: { mttf: '1e9h', mttr: '1h' },
        },
        { kind: 'grid' },
      ],
      durationS: 20 * H,
      demand: [[0, 4e6]],
    });
    const smr = d.run().sources[0];
    const split = smr.cost_split_usd!;
    // $1,000 an hour: 5 hours idle; 15 hours on 4 MW to the load and 6 MW curtailed (no export, no store).
    const perHour = (876000 * 10) / 8760;
    expect(split.idle).toBeCloseTo(5 * perHour, 6);
    expect(split.load).toBeCloseTo(15 * perHour * 0.4, 6);
    expect(split.curtailed).toBeCloseTo(15 * perHour * 0.6, 6);
  });
});

/** The same site with carbon on the reactor and the grid: whose carbon is exported energy? */
const runWithCarbon = () =>
  runOn(`  - { kind: smr, rating: 60 kW, price: 89 $/MWh, carbon: 12 g/kWh, refuel: { takes: 0 }, forced_outages: { mttf: 100000000h, mttr: 1h } }
  - { kind: battery, energy: 20 kWh, power: 5 kW }
  - { kind: grid, price: 60 $/MWh, carbon: 400 g/kWh, export_cap: 10 kW, export_price: 30 $/MWh }
`);

describe("exported energy's carbon is not the site's", () => {
  const r = runWithCarbon();
  const s = r.summary;
  const smr = s.sources.find((x) => x.name === 'smr')!;
  const grid = s.sources.find((x) => x.name === 'grid')!;

  it("a source's carbon_kg is its energy to the load and stores times its intensity; its exports' carbon is export_carbon_kg", () => {
    expect(smr.to_export_mwh!).toBeGreaterThan(0.1);
    expect(smr.carbon_kg).toBeCloseTo(12 * (smr.energy_mwh + smr.to_storage_mwh!), 6);
    expect(smr.export_carbon_kg!).toBeCloseTo(12 * smr.to_export_mwh!, 6);
    expect(grid.carbon_kg).toBeCloseTo(400 * grid.used_mwh!, 6);
    expect(grid.export_carbon_kg!).toBe(0);
  });

  it("the site's carbon_kg is the sources' carbon_kg; the exports' carbon is its own figure, in the rows and the summary", () => {
    expect(s.carbon_kg).toBeCloseTo(
      s.sources.reduce((a, x) => a + x.carbon_kg, 0),
      6,
    );
    expect(s.export_carbon_kg!).toBeCloseTo(smr.export_carbon_kg!, 9);
    const csv = readCsv(r.timeseriesFile!);
    const sum = (x: number[]) => x.reduce((a, b) => a + b, 0);
    expect(sum(csv.col('export_carbon_kg'))).toBeCloseTo(s.export_carbon_kg!, 2);
    expect(sum(csv.col('carbon_kg'))).toBeCloseTo(s.carbon_kg, 2);
    expect(sum(csv.col('smr_carbon_kg'))).toBeCloseTo(smr.carbon_kg, 2);
    expect(sum(s.monthly.map((m) => m.export_carbon_kg as number))).toBeCloseTo(s.export_carbon_kg!, 6);
    expect(sum(s.monthly.map((m) => m.carbon_kg as number))).toBeCloseTo(s.carbon_kg, 6);
  });
});
