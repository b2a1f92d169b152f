import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearRun } from '../../src/sweep/store.ts';

describe('clearRun', () => {
  it("removes the run's folder, and what a writer stopped part way left beside it (its lock, its hidden folders)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-store-'));
    const runs = join(dir, 'runs');
    for (const d of ['p-r0', '.p-r0.run-0123456789ab', '.p-r0.old-0123456789ab', 'q-r0', '.q-r0.run-0123456789ab'])
      mkdirSync(join(runs, d), { recursive: true });
    writeFileSync(join(runs, '.p-r0.lock'), '{}');
    clearRun(dir, 'p-r0');
    expect(readdirSync(runs).sort()).toEqual(['.q-r0.run-0123456789ab', 'q-r0']);
  });

  it('with no lock left, removes the folder alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-store-'));
    mkdirSync(join(dir, 'runs', 'p-r0'), { recursive: true });
    clearRun(dir, 'p-r0');
    expect(existsSync(join(dir, 'runs', 'p-r0'))).toBe(false);
    clearRun(join(dir, 'nothing'), 'p-r0');
  });

  it('for a writer killed while taking the lock (its temporary file made, no lock yet), removes that file too', () => {
    // The flake of commit-faults' full-disk sweep on 2 workers: a worker terminated between the lock's temporary file
    // and the lock left '.<id>.lock.<token>.tmp' in runs/, as no lock told clearRun to look.
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-store-'));
    const runs = join(dir, 'runs');
    mkdirSync(join(runs, 'p-r0'), { recursive: true });
    writeFileSync(join(runs, '.p-r0.lock.0123456789abcdef.tmp'), '{}');
    writeFileSync(join(runs, '.q-r0.lock.0123456789abcdef.tmp'), '{}');
    clearRun(dir, 'p-r0', { writerKilled: true });
    expect(readdirSync(runs)).toEqual(['.q-r0.lock.0123456789abcdef.tmp']);
  });

  it('for a writer killed before any run wrote runs/ (a sizing stopped in its first run), does nothing', () => {
    // Until 4 December 2026 it listed the missing runs/: SIGTERM in a fresh sizing's first run (1 worker) ended with
    // "expected a folder it can write the runs into, found no such file or folder (ENOENT)", exit 1, not 143.
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-store-'));
    expect(() => clearRun(dir, 'p-r0', { writerKilled: true })).not.toThrow();
    expect(existsSync(join(dir, 'runs'))).toBe(false);
  });
});
