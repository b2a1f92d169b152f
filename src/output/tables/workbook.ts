/**
 * `--format xlsx`: the run as a workbook that opens right in Excel and
 * LibreOffice: a `summary` sheet (every figure of summary.json, key figures
 * first, with its unit), a sheet for each table the run wrote (yearly,
 * monthly, cashflow, training, outages: the CSV's columns and cells), a
 * `model` sheet (model.yaml, a line per row) and a `timeseries` sheet with a
 * units row under the names. Cells are typed as pandas' read_csv types the
 * CSV's columns: a column named `*_utc` holds date-time cells (not text a
 * spreadsheet must guess at), one of numbers numbers, one of true and false
 * booleans; an empty CSV cell is an empty cell.
 *
 * Written by exceljs's streaming writer (a well-kept xlsx library: the format
 * is a zip of XML parts with shared styles and number formats, which is much
 * more than a CSV writer) from the run's CSV files after the run, a row at a
 * time, so memory stays flat whatever the horizon. A sheet holds at most
 * 1,048,576 rows: a longer series continues on `timeseries 2`, `timeseries 3`,
 * ..., each with its header, and the summary sheet says so; nothing is dropped.
 *
 * Determinism: the workbook's creation date and the zip entries' times are
 * fixed (the zip format stores the writer's clock), so the same run gives the
 * same bytes.
 */
import {
  closeSync,
  createReadStream,
  existsSync,
  fstatSync,
  openSync,
  readFileSync,
  readSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { parseCsv } from '../../model/csv-parse.ts';
import { InputError } from '../../model/errors.ts';
import { AtomicFile } from '../files/atomic.ts';
import { byImportance, figuresOf } from './figures.ts';
import { queuedWords } from './job-wait.ts';
import { columnsOf, parseUtc } from './folder.ts';
import type { RunSummary } from './summary.ts';
import { RUN_TABLES } from './table-options.ts';

/** Rows a worksheet can hold (Excel's limit; LibreOffice's since 7.4). */
const SHEET_ROWS = 1_048_576;
/** Header rows above the data on each time-series sheet: names, units. */
const HEAD_ROWS = 2;
/** Excel's column limit. */
const SHEET_COLUMNS = 16_384;

const WORKBOOK_NAME = 'run.xlsx';

/** Rows between turns of the event loop while streaming. */
const YIELD_ROWS = 256;
/** Bytes of buffers (rows waiting to be compressed) above which the writer waits. */
const PENDING_BYTES = 96 * 1024 * 1024;

/** A fixed date for the workbook's properties and zip entries (1980-01-01, the zip format's epoch). */
const FIXED_DATE = new Date(Date.UTC(1980, 0, 1));

interface WorkbookOptions {
  /** Data rows per time-series sheet (default: as many as a sheet holds); tests make it small. */
  rowsPerSheet?: number;
  /** Stop (the file is not written) when this aborts: a signal. */
  signal?: AbortSignal;
  /** Told now and then the share of the time series written (0 until it starts): a progress line's. */
  onProgress?: (fraction: number) => void;
}

/** The wide time series of a run folder, comma- or tab-separated. */
function wideSeries(dir: string): { file: string; sep: string; ext: string } {
  for (const [ext, sep] of [
    ['csv', ','],
    ['tsv', '\t'],
  ] as const) {
    const file = join(dir, `timeseries.${ext}`);
    if (existsSync(file)) return { file, sep, ext };
  }
  throw new InputError(dir, '', 'a run folder with its wide time series (timeseries.csv or .tsv)', 'none');
}

/** How a column's cells go into a sheet. */
type Kind = 'date' | 'number' | 'boolean' | 'text';
type Cell = Date | number | boolean | string | null;

/** A number as the writers write one: fixed decimals, or JavaScript's shortest form (which may have an exponent). */
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
/** Every table names its date-time columns so (timestamp_utc, start_utc, submitted_utc, ...). */
const isDateColumn = (name: string): boolean => name.endsWith('_utc');
const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';

/** A table's lines as cells, with their line numbers (blank lines skipped); a quoted field as the CSV reader reads it. */
async function* tableLines(file: string, sep: string): AsyncGenerator<[string[], number]> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line !== '') yield [line.includes('"') ? quotedLine(line, sep, file, n) : line.split(sep), n];
  }
}

