/**
 * Hourly traces are read by their own timestamps (issue 10.5): a trace that
 * starts in July is not read as if it started on 1 January, a leap day does
 * not shift the rest of the year, and naive timestamps are UTC on every
 * machine whatever its time zone.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drive } from './drive.ts';
import { formatTimestamp, parseDate } from '../../src/kernel/time.ts';
import { trimmedRows } from '../../src/model/csv-parse.ts';
import { readHourlyTrace, traceColumn } from '../../src/supply/trace.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const tmp = () => mkdtempSync(join(tmpdir(), 'dcpsim-trace-'));

/** A price that names its own row: month*1e4 + day*100 + hour ($/MWh), so a read tells which row it was. */
const code = (epochS: number): number => {
  const d = new Date(epochS * 1000);
  return (d.getUTCMonth() + 1) * 1e4 + d.getUTCDate() * 100 + d.getUTCHours();
};

/** An hourly price trace from `from`, `hours` rows; `naive` drops the "+00:00". */
function priceTrace(dir: string, from: string, hours: number, naive = false): string {
  const t0 = parseDate(from);
  const lines = ['timestamp,price'];
  for (let h = 0; h < hours; h++) {
    const t = t0 + h * 3600;
    lines.push(`${formatTimestamp(t)}${naive ? '' : '+00:00'},${code(t)}`);
  }
  const file = join(dir, `price-${from}-${hours}${naive ? '-naive' : ''}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** A year of hourly price rows from `from` (UTC), stamped in New York clock time with its offset, or (`naive`) without. */
function newYorkRows(from: string, naive: boolean): string[] {
  const t0 = parseDate(from);
  const rows = ['timestamp,price'];
  for (let h = 0; h < 8760; h++) {
    const t = t0 + h * 3600;
    const dst = t >= parseDate('2022-03-13 07:00') && t < parseDate('2022-11-06 06:00');
    const off = dst ? 4 : 5;
    rows.push(`${formatTimestamp(t - off * 3600)}${naive ? '' : `-0${off}:00`},${code(t)}`);
  }
  return rows;
}

/** The price ($/MWh) the grid charges at each of `times` (seconds from `start`). */
function pricesAt(file: string, start: string, times: number[]): number[] {
  const out: number[] = [];
  const d = drive({
    supplies: [{ kind: 'grid', price: { file } }],
    durationS: Math.max(...times) + 3600,
    start,
    demand: [[0, 1e6]],
  });
  // A minute into the hour: after that instant's dispatch.
  for (const t of times) d.sim.at(t + 60, () => out.push((d.system.costRate / 1e6) * 3.6e9));
  d.run();
  return out.map((x) => Math.round(x * 1e6) / 1e6);
}

describe('hourly traces are read by their timestamps', () => {
  it('a trace from 2022-07-01 gives 1 July its 1 July row, and 1 January the 1 January row, in any year', () => {
    const file = priceTrace(tmp(), '2022-07-01', 8760);
    expect(pricesAt(file, '2027-07-01', [0, 5 * 3600])).toEqual([70100, 70105]);
    expect(pricesAt(file, '2027-01-01', [0, 13 * 3600, 31 * 86400])).toEqual([10100, 10113, 20100]);
    // 30 June 23:00 is the trace's last row.
    expect(pricesAt(file, '2027-06-30', [23 * 3600])).toEqual([63023]);
  });

  it('a leap year: 29 February reads 28 February of a non-leap trace, and 1 March reads 1 March', () => {
    const file = priceTrace(tmp(), '2022-01-01', 8760);
    const t = (day: number, hour: number) => day * 86400 + hour * 3600;
    // From 2028-02-28: 28 Feb, 29 Feb, 1 Mar, and 31 Dec 23:00 (hour 8,783 of 2028).
    expect(pricesAt(file, '2028-02-28', [t(0, 7), t(1, 7), t(2, 7), t(307, 23)])).toEqual([
      22807, 22807, 30107, 123123,
    ]);
  });

  it('a leap-year trace gives 29 February its own row in a leap year, and is skipped in other years', () => {
    const file = priceTrace(tmp(), '2024-01-01', 8784);
    expect(pricesAt(file, '2028-02-29', [3 * 3600])).toEqual([22903]);
    expect(pricesAt(file, '2027-02-28', [3 * 3600, 27 * 3600])).toEqual([22803, 30103]);
  });

  it("a run inside the trace's span reads the rows of those hours", () => {
    // Two years of rows, 2027-2028: each hour reads its own row (codes repeat by date, so compare with a year's shift).
    const file = priceTrace(tmp(), '2027-01-01', 8760 + 8784);
    expect(pricesAt(file, '2028-02-29', [0, 86400])).toEqual([22900, 30100]);
  });

  it('a cell in hex, octal or binary is refused at its line and column, not read as its value', () => {
    // Number() read 0x10 as 16 $/MWh and 0b1 as 1.
    const dir = tmp();
    for (const cell of ['0x10', '0b1', '0o7']) {
      const file = join(dir, `radix-${cell}.csv`);
      writeFileSync(
        file,
        `timestamp,price\n2027-01-01 00:00:00,30\n2027-01-01 01:00:00,${cell}\n2027-01-01 02:00:00,31\n`,
      );
      expect(() => traceColumn(readHourlyTrace(file, dir, 'interpolate'), 'price')).toThrow(
        new RegExp(`radix-${cell}\\.csv:3: price: expected a number, found "${cell}"$`),
      );
    }
  });

  it("a spreadsheet's semicolon CSV reads as the comma one; a decimal comma in it is refused at its line and column", () => {
    // LibreOffice and Excel in much of Europe save "CSV" with semicolons, the comma being their decimal mark. Such a
    // trace was refused at line 2 ("expected 1 cells as in the header, found 2" for "…;300,5").
    const dir = tmp();
    const file = priceTrace(dir, '2022-01-01', 8760);
    const semi = join(dir, 'semicolons.csv');
    writeFileSync(semi, readFileSync(file, 'utf8').replaceAll(',', ';'));
    expect(pricesAt(semi, '2027-03-01', [0, 13 * 3600])).toEqual(pricesAt(file, '2027-03-01', [0, 13 * 3600]));
    const comma = join(dir, 'decimal-comma.csv');
    writeFileSync(comma, 'timestamp;price\n2027-01-01 00:00:00;30,5\n2027-01-01 01:00:00;31\n');
    expect(() => traceColumn(readHourlyTrace(comma, dir, 'interpolate'), 'price')).toThrow(
      /decimal-comma\.csv:2: price: expected a number, found "30,5"$/,
    );
  });

  it('a trace that covers neither a whole year nor the run is a one-line error', () => {
    const file = priceTrace(tmp(), '2022-01-01', 24 * 30);
    expect(() => pricesAt(file, '2027-03-01', [0])).toThrow(
      /price-2022-01-01-720\.csv:721: timestamp: expected rows covering a whole year .* or the run .*, found rows from 2022-01-01 00:00:00 to 2022-01-30 23:00:00/,
    );
  });

  it("a trace that does not cover the run, read at its header's offset, says so", () => {
    // Before: 'found rows from 2027-01-01 05:00:00 ...' of a file whose rows read from 2027-01-01 00:00:00 under
    // "Datetime (UTC-05:00)" (read at -05:00 since 7 December 2026), naming neither the shift nor the times written.
    const dir = tmp();
    const file = join(dir, 'local.csv');
    const rows = Array.from(
      { length: 48 },
      (_, h) => `2027-03-0${1 + Math.floor(h / 24)} ${String(h % 24).padStart(2, '0')}:00,30`,
    );
    writeFileSync(file, `Datetime (UTC-05:00),price\n${rows.join('\n')}\n`);
    expect(() => pricesAt(file, '2027-03-01', [0])).toThrow(
      /local\.csv:49: timestamp: expected rows covering a whole year .* or the run .*, found rows from 2027-03-01 05:00:00 to 2027-03-03 04:00:00 UTC \(written from 2027-03-01 00:00:00 to 2027-03-02 23:00:00, at the header's UTC-05:00\)$/,
    );
  });

  it('timestamps with UTC offsets are read as the instants they name, across a DST change', () => {
    // New York local time: 01:00 EST is 06:00 UTC, and the next hour is 03:00 EDT (07:00 UTC).
    const dir = tmp();
    const rows = newYorkRows('2022-01-01', false);
    const file = join(dir, 'offsets.csv');
    writeFileSync(file, `${rows.join('\n')}\n`);
    expect(pricesAt(file, '2027-03-13', [6 * 3600, 7 * 3600])).toEqual([31306, 31307]);
  });

  it("Excel's empty columns right of the data are dropped; a nameless column with a value is still refused", () => {
    // Excel saves a sheet whose cells right of the data were ever touched with empty columns ("price,," and "30,,"),
    // with CRLF ends; refused until 6 December 2026: 'expected a name for every column in the header, found column 3'.
    const dir = tmp();
    const plain = priceTrace(dir, '2022-01-01', 8760);
    const excel = join(dir, 'excel.csv');
    writeFileSync(
      excel,
      readFileSync(plain, 'utf8')
        .trimEnd()
        .split('\n')
        .map((r) => `${r},,`)
        .join('\r\n'),
    );
    const times = [0, 13 * 3600, 40 * 24 * 3600];
    expect(pricesAt(excel, '2027-03-01', times)).toEqual(pricesAt(plain, '2027-03-01', times));
    const lines = readFileSync(excel, 'utf8').split('\r\n');
    lines[5] = `${lines[5]}7`;
    const touched = join(dir, 'touched.csv');
    writeFileSync(touched, lines.join('\r\n'));
    expect(() => pricesAt(touched, '2027-03-01', [0])).toThrow(
      /touched\.csv:1: expected a name for every column in the header, found column 3 without one$/,
    );
  });

  it("PostgreSQL's hour-only offsets and BigQuery's ' UTC' read as the instants they name", () => {
    // A timestamptz column exported from PostgreSQL reads "2022-03-13 01:00:00-05"; BigQuery writes a TIMESTAMP as
    // "2022-01-01 00:00:00 UTC". Both were refused at line 2 (expected a UTC date like ...).
    const dir = tmp();
    const rows = newYorkRows('2022-01-01', false).map((r) => r.replace(/([+-]\d\d):00,/, '$1,'));
    expect(rows[1]).toMatch(/^2021-12-31 19:00:00-05,/);
    const pg = join(dir, 'postgres.csv');
    writeFileSync(pg, `${rows.join('\n')}\n`);
    expect(pricesAt(pg, '2027-03-13', [6 * 3600, 7 * 3600])).toEqual([31306, 31307]);
    const bq = join(dir, 'bigquery.csv');
    writeFileSync(bq, readFileSync(priceTrace(dir, '2022-01-01', 8760, true), 'utf8').replace(/(:\d\d),/g, '$1 UTC,'));
    expect(readFileSync(bq, 'utf8').split('\n')[1]).toBe('2022-01-01 00:00:00 UTC,10100');
    const times = [0, 13 * 3600, 40 * 24 * 3600];
    expect(pricesAt(bq, '2027-03-01', times)).toEqual(
      pricesAt(priceTrace(dir, '2022-01-01', 8760), '2027-03-01', times),
    );
  });

  it('local clock times without a zone, which skip or repeat an hour at a change of daylight saving, are refused saying what to give', () => {
    // New York clock times written without their offset, as a utility's export often is: 01:00 then 03:00 on 13 March,
    // 01:00 twice on 6 November. Read as UTC (the rule) they are a gap or a repeat; the error names the cause.
    const dir = tmp();
    const rows = newYorkRows('2022-01-01 05:00', true);
    const file = join(dir, 'local-naive.csv');
    writeFileSync(file, `${rows.join('\n')}\n`);
    expect(() => readHourlyTrace(file, dir, 'interpolate')).toThrow(
      /local-naive\.csv:1708: timestamp: expected the hour after the previous row \(a timestamp without a zone is UTC; local clock times skip or repeat an hour where daylight saving starts or ends: give each its UTC offset, like "2022-01-01 00:00:00-05:00"\), found "2022-03-13 03:00:00"$/,
    );
    // Once the spring gap is mended by hand, the autumn repeat is named likewise.
    const spring = rows.findIndex((r) => r.startsWith('2022-03-13 03:00:00'));
    const mended = [...rows.slice(0, spring), '2022-03-13 02:00:00,0', ...rows.slice(spring)];
    const fall = mended.findIndex((r, i) => i > 1 && r.split(',')[0] === mended[i - 1].split(',')[0]);
    writeFileSync(file, `${mended.slice(0, fall + 30).join('\n')}\n`);
    expect(() => readHourlyTrace(file, dir, 'interpolate')).toThrow(
      `local-naive.csv:${fall + 1}: timestamp: expected the hour after the previous row (a timestamp without a zone is UTC; local clock times skip or repeat an hour where daylight saving starts or ends: give each its UTC offset, like "2022-01-01 00:00:00-05:00"), found "2022-11-06 01:00:00"`,
    );
  });

  it('rows coarser than an hour, or hours missing, are refused saying so, not as a change of daylight saving', () => {
    // Until 7 December 2026 a 2-hourly file was 'expected the hour after the previous row (a timestamp without a zone is
    // UTC; local clock times skip or repeat an hour where daylight saving starts or ends: ...)' at its second row, a
    // 3-hourly or daily one, or an hourly one with three hours missing, 'expected the hour after the previous row'.
    const dir = tmp();
    const write = (name: string, stepH: number, n: number, skip: number[] = []) => {
      const rows = Array.from({ length: n }, (_, k) => k)
        .filter((k) => !skip.includes(k))
        .map((k) => `${formatTimestamp(parseDate('2027-01-01') + k * stepH * 3600)},${50 + k}`);
      const file = join(dir, name);
      writeFileSync(file, `timestamp,price\n${rows.join('\n')}\n`);
      return file;
    };
    for (const [stepH, every, found] of [
      [2, '2h', '2027-01-01 02:00:00'],
      [3, '3h', '2027-01-01 03:00:00'],
      [24, '1d', '2027-01-02 00:00:00'],
    ] as const)
      expect(() => readHourlyTrace(write(`every-${stepH}.csv`, stepH, 40), dir, 'interpolate')).toThrow(
        `every-${stepH}.csv:3: timestamp: expected the hour after the previous row (the rows are ${every} apart: a trace gives a row an hour, or finer rows, which are averaged to their hours), found "${found}"`,
      );
    expect(() => readHourlyTrace(write('gap.csv', 1, 48, [20, 21, 22]), dir, 'interpolate')).toThrow(
      'gap.csv:22: timestamp: expected the hour after the previous row (3 hours are missing before it: give each hour its row, its cells empty where it has no value, which gaps: interpolate fills), found "2027-01-01 23:00:00"',
    );
  });

  it('a row repeated, two rows swapped or one hour missing in the day are refused saying so, not as a change of daylight saving', () => {
    // Until 8 December 2026 each was 'expected the hour after the previous row (a timestamp without a zone is UTC; local
    // clock times skip or repeat an hour where daylight saving starts or ends: ...)': a UTC file's copied row at 15:00
    // in June sent its reader to look for a time zone. A clock's change of daylight saving is at night (22:00-04:00 on
    // the clock written), so only a gap or repeat written then is told so.
    const dir = tmp();
    const t0 = parseDate('2022-06-16');
    const write = (name: string, hours: number[]) => {
      const file = join(dir, name);
      writeFileSync(
        file,
        `timestamp,price\n${hours.map((h) => `${formatTimestamp(t0 + h * 3600)},${50 + h}`).join('\n')}\n`,
      );
      return file;
    };
    const day = Array.from({ length: 48 }, (_, h) => h);
    expect(() =>
      readHourlyTrace(write('twice.csv', [...day.slice(0, 16), 15, ...day.slice(16)]), dir, 'interpolate'),
    ).toThrow(
      'twice.csv:18: timestamp: expected the hour after the previous row (this row repeats the hour of the row before it, line 17: give each hour one row), found "2022-06-16 15:00:00"',
    );
    expect(() =>
      readHourlyTrace(write('swapped.csv', [...day.slice(0, 15), 16, 15, ...day.slice(17)]), dir, 'interpolate'),
    ).toThrow(
      'swapped.csv:17: timestamp: expected the hour after the previous row (the rows are out of order: "2022-06-16 15:00:00" is on line 18; sort them oldest first), found "2022-06-16 16:00:00"',
    );
    expect(() =>
      readHourlyTrace(
        write('back.csv', [...day.slice(0, 15), 20, ...day.slice(15, 20), ...day.slice(21)]),
        dir,
        'interpolate',
      ),
    ).toThrow(
      'back.csv:17: timestamp: expected the hour after the previous row (the rows are out of order: "2022-06-16 15:00:00" is on line 18; sort them oldest first), found "2022-06-16 20:00:00"',
    );
    expect(() =>
      readHourlyTrace(
        write(
          'one.csv',
          day.filter((h) => h !== 15),
        ),
        dir,
        'interpolate',
      ),
    ).toThrow(
      'one.csv:17: timestamp: expected the hour after the previous row (an hour is missing before it: give each hour its row, its cells empty where it has no value, which gaps: interpolate fills), found "2022-06-16 16:00:00"',
    );
    // At night the same gap may be a clock's change of daylight saving, and is told so, as before.
    expect(() =>
      readHourlyTrace(
        write(
          'night.csv',
          day.filter((h) => h !== 26),
        ),
        dir,
        'interpolate',
      ),
    ).toThrow(
      /night\.csv:28: timestamp: expected the hour after the previous row \(a timestamp without a zone is UTC; local clock times skip or repeat an hour where daylight saving starts or ends: .*\), found "2022-06-17 03:00:00"$/,
    );
  });

  it('whole days stamped from 01:00 to 00:00, as hour-ending stamps give them, are refused unless the column is named for ends or starts', () => {
    // A year of hourly prices stamped at each hour's end, 2022-01-01 01:00 to 2023-01-01 00:00 (as a pandas export of
    // hour-ending data writes it), was read as hours from their stamps: every price an hour late, 18:00's at 19:00,
    // and the year's keys whole (its 1 January 00:00 from 2023), so nothing was said.
    const dir = tmp();
    const write = (name: string, head: string, from: string, hours: number, zone = '') => {
      const t0 = parseDate(from);
      const rows = Array.from(
        { length: hours },
        (_, h) => `${formatTimestamp(t0 + h * 3600)}${zone},${code(t0 + h * 3600)}`,
      );
      const file = join(dir, name);
      writeFileSync(file, `${head},price\n${rows.join('\n')}\n`);
      return file;
    };
    for (const zone of ['', '+00:00'])
      expect(() =>
        readHourlyTrace(write(`ending${zone}.csv`, 'timestamp', '2022-01-01 01:00', 8760, zone), dir, 'interpolate'),
      ).toThrow(
        `ending${zone}.csv:2: timestamp: expected rows stamped at the start of each hour (these run from 01:00 to 00:00 over 365 whole days, as stamps at each hour's end do, which read as starts put every value an hour late: name the column for the ends, like "hour_ending_utc", to read each an hour before its stamp, or for the starts, like "hour_beginning_utc", to read them as written), found "2022-01-01 01:00:00${zone}"`,
      );
    // A day alike.
    expect(() => readHourlyTrace(write('day.csv', 'time', '2027-03-01 01:00', 24), dir, 'interpolate')).toThrow(
      'day.csv:2: timestamp: expected rows stamped at the start of each hour (these run from 01:00 to 00:00 over 1 whole day,',
    );
    // Named for the ends: each row is the hour before its stamp (18:00 reads the row stamped 19:00).
    const ending = write('ending-named.csv', 'hour_ending_utc', '2022-01-01 01:00', 8760);
    expect(pricesAt(ending, '2027-03-01', [18 * 3600, 23 * 3600])).toEqual([30119, 30200]);
    // Named for the starts: read as written.
    const starting = write('beginning-named.csv', 'hour_beginning_utc', '2022-01-01 01:00', 8760);
    expect(pricesAt(starting, '2027-03-01', [18 * 3600])).toEqual([30118]);
    // From 00:00 to 23:00, or not whole days, as before.
    expect(pricesAt(write('start.csv', 'timestamp', '2022-01-01 00:00', 8760), '2027-03-01', [18 * 3600])).toEqual([
      30118,
    ]);
    expect(pricesAt(write('part.csv', 'timestamp', '2027-03-01 01:00', 30), '2027-03-01 01:00', [17 * 3600])).toEqual([
      30118,
    ]);
  });

  it('empty cells longer in a row than max_gap (a day unless given), where the run reads them, are refused, not drawn as a straight line', () => {
    // A year of prices with June empty (a month an export lacks) ran June on a straight line from 31 May 23:00's price
    // to 1 July 00:00's, unsaid, where a weather file's gap over max_gap (3 h) is an error.
    const dir = tmp();
    const t0 = parseDate('2022-01-01');
    const june = [parseDate('2022-06-01'), parseDate('2022-07-01')];
    const rows = Array.from({ length: 8760 }, (_, h) => {
      const t = t0 + h * 3600;
      return `${formatTimestamp(t)},${t >= june[0] && t < june[1] ? '' : code(t)}`;
    });
    const file = join(dir, 'june-empty.csv');
    writeFileSync(file, `timestamp,price\n${rows.join('\n')}\n`);
    const run = (start: string, days: number, more = '') =>
      drive({
        supplies: [{ kind: 'grid', price: { file, ...(more ? { max_gap: more } : {}) } }],
        durationS: days * 86400,
        start,
        demand: [[0, 1e6]],
      }).run();
    const line = 2 + (june[0] - t0) / 3600;
    expect(() => run('2027-06-10', 2)).toThrow(
      `june-empty.csv:${line}: price: expected empty cells at most 1d in a row where the run reads them (gaps: interpolate draws a straight line across them: fill them, or give max_gap: 30d beside file to take the line), found 720 empty hours from 2022-06-01 00:00:00 to 2022-06-30 23:00:00`,
    );
    // A year reads June too; max_gap takes it; a run that reads none of June, and PJM's 22 hours, as before.
    expect(() => run('2027-01-01', 365)).toThrow('found 720 empty hours from 2022-06-01 00:00:00');
    expect(() => run('2027-06-10', 2, '30d')).not.toThrow();
    expect(() => run('2027-03-01', 30)).not.toThrow();
    expect(() =>
      drive({
        supplies: [{ kind: 'grid', carbon: { file: join(ROOT, 'models/data/grid-carbon/PJM-2022-hourly.csv') } }],
        durationS: 365 * 86400,
        demand: [[0, 1e6]],
      }).run(),
    ).not.toThrow();
  });

  it('naive timestamps are UTC on every machine: the same bytes under several TZ values, across their DST changes', () => {
    const dir = tmp();
    // PJM's carbon trace with its "+00:00" dropped (2022-03-13 02:00 does not exist in New York, 2022-03-27 01:00 not in London).
    const pjm = readFileSync(join(ROOT, 'models/data/grid-carbon/PJM-2022-hourly.csv'), 'utf8').replaceAll(
      '+00:00',
      '',
    );
    writeFileSync(join(dir, 'carbon.csv'), pjm);
    const price = priceTrace(dir, '2022-01-01', 8760, true);
    writeFileSync(
      join(dir, 'm.yaml'),
      [
        'name: tz',
        'start: 2027-03-12',
        'duration: 5d',
        'step: 1h',
        'clusters: [{ name: gpu, chip: H200, count: 64 }]',
        'workload: { jobs: [{ name: batch, cluster: gpu, rate: 12/h, chips: [1, 2, 4, 8], duration: 1h, duty: 0.8 }] }',
        `supply: [{ kind: grid, carbon: { file: carbon.csv }, price: { file: ${JSON.stringify(price)} } }]`,
        '',
      ].join('\n'),
    );
    const series: string[] = [];
    for (const tz of ['UTC', 'America/New_York', 'Europe/London', 'Asia/Kolkata']) {
      const out = join(dir, tz.replace('/', '-'));
      const r = spawnSync(
        process.execPath,
        [join(ROOT, 'src', 'bin.mjs'), 'run', join(dir, 'm.yaml'), '--out', out, '--quiet'],
        {
          cwd: ROOT,
          encoding: 'utf8',
          env: { ...process.env, TZ: tz },
        },
      );
      expect(r.stderr, tz).toBe('');
      expect(r.status, tz).toBe(0);
      series.push(readFileSync(join(out, 'timeseries.csv'), 'utf8'));
    }
    for (const s of series.slice(1)) expect(s === series[0]).toBe(true);
    // And the price column is the trace's own row: 2027-03-13 02:00 UTC reads 2022-03-13 02:00.
    const row = series[0].split('\n').find((l) => l.startsWith('2027-03-13 02:00:00'))!;
    const header = series[0].split('\n')[0].split(',');
    const cells = row.split(',');
    const mwh = Number(cells[header.indexOf('energy_mwh')]);
    // (cells are rounded: the neighbouring hours' prices differ by 1 and the days' by 100)
    expect(Math.abs(Number(cells[header.indexOf('cost_usd')]) / mwh - 31302)).toBeLessThan(0.5);
  }, 60_000);
});

