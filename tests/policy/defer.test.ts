/**
 * Carbon-aware training runs (issue 17, first part): held back while the grid is dirty,
 * never past the latest start that still meets a deadline.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../../src/run.ts';
import { utc } from '../helpers/oracle.ts';
import { CHIPS, chipCurve } from '../../src/model/chips.ts';

const H = 3600;
const dir = mkdtempSync(join(tmpdir(), 'dcpsim-carbon-aware-'));
// A clean morning and a dirty afternoon every day: 100 g/kWh from 00:00 to 12:00 UTC, 500 after.
const trace = join(dir, 'cycle.csv');
writeFileSync(
  trace,
  [
    'timestamp,avg_CI',
    ...Array.from({ length: 72 }, (_, h) => {
      const t = new Date(Date.UTC(2027, 0, 1, h)).toISOString().replace('T', ' ').replace('.000Z', '+00:00');
      return `${t},${h % 24 < 12 ? 100 : 500}`;
    }),
  ].join('\n'),
);

function model(run: string, carbon: string, duration = '36h'): string {
  const file = join(dir, `m${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    file,
    [
      'start: 2027-01-01',
      `duration: ${duration}`,
      'step: 1h',
      'clusters: [{ name: g, chip: H100, count: 8 }]',
      `workload: { training: [{ name: r, cluster: g, chips: 8, duty: 1, ${run} }] }`,
      'facility: { cooling: { model: pue, pue: 1.0 } }',
      `supply: [{ kind: grid, carbon: ${carbon} }]`,
    ].join('\n'),
  );
  return file;
}
const run = (file: string) => runScenario({ model: file, out: mkdtempSync(join(dir, 'out-')) });
const ended = (s: ReturnType<typeof run>['summary']) => utc(s.training[0].ended_utc!) - Date.UTC(2027, 0, 1) / 1000;

describe('carbon-aware training runs', () => {
  it('on a grid always below the threshold it changes nothing, byte for byte', () => {
    const plain = run(model('work: 10h, checkpoint: { every: 1h, takes: 1m }', '250 g/kWh'));
    const aware = run(
      model('work: 10h, checkpoint: { every: 1h, takes: 1m }, carbon_aware: { above: 300 g/kWh }', '250 g/kWh'),
    );
    expect(readFileSync(aware.timeseriesFile!, 'utf8')).toBe(readFileSync(plain.timeseriesFile!, 'utf8'));
    expect(aware.summary.training).toEqual(plain.summary.training);
  });

  it('on a daily cycle it computes in the clean hours only, saving the carbon a hand computation gives', () => {
    const plain = run(model('work: 24h', `{ file: ${trace} }`));
    const aware = run(model('work: 24h, carbon_aware: { above: 300 g/kWh }', `{ file: ${trace} }`));
    // Without: busy 0-24 h (12 h at 100, 12 h at 500), idle 24-36 h at 100.
    // With: busy 0-12 h at 100, idle 12-24 h at 500 (paused), busy 24-36 h at 100.
    expect(ended(plain.summary)).toBe(24 * H);
    expect(ended(aware.summary)).toBe(36 * H);
    expect(aware.summary.training[0].pauses).toBe(1);
    expect(aware.summary.training[0].paused_h).toBeCloseTo(12, 9);
    const busyKw = (8 * chipCurve(CHIPS.H100)(1)) / 1000;
    const idleKw = (8 * CHIPS.H100.idleW) / 1000;
    const savedKg = (12 * (500 - 100) * (busyKw - idleKw)) / 1000;
    expect(plain.summary.carbon_kg - aware.summary.carbon_kg).toBeCloseTo(savedKg, 6);
  });

  it('a deadline it can meet is met: it defers only until its latest start', () => {
    // Always dirty: computes to its first checkpoint (1 h + 1 min), then waits until 30 h less
    // the 9 h of work and 8 one-minute checkpoints left, and ends on the deadline.
    const flat = run(
      model(
        'work: 10h, checkpoint: { every: 1h, takes: 1m }, deadline: 2027-01-02T06:00Z, carbon_aware: { above: 300 g/kWh }',
        '400 g/kWh',
      ),
    );
    expect(ended(flat.summary)).toBeCloseTo(30 * H, 6);
    expect(flat.summary.training[0].paused_h).toBeCloseTo(30 - (9 + 8 / 60) - (1 + 1 / 60), 9);
    // The daily cycle with a deadline at 30 h: clean 0-12 h, held 12-18 h, then runs through the dirty hours.
    const cycle = run(
      model('work: 24h, deadline: 2027-01-02T06:00Z, carbon_aware: { above: 300 g/kWh }', `{ file: ${trace} }`),
    );
    expect(ended(cycle.summary)).toBeCloseTo(30 * H, 6);
    expect(cycle.summary.training[0].paused_h).toBeCloseTo(6, 6);
  });

  it('needs a grid, whose intensity is its signal', () => {
    const file = model('work: 1h, carbon_aware: { above: 300 g/kWh }', '400 g/kWh').replace(/$/, '');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(/supply: .*/, 'supply: [{ kind: smr, units: 1, rating: 1 MW }]'),
    );
    expect(() => loadScenario({ model: file })).toThrow(
      /workload\.training\[0\]\.carbon_aware: expected a grid supply/,
    );
  });
});

