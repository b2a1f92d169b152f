/**
 * runSizing: the least-cost portfolio that meets the requirements. The
 * candidates are points of a sweep plan (the decisions are its --vary), run
 * by the sweep's machinery: the worker pool, claims, run records and resume
 * (src/sweep/), in the sizing's folder laid out as a sweep's. The search
 * (search.ts) asks for batches of candidates; each batch's runs go to the
 * pool, and the candidates' outcomes are computed from the run records on
 * disk, so the search, and every file written from it, is the same for any
 * number of workers or shards, and a rerun resumes.
 *
 * Shards (--shard k/N), on shared storage or machines of their own: the
 * search needs each batch's outcomes before it can ask for the next, so a
 * shard does not search. It runs its share of the whole lattice (round-robin
 * by candidate index, as a sweep's points), pruning nothing, and stops; then
 * `dcpsim merge` (mergeSizing) gathers the shards' run records into one
 * folder and makes the search from them, running nothing: the same search,
 * from the same records, as one machine's, so the same files.
 */
import type { Worker } from 'node:worker_threads';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../model/errors.ts';
import { writeFileAtomic } from '../output/files/atomic.ts';
import { Progress, progressWanted } from '../output/terminal/progress.ts';
import { absentFigure, undefinedFigure } from '../output/tables/figures.ts';
import { flatFigures } from '../output/tables/summary-csv.ts';
import type { RunSummary } from '../output/tables/summary.ts';
import { scaledYearText, spanText, unseenChanges } from '../output/terminal/run-table.ts';
import { checkPoint, type Plan, type PlannedRun, type Point } from '../sweep/plan.ts';
import { runMemoryMb } from '../sweep/memory.ts';
import { runPool, workerCount } from '../sweep/pool.ts';
import { pointId, runId, runSeed } from '../sweep/seeds.ts';
import { inShard, isShard, resolveShard, WHOLE, type Shard } from '../sweep/shard.ts';
import { inSpecFile, type SweepSpec } from '../sweep/spec.ts';
import type { SweepRunOptions } from '../sweep/sweep.ts';
import { checkFolderKind, isComplete, readRecord, readSpecFile, runDir, writeShardRecord } from '../sweep/store.ts';
import { checkShardJoins, foreignText, pointHashes, recordOf, sameSpec, whichShards } from '../sweep/sweep.ts';
import type { RunTask } from '../sweep/task.ts';
import { meets, shortfall, statistic, WORST_YEAR_LOLE, type Criterion } from './criteria.ts';
import { writeOutputs, type Candidate } from './outputs.ts';
import { decode, search, size, violation, type Outcome, type SearchResult } from './search.ts';
import {
  asDecide,
  criteriaOf,
  decidesCapacity,
  resolveSizing,
  sizingDir,
  sweepSpecOf,
  type Criteria,
  type SizingOptions,
  type SizingSpec,
} from './spec.ts';
import { isoTimestamp } from '../kernel/time.ts';

export type SizingRunOptions = SizingOptions &
  Pick<SweepRunOptions, 'workers' | 'shard' | 'shards' | 'env' | 'runMemory' | 'progress' | 'signal' | 'onWaiting'>;

export interface SizingResult {
  spec: SizingSpec;
  dir: string;
  shard: Shard;
  /** Candidates in the lattice. */
  lattice: number;
  candidates: Candidate[];
  best?: Candidate;
  /** The candidate of least violation when none is feasible. */
  closest?: Candidate;
  /** Runs done now, found complete, failed. */
  ran: number;
  skipped: number;
  failed: number;
  stopped: boolean;
  batches: number;
  files: string[];
  /** merge: the model size.json names, when it is not on this machine (results taken by their seeds, unchecked). */
  uncheckedModel?: string;
}

