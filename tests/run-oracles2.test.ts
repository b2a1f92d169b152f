/**
 * Figures a planner acts on, against oracles that do not call the code under test (a second set, after
 * tests/run-oracles.test.ts):
 *
 * - Sizing (docs/sizing.md): `dcpsim size` over a small lattice (SMR units x battery energy) against brute force,
 *   every candidate run alone with `dcpsim run --set ... --seed <replicate's seed>` and judged here by the
 *   documented objective, statistics (mean, nearest-rank quantile) and requirements. The chosen candidate is the
 *   least objective of the whole lattice's feasible ones (ties: the candidate listed first), for an exhaustive search
 *   with any objective and for the pattern search with an objective that rises with capacity (capital); a pruned
 *   candidate is infeasible when run; with none feasible nothing is chosen. A candidate with no capital at all (every
 *   capacity at 0) has no `capital` in its summary.json's by_category: `--minimize capital` weighs it at 0.
 * - Job queues (docs/models/workload.md): a stream of jobs each holding one group of chips waits, on average, what
 *   Erlang C gives for exponential run times on c groups (M/M/c) and what Pollaczek-Khinchine gives for fixed or
 *   lognormal ones on one (M/G/1); the chips are busy ρ of the time, and λT jobs arrive.
 *
 * Seeded: `DCPSIM_FUZZ_RUNS=20 DCPSIM_FUZZ_SEED=7 npx vitest run tests/run-oracles2.test.ts` explores further.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { runScenario } from '../src/run.ts';
import { runSizing } from '../src/sizing/size.ts';
import { readCsv } from './helpers/read-csv.ts';
import { arbModel, modelOf } from './helpers/small-model.ts';

const tmp = mkdtempSync(join(tmpdir(), 'dcpsim-oracles2-'));
afterAll(() => {
  if (!process.env.DCPSIM_FUZZ_KEEP) rmSync(tmp, { recursive: true, force: true });
});

const RUNS = Number(process.env.DCPSIM_FUZZ_RUNS ?? 3);
const SEED = Number(process.env.DCPSIM_FUZZ_SEED ?? 20261202);

type Json = Record<string, any>;
/** What each check met, printed with DCPSIM_FUZZ_VERBOSE. */
const tally: string[] = [];
afterAll(() => {
  if (process.env.DCPSIM_FUZZ_VERBOSE) console.log(tally.join('\n'));
});
type Row = Record<string, string>;

const report = (failures: string[], extra: string): void => {
  if (failures.length > 0)
    throw new Error(
      `${failures.slice(0, 12).join('\n')}${failures.length > 12 ? `\n... ${failures.length - 12} more` : ''}\n${extra}`,
    );
};

let models = 0;
/** Run a model (as JSON) alone and give its folder. */
function runModel(model: Json): string {
  const id = models++;
  const file = join(tmp, `m${id}.json`);
  writeFileSync(file, JSON.stringify(model, null, 1));
  const out = join(tmp, `r${id}`);
  runScenario({ model: file, out, sync: false });
  return out;
}

function rowsOf(file: string): Row[] {
  const t = readCsv(file);
  return t.rows.map((r) => Object.fromEntries(t.header.map((h, i) => [h, r[i]])));
}

