/**
 * Sweep throughput (issue 6): a 40-run sweep of the pre-issue-7 default (tests/fixtures/bench-default.yaml) over 30
 * days (4 PUEs x 10 replicates), on 1 worker thread and on 2. Each iteration
 * writes to a fresh folder, so nothing is skipped as already complete.
 * Worker start-up (tsx and the model code, per thread) is included, as a
 * user pays it. vitest prints min, max and mean; with 3 iterations the median
 * is 3 x mean - min - max. Runs per minute = 40 / median x 60. On a 2-core
 * machine, any other busy process takes the second worker's core: note the load.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import { runSweep } from '../../src/sweep/sweep.ts';

const RUNS = 40;

async function sweep(workers: 1 | 2): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'dcpsim-sweep-bench-'));
  const r = await runSweep({
    model: join(import.meta.dirname, '..', 'fixtures', 'bench-default.yaml'),
    duration: '30d',
    vary: ['facility.cooling.pue=1.1:1.4:0.1'],
    replicates: 10,
    workers,
    out,
    env: {},
  });
  if (r.ran !== RUNS || r.failed !== 0) throw new Error(`expected ${RUNS} runs, ran ${r.ran}, ${r.failed} failed`);
}

describe('sweep: 40 runs of the pre-issue-7 default (tests/fixtures/bench-default.yaml) over 30 days', () => {
  bench('1 worker', () => sweep(1), { iterations: 3, time: 0, warmupIterations: 0, warmupTime: 0 });
  bench('2 workers', () => sweep(2), { iterations: 3, time: 0, warmupIterations: 0, warmupTime: 0 });
});
