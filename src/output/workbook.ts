/**
 * `--format xlsx`: the run as a workbook that opens right in Excel and
 * LibreOffice: a `timeseries` sheet whose first column holds real date-time
 * cells (not text a spreadsheet must guess at) and a units row under the
 * names, a `summary` sheet (every figure of summary.json, key figures first,
 * with its unit) and a `model` sheet (model.yaml, a line per row).
 *
 * Written by exceljs's streaming writer (a well-kept xlsx library: the format
 * is a zip of XML parts with shared styles and number formats, which is much
 * more than a CSV writer) from the run's CSV after the run, a row at a time,
 * so memory stays flat whatever the horizon. A sheet holds at most 1,048,576
 * rows: a longer series continues on `timeseries 2`, `timeseries 3`, ...,
 * each with its header, and the summary sheet says so; nothing is dropped.
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
import { InputError } from '../model/errors.ts';
import { AtomicFile } from './atomic.ts';
import { byImportance, figuresOf } from './figures.ts';
import { columnsOf, parseUtc, type Columns } from './folder.ts';
import type { RunSummary } from './summary.ts';

/** Rows a worksheet can hold (Excel's limit; LibreOffice's since 7.4). */
export const SHEET_ROWS = 1_048_576;
/** Header rows above the data on each time-series sheet: names, units. */
const HEAD_ROWS = 2;
/** Excel's column limit. */
const SHEET_COLUMNS = 16_384;

export const WORKBOOK_NAME = 'run.xlsx';

/** Rows between turns of the event loop while streaming. */
const YIELD_ROWS = 256;
/** Bytes of buffers (rows waiting to be compressed) above which the writer waits. */
const PENDING_BYTES = 96 * 1024 * 1024;

/** A fixed date for the workbook's properties and zip entries (1980-01-01, the zip format's epoch). */
const FIXED_DATE = new Date(Date.UTC(1980, 0, 1));

export interface WorkbookOptions {
  /** Data rows per time-series sheet (default: as many as a sheet holds); tests make it small. */
  rowsPerSheet?: number;
  /** Stop (the file is not written) when this aborts: a signal. */
  signal?: AbortSignal;
}

