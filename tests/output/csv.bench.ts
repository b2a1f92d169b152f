/**
 * CSV writing speed: our writer (same bytes as fast-csv, a test checks)
 * against fast-csv's formatter, on 100,000 rows of 16 numeric columns.
 */
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'fast-csv';
import { bench, describe } from 'vitest';
import { CsvWriter } from '../../src/output/tables/csv.ts';
import { fixed } from '../../src/output/tables/format.ts';
import { formatTimestamp } from '../../src/kernel/time.ts';

const ROWS = 100_000;
const COLS = Array.from({ length: 16 }, (_, i) => ({ name: `c${i}_kw`, decimals: 3 }));
const dir = mkdtempSync(join(tmpdir(), 'dcpsim-csvbench-'));
const values = new Float64Array(COLS.length);

describe(`CSV: ${ROWS.toLocaleString()} rows x ${COLS.length + 1} columns`, () => {
  bench(
    'dcpsim CsvWriter (hand-built lines, synchronous chunks)',
    () => {
      const w = new CsvWriter(join(dir, 'ours.csv'), COLS);
      for (let r = 0; r < ROWS; r++) {
        for (let c = 0; c < values.length; c++) values[c] = r * 1.234567 + c * 1000.5;
        w.rowAt(1798761600 + r * 60, values);
      }
      w.commit();
    },
    { iterations: 5, time: 0, warmupIterations: 1 },
  );

  bench(
    'fast-csv format() stream (same cells)',
    async () => {
      const stream = format({ headers: ['timestamp_utc', ...COLS.map((c) => c.name)], includeEndRowDelimiter: true });
      const done = new Promise<void>((resolve) =>
        stream.pipe(createWriteStream(join(dir, 'theirs.csv'))).on('finish', () => resolve()),
      );
      for (let r = 0; r < ROWS; r++) {
        const row: string[] = [formatTimestamp(1798761600 + r * 60)];
        for (let c = 0; c < COLS.length; c++) row.push(fixed(r * 1.234567 + c * 1000.5, 3));
        stream.write(row);
      }
      stream.end();
      await done;
    },
    { iterations: 3, time: 0, warmupIterations: 1 },
  );
});
