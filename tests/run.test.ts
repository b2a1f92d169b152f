import { mkdtempSync, readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario, runScenarioAsync } from '../src/run.ts';
import { readCsv } from './helpers/read-csv.ts';

const SMALL = join(import.meta.dirname, 'fixtures', 'small.yaml');
const out = () => mkdtempSync(join(tmpdir(), 'dcpsim-run-'));

describe('a whole run', () => {
  it.each(['15m', '7m', '1h', '25h', '1d', '90s'])('rows sum to the summary totals with step %s', (step) => {
    const r = runScenario({ model: SMALL, out: out(), step });
    const csv = readCsv(r.timeseriesFile!);
    const s = r.summary;
    const horizon = 2 * 86400;
    const stepS = { '15m': 900, '7m': 420, '1h': 3600, '25h': 90000, '1d': 86400, '90s': 90 }[step]!;
    expect(csv.rows.length).toBe(Math.ceil(horizon / stepS));
    // Row lengths: all full but the last.
    const len = csv.rows.map((_, i) => Math.min(stepS, horizon - i * stepS));
    const mwhOf = (col: string) => csv.col(col).reduce((a, kw, i) => a + (kw * len[i]) / 3.6e6, 0);
    const sumOf = (col: string) => csv.col(col).reduce((a, b) => a + b, 0);
    // Each cell is rounded to its last decimal: allow half of it per row, and nothing more.
    const close = (a: number, b: number, halfUnit: number) =>
      expect(Math.abs(a - b)).toBeLessThanOrEqual(csv.rows.length * halfUnit + 1e-12 * Math.abs(b));
    const kwHalf = (0.0005 * stepS) / 3.6e6;
    close(mwhOf('it_kw'), s.energy_mwh.it, kwHalf);
    close(mwhOf('facility_kw'), s.energy_mwh.facility, kwHalf);
    close(mwhOf('unmet_kw'), s.energy_mwh.unmet, kwHalf);
    close(sumOf('energy_mwh'), s.energy_mwh.facility, 5e-7);
    close(sumOf('cost_usd'), s.cost_usd, 5e-5);
    close(sumOf('carbon_kg'), s.carbon_kg, 5e-4);
    expect(s.energy_mwh.facility).toBeGreaterThan(0.5);
    // Conservation in every row: supplied + unmet = demand.
    const fac = csv.col('facility_kw'),
      grid = csv.col('grid_kw'),
      unmet = csv.col('unmet_kw');
    fac.forEach((f, i) => expect(Math.abs(grid[i] + unmet[i] - f)).toBeLessThanOrEqual(0.002));
    expect(s.energy_mwh.supplied + s.energy_mwh.unmet).toBeCloseTo(s.energy_mwh.facility, 6);
  });

  // The totals the closing table prints (three or four significant digits) are the columns' sums: at one-second rows
  // of this 15-50 kW site, cells of fixed decimals (energy_mwh 6, cost_usd 4, carbon_kg 3) each held a few units of
  // their last decimal, and the 172,800 rows summed to 2.0202 MWh, 110.61 USD and 667.5 kg against 2.0300, 107.27
  // and 715.1 (one-minute rows: 715.7 kg).
  it.each(['1s', '1m', '5m'])('at a step of %s the rows sum to the totals to the digits the run prints', (step) => {
    const r = runScenario({ model: SMALL, out: out(), step });
    const csv = readCsv(r.timeseriesFile!);
    const s = r.summary;
    const sumOf = (col: string) => csv.col(col).reduce((a, b) => a + b, 0);
    const near = (a: number, b: number) => expect(Math.abs(a - b) / b).toBeLessThan(2e-4);
    near(sumOf('energy_mwh'), s.energy_mwh.facility);
    near(sumOf('cost_usd'), s.cost_usd);
    near(sumOf('carbon_kg'), s.carbon_kg);
    near(sumOf('grid_carbon_kg'), s.carbon_kg);
  });

  it('with a fixed PUE, facility energy is IT energy times the PUE', () => {
    const s = runScenario({ model: SMALL, out: out() }).summary;
    expect(s.energy_mwh.facility / s.energy_mwh.it).toBeCloseTo(1.25, 12);
    expect(s.pue).toBeCloseTo(1.25, 12);
  });

  it('the grid cap binds: unmet demand appears and grid never exceeds the cap', () => {
    const r = runScenario({ model: SMALL, out: out() });
    expect(Math.max(...readCsv(r.timeseriesFile!).col('grid_kw'))).toBeLessThanOrEqual(40);
    expect(r.summary.energy_mwh.unmet).toBeGreaterThan(0);
    expect(r.summary.peak_kw.facility).toBeGreaterThan(40);
  });

  it('cost and carbon are energy times price and intensity', () => {
    const s = runScenario({ model: SMALL, out: out() }).summary;
    expect(s.cost_usd).toBeCloseTo(s.energy_mwh.supplied * 60, 6);
    expect(s.carbon_kg).toBeCloseTo(s.energy_mwh.supplied * 400, 6);
  });

  it('idle chips draw the measured idle power: no jobs means IT = count x 125.49 W', () => {
    const s = runScenario({ model: SMALL, out: out(), set: ['workload.jobs=[]'] }).summary;
    expect(s.energy_mwh.it).toBeCloseTo((64 * 125.49 * 48) / 1e6, 9);
  });
});

