/**
 * The streaming scan that plot and report read series with: the same means
 * and totals as reading the whole table, across read-chunk boundaries, in
 * wide and long layouts, comma- or tab-separated.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFrame } from '../../src/output/tables/folder.ts';
import { FINE_BINS, scanSeries } from '../../src/output/charts/series-scan.ts';

/** A series of `rows` 15-minute rows: facility_kw varies, grid_kw has empty cells, a CRLF ending on request. */
function series(rows: number, opts: { sep?: string; long?: boolean; crlf?: boolean } = {}): string {
  const sep = opts.sep ?? ',';
  const nl = opts.crlf ? '\r\n' : '\n';
  const stamp = (i: number) =>
    new Date(Date.UTC(2027, 0, 1) + i * 900_000).toISOString().slice(0, 19).replace('T', ' ');
  const facility = (i: number) => (50_000 + 20_000 * Math.sin(i / 97)).toFixed(3);
  const grid = (i: number) => (i % 11 === 0 ? '' : (-300 + i * 0.5).toFixed(1));
  const lines = opts.long
    ? [['timestamp_utc', 'variable', 'value'].join(sep)]
    : [['timestamp_utc', 'facility_kw', 'grid_kw'].join(sep)];
  for (let i = 0; i < rows; i++) {
    if (opts.long)
      lines.push([stamp(i), 'facility_kw', facility(i)].join(sep), [stamp(i), 'grid_kw', grid(i)].join(sep));
    else lines.push([stamp(i), facility(i), grid(i)].join(sep));
  }
  const dir = mkdtempSync(join(tmpdir(), 'dcpsim-scan-'));
  const file = join(dir, opts.long ? 'timeseries_long.csv' : 'timeseries.csv');
  writeFileSync(file, lines.join(nl) + nl);
  return file;
}

/** Energy (value x hours) of a column from the binned means. */
function binnedEnergy(s: ReturnType<typeof scanSeries>, name: string): number {
  const j = s.names.indexOf(name);
  let e = 0;
  s.starts.forEach((t, b) => {
    const v = s.cols[j][b];
    if (Number.isFinite(v)) e += (v * ((b + 1 < s.starts.length ? s.starts[b + 1] : s.end) - t)) / 3.6e6;
  });
  return e;
}

