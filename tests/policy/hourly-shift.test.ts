/**
 * summary.json `policy.energy_moved_out_mwh` and `energy_moved_in_mwh` are by clock hour (docs/policies.md), so the same
 * run at another step gives the same figures. A row was counted whole
 * in the clock hour it starts in: at a step that does not divide an hour (40 min, 7 min), or hourly rows from 00:30, a
 * row spanning two clock hours went whole into one. A week of pjm-carbon-aware-2028 moved 765.27 MWh out of its hours
 * at 20 min and 1 h, 745.34 at 40 min, 758.56 at 7 min. Rows longer than an hour counted the energy by row: 30 days
 * of pjm-carbon-aware-2028 moved 2,242.3 MWh out of its hours at hourly rows and 981.2 MWh at daily rows, the moves
 * within a day netted. The hours now always come from the supply's exact clock hours.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';

const tmp = mkdtempSync(join(tmpdir(), 'dcpsim-hourly-shift-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let id = 0;
function run(step: string, start: string, set: string[] = []) {
  const out = join(tmp, `r${id++}`);
  runScenario({
    model: 'pjm-carbon-aware-2028',
    duration: '4d',
    step,
    set: [`start=${start}`, ...set],
    out,
    sync: false,
  });
  return JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
}
function moved(step: string, start: string): { out: number; into: number } {
  const p = run(step, start).policy;
  return { out: p.energy_moved_out_mwh, into: p.energy_moved_in_mwh };
}

describe('the energy a policy moves between clock hours', () => {
  it('is the same at any step, an hour or less or longer, from a start on the hour or off it', () => {
    for (const start of ['2028-03-06T00:00:00Z', '2028-03-06T00:30:00Z']) {
      const ref = moved('1m', start);
      expect(ref.out).toBeGreaterThan(10);
      for (const step of ['15m', '40m', '7m', '1h', '90m', '1d']) {
        const m = moved(step, start);
        expect(m.out, `${step} from ${start}`).toBeCloseTo(ref.out, 6);
        expect(m.into, `${step} from ${start}`).toBeCloseTo(ref.into, 6);
      }
    }
  });
});

describe("the policy's peak import", () => {
  // It was the largest row mean of the grid's column: 20 days of pjm-carbon-aware-2028 read a peak import of 31.2 MW
  // without the policy and 35.8 MW with it at hourly rows, 30.0 and 26.6 MW at daily rows (the policy lowering it),
  // 31.7 and 36.0 MW at 15-minute rows.
  it("is the grid's largest import at any step, as the years' grid_peak_kw, with and without the policy", () => {
    const ref = run('1m', '2028-03-06T00:00:00Z');
    const peak = (s: { yearly: Record<string, number>[] }) => Math.max(...s.yearly.map((y) => y.grid_peak_kw));
    expect(ref.policy.peak_import_kw).toBe(peak(ref));
    expect(ref.policy.peak_import_kw).toBeGreaterThan(ref.policy.baseline_peak_import_kw);
    for (const step of ['15m', '1h', '90m', '1d']) {
      const p = run(step, '2028-03-06T00:00:00Z').policy;
      expect(p.peak_import_kw, step).toBeCloseTo(ref.policy.peak_import_kw, 6);
      expect(p.baseline_peak_import_kw, step).toBeCloseTo(ref.policy.baseline_peak_import_kw, 6);
    }
  });
});

describe("the policy's demand charges", () => {
  // The policy's cost saved is on energy alone, and its line said 'cost saved 8,088 USD (6.0%)' where the grid bills a
  // demand charge on the peak import the policy raised from 31.62 to 36.03 MW: 9,318 USD more in the run's 4 days.
  it("are given with and without the policy where a grid bills one, as the run's own charges", () => {
    const s = run('15m', '2028-03-06T00:00:00Z', [
      'supply[0].costs={demand_charge: 15 $/kW-month}',
      'economics={discount_rate: 7%, years: 1}',
    ]);
    const p = s.policy;
    const own = s.sources[0].charges.demand_usd;
    expect(own).toBeGreaterThan(0);
    expect(p.baseline_demand_charges_usd - p.demand_charges_saved_usd).toBeCloseTo(own, 6);
    // The baseline's billing demand, its highest 15-minute mean import, is at most its peak import: 4 days of March.
    expect(p.baseline_demand_charges_usd).toBeGreaterThan(0);
    expect(p.baseline_demand_charges_usd).toBeLessThanOrEqual(p.baseline_peak_import_kw * 15 * (4 / 31) + 1e-6);
    expect(p.peak_import_kw).toBeGreaterThan(p.baseline_peak_import_kw);
    expect(p.demand_charges_saved_usd).toBeLessThan(-p.cost_saved_usd); // costing more than it saves on energy
    // Without a demand charge, no such figure.
    const plain = run('15m', '2028-03-06T00:00:00Z').policy;
    expect(plain.demand_charges_saved_usd).toBeUndefined();
    expect(plain.baseline_demand_charges_usd).toBeUndefined();
  });
});
