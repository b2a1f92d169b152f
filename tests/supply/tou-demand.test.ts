/**
 * Time-of-use demand charges and tariff holidays (docs/models/supply.md, grid, Price; docs/economics.md): a grid's
 * `costs.tou_demand` windows bill each month's highest demand-interval mean import among the intervals that start in
 * the window, read in the price's `timezone` and `holidays`; a holiday is priced as a Sunday. The bills here are
 * worked out from the rule by hand, not from the code.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IntervalPeaks } from '../../src/kernel/interval-peaks.ts';
import { monthMask, monthsOf } from '../../src/kernel/calendar.ts';
import { ZoneOffsets } from '../../src/kernel/zone.ts';
import { parseDate } from '../../src/kernel/time.ts';
import { windowTest } from '../../src/supply/demand-charges.ts';
import { dayMask } from '../../src/supply/schedule.ts';
import { holidayTest } from '../../src/supply/holidays.ts';
import { loadScenario, runScenario } from '../../src/run.ts';
import { readCsv } from '../helpers/read-csv.ts';
import { runTable } from '../../src/output/terminal/run-table.ts';
import { costOf1MW } from './drive.ts';

const SMALL = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');
const out = () => mkdtempSync(join(tmpdir(), 'dcpsim-toudemand-'));
const E = (iso: string): number => parseDate(iso);
const KW = 1000;

/**
 * A level held in steps, `[from, to, kW]` on a base, through an IntervalPeaks of 15-minute intervals over the run's
 * months; the all-hours peaks and each window's, kW.
 */
function billed(
  startIso: string,
  days: number,
  baseKw: number,
  steps: [string, string, number][],
  windows: ((e: number) => boolean)[],
): { all: number[]; windows: number[][] } {
  const start = E(startIso);
  const dur = days * 86400;
  let level = baseKw * KW;
  const p = new IntervalPeaks(() => level, 900, start, monthsOf(start, dur), windows);
  const changes = steps
    .flatMap(([a, b, kw]) => [
      [E(a) - start, kw * KW],
      [E(b) - start, baseKw * KW],
    ])
    .sort((x, y) => x[0] - y[0]);
  for (const [t, v] of changes) {
    p.advance(t);
    level = v;
  }
  p.finish(dur);
  return { all: [...p.peaks].map((w) => w / KW), windows: p.windowPeaks.map((w) => [...w].map((x) => x / KW)) };
}

/** Summer weekdays 12:00-18:00 in Los Angeles (PG&E's B-19 peak; here with the federal holidays). */
const LA = new ZoneOffsets('America/Los_Angeles');
const summerPeak = (holidays?: string[]) =>
  windowTest(
    { fromS: 12 * 3600, toS: 18 * 3600, days: dayMask('weekdays'), months: monthMask(['jun', 'jul', 'aug', 'sep']) },
    LA,
    holidayTest(holidays),
  );

