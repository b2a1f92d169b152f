/**
 * ERCOT settlement point prices read as downloaded (docs/models/supply.md, grid, Traces; src/supply/ercot.ts): the DAM
 * file (NP4-190-CD: DeliveryDate, HourEnding "01:00" to "24:00", DSTFlag), the real-time file (NP6-905-CD:
 * DeliveryHour 1 to 24, DeliveryInterval 1 to 4 of 15 minutes) and the yearly workbooks saved as CSV (the same columns
 * named with spaces, "Repeated Hour Flag"), in Central Prevailing Time. Each was refused before. The fixtures and
 * their sources: tests/fixtures/grid-tx/README.md.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { priceColumns, priceRun, traceRefusal } from '../helpers/price-run.ts';
import { readHourlyTrace, traceColumn } from '../../src/supply/trace.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-grid-tx-'));
const FIX = join(import.meta.dirname, '..', 'fixtures', 'grid-tx');
const HOUR = 3600;
/** A fixture's rows as cells, header first. */
const table = (file: string) =>
  readFileSync(join(FIX, file), 'utf8')
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(','));
/** The prices of one settlement point, in the file's order (which is time order in the fixtures). */
function pricesOf(file: string, point: string): number[] {
  const [header, ...rows] = table(file);
  const sp = header.findIndex((h) => /^settlement ?point( ?name)?$/i.test(h));
  const p = header.findIndex((h) => /price/i.test(h));
  return rows.filter((r) => r[sp] === point).map((r) => Number(r[p]));
}
const iso = (epochS: number) => new Date(epochS * 1000).toISOString().slice(0, 19).replace('T', ' ');
const utc = (s: string) => Date.parse(`${s}Z`) / 1000;

function write(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}
const refusal = (file: string, base = dir, where?: Record<string, string>): string =>
  traceRefusal(file, { base, where, columns: priceColumns, strip: [dir] });

/** The small model's figures with its grid's price from `price` (provenance, naming the file, left out). */
const summary = (start: string, price: string, duration = '2d') => priceRun(dir, start, price, duration);
/** The hours `v` as an ISO UTC CSV from `start`, and the same run on it and on the ERCOT file. */
function twin(name: string, start: number, v: ArrayLike<number>): string {
  const rows = Array.from(v, (x, h) => `${iso(start + h * HOUR)}Z,${x}`);
  return join(dir, write(name, `timestamp,price\n${rows.join('\n')}\n`));
}

