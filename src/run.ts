/**
 * runScenario: load a model, build the site, run it and write the time
 * series, summary.json, summary.csv, yearly.csv, monthly.csv, model.yaml,
 * with an `economics` section cashflow.csv, and with supplies that go down outages.csv.
 * The CLI is a thin layer over this.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ROOT, threadEntry, VERSION } from './package.ts';
import { formatTimestamp } from './kernel/time.ts';
import { asInputError, formatPath, InputError, ModelFieldError, similar } from './model/errors.ts';
import { NotFiniteError } from './output/tables/format.ts';
import { checkTraceTokens, checkWork } from './model/limits.ts';
import { loadModel, overridePath, type Loaded, type Override } from './model/load.ts';
import { relocateDataPaths } from './model/data-files.ts';
import { findNameClash } from './names.ts';
import type { RowSink } from './kernel/recorder.ts';
import { scenarioSchema, type Scenario } from './scenario.ts';
import { Site } from './site.ts';
import { stringify as yamlStringify } from 'yaml';
import {
  metadataName,
  separatorOf,
  threadWrites,
  timeseriesName,
  timeseriesWriter,
  seriesColumns,
  type RowWriter,
} from './output/tables/timeseries-file.ts';
import {
  dateTimeSeparator,
  type TableFormat,
  type TableLayout,
  type TimestampStyle,
} from './output/tables/table-options.ts';
import { summaryTable } from './output/tables/summary-csv.ts';
import { TEMP_FILE, writeFileAtomic } from './output/files/atomic.ts';
import { csvwMetadata, describeColumns } from './output/tables/columns.ts';
import { beginFolder, type FolderCommit } from './output/files/commit.ts';
import { Progress, progressWanted } from './output/terminal/progress.ts';
import { HeapCap, markOnAllocationOnly } from './kernel/garbage-collection.ts';
import { RUN_OUTPUTS } from './output/tables/run-outputs.ts';
import { summaryJson, type RunSummary } from './output/tables/summary.ts';
import { periodTable } from './output/tables/periodic.ts';
import { cashflowTable } from './output/tables/cashflow-csv.ts';
import { outagesTable } from './output/tables/outages-csv.ts';
import { trainingTable } from './output/tables/training-csv.ts';
import { chipHourCost } from './economics/hardware.ts';
import { W_PER_KW } from './model/units.ts';
import { ScriptedPolicy, type Policy } from './policy/script.ts';
import {
  HourlyEnergy,
  comparePolicy,
  gridPeakKw,
  hasPolicies,
  withoutPolicies,
  type PolicySummary,
  type RunFigures,
} from './policy/compare.ts';

export { ROOT, VERSION };

export interface RunOptions {
  /** A scripted policy (src/policy/script.ts) and where it came from (a file name, for its errors). */
  policy?: { decide: Policy; source: string };
  /**
   * With a policy (a scripted one, or rules or demand response in the model), also run the
   * same model without its policies on the same seed and report the difference in summary.json
   * `policy` (default true; false skips the second run).
   */
  baseline?: boolean;
  /** Model file, or the name of a preset in models/ ("default"). */
  model: string;
  /** Override the model's seed. */
  seed?: number;
  /** Override the horizon ("30d"). */
  duration?: string;
  /** Override the output step ("1m"). */
  step?: string;
  /** Output directory (default runs/<model name>/). */
  out?: string;
  /** Field overrides, "path=value". */
  set?: readonly string[];
  /** Show a progress line on a terminal (default false). */
  progress?: boolean;
  /** Tables as csv (default) or tsv (tab-separated, .tsv files). */
  format?: TableFormat;
  /** Time series wide (timeseries.csv, default) or long (timeseries_long.csv: timestamp_utc, variable, value). */
  layout?: TableLayout;
  /** The time series' date-time style: excel "2027-01-01 00:00:00" (default) or iso "2027-01-01T00:00:00". */
  timestamps?: TimestampStyle;
  /** Raise the work limits (rows, events, entities, queued jobs) 100-fold (src/model/limits.ts). */
  allowLarge?: boolean;
  /** Write timeseries.csv (default true); sweeps skip it for most runs. */
  series?: boolean;
  /** Sync the files and the folder to the disk before the swap (default true; a sweep's runs skip it: its synced record proves a run complete). */
  sync?: boolean;
  /** Told the output folder just before the run locks it (a stopped `dcpsim run` says what it holds). */
  onFolder?(outDir: string): void;
}

