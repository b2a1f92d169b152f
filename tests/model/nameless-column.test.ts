/**
 * A value under a nameless column, in the readers that find their columns by name or place: the weather, the
 * inference trace and the demand-response events dropped it without a word (a humidity column saved without its
 * name read as no humidity; a shed of 7 MW in a fourth column as none), where the hourly traces refuse it. Excel's
 * empty columns right of the data (nameless, empty in every row, with a BOM, CRLF, semicolons or quotes) still read.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWeatherCsv } from '../../src/facility/weather-file.ts';
import { traceRates } from '../../src/workload/demand.ts';
import { runScenario } from '../../src/run.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-nameless-'));
const stamp = (i: number) => new Date(Date.UTC(2027, 0, 1, i)).toISOString().replace('T', ' ').slice(0, 19);
const hours = (fmt: (i: number) => string) => Array.from({ length: 24 }, (_, i) => fmt(i));
const excel = (head: string, rows: string[], last = ',,') =>
  `\ufeff${[head + last, ...rows.map((r) => r + last)].join('\r\n')}\r\n`;
const valued = (head: string, rows: string[]) =>
  `${[`${head},,`, ...rows.map((r, i) => `${r},,${i === 3 ? '7' : ''}`)].join('\n')}\n`;
const errorOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('a nameless column', () => {
  it('with a value is refused by the weather, naming the column and the line; Excel empty ones read', () => {
    const rows = hours((i) => `${stamp(i)},${i}`);
    const plain = parseWeatherCsv(`time,temp\n${rows.join('\n')}\n`, 'w.csv', Infinity);
    for (const text of [
      excel('time,temp', rows),
      excel(
        'time;temp',
        rows.map((r) => r.replace(',', ';')),
        ';;',
      ),
    ]) {
      expect(parseWeatherCsv(text, 'w.csv', Infinity)).toEqual(plain);
    }
    expect(errorOf(() => parseWeatherCsv(valued('time,temp', rows), 'w.csv', Infinity))).toBe(
      'w.csv:1: expected a name for every column in the header that holds a value, found column 4 without one, holding "7" on line 5',
    );
    // A humidity column saved without its name: read as no humidity before.
    expect(
      errorOf(() => parseWeatherCsv(`time,temp,\n${rows.map((r) => `${r},55`).join('\n')}\n`, 'w.csv', Infinity)),
    ).toBe(
      'w.csv:1: expected a name for every column in the header that holds a value, found column 3 without one, holding "55" on line 2',
    );
  });

  it('with a value is refused by the inference trace; Excel empty ones read', () => {
    const rows = hours((i) => `${stamp(i)}.5,100,10`);
    const file = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
    const plain = traceRates(file('p.csv', `TIMESTAMP,ContextTokens,GeneratedTokens\n${rows.join('\n')}\n`), 3600);
    expect(traceRates(file('x.csv', excel('TIMESTAMP,ContextTokens,GeneratedTokens', rows)), 3600)).toEqual(plain);
    expect(
      errorOf(() => traceRates(file('v.csv', valued('TIMESTAMP,ContextTokens,GeneratedTokens', rows)), 3600, 'v.csv')),
    ).toBe(
      'v.csv:1: expected a name for every column in the header that holds a value, found column 5 without one, holding "7" on line 5',
    );
  });

  it('with a value is refused in the demand-response events; Excel empty ones read', () => {
    const events = ['2027-01-01T04:00Z,2027-01-01T06:00Z,1', '2027-01-01T10:00Z,2027-01-01T11:00Z,0.5'];
    events.push('2027-01-01T12:00Z,2027-01-01T13:00Z,0.5', '2027-01-01T14:00Z,2027-01-01T15:00Z,0.5');
    const run = (name: string, text: string) => {
      writeFileSync(join(dir, `${name}.csv`), text);
      const model = join(dir, `${name}.yaml`);
      writeFileSync(
        model,
        [
          'start: 2027-01-01',
          'duration: 24h',
          'step: 1h',
          'clusters: [{ name: g, chip: H100, count: 8192 }]',
          'workload: { training: [{ name: a, cluster: g, chips: 4096, duty: 1, work: 100h }] }',
          'facility: { cooling: { model: pue, pue: 1.25 } }',
          'supply: [{ kind: grid }]',
          `demand_response: { payment: 1000 $/MWh, by: throttle, events: { file: ${name}.csv } }`,
        ].join('\n'),
      );
      return runScenario({ model, out: mkdtempSync(join(dir, 'out-')) }).summary.policy;
    };
    expect(run('excel', excel('start,end,shed_mw', events))).toEqual(
      run('plain', `start,end,shed_mw\n${events.join('\n')}\n`),
    );
    expect(errorOf(() => run('valued', valued('start,end,shed_mw', events)))).toMatch(
      /valued\.csv:1: expected a name for every column in the header that holds a value, found column 5 without one, holding "7" on line 5$/,
    );
  });
});
