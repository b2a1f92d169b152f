/**
 * A sweep's specification: from command-line options and, optionally, a
 * sweep file beside the model (YAML with `model:` and `vary:`). The result,
 * SweepSpec, is plain data saved as sweep.json in the sweep's folder so that
 * `merge` and a resumed run rebuild the same plan.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import * as z from 'zod';
import { LineCounter, parseDocument, isMap } from 'yaml';
import { describeFound, InputError } from '../model/errors.ts';
import { validate } from '../model/load.ts';
import { loadScenario, resolveModel } from '../run.ts';
import { checkVaries, parseVary, varyOf, varyPath, type Vary } from './vary.ts';

export type SeriesMode = 'none' | 'all' | 'first';
export const SERIES_MODES: readonly SeriesMode[] = ['none', 'all', 'first'];

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
  /** Sweep name (default: the sweep file's or `<model>-sweep`); output goes to runs/<name>/. */
  name?: string;
  /** Output folder (default runs/<name>). */
  out?: string;
  /** Which runs keep their timeseries.csv (default none). */
  series?: SeriesMode;
  /** Common random numbers across points (default true); see seeds.ts. */
  crn?: boolean;
}

/** The resolved sweep, saved as sweep.json. */
export interface SweepSpec {
  name: string;
  /** Absolute path of the model file. */
  model: string;
  vary: Vary[];
  replicates: number;
  seed: number;
  crn: boolean;
  duration?: string;
  step?: string;
  set: string[];
  series: SeriesMode;
}

const scalar = z.union([z.string(), z.number(), z.boolean()]);
export const sweepFileSchema = z.strictObject({
  model: z.string().meta({ description: 'Model file (relative to the sweep file) or preset name' }),
  name: z
    .string()
    .regex(/^[A-Za-z0-9][\w.-]*$/, 'letters, digits, ".", "_" or "-"')
    .optional(),
  description: z.string().optional(),
  vary: z
    .record(z.string(), z.union([z.array(z.unknown()).min(1), scalar]))
    .prefault({})
    .meta({ description: 'path: [v1, v2, ...] or path: "lo:hi:step"' }),
  replicates: z.number().int().positive().optional(),
  seed: z.number().int().optional(),
  duration: z.string().optional(),
  step: z.string().optional(),
  set: z.array(z.string()).prefault([]),
  series: z.enum(['none', 'all', 'first']).optional(),
  crn: z.boolean().optional(),
});
type SweepFile = z.output<typeof sweepFileSchema>;

/** A YAML file whose top level has `key:` (vary, decide) is read with its schema; anything else is a model (undefined). */
export function readKeyedFile<S extends z.ZodType>(path: string, key: string, schema: S): z.output<S> | undefined {
  if (!existsSync(path) || !statSync(path).isFile()) return undefined;
  const lc = new LineCounter();
  const doc = parseDocument(readFileSync(path, 'utf8'), { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length > 0 || !isMap(doc.contents) || !doc.has(key)) return undefined;
  return validate(schema, doc.toJS(), path, doc, lc);
}

/** A YAML file whose top level has `vary:` is a sweep file; anything else is a model. */
export function readSweepFile(path: string): SweepFile | undefined {
  return readKeyedFile(path, 'vary', sweepFileSchema);
}

/** The varied fields of a file's `path: [values] | "lo:hi:step"` mapping. */
export function variesOf(record: Record<string, unknown>): Vary[] {
  // Lists are taken value by value, so a value may contain a comma; a string is read as on the command line.
  return Object.entries(record).map(([path, v]) =>
    Array.isArray(v) ? varyOf(varyPath(path), v.map(valueText)) : parseVary(`${path}=${valueText(v)}`),
  );
}

/** A value from a sweep file as override text: scalars as written, structures as JSON (which YAML reads). */
function valueText(x: unknown): string {
  return typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x);
}

export function resolveSpec(o: SweepOptions): SweepSpec {
  const file = readSweepFile(o.model);
  let model = o.model;
  let varies: Vary[] = [];
  if (file) {
    const local = resolve(dirname(o.model), file.model);
    model = existsSync(local) ? local : file.model;
    varies = variesOf(file.vary);
  }
  varies = [...varies, ...(o.vary ?? []).map(parseVary)];
  checkVaries(varies);
  const modelFile = resolve(resolveModel(model));
  const replicates = o.replicates ?? file?.replicates ?? 1;
  if (!Number.isInteger(replicates) || replicates < 1)
    throw new InputError('--replicates', '', 'a positive integer', String(replicates));
  const series = o.series ?? file?.series ?? 'none';
  if (!SERIES_MODES.includes(series))
    throw new InputError('--series', '', 'one of none, all, first', JSON.stringify(series));
  const duration = o.duration ?? file?.duration;
  const step = o.step ?? file?.step;
  const set = [...(file?.set ?? []), ...(o.set ?? [])];
  // Loading the base model checks the file and the fixed overrides, and gives the default seed and name.
  const base = loadScenario({ model: modelFile, duration, step, set });
  if (o.name !== undefined && !/^[A-Za-z0-9][\w.-]*$/.test(o.name)) {
    // It names the folder runs/<name>: "../../x" would write outside runs/.
    throw new InputError(
      '--name',
      '',
      'a name of letters, digits, ".", "_" or "-", starting with a letter or digit',
      describeFound(o.name),
    );
  }
  const name =
    o.name ?? file?.name ?? (file ? basename(o.model, extname(o.model)) : `${base.model.name ?? base.stem}-sweep`);
  return {
    name,
    model: modelFile,
    vary: varies,
    replicates,
    seed: o.seed ?? file?.seed ?? base.model.seed,
    crn: o.crn ?? file?.crn ?? true,
    ...(duration !== undefined ? { duration } : {}),
    ...(step !== undefined ? { step } : {}),
    set,
    series,
  };
}

/** The sweep's folder. */
export function sweepDir(spec: SweepSpec, out?: string): string {
  return out ?? join('runs', spec.name);
}
