/**
 * ENTSO-E Transparency Platform day-ahead prices read as downloaded (docs/models/supply.md, grid, Traces; src/supply/
 * entsoe.ts): "MTU (CET/CEST)" delivery intervals in local time, the legacy form ("01.01.2022 00:00 - 01.01.2022
 * 01:00", "Day-ahead Price [EUR/MWh]", "n/e" for missing) and the current one (Area, Sequence, "01/01/2024 00:00:00 -
 * ...", the daylight-saving days' rows marked "(CET)"/"(CEST)", 15-minute MTUs since 1 October 2025). Each was
 * refused at its first timestamp. The fixtures and their sources: tests/fixtures/grid-eu/README.md.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { priceColumns, priceRun, traceRefusal } from '../helpers/price-run.ts';
import { readHourlyTrace, traceColumn } from '../../src/supply/trace.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-grid-eu-'));
const FIX = join(import.meta.dirname, '..', 'fixtures', 'grid-eu');
const lines = (file: string) => readFileSync(join(FIX, file), 'utf8').trim().split(/\r?\n/);
/** A fixture's price cells, quotes off: the last column of the legacy form, the fourth of the current one. */
const prices = (file: string, c: number) =>
  lines(file)
    .slice(1)
    .map((l) => l.split('","')[c].replaceAll('"', ''));
const iso = (epochS: number) => new Date(epochS * 1000).toISOString().slice(0, 19).replace('T', ' ');

function write(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}
const refusal = (file: string, base = dir, gaps: 'interpolate' | 'error' = 'interpolate'): string =>
  traceRefusal(file, { base, gaps, columns: priceColumns });

/** The small model's figures with its grid's price from `price` (provenance, naming the file, left out). */
const summary = (start: string, price: string) => priceRun(dir, start, price);

