/**
 * Sweep throughput (issue 6): a 40-run sweep of the pre-issue-7 default (tests/fixtures/bench-default.yaml) over 30
 * days (4 PUEs x 10 replicates), on 1 worker thread and on 2. Each iteration
 * writes to a fresh folder, so nothing is skipped as already complete.
 * Worker start-up (tsx and the model code, per thread) is included, as a
 * user pays it. The speed-up and runs per minute (medians) print at the end.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { runSweep } from '../../src/sweep/sweep.ts';

const RUNS = 40;
const times: Record<number, number[]> = { 1: [], 2: [] };

async function sweep(workers: 1 | 2): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'dcpsim-sweep-bench-'));
  const t0 = performance.now();
  const r = await runSweep({ model: join(import.meta.dirname, '..', 'fixtures', 'bench-default.yaml'), duration: '30d', vary: ['facility.cooling.pue=1.1:1.4:0.1'], replicates: 10, workers, out, env: {} });
  if (r.ran !== RUNS || r.failed !== 0) throw new Error(`expected ${RUNS} runs, ran ${r.ran}, ${r.failed} failed`);
  times[workers].push((performance.now() - t0) / 1000);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

describe('sweep: 40 runs of the pre-issue-7 default (tests/fixtures/bench-default.yaml) over 30 days', () => {
  bench('1 worker', () => sweep(1), { iterations: 3, time: 0, warmupIterations: 0, warmupTime: 0 });
  bench('2 workers', () => sweep(2), { iterations: 3, time: 0, warmupIterations: 0, warmupTime: 0 });

  afterAll(() => {
    const one = median(times[1]), two = median(times[2]);
    if (!one || !two) return;
    process.stdout.write(
      `\nsweep medians: 1 worker ${one.toFixed(1)} s (${((RUNS / one) * 60).toFixed(0)} runs/min), ` +
        `2 workers ${two.toFixed(1)} s (${((RUNS / two) * 60).toFixed(0)} runs/min), speed-up ${(one / two).toFixed(2)}x\n`,
    );
  });
});
