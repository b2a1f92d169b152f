import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../../src/run.ts';
import { InputError } from '../../src/model/errors.ts';
import { readCsv } from '../helpers/read-csv.ts';
import { runTable } from '../../src/output/terminal/run-table.ts';
import { runSizing } from '../../src/sizing/size.ts';

const ECON = join(import.meta.dirname, '..', 'fixtures', 'economics.yaml');
const SIZING = join(import.meta.dirname, '..', 'fixtures', 'sizing-outage.yaml');
const out = () => mkdtempSync(join(tmpdir(), 'dcpsim-econ-'));

describe('economics of a run', () => {
  const r = runScenario({ model: ECON, out: out() });
  const s = r.summary;
  const e = s.economics!;

  it("cashflow.csv's discounted column sums to the NPC exactly, and each row is its nominal value discounted", () => {
    const lines = readFileSync(join(r.outDir, 'cashflow.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('year,component,category,nominal_usd,discounted_usd');
    let sum = 0;
    for (const l of lines.slice(1)) {
      const [year, , , nominal, discounted] = l.split(',');
      expect(Number(discounted)).toBeCloseTo(Number(nominal) / 1.07 ** Number(year), 6);
      sum += Number(discounted);
    }
    expect(sum).toBe(e.npc_usd);
    expect(e.supply_npc_usd + e.hardware_npc_usd).toBeCloseTo(e.npc_usd, 4);
    expect(Object.values(e.by_category).reduce((a, b) => a + b!, 0)).toBeCloseTo(e.npc_usd, 4);
  });

  it("capital is the model's costs times the sizes; the grid pays its demand charge on each month's peak import", () => {
    const capital = (name: string) => e.components.find((c) => c.name === name)!.by_category.capital;
    expect(capital('smr')).toBeCloseTo(6041 * 150, 6);
    expect(capital('battery')).toBeCloseTo(250 * 100 + 300 * 400, 6);
    expect(capital('gpu')).toBe(30000 * 256);
    // Year 1's grid: the run's (40 days, scaled to the year) import cost (the grid's cost_usd, never net of
    // export revenue, which is its own figure), its demand charges and its fixed charge, each its own category,
    // escalated 2 %.
    const yearS = 365 * 86400;
    const scale = yearS / (40 * 86400);
    const grid = s.sources.find((x) => x.name === 'grid')!;
    const months = s.monthly;
    // Demand charges: a whole year is 12 billing months at the simulated months' mean peak, each month weighted by
    // the share of it simulated (1 and 9/28: Jan 20 - Feb 20, then 9 of the 28 days to Mar 20), 12 $/kW-month.
    const [p1, p2] = months.map((m) => Number(m.grid_peak_kw));
    const demand = 12 * 12 * ((p1 + (p2 * 9) / 28) / (1 + 9 / 28));
    expect(grid.export_revenue_usd).toBeCloseTo(Number(s.yearly[0].exported_mwh) * 30, 6);
    expect(grid.net_cost_usd).toBeCloseTo(grid.cost_usd - grid.export_revenue_usd!, 9);
    const lines = readCsv(join(r.outDir, 'cashflow.csv'));
    const year1 = (category: string) =>
      Number(lines.rows.find((x) => x[0] === '1' && x[1] === 'grid' && x[2] === category)![3]);
    expect(year1('energy')).toBeCloseTo(grid.cost_usd * scale * 1.02, 4);
    expect(year1('demand_charge')).toBeCloseTo(demand * 1.02, 4);
    expect(year1('fixed_charge')).toBeCloseTo(12000 * 1.02, 4);
  });

  it("monthly and yearly rows sum to the run's totals", () => {
    for (const rows of [s.monthly, s.yearly]) {
      const sum = (k: string) => rows.reduce((a, m) => a + Number(m[k]), 0);
      const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.abs(b) + 1e-9);
      close(sum('facility_mwh'), s.energy_mwh.facility);
      close(sum('it_mwh'), s.energy_mwh.it);
      close(sum('unmet_mwh'), s.energy_mwh.unmet);
      close(sum('cost_usd'), s.cost_usd);
      close(sum('carbon_kg'), s.carbon_kg);
      for (const src of s.sources) close(sum(`${src.name}_mwh`), src.energy_mwh);
      close(sum('hours'), s.duration_h);
      close(sum('loss_of_load_hours'), s.reliability!.loss_of_load_hours);
      expect(Math.max(...rows.map((m) => Number(m.peak_facility_kw)))).toBeCloseTo(s.peak_kw.facility, 9);
    }
    // Billing months from the 20th: 2027-01-20 to 02-20 (744 h), then 9 days to the horizon.
    expect(s.monthly.map((m) => [m.name, m.hours])).toEqual([
      ['2027-01', 744],
      ['2027-02', 216],
    ]);
    const cfe =
      (s.monthly[0].cfe_score as number) * (s.monthly[0].facility_mwh as number) +
      (s.monthly[1].cfe_score as number) * (s.monthly[1].facility_mwh as number);
    expect(cfe / s.energy_mwh.facility).toBeCloseTo(s.reliability!.cfe_score, 3);
    const csv = readCsv(join(r.outDir, 'monthly.csv'));
    expect(csv.header.slice(0, 4)).toEqual(['period', 'start_utc', 'end_utc', 'hours']);
    expect(csv.col('facility_mwh')).toEqual(s.monthly.map((m) => m.facility_mwh));
    expect(existsSync(join(r.outDir, 'yearly.csv'))).toBe(true);
  });

  it('summary.csv carries the economics and the years, not the months', () => {
    const header = readFileSync(join(r.outDir, 'summary.csv'), 'utf8').split('\n')[0].split(',');
    expect(header).toContain('economics.npc_usd');
    expect(header).toContain('economics.components.smr.lcoe_usd_per_mwh');
    expect(header).toContain('yearly.2027.cost_usd');
    expect(header.some((h) => h.startsWith('monthly'))).toBe(false);
  });
});

describe('a leap year in the economics', () => {
  it('40 days from 2028-01-20 (a ledger year of 366 days) stand for 365 days in each project year', () => {
    const r = runScenario({ model: ECON, out: out(), set: ['start=2028-01-20'] });
    const s = r.summary;
    const grid = s.sources.find((x) => x.name === 'grid')!;
    const scale = 365 / 40;
    const rows = readCsv(join(r.outDir, 'cashflow.csv')).rows;
    const energy = (y: number) =>
      Number(rows.find((x) => x[0] === String(y) && x[1] === 'grid' && x[2] === 'energy')![3]);
    expect(energy(1)).toBeCloseTo(grid.cost_usd * scale * 1.02, 4);
    expect(energy(20)).toBeCloseTo(grid.cost_usd * scale * 1.02 ** 20, 4);
    const served = s.energy_mwh.facility - s.energy_mwh.unmet;
    expect(s.economics!.served_mwh).toBeCloseTo(served * scale * 20, 6);
  });
});

const SMALL = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');
/** The small site with three-minute jobs (a spiky load) on a grid with a demand charge, at one-minute rows. */
const SPIKY = [
  'step=1m',
  'supply[0].import_cap=1 MW',
  'workload.jobs[0].duration=3m',
  'workload.jobs[0].rate=20/h',
  'supply[0].costs={demand_charge: 12 $/kW-month}',
  'economics={years: 1, discount_rate: 0%, escalation: 0%}',
];

describe('a demand charge bills the highest 15-minute mean import, not the instantaneous peak', () => {
  it("monthly.csv's grid_demand_kw is the largest mean of the rows over the clock's quarter hours, and cashflow.csv bills it", () => {
    // Three-minute jobs: a spiky load. Its peak import was billed, 31.54 kW (4,541 USD a year); a meter bills
    // the highest 15-minute mean, 19.456 kW (2,801.69 USD).
    const small = SMALL;
    const set = SPIKY;
    const r = runScenario({ model: small, out: out(), set });
    const grid = readCsv(join(r.outDir, 'timeseries.csv')).col('grid_kw');
    let best = 0;
    for (let k = 0; k < grid.length; k += 15) best = Math.max(best, grid.slice(k, k + 15).reduce((a, x) => a + x) / 15);
    const monthly = readCsv(join(r.outDir, 'monthly.csv'));
    const [demand] = monthly.col('grid_demand_kw');
    expect(demand).toBeCloseTo(best, 3); // the rows are rounded to 1 W
    expect(demand).toBeLessThan(0.7 * monthly.col('grid_peak_kw')[0]);
    const flows = readCsv(join(r.outDir, 'cashflow.csv')).rows.filter((x) => x[2] === 'demand_charge');
    expect(flows).toHaveLength(1);
    // One month simulated in part stands for the year's 12 billing months.
    expect(Number(flows[0][3])).toBeCloseTo(12 * 12 * demand, 6);
    // A 1-hour interval bills less again; an interval that does not divide a day is one line.
    const hourly = runScenario({ model: small, out: out(), set: [...set, 'supply[0].costs.demand_interval=1h'] });
    expect(readCsv(join(hourly.outDir, 'monthly.csv')).col('grid_demand_kw')[0]).toBeLessThan(demand);
    expect(() => loadScenario({ model: small, set: [...set, 'supply[0].costs.demand_interval=7m'] })).toThrow(
      /demand_interval: expected an interval that divides a day, like 15m, 30m or 1h, found/,
    );
  });
});

describe("the run says what a grid's demand and fixed charges bill, which its cost column leaves out", () => {
  // A grid on an industrial tariff: its demand charges were a third of its energy (3.24 of 6.67 $M a year on a
  // 18 MW campus) and only cashflow.csv and the NPC's by_category held them; the closing table and the report
  // showed the energy alone.
  const small = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');
  const base = [
    'supply[0].import_cap=1 MW',
    'supply[0].costs={demand_charge: 12 $/kW-month, fixed_charge: 1500 $/month}',
    'economics={years: 1, discount_rate: 0%, escalation: 0%}',
  ];
  it("summary.json's grid gives the run's demand and fixed charges, cashflow.csv's year 1 for a whole year", () => {
    const r = runScenario({ model: small, out: out(), set: [...base, 'start=2027-01-01', 'duration=365d'] });
    const grid = r.summary.sources.find((x) => x.kind === 'grid')!;
    const monthly = readCsv(join(r.outDir, 'monthly.csv')).col('grid_demand_kw');
    expect(monthly).toHaveLength(12);
    const flows = readCsv(join(r.outDir, 'cashflow.csv')).rows;
    const flow = (c: string) => Number(flows.find((x) => x[2] === c)![3]);
    expect(grid.charges?.demand_usd).toBeCloseTo(12 * monthly.reduce((a, x) => a + x, 0), 6);
    expect(grid.charges?.demand_usd).toBeCloseTo(flow('demand_charge'), 6);
    expect(grid.charges?.fixed_usd).toBeCloseTo(18000, 6);
    expect(grid.charges?.fixed_usd).toBeCloseTo(flow('fixed_charge'), 6);
    expect(grid.charges?.billing_demand_kw).toBe(Math.max(...monthly));
    const t = runTable(r.summary, 'x.csv', 0.5);
    expect(t).toMatch(
      /grid's charges beyond energy over the run, not in the cost column: demand charges [\d,]+ USD \(each month's highest 15-minute mean import, at most [\d.]+ kW\), fixed charges 18,000 USD \(in the NPC\)/,
    );
  });
  it('diff leads with them, beside the cost they are not in', async () => {
    // A price-arbitrage battery's run read 'sources.grid.cost_usd -3.7%' among diff's key figures beside an NPC
    // 20 % higher, its demand charges' rise (3.24 to 4.33 $M a year) only among the other figures' NPC categories.
    const { diffSummaries, formatDiff } = await import('../../src/output/terminal/diff.ts');
    const year = [...base, 'start=2027-01-01', 'duration=90d'];
    const a = runScenario({ model: small, out: out(), set: year }).summary;
    const b = runScenario({
      model: small,
      out: out(),
      set: [...year, 'supply[0].costs.demand_charge=24 $/kW-month'],
    }).summary;
    const text = formatDiff(diffSummaries(a, b), 'a', 'b');
    const key = text.slice(0, text.indexOf('other figures'));
    expect(key).toMatch(/sources\.grid\.charges\.demand_usd .*\+100\.0%/);
    expect(key).toContain('sources.grid.charges.fixed_usd');
  });
  it('a run of 40 days from 20 January bills its second billing month by the share of it simulated', () => {
    const r = runScenario({ model: small, out: out(), set: [...base, 'start=2027-01-20', 'duration=40d'] });
    const grid = r.summary.sources.find((x) => x.kind === 'grid')!;
    const [a, b] = readCsv(join(r.outDir, 'monthly.csv')).col('grid_demand_kw');
    expect(grid.charges?.demand_usd).toBeCloseTo(12 * (a + (b * 9) / 28), 6);
    expect(grid.charges?.fixed_usd).toBeCloseTo(1500 * (1 + 9 / 28), 6);
    // The economics bill the same months, scaled to the year's 12.
    const flows = readCsv(join(r.outDir, 'cashflow.csv')).rows;
    const flow = (c: string) => Number(flows.find((x) => x[2] === c)![3]);
    expect(flow('demand_charge')).toBeCloseTo((grid.charges!.demand_usd * 12) / (1 + 9 / 28), 6);
  });
});

