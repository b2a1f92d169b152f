/**
 * Economics (docs/economics.md) against the cash flows recomputed here:
 *
 * - every cashflow.csv row of fifteen project years (capital at the year of service, replacements, decommissioning,
 *   salvage, fixed O&M by the share of a year in service, fuel on generation, energy and monthly demand charges,
 *   escalated and scaled), and their discounted sum, the NPC;
 * - every cashflow.csv row discounted by (1 + d)^−year, summing to the NPC and each component's NPC; annualised cost =
 *   NPC x CRF; the site LCOE = supply NPC / discounted energy served (yearly.csv, a part year scaled to 365 days, later
 *   years repeating the last); each component's LCOE its NPC before export revenue over its discounted energy
 *   generated (an SMR's curtailed output included, as its fuel is); replacements at each end of life and salvage by
 *   remaining life.
 *
 * Seeded: `DCPSIM_FUZZ_RUNS=20 DCPSIM_FUZZ_SEED=7 npx vitest run tests/oracles/economics.test.ts` explores further.
 */

import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Json, modelRunner, oracleDir, report, RUNS, SEED, summaryOf } from '../helpers/oracle.ts';
import { readCsv } from '../helpers/read-csv.ts';

const tmp = oracleDir('economics');

/** Run a model (as JSON) and give its folder. */
const run = modelRunner(tmp);

const iso = (epochS: number): string => new Date(epochS * 1000).toISOString().slice(0, 19).replace('T', ' ');

const close = (a: number, b: number, rel: number, abs: number): boolean => Math.abs(a - b) <= rel * Math.abs(b) + abs;

// ---------------------------------------------------------------------------------------------
// Economics: NPC, annualised cost and LCOE against cashflow.csv and yearly.csv

const arbPlan = fc.record({
  seed: fc.integer({ min: 1, max: 1000 }),
  year: fc.constantFrom(2027, 2028),
  days: fc.constantFrom(200, 365, 366, 400, 500, 731),
  years: fc.integer({ min: 2, max: 14 }),
  discountPct: fc.integer({ min: 0, max: 12 }),
  escalationPct: fc.integer({ min: 0, max: 4 }),
  smrKw: fc.integer({ min: 40, max: 120 }),
  smrLife: fc.integer({ min: 3, max: 40 }),
  batteryKwh: fc.constantFrom(0, 50, 200),
  batteryLife: fc.integer({ min: 2, max: 15 }),
  exportKw: fc.constantFrom(0, 30),
});

// ---------------------------------------------------------------------------------------------
// Fifteen project years of cash flows, recomputed from docs/economics.md's conventions

