/**
 * Batteries against oracles that do not call the code under test (docs/models/supply.md, MODELS.md "Storage"):
 *
 * - a battery that loses stored energy to fade;
 * - a battery bridging an SMR refuelling under a constant load charges from the surplus and covers the outage as
 *   MODELS.md integrates it;
 * - energy in − energy out = losses + Δstored, losses those of η_c = η_d = sqrt(round trip); unserved energy and
 *   loss-of-load hours (clock hours with any unmet demand) from one-minute rows, LOLE per 8,760 h, any loss of load,
 *   the share of years with any (yearly.csv); each row's cost (the SMR paid on all taken from it, the grid on imports,
 *   less export revenue); an SMR's exported energy times its intensity is its `export_carbon_kg`, not in `carbon_kg`;
 * - a battery following the price saves 20 x charged − hi x discharged on the grid (a loss below hi = 20 / round trip),
 *   and listed after an uncapped grid it charges and holds.
 *
 * Seeded: `DCPSIM_FUZZ_RUNS=20 DCPSIM_FUZZ_SEED=7 npx vitest run tests/oracles/battery.test.ts` explores further.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chipW } from '../helpers/h100.ts';
import { type Json, modelRunner, oracleDir, report, RUNS, SEED, summaryOf, utc } from '../helpers/oracle.ts';
import { readCsv } from '../helpers/read-csv.ts';
import { runScenario } from '../../src/run.ts';

const tmp = oracleDir('battery');

/** Run a model (as JSON) and give its folder. */
const run = modelRunner(tmp);

/** 80 H100 training at duty 0.8 under PUE 1.25, hourly rows: a flat load of 120.42 kW. */
const flatSite = {
  step: '1h',
  seed: 1,
  clusters: [{ name: 'gpu', chip: 'H100', count: 80, server: { chips: 8 } }],
  workload: { training: [{ name: 'train', cluster: 'gpu', chips: 80, work: '3000d', duty: 0.8 }] },
  facility: { cooling: { model: 'pue', pue: 1.25 } },
};

const close = (a: number, b: number, rel: number, abs: number): boolean => Math.abs(a - b) <= rel * Math.abs(b) + abs;

// ---------------------------------------------------------------------------------------------
// A battery's round trip, loss of load and exported carbon, from one-minute rows

const arbStore = fc.record({
  seed: fc.integer({ min: 1, max: 1000 }),
  hours: fc.integer({ min: 24, max: 60 }),
  roundTrip: fc.integer({ min: 60, max: 98 }).map((v) => v / 100),
  initial: fc.integer({ min: 0, max: 100 }).map((v) => v / 100),
  batteryKwh: fc.integer({ min: 20, max: 300 }),
  smrKw: fc.integer({ min: 60, max: 110 }),
  importKw: fc.integer({ min: 0, max: 40 }),
  exportKw: fc.constantFrom(0, 15),
  smrCarbon: fc.constantFrom(undefined, 12, 30),
});

// ---------------------------------------------------------------------------------------------
// A fading battery: capacity lost takes its share of the carbon-free energy with it

