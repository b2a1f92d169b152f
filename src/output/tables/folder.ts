/**
 * Reading what a run or a sweep left in its folder, for plots, reports and
 * diffs. Columns are discovered from headers, never assumed, so variables
 * other layers add appear by themselves. Reads comma- or tab-separated,
 * wide or long tables.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describeFound, InputError } from '../../model/errors.ts';
import { parseCsv } from '../../model/csv-parse.ts';
import { readDataFile } from '../../model/read-input.ts';
import { settleFolder } from '../files/commit.ts';
import type { RunSummary } from './summary.ts';
import { metadataName, TIMESERIES_NAMES } from './timeseries-file.ts';
import { columnUnit, type ColumnMeta, type ColumnRole } from './columns.ts';

/** A table of numbers by column name; the first column kept as text (labels). */
interface Frame {
  /** Names of the columns after the label column, in file order. */
  readonly names: string[];
  readonly labelName: string;
  readonly labels: string[];
  col(name: string): Float64Array | undefined;
  has(name: string): boolean;
}

/** An empty cell is NaN (not 0): "no value", as the writers mean it. */
const cellNumber = (s: string | undefined): number => (s === undefined || s === '' ? NaN : Number(s));

function frameOf(labelName: string, names: string[], labels: string[], cols: Float64Array[]): Frame {
  const by = new Map(names.map((n, i) => [n, cols[i]]));
  return { names, labelName, labels, col: (n) => by.get(n), has: (n) => by.has(n) };
}

/** A wide table: first column labels, then numeric columns. */
function wideFrame(rows: string[][]): Frame {
  const [header, ...body] = rows;
  const names = header.slice(1);
  const cols = names.map((_, j) => Float64Array.from(body, (r) => cellNumber(r[j + 1])));
  return frameOf(
    header[0],
    names,
    body.map((r) => r[0]),
    cols,
  );
}

/** A long table (label, variable, value) pivoted back to wide, keeping first-seen order of labels and variables. */
function pivotLong(rows: string[][]): Frame {
  const [header, ...body] = rows;
  const labelIndex = new Map<string, number>();
  const varIndex = new Map<string, number>();
  for (const r of body) {
    if (!labelIndex.has(r[0])) labelIndex.set(r[0], labelIndex.size);
    if (!varIndex.has(r[1])) varIndex.set(r[1], varIndex.size);
  }
  const cols = [...varIndex.keys()].map(() => new Float64Array(labelIndex.size).fill(NaN));
  for (const r of body) cols[varIndex.get(r[1])!][labelIndex.get(r[0])!] = cellNumber(r[2]);
  return frameOf(header[0], [...varIndex.keys()], [...labelIndex.keys()], cols);
}

const isLong = (header: string[]): boolean => header.length === 3 && header[1] === 'variable' && header[2] === 'value';

/** Read a CSV/TSV file, wide or long, into a Frame. */
export function readFrame(path: string): Frame {
  const rows = parseCsv(readFileSync(path, 'utf8'), undefined, path).rows;
  if (rows.length === 0) throw new InputError(path, '', 'a table with a header line', 'an empty file');
  return isLong(rows[0]) ? pivotLong(rows) : wideFrame(rows);
}

/** "2027-03-01 00:15:00" (UTC) -> ms since the epoch. */
export function parseUtc(s: string): number {
  return Date.parse(`${s.trim().replace(' ', 'T')}${/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? '' : 'Z'}`);
}

export interface RunFolder {
  dir: string;
  /** The time-series file found, if any. */
  timeseriesFile?: string;
  summary?: RunSummary;
  /** model.yaml text (the effective model), if written. */
  model?: string;
}

export interface SweepFolder {
  dir: string;
  pointsFile: string;
  points: { header: string[]; rows: string[][] };
  model?: string;
  /** The sweep's own summary, if any (any JSON). */
  summary?: unknown;
}

export type Folder = ({ kind: 'run' } & RunFolder) | ({ kind: 'sweep' } & SweepFolder);

const readIf = (p: string): string | undefined => (existsSync(p) ? readFileSync(p, 'utf8') : undefined);
const firstFile = (dir: string, names: readonly string[]): string | undefined =>
  names.map((n) => join(dir, n)).find((p) => existsSync(p));

/**
 * A run's summary.json, or the one-line error naming it: a corrupt file (cut
 * short, binary, hand-edited) used to print the JSON parser's own message.
 * `whole`: its span and energy must be there too (diff and report print them);
 * plot charts what a partial summary holds.
 */
export function readSummaryFile(file: string, whole = true): RunSummary {
  const what = "a run's summary.json (a JSON object, as dcpsim writes it)";
  const text = readDataFile(file, what);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    const bad = text.includes('\0')
      ? 'binary data'
      : text.trim() === ''
        ? 'an empty file'
        : 'text that is not JSON (cut short or edited?)';
    throw new InputError(file, '', what, bad);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new InputError(file, '', what, describeFound(v));
  // A JSON object of another program's (or '{}') was read as a run: report died on s.model.name (exit 70), diff
  // printed 'seed undefined'. Every reader needs model, seed and sources; diff and report print the span too.
  const o = v as Record<string, unknown>;
  const as = "(a run's summary.json, as dcpsim writes it)";
  const object = (x: unknown) => !!x && typeof x === 'object' && !Array.isArray(x);
  const model = o.model as Record<string, unknown> | undefined;
  if (!object(model) || typeof model?.name !== 'string')
    throw new InputError(file, 'model', `an object { name, hash, ... } ${as}`, describeFound(o.model));
  for (const [key, ok, expected] of [
    ['seed', (x: unknown) => typeof x === 'number', 'a number'],
    ['sources', Array.isArray, 'a list'],
    ['start_utc', (x: unknown) => typeof x === 'string', 'a date-time'],
    ['end_utc', (x: unknown) => typeof x === 'string', 'a date-time'],
    ['step_s', (x: unknown) => typeof x === 'number', 'a number'],
    ['energy_mwh', object, 'an object { it, facility, ... }'],
  ] as const)
    if ((whole || key === 'seed' || key === 'sources' || key in o) && !ok(o[key]))
      throw new InputError(file, key, `${expected} ${as}`, describeFound(o[key]));
  return v as RunSummary;
}

