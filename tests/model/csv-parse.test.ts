import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseString, writeToString } from 'fast-csv';
import { describe, expect, it } from 'vitest';
import { dataSeparator, decimalCell, parseCsv, trimmedRows } from '../../src/model/csv-parse.ts';
import { readHourlyTrace, traceColumn } from '../../src/supply/trace.ts';
import { traceRates } from '../../src/workload/demand.ts';
import { readWeatherFile } from '../../src/facility/weather-file.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe('the CSV reader', () => {
  it('reads back what fast-csv writes: separators, quotes and line breaks inside fields, CRLF', async () => {
    const cell = fc.stringMatching(/^[a-z0-9 ,"\t\n-]{0,6}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        async (rows, crlf) => {
          const text = await writeToString(rows, { rowDelimiter: crlf ? '\r\n' : '\n', includeEndRowDelimiter: true });
          expect(parseCsv(text, ',').rows).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('says on which line each row starts, also after a field that spans lines', () => {
    const t = parseCsv('\uFEFFa,b\n1,"x\ny\rz\r\n"\n\n2,z\r3,\n');
    expect(t.rows).toEqual([['a', 'b'], ['1', 'x\ny\rz\r\n'], [''], ['2', 'z'], ['3', '']]);
    expect([0, 1, 2, 3, 4].map(t.line)).toEqual([1, 2, 6, 7, 8]);
    const plain = parseCsv('a\tb\r\n1\t2\r\n');
    expect(plain.rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(plain.line(1)).toBe(2);
  });

  it('keeps a quote inside an unquoted field and text after a closing quote, as fast-csv does not refuse them', () => {
    expect(parseCsv('ab"c,"d"e,"f""g"\n').rows).toEqual([['ab"c', 'de', 'f"g']]);
    expect(() => parseCsv('a,"b\n', ',', 'x.csv')).toThrow(
      'x.csv:1: expected a closing double quote (") for the quoted field that starts on this line, found the end of the file',
    );
    expect(() => parseCsv('a,b\n1,2\n3,"4\n5,6\n', ',', 'x.csv')).toThrow(/^x\.csv:3: /);
  });
});

describe('trimmedRows reads as fast-csv does', () => {
  // fast-csv through its public API (a stream of rows), with the options the reading matches.
  const fastCsv = (text: string): Promise<string[][]> =>
    new Promise((done, fail) => {
      const rows: string[][] = [];
      parseString<string[], string[]>(text, { ignoreEmpty: true, trim: true, delimiter: dataSeparator(text) })
        .on('data', (r: string[]) => rows.push(r))
        .on('error', fail)
        .on('end', () => done(rows));
    });

  it('the shipped hourly traces', async () => {
    const dir = join(ROOT, 'models', 'data');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      /hourly.*\.csv$|price.*\.csv$/.test(f),
    );
    expect(files.length).toBeGreaterThan(2);
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(trimmedRows(text).rows, f).toEqual(await fastCsv(text));
    }
  });

  // Quotes: 'the CSV reader' above.
  it('any text of cells, blanks, tabs, commas, semicolons and line ends in any mix', async () => {
    const piece = fc.constantFrom(
      '2022-01-01 00:00:00',
      '1.5',
      '-3',
      'a b',
      '',
      ' ',
      '\t',
      ',',
      ',,',
      ';',
      '\n',
      '\r\n',
      '\r',
      '\u00a0',
      '\ufeff',
      "'",
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), async (parts) => {
        const text = parts.join('');
        expect(trimmedRows(text).rows).toEqual(await fastCsv(text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('a numeric cell of a data file', () => {
  it('is a decimal number: hex, octal and binary forms, words and empty cells are not numbers', () => {
    // Number() read 0x10 as 16, 0b1 as 1 and '' or ' ' as 0.
    for (const cell of [
      '0x10',
      '0X1f',
      '0b1',
      '0o7',
      '',
      ' ',
      '\t',
      'Infinity',
      '-Infinity',
      'NaN',
      '1_000',
      '1,5',
      '5 MW',
      '.',
      '+',
      'e3',
      '1e',
      '--1',
    ])
      expect(decimalCell(cell), JSON.stringify(cell)).toBeNaN();
    expect(decimalCell(undefined)).toBeNaN();
    for (const [cell, x] of [
      ['16', 16],
      [' 1.5 ', 1.5],
      ['-2e3', -2000],
      ['+.5', 0.5],
      ['5.', 5],
      ['1E-3', 0.001],
      ['-0', -0],
      ['007', 7],
    ] as const)
      expect(decimalCell(cell), cell).toBe(x);
  });

  it('reads every number as Number() does when it is written in decimal', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(decimalCell(String(x))).toBe(Number(String(x)));
        expect(decimalCell(x.toFixed(3))).toBe(Number(x.toFixed(3)));
        expect(decimalCell(x.toExponential(5))).toBe(Number(x.toExponential(5)));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('a data file separated by tabs', () => {
  // A TSV (Excel's "Unicode Text", a run's --format tsv tables) was read as one column of "2027-03-01 00:00:00\t10":
  // 'timestamp: expected a timestamp like "2022-01-01 00:00:00+00:00" (no zone: UTC), found "2027-03-01 00:00:00\t10"'.
  const dir = mkdtempSync(join(tmpdir(), 'dcpsim-tsv-'));
  const both = (name: string, csv: string): [string, string] => {
    writeFileSync(join(dir, `${name}.csv`), csv);
    writeFileSync(join(dir, `${name}.tsv`), csv.replaceAll(',', '\t'));
    return [join(dir, `${name}.csv`), join(dir, `${name}.tsv`)];
  };
  const hours = (n: number, cell: (h: number) => string) =>
    Array.from({ length: n }, (_, h) => `2027-03-01 ${String(h).padStart(2, '0')}:00:00,${cell(h)}`).join('\n');

  it('is read as its CSV: an hourly trace, a request trace, a weather series', () => {
    expect(dataSeparator('timestamp\tprice\n2027-03-01 00:00:00\t10\n')).toBe('\t');
    // A comma or a semicolon on the first line still decides, as before.
    expect(dataSeparator('timestamp,note\tx\n')).toBe(',');
    expect(dataSeparator('timestamp;note\tx\n')).toBe(';');
    const [pc, pt] = both('price', `timestamp,price\n${hours(24, (h) => String(10 * (h + 1)))}\n`);
    const price = (f: string) => Array.from(traceColumn(readHourlyTrace(f, dir, 'interpolate'), 'price'));
    expect(price(pt)).toEqual(price(pc));
    expect(price(pt)[23]).toBe(240);
    const requests = Array.from(
      { length: 130 },
      (_, i) => `2023-11-16 18:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},60,40`,
    );
    const [rc, rt] = both('requests', `TIMESTAMP,ContextTokens,GeneratedTokens\n${requests.join('\n')}\n`);
    expect(traceRates(rt, 60)).toEqual(traceRates(rc, 60));
    expect(traceRates(rt, 60).tps).toEqual([100, 100]);
    const [wc, wt] = both('weather', `timestamp,temperature\n${hours(24, (h) => String(h % 7))}\n`);
    expect({ ...readWeatherFile(wt), file: '' }).toEqual({ ...readWeatherFile(wc), file: '' });
  });
});
