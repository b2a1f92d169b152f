/**
 * The time series' rows at steps and horizons written with decimals (docs/outputs.md: one row per step, the last
 * shorter when the step does not divide the horizon; timestamps to the second). "4.35h" parses to 15,659.999999999998 s
 * and "43.5h" to 156,600 s: ten steps, which once made an eleventh row 3e-11 s long, stamped with the run's end; "0.7d"
 * parses to 60,479.99999999999 s, which made the run 16.799999999999997 h long. A step of a fraction of a second
 * stamped two rows with the same second.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';

const tmp = mkdtempSync(join(tmpdir(), 'dcpsim-step-edges-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let id = 0;
function run(duration: string, step: string): { rows: string[][]; summary: Record<string, any> } {
  const k = id++;
  const file = join(tmp, `m${k}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      name: 'steps',
      start: '2027-01-01',
      duration,
      step,
      clusters: [{ name: 'c', chip: 'H100', count: 64 }],
      workload: { jobs: [{ name: 'j', cluster: 'c', rate: '6/h', chips: [1, 2, 4], duration: '1h' }] },
      supply: [{ kind: 'grid', price: '55 $/MWh', carbon: '363 g/kWh' }],
    }),
  );
  const out = join(tmp, `r${k}`);
  runScenario({ model: file, out, sync: false });
  const rows = readFileSync(join(out, 'timeseries.csv'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  return { rows, summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) };
}

describe('steps and horizons written with decimals', () => {
  it('43.5h at 4.35h is ten rows a step long, stamped start + k x 4 h 21 min, summing to the totals', () => {
    const { rows, summary } = run('43.5h', '4.35h');
    const header = rows[0];
    const body = rows.slice(1);
    expect(body.length).toBe(10);
    expect(summary.rows).toBe(10);
    expect(summary.step_s).toBe(15660);
    const start = Date.UTC(2027, 0, 1) / 1000;
    body.forEach((r, k) =>
      expect(r[0]).toBe(new Date((start + k * 15660) * 1000).toISOString().replace('T', ' ').slice(0, 19)),
    );
    const e = header.indexOf('energy_mwh');
    const sum = body.reduce((s, r) => s + Number(r[e]), 0);
    expect(Math.abs(sum - summary.energy_mwh.facility)).toBeLessThan(10 * 0.5e-6);
  });

  it('a step within a microsecond of a whole second is that second: 1.15h is 4,140 s, 4.35h 15,660 s', () => {
    expect(run('5h', '1.15h').summary.step_s).toBe(4140);
    expect(run('9h', '4.35h').summary.step_s).toBe(15660);
  });

  it('so is a horizon: 0.7d (60,479.99999999999 s) is 16.8 h, in summary.json and monthly.csv', () => {
    const { summary } = run('0.7d', '1h');
    expect(summary.duration_h).toBe(16.8);
    expect(summary.monthly[0].hours).toBe(16.8);
    expect(summary.rows).toBe(17);
  });

  it('a step of a fraction of a second is refused, naming the field: the rows are stamped to the second', () => {
    expect(() => run('3s', '0.5s')).toThrow(/step: expected a whole number of seconds/);
    expect(() => run('1h', '1.5s')).toThrow(/step: expected a whole number of seconds/);
    expect(() => run('1h', '500ms')).toThrow(/step: expected a whole number of seconds/);
  });
});
