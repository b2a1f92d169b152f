/**
 * `--format xlsx`, read back as a spreadsheet program would: exceljs's
 * (non-streaming) reader for cell types, and LibreOffice itself (headless,
 * converting to flat XML) for what a planner sees: dates are dates.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/model/csv-parse.ts';
import { parseUtc } from '../../src/output/tables/folder.ts';
import { runScenario } from '../../src/run.ts';
import { writeWorkbook } from '../../src/output/tables/workbook.ts';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'small-run');
const SMALL = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');
const summary = JSON.parse(readFileSync(join(FIXTURE, 'summary.json'), 'utf8'));
const csvLines = readFileSync(join(FIXTURE, 'timeseries.csv'), 'utf8').trimEnd().split('\n');

function runDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dcpsim-xlsx-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

async function read(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

// plan-smr for 90 days: every table a run writes (economics, training runs, SMR outages), some runs unfinished.
const PLAN = runScenario({
  model: 'plan-smr',
  duration: '90d',
  step: '1d',
  out: join(mkdtempSync(join(tmpdir(), 'dcpsim-xlsx-plan-')), 'plan'),
});
const TABLES = ['yearly', 'monthly', 'cashflow', 'training', 'outages'];
const csvRows = (dir: string, table: string): string[][] =>
  parseCsv(readFileSync(join(dir, `${table}.csv`), 'utf8'), ',').rows;

/**
 * What a CSV cell is, as pandas' read_csv types its column: a column named *_utc holds dates (UTC), one whose
 * cells are all numbers numbers, one of true and false booleans, any other text; an empty cell is no value.
 */
function typed(rows: string[][]): (Date | number | boolean | string | null)[][] {
  const [header, ...body] = rows;
  const all = (j: number, ok: (c: string) => boolean) => body.every((r) => r[j] === '' || ok(r[j]));
  const kinds = header.map((h, j) =>
    h.endsWith('_utc')
      ? 'date'
      : all(j, (c) => Number.isFinite(Number(c)))
        ? 'number'
        : all(j, (c) => c === 'true' || c === 'false')
          ? 'boolean'
          : 'text',
  );
  return body.map((r) =>
    r.map((c, j) =>
      c === ''
        ? null
        : kinds[j] === 'date'
          ? new Date(parseUtc(c))
          : kinds[j] === 'number'
            ? Number(c)
            : kinds[j] === 'boolean'
              ? c === 'true'
              : c,
    ),
  );
}

