/**
 * Traces finer than an hour are averaged to their UTC hour (src/supply/sub-hourly.ts; docs/models/supply.md, Traces):
 * NESO's half-hourly carbon intensity (tests/fixtures/grid-gb), WattTime's five-minute MOER, an interval-ending
 * column, a file newest first. Until 5 December 2026 each was refused at its second row ("average it to hours first").
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { readHourlyTrace, traceColumn } from '../../src/supply/trace.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-sub-hourly-'));
const GB = join(import.meta.dirname, '..', 'fixtures', 'grid-gb', 'df_fuel_ckan-2022-01-01.csv');
const SMALL = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');
const HOUR = 3600e3;
const stamp = (ms: number, sep = ' ') => new Date(ms).toISOString().slice(0, 19).replace('T', sep);
const T0 = Date.UTC(2022, 0, 1);

function write(name: string, lines: string[]): string {
  writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  return name;
}
function refusal(file: string, gaps: 'interpolate' | 'error' = 'interpolate'): string {
  try {
    const t = readHourlyTrace(file, dir, gaps);
    for (const h of t.header.slice(1)) traceColumn(t, h);
  } catch (e) {
    expect((e as Error).message).not.toContain('\n');
    return (e as Error).message;
  }
  throw new Error(`accepted: ${file}`);
}
let runs = 0;
/** The small model's figures over 2 days of January 2022 with its grid's carbon `carbon` (provenance left out). */
const summary = (carbon: string) => {
  const { model: _, ...figures } = runScenario({
    model: SMALL,
    set: ['start=2022-01-01', 'duration=2d', `supply[0].carbon=${carbon}`],
    out: join(dir, `run${runs++}`),
    sync: false,
  }).summary;
  return figures;
};

describe('a half-hourly trace (NESO historic generation mix)', () => {
  const rows = readFileSync(GB, 'utf8').trim().split('\n');
  const header = rows[0].split(',');
  const ci = header.indexOf('CARBON_INTENSITY');
  const halves = rows.slice(1).map((r) => Number(r.split(',')[ci]));

  it('reads each UTC hour as the mean of its two half hours', () => {
    const t = readHourlyTrace(GB, dir, 'interpolate');
    expect(t.hours).toBe(72);
    expect(stamp(t.startEpochS * 1000)).toBe('2022-01-01 00:00:00');
    const v = traceColumn(t, 'CARBON_INTENSITY');
    for (let h = 0; h < 72; h++) expect(v[h]).toBe((halves[2 * h] + halves[2 * h + 1]) / 2);
    // Errors name the line of the hour's first half hour.
    expect(t.lines[1]).toBe(4);
  });

  it('runs to the bit as the same hours in an ISO UTC CSV', () => {
    const twin = write('gb-twin.csv', [
      'timestamp,carbon',
      ...Array.from(
        { length: 72 },
        (_, h) => `${stamp(T0 + h * HOUR, 'T')}Z,${(halves[2 * h] + halves[2 * h + 1]) / 2}`,
      ),
    ]);
    const a = summary(`{ file: ${GB}, column: CARBON_INTENSITY }`);
    const b = summary(`{ file: ${join(dir, twin)}, column: carbon }`);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.carbon_kg).toBeGreaterThan(0);
  });
});

