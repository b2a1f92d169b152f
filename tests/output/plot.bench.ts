/**
 * Charting a long run: three years at 15 minutes (105,120 rows, 14 columns)
 * read, averaged into 1,000 steps and drawn as three SVGs; and the report.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import { writePlots } from '../../src/output/charts/plot.ts';
import { writeReport } from '../../src/output/charts/report.ts';

const ROWS = 3 * 365 * 96;
const dir = mkdtempSync(join(tmpdir(), 'dcpsim-plotbench-'));
const cols: Record<string, (i: number) => number> = {
  it_kw: (i) => 80_000 + 5000 * Math.sin(i / 40),
  facility_kw: (i) => 100_000 + 6000 * Math.sin(i / 40),
  pue: (i) => 1.2 + 0.05 * Math.sin(i / 3000),
  ambient_c: (i) => 12 + 10 * Math.sin(i / 5000),
  smr_kw: () => 70_000,
  battery_kw: (i) => 5000 * Math.sin(i / 20),
  grid_kw: (i) => 30_000 + 6000 * Math.sin(i / 40),
  unmet_kw: () => 0,
  curtailed_kw: () => 0,
  battery_soc: (i) => 0.5 + 0.4 * Math.sin(i / 20),
  smr_cost_usd: () => 40,
  battery_cost_usd: () => 0,
  grid_cost_usd: () => 60,
  energy_mwh: () => 25,
};
const names = Object.keys(cols);
const lines = [['timestamp_utc', ...names].join(',')];
for (let i = 0; i < ROWS; i++) {
  lines.push(
    [
      new Date(Date.UTC(2027, 0, 1) + i * 900_000).toISOString().slice(0, 19).replace('T', ' '),
      ...names.map((n) => cols[n](i).toFixed(3)),
    ].join(','),
  );
}
writeFileSync(join(dir, 'timeseries.csv'), `${lines.join('\n')}\n`);

describe(`charts of ${ROWS.toLocaleString()} rows x ${names.length} columns`, () => {
  bench(
    'dcpsim plot (read, downsample, three SVGs)',
    () => {
      writePlots(dir);
    },
    { iterations: 5, time: 0, warmupIterations: 1 },
  );

  bench(
    'dcpsim report (read, charts, HTML)',
    () => {
      writeReport(dir);
    },
    { iterations: 5, time: 0, warmupIterations: 1 },
  );
});
