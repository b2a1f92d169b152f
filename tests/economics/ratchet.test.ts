/**
 * Demand ratchets (docs/models/supply.md, grid, Demand ratchet; docs/economics.md): each billing month's billed demand
 * for the all-hours demand charge is the larger of its measured demand and `share` of the highest measured demand of
 * the `months` billing months before it that the run simulated (and `history`). The bills here are worked out from
 * the rule by hand: an idle site (64 H200 idle, 10.0392 kW at the grid) and one training run that spikes one month.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../../src/run.ts';
import { billedDemands, repeatedDemands } from '../../src/economics/ratchet.ts';
import { monthMask } from '../../src/kernel/calendar.ts';
import { readCsv } from '../helpers/read-csv.ts';
import { runTable } from '../../src/output/terminal/run-table.ts';

const SMALL = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');
const out = () => mkdtempSync(join(tmpdir(), 'dcpsim-ratchet-'));
const CHARGE = 15; // $/kW-month

/** The small site idle but for one training run of all 64 chips from `spike` for `work`, at a 1 MW grid. */
const site = (start: string, days: number, spike: string, work: string, ratchet?: string, extra: string[] = []) => [
  `start=${start}`,
  `duration=${days}d`,
  'step=1h',
  'workload.jobs=[]',
  `workload.training=[{name: spike, cluster: gpu, chips: 64, submit: ${spike}, work: ${work}}]`,
  'supply[0].import_cap=1 MW',
  `supply[0].costs={demand_charge: ${CHARGE} $/kW-month${ratchet ? `, demand_ratchet: ${ratchet}` : ''}}`,
  'economics={years: 2, discount_rate: 0%, escalation: 0%}',
  ...extra,
];

function run(set: string[]) {
  const r = runScenario({ model: SMALL, out: out(), set });
  const monthly = readCsv(join(r.outDir, 'monthly.csv'));
  const flows = readCsv(join(r.outDir, 'cashflow.csv')).rows;
  const flow = (year: number, cat: string) =>
    flows.filter((x) => Number(x[0]) === year && x[2] === cat).reduce((a, x) => a + Number(x[3]), 0);
  const charges = r.summary.sources.find((x) => x.name === 'grid')!.charges!;
  return { r, monthly, flows, flow, charges };
}

describe('the ratchet rule', () => {
  it('bills share x the highest of the months before until the lookback passes it, only the set_in months setting it', () => {
    const measured = [10, 10, 50, 10, 10, 10, 10, 30, 10];
    const cal = [5, 6, 7, 8, 9, 10, 11, 0, 1]; // June to February
    // 80 % of 50 in the three months after the spike, then measured; the 30 in January sets 24 for February.
    expect(billedDemands(measured, cal, { share: 0.8, months: 3 })).toEqual([10, 10, 50, 40, 40, 40, 10, 30, 24]);
    // Summer only (jun-sep): January's 30 sets nothing.
    expect(
      billedDemands(measured, cal, { share: 0.8, months: 3, setIn: monthMask(['jun', 'jul', 'aug', 'sep']) }),
    ).toEqual([10, 10, 50, 40, 40, 40, 10, 30, 10]);
    // A known peak from before the start ratchets the first `months` months.
    expect(billedDemands(measured, cal, { share: 0.5, months: 2, history: 60 })).toEqual([
      30, 30, 50, 25, 25, 10, 10, 30, 15,
    ]);
  });
});

describe('a year the economics repeat', () => {
  it("bills each month with the same year's months before it: the lookback wraps round, history left out", () => {
    const year = [10, 10, 10, 10, 10, 10, 50, 10, 10, 10, 10, 10]; // January to December, a July spike
    const cal = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    // 80 % over 11 months: July's 40 from August round to June; over 3 months, August to October only.
    expect(repeatedDemands(year, cal, { share: 0.8, months: 11 })).toEqual([
      40, 40, 40, 40, 40, 40, 50, 40, 40, 40, 40, 40,
    ]);
    expect(repeatedDemands(year, cal, { share: 0.8, months: 3, history: 1000 })).toEqual([
      10, 10, 10, 10, 10, 10, 50, 40, 40, 40, 10, 10,
    ]);
  });
});