/** One line's cells when it holds a quote; a quote left open is the one-line error at line `n` of `file`. */
function quotedLine(line: string, sep: string, file: string, n: number): string[] {
  try {
    return parseCsv(line, sep, file).rows[0];
  } catch (e) {
    throw e instanceof InputError ? new InputError(file, '', e.expected, e.found, n) : e;
  }
}

/**
 * The header of a run's table and its columns' kinds, read once through as pandas' read_csv would type them:
 * numbers when every cell is a number, booleans when every one is true or false (empty cells aside).
 */
async function tableKinds(file: string, sep: string): Promise<{ header: string[]; kinds: Kind[] }> {
  let header: string[] | undefined;
  let numbers: boolean[] = [];
  let booleans: boolean[] = [];
  for await (const [cells] of tableLines(file, sep)) {
    if (!header) {
      header = cells;
      numbers = cells.map(() => true);
      booleans = cells.map(() => true);
      continue;
    }
    cells.forEach((c, j) => {
      if (c === '') return;
      numbers[j] &&= NUMBER.test(c);
      booleans[j] &&= c === 'true' || c === 'false';
    });
  }
  if (!header) throw new InputError(file, '', 'a table with a header line', 'an empty file');
  const kinds = header.map((h, j) =>
    isDateColumn(h) ? 'date' : numbers[j] ? 'number' : booleans[j] ? 'boolean' : 'text',
  );
  return { header, kinds };
}

/** A CSV cell as a sheet's cell of its column's kind; an empty one (no value) an empty cell. */
function cellOf(kind: Kind, text: string, file: string, column: string, line: number): Cell {
  if (text === '') return null;
  if (kind === 'date') {
    const t = parseUtc(text);
    if (Number.isNaN(t))
      throw new InputError(file, column, 'a date like 2027-01-01 00:00:00', JSON.stringify(text.slice(0, 30)), line);
    return new Date(t);
  }
  if (kind === 'number') {
    const x = Number(text);
    return Number.isFinite(x) ? x : null;
  }
  return kind === 'boolean' ? text === 'true' : text;
}

/** A sheet with the header in bold (and a units row in italics), frozen above the data and right of the first column. */
function addSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, header: string[], units?: string[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 1, ySplit: units ? 2 : 1 }] });
  ws.columns = header.map((h) =>
    isDateColumn(h) ? { width: 20, style: { numFmt: DATE_FORMAT } } : { width: Math.max(10, h.length + 2) },
  );
  const names = ws.addRow(header);
  names.font = { bold: true };
  names.commit();
  if (units) {
    const row = ws.addRow(units);
    row.font = { italic: true };
    row.commit();
  }
  return ws;
}

