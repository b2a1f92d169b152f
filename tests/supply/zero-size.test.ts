/**
 * A supply sized to zero (issue 12: a sizing decision's lower bound of 0) is the same run as the
 * model without it: every column and figure the two share is identical, its own columns are
 * zeros, it costs nothing, and energy still balances. The oracle is the model with the supply
 * removed, run on the same seed (each supply draws from a stream of its own name).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { flatFigures } from '../../src/output/tables/summary-csv.ts';
import { readCsv } from '../helpers/read-csv.ts';

/** Every kind a sizing decides, each with costs, each contributing energy (a 3-day, 1 MW-class campus). */
const MODEL = {
  name: 'zero-size',
  start: '2027-01-01',
  duration: '3d',
  step: '1h',
  seed: 5,
  clusters: [{ name: 'gpu', chip: 'H100', count: 800, server: { chips: 8 } }],
  workload: {
    jobs: [{ name: 'batch', cluster: 'gpu', rate: '6/h', chips: [64, 128], duration: '2h', duty: 0.8 }],
  },
  facility: { cooling: { model: 'pue', pue: 1.25 } },
  supply: [
    {
      kind: 'fusion-ppa',
      capacity: '300 kW',
      start: '2026-06-01',
      // Contracted before the run, bought at its start: owned costs' date (a start before it with them is refused).
      in_service: '2027-01-01',
      availability: '90%',
      outage_mean: '12h',
      price: '80 $/MWh',
      costs: { capital: '1000 $/kW', fixed_om: '50 $/kW-yr', lifetime: '30y' },
    },
    {
      kind: 'smr',
      units: 2,
      rating: '300 kW',
      mode: 'load-following',
      refuel: { every: '24mo', takes: '1d' },
      forced_outages: { mttf: '30d', mttr: '12h' },
      price: 0,
      fixed_usd_per_mw_year: 50000,
      costs: {
        capital: '6041 $/kW',
        fixed_om: '120 $/kW-yr',
        fuel: '6.1 $/MWh',
        lifetime: '60y',
        decommissioning: '500 $/kW',
      },
    },
    {
      kind: 'space-solar',
      panels: 300,
      transmission: '50%',
      price: '5 $/MWh',
      costs: { capital: '1000 $/kW', mass: '59 W/kg', launch: '200 $/kg', lifetime: '15y' },
    },
    {
      kind: 'battery',
      energy: '2 MWh',
      power: '500 kW',
      fade: { calendar: '1%', cycle: '5%', replace_at: '80%' },
      costs: { capital: '968 $/kW', energy_capital: '253 $/kWh', fixed_om: '10 $/kW-yr' },
    },
    {
      kind: 'grid',
      import_cap: '400 kW',
      export_cap: '100 kW',
      price: '55 $/MWh',
      carbon: '363 g/kWh',
      costs: { demand_charge: '12 $/kW-month', fixed_charge: '1000 $/month' },
    },
  ],
  economics: { discount_rate: '7%', years: 10 },
};

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-zero-'));

function run(model: object, tag: string, set: string[] = []) {
  const file = join(dir, `${tag}.json`);
  writeFileSync(file, JSON.stringify(model));
  const r = runScenario({ model: file, out: join(dir, tag), set });
  return {
    figures: new Map(flatFigures(r.summary)),
    csv: readCsv(r.timeseriesFile!),
    cashflow: readFileSync(join(dir, tag, 'cashflow.csv'), 'utf8'),
    summary: r.summary,
  };
}

/** Figures that count the simulation's own work, not the site's: a zero supply may still follow its clock (an orbit). */
const BOOKKEEPING = new Set(['events']);