export interface RunResult {
  summary: RunSummary;
  /** Wall-clock seconds the run took: printed, never written (it would make identical runs differ). */
  runTimeS: number;
  outDir: string;
  /** The time series written (timeseries.csv, or its tsv or long form); undefined with `series: false`. */
  timeseriesFile: string | undefined;
  /** The time series' variables a row in the long layout (a row per time step and variable); undefined when wide. */
  longVariables?: number;
  summaryFile: string;
}

const isFile = (p: string): boolean => existsSync(p) && statSync(p).isFile();

/**
 * The file a command names: the path, or, when the working folder has no such file, the same path inside the package
 * (`models/default.yaml`, `examples/portfolios.sweep.yaml` from any folder); the path as given when neither is a file.
 */
export function inPackage(path: string): string {
  return !isFile(path) && !isAbsolute(path) && isFile(join(ROOT, path)) ? join(ROOT, path) : path;
}

/**
 * A model path, or a preset: a name ("default", "default.yaml") looked up in
 * the package's models/, or a path inside the package ("models/default.yaml")
 * when no such file is in the working folder, so the docs' examples work
 * from a project that installed dcpsim as well as from its own repository.
 */
export function resolveModel(model: string): string {
  const found = inPackage(model);
  if (isFile(found)) return found;
  const name = model.replace(/\.(ya?ml|json)$/, '');
  for (const ext of ['.yaml', '.yml', '.json']) {
    const p = join(ROOT, 'models', `${name}${ext}`);
    if (isFile(p)) return p;
  }
  // A bare name found nowhere was meant as a preset: say so, with the nearest (a path keeps its file's own error).
  if (!/[\\/]/.test(model) && !existsSync(model)) {
    const presets = readdirSync(join(ROOT, 'models')).flatMap((f) =>
      /\.(ya?ml|json)$/.test(f) ? [f.replace(/\.\w+$/, '')] : [],
    );
    const near = presets.filter((p) => similar(name, p));
    const hint = near.length > 0 ? `did you mean ${near.join(' or ')}?` : '`dcpsim models` lists the presets';
    throw new InputError(model, '', 'a model file or a preset name', `no such file or preset (${hint})`);
  }
  // A path without its extension ('models/default') is the file with one; a misspelt one names the nearest file.
  for (const ext of ['.yaml', '.yml', '.json']) if (isFile(`${model}${ext}`)) return `${model}${ext}`;
  const folder = dirname(model);
  if (!existsSync(model) && existsSync(folder) && statSync(folder).isDirectory()) {
    const base = basename(model);
    const near = readdirSync(folder).filter(
      (f) => /\.(ya?ml|json)$/.test(f) && similar(base.replace(/\.\w+$/, ''), f.replace(/\.\w+$/, '')),
    );
    if (near.length > 0)
      throw new InputError(
        model,
        '',
        'a readable model file (YAML or JSON)',
        `no such file (did you mean ${near.map((f) => join(folder, f)).join(' or ')}?)`,
      );
  }
  // A run's folder for its model (`dcpsim run runs/a` to run it again): the model it ran is its model.yaml.
  if (existsSync(model) && statSync(model).isDirectory() && isFile(join(model, 'model.yaml')))
    throw new InputError(
      model,
      '',
      'a model file or a preset name',
      `a run folder (its model is ${join(model, 'model.yaml')})`,
    );
  return model;
}

