/**
 * The plan: the named cases (if any, outermost, in the order given) times the
 * cartesian product of the varied values (first --vary outermost, values in
 * the order given), each point times each replicate.
 * Plan order is the order of summary.csv and points.csv, whatever the
 * workers, shards or resumes did.
 */
import { formatPath, InputError } from '../model/errors.ts';
import { type Key, parsePath } from '../model/load.ts';
import { kinds } from '../model/units.ts';
import { variedColumns } from '../output/tables/varied.ts';
import { checkScenario, loadScenario, type RunOptions } from '../run.ts';
import { pointId, runId, runSeed } from './seeds.ts';
import { casePaths } from './cases.ts';
import type { SweepCase, SweepSpec } from './spec.ts';

/** Windows, data files and names already checked by building a site (see checkPoint). */
const checked = new Set<string>();

export interface Point {
  /** Index in plan order. */
  index: number;
  id: string;
  /** path -> value text, in --vary order. */
  values: Record<string, string>;
  /** The point's named case (a sweep with cases: src/sweep/cases.ts). */
  case?: SweepCase;
}

export interface PlannedRun {
  id: string;
  point: Point;
  replicate: number;
  seed: number;
  /** Keep this run's timeseries.csv. */
  series: boolean;
  /** The run's tables write ISO date-times (a run done in the other style is run again). */
  iso?: true;
}

export interface Plan {
  spec: SweepSpec;
  points: Point[];
  runs: PlannedRun[];
}

export function buildPlan(spec: SweepSpec): Plan {
  let combos: Record<string, string>[] = [{}];
  for (const v of spec.vary) combos = combos.flatMap((c) => v.values.map((x) => ({ ...c, [v.path]: x })));
  // Each case times every combination, the case outermost; a sweep without cases has its points as before.
  const points: Point[] = (spec.cases ?? [undefined]).flatMap((c) =>
    combos.map((values) => ({ index: 0, id: pointId(values, c?.name), values, ...(c ? { case: c } : {}) })),
  );
  points.forEach((p, i) => (p.index = i));
  const runs = points.flatMap((point) =>
    Array.from({ length: spec.replicates }, (_, replicate) => ({
      id: runId(point.id, replicate),
      point,
      replicate,
      seed: runSeed(spec.seed, point.values, replicate, spec.crn, point.case && caseSeed(point.case), point.case?.name),
      series: spec.series === 'all' || (spec.series === 'first' && replicate === 0),
      ...(spec.timestamps === 'iso' ? { iso: true as const } : {}),
    })),
  );
  return { spec, points, runs };
}

/** A case's `seed` override, the base seed of its points' runs (as a varied seed is), if it gives one. */
function caseSeed(c: SweepCase): string | undefined {
  const paths = casePaths(c);
  const i = paths.lastIndexOf('seed');
  return i >= 0 ? c.set[i].slice(c.set[i].indexOf('=') + 1).trim() : undefined;
}

/** The point's overrides: the sweep's fixed ones, then its case's, then its varied values, so a varied value wins. */
function pointSets(spec: SweepSpec, point: Point): string[] {
  return [
    ...(spec.duration !== undefined ? [`duration=${spec.duration}`] : []),
    ...(spec.step !== undefined ? [`step=${spec.step}`] : []),
    ...spec.set,
    ...(point.case?.set ?? []),
    ...Object.entries(point.values).map(([k, v]) => `${k}=${v}`),
  ];
}

/**
 * Is an error on the model's `field` one on the overridden `path` (the field itself, inside it, or a section holding it)?
 * The field is mostly spelt as messages spell it (formatPath: `factors.Nuclear [MW]`), the path as varied (pathOf:
 * `factors["Nuclear [MW]"]`), so the path is compared in both spellings.
 */
export function touches(field: string, varied: string): boolean {
  return spellings(varied).some(
    (path) =>
      field === path ||
      field.startsWith(`${path}.`) ||
      field.startsWith(`${path}[`) ||
      (field !== '' && path.startsWith(field)),
  );
}

/** Is the model's `field` inside the overridden `path`, deeper than it (`facility.cooling.pue` in `facility.cooling`)? */
export function beneath(field: string, path: string): boolean {
  return spellings(path).some((p) => field.startsWith(`${p}.`) || field.startsWith(`${p}[`));
}

/** A path as varied and as messages spell it (touches). */
function spellings(path: string): string[] {
  try {
    return [path, formatPath(parsePath(path))];
  } catch {
    // Not a path (a --set without one): as written.
    return [path];
  }
}

/** What runScenario gets for one run. */
export function runOptions(spec: SweepSpec, run: PlannedRun, out: string): RunOptions {
  // A run's folder is not synced file by file: its record (result.json, synced) is what proves it complete.
  return {
    model: spec.model,
    set: pointSets(spec, run.point),
    seed: run.seed,
    out,
    series: run.series,
    sync: false,
    timestamps: run.iso ? 'iso' : 'excel',
  };
}

