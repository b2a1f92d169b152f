/**
 * Sweeps and sizings against plain runs: a seeded property test.
 *
 * fast-check draws small models (a cluster with jobs and sometimes a training run, an SMR fleet with outages, a
 * battery, a capped grid, economics) and either
 *  - sweeps them over 1-2 varied values (quantities with mixed units, counts, ratios, a varied seed) and 1-2
 *    replicates, then checks each row of the sweep's summary.csv against `dcpsim run` of the same model with that
 *    row's values and seed, figure by figure (docs/sweeps.md: "To reproduce one row: dcpsim run <model>
 *    --set <path=value>... --seed <seed>"), and the seeds against the documented rule (replicate r of every point
 *    shares its seed; a varied seed is that point's base seed; --no-crn gives each point its own), a kept time
 *    series against the run's own, and points.csv's means and 95 % intervals and differences.csv's paired
 *    differences against the rows; or
 *  - sizes them (SMR units and battery energy, an objective and a requirement or two, exhaustive) and checks
 *    every candidate's objective, requirement statistics, violation, carbon and shares against its runs' rows,
 *    the chosen one against the feasible set, and best.json's `dcpsim run` line against replicate 0
 *    (docs/sizing.md).
 * `DCPSIM_FUZZ_RUNS=60 DCPSIM_FUZZ_SEED=3 npx vitest run tests/sweep-size.test.ts` explores further.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { unitOf } from '../src/output/tables/figures.ts';
import { runScenario } from '../src/run.ts';
import { runSizing } from '../src/sizing/size.ts';
import { runSweep } from '../src/sweep/sweep.ts';
import { readCsv } from './helpers/read-csv.ts';
import { arbModel, type ModelCase, modelOf } from './helpers/small-model.ts';

const tmp = mkdtempSync(join(tmpdir(), 'dcpsim-sweep-size-'));
afterAll(() => {
  if (!process.env.DCPSIM_FUZZ_KEEP) rmSync(tmp, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Comparing a sweep's row with a run's summary.csv

type Row = Record<string, string>;

/** Every figure of a run's summary.csv against the sweep row's same column: equal as written. */
function sameFigures(what: string, row: Row, single: Row, failures: string[]): void {
  for (const [k, v] of Object.entries(single)) {
    if (k === 'model') continue;
    if (!(k in row)) failures.push(`${what}: the sweep has no column ${k}`);
    else if (row[k] !== v) failures.push(`${what}: ${k} ${row[k]} in the sweep, ${v} run alone`);
  }
}

function summaryRow(dir: string): Row {
  const t = readCsv(join(dir, 'summary.csv'));
  return Object.fromEntries(t.header.map((h, i) => [h, t.rows[0][i]]));
}

function rowsOf(file: string): Row[] {
  const t = readCsv(file);
  return t.rows.map((r) => Object.fromEntries(t.header.map((h, i) => [h, r[i]])));
}

// ---------------------------------------------------------------------------------------------
// Sweeps

/** A varied field: its path, the values as --vary writes them, the column's name and each value in it. */
interface VaryCase {
  arg: string;
  column: string;
  sets: string[];
  cells: string[];
}

const arbVary = (m: ModelCase, peakKw: number): fc.Arbitrary<VaryCase> => {
  const smrKw = Math.max(1, Math.round(m.smrShare * peakKw));
  return fc.constantFrom<VaryCase>(
    {
      arg: 'supply[2].price=40:100:30 $/MWh',
      column: 'supply[2].price_usd_per_mwh',
      sets: ['40 $/MWh', '70 $/MWh', '100 $/MWh'],
      cells: ['40', '70', '100'],
    },
    {
      // Mixed units: the column is in the first's (docs/sweeps.md).
      arg: `supply[1].energy=${smrKw} kWh,${(2 * smrKw) / 1000} MWh`,
      column: 'supply[1].energy_kwh',
      sets: [`${smrKw} kWh`, `${(2 * smrKw) / 1000} MWh`],
      cells: [String(smrKw), String(2 * smrKw)],
    },
    {
      arg: 'supply[0].units=0:2',
      column: 'supply[0].units',
      sets: ['0', '1', '2'],
      cells: ['0', '1', '2'],
    },
    {
      arg: 'facility.cooling.pue=1.1,1.35',
      column: 'facility.cooling.pue',
      sets: ['1.1', '1.35'],
      cells: ['1.1', '1.35'],
    },
    {
      arg: 'supply[0].forced_outages.mttr=90m,12h',
      column: 'supply[0].forced_outages.mttr_min',
      sets: ['90m', '12h'],
      cells: ['90', '720'],
    },
    {
      // Its column is base_seed: `seed` is each run's own (docs/sweeps.md).
      arg: 'seed=11,12',
      column: 'base_seed',
      sets: ['11', '12'],
      cells: ['11', '12'],
    },
  );
};

