/**
 * What a policy costs (issue 17: under 1.5x the run without it): the
 * workload benchmark's year of 100,000 accelerators (models/bench-workload.yaml)
 * on the PJM 2022 hourly carbon trace, without a policy, with every training
 * run carbon-aware (the 12 cleanest hours of each day, and above 400 g/kWh),
 * and with a scripted policy that reads the running runs at every decision
 * point. The paired baseline run is left out (baseline: false): it is a
 * second run, not overhead. The cases take turns; the ratios of their medians
 * print at the end, measured in the same run.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { runScenario } from '../../src/run.ts';
import type { Policy } from '../../src/policy/script.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const MODEL = join(ROOT, 'models', 'bench-workload.yaml');
const PJM = join(ROOT, 'models', 'data', 'grid-carbon', 'PJM-2022-hourly.csv');
const out = mkdtempSync(join(tmpdir(), 'dcpsim-policy-bench-'));
const grid = `supply[0].carbon={ file: ${JSON.stringify(PJM)} }`;
const aware = (rule: string) => [0, 1, 2, 3].map((i) => `workload.training[${i}].carbon_aware=${rule}`);
const times = new Map<string, number[]>();
const timed = (name: string, f: () => void) => () => {
  const t0 = performance.now();
  f();
  times.set(name, [...(times.get(name) ?? []), performance.now() - t0]);
};
const run = (set: string[], policy?: Policy) =>
  runScenario({
    model: MODEL,
    out,
    baseline: false,
    set: [grid, ...set],
    ...(policy ? { policy: { decide: policy, source: 'bench' } } : {}),
  });
const dirty: Policy = (s) => ({ hold: s.carbonGPerKwh > 400 ? s.running.filter((r) => r.priority < 0) : [] });

const NONE = 'no policy';
const CASES: [string, () => void][] = [
  [NONE, () => run([])],
  ['carbon_aware: 12 cleanest hours a day', () => run(aware('{ cleanest: { hours: 12 } }'))],
  ['carbon_aware: above 400 g/kWh', () => run(aware('{ above: 400 g/kWh }'))],
  ['scripted: hold priority < 0 above 400 g/kWh', () => run([], dirty)],
];

// The cases take turns within each iteration, so a busy moment of a shared machine falls on all of them alike.
describe('one year, 100,000 accelerators, PJM carbon (models/bench-workload.yaml)', () => {
  bench(
    'each case once, in turn',
    () => {
      for (const [name, f] of CASES) timed(name, f)();
    },
    { iterations: 5, time: 0, warmupIterations: 1 },
  );
});

afterAll(() => {
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const base = median(times.get(NONE) ?? [NaN]);
  const lines = CASES.map(([name]) => {
    const m = median(times.get(name) ?? [NaN]);
    return `  ${name.padEnd(46)} ${(m / 1000).toFixed(3)} s  ${(m / base).toFixed(2)}x${name === NONE ? '' : m / base < 1.5 ? '  (target < 1.5x: met)' : '  (target < 1.5x: NOT met)'}`;
  });
  console.log(`policy overhead, medians against the run without a policy in this run:\n${lines.join('\n')}`);
});
