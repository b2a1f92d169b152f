import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/model/csv-parse.ts';
import { runScenario } from '../../src/run.ts';
import { trainingTable } from '../../src/output/tables/training-csv.ts';
import type { TrainingSummary } from '../../src/workload/training.ts';

const MIXED = join(import.meta.dirname, '..', 'fixtures', 'workload-mixed.yaml');
const SMALL = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');
const tmp = () => mkdtempSync(join(tmpdir(), 'dcpsim-training-'));
const table = (text: string): string[][] => parseCsv(text, ',').rows;

describe("a run's training.csv", () => {
  it('has one row per training run, each figure as summary.json gives it; summary.csv leaves them out', () => {
    const out = tmp();
    const r = runScenario({ model: MIXED, out });
    const runs = r.summary.training;
    expect(runs.length).toBe(2);
    const [header, ...rows] = table(readFileSync(join(out, 'training.csv'), 'utf8'));
    expect(header.slice(0, 5)).toEqual(['name', 'submitted_utc', 'started_utc', 'ended_utc', 'completed']);
    expect(rows.length).toBe(runs.length);
    const col = (name: string): number => header.indexOf(name);
    for (const [i, run] of runs.entries()) {
      const row = rows[i];
      expect(row[col('name')]).toBe(run.name);
      expect(row[col('completed')]).toBe(String(run.completed));
      // Dates as the other tables write them: "YYYY-MM-DD HH:MM:SS", UTC, whole seconds.
      expect(row[col('submitted_utc')]).toBe(run.submitted_utc.slice(0, 19).replace('T', ' '));
      for (const f of ['chips', 'wait_h', 'wall_time_h', 'energy_mwh', 'electricity_cost_usd', 'goodput'] as const)
        expect(Number(row[col(f)])).toBe(run[f]);
    }
    // The run with a chip-hour cost has its hardware figures; the other's cells are empty.
    expect(col('chip_cost_usd')).toBeGreaterThan(0);
    expect(rows.map((row) => row[col('chip_cost_usd')] === '')).toEqual(runs.map((x) => x.chip_cost_usd === undefined));
    // Rows sum to the runs' totals.
    const energy = rows.reduce((a, row) => a + Number(row[col('energy_mwh')]), 0);
    expect(energy).toBeCloseTo(
      runs.reduce((a, x) => a + x.energy_mwh, 0),
      9,
    );

    const [sumHeader] = table(readFileSync(join(out, 'summary.csv'), 'utf8'));
    expect(sumHeader.filter((c) => c.startsWith('training.'))).toEqual([]);
    expect(sumHeader).toContain('energy_mwh.it');
    expect(sumHeader).toContain('inference.services.chat.energy_mwh');
  });

  it('is not written for a model without training runs, nor left from an earlier run in the folder', () => {
    const out = tmp();
    runScenario({ model: MIXED, out });
    expect(existsSync(join(out, 'training.csv'))).toBe(true);
    runScenario({ model: SMALL, out });
    expect(existsSync(join(out, 'training.csv'))).toBe(false);
  });

  it('writes an unfinished run with empty dates, and ISO dates with --timestamps iso', () => {
    const run = {
      name: '=cmd',
      chips: 8,
      submitted_utc: '2027-01-01T00:00:00Z',
      started_utc: '2027-01-02T03:04:05.678Z',
      ended_utc: null,
      completed: false,
      wait_h: 27.068,
      energy_mwh: 1.5,
    } as unknown as TrainingSummary;
    expect(trainingTable([run])).toBe(
      'name,submitted_utc,started_utc,ended_utc,completed,chips,wait_h,energy_mwh\n' +
        "'=cmd,2027-01-01 00:00:00,2027-01-02 03:04:05,,false,8,27.068,1.5\n",
    );
    expect(trainingTable([run], '\t', 'T').split('\n')[1]).toBe(
      "'=cmd\t2027-01-01T00:00:00\t2027-01-02T03:04:05\t\tfalse\t8\t27.068\t1.5",
    );
  });
});