const arbSweep = arbModel.chain((m) => {
  const { model, peakKw } = modelOf(m);
  return fc
    .record({
      model: fc.constant(model),
      varies: fc.uniqueArray(arbVary(m, peakKw), { minLength: 1, maxLength: 2, selector: (v) => v.column }),
      replicates: fc.integer({ min: 1, max: 3 }),
      baseSeed: fc.option(fc.integer({ min: 1, max: 99999 }), { nil: undefined }),
      crn: fc.boolean(),
      // --duration, --step and --set apply to every run (docs/sweeps.md).
      duration: fc.option(fc.constantFrom('30h', '2d'), { nil: undefined }),
      step: fc.option(fc.constantFrom('30m', '2h'), { nil: undefined }),
      set: fc.constantFrom(
        [],
        ['supply[0].price=45 $/MWh'],
        // Not the grid's carbon_free_share: a constant beside its carbon trace (carbonTrace) is refused.
        ['supply[0].carbon=20 g/kWh', 'facility.cooling.pue=1.4'],
      ),
      series: fc.constantFrom('none' as const, 'first' as const, 'all' as const),
    })
    .map((c) => ({
      ...c,
      // A --set of a varied path is refused (the varied values would replace it): leave those out.
      set: c.set.filter((s) => !c.varies.some((v) => s.startsWith(`${v.arg.split('=')[0]}=`))),
      // So is a --seed beside a varied seed, which seeds no run: leave it out.
      baseSeed: c.varies.some((v) => v.column === 'base_seed') ? undefined : c.baseSeed,
    }));
});
type SweepCase = typeof arbSweep extends fc.Arbitrary<infer T> ? T : never;

/** The cartesian product, first varied value outermost. */
function product<T>(lists: T[][]): T[][] {
  return lists.reduce<T[][]>((acc, l) => acc.flatMap((a) => l.map((x) => [...a, x])), [[]]);
}