/** The same search, from the same records, writes the same files: one machine's, or merge's after shards. */
function finish(
  spec: SizingSpec,
  dir: string,
  criteria: Criteria,
  found: SearchResult,
  candidates: Map<number, Candidate>,
): Pick<SizingResult, 'candidates' | 'best' | 'closest' | 'files'> {
  const sweep = sweepSpecOf(spec);
  for (const [i, by] of found.pruned) {
    const p = pointAt(sweep, i);
    candidates.set(i, {
      index: i,
      id: p.id,
      values: p.values,
      replicates: 0,
      status: 'pruned',
      prunedBy: candidates.get(by)!.id,
      objective: NaN,
      stats: criteria.requirements.map(() => NaN),
      met: criteria.requirements.map(() => 0),
      carbonT: NaN,
    });
  }
  const all = [...candidates.values()].sort((a, b) => a.index - b.index);
  const best = found.best === undefined ? undefined : candidates.get(found.best);
  // The search ranks an objective with no value (a component's LCOE where it generated nothing) after every value:
  // chosen only when no feasible candidate has one, which is no answer to the question.
  if (best && Number.isNaN(best.objective))
    throw new InputError(
      '--minimize',
      '',
      `a candidate meeting the requirements with a value of ${criteria.objective.figure}`,
      `none among the ${all.filter((c) => c.status === 'feasible').length} feasible (a source that generated nothing in a replicate, as a battery of 0 MWh or one never discharged, has no LCOE there): decide sizes above 0`,
    );
  const closest = found.closest === undefined ? undefined : candidates.get(found.closest);
  const plan: Plan = { spec: sweep, points: [], runs: [] };
  for (const c of all.filter((x) => x.status !== 'pruned')) {
    const p = pointAt(sweep, c.index);
    plan.points.push(p);
    plan.runs.push(...runsOf(sweep, p));
  }
  const files = writeOutputs({
    dir,
    spec,
    criteria,
    candidates: all,
    best,
    closest,
    plan,
    violation: (c) => violation(outcomeOf(c, criteria), scalesOf(criteria)),
  });
  return { candidates: all, best, closest, files };
}

/** The search's problem: the lattice, the requirements' monotonicity and scales, the method. */
function problemOf(spec: SizingSpec, criteria: Criteria) {
  // A requirement is monotone in the lattice only where every decision is a capacity (decidesCapacity).
  const capacity = decidesCapacity(spec.decide);
  return {
    dims: spec.decide.map((d) => d.values.length),
    monotone: criteria.requirements.map((r) => r.monotone && capacity),
    scales: scalesOf(criteria),
    method: spec.search,
    prune: spec.prune,
  };
}

const SIZE_FILE = 'size.json';

/** The lattice's candidate i as a sweep point (values in decision order). */
function pointAt(spec: SweepSpec, i: number): Point {
  const x = decode(
    i,
    spec.vary.map((v) => v.values.length),
  );
  const values = Object.fromEntries(spec.vary.map((v, d) => [v.path, v.values[x[d]]]));
  return { index: i, id: pointId(values), values };
}

function runsOf(spec: SweepSpec, point: Point): PlannedRun[] {
  return Array.from({ length: spec.replicates }, (_, r) => ({
    id: runId(point.id, r),
    point,
    replicate: r,
    seed: runSeed(spec.seed, point.values, r, true),
    series: false,
    ...(spec.timestamps === 'iso' ? { iso: true as const } : {}),
  }));
}

/**
 * A figure's value in one run's flat figures, or the one-line error naming the figure and saying that the runs done
 * stay in `dir`, whole: the command with a figure of theirs resumes from them, running none again.
 */
function figureOf(flat: ReadonlyMap<string, number>, c: Criterion, flag: string, dir: string): number {
  if (c.figure === WORST_YEAR_LOLE) return worstYearLole(flat);
  const x = flat.get(c.figure);
  if (x !== undefined) return x;
  // A category the run paid nothing in (capital with every capacity at 0) is absent from by_category: it is 0.
  const zero = absentFigure(flat, c.figure);
  if (zero !== undefined) return zero;
  // A component's LCOE where it generated nothing (a 0 MWh battery): no value, NaN, ranked after every value.
  if (undefinedFigure(flat, c.figure)) return NaN;
  const near = [...flat.keys()]
    .filter((k) => k.endsWith(c.figure.split('.').at(-1)!) || k.includes(c.figure))
    .slice(0, 3);
  throw new InputError(
    flag,
    '',
    `a figure of the runs' summary.csv (${near.length ? `like ${near.join(', ')}` : "see a run's summary.csv"}, or npc, lcoe, carbon_t, lole_h, unmet_mwh, cfe)`,
    `${JSON.stringify(c.label)} (the runs done are kept in ${dir}: the command with the figure corrected resumes from them)`,
  );
}

/**
 * The most loss-of-load hours of any project year, per 8,760 h of it (yearly.<year>.loss_of_load_hours x 8,760 /
 * yearly.<year>.hours), as lole_h is the run's: a run of one year gives its lole_h, a part year counts at its rate.
 */
function worstYearLole(flat: ReadonlyMap<string, number>): number {
  let worst = NaN;
  for (const [k, lol] of flat) {
    const m = /^yearly\.(.+)\.loss_of_load_hours$/.exec(k);
    const hours = m ? flat.get(`yearly.${m[1]}.hours`) : undefined;
    if (hours) worst = Math.max(Number.isNaN(worst) ? 0 : worst, (lol * 8760) / hours);
  }
  return worst;
}