describe('other sub-hourly forms', () => {
  it("WattTime's five-minute MOER: each hour the mean of its twelve values", () => {
    // It was refused: 'expected the hour after the previous row (an hourly trace: this one steps every 5m; ...)'.
    const lines = ['point_time,value'];
    for (let m = 0; m < 24 * 60; m += 5) lines.push(`${stamp(T0 + m * 60e3)}+00:00,${900 + (m % 60)}`);
    const t = readHourlyTrace(write('moer.csv', lines), dir, 'interpolate');
    expect(t.hours).toBe(24);
    expect([...new Set(traceColumn(t, 'value'))]).toEqual([927.5]); // (900 + 955) / 2
  });

  it('a column stamped at the end of each interval gives the interval before it', () => {
    const lines = ['interval_ending_utc,lmp'];
    for (let q = 1; q <= 8; q++) lines.push(`${stamp(T0 + q * 15 * 60e3, 'T')}Z,${q}`);
    const t = readHourlyTrace(write('ending.csv', lines), dir, 'interpolate');
    expect(stamp(t.startEpochS * 1000)).toBe('2022-01-01 00:00:00');
    expect(Array.from(traceColumn(t, 'lmp'))).toEqual([2.5, 6.5]);
  });

  it("an interval-ending column lacking its second row is shifted by the file's step, not by the first gap", () => {
    // 00:15 ends the quarter from 00:00; the 00:30 row missing. It was shifted by 30 minutes: a first hour
    // 2021-12-31 23:00 of 0 and then 3, 6.5, 10.5, 14, every hour's mean taken over the wrong quarters.
    const lines = ['interval_ending_utc,lmp'];
    for (let q = 1; q <= 16; q++) if (q !== 2) lines.push(`${stamp(T0 + q * 15 * 60e3, 'T')}Z,${q - 1}`);
    const t = readHourlyTrace(write('ending-missing.csv', lines), dir, 'interpolate');
    expect(stamp(t.startEpochS * 1000)).toBe('2022-01-01 00:00:00');
    expect(Array.from(traceColumn(t, 'lmp'))).toEqual([(0 + 2 + 3) / 3, 5.5, 9.5, 13.5]);
  });

  it('rows newest first with a row missing are read oldest first, as the same rows oldest first', () => {
    // It was refused: 'expected a whole UTC hour, found "2022-01-01 01:45:00Z"'.
    const lines = ['timestamp,price'];
    for (let q = 7; q >= 0; q--) if (q !== 3) lines.push(`${stamp(T0 + q * 15 * 60e3)}Z,${q}`);
    const t = readHourlyTrace(write('newest-missing.csv', lines), dir, 'interpolate');
    expect(Array.from(traceColumn(t, 'price'))).toEqual([1, 5.5]);
    expect(refusal('newest-missing.csv', 'error')).toContain(
      'newest-missing.csv:8: timestamp: expected 4 rows of 15 minutes from 2022-01-01 00:00:00 UTC',
    );
  });

  it('hours on the clock of a zone off the whole hour are split across the UTC hours they straddle', () => {
    // India (+05:30): local 00:00-01:00 is 18:30-19:30 UTC, so 19:00 is half of it and half of the next. They were
    // refused: 'expected a whole UTC hour, found "2022-01-01 00:00:00+05:30"' (krn62). The file's first and last rows
    // reach out to whole UTC hours, so gaps: error takes it too.
    const india = ['timestamp,price'];
    for (let h = 0; h < 6; h++) india.push(`2022-01-01 0${h}:00:00+05:30,${10 * h}`);
    for (const gaps of ['interpolate', 'error'] as const) {
      const t = readHourlyTrace(write(`india-${gaps}.csv`, india), dir, gaps);
      expect(stamp(t.startEpochS * 1000)).toBe('2021-12-31 18:00:00');
      expect(Array.from(traceColumn(t, 'price'))).toEqual([0, 5, 15, 25, 35, 45, 50]);
    }
    // Nepal (+05:45): local 00:00 is 18:15 UTC; 19:00-20:00 holds a quarter of the first hour and three of the second.
    const nepal = ['timestamp,price'];
    for (let h = 0; h < 4; h++) nepal.push(`2022-01-01T0${h}:00:00+05:45,${4 * h}`);
    const t = readHourlyTrace(write('nepal.csv', nepal), dir, 'interpolate');
    expect(stamp(t.startEpochS * 1000)).toBe('2021-12-31 18:00:00');
    expect(Array.from(traceColumn(t, 'price'))).toEqual([0, 3, 7, 11, 12]);
  });

  it('rows newest first are read oldest first', () => {
    const lines = ['timestamp,price'];
    for (let q = 7; q >= 0; q--) lines.push(`${stamp(T0 + q * 30 * 60e3)}Z,${10 * q}`);
    const t = readHourlyTrace(write('newest.csv', lines), dir, 'interpolate');
    expect(Array.from(traceColumn(t, 'price'))).toEqual([5, 25, 45, 65]);
    expect(t.lines).toEqual([9, 7, 5, 3]);
  });

  it('an hour lacking a row is the mean of those it has, or refused under gaps: error', () => {
    const lines = ['timestamp,price'];
    for (let q = 0; q < 8; q++) if (q !== 5) lines.push(`${stamp(T0 + q * 15 * 60e3)}Z,${q}`);
    const name = write('missing.csv', lines);
    expect(Array.from(traceColumn(readHourlyTrace(name, dir, 'interpolate'), 'price'))).toEqual([1.5, 17 / 3]);
    expect(refusal(name, 'error')).toMatch(
      /\/missing\.csv:6: timestamp: expected 4 rows of 15 minutes from 2022-01-01 01:00:00 UTC, the hour's \(gaps: error; `interpolate` takes the mean of the rows an hour has\), found 3 from "2022-01-01 01:00:00Z"$/,
    );
  });

  it('an empty cell leaves the hour the mean of the others, or empty under gaps: error', () => {
    const lines = [
      'timestamp,price',
      '2022-01-01T00:00Z,10',
      '2022-01-01T00:30Z,',
      '2022-01-01T01:00Z,30',
      '2022-01-01T01:30Z,50',
    ];
    const name = write('empty-cell.csv', lines);
    expect(Array.from(traceColumn(readHourlyTrace(name, dir, 'interpolate'), 'price'))).toEqual([10, 40]);
    expect(refusal(name, 'error')).toMatch(/\/empty-cell\.csv:2: price: expected a number \(set `gaps: interpolate`/);
  });

  it('rows not a whole part of an hour apart are refused in one line; uneven ones are an hour lacking rows', () => {
    const seven = write('seven.csv', [
      'timestamp,price',
      ...Array.from({ length: 12 }, (_, m) => `${stamp(T0 + 7 * m * 60e3, 'T')}Z,${m}`),
    ]);
    expect(refusal(seven)).toMatch(
      /\/seven\.csv:3: timestamp: expected rows a whole part of an hour apart \(5, 10, 15, 20 or 30 minutes; averaged to hours\), here every 7 minutes from 2022-01-01 00:00:00, found "2022-01-01T00:07:00Z"$/,
    );
    // Every 10 minutes with rows missing: 00:00, 00:20, 00:30 are three of the hour's six.
    const uneven = write('uneven.csv', [
      'timestamp,price',
      '2022-01-01T00:00Z,1',
      '2022-01-01T00:20Z,2',
      '2022-01-01T00:30Z,3',
      '2022-01-01T01:00Z,4',
    ]);
    expect(Array.from(traceColumn(readHourlyTrace(uneven, dir, 'interpolate'), 'price'))).toEqual([2, 4]);
    expect(refusal(uneven, 'error')).toContain(
      'uneven.csv:2: timestamp: expected 6 rows of 10 minutes from 2022-01-01 00:00:00 UTC',
    );
  });

  it('an hour lacking its later rows is refused under gaps: error, as one lacking its first', () => {
    // Half hours with 01:30 missing: the 01:00 row alone was taken as an hourly row, the hour 01:00 read as that half
    // hour's 20 under gaps: error; now refused. Under interpolate it is the mean of the rows it has, as before.
    const lines = ['timestamp,price'];
    for (let q = 0; q < 6; q++) if (q !== 3) lines.push(`${stamp(T0 + q * 30 * 60e3)}Z,${10 * q}`);
    const name = write('later-missing.csv', lines);
    expect(Array.from(traceColumn(readHourlyTrace(name, dir, 'interpolate'), 'price'))).toEqual([5, 20, 45]);
    expect(refusal(name, 'error')).toMatch(
      /\/later-missing\.csv:4: timestamp: expected 2 rows of 30 minutes from 2022-01-01 01:00:00 UTC, the hour's \(gaps: error; `interpolate` takes the mean of the rows an hour has\), found 1 from "2022-01-01 01:00:00Z"$/,
    );
    // The first hour lacking its second half is refused alike; hourly rows before the file turns finer are hours.
    const first = write('first-missing.csv', [
      'timestamp,price',
      ...[0, 2, 3].map((q) => `${stamp(T0 + q * 30 * 60e3)}Z,${q}`),
    ]);
    expect(refusal(first, 'error')).toContain('first-missing.csv:2: timestamp: expected 2 rows of 30 minutes');
    const turns = write('turns-finer.csv', [
      'timestamp,price',
      ...[0, 2, 4, 5, 6, 7].map((q) => `${stamp(T0 + q * 30 * 60e3)}Z,${q}`),
    ]);
    expect(Array.from(traceColumn(readHourlyTrace(turns, dir, 'error'), 'price'))).toEqual([0, 2, 4.5, 6.5]);
  });

  it('rows off the step within their hour are refused saying so, not as rows an uneven time apart', () => {
    // Five-minute rows from 00:02: it read 'expected rows a whole part of an hour apart (5, 10, 15, 20 or 30 minutes;
    // averaged to hours), here every 5 minutes from 2022-01-01 00:00:00', of rows every 5 minutes.
    const off = write('off-step.csv', [
      'timestamp,price',
      ...Array.from({ length: 24 }, (_, k) => `${stamp(T0 + (2 + 5 * k) * 60e3, 'T')}Z,${k}`),
    ]);
    expect(refusal(off)).toMatch(
      /\/off-step\.csv:2: timestamp: expected rows a whole number of 5 minutes into their UTC hour \(each interval inside one hour, to average it to hours\), here from 2022-01-01 00:00:00, found "2022-01-01T00:02:00Z"$/,
    );
  });

  it('a repeated hour and another series are named as before', () => {
    const two = write('two-series.csv', [
      'timestamp,node,price',
      ...[0, 1, 2, 3].map((q) => `${stamp(T0 + q * 30 * 60e3, 'T')}Z,A,${q}`),
      ...[0, 1, 2, 3].map((q) => `${stamp(T0 + q * 30 * 60e3, 'T')}Z,B,${q}`),
    ]);
    expect(refusal(two)).toMatch(/\/two-series\.csv:6: node: expected one series of hours/);
  });
});