async function checkSweep(c: SweepCase, dir: string, failures: string[]): Promise<void> {
  const file = join(dir, 'model.json');
  writeFileSync(file, JSON.stringify(c.model, null, 1));
  const out = join(dir, 'sweep');
  await runSweep({
    model: file,
    vary: c.varies.map((v) => v.arg),
    replicates: c.replicates,
    ...(c.baseSeed !== undefined ? { seed: c.baseSeed } : {}),
    crn: c.crn,
    ...(c.duration ? { duration: c.duration } : {}),
    ...(c.step ? { step: c.step } : {}),
    set: c.set,
    series: c.series,
    workers: 1,
    out,
  });
  const table = readCsv(join(out, 'summary.csv'));
  const nv = c.varies.length;
  // Leading columns: the varied values, replicate, run, seed, error (docs/sweeps.md).
  const lead = [...c.varies.map((v) => v.column), 'replicate', 'run', 'seed', 'error'];
  if (table.header.slice(0, lead.length).join() !== lead.join())
    failures.push(`sweep summary.csv leads with ${table.header.slice(0, lead.length)}, not ${lead}`);
  const points = product(c.varies.map((v) => v.sets.map((s, i) => ({ set: s, cell: v.cells[i] }))));
  if (table.rows.length !== points.length * c.replicates)
    failures.push(`sweep: ${table.rows.length} rows for ${points.length} points x ${c.replicates} replicates`);
  const seedOf = new Map<string, string>();
  const baseOf = (p: number): string => {
    const k = c.varies.findIndex((v) => v.column === 'base_seed');
    return k >= 0 ? points[p][k].cell : String(c.baseSeed ?? c.model.seed);
  };
  for (const [r, row] of table.rows.entries()) {
    const p = Math.floor(r / c.replicates);
    const rep = r % c.replicates;
    const point = points[p];
    if (!point) break;
    for (let k = 0; k < nv; k++)
      if (row[k] !== point[k].cell)
        failures.push(`sweep row ${r}: ${c.varies[k].column} ${row[k]}, not ${point[k].cell}`);
    if (row[nv] !== String(rep)) failures.push(`sweep row ${r}: replicate ${row[nv]}, not ${rep}`);
    if (row[nv + 3] !== '') failures.push(`sweep row ${r}: error ${row[nv + 3]}`);
    // Seeds: with common random numbers replicate r of every point of one base seed has one seed; without, each
    // point its own (docs/sweeps.md, Seeds and common random numbers).
    const seed = row[nv + 2];
    const key = c.crn ? `${baseOf(p)}:${rep}` : `${p}:${rep}`;
    if (seedOf.has(key) && seedOf.get(key) !== seed)
      failures.push(`sweep row ${r}: seed ${seed}, not ${seedOf.get(key)} as replicate ${rep} of base ${baseOf(p)}`);
    for (const [k2, s2] of seedOf)
      if (k2 !== key && s2 === seed) failures.push(`sweep row ${r}: seed ${seed} also that of ${k2}`);
    seedOf.set(key, seed);
  }
  checkPoints(out, table, lead.length, nv, c.replicates, failures);
  // Each row against the same model run alone with the row's values and seed, figure by figure (up to 4 rows).
  const picks = table.rows.map((_, r) => r).filter((r) => r % Math.max(1, Math.ceil(table.rows.length / 4)) === 0);
  for (const r of picks) {
    const row = table.rows[r];
    const point = points[Math.floor(r / c.replicates)];
    const set = [...c.set, ...c.varies.map((v, k) => `${v.arg.split('=')[0]}=${point[k].set}`)];
    const single = join(dir, `single-${r}`);
    runScenario({
      model: file,
      set,
      seed: Number(row[nv + 2]),
      ...(c.duration ? { duration: c.duration } : {}),
      ...(c.step ? { step: c.step } : {}),
      out: single,
      sync: false,
    });
    const want = summaryRow(single);
    const got = Object.fromEntries(table.header.map((h, i) => [h, row[i]]).slice(lead.length));
    got.seed = row[nv + 2];
    sameFigures(`sweep row ${r} (${set.join(' ')} --seed ${row[nv + 2]})`, got, want, failures);
    // A time series the sweep kept (--series all, or first for replicate 0) is the run's own, byte for byte.
    const kept = join(out, 'runs', row[nv + 1], 'timeseries.csv');
    const keeps = c.series === 'all' || (c.series === 'first' && row[nv] === '0');
    if (existsSync(kept) !== keeps)
      failures.push(`sweep row ${r}: --series ${c.series} kept its series: ${existsSync(kept)}`);
    if (keeps && existsSync(kept) && !readFileSync(kept).equals(readFileSync(join(single, 'timeseries.csv'))))
      failures.push(`sweep row ${r}: its kept timeseries.csv differs from the run's alone`);
    // training.csv: the sweep's rows of this run are the run's own rows after the leading columns.
    if ((c.model.workload as { training: unknown[] }).training.length > 0) {
      const sweepTr = readFileSync(join(out, 'training.csv'), 'utf8').trimEnd().split('\n').slice(1);
      const mine = sweepTr
        .filter((l) => l.split(',')[nv + 1] === row[nv + 1])
        .map((l) =>
          l
            .split(',')
            .slice(nv + 3)
            .join(','),
        );
      const own = readFileSync(join(single, 'training.csv'), 'utf8').trimEnd().split('\n').slice(1);
      if (mine.join('\n') !== own.join('\n')) failures.push(`sweep row ${r}: training.csv rows differ from the run's`);
    }
  }
}

