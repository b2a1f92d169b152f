import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import { runScenario } from '../../src/run.ts';

const MODEL = join(import.meta.dirname, '..', '..', 'models', 'bench-workload.yaml');
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
});