describe('a time-of-use demand window bills the highest interval mean that starts in it', () => {
  // June 2027 in Los Angeles (PDT, UTC-7), the local month from 1 June 00:00 (07:00 UTC): 100 kW throughout, and
  //  - Wed 2 June 13:00-13:15: 250 kW, an interval in the window;
  //  - Fri 4 June 11:50-12:02: 400 kW, across the window's start: the interval 11:45-12:00 means
  //    (10 x 400 + 5 x 100) / 15 = 300 kW but starts before 12:00, outside; 12:00-12:15 means (2 x 400 + 13 x 100) / 15
  //    = 140 kW, inside;
  //  - Sat 5 June 14:00-14:15: 500 kW, a weekend: the all-hours demand only;
  //  - Fri 18 June 13:00-13:15: 450 kW, the observed Juneteenth (19 June 2027 is a Saturday): off-peak with us-federal.
  const steps: [string, string, number][] = [
    ['2027-06-02T20:00:00Z', '2027-06-02T20:15:00Z', 250],
    ['2027-06-04T18:50:00Z', '2027-06-04T19:02:00Z', 400],
    ['2027-06-05T21:00:00Z', '2027-06-05T21:15:00Z', 500],
    ['2027-06-18T20:00:00Z', '2027-06-18T20:15:00Z', 450],
  ];

  it('a month of a known profile: all-hours 500 kW, the window 250 kW; at 15 and 20 $/kW-month, 7,500 + 5,000 USD', () => {
    const b = billed('2027-06-01T07:00:00Z', 30, 100, steps, [summerPeak(['us-federal']), summerPeak()]);
    expect(b.all).toEqual([500]);
    expect(b.windows[0]).toEqual([250]);
    // Without the holidays, Friday 18 June is a weekday and its 450 kW is in the window.
    expect(b.windows[1]).toEqual([450]);
    expect(15 * b.all[0] + 20 * b.windows[0][0]).toBe(7500 + 5000);
  });

  it('an interval straddling the window counts by its start: 300 kW at 11:45 is out, 140 kW at 12:00 in', () => {
    const only = steps.slice(1, 2);
    const b = billed('2027-06-01T07:00:00Z', 30, 100, only, [summerPeak()]);
    expect(b.all[0]).toBeCloseTo(300, 9);
    expect(b.windows[0][0]).toBeCloseTo(140, 9);
  });

  it('a window reads local time across the change of clock: 12:00 in New York is 17:00 UTC before 14 March 2027, 16:00 after', () => {
    const ny = windowTest({ fromS: 12 * 3600, toS: 18 * 3600 }, new ZoneOffsets('America/New_York'));
    // 200 kW at 16:00-16:15 UTC on Saturday 13 March (11:00 EST, outside) and 150 kW on Monday 15 March (12:00 EDT,
    // inside); 120 kW at 22:45 UTC on the 13th (17:45 EST, inside) and 180 kW at 22:00 UTC on the 15th (18:00 EDT, outside).
    const b = billed(
      '2027-03-01T05:00:00Z',
      31,
      100,
      [
        ['2027-03-13T16:00:00Z', '2027-03-13T16:15:00Z', 200],
        ['2027-03-15T16:00:00Z', '2027-03-15T16:15:00Z', 150],
        ['2027-03-13T22:45:00Z', '2027-03-13T23:00:00Z', 120],
        ['2027-03-15T22:00:00Z', '2027-03-15T22:15:00Z', 180],
      ],
      [ny],
    );
    expect(b.all).toEqual([200]);
    expect(b.windows[0]).toEqual([150]);
  });
});

describe('holidays in a time-of-use price', () => {
  it('an energy price reads a holiday as a Sunday: Monday 5 July 2027 (Independence Day observed) at the weekend price', () => {
    const price = (holidays?: string[]) => ({
      timezone: 'America/Los_Angeles',
      ...(holidays ? { holidays } : {}),
      periods: [
        { from: '00:00', price: '100 $/MWh', days: 'weekdays' },
        { from: '00:00', price: '30 $/MWh', days: 'weekends' },
      ],
    });
    // 1 MW through the local day: 24 MWh at $30 on the holiday, $100 without holidays; a named date works the same.
    expect(costOf1MW(price(['us-federal']), 86400, '2027-07-05T07:00:00Z')).toBeCloseTo(720, 6);
    expect(costOf1MW(price(), 86400, '2027-07-05T07:00:00Z')).toBeCloseTo(2400, 6);
    expect(costOf1MW(price(['2027-07-05']), 86400, '2027-07-05T07:00:00Z')).toBeCloseTo(720, 6);
    // The day before, Sunday 4 July, is a weekend day either way; Tuesday 6 July a weekday.
    expect(costOf1MW(price(['us-federal']), 2 * 86400, '2027-07-05T07:00:00Z')).toBeCloseTo(720 + 2400, 6);
  });
});