/** t(0.975, df), df 1-3 (Student's t table). */
const T975: Record<number, number> = { 1: 12.706204736174705, 2: 4.302652729749464, 3: 3.182446305284263 };
const Z = 1.959963984540054;
// docs/sweeps.md: a source's share, goodput, an availability, a capacity factor, the CFE score, any *_share, and a
// battery's initial_soc, final_soc and faded capacity (shares of its nameplate energy).
const SHARE =
  /(^|[._])(share|goodput|cfe_score|availability|capacity_factor|initial_soc|final_soc)$|^sources\.[^.]+\.detail\.capacity$/;

/**
 * points.csv and differences.csv from summary.csv's rows (docs/sweeps.md): each figure's mean over a point's replicates
 * with mean ± t(0.975, n−1)·s/√n, the lower bound at zero for a figure that cannot be negative (all but money, when
 * every replicate is ≥ 0) and the upper at one for a share; any_loss_of_load with the Wilson score interval; each
 * point's key figures minus the first point's, paired by replicate.
 */
function checkPoints(
  out: string,
  table: ReturnType<typeof readCsv>,
  figuresFrom: number,
  nv: number,
  replicates: number,
  failures: string[],
): void {
  const points = readCsv(join(out, 'points.csv'));
  const near = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 + 1e-7 * Math.max(Math.abs(a), Math.abs(b));
  const cell = (t: ReturnType<typeof readCsv>, r: number, name: string): string => t.rows[r][t.header.indexOf(name)];
  /** A figure's cell in each replicate of a point: a number, or undefined where the run has no such figure. */
  const cellsOf = (p: number, f: string): (number | undefined)[] =>
    table.rows
      .slice(p * replicates, (p + 1) * replicates)
      .map((r) => r[table.header.indexOf(f)])
      .map((x) => (x === '' || x === undefined ? undefined : Number(x)));
  const valuesOf = (p: number, f: string): number[] => cellsOf(p, f).filter((x) => x !== undefined);
  // docs/sweeps.md: a cooling mode's code is a label, with no mean or interval in points.csv.
  const isCode = (h: string) => /^facility\.modes\.[^.]+\.code$/.test(h);
  const figures = table.header.slice(figuresFrom).filter((f) => !isCode(f));
  if (points.header.some((h) => isCode(h.replace(/\.(mean|ci95_lo|ci95_hi)$/, ''))))
    failures.push("points.csv: a cooling mode's code has a mean");
  for (let p = 0; p < points.rows.length; p++) {
    for (const f of figures) {
      if (!points.header.includes(`${f}.mean`)) {
        failures.push(`points.csv: no ${f}.mean`);
        continue;
      }
      const xs = valuesOf(p, f);
      const n = xs.length;
      const got = [`${f}.mean`, `${f}.ci95_lo`, `${f}.ci95_hi`].map((k) => cell(points, p, k));
      if (n === 0) continue;
      const mean = xs.reduce((a, x) => a + x, 0) / n;
      let lo: number | undefined;
      let hi: number | undefined;
      if (f === 'reliability.any_loss_of_load') {
        const q = mean;
        const centre = (q + (Z * Z) / (2 * n)) / (1 + (Z * Z) / n);
        const half = (Z * Math.sqrt((q * (1 - q)) / n + (Z * Z) / (4 * n * n))) / (1 + (Z * Z) / n);
        [lo, hi] = [Math.max(0, centre - half), Math.min(1, centre + half)];
      } else if (n > 1) {
        const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
        const half = (T975[n - 1] * sd) / Math.sqrt(n);
        [lo, hi] = [mean - half, mean + half];
        // Money (the figure's unit, as the sweep's tables and charts label it) may be negative.
        if (!unitOf(f).startsWith('USD') && xs.every((x) => x >= 0)) lo = Math.max(0, lo);
        if (SHARE.test(f)) hi = Math.min(1, hi);
      }
      const where = `points.csv point ${p} ${f} (replicates ${xs.join(' ')})`;
      if (!near(Number(got[0]), mean)) failures.push(`${where}: mean ${got[0]}, not ${mean}`);
      if (lo === undefined) {
        if (got[1] !== '' || got[2] !== '')
          failures.push(`${where}: an interval ${got[1]}..${got[2]} from one replicate`);
      } else if (!near(Number(got[1]), lo) || !near(Number(got[2]), hi!))
        failures.push(`${where}: interval ${got[1]}..${got[2]}, not ${lo}..${hi}`);
    }
  }
  // differences.csv: point p's figure minus point 0's, replicate by replicate.
  const diffs = readCsv(join(out, 'differences.csv'));
  for (let r = 0; r < diffs.rows.length; r++) {
    const point = cell(diffs, r, 'point');
    const p = points.rows.findIndex((x) => x[points.header.indexOf('point')] === point);
    const f = cell(diffs, r, 'figure');
    const a = cellsOf(0, f);
    // A pair within a billionth of point 0's value (or of 1) is no difference (docs/sweeps.md).
    const paired = (x: number, b: number) => (Math.abs(x - b) <= 1e-9 * Math.max(1, Math.abs(b)) ? 0 : x - b);
    const d = cellsOf(p, f).flatMap((x, i) => (x === undefined || a[i] === undefined ? [] : [paired(x, a[i]!)]));
    const n = d.length;
    if (n === 0) continue;
    const mean = d.reduce((acc, x) => acc + x, 0) / n;
    const where = `differences.csv point ${p} ${f}`;
    if (cell(diffs, r, 'pairs') !== String(n)) failures.push(`${where}: pairs ${cell(diffs, r, 'pairs')}, not ${n}`);
    if (!near(Number(cell(diffs, r, 'difference.mean')), mean))
      failures.push(`${where}: mean ${cell(diffs, r, 'difference.mean')}, not ${mean}`);
    if (n > 1) {
      const sd = Math.sqrt(d.reduce((acc, x) => acc + (x - mean) ** 2, 0) / (n - 1));
      const half = (T975[n - 1] * sd) / Math.sqrt(n);
      if (
        !near(Number(cell(diffs, r, 'difference.ci95_lo')), mean - half) ||
        !near(Number(cell(diffs, r, 'difference.ci95_hi')), mean + half)
      )
        failures.push(
          `${where}: interval ${cell(diffs, r, 'difference.ci95_lo')}..${cell(diffs, r, 'difference.ci95_hi')}, not ${mean - half}..${mean + half}`,
        );
    }
  }
  if (nv > 0 && points.rows.length > 1 && diffs.rows.length === 0) failures.push('differences.csv: no rows');
}