/**
 * A sweep's or sizing's base seed given by `flag` (`--seed`, a sweep or sizing file's `seed:`) beside a `--set
 * seed=...`: refused, as --duration beside a --set of the duration is. Until 7 December 2026 the flag's replaced the
 * --set's unsaid. Not dcpsim run's: a row's or best.json's command to run it alone gives the --set's and the run's own
 * --seed, which is meant to win; nor in loadScenario, whose sweep runs take their own seed beside those.
 */
export function checkSeedAlone(seed: number | undefined, set: readonly string[] | undefined, flag = '--seed'): void {
  const fixed = set?.find((s) => overridePath(s) === 'seed');
  if (seed !== undefined && fixed !== undefined)
    throw new InputError(
      flag,
      '',
      "a seed that no --set gives too (it replaced the --set's in every run: give it once)",
      `${seed} beside --set ${fixed.trim()}`,
    );
}

/** Load and validate a model with the run options' overrides. */
export function loadScenario(
  opts: Pick<RunOptions, 'model' | 'seed' | 'duration' | 'step' | 'set' | 'allowLarge'>,
): Loaded<Scenario> {
  const sets: Override[] = [...(opts.set ?? [])];
  // --duration and --step went after --set, so a --set of the same field was dropped unsaid (a sweep took the --set's).
  for (const key of ['duration', 'step'] as const) {
    const fixed = opts.set?.find((s) => overridePath(s) === key);
    if (opts[key] !== undefined && fixed !== undefined)
      throw new InputError(
        `--${key}`,
        '',
        `a ${key} that no --set gives too (--${key} replaced --set's: give it once)`,
        `${opts[key]} beside --set ${fixed.trim()}`,
      );
  }
  if (opts.seed !== undefined) sets.push({ set: `seed=${opts.seed}`, flag: '--seed' });
  if (opts.duration !== undefined) sets.push({ set: `duration=${opts.duration}`, flag: '--duration' });
  if (opts.step !== undefined) sets.push({ set: `step=${opts.step}`, flag: '--step' });
  const loaded = loadModel(resolveModel(opts.model), scenarioSchema, sets);
  // Refuse, before anything runs, the work a typo makes unbounded (src/model/limits.ts).
  checkWork(loaded.model, loaded.locate, opts.allowLarge);
  return loaded;
}

/** Run a scenario and write its folder (src/output/files/commit.ts: the old run stays whole until the new one is). */
export function runScenario(opts: RunOptions): RunResult {
  const steps = runSteps(opts);
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
  }
}

/**
 * runScenario letting the event loop run between slices of the simulation, so
 * that a signal handler or a timer gets its turn: `dcpsim run` stops on Ctrl-C,
 * SIGTERM or SIGHUP this way. When `stop` is aborted the run ends at the next
 * slice with its reason thrown, its folder as it was (the old run whole, or no
 * folder); a run already complete is returned.
 */
export async function runScenarioAsync(opts: RunOptions, stop?: AbortSignal): Promise<RunResult> {
  stop?.throwIfAborted();
  markOnAllocationOnly();
  const steps = runSteps(opts);
  for (let s = steps.next(); ; ) {
    if (s.done) return s.value;
    await new Promise(setImmediate);
    s = stop?.aborted ? steps.throw(stop.reason) : steps.next();
  }
}

/** How many slices of time a run's simulation goes in: a progress update and a turn of the event loop after each. */
const SLICES = 200;

