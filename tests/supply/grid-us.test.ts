/**
 * US analysts' grid data read as downloaded (docs/models/supply.md, grid, Traces): PJM Data Miner 2's hourly LMPs
 * (da_hrl_lmps: "1/1/2022 5:00:00 AM" in datetime_beginning_utc, prices in total_lmp_da) and EIA-930's BALANCE files
 * ("01/01/2022 7:00:00 AM" in "UTC Time at End of Hour", the hour before it; quoted numbers with thousands grouped;
 * every balancing authority in one file). Each was refused at its first timestamp. The fixtures and their sources:
 * tests/fixtures/grid-us/README.md.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { priceRun, traceRefusal } from '../helpers/price-run.ts';
import { readHourlyTrace, traceColumn } from '../../src/supply/trace.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-grid-us-'));
const FIX = join(import.meta.dirname, '..', 'fixtures', 'grid-us');
const SMALL = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');

/** A CSV line's cells, quotes taken off (the fixtures quote no quote). */
const cells = (line: string): string[] =>
  [...`${line},`.matchAll(/("([^"]*)"|[^,]*),/g)].map((m) => (m[2] !== undefined ? m[2] : m[1]));
const iso = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ');
const lines = (file: string) => readFileSync(join(FIX, file), 'utf8').trim().split(/\r?\n/);

/** A file of `header` and `rows` in the scratch folder. */
function write(name: string, header: string, rows: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${header}\n${rows.join('\n')}\n`);
  return path;
}

/** The one-line error reading `file` gives. */
const refusal = (file: string, where?: Record<string, string>): string => traceRefusal(file, { base: dir, where });

/**
 * The small model's summary with its grid's price read from `price`, from 2022-01-01 05:00 UTC for two days: every
 * figure (the model's provenance, which names the file and its hash, left out).
 */
const summary = (price: string, start = '2022-01-01T05:00') => priceRun(dir, start, price);
let runs = 0;

describe('PJM Data Miner 2 hourly LMPs', () => {
  // Its ISO twin: the same prices at 2022-01-01 05:00 UTC and each hour after, as the rows' UTC times say.
  const rows = lines('pjm-da-hrl-lmps.csv').slice(1).map(cells);
  const twin = write(
    'pjm-iso.csv',
    'timestamp,total_lmp_da',
    rows.map((c, h) => `${iso(Date.UTC(2022, 0, 1, 5) + h * 3600e3)},${c[9]}`),
  );

  it('reads "1/1/2022 5:00:00 AM" in datetime_beginning_utc: a run equal to the same prices in ISO UTC to the bit', () => {
    // It was refused: 'timestamp: expected a timestamp like "2022-01-01 00:00:00+00:00" (no zone: UTC), found "1/1/2022 5:00:00 AM"'.
    const t = readHourlyTrace(join(FIX, 'pjm-da-hrl-lmps.csv'), dir, 'interpolate');
    expect(t.startEpochS).toBe(Date.UTC(2022, 0, 1, 5) / 1000);
    expect([...traceColumn(t, 'total_lmp_da')]).toEqual(rows.map((c) => Number(c[9])));
    const want = summary(`{ file: ${twin}, column: total_lmp_da }`);
    expect(want.cost_usd).toBeGreaterThan(0);
    expect(summary(`{ file: ${join(FIX, 'pjm-da-hrl-lmps.csv')}, column: total_lmp_da }`)).toEqual(want);
  });

  it('a file of several pnodes is one line naming the column and its values, and `where` reads one', () => {
    const two = join(FIX, 'pjm-da-hrl-lmps-2-pnodes.csv');
    expect(refusal(two)).toMatch(
      /pjm-da-hrl-lmps-2-pnodes\.csv:3: pnode_name: expected one series of hours \(the file holds one for each pnode_name: keep one with where: \{ "pnode_name": <one of them> \} beside file\), found 2 of them: AEP-DAYTON HUB, WESTERN HUB$/,
    );
    const west = lines('pjm-da-hrl-lmps-2-pnodes.csv')
      .slice(1)
      .map(cells)
      .filter((c) => c[3] === 'WESTERN HUB');
    const t = readHourlyTrace(two, dir, 'interpolate', { pnode_name: 'WESTERN HUB' });
    expect([...traceColumn(t, 'total_lmp_da')]).toEqual(west.map((c) => Number(c[9])));
    expect(readHourlyTrace(two, dir, 'interpolate', { pnode_id: '34497127' }).hours).toBe(48);
    expect(refusal(two, { pnode_name: 'EASTERN HUB' })).toMatch(
      /2-pnodes\.csv:1: pnode_name: expected rows whose pnode_name is "EASTERN HUB" \(where\), found none: AEP-DAYTON HUB, WESTERN HUB$/,
    );
    expect(refusal(two, { node: 'x' })).toMatch(
      /2-pnodes\.csv:1: where: expected a column "node" \(it has datetime_beginning_utc, /,
    );
    // Through the model: the same run as the one pnode's file.
    const one = summary(`{ file: ${join(FIX, 'pjm-da-hrl-lmps.csv')}, column: total_lmp_da }`);
    const fromTwo = summary(`{ file: ${two}, column: total_lmp_da, where: { pnode_id: 51288 } }`);
    expect(fromTwo.energy_mwh).toEqual(one.energy_mwh);
  });

  it('Eastern prevailing time without an offset is refused naming the UTC column; beside it, the UTC column is read', () => {
    const ept = rows.map((c) => `${c[1]},${c[9]}`);
    expect(refusal(write('ept.csv', 'datetime_beginning_ept,total_lmp_da', ept))).toMatch(
      /ept\.csv:2: datetime_beginning_ept: expected UTC timestamps or ones with their offset \("datetime_beginning_ept" is local clock time, which skips and repeats an hour where daylight saving starts and ends\): download the file with its UTC column \("datetime_beginning_utc"\), found "1\/1\/2022 12:00:00 AM"$/,
    );
    // Local time as spreadsheets and exports name it: read as UTC until 6 December 2026 ("_local" and "(EST)" did not
    // count as a name apart), hours off by the zone's offset.
    for (const [name, header] of [
      ['local.csv', 'time_local'],
      ['est.csv', 'Timestamp (EST)'],
    ])
      expect(refusal(write(name, `${header},total_lmp_da`, ept))).toMatch(
        new RegExp(
          `${name.replace('.', '\\.')}:2: .*expected UTC timestamps or ones with their offset \\(".*" is local clock time, `,
        ),
      );
    // A name holding the letters inside a word is not one: "test_time" and "estimated_at" read as before (UTC).
    const utcRows = rows.map((c) => `${c[0]},${c[9]}`);
    expect(readHourlyTrace(write('test.csv', 'test_time,total_lmp_da', utcRows), dir, 'interpolate').hours).toBe(
      rows.length,
    );
    expect(readHourlyTrace(write('estim.csv', 'estimated_at,total_lmp_da', utcRows), dir, 'interpolate').hours).toBe(
      rows.length,
    );
    const both = write(
      'ept-utc.csv',
      'datetime_beginning_ept,datetime_beginning_utc,total_lmp_da',
      rows.map((c) => `${c[1]},${c[0]},${c[9]}`),
    );
    const t = readHourlyTrace(both, dir, 'interpolate');
    expect(t.startEpochS).toBe(Date.UTC(2022, 0, 1, 5) / 1000);
    expect([...traceColumn(t, 'total_lmp_da')]).toEqual(rows.map((c) => Number(c[9])));
  });

  it('a header naming a fixed offset puts the times without a zone at it: "Datetime (UTC+01:00)"', () => {
    // Read as UTC until 7 December 2026: each hour's price an hour early (here), a HOBO-style GMT-04:00 four.
    const utcRows = rows.map((c) => `${c[0]},${c[9]}`);
    const t = readHourlyTrace(write('plus1.csv', 'Datetime (UTC+01:00),total_lmp_da', utcRows), dir, 'interpolate');
    expect(t.startEpochS).toBe(Date.UTC(2022, 0, 1, 4) / 1000);
    expect([...traceColumn(t, 'total_lmp_da')]).toEqual(rows.map((c) => Number(c[9])));
    const w = readHourlyTrace(write('gmt-4.csv', '"Date Time, GMT-04:00",total_lmp_da', utcRows), dir, 'interpolate');
    expect(w.startEpochS).toBe(Date.UTC(2022, 0, 1, 9) / 1000);
    expect(refusal(write('bad-offset.csv', 'Datetime (UTC-13),total_lmp_da', utcRows))).toMatch(
      /bad-offset\.csv:1: Datetime \(UTC-13\): expected an offset from UTC that a clock has \(-12:00 to \+14:00\), found "Datetime \(UTC-13\)"$/,
    );
  });

  it('rows newest first, each the hour before the last, are read oldest first; a file only partly so is refused saying so', () => {
    // It was refused at line 3: 'expected the hour after the previous row, found "1/4/2022 3:00:00 AM"'.
    const [head, ...body] = lines('pjm-da-hrl-lmps.csv');
    const desc = write('desc.csv', head, [...body].reverse());
    const t = readHourlyTrace(desc, dir, 'interpolate');
    expect(t.startEpochS).toBe(Date.UTC(2022, 0, 1, 5) / 1000);
    expect([...traceColumn(t, 'total_lmp_da')]).toEqual(rows.map((c) => Number(c[9])));
    expect(summary(`{ file: ${desc}, column: total_lmp_da }`)).toEqual(
      summary(`{ file: ${twin}, column: total_lmp_da }`),
    );
    // A word in a cell names its own line, counted in the file as written (newest first).
    const word = [...body].reverse();
    word[2] = word[2]
      .replace(/,TRUE,/, ',TRUE,')
      .replace(/^([^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*),[^,]*/, '$1,n/a');
    const wt = readHourlyTrace(write('desc-word.csv', head, word), dir, 'interpolate');
    expect(() => traceColumn(wt, 'total_lmp_da')).toThrow(
      /desc-word\.csv:4: total_lmp_da: expected a number, found "n\/a"$/,
    );
    const partly = write('partly.csv', head, [body[1], body[0], ...body.slice(2)]);
    expect(refusal(partly)).toMatch(
      /partly\.csv:3: timestamp: expected the hour after the previous row \(these rows run newest first: sort them oldest first\), found "1\/1\/2022 5:00:00 AM"$/,
    );
  });
});

describe('the lines errors name', () => {
  it("a carbon intensity out of range names its row's line in the file, with `where` and blank lines", () => {
    // It named the row's index + 2: line 4 for the third row of the series `where` keeps, on line 8 of the file.
    const stamp = (h: number) => iso(Date.UTC(2022, 0, 1) + h * 3600e3);
    const rows = [
      ...[0, 1, 2].map((h) => `MISO,${stamp(h)},400`),
      '',
      ...[0, 1, 2].map((h) => `PJM,${stamp(h)},${h === 2 ? -5 : 380}`),
    ];
    const f = write('ci-bas.csv', 'ba,UTC time,avg_CI', rows);
    const run = () =>
      runScenario({
        model: SMALL,
        set: ['start=2022-01-01', 'duration=2h', `supply[0].carbon={ file: ${f}, where: { ba: PJM } }`],
        out: join(dir, `run${runs++}`),
        sync: false,
      });
    expect(run).toThrow(/ci-bas\.csv:8: avg_CI: expected a carbon intensity from 0 to 10000 g\/kWh, found /);
  });
});

describe('month/day/year timestamps', () => {
  const hours = (n: number, stamp: (d: Date) => string) =>
    Array.from({ length: n }, (_, h) => `${stamp(new Date(Date.UTC(2022, 0, 1) + h * 3600e3))},${h}`);
  const start = (file: string) => readHourlyTrace(file, dir, 'interpolate').startEpochS;
  const jan1 = Date.UTC(2022, 0, 1) / 1000;

  it('settles the day order by the column: a day above 12, or the hours stepping across midnight one way only', () => {
    const dmy = (d: Date) => `${d.getUTCDate()}/${d.getUTCMonth() + 1}/2022 ${d.getUTCHours()}:00`;
    const mdy = (d: Date) => `${d.getUTCMonth() + 1}/${d.getUTCDate()}/2022 ${d.getUTCHours()}:00`;
    // 24-hour clock, 14 days: 13/1/2022 and 1/13/2022 settle it.
    expect(start(write('dmy.csv', 'time,v', hours(14 * 24, dmy)))).toBe(jan1);
    expect(start(write('mdy.csv', 'time,v', hours(14 * 24, mdy)))).toBe(jan1);
    // Three days: only month first steps an hour from 1/1 23:00 to 1/2 0:00; only day first from 1/1 to 2/1.
    expect(start(write('mdy3.csv', 'time,v', hours(72, mdy)))).toBe(jan1);
    expect(readHourlyTrace(write('dmy3.csv', 'time,v', hours(72, dmy)), dir, 'interpolate').hours).toBe(72);
    // One day reads either way: one line naming the ambiguity and the form to give.
    expect(
      refusal(
        write(
          'one-day.csv',
          'time,v',
          hours(24, mdy)
            .slice(0, 24)
            .map((r) => r.replace('1/1/', '1/2/')),
        ),
      ),
    ).toMatch(
      /one-day\.csv:2: timestamp: expected dates whose order the column settles \(a day above 12, or hours that step only one way\); give ISO UTC timestamps like "2022-01-02 05:00:00\+00:00", found "1\/2\/2022 0:00", which reads as month\/day\/year and as day\/month\/year alike$/,
    );
    // Both orders in one column.
    const mixed = [
      ...hours(2, dmy).map((r) => r.replace('1/1/', '13/1/')),
      ...hours(2, mdy).map((r) => r.replace('1/1/', '1/14/')),
    ];
    expect(refusal(write('mixed.csv', 'time,v', mixed))).toMatch(
      /mixed\.csv:4: timestamp: expected dates in one order \(line 2 is day\/month\/year\), found "1\/14\/2022 0:00", month\/day\/year$/,
    );
  });

  it('reads 12 AM as midnight and 12 PM as noon, and refuses 13 PM', () => {
    const ampm = (d: Date) =>
      `${d.getUTCMonth() + 1}/${d.getUTCDate()}/2022 ${d.getUTCHours() % 12 || 12}:00:00 ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
    const f = write('ampm.csv', 'datetime_beginning_utc,v', hours(48, ampm));
    const t = readHourlyTrace(f, dir, 'interpolate');
    expect(t.startEpochS).toBe(jan1);
    expect([...traceColumn(t, 'v')]).toEqual(Array.from({ length: 48 }, (_, h) => h));
    const bad = hours(48, ampm);
    bad[13] = bad[13].replace('1:00:00 PM', '13:00:00 PM');
    expect(refusal(write('pm13.csv', 'datetime_beginning_utc,v', bad))).toMatch(
      /pm13\.csv:15: timestamp: expected a timestamp like "2022-01-01 00:00:00\+00:00" \(no zone: UTC\), found "1\/1\/2022 13:00:00 PM"$/,
    );
  });
});