describe('the result of a run without its time series', () => {
  it('names no time-series file, and every file it names exists', () => {
    const dir = out();
    const r = runScenario({ model: SMALL, out: dir, series: false });
    expect(r.timeseriesFile).toBeUndefined();
    expect(existsSync(r.summaryFile)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.startsWith('timeseries'))).toEqual([]);
  });
});

describe('determinism', () => {
  it('a seeded small run matches the golden CSV byte for byte', () => {
    const r = runScenario({ model: SMALL, out: out() });
    const golden = join(import.meta.dirname, 'golden', 'small.csv');
    const got = readFileSync(r.timeseriesFile!, 'utf8');
    // Regenerate deliberately, after a change meant to alter output: UPDATE_GOLDEN=1 npx vitest run tests/run.test.ts
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, got);
    expect(existsSync(golden)).toBe(true);
    expect(got).toBe(readFileSync(golden, 'utf8'));
  });

  it('the same seed gives identical output; a different seed differs', () => {
    const a = readFileSync(runScenario({ model: SMALL, out: out() }).timeseriesFile!, 'utf8');
    const b = readFileSync(runScenario({ model: SMALL, out: out() }).timeseriesFile!, 'utf8');
    const c = readFileSync(runScenario({ model: SMALL, out: out(), seed: 8 }).timeseriesFile!, 'utf8');
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('runScenarioAsync writes the same bytes; stopped between slices, it leaves the folder as it was', async () => {
    const files = (dir: string) =>
      Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
    const a = runScenario({ model: SMALL, out: out() }).outDir;
    const parent = out();
    const b = join(parent, 'run');
    await runScenarioAsync({ model: SMALL, out: b });
    expect(files(b)).toEqual(files(a));
    const stop = new AbortController();
    const stopped = runScenarioAsync({ model: SMALL, out: b, seed: 8 }, stop.signal);
    // The run's first slice is under way when this turn of the event loop comes: it stops at the next.
    setImmediate(() => stop.abort(new Error('stopped')));
    await expect(stopped).rejects.toThrow('stopped');
    expect(files(b)).toEqual(files(a));
    expect(readdirSync(parent)).toEqual(['run']);
  });
});

describe('--duration or --step beside a --set of the same field', () => {
  it('is refused, not one of them dropped unsaid', () => {
    // The flag was applied after --set: dcpsim run small.yaml --duration 1d --set duration=2d ran 1 day, exit 0, where
    // dcpsim sweep ran the --set's 2 days; each now refuses both.
    const dir = out();
    expect(() => runScenario({ model: SMALL, out: dir, duration: '1d', set: ['duration=2d'] })).toThrow(
      /^--duration: expected a duration that no --set gives too \(--duration replaced --set's: give it once\), found 1d beside --set duration=2d$/,
    );
    expect(() =>
      runScenario({ model: SMALL, out: dir, step: '1h', set: ['supply[0].price=50 $/MWh', ' step = 30m'] }),
    ).toThrow(/^--step: expected a step that no --set gives too .*found 1h beside --set step = 30m$/);
    expect(readdirSync(dir)).toEqual([]);
    // Either alone, or --duration beside another field's --set, is taken.
    expect(runScenario({ model: SMALL, out: dir, duration: '1d', set: ['step=1h'] }).summary.duration_h).toBe(24);
  });
});