/** A run, yielding between slices of its simulation (runScenario runs it through, runScenarioAsync lets the event loop in). */
function* runSteps(opts: RunOptions): Generator<void, RunResult, undefined> {
  // process.hrtime, not performance.now(): the global `performance` loads node:perf_hooks (ten of Node's modules), 0.5 MiB
  // of a run's peak RSS, and after the run's V8 flags (src/kernel/garbage-collection.ts) they compile without Node's code cache (10 M instructions).
  const t0 = process.hrtime.bigint();
  const loaded = loadScenario(opts);
  defaultChipHourCosts(loaded.model);
  const m = loaded.model;
  const name = m.name ?? loaded.stem;
  const outDir = opts.out ?? join('runs', name);
  const timeseriesFile = opts.series === false ? undefined : join(outDir, timeseriesName(opts.format, opts.layout));
  const summaryFile = join(outDir, 'summary.json');

  const script = opts.policy ? new ScriptedPolicy(opts.policy.decide, opts.policy.source, m.start) : undefined;
  const paired = opts.baseline !== false && (script !== undefined || hasPolicies(m));
  const rows = new RunRows(m.start);
  const site = buildSite(loaded, rows, script);
  const hours = paired ? hourlyEnergy(site, m.start) : undefined;
  // Every file goes into a fresh folder that replaces outDir whole once all are written (src/output/files/commit.ts).
  const writable = 'a folder it can write the run into';
  let folder: FolderCommit;
  opts.onFolder?.(outDir);
  try {
    folder = beginFolder(outDir, isRunFile, { sync: opts.sync });
  } catch (e) {
    throw asInputError(e, outDir, writable);
  }
  const progress = new Progress(`dcpsim ${name}`, process.stderr, Boolean(opts.progress) && progressWanted());
  try {
    if (opts.series !== false)
      rows.csv = timeseriesWriter(
        folder.dir,
        seriesColumns(site.meters, m.step),
        opts.format,
        opts.layout,
        opts.timestamps,
        threadWrites(site.recorder.rowCount, site.meters)
          ? threadEntry('rows-worker.mjs', join('output', 'tables', 'rows-worker.mjs'))
          : undefined,
      );
    for (const f of site.slices(SLICES)) {
      progress.update(f, formatTimestamp(m.start + f * m.duration).slice(0, 10));
      yield;
    }
    progress.done();
    rows.csv?.commit();
    if (rows.csv) {
      // What each column means, as CSV on the Web metadata beside the series (src/output/tables/columns.ts).
      const file = timeseriesName(opts.format, opts.layout);
      const meta = csvwMetadata(file, describeColumns(site.meters, site.columnParts()), {
        sep: separatorOf(opts.format ?? 'csv'),
        layout: opts.layout ?? 'wide',
        timestamps: opts.timestamps ?? 'excel',
        title: `dcpsim run ${name}: time series`,
      });
      writeFileAtomic(join(folder.dir, metadataName(file)), meta);
    }
    const about = {
      version: VERSION,
      model: { name, file: shownPath(loaded.file), hash: loaded.hash, data: loaded.data, resolved: m },
    };
    const { summary: own, flows } = site.summary(about);
    const summary = paired ? { ...own, policy: yield* againstBaseline(site, own, hours!, loaded, about) } : own;
    writeFileAtomic(join(folder.dir, 'summary.json'), summaryJson(summary));
    // The same figures as one table row, and the effective model (after --set, --seed...) that produced them.
    const format = opts.format ?? 'csv';
    writeFileAtomic(join(folder.dir, `summary.${format}`), summaryTable(summary, separatorOf(format)));
    // The run by month and year, and its cash flows when the model has an economics section.
    const dateTime = dateTimeSeparator(opts.timestamps);
    writeFileAtomic(join(folder.dir, `yearly.${format}`), periodTable(summary.yearly, separatorOf(format), dateTime));
    writeFileAtomic(join(folder.dir, `monthly.${format}`), periodTable(summary.monthly, separatorOf(format), dateTime));
    if (flows) writeFileAtomic(join(folder.dir, `cashflow.${format}`), cashflowTable(flows, separatorOf(format)));
    // Each training run as a row (summary.csv leaves them out: a column group each).
    if (summary.training.length > 0)
      writeFileAtomic(
        join(folder.dir, `training.${format}`),
        trainingTable(summary.training, separatorOf(format), dateTime),
      );
    // When and why each unit of a supply (SMR modules, a fusion PPA, a grid with outages) was down.
    const fleets = site.supply.supplies.flatMap((s) =>
      s.unitOutages ? [{ source: s.name, outages: s.unitOutages() }] : [],
    );
    if (fleets.length > 0)
      writeFileAtomic(
        join(folder.dir, `outages.${format}`),
        outagesTable(fleets, m.start, separatorOf(format), dateTime),
      );
    writeFileAtomic(join(folder.dir, 'model.yaml'), runModelYaml(loaded, name, outDir));
    folder.commit();
    const longVariables = rows.csv && opts.layout === 'long' ? site.meters.length : undefined;
    return {
      summary,
      runTimeS: Number(process.hrtime.bigint() - t0) / 1e9,
      outDir,
      timeseriesFile,
      longVariables,
      summaryFile,
    };
  } catch (e) {
    progress.done();
    rows.csv?.abort();
    folder.abort();
    if (e instanceof NotFiniteError)
      throw new InputError(loaded.file, '', 'values whose figures stay finite (is one far out of range?)', e.message);
    throw asInputError(e, outDir, writable);
  }
}