describe('the workbook', () => {
  it('has summary, model and timeseries sheets; date-time cells; names and units; numbers as numbers', async () => {
    const file = await writeWorkbook(runDir());
    const wb = await read(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['summary', 'model', 'timeseries']);
    const ts = wb.getWorksheet('timeseries')!;
    expect(ts.rowCount).toBe(2 + summary.rows);
    expect(ts.getCell('A1').value).toBe('timestamp_utc');
    expect(ts.getCell('B1').value).toBe('it_kw');
    expect(ts.getCell('A2').value).toBe('UTC');
    expect(ts.getCell('B2').value).toBe('kW');
    const first = ts.getCell('A3');
    expect(first.type).toBe(ExcelJS.ValueType.Date);
    expect((first.value as Date).getTime()).toBe(Date.UTC(2027, 2, 1, 0, 0, 0));
    expect(first.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect((ts.getCell(`A${2 + summary.rows}`).value as Date).getTime()).toBe(Date.UTC(2027, 2, 2, 23, 45, 0));
    // Every number cell holds the CSV's number; empty cells stay empty.
    const header = csvLines[0].split(',');
    for (const [r, line] of csvLines.slice(1).entries()) {
      const cells = line.split(',');
      for (let c = 1; c < header.length; c++) {
        const v = ts.getRow(r + 3).getCell(c + 1).value;
        if (cells[c] === '') expect(v).toBeNull();
        else expect(v).toBe(Number(cells[c]));
      }
    }
    const sum = wb.getWorksheet('summary')!;
    const byName = new Map<string, ExcelJS.Row>();
    sum.eachRow((row) => byName.set(String(row.getCell(1).value), row));
    expect(byName.get('energy_mwh.facility')!.getCell(2).value).toBe(summary.energy_mwh.facility);
    expect(byName.get('energy_mwh.facility')!.getCell(3).value).toBe('MWh');
    expect(byName.get('seed')!.getCell(2).value).toBe(summary.seed);
    // The run's start and end are dates too (they were text, '2027-03-01 00:00:00').
    for (const [label, text] of [
      ['start (UTC)', summary.start_utc],
      ['end (UTC)', summary.end_utc],
    ]) {
      const cell = byName.get(label)!.getCell(2);
      expect(cell.type, label).toBe(ExcelJS.ValueType.Date);
      expect((cell.value as Date).getTime(), label).toBe(parseUtc(text));
      expect(cell.numFmt, label).toBe('yyyy-mm-dd hh:mm:ss');
    }
    const model = wb.getWorksheet('model')!;
    expect(model.getCell('A2').value).toBe(readFileSync(join(FIXTURE, 'model.yaml'), 'utf8').split('\n')[0]);
  });

  it('carries every table the run wrote as a sheet: its header, and each cell as the CSV has it', async () => {
    const wb = await read(await writeWorkbook(PLAN.outDir));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['summary', ...TABLES, 'model', 'timeseries']);
    // A run's series has its CSVW metadata: the units row still says the dates are UTC.
    expect(wb.getWorksheet('timeseries')!.getCell('A2').value).toBe('UTC');
    for (const t of TABLES) {
      const rows = csvRows(PLAN.outDir, t);
      const ws = wb.getWorksheet(t)!;
      expect(ws.rowCount, t).toBe(rows.length);
      expect(ws.getRow(1).values, t).toEqual([undefined, ...rows[0]]);
      for (const [i, want] of typed(rows).entries()) {
        const row = ws.getRow(i + 2);
        for (const [j, w] of want.entries()) {
          const cell = row.getCell(j + 1);
          const where = `${t}!${cell.address}`;
          if (w instanceof Date) {
            expect(cell.type, where).toBe(ExcelJS.ValueType.Date);
            expect((cell.value as Date).getTime(), where).toBe(w.getTime());
            expect(cell.numFmt, where).toBe('yyyy-mm-dd hh:mm:ss');
          } else expect(cell.value, where).toStrictEqual(w);
        }
      }
    }
    // What that means for a planner: dates are dates, finished is a yes or no, the cash flows sum to the NPC.
    expect(wb.getWorksheet('monthly')!.getCell('B2').value).toEqual(new Date(Date.UTC(2027, 0, 1)));
    const column = (sheet: string, n: number) => {
      const ws = wb.getWorksheet(sheet)!;
      return Array.from({ length: ws.rowCount - 1 }, (_, i) => ws.getRow(i + 2).getCell(n).value);
    };
    expect(wb.getWorksheet('training')!.getCell('E1').value).toBe('completed');
    const done = column('training', 5);
    expect(done).toEqual(PLAN.summary.training.map((r) => r.completed));
    expect(done).toContain(false);
    expect(column('training', 4)).toContain(null); // an unfinished run has no end: an empty cell
    const discounted = column('cashflow', 5) as number[];
    expect(discounted.reduce((a, x) => a + x, 0)).toBeCloseTo(PLAN.summary.economics!.npc_usd, 0);
  });

  it("groups the summary's figures as key, other and per run or service: an inference service's figures are not 'per job'", async () => {
    const sum = (await read(await writeWorkbook(PLAN.outDir))).getWorksheet('summary')!;
    const groups = new Map<string, Set<string>>();
    sum.eachRow((row) => {
      const prefix = String(row.getCell(1).value).split('.')[0];
      const g = groups.get(prefix) ?? new Set<string>();
      g.add(String(row.getCell(4).value));
      groups.set(prefix, g);
    });
    expect(groups.get('inference')).toEqual(new Set(['per run or service']));
    expect(groups.get('training')).toEqual(new Set(['per run or service']));
    expect(groups.get('pue')).toEqual(new Set(['key']));
  });

  it("gives the economics' terms their units: rates a year and years, where the unit cell was empty", async () => {
    // plan-smr: discount_rate 7%, no escalation, years 10. The cells read 0.07, 0 and 10 with no unit, so a reader
    // could not tell 0.07 from 7 % a month or 10 from 10 runs; eco63 noticed it opening run.xlsx.
    const sum = (await read(await writeWorkbook(PLAN.outDir))).getWorksheet('summary')!;
    const rows = new Map<string, [unknown, unknown]>();
    sum.eachRow((row) => rows.set(String(row.getCell(1).value), [row.getCell(2).value, row.getCell(3).value]));
    expect(['discount_rate', 'escalation', 'years', 'simulated_years'].map((k) => rows.get(`economics.${k}`))).toEqual([
      [0.07, 'fraction/yr'],
      [0, 'fraction/yr'],
      [10, 'yr'],
      [1, 'yr'],
    ]);
  });

  it('has a sheet only for the tables the run wrote', async () => {
    const r = runScenario({ model: SMALL, out: join(mkdtempSync(join(tmpdir(), 'dcpsim-xlsx-')), 'small') });
    const wb = await read(await writeWorkbook(r.outDir));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['summary', 'yearly', 'monthly', 'model', 'timeseries']);
  });

  it('tells how much of the time series is written, for the progress line a terminal shows', async () => {
    // `dcpsim run default --format xlsx` was silent for the 12 s its workbook took after the run's table.
    const r = runScenario({ model: SMALL, step: '5m', out: join(mkdtempSync(join(tmpdir(), 'dcpsim-xlsx-')), 'p') });
    const seen: number[] = [];
    await writeWorkbook(r.outDir, undefined, { onProgress: (x) => seen.push(x) });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen[0]).toBeGreaterThanOrEqual(0);
    expect(seen.at(-1)).toBeGreaterThan(0.5);
    expect(seen.at(-1)).toBeLessThanOrEqual(1);
  });

  it("past a sheet's rows continues on numbered sheets, each with its header, and loses no row", async () => {
    const dir = runDir();
    const wb = await read(await writeWorkbook(dir, join(dir, 'split.xlsx'), { rowsPerSheet: 50 }));
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toEqual(['summary', 'model', 'timeseries', 'timeseries 2', 'timeseries 3', 'timeseries 4']);
    const stamps = names.slice(2).flatMap((n) => {
      const ws = wb.getWorksheet(n)!;
      expect(ws.getCell('A1').value).toBe('timestamp_utc');
      expect(ws.getCell('A2').value).toBe('UTC');
      const out: number[] = [];
      ws.eachRow((row, i) => i > 2 && out.push((row.getCell(1).value as Date).getTime()));
      return out;
    });
    expect(stamps).toHaveLength(summary.rows);
    expect(stamps.every((t, i) => i === 0 || t - stamps[i - 1] === 900_000)).toBe(true);
    let note = '';
    wb.getWorksheet('summary')!.eachRow(
      (row) => row.getCell(1).value === 'sheets' && (note = String(row.getCell(2).value)),
    );
    expect(note).toMatch(/on 4 sheets/);
  });

  it("says a mean job wait is a lower bound where jobs were queued at the end, and leads with no job's figures where none was submitted (ou73)", async () => {
    // The run's table, the report and dcpsim diff say 'mean wait at least 6.53 h (1 still queued at the end, ...)'; the
    // summary sheet gave jobs.mean_wait_h 6.53 h among its key figures with no word (until 7 December 2026). And where
    // no job was submitted it led with jobs.completed 0 and jobs.mean_wait_h 0 h, which the report leaves out.
    const out = join(mkdtempSync(join(tmpdir(), 'dcpsim-xlsx-wait-')), 'run');
    runScenario({ model: SMALL, duration: '1d', step: '1h', out });
    const file = join(out, 'summary.json');
    const summary = JSON.parse(readFileSync(file, 'utf8'));
    const rowsOf = async (jobs: object) => {
      writeFileSync(file, JSON.stringify({ ...summary, jobs: { ...summary.jobs, ...jobs } }));
      const rows: unknown[][] = [];
      (await read(await writeWorkbook(out)))
        .getWorksheet('summary')!
        .eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return rows;
    };
    const queued = await rowsOf({ queued: 3 });
    expect(queued).toContainEqual([
      'mean job wait',
      'jobs.mean_wait_h is a lower bound, at least its figure (3 still queued at the end, their waits counted to it)',
      '',
      'run',
    ]);
    expect((await rowsOf({ queued: 0 })).map((r) => r[0])).not.toContain('mean job wait');
    const none = await rowsOf({ submitted: 0, started: 0, completed: 0, running: 0, queued: 0, mean_wait_h: 0 });
    expect(none.filter((r) => String(r[0]).startsWith('jobs.')).map((r) => r[3])).toEqual(
      none.filter((r) => String(r[0]).startsWith('jobs.')).map(() => 'other'),
    );
    expect(none.some((r) => String(r[0]).startsWith('jobs.'))).toBe(true);
  });

  it('says beside the carbon-free score which supplies it leaves out', async () => {
    // Before: the summary sheet gave reliability.cfe_score alone (0.304 for a site on a grid given its carbon but no
    // carbon_free_share), where the run's table and the report say the grid is left out, counted as not carbon-free
    // (out71).
    const out = join(mkdtempSync(join(tmpdir(), 'dcpsim-xlsx-cfe-')), 'run');
    runScenario({ model: SMALL, duration: '1d', step: '1h', out });
    const wb = await read(await writeWorkbook(out));
    const rows: unknown[][] = [];
    wb.getWorksheet('summary')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows).toContainEqual([
      'CFE score leaves out',
      'grid: no carbon_free_share given, counted as not carbon-free in reliability.cfe_score',
      '',
      'run',
    ]);
    const withShare = join(mkdtempSync(join(tmpdir(), 'dcpsim-xlsx-cfe-')), 'run');
    runScenario({ model: SMALL, duration: '1d', step: '1h', out: withShare, set: ['supply[0].carbon_free_share=40%'] });
    const names: unknown[] = [];
    (await read(await writeWorkbook(withShare)))
      .getWorksheet('summary')!
      .eachRow((row) => names.push(row.getCell(1).value));
    expect(names).toContain('reliability.cfe_score');
    expect(names).not.toContain('CFE score leaves out');
  });

  it('is the same bytes when written twice (no clock in the file)', async () => {
    const dir = runDir();
    const a = readFileSync(await writeWorkbook(dir, join(dir, 'a.xlsx')));
    await new Promise((r) => setTimeout(r, 2100)); // the zip format's clock ticks in 2 s
    const b = readFileSync(await writeWorkbook(dir, join(dir, 'b.xlsx')));
    expect(b.equals(a)).toBe(true);
  });

  it('refuses a folder without a wide series with one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-xlsx-'));
    cpSync(join(FIXTURE, 'summary.json'), join(dir, 'summary.json'));
    await expect(writeWorkbook(dir)).rejects.toThrow(/expected a run folder with its wide time series/);
  });
});

