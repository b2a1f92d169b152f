/**
 * A sweep's specification: from command-line options and, optionally, a
 * sweep file beside the model (YAML with `model:` and `vary:`). The result,
 * SweepSpec, is plain data saved as sweep.json in the sweep's folder so that
 * `merge` and a resumed run rebuild the same plan.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import * as z from 'zod';
import { type Document, LineCounter, parseDocument, isMap } from 'yaml';
import { describeFound, formatPath, InputError, similar } from '../model/errors.ts';
import {
  lineBreaks,
  overridePath,
  parsePath,
  pathOf,
  refuseOtherBases,
  VALUES_WORDS,
  validate,
} from '../model/load.ts';
import { readDataFile } from '../model/read-input.ts';
import { checkSeedAlone, inPackage, loadScenario, resolveModel } from '../run.ts';
import { TIMESTAMP_STYLES, type TimestampStyle } from '../output/tables/table-options.ts';
import { beneath, touches } from './plan.ts';
import { casePaths, checkCases, fileCase, parseCase } from './cases.ts';
import { asDecided, checkVaries, parseVary, varyOf, varyPath, type Vary } from './vary.ts';

export type SeriesMode = 'none' | 'all' | 'first';
const SERIES_MODES: readonly SeriesMode[] = ['none', 'all', 'first'];

/** What a caller (the CLI, a script) asks for. */
export interface SweepOptions {
  /** A model file, a preset name, or a sweep file (YAML with `model:` and `vary:`). */
  model: string;
  /** "path=v1,v2" or "path=lo:hi:step[ unit]", added after the sweep file's. */
  vary?: readonly string[];
  replicates?: number;
  /** Base seed (default: the model's). */
  seed?: number;
  duration?: string;
  step?: string;
  /** Fixed overrides for every run, "path=value". */
  set?: readonly string[];
  /** Named cases, "name: path=value; path=value" (after the sweep file's), each the outermost factor of the plan. */
  case?: readonly string[];
  /** Sweep name (default: the sweep file's or `<model>-sweep`); output goes to runs/<name>/. */
  name?: string;
  /** Output folder (default runs/<name>). */
  out?: string;
  /** Which runs keep their timeseries.csv (default none). */
  series?: SeriesMode;
  /** Common random numbers across points (default true); see seeds.ts. */
  crn?: boolean;
  /** Date-times in the runs' tables and the sweep's training.csv (default excel). */
  timestamps?: TimestampStyle;
}

/** The resolved sweep, saved as sweep.json. */
export interface SweepSpec {
  name: string;
  /** Absolute path of the model file. */
  model: string;
  vary: Vary[];
  /** Named cases, each with its overrides: present only when given, so a sweep without them saves what it did. */
  cases?: SweepCase[];
  replicates: number;
  seed: number;
  crn: boolean;
  duration?: string;
  step?: string;
  set: string[];
  series: SeriesMode;
  /** Present when not the default (excel), so a default sweep's sweep.json is as it was. */
  timestamps?: 'iso';
}

/** A named case: the overrides ("path=value", as --set gives them) that make one portfolio, say, of the model. */
export interface SweepCase {
  name: string;
  set: string[];
}

const scalar = z.union([z.string(), z.number(), z.boolean()]);
export const sweepFileSchema = z.strictObject({
  model: z.string().meta({ description: 'Model file (relative to the sweep file) or preset name' }),
  name: z
    .string()
    .regex(/^[A-Za-z0-9][\w.-]*$/, 'a name of letters, digits, ".", "_" or "-", starting with a letter or digit')
    .optional(),
  description: z.string().optional(),
  vary: z
    .record(z.string(), z.union([z.array(z.unknown()).min(1), scalar], { error: VALUES_WORDS }))
    .prefault({})
    .meta({ description: 'path: [v1, v2, ...] or path: "lo:hi:step"' }),
  cases: z
    .record(z.string(), z.union([z.record(z.string(), z.unknown()), z.null()]))
    .optional()
    .meta({
      description:
        'name: { path: value, ... }: named cases (supply portfolios, say), each with its overrides, the outermost factor of the sweep; the first is the baseline of differences.csv',
    }),
  replicates: z.number().int().positive().optional(),
  seed: z.number().int().optional(),
  duration: z.string().optional(),
  step: z.string().optional(),
  set: z.array(z.string()).prefault([]),
  series: z.enum(['none', 'all', 'first']).optional(),
  crn: z.boolean().optional(),
  timestamps: z.enum(TIMESTAMP_STYLES).optional(),
});
type SweepFile = z.output<typeof sweepFileSchema>;

