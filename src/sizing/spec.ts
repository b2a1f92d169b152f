/**
 * A sizing's specification: from command-line options and, optionally, a
 * sizing file (YAML with `model:` and `decide:`, the sweep file's other
 * fields alike). The result, SizingSpec, is saved as size.json in the
 * sizing's folder; its decisions are a sweep's --vary, so the candidates are
 * the points of a sweep plan (src/sweep/plan.ts) and their runs are the
 * sweep's runs, ids and seeds: common random numbers across candidates.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as z from 'zod';
import { InputError } from '../model/errors.ts';
import { addMonths, yearsOf } from '../kernel/calendar.ts';
import { formatTimestamp } from '../kernel/time.ts';
import { loadModel, VALUES_WORDS } from '../model/load.ts';
import { readDataFile } from '../model/read-input.ts';
import { checkSeedAlone, loadScenario, resolveModel } from '../run.ts';
import {
  checkFileVaries,
  checkFolderName,
  checkSetUnvaried,
  checkTimingAlone,
  fileTiming,
  fromSpecFile,
  inSpecFile,
  readKeyedFile,
  specModel,
  sweepFileSchema,
  variesOf,
  withOrigin,
  timestampsOf,
  type SweepOptions,
  type SweepSpec,
} from '../sweep/spec.ts';
import { wilson95 } from '../sweep/stats.ts';
import { asDecided, checkVaries, parseVary, type Vary } from '../sweep/vary.ts';
import { variedColumns } from '../output/tables/varied.ts';
import {
  checkFigure,
  parseCriterion,
  parseObjective,
  parseRequirement,
  type Criterion,
  type Requirement,
} from './criteria.ts';

export type Method = 'auto' | 'exhaustive' | 'pattern';
const METHODS: readonly Method[] = ['auto', 'exhaustive', 'pattern'];
/** `auto` enumerates a lattice of at most this many candidates, and searches a larger one. */
const EXHAUSTIVE_MAX = 64;

export interface SizingOptions
  extends Pick<SweepOptions, 'replicates' | 'seed' | 'duration' | 'step' | 'set' | 'name' | 'out' | 'timestamps'> {
  /** A model file, a preset name, or a sizing file (YAML with `model:` and `decide:`). */
  model: string;
  /** "path=lo:hi:step[ unit]" or "path=v1,v2,...", values from least to most capacity; added after the file's. */
  decide?: readonly string[];
  /** The objective (default npc). */
  minimize?: string;
  /** Requirements, added after the file's. */
  require?: readonly string[];
  search?: Method;
  /** Prune candidates below one failing a monotone requirement (default true). */
  prune?: boolean;
}

/** The resolved sizing, saved as size.json. */
export interface SizingSpec {
  name: string;
  model: string;
  decide: Vary[];
  minimize: string;
  require: string[];
  replicates: number;
  seed: number;
  duration?: string;
  step?: string;
  set: string[];
  search: 'exhaustive' | 'pattern';
  prune: boolean;
  /** Present when not the default (excel): the runs' tables and training.csv write ISO date-times. */
  timestamps?: 'iso';
}

// No cases: a sizing's candidates are the decisions' lattice alone, and a sweep file's `cases:` copied into a sizing
// file was taken and never read (two cases of 2 candidates ran 2 runs, the answer that of the model without either).
const sizingFileSchema = sweepFileSchema.omit({ vary: true, cases: true, series: true, crn: true }).extend({
  decide: z
    .record(z.string(), z.union([z.array(z.unknown()).min(1), z.string(), z.number()], { error: VALUES_WORDS }))
    .meta({ description: 'path: "lo:hi:step[ unit]" or [v1, v2, ...], from least to most capacity' }),
  minimize: z.string().optional(),
  require: z.array(z.string()).prefault([]),
  search: z.enum(['auto', 'exhaustive', 'pattern']).optional(),
  prune: z.boolean().optional(),
});

