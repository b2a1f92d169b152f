import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlannedRun } from '../../src/sweep/plan.ts';
import { writeShardRecord } from '../../src/sweep/store.ts';
import { whichShards } from '../../src/sweep/sweep.ts';

const run = (point: number, replicate = 0): PlannedRun => ({
  id: `p${point}-r${replicate}`,
  point: { index: point, id: `p${point}`, values: {} },
  replicate,
  seed: 1,
  series: false,
});

describe("merge's message for missing runs", () => {
  it('names every shard holding them, 0-based like array task ids, with what each last did', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-merge-'));
    const t = '2027-01-01T00:00:00.000Z';
    writeShardRecord(dir, {
      index: 2,
      shards: 8,
      source: 'slurm',
      started_utc: t,
      state: 'stopped',
      ended_utc: '2027-01-01T01:00:00.000Z',
      runs: 3,
    });
    writeShardRecord(dir, { index: 5, shards: 8, source: 'slurm', started_utc: t, state: 'running', runs: 3 });
    // Points 2, 10 (shard 2) and 13 (shard 5) of 8 shards.
    expect(whichShards([run(2), run(10, 1), run(13)], [dir])).toMatch(
      /^ in shards 2 \(stopped 2027-01-01T01:00:00Z\), 5 \(started 2027-01-01T00:00:00Z on .+, not finished\) of 0\.\.7: rerun array tasks 2,5 with --shards 8 \(sbatch --array=2,5\), or --shard 3\/8 6\/8$/,
    );
    // A shard that never started has no record.
    expect(whichShards([run(7)], [dir])).toMatch(/^ in shard 7 \(never started\) of 0\.\.7: rerun array task 7 /);
  });

  it('without shard records (an unsharded sweep stopped), says to run it again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-merge-'));
    expect(whichShards([run(4, 1)], [dir])).toBe(', like p4-r1 (point 5): run the same sweep again to complete them');
  });
});
