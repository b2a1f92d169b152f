/**
 * NYISO LBMPs read as downloaded (docs/models/supply.md, grid, Traces; src/supply/nyiso.ts): the day-ahead zonal file
 * (damlbmp_zone.csv: "Time Stamp" at each hour's start) and the 5-minute real-time one (realtime_zone.csv: at each
 * interval's end), in Eastern prevailing time, the 25- and 23-hour days included. Before 5 December 2026 each was
 * refused ("expected UTC timestamps or ones with their offset" or a month/day/year order it could not settle). The
 * fixtures and their sources: tests/fixtures/grid-ny/README.md.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { priceRun, traceRefusal } from '../helpers/price-run.ts';
import { readHourlyTrace, traceColumn } from '../../src/supply/trace.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-grid-ny-'));
const FIX = join(import.meta.dirname, '..', 'fixtures', 'grid-ny');
const LBMP = 'LBMP ($/MWHr)';
const NYC = { Name: 'N.Y.C.' };
const iso = (epochS: number) => new Date(epochS * 1000).toISOString().slice(0, 19).replace('T', ' ');
const utc = (s: string) => Date.parse(`${s}Z`) / 1000;

/** A fixture's rows as cells (quotes taken off), header first. */
const table = (file: string) =>
  readFileSync(join(FIX, file), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
/** One zone's LBMPs as written, in the file's order (time order in the fixtures). */
function pricesOf(file: string, zone = 'N.Y.C.'): string[] {
  const [header, ...rows] = table(file);
  const p = header.indexOf(LBMP);
  return rows.filter((r) => r[1] === zone).map((r) => r[p]);
}
function write(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}
const refusal = (file: string, base = dir, where?: Record<string, string>): string =>
  traceRefusal(file, { base, where, columns: () => [LBMP], strip: [dir] });
/** The small model's figures with its grid's price from `price` (provenance, naming the file, left out). */
const summary = (start: string, duration: string, price: string) => priceRun(dir, start, price, duration);
/** Prices every `step` seconds from `start` as an ISO UTC CSV. */
function isoTwin(name: string, start: number, step: number, v: string[]): string {
  const rows = v.map((x, i) => `${iso(start + i * step)}Z,${x}`);
  return join(dir, write(name, `timestamp,price\n${rows.join('\n')}\n`));
}
const lbmp = `"LBMP ($/MWHr)"`;

describe('NYISO day-ahead zonal LBMPs (damlbmp_zone.csv)', () => {
  it('reads the 25-hour autumn day: 01:00 twice, daylight time then standard, each row its UTC hour', () => {
    const file = 'damlbmp_zone-2024-11-02_04.csv';
    const t = readHourlyTrace(file, FIX, 'interpolate', NYC);
    expect(t.hours).toBe(24 + 25 + 24);
    expect(iso(t.startEpochS)).toBe('2024-11-02 04:00:00'); // 00:00 EDT
    expect(Array.from(traceColumn(t, LBMP))).toEqual(pricesOf(file).map(Number));
    // 3 November 01:00 EDT is 05:00 UTC, 01:00 EST 06:00, 02:00 EST 07:00.
    const at = (s: string) => traceColumn(t, LBMP)[(utc(s) - t.startEpochS) / 3600];
    const rows = table(file).filter((r) => r[1] === 'N.Y.C.');
    const ones = rows.filter((r) => r[0] === '11/03/2024 01:00').map((r) => Number(r[3]));
    expect([at('2024-11-03T05:00:00'), at('2024-11-03T06:00:00')]).toEqual(ones);
    expect(at('2024-11-03T07:00:00')).toBe(Number(rows.find((r) => r[0] === '11/03/2024 02:00')![3]));
  });
  it('reads a summer day in daylight time, 4 hours behind UTC (before: a file of one day refused, one of more read as UTC, its prices 4 hours early)', () => {
    const hours = Array.from(
      { length: 24 },
      (_, h) => `07/01/2024 ${String(h).padStart(2, '0')}:00,N.Y.C.,61761,${30 + h}.50,1.00,0.00`,
    );
    const head = `Time Stamp,Name,PTID,${LBMP},Marginal Cost Losses ($/MWHr),Marginal Cost Congestion ($/MWHr)`;
    const t = readHourlyTrace(write('july.csv', `${head}\n${hours.join('\n')}\n`), dir, 'interpolate');
    expect(iso(t.startEpochS)).toBe('2024-07-01 04:00:00');
    expect(traceColumn(t, LBMP)[0]).toBe(30.5);
  });
  it('reads the 23-hour spring day (no 02:00), its cells quoted', () => {
    const file = 'damlbmp_zone-2024-03-09_11.csv';
    const t = readHourlyTrace(file, FIX, 'interpolate', NYC);
    expect(t.hours).toBe(24 + 23 + 24);
    expect(iso(t.startEpochS)).toBe('2024-03-09 05:00:00'); // 00:00 EST
    expect(Array.from(traceColumn(t, LBMP))).toEqual(pricesOf(file).map(Number));
    expect(t.startEpochS + (t.hours - 1) * 3600).toBe(utc('2024-03-12T03:00:00')); // 11 March 23:00 EDT
  });
  it('runs to the bit as the same prices in an ISO UTC CSV, both daylight-saving days', () => {
    for (const [file, first, start] of [
      ['damlbmp_zone-2024-11-02_04.csv', '2024-11-02T04:00:00', '2024-11-02T12:00'],
      ['damlbmp_zone-2024-03-09_11.csv', '2024-03-09T05:00:00', '2024-03-09T12:00'],
    ]) {
      const a = summary(start, '2d', `{ file: ${join(FIX, file)}, column: ${lbmp}, where: { Name: N.Y.C. } }`);
      const b = summary(
        start,
        '2d',
        `{ file: ${isoTwin(`${file}.iso.csv`, utc(first), 3600, pricesOf(file))}, column: price }`,
      );
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    }
  });
  it('reads a "Time Zone" column (EDT, EST) where a file has one, and rows in any order', () => {
    const [head, ...rows] = readFileSync(join(FIX, 'damlbmp_zone-2024-11-02_04.csv'), 'utf8').trim().split('\n');
    // Daylight time until a zone's stamp comes again (the autumn day's second 01:00), standard from there.
    const seen = new Set<string>();
    let standard = false;
    const zoned = rows.map((r) => {
      const [stamp, name, ...rest] = r.split(',');
      if (seen.has(stamp + name)) standard = true;
      seen.add(stamp + name);
      return [stamp, standard ? 'EST' : 'EDT', name, ...rest].join(',');
    });
    const text = `${head.replace('Time Stamp,', 'Time Stamp,Time Zone,')}\n${zoned.reverse().join('\n')}\n`;
    const t = readHourlyTrace(write('zoned.csv', text), dir, 'interpolate', NYC);
    expect(Array.from(traceColumn(t, LBMP))).toEqual(pricesOf('damlbmp_zone-2024-11-02_04.csv').map(Number));
  });
  it('refuses several zones in one line naming Name, and a bad stamp or time zone naming its line', () => {
    expect(refusal('damlbmp_zone-2024-11-02_04.csv', FIX)).toContain(
      'damlbmp_zone-2024-11-02_04.csv:3: Name: expected one series of hours (the file holds one for each Name: keep one with where: { "Name": <one of them> } beside file), found 3 of them: CAPITL, N.Y.C., WEST',
    );
    const head = `"Time Stamp","Name","PTID",${lbmp}\n"07/01/2024 00:00","N.Y.C.",61761,40.00\n`;
    // A file with NYISO's names and ISO UTC stamps (converted by hand) is read as any trace.
    const utcFile = write(
      'utc.csv',
      `"Time Stamp","Name","PTID",${lbmp}\n"2024-07-01 04:00Z","N.Y.C.",61761,40.00\n"2024-07-01 05:00Z","N.Y.C.",61761,41.00\n`,
    );
    expect(iso(readHourlyTrace(utcFile, dir, 'interpolate').startEpochS)).toBe('2024-07-01 04:00:00');
    expect(refusal(write('s.csv', `${head}"2024-07-01 01:00","N.Y.C.",61761,41.00\n`))).toBe(
      's.csv:3: Time Stamp: expected a time stamp like "11/03/2024 01:00" (month/day/year, Eastern prevailing time), found "2024-07-01 01:00"',
    );
    expect(
      refusal(
        write(
          'g.csv',
          `"Time Stamp","Name","PTID",${lbmp}\n"03/10/2024 01:00","N.Y.C.",61761,40.00\n"03/10/2024 02:00","N.Y.C.",61761,41.00\n`,
        ),
      ),
    ).toBe(
      'g.csv:3: Time Stamp: expected a local time that exists (02:00 to 02:59 is skipped on the day daylight saving time starts), found "03/10/2024 02:00"',
    );
    expect(
      refusal(
        write(
          'z.csv',
          `"Time Stamp","Time Zone","Name",${lbmp}\n"07/01/2024 00:00","EDT","N.Y.C.",40.00\n"07/01/2024 01:00","PDT","N.Y.C.",41.00\n`,
        ),
      ),
    ).toBe('z.csv:3: Time Zone: expected EST or EDT, found "PDT"');
  });
});

describe('NYISO 5-minute real-time zonal LBMPs (realtime_zone.csv), stamped at interval ends', () => {
  for (const [file, first, hours] of [
    ['realtime_zone-2024-11-03.csv', '2024-11-03T04:00:00', 5],
    ['realtime_zone-2024-03-10.csv', '2024-03-10T05:00:00', 4],
  ] as const) {
    const v = pricesOf(file);
    it(`${file}: each interval at its start, each UTC hour the mean of its 12`, () => {
      const t = readHourlyTrace(file, FIX, 'interpolate', NYC);
      expect(t.hours).toBe(hours);
      expect(iso(t.startEpochS)).toBe(first.replace('T', ' '));
      const n = v.map(Number);
      const means = Array.from({ length: hours }, (_, h) => n.slice(12 * h, 12 * h + 12).reduce((a, b) => a + b) / 12);
      expect(Array.from(traceColumn(t, LBMP))).toEqual(means);
    });
    it(`${file}: runs to the bit as the same intervals in an ISO UTC CSV`, () => {
      const start = first.slice(0, 16);
      const a = summary(start, `${hours}h`, `{ file: ${join(FIX, file)}, column: ${lbmp}, where: { Name: N.Y.C. } }`);
      const b = summary(
        start,
        `${hours}h`,
        `{ file: ${isoTwin(`${file}.iso.csv`, utc(first), 300, v)}, column: price }`,
      );
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    });
  }
  it("reads the spring day's interval ending at the change stamped 02:00:00 as 03:00:00", () => {
    const text = readFileSync(join(FIX, 'realtime_zone-2024-03-10.csv'), 'utf8').replaceAll(
      '"03/10/2024 03:00:00"',
      '"03/10/2024 02:00:00"',
    );
    const t = readHourlyTrace(write('rt02.csv', text), dir, 'interpolate', NYC);
    expect(Array.from(traceColumn(t, LBMP))).toEqual(
      Array.from(traceColumn(readHourlyTrace('realtime_zone-2024-03-10.csv', FIX, 'interpolate', NYC), LBMP)),
    );
  });
});