/** The wide time series of a run folder, comma- or tab-separated. */
function wideSeries(dir: string): { file: string; sep: string } {
  for (const [name, sep] of [
    ['timeseries.csv', ','],
    ['timeseries.tsv', '\t'],
  ] as const) {
    if (existsSync(join(dir, name))) return { file: join(dir, name), sep };
  }
  throw new InputError(dir, '', 'a run folder with its wide time series (timeseries.csv or .tsv)', 'none');
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
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
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
  try {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
    wb.creator = 'dcpsim';
    wb.created = wb.modified = FIXED_DATE;

    // Summary and model first, so they are the first tabs; the series sheets follow.
    const sheetsNote = (n: number) =>
      n > 1
        ? `the time series is on ${n} sheets (timeseries, timeseries 2, ...): a sheet holds ${SHEET_ROWS.toLocaleString('en-US')} rows`
        : '';
    const sum = wb.addWorksheet('summary', { views: [{ state: 'frozen', ySplit: 1 }] });
    sum.columns = [
      { header: 'figure', width: 48 },
      { header: 'value', width: 18 },
      { header: 'unit', width: 10 },
      { header: 'group', width: 14 },
    ];
    sum.getRow(1).font = { bold: true };
    const info: [string, string | number][] = [
      ['model', summary.model?.name ?? ''],
      ['model file', summary.model?.file ?? ''],
      ['model hash', summary.model?.hash ?? ''],
      ['seed', summary.seed],
      ['start (UTC)', summary.start_utc],
      ['end (UTC)', summary.end_utc],
      ['dcpsim', summary.dcpsim_version],
    ];
    for (const [k, v] of info) sum.addRow([k, v, '', 'run']).commit();
    const groups = byImportance(figuresOf(summary));
    for (const [group, figs] of [
      ['key', groups.key],
      ['other', groups.other],
      ['per job', groups.perJob],
    ] as const) {
      for (const f of figs) sum.addRow([f.name, Number.isFinite(f.value) ? f.value : null, f.unit, group]).commit();
    }
    // Sheets are zipped one after another, so the summary is finished before the series streams: its sheet count comes from summary.json's rows.
    const sheets = Math.max(1, Math.ceil((summary.rows ?? 0) / perSheet));
    sum.addRow(['sheets', sheetsNote(sheets) || 'the time series is on one sheet: timeseries', '', 'run']).commit();
    sum.commit();

    const modelSheet = wb.addWorksheet('model');
    modelSheet.columns = [{ header: 'model.yaml: the effective model of this run', width: 100 }];
    modelSheet.getRow(1).font = { bold: true };
    for (const line of (model ?? '(no model.yaml in the run folder)').replace(/\n$/, '').split('\n'))
      modelSheet.addRow([line]).commit();
    modelSheet.commit();

    // The time series, streamed.
    const lines = createInterface({ input: createReadStream(series.file, 'utf8'), crlfDelay: Infinity });
    let header: string[] | undefined;
    let columns: Columns | undefined;
    let sheet: ExcelJS.Worksheet | undefined;
    let rowsInSheet = 0;
    let sheetNo = 1;
    let lineNo = 0;
    const openSheet = (n: number) => {
      const ws = wb.addWorksheet(n === 1 ? 'timeseries' : `timeseries ${n}`, {
        views: [{ state: 'frozen', xSplit: 1, ySplit: HEAD_ROWS }],
      });
      ws.columns = header!.map((h, i) => ({
        width: i === 0 ? 20 : Math.max(10, h.length + 2),
        style: i === 0 ? { numFmt: 'yyyy-mm-dd hh:mm:ss' } : {},
      }));
      const names = ws.addRow(header!);
      names.font = { bold: true };
      names.commit();
      const units = ws.addRow(header!.map((h) => columns!.unit(h)));
      units.font = { italic: true };
      units.commit();
      return ws;
    };
    for await (const line of lines) {
      lineNo++;
      if (line === '') continue;
      const cells = line.split(series.sep);
      if (!header) {
        header = cells;
        columns = columnsOf(series.file, header);
        if (header.length > SHEET_COLUMNS)
          throw new InputError(series.file, '', `at most ${SHEET_COLUMNS} columns for a worksheet`, `${header.length}`);
        sheet = openSheet(1);
        continue;
      }
      if (rowsInSheet === perSheet) {
        sheet!.commit();
        sheet = openSheet(++sheetNo);
        rowsInSheet = 0;
      }
      const t = parseUtc(cells[0]);
      if (Number.isNaN(t))
        throw new InputError(
          series.file,
          'timestamp_utc',
          'a date like 2027-01-01 00:00:00',
          JSON.stringify(cells[0].slice(0, 30)),
          lineNo,
        );
      const row: (Date | number | null)[] = [new Date(t)];
      for (let i = 1; i < cells.length; i++) {
        const c = cells[i];
        const x = c === '' ? NaN : Number(c);
        row.push(Number.isFinite(x) ? x : null);
      }
      sheet!.addRow(row).commit();
      rowsInSheet++;
      // Let the zip stream compress what the rows produced before making more: exceljs hands rows to the
      // compressor without waiting, so a fast reader would pile the sheet's XML up in memory (2 GB for
      // 1.6 M rows). Buffers waiting to be compressed count in memoryUsage().arrayBuffers: wait while high.
      if (rowsInSheet % YIELD_ROWS === 0) {
        await new Promise((r) => setImmediate(r));
        opts.signal?.throwIfAborted();
        while (process.memoryUsage().arrayBuffers > PENDING_BYTES) await new Promise((r) => setTimeout(r, 5));
      }
    }
    if (!header) throw new InputError(series.file, '', 'a table with a header line', 'an empty file');
    if (sheetNo !== sheets)
      throw new InputError(series.file, '', `${summary.rows} rows as summary.json says`, `${lineNo - 1} lines`);
    sheet!.commit();
    await wb.commit();
    await closed;
    file.commit();
  } catch (e) {
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
export function fixZipTimes(path: string): void {
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