describe("the shipped grid traces: each row is the UTC hour that starts at its timestamp (the reader's rule)", () => {
  // Solar output centres on solar noon, 12:00 UTC − longitude/15 h (the equation of time averages
  // out over a year). Read as hours that start at their timestamps, a file's mean solar day must
  // centre within a quarter hour of the solar noons of the longitudes its solar fleet spans; a
  // file stamped at the end of each hour (EIA-930's own convention) centres an hour late.
  const fleets: [string, number, number][] = [
    ['PJM', -84, -74], // Virginia, New Jersey, Maryland, Pennsylvania, Ohio
    ['ERCOT', -104, -97], // West and Central Texas
    ['CAISO', -121, -114], // Central Valley to the Mojave and Imperial valleys
  ];
  for (const [grid, west, east] of fleets) {
    it(`${grid}: the mean solar day centres on solar noon`, () => {
      const { rows } = trimmedRows(readFileSync(join(ROOT, `models/data/grid-carbon/${grid}-2022-hourly.csv`), 'utf8'));
      const sun = rows[0].indexOf('SUN');
      let x = 0;
      let y = 0;
      for (const row of rows.slice(1)) {
        if (row[sun] === '') continue;
        // The middle of the hour that starts at the timestamp, as an angle of the day.
        const a = ((parseDate(row[0]) % 86400) / 3600 + 0.5) * (Math.PI / 12);
        x += Number(row[sun]) * Math.cos(a);
        y += Number(row[sun]) * Math.sin(a);
      }
      const centre = ((Math.atan2(y, x) * 12) / Math.PI + 24) % 24;
      expect(centre).toBeGreaterThan(12 - east / 15 - 0.25);
      expect(centre).toBeLessThan(12 - west / 15 + 0.25);
    });
  }
});

