/**
 * What the facility physics costs (issue 4): a one-year run with the fixed
 * PUE against the same run with a chiller and with an economiser on the
 * Leesburg EPW (8,760 weather steps, each a re-dispatch). The issue's
 * scenario has 100,000 accelerators; the facility's cost is per event, not
 * per chip, so a lighter workload (10,000 chips, BENCH_CHIPS to change) is
 * the harder test of the 20 % budget and finishes in minutes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import { runScenario } from '../../src/run.ts';

const ROOT = join(import.meta.dirname, '..', '..');
// The pre-issue-7 default (one 10,000-H200 cluster): models/default.yaml is now a whole campus.
const MODEL = join(ROOT, 'tests', 'fixtures', 'bench-default.yaml');
const EPW = JSON.stringify(join(ROOT, 'models', 'data', 'weather', 'USA_VA_Leesburg.Exec.epw'));
const chips = Number(process.env.BENCH_CHIPS ?? 10000);
const out = mkdtempSync(join(tmpdir(), 'dcpsim-facility-bench-'));
const base = [`clusters[0].count=${chips}`, `workload.jobs[0].rate=${(60 * chips) / 10000}/h`];
const runWith = (cooling: string, weather?: string) => () => {
  runScenario({
    model: MODEL,
    out,
    duration: '1y',
    step: '1h',
    set: [...base, `facility.cooling=${cooling}`, ...(weather ? [`facility.weather=${weather}`] : [])],
  });
};
const opts = { iterations: 3, time: 0, warmupIterations: 1 };

describe(`one year, ${chips} accelerators`, () => {
  bench('fixed PUE (baseline)', runWith('{model: pue, pue: 1.2}'), opts);
  bench('chiller, Leesburg EPW', runWith('{model: chiller}', `{model: epw, file: ${EPW}}`), opts);
  bench('economiser, Leesburg EPW', runWith('{model: economiser}', `{model: epw, file: ${EPW}}`), opts);
});

// The issue's own scenario: the workload benchmark's year of 100,000 accelerators (models/bench-workload.yaml).
const WORKLOAD = join(ROOT, 'models', 'bench-workload.yaml');
const workloadWith = (cooling: string, weather?: string) => () => {
  runScenario({
    model: WORKLOAD,
    out,
    set: [`facility.cooling=${cooling}`, ...(weather ? [`facility.weather=${weather}`] : [])],
  });
};

describe('one year, 100,000 accelerators (models/bench-workload.yaml)', () => {
  bench('fixed PUE (baseline)', workloadWith('{model: pue, pue: 1.2}'), {
    iterations: 7,
    time: 0,
    warmupIterations: 2,
  });
  bench('chiller, Leesburg EPW', workloadWith('{model: chiller}', `{model: epw, file: ${EPW}}`), {
    iterations: 7,
    time: 0,
    warmupIterations: 2,
  });
  bench('economiser, Leesburg EPW', workloadWith('{model: economiser}', `{model: epw, file: ${EPW}}`), {
    iterations: 7,
    time: 0,
    warmupIterations: 2,
  });
});