/**
 * Where a run's rows go (the recorder's sink): the time-series writer, the hourly energy a policy's
 * comparison reads, and now and then the heap's check. A class, so that every run in a process
 * (a sweep's worker, a benchmark's loop) calls the same method from the recorder and keeps the code
 * the JIT compiled for the first (src/kernel/recorder.ts).
 */
class RunRows implements RowSink {
  csv?: RowWriter;
  private rows = 0;
  private readonly heap = new HeapCap();

  constructor(private readonly startEpochS: number) {}

  row(startS: number, _len: number, values: Float64Array): void {
    this.csv?.rowAt(this.startEpochS + startS, values);
    // Every 1024 rows, and once early: the JIT compiles the rows' path after a few hundred rows from what it saw
    // them do, and a call it had not seen yet (the first check, at the 1024th row) threw that code away.
    const n = ++this.rows;
    if ((n & 1023) === 0 || n === 32) this.heap.check();
  }
}

/**
 * A training run without its own chip_hour_cost takes its cluster's: the
 * rental, or the capital annualised at the project's discount rate
 * (src/economics/hardware.ts), so its hardware cost and electricity share
 * come from the same costs as the NPC.
 */
function defaultChipHourCosts(m: Scenario): void {
  if (!m.economics) return;
  for (const t of m.workload.training) {
    if (t.chip_hour_cost !== undefined) continue;
    const c = chipHourCost(m.clusters.find((x) => x.name === t.cluster)?.costs, m.economics.discount_rate);
    if (c !== undefined) t.chip_hour_cost = c;
  }
}

/** What a new run replaces in its folder: an old run's files, charts and report of them, a sweep's record, temporary files. */
function isRunFile(entry: string): boolean {
  return RUN_FILES.has(entry) || TEMP_FILE.test(entry);
}
const RUN_FILES = new Set([...RUN_OUTPUTS, 'result.json']);

/**
 * summary.json `policy`: the run against the same model without its policies
 * (src/policy/compare.ts), run here on the same seed: a paired comparison.
 */