/** By sweep, each varied path's list item (`supply[1]`), named as the first case that reached it had it. */
const itemsBySweep = new WeakMap<SweepSpec, Map<string, { name: string; case: string }>>();

/**
 * A varied path names the same list item in every case: a case that replaces a list (`supply: [...]`) may put another
 * item at the path's index, and a field both have (a price, a cost) would be varied on the battery in one case and
 * the grid in another, in silence. Items are told apart by their names (a kind's default name, unless given one).
 */
function sameItems(spec: SweepSpec, point: Point, model: unknown): void {
  if (!point.case) return;
  let seen = itemsBySweep.get(spec);
  if (!seen) itemsBySweep.set(spec, (seen = new Map()));
  for (const path of Object.keys(point.values)) {
    let keys: Key[];
    try {
      keys = parsePath(path);
    } catch {
      continue;
    }
    const at = keys.findIndex((k) => typeof k === 'number');
    if (at < 0) continue;
    const item = keys.slice(0, at + 1).reduce<unknown>((o, k) => (o as Record<Key, unknown> | undefined)?.[k], model);
    const { name, kind } = (item ?? {}) as { name?: unknown; kind?: unknown };
    const label = String(name ?? kind ?? '');
    const list = formatPath(keys.slice(0, at + 1));
    const first = seen.get(list);
    if (!first) seen.set(list, { name: label, case: point.case.name });
    else if (first.name !== label)
      throw new InputError(
        '--vary',
        path,
        `${list} the same item in every case (it is "${first.name}" in case ${first.case}: vary a path that names one item in all of them)`,
        `"${label}" in case ${point.case.name}`,
      );
  }
}

/** The value read as a quantity of the kind, or undefined. */
function readAs(kind: 'duration' | 'power', value: string): number | undefined {
  try {
    return kinds[kind].parse(value);
  } catch {
    return undefined;
  }
}

/**
 * A duration varied in weeks ('1w,2w') would have its column named for watts: the column is in its first value's unit
 * (varied.ts), and the tables' w is the watt's ('700 W,1 kW' is a power's column _w), so duration_w held 1 and 2 and the
 * closing table printed "1 W". Such a value is refused with its days, as one in d, h, min or s is labelled right.
 */
function noWeeks(spec: SweepSpec, point: Point, model: unknown): void {
  for (const v of spec.vary) {
    const value = point.values[v.path];
    if (value === undefined || variedColumns([v])[0].unit !== 'W') continue;
    let at = model;
    for (const k of parsePath(v.path)) at = (at as Record<Key, unknown> | undefined)?.[k];
    const seconds = readAs('duration', value);
    if (seconds === undefined || at !== seconds || at === readAs('power', value)) continue;
    throw new InputError(
      '--set',
      v.path,
      "a duration in s, min, h or d (a varied column is in its first value's unit, and one in weeks, w, would read as watts)",
      `${JSON.stringify(value)} (${Number((seconds / 86400).toPrecision(12))}d)`,
    );
  }
}

/**
 * Validate a point's model (so a bad --vary fails before any run starts) and
 * return its hash: the effective model without the run seed. A run is
 * complete for resume only if its result has this hash and its seed.
 */
export function checkPoint(spec: SweepSpec, point: Point): string {
  try {
    const loaded = loadScenario({ model: spec.model, set: pointSets(spec, point) });
    // Build the site as the runs will (each data file's content over the run's window, the names'
    // columns), once per distinct window, data and names: a malformed trace fails here, not in every run.
    const m = loaded.model;
    const names = [m.clusters, m.workload.jobs, m.workload.training, m.workload.inference, m.supply].map((l) =>
      l.map((x) => x.name),
    );
    sameItems(spec, point, m);
    noWeeks(spec, point, m);
    const key = JSON.stringify([m.start, m.duration, loaded.data, names]);
    if (!checked.has(key)) {
      checkScenario(loaded);
      checked.add(key);
    }
    return loaded.hash;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    // Name the --vary (the case) that caused it, not the --set machinery it went through.
    const varied = Object.keys(point.values).some((p) => touches(e.field, p));
    const inCase = !varied && point.case !== undefined && casePaths(point.case).some((p) => touches(e.field, p));
    if ((!varied && !inCase) || !/--set/.test(e.file)) throw e;
    // A varied path one case's model lacks (its own supply list has another kind there) names that case too.
    const flag = varied ? (point.case ? `--vary, case ${point.case.name}` : '--vary') : `--case ${point.case!.name}`;
    const file = e.file === '--set' ? flag : e.file.replace('(--set)', `(${flag})`);
    throw new InputError(file, e.field, e.expected, e.found, e.line);
  }
}