describe('ERCOT DAM settlement point prices (NP4-190-CD)', () => {
  const where = { SettlementPoint: 'HB_HOUSTON' };
  it('reads the 23-hour spring day: hour ending 01:00 then 03:00 (01:00 CST to 03:00 CDT), each row its UTC hour', () => {
    const file = 'dam-spp-2024-03.csv';
    const t = readHourlyTrace(file, FIX, 'interpolate', where);
    expect(t.hours).toBe(24 + 23 + 24);
    // 9 March 2024 hour ending 01:00 CST starts at 00:00 CST, 06:00 UTC; 10 March's hour ending 03:00 CDT at 07:00 UTC.
    expect(iso(t.startEpochS)).toBe('2024-03-09 06:00:00');
    const v = traceColumn(t, 'SettlementPointPrice');
    expect(Array.from(v)).toEqual(pricesOf(file, 'HB_HOUSTON'));
    // The last row, 11 March hour ending 24:00 CDT, starts 12 March 04:00 UTC.
    expect(t.startEpochS + (t.hours - 1) * HOUR).toBe(utc('2024-03-12T04:00:00'));
  });
  it('reads the 25-hour autumn day: hour ending 02:00 twice, the DSTFlag Y one in standard time', () => {
    const file = 'dam-spp-2024-11.csv';
    const t = readHourlyTrace(file, FIX, 'interpolate', where);
    expect(t.hours).toBe(24 + 25 + 24);
    expect(iso(t.startEpochS)).toBe('2024-11-02 05:00:00'); // 00:00 CDT
    const v = traceColumn(t, 'SettlementPointPrice');
    expect(Array.from(v)).toEqual(pricesOf(file, 'HB_HOUSTON'));
    // 3 November: hour ending 01:00 CDT from 05:00 UTC, 02:00 CDT from 06:00, 02:00 CST (Y) from 07:00, 03:00 CST 08:00.
    const row = (s: string) => (utc(s) - t.startEpochS) / HOUR;
    const cell = (he: string, flag: string) =>
      Number(
        table(file).find((r) => r[0] === '11/03/2024' && r[1] === he && r[2] === 'HB_HOUSTON' && r[4] === flag)![3],
      );
    expect(v[row('2024-11-03T06:00:00')]).toBe(cell('02:00', 'N'));
    expect(v[row('2024-11-03T07:00:00')]).toBe(cell('02:00', 'Y'));
    expect(v[row('2024-11-03T08:00:00')]).toBe(cell('03:00', 'N'));
  });
  it('runs to the bit as the same prices in an ISO UTC CSV, both daylight-saving days', () => {
    for (const [file, first, start] of [
      ['dam-spp-2024-03.csv', '2024-03-09T06:00:00', '2024-03-09T12:00'],
      ['dam-spp-2024-11.csv', '2024-11-02T05:00:00', '2024-11-02T12:00'],
    ]) {
      const iso = twin(`${file}.iso.csv`, utc(first), pricesOf(file, 'HB_HOUSTON'));
      const a = summary(
        start,
        `{ file: ${join(FIX, file)}, column: SettlementPointPrice, where: { SettlementPoint: HB_HOUSTON } }`,
      );
      const b = summary(start, `{ file: ${iso}, column: price }`);
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    }
  });
  it('reads the autumn day without its DSTFlag column: the repeated hour daylight time first, standard after', () => {
    const text = readFileSync(join(FIX, 'dam-spp-2024-11.csv'), 'utf8').replace(/,(DSTFlag|Y|N)$/gm, '');
    const t = readHourlyTrace(write('noflag.csv', text), dir, 'interpolate', where);
    expect(t.hours).toBe(73);
    expect(Array.from(traceColumn(t, 'SettlementPointPrice'))).toEqual(pricesOf('dam-spp-2024-11.csv', 'HB_HOUSTON'));
  });
  it('reads rows in any order (newest day first, say) in time order', () => {
    const [head, ...rows] = readFileSync(join(FIX, 'dam-spp-2024-03.csv'), 'utf8').trim().split('\n');
    const t = readHourlyTrace(
      write('reversed.csv', `${[head, ...rows.reverse()].join('\n')}\n`),
      dir,
      'interpolate',
      where,
    );
    expect(Array.from(traceColumn(t, 'SettlementPointPrice'))).toEqual(pricesOf('dam-spp-2024-03.csv', 'HB_HOUSTON'));
  });
  it('reads the spring day second hour labelled 02:00 as 03:00, and refuses both in one series', () => {
    const text = readFileSync(join(FIX, 'dam-spp-2024-03.csv'), 'utf8');
    const as02 = write('as02.csv', text.replaceAll('03/10/2024,03:00', '03/10/2024,02:00'));
    const a = traceColumn(readHourlyTrace(as02, dir, 'interpolate', where), 'SettlementPointPrice');
    expect(Array.from(a)).toEqual(pricesOf('dam-spp-2024-03.csv', 'HB_HOUSTON'));
    const both = write(
      'both.csv',
      text.replace('03/10/2024,03:00,HB_HOUSTON', '03/10/2024,02:00,HB_HOUSTON,1.00,N\n03/10/2024,03:00,HB_HOUSTON'),
    );
    expect(refusal(both, dir, where)).toMatch(/both\.csv:\d+: timestamp: expected the hour after the previous row/);
  });
  it('refuses several settlement points in one line naming the column, unless where picks one', () => {
    const msg = refusal('dam-spp-2024-03.csv', FIX);
    expect(msg).toContain('dam-spp-2024-03.csv:3: SettlementPoint: expected one series of hours');
    expect(msg).toContain('where: { "SettlementPoint": <one of them> }');
    expect(msg).toContain('found 2 of them: HB_HOUSTON, HB_NORTH');
  });
  it('refuses a bad date, hour ending or flag in one line naming its line', () => {
    const head = 'DeliveryDate,HourEnding,SettlementPoint,SettlementPointPrice,DSTFlag\n';
    const ok = '01/05/2024,01:00,HB_HOUSTON,20.00,N\n';
    expect(refusal(write('d.csv', `${head}${ok}13/05/2024,02:00,HB_HOUSTON,20.00,N\n`))).toBe(
      'd.csv:3: DeliveryDate: expected a delivery date like "01/31/2024" (month/day/year), found "13/05/2024"',
    );
    expect(refusal(write('h.csv', `${head}${ok}01/05/2024,25:00,HB_HOUSTON,20.00,N\n`))).toBe(
      'h.csv:3: HourEnding: expected an hour ending from 1 (or "01:00") to 24 ("24:00"), found "25:00"',
    );
    expect(refusal(write('f.csv', `${head}${ok}01/05/2024,02:00,HB_HOUSTON,20.00,Y\n`))).toBe(
      'f.csv:3: DSTFlag: expected N (Y marks the second hour ending 02:00 of the day daylight saving time ends), found "Y"',
    );
    expect(refusal(write('g.csv', `${head}${ok}01/05/2024,02:00,HB_HOUSTON,20.00,maybe\n`))).toBe(
      'g.csv:3: DSTFlag: expected Y (the repeated hour, in standard time) or N, found "maybe"',
    );
  });
});

