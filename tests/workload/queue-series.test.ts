/**
 * The time series' queue columns (`queued_jobs`, `<cluster>_queued`) against the waits in
 * summary.json: a task that arrives to a full cluster queues without changing any power, and the
 * series counts it from its arrival, not from the next change of power.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { readCsv } from '../helpers/read-csv.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-queue-series-'));

/** A run of `workload` (YAML under `workload:`) on one cluster of `chips` H100. */
function run(name: string, duration: string, chips: number, workload: string) {
  const f = join(dir, `${name}.yaml`);
  writeFileSync(
    f,
    `name: ${name}
start: 2027-01-01
duration: ${duration}
step: 1h
seed: 3
clusters:
  - { name: gpu, chip: H100, count: ${chips} }
workload:
${workload}
facility:
  cooling: { model: pue, pue: 1.2 }
supply:
  - { kind: grid, price: 50 $/MWh, carbon: 400 g/kWh }
`,
  );
  const r = runScenario({ model: f, out: join(dir, name) });
  return { summary: r.summary, csv: readCsv(r.timeseriesFile!) };
}

describe('the queue columns of the time series', () => {
  it('count a run from the hour it queues: 10 h run a, then b (submitted at 02:00) waits 8 h', () => {
    // Were 0 in every row: b queued without a change of power, and the series read the queue
    // again only when a finished and b started (10:00), with b no longer queued.
    const { summary, csv } = run(
      'two',
      '1d',
      1,
      `  training:
    - { name: a, cluster: gpu, chips: 1, work: 10h }
    - { name: b, cluster: gpu, chips: 1, work: 5h, submit: 2027-01-01T02:00:00Z }`,
    );
    const expected = Array.from({ length: 24 }, (_, h) => (h >= 2 && h < 10 ? 1 : 0));
    expect(csv.col('queued_jobs')).toEqual(expected);
    expect(csv.col('gpu_queued')).toEqual(expected);
    expect(summary.jobs.mean_wait_h).toBe(4);
  });

  it("hold Little's law to summary.json: the queue's time integral is the sum of the waits (M/M/4 at ρ = 0.8)", () => {
    // jobs.mean_wait_h counts a job still queued at the end by its wait so far, so over the horizon
    // sum of waits = integral of the queue length, exactly. Was 1.999 jobs queued on average for 2.483.
    const { summary, csv } = run(
      'mm4',
      '60d',
      4,
      '  jobs: [{ name: batch, cluster: gpu, rate: 3.2/h, chips: 1, duration: 1h, duty: 0.8 }]',
    );
    const hours = summary.duration_h;
    const fromSeries = csv.col('queued_jobs').reduce((a, x) => a + x, 0) / hours;
    const fromWaits = (summary.jobs.submitted * summary.jobs.mean_wait_h) / hours;
    expect(fromWaits).toBeGreaterThan(1);
    // Each row is written to 2 decimals: the mean is within 0.005 of the exact one.
    expect(Math.abs(fromSeries - fromWaits)).toBeLessThan(0.005);
    expect(csv.col('gpu_queued')).toEqual(csv.col('queued_jobs'));
  });
});
