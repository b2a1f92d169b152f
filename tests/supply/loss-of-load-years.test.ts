/**
 * The run's loss-of-load figures by the year (docs/sweeps.md, Reliability across replicates): the share of its
 * project years with any loss of load weighs each year by the part of it the run holds, so a run of a year and five
 * weeks that loses load only in the five weeks has 5/57ths of its years with loss of load, not half; and the LOLE is
 * the loss-of-load hours per 8,760 of the clock hours the run touches. Oracles from yearly.csv and the calendar.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { modelRunner } from '../helpers/oracle.ts';
import { readCsv } from '../helpers/read-csv.ts';

const tmp = mkdtempSync(join(tmpdir(), 'dcpsim-lol-years-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const run = modelRunner(tmp);

/** 64 H200 on a grid capped below their load; the cluster is commissioned on `inService`, so load is lost from then on. */
const model = (start: string, duration: string, inService: string, cap = '40 kW') => ({
  name: 'lol-years',
  start,
  duration,
  step: '1d',
  seed: 7,
  clusters: [{ name: 'gpu', chip: 'H200', count: 64, in_service: inService }],
  workload: { jobs: [{ name: 'batch', cluster: 'gpu', rate: '1/h', chips: [8], duration: '24h', duty: 0.8 }] },
  facility: { cooling: { model: 'pue', pue: 1.25 } },
  supply: [{ kind: 'grid', import_cap: cap, price: '60 $/MWh', carbon: '400 g/kWh' }],
});

/** Hours of the project year that starts at `startUtc` ("YYYY-MM-DD HH:MM:SS"): to the same date a year on. */
function fullYearHours(startUtc: string): number {
  const a = new Date(`${startUtc.replace(' ', 'T')}Z`);
  const b = new Date(a);
  b.setUTCFullYear(a.getUTCFullYear() + 1);
  return (b.getTime() - a.getTime()) / 3.6e6;
}

function figures(dir: string) {
  const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
  const y = readCsv(join(dir, 'yearly.csv'));
  const starts = y.rows.map((r) => r[y.header.indexOf('start_utc')]);
  const hours = y.col('hours');
  const lol = y.col('loss_of_load_hours');
  const weight = hours.map((h, i) => h / fullYearHours(starts[i]));
  const lolYears = weight.reduce((a, w, i) => a + (lol[i] > 0 ? w : 0), 0);
  const years = weight.reduce((a, w) => a + w, 0);
  return { r: s.reliability, share: lolYears / years, weight, lol };
}

describe('loss of load by the year', () => {
  it('weighs a partial last year by the part of it the run holds', () => {
    // 2027 whole, then 35 days of 2028 (a leap year: 8,784 h), load lost only in them.
    const f = figures(run(model('2027-01-01', '400d', '2028-01-15')));
    expect(f.weight).toEqual([1, 840 / 8784]);
    expect(f.lol[0]).toBe(0);
    expect(f.lol[1]).toBeGreaterThan(0);
    expect(f.r.years_with_loss_of_load_share).toBeCloseTo(840 / 8784 / (1 + 840 / 8784), 12);
    expect(f.r.years_with_loss_of_load_share).toBeCloseTo(f.share, 12);
  });

  it('counts whole years as whole, whichever has the loss of load', () => {
    const f = figures(run(model('2027-01-01', '731d', '2027-12-01')));
    expect(f.weight).toEqual([1, 1]);
    expect(f.lol.every((h) => h > 0)).toBe(true);
    expect(f.r.years_with_loss_of_load_share).toBe(1);
  });

  it('gives the LOLE per 8,760 of the clock hours touched, so a run short of load throughout has 8,760 h/year', () => {
    // 36 h from 00:30 touch 37 clock hours; 1 kW is below the idle chips' draw, so every one of them loses load.
    const f = figures(run(model('2027-01-01T00:30:00Z', '36h', '2027-01-01', '1 kW')));
    expect(f.r.hours).toBe(37);
    expect(f.r.loss_of_load_hours).toBe(37);
    expect(f.r.loss_of_load_hours_per_year).toBe(8760);
    expect(f.r.years_with_loss_of_load_share).toBe(1);
  });
});