/** A spec file (a sweep's or a sizing's): its fields, and the line each is on. */
interface KeyedFile<T> {
  value: T;
  path: string;
  lineOf(keys: readonly (string | number)[]): number | undefined;
}

/** A YAML file whose top level has `key:` (vary, decide) is read with its schema; anything else is a model (undefined). */
export function readKeyedFile<S extends z.ZodType>(
  given: string,
  key: string,
  schema: S,
): KeyedFile<z.output<S>> | undefined {
  const path = inPackage(given);
  if (!existsSync(path) || !statSync(path).isFile()) return undefined;
  const lc = new LineCounter();
  // Decoded as a model is (UTF-16 by its byte-order mark, Windows-1252 where not UTF-8): read as UTF-8, a sweep file
  // saved by PowerShell's > went on as a model and was refused as 'a sweep file (model: and vary:)'.
  const text = readDataFile(path, `a ${key === 'vary' ? 'sweep' : 'sizing'} file or a model file (YAML or JSON)`);
  const doc = parseDocument(lineBreaks(text), { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  // As in a model file: a YAML 1.1 file's 'count: [010, 020]' ran 8 and 16, an unquoted range 1:3 the one value 63.
  if (doc.has('model')) refuseOtherBases(doc, lc, path);
  // A sweep file may give named cases and no varied field, or replicates alone (the model's spread over seeds, as
  // --replicates without --vary runs it: until 7 December 2026 such a file was refused 'found no vary:').
  const replicatesAlone = key === 'vary' && doc.has('replicates') && !doc.has('decide') && !nearKey(doc, key, schema);
  if (!doc.has(key) && !(key === 'vary' && doc.has('cases')) && !replicatesAlone) {
    // No model has a top-level `model:`: a spec file whose `vary:` (`decide:`) is misspelt or missing, which was read
    // as a model ('model: expected a known field') or as no decisions at all ('--decide: expected at least one').
    if (!doc.has('model')) return undefined;
    // The other command's file (a sizing file given to sweep, a sweep file to size): name the command that takes it.
    const other = key === 'vary' ? 'decide' : 'vary';
    // A sweep file may give named cases alone (no vary:).
    const shown = doc.has(other) ? other : other === 'vary' && doc.has('cases') ? 'cases' : undefined;
    const near = nearKey(doc, key, schema);
    throw new InputError(
      path,
      '',
      `\`${key}:\` beside \`model:\` (a ${key === 'vary' ? 'sweep' : 'sizing'} file)`,
      near !== undefined
        ? `"${String(near.value)}:"`
        : shown !== undefined
          ? `${shown}: (a ${other === 'vary' ? 'sweep' : 'sizing'} file: dcpsim ${other === 'vary' ? 'sweep' : 'size'} ${path})`
          : `no ${key}:`,
      lc.linePos(near?.range?.[0] ?? doc.contents.range?.[0] ?? 0).line,
    );
  }
  const value = fieldsOfFile(key, schema, () => validate(schema, doc.toJS(), path, doc, lc));
  const lineOf = (keys: readonly (string | number)[]): number | undefined => {
    const node = doc.getIn(keys, true) as { range?: [number, number, number] } | undefined;
    return node?.range ? lc.linePos(node.range[0]).line : undefined;
  };
  return { value, path, lineOf };
}

/** A top-level key of the file that is not the schema's and could be a misspelling of `key` ('vry:' for vary:). */
function nearKey(
  doc: Document.Parsed,
  key: string,
  schema: z.ZodType,
): { value?: unknown; range?: [number, number, number] } | undefined {
  if (!isMap(doc.contents)) return undefined;
  return doc.contents.items.find((p) => {
    const k = String((p.key as { value?: unknown } | null)?.value);
    return !(k in (schema as unknown as z.ZodObject).shape) && similar(k, key);
  })?.key as { value?: unknown; range?: [number, number, number] } | undefined;
}

/**
 * A field a sweep or sizing file does not have is told with the file's own fields: 'see `dcpsim schema`', the model
 * files' schema, which lists none of them, was the word for more than eight (a sweep file's `workers: 2`).
 */
function fieldsOfFile<T>(key: string, schema: z.ZodType, check: () => T): T {
  try {
    return check();
  } catch (e) {
    const fields = Object.keys((schema as unknown as z.ZodObject).shape ?? {});
    if (!(e instanceof InputError) || e.expected !== 'a known field (see `dcpsim schema`)' || fields.length === 0)
      throw e;
    const kind = key === 'vary' ? 'sweep' : 'sizing';
    // A sweep's cases in a sizing file: said what to do instead, as no sizing runs cases.
    const cases =
      kind === 'sizing' && e.field === 'cases'
        ? ': a sizing has no cases, so size each portfolio with a sizing file of its own, its overrides under set:'
        : '';
    throw new InputError(
      e.file,
      e.field,
      `a field of a ${kind} file (one of ${fields.join(', ')}${cases})`,
      e.found,
      e.line,
    );
  }
}

/**
 * Run `check` on values a spec file gave: a one-line error it raises in a flag's name ('--require: expected ...',
 * as for the same value on the command line) names the file, the value's line and its field instead. `flags` maps
 * each flag whose errors are the file's to the field's keys.
 */
export function fromSpecFile<T>(
  file: KeyedFile<unknown> | undefined,
  flags: Record<string, readonly (string | number)[]>,
  check: () => T,
): T {
  try {
    return check();
  } catch (e) {
    const keys = e instanceof InputError ? flags[e.file] : undefined;
    if (!file || !keys) throw e;
    const err = e as InputError;
    throw new InputError(file.path, formatPath(keys), err.expected, err.found, file.lineOf(keys));
  }
}

/**
 * checkVaries over the varied (decided) paths, a refusal of the file's own paths (two spellings of one, one inside
 * another) named at the file's line and key under `key`, as its other values are, not as the flag's.
 */
export function checkFileVaries(
  file: KeyedFile<unknown> | undefined,
  key: 'vary' | 'decide',
  varies: readonly Vary[],
): void {
  try {
    checkVaries(varies);
  } catch (e) {
    const given = file ? Object.keys((file.value as Record<string, Record<string, unknown>>)[key] ?? {}) : [];
    const own = e instanceof InputError ? given.find((k) => varyPath(k) === e.field) : undefined;
    if (!file || own === undefined) throw e;
    const err = e as InputError;
    const expected = key === 'decide' ? asDecided(err.expected) : err.expected;
    throw new InputError(file.path, formatPath([key, own]), expected, err.found, file.lineOf([key, own]));
  }
}

/**
 * The model a sweep or sizing file names, resolved. One that is not there is the file's error, at its `model:` line,
 * as its other fields' are: it read 'nosuch: expected a model file or a preset name, found no such file or preset',
 * naming neither the file nor the field.
 */
export function specModel(file: KeyedFile<unknown> | undefined, model: string): string {
  try {
    return resolve(resolveModel(model));
  } catch (e) {
    if (!file || !(e instanceof InputError) || e.file !== model) throw e;
    throw new InputError(
      file.path,
      'model',
      e.expected,
      `${JSON.stringify(model)}: ${e.found}`,
      file.lineOf(['model']),
    );
  }
}

/** An error the model raised on an override, in the spec file's terms when the file gave it (else undefined). */
type FileOrigin = (e: InputError) => InputError | undefined;

/** The file origin of each spec resolveSpec and resolveSizing return (the spec is plain data, saved as JSON). */
const origins = new WeakMap<object, FileOrigin>();

/** A path in one spelling (clusters.0.count = clusters[0].count); as written if it is none. */
function pathText(text: string): string {
  try {
    return pathOf(parsePath(text.trim()));
  } catch {
    return text.trim();
  }
}

/**
 * Where a spec file gave the values the model checks: each varied (decided) path under `key` and each `set:` entry.
 * The model refuses them as overrides, in the model file's name and a flag's ('small.yaml (--vary): ...', '(--set)'),
 * though the value is on a line of the spec file; this names that line and key instead, as the file's other bad
 * values are named. `cliSet` follows the file's `set:` (the last override of a path wins).
 */
function fileOrigin(
  file: KeyedFile<{ set: string[] }>,
  key: 'vary' | 'decide',
  cliSet: readonly string[],
  cliVaried: readonly string[],
): FileOrigin {
  // A varied path --vary gave its values (overriding the file's) is the flag's, not the file's line.
  const varied = Object.keys((file.value as unknown as Record<string, Record<string, unknown>>)[key] ?? {})
    .map((k) => ({ k, path: pathText(k) }))
    .filter((x) => !cliVaried.includes(varyPath(x.k)));
  const sets = [...file.value.set, ...cliSet].map((s) => overridePath(s));
  const cases = (file.value as { cases?: Record<string, Record<string, unknown> | null> }).cases ?? {};
  return (e) => {
    const flag = /(?:^|\()--(vary|decide|set)\)?$/.exec(e.file)?.[1];
    // The file's key, and the model's field where the key does not name it: a `set:` entry's (`own` undefined), one
    // inside a section the key gives. 'set[0]: economics.years: expected a number > 0', where 'set[0]:' left it to guess.
    const at = (keys: (string | number)[], own?: string) =>
      new InputError(
        file.path,
        e.field && (own === undefined || beneath(e.field, own)) ? `${formatPath(keys)}: ${e.field}` : formatPath(keys),
        e.expected,
        e.found,
        file.lineOf(keys),
      );
    // A case's override: the file's line of that key under that case (a case of --case keeps the flag's name).
    const inCase = /(?:^|\()--case ([^)]*)\)?$/.exec(e.file)?.[1];
    if (inCase !== undefined) {
      const key = Object.keys(cases[inCase] ?? {}).findLast((k) => touches(e.field, pathText(k)));
      return Object.hasOwn(cases, inCase) && key !== undefined ? at(['cases', inCase, key], pathText(key)) : undefined;
    }
    if (flag === 'set') {
      let i = sets.length - 1;
      while (i >= 0 && !touches(e.field, sets[i])) i--;
      return i >= 0 && i < file.value.set.length ? at(['set', i]) : undefined;
    }
    const v = flag === undefined ? undefined : varied.find((x) => touches(e.field, x.path));
    if (!v) return undefined;
    // In a list, the line of the value refused (a list written one value a line).
    const values = (file.value as unknown as Record<string, Record<string, unknown>>)[key][v.k];
    const i = Array.isArray(values)
      ? values.findIndex((x) => [String(x), JSON.stringify(String(x))].includes(e.found))
      : -1;
    return at(i >= 0 ? [key, v.k, i] : [key, v.k], v.path);
  };
}

/**
 * Run `check` on a resolved spec's model (its base model, a point's): an error on a value its spec file gave names
 * the file's line and key (`my.sweep.yaml:3: vary.supply[0].import_cap: expected a power ...`).
 */
export function inSpecFile<T>(spec: object, check: () => T): T {
  try {
    return check();
  } catch (e) {
    throw (e instanceof InputError ? origins.get(spec)?.(e) : undefined) ?? e;
  }
}

/** Keep a resolved spec's file origin, for inSpecFile. */
export function withOrigin<T extends object>(
  spec: T,
  file: KeyedFile<{ set: string[] }> | undefined,
  key: 'vary' | 'decide',
  cliSet: readonly string[] = [],
  cliVaried: readonly string[] = [],
): T {
  if (file) origins.set(spec, fileOrigin(file, key, cliSet, cliVaried));
  return spec;
}

/** A YAML file whose top level has `vary:` is a sweep file; anything else is a model. */
function readSweepFile(path: string): KeyedFile<SweepFile> | undefined {
  return readKeyedFile(path, 'vary', sweepFileSchema);
}

/** The varied fields of a file's `path: [values] | "lo:hi:step"` mapping. */
export function variesOf(record: Record<string, unknown>, toHi = false): Vary[] {
  // Lists are taken value by value, so a value may contain a comma; a string is read as on the command line.
  return Object.entries(record).map(([path, v]) =>
    Array.isArray(v) ? varyOf(varyPath(path), v.map(valueText)) : parseVary(`${path}=${valueText(v)}`, toHi),
  );
}

/** `--name`, which names the folder runs/<name>: "../../x" would write outside runs/ (a sweep's and a sizing's). */
export function checkFolderName(name: string | undefined): void {
  if (name !== undefined && !/^[A-Za-z0-9][\w.-]*$/.test(name)) {
    throw new InputError(
      '--name',
      '',
      'a name of letters, digits, ".", "_" or "-", starting with a letter or digit',
      describeFound(name),
    );
  }
}

/** A value from a sweep file as override text: scalars as written, structures as JSON (which YAML reads). */
function valueText(x: unknown): string {
  return typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x);
}