describe('the cash flows of a plan with dates, lives, escalation and a demand charge', () => {
  it('are every row docs/economics.md gives, and discount to the NPC', () => {
    const [d, e, n] = [0.08, 0.03, 15];
    const dir = run({
      name: 'oracle-cashflow',
      start: '2027-01-01',
      duration: '730d', // to 2028-12-31: the leap year 2028 simulated for 365 of its 366 days
      step: '1d',
      seed: 3,
      clusters: [
        {
          name: 'gpu',
          chip: 'H100',
          count: 256,
          costs: { capital: '30000 $', lifetime: '4y' },
          in_service: '2027-06-01',
        },
      ],
      workload: { jobs: [{ name: 'b', cluster: 'gpu', rate: '1/h', chips: [64, 128], duration: '12h', duty: 0.8 }] },
      facility: { cooling: { model: 'pue', pue: 1.2 } },
      supply: [
        {
          kind: 'smr',
          units: 1,
          rating: '150 kW',
          price: 0,
          in_service: '2027-09-01',
          forced_outages: { mttf: '100000000h', mttr: '1h' },
          costs: {
            capital: '6000 $/kW',
            fixed_om: '100 $/kW-yr',
            fuel: '7 $/MWh',
            lifetime: '7y',
            decommissioning: '400 $/kW',
          },
        },
        { kind: 'grid', price: '55 $/MWh', costs: { demand_charge: '10 $/kW-month' } },
      ],
      economics: { discount_rate: d, escalation: e, years: n },
    });
    const want = new Map<string, number>();
    const add = (y: number, comp: string, cat: string, usd: number): void => {
      const k = `${y}|${comp}|${cat}`;
      want.set(k, (want.get(k) ?? 0) + usd * (1 + e) ** y);
    };
    const yearOf = (t: number): number => (t === 0 ? 0 : Math.ceil(t - 1e-12)); // year y covers (y − 1, y]
    // An asset in service from tS (years of 365 d): capital then, replaced at each end of life inside the project,
    // decommissioned at each end (the life running at the end: its elapsed share), salvaged by its remaining life.
    const asset = (comp: string, tS: number, capital: number, life: number, decommissioning: number): void => {
      add(yearOf(tS), comp, 'capital', capital);
      let start = tS;
      while (start + life < n) {
        add(yearOf(start + life), comp, 'replacement', capital);
        if (decommissioning) add(yearOf(start + life), comp, 'decommissioning', decommissioning);
        start += life;
      }
      if (decommissioning) add(n, comp, 'decommissioning', (decommissioning * (n - start)) / life);
      add(n, comp, 'salvage', (-capital * (life - (n - start))) / life);
    };
    const tGpu = 151 / 365; // 2027-06-01
    const tSmr = 243 / 365; // 2027-09-01
    asset('gpu', tGpu, 256 * 30000, 4, 0);
    asset('smr', tSmr, 150 * 6000, 7, 150 * 400);
    // Energy flows by simulated year; the second (2028, 365 of 8,784 h) scaled to a project year of 365 days, so as
    // simulated; later years repeat it. Demand charges: 12 billing months a year, at the mean peak of its months
    // weighted by the share of each simulated (2028's December 30 of 31 days).
    const yearly = readCsv(join(dir, 'yearly.csv'));
    const monthly = readCsv(join(dir, 'monthly.csv'));
    const scale = [1, 1];
    const monthH = (from: string): number => {
      const a = new Date(`${from.replace(' ', 'T')}Z`);
      const b = new Date(a);
      b.setUTCMonth(b.getUTCMonth() + 1);
      return (b.getTime() - a.getTime()) / 3.6e6;
    };
    const demand = [0, 0]; // $ per year: 10 $/kW of each billing month's peak import, a partial month pro rata
    const billed = [0, 0]; // billing months simulated
    monthly.rows.forEach((r, k) => {
      const share = Number(r[3]) / monthH(r[1]);
      demand[r[1].startsWith('2027') ? 0 : 1] += 10 * monthly.col('grid_peak_kw')[k] * share;
      billed[r[1].startsWith('2027') ? 0 : 1] += share;
    });
    expect(billed[1]).toBeCloseTo(11 + 30 / 31, 12);
    for (let y = 1; y <= n; y++) {
      const k = Math.min(y, 2) - 1;
      const generated = (yearly.col('smr_mwh')[k] + yearly.col('curtailed_mwh')[k]) * scale[k];
      add(y, 'smr', 'om', 100 * 150 * (y === 1 ? 1 - tSmr : 1));
      add(y, 'smr', 'fuel', 7 * generated);
      add(y, 'grid', 'energy', 55 * yearly.col('grid_mwh')[k] * scale[k]);
      add(y, 'grid', 'demand_charge', (demand[k] * 12) / billed[k]);
    }
    const flows = readCsv(join(dir, 'cashflow.csv'));
    const got = new Map<string, number>();
    for (const r of flows.rows)
      got.set(`${r[0]}|${r[1]}|${r[2]}`, (got.get(`${r[0]}|${r[1]}|${r[2]}`) ?? 0) + Number(r[3]));
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    let npc = 0;
    for (const [k, v] of want) {
      expect(Math.abs((got.get(k) ?? Number.NaN) - v), k).toBeLessThan(1e-6 * Math.abs(v) + 1e-6);
      npc += v / (1 + d) ** Number(k.split('|')[0]);
    }
    expect(summaryOf(dir).economics.npc_usd).toBeCloseTo(npc, 3);
  });
});