function* againstBaseline(
  site: Site,
  own: RunSummary,
  hours: HourlyEnergy,
  loaded: Loaded<Scenario>,
  about: Parameters<Site['summary']>[0],
): Generator<void, PolicySummary, undefined> {
  const baseLoaded = { ...loaded, model: withoutPolicies(loaded.model) };
  const base = buildSite(baseLoaded, new RunRows(loaded.model.start));
  const baseHours = hourlyEnergy(base, loaded.model.start);
  for (const _ of base.slices(SLICES)) yield;
  const baseSummary = base.summary(about).summary;
  const figures = (s: Site, r: RunSummary): RunFigures => ({
    carbon_kg: r.carbon_kg,
    cost_usd: r.cost_usd,
    facility_mwh: r.energy_mwh.facility,
    served_mwh: r.energy_mwh.facility - r.energy_mwh.unmet,
    ...(r.inference.services.length > 0
      ? { served_tokens: r.inference.services.reduce((a, v) => a + v.served_tokens, 0) }
      : {}),
    work_chip_h: s.workload.workDoneChipH(),
    held_chip_h: r.jobs.chip_hours,
    deadline_misses: r.jobs.deadline_misses ?? 0,
    cfe_score: r.reliability?.cfe_score ?? 0,
    peak_facility_kw: r.peak_kw.facility,
    peak_import_kw: gridPeakKw(loaded.model, r.yearly),
    ...demandCharges(r),
  });
  return comparePolicy(figures(site, own), figures(base, baseSummary), hours, baseHours);
}

/** A run's demand charges over the run, summed over the grids that bill one (sources[].charges); none without. */
function demandCharges(r: RunSummary): { demand_charges_usd?: number } {
  const billed = r.sources.filter((x) => x.charges !== undefined);
  return billed.length > 0 ? { demand_charges_usd: billed.reduce((a, x) => a + (x.charges?.demand_usd ?? 0), 0) } : {};
}

/** A model file's path as summary.json shows it: relative to the package for a preset, else as given (no machine's folders in a preset run's files). */
function shownPath(file: string): string {
  const rel = relative(ROOT, resolve(file));
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel.split(sep).join('/');
}

/**
 * A run's model.yaml: the effective model (after --set, --seed, ...) with
 * its run name, and data paths rewritten to read the same files from the
 * run's folder, so `dcpsim run <run>/model.yaml` runs it again from anywhere.
 */
function runModelYaml(loaded: Loaded<Scenario>, name: string, outDir: string): string {
  const doc = relocateDataPaths(loaded.raw, loaded.baseDir, outDir);
  const named = doc.name === undefined ? { name, ...doc } : doc;
  return `# The effective model of run ${name}: ${shownPath(loaded.file)} after overrides; data paths relative to this folder.\n${yamlStringify(named)}`;
}

/** A site's facility energy by clock hour, from its supply's exact hours. */
function hourlyEnergy(site: Site, startEpochS: number): HourlyEnergy {
  const hours = new HourlyEnergy(startEpochS);
  site.supply.onHour((startS, demandJ, count) => hours.hour(startS, demandJ, count));
  return hours;
}

/**
 * Check a model as a run would, without running it: build the site, which
 * opens and checks every data file (weather, traces) against the run's window.
 */
export function checkScenario(loaded: Loaded<Scenario>): void {
  buildSite(loaded, new RunRows(loaded.model.start));
}

/**
 * An error about a data file outside the model's folder and the package (a
 * path like /etc/passwd) says where and what was expected, but not what the
 * file holds: a model from elsewhere must not make dcpsim print a file's
 * content it was never meant to read.
 */
function withoutForeignContent(e: InputError, baseDir: string): InputError {
  const path = resolve(baseDir, e.file);
  const inside = (dir: string): boolean => !relative(dir, path).startsWith('..') && !isAbsolute(relative(dir, path));
  if (inside(baseDir) || inside(ROOT)) return e;
  return new InputError(
    e.file,
    e.field,
    e.expected,
    "something else (content not shown: the file is outside the model's folder)",
    e.line,
  );
}

/**
 * A radiator that cannot reject the site's heat with every chip idle is refused: the power cap throttles duty, never
 * idle power, so the rest of the heat had nowhere to go (the orbital preset at 15,000 m2, 16.05 MW, drew 21.64 MW
 * through two days, 35 % over, exit 0).
 */
