/**
 * ISO New England's hourly LMP reports read as downloaded (docs/models/supply.md, grid, Traces; src/supply/isone.ts):
 * lines marked "C", "H", "D", "T", hours ending "01" to "24" in Eastern prevailing time, the spring day without "03"
 * and the autumn day with "02X", days joined. Before 5 December 2026 such a file was refused at its first line. The
 * fixtures and their sources: tests/fixtures/grid-ne/README.md.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHourlyTrace, traceColumn } from '../../src/supply/trace.ts';
import { priceRun, traceRefusal, writeIn } from '../helpers/price-run.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-grid-ne-'));
const FIX = join(import.meta.dirname, '..', 'fixtures', 'grid-ne');
const SPRING = join(FIX, 'WW_DALMP_ISO_20240309-11.csv');
const AUTUMN = join(FIX, 'WW_DALMP_ISO_20241102-04.csv');
const LMP = 'Locational Marginal Price';
const HUB = { 'Location Name': '.H.INTERNAL_HUB' };
const iso = (epochS: number) => new Date(epochS * 1000).toISOString().slice(0, 19).replace('T', ' ');

/** The hub's data lines' cells, in the file's order: Date, Hour Ending, ..., the LMP seventh. */
const hubRows = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')))
    .filter((c) => c[0] === 'D' && c[4] === '.H.INTERNAL_HUB');
const write = (name: string, text: string): string => writeIn(dir, name, text);
const refusal = (file: string, where?: Record<string, string>): string =>
  traceRefusal(file, { base: dir, where, columns: () => [LMP], strip: [dir, FIX] });

describe('ISO-NE hourly LMP reports', () => {
  it('reads the 25-hour autumn day: "02" in daylight time, "02X" in standard time, then "03"', () => {
    const t = readHourlyTrace(AUTUMN, dir, 'interpolate', HUB);
    expect(iso(t.startEpochS)).toBe('2024-11-02 04:00:00'); // 00:00 EDT
    expect(t.hours).toBe(24 + 25 + 24);
    const rows = hubRows(AUTUMN);
    expect(Array.from(traceColumn(t, LMP))).toEqual(rows.map((c) => Number(c[6])));
    // 3 November: the hour from 01:00 EDT is 05:00 UTC ("02"), from 01:00 EST 06:00 ("02X"), from 02:00 EST 07:00.
    const at = (s: string) => traceColumn(t, LMP)[(Date.parse(`${s}Z`) / 1000 - t.startEpochS) / 3600];
    const of = (he: string) => Number(rows.find((c) => c[1] === '11/03/2024' && c[2] === he)![6]);
    expect([at('2024-11-03T05:00:00'), at('2024-11-03T06:00:00'), at('2024-11-03T07:00:00')]).toEqual([
      of('02'),
      of('02X'),
      of('03'),
    ]);
  });

  it('reads the 23-hour spring day; a run equals one on the same prices as an ISO UTC CSV, to the bit', () => {
    const t = readHourlyTrace(SPRING, dir, 'interpolate', HUB);
    expect(iso(t.startEpochS)).toBe('2024-03-09 05:00:00'); // 00:00 EST
    expect(t.hours).toBe(24 + 23 + 24);
    const v = hubRows(SPRING).map((c) => c[6]);
    const start = t.startEpochS;
    const twin = write(
      'twin.csv',
      `timestamp,price\n${v.map((x, h) => `${iso(start + h * 3600)}Z,${x}`).join('\n')}\n`,
    );
    const run = (price: string) => priceRun(dir, '2024-03-09T05:00', price);
    const a = run(`{ file: "${SPRING}", column: ${LMP}, where: { Location Name: .H.INTERNAL_HUB } }`);
    expect(a.cost_usd).toBeGreaterThan(0);
    expect(a).toEqual(run(`{ file: "${twin}" }`));
  });

  it('without `where`, one line naming the location column and its values', () => {
    expect(refusal(AUTUMN)).toMatch(
      /WW_DALMP_ISO_20241102-04\.csv:\d+: Location Name: expected one series of hours \(the file holds one for each Location Name: .*found 2 of them: \.H\.INTERNAL_HUB, \.Z\.CONNECTICUT$/,
    );
  });

  it('a day joined twice is refused at its second line, naming the first', () => {
    // Before 5 December 2026: 'twice.csv:61: timestamp: expected the hour after the previous row, found
    // "2024-11-02T04:00:00Z"', a field and a time the file does not hold (its rows are put in time order first).
    const lines = readFileSync(AUTUMN, 'utf8').split('\n');
    const day = [...lines.slice(0, 6), ...lines.filter((l) => l.startsWith('"D","11/02/2024"'))];
    expect(refusal(write('twice.csv', `${[...day, ...day].join('\n')}\n`), HUB)).toMatch(
      /twice\.csv:61: Date: expected each location's hour once \(a day joined twice\?\): it is on line 7 too, found "11\/02\/2024 01 4000"$/,
    );
  });

  it('refuses an hour the day has not, "02X" on another day, a day that is none', () => {
    const text = readFileSync(SPRING, 'utf8');
    expect(
      refusal(write('skipped.csv', text.replace('"03/10/2024","04","4000"', '"03/10/2024","03","4000"')), HUB),
    ).toMatch(
      /skipped\.csv:\d+: Hour Ending: expected an hour of the day in Eastern prevailing time \(the spring day has no "03"; "02X" only on the autumn day\), found "03"$/,
    );
    expect(refusal(write('x.csv', text.replace('"03/09/2024","02","4000"', '"03/09/2024","02X","4000"')), HUB)).toMatch(
      /x\.csv:\d+: Hour Ending: expected an hour of the day in Eastern prevailing time .*found "02X"$/,
    );
    expect(refusal(write('25.csv', text.replace('"03/09/2024","24","4000"', '"03/09/2024","25","4000"')), HUB)).toMatch(
      /25\.csv:\d+: Hour Ending: expected an hour ending from "01" to "24", or "02X" .*found "25"$/,
    );
    expect(
      refusal(write('day.csv', text.replace('"03/09/2024","01","4000"', '"02/30/2024","01","4000"')), HUB),
    ).toMatch(/day\.csv:7: Date: expected a day like 03\/17\/2026 \(month\/day\/year\), found "02\/30\/2024"$/);
  });
});