/**
 * Where the runs cover the last project year they reach in part, how the economics make a whole year of it (src/economics/
 * cashflow.ts), as the run's table says beside its NPC: a sizing over 30 days gave its NPC 'over 10 years at 7.0%'
 * alone, each of the ten years being those 30 days scaled up. '' where every year run is whole.
 */
function scaledText(s: RunSummary): string {
  const e = s.economics;
  if (!e) return '';
  const hours = Number(s.yearly?.[e.simulated_years - 1]?.hours);
  if (!(hours < 8760)) return '';
  return scaledYearText(e.simulated_years, spanText(hours), e.simulated_years < e.years);
}

/** A candidate from its runs' records: its statistics, or the first error. */
function candidateOf(dir: string, spec: SweepSpec, criteria: Criteria, point: Point): Candidate {
  const flats: Map<string, number>[] = [];
  let error: string | undefined;
  let first: RunSummary | undefined;
  for (const run of runsOf(spec, point)) {
    const r = readRecord(dir, run.id);
    if (r?.summary && r.seed === run.seed) {
      flats.push(new Map(flatFigures(r.summary)));
      first ??= r.summary;
    } else error ??= r?.error ?? 'no result';
  }
  const { objective, requirements } = criteria;
  const base = { index: point.index, id: point.id, values: point.values, replicates: flats.length };
  if (error !== undefined)
    return {
      ...base,
      status: 'failed',
      error,
      objective: NaN,
      stats: requirements.map(() => NaN),
      met: requirements.map(() => 0),
      carbonT: NaN,
    };
  const per = (c: Criterion, flag: string) => flats.map((f) => figureOf(f, c, flag, dir));
  const stats = requirements.map((r) => statistic(r, per(r, '--require')));
  const met = requirements.map((r) => per(r, '--require').filter((x) => meets(r, x * r.scale)).length);
  const ok = requirements.every((r, k) => meets(r, stats[k]));
  const carbon = flats.map((f) => f.get('carbon_kg') ?? NaN);
  const usdPerT = flats[0]?.get('economics.carbon_price_usd_per_t');
  const carbonNpc = flats.map((f) => f.get('economics.carbon_npc_usd') ?? NaN);
  const usdPerMwh = flats[0]?.get('economics.value_of_lost_load_usd_per_mwh');
  const lostNpc = flats.map((f) => f.get('economics.lost_load_npc_usd') ?? NaN);
  // Runs ending before the project whose model changes after them: the economics' repeated years do not see it.
  const years = first?.economics?.years;
  const changes = first && years !== undefined ? unseenChanges(first, years) : [];
  const scaled = first ? scaledText(first) : '';
  return {
    ...base,
    ...(changes.length > 0 && years !== undefined ? { unseen: { years, changes } } : {}),
    ...(scaled ? { scaled } : {}),
    ...(first?.economics
      ? {
          terms: {
            years: first.economics.years,
            discount_rate: first.economics.discount_rate,
            escalation: first.economics.escalation,
          },
        }
      : {}),
    ...(usdPerT === undefined
      ? {}
      : { carbonPrice: { usdPerT, npcUsd: carbonNpc.reduce((a, x) => a + x, 0) / carbonNpc.length } }),
    ...(usdPerMwh === undefined
      ? {}
      : { lostLoad: { usdPerMwh, npcUsd: lostNpc.reduce((a, x) => a + x, 0) / lostNpc.length } }),
    status: ok ? 'feasible' : 'infeasible',
    objective: statistic(objective, per(objective, '--minimize')),
    stats,
    met,
    carbonT: statistic({ label: 'carbon_t', figure: 'carbon_kg', scale: 1e-3 }, carbon),
  };
}

function outcomeOf(c: Candidate, criteria: Criteria): Outcome {
  return {
    failed: c.status === 'failed',
    objective: c.objective,
    shortfalls: criteria.requirements.map((r, k) => (c.status === 'failed' ? Infinity : shortfall(r, c.stats[k]))),
  };
}

/** Each requirement's scale for ranking infeasible candidates: its bound, or 1 (the figure's unit) when the bound is 0. */
function scalesOf(criteria: Criteria): number[] {
  return criteria.requirements.map((r) => (r.bound === 0 ? 1 : Math.abs(r.bound)));
}

