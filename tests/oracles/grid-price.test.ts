/**
 * Grid price (docs/models/supply.md, grid): under a time-of-use tariff (periods from any minute, so rows of 15 minutes
 * to 2 hours straddle a change) and under an hourly price trace, each row's `grid_cost_usd` is the energy drawn in it
 * times the price in force, split at each change (exact under a constant load; between the row's lowest and highest
 * price under a varying one), and the rows sum to the summary's figures.
 *
 * Seeded: `DCPSIM_FUZZ_RUNS=20 DCPSIM_FUZZ_SEED=7 npx vitest run tests/oracles/grid-price.test.ts` explores further.
 */

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { type Json, modelRunner, oracleDir, report, RUNS, SEED, summaryOf, utc } from '../helpers/oracle.ts';
import { readCsv } from '../helpers/read-csv.ts';

const tmp = oracleDir('grid-price');

/** Run a model (as JSON) and give its folder. */
const run = modelRunner(tmp);

const iso = (epochS: number): string => new Date(epochS * 1000).toISOString().slice(0, 19).replace('T', ' ');

const close = (a: number, b: number, rel: number, abs: number): boolean => Math.abs(a - b) <= rel * Math.abs(b) + abs;

// ---------------------------------------------------------------------------------------------
// Grid price: time of use and an hourly trace

const arbTariff = fc.record({
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
  hours: fc.integer({ min: 24, max: 72 }),
  step: fc.constantFrom('15m', '1h', '2h'),
  // Period starts in minutes of the UTC day (any minute, so rows straddle them), and their prices.
  starts: fc.uniqueArray(fc.integer({ min: 0, max: 1439 }), { minLength: 1, maxLength: 4 }),
  prices: fc.array(fc.integer({ min: 5, max: 300 }), { minLength: 4, maxLength: 4 }),
  duty: fc.integer({ min: 30, max: 100 }).map((v) => v / 100),
  chips: fc.integer({ min: 1, max: 8 }).map((k) => 8 * k),
  varying: fc.boolean(),
  trace: fc.boolean(),
});