// ---------------------------------------------------------------------------------------------
// Sizings

/** Short names (docs/sizing.md) to summary.csv columns. */
const FIGURE: Record<string, string> = {
  npc: 'economics.npc_usd',
  cost: 'cost_usd',
  carbon: 'carbon_kg',
  lcoe: 'economics.lcoe_usd_per_mwh',
  unmet_mwh: 'energy_mwh.unmet',
  lol_h: 'reliability.loss_of_load_hours',
  cfe: 'reliability.cfe_score',
};

/** A criterion's column in candidates.csv (docs/sizing.md): a short name with its figure's unit, as the other columns. */
const COLUMN: Record<string, string> = {
  npc: 'npc_usd',
  cost: 'cost_usd',
  carbon: 'carbon_kg',
  lcoe: 'lcoe_usd_per_mwh',
};

const arbSize = arbModel.chain((m) => {
  const { model, peakKw } = modelOf(m);
  const smrKw = Math.max(1, Math.round(m.smrShare * peakKw));
  const energyMwh = Math.max(0.1, Math.round(peakKw * 0.5) / 1000);
  return fc.record({
    model: fc.constant(model),
    decide: fc.constant(['supply[0].units=0:2', `supply[1].energy=0:${(2 * smrKw) / 1000}:${smrKw / 1000} MWh`]),
    minimize: fc.constantFrom('npc', 'cost', 'carbon', 'lcoe', 'p90(npc)', 'median(cost)'),
    require: fc.uniqueArray(
      fc.constantFrom(
        `unmet_mwh<=${energyMwh}`,
        'unmet_mwh<=0',
        `p90(unmet_mwh)<=${energyMwh}`,
        'lol_h<=4',
        'median(lol_h)<=2',
        'cfe>=0.5',
      ),
      { minLength: 1, maxLength: 2 },
    ),
    replicates: fc.integer({ min: 1, max: 3 }),
    search: fc.constantFrom('exhaustive' as const, 'pattern' as const),
    seed: fc.option(fc.integer({ min: 1, max: 99999 }), { nil: undefined }),
    duration: fc.option(fc.constantFrom('30h', '2d'), { nil: undefined }),
    step: fc.option(fc.constantFrom('30m', '2h'), { nil: undefined }),
    set: fc.constantFrom([], ['supply[2].price=90 $/MWh']),
  });
});
type SizeCase = typeof arbSize extends fc.Arbitrary<infer T> ? T : never;