export function resolveSizing(o: SizingOptions): SizingSpec {
  const spec = readKeyedFile(o.model, 'decide', sizingFileSchema);
  const file = spec?.value;
  let model = o.model;
  if (spec && file) {
    const local = resolve(dirname(spec.path), file.model);
    model = existsSync(local) ? local : file.model;
  }
  // A value the sizing file gave is refused at its line and field, not in the name of the flag that could also give it.
  const fromFile = Object.entries(file?.decide ?? {}).map(([path, v]) =>
    fromSpecFile(spec, { '--vary': ['decide', path] }, () => leastFirst(variesOf({ [path]: v }, true)[0])),
  );
  // A --decide of a path the file decides gives it the flag's values, in the file's place, as a sweep's --vary does a
  // sweep file's: it was refused at the file's line, 'decide.supply[1].energy: expected each path decided once, found
  // it twice', though the file decides it once and the flags add to it or override it.
  const flags = (o.decide ?? []).map((d) => asDecide(() => leastFirst(parseVary(d, true))));
  asDecide(() => checkVaries(flags));
  const decide = [
    ...fromFile.map((f) => flags.find((d) => d.path === f.path) ?? f),
    ...flags.filter((d) => !fromFile.some((f) => f.path === d.path)),
  ];
  asDecide(() => checkFileVaries(spec, 'decide', decide));
  // No sizing file was read and no --decide given: a path that names no file is that, and a file YAML cannot parse
  // (a sizing file is read as one only when it parses) gets the parser's line, not 'no decisions'.
  if (!spec && decide.length === 0) {
    const path = resolveModel(o.model);
    // A sizing's folder, given as the refusal of a shard with other criteria told ('run dcpsim size on <folder>'):
    // said as that, with the command that re-ranks its runs, not only 'found a folder'.
    if (existsSync(join(path, 'size.json')))
      throw new InputError(
        path,
        '',
        'a sizing file or a model file (YAML or JSON)',
        "a sizing's folder (size.json): to rank its runs otherwise, run its dcpsim size command with the other criteria and --out this folder (it runs none)",
      );
    readDataFile(path, 'a sizing file or a model file (YAML or JSON)');
    loadModel(path, z.unknown());
  }
  if (decide.length === 0)
    throw new InputError('--decide', '', 'at least one decision, like --decide supply[0].units=1:4:1', 'none');
  const minimize = o.minimize ?? file?.minimize ?? 'npc';
  fromSpecFile(spec, o.minimize === undefined ? { '--minimize': ['minimize'] } : {}, () => parseObjective(minimize));
  (file?.require ?? []).forEach((r, i) =>
    fromSpecFile(spec, { '--require': ['require', i] }, () => parseRequirement(r)),
  );
  (o.require ?? []).forEach(parseRequirement);
  const require = [...(file?.require ?? []), ...(o.require ?? [])];
  // One requirement twice, as the sizing reads it ('unmet_mwh<=0' and 'mean(unmet_mwh) <= 0.0'): two columns of one
  // name in candidates.csv (pandas's share_meeting:unmet_mwh<=0.1) and its shortfall counted twice in the violation.
  const texts = require.map((r) => parseRequirement(r).text);
  const twice = texts.findIndex((t, i) => texts.indexOf(t) < i);
  if (twice >= 0)
    fromSpecFile(spec, twice < (file?.require.length ?? 0) ? { '--require': ['require', twice] } : {}, () => {
      throw new InputError('--require', '', 'each requirement once', `${texts[twice]} twice`);
    });
  const replicates = o.replicates ?? file?.replicates ?? 1;
  if (!Number.isInteger(replicates) || replicates < 1)
    throw new InputError('--replicates', '', 'a positive integer', String(replicates));
  // The LOLP's Wilson upper bound is z^2 / (n + z^2) at its least, where none of n replicates loses load: a bound below
  // it is met by no candidate, which ran every one to say 'widen the decisions' bounds or relax the requirements'.
  // Checked before the two replicates any interval needs: one replicate was told '2 or more', and two then '35 or more'.
  for (const r of require.map(parseRequirement)) {
    if (r.interval !== 'hi' || r.op !== '<=' || r.figure !== 'reliability.any_loss_of_load') continue;
    if (r.bound <= 0)
      throw new InputError(
        '--require',
        '',
        `a bound above 0 for ${r.label} (its Wilson bound is above 0 whatever the replicates; lolp<=0 asks that no replicate lose load)`,
        JSON.stringify(r.text),
      );
    const least = (n: number) => wilson95(0, n).hi!;
    if (least(replicates) <= r.bound) continue;
    // The least n whose bound is within it: doubling, then bisection (the bound falls as n grows).
    let lo = replicates;
    let need = replicates * 2;
    while (least(need) > r.bound) [lo, need] = [need, need * 2];
    while (need - lo > 1) {
      const mid = Math.floor((lo + need) / 2);
      if (least(mid) > r.bound) lo = mid;
      else need = mid;
    }
    throw new InputError(
      '--replicates',
      '',
      `${need} or more for ${r.text} (the loss-of-load probability's 95 % Wilson bound is ${least(replicates).toFixed(3)} where ${replicates === 1 ? 'its one replicate does not lose' : `none of ${replicates} replicates loses`} load: no candidate meets it)`,
      String(replicates),
    );
  }
  // A confidence interval needs two replicates: with one, every candidate would have no statistic and fail.
  const interval = [parseCriterion(minimize, '--minimize'), ...require.map(parseRequirement)].find((c) => c.interval);
  if (interval && replicates < 2)
    throw new InputError(
      '--replicates',
      '',
      `2 or more for ${interval.label} (a confidence interval of the mean needs two replicates)`,
      String(replicates),
    );
  const method = o.search ?? file?.search ?? 'auto';
  if (!METHODS.includes(method))
    throw new InputError('--search', '', 'one of auto, exhaustive, pattern', JSON.stringify(method));
  const candidates = decide.reduce((n, d) => n * d.values.length, 1);
  const duration = o.duration ?? file?.duration;
  const step = o.step ?? file?.step;
  const set = [...(file?.set ?? []), ...(o.set ?? [])];
  const modelFile = specModel(spec, model);
  const origin = withOrigin({}, spec, 'decide', o.set);
  inSpecFile(origin, () => checkSetUnvaried(set, decide, true));
  fromSpecFile(spec, o.seed === undefined ? { '--seed': ['seed'] } : {}, () =>
    checkSeedAlone(o.seed ?? file?.seed, set),
  );
  const base = fromSpecFile(spec, fileTiming(o), () => {
    checkTimingAlone({ duration, step }, set, decide, [], true);
    return inSpecFile(origin, () => loadScenario({ model: modelFile, seed: o.seed, duration, step, set }));
  });
  // Each criterion's figure is a name the runs' summaries give, checked now, before anything runs or is written.
  const hasEconomics = base.model.economics !== undefined;
  // A supply's name under sources.<name> is one of the model's, unless a decision changes the supplies, a name or a
  // kind (a supply's default name), when it is left to the runs.
  const renames = decide.some((d) => /^supply(\[\d+\]|\.\d+)?(\.(name|kind))?$/.test(d.path.replace(/\s+/g, '')));
  const sources = renames ? undefined : base.model.supply.map((s) => s.name);
  // The economics' components under economics.components.<name>: the supplies, the clusters with costs, and demand
  // response's payments and lost load's value where the model has them; left to the runs where a decision may change them.
  const m = base.model;
  const components =
    sources && !decide.some((d) => /^(clusters|demand_response|economics)\b/.test(d.path.trim()))
      ? [
          ...sources,
          ...m.clusters.flatMap((c) => (c.costs ? [c.name] : [])),
          ...(m.demand_response?.payment !== undefined ? ['demand_response'] : []),
          ...(m.economics?.value_of_lost_load !== undefined ? ['lost_load'] : []),
        ]
      : undefined;
  // The runs' project years, as yearly.csv names them (the year each starts in), unless a decision moves the run.
  const years = decide.some((d) => /^(start|duration)\b/.test(d.path.trim()))
    ? undefined
    : Array.from({ length: yearsOf(m.start, m.duration) }, (_, k) =>
        formatTimestamp(addMonths(m.start, 12 * k)).slice(0, 4),
      );
  fromSpecFile(spec, o.minimize === undefined ? { '--minimize': ['minimize'] } : {}, () => {
    try {
      checkFigure(parseCriterion(minimize, '--minimize'), '--minimize', hasEconomics, sources, components, years);
    } catch (e) {
      // Given by neither the command nor a sizing file, npc is the default: said so, the refusal read as if the user had
      // written --minimize npc.
      if (!(e instanceof InputError) || o.minimize !== undefined || file?.minimize !== undefined) throw e;
      throw new InputError(
        e.file,
        e.field,
        e.expected,
        `${e.found}, the default where --minimize is not given: give one the runs have, like --minimize carbon_t`,
        e.line,
      );
    }
  });
  (file?.require ?? []).forEach((r, i) =>
    fromSpecFile(spec, { '--require': ['require', i] }, () =>
      checkFigure(parseRequirement(r), '--require', hasEconomics, sources, components, years),
    ),
  );
  for (const r of o.require ?? [])
    checkFigure(parseRequirement(r), '--require', hasEconomics, sources, components, years);
  checkFolderName(o.name);
  return withOrigin(
    {
      name: o.name ?? file?.name ?? `size-${base.model.name ?? base.stem}`,
      model: modelFile,
      decide,
      minimize,
      require,
      replicates,
      seed: o.seed ?? file?.seed ?? base.model.seed,
      ...(duration !== undefined ? { duration } : {}),
      ...(step !== undefined ? { step } : {}),
      set,
      search: method === 'auto' ? (candidates <= EXHAUSTIVE_MAX ? 'exhaustive' : 'pattern') : method,
      prune: o.prune ?? file?.prune ?? true,
      ...timestampsOf(o.timestamps ?? file?.timestamps),
    },
    spec,
    'decide',
    o.set,
  );
}