// A rising daily cycle, distinct every hour: carbon 100 + 10 h g/kWh and price 20 + 5 h $/MWh at UTC hour h.
const rising = join(dir, 'rising.csv');
writeFileSync(
  rising,
  [
    'timestamp,avg_CI,price',
    ...Array.from({ length: 96 }, (_, h) => {
      const t = new Date(Date.UTC(2027, 0, 1, h)).toISOString().replace('T', ' ').replace('.000Z', '+00:00');
      return `${t},${100 + 10 * (h % 24)},${20 + 5 * (h % 24)}`;
    }),
  ].join('\n'),
);
const grid = `{ file: ${rising} }, price: { file: ${rising} }`;
const sum = (from: number, to: number, f: (h: number) => number): number =>
  Array.from({ length: to - from }, (_, i) => f(from + i)).reduce((a, b) => a + b, 0);
const busyKw = (8 * chipCurve(CHIPS.H100)(1)) / 1000;
const idleKw = (8 * CHIPS.H100.idleW) / 1000;

describe('the cleanest and cheapest hours of each day, by forecast', () => {
  it('computes in the k cleanest hours of each day and saves what a hand computation gives', () => {
    const plain = run(model('work: 12h', grid, '48h'));
    const aware = run(model('work: 12h, carbon_aware: { cleanest: { hours: 6 } }', grid, '48h'));
    // Without: busy 0-12 h of day 1. With: busy 0-6 h of days 1 and 2 (the six cleanest hours), done at 30 h.
    expect(ended(aware.summary)).toBe(30 * H);
    const c = (h: number) => 100 + 10 * h;
    const savedKg = ((sum(0, 12, c) - 2 * sum(0, 6, c)) * (busyKw - idleKw)) / 1000;
    expect(plain.summary.carbon_kg - aware.summary.carbon_kg).toBeCloseTo(savedKg, 6);
  });

  it('price-aware does the same on the price: above a threshold, or the cheapest hours of the day', () => {
    const plain = run(model('work: 12h', grid, '48h'));
    const above = run(model('work: 12h, price_aware: { above: 45 $/MWh }', grid, '48h'));
    // 20 + 5 h <= 45 for h <= 5: the same six hours a day as the cheapest six.
    const cheapest = run(model('work: 12h, price_aware: { cheapest: { hours: 6 } }', grid, '48h'));
    const p = (h: number) => 20 + 5 * h;
    const savedUsd = ((sum(0, 12, p) - 2 * sum(0, 6, p)) * (busyKw - idleKw)) / 1000;
    for (const r of [above, cheapest]) {
      expect(ended(r.summary)).toBe(30 * H);
      expect(plain.summary.cost_usd - r.summary.cost_usd).toBeCloseTo(savedUsd, 6);
    }
  });

  it('on a flat signal no hour is worse than the k-th best: nothing is held', () => {
    const plain = run(model('work: 12h', '250 g/kWh', '48h'));
    const aware = run(model('work: 12h, carbon_aware: { cleanest: { hours: 2, per: week } }', '250 g/kWh', '48h'));
    expect(aware.summary.training).toEqual(plain.summary.training);
    expect(aware.summary.carbon_kg).toBeCloseTo(plain.summary.carbon_kg, 6);
  });

  it('a noisy forecast is seeded: the same run twice is identical, and it saves less than the perfect one', () => {
    const file = model('work: 12h, carbon_aware: { cleanest: { hours: 6 }, forecast_error: 0.5 }', grid, '48h');
    const a = run(file),
      b = run(file);
    expect(readFileSync(a.timeseriesFile!, 'utf8')).toBe(readFileSync(b.timeseriesFile!, 'utf8'));
    const perfect = run(model('work: 12h, carbon_aware: { cleanest: { hours: 6 } }', grid, '48h'));
    expect(a.summary.carbon_kg).toBeGreaterThan(perfect.summary.carbon_kg);
  });

  it('job streams take the same rules; their jobs meet deadlines they can meet', () => {
    const jobs = (extra: string) => {
      const file = join(dir, `j${Math.random().toString(36).slice(2)}.yaml`);
      writeFileSync(
        file,
        [
          'start: 2027-01-01',
          'duration: 72h',
          'step: 1h',
          'clusters: [{ name: g, chip: H100, count: 64 }]',
          `workload: { jobs: [{ name: j, cluster: g, rate: 0.5/h, chips: 8, duration: 3h, distribution: fixed, duty: 1${extra} }] }`,
          'facility: { cooling: { model: pue, pue: 1.0 } }',
          'supply: [{ kind: grid, carbon: 400 g/kWh }]',
        ].join('\n'),
      );
      return run(file).summary;
    };
    const plain = jobs(', finish_within: 10h');
    const held = jobs(', finish_within: 10h, carbon_aware: { above: 300 g/kWh }');
    expect(plain.jobs.deadline_misses).toBe(0);
    expect(held.jobs.deadline_misses).toBe(0);
    expect(held.jobs.deadlines_due).toBeGreaterThan(10);
    // Always dirty: each job waits until 7 h after its submission, then runs its 3 h.
    expect(held.jobs.mean_wait_h).toBeCloseTo(plain.jobs.mean_wait_h, 9);
    expect(held.carbon_kg).toBeLessThan(plain.carbon_kg);
  });
});