// LibreOffice: the test runs wherever soffice is installed, and always in CI (.ci/run installs libreoffice-calc).
const SOFFICE = '/usr/bin/soffice';
const haveSoffice = existsSync(SOFFICE);
if (!haveSoffice && !process.env.CI) {
  console.warn(
    `tests/output/workbook.test.ts: LibreOffice test skipped: ${SOFFICE} not found (apt-get install -y libreoffice-calc); CI runs it`,
  );
}

/** LibreOffice converts the files in `dir` to `format` beside them, as a user's `soffice --convert-to` does. */
function convert(dir: string, format: string, files: string[], infilter?: string): void {
  const r = spawnSync(
    SOFFICE,
    [
      `-env:UserInstallation=file://${join(dir, 'profile')}`,
      '--headless',
      ...(infilter ? [`--infilter=${infilter}`] : []),
      '--convert-to',
      format,
      '--outdir',
      dir,
      ...files.map((f) => join(dir, f)),
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  expect(r.status, r.stderr).toBe(0);
}

describe.skipIf(!haveSoffice && !process.env.CI)('in LibreOffice (headless)', () => {
  it("reads the workbook's and the iso CSVs' dates as dates (and the excel-style CSV's as text)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-lo-'));
    const iso = runScenario({ model: SMALL, out: join(dir, 'iso'), timestamps: 'iso' });
    const excel = runScenario({ model: SMALL, out: join(dir, 'excel') });
    cpSync(iso.timeseriesFile!, join(dir, 'iso.csv'));
    cpSync(excel.timeseriesFile!, join(dir, 'excel.csv'));
    cpSync(join(iso.outDir, 'monthly.csv'), join(dir, 'iso-monthly.csv'));
    await writeWorkbook(iso.outDir, join(dir, 'run.xlsx'));
    convert(dir, 'fods', ['run.xlsx', 'iso.csv', 'excel.csv', 'iso-monthly.csv']);
    const dates = (f: string) => (readFileSync(join(dir, f), 'utf8').match(/office:value-type="date"/g) ?? []).length;
    const rows = iso.summary.rows;
    // The series' dates, each period's start and end on the yearly and monthly sheets, and the run's on the summary.
    const periods = iso.summary.yearly.length + iso.summary.monthly.length;
    expect(dates('run.fods')).toBe(rows + 2 * periods + 2);
    expect(readFileSync(join(dir, 'run.fods'), 'utf8')).toContain('office:date-value="2027-03-01T00:15:00"');
    expect(dates('iso.fods')).toBe(rows);
    expect(dates('excel.fods')).toBe(0); // why docs/outputs.md sends LibreOffice users to --timestamps iso or xlsx
    // --timestamps iso holds for every table with dates: monthly.csv's start_utc and end_utc are dates too.
    expect(dates('iso-monthly.fods')).toBe(2 * iso.summary.monthly.length);
  }, 180_000);

  it("reads training.csv's completed as text, and as booleans with 'Detect special numbers' (docs/outputs.md)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-lo-'));
    cpSync(join(PLAN.outDir, 'training.csv'), join(dir, 'plain.csv'));
    cpSync(join(PLAN.outDir, 'training.csv'), join(dir, 'special.csv'));
    // No spelling of a boolean is one to LibreOffice's default CSV import (true, TRUE, True alike), so the CSV keeps
    // true/false, which pandas reads as bool; ticking 'Detect special numbers' reads them as TRUE and FALSE.
    convert(dir, 'fods', ['plain.csv']);
    convert(dir, 'fods', ['special.csv'], 'CSV:44,34,76,1,,0,false,true,true');
    const booleans = (f: string) =>
      (readFileSync(join(dir, f), 'utf8').match(/office:value-type="boolean"/g) ?? []).length;
    expect(PLAN.summary.training.length).toBeGreaterThan(1);
    expect(booleans('plain.fods')).toBe(0);
    expect(booleans('special.fods')).toBe(PLAN.summary.training.length);
  }, 180_000);

  it("shows each table's sheet as the run's CSV: the same dates, numbers (to LibreOffice's 15 digits), true and false", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-lo-'));
    await writeWorkbook(PLAN.outDir, join(dir, 'plan.xlsx'));
    // Comma, double quote, UTF-8, from line 1, ..., cells as stored (not as shown), every sheet to its own file.
    convert(dir, 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', ['plan.xlsx']);
    for (const t of TABLES) {
      const want = csvRows(PLAN.outDir, t);
      const got = csvRows(dir, `plan-${t}`);
      expect(got.length, t).toBe(want.length);
      for (const [i, row] of want.entries())
        for (const [j, w] of row.entries()) {
          const g = got[i][j];
          const where = `${t} line ${i + 1}, ${want[0][j]}`;
          if (i > 0 && w !== '' && Number.isFinite(Number(w)))
            expect(Math.abs(Number(g) - Number(w)), where).toBeLessThanOrEqual(Math.abs(Number(w)) * 1e-14);
          else if (w === 'true' || w === 'false') expect(g, where).toBe(w.toUpperCase());
          else expect(g, where).toBe(w); // names, text, and dates shown yyyy-mm-dd hh:mm:ss as the CSV writes them
        }
    }
    // The model sheet is model.yaml a line a row, its indentation kept: LibreOffice dropped the leading spaces of
    // cells written as t="str" (`  - name: tune` read `- name: tune`), so the YAML copied from it did not parse.
    const yaml = readFileSync(join(PLAN.outDir, 'model.yaml'), 'utf8').replace(/\n$/, '').split('\n');
    expect(yaml.some((l) => l.startsWith('  '))).toBe(true);
    expect(csvRows(dir, 'plan-model').map((r) => r[0])).toEqual([
      'model.yaml: the effective model of this run',
      ...yaml,
    ]);
  }, 180_000);
});