describe('a battery that loses stored energy to fade', () => {
  it('gives back the carbon-free share it took in: the energy lost is clean and not clean alike', () => {
    // Half full of energy that is not carbon-free (its initial charge), it fills to 90 % of 1,000 kWh from the SMR's
    // surplus: 400 kWh in (η_c = 0.9 of 444 kWh) of 900 kWh are carbon-free, 4/9. It then holds full for 30 days
    // while fade (50 %/year) takes 37 kWh. When the SMR refuels it discharges against a grid counted not
    // carbon-free, so carbon_free_kw / battery_kw is the share it gives back: 4/9, not 400/863 = 0.4635 (before,
    // the energy fade took was all taken from the part that was not carbon-free).
    const dir = run({
      name: 'oracle-fade',
      start: '2027-01-01',
      duration: '32d',
      ...flatSite,
      supply: [
        {
          kind: 'smr',
          units: 1,
          rating: '200 kW',
          price: 0,
          refuel: { every: '24mo', takes: '5d', offsets: ['30d'] },
          forced_outages: { mttf: '100000000h', mttr: '1h' },
        },
        {
          kind: 'battery',
          energy: '1000 kWh',
          power: '100 kW',
          round_trip: 0.81,
          initial: 0.5,
          fade: { calendar: '50%', cycle: 0, replace_at: 0.1 },
        },
        { kind: 'grid', carbon: '400 g/kWh', carbon_free_share: 0 },
      ],
    });
    const ts = readCsv(join(dir, 'timeseries.csv'));
    const [bat, cf, grid] = ['battery_kw', 'carbon_free_kw', 'grid_kw'].map((k) => ts.col(k));
    const first = bat.findIndex((b) => b > 0);
    expect(first).toBe(720); // the refuelling, day 30
    expect(grid[first]).toBeGreaterThan(0);
    expect(summaryOf(dir).sources[1].detail.fade_losses_mwh).toBeGreaterThan(0.03);
    for (let i = first; i < first + 3; i++) expect(cf[i] / bat[i]).toBeCloseTo(4 / 9, 4);
  });
});

// ---------------------------------------------------------------------------------------------
// A battery between an SMR's refuelling and its surplus

describe('a battery bridging an SMR refuelling under a constant load', () => {
  it(`charges from the surplus and covers the outage as MODELS.md "Storage" integrates it, whenever the level changed since the last dispatch (${4 * RUNS} cases, seed ${SEED})`, () => {
    const cases = fc.sample(
      fc.record({
        groups: fc.integer({ min: 10, max: 100 }),
        ratio: fc.integer({ min: 110, max: 250 }).map((v) => v / 100),
        beforeH: fc.integer({ min: 1, max: 20 }),
        outageH: fc.integer({ min: 1, max: 20 }),
        afterH: fc.integer({ min: 1, max: 20 }),
        hours: fc.integer({ min: 1, max: 10 }),
        powerShare: fc.integer({ min: 20, max: 150 }).map((v) => v / 100),
        roundTrip: fc.constantFrom(0.81, 0.88, 1),
        initial: fc.constantFrom(0.1, 0.5, 0.9),
      }),
      { numRuns: 4 * RUNS, seed: SEED },
    );
    let k = 0;
    for (const c of cases) {
      const id = k++;
      const chips = 8 * c.groups;
      const loadW = chips * chipW(0.8) * 1.25;
      const ratingW = Math.round(c.ratio * loadW);
      const energyJ = Math.round(c.hours * loadW) * 3600;
      const powerW = Math.round(c.powerShare * loadW);
      const model = {
        name: 'bridge',
        start: '2027-01-01',
        duration: `${c.beforeH + c.outageH + c.afterH}h`,
        step: '1h',
        seed: 1,
        clusters: [{ name: 'gpu', chip: 'H100', count: chips, server: { chips: 8 } }],
        workload: { training: [{ name: 't', cluster: 'gpu', chips, work: '300d', duty: 0.8 }] },
        facility: { cooling: { model: 'pue', pue: 1.25 } },
        supply: [
          {
            kind: 'smr',
            units: 1,
            rating: `${ratingW} W`,
            refuel: { every: '24mo', takes: `${c.outageH}h`, offsets: [`${c.beforeH}h`] },
            forced_outages: { mttf: '100000000h', mttr: '1h' },
          },
          {
            kind: 'battery',
            energy: `${energyJ / 3600} Wh`,
            power: `${powerW} W`,
            round_trip: c.roundTrip,
            soc_min: 0.1,
            soc_max: 0.9,
            initial: c.initial,
          },
        ],
      };
      // E <- E + η_c P_charge Δt - P_discharge Δt / η_d, η_c = η_d = sqrt(η), between soc_min and soc_max.
      const eta = Math.sqrt(c.roundTrip);
      const [eMin, eMax] = [0.1 * energyJ, 0.9 * energyJ];
      let e = c.initial * energyJ;
      const want = { charged: 0, discharged: 0, unmet: 0, curtailed: 0 };
      for (const [up, h] of [
        [true, c.beforeH],
        [false, c.outageH],
        [true, c.afterH],
      ] as const) {
        const d = h * 3600;
        if (up) {
          const rate = Math.min(ratingW - loadW, powerW);
          const t = Math.min(d, (eMax - e) / (eta * rate));
          want.charged += rate * t;
          want.curtailed += (ratingW - loadW) * d - rate * t;
          e += eta * rate * t;
        } else {
          const rate = Math.min(loadW, powerW);
          const t = Math.min(d, ((e - eMin) * eta) / rate);
          want.discharged += rate * t;
          want.unmet += loadW * d - rate * t;
          e -= (rate * t) / eta;
        }
      }
      const file = join(tmp, `bridge${id}.json`);
      writeFileSync(file, JSON.stringify(model, null, 1));
      const out = join(tmp, `bridge${id}`);
      runScenario({ model: file, out, sync: false });
      const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      const bat = s.sources.find((x: Json) => x.kind === 'battery').detail;
      const smr = s.sources.find((x: Json) => x.kind === 'smr');
      const failures: string[] = [];
      const mwh = 3.6e9;
      const check = (what: string, got: number, wantJ: number): void => {
        if (Math.abs(got - wantJ / mwh) > 1e-9 * Math.max(1, loadW / 1e6) * (c.beforeH + c.outageH + c.afterH))
          failures.push(`${what}: ${got} MWh, expected ${wantJ / mwh}`);
      };
      check('battery charged', bat.charged_mwh, want.charged);
      check('battery discharged', bat.discharged_mwh, want.discharged);
      check('unmet', s.energy_mwh.unmet, want.unmet);
      check('SMR curtailed', smr.curtailed_mwh, want.curtailed);
      if (Math.abs(bat.final_soc - e / energyJ) > 1e-9)
        failures.push(`final_soc ${bat.final_soc}, expected ${e / energyJ}`);
      report(failures, `case ${JSON.stringify(c)}; files ${out}`);
    }
  }, 60_000);
});

