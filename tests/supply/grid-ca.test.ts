/**
 * CAISO OASIS LMPs read as downloaded (docs/models/supply.md, grid, Traces; src/supply/caiso.ts): the CSV of an OASIS
 * API zip, day-ahead hourly (PRC_LMP, price in MW), real-time 5-minute (PRC_INTVL_LMP, VALUE) and 15-minute
 * (PRC_RTPD_LMP, PRC), a row per interval, node and price component (LMP_TYPE), not in time order. Before 5 December
 * 2026 one node's LMP rows out of time order were refused ("expected the hour after the previous row"). The fixtures
 * and their sources: tests/fixtures/grid-ca/README.md.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { priceRun, traceRefusal } from '../helpers/price-run.ts';
import { readHourlyTrace, traceColumn } from '../../src/supply/trace.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-grid-ca-'));
const FIX = join(import.meta.dirname, '..', 'fixtures', 'grid-ca');
const DAM = 'oasis-prc-lmp-dam-2024-11.csv';
const RTM = 'oasis-prc-intvl-lmp-rtm-2025-03-09.csv';
const RTPD = 'oasis-prc-rtpd-lmp-2025-03-09.csv';
const NP15 = 'TH_NP15_GEN-APND';
const iso = (epochS: number) => new Date(epochS * 1000).toISOString().slice(0, 19).replace('T', ' ');

/** A fixture's rows as objects by column name, in the file's order. */
function table(file: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(join(FIX, file), 'utf8').trim().split('\n');
  const names = head.split(',');
  return rows.map((l) => Object.fromEntries(l.split(',').map((c, i) => [names[i], c])));
}
/** One node's and component's intervals, in time order: each start (epoch seconds) and its price as written. */
function series(file: string, price: string, node = NP15, type = 'LMP') {
  return table(file)
    .filter((r) => r.NODE === node && r.LMP_TYPE === type)
    .map((r) => ({ start: Date.parse(r.INTERVALSTARTTIME_GMT) / 1000, price: r[price], opr: r.OPR_DT }))
    .sort((a, b) => a.start - b.start);
}
function write(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}
const refusal = (file: string, base = dir, where?: Record<string, string>): string =>
  traceRefusal(file, { base, where, columns: () => ['MW'], strip: [dir] });
/** The small model's figures with its grid's price from `price` (provenance, naming the file, left out). */
const summary = (start: string, duration: string, price: string) => priceRun(dir, start, price, duration);
/** The intervals as an ISO UTC CSV, in time order. */
function isoTwin(name: string, s: { start: number; price: string }[]): string {
  const rows = s.map(({ start, price }) => `${iso(start)}Z,${price}`);
  return join(dir, write(name, `timestamp,price\n${rows.join('\n')}\n`));
}

