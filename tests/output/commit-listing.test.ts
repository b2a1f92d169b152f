/**
 * A run lists its folder's parent only to recover from a run killed there: a
 * killed run always leaves its lock (src/output/files/commit.ts). A sweep writes every
 * run into one runs/ folder, so a listing at every run grew with the sweep,
 * about 0.8 µs an entry: 8 ms a run at 10,000 runs, quadratic in the sweep.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import type * as fs from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runScenario } from '../../src/run.ts';

const listed: string[] = [];
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    readdirSync: ((path: fs.PathLike, ...rest: unknown[]) => {
      listed.push(String(path));
      return (real.readdirSync as (...a: unknown[]) => unknown)(path, ...rest);
    }) as typeof real.readdirSync,
  };
});

const SMALL = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');

describe("a run's folder's parent", () => {
  it('is not listed when no run was killed there, however many runs it holds', () => {
    const parent = mkdtempSync(join(tmpdir(), 'dcpsim-listing-'));
    for (let i = 0; i < 50; i++) mkdirSync(join(parent, `r${i}`));
    listed.length = 0;
    runScenario({ model: SMALL, duration: '1d', out: join(parent, 'run') });
    expect(listed).not.toContain(parent);
    // Again, over the run it wrote.
    runScenario({ model: SMALL, duration: '1d', out: join(parent, 'run') });
    expect(listed).not.toContain(parent);
  });

  it("is listed, and a killed run's hidden folders removed, when a dead process's lock is there", () => {
    const parent = mkdtempSync(join(tmpdir(), 'dcpsim-listing-'));
    const pid = spawnSync(process.execPath, ['-e', '0']).pid;
    const lock = { pid, host: hostname(), since: '2027-01-01 00:00:00 UTC', token: '0123456789abcdef' };
    writeFileSync(join(parent, '.run.lock'), `${JSON.stringify(lock)}\n`);
    mkdirSync(join(parent, '.run.run-0123456789ab'));
    listed.length = 0;
    runScenario({ model: SMALL, duration: '1d', out: join(parent, 'run') });
    expect(listed).toContain(parent);
    expect(readdirSync(parent)).toEqual(['run']);
  });
});