/**
 * No case sets a path the sweep varies (or one inside it): the varied value is applied after the case's overrides, so
 * the case's value never ran. A case's section holding a varied path is fine: the rest of the section is the case's.
 */
function checkCasesUnvaried(cases: readonly SweepCase[], varies: readonly Vary[]): void {
  for (const c of cases)
    for (const p of casePaths(c)) {
      const v = varies.find((x) => p === x.path || p.startsWith(`${x.path}.`) || p.startsWith(`${x.path}[`));
      if (v)
        throw new InputError(
          `--case ${c.name}`,
          p,
          "a path the sweep does not vary (--vary gives every case its values, replacing the case's)",
          'it varied',
        );
    }
}

/**
 * No `--set` (or `set:` entry) sets a path the sweep varies (the sizing decides), or one inside it: the varied value is
 * applied after the overrides, so the set value never ran. One that holds a varied path keeps the rest of its section.
 */
export function checkSetUnvaried(set: readonly string[], varies: readonly Vary[], sizing = false): void {
  for (const s of set) {
    const p = overridePath(s);
    if (varies.some((x) => p === x.path || p.startsWith(`${x.path}.`) || p.startsWith(`${x.path}[`)))
      throw new InputError(
        '--set',
        p,
        sizing
          ? "a path the sizing does not decide (--decide gives every candidate its values, replacing --set's)"
          : "a path the sweep does not vary (--vary gives every run its values, replacing --set's)",
        sizing ? 'it decided' : 'it varied',
      );
  }
}