describe('a grid with a demand ratchet', () => {
  // 2027, idle but for a 2-day run from 10 July: July measures the spike; 80 % over a 3-month lookback bills it in
  // August, September and October, and November is back to its own.
  const plain = run(site('2027-01-01', 365, '2027-07-10', '2d'));
  const ratcheted = run(site('2027-01-01', 365, '2027-07-10', '2d', '{ share: 80%, months: 3 }'));

  it("keeps the measured demand and bills share x July's in the three months after it, in monthly.csv, summary.json, cashflow.csv and the NPC", () => {
    const measured = ratcheted.monthly.col('grid_demand_kw');
    expect(measured).toEqual(plain.monthly.col('grid_demand_kw')); // measured demand unchanged
    const idle = measured[0];
    const spike = measured[6];
    expect(idle).toBeCloseTo(10.0392, 4);
    expect(spike).toBeGreaterThan(5 * idle);
    expect(measured.filter((x, k) => k !== 6 && x !== idle)).toEqual([]);
    // By the rule: July's 80 % in August to October, each month's own otherwise.
    const billed = measured.map((x, k) => (k >= 7 && k <= 9 ? 0.8 * spike : x));
    const got = ratcheted.monthly.col('grid_billed_demand_kw');
    billed.forEach((b, k) => expect(got[k]).toBeCloseTo(b, 9));
    expect(plain.monthly.header).not.toContain('grid_billed_demand_kw'); // without a ratchet, no column
    const yearly = readCsv(join(ratcheted.r.outDir, 'yearly.csv'));
    expect(yearly.col('grid_billed_demand_kw')).toEqual([spike]);
    // Dollars: every month whole, so twelve months at their billed demands.
    const usd = CHARGE * billed.reduce((a, b) => a + b);
    const added = CHARGE * 3 * (0.8 * spike - idle);
    expect(usd).toBeCloseTo(CHARGE * (11 * idle + spike) + added, 9);
    const c = ratcheted.charges;
    expect(c.demand_usd).toBeCloseTo(usd, 6);
    expect(c.billing_demand_kw).toBe(spike);
    expect(c.billed_demand_kw).toBe(spike);
    expect(c.ratchet).toEqual({ share: 0.8, months: 3, demand_usd: expect.closeTo(added, 6) });
    expect(plain.charges.demand_usd).toBeCloseTo(CHARGE * (11 * idle + spike), 6);
    expect(plain.charges.ratchet).toBeUndefined();
    // cashflow.csv: year 1 the year's bill, year 2 (after the run) repeats it; the flows sum to the NPC.
    expect(ratcheted.flow(1, 'demand_charge')).toBeCloseTo(usd, 6);
    expect(ratcheted.flow(2, 'demand_charge')).toBeCloseTo(usd, 6);
    const e = ratcheted.r.summary.economics!;
    expect(ratcheted.flows.reduce((a, x) => a + Number(x[4]), 0)).toBeCloseTo(e.npc_usd, 6);
    expect(e.npc_usd - plain.r.summary.economics!.npc_usd).toBeCloseTo(2 * added, 6);
    expect(runTable(ratcheted.r.summary, 'x.csv', 0.5)).toMatch(
      /demand charges [\d,]+ USD \(each month's highest 15-minute mean import, at most 51\.7 kW; billed at most 51\.7 kW with the ratchet, at least 80 % of the highest of the 3 months before \(only months simulated: none before the start\), which adds 1,411 USD\)/,
    );
  });

  it('a summer ratchet (set_in: [jun, jul, aug, sep]) is set by July; one set in December only bills as measured', () => {
    const summer = run(
      site('2027-01-01', 365, '2027-07-10', '2d', '{ share: 80%, months: 3, set_in: [jun, jul, aug, sep] }'),
    );
    expect(summer.monthly.col('grid_billed_demand_kw')).toEqual(ratcheted.monthly.col('grid_billed_demand_kw'));
    const winter = run(site('2027-01-01', 365, '2027-07-10', '2d', '{ share: 80%, months: 11, set_in: [dec] }'));
    expect(winter.monthly.col('grid_billed_demand_kw')).toEqual(winter.monthly.col('grid_demand_kw'));
    expect(winter.charges.ratchet!.demand_usd).toBe(0);
  });

  it('over share 0 to 100 %, the bill rises by 3 months x the charge x (share x spike - idle) once share x spike passes idle', () => {
    const idle = plain.monthly.col('grid_demand_kw')[0];
    const spike = plain.monthly.col('grid_demand_kw')[6];
    for (const share of [0, 0.1, 0.5, 0.8, 1]) {
      const { charges, flow } = run(
        site('2027-01-01', 365, '2027-07-10', '2d', `{ share: ${share * 100}%, months: 3 }`),
      );
      const added = CHARGE * 3 * Math.max(0, share * spike - idle);
      expect(charges.ratchet!.demand_usd).toBeCloseTo(added, 6);
      expect(charges.demand_usd - plain.charges.demand_usd).toBeCloseTo(added, 6);
      expect(flow(1, 'demand_charge')).toBeCloseTo(charges.demand_usd, 6);
    }
  });

  it('a peak-shaving battery (by: import, limit: 20 kW) holds July at 20 kW and so cuts the ratcheted months too', () => {
    const battery =
      'supply[1]={kind: battery, energy: 300 kWh, power: 45 kW, initial: 90%, strategy: {by: import, limit: 20 kW}}';
    const shaved = run(site('2027-01-01', 365, '2027-07-10', '6h', '{ share: 80%, months: 3 }', [battery]));
    const unshaved = run(site('2027-01-01', 365, '2027-07-10', '6h', '{ share: 80%, months: 3 }'));
    const idle = unshaved.monthly.col('grid_demand_kw')[0];
    const spike = unshaved.monthly.col('grid_demand_kw')[6];
    expect(spike).toBeGreaterThan(40);
    const july = shaved.monthly.col('grid_demand_kw')[6];
    expect(july).toBeCloseTo(20, 6);
    const bill = (s: number) => CHARGE * (11 * idle + s + 3 * (0.8 * s - idle));
    expect(unshaved.charges.demand_usd).toBeCloseTo(bill(spike), 6);
    expect(shaved.charges.demand_usd).toBeCloseTo(bill(20), 6);
    // The ratchet's part falls with July's: 3 x 15 x (0.8 x 20 - idle), from 3 x 15 x (0.8 x spike - idle).
    expect(shaved.charges.ratchet!.demand_usd).toBeCloseTo(CHARGE * 3 * (16 - idle), 6);
    // Started at its default half charge, the battery recharges at the limit in January: 20 kW measured there then
    // ratchets February to April at 16 kW; started full, it does not.
    const half = run(
      site('2027-01-01', 365, '2027-07-10', '6h', '{ share: 80%, months: 3 }', [battery.replace('initial: 90%, ', '')]),
    );
    expect(half.monthly.col('grid_demand_kw')[0]).toBeCloseTo(20, 6);
    expect(half.monthly.col('grid_billed_demand_kw').slice(1, 4)).toEqual([16, 16, 16]);
    expect(unshaved.charges.demand_usd - shaved.charges.demand_usd).toBeCloseTo(CHARGE * 3.4 * (spike - 20), 6);
  });
});

describe('years after the run', () => {
  it("repeat the last simulated year with its own ratchet carried round: last July's spike bills the next January to June", () => {
    // A whole 2027 simulated, three project years: 80 % over 11 months. Year 1 has no July before January (a new
    // site), so January to June bill as measured and August to December at 80 % of July. Years 2 and 3 repeat 2027,
    // whose July is then 6 to 11 months before January to June: every month but July bills 80 % of it.
    const set = site('2027-01-01', 365, '2027-07-10', '2d', '{ share: 80%, months: 11 }').map((x) =>
      x.startsWith('economics=') ? 'economics={years: 3, discount_rate: 0%, escalation: 0%}' : x,
    );
    const r = run(set);
    const measured = r.monthly.col('grid_demand_kw');
    const [idle, spike] = [measured[0], measured[6]];
    expect(0.8 * spike).toBeGreaterThan(idle);
    expect(r.flow(1, 'demand_charge')).toBeCloseTo(CHARGE * (6 * idle + spike + 5 * 0.8 * spike), 6);
    // Was year 1's again (15 x (6 x 10.04 + 51.73 + 5 x 41.39) = 4,784 USD): the spike never ratcheted a January.
    for (const y of [2, 3]) expect(r.flow(y, 'demand_charge')).toBeCloseTo(CHARGE * (spike + 11 * 0.8 * spike), 6);
    const e = r.r.summary.economics!;
    expect(r.flows.reduce((a, x) => a + Number(x[4]), 0)).toBeCloseTo(e.npc_usd, 6);
  });
});

describe('years after a last year run in part', () => {
  it('repeat it with its own ratchet carried round, not a peak from before it nor the history', () => {
    // 2027 and 2028 at `2y`, 730 days: 2028 has 366, so its December is run for 30 days and the year only in part.
    // July 2027's spike ratchets January to June 2028 (year 2, as billed); years 3 and 4 repeat 2028, whose months
    // are all idle: a peak 18 months and more before them, past the 11 months' lookback, bills none. It billed January
    // to June at 80 % of it in every repeated year, as a run of 731 days (2028 whole) did not.
    const set = site('2027-01-01', 730, '2027-07-10', '2d', '{ share: 80%, months: 11 }').map((x) =>
      x.startsWith('economics=') ? 'economics={years: 4, discount_rate: 0%, escalation: 0%}' : x,
    );
    const r = run(set);
    const measured = r.monthly.col('grid_demand_kw');
    const [idle, spike] = [measured[0], measured[6]];
    expect(r.flow(2, 'demand_charge')).toBeGreaterThan(12 * CHARGE * idle + 6 * CHARGE * (0.8 * spike - idle) - 1);
    const whole = run(set.map((x) => (x === 'duration=730d' ? 'duration=731d' : x)));
    for (const y of [3, 4]) {
      expect(r.flow(y, 'demand_charge')).toBeCloseTo(12 * CHARGE * idle, 6);
      expect(r.flow(y, 'demand_charge')).toBeCloseTo(whole.flow(y, 'demand_charge'), 6);
    }
  });

  it('a peak known from before the start ratchets the first year only', () => {
    // Four months from 1 September 2027 with history 100 kW over 2 months: September and October of year 1 bill
    // 80 kW; year 2, a year after, bills its months as measured (it billed them at 80 kW again).
    const r = run(site('2027-09-01', 122, '2028-06-01', '2d', '{ share: 80%, months: 2, history: 100 kW }'));
    const measured = r.monthly.col('grid_demand_kw');
    expect(r.flow(1, 'demand_charge')).toBeCloseTo(12 * CHARGE * ((160 + measured[2] + measured[3]) / 4), 6);
    expect(r.flow(2, 'demand_charge')).toBeCloseTo((12 * CHARGE * measured.reduce((a, b) => a + b)) / 4, 6);
  });
});

describe('a run that starts mid-contract', () => {
  // From 1 September 2027 for four months, idle: nothing in the run sets a ratchet.
  it('without history bills as measured (no month before the start counts); with history 100 kW, 80 % of it in the first two', () => {
    const none = run(site('2027-09-01', 122, '2028-06-01', '2d', '{ share: 80%, months: 2 }'));
    const measured = none.monthly.col('grid_demand_kw');
    expect(measured).toHaveLength(4);
    expect(none.monthly.col('grid_billed_demand_kw')).toEqual(measured);
    expect(none.charges.ratchet).toEqual({ share: 0.8, months: 2, demand_usd: 0 });
    expect(runTable(none.r.summary, 'x.csv', 0.5)).toContain('(only months simulated: none before the start)');
    const known = run(site('2027-09-01', 122, '2028-06-01', '2d', '{ share: 80%, months: 2, history: 100 kW }'));
    const billed = known.monthly.col('grid_billed_demand_kw');
    expect(billed.slice(0, 2)).toEqual([80, 80]);
    expect(billed.slice(2)).toEqual(measured.slice(2));
    expect(known.charges.ratchet).toEqual({
      share: 0.8,
      months: 2,
      history_kw: 100,
      demand_usd: expect.closeTo(CHARGE * 2 * (80 - measured[0]), 6),
    });
    expect(runTable(known.r.summary, 'x.csv', 0.5)).toContain('(and 100.0 kW from before the start)');
    // cashflow.csv: 12 months a year at the four months' mean billed demand.
    expect(known.flow(1, 'demand_charge')).toBeCloseTo(12 * CHARGE * ((160 + measured[2] + measured[3]) / 4), 6);
  });
});

describe('a leap year', () => {
  it("a spike on 29 February 2028 is February's: it ratchets March to May, and June bills as measured", () => {
    const r = run(site('2028-01-01', 366, '2028-02-29', '12h', '{ share: 80%, months: 3 }'));
    const hours = r.monthly.col('hours');
    expect(hours[1]).toBe(29 * 24);
    const measured = r.monthly.col('grid_demand_kw');
    const spike = measured[1];
    expect(spike).toBeGreaterThan(5 * measured[0]);
    const billed = measured.map((x, k) => (k >= 2 && k <= 4 ? 0.8 * spike : x));
    r.monthly.col('grid_billed_demand_kw').forEach((b, k) => expect(b).toBeCloseTo(billed[k], 9));
    expect(r.flow(1, 'demand_charge')).toBeCloseTo(CHARGE * billed.reduce((a, b) => a + b), 6);
  });
});

/** The message of what `f` throws; empty if it does not. */
function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

describe('bad ratchets', () => {
  const refused = (ratchet: string, re: RegExp, costs = `demand_charge: ${CHARGE} $/kW-month, `) => {
    const set = [`supply[0].costs={${costs}demand_ratchet: ${ratchet}}`, 'economics={years: 1, discount_rate: 0%}'];
    const msg = messageOf(() => loadScenario({ model: SMALL, set }));
    expect(msg).toMatch(re);
    expect(msg).not.toContain('\n');
  };
  it('refuses a share over 100 %, a lookback of 0 or over 36 months, and a ratchet with no demand charge, in one line', () => {
    expect(() =>
      loadScenario({
        model: SMALL,
        set: [
          `supply[0].costs={demand_charge: 1 $/kW-month, demand_ratchet: { share: 80%, months: 11 }}`,
          'economics={years: 1, discount_rate: 0%}',
        ],
      }),
    ).not.toThrow();
    refused(
      '{ share: 120%, months: 11 }',
      /small\.yaml.*supply\[0\]\.costs\.demand_ratchet\.share: expected .*at most 1.*found/,
    );
    refused('{ share: 80%, months: 0 }', /supply\[0\]\.costs\.demand_ratchet\.months: expected .*found 0$/);
    refused('{ share: 80%, months: 37 }', /supply\[0\]\.costs\.demand_ratchet\.months: expected .*found 37$/);
    refused(
      '{ share: 80%, months: 11, set_in: [summer] }',
      /supply\[0\]\.costs\.demand_ratchet\.set_in\[0\]: expected/,
    );
    refused(
      '{ share: 80%, months: 11 }',
      /supply\[0\]\.costs\.demand_ratchet: expected a `demand_charge` beside it, the all-hours charge the ratchet raises \(time-of-use windows are not ratcheted\), found no demand_charge$/,
      'fixed_charge: 100 $/month, ',
    );
  });

  it('takes a lookback written with its unit, "11mo" or "11 months", as economics.years takes "10y"', () => {
    // It was refused as 'expected a number, found "11mo"'; another unit or a part month is told the form.
    const months = (m: string) =>
      loadScenario({
        model: SMALL,
        set: [
          `supply[0].costs={demand_charge: 1 $/kW-month, demand_ratchet: { share: 80%, months: ${m} }}`,
          'economics={years: 1, discount_rate: 0%}',
        ],
      }).model.supply[0];
    for (const m of ['11mo', '"11 months"', '11month', '"11.0 mo"'])
      expect(months(m), m).toMatchObject({ costs: { demand_ratchet: { months: 11 } } });
    refused(
      '{ share: 80%, months: 1y }',
      /supply\[0\]\.costs\.demand_ratchet\.months: expected a whole number of billing months from 1 to 36, like 11 or "11mo", found "1y"$/,
    );
    refused(
      '{ share: 80%, months: 11.5mo }',
      /supply\[0\]\.costs\.demand_ratchet\.months: expected a whole number of billing months from 1 to 36, like 11 or "11mo", found "11.5mo"$/,
    );
    refused('{ share: 80%, months: 37mo }', /supply\[0\]\.costs\.demand_ratchet\.months: expected .*found "37mo"$/);
  });

  it("refuses a time-of-use window named billed: its column would be the ratchet's", () => {
    const tou = '{ name: billed, charge: 2 $/kW-month, from: "12:00", to: "18:00" }';
    const set = [
      'duration=1h',
      'supply[0].price={ periods: [{ from: "00:00", price: 60 $/MWh }] }',
      `supply[0].costs={demand_charge: 1 $/kW-month, demand_ratchet: { share: 80%, months: 11 }, tou_demand: [${tou}]}`,
      'economics={years: 1, discount_rate: 0%}',
    ];
    const msg = messageOf(() => runScenario({ model: SMALL, out: out(), set }));
    expect(msg).toMatch(
      /supply\[0\]\.name: expected a name whose columns no other column uses .*grid_billed_demand_kw/,
    );
    expect(msg).not.toContain('\n');
  });
});