describe('EIA-930 BALANCE files', () => {
  const file = join(FIX, 'eia930-balance.csv');
  const [head, ...body] = lines('eia930-balance.csv').map(cells);
  const pjm = body.filter((c) => c[0] === 'PJM');
  const col = (name: string) => head.indexOf(name);

  it('reads a balancing authority `where` names: hour-ending UTC times an hour earlier, "12,345" as 12345', () => {
    // It was refused: 'timestamp: expected a timestamp like ..., found "MISO"'.
    const t = readHourlyTrace(file, dir, 'interpolate', { 'Balancing Authority': 'PJM' });
    // The first row, "01/01/2022 6:00:00 AM" at the end of its hour, is the hour from 05:00 UTC (midnight in New York).
    expect(t.startEpochS).toBe(Date.UTC(2022, 0, 1, 5) / 1000);
    expect(t.hours).toBe(72);
    // Its ISO twin, hour-starting, thousands written out, unquoted.
    const names = ['Demand (MW)', 'Net Generation (MW) from Coal', 'Net Generation (MW) from Nuclear'];
    const twin = write(
      'eia-iso.csv',
      `timestamp,${names.map((n) => `"${n}"`).join(',')}`,
      pjm.map((c, h) =>
        [iso(Date.UTC(2022, 0, 1, 5) + h * 3600e3), ...names.map((n) => c[col(n)].replaceAll(',', ''))].join(','),
      ),
    );
    const iso2 = readHourlyTrace(twin, dir, 'interpolate');
    expect(iso2.startEpochS).toBe(t.startEpochS);
    for (const n of names) expect(traceColumn(t, n)).toEqual(traceColumn(iso2, n));
    expect(traceColumn(t, 'Demand (MW)')[0]).toBe(80000);
    // The text columns are labels, the empty ones too: not generation.
    expect([...t.labels]).toEqual([
      'Balancing Authority',
      'Data Date',
      'Local Time at End of Hour',
      'Demand (MW) (Imputed)',
      'Net Generation (MW) (Imputed)',
      'Total Interchange (MW) (Imputed)',
      'Net Generation (MW) from Unknown Fuel Sources',
      'Region',
    ]);
  });

  it('without `where`, one line naming the column to filter and its values', () => {
    expect(refusal(file)).toMatch(
      /eia930-balance\.csv:74: Balancing Authority: expected one series of hours \(the file holds one for each Balancing Authority: keep one with where: \{ "Balancing Authority": <one of them> \} beside file\), found 2 of them: MISO, PJM$/,
    );
  });

  it('thousands grouped are read only where commas separate the cells: "12,345" in a semicolon file stays refused', () => {
    const semi = write('semi.csv', 'timestamp;v', ['2022-01-01 00:00;"12,345"', '2022-01-01 01:00;5']);
    expect(() => traceColumn(readHourlyTrace(semi, dir, 'interpolate'), 'v')).toThrow(
      /semi\.csv:2: v: expected a number, found "12,345"$/,
    );
    const ragged = write('ragged.csv', 'timestamp,v', ['2022-01-01 00:00,"1,23"', '2022-01-01 01:00,5']);
    expect(() => traceColumn(readHourlyTrace(ragged, dir, 'interpolate'), 'v')).toThrow(
      /ragged\.csv:2: v: expected a number, found "1,23"$/,
    );
  });
});

