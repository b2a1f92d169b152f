/**
 * shortage: pause through the whole site (issue 10.1): the lowest-priority run pauses at its
 * next checkpoint and stays paused until the supply carries it back at full duty; the
 * higher-priority run meanwhile runs at full speed, as if it were alone.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { utc } from '../helpers/oracle.ts';

const MODEL = join(import.meta.dirname, '..', 'fixtures', 'pause-two-runs.yaml');
const H = 3600;
const run = (...set: string[]) =>
  runScenario({ model: MODEL, out: mkdtempSync(join(tmpdir(), 'dcpsim-pause-')), set }).summary;
const byName = (s: ReturnType<typeof run>, name: string) => s.training.find((t) => t.name === name)!;

describe('shortage: pause, two runs on a 500 kW grid (issue 10.1)', () => {
  const alone = byName(
    run(
      'workload.training=[{ name: hi, cluster: train, chips: 500, work: 24h, priority: 1, checkpoint: { every: 30m, takes: 1m } }]',
    ),
    'hi',
  );

  it.each([
    ['submitted together', []],
    ['the low-priority run submitted 10 min later', ['workload.training[1].submit=2027-01-01T00:10Z']],
  ])('%s: the high-priority run finishes as if alone; the other pauses once and finishes after', (_, set) => {
    // Alone: 24 h of work and 47 one-minute checkpoints.
    expect(alone.wall_time_h).toBeCloseTo(24 + 47 / 60, 9);
    const s = run(...set);
    const hi = byName(s, 'hi');
    const lo = byName(s, 'lo');
    expect(hi.ended_utc).toBe(alone.ended_utc);
    expect(hi.pauses).toBe(0);
    expect(hi.paused_h).toBe(0);
    // One pause, at its first checkpoint (reached slowed, on the power the other run leaves),
    // held through every checkpoint of the other run, and lifted the instant the high-priority
    // run ends: then 23.5 h of work and 46 checkpoints at full speed.
    expect(lo.pauses).toBe(1);
    expect(lo.completed).toBe(true);
    expect(lo.done_h).toBe(24);
    const hiEnd = utc(hi.ended_utc!);
    expect(utc(lo.ended_utc!)).toBeCloseTo(hiEnd + 23.5 * H + 46 * 60, 2);
    // Paused from that checkpoint to hi's end; running the rest of its wall time.
    const loStart = utc(lo.started_utc!);
    const firstLegH = (hiEnd - loStart) / H - lo.paused_h;
    expect(firstLegH).toBeGreaterThan(0.5 + 1 / 60);
    expect(lo.wall_time_h - lo.paused_h).toBeCloseTo(firstLegH + 23.5 + 46 / 60, 6);
    // The supply carries everything: nothing unmet, the cap never exceeded.
    expect(s.energy_mwh.unmet).toBe(0);
    expect(s.peak_kw.facility).toBeLessThanOrEqual(500 + 1e-6);
  });
});
