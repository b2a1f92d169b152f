/**
 * MISO LMPs read as downloaded (docs/models/supply.md, grid, Traces; src/supply/miso.ts): the market reports' daily
 * files (<YYYYMMDD>_da_expost_lmp.csv, ...), wide (a row per node and value, HE 1 to HE 24), hours ending in Eastern
 * Standard Time all year, two days joined. Before 5 December 2026 such a file was refused at its first line. The
 * fixture and its sources: tests/fixtures/grid-miso/README.md.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHourlyTrace, traceColumn } from '../../src/supply/trace.ts';
import { priceRun, traceRefusal, writeIn } from '../helpers/price-run.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-grid-miso-'));
const FIX = join(import.meta.dirname, '..', 'fixtures', 'grid-miso');
const FILE = join(FIX, '20240309-10_da_expost_lmp.csv');
const MINN = { Node: 'MINN.HUB', Value: 'LMP' };
const iso = (epochS: number) => new Date(epochS * 1000).toISOString().slice(0, 19).replace('T', ' ');

/** A node's and value's prices as written, day after day, HE 1 to HE 24. */
function pricesOf(node: string, value: string): string[] {
  return readFileSync(FILE, 'utf8')
    .split('\n')
    .map((l) => l.split(','))
    .filter((c) => c[0] === node && c[2] === value)
    .flatMap((c) => c.slice(3, 27));
}
const write = (name: string, text: string): string => writeIn(dir, name, text);
const refusal = (file: string, where?: Record<string, string>): string =>
  traceRefusal(file, { base: dir, where, columns: () => ['price'], strip: [dir, FIX] });
const summary = (price: string) => priceRun(dir, '2024-03-09T05:00', price);

describe('MISO market-report LMPs', () => {
  it("reads a node's LMPs: hour ending 1 EST is 05:00 UTC, 24 hours a day, the spring day too", () => {
    const t = readHourlyTrace(FILE, dir, 'interpolate', MINN);
    expect(iso(t.startEpochS)).toBe('2024-03-09 05:00:00');
    // 10 March 2024, when New York moved to daylight time, is 24 hours in MISO's EST: 48 hours in all.
    expect(t.hours).toBe(48);
    expect(Array.from(traceColumn(t, 'price'))).toEqual(pricesOf('MINN.HUB', 'LMP').map(Number));
    // Another value of another node.
    const mcc = readHourlyTrace(FILE, dir, 'interpolate', { Node: 'AECI', Value: 'MCC' });
    expect(Array.from(traceColumn(mcc, 'price'))).toEqual(pricesOf('AECI', 'MCC').map(Number));
  });

  it('a run on it equals a run on the same prices as an ISO UTC CSV, to the bit', () => {
    const v = pricesOf('MINN.HUB', 'LMP');
    const start = Date.UTC(2024, 2, 9, 5) / 1000;
    const twin = write(
      'twin.csv',
      `timestamp,price\n${v.map((x, h) => `${iso(start + h * 3600)}Z,${x}`).join('\n')}\n`,
    );
    const a = summary(`{ file: "${FILE}", where: { Node: MINN.HUB, Value: LMP } }`);
    const b = summary(`{ file: "${twin}" }`);
    expect(a.cost_usd).toBeGreaterThan(0);
    expect(a).toEqual(b);
  });

  it('days joined out of order are read in time order; a day joined twice is refused at its second day line', () => {
    // Before 5 December 2026 the later day first was refused at the earlier day's MINN.HUB row (line 26), quoting a
    // UTC time the file does not hold: 'timestamp: expected the hour after the previous row, found
    // "2024-03-09T05:00:00Z"', where the ISO-NE reader takes its days in any order.
    const lines = readFileSync(FILE, 'utf8').split('\n');
    const second = lines.indexOf('Day Ahead Market ExPost LMPs', 1);
    const [first, next] = [lines.slice(0, second), lines.slice(second)];
    const swapped = readHourlyTrace(write('swapped.csv', [...next, ...first].join('\n')), dir, 'interpolate', MINN);
    expect(iso(swapped.startEpochS)).toBe('2024-03-09 05:00:00');
    expect(Array.from(traceColumn(swapped, 'price'))).toEqual(pricesOf('MINN.HUB', 'LMP').map(Number));
    // The hour ending 1 of 9 March is the MINN.HUB row of the first day, now the file's second: its line.
    expect(swapped.lines[0]).toBe(next.length + first.findIndex((l) => l.startsWith('MINN.HUB,Hub,LMP')) + 1);
    expect(refusal(write('twice.csv', [...first, ...first].join('\n')), MINN)).toMatch(
      /twice\.csv:16: date: expected each day once \(this day is joined in twice\), found "03\/09\/2024"$/,
    );
  });

  it('without `where`, one line naming the column to keep, value then node', () => {
    expect(refusal(FILE)).toMatch(
      /20240309-10_da_expost_lmp\.csv:7: Value: expected one series of hours \(the file holds one for each Value: keep one with where: \{ "Value": <one of them> \} beside file\), found 3 of them: LMP, MCC, MLC$/,
    );
    expect(refusal(FILE, { Value: 'LMP' })).toMatch(
      /: Node: expected one series of hours \(the file holds one for each Node: .*found 3 of them: AECI, ILLINOIS\.HUB, MINN\.HUB$/,
    );
  });

  it('refuses a header without its 24 hours, a row above its day, a day that is none', () => {
    const text = readFileSync(FILE, 'utf8');
    expect(refusal(write('short.csv', text.replace(',HE 24\n', '\n')))).toMatch(
      /short\.csv:5: Node: expected MISO's columns Node, Type, Value, HE 1 to HE 24, found "Node,Type,Value,HE 1,.*,HE 23"$/,
    );
    expect(refusal(write('day.csv', text.replace('03/09/2024', '02/30/2024')))).toMatch(
      /day\.csv:2: date: expected a day like 07\/14\/2026 \(month\/day\/year\) above the day's rows, found "02\/30\/2024"$/,
    );
    const lines = text.split('\n');
    const orphan = [...lines.slice(0, 1), ...lines.slice(2)].join('\n');
    expect(refusal(write('orphan.csv', orphan))).toMatch(
      /orphan\.csv:5: Node: expected a node's row under its day \(MM\/DD\/YYYY\) and the header Node,Type,Value,HE 1,\.\.\.,HE 24, found "AECI,Interface,LMP,/,
    );
  });
});
