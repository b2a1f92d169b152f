import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NotFiniteError } from '../../src/output/tables/format.ts';
import { ThreadedRows } from '../../src/output/tables/row-thread.ts';
import { timeseriesName, timeseriesWriter } from '../../src/output/tables/timeseries-file.ts';
import type { TableFormat, TableLayout, TimestampStyle } from '../../src/output/tables/table-options.ts';

const columns = [
  { name: 'it_kw', decimals: 3 },
  { name: 'mode', decimals: 0 },
  { name: 'odd, "name"', decimals: 2 },
  { name: 'e', decimals: 9 },
  { name: 'held', decimals: 1 },
];
const START = Date.UTC(2027, 0, 1) / 1000;
/** The thread's module through tsx (as a run from the sources starts it). */
const ENTRY = pathToFileURL(join(import.meta.dirname, '..', '..', 'src', 'output', 'tables', 'rows-worker.mjs'));

/** Rows of every kind of cell: repeated, NaN (empty), -0, large, across midnight and a partial last slot. */
function rowsOf(n: number): Float64Array[] {
  return Array.from({ length: n }, (_, i) =>
    Float64Array.of(
      i * 1.2345,
      i % 3,
      -i / 7,
      i % 7 === 0 ? NaN : (i - 2500) * 1e-7,
      i % 2 ? Math.floor(i / 40) * 0.55 : -0,
    ),
  );
}

describe('a long run writes its series in a thread of its own', () => {
  for (const [format, layout, timestamps] of [
    ['csv', 'wide', 'excel'],
    ['tsv', 'wide', 'iso'],
    ['csv', 'long', 'iso'],
  ] as [TableFormat, TableLayout, TimestampStyle][]) {
    it(`the same bytes as the run's own thread writes (${format}, ${layout}, ${timestamps})`, () => {
      const a = mkdtempSync(join(tmpdir(), 'dcpsim-rows-'));
      const b = mkdtempSync(join(tmpdir(), 'dcpsim-rows-'));
      const name = timeseriesName(format, layout);
      const plain = timeseriesWriter(a, columns, format, layout, timestamps);
      const threaded = new ThreadedRows(ENTRY, join(b, name), b, columns, format, layout, timestamps);
      const rows = rowsOf(5 * 1024 + 77);
      rows.forEach((v, i) => {
        plain.rowAt(START + 60 * i, v);
        threaded.rowAt(START + 60 * i, v);
      });
      plain.commit();
      expect(readdirSync(b).filter((f) => f === name)).toEqual([]); // complete only at commit
      threaded.commit();
      expect(readdirSync(b)).toEqual([name]);
      expect(readFileSync(join(b, name)).equals(readFileSync(join(a, name)))).toBe(true);
    });
  }

  it("throws the thread's error (a number no cell may hold) and leaves no file", () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-rows-'));
    const w = new ThreadedRows(ENTRY, join(dir, 'timeseries.csv'), dir, columns, 'csv', 'wide', 'excel');
    const rows = rowsOf(3000);
    rows[1500][0] = Infinity;
    expect(() => {
      rows.forEach((v, i) => w.rowAt(START + 60 * i, v));
      w.commit();
    }).toThrow(NotFiniteError);
    expect(readdirSync(dir)).toEqual([]);
  });

  /** A thread made to end at a write boundary without a word (src/output/files/fault.ts: a crash, an exit, out of memory). */
  function dyingAt(boundary: string): ThreadedRows {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-rows-'));
    process.env.DCPSIM_KILL_AT = boundary; // read by the thread as it starts
    process.env.DCPSIM_KILL_SIGNAL = 'exit';
    try {
      return new ThreadedRows(ENTRY, join(dir, 'timeseries.csv'), dir, columns, 'csv', 'wide', 'excel');
    } finally {
      delete process.env.DCPSIM_KILL_AT;
      delete process.env.DCPSIM_KILL_SIGNAL;
    }
  }
  const writeAll = (w: ThreadedRows, n: number): void => {
    rowsOf(n).forEach((v, i) => w.rowAt(START + 60 * i, v));
    w.commit();
  };

  it('a thread that cannot start (its module missing) fails the run at once, not after a wait', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-rows-'));
    const missing = new URL('./no-such-worker.mjs', ENTRY);
    const w = new ThreadedRows(missing, join(dir, 'timeseries.csv'), dir, columns, 'csv', 'wide', 'excel');
    expect(() => writeAll(w, 20_000)).toThrow(/^the time series thread could not start \(\/.*\/no-such-worker\.mjs\)/);
    expect(readdirSync(dir)).toEqual([]);
  }, 20_000);

  it('a thread that ends as it starts fails the run at once, also when the run only commits', () => {
    expect(() => writeAll(dyingAt('rows thread'), 20_000)).toThrow(/^the time series thread could not start/);
    expect(() => writeAll(dyingAt('rows thread'), 10)).toThrow(/^the time series thread could not start/);
  }, 20_000);

  it('a thread that ends in the middle of the file fails the run, however far the run is ahead of it', () => {
    for (const at of ['chunk', 'chunk#3'])
      expect(() => writeAll(dyingAt(at), 30_000)).toThrow(/^the time series thread ended before/);
    // After its last rename, before it said it was done: the file is whole, but the run cannot know it.
    expect(() => writeAll(dyingAt('wrote timeseries.csv'), 3000)).toThrow(/^the time series thread ended before/);
  }, 20_000);

  it('abort stops the thread and deletes what it wrote', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-rows-'));
    const w = new ThreadedRows(ENTRY, join(dir, 'timeseries.csv'), dir, columns, 'csv', 'wide', 'excel');
    rowsOf(4000).forEach((v, i) => w.rowAt(START + 60 * i, v));
    w.abort();
    expect(readdirSync(dir)).toEqual([]);
  });
});