/** A supply's size: the larger value is more capacity (a unit, an energy, a power, panels, a connection's cap). */
const SIZE_FIELD =
  /^supply(\[\d+\]|\.\d+)\.(units|rating|energy|power|charge_power|discharge_power|capacity|panels|import_cap|export_cap)$/;

/**
 * Does more of every decision mean more capacity: each a supply's size (SIZE_FIELD, listed least first, leastFirst), a
 * battery's soc_max listed from least to most or its soc_min from most to least? Only then does a candidate failing a
 * reliability requirement fail it with less of every decision, so that the search may prune the candidates below it
 * and bisect towards the least that meets it. A decision on anything else (a PUE, a cluster's chips, a price, a whole
 * supply) may take reliability either way as it rises: 'facility.cooling.pue=1.15:1.35:0.05' on sizing-outage with
 * 21 MWh pruned 1.15-1.3 below the failing 1.35 and answered that none met unmet_mwh<=0, where 1.15 to 1.3 do.
 */
export function decidesCapacity(decide: readonly Vary[]): boolean {
  return decide.every((d) => {
    const path = d.path.replace(/\s+/g, '');
    if (SIZE_FIELD.test(path)) return true;
    const soc = /^supply(\[\d+\]|\.\d+)\.soc_(min|max)$/.exec(path);
    if (!soc) return false;
    const cells = variedColumns([d])[0].cells;
    const xs = d.values.map((v) => Number(cells.get(v)));
    if (xs.some(Number.isNaN)) return false;
    return xs.every((x, i) => i === 0 || (soc[2] === 'max' ? x >= xs[i - 1] : x <= xs[i - 1]));
  });
}

