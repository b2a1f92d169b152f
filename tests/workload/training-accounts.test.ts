/**
 * A training run's wall time and energy by phase (docs/models/workload.md): computing, writing checkpoints (a write
 * cut short by an interruption or the horizon included), restarting and paused sum to `wall_time_h` and
 * `energy_mwh`. The oracle: chips on a linear curve of their own (100 W idle, 700 W at duty 1), so each phase's
 * energy is its hours times the chips' power at its duty.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { modelRunner } from '../helpers/oracle.ts';

const tmp = mkdtempSync(join(tmpdir(), 'dcpsim-training-accounts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const run = modelRunner(tmp);

const CHIPS = 512;
const chipW = (duty: number): number => 100 + 600 * duty;

describe("a training run's hours and energy by phase", () => {
  it('sum to its wall time and energy, a checkpoint cut short by an interruption included', () => {
    const dir = run({
      name: 'accounts',
      start: '2027-01-01',
      duration: '3d',
      step: '1h',
      seed: 3,
      clusters: [
        {
          name: 'gpu',
          chip: 'H100',
          count: CHIPS,
          chip_override: {
            curve: [
              [0, '100 W'],
              [1, '700 W'],
            ],
          },
        },
      ],
      workload: {
        training: [
          {
            name: 't',
            cluster: 'gpu',
            chips: CHIPS,
            work: '60h',
            duty: 0.8,
            chip_mtbf: '1500h',
            restart: '10m',
            checkpoint: { every: '1h', takes: '20m', duty: 0.3 },
          },
        ],
      },
      facility: { cooling: { model: 'pue', pue: 1.2 } },
      supply: [{ kind: 'grid', price: '60 $/MWh', carbon: '400 g/kWh' }],
    });
    const t = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).training[0];
    // Interruptions while writing: checkpoints begun exceed those written.
    expect(t.interruptions).toBeGreaterThan(0);
    expect(t.checkpointing_h).toBeGreaterThan(t.checkpoints / 3 + 1e-9);
    expect(t.checkpointing_h).toBeLessThanOrEqual((t.checkpoints + t.interruptions + 1) / 3 + 1e-9);
    const hours = t.computing_h + t.checkpointing_h + t.restarting_h + t.paused_h;
    expect(hours).toBeCloseTo(t.wall_time_h, 9);
    expect(t.computing_h).toBeCloseTo(t.done_h + t.lost_work_h, 9);
    expect(t.restarting_h).toBeLessThanOrEqual(t.interruptions / 6 + 1e-9);
    expect(t.restarting_h).toBeGreaterThan((t.interruptions - 1) / 6 - 1e-9);
    const mwh = t.computing_mwh + t.checkpointing_mwh + t.restarting_mwh + t.paused_mwh;
    expect(mwh).toBeCloseTo(t.energy_mwh, 9);
    expect(t.computing_mwh).toBeCloseTo((CHIPS * chipW(0.8) * t.computing_h) / 1e6, 9);
    expect(t.checkpointing_mwh).toBeCloseTo((CHIPS * chipW(0.3) * t.checkpointing_h) / 1e6, 9);
    expect(t.restarting_mwh).toBeCloseTo((CHIPS * chipW(0) * t.restarting_h) / 1e6, 9);
    expect(t.paused_mwh).toBe(0);
  });
});
