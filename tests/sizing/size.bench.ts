/**
 * Sizing's cost against the plain sweep that answers the same question
 * (issue 12): the battery of tests/fixtures/sizing-outage.yaml sized over
 * energy 10..30 MWh by 1 x power 0.8..2 MW by 0.2 (147 candidates, 2-day
 * runs), by the pattern search (staircase, then pattern; 39 candidates run)
 * and by exhaustive enumeration (every candidate: a sweep of the lattice),
 * on 1 worker and on 2. Both find 21 MWh at 1.4 MW. Each iteration writes to
 * a fresh folder, so nothing is skipped as already complete; worker start-up
 * is included, as a user pays it. Candidates per minute = candidates run /
 * median x 60; the search's saving is the ratio of the medians, measured in
 * the same run.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import { runSizing } from '../../src/sizing/size.ts';

async function size(search: 'pattern' | 'exhaustive', workers: 1 | 2): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'dcpsim-size-bench-'));
  const r = await runSizing({
    model: join(import.meta.dirname, '..', 'fixtures', 'sizing-outage.yaml'),
    decide: ['supply[1].energy=10:30:1 MWh', 'supply[1].power=0.8:2:0.2 MW'],
    require: ['unmet_mwh<=0'],
    set: ['supply[1].costs.capital=150 $/kW'],
    search,
    workers,
    out,
    env: {},
  });
  if (r.best?.values['supply[1].energy'] !== '21 MWh' || r.best?.values['supply[1].power'] !== '1.4 MW')
    throw new Error(`unexpected optimum ${JSON.stringify(r.best?.values)}`);
}

const once = { iterations: 3, time: 0, warmupIterations: 0, warmupTime: 0 };
describe('size: a battery over 147 candidates (tests/fixtures/sizing-outage.yaml, 2-day runs)', () => {
  bench('pattern search, 1 worker', () => size('pattern', 1), once);
  bench('pattern search, 2 workers', () => size('pattern', 2), once);
  bench('every candidate (the plain sweep), 1 worker', () => size('exhaustive', 1), once);
  bench('every candidate (the plain sweep), 2 workers', () => size('exhaustive', 2), once);
});