/** The small site with three-minute jobs (a spiky load) at one-minute rows, on B-19-like demand charges. */
const TOU = [
  'start=2027-06-15',
  'duration=35d',
  'step=1m',
  'supply[0].import_cap=1 MW',
  'workload.jobs[0].duration=3m',
  'workload.jobs[0].rate=20/h',
  'supply[0].price={ timezone: America/Los_Angeles, holidays: [us-federal], periods: [{ from: "00:00", price: 60 $/MWh }] }',
  'supply[0].costs={demand_charge: 15 $/kW-month, tou_demand: [{ name: peak, charge: 20 $/kW-month, from: "12:00", to: "18:00", days: weekdays, months: [jun, jul, aug, sep] }]}',
  'economics={years: 1, discount_rate: 0%, escalation: 0%}',
];

describe('a run with a time-of-use demand charge', () => {
  it('bills each billing month its window demand from the rows, in monthly.csv, summary.json, cashflow.csv and the NPC', () => {
    // From 15 June 2027: billing months 15 June - 15 July (whole) and 15 July - 20 July (5 of 31 days), on the tariff's
    // clock: July's from 15 July 00:00 PDT.
    const r = runScenario({ model: SMALL, out: out(), set: TOU });
    const ts = readCsv(join(r.outDir, 'timeseries.csv'));
    const grid = ts.col('grid_kw');
    const t0 = E('2027-06-15T00:00:00Z');
    const split = E('2027-07-15T07:00:00Z');
    // By the rule: the quarter hours of the clock (the run starts on one); each one's start in Los Angeles (PDT,
    // UTC-7 all through) on a weekday that is not 18 June or 5 July (observed holidays), 12:00 to 18:00.
    const all = [0, 0];
    const peak = [0, 0];
    for (let k = 0; k + 15 <= grid.length; k += 15) {
      const mean = grid.slice(k, k + 15).reduce((a, x) => a + x) / 15;
      const e = t0 + k * 60;
      const m = e < split ? 0 : 1;
      all[m] = Math.max(all[m], mean);
      const local = new Date((e - 7 * 3600) * 1000);
      const wd = local.getUTCDay();
      const d = local.toISOString().slice(0, 10);
      const h = local.getUTCHours();
      if (wd >= 1 && wd <= 5 && d !== '2027-06-18' && d !== '2027-07-05' && h >= 12 && h < 18)
        peak[m] = Math.max(peak[m], mean);
    }
    const monthly = readCsv(join(r.outDir, 'monthly.csv'));
    const demand = monthly.col('grid_demand_kw');
    const window = monthly.col('grid_peak_demand_kw');
    for (const m of [0, 1]) {
      expect(demand[m]).toBeCloseTo(all[m], 3); // the rows are rounded to 1 W
      expect(window[m]).toBeCloseTo(peak[m], 3);
    }
    expect(peak[0]).toBeLessThan(all[0]); // the window's is the lower: the busiest quarter hour is off-peak
    // summary.json: each month by the share of it simulated, both charges in demand_usd.
    const share = [1, 5 / 31];
    const allUsd = 15 * (demand[0] * share[0] + demand[1] * share[1]);
    const peakUsd = 20 * (window[0] * share[0] + window[1] * share[1]);
    const c = r.summary.sources.find((x) => x.name === 'grid')!.charges!;
    expect(c.tou_demand).toEqual([
      { name: 'peak', demand_usd: expect.closeTo(peakUsd, 6), billing_demand_kw: Math.max(...window) },
    ]);
    expect(c.demand_usd).toBeCloseTo(allUsd + peakUsd, 6);
    // cashflow.csv: a year of 12 billing months at the simulated months' mean, each its category; they sum to the NPC.
    const flows = readCsv(join(r.outDir, 'cashflow.csv')).rows;
    const flow = (cat: string) => Number(flows.find((x) => x[2] === cat)![3]);
    const mean = (v: number[]) => (v[0] * share[0] + v[1] * share[1]) / (share[0] + share[1]);
    expect(flow('demand_charge')).toBeCloseTo(12 * 15 * mean(demand), 6);
    // The window bills only June to September: a year simulated in part bills 4 of its billing months at the mean of
    // those simulated (was 12: a summer run's window billed all year, three times what the tariff can bill).
    expect(flow('tou_demand_charge')).toBeCloseTo(4 * 20 * mean(window), 6);
    // A month named twice (`jun` and 6) is one month of the four: it billed 5 (4,139 USD a year against 5,173 for a
    // 61-day run from 1 June).
    const twice = runScenario({
      model: SMALL,
      out: out(),
      set: TOU.map((x) => x.replace('months: [jun, jul', 'months: [jun, 6, jul')),
    });
    expect(twice.summary.economics!.by_category.tou_demand_charge).toBeCloseTo(flow('tou_demand_charge'), 6);
    const e = r.summary.economics!;
    expect(e.by_category.tou_demand_charge).toBeCloseTo(flow('tou_demand_charge'), 6);
    expect(flows.reduce((a, x) => a + Number(x[4]), 0)).toBeCloseTo(e.npc_usd, 6);
    // The run's table says the window's part beneath it.
    expect(runTable(r.summary, 'x.csv', 0.5)).toMatch(
      /demand charges [\d,]+ USD \(each month's highest 15-minute mean import, at most [\d.]+ kW; of which peak [\d,]+ USD, at most [\d.]+ kW in its window\)/,
    );
  });

  it('a billing month that begins after the run ends weighs nothing (west of UTC, a run ending hours into a UTC month)', () => {
    // From 1 September for 723 h: the run's October is 3 h (00:00-03:00 UTC 1 October), all of it September's billing
    // month in Los Angeles (30 September 17:00-20:00 PDT); October's billing month begins at 07:00 UTC, after the end.
    // Its billing demand, 0, was averaged in with the run month's share (3/744): 12 x 15 x 40 x 744/747 = 7,171.08 USD a
    // year, where the tariff bills 7,200.
    const r = runScenario({
      model: SMALL,
      out: out(),
      set: [
        'start=2027-09-01',
        'duration=723h',
        'supply[0].import_cap=40 kW',
        'supply[0].price={ timezone: America/Los_Angeles, periods: [{ from: "00:00", price: 60 $/MWh }] }',
        'supply[0].costs={demand_charge: 15 $/kW-month}',
        'economics={years: 1, discount_rate: 0%, escalation: 0%}',
      ],
    });
    const monthly = readCsv(join(r.outDir, 'monthly.csv'));
    const d = monthly.col('grid_demand_kw');
    expect(d[1]).toBe(0);
    const flows = readCsv(join(r.outDir, 'cashflow.csv')).rows;
    const charge = Number(flows.find((x) => x[2] === 'demand_charge')![3]);
    expect(charge).toBeCloseTo(12 * 15 * d[0], 6);
    expect(r.summary.sources.find((x) => x.name === 'grid')!.charges!.demand_usd).toBeCloseTo(15 * d[0], 6);
  });

  it("bills months on the tariff's clock: a Los Angeles window's 30 September evening is September's, not October's", () => {
    // From 1 September 2027 for 61 days at one-minute rows. The tariff's billing months are the run's months read on its
    // clock: September from 1 September 00:00 PDT (07:00 UTC), October from 1 October 00:00 PDT. Billed by UTC months,
    // 30 September 17:00-18:00 PDT (1 October 00:00-01:00 UTC), a Thursday in the window, was October's: the window billed
    // 14.3 kW in October although its months end with September.
    const set = (zone: string, window: boolean) => [
      'start=2027-09-01',
      'duration=61d',
      'step=1m',
      'supply[0].import_cap=1 MW',
      'workload.jobs[0].duration=3m',
      'workload.jobs[0].rate=20/h',
      `supply[0].price={ timezone: ${zone}, periods: [{ from: "00:00", price: 60 $/MWh }] }`,
      window
        ? 'supply[0].costs={demand_charge: 15 $/kW-month, tou_demand: [{ name: peak, charge: 20 $/kW-month, from: "12:00", to: "18:00", days: weekdays, months: [jun, jul, aug, sep] }]}'
        : 'supply[0].costs={demand_charge: 15 $/kW-month}',
      'economics={years: 1, discount_rate: 0%, escalation: 0%}',
    ];
    const t0 = E('2027-09-01T00:00:00Z');
    // Each billing month's highest 15-minute mean from the rows, the month split at `split` (epoch s).
    const byHand = (ts: ReturnType<typeof readCsv>, split: number, inWindow: (e: number) => boolean = () => true) => {
      const grid = ts.col('grid_kw');
      const peak = [0, 0];
      for (let k = 0; k + 15 <= grid.length; k += 15) {
        const e = t0 + k * 60;
        if (!inWindow(e)) continue;
        const m = e < split ? 0 : 1;
        peak[m] = Math.max(peak[m], grid.slice(k, k + 15).reduce((a, x) => a + x) / 15);
      }
      return peak;
    };
    const la = runScenario({ model: SMALL, out: out(), set: set('America/Los_Angeles', true) });
    const laTs = readCsv(join(la.outDir, 'timeseries.csv'));
    const laMonthly = readCsv(join(la.outDir, 'monthly.csv'));
    const laSplit = E('2027-10-01T07:00:00Z');
    const summer = (e: number) => {
      const local = new Date((e - 7 * 3600) * 1000); // PDT all through
      const wd = local.getUTCDay();
      const h = local.getUTCHours();
      return local.getUTCMonth() === 8 && wd >= 1 && wd <= 5 && h >= 12 && h < 18;
    };
    const window = byHand(laTs, laSplit, summer);
    expect(window[1]).toBe(0);
    expect(laMonthly.col('grid_peak_demand_kw')[1]).toBe(0);
    expect(laMonthly.col('grid_peak_demand_kw')[0]).toBeCloseTo(window[0], 3);
    const laAll = byHand(laTs, laSplit);
    laMonthly.col('grid_demand_kw').forEach((kw, m) => expect(kw).toBeCloseTo(laAll[m], 3));
    // East of UTC, Tokyo (JST, UTC+9): October from 30 September 15:00 UTC; the run's last nine hours, on 1 November
    // local, have no billing month of their own in the run and count in October's.
    const tokyo = runScenario({ model: SMALL, out: out(), set: set('Asia/Tokyo', false) });
    const tkAll = byHand(readCsv(join(tokyo.outDir, 'timeseries.csv')), E('2027-09-30T15:00:00Z'));
    readCsv(join(tokyo.outDir, 'monthly.csv'))
      .col('grid_demand_kw')
      .forEach((kw, m) => expect(kw).toBeCloseTo(tkAll[m], 3));
  });

  it('bills a split peak once: windows named alike are one window, billed on the highest interval in any part', () => {
    // A winter tariff whose peak is 07:00-11:00 and 17:00-21:00 on weekdays (Los Angeles), 20 $/kW-month on the month's
    // highest 15-minute mean in either part. Two windows named apart bill each part's highest: up to twice the charge.
    const costs = (b: string) =>
      `supply[0].costs={tou_demand: [{ name: peak, charge: 20 $/kW-month, from: "07:00", to: "11:00", days: weekdays }, { name: ${b}, charge: 20 $/kW-month, from: "17:00", to: "21:00", days: weekdays }]}`;
    const base = [...TOU.filter((x) => !x.startsWith('supply[0].costs=')), 'start=2027-01-01', 'duration=31d'];
    const one = runScenario({ model: SMALL, out: out(), set: [...base, costs('peak')] });
    const two = runScenario({ model: SMALL, out: out(), set: [...base, costs('evening')] });
    // By hand from one's rows: PST (UTC-8) all January; 1 January 2027 (a Friday) is a holiday only with `holidays`,
    // which this price names (us-federal): off-peak; so is 18 January (Martin Luther King Jr. Day).
    const grid = readCsv(join(one.outDir, 'timeseries.csv')).col('grid_kw');
    const t0 = E('2027-01-01T00:00:00Z');
    const part = [0, 0];
    for (let k = 0; k + 15 <= grid.length; k += 15) {
      const local = new Date((t0 + k * 60 - 8 * 3600) * 1000);
      const wd = local.getUTCDay();
      const d = local.getUTCDate();
      const h = local.getUTCHours();
      if (wd < 1 || wd > 5 || local.getUTCMonth() !== 0 || d === 1 || d === 18) continue;
      const mean = grid.slice(k, k + 15).reduce((a, x) => a + x) / 15;
      if (h >= 7 && h < 11) part[0] = Math.max(part[0], mean);
      if (h >= 17 && h < 21) part[1] = Math.max(part[1], mean);
    }
    const peak = Math.max(...part);
    expect(readCsv(join(one.outDir, 'monthly.csv')).col('grid_peak_demand_kw')[0]).toBeCloseTo(peak, 3);
    const c = one.summary.sources.find((x) => x.name === 'grid')!.charges!;
    expect(c.tou_demand).toEqual([
      { name: 'peak', demand_usd: expect.closeTo(20 * peak, 2), billing_demand_kw: expect.closeTo(peak, 3) },
    ]);
    expect(one.summary.economics!.by_category.tou_demand_charge).toBeCloseTo(12 * 20 * peak, 1);
    // A later part may leave the charge out (the window's, so that a sweep varies it in one field): the same bill.
    const once = runScenario({
      model: SMALL,
      out: out(),
      set: [...base, costs('peak').replace(/(name: peak), charge: 20 \$\/kW-month(, from: "17:00")/, '$1$2')],
    });
    expect(once.summary.sources.find((x) => x.name === 'grid')!.charges).toEqual(c);
    // Named apart, each part bills its own: the sum of both parts' highest.
    const c2 = two.summary.sources.find((x) => x.name === 'grid')!.charges!;
    expect(c2.tou_demand!.map((w) => w.billing_demand_kw)).toEqual([
      expect.closeTo(part[0], 3),
      expect.closeTo(part[1], 3),
    ]);
    expect(c2.demand_usd).toBeCloseTo(20 * (part[0] + part[1]), 2);
  });

  it('refuses a bad window or holiday in one line naming the file, field, expected and found', () => {
    const set = (costs: string, price = '{ periods: [{ from: "00:00", price: 60 $/MWh }] }') => [
      `supply[0].price=${price}`,
      `supply[0].costs=${costs}`,
      'economics={years: 1, discount_rate: 0%}',
    ];
    const w = (x: string) => `{tou_demand: [{ name: peak, charge: 20 $/kW-month, from: "12:00", to: "18:00"${x} }]}`;
    const refused = (s: string[], re: RegExp) => {
      let msg = '';
      try {
        loadScenario({ model: SMALL, set: s });
      } catch (e) {
        msg = (e as Error).message;
      }
      expect(msg).toMatch(re);
      expect(msg).not.toContain('\n');
    };
    expect(() => loadScenario({ model: SMALL, set: set(w('')) })).not.toThrow();
    refused(
      set(w(''), '60 $/MWh'),
      /small\.yaml.*supply\[0\]\.costs\.tou_demand: expected a time-of-use price, whose `timezone` and `holidays` the windows read .*, found a flat price$/,
    );
    // A grid given no price has PJM's flat figure, but the user wrote none: 'found a flat price' sent them looking for it.
    refused(
      [`supply[0]={ kind: grid, import_cap: 40 kW, costs: ${w('')} }`, 'economics={years: 1, discount_rate: 0%}'],
      /supply\[0\]\.costs\.tou_demand: expected a time-of-use price, .*, found no price \(so PJM's 2024 wholesale, 55\.54 \$\/MWh, the same every hour, in UTC\)$/,
    );
    refused(
      set(w('').replace('"18:00"', '"11:00"')),
      /supply\[0\]\.costs\.tou_demand\[0\]\.to: expected an end after the start 12:00 \(a window over midnight is two parts named alike, to 24:00 and from 00:00\), found "11:00"$/,
    );
    refused(set(w(', days: weekday')), /supply\[0\]\.costs\.tou_demand\[0\]\.days: expected/);
    refused(
      set(
        '{tou_demand: [{ name: peak, charge: 20 $/kW-month, from: "12:00", to: "18:00" }, { name: peak, charge: 5 $/kW-month, from: "08:00", to: "12:00" }]}',
      ),
      /supply\[0\]\.costs\.tou_demand\[1\]\.charge: expected the charge of tou_demand\[0\], 20 \$\/kW-month \(windows named alike are one window's parts, billed once\), found "5 \$\/kW-month"$/,
    );
    refused(
      set(
        '{tou_demand: [{ name: peak, from: "12:00", to: "18:00" }, { name: peak, charge: 5 $/kW-month, from: "08:00", to: "12:00" }]}',
      ),
      /supply\[0\]\.costs\.tou_demand\[0\]\.charge: expected a charge \(a window's first part gives it; its later parts may leave it out\), found nothing$/,
    );
    refused(
      set(w(''), '{ holidays: ["2027-02-30"], periods: [{ from: "00:00", price: 60 $/MWh }] }'),
      /supply\[0\]\.price\.holidays\[0\]: expected .*found "2027-02-30"$/,
    );
    refused(
      set(w(''), '{ holidays: [us-federl], periods: [{ from: "00:00", price: 60 $/MWh }] }'),
      /supply\[0\]\.price\.holidays\[0\]: expected .*found "us-federl"$/,
    );
    // A charge per MW-month written bare (as transmission and capacity charges are quoted) was taken per kW-month:
    // demand_charge: 12000 billed a 300 kW site's day 116,129 USD of demand charges, a thousandfold the 12 $/kW-month
    // meant (beside some 400 USD of energy), exit 0. No tariff charges near 1,000 $/kW-month.
    refused(
      set('{ demand_charge: 12000 }'),
      /supply\[0\]\.costs\.demand_charge: expected a demand charge of at most 1,000 \$\/kW-month \(charged by the kW: "12000 \$\/MW-month" is 12 \$\/kW-month\), found 12000$/,
    );
    refused(
      set(w('').replace('20 $/kW-month', '15000')),
      /supply\[0\]\.costs\.tou_demand\[0\]\.charge: expected a demand charge of at most 1,000 \$\/kW-month \(charged by the kW: "15000 \$\/MW-month" is 15 \$\/kW-month\), found 15000$/,
    );
    for (const c of ['12000 $/MW-month', '1000', '12', '0'])
      expect(() => loadScenario({ model: SMALL, set: set(`{ demand_charge: ${c} }`) }), c).not.toThrow();
  });

  it("refuses a window whose monthly column is another grid's: grid's window b and a grid grid_b both write grid_b_demand_kw", () => {
    // monthly.csv held one grid_b_demand_kw: the later grid's figure silently took the window's place.
    let msg = '';
    try {
      runScenario({
        model: SMALL,
        out: out(),
        set: [
          'duration=1h',
          'supply[0].price={ periods: [{ from: "00:00", price: 60 $/MWh }] }',
          'supply[0].costs={tou_demand: [{ name: b, charge: 20 $/kW-month, from: "12:00", to: "18:00" }]}',
          'supply[1]={ kind: grid, name: grid_b, import_cap: 40 kW, price: 60 $/MWh, costs: { demand_charge: 10 $/kW-month } }',
          'economics={years: 1, discount_rate: 0%}',
        ],
      });
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toMatch(
      /small\.yaml.*supply\[1\]\.name: expected a name whose columns no other column uses .*found "grid_b": its column grid_b_demand_kw is also supply grid's$/,
    );
    expect(msg).not.toContain('\n');
  });
});