describe('NPC, annualised cost and LCOE against the cash flows (docs/economics.md)', () => {
  it(`discount every flow, and divide the supplies' NPC by the discounted energy served (${RUNS} plans, seed ${SEED})`, () => {
    for (const c of fc.sample(arbPlan, { numRuns: RUNS, seed: SEED })) {
      const [d, e, n] = [c.discountPct / 100, c.escalationPct / 100, c.years];
      const dir = run({
        name: 'oracle-lcoe',
        start: `${c.year}-01-01`,
        duration: `${c.days}d`,
        step: '1d',
        seed: c.seed,
        clusters: [{ name: 'gpu', chip: 'H100', count: 64, costs: { capital: '25000 $', lifetime: '5y' } }],
        workload: { jobs: [{ name: 'j', cluster: 'gpu', rate: '4/h', chips: [8, 16], duration: '2h' }] },
        facility: { cooling: { model: 'pue', pue: 1.2 } },
        supply: [
          {
            kind: 'smr',
            units: 1,
            rating: `${c.smrKw} kW`,
            price: 0,
            forced_outages: { mttf: '2000h', mttr: '48h' },
            costs: { capital: '6000 $/kW', fuel: '7 $/MWh', fixed_om: '100 $/kW-yr', lifetime: `${c.smrLife}y` },
          },
          {
            kind: 'battery',
            energy: `${c.batteryKwh} kWh`,
            power: '30 kW',
            costs: { capital: '300 $/kW', energy_capital: '250 $/kWh', lifetime: `${c.batteryLife}y` },
          },
          {
            kind: 'grid',
            price: '60 $/MWh',
            ...(c.exportKw ? { export_cap: `${c.exportKw} kW`, export_price: '30 $/MWh' } : {}),
          },
        ],
        economics: { discount_rate: d, escalation: e, years: n },
      });
      const s = summaryOf(dir);
      const ec = s.economics;
      const fails: string[] = [];
      const flows = readCsv(join(dir, 'cashflow.csv'));
      const byComp = new Map<string, number>();
      const exportRevenue = new Map<string, number>();
      let npc = 0;
      for (const r of flows.rows) {
        const [y, comp, cat, nominal, discounted] = [Number(r[0]), r[1], r[2], Number(r[3]), Number(r[4])];
        if (!close(discounted, nominal / (1 + d) ** y, 1e-12, 1e-9))
          fails.push(`${r.join(',')}: discounted ≠ nominal / ${1 + d}^${y}`);
        npc += discounted;
        byComp.set(comp, (byComp.get(comp) ?? 0) + discounted);
        if (cat === 'export_revenue') exportRevenue.set(comp, (exportRevenue.get(comp) ?? 0) + discounted);
        if (y < 0 || y > n) fails.push(`${r.join(',')}: a flow outside years 0..${n}`);
      }
      if (!close(ec.npc_usd, npc, 1e-12, 1e-6)) fails.push(`npc_usd ${ec.npc_usd}, cashflow.csv sums to ${npc}`);
      const supplyNpc = npc - (byComp.get('gpu') ?? 0);
      if (!close(ec.supply_npc_usd, supplyNpc, 1e-12, 1e-6))
        fails.push(`supply_npc_usd ${ec.supply_npc_usd}, want ${supplyNpc}`);
      if (!close(ec.hardware_npc_usd, byComp.get('gpu') ?? 0, 1e-12, 1e-6))
        fails.push(`hardware_npc_usd ${ec.hardware_npc_usd}, gpu's flows ${byComp.get('gpu')}`);
      const crf = d === 0 ? 1 / n : (d * (1 + d) ** n) / ((1 + d) ** n - 1);
      if (!close(ec.annualized_cost_usd, npc * crf, 1e-12, 1e-6))
        fails.push(`annualized_cost_usd ${ec.annualized_cost_usd}, NPC x CRF ${npc * crf}`);
      // The energy of each project year (yearly.csv; a part year scaled to 365 days, later years repeating the last).
      const yearly = readCsv(join(dir, 'yearly.csv'));
      const ts = readCsv(join(dir, 'timeseries.csv'));
      const charge = ts.header.includes('battery_charge_kw') ? ts.col('battery_charge_kw') : ts.rows.map(() => 0);
      const hours = yearly.col('hours');
      // A year simulated whole counts as it is (a leap year its 366 days); one simulated in part, or repeated after
      // the run, counts 365 days of it (docs/economics.md).
      const whole = yearly.rows.map((r) => {
        const a = new Date(`${r[1].replace(' ', 'T')}Z`);
        const b = new Date(a);
        b.setUTCFullYear(a.getUTCFullYear() + 1);
        return r[2] === iso(b.getTime() / 1000);
      });
      const perYear = (f: (k: number) => number): number[] =>
        Array.from({ length: n }, (_, y) => {
          const k = Math.min(y, hours.length - 1);
          return f(k) * (y === k && whole[k] ? 1 : 8760 / hours[k]);
        });
      const col = (name: string): number[] => (yearly.header.includes(name) ? yearly.col(name) : hours.map(() => 0));
      const chargedMwh = hours.map((_, k) =>
        ts.rows.reduce((a, r, i) => (Number(r[0].slice(0, 4)) === c.year + k ? a + (charge[i] * 24) / 1000 : a), 0),
      );
      const served = perYear((k) => col('facility_mwh')[k] - col('unmet_mwh')[k]);
      const gen: Record<string, number[]> = {
        smr: perYear((k) => col('smr_mwh')[k] + col('curtailed_mwh')[k] + col('exported_mwh')[k] + chargedMwh[k]),
        battery: perYear((k) => col('battery_mwh')[k]),
        grid: perYear((k) => col('grid_mwh')[k]),
      };
      const disc = (xs: number[]): number => xs.reduce((a, x, y) => a + x / (1 + d) ** (y + 1), 0);
      const sum = (xs: number[]): number => xs.reduce((a, x) => a + x, 0);
      if (!close(ec.served_mwh, sum(served), 1e-6, 1e-6))
        fails.push(`served_mwh ${ec.served_mwh}, yearly.csv ${sum(served)}`);
      const lcoe = supplyNpc / disc(served);
      if (!close(ec.lcoe_usd_per_mwh, lcoe, 1e-6, 1e-9))
        fails.push(`lcoe_usd_per_mwh ${ec.lcoe_usd_per_mwh}, want ${lcoe}`);
      for (const comp of ec.components as Json[]) {
        const got = byComp.get(comp.name) ?? 0;
        if (!close(comp.npc_usd, got, 1e-12, 1e-6)) fails.push(`${comp.name}: npc_usd ${comp.npc_usd}, flows ${got}`);
        if (!gen[comp.name]) continue;
        const g = gen[comp.name];
        if (!close(comp.generated_mwh, sum(g), 1e-5, 1e-5))
          fails.push(`${comp.name}: generated_mwh ${comp.generated_mwh}, yearly.csv ${sum(g)}`);
        const want = disc(g) > 0 ? (got - (exportRevenue.get(comp.name) ?? 0)) / disc(g) : null;
        if (want !== null && !close(comp.lcoe_usd_per_mwh, want, 1e-5, 1e-9))
          fails.push(`${comp.name}: lcoe_usd_per_mwh ${comp.lcoe_usd_per_mwh}, want ${want}`);
      }
      // Replacements at each end of life inside the project, salvage by the life left (linear), escalated.
      const assets: [string, number, number][] = [
        ['smr', 6000 * c.smrKw, c.smrLife],
        ...(c.batteryKwh
          ? [['battery', 300 * 30 + 250 * c.batteryKwh, c.batteryLife] as [string, number, number]]
          : []),
        ['gpu', 64 * 25000, 5],
      ];
      for (const [comp, capital, life] of assets) {
        const got = (cat: string): [number, number][] =>
          flows.rows.filter((r) => r[1] === comp && r[2] === cat).map((r) => [Number(r[0]), Number(r[3])]);
        const want: [number, number][] = [];
        for (let y = life; y < n; y += life) want.push([y, capital * (1 + e) ** y]);
        const left = life - (n % life === 0 && n >= life ? life : n % life);
        const salvage: [number, number][] = left > 0 ? [[n, (-capital * (1 + e) ** n * left) / life]] : [];
        for (const [cat, w] of [
          ['capital', [[0, capital]]],
          ['replacement', want],
          ['salvage', salvage],
        ] as [string, [number, number][]][]) {
          const g = got(cat);
          if (g.length !== w.length || g.some(([y, v], i) => y !== w[i][0] || !close(v, w[i][1], 1e-9, 1e-6)))
            fails.push(`${comp} ${cat}: ${JSON.stringify(g)}, want ${JSON.stringify(w)}`);
        }
      }
      report(fails, `case ${JSON.stringify(c)}; run ${dir}`);
    }
  }, 60_000);

  it('a curtailed take-or-pay fusion PPA costs its price per MWh it offered; curtailed space solar, its price per MWh taken', () => {
    const dir = run({
      name: 'oracle-ppa',
      start: '2027-01-01',
      duration: '365d',
      step: '1d',
      seed: 8,
      clusters: [{ name: 'gpu', chip: 'H100', count: 64 }],
      workload: { jobs: [{ name: 'j', cluster: 'gpu', rate: '4/h', chips: [8, 16], duration: '2h' }] },
      facility: { cooling: { model: 'pue', pue: 1.2 } },
      supply: [
        { kind: 'fusion-ppa', capacity: '40 kW', start: '2027-01-01', availability: 0.7, outage_mean: '5d', price: 80 },
        { kind: 'space-solar', panels: 20, orbit: { type: 'leo' }, price: 5 },
        { kind: 'grid', price: '60 $/MWh', carbon: '400 g/kWh' },
      ],
      economics: { discount_rate: 0.06, years: 4 },
    });
    const s = summaryOf(dir);
    const comp = (name: string): Json => s.economics.components.find((x: Json) => x.name === name);
    const src = (name: string): Json => s.sources.find((x: Json) => x.name === name);
    const fails: string[] = [];
    const [fusion, solar] = [src('fusion'), src('solar')];
    if (!(fusion.curtailed_mwh > 0 && solar.curtailed_mwh > 0))
      fails.push('nothing curtailed: the case checks nothing');
    // Each project year repeats the simulated one (365 days).
    if (!close(comp('fusion').generated_mwh, 4 * fusion.detail.offered_mwh, 1e-9, 1e-9))
      fails.push(`fusion generated_mwh ${comp('fusion').generated_mwh}, 4 x offered ${fusion.detail.offered_mwh}`);
    if (!close(comp('fusion').lcoe_usd_per_mwh, 80, 1e-9, 0))
      fails.push(`fusion LCOE ${comp('fusion').lcoe_usd_per_mwh}`);
    if (!close(comp('solar').generated_mwh, 4 * solar.used_mwh, 1e-9, 1e-9))
      fails.push(`solar generated_mwh ${comp('solar').generated_mwh}, 4 x used ${solar.used_mwh}`);
    if (!close(comp('solar').lcoe_usd_per_mwh, 5, 1e-9, 0)) fails.push(`solar LCOE ${comp('solar').lcoe_usd_per_mwh}`);
    report(fails, `run ${dir}`);
  });
});