describe('SPP LMPs by settlement location', () => {
  // DA-LMP-SL / RTBM-LMP-SL files: Interval (Central prevailing time, the interval's end, unnamed) first, then
  // GMTIntervalEnd (UTC, the end). The first column was read as UTC: each price 5 to 6 hours and an hour early.
  const file = join(FIX, 'spp-da-lmp-sl.csv');
  const north = lines('spp-da-lmp-sl.csv')
    .slice(1)
    .map(cells)
    .filter((c) => c[2] === 'SPPNORTH_HUB');

  it('reads GMTIntervalEnd, each row the hour before it, through the autumn day whose Interval says 01:00 twice', () => {
    const t = readHourlyTrace(file, dir, 'interpolate', { 'Settlement Location': 'SPPNORTH_HUB' });
    // The first row ends 2025-11-01 06:00 UTC: the hour from 05:00.
    expect(t.startEpochS).toBe(Date.UTC(2025, 10, 1, 5) / 1000);
    expect(t.hours).toBe(72);
    expect(Array.from(traceColumn(t, 'LMP'))).toEqual(north.map((c) => Number(c[4])));
    // A run on it equals one on the same prices in ISO UTC, hour-starting, to the bit.
    const twin = write(
      'spp-iso.csv',
      'timestamp,LMP',
      north.map((c, h) => `${iso(Date.UTC(2025, 10, 1, 5) + h * 3600e3)}Z,${c[4]}`),
    );
    const run = (price: string) => summary(price, '2025-11-01T05:00');
    const a = run(`{ file: "${file}", column: LMP, where: { "Settlement Location": SPPNORTH_HUB } }`);
    expect(a.cost_usd).toBeGreaterThan(0);
    expect(a).toEqual(run(`{ file: "${twin}", column: LMP }`));
  });

  it("a 5-minute real-time file's intervals end at their stamps: each hour the mean of the twelve ending after it", () => {
    const rows: string[] = [];
    for (let i = 1; i <= 36; i++) {
      const end = Date.UTC(2025, 10, 14, 6) + i * 300e3;
      const g = new Date(end).toISOString();
      const stamp = `${g.slice(5, 7)}/${g.slice(8, 10)}/${g.slice(0, 4)} ${g.slice(11, 19)}`;
      rows.push(`${stamp},${stamp},SPPNORTH_HUB,SPPNORTH_H,${i},0,0,${i}`);
    }
    const rt = write('spp-rtbm.csv', 'Interval,GMTIntervalEnd,Settlement Location,Pnode,LMP,MLC,MCC,MEC', rows);
    const t = readHourlyTrace(rt, dir, 'interpolate');
    expect(t.startEpochS).toBe(Date.UTC(2025, 10, 14, 6) / 1000);
    // The intervals ending 06:05 to 07:00 hold 1 to 12: the hour from 06:00 is their mean, 6.5; then 18.5.
    expect(Array.from(traceColumn(t, 'LMP')).slice(0, 2)).toEqual([6.5, 18.5]);
  });
});
