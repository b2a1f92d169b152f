import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import { runScenario } from '../../src/run.ts';

const MODEL = join(import.meta.dirname, '..', '..', 'models', 'bench-workload.yaml');
const OVERLOADED = join(import.meta.dirname, '..', 'fixtures', 'overloaded-queue.yaml');
const out = mkdtempSync(join(tmpdir(), 'dcpsim-bench-workload-'));

describe('workload', () => {
  // Target: under 2 s for a simulated year of 100,000 accelerators, 20 runs, a bursty service, 15-minute rows.
  bench(
    'one year, 100,000 accelerators, 20 training runs, inference with bursts',
    () => {
      runScenario({ model: MODEL, out });
    },
    { iterations: 5, warmupIterations: 1, time: 0 },
  );

  // A queue that grows all year: the year should take about twice the half year (the scheduler's queue was quadratic).
  for (const duration of ['183d', '365d'])
    bench(
      `a cluster given more work than it can do, its queue growing to ${duration === '365d' ? '71,000' : '35,000'} jobs: ${duration}`,
      () => {
        runScenario({ model: OVERLOADED, out, duration, series: false });
      },
      { iterations: 3, warmupIterations: 1, time: 0 },
    );
});