export function resolveSpec(o: SweepOptions): SweepSpec {
  const spec = readSweepFile(o.model);
  // No sweep file there: a path that names no file is said to be that, a sweep file or a model file not found (it
  // was 'expected a readable model file', for a sweep file's path).
  if (!spec) {
    const path = resolveModel(o.model);
    if (!(existsSync(path) && statSync(path).isFile()))
      readDataFile(path, 'a sweep file or a model file (YAML or JSON)');
  }
  const file = spec?.value;
  let model = o.model;
  let varies: Vary[] = [];
  if (spec && file) {
    const local = resolve(dirname(spec.path), file.model);
    model = existsSync(local) ? local : file.model;
    varies = Object.entries(file.vary).map(([path, v]) =>
      fromSpecFile(spec, { '--vary': ['vary', path] }, () => variesOf({ [path]: v })[0]),
    );
  }
  // A --vary of a path the file varies gives it the flag's values, in the file's place: the flags add to a sweep file
  // or override it (it was 'expected each path varied once, found it twice').
  const flagVaries = (o.vary ?? []).map((v) => parseVary(v));
  checkVaries(flagVaries);
  varies = [
    ...varies.map((f) => flagVaries.find((v) => v.path === f.path) ?? f),
    ...flagVaries.filter((v) => !varies.some((f) => f.path === v.path)),
  ];
  // The file's own in two spellings (supply[0].price and supply.0.price), or one inside another.
  checkFileVaries(spec, 'vary', varies);
  const fileCases = Object.entries(file?.cases ?? {}).map(([name, v]) =>
    fromSpecFile(spec, { '--case': ['cases', name] }, () => fileCase(name, v)),
  );
  const cases = [...fileCases, ...(o.case ?? []).map(parseCase)];
  const withCases = file?.cases !== undefined || o.case !== undefined;
  if (withCases && cases.length === 0)
    throw new InputError(
      spec?.path ?? '--case',
      spec ? 'cases' : '',
      'at least one case',
      'none',
      spec?.lineOf(['cases']),
    );
  checkCases(cases);
  checkCasesUnvaried(cases, varies);
  const modelFile = specModel(spec, model);
  const replicates = o.replicates ?? file?.replicates ?? 1;
  if (!Number.isInteger(replicates) || replicates < 1)
    throw new InputError('--replicates', '', 'a positive integer', String(replicates));
  const series = o.series ?? file?.series ?? 'none';
  if (!SERIES_MODES.includes(series))
    throw new InputError('--series', '', 'one of none, all, first', JSON.stringify(series));
  const timestamps = timestampsOf(o.timestamps ?? file?.timestamps);
  const duration = o.duration ?? file?.duration;
  const step = o.step ?? file?.step;
  const set = [...(file?.set ?? []), ...(o.set ?? [])];
  // Loading the base model checks the file, the fixed overrides and --seed (past 2^53 it read as another seed: the
  // model refuses it, as for dcpsim run), and gives the default seed and name.
  const origin = withOrigin(
    {},
    spec,
    'vary',
    o.set,
    flagVaries.map((v) => v.path),
  );
  inSpecFile(origin, () => checkSetUnvaried(set, varies));
  fromSpecFile(spec, o.seed === undefined ? { '--seed': ['seed'] } : {}, () => {
    checkSeedAlone(o.seed ?? file?.seed, set);
    // A varied seed is each point's base seed: a --seed beside it set no run's (it was taken and unused).
    if ((o.seed ?? file?.seed) !== undefined && varies.some((v) => v.path === 'seed'))
      throw new InputError(
        '--seed',
        '',
        "a seed that no --vary gives too (each point's varied seed is its runs' base seed, so this one seeded none)",
        `${o.seed ?? file?.seed} beside --vary seed`,
      );
    // A case's seed is its runs' base seed likewise: --seed beside it seeded none of them, sweep.json giving --seed's.
    const seeded = cases.find((c) => c.set.some((s) => overridePath(s) === 'seed'));
    if ((o.seed ?? file?.seed) !== undefined && seeded !== undefined)
      throw new InputError(
        '--seed',
        '',
        "a seed that no case gives too (a case's seed is its runs' base seed, so this one seeded none of them)",
        `${o.seed ?? file?.seed} beside --case ${seeded.name}`,
      );
  });
  const base = fromSpecFile(spec, fileTiming(o), () => {
    checkTimingAlone({ duration, step }, set, varies, withCases ? cases : []);
    return inSpecFile(origin, () =>
      loadBase({ model: modelFile, seed: o.seed, duration, step, set }, withCases ? cases[0] : undefined, varies),
    );
  });
  checkFolderName(o.name);
  const name =
    o.name ?? file?.name ?? (file ? basename(o.model, extname(o.model)) : `${base.model.name ?? base.stem}-sweep`);
  return withOrigin(
    {
      name,
      model: modelFile,
      vary: varies,
      ...(withCases ? { cases } : {}),
      replicates,
      seed: o.seed ?? file?.seed ?? base.model.seed,
      crn: o.crn ?? file?.crn ?? true,
      ...(duration !== undefined ? { duration } : {}),
      ...(step !== undefined ? { step } : {}),
      set,
      series,
      ...timestamps,
    },
    spec,
    'vary',
    o.set,
    flagVaries.map((v) => v.path),
  );
}