describe('ENTSO-E day-ahead prices, legacy export', () => {
  const file = 'entsoe-da-legacy-2022-10.csv';
  const cells = prices(file, 1);
  it('reads the 25-hour day: the repeated 02:00 is summer time first, winter time after; n/e is a gap', () => {
    const t = readHourlyTrace(file, FIX, 'interpolate');
    expect(t.hours).toBe(73); // 28 Oct 22:00 UTC (29 Oct 00:00 CEST) to 31 Oct 23:00 UTC: 24 + 25 + 24
    expect(iso(t.startEpochS)).toBe('2022-10-28 22:00:00');
    const v = traceColumn(t, 'Day-ahead Price [EUR/MWh]');
    // 30 Oct 00:00 CEST is 29 Oct 22:00 UTC (row 24); 02:00 CEST 00:00 UTC, 02:00 CET 01:00 UTC, 03:00 CET 02:00 UTC.
    expect([v[24], v[26], v[27], v[28]]).toEqual([74.39, 87.65, 63.78, 100]);
    expect(cells[30]).toBe('n/e');
    expect(v[30]).toBe((v[29] + v[31]) / 2);
    expect(refusal(file, FIX, 'error')).toContain(':32: Day-ahead Price [EUR/MWh]: expected a number');
  });
  it('runs to the bit as the same prices in an ISO UTC CSV', () => {
    const t = readHourlyTrace(file, FIX, 'interpolate');
    const v = traceColumn(t, 'Day-ahead Price [EUR/MWh]');
    const twin = write(
      'legacy-twin.csv',
      `timestamp,price_eur\n${cells.map((c, h) => `${iso(t.startEpochS + h * 3600)}Z,${c === 'n/e' ? '' : c}`).join('\n')}\n`,
    );
    expect(v.length).toBe(73);
    const unit = 'unit: "1.08 $/MWh"';
    const a = summary('2022-10-29T00:00', `{ file: ${join(FIX, file)}, column: "Day-ahead Price [EUR/MWh]", ${unit} }`);
    const b = summary('2022-10-29T00:00', `{ file: ${join(dir, twin)}, column: price_eur, ${unit} }`);
    expect(a).toEqual(b);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
  it('refuses euros read as dollars, in one line saying what to give', () => {
    expect(() =>
      summary('2022-10-29T00:00', `{ file: ${join(FIX, file)}, column: "Day-ahead Price [EUR/MWh]" }`),
    ).toThrow(
      'entsoe-da-legacy-2022-10.csv:1: Day-ahead Price [EUR/MWh]: expected prices in $ (this column is in EUR: give unit: "<dollars per EUR> $/MWh" at your exchange rate, like unit: "1.08 $/MWh"), found no unit',
    );
  });
});

describe('ENTSO-E day-ahead prices, current export', () => {
  it('reads the 23-hour day, its rows marked (CET) and (CEST)', () => {
    const file = 'entsoe-da-2025-03.csv';
    const t = readHourlyTrace(file, FIX, 'interpolate');
    expect(t.hours).toBe(47);
    expect(iso(t.startEpochS)).toBe('2025-03-28 23:00:00');
    const v = traceColumn(t, 'Day-ahead Price (EUR/MWh)');
    // 30 Mar 01:00 CET is 00:00 UTC (row 25), 03:00 CEST 01:00 UTC (row 26).
    expect([v[25], v[26]]).toEqual([50.52, 87.65]);
    expect(Array.from(v)).toEqual(prices(file, 3).map(Number));
  });
  it('averages 15-minute MTUs to UTC hours, the 25-hour day and a "-" included', () => {
    const file = 'entsoe-da-2025-10-15min.csv';
    const t = readHourlyTrace(file, FIX, 'interpolate');
    expect(t.hours).toBe(49);
    const q = prices(file, 3);
    expect(q.length).toBe(196);
    const v = traceColumn(t, 'Day-ahead Price (EUR/MWh)');
    const mean = (h: number) => {
      const f = q
        .slice(4 * h, 4 * h + 4)
        .filter((c) => c !== '-')
        .map(Number);
      return f.reduce((s, x) => s + x, 0) / f.length;
    };
    for (let h = 0; h < 49; h++) expect(v[h]).toBe(mean(h));
    expect(q[41]).toBe('-'); // hour 10 is the mean of its other three
    const twin = write(
      'quarter-twin.csv',
      `timestamp,price_eur\n${Array.from(v, (x, h) => `${iso(t.startEpochS + h * 3600)}Z,${x}`).join('\n')}\n`,
    );
    const unit = 'unit: "1.08 $/MWh"';
    const a = summary('2025-10-24T22:00', `{ file: ${join(FIX, file)}, column: "Day-ahead Price (EUR/MWh)", ${unit} }`);
    const b = summary('2025-10-24T22:00', `{ file: ${join(dir, twin)}, column: price_eur, ${unit} }`);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(refusal(file, FIX, 'error')).toContain(
      'Day-ahead Price (EUR/MWh): expected a number (set `gaps: interpolate`',
    );
  });
  it('drops an empty row for the hour the spring day skips, refuses one with a price, and a bad interval', () => {
    const head = '"MTU (CET/CEST)","Day-ahead Price [EUR/MWh]"\n';
    const rows = (mid: string) =>
      `${head}"27.03.2022 00:00 - 27.03.2022 01:00","10"\n"27.03.2022 01:00 - 27.03.2022 02:00","11"\n${mid}"27.03.2022 03:00 - 27.03.2022 04:00","12"\n`;
    const t = readHourlyTrace(
      write('spring-empty.csv', rows('"27.03.2022 02:00 - 27.03.2022 03:00","-"\n')),
      dir,
      'interpolate',
    );
    expect(Array.from(traceColumn(t, 'Day-ahead Price [EUR/MWh]'))).toEqual([10, 11, 12]);
    expect(refusal(write('spring-priced.csv', rows('"27.03.2022 02:00 - 27.03.2022 03:00","5"\n')))).toContain(
      '/spring-priced.csv:4: MTU (CET/CEST): expected a local time that exists (27.03.2022 02:00 falls in the hour skipped where summer time starts), found "27.03.2022 02:00 - 27.03.2022 03:00"',
    );
    expect(refusal(write('bad.csv', `${head}"2022-03-27 00:00","10"\n`))).toContain(
      '/bad.csv:2: MTU (CET/CEST): expected an interval like "01.01.2022 00:00 - 01.01.2022 01:00" (day first, MTU (CET/CEST)), found "2022-03-27 00:00"',
    );
  });
});
