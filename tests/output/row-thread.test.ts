import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NotFiniteError } from '../../src/output/format.ts';
import { ThreadedRows } from '../../src/output/row-thread.ts';
import { timeseriesName, timeseriesWriter } from '../../src/output/timeseries-file.ts';
import type { TableFormat, TableLayout, TimestampStyle } from '../../src/output/table-options.ts';

const columns = [
  { name: 'it_kw', decimals: 3 },
  { name: 'mode', decimals: 0 },
  { name: 'odd, "name"', decimals: 2 },
  { name: 'e', decimals: 9 },
  { name: 'held', decimals: 1 },
];
const START = Date.UTC(2027, 0, 1) / 1000;
/** The thread's module through tsx (as a run from the sources starts it). */
const ENTRY = pathToFileURL(join(import.meta.dirname, '..', '..', 'src', 'output', 'rows-worker.mjs'));

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

  it('abort stops the thread and deletes what it wrote', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-rows-'));
    const w = new ThreadedRows(ENTRY, join(dir, 'timeseries.csv'), dir, columns, 'csv', 'wide', 'excel');
    rowsOf(4000).forEach((v, i) => w.rowAt(START + 60 * i, v));
    w.abort();
    expect(readdirSync(dir)).toEqual([]);
  });
});