/**
 * The sweep's base model, for its name and seed. A model refused alone may be one every point completes: a carbon- or
 * price-aware rule on a grid given no carbon or price, which each case or varied value gives (the sweep was refused,
 * 'expected a grid whose carbon intensity is given', though no run would read the default). Refused alone, it is
 * taken with the first point's overrides (not its seed or name, the base's own); every point is checked before any run
 * (checkPoint), so one that leaves it out is still refused. Neither valid: the model's own error.
 */
function loadBase(
  opts: Parameters<typeof loadScenario>[0] & { set: string[] },
  first: SweepCase | undefined,
  varies: readonly Vary[],
): ReturnType<typeof loadScenario> {
  try {
    return loadScenario(opts);
  } catch (e) {
    const own = (s: string) => !['seed', 'name'].includes(overridePath(s));
    const point = [...(first?.set ?? []), ...varies.map((v) => `${v.path}=${v.values[0]}`)].filter(own);
    if (!(e instanceof InputError) || point.length === 0) throw e;
    try {
      return loadScenario({ ...opts, set: [...opts.set, ...point] });
    } catch {
      throw e;
    }
  }
}

/** A sweep's or a sizing's timestamp style as its spec keeps it: nothing for the default. */
export function timestampsOf(style: TimestampStyle | undefined): { timestamps?: 'iso' } {
  if (style !== undefined && !TIMESTAMP_STYLES.includes(style))
    throw new InputError('--timestamps', '', 'one of excel, iso', JSON.stringify(style));
  return style === 'iso' ? { timestamps: 'iso' } : {};
}

