/**
 * Clusters commissioned and retired on dates (issue 11.4): work is placed
 * only on clusters in service, idle chips draw power only in service, a
 * retired cluster drains its running work, its inference stops, and the
 * economics pays the hardware for its service window only.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../../src/run.ts';
import { CHIPS } from '../../src/model/chips.ts';
import { readCsv } from '../helpers/read-csv.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-cluster-service-'));

/** Old H100s retired on 2027-01-11, new B200s commissioned on 2027-01-06; fixed 2 h jobs on each. */
function model(): string {
  const f = join(dir, `m${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    f,
    `name: generations
start: 2027-01-01
duration: 15d
step: 1h
seed: 5
clusters:
  - { name: old, chip: H100, count: 64, retire: 2027-01-11, costs: { capital: 30000 $, lifetime: 4y } }
  - { name: new, chip: B200, count: 32, in_service: 2027-01-06, costs: { capital: 40000 $, lifetime: 4y } }
workload:
  jobs:
    - { name: a, cluster: old, rate: 4/h, chips: 8, duration: 2h, distribution: fixed, duty: 1 }
    - { name: b, cluster: new, rate: 4/h, chips: 8, duration: 2h, distribution: fixed, duty: 1 }
supply:
  - { kind: grid, price: 50 $/MWh, carbon: 300 g/kWh }
economics: { discount_rate: 10%, escalation: 5%, years: 3 }
`,
  );
  return f;
}
const out = () => mkdtempSync(join(dir, 'run-'));

describe('clusters commissioned and retired on dates', () => {
  const r = runScenario({ model: model(), out: out() });
  const csv = readCsv(r.timeseriesFile!);
  const t = csv.rows.map((x) => x[0]);
  const at = (stamp: string) => t.indexOf(stamp);
  const newIn = at('2027-01-06 00:00:00');
  const oldOut = at('2027-01-11 00:00:00');

  it('the new cluster draws nothing and runs nothing before it is commissioned, then runs its queue', () => {
    const kw = csv.col('new_it_kw'),
      running = csv.col('new_running'),
      queued = csv.col('new_queued');
    expect(newIn).toBeGreaterThan(0);
    expect(kw.slice(0, newIn).every((x) => x === 0)).toBe(true);
    expect(running.slice(0, newIn).every((x) => x === 0)).toBe(true);
    // Jobs submitted before it queue (about 4 an hour for five days) and start when it enters service.
    expect(queued[newIn - 1]).toBeGreaterThan(300);
    expect(running[newIn]).toBe(4);
    expect(kw[newIn]).toBeCloseTo((32 * CHIPS.B200.tdpW) / 1e3, 6);
  });

  it('the old cluster drains: no job starts after its retirement, running ones finish, then it draws nothing', () => {
    const kw = csv.col('old_it_kw'),
      running = csv.col('old_running');
    expect(kw[oldOut - 1]).toBeGreaterThan(0);
    // Fixed 2 h jobs: two hours after the retirement none is left, and no idle chip draws power.
    expect(running.slice(oldOut + 2).every((x) => x === 0)).toBe(true);
    expect(kw.slice(oldOut + 2).every((x) => x === 0)).toBe(true);
    // While draining, only the busy chips draw: less than the whole cluster idle plus busy.
    expect(kw[oldOut]).toBeLessThan(kw[oldOut - 1]);
  });

  it("yearly.csv shows each cluster's IT energy; the clusters' sum is the IT energy", () => {
    const y = r.summary.yearly[0];
    expect(Number(y.old_it_mwh)).toBeGreaterThan(0);
    expect(Number(y.new_it_mwh)).toBeGreaterThan(0);
    expect(Number(y.old_it_mwh) + Number(y.new_it_mwh)).toBeCloseTo(Number(y.it_mwh), 9);
  });

  it('hardware capital is paid when a cluster enters service and salvaged when it retires', () => {
    // The economics counts windows in 365-day years from the start: the new cluster enters 5 days in (year 1),
    // the old one leaves 10 days in (year 1), with (4 y - 10 d)/4 y of its life left.
    const flows = readCsv(join(r.outDir, 'cashflow.csv')).rows;
    const flow = (c: string, cat: string) =>
      flows.filter((x) => x[1] === c && x[2] === cat).map((x) => [Number(x[0]), Number(x[3])]);
    expect(flow('old', 'capital')).toEqual([[0, 64 * 30000]]);
    expect(flow('new', 'capital')).toEqual([[1, 32 * 40000 * 1.05]]);
    const [[year, salvage]] = flow('old', 'salvage');
    expect(year).toBe(1);
    expect(salvage).toBeCloseTo(-64 * 30000 * (1 - 10 / 365 / 4) * 1.05, 4);
    expect(flow('old', 'replacement')).toEqual([]);
  });

  it('a rented cluster pays rental only for its share of each year in service', () => {
    const s = runScenario({
      model: model(),
      out: out(),
      duration: '12d',
      set: ['clusters[0].costs={ rental: 2 $/chip-hour }', 'clusters[1].costs={ rental: 3 $/chip-hour }'],
    }).summary;
    const rental = (name: string) => s.economics!.components.find((c) => c.name === name)!.by_category.rental!;
    // old: 10 days of year 1; new: year 1 from day 5, years 2 and 3 whole; discounted at 10 %, escalated 5 %.
    expect(rental('old')).toBeCloseTo((64 * 2 * 24 * 10 * 1.05) / 1.1, 4);
    const y = 365 * 24 * 32 * 3;
    expect(rental('new')).toBeCloseTo(
      (y * (360 / 365) * 1.05) / 1.1 + (y * 1.05 ** 2) / 1.1 ** 2 + (y * 1.05 ** 3) / 1.1 ** 3,
      2,
    );
  });

  it('an inference service serves nothing while its cluster is out of service, and draws nothing', () => {
    const s = runScenario({
      model: model(),
      out: out(),
      duration: '10d',
      set: ['workload.jobs=[]', 'workload.inference=[{ name: chat, cluster: new, chips: 16, rate: 5/s }]'],
    });
    const c = readCsv(s.timeseriesFile!);
    const i = c.rows.map((x) => x[0]).indexOf('2027-01-06 00:00:00');
    const served = c.col('chat_served_tok_s'),
      kw = c.col('new_it_kw');
    expect(c.col('chat_demand_tok_s')[i - 1]).toBeGreaterThan(0);
    expect(served.slice(0, i).every((x) => x === 0)).toBe(true);
    expect(kw.slice(0, i).every((x) => x === 0)).toBe(true);
    expect(served.slice(i).every((x) => x > 0)).toBe(true);
    expect(s.summary.inference.services[0].unserved_share).toBeGreaterThan(0.4);
  });
});

describe('bad service dates are one line', () => {
  const error = (set: string[]): string => {
    try {
      loadScenario({ model: model(), set });
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };
  it('a retirement on or before commissioning', () => {
    expect(error(['clusters[1].retire=2027-01-06'])).toMatch(
      /clusters\[1\]\.retire: expected a retirement after it enters service \(in_service\)/,
    );
    expect(error(['clusters[0].retire=2026-12-01'])).toMatch(
      /clusters\[0\]\.retire: expected a retirement after it enters service \(the start\)/,
    );
  });
  it('a commissioning date after the run ends is allowed (a shortened run of a plan): the cluster never runs', () => {
    expect(error(['clusters[1].in_service=2027-02-01'])).toBe('no error');
  });
  it('a date that is not one', () => {
    expect(error(['clusters[1].in_service=soon'])).toMatch(/clusters\[1\]\.in_service: expected an ISO date/);
  });
});
