/**
 * The workbook against the CSVs, over random small runs: a seeded property test.
 *
 * docs/outputs.md (Spreadsheets): run.xlsx holds every table of the run, its sheets in the order summary, yearly,
 * monthly, cashflow, training, outages (those the run wrote), model, timeseries; the table sheets the CSV's columns
 * and cells (numbers as number cells, `*_utc` as date-time cells, `completed` TRUE or FALSE, an empty cell empty),
 * with either --timestamps style; the summary sheet summary.csv's figures; the timeseries sheet the series with a
 * units row. Each random run (tests/helpers/small-model.ts) gets its workbook as --format xlsx writes it, read back
 * with exceljs.
 * `DCPSIM_FUZZ_RUNS=60 npx vitest run tests/run-workbook.test.ts` explores further.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { parseCsv } from '../src/model/csv-parse.ts';
import { writeWorkbook } from '../src/output/tables/workbook.ts';
import { runScenario } from '../src/run.ts';
import { arbModel, modelOf } from './helpers/small-model.ts';

const tmp = mkdtempSync(join(tmpdir(), 'dcpsim-workbook-'));
afterAll(() => {
  if (!process.env.DCPSIM_FUZZ_KEEP) rmSync(tmp, { recursive: true, force: true });
});

const TABLES = ['yearly', 'monthly', 'cashflow', 'training', 'outages'];

/** A CSV date ("2027-01-01 00:00:00" or "2027-01-01T00:00:00", UTC) as epoch ms. */
const dateMs = (s: string): number => Date.parse(`${s.replace(' ', 'T')}Z`);

/** What a sheet's cell should be for a CSV cell of a column, as pandas' read_csv types the column. */
function want(header: string, column: string[], cell: string): Date | number | boolean | string | null {
  if (cell === '') return null;
  if (header.endsWith('_utc')) return new Date(dateMs(cell));
  if (column.every((c) => c === '' || Number.isFinite(Number(c)))) return Number(cell);
  if (column.every((c) => c === '' || c === 'true' || c === 'false')) return cell === 'true';
  return cell;
}

function sameCell(where: string, got: ExcelJS.CellValue, w: ReturnType<typeof want>, failures: string[]): void {
  if (w instanceof Date) {
    if (!(got instanceof Date) || got.getTime() !== w.getTime())
      failures.push(`${where}: ${String(got)}, not the date ${w.toISOString()}`);
  } else if (got !== w && !(w === null && got === undefined))
    failures.push(`${where}: ${JSON.stringify(got)}, not ${JSON.stringify(w)}`);
}

async function check(dir: string, failures: string[]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(dir, 'run.xlsx'));
  const names = wb.worksheets.map((w) => w.name);
  const wrote = TABLES.filter((t) => {
    try {
      readFileSync(join(dir, `${t}.csv`));
      return true;
    } catch {
      return false;
    }
  });
  const order = ['summary', ...wrote, 'model', 'timeseries'];
  if (names.join() !== order.join()) failures.push(`sheets ${names}, not ${order}`);
  // The table sheets: the CSV's header and cells.
  for (const t of wrote) {
    const ws = wb.getWorksheet(t);
    if (!ws) continue;
    const rows = parseCsv(readFileSync(join(dir, `${t}.csv`), 'utf8'), ',').rows;
    if (ws.rowCount !== rows.length) failures.push(`${t}: ${ws.rowCount} rows, the CSV ${rows.length}`);
    const [header, ...body] = rows;
    for (const [j, h] of header.entries()) sameCell(`${t}!${j + 1}:1`, ws.getRow(1).getCell(j + 1).value, h, failures);
    for (const [i, r] of body.entries())
      for (const [j, cell] of r.entries())
        sameCell(
          `${t}!${ws.getRow(i + 2).getCell(j + 1).address} (${header[j]})`,
          ws.getRow(i + 2).getCell(j + 1).value,
          want(
            header[j],
            body.map((x) => x[j]),
            cell,
          ),
          failures,
        );
  }
  // The summary sheet: every figure of summary.csv, by name, with its value.
  const summary = parseCsv(readFileSync(join(dir, 'summary.csv'), 'utf8'), ',').rows;
  const byName = new Map<string, ExcelJS.CellValue>();
  wb.getWorksheet('summary')?.eachRow((row) => byName.set(String(row.getCell(1).value), row.getCell(2).value));
  for (const [j, h] of summary[0].entries()) {
    // step_s, rows and events are bookkeeping, not results (src/output/tables/figures.ts): summary.csv has them, the sheet not.
    if (['step_s', 'rows', 'events'].includes(h)) continue;
    if (!byName.has(h)) failures.push(`summary sheet: no row ${h}`);
    else sameCell(`summary sheet ${h}`, byName.get(h)!, want(h, [summary[1][j]], summary[1][j]), failures);
  }
  // The series: header, a units row, then the CSV's rows.
  const ts = wb.getWorksheet('timeseries');
  const series = parseCsv(readFileSync(join(dir, 'timeseries.csv'), 'utf8'), ',').rows;
  if (ts) {
    if (ts.rowCount !== series.length + 1)
      failures.push(`timeseries: ${ts.rowCount} rows, the CSV ${series.length} + units`);
    const [header, ...body] = series;
    for (const [j, h] of header.entries())
      sameCell(`timeseries!${j + 1}:1`, ts.getRow(1).getCell(j + 1).value, h, failures);
    for (const [i, r] of body.entries())
      for (const [j, cell] of r.entries())
        sameCell(
          `timeseries row ${i + 3} (${header[j]})`,
          ts.getRow(i + 3).getCell(j + 1).value,
          j === 0 ? new Date(dateMs(cell)) : cell === '' ? null : Number(cell),
          failures,
        );
  }
  // The model sheet: model.yaml, a line a row.
  const lines = readFileSync(join(dir, 'model.yaml'), 'utf8').trimEnd().split('\n');
  const model = wb.getWorksheet('model');
  lines.forEach((l, i) => {
    const got = model?.getRow(i + 2).getCell(1).value ?? null;
    if ((got ?? '') !== l) failures.push(`model sheet row ${i + 2}: ${JSON.stringify(got)}, not ${JSON.stringify(l)}`);
  });
}

const RUNS = Number(process.env.DCPSIM_FUZZ_RUNS ?? 12);
const SEED = Number(process.env.DCPSIM_FUZZ_SEED ?? 20261202);

describe('the workbook over random runs', () => {
  it(
    `holds the CSVs' cells, sheet by sheet (${RUNS} runs, seed ${SEED})`,
    async () => {
      let k = 0;
      await fc.assert(
        fc.asyncProperty(arbModel, fc.constantFrom('excel' as const, 'iso' as const), async (m, timestamps) => {
          const dir = join(tmp, `w${k++}`);
          const { model } = modelOf(m);
          const file = `${dir}.json`;
          writeFileSync(file, JSON.stringify(model, null, 1));
          // As `dcpsim run --format xlsx` does: the run's CSVs, then the workbook from them (src/cli.ts).
          runScenario({ model: file, out: dir, timestamps, sync: false });
          await writeWorkbook(dir);
          const failures: string[] = [];
          await check(dir, failures);
          if (failures.length > 0)
            throw new Error(
              `${failures.slice(0, 12).join('\n')}${failures.length > 12 ? `\n... ${failures.length - 12} more` : ''}\n--timestamps ${timestamps}; files ${dir}\nmodel: ${JSON.stringify(model)}`,
            );
          rmSync(dir, { recursive: true, force: true });
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: process.env.DCPSIM_FUZZ_SHRINK === undefined },
      );
    },
    120_000 + RUNS * 10_000,
  );
});
