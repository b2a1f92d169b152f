import fc from 'fast-check';
import { writeToString } from 'fast-csv';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/model/csv-parse.ts';

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
    expect(() => parseCsv('a,"b\n')).toThrow('unterminated quoted field starting on line 1');
  });
});
