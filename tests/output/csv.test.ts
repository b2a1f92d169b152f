import { mkdtempSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeToString } from 'fast-csv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvWriter, putFixed } from '../../src/output/tables/csv.ts';
import { fixed, NotFiniteError } from '../../src/output/tables/format.ts';
import { formatTimestamp } from '../../src/kernel/time.ts';

describe('number formatting', () => {
  it('matches toFixed on ordinary values and never writes -0', () => {
    for (const x of [0, 1, -1, 0.5, 1.0005, 123456.789, -0.0001, 1e-9, 98765.4321, 2 ** 40 + 0.25]) {
      for (const d of [0, 2, 3, 6]) {
        const want = Math.abs(Number(x.toFixed(d))) === 0 ? (0).toFixed(d) : x.toFixed(d);
        expect(Math.abs(Number(fixed(x, d)) - Number(want))).toBeLessThanOrEqual(1.0001 * 10 ** -d);
        expect(fixed(x, d)).not.toMatch(/^-0(\.0*)?$/);
      }
    }
    expect(fixed(1.5, 3)).toBe('1.500');
    expect(fixed(-2.25, 1)).toMatch(/^-2\.[23]$/);
    expect(fixed(NaN, 2)).toBe('');
  });
});

describe('CSV writer', () => {
  it('writes numbers as bytes exactly as fixed() formats them', () => {
    const buf = Buffer.alloc(64);
    const xs = [
      0,
      -0,
      1,
      -1,
      0.5,
      -0.0004,
      0.0005,
      9.9995,
      123456.789,
      -98765.4321,
      1e15,
      2 ** 53,
      1e20,
      -1e20,
      NaN,
      1e-12,
    ];
    for (let k = 0; k < 2000; k++) xs.push((Math.random() - 0.5) * 10 ** (Math.random() * 12));
    // Either side of the integer fast path (digits up to 2^31) and of each digit count.
    for (const b of [2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, 999_999_999, 1_000_000_000, 9_999_999_999])
      for (let d = 0; d <= 9; d++) xs.push(b / 10 ** d, -b / 10 ** d, (b + 0.5) / 10 ** d);
    for (const x of xs) {
      for (let d = 0; d <= 9; d++)
        expect(buf.toString('latin1', 0, putFixed(buf, 0, [x], 0, d)), `${x} with ${d}`).toBe(fixed(x, d));
    }
  });

  it('writes each changed cell in place as fixed() formats it, whatever the widths before and after (property)', () => {
    // Cells change width in both directions, repeat, turn empty (NaN) or negative, cross 2^31 digits (the
    // written-in-place path and the one through a scratch cell) and every digit count.
    const edge = fc.constantFrom(
      0,
      -0,
      NaN,
      0.5,
      -0.5,
      0.0005,
      9.9995,
      2 ** 31 - 1,
      2 ** 31,
      1e9,
      1e15,
      -1e20,
      2 ** 53,
    );
    const value = fc.oneof(
      edge,
      fc.double({ min: -1e12, max: 1e12, noNaN: true }),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 }).map((k) => k / 1000),
    );
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-csv-'));
    let run = 0;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.array(value, { minLength: 6, maxLength: 6 }), { minLength: 1, maxLength: 40 }),
        (decimals, rows) => {
          const cols = decimals.map((d, i) => ({ name: `c${i}`, decimals: d }));
          const path = join(dir, `p${run++}.csv`);
          const w = new CsvWriter(path, cols);
          const want = [['timestamp_utc', ...cols.map((c) => c.name)].join(',')];
          for (const [k, r] of rows.entries()) {
            const v = r.slice(0, cols.length);
            w.row(`r${k}`, v);
            want.push([`r${k}`, ...v.map((x, c) => fixed(x, cols[c].decimals))].join(','));
          }
          w.commit();
          expect(readFileSync(path, 'latin1')).toBe(`${want.join('\n')}\n`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses Infinity and magnitudes that would print in exponent form; NaN is an empty cell', () => {
    const buf = Buffer.alloc(64);
    for (const x of [Infinity, -Infinity, 1e21, -1e300]) {
      expect(() => fixed(x, 3)).toThrow(NotFiniteError);
      expect(() => putFixed(buf, 0, [x], 0, 3)).toThrow(NotFiniteError);
    }
    expect(fixed(NaN, 2)).toBe('');
  });

  it('writes exactly the bytes fast-csv writes for the same rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-csv-'));
    const path = join(dir, 'x.csv');
    const cols = [
      { name: 'it_kw', decimals: 3 },
      { name: 'mode', decimals: 0 },
      { name: 'odd, "name"', decimals: 2 },
      { name: 'e', decimals: 9 },
      { name: 'held', decimals: 1 },
      { name: 'zero', decimals: 2 },
    ];
    const w = new CsvWriter(path, cols);
    const rows: string[][] = [['timestamp_utc', ...cols.map((c) => c.name)]];
    for (let i = 0; i < 5000; i++) {
      // held repeats the row above (the writer copies its bytes); zero alternates 0 and -0, both written 0.00.
      const v = [
        i * 1.2345,
        i % 3,
        -i / 7,
        i % 7 === 0 ? NaN : (i - 2500) * 1e-7,
        Math.floor(i / 4) * 0.55,
        i % 2 ? 0 : -0,
      ];
      const label =
        i % 5 === 0
          ? 'a, "quoted" label'
          : i % 11 === 0
            ? 'Zürich 05:00'
            : `2027-01-01 00:${String(i % 60).padStart(2, '0')}:00`;
      w.row(label, v);
      rows.push([label, ...v.map((x, c) => fixed(x, cols[c].decimals))]);
    }
    expect(existsSync(path)).toBe(false);
    w.commit();
    const ours = readFileSync(path, 'utf8');
    const theirs = await writeToString(rows, { includeEndRowDelimiter: true });
    expect(ours).toBe(theirs);
    expect(readdirSync(dir)).toEqual(['x.csv']);
  });

  it('rowAt writes the timestamp row() gets from formatTimestamp, in either style', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-csv-'));
    const cols = [{ name: 'a', decimals: 2 }];
    // Every second of a day, fractions (truncated), years 0000 and 9999, and years outside them (the string path).
    const times: number[] = [];
    const day = Date.UTC(2027, 0, 1) / 1000;
    for (let s = 0; s < 86400; s += 7) times.push(day + s, day + s + 0.999);
    const year = (y: number): number => {
      const d = new Date(0);
      d.setUTCFullYear(y, 5, 30);
      return d.getTime() / 1000 + 86399;
    };
    times.push(year(0), year(9999), year(-1), year(10000), year(-12345), 0, -1, -86400.5);
    for (const [style, sep] of [
      ['excel', ' '],
      ['iso', 'T'],
    ] as const) {
      const a = new CsvWriter(join(dir, `a-${style}.csv`), cols, 'timestamp_utc', ',', sep);
      const b = new CsvWriter(join(dir, `b-${style}.csv`), cols);
      times.forEach((t, i) => {
        a.rowAt(t, [i]);
        const text = formatTimestamp(t);
        b.row(`${text.slice(0, 10)}${sep}${text.slice(11)}`, [i]);
      });
      a.commit();
      b.commit();
      expect(readFileSync(join(dir, `a-${style}.csv`), 'utf8')).toBe(readFileSync(join(dir, `b-${style}.csv`), 'utf8'));
    }
  });

  it('abort leaves nothing behind and keeps an earlier file intact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-csv-'));
    const path = join(dir, 'x.csv');
    const a = new CsvWriter(path, [{ name: 'a', decimals: 1 }]);
    a.row('t', [1]);
    a.commit();
    const before = readFileSync(path, 'utf8');
    const b = new CsvWriter(path, [{ name: 'a', decimals: 1 }]);
    for (let i = 0; i < 100000; i++) b.row('t', [i]);
    b.abort();
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['x.csv']);
  });
});