describe('the shipped grid traces report the whole fleet in every filled hour', () => {
  // EIA-930 has hours in which a balancing authority reported a sliver of its fleet: PJM's 1 October 2022 05:00-09:00
  // and 2 October 04:00 UTC as dc-rl ships them list 287-325 MW (wind, hydro and 21 MW of gas; no nuclear, no coal)
  // against some 94 GW the hours around them, so their avg_CI read 43-47 g/kWh and their carbon-free share 92 %, where
  // the hours beside them are 300-330 g/kWh and 40 %. A carbon-aware policy sends its work to those hours and the
  // run's carbon and 24/7 score count them as real. Such rows are left empty (a gap, filled by the reader's rule).
  for (const grid of ['PJM', 'ERCOT', 'CAISO']) {
    it(`${grid}: each filled hour's generation is at least half the median of the 25 hours around it`, () => {
      const { rows } = trimmedRows(readFileSync(join(ROOT, `models/data/grid-carbon/${grid}-2022-hourly.csv`), 'utf8'));
      const header = rows[0];
      const gen = header.flatMap((h, i) => (i > 0 && h !== 'avg_CI' ? [i] : []));
      const total = rows
        .slice(1)
        .map((r) => (r[header.indexOf('avg_CI')] === '' ? Number.NaN : gen.reduce((a, i) => a + Number(r[i]), 0)));
      const slivers: string[] = [];
      total.forEach((x, i) => {
        if (Number.isNaN(x)) return;
        const around = total.slice(Math.max(0, i - 12), i + 13).filter((v) => !Number.isNaN(v));
        around.sort((a, b) => a - b);
        const median = around[Math.floor(around.length / 2)];
        if (x < 0.5 * median) slivers.push(`${rows[i + 1][0]}: ${x} MW against ${median}`);
      });
      expect(slivers).toEqual([]);
    });
  }
});

describe('a trace with no rows', () => {
  it("says it is empty or holds only a header, as the weather and inference traces do, not '1 lines'", () => {
    const dir = tmp();
    for (const [text, found] of [
      ['', 'an empty file'],
      ['timestamp,price\n', 'only a header'],
      ['\ufefftimestamp,price\r\n\r\n', 'only a header'],
    ]) {
      const file = join(dir, `t${found.length}-${text.length}.csv`);
      writeFileSync(file, text);
      // Was 'found 0 lines' and 'found 1 lines'.
      expect(() => readHourlyTrace(file, dir, 'interpolate')).toThrow(
        new RegExp(`:1: expected a header and at least one row, found ${found}$`),
      );
    }
  });
});