/** Write <dir>/run.xlsx (or `out`) from the run folder's files; resolves to its path. */
export async function writeWorkbook(
  dir: string,
  out = join(dir, WORKBOOK_NAME),
  opts: WorkbookOptions = {},
): Promise<string> {
  const summaryFile = join(dir, 'summary.json');
  if (!existsSync(summaryFile)) throw new InputError(dir, '', 'a run folder with summary.json', 'no summary.json');
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as RunSummary;
  const modelFile = join(dir, 'model.yaml');
  const model = existsSync(modelFile) ? readFileSync(modelFile, 'utf8') : undefined;
  const series = wideSeries(dir);
  const perSheet = Math.min(opts.rowsPerSheet ?? Infinity, SHEET_ROWS - HEAD_ROWS);

  const file = new AtomicFile(out);
  // Once the file is given up (stopped by a signal, a bad table), the zip stream still hands over what it had
  // compressed: dropped, not written to the closed file (an uncaught EBADF stack after 'stopped by SIGINT').
  let given = false;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (given) return done();
      try {
        file.writeBytes(chunk, 0, chunk.length);
        done();
      } catch (e) {
        done(e as Error);
      }
    },
  });
  const closed = new Promise<void>((resolve, reject) => {
    sink.on('finish', resolve);
    sink.on('error', reject);
  });
  // Awaited when the workbook is whole; after a failure nothing awaits it, and its rejection is not a crash.
  closed.catch(() => {});
  try {
    // Text in the shared-strings table, which marks leading and trailing spaces to be kept (xml:space="preserve"):
    // without it exceljs writes t="str" cells, whose leading spaces LibreOffice drops (the model sheet's indentation).
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: true });
    wb.creator = 'dcpsim';
    wb.created = wb.modified = FIXED_DATE;

    // The summary first, the run's tables, the model, then the series sheets: the tabs in that order.
    const sheetsNote = (n: number) =>
      n > 1
        ? `the time series is on ${n} sheets (timeseries, timeseries 2, ...): a sheet holds ${SHEET_ROWS.toLocaleString('en-US')} rows`
        : '';
    const sum = wb.addWorksheet('summary', { views: [{ state: 'frozen', ySplit: 1 }] });
    sum.columns = [
      { header: 'figure', width: 48 },
      { header: 'value', width: 18 },
      { header: 'unit', width: 10 },
      { header: 'group', width: 18 },
    ];
    sum.getRow(1).font = { bold: true };
    // The run's start and end are date-time cells, as the tables' dates are (text a spreadsheet must guess at before).
    const date = (text: string): Date | string => (Number.isNaN(parseUtc(text)) ? text : new Date(parseUtc(text)));
    const info: [string, string | number | Date][] = [
      ['model', summary.model?.name ?? ''],
      ['model file', summary.model?.file ?? ''],
      ['model hash', summary.model?.hash ?? ''],
      ['seed', summary.seed],
      ['start (UTC)', date(summary.start_utc)],
      ['end (UTC)', date(summary.end_utc)],
      ['dcpsim', summary.dcpsim_version],
    ];
    // What the carbon-free score leaves out, as the run's table and the report say beside it: the sheet gave the score
    // alone, a grid given no carbon_free_share counted as not carbon-free without a word.
    const excludes = summary.reliability?.cfe_excludes ?? [];
    if (excludes.length > 0)
      info.push([
        'CFE score leaves out',
        `${excludes.join(', ')}: no carbon_free_share given, counted as not carbon-free in reliability.cfe_score`,
      ]);
    // A mean job wait that is a lower bound, as the run's table, the report and dcpsim diff say (jobs still queued at the
    // end count their waits so far): until 7 December 2026 the sheet gave it among the key figures with no word.
    const queued = summary.jobs?.queued ?? 0;
    if (queued > 0)
      info.push(['mean job wait', `jobs.mean_wait_h is a lower bound, at least its figure (${queuedWords(queued)})`]);
    for (const [k, v] of info) {
      const row = sum.addRow([k, v, '', 'run']);
      if (v instanceof Date) row.getCell(2).numFmt = DATE_FORMAT;
      row.commit();
    }
    const groups = byImportance(figuresOf(summary));
    // With no job or training run submitted, the jobs' figures are not key ones (the report leaves them out of its key
    // figures, the run's table says 'no training runs or jobs'): they led with jobs.mean_wait_h 0 h, a wait where none waited.
    const noJobs = (f: { name: string }) => !(summary.jobs?.submitted ?? 0) && f.name.startsWith('jobs.');
    for (const [group, figs] of [
      ['key', groups.key.filter((f) => !noJobs(f))],
      ['other', [...groups.key.filter(noJobs), ...groups.other]],
      ['per run or service', groups.perJob],
    ] as const) {
      for (const f of figs) sum.addRow([f.name, Number.isFinite(f.value) ? f.value : null, f.unit, group]).commit();
    }
    // Sheets are zipped one after another, so the summary is finished before the series streams: its sheet count comes from summary.json's rows.
    const sheets = Math.max(1, Math.ceil((summary.rows ?? 0) / perSheet));
    sum.addRow(['sheets', sheetsNote(sheets) || 'the time series is on one sheet: timeseries', '', 'run']).commit();
    sum.commit();

    // Let the zip stream compress what the rows produced before making more: exceljs hands rows to the
    // compressor without waiting, so a fast reader would pile the sheet's XML up in memory (2 GB for
    // 1.6 M rows). Buffers waiting to be compressed count in memoryUsage().arrayBuffers: wait while high.
    let rowsWritten = 0;
    let seriesRows = 0;
    const pace = async () => {
      if (++rowsWritten % YIELD_ROWS !== 0) return;
      await new Promise((r) => setImmediate(r));
      opts.signal?.throwIfAborted();
      opts.onProgress?.(Math.min(1, seriesRows / Math.max(1, summary.rows ?? 1)));
      while (process.memoryUsage().arrayBuffers > PENDING_BYTES) await new Promise((r) => setTimeout(r, 5));
    };

    // The run's tables, each as its CSV (a sheet only for a table the run wrote).
    for (const name of RUN_TABLES) {
      const tableFile = join(dir, `${name}.${series.ext}`);
      if (!existsSync(tableFile)) continue;
      const { header, kinds } = await tableKinds(tableFile, series.sep);
      const ws = addSheet(wb, name, header);
      let first = true;
      for await (const [cells, line] of tableLines(tableFile, series.sep)) {
        if (first) {
          first = false;
          continue;
        }
        ws.addRow(cells.map((c, j) => cellOf(kinds[j], c, tableFile, header[j], line))).commit();
        await pace();
      }
      ws.commit();
    }

    const modelSheet = wb.addWorksheet('model');
    modelSheet.columns = [{ header: 'model.yaml: the effective model of this run', width: 100 }];
    modelSheet.getRow(1).font = { bold: true };
    for (const line of (model ?? '(no model.yaml in the run folder)').replace(/\n$/, '').split('\n'))
      modelSheet.addRow([line]).commit();
    modelSheet.commit();

    // The time series, streamed: the date-time column, then numbers.
    let header: string[] | undefined;
    let kinds: Kind[] = [];
    let units: string[] = [];
    let sheet: ExcelJS.Worksheet | undefined;
    let rowsInSheet = 0;
    let sheetNo = 1;
    let lines = 0;
    for await (const [cells, line] of tableLines(series.file, series.sep)) {
      lines = line;
      if (!header) {
        header = cells;
        if (header.length > SHEET_COLUMNS)
          throw new InputError(series.file, '', `at most ${SHEET_COLUMNS} columns for a worksheet`, `${header.length}`);
        const columns = columnsOf(series.file, header);
        // The CSVW metadata gives the date-time column a format, not a unit: its unit cell says UTC.
        units = header.map((h) => columns.unit(h) || (isDateColumn(h) ? 'UTC' : ''));
        kinds = header.map((h) => (isDateColumn(h) ? 'date' : 'number'));
        sheet = addSheet(wb, 'timeseries', header, units);
        continue;
      }
      if (rowsInSheet === perSheet) {
        sheet!.commit();
        sheet = addSheet(wb, `timeseries ${++sheetNo}`, header, units);
        rowsInSheet = 0;
      }
      sheet!.addRow(cells.map((c, j) => cellOf(kinds[j], c, series.file, header![j], line))).commit();
      rowsInSheet++;
      seriesRows++;
      await pace();
    }
    if (!header) throw new InputError(series.file, '', 'a table with a header line', 'an empty file');
    if (sheetNo !== sheets)
      throw new InputError(series.file, '', `${summary.rows} rows as summary.json says`, `${lines - 1} lines`);
    sheet!.commit();
    await wb.commit();
    await closed;
    file.commit();
  } catch (e) {
    given = true;
    file.abort();
    throw e;
  }
  fixZipTimes(out);
  return out;
}

