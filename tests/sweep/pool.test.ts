import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.ts';
import { runPool } from '../../src/sweep/pool.ts';
import { resultFile } from '../../src/sweep/store.ts';
import type { RunTask } from '../../src/sweep/task.ts';

const entry = pathToFileURL(join(import.meta.dirname, '..', 'fixtures', 'record-then-hang-worker.mjs'));

/** A task of a sweep in `dir` (the test workers read only its folder and run). */
const taskIn =
  (dir: string) =>
  (id: string): RunTask => ({
    dir,
    spec: {} as RunTask['spec'],
    run: { id, point: { index: 0, id: 'p', values: {} }, replicate: 0, seed: 1, series: false },
    pointHash: 'h',
  });

describe('the worker pool stopped', () => {
  it('keeps a run whose record was written before the stop (the record comes last: the run is complete)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-pool-'));
    const task = taskIn(dir);
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
    const task = taskIn(dir);
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

describe('the worker pool on a folder it cannot write', () => {
  it('ends with the one-line error naming the folder, not an exception thrown from a worker event', async () => {
    // On a full disk a run fails, its record cannot be written either and the worker dies; the pool's own
    // record of the death then failed too, thrown from the event handler: a stack trace, the sweep half done.
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-pool-'));
    const task = taskIn(dir);
    const entry = pathToFileURL(join(import.meta.dirname, '..', 'fixtures', 'folder-gone-worker.mjs'));
    const pool = runPool(['a', 'b', 'c'].map(task), 2, {}, undefined, { entry });
    const e = await pool.then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).message).toMatch(
      new RegExp(`^${dir}: expected a folder it can write the runs into, found .* \\(E[A-Z]+\\)$`),
    );
    expect(existsSync(join(dir, 'claims', 'a'))).toBe(false);
  }, 20_000);
});