export async function runSizing(opts: SizingRunOptions): Promise<SizingResult> {
  const spec = resolveSizing(opts);
  const criteria = criteriaOf(spec);
  const dir = sizingDir(spec, opts.out);
  const shard = resolveShard(opts.shard, opts.shards, opts.env ?? process.env);
  const workers = workerCount(opts.workers);
  const memoryMb = runMemoryMb(workers, opts.runMemory, opts.env ?? process.env);
  const sweep = sweepSpecOf(spec);
  const dims = spec.decide.map((d) => d.values.length);
  const lattice = size(dims);

  // Every value of every decision checked against the schema before anything runs (the others at their first value).
  const hashes = new Map<string, string>();
  const hashOf = (p: Point): string => {
    let h = hashes.get(p.id);
    if (h === undefined) hashes.set(p.id, (h = asDecide(() => inSpecFile(spec, () => checkPoint(sweep, p)))));
    return h;
  };
  dims.forEach((n, d) => {
    for (let v = 0; v < n; v++)
      hashOf(
        pointAt(
          sweep,
          dims.reduce((i, m, e) => i * m + (e === d ? v : 0), 0),
        ),
      );
  });
  checkFolderKind(dir, 'sizing');
  checkShardJoins(dir, SIZE_FILE, asRanked(spec), shard, readRankedSpec, 'sizing');
  writeFileAtomic(join(dir, SIZE_FILE), `${JSON.stringify(spec, null, 2)}\n`);

  const enabled = Boolean(opts.progress) && progressWanted();
  let batches = 0;
  let ran = 0,
    skipped = 0,
    failed = 0,
    stopped = false,
    evaluated = 0;
  const candidates = new Map<number, Candidate>();

  const evaluate = async (batch: readonly number[]): Promise<Map<number, Outcome>> => {
    const points = batch.map((i) => pointAt(sweep, i));
    const tasks: RunTask[] = [];
    for (const p of points) {
      const pointHash = hashOf(p);
      for (const run of runsOf(sweep, p)) {
        if (isComplete(dir, run, pointHash)) skipped++;
        else tasks.push({ dir, spec: sweep, run, pointHash });
      }
    }
    let done = 0;
    // A line per batch (the search decides the next batch from this one's outcomes, so the whole is not known ahead).
    const progress = new Progress(
      `dcpsim size ${spec.name}: batch ${++batches}, ${batch.length} candidates`,
      process.stderr,
      enabled,
    );
    const draw = (): void =>
      progress.update(
        tasks.length ? done / tasks.length : 1,
        `${done}/${tasks.length} runs (${evaluated} candidate${evaluated === 1 ? '' : 's'} before),`,
      );
    // Each second too: a batch's runs can take minutes with nothing finishing (a ten-year campus per candidate).
    progress.redrawEachSecond(draw);
    const pool = await runPool(
      tasks,
      workers,
      {
        done: (r) => {
          done++, ran++;
          if (r.error !== undefined) failed++;
          draw();
        },
        elsewhere: () => {
          done++, skipped++;
          draw();
        },
        waiting: opts.onWaiting,
      },
      opts.signal,
      { memoryMb, reuse: idle },
    ).finally(() => progress.done());
    const out = new Map<number, Outcome>();
    if (pool.stopped) {
      stopped = true;
      return out;
    }
    for (const p of points) {
      const c = candidateOf(dir, sweep, criteria, p);
      candidates.set(p.index, c);
      out.set(p.index, outcomeOf(c, criteria));
      evaluated++;
    }
    return out;
  };

  // One set of worker threads for every batch: starting them is most of a short run's cost.
  const idle: Worker[] = [];
  if (isShard(shard)) {
    // A shard: its share of the lattice, one batch, then merge makes the search (see the top of this file); a shard of
    // one too, as the merge after it needs the whole lattice.
    const mine = Array.from({ length: lattice }, (_, i) => i).filter((i) => inShard(i, shard));
    const record = {
      index: shard.k - 1,
      shards: shard.n,
      source: shard.source,
      started_utc: isoTimestamp(Date.now()),
      runs: mine.length * spec.replicates,
    };
    writeShardRecord(dir, { ...record, state: 'running' });
    await evaluate(mine).finally(() => Promise.all(idle.splice(0).map((w) => w.terminate())));
    const complete = mine
      .flatMap((i) => runsOf(sweep, pointAt(sweep, i)))
      .filter((r) => readRecord(dir, r.id)?.seed === r.seed).length;
    writeShardRecord(dir, {
      ...record,
      state: stopped ? 'stopped' : 'done',
      ended_utc: isoTimestamp(Date.now()),
      complete,
    });
    return { spec, dir, shard, lattice, ran, skipped, failed, stopped, batches, candidates: [], files: [] };
  }
  const found = await search(problemOf(spec, criteria), evaluate).finally(() =>
    Promise.all(idle.splice(0).map((w) => w.terminate())),
  );
  const base = { spec, dir, shard, lattice, ran, skipped, failed, stopped, batches: found.batches };
  if (stopped) return { ...base, candidates: [], files: [] };
  return { ...base, ...finish(spec, dir, criteria, found, candidates) };
}