describe('CAISO OASIS day-ahead LMPs (PRC_LMP, DAM)', () => {
  const where = { NODE: NP15, LMP_TYPE: 'LMP' };
  const lmp = series(DAM, 'MW');

  it("reads one node's LMP, its rows out of time order, each at its GMT start: the 25-hour autumn day included", () => {
    const t = readHourlyTrace(DAM, FIX, 'interpolate', where);
    expect(t.hours).toBe(24 + 25);
    expect(iso(t.startEpochS)).toBe('2024-11-02 07:00:00');
    expect(Array.from(traceColumn(t, 'MW'))).toEqual(lmp.map((x) => Number(x.price)));
    // The operating day of 3 November (Pacific) is 25 UTC hours, 07:00 to 08:00 the next day.
    const day = lmp.filter((x) => x.opr === '2024-11-03');
    expect(day.length).toBe(25);
    expect(iso(day[0].start)).toBe('2024-11-03 07:00:00');
    expect(iso(day[24].start)).toBe('2024-11-04 07:00:00');
    // Errors name the lines of the file as written: the first hour's LMP row.
    expect(t.lines[0]).toBe(
      2 + table(DAM).findIndex((r) => r.NODE === NP15 && r.LMP_TYPE === 'LMP' && r.OPR_DT === '2024-11-02'),
    );
  });
  it('picks another node or component the same way (SP15, the congestion component MCC)', () => {
    const t = readHourlyTrace(DAM, FIX, 'interpolate', { NODE: 'TH_SP15_GEN-APND', LMP_TYPE: 'MCC' });
    expect(Array.from(traceColumn(t, 'MW'))).toEqual(
      series(DAM, 'MW', 'TH_SP15_GEN-APND', 'MCC').map((x) => Number(x.price)),
    );
  });
  it('runs to the bit as the same prices in an ISO UTC CSV', () => {
    const a = summary(
      '2024-11-02T12:00',
      '1d',
      `{ file: ${join(FIX, DAM)}, column: MW, where: { NODE: ${NP15}, LMP_TYPE: LMP } }`,
    );
    const b = summary('2024-11-02T12:00', '1d', `{ file: ${isoTwin('dam.iso.csv', lmp)}, column: price }`);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
  it("reads a component's file of several nodes (a GroupZip's) with where on the node alone", () => {
    const [head, ...rows] = readFileSync(join(FIX, DAM), 'utf8').trim().split('\n');
    const only = write('lmp-only.csv', `${[head, ...rows.filter((r) => r.includes(',LMP,LMP_PRC,'))].join('\n')}\n`);
    const t = readHourlyTrace(only, dir, 'interpolate', { NODE: NP15 });
    expect(Array.from(traceColumn(t, 'MW'))).toEqual(lmp.map((x) => Number(x.price)));
  });
  it('refuses several nodes or components in one line naming the columns and the where that keeps one', () => {
    expect(refusal(DAM, FIX)).toContain(
      `${DAM}:3: NODE: expected one series of intervals (the file holds one for each NODE and LMP_TYPE: keep one with where: { "NODE": <one of them>, "LMP_TYPE": LMP } beside file), found 2 NODE: TH_NP15_GEN-APND, TH_SP15_GEN-APND; 5 LMP_TYPE: MCC, MCE, MGHG, MCL, LMP`,
    );
    expect(refusal(DAM, FIX, { NODE: NP15 })).toMatch(
      /oasis-prc-lmp-dam-2024-11\.csv:\d+: LMP_TYPE: expected one series of intervals \(the file holds one for each LMP_TYPE: keep one with where: \{ "LMP_TYPE": LMP \} beside file\), found 5 LMP_TYPE: MCC, MCE, MGHG, MCL, LMP$/,
    );
  });
  it('refuses a start that is not a time and an interval given twice, naming their lines', () => {
    const head =
      'INTERVALSTARTTIME_GMT,INTERVALENDTIME_GMT,OPR_DT,OPR_HR,OPR_INTERVAL,NODE_ID_XML,NODE_ID,NODE,MARKET_RUN_ID,LMP_TYPE,XML_DATA_ITEM,PNODE_RESMRID,GRP_TYPE,POS,MW,GROUP\n';
    const row = (start: string, end: string, hr: number, mw: string) =>
      `${start},${end},2024-07-01,${hr},0,${NP15},${NP15},${NP15},DAM,LMP,LMP_PRC,${NP15},ALL_APNODES,0,${mw},1\n`;
    const a = row('2024-07-01T08:00:00-00:00', '2024-07-01T09:00:00-00:00', 2, '30.1');
    const b = row('2024-07-01T07:00:00-00:00', '2024-07-01T08:00:00-00:00', 1, '31.2');
    expect(refusal(write('bad.csv', `${head}${a}${row('07/01/2024 7', '', 1, '31.2')}`))).toBe(
      'bad.csv:3: INTERVALSTARTTIME_GMT: expected an interval start in GMT like "2024-11-03T08:00:00-00:00", found "07/01/2024 7"',
    );
    expect(refusal(write('twice.csv', `${head}${a}${b}${a}`))).toBe(
      'twice.csv:4: INTERVALSTARTTIME_GMT: expected one row per interval (this start is also on line 2), found "2024-07-01T08:00:00-00:00"',
    );
  });
});

describe('CAISO OASIS real-time LMPs: 5-minute (PRC_INTVL_LMP, VALUE) and 15-minute (PRC_RTPD_LMP, PRC)', () => {
  for (const [file, price, per] of [
    [RTM, 'VALUE', 12],
    [RTPD, 'PRC', 4],
  ] as const) {
    const s = series(file, price);
    it(`${file}: averages each UTC hour's ${per} intervals, the spring day's 02:00 (skipped in Pacific time) no matter`, () => {
      const t = readHourlyTrace(file, FIX, 'interpolate', { NODE: NP15, LMP_TYPE: 'LMP' });
      expect(t.hours).toBe(4);
      expect(iso(t.startEpochS)).toBe('2025-03-09 08:00:00');
      const v = s.map((x) => Number(x.price));
      const means = [0, 1, 2, 3].map((h) => v.slice(per * h, per * h + per).reduce((x, y) => x + y) / per);
      expect(Array.from(traceColumn(t, price))).toEqual(means);
    });
    it(`${file}: runs to the bit as the same intervals in an ISO UTC CSV`, () => {
      const a = summary(
        '2025-03-09T08:00',
        '4h',
        `{ file: ${join(FIX, file)}, column: ${price}, where: { NODE: ${NP15}, LMP_TYPE: LMP } }`,
      );
      const b = summary('2025-03-09T08:00', '4h', `{ file: ${isoTwin(`${file}.iso.csv`, s)}, column: price }`);
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    });
  }
});
