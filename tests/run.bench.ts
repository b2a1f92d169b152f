/**
 * End-to-end benchmarks (issue 2): one 30-day run of 10,000 accelerators
 * with 43,200 one-minute rows, in process and as a whole process (start-up
 * included, as every run of a sweep from the shell pays it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import { runScenario } from '../src/run.ts';

const MODEL = join(import.meta.dirname, 'fixtures', 'bench-30d.yaml');
const out = mkdtempSync(join(tmpdir(), 'dcpsim-bench-'));
const ROOT = join(import.meta.dirname, '..');

describe('end to end', () => {
  bench('30 d, 10,000 chips, 43,200 rows: load + simulate + write', () => {
    runScenario({ model: MODEL, out });
  }, { iterations: 10, time: 0, warmupIterations: 2 });

  bench('the same as a whole process (node src/bin.mjs run, start-up included)', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'src/bin.mjs'), 'run', MODEL, '--out', out, '--quiet'], { cwd: ROOT });
    if (r.status !== 0) throw new Error(String(r.stderr));
  }, { iterations: 5, time: 0, warmupIterations: 1 });

  bench('process start-up only (dcpsim --version)', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'src/bin.mjs'), '--version'], { cwd: ROOT });
    if (r.status !== 0) throw new Error(String(r.stderr));
  }, { iterations: 5, time: 0, warmupIterations: 1 });
});