describe('ERCOT real-time settlement point prices (NP6-905-CD), 15-minute intervals', () => {
  const file = 'rt-spp-2024-11-03.csv';
  const where = { SettlementPointName: 'HB_HOUSTON' };
  const quarters = pricesOf(file, 'HB_HOUSTON');
  const hourly = Array.from(
    { length: quarters.length / 4 },
    (_, h) => quarters.slice(4 * h, 4 * h + 4).reduce((a, b) => a + b) / 4,
  );
  it("averages each hour ending's four intervals to its UTC hour: 25 on the autumn day", () => {
    const t = readHourlyTrace(file, FIX, 'interpolate', where);
    expect(t.hours).toBe(25);
    expect(iso(t.startEpochS)).toBe('2024-11-03 05:00:00');
    expect(Array.from(traceColumn(t, 'SettlementPointPrice'))).toEqual(hourly);
  });
  it("runs to the bit as the hours' means in an ISO UTC CSV", () => {
    const a = summary(
      '2024-11-03T05:00',
      `{ file: ${join(FIX, file)}, column: SettlementPointPrice, where: { SettlementPointName: HB_HOUSTON } }`,
      '1d',
    );
    const b = summary(
      '2024-11-03T05:00',
      `{ file: ${twin('rt.iso.csv', utc('2024-11-03T05:00:00'), hourly)}, column: price }`,
      '1d',
    );
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
  it('refuses its two settlement points naming SettlementPointName, and a bad interval', () => {
    expect(refusal(file, FIX)).toContain('rt-spp-2024-11-03.csv:3: SettlementPointName: expected one series of hours');
    const head =
      'DeliveryDate,DeliveryHour,DeliveryInterval,SettlementPointName,SettlementPointType,SettlementPointPrice,DSTFlag\n';
    expect(
      refusal(write('i.csv', `${head}01/05/2024,1,1,HB_HOUSTON,HU,20.00,N\n01/05/2024,1,5,HB_HOUSTON,HU,20.00,N\n`)),
    ).toBe('i.csv:3: DeliveryInterval: expected a delivery interval from 1 to 4 (15 minutes each), found "5"');
  });
});

describe('ERCOT yearly historical workbooks saved as CSV (NP4-180-ER, NP6-785-ER)', () => {
  it('reads the DAM workbook (Delivery Date 11/3/2024, Hour Ending, Repeated Hour Flag) as the DAM file', () => {
    const t = readHourlyTrace('damlzhbspp-2024-11.csv', FIX, 'interpolate', { 'Settlement Point': 'HB_NORTH' });
    expect(t.hours).toBe(73);
    expect(iso(t.startEpochS)).toBe('2024-11-02 05:00:00');
    expect(Array.from(traceColumn(t, 'Settlement Point Price'))).toEqual(
      pricesOf('damlzhbspp-2024-11.csv', 'HB_NORTH'),
    );
  });
  it('reads the real-time workbook over the 23-hour spring day to the bit as an ISO UTC CSV', () => {
    const file = 'rtmlzhbspp-2024-03-10.csv';
    const t = readHourlyTrace(file, FIX, 'interpolate', { 'Settlement Point Name': 'LZ_HOUSTON' });
    expect(t.hours).toBe(23);
    expect(iso(t.startEpochS)).toBe('2024-03-10 06:00:00');
    const q = pricesOf(file, 'LZ_HOUSTON');
    const hourly = Array.from({ length: 23 }, (_, h) => q.slice(4 * h, 4 * h + 4).reduce((a, b) => a + b) / 4);
    expect(Array.from(traceColumn(t, 'Settlement Point Price'))).toEqual(hourly);
    expect(refusal(file, FIX)).toContain(`${file}:3: Settlement Point Name: expected one series of hours`);
  });
});
