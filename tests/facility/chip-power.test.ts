/**
 * One chip power: the facility's IT power and each run's energy read the
 * same curve per cluster (built once in the site), so a run holding a whole
 * cluster is charged exactly the cluster's IT energy, throttled or not.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-chip-power-'));
const MODEL = join(dir, 'one.yaml');
writeFileSync(
  MODEL,
  `name: one
start: 2027-01-01
duration: 2d
step: 1h
clusters: [{ name: gpu, chip: H100, count: 64, server: { chips: 8 } }]
workload: { training: [{ name: t, cluster: gpu, chips: 64, work: 10d, duty: 0.8, checkpoint: { every: 1h, takes: 5m } }] }
facility: { cooling: { model: pue, pue: 1.2 } }
supply: [{ kind: grid }]
`,
);

describe('chip power', () => {
  it.each([
    ['at full speed', []],
    // 40 kW of supply for about 77 kW of facility power: every chip throttled.
    ['throttled by a power cap', ['shortage=throttle', 'supply[0].import_cap=40 kW']],
  ])('a run holding the whole cluster is charged its IT energy, %s', (_, set) => {
    const s = runScenario({ model: MODEL, out: mkdtempSync(join(dir, 'run-')), set }).summary;
    const run = s.training[0].energy_mwh;
    expect(run).toBeGreaterThan(0);
    expect(Math.abs(run - s.energy_mwh.it) / s.energy_mwh.it).toBeLessThan(1e-12);
    if (set.length > 0) expect(s.facility.throttled_mwh).toBeGreaterThan(0);
  });
});