const CASES: { kind: string; index: number; zero: string[] }[] = [
  { kind: 'fusion-ppa', index: 0, zero: ['supply[0].capacity=0 MW'] },
  { kind: 'smr', index: 1, zero: ['supply[1].units=0'] },
  { kind: 'space-solar', index: 2, zero: ['supply[2].panels=0'] },
  { kind: 'battery (energy)', index: 3, zero: ['supply[3].energy=0 MWh'] },
  { kind: 'battery (power)', index: 3, zero: ['supply[3].power=0 MW'] },
  { kind: 'grid (no connection)', index: 4, zero: ['supply[4].import_cap=0', 'supply[4].export_cap=0'] },
];

describe('a supply sized to zero is the model without it (the oracle: the same model, the supply removed)', () => {
  const full = run(MODEL, 'full');
  for (const c of CASES) {
    it(`${c.kind} at zero`, () => {
      const without = run({ ...MODEL, supply: MODEL.supply.filter((_, i) => i !== c.index) }, `without-${c.index}`);
      const zero = run(MODEL, `zero-${c.kind.replace(/\W+/g, '-')}`, c.zero);
      const own = zero.summary.sources[c.index].name;

      // The case matters: the supply did something in the full model.
      expect(full.figures.get(`sources.${own}.energy_mwh`)).toBeGreaterThan(0.1);

      // Every column the two share, row by row, to the last digit written.
      expect(zero.csv.rows.length).toBe(without.csv.rows.length);
      for (const h of without.csv.header) {
        const a = without.csv.header.indexOf(h),
          b = zero.csv.header.indexOf(h);
        expect(b, h).toBeGreaterThanOrEqual(0);
        expect(
          zero.csv.rows.map((r) => r[b]),
          h,
        ).toEqual(without.csv.rows.map((r) => r[a]));
      }
      // The same columns as the full model (the table's shape does not depend on the size), its own at zero.
      expect(zero.csv.header).toEqual(full.csv.header);
      for (const h of zero.csv.header.filter((x) => !without.csv.header.includes(x))) {
        expect(
          zero.csv.col(h).every((x) => x === 0),
          h,
        ).toBe(true);
      }

      // Every figure the two share, exactly; the zero supply's own are zero where they are energy, money or carbon.
      for (const [k, v] of without.figures) {
        if (BOOKKEEPING.has(k) || k.startsWith('model.')) continue;
        expect(zero.figures.get(k), k).toBe(v);
      }
      for (const [k, v] of zero.figures) {
        if (!k.startsWith(`sources.${own}.`) && !k.startsWith(`economics.components.${own}.`)) continue;
        if (/mwh|usd|kg|share/.test(k) && !k.includes('detail.')) expect(v, k).toBe(0);
      }
      // No capital, O&M, fuel, fixed or demand charges, replacement or decommissioning: its cash flows are all zero.
      const rows = zero.cashflow.trimEnd().split('\n');
      const header = rows[0].split(',');
      const comp = header.indexOf('component');
      const money = header.map((h, i) => (/usd/.test(h) ? i : -1)).filter((i) => i >= 0);
      const mine = rows.slice(1).filter((r) => r.split(',')[comp] === own);
      for (const r of mine) for (const i of money) expect(Number(r.split(',')[i]), r).toBe(0);

      // Energy balances: supplied + unmet = demand.
      const f = zero.figures;
      expect(f.get('energy_mwh.supplied')! + f.get('energy_mwh.unmet')!).toBeCloseTo(f.get('energy_mwh.facility')!, 9);
    });
  }

  it('negative sizes are still refused with the one-line error', () => {
    for (const [set, msg] of [
      ['supply[1].units=-1', /supply\[1\]\.units: expected .*at least 0|>= ?0/],
      ['supply[3].energy=-1 MWh', /supply\[3\]\.energy: expected energy at least 0/],
      ['supply[0].capacity=-5 MW', /supply\[0\]\.capacity: expected power at least 0/],
      ['supply[2].panels=-3', /supply\[2\]\.panels: expected/],
    ] as const)
      expect(() => run(MODEL, 'negative', [set]), set).toThrow(msg);
  });
});