describe('the series scan', () => {
  // 200,000 rows: about 8 MB, two read chunks and more; bins merge 5 times.
  const ROWS = 200_000;
  const file = series(ROWS);
  const frame = readFrame(file);
  const scan = scanSeries(file);

  it("keeps each column's energy in its bins, its months and its hours, empty cells left out", () => {
    expect(scan.rows).toBe(ROWS);
    expect(scan.starts.length).toBeLessThanOrEqual(FINE_BINS);
    expect(scan.starts.length).toBeGreaterThan(FINE_BINS / 2);
    for (const name of ['facility_kw', 'grid_kw']) {
      const col = frame.col(name)!;
      let e = 0;
      for (const v of col) if (Number.isFinite(v)) e += v * 0.25;
      // A bin's mean is of the rows that have a value, so bins keep the energy of a column without gaps.
      if (name === 'facility_kw') expect(binnedEnergy(scan, name)).toBeCloseTo(e, 3);
      const j = scan.names.indexOf(name);
      let m = 0;
      for (const mo of scan.months) for (let h = 0; h < 24; h++) m += mo.sum[h * scan.names.length + j];
      expect(m).toBeCloseTo(e, 3);
    }
    expect(scan.months.map((m) => m.key).slice(0, 3)).toEqual(['2027-01', '2027-02', '2027-03']);
    expect(scan.end).toBe(Date.UTC(2027, 0, 1) + ROWS * 900_000);
  });

  it("keeps every row's demand for the load-duration curve", () => {
    expect(Array.from(scan.demand!)).toEqual(Array.from(frame.col('facility_kw')!));
  });

  it('reads long, tab-separated and CRLF files the same', () => {
    const n = 20_000;
    const a = scanSeries(series(n));
    for (const opts of [{ long: true }, { sep: '\t' }, { crlf: true }, { long: true, sep: '\t', crlf: true }]) {
      const b = scanSeries(series(n, opts));
      expect(b.names, JSON.stringify(opts)).toEqual(a.names);
      expect(b.rows).toBe(n);
      expect(b.starts).toEqual(a.starts);
      for (let j = 0; j < a.names.length; j++) expect(Array.from(b.cols[j])).toEqual(Array.from(a.cols[j]));
    }
  });

  it('refuses a bad timestamp with the file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-scan-'));
    const f = join(dir, 'timeseries.csv');
    writeFileSync(f, 'timestamp_utc,a_kw\n2027-01-01 00:00:00,1\n\u0000\u0001garbage,2\n');
    expect(() => scanSeries(f)).toThrow(/timeseries\.csv:3: timestamp_utc: expected a date like 2027-01-01 00:00:00/);
  });

  it('refuses a row cut short (a copy interrupted) with the file and line, not charts that end early', () => {
    // Before: the cells missing from the last row were read as gaps, and plot and report drew a shorter run.
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-scan-'));
    const f = join(dir, 'timeseries.csv');
    writeFileSync(
      f,
      'timestamp_utc,a_kw,b_kw\n2027-01-01 00:00:00,1,2\n2027-01-01 01:00:00,1,2\n2027-01-01 02:00:00,1',
    );
    expect(() => scanSeries(f)).toThrow(
      /timeseries\.csv:4: expected 3 cells as in the header, found 2 \(the file cut short or edited\?\)$/,
    );
  });

  it('splits a row across the calendar months and clock hours it spans, by its time in each (out56)', () => {
    // 30-day rows of 1,000 kW over 2027 (the last 5 days): each calendar month holds 1,000 kW x its hours, and each
    // row's hours go to the hours of the day they fall in. Until 5 December 2026 a row counted whole in the month and
    // hour it started in: January held two rows (1,440 MWh), February none, December 5 days; monthly-energy.svg drew so.
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-scan-'));
    const f = join(dir, 'timeseries.csv');
    const start = Date.UTC(2027, 0, 1);
    const end = Date.UTC(2028, 0, 1);
    const lines = ['timestamp_utc,grid_kw'];
    for (let t = start; t < end; t += 30 * 86_400_000)
      lines.push(`${new Date(t).toISOString().slice(0, 19).replace('T', ' ')},1000`);
    writeFileSync(f, `${lines.join('\n')}\n`);
    const s = scanSeries(f, end);
    const mwh = s.months.map((m) => m.sum.reduce((a, x) => a + x, 0) / 1000);
    const days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    expect(s.months.map((m) => m.key)).toEqual(days.map((_, i) => `2027-${String(i + 1).padStart(2, '0')}`));
    mwh.forEach((e, i) => expect(e).toBeCloseTo(days[i] * 24, 9));
    // Each month's every hour of the day: its days' worth of hours.
    for (const [i, m] of s.months.entries()) expect([...m.hours]).toEqual(Array(24).fill(days[i]));
  });

  it('a row of an hour from hh:30 gives half of itself to each clock hour, and to each month at a month end (out56)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-scan-'));
    const f = join(dir, 'timeseries.csv');
    writeFileSync(f, 'timestamp_utc,grid_kw\n2027-01-31 22:30:00,1000\n2027-01-31 23:30:00,3000\n');
    const s = scanSeries(f, Date.UTC(2027, 1, 1, 0, 30));
    expect(s.months.map((m) => m.key)).toEqual(['2027-01', '2027-02']);
    const [jan, feb] = s.months;
    expect([jan.sum[22], jan.sum[23], feb.sum[0]]).toEqual([500, 2000, 1500]);
    expect([jan.hours[22], jan.hours[23], feb.hours[0]]).toEqual([0.5, 1, 0.5]);
  });
});