/** A figure of summary.json by its dotted name (a boolean as 0/1); undefined when the run has none. */
function figureOf(summary: Json, dotted: string): number | undefined {
  let v: any = summary;
  // Names under economics.by_category, sources.<name> may themselves hold dots only between levels.
  for (const k of dotted.split('.')) {
    if (v === null || typeof v !== 'object' || !(k in v)) return undefined;
    v = v[k];
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  return typeof v === 'number' ? v : undefined;
}

// ---------------------------------------------------------------------------------------------
// Sizing against brute force

/** Short names (docs/sizing.md's table) to summary.json figures, and the factor to the short name's unit. */
const FIGURE: Record<string, [string, number]> = {
  npc: ['economics.npc_usd', 1],
  capital: ['economics.by_category.capital', 1],
  cost: ['cost_usd', 1],
  lcoe: ['economics.lcoe_usd_per_mwh', 1],
  carbon_t: ['carbon_kg', 1e-3],
  unmet_mwh: ['energy_mwh.unmet', 1],
  lol_h: ['reliability.loss_of_load_hours', 1],
  lolp: ['reliability.any_loss_of_load', 1],
  cfe: ['reliability.cfe_score', 1],
};

/** mean(x) or pNN(x)/median(x) over the replicates: nearest rank, the smallest value with >= q of them at or below. */
function stat(expr: string, xs: number[]): number {
  const m = /^(p(\d+)|median|mean)\((.*)\)$/.exec(expr);
  const [figure, factor] = FIGURE[m ? m[3] : expr];
  void figure;
  if (!m || m[1] === 'mean') return (xs.reduce((a, x) => a + x, 0) / xs.length) * factor;
  const q = m[1] === 'median' ? 0.5 : Number(m[2]) / 100;
  const sorted = [...xs].sort((a, b) => a - b);
  // Nearest rank: the k-th smallest, k = ceil(q n) (at least 1), found by counting, not by a formula of the code's.
  for (const x of sorted) if (sorted.filter((y) => y <= x).length >= q * sorted.length) return x * factor;
  return sorted[sorted.length - 1] * factor;
}
const bare = (expr: string): string => /\(([^)]*)\)/.exec(expr)?.[1] ?? expr;

const arbSizing = arbModel.chain((m) => {
  const { model, peakKw } = modelOf(m);
  const smrKw = Math.max(1, Math.round(m.smrShare * peakKw));
  const unmetMwh = Math.max(0.1, Math.round(peakKw * 0.3) / 1000);
  return fc.record({
    model: fc.constant(model),
    smrKw: fc.constant(smrKw),
    // Exhaustive with any objective; the pattern search with capital, which rises with every capacity.
    how: fc.constantFrom(
      { search: 'exhaustive' as const, minimize: 'npc' },
      { search: 'exhaustive' as const, minimize: 'cost' },
      { search: 'exhaustive' as const, minimize: 'carbon_t' },
      { search: 'exhaustive' as const, minimize: 'p90(lcoe)' },
      { search: 'pattern' as const, minimize: 'capital' },
      { search: 'pattern' as const, minimize: 'capital' },
      { search: 'pattern' as const, minimize: 'p90(capital)' },
    ),
    // A first decision the objective does not see (the grid's price, for capital): every candidate ties with its
    // twin at the other price, and the one listed first (70 $/MWh, the higher) must win.
    tie: fc.boolean(),
    require: fc.uniqueArray(
      fc.constantFrom(
        `unmet_mwh<=${unmetMwh}`,
        'unmet_mwh<=0',
        `p90(unmet_mwh)<=${unmetMwh}`,
        'lol_h<=3',
        'median(lol_h)<=1',
        'lolp<=0.5',
        'cfe>=0.6',
      ),
      { minLength: 1, maxLength: 2 },
    ),
    replicates: fc.integer({ min: 1, max: 2 }),
    // A grid that carries less, so the requirements bind.
    gridShare: fc.constantFrom(0, 0.1, 0.3),
  });
});
type SizingCase = typeof arbSizing extends fc.Arbitrary<infer T> ? T : never;

