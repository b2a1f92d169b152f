/** One sweep run and its record (src/sweep/task.ts). */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { prepareSweep } from '../../src/sweep/sweep.ts';
import { runTask } from '../../src/sweep/task.ts';

const SMALL = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');

/** The record of a complete run fails to be written once, as on a disk that fills just then; every other write goes. */
const full = vi.hoisted(() => ({ once: true }));
vi.mock('../../src/sweep/store.ts', async (original) => {
  const store = await original<typeof import('../../src/sweep/store.ts')>();
  return {
    ...store,
    writeRecord: (dir: string, r: import('../../src/sweep/store.ts').RunRecord) => {
      if (r.summary !== undefined && full.once) {
        full.once = false;
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
          code: 'ENOSPC',
          errno: -28,
          syscall: 'write',
        });
      }
      store.writeRecord(dir, r);
    },
  };
});

describe('a run whose record cannot be written', () => {
  it("records the failure in the words of the run's own failures, naming its folder, not Node's message", () => {
    // Was 'ENOSPC: no space left on device, write' in summary.csv's error column (a sweep on a disk that filled), where
    // the runs beside it read '<sweep>/runs/<id>: expected a folder it can write the run into, found no space left on
    // the device (ENOSPC)'.
    const out = mkdtempSync(join(tmpdir(), 'dcpsim-task-'));
    const { tasks } = prepareSweep({ model: SMALL, vary: ['facility.cooling.pue=1.25'], out, workers: 1, env: {} });
    const report = runTask(tasks[0]);
    const folder = join(out, 'runs', tasks[0].run.id);
    const said = `${folder}: expected a folder it can write the run into, found no space left on the device (ENOSPC)`;
    expect(report).toEqual({ id: tasks[0].run.id, error: said });
    expect(JSON.parse(readFileSync(join(folder, 'result.json'), 'utf8')).error).toBe(said);
  });
});
