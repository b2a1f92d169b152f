import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { runPool } from '../../src/sweep/pool.ts';
import { resultFile } from '../../src/sweep/store.ts';
import type { RunTask } from '../../src/sweep/task.ts';

const entry = pathToFileURL(join(import.meta.dirname, '..', 'fixtures', 'record-then-hang-worker.mjs'));

describe('the worker pool stopped', () => {
  it('keeps a run whose record was written before the stop (the record comes last: the run is complete)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-pool-'));
    const task = (id: string): RunTask => ({
      dir,
      spec: {} as RunTask['spec'],
      run: { id, point: { index: 0, id: 'p', values: {} }, replicate: 0, seed: 1, series: false },
      pointHash: 'h',
    });
    const stop = new AbortController();
    const pool = runPool([task('a-r0')], 1, {}, stop.signal, { entry });
    while (!existsSync(resultFile(dir, 'a-r0'))) await new Promise((r) => setTimeout(r, 10));
    stop.abort();
    expect(await pool).toEqual({ stopped: true });
    expect(existsSync(resultFile(dir, 'a-r0'))).toBe(true);
    expect(existsSync(join(dir, 'claims', 'a-r0'))).toBe(false);
  });
});

describe('the worker pool reused', () => {
  it("a second pool takes the first one's idle workers instead of starting new ones (a sizing's batches)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-pool-'));
    const task = (id: string): RunTask => ({
      dir,
      spec: {} as RunTask['spec'],
      run: { id, point: { index: 0, id: 'p', values: {} }, replicate: 0, seed: 1, series: false },
      pointHash: 'h',
    });
    const threads = (ids: string[]) =>
      new Set(ids.map((id) => JSON.parse(readFileSync(resultFile(dir, id), 'utf8')).summary.thread));
    const entry = pathToFileURL(join(import.meta.dirname, '..', 'fixtures', 'report-thread-worker.mjs'));
    const reuse: Worker[] = [];
    expect(await runPool(['a', 'b', 'c'].map(task), 2, {}, undefined, { entry, reuse })).toEqual({ stopped: false });
    const first = [...reuse];
    expect(first).toHaveLength(2);
    expect(await runPool(['d', 'e', 'f'].map(task), 2, {}, undefined, { entry, reuse })).toEqual({ stopped: false });
    expect(new Set(reuse)).toEqual(new Set(first));
    expect(threads(['d', 'e', 'f'])).toEqual(threads(['a', 'b', 'c']));
    await Promise.all(reuse.map((w) => w.terminate()));
  });
});