function checkRadiator(loaded: Loaded<Scenario>, site: Site): void {
  const maxW = site.facility.cooling.maxHeatW;
  if (!Number.isFinite(maxW)) return;
  const idleW = site.facility.idleFacilityW();
  if (idleW <= maxW) return;
  const area = (loaded.model.facility.cooling as { area: number }).area;
  const keys = ['facility', 'cooling', 'area'];
  const at = loaded.locate(keys);
  // To two decimals, or as many more as tell the two apart: a site of 8 H100 read 'every chip idle, 1.13 kW ...
  // rejecting 1.13 kW' (1,134.6 W against 1,132.6).
  let digits = 2;
  while (digits < 9 && (idleW / W_PER_KW).toFixed(digits) === (maxW / W_PER_KW).toFixed(digits)) digits++;
  const kw = (w: number): string => `${+(w / W_PER_KW).toFixed(digits)} kW`;
  throw new InputError(
    at.file,
    formatPath(keys),
    `a radiator that rejects the site's heat with every chip idle, ${kw(idleW)} (the power cap throttles duty, never idle power): an area of at least ${Math.ceil(((area * idleW) / maxW) * 10) / 10} m2 at its temperature, emissivity and sink`,
    `${+area.toPrecision(6)} m2, rejecting ${kw(maxW)}`,
    at.line,
  );
}

/**
 * A power-chain curve whose input falls as its load rises once the stage's fixed draw is added is refused at the point
 * (the schema checks the curve alone; the fixed draw is in W, the curve's loads are fractions of the design output,
 * known once the clusters are: src/facility/power-chain.ts). Until 6 December 2026 it ran, its site drawing less as its
 * chips did more.
 */
function checkPowerChain(loaded: Loaded<Scenario>, site: Site): void {
  const p = site.facility.chain?.fallingPoint();
  if (!p) return;
  const keys = ['facility', 'power_chain', p.stage, 'efficiency', p.index, 1];
  const at = loaded.locate(keys);
  const w = (x: number): string => `${+x.toPrecision(6)} W`;
  throw new InputError(
    at.file,
    formatPath(keys),
    `an efficiency at most ${+p.most.toPrecision(4)} at load ${p.point[0]} with the stage's fixed draw of ${w(p.fixedW)}: the input ((load + fixed) / efficiency) never falls as the load rises, and it is ${w(p.beforeW)} at [${p.before[0]}, ${p.before[1]}]`,
    `${p.point[1]} (${w(p.atW)})`,
    at.line,
  );
}

/** The site of a model, refused (the usual one-line error at the name's line) when two of its columns would be one (src/names.ts). */
function buildSite(loaded: Loaded<Scenario>, sink: RowSink, policy?: ScriptedPolicy): Site {
  let site: Site;
  try {
    site = new Site(loaded.model, { baseDir: loaded.baseDir, policy }, sink);
  } catch (e) {
    if (e instanceof ModelFieldError) {
      const at = loaded.locate(e.keys);
      throw new InputError(at.file, formatPath(e.keys), e.expected, e.found, at.line);
    }
    throw e instanceof InputError ? withoutForeignContent(e, loaded.baseDir) : e;
  }
  // A traced service's demand, known once its trace is read: refused now rather than after the run (src/model/limits.ts).
  checkTraceTokens(loaded.model, loaded.locate, site.workload.traceTps);
  checkRadiator(loaded, site);
  checkPowerChain(loaded, site);
  const clash = findNameClash(loaded.model, [...site.meters.map((x) => x.name), ...site.demandColumns()]);
  if (clash) {
    const at = loaded.locate(clash.keys);
    throw new InputError(
      at.file,
      formatPath(clash.keys),
      `a name whose columns no other column uses (case and "-"/"_" aside)`,
      `${JSON.stringify(clash.name)}: its column ${clash.column} is ${clash.other ? `also ${clash.other}'s` : 'built in'}`,
      at.line,
    );
  }
  return site;
}