/**
 * Set every entry's modification time in a zip file to FIXED_DATE's DOS form
 * (1980-01-01 00:00), in the local headers and the central directory, so a
 * workbook's bytes do not depend on when it was written. Zip layout: the end
 * record (signature 0x06054b50) gives the central directory; each central
 * header (0x02014b50) holds its time at +12 and its local header's offset at
 * +42; a local header (0x04034b50) holds its time at +10.
 */
function fixZipTimes(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    const read = (pos: number, len: number): Buffer => {
      const b = Buffer.alloc(len);
      readSync(fd, b, 0, len, pos);
      return b;
    };
    const size = fstatSync(fd).size;
    const tailLen = Math.min(size, 22 + 0xffff);
    const tail = read(size - tailLen, tailLen);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new Error(`${path}: no zip end record`);
    const entries = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    const cd = read(cdOffset, cdSize);
    const dosTime = Buffer.from([0x00, 0x00, 0x21, 0x00]); // 00:00:00, 1980-01-01
    let p = 0;
    for (let i = 0; i < entries; i++) {
      if (cd.readUInt32LE(p) !== 0x02014b50) throw new Error(`${path}: bad central directory`);
      writeSync(fd, dosTime, 0, 4, cdOffset + p + 12);
      const local = cd.readUInt32LE(p + 42);
      if (local !== 0xffffffff && read(local, 4).readUInt32LE(0) === 0x04034b50)
        writeSync(fd, dosTime, 0, 4, local + 10);
      p += 46 + cd.readUInt16LE(p + 28) + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
  } finally {
    closeSync(fd);
  }
}
