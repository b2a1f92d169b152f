/**
 * Issue 11's benchmark: ten years of the 100,000-accelerator campus with every
 * supply kind and the economics on (cash flows, NPC, LCOE, monthly and yearly
 * tables). The target, a ratio under 2, compares it with the same run
 * without economics (the second case: same supplies, same events); the
 * first case, the grid alone, shows what the supplies' own events cost
 * (SMR ramp steps, the carbon trace, the orbit, battery bounds: about 2.4x
 * the events, docs/performance-log.md), which is simulation, not overhead.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import { runScenario } from '../../src/run.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const out = mkdtempSync(join(tmpdir(), 'dcpsim-bench-plan-'));
// The full plan without its `costs:` blocks and `economics:` section (same supplies, same events).
const noEconomics = join(FIXTURES, '.bench-plan-no-economics.yaml');
writeFileSync(
  noEconomics,
  readFileSync(join(FIXTURES, 'bench-plan.yaml'), 'utf8')
    .replace(/,\s*costs: \{[^}]*\}/g, '')
    .replace(/^economics:.*$/m, ''),
);

describe('ten-year plan, 100,000 accelerators', () => {
  bench(
    'grid alone, no economics (the baseline)',
    () => {
      runScenario({ model: join(FIXTURES, 'bench-plan-bare.yaml'), out: join(out, 'bare') });
    },
    { iterations: 5, time: 0, warmupIterations: 1 },
  );

  bench(
    'fusion, SMRs, space solar, battery, grid, no economics',
    () => {
      runScenario({ model: noEconomics, out: join(out, 'supplies') });
    },
    { iterations: 5, time: 0, warmupIterations: 1 },
  );

  bench(
    'fusion, SMRs, space solar, battery, grid, with economics',
    () => {
      runScenario({ model: join(FIXTURES, 'bench-plan.yaml'), out: join(out, 'full') });
    },
    { iterations: 5, time: 0, warmupIterations: 1 },
  );
});