describe('the grid paid the price in force', () => {
  it(`under a time-of-use tariff or an hourly price trace, row by row, rows straddling a change included (${2 * RUNS} models, seed ${SEED})`, () => {
    const cases = fc.sample(arbTariff, { numRuns: 2 * RUNS, seed: SEED });
    // Half the tariffs hold their periods on weekdays only, with a weekend price of their own from 00:00 (UTC), drawn
    // apart so the cases above stay as they were.
    const weekends = fc.sample(fc.oneof(fc.constant(undefined), fc.integer({ min: 5, max: 300 })), {
      numRuns: 2 * RUNS,
      seed: SEED + 1,
    });
    cases.forEach((c, id) => {
      const weekend = weekends[id];
      const start = Date.UTC(2027, c.month - 1, c.day) / 1000;
      const starts = [...c.starts].sort((a, b) => a - b);
      const hhmm = (m: number): string =>
        `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      // Hourly trace: a price for every hour of 2027 (inside its span, so each hour reads its own row).
      const hourly: number[] = [];
      let price: Json;
      if (c.trace) {
        const file = join(tmp, `price${id}.csv`);
        const y0 = Date.UTC(2027, 0, 1) / 1000;
        let x = c.prices[0];
        const lines = ['timestamp,price'];
        for (let h = 0; h < 8760; h++) {
          x = Math.max(-20, Math.min(400, x + (((h * 7919 + id * 104729) % 61) - 30)));
          hourly.push(x);
          lines.push(`${iso(y0 + 3600 * h)},${x}`);
        }
        writeFileSync(file, `${lines.join('\n')}\n`);
        price = { file, column: 'price' };
      } else
        price = {
          periods: [
            ...starts.map((m, k) => ({
              from: hhmm(m),
              price: `${c.prices[k]} $/MWh`,
              ...(weekend === undefined ? {} : { days: 'weekdays' }),
            })),
            ...(weekend === undefined ? [] : [{ from: '00:00', price: `${weekend} $/MWh`, days: 'weekends' }]),
          ],
        };
      /** Is the UTC day `d` (days since 1970-01-01, a Thursday) a Saturday or Sunday under a weekend price? */
      const isWeekend = (d: number): boolean => weekend !== undefined && [2, 3].includes(((d % 7) + 7) % 7);
      /** The price in force at an epoch second, $/MWh: the period started last (the last of the day before midnight's first). */
      const priceAt = (t: number): number => {
        if (c.trace) return hourly[Math.floor((t - Date.UTC(2027, 0, 1) / 1000) / 3600)];
        const d = Math.floor(t / 86400);
        const m = Math.floor((t - d * 86400) / 60);
        if (isWeekend(d)) return weekend!;
        let k = -1;
        for (let i = 0; i < starts.length; i++) if (starts[i] <= m) k = i;
        // Before the day's first start, the day before's last: a weekend's price on a Monday.
        return k >= 0 ? c.prices[k] : isWeekend(d - 1) ? weekend! : c.prices[starts.length - 1];
      };
      /** The instants in [a, b) where the price changes. */
      const changes = (a: number, b: number): number[] => {
        const out: number[] = [];
        if (c.trace) for (let t = Math.ceil(a / 3600) * 3600; t < b; t += 3600) out.push(t);
        else
          for (let d = Math.floor(a / 86400) * 86400; d < b; d += 86400) {
            // A weekend begins and ends at midnight; its days have no other change.
            if (isWeekend(d / 86400) !== isWeekend(d / 86400 - 1) && d > a) out.push(d);
            if (!isWeekend(d / 86400))
              for (const m of starts) if (d + 60 * m > a && d + 60 * m < b) out.push(d + 60 * m);
          }
        return out.sort((x, y) => x - y);
      };
      const dir = run({
        name: 'oracle-tariff',
        start: new Date(start * 1000).toISOString(),
        duration: `${c.hours}h`,
        step: c.step,
        seed: id + 1,
        clusters: [{ name: 'gpu', chip: 'H100', count: c.chips }],
        workload: c.varying
          ? { jobs: [{ name: 'j', cluster: 'gpu', rate: '3/h', chips: [1, 2, 4, 8], duration: '40m' }] }
          : { training: [{ name: 't', cluster: 'gpu', chips: c.chips, work: '1000d', duty: c.duty }] },
        facility: { cooling: { model: 'pue', pue: 1.25 } },
        supply: [{ kind: 'grid', price, carbon: '400 g/kWh', carbon_free_share: 0.2 }],
      });
      const ts = readCsv(join(dir, 'timeseries.csv'));
      const s = summaryOf(dir);
      const [grid, cost, siteCost, energy] = ['grid_kw', 'grid_cost_usd', 'cost_usd', 'energy_mwh'].map((k) =>
        ts.col(k),
      );
      const fails: string[] = [];
      const end = start + 3600 * c.hours;
      let sum = 0;
      let straddled = 0;
      ts.rows.forEach((r, i) => {
        const a = utc(r[0]);
        const b = i + 1 < ts.rows.length ? utc(ts.rows[i + 1][0]) : end;
        const cuts = [a, ...changes(a, b), b];
        if (cuts.length > 2) straddled++;
        const prices = cuts.slice(0, -1).map((t) => priceAt(t));
        // Constant load: the row's energy spread evenly over it, each piece at its own price ($ = kW x h x $/MWh / 1000).
        let want = 0;
        for (let k = 0; k + 1 < cuts.length; k++) want += (grid[i] * (cuts[k + 1] - cuts[k]) * prices[k]) / 3.6e6;
        sum += cost[i];
        // grid_kw is rounded to 0.5 W: its cost over the row at the highest price, and half a cent's hundredth.
        const tol = (0.0005 * ((b - a) / 3600) * Math.max(...prices.map(Math.abs))) / 1000 + 6e-5;
        if (!c.varying || cuts.length === 2) {
          if (!close(cost[i], want, 1e-6, tol))
            fails.push(
              `row ${r[0]}: grid_cost_usd ${cost[i]}, want ${want} (${grid[i]} kW at ${prices.join('/')} $/MWh)`,
            );
        } else {
          const kwh = (grid[i] * (b - a)) / 3600;
          const [lo, hi] = [Math.min(...prices), Math.max(...prices)].map((p) => (kwh * p) / 1000);
          if (cost[i] < lo - tol || cost[i] > hi + tol)
            fails.push(`row ${r[0]}: grid_cost_usd ${cost[i]} outside [${lo}, ${hi}] of ${prices.join('/')} $/MWh`);
        }
        if (Math.abs(siteCost[i] - cost[i]) > 1.01e-4)
          fails.push(`row ${r[0]}: cost_usd ${siteCost[i]} ≠ grid's ${cost[i]}`);
        if (!close(energy[i], (grid[i] * (b - a)) / 3.6e6, 1e-6, 2e-6))
          fails.push(`row ${r[0]}: energy_mwh ${energy[i]}, grid ${grid[i]} kW over ${(b - a) / 3600} h`);
      });
      const src = s.sources.find((x: Json) => x.name === 'grid');
      if (!close(src.cost_usd, sum, 1e-9, 5e-5 * ts.rows.length + 1e-9))
        fails.push(`the grid's cost_usd ${src.cost_usd}, rows sum to ${sum}`);
      if (!close(s.cost_usd, src.cost_usd, 1e-12, 1e-9)) fails.push(`cost_usd ${s.cost_usd} ≠ grid ${src.cost_usd}`);
      // The row split matters only where a row straddles a change: say so when the case made none.
      if (!c.trace && c.step !== '15m' && straddled === 0 && changes(start, end).some((x) => x % 3600 !== 0))
        fails.push('no row straddled a price change');
      report(fails, `case ${JSON.stringify(c)}; run ${dir}`);
    });
  }, 60_000);
});