/**
 * A decision on a supply's size lists its values from least to most: the search takes the last as the most capacity,
 * and prunes every candidate below one that fails a reliability requirement. Listed from most to least
 * ('supply[1].energy=30 MWh,25 MWh,20 MWh,15 MWh,10 MWh'), the pattern search ran 10 MWh alone, pruned the others
 * and said no candidate met unmet_mwh<=0, where 20 MWh and more do: refused in one line instead. (Other fields'
 * capacity may fall as their value rises, a battery's soc_min: their order is the user's.)
 */
function leastFirst(d: Vary): Vary {
  // A decided seed is no size: the search picks the luckiest draw of the noise (sizing-lole's seed=1:6 beside its
  // units listed seed=4 with 6 units as feasible, where 6 replicates need 7).
  if (d.path.replace(/\s+/g, '') === 'seed')
    throw new InputError(
      '--vary',
      'seed',
      'a model field to size, not the seed (deciding it picks the luckiest draw of the noise: replicate r of every candidate shares its seed, and --replicates gives more draws)',
      JSON.stringify(d.values.join(',')),
    );
  // One quantity written twice ('20 MWh,20000 kWh') is refused by the sweep's parser (varyOf).
  const cells = variedColumns([d])[0].cells;
  const xs = d.values.map((v) => Number(cells.get(v)));
  if (!SIZE_FIELD.test(d.path.replace(/\s+/g, ''))) return d;
  // A negative size is the model's to refuse, by its value.
  if (xs.some((x) => Number.isNaN(x) || x < 0)) return d;
  const k = xs.findIndex((x, i) => i > 0 && x < xs[i - 1]);
  if (k > 0)
    throw new InputError(
      '--vary',
      d.path,
      'its values from least to most capacity (the search takes the last as the most)',
      `${d.values[k - 1]} before ${d.values[k]}`,
    );
  return d;
}

/** A --vary error from the sweep's parser or checks, told as --decide. */
export function asDecide<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof InputError && /(^|\()--vary\)?$/.test(e.file)) {
      throw new InputError(e.file.replace('--vary', '--decide'), e.field, asDecided(e.expected), e.found, e.line);
    }
    throw e;
  }
}

/** The sweep the candidates are points of: the decisions varied, common random numbers, no series kept. */
export function sweepSpecOf(s: SizingSpec): SweepSpec {
  return {
    name: s.name,
    model: s.model,
    vary: s.decide,
    replicates: s.replicates,
    seed: s.seed,
    crn: true,
    ...(s.duration !== undefined ? { duration: s.duration } : {}),
    ...(s.step !== undefined ? { step: s.step } : {}),
    set: s.set,
    series: 'none',
    ...(s.timestamps ? { timestamps: s.timestamps } : {}),
  };
}

export interface Criteria {
  objective: Criterion;
  requirements: Requirement[];
}

export function criteriaOf(s: SizingSpec): Criteria {
  return { objective: parseCriterion(s.minimize, '--minimize'), requirements: s.require.map(parseRequirement) };
}

export function sizingDir(s: SizingSpec, out?: string): string {
  return out ?? join('runs', s.name);
}