describe('a battery, loss of load and exported carbon, recomputed from one-minute rows', () => {
  it(`energy in − out = losses + Δstored with η_c = η_d = sqrt(round trip); unserved energy and loss-of-load hours by clock hour; exports carry their carbon away (${2 * RUNS} models, seed ${SEED})`, () => {
    const seen = { unmet: 0, exported: 0, cycled: 0 };
    for (const c of fc.sample(arbStore, { numRuns: 2 * RUNS, seed: SEED })) {
      const dir = run({
        name: 'oracle-store',
        start: '2027-04-01',
        duration: `${c.hours}h`,
        step: '1m',
        seed: c.seed,
        clusters: [{ name: 'gpu', chip: 'H100', count: 96 }],
        workload: { jobs: [{ name: 'j', cluster: 'gpu', rate: '6/h', chips: [8, 16, 32], duration: '2h' }] },
        facility: { cooling: { model: 'pue', pue: 1.2 } },
        supply: [
          {
            kind: 'smr',
            units: 1,
            rating: `${c.smrKw} kW`,
            price: '20 $/MWh',
            forced_outages: { mttf: '12h', mttr: '3h' },
            ...(c.smrCarbon === undefined ? {} : { carbon: `${c.smrCarbon} g/kWh` }),
          },
          {
            kind: 'battery',
            energy: `${c.batteryKwh} kWh`,
            power: '40 kW',
            round_trip: c.roundTrip,
            initial: c.initial,
          },
          {
            kind: 'grid',
            import_cap: `${c.importKw} kW`,
            export_cap: `${c.exportKw} kW`,
            price: '60 $/MWh',
            carbon: '400 g/kWh',
            carbon_free_share: 0.3,
          },
        ],
      });
      const ts = readCsv(join(dir, 'timeseries.csv'));
      const s = summaryOf(dir);
      const col = (k: string): number[] => (ts.header.includes(k) ? ts.col(k) : ts.rows.map(() => 0));
      const [smr, out, charge, grid, exp, unmet, soc] = [
        'smr_kw',
        'battery_kw',
        'battery_charge_kw',
        'grid_kw',
        'export_kw',
        'unmet_kw',
        'battery_soc_pct',
      ].map(col);
      const fails: string[] = [];
      const kwh = (xs: number[]): number => xs.reduce((a, x) => a + x, 0) / 60;
      const bat = s.sources.find((x: Json) => x.kind === 'battery');
      const [inMwh, outMwh] = [kwh(charge) / 1000, kwh(out) / 1000];
      const rowsTol = (ts.rows.length * 0.0005) / 60 / 1000; // half a watt-hour's rounding in each one-minute cell
      if (!close(bat.detail.charged_mwh, inMwh, 1e-6, rowsTol))
        fails.push(`charged_mwh ${bat.detail.charged_mwh}, rows ${inMwh}`);
      if (!close(bat.detail.discharged_mwh, outMwh, 1e-6, rowsTol))
        fails.push(`discharged_mwh ${bat.detail.discharged_mwh}, rows ${outMwh}`);
      // Stored energy: the initial level (clamped to 10-90 %) to the final one.
      const e0 = Math.min(0.9, Math.max(0.1, c.initial)) * c.batteryKwh;
      const e1 = bat.detail.final_soc * c.batteryKwh;
      const stored = (e1 - e0) / 1000;
      const eta = Math.sqrt(c.roundTrip);
      const losses = (1 - eta) * bat.detail.charged_mwh + (1 / eta - 1) * bat.detail.discharged_mwh;
      if (!close(bat.detail.losses_mwh, losses, 1e-6, 1e-9))
        fails.push(`losses_mwh ${bat.detail.losses_mwh}, (1 − √η)·in + (1/√η − 1)·out = ${losses}`);
      const balance = bat.detail.charged_mwh - bat.detail.discharged_mwh - bat.detail.losses_mwh;
      if (!close(balance, stored, 1e-6, 1e-9)) fails.push(`in − out − losses = ${balance} MWh, Δstored ${stored}`);
      // The level from the rows: the last row's time-average and the level the summary ends at within a minute's move.
      const lastSoc = soc[soc.length - 1];
      if (Math.abs(lastSoc - 100 * bat.detail.final_soc) > (100 * 40) / 60 / c.batteryKwh + 0.01)
        fails.push(`last row's soc ${lastSoc} %, final_soc ${bat.detail.final_soc}`);
      // Reliability: unserved energy the rows' sum; loss-of-load hours the clock hours with any unmet minute.
      const unmetMwh = kwh(unmet) / 1000;
      if (!close(s.reliability.unserved_energy_mwh, unmetMwh, 1e-6, rowsTol))
        fails.push(`unserved_energy_mwh ${s.reliability.unserved_energy_mwh}, rows ${unmetMwh}`);
      if (!close(s.energy_mwh.unmet, s.reliability.unserved_energy_mwh, 1e-12, 1e-12))
        fails.push(`energy_mwh.unmet ${s.energy_mwh.unmet} ≠ unserved ${s.reliability.unserved_energy_mwh}`);
      const [surely, maybe] = [new Set<number>(), new Set<number>()];
      ts.rows.forEach((r, i) => {
        const h = Math.floor(utc(r[0]) / 3600);
        if (unmet[i] > 0.0005) surely.add(h);
        if (unmet[i] > 0) maybe.add(h);
      });
      const lolh = s.reliability.loss_of_load_hours;
      if (lolh < surely.size || lolh > maybe.size + 1e-9 || !Number.isInteger(lolh))
        fails.push(`loss_of_load_hours ${lolh}, clock hours with unmet rows ${surely.size}-${maybe.size}`);
      if (!close(s.reliability.loss_of_load_share, lolh / c.hours, 1e-12, 1e-12))
        fails.push(`loss_of_load_share ${s.reliability.loss_of_load_share}, ${lolh} of ${c.hours} h`);
      // What sizing and sweeps read (docs/sizing.md, docs/sweeps.md): LOLE per 8,760 h, any loss of load, and the
      // share of the run's years (yearly.csv) with any; the years' hours sum to the run's.
      if (!close(s.reliability.loss_of_load_hours_per_year, (lolh * 8760) / c.hours, 1e-12, 1e-12))
        fails.push(
          `loss_of_load_hours_per_year ${s.reliability.loss_of_load_hours_per_year}, ${lolh} h in ${c.hours} h`,
        );
      if (s.reliability.any_loss_of_load !== (lolh > 0 ? 1 : 0))
        fails.push(`any_loss_of_load ${s.reliability.any_loss_of_load}`);
      const yearly = readCsv(join(dir, 'yearly.csv'));
      const yearsLol = yearly.col('loss_of_load_hours');
      if (yearsLol.reduce((a, x) => a + x, 0) !== lolh)
        fails.push(`yearly.csv loss_of_load_hours ${yearsLol}, run ${lolh}`);
      // Each project year weighed by the part of it the run holds (a partial year: its hours over the full year's).
      const starts = yearly.rows.map((r) => new Date(`${r[yearly.header.indexOf('start_utc')].replace(' ', 'T')}Z`));
      const weights = yearly.col('hours').map((h, i) => {
        const next = new Date(starts[i]);
        next.setUTCFullYear(next.getUTCFullYear() + 1);
        return h / ((next.getTime() - starts[i].getTime()) / 3.6e6);
      });
      const sumOf = (xs: number[]): number => xs.reduce((a, x) => a + x, 0);
      const share = sumOf(weights.map((w, i) => (yearsLol[i] > 0 ? w : 0))) / sumOf(weights);
      if (!close(s.reliability.years_with_loss_of_load_share, share, 1e-12, 1e-12))
        fails.push(`years_with_loss_of_load_share ${s.reliability.years_with_loss_of_load_share}, yearly.csv ${share}`);
      if (s.reliability.largest_shortfall_kw < Math.max(...unmet) - 0.0005)
        fails.push(`largest_shortfall_kw ${s.reliability.largest_shortfall_kw} < a row's ${Math.max(...unmet)}`);
      // Carbon: the SMR's (12 g/kWh unless given) on what it gives the load and the battery, the grid's 400 g/kWh on
      // its imports; the SMR's exports carry theirs to the buyer (export_carbon_kg), out of carbon_kg. The battery
      // charges from surplus only (auto), which here is the SMR's: the grid is not must-run.
      const ci = (c.smrCarbon ?? 12) / 1000; // kg/kWh
      const smrCarbon = (kwh(smr) + kwh(charge)) * ci;
      const exportCarbon = kwh(exp) * ci;
      const gridCarbon = kwh(grid) * 0.4;
      const src = (k: string): Json => s.sources.find((x: Json) => x.kind === k);
      const tol = ts.rows.length * 0.0005 * (1 / 60) * 0.4 + 1e-6;
      if (!close(src('smr').carbon_kg, smrCarbon, 1e-6, tol))
        fails.push(`smr carbon_kg ${src('smr').carbon_kg}, want ${smrCarbon}`);
      if (!close(src('smr').export_carbon_kg ?? 0, exportCarbon, 1e-6, tol))
        fails.push(`smr export_carbon_kg ${src('smr').export_carbon_kg}, want ${exportCarbon}`);
      if (!close(s.export_carbon_kg ?? 0, exportCarbon, 1e-6, tol))
        fails.push(`export_carbon_kg ${s.export_carbon_kg}, want ${exportCarbon}`);
      if (!close(s.carbon_kg, smrCarbon + gridCarbon, 1e-6, 2 * tol))
        fails.push(
          `carbon_kg ${s.carbon_kg}, want SMR ${smrCarbon} + grid ${gridCarbon} (exports' ${exportCarbon} not in it)`,
        );
      if (c.exportKw === 0 && kwh(exp) > 0) fails.push('exports without an export cap');
      // Cost per row (docs/outputs.md): the SMR paid its price on all taken from it (load, battery, export), the grid
      // on its imports, exports earning the default $33.74/MWh; the site's cost is what is paid less that revenue.
      const [smrCost, gridCost, revenue, siteCost] = [
        'smr_cost_usd',
        'grid_cost_usd',
        'grid_export_revenue_usd',
        'cost_usd',
      ].map(col);
      for (let i = 0; i < ts.rows.length; i++) {
        const want = [
          ((smr[i] + charge[i] + exp[i]) * 20) / 60 / 1000,
          (grid[i] * 60) / 60 / 1000,
          (exp[i] * 33.74) / 60 / 1000,
        ];
        const got = [smrCost[i], gridCost[i], revenue[i]];
        if (want.some((w, k) => Math.abs(got[k] - w) > 0.00012))
          fails.push(`row ${ts.rows[i][0]}: smr, grid cost and export revenue ${got}, want ${want}`);
        if (Math.abs(siteCost[i] - (smrCost[i] + gridCost[i] - revenue[i])) > 0.00016)
          fails.push(`row ${ts.rows[i][0]}: cost_usd ${siteCost[i]} ≠ ${smrCost[i]} + ${gridCost[i]} − ${revenue[i]}`);
      }
      report(fails, `case ${JSON.stringify(c)}; run ${dir}`);
      seen.unmet += lolh > 0 ? 1 : 0;
      seen.exported += kwh(exp) > 0 ? 1 : 0;
      seen.cycled += inMwh > 0 && outMwh > 0 ? 1 : 0;
    }
    // The cases exercise what they check: shortfalls, exports and a battery that charged and discharged.
    report(
      Object.entries(seen).flatMap(([k, v]) => (v > 0 ? [] : [`no case ${k}`])),
      `seed ${SEED}`,
    );
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// Price arbitrage: what a cycle gains, by hand

describe('a battery following the price, against a flat load and a two-price day', () => {
  // 80 H100 at duty 0.8 and PUE 1.25 draw a flat load; 600 kWh / 100 kW at 81 % (0.9 each way) charges from 10 % at
  // 20 $/MWh from midnight and discharges at `hi` from 18:00: each day 480 / 0.9 = 533.3 kWh in, 480 x 0.9 = 432 out.
  // The grid's cost with the battery less without it is 20 x charged - hi x discharged: a loss below hi = 20 / 0.81.
  const price = (hi: number) => ({
    periods: [
      { from: '00:00', price: 20 },
      { from: '18:00', price: hi },
    ],
  });
  const model = (hi: number, gridFirst: boolean, battery: object = {}) => {
    const supply = [
      {
        kind: 'battery',
        energy: '600 kWh',
        power: '100 kW',
        round_trip: 0.81,
        initial: 0.1,
        strategy: { by: 'price', charge_below: '20 $/MWh', discharge_above: `${hi} $/MWh` },
        ...battery,
      },
      { kind: 'grid', price: price(hi) },
    ];
    return {
      name: 'arbitrage',
      start: '2027-01-04',
      duration: '2d',
      ...flatSite,
      supply: gridFirst ? supply.reverse() : supply,
    };
  };
  const sources = (dir: string): Record<string, Json> =>
    Object.fromEntries(summaryOf(dir).sources.map((s: Json) => [s.kind, s]));

  it('saves 20 x charged - hi x discharged on the grid: a loss at 22 $/MWh, nothing at 20 / 0.81, a gain at 30', () => {
    for (const [hi, want] of [
      [22, 2.3253],
      [20 / 0.81, 0],
      [30, -4.5867],
    ]) {
      const on = sources(run(model(hi, false)));
      const off = sources(run(model(hi, false, { in_service: '2030-01-01' })));
      const b = on.battery.detail;
      expect(b.charged_mwh).toBeCloseTo(2 * (480 / 0.9 / 1000), 9);
      expect(b.discharged_mwh).toBeCloseTo(2 * 0.432, 9);
      expect(on.grid.cost_usd - off.grid.cost_usd).toBeCloseTo(20 * b.charged_mwh - hi * b.discharged_mwh, 6);
      expect(on.grid.cost_usd - off.grid.cost_usd).toBeCloseTo(want, 3);
    }
  });

  it('listed after a grid with no import cap it charges and holds: the grid carries every hour, dear or not', () => {
    const s = sources(run(model(100, true)));
    expect(s.battery.detail.charged_mwh).toBeCloseTo(480 / 0.9 / 1000, 9);
    expect(s.battery.detail.discharged_mwh).toBe(0);
  });

  it("docs/models/supply.md's figures: from 10 % or from half full; first or after the grid on a three-price day", () => {
    // From the default half charge (300 kWh stored), the first day buys 240 / 0.9 = 266.7 kWh, not 533.3: 0.8 MWh in
    // the two days, 0.864 out, 20 x 0.8 - 22 x 0.864 = 3.01 USD less than no battery (the charge it started with spent).
    const half = { initial: 0.5 };
    const on = sources(run(model(22, false, half)));
    const off = sources(run(model(22, false, { ...half, in_service: '2030-01-01' })));
    expect(on.battery.detail.charged_mwh).toBeCloseTo(0.8, 9);
    expect(on.battery.detail.discharged_mwh).toBeCloseTo(0.864, 9);
    expect(on.grid.cost_usd - off.grid.cost_usd).toBeCloseTo(20 * 0.8 - 22 * 0.864, 6);
    // A day of 20 $/MWh until 06:00, 100 until 12:00 and 50 after (1,320 $/MWh-h a day), the battery from 10 % with
    // thresholds 20 and 22: the flat load L costs L x 2 x 1,320 either way; listed after the grid the battery only
    // charges (533.3 kWh at 20 on the first night), listed first it charges each night and gives 432 kWh at 100 each
    // morning.
    const day = {
      periods: [
        { from: '00:00', price: 20 },
        { from: '06:00', price: 100 },
        { from: '12:00', price: 50 },
      ],
    };
    const three = (gridFirst: boolean) => {
      const m = model(22, gridFirst) as { supply: { kind: string; price?: unknown }[] };
      for (const s of m.supply) if (s.kind === 'grid') s.price = day;
      const dir = run(m);
      return { s: sources(dir), loadMwh: summaryOf(dir).energy_mwh.facility as number };
    };
    const { s: after, loadMwh } = three(true);
    const { s: first } = three(false);
    const loadUsd = (loadMwh / 48) * 2 * 1320;
    expect(after.battery.detail.discharged_mwh).toBe(0);
    expect(after.grid.cost_usd).toBeCloseTo(loadUsd + 20 * (480 / 0.9 / 1000), 6);
    expect(after.grid.cost_usd).toBeCloseTo(328.57, 2);
    expect(first.battery.detail.discharged_mwh).toBeCloseTo(0.864, 9);
    expect(first.grid.cost_usd).toBeCloseTo(loadUsd + 20 * 2 * (480 / 0.9 / 1000) - 100 * 0.864, 6);
    expect(first.grid.cost_usd).toBeCloseTo(252.84, 2);
  });
});