/** A sizing folder's size.json, if it has one. */
function readSizingSpec(dir: string): SizingSpec | undefined {
  return readSpecFile<SizingSpec>(join(dir, SIZE_FILE), 'dcpsim size');
}

/**
 * A spec with its criteria as the sizing reads and names them: "unmet_mwh <= 0" and "mean(unmet_mwh)<=0.0" are both
 * unmet_mwh<=0, so shards that wrote one criterion otherwise rank alike and join (they were refused as another
 * sizing); another order or another figure's name (npc, economics.npc_usd) names the outputs' columns otherwise.
 */
function asRanked(s: SizingSpec): SizingSpec {
  const { objective, requirements } = criteriaOf(s);
  return { ...s, minimize: objective.label, require: requirements.map((r) => r.text) };
}

/** A folder's size.json with its criteria as asRanked reads them (as written if they do not read: named as they are). */
function readRankedSpec(dir: string): SizingSpec | undefined {
  const s = readSizingSpec(dir);
  try {
    return s && asRanked(s);
  } catch {
    return s;
  }
}

/** Is `dir` a sizing's folder (merge tells a sizing from a sweep by it)? */
export function isSizingDir(dir: string): boolean {
  return existsSync(join(dir, SIZE_FILE));
}

/**
 * Join the shards of a sizing, each in its own folder or all in one: copy the
 * run records the other folders hold into `dir`, then make the search from
 * them, running nothing, and write what one machine writes. Every candidate
 * of the lattice must have its records (the shards ran it all); else the
 * one-line error names the shards to rerun.
 */
export async function mergeSizing(dir: string, more: readonly string[] = []): Promise<SizingResult> {
  const spec = readSizingSpec(dir)!;
  sameSpec(dir, SIZE_FILE, asRanked(spec), more, readRankedSpec, 'sizing');
  const criteria = criteriaOf(spec);
  const sweep = sweepSpecOf(spec);
  const lattice = size(spec.decide.map((d) => d.values.length));
  const runs = Array.from({ length: lattice }, (_, i) => runsOf(sweep, pointAt(sweep, i))).flat();
  // Each candidate's model hash from size.json, as a resume computes it: a record of another hash or seed is a
  // different sizing's (another model, --set, --duration or seed), not a result of this one.
  const points = Array.from({ length: lattice }, (_, i) => pointAt(sweep, i));
  const hashes = pointHashes(spec.model, points, (p) => asDecide(() => checkPoint(sweep, p)));
  const missing = [];
  const foreign = new Map<string, number>();
  let copied = 0;
  for (const run of runs) {
    const r = recordOf([dir, ...more], run, hashes?.get(run.point.id));
    if (r.record === undefined) {
      missing.push(run);
      for (const d of r.foreign) foreign.set(d, (foreign.get(d) ?? 0) + 1);
      continue;
    }
    if (r.from === dir) continue;
    rmSync(runDir(dir, run.id), { recursive: true, force: true });
    cpSync(runDir(r.from!, run.id), runDir(dir, run.id), { recursive: true });
    copied++;
  }
  if (missing.length > 0)
    throw new InputError(
      dir,
      '',
      `results of all ${runs.length} runs of the sizing's ${lattice} candidates`,
      `${missing.length} missing${foreignText(foreign, join(dir, SIZE_FILE), 'sizing')}${whichShards(missing, [dir, ...more], 'sizing')}`,
    );
  const candidates = new Map<number, Candidate>();
  const found = await search(problemOf(spec, criteria), async (batch) => {
    const out = new Map<number, Outcome>();
    for (const i of batch) {
      const c = candidateOf(dir, sweep, criteria, pointAt(sweep, i));
      candidates.set(i, c);
      out.set(i, outcomeOf(c, criteria));
    }
    return out;
  });
  const failed = runs.filter((r) => readRecord(dir, r.id)?.error !== undefined).length;
  return {
    spec,
    dir,
    shard: WHOLE,
    lattice,
    ran: 0,
    skipped: copied,
    failed,
    stopped: false,
    batches: found.batches,
    ...finish(spec, dir, criteria, found, candidates),
    ...(hashes ? {} : { uncheckedModel: spec.model }),
  };
}
