/**
 * The rules' holds (Workload.applyHolds) are decided once an instant for each list of rules and, while no decision
 * changes, applied only to the runs whose phase changed or whose latest start came since the last pass, and to those
 * it left unsettled (issue 13: the pass over every held run at every instant was most of a carbon-aware run's time).
 * A scripted policy that holds nothing makes the workload take the pass over every tracked run at every instant: both
 * must give the same files, byte for byte.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-holds-'));
// Carbon and price that move every hour, so that holds start and end many times a day.
const trace = join(dir, 'signals.csv');
writeFileSync(
  trace,
  [
    'timestamp,avg_CI,price',
    ...Array.from({ length: 24 * 6 }, (_, h) => {
      const t = new Date(Date.UTC(2027, 0, 1, h)).toISOString().replace('T', ' ').replace('.000Z', '+00:00');
      return `${t},${200 + ((h * 37) % 11) * 30},${40 + ((h * 13) % 7) * 10}`;
    }),
  ].join('\n'),
);

function model(workload: string[], extra: string[] = [], grid = ''): string {
  const file = join(dir, `m${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    file,
    [
      'start: 2027-01-01',
      'duration: 4d',
      'step: 10m',
      'seed: 11',
      'clusters: [{ name: g, chip: H100, count: 96 }, { name: h, chip: H200, count: 48 }]',
      'workload:',
      ...workload.map((l) => `  ${l}`),
      'facility: { cooling: { model: pue, pue: 1.2 } }',
      `supply: [{ kind: grid, carbon: { file: ${trace}, column: avg_CI }, price: { file: ${trace}, column: price }${grid} }]`,
      ...extra,
    ].join('\n'),
  );
  return file;
}

const files = (file: string, idle: boolean) => {
  const r = runScenario({
    model: file,
    out: mkdtempSync(join(dir, 'out-')),
    baseline: false,
    ...(idle ? { policy: { decide: () => ({}), source: 'idle' } } : {}),
  });
  return [readFileSync(r.timeseriesFile!, 'utf8'), readFileSync(r.summaryFile, 'utf8')];
};

describe('holds applied to the runs that changed give what a pass over every run gives', () => {
  const cases: [string, string[], string[]?, string?][] = [
    [
      'job streams held above a threshold, with and without checkpoints',
      [
        'jobs:',
        '  - { name: a, cluster: g, rate: 9/h, chips: [1, 2, 4, 8], duration: 2h, duty: 0.8, carbon_aware: { above: 380 g/kWh } }',
        '  - { name: b, cluster: h, rate: 4/h, chips: [2, 4], duration: 3h, price_aware: { above: 65 $/MWh } }',
        '  - { name: c, cluster: g, rate: 2/h, chips: 4, duration: 1h }',
      ],
    ],
    [
      'training with checkpoints and failures under best-hours rules with a noisy forecast, beside a held job stream',
      [
        'training:',
        '  - { name: r, cluster: g, chips: 32, duty: 1, work: 30h, checkpoint: { every: 1h, takes: 5m }, chip_mtbf: 3000h, carbon_aware: { cleanest: { hours: 10, per: day }, forecast_error: 0.3 } }',
        '  - { name: s, cluster: h, chips: 16, work: 20h, checkpoint: { every: 2h, takes: 2m }, arrivals: { rate: 1/d }, price_aware: { cheapest: { hours: 8, per: day, timezone: America/New_York } } }',
        'jobs:',
        '  - { name: a, cluster: g, rate: 6/h, chips: [1, 2, 4], duration: 2h, carbon_aware: { above: 350 g/kWh } }',
      ],
    ],
    [
      'deadlines beside runs without one',
      [
        'jobs:',
        '  - { name: a, cluster: g, rate: 8/h, chips: [2, 4], duration: 2h, finish_within: 8h, carbon_aware: { above: 330 g/kWh } }',
        '  - { name: b, cluster: g, rate: 8/h, chips: [1, 2], duration: 1h, carbon_aware: { above: 330 g/kWh } }',
        '  - { name: c, cluster: h, rate: 3/h, chips: 8, duration: 4h, price_aware: { cheapest: { hours: 6, per: day } } }',
      ],
    ],
    [
      'demand-response events that pause runs between the rules decisions',
      [
        'jobs:',
        '  - { name: a, cluster: g, rate: 9/h, chips: [1, 2, 4, 8], duration: 2h, carbon_aware: { above: 380 g/kWh } }',
        'training:',
        '  - { name: r, cluster: h, chips: 16, work: 10h, checkpoint: { every: 30m, takes: 1m }, arrivals: { rate: 2/d } }',
      ],
      ['demand_response: { payment: 800 $/MWh, by: pause, events: { rate: 1/12h, duration: 2h, shed: 40 kW } }'],
    ],
    [
      'a supply short now and then slowing every run (shortage: throttle) while rules hold some',
      [
        'jobs:',
        '  - { name: a, cluster: g, rate: 9/h, chips: [1, 2, 4, 8], duration: 2h, carbon_aware: { above: 380 g/kWh } }',
        'training:',
        '  - { name: r, cluster: h, chips: 16, work: 10h, checkpoint: { every: 30m, takes: 1m }, arrivals: { rate: 2/d }, price_aware: { above: 55 $/MWh } }',
      ],
      ['shortage: throttle'],
      ', import_cap: 90 kW, outages: { mttf: 20h, mttr: 2h }',
    ],
    [
      'deadlines met by runs released at their latest start while the supply slows them (as pjm-carbon-aware-2028)',
      [
        'training:',
        '  - { name: t, cluster: g, chips: 32, work: 20h, checkpoint: { every: 30m, takes: 1m }, chip_mtbf: 2000h, restart: 10m, arrivals: { rate: 2/d }, finish_within: 30h, carbon_aware: { cleanest: { hours: 10, per: day } } }',
        'jobs:',
        '  - { name: b, cluster: h, rate: 4/h, chips: [4, 8], duration: 3h, distribution: lognormal, cv: 0.5, duty: 0.9, finish_within: 10h, carbon_aware: { cleanest: { hours: 8, per: day } } }',
      ],
      ['shortage: throttle'],
      ', import_cap: 95 kW, outages: { mttf: 30h, mttr: 3h }',
    ],
  ];
  for (const [name, workload, extra, grid] of cases)
    it(name, () => {
      const file = model(workload, extra, grid);
      const [series, summary] = files(file, false);
      const [seriesAll, summaryAll] = files(file, true);
      expect(series.split('\n').length).toBe(4 * 144 + 2);
      expect(series).toBe(seriesAll);
      expect(summary).toBe(summaryAll);
      // The rules hold work back: without them the site draws otherwise.
      const free = workload.map((l) => l.replace(/, (carbon|price)_aware: \{ (?:[^{}]|\{[^{}]*\})* \}/, ''));
      expect(free.join('\n')).not.toMatch(/_aware/);
      expect(files(model(free, extra, grid), false)[0]).not.toBe(series);
    });
});
