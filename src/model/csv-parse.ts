/**
 * The one CSV reader: rows of fields from CSV or TSV text, for the data files
 * a model names (weather, hourly traces, request traces) and for what runs
 * leave in their folders (plots, reports, diffs, sweep tables).
 *
 * RFC 4180: fields are separated by `sep` (guessed from the first line: a tab
 * makes it TSV, else a comma); a field that starts with a double quote runs
 * to the closing quote and may hold the separator, a doubled quote ("") and
 * line breaks. Lines end with \n, \r\n or \r; a leading byte-order mark is
 * dropped; a final line end adds no row. A blank line is a row of one empty
 * field, so row r starts on line r + 1 unless a quoted field spans lines
 * (`line(r)` says where it starts either way). Lines without a quote are split
 * natively, several times faster than scanning them: time series and most
 * data files have none. A quoted field still open at the end of the text is
 * the one-line InputError naming `file` and the line the field starts on.
 */
import { InputError } from './errors.ts';

interface CsvTable {
  readonly rows: string[][];
  /** The 1-based line on which row r starts. */
  line(r: number): number;
}

export function parseCsv(textIn: string, sepIn?: string, file = 'the CSV text'): CsvTable {
  const text = textIn.charCodeAt(0) === 0xfeff ? textIn.slice(1) : textIn;
  const sep = sepIn ?? (text.slice(0, text.indexOf('\n') >>> 0).includes('\t') ? '\t' : ',');
  // Lines at even indices, the line break after each at odd ones (a quoted field keeps the one it spans).
  const parts = text.split(/(\r\n|\n|\r)/);
  if (parts[parts.length - 1] === '') parts.length = Math.max(0, parts.length - 2);
  const lines = parts.filter((_, k) => k % 2 === 0);
  const rows: string[][] = [];
  let starts: number[] | null = null; // each row's first line, once a quoted field has spanned lines
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    const start = i;
    if (!line.includes('"')) {
      rows.push(line.split(sep));
      starts?.push(start + 1);
      continue;
    }
    const row: string[] = [];
    let field = '';
    let quoted = false;
    let fieldStart = true;
    let j = 0;
    for (;;) {
      if (j >= line.length) {
        if (!quoted) break;
        if (i + 1 >= lines.length)
          throw new InputError(
            file,
            '',
            'a closing double quote (") for the quoted field that starts on this line',
            'the end of the file',
            start + 1,
          );
        field += parts[2 * i + 1];
        line = lines[++i];
        j = 0;
      } else if (quoted) {
        const q = line.indexOf('"', j);
        if (q < 0) {
          field += line.slice(j);
          j = line.length;
        } else {
          field += line.slice(j, q);
          if (line[q + 1] === '"') {
            field += '"';
            j = q + 2;
          } else {
            quoted = false;
            j = q + 1;
          }
        }
      } else if (fieldStart && line[j] === '"') {
        quoted = true;
        fieldStart = false;
        j++;
      } else {
        const s = line.indexOf(sep, j);
        const end = s < 0 ? line.length : s;
        field += line.slice(j, end);
        j = end;
        if (s >= 0) {
          row.push(field);
          field = '';
          fieldStart = true;
          j++;
        }
      }
    }
    row.push(field);
    if (i > start && !starts) starts = rows.map((_, r) => r + 1);
    starts?.push(start + 1);
    rows.push(row);
  }
  return { rows, line: (r) => (starts ? starts[r] : r + 1) };
}

/**
 * A data file's separator: a semicolon when its first line has semicolons and no comma (a spreadsheet's CSV where
 * the comma is the decimal mark: LibreOffice and Excel in much of Europe), a tab when it has tabs and neither (a TSV:
 * Excel's "Unicode Text", a run's --format tsv tables), else a comma. Its numbers must still have a decimal point:
 * "300,5" is refused naming its line and column.
 */
export function dataSeparator(text: string): ',' | ';' | '\t' {
  const first = text.slice(0, text.indexOf('\n') >>> 0);
  if (first.includes(',')) return ',';
  return first.includes(';') ? ';' : first.includes('\t') ? '\t' : ',';
}

/**
 * The rows of a data file (hourly traces, demand-response events) as fast-csv's parser makes them with
 * options ignoreEmpty and trim (each line's cells trimmed, lines whose cells are all blank left out) and the
 * file's separator (dataSeparator), with the line each starts on.
 */
export function trimmedRows(text: string, file?: string): { rows: string[][]; lines: number[] } {
  const table = parseCsv(text, dataSeparator(text), file);
  const rows: string[][] = [];
  const lines: number[] = [];
  table.rows.forEach((cells, r) => {
    const row = cells.map((c) => c.trim());
    if (row.some((c) => c !== '')) {
      rows.push(row);
      lines.push(table.line(r));
    }
  });
  return { rows, lines };
}

/**
 * `rows` without the columns at the right that are nameless and empty in every row: Excel saves a sheet whose cells
 * right of the data were ever touched with such columns ("price,,", "30,,"). They hold nothing; a nameless column
 * with a value is left for the reader to refuse.
 */
export function withoutEmptyColumns(rows: string[][]): string[][] {
  const header = rows[0] ?? [];
  let width = header.length;
  while (width > 1 && header[width - 1] === '' && rows.every((row) => (row[width - 1] ?? '') === '')) width--;
  if (width < header.length) for (const row of rows) if (row.length > width) row.length = width;
  return rows;
}

/**
 * Refuses a column the header row leaves nameless that holds a value in a row after it, naming the column and that
 * row's line: Excel's columns right of the data are nameless and empty, and are none, but a value under no name was
 * dropped without a word by the readers that find their columns by name or place (the weather, the inference trace,
 * the demand-response events), where the hourly traces refuse it.
 */
export function refuseNamelessColumn(
  rows: readonly (readonly string[])[],
  file: string,
  lineOf: (row: number) => number,
  headerRow = 0,
): void {
  const header = rows[headerRow] ?? [];
  for (let c = 0; c < header.length; c++) {
    if (header[c].trim() !== '') continue;
    for (let r = headerRow + 1; r < rows.length; r++) {
      const cell = (rows[r][c] ?? '').trim();
      if (cell !== '')
        throw new InputError(
          file,
          '',
          'a name for every column in the header that holds a value',
          `column ${c + 1} without one, holding ${JSON.stringify(cell)} on line ${lineOf(r)}`,
          lineOf(headerRow),
        );
    }
  }
}

const DECIMAL = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

/**
 * A data file's numeric cell, or NaN when it is not a decimal number (surrounding blanks allowed): Number() read
 * '0x10' as 16, '0b1' as 1, '0o7' as 7 and an empty or blank cell as 0, so each reader refused none of them.
 * Every decimal form reads exactly as Number() reads it.
 */
export function decimalCell(cell: string | undefined): number {
  return cell !== undefined && DECIMAL.test(cell) ? Number(cell) : NaN;
}

/** A number with its thousands grouped by commas ("12,345", "-1,234.5"), as EIA-930 writes them, quoted. */
const GROUPED = /^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/**
 * A data file's numeric cell as decimalCell reads it, or, in a file separated by commas, one with its thousands
 * grouped by commas: such a cell was quoted, since a bare comma separates cells ("12,345" is 12345). Where the
 * semicolon separates cells the comma may be a decimal mark ("12,345" is 12.345 in much of Europe): refused there.
 */
export function numberCell(cell: string, sep: string): number {
  const v = decimalCell(cell);
  if (!Number.isNaN(v) || sep !== ',' || !GROUPED.test(cell)) return v;
  return Number(cell.replaceAll(',', ''));
}