/** A statistic over the replicates: mean, or nearest-rank quantile (docs/sizing.md). */
function stat(expr: string, xs: number[]): number {
  const m = /^(p(\d+)|median|mean)\((.*)\)$/.exec(expr);
  if (!m || m[1] === 'mean') return xs.reduce((a, x) => a + x, 0) / xs.length;
  const q = m[1] === 'median' ? 0.5 : Number(m[2]) / 100;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}
const bare = (expr: string): string => /\(([^)]*)\)/.exec(expr)?.[1] ?? expr;

async function checkSize(c: SizeCase, dir: string, failures: string[]): Promise<void> {
  const file = join(dir, 'model.json');
  writeFileSync(file, JSON.stringify(c.model, null, 1));
  const out = join(dir, 'size');
  const result = await runSizing({
    model: file,
    decide: c.decide,
    minimize: c.minimize,
    require: c.require,
    replicates: c.replicates,
    search: c.search,
    ...(c.seed !== undefined ? { seed: c.seed } : {}),
    ...(c.duration ? { duration: c.duration } : {}),
    ...(c.step ? { step: c.step } : {}),
    set: c.set,
    workers: 1,
    out,
  });
  const chosen = result.best !== undefined;
  const runs = rowsOf(join(out, 'summary.csv'));
  const cands = rowsOf(join(out, 'candidates.csv'));
  const column = c.minimize.replace(bare(c.minimize), COLUMN[bare(c.minimize)]);
  const reqs = c.require.map((r) => {
    const m = /^(.*?)(<=|>=)(.*)$/.exec(r)!;
    return { text: r, expr: m[1], le: m[2] === '<=', bound: Number(m[3]) };
  });
  const near = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  const feasible: { id: string; objective: number }[] = [];
  const violations = new Map<string, number>();
  for (const cand of cands) {
    const what = `candidate ${cand.candidate} (${cand['supply[0].units']} units, ${cand['supply[1].energy_mwh']} MWh)`;
    if (cand.status === 'pruned') {
      // Pruned by an infeasible candidate with at least as much of every decision (docs/sizing.md, Monotonicity).
      const by = cands.find((x) => x.candidate === cand.pruned_by);
      if (!by) failures.push(`${what}: pruned by ${cand.pruned_by}, not a candidate`);
      else if (
        by.status !== 'infeasible' ||
        Number(by['supply[0].units']) < Number(cand['supply[0].units']) ||
        Number(by['supply[1].energy_mwh']) < Number(cand['supply[1].energy_mwh'])
      )
        failures.push(
          `${what}: pruned by ${by.candidate} (${by.status}, ${by['supply[0].units']} units, ${by['supply[1].energy_mwh']} MWh)`,
        );
      continue;
    }
    if (cand.status !== 'feasible' && cand.status !== 'infeasible') {
      failures.push(`${what}: status ${cand.status} ${cand.error}`);
      continue;
    }
    const mine = runs.filter((r) => r.run.startsWith(`${cand.candidate}-r`));
    if (mine.length !== c.replicates || cand.replicates !== String(c.replicates))
      failures.push(`${what}: ${mine.length} runs, replicates ${cand.replicates}, of ${c.replicates}`);
    const figure = (expr: string): number[] => mine.map((r) => Number(r[FIGURE[bare(expr)]]));
    const objective = stat(c.minimize, figure(c.minimize));
    if (!near(Number(cand[column]), objective))
      failures.push(`${what}: ${column} ${cand[column]}, its runs give ${objective}`);
    let violation = 0;
    let ok = true;
    for (const q of reqs) {
      const v = stat(q.expr, figure(q.expr));
      if (!near(Number(cand[q.expr]), v)) failures.push(`${what}: ${q.expr} ${cand[q.expr]}, its runs give ${v}`);
      const short = q.le ? v - q.bound : q.bound - v;
      if (short > 0) {
        ok = false;
        violation += q.bound === 0 ? short : short / Math.abs(q.bound);
      }
      const meeting = figure(bare(q.expr)).filter((x) => (q.le ? x <= q.bound : x >= q.bound)).length / mine.length;
      if (!near(Number(cand[`share_meeting:${q.text}`]), meeting))
        failures.push(`${what}: share meeting ${q.text} ${cand[`share_meeting:${q.text}`]}, its runs give ${meeting}`);
    }
    if (!near(Number(cand.violation), violation))
      failures.push(`${what}: violation ${cand.violation}, its runs give ${violation}`);
    if ((cand.status === 'feasible') !== ok)
      failures.push(`${what}: ${cand.status}, its runs say ${ok ? 'feasible' : 'infeasible'}`);
    if ('carbon_t' in cand) {
      const t = stat('mean', figure('carbon')) / 1000;
      if (!near(Number(cand.carbon_t), t)) failures.push(`${what}: carbon_t ${cand.carbon_t}, its runs give ${t}`);
    }
    if (ok) feasible.push({ id: cand.candidate, objective });
    violations.set(cand.candidate, violation);
  }
  // The chosen one: the feasible candidate of least objective; feasible.csv lists them least first.
  const fcsv = rowsOf(join(out, 'feasible.csv'));
  const order = fcsv.map((r) => Number(r[column]));
  if (order.some((x, i) => i > 0 && x < order[i - 1]))
    failures.push(`feasible.csv not least objective first: ${order}`);
  if (fcsv.length !== feasible.length)
    failures.push(`feasible.csv has ${fcsv.length} rows, ${feasible.length} feasible`);
  if (chosen !== feasible.length > 0) failures.push(`chosen ${chosen} with ${feasible.length} feasible`);
  if (!chosen) {
    // None feasible: no best.json, and the closest is a candidate of least violation (docs/sizing.md).
    if (existsSync(join(out, 'best.json'))) failures.push('best.json written with no feasible candidate');
    const least = Math.min(...violations.values());
    const closest = result.closest ? violations.get(result.closest.id) : undefined;
    if (closest === undefined || !near(closest, least))
      failures.push(`closest ${result.closest?.id} of violation ${closest}, the least is ${least}`);
    return;
  }
  const best = JSON.parse(readFileSync(join(out, 'best.json'), 'utf8'));
  const least = Math.min(...feasible.map((x) => x.objective));
  // Keyed as candidates.csv's column: npc_usd, p90(npc_usd).
  if (!near(best.objective[column], least))
    failures.push(`best.json ${column} ${best.objective[column]}, least feasible ${least}`);
  if (!feasible.some((x) => x.id === best.candidate)) failures.push(`best.json chose ${best.candidate}, not feasible`);
  // Per requirement: its value and the replicates meeting it, as candidates.csv has them, with the 95 % Wilson interval.
  const row = cands.find((x) => x.candidate === best.candidate);
  for (const [i, q] of reqs.entries()) {
    const b = best.requirements[i];
    const k = b?.replicates_meeting;
    const n = b?.replicates;
    const share = Number(row?.[`share_meeting:${q.text}`]);
    const p = k / n;
    const z2n = (Z * Z) / n;
    const centre = (p + z2n / 2) / (1 + z2n);
    const half = (Z * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n))) / (1 + z2n);
    if (
      b?.requirement !== q.text ||
      !near(b.value, Number(row?.[q.expr])) ||
      n !== c.replicates ||
      !near(b.share, share) ||
      !near(k, share * n) ||
      b.met !== true ||
      !near(b.share_ci95_lo, Math.max(0, centre - half)) ||
      !near(b.share_ci95_hi, Math.min(1, centre + half))
    )
      failures.push(`best.json requirement ${q.text}: ${JSON.stringify(b)} against ${row?.[q.expr]}, share ${share}`);
  }
  if ('carbon_t' in (row ?? {}) && !near(best.carbon_t, Number(row?.carbon_t)))
    failures.push(`best.json carbon_t ${best.carbon_t}, candidates.csv ${row?.carbon_t}`);
  // best.json's `dcpsim run` line reproduces replicate 0, figure by figure.
  const line: string = best.run_replicate_0;
  const set = [...line.matchAll(/--set (?:'([^']*)'|(\S+))/g)].map((x) => x[1] ?? x[2]);
  const seed = Number(/--seed (\d+)/.exec(line)?.[1]);
  const duration = /--duration (\S+)/.exec(line)?.[1];
  const step = /--step (\S+)/.exec(line)?.[1];
  if (duration !== c.duration || step !== c.step)
    failures.push(`best.json's run line has --duration ${duration} --step ${step}, the sizing ${c.duration} ${c.step}`);
  const single = join(dir, 'best-r0');
  runScenario({ model: file, set, seed, duration, step, out: single, sync: false });
  const r0 = runs.find((r) => r.run === `${best.candidate}-r0`)!;
  sameFigures(`best.json's run line (${line})`, r0, summaryRow(single), failures);
}