/**
 * --duration and --step (or a sweep file's duration: and step:) are each run's first overrides, so a --set, a case or a
 * varied value of the same field replaced them in every run, unsaid: --duration 1d --set duration=2d ran 2 days while
 * sweep.json and the report's Model section said 'in every run duration 1d'. Both given is refused.
 */
export function checkTimingAlone(
  timing: { duration?: string; step?: string },
  set: readonly string[],
  varies: readonly Vary[],
  cases: readonly SweepCase[],
  decided = false,
): void {
  for (const key of ['duration', 'step'] as const) {
    const value = timing[key];
    if (value === undefined) continue;
    const named = (s: string) => overridePath(s) === key;
    const fixed = set.find(named);
    const other =
      (fixed !== undefined ? `--set ${fixed.trim()}` : undefined) ??
      (varies.some((v) => v.path === key) ? `${decided ? '--decide' : '--vary'} ${key}` : undefined) ??
      cases.filter((c) => c.set.some(named)).map((c) => `--case ${c.name}`)[0];
    if (other !== undefined)
      throw new InputError(
        `--${key}`,
        '',
        `a ${key} that no ${decided ? '--set or --decide' : '--set, case or --vary'} gives too (theirs replaced --${key}'s in every run: give it once)`,
        `${value} beside ${other}`,
      );
  }
}

/** The flags whose errors are a spec file's when the file, not the command line, gave duration and step. */
export function fileTiming(o: { duration?: string; step?: string }): Record<string, string[]> {
  return {
    ...(o.duration === undefined ? { '--duration': ['duration'] } : {}),
    ...(o.step === undefined ? { '--step': ['step'] } : {}),
  };
}

/** The sweep's folder. */
export function sweepDir(spec: SweepSpec, out?: string): string {
  return out ?? join('runs', spec.name);
}