async function checkSizing(c: SizingCase, dir: string, failures: string[]): Promise<void> {
  const file = join(dir, 'model.json');
  const model = structuredClone(c.model) as Json;
  const peakKw = Math.round(model.clusters[0].count * 1.1 * 1.2);
  model.supply[2].import_cap = `${Math.round(c.gridShare * peakKw)} kW`;
  writeFileSync(file, JSON.stringify(model, null, 1));
  const tie = c.tie && bare(c.how.minimize) === 'capital';
  const prices = tie ? ['70 $/MWh', '60 $/MWh'] : [undefined];
  const units = ['0', '1', '2'];
  const energies = [0, 1, 2, 3].map((k) => `${(k * c.smrKw) / 1000} MWh`);
  const out = join(dir, 'size');
  const result = await runSizing({
    model: file,
    decide: [
      ...(tie ? ['supply[2].price=70,60 $/MWh'] : []),
      'supply[0].units=0:2',
      `supply[1].energy=0:${(3 * c.smrKw) / 1000}:${c.smrKw / 1000} MWh`,
    ],
    minimize: c.how.minimize,
    require: c.require,
    replicates: c.replicates,
    search: c.how.search,
    workers: 1,
    out,
  });
  // Replicate r's seed, shared by every candidate (common random numbers): from any run's row.
  const seeds = new Map<string, string>();
  for (const r of rowsOf(join(out, 'summary.csv'))) seeds.set(r.replicate, r.seed);
  if (seeds.size !== c.replicates) failures.push(`seeds of ${seeds.size} replicates, not ${c.replicates}`);
  // Brute force: every candidate of the lattice, first decision outermost, each replicate run alone.
  const lattice: { index: number; set: string[]; objective: number; ok: boolean; label: string }[] = [];
  for (const p of prices)
    for (const u of units)
      for (const e of energies) {
        const index = lattice.length;
        const set = [...(p ? [`supply[2].price=${p}`] : []), `supply[0].units=${u}`, `supply[1].energy=${e}`];
        const summaries: Json[] = [];
        for (let r = 0; r < c.replicates; r++) {
          const single = join(dir, `c${index}-r${r}`);
          runScenario({ model: file, set, seed: Number(seeds.get(String(r))), out: single, sync: false });
          summaries.push(JSON.parse(readFileSync(join(single, 'summary.json'), 'utf8')));
          rmSync(single, { recursive: true, force: true });
        }
        const values = (expr: string): number[] =>
          summaries.map((s) => {
            const f = FIGURE[bare(expr)][0];
            const v = figureOf(s, f);
            // A category of cost the run paid nothing in is absent from by_category (docs/economics.md): 0.
            if (v === undefined && f.startsWith('economics.by_category.') && s.economics) return 0;
            return v === undefined ? Number.NaN : v;
          });
        const objective = stat(c.how.minimize, values(c.how.minimize));
        let ok = !Number.isNaN(objective);
        for (const q of c.require) {
          const m = /^(.*?)(<=|>=)(.*)$/.exec(q)!;
          const v = stat(m[1], values(m[1]));
          if (!(m[2] === '<=' ? v <= Number(m[3]) : v >= Number(m[3]))) ok = false;
        }
        lattice.push({ index, set, objective, ok, label: `${p ? `grid ${p}, ` : ''}${u} units, ${e}` });
      }
  const feasible = lattice.filter((x) => x.ok);
  tally.push(
    `${c.how.search} ${c.how.minimize}${tie ? ' (tie)' : ''} ${c.require.join(' ')}: ${feasible.length}/${lattice.length} feasible, ${rowsOf(join(out, 'candidates.csv')).filter((x) => x.status === 'pruned').length} pruned, chose ${result.best?.index}`,
  );
  const same = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  const cands = rowsOf(join(out, 'candidates.csv'));
  // Every pruned candidate is infeasible when run (the monotonicity the search relies on).
  for (const cand of cands) {
    if (cand.status !== 'pruned') continue;
    const mine = lattice[Number(cand.candidate)];
    if (mine?.ok)
      failures.push(
        `candidate ${cand.candidate} (${mine.label}) pruned by ${cand.pruned_by}, but feasible when run (objective ${mine.objective})`,
      );
  }
  if (feasible.length === 0) {
    if (result.best) failures.push(`chose ${JSON.stringify(result.best.values)}; no candidate is feasible when run`);
    if (existsSync(join(out, 'best.json'))) failures.push('best.json written with no feasible candidate');
    return;
  }
  const least = Math.min(...feasible.map((x) => x.objective));
  // Ties: the candidate listed first (the lower index, first decision outermost).
  const want = feasible.find((x) => same(x.objective, least))!;
  if (!result.best) {
    failures.push(`nothing chosen; brute force finds ${want.label} (objective ${want.objective}) feasible`);
    return;
  }
  const best = JSON.parse(readFileSync(join(out, 'best.json'), 'utf8'));
  const chosen = lattice[result.best.index];
  if (result.best.index !== want.index)
    failures.push(
      `chose ${chosen.label} (objective ${chosen.objective}, feasible ${chosen.ok}); brute force: ${want.label} (objective ${want.objective}); ties ${feasible
        .filter((x) => same(x.objective, least))
        .map((x) => x.label)
        .join('; ')}`,
    );
  if (!same(Number(best.objective[c.how.minimize]), least))
    failures.push(`best.json ${c.how.minimize} ${best.objective[c.how.minimize]}, brute force ${least}`);
}

