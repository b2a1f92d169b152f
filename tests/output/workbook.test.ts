/**
 * `--format xlsx`, read back as a spreadsheet program would: exceljs's
 * (non-streaming) reader for cell types, and LibreOffice itself (headless,
 * converting to flat XML) for what a planner sees: dates are dates.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { writeWorkbook } from '../../src/output/workbook.ts';

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
    const model = wb.getWorksheet('model')!;
    expect(model.getCell('A2').value).toBe(readFileSync(join(FIXTURE, 'model.yaml'), 'utf8').split('\n')[0]);
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

describe.skipIf(!haveSoffice && !process.env.CI)('in LibreOffice (headless)', () => {
  it("reads the workbook's and the iso CSVs' dates as dates (and the excel-style CSV's as text)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-lo-'));
    const iso = runScenario({ model: SMALL, out: join(dir, 'iso'), timestamps: 'iso' });
    const excel = runScenario({ model: SMALL, out: join(dir, 'excel') });
    cpSync(iso.timeseriesFile, join(dir, 'iso.csv'));
    cpSync(excel.timeseriesFile, join(dir, 'excel.csv'));
    cpSync(join(iso.outDir, 'monthly.csv'), join(dir, 'iso-monthly.csv'));
    await writeWorkbook(iso.outDir, join(dir, 'run.xlsx'));
    const r = spawnSync(
      SOFFICE,
      [
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--headless',
        '--convert-to',
        'fods',
        '--outdir',
        dir,
        join(dir, 'run.xlsx'),
        join(dir, 'iso.csv'),
        join(dir, 'excel.csv'),
        join(dir, 'iso-monthly.csv'),
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const dates = (f: string) => (readFileSync(join(dir, f), 'utf8').match(/office:value-type="date"/g) ?? []).length;
    const rows = iso.summary.rows;
    expect(dates('run.fods')).toBe(rows);
    expect(readFileSync(join(dir, 'run.fods'), 'utf8')).toContain('office:date-value="2027-03-01T00:15:00"');
    expect(dates('iso.fods')).toBe(rows);
    expect(dates('excel.fods')).toBe(0); // why docs/outputs.md sends LibreOffice users to --timestamps iso or xlsx
    // --timestamps iso holds for every table with dates: monthly.csv's start_utc and end_utc are dates too.
    expect(dates('iso-monthly.fods')).toBe(2 * iso.summary.monthly.length);
  }, 180_000);
});
