/**
 * Issue 5's benchmark: one simulated year of 100,000 accelerators with four
 * SMR units, the fusion PPA, a space-solar array, a battery and the grid on
 * an hourly carbon trace, rows every 15 minutes. Target: under 2.5 s.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { benchSupplyModel } from './bench-model.ts';

const model = benchSupplyModel();
const out = mkdtempSync(join(tmpdir(), 'dcpsim-bench-supply-out-'));

describe('supply', () => {
  bench(
    'one year, 100,000 accelerators, SMR x4 + fusion + solar + battery + grid (carbon trace), 15 min rows',
    () => {
      runScenario({ model, out });
    },
    { iterations: 5, warmupIterations: 1, time: 0 },
  );
});