describe('the closing table says what its NPC and LCOE net and bill', () => {
  it('export revenue: its part of the NPC, netted in the LCOE, and the LCOE without it', () => {
    // The NPC's line said nothing of exports: plan-smr's $631.0M holds $16.6M of export income, its 131.5 $/MWh
    // LCOE nets it, and only cashflow.csv said so, where a carbon price has a line of its own.
    const r = runScenario({ model: ECON, out: out() });
    const e = r.summary.economics!;
    const income = e.by_category.export_revenue!;
    expect(income).toBeLessThan(0);
    const gross = (e.lcoe_usd_per_mwh! * (e.supply_npc_usd - income)) / e.supply_npc_usd;
    expect(runTable(r.summary, 'x.csv', 0.5)).toContain(
      `export revenue: -2,348 USD of the NPC (income), netted in the supplies' NPC and LCOE (${gross.toFixed(2)} $/MWh without it; cashflow.csv's export_revenue)`,
    );
    // Without exports, no such line.
    const none = runScenario({
      model: ECON,
      out: out(),
      set: ['supply[2].export_cap=0 kW', 'supply[2].export_price=0'],
    });
    expect(runTable(none.summary, 'x.csv', 0.5)).not.toContain('export revenue:');
  });

  it('a demand interval of seconds is said in seconds, not rounded to minutes', () => {
    // 90 s read 'highest 2-minute mean import', 1 s '0-minute'.
    const r = runScenario({ model: SMALL, out: out(), set: [...SPIKY, 'supply[0].costs.demand_interval=90s'] });
    expect(runTable(r.summary, 'x.csv', 0.5)).toMatch(
      /demand charges [\d,.]+ USD \(each month's highest 90-second mean import/,
    );
  });
});

describe('a battery that shaves the grid import (strategy by: import)', () => {
  it("holds every row and each month's billing demand at its limit, recharging below it, and cuts the demand charge", () => {
    // The spiky small site: billed 19.456 kW at 12 $/kW-month; a 20 kW / 100 kWh battery shaving at 15 kW bills 15 kW.
    // No strategy could before: the price strategy recharged at full power and raised the peak (docs/models/supply.md).
    const small = SMALL;
    const set = [
      ...SPIKY,
      'supply[1]={kind: battery, energy: 100 kWh, power: 20 kW, strategy: {by: import, limit: 15 kW}}',
    ];
    const r = runScenario({ model: small, out: out(), set });
    const rows = readCsv(join(r.outDir, 'timeseries.csv'));
    const charge = rows.col('battery_charge_kw');
    const importKw = rows.col('grid_kw').map((g, i) => g + charge[i]);
    expect(Math.max(...importKw)).toBeLessThanOrEqual(15 + 1e-3);
    expect(Math.max(...rows.col('battery_kw'))).toBeGreaterThan(10); // it did shave
    expect(Math.min(...rows.col('battery_soc_pct'))).toBeGreaterThan(10); // never ran empty
    expect(readCsv(join(r.outDir, 'monthly.csv')).col('grid_demand_kw')[0]).toBeCloseTo(15, 6);
    expect(r.summary.energy_mwh.unmet).toBe(0);
    const flows = readCsv(join(r.outDir, 'cashflow.csv')).rows.filter((x) => x[2] === 'demand_charge');
    expect(Number(flows[0][3])).toBeCloseTo(12 * 12 * 15, 6);
    // Without a grid, the strategy is refused in one line.
    expect(() =>
      loadScenario({ model: small, set: [...set, 'supply[0]={kind: smr, units: 1, rating: 100 kW}'] }),
    ).toThrow(/supply\[1\]\.strategy\.by: expected a grid supply \(its import is what is shaved\)/);
  });
});

describe('bad costs get one line', () => {
  const model = readFileSync(ECON, 'utf8');
  const tmp = out();
  const error = (edit: (m: string) => string): string => {
    const f = join(tmp, `m${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(f, edit(model));
    try {
      loadScenario({ model: f });
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as Error).message).not.toContain('\n');
      return (e as Error).message;
    }
    throw new Error('expected an InputError');
  };
  it.each([
    [
      'a capital cost in the wrong unit',
      (m: string) => m.replace('capital: 6041 $/kW', 'capital: 6041 $/kWh'),
      /supply\[0\]\.costs\.capital: expected a cost per power like "6041 \$\/kW"/,
    ],
    [
      'a negative lifetime',
      (m: string) => m.replace('lifetime: 30y', 'lifetime: -30y'),
      /supply\[0\]\.costs\.lifetime: expected duration at least 1d, found "-30y"$/,
    ],
    [
      'a discount rate above 100 %',
      (m: string) => m.replace('discount_rate: 7%', 'discount_rate: 107%'),
      // A percentage's bound in per cent too: 'expected fraction at most 1, found "107%"' left the reader to convert.
      /economics\.discount_rate: expected fraction at most 1 \(100%\), found "107%"$/,
    ],
    [
      'capital without a lifetime',
      (m: string) => m.replace(', lifetime: 12y', ''),
      /supply\[1\]\.costs\.lifetime: expected a lifetime like "20y"/,
    ],
    [
      'a demand charge per kWh',
      (m: string) => m.replace('12 $/kW-month', '12 $/kWh'),
      /supply\[2\]\.costs\.demand_charge: expected a cost per power and month/,
    ],
    [
      'costs without an economics section',
      (m: string) => m.replace(/^economics:.*$/m, ''),
      /economics: expected an `economics` section with a discount_rate/,
    ],
    [
      'a demand charge on an SMR',
      (m: string) => m.replace('fixed_om: 120 $/kW-yr', 'demand_charge: 12 $/kW-month'),
      /supply\[0\]\.costs.*demand_charge/,
    ],
  ])('%s', (_what, edit, pattern) => {
    expect(error(edit)).toMatch(pattern);
  });
});

describe('supplies in service on dates', () => {
  it('a grid retired on 2027-02-01 delivers nothing after it; an SMR in service from then carries the load', () => {
    const r = runScenario({
      model: ECON,
      out: out(),
      duration: '30d',
      set: [
        'supply[2].retire=2027-02-01',
        'supply[2].import_cap=10 MW',
        'supply[0].in_service=2027-02-01',
        'start=2027-01-20',
      ],
    });
    const csv = readCsv(r.timeseriesFile!);
    const t = csv.rows.map((x) => x[0]);
    const grid = csv.col('grid_kw'),
      smr = csv.col('smr_kw');
    const cut = t.indexOf('2027-02-01 00:00:00');
    expect(cut).toBeGreaterThan(0);
    expect(smr.slice(0, cut).every((x) => x === 0)).toBe(true);
    expect(grid.slice(cut).every((x) => x === 0)).toBe(true);
    expect(smr.slice(cut).some((x) => x > 0)).toBe(true);
  });

  it('a date on an anniversary of the start falls in the project year that ends on it, 29 February between or not', () => {
    // From 2027-01-20 the anniversaries 2029-01-20 and 2030-01-20 have 2028's 29 February before them: counted in
    // years of 365 days they lay a day into the next year (capital in year 3, salvage in year 4), where a start a year
    // later put the same dates of its own in years 2 and 3. yearly.csv's years are twelve months; so are these.
    const flows = (start: string, enter: string, leave: string) => {
      const r = runScenario({
        model: ECON,
        out: out(),
        duration: '40d',
        set: [`start=${start}`, `clusters[0].in_service=${enter}`, `clusters[0].retire=${leave}`],
      });
      return readCsv(join(r.outDir, 'cashflow.csv'))
        .rows.filter((x) => x[1] === 'gpu')
        .map((x) => `${x[0]} ${x[2]}`);
    };
    expect(flows('2027-01-20', '2029-01-20', '2030-01-20')).toEqual(['2 capital', '3 salvage']);
    expect(flows('2029-01-20', '2031-01-20', '2032-01-20')).toEqual(['2 capital', '3 salvage']);
  });

  it('a life counts from its own in-service date: five years from 2027-07-01 end on 2032-07-01, across leap days', () => {
    // Counted in project years from 2027-01-01 the life of 5 years ran from 0.4959 (181/365) to 5.4959, a day before
    // the retirement at 5.4973 (182/366 of leap 2032): a whole replacement was bought, salvaged at 99.97 % in the same
    // year, and the SMR was decommissioned twice. From 2028-07-01 the life ended after the 2033-07-01 retirement,
    // leaving a salvage of 0.03 % of its capital.
    const flows = (enter: string, leave: string) => {
      const r = runScenario({
        model: ECON,
        out: out(),
        duration: '40d',
        set: [
          'start=2027-01-01',
          'economics.years=10',
          'supply[0].costs.lifetime=5y',
          `clusters[0].in_service=${enter}`,
          `clusters[0].retire=${leave}`,
          `supply[0].in_service=${enter}`,
          `supply[0].retire=${leave}`,
        ],
      });
      return readCsv(join(r.outDir, 'cashflow.csv'))
        .rows.filter((x) => (x[1] === 'gpu' || x[1] === 'smr') && !['om', 'fuel', 'energy'].includes(x[2]))
        .map((x) => `${x[0]} ${x[1]} ${x[2]}`);
    };
    expect(flows('2027-07-01', '2032-07-01')).toEqual(['1 smr capital', '1 gpu capital', '6 smr decommissioning']);
    expect(flows('2028-07-01', '2033-07-01')).toEqual(['2 smr capital', '2 gpu capital', '7 smr decommissioning']);
  });

  it("a fusion plant's costs start at its contracted start, as an in_service date would have them", () => {
    // A plant contracted from 2028-07-01 delivers nothing before it; its costs began at the project's start: capital
    // in year 0, a year and a half of fixed O&M for a plant not yet running, its life from 2027 (salvaged with 20 of
    // 30 years left, not 21.5): a 40 kW plant over ten years at 7 % from 2027, NPC 329,857 USD where its start gives
    // 294,000.
    const flows = (...set: string[]) => {
      const r = runScenario({
        model: ECON,
        out: out(),
        duration: '30d',
        set: [
          'start=2027-01-01',
          'economics={ discount_rate: 7%, years: 10 }',
          'supply[0]={ kind: fusion-ppa, capacity: 40 kW, start: 2028-07-01, price: 0, costs: { capital: 5000 $/kW, fixed_om: 100 $/kW-yr, lifetime: 30y } }',
          ...set,
        ],
      });
      return readCsv(join(r.outDir, 'cashflow.csv'))
        .rows.filter((x) => x[1] === 'fusion')
        .map((x) => `${x[0]} ${x[2]} ${Number(x[3]).toFixed(2)}`);
    };
    const own = flows();
    // In service for 184 of leap 2028's 366 days in year 2.
    expect(own.slice(0, 3)).toEqual(['2 capital 200000.00', `2 om ${((4000 * 184) / 366).toFixed(2)}`, '3 om 4000.00']);
    // Salvaged at the end of 2036 with 30 - 8.5 of its 30 years left, counted from 2028-07-01 (2036-07-01 to 2037-01-01
    // is 184 of the 365 days to 2037-07-01).
    expect(own.at(-1)).toBe(`10 salvage ${(-200000 * (1 - (8 + 184 / 365) / 30)).toFixed(2)}`);
    expect(own).toEqual(flows('supply[0].in_service=2028-07-01'));
    // An in_service given is its costs' date, as for any supply.
    expect(flows('supply[0].in_service=2027-01-01')[0]).toBe('0 capital 200000.00');
  });

  it("a project shorter than the run takes a fading battery's replacements and capacity at its end, not the run's", () => {
    // 12 % a year of calendar fade, replaced below 80 %: 88 % after the project's one year, a salvage of
    // (0.88 - 0.8) / 0.2 = 40 % of its capital; the run goes on to replace it in its second year, after the project.
    const battery = (duration: string) => {
      const r = runScenario({
        model: ECON,
        out: out(),
        duration,
        step: '1d',
        set: ['start=2027-01-01', 'supply[1].fade={calendar: 12%, cycle: 0%, replace_at: 80%}', 'economics.years=1'],
      });
      return readCsv(join(r.outDir, 'cashflow.csv'))
        .rows.filter((x) => x[1] === 'battery')
        .map((x) => `${x[0]} ${x[2]} ${Number(x[3]).toFixed(2)}`);
    };
    const want = ['0 capital 145000.00', `1 salvage ${(-145000 * 0.4 * 1.02).toFixed(2)}`];
    expect(battery('365d')).toEqual(want);
    expect(battery('1095d')).toEqual(want);
  });

  it('a component with capital or a lifetime in service before the start is one line; without, or retired by then, it loads', () => {
    // A cluster of $30,000 chips with a life of 5 years, in service since 2026-01-20 in a project from 2027-01-20: its
    // capital was paid in year 0 as new and its life began then (salvaged at the end of year 4 with 1 of 5 years left,
    // where it has none).
    const outcome = (set: string[]) => {
      try {
        loadScenario({ model: ECON, set });
        return 'loads';
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as Error).message;
      }
    };
    expect(outcome(['clusters[0].in_service=2026-01-20'])).toMatch(
      /clusters\[0\]\.in_service: expected a date at or after the start, 2027-01-20 00:00:00, for a component whose costs give capital and lifetime \(.*\), found "2026-01-20"$/,
    );
    expect(outcome(['supply[1].in_service=2027-01-19'])).toMatch(
      /supply\[1\]\.in_service: expected a date at or after the start, .* costs give capital and energy_capital and lifetime/,
    );
    // The grid's charges are by the month and year in service: nothing to misplace.
    expect(outcome(['supply[2].in_service=2020-01-01'])).toBe('loads');
    expect(outcome(['clusters[0].in_service=2027-01-20'])).toBe('loads');
    expect(outcome(['clusters[0].in_service=2020-01-01', 'clusters[0].retire=2026-01-01'])).toBe('loads');
  });

  it('retirement before commissioning is one line', () => {
    const tmp = out();
    const f = join(tmp, 'm.yaml');
    writeFileSync(
      f,
      readFileSync(ECON, 'utf8').replace(
        'kind: smr, units: 1,',
        'kind: smr, in_service: 2030-01-01, retire: 2029-01-01, units: 1,',
      ),
    );
    expect(() => loadScenario({ model: f })).toThrow(
      /supply\[0\]\.retire: expected a retirement after it enters service \(in_service\)/,
    );
  });

  it('a fusion PPA retiring before its contracted start is one line, as its costs enter at that start', () => {
    // Its costs follow its contracted start (3038645): one retiring before it ran was taken, delivering and costing
    // nothing (fuzz seed 66011: capital 0 where its oracle asked 12,435 USD). A start before the run's is the run's.
    const fusion = (dates: string) => withFusion(`capacity: 10 kW, ${dates}`);
    expect(() => loadScenario({ model: fusion('start: 2027-06-01, retire: 2027-03-01') })).toThrow(
      /supply\[0\]\.retire: expected a retirement after it enters service \(its contracted start\), found "2027-03-01"/,
    );
    expect(() => loadScenario({ model: fusion('start: 2027-06-01, retire: 2027-09-01') })).not.toThrow();
    expect(() => loadScenario({ model: fusion('start: 2020-06-01, retire: 2027-03-01') })).not.toThrow();
  });

  it('a fusion plant with capital or a lifetime contracted before the start is one line, as an in_service then is', () => {
    // Its costs enter at its contracted start (3038645), and one before the project's was the project's start: a 1 MW
    // plant at 5,000 $/kW with a 30-year life, contracted from 2025-01-01 in a project from 2027-01-20, paid its $5M in
    // year 0 as new and was salvaged with 10 of its 30 years used where 12 are.
    const costs = 'costs: { capital: 5000 $/kW, lifetime: 30y }';
    const fusion = (fields: string) => withFusion(`capacity: 1 MW, price: 80 $/MWh, ${fields}`);
    expect(() => loadScenario({ model: fusion(`start: 2025-01-01, ${costs}`) })).toThrow(
      /supply\[0\]\.start: expected a contracted start at or after the start, 2027-01-20 00:00:00, for a fusion plant whose costs give capital and lifetime \(.*in_service: 2027-01-20.*\), found "2025-01-01"$/,
    );
    // The default start, 2028-01-01, in a project from 2029.
    expect(() => loadScenario({ model: fusion(costs), set: ['start=2029-01-20'] })).toThrow(
      /supply\[0\]\.start valid \(line 15: a contracted start at or after the start, 2029-01-20 .*found none given, so "2028-01-01 00:00:00"\)/,
    );
    // Bought at the start (its in_service), without owned costs, or contracted from the start: loads.
    for (const ok of [
      `start: 2025-01-01, in_service: 2027-01-20, ${costs}`,
      'start: 2025-01-01, costs: { fixed_om: 100 $/kW-yr }',
      `start: 2027-01-20, ${costs}`,
    ])
      expect(() => loadScenario({ model: fusion(ok) }), ok).not.toThrow();
  });
});

/** The economics fixture with a fusion PPA of `fields` first among its supplies, in a file of its own. */
function withFusion(fields: string): string {
  const f = join(out(), 'm.yaml');
  writeFileSync(
    f,
    readFileSync(ECON, 'utf8').replace('supply:\n', `supply:\n  - { kind: fusion-ppa, name: fusion, ${fields} }\n`),
  );
  return f;
}

describe('the LCOE of a run that serves nothing', () => {
  it('is absent, not 0 $/MWh: a sizing minimising LCOE does not choose the candidate that serves nothing', async () => {
    // No SMR units, no battery, a grid that imports nothing but is paid its fixed charge: NPC $56,075, 0 MWh served.
    const set = [
      'supply[0].units=0',
      'supply[1].energy=0 MWh',
      'supply[2]={ kind: grid, import_cap: 0, export_cap: 1 MW, costs: { fixed_charge: 5000 $/month } }',
    ];
    const r = runScenario({ model: SIZING, out: out(), set });
    const e = r.summary.economics!;
    expect(e.served_mwh).toBe(0);
    expect(e.npc_usd).toBeCloseTo(60000 / 1.07, 6);
    // It was 0: the site's cheapest energy, where there is none.
    expect(e.lcoe_usd_per_mwh).toBeUndefined();
    expect(JSON.parse(readFileSync(join(r.outDir, 'summary.json'), 'utf8')).economics).not.toHaveProperty(
      'lcoe_usd_per_mwh',
    );
    expect(runTable(r.summary, 'x.csv', 0.1)).toMatch(/a year; no LCOE: nothing served/);
    const z = await runSizing({
      model: SIZING,
      decide: ['supply[0].units=0:1'],
      set: set.slice(1),
      minimize: 'lcoe',
      out: out(),
      workers: 1,
      env: {},
    });
    expect(z.best?.values).toEqual({ 'supply[0].units': '1' });
  });
});

describe("a training run's hardware cost from its cluster's costs", () => {
  it('capital per chip annualised at the discount rate: $30,000 x CRF(7 %, 5 y) / 8,760 h a chip-hour', () => {
    const s = runScenario({
      model: ECON,
      out: out(),
      duration: '10d',
      set: ['workload.training=[{ name: t, cluster: gpu, chips: 64, work: 2d }]'],
    }).summary;
    const t = s.training[0];
    // Hand: CRF(0.07, 5) = 0.07 x 1.07^5 / (1.07^5 - 1) = 0.243891; x 30,000 / 8,760 = $0.83524 a chip-hour.
    expect(t.chip_cost_usd).toBeCloseTo(64 * t.wall_time_h * 0.835244, 1);
    expect(t.electricity_share).toBeGreaterThan(0);
  });
});

describe("a training run's electricity without economics", () => {
  it('is its energy at the bill for what the site took, not net of what it sold nor paying for it', () => {
    // A 200 kW SMR at 60 $/MWh beside a 50 kW site that exports its surplus at 80 $/MWh: the site earns more than it
    // pays (cost_usd -614 USD), and a run's electricity, priced at that net bill per IT MWh, was -343 USD, 'electricity
    // is -4.7% of its cost'. It is now at what the site paid for the energy it took: 60 $/MWh of facility energy.
    const dir = out();
    const model = join(dir, 'm.yaml');
    writeFileSync(
      model,
      [
        'name: m',
        'start: 2027-01-01',
        'duration: 10d',
        'step: 1h',
        'seed: 1',
        'clusters: [{ name: gpu, chip: H100, count: 64 }]',
        'workload: { training: [{ name: big, cluster: gpu, chips: 64, submit: 2027-01-02, work: 48h, chip_hour_cost: 2.5 }] }',
        'facility: { cooling: { model: pue, pue: 1.2 } }',
        'supply:',
        '  - { kind: smr, units: 1, rating: 200 kW, price: 60 $/MWh }',
        '  - { kind: grid, price: 50 $/MWh, export_cap: 200 kW, export_price: 80 $/MWh }',
      ].join('\n'),
    );
    const s = runScenario({ model, out: join(dir, 'run') }).summary;
    expect(s.cost_usd).toBeLessThan(0);
    const t = s.training[0];
    expect(t.electricity_cost_usd).toBeCloseTo(t.energy_mwh * 1.2 * 60, 6);
    expect(t.electricity_share).toBeGreaterThan(0);
    expect(runTable(s, 'x.csv', 0.5)).toMatch(
      /run big: electricity 145 USD, chip time 7,680 USD: electricity is 1\.8% of its cost/,
    );
  });
});

describe('inference demand growing per year', () => {
  it('50 % a year compounds: two years demand rate x year x (1.5^2 - 1) / ln 1.5 tokens,; the second year draws more IT energy', () => {
    const tmp = out();
    const f = join(tmp, 'grow.yaml');
    writeFileSync(
      f,
      `name: grow
start: 2027-01-01
duration: 730d
step: 1d
clusters:
  - { name: serve, chip: H200, count: 64 }
workload:
  inference:
    - { name: chat, cluster: serve, chips: 64, rate: 1/s, tokens_per_request: 100, daily: { amplitude: 0 }, growth: 50% }
supply:
  - { kind: grid }
`,
    );
    const s = runScenario({ model: f, out: tmp, series: false }).summary;
    const svc = s.inference.services[0];
    const year = 365 * 86400;
    // Hourly steps (a left Riemann sum) of 100 tok/s x 1.5^t: within 1e-4 of the integral.
    expect(svc.demand_tokens / ((100 * year * (1.5 ** 2 - 1)) / Math.log(1.5))).toBeCloseTo(1, 4);
    const [y1, y2] = s.yearly.map((y) => Number(y.it_mwh));
    expect(y2).toBeGreaterThan(y1);
  });
});

describe('an SMR that generates more than the site takes, stores or exports', () => {
  // No export: the SMR's 150 kW beyond the load and the battery is curtailed, but the fuel was burnt for it
  // (HOMER's fuel curve on the generator's output, excess electricity dumped; docs/reference.md §11).
  const r = runScenario({
    model: ECON,
    out: out(),
    set: ['supply[2].export_cap=0', 'economics={ discount_rate: 0, escalation: 0, years: 1 }'],
  });
  const smr = r.summary.sources.find((x) => x.name === 'smr')!;
  const flows = readCsv(join(r.outDir, 'cashflow.csv')).rows.filter((x) => x[1] === 'smr');
  const paid = (category: string) => Number(flows.find((x) => x[2] === category)![3]);

  it('pays fuel and variable O&M on all it generated, curtailed included, scaled from 40 days to the year', () => {
    expect(smr.curtailed_mwh!).toBeGreaterThan(0.5);
    const generated = (smr.used_mwh! + smr.curtailed_mwh!) * (365 / 40);
    expect(paid('fuel')).toBeCloseTo(generated * 7, 6);
    expect(paid('om')).toBeCloseTo(120 * 150 + generated * 3, 6);
  });

  it('its capacity factor counts all it generated, curtailed included (HOMER: mean output over capacity)', () => {
    const units = (smr.detail as { units: { capacity_factor: number }[] }).units;
    expect(units[0].capacity_factor).toBeCloseTo((smr.used_mwh! + smr.curtailed_mwh!) / (0.15 * 40 * 24), 9);
  });
});

/**
 * The project's horizon written with its unit, as a duration is ('years: 10y', '10 years'): it was refused as 'expected
 * a number, found "10y"', with no word of the form it takes. A whole number of years with a year's unit is now that many
 * years; any other unit or a part year is refused naming the form.
 */
describe('economics.years with its unit', () => {
  const years = (v: string) => loadScenario({ model: ECON, set: [`economics.years=${v}`] }).model.economics!.years;
  it('takes a whole number of years written with a year unit', () => {
    expect(years('10')).toBe(10);
    for (const v of ['10y', '10 y', '10yr', '10 years', '10 year', '1 year'])
      expect(years(v)).toBe(Number.parseInt(v, 10));
    // A whole number written with its decimals, as a bare 10.0 is taken: "10.0y" was 'expected a whole number of years'.
    for (const v of ['10.0y', '10.00 years', '"10.0"', '10.0']) expect(years(v)).toBe(10);
  });
  it('refuses another unit or a part year in one line, naming the form it takes', () => {
    for (const v of ['120mo', '6 months', '10.5y', '3650d', 'ten'])
      expect(() => years(v)).toThrow(
        new RegExp(
          `economics\\.years: expected a whole number of years, like 10 or "10y", found "${v.replace('.', '\\.')}"$`,
        ),
      );
    // A bare part year, as YAML reads 10.5, in the same words: it read 'expected an integer, found 10.5'.
    expect(() => years('10.5')).toThrow(
      /economics\.years: expected a whole number of years, like 10 or "10y", found 10\.5$/,
    );
    expect(() => years('0y')).toThrow(/economics\.years: expected a number > 0, found "0y"$/);
    expect(() => years('101y')).toThrow(/economics\.years: expected a number <= 100, found "101y"$/);
  });
});