/** What a folder holds: a sweep (points.csv/.tsv) or a run (timeseries and/or summary.json). */
export function readFolder(dir: string, whole = false): Folder {
  settleFolder(dir);
  if (!existsSync(dir)) throw new InputError(dir, '', 'a run or sweep folder', 'no such folder');
  if (!statSync(dir).isDirectory()) {
    // A run's own file given for its folder (`dcpsim plot runs/a/timeseries.csv`): name the folder it lies in.
    const up = dirname(dir);
    const inRun = ['summary.json', 'points.csv', 'points.tsv', ...TIMESERIES_NAMES].some((f) =>
      existsSync(join(up, f)),
    );
    throw new InputError(dir, '', 'a run or sweep folder', inRun ? `a file (the folder is ${up})` : 'a file');
  }
  const model = readIf(join(dir, 'model.yaml'));
  const summary = existsSync(join(dir, 'summary.json')) ? readSummaryFile(join(dir, 'summary.json'), whole) : undefined;
  const pointsFile = firstFile(dir, ['points.csv', 'points.tsv']);
  if (pointsFile) {
    const [header = [], ...rows] = parseCsv(readFileSync(pointsFile, 'utf8'), undefined, pointsFile).rows;
    return { kind: 'sweep', dir, pointsFile, points: { header, rows }, model, summary };
  }
  const timeseriesFile = firstFile(dir, TIMESERIES_NAMES);
  if (!timeseriesFile && !summary) {
    // A sweep not finished (stopped, or one shard's part): its spec is there, its tables not yet.
    throw new InputError(
      dir,
      '',
      `a run folder (${TIMESERIES_NAMES[0]}, summary.json) or a sweep folder (points.csv)`,
      existsSync(join(dir, 'sweep.json'))
        ? `a sweep not finished (sweep.json, no points.csv yet): run the same dcpsim sweep again to finish it, or \`dcpsim merge ${dir}\` once its shards are done`
        : 'neither',
    );
  }
  return { kind: 'run', dir, timeseriesFile, summary: summary as RunSummary | undefined, model };
}

/** Units and roles of a time series' columns. */
export interface Columns {
  unit(name: string): string;
  /** The columns of a role, in file order. */
  withRole(role: ColumnRole): string[];
}

/**
 * The columns of a time series as its CSVW metadata describes them
 * (`timeseries.csv-metadata.json` beside it, src/output/tables/columns.ts); for a
 * table without one (a run from before it, a table from elsewhere), guessed
 * from the names as that file names them.
 */
export function columnsOf(file: string, names: readonly string[]): Columns {
  const meta = readColumnMeta(file) ?? names.map((c) => guessColumn(c, names));
  const by = new Map(meta.map((c) => [c.name, c]));
  return {
    unit: (c) => by.get(c)?.unit ?? columnUnit(c),
    withRole: (role) => names.filter((c) => by.get(c)?.role === role),
  };
}

function readColumnMeta(file: string): ColumnMeta[] | undefined {
  const path = metadataName(file);
  if (!existsSync(path)) return undefined;
  let doc: { tableSchema?: { columns?: unknown[] }; notes?: unknown[] };
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new InputError(path, '', 'CSV on the Web metadata (JSON)', describeFound((e as Error).message));
  }
  const cols = (Array.isArray(doc.notes) ? doc.notes : (doc.tableSchema?.columns ?? [])) as Record<string, unknown>[];
  return cols.map((c) => ({
    name: String(c.titles),
    unit: String(c['schema:unitText'] ?? ''),
    description: String(c['dc:description'] ?? ''),
    role: c['schema:roleName'] as ColumnRole | undefined,
  }));
}

const SOC = /(^|_)soc(_|$)/;
const AMBIENT = /(ambient|dry_?bulb|wet_?bulb|outdoor|outside)/;

/** A column's unit and role from its name alone: sources are `<x>_kw` with a `<x>_cost_usd` beside them. */
function guessColumn(c: string, names: readonly string[]): ColumnMeta {
  const unit = columnUnit(c);
  const role: ColumnRole | undefined =
    c === 'facility_kw'
      ? 'demand'
      : c === 'unmet_kw'
        ? 'unmet'
        : c === 'export_kw' || c === 'curtailed_kw' || c.endsWith('_charge_kw')
          ? 'below'
          : SOC.test(c)
            ? 'soc'
            : AMBIENT.test(c) && unit === '°C'
              ? 'ambient'
              : c.endsWith('_kw') && names.includes(`${c.slice(0, -3)}_cost_usd`)
                ? 'source'
                : undefined;
  return { name: c, unit, description: '', ...(role ? { role } : {}) };
}