// ---------------------------------------------------------------------------------------------

const RUNS = Number(process.env.DCPSIM_FUZZ_RUNS ?? 6);
/** A sizing runs up to 9 candidates x 3 replicates: half as many of them. */
const SIZINGS = Math.max(1, Math.ceil(RUNS / 2));
const SEED = Number(process.env.DCPSIM_FUZZ_SEED ?? 20261202);

const report = (failures: string[], model: unknown, extra: string): void => {
  if (failures.length > 0)
    throw new Error(
      `${failures.slice(0, 12).join('\n')}${failures.length > 12 ? `\n... ${failures.length - 12} more` : ''}\n${extra}\nmodel: ${JSON.stringify(model)}`,
    );
};

describe('sweeps and sizings against plain runs', () => {
  it(
    `a sweep's rows are the runs alone with their values and seeds (${RUNS} sweeps, seed ${SEED})`,
    async () => {
      let k = 0;
      await fc.assert(
        fc.asyncProperty(arbSweep, async (c) => {
          const dir = join(tmp, `sweep${k++}`);
          mkdirSync(dir);
          const failures: string[] = [];
          await checkSweep(c, dir, failures);
          report(
            failures,
            c.model,
            `vary ${c.varies.map((v) => v.arg).join(' ')} replicates ${c.replicates} seed ${c.baseSeed} crn ${c.crn} series ${c.series} duration ${c.duration} step ${c.step} set ${c.set}; files ${dir}`,
          );
          rmSync(dir, { recursive: true, force: true });
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: process.env.DCPSIM_FUZZ_SHRINK === undefined },
      );
    },
    120_000 + RUNS * 15_000,
  );

  it(
    `a sizing's candidates are their runs' figures, and best.json's run line its replicate 0 (${SIZINGS} sizings, seed ${SEED})`,
    async () => {
      let k = 0;
      await fc.assert(
        fc.asyncProperty(arbSize, async (c) => {
          const dir = join(tmp, `size${k++}`);
          mkdirSync(dir);
          const failures: string[] = [];
          await checkSize(c, dir, failures);
          report(
            failures,
            c.model,
            `decide ${c.decide.join(' ')} minimize ${c.minimize} require ${c.require.join(' ')} replicates ${c.replicates} ${c.search} seed ${c.seed} duration ${c.duration} step ${c.step} set ${c.set}; files ${dir}`,
          );
          rmSync(dir, { recursive: true, force: true });
        }),
        { seed: SEED, numRuns: SIZINGS, endOnFailure: process.env.DCPSIM_FUZZ_SHRINK === undefined },
      );
    },
    120_000 + SIZINGS * 15_000,
  );
});