describe('dcpsim size against brute force over its lattice', () => {
  it(
    `chooses the least objective of every feasible candidate, ties to the first (${RUNS} sizings, seed ${SEED})`,
    async () => {
      let k = 0;
      await fc.assert(
        fc.asyncProperty(arbSizing, async (c) => {
          const dir = join(tmp, `size${k++}`);
          mkdirSync(dir);
          const failures: string[] = [];
          await checkSizing(c, dir, failures);
          report(
            failures,
            `${c.how.search} minimize ${c.how.minimize} require ${c.require.join(' ')} replicates ${c.replicates} grid ${c.gridShare}; files ${dir}\nmodel: ${JSON.stringify(c.model)}`,
          );
          rmSync(dir, { recursive: true, force: true });
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: process.env.DCPSIM_FUZZ_SHRINK === undefined },
      );
    },
    120_000 + RUNS * 30_000,
  );
});

describe('dcpsim size with a candidate that has no capital at all', () => {
  it('counts its capital as 0 (summary.json lists only the categories with cash flows), and chooses by brute force', async () => {
    // tests/fixtures/sizing-outage.yaml: one SMR with no capital cost and a battery of 300 $/kWh; 0 MWh is no battery.
    const model = join(import.meta.dirname, 'fixtures', 'sizing-outage.yaml');
    const dir = join(tmp, 'no-capital');
    const energies = ['0 MWh', '10 MWh', '20 MWh', '30 MWh'];
    const failures: string[] = [];
    for (const [search, bound] of [
      ['exhaustive', 20],
      ['pattern', 20],
      ['exhaustive', 12],
      ['pattern', 12],
    ] as const) {
      const out = join(dir, `${search}-${bound}`);
      const result = await runSizing({
        model,
        decide: ['supply[1].energy=0:30:10 MWh'],
        minimize: 'capital',
        require: [`unmet_mwh<=${bound}`],
        search,
        workers: 1,
        out,
      });
      const seed = Number(rowsOf(join(out, 'summary.csv'))[0].seed);
      const brute = energies.map((e, index) => {
        const single = join(dir, `${search}-${bound}-${index}`);
        runScenario({ model, set: [`supply[1].energy=${e}`], seed, out: single, sync: false });
        const s = JSON.parse(readFileSync(join(single, 'summary.json'), 'utf8'));
        // A category with no cash flow is absent from by_category: nothing of it was paid.
        const capital = figureOf(s, 'economics.by_category.capital') ?? 0;
        return { index, e, capital, ok: figureOf(s, 'energy_mwh.unmet')! <= bound };
      });
      const want = brute.filter((x) => x.ok).sort((a, b) => a.capital - b.capital || a.index - b.index)[0];
      if (result.best?.index !== want.index)
        failures.push(
          `${search} unmet<=${bound}: chose ${result.best ? energies[result.best.index] : 'nothing'}; brute force ${JSON.stringify(brute)}`,
        );
      else if (result.best.objective !== want.capital)
        failures.push(`${search} unmet<=${bound}: capital ${result.best.objective}, brute force ${want.capital}`);
    }
    report(failures, `files ${dir}`);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// A job stream as a queue: Erlang C and Pollaczek-Khinchine

/** Erlang C: the probability an arrival waits in M/M/c at offered load a = λ/μ (< c). */
function erlangC(c: number, a: number): number {
  let term = 1;
  let sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const last = (term * c) / (c - a);
  return last / (sum + last);
}

const arbQueue = fc.record({
  // servers: c groups of `chips` chips, each job holding one group; duration 1 h mean.
  kind: fc.constantFrom('exponential' as const, 'exponential' as const, 'fixed' as const, 'lognormal' as const),
  servers: fc.integer({ min: 1, max: 4 }),
  chips: fc.constantFrom(1, 8),
  rho: fc.constantFrom(0.5, 0.6, 0.7, 0.8),
  cv: fc.constantFrom(0.5, 1.5),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});
type QueueCase = typeof arbQueue extends fc.Arbitrary<infer T> ? T : never;

/** Seeds per case, whose spread gives the standard error of the mean wait. */
const QUEUE_SEEDS = 5;

function checkQueue(q: QueueCase, failures: string[]): string {
  // The M/G/1 result is exact for one server only: fixed and lognormal times take one.
  const c = q.kind === 'exponential' ? q.servers : 1;
  const lambda = q.rho * c; // per hour, service 1 h mean
  const hours = Math.round(Math.min(3 * 8760, 20_000 / lambda));
  const cv = q.kind === 'lognormal' ? q.cv : q.kind === 'fixed' ? 0 : 1;
  // Erlang C for M/M/c; Pollaczek-Khinchine for M/G/1: Wq = λ E[S²] / (2 (1 - ρ)), E[S²] = (1 + cv²) E[S]².
  const wq =
    q.kind === 'exponential' ? erlangC(c, lambda) / (c - lambda) : (lambda * (1 + cv * cv)) / (2 * (1 - q.rho));
  const model = {
    name: 'queue',
    start: '2027-01-01',
    duration: `${hours}h`,
    step: '1h',
    clusters: [{ name: 'c', chip: 'H100', count: c * q.chips }],
    workload: {
      jobs: [
        {
          name: 'j',
          cluster: 'c',
          rate: `${lambda}/h`,
          chips: q.chips,
          duration: '1h',
          distribution: q.kind,
          ...(q.kind === 'lognormal' ? { cv: q.cv } : {}),
        },
      ],
    },
    facility: { cooling: { model: 'pue', pue: 1.2 } },
    supply: [{ kind: 'grid', price: '50 $/MWh', carbon: '400 g/kWh' }],
  };
  const waits: number[] = [];
  const busy: number[] = [];
  const counts: number[] = [];
  for (let k = 0; k < QUEUE_SEEDS; k++) {
    const s = JSON.parse(readFileSync(join(runModel({ ...model, seed: q.seed + k }), 'summary.json'), 'utf8'));
    waits.push(s.jobs.mean_wait_h);
    busy.push(s.jobs.chip_hours / (c * q.chips * hours));
    counts.push(s.jobs.submitted);
  }
  const mean = (xs: number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;
  const se = (xs: number[]): number =>
    Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1) / xs.length);
  const what = `${q.kind}${q.kind === 'lognormal' ? ` cv ${q.cv}` : ''}, ${c} server(s) of ${q.chips} chips, ρ ${q.rho}, ${hours} h, seeds ${q.seed}+`;
  // t(0.999, 4) = 7.17: the spread of five runs is itself uncertain; 3 % for the empty start's bias.
  if (Math.abs(mean(waits) - wq) > 7.2 * se(waits) + 0.03 * wq)
    failures.push(`${what}: mean wait ${mean(waits)} h ± ${se(waits)} (${waits.join(' ')}), analytic ${wq} h`);
  // Each server busy ρ of the time; jobs submitted a Poisson count of mean λ T.
  if (Math.abs(mean(busy) - q.rho) > 7.2 * se(busy) + 0.01)
    failures.push(`${what}: chips busy ${mean(busy)} ± ${se(busy)}, ρ ${q.rho}`);
  const n = QUEUE_SEEDS * lambda * hours;
  if (Math.abs(counts.reduce((a, x) => a + x, 0) - n) > 5 * Math.sqrt(n))
    failures.push(`${what}: ${counts.join(' ')} jobs submitted, λT ${lambda * hours}`);
  return `${what}: wait ${mean(waits).toFixed(4)} ± ${se(waits).toFixed(4)} h, analytic ${wq.toFixed(4)}; busy ${mean(busy).toFixed(4)}`;
}

describe('a job stream on a cluster, as a queue', () => {
  it(
    `waits as M/M/c (Erlang C) and M/G/1 (Pollaczek-Khinchine) say, its chips busy ρ of the time (${RUNS} queues x ${QUEUE_SEEDS} seeds, seed ${SEED})`,
    () => {
      fc.assert(
        fc.property(arbQueue, (q) => {
          const failures: string[] = [];
          tally.push(checkQueue(q, failures));
          report(failures, JSON.stringify(q));
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: process.env.DCPSIM_FUZZ_SHRINK === undefined },
      );
    },
    60_000 + RUNS * 30_000,
  );
});
