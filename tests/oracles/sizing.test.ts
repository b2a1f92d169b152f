/**
 * `dcpsim size` (docs/sizing.md) against brute force:
 *
 * - over a small lattice (SMR units x battery energy), every candidate run alone with
 *   `dcpsim run --set ... --seed <replicate's seed>` and judged here by the documented objective, statistics (mean,
 *   nearest-rank quantile) and requirements. The chosen candidate is the least objective of the whole lattice's
 *   feasible ones (ties: the candidate listed first), for an exhaustive search with any objective and for the pattern
 *   search with an objective that rises with capacity (capital) under requirements monotone in capacity (so not cfe,
 *   which a battery charged from the grid lowers); a pruned candidate is infeasible when run; with none feasible
 *   nothing is chosen. A candidate with no capital at all (every capacity at 0) has no `capital` in its summary.json's
 *   by_category: `--minimize capital` weighs it at 0;
 * - the pattern search ("it ends at a candidate no neighbour improves on"), with objectives that need not rise with
 *   capacity (npc, cost, carbon, lcoe, p90(npc)): none of the chosen candidate's eight lattice neighbours, each run
 *   alone on the replicates' seeds and judged by the documented statistics, is feasible with a lower objective.
 *
 * Seeded: `DCPSIM_FUZZ_RUNS=20 DCPSIM_FUZZ_SEED=7 npx vitest run tests/oracles/sizing.test.ts` explores further.
 */

import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { runSizing } from '../../src/sizing/size.ts';
import { bare, FIGURE, type Json, oracleDir, report, rowsOf, RUNS, SEED, stat } from '../helpers/oracle.ts';
import { arbModel, modelOf } from '../helpers/small-model.ts';

const tmp = oracleDir('sizing');

/** A sizing runs its lattice twice (once as a sizing, once alone): fewer of them. */
const SIZINGS = Math.max(2, Math.ceil((2 * RUNS) / 3));

/** What each check met, printed with DCPSIM_FUZZ_VERBOSE. */
const tally: string[] = [];
afterAll(() => {
  if (process.env.DCPSIM_FUZZ_VERBOSE) console.log(tally.join('\n'));
});

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
  // The pattern search is exact for capital only under requirements that are monotone in capacity (docs/sizing.md):
  // not the carbon-free share, which a battery charged from the grid lowers. It gets the others.
  const require = c.how.search === 'pattern' ? c.require.filter((q) => !q.startsWith('cfe')) : c.require;
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
    require,
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
        for (const q of require) {
          const m = /^(.*?)(<=|>=)(.*)$/.exec(q)!;
          const v = stat(m[1], values(m[1]));
          if (!(m[2] === '<=' ? v <= Number(m[3]) : v >= Number(m[3]))) ok = false;
        }
        lattice.push({ index, set, objective, ok, label: `${p ? `grid ${p}, ` : ''}${u} units, ${e}` });
      }
  const feasible = lattice.filter((x) => x.ok);
  tally.push(
    `${c.how.search} ${c.how.minimize}${tie ? ' (tie)' : ''} ${require.join(' ')}: ${feasible.length}/${lattice.length} feasible, ${rowsOf(join(out, 'candidates.csv')).filter((x) => x.status === 'pruned').length} pruned, chose ${result.best?.index}`,
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
  // best.json names the objective as candidates.csv's column (docs/sizing.md): the short name with its figure's unit.
  const column = c.how.minimize.replace(bare(c.how.minimize), COLUMN[bare(c.how.minimize)]);
  if (!same(Number(best.objective[column]), least))
    failures.push(`best.json ${column} ${best.objective[column]}, brute force ${least}`);
}

/** Short names to their column in candidates.csv and key in best.json (docs/sizing.md): with the figure's unit. */
const COLUMN: Record<string, string> = {
  npc: 'npc_usd',
  cost: 'cost_usd',
  capital: 'capital_usd',
  carbon_t: 'carbon_t',
  lcoe: 'lcoe_usd_per_mwh',
};

// ---------------------------------------------------------------------------------------------
// The pattern search's answer is a local optimum

/** A figure of summary.json by its dotted name; NaN when the run has none. */
function figureOrNaN(summary: Json, dotted: string): number {
  let v: any = summary;
  for (const k of dotted.split('.')) v = v !== null && typeof v === 'object' ? v[k] : undefined;
  return typeof v === 'number' ? v : Number.NaN;
}

const arbLocal = arbModel.chain((m) =>
  fc.record({
    m: fc.constant(m),
    // Objectives that need not rise with capacity (a battery and an SMR buy less from the grid): the pattern search.
    minimize: fc.constantFrom('npc', 'cost', 'carbon_t', 'lcoe', 'p90(npc)'),
    require: fc.uniqueArray(fc.constantFrom('unmet_mwh<=0.05', 'p90(unmet_mwh)<=0.1', 'lol_h<=4', 'cfe>=0.5'), {
      minLength: 1,
      maxLength: 2,
    }),
    replicates: fc.integer({ min: 1, max: 2 }),
  }),
);

describe('dcpsim size against brute force over its lattice', () => {
  it(
    `chooses the least objective of every feasible candidate, ties to the first (${SIZINGS} sizings, seed ${SEED})`,
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
        { seed: SEED, numRuns: SIZINGS, endOnFailure: process.env.DCPSIM_FUZZ_SHRINK === undefined },
      );
    },
    120_000 + SIZINGS * 30_000,
  );
});

describe('dcpsim size with a candidate that has no capital at all', () => {
  it('counts its capital as 0 (summary.json lists only the categories with cash flows), and chooses by brute force', async () => {
    // tests/fixtures/sizing-outage.yaml: one SMR with no capital cost and a battery of 300 $/kWh; 0 MWh is no battery.
    const model = join(import.meta.dirname, '..', 'fixtures', 'sizing-outage.yaml');
    const dir = join(tmp, 'no-capital');
    const energies = ['0 MWh', '10 MWh', '20 MWh', '30 MWh'];
    const failures: string[] = [];
    // 0 MWh feasible (and chosen at $0), then not.
    for (const [search, bound] of [
      ['exhaustive', 20],
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

describe("dcpsim size's pattern search", () => {
  it(`ends at a candidate none of whose lattice neighbours, run alone, is feasible and better (${SIZINGS} sizings, seed ${SEED})`, async () => {
    const cases = fc.sample(arbLocal, { numRuns: SIZINGS, seed: SEED });
    let k = 0;
    for (const c of cases) {
      const dir = join(tmp, `local${k++}`);
      mkdirSync(dir);
      const { model, peakKw } = modelOf(c.m);
      const file = join(dir, 'model.json');
      writeFileSync(file, JSON.stringify(model, null, 1));
      const smrKw = Math.max(1, Math.round(c.m.smrShare * peakKw));
      // 4 x 10 = 40 candidates: `auto` would run them all, so the pattern search is asked for.
      const units = [0, 1, 2, 3];
      const energies = Array.from({ length: 10 }, (_, i) => (i * smrKw) / 2000);
      const out = join(dir, 'size');
      const result = await runSizing({
        model: file,
        decide: ['supply[0].units=0:3', `supply[1].energy=${energies.map((e) => `${e} MWh`).join(',')}`],
        minimize: c.minimize,
        require: c.require,
        replicates: c.replicates,
        workers: 1,
        search: 'pattern',
        out,
      });
      const failures: string[] = [];
      const seeds = new Map<string, string>();
      for (const r of rowsOf(join(out, 'summary.csv'))) seeds.set(r.replicate, r.seed);
      /** A candidate (units index, energy index) run alone, replicate by replicate, judged as docs/sizing.md says. */
      const judge = (u: number, e: number): { objective: number; ok: boolean } => {
        const summaries: Json[] = [];
        for (let r = 0; r < c.replicates; r++) {
          const single = join(dir, `u${u}-e${e}-r${r}`);
          runScenario({
            model: file,
            set: [`supply[0].units=${units[u]}`, `supply[1].energy=${energies[e]} MWh`],
            seed: Number(seeds.get(String(r))),
            out: single,
            sync: false,
          });
          summaries.push(JSON.parse(readFileSync(join(single, 'summary.json'), 'utf8')));
          rmSync(single, { recursive: true, force: true });
        }
        const values = (expr: string): number[] => summaries.map((s) => figureOrNaN(s, FIGURE[bare(expr)][0]));
        const objective = stat(c.minimize, values(c.minimize));
        let ok = !Number.isNaN(objective);
        for (const q of c.require) {
          const m = /^(.*?)(<=|>=)(.*)$/.exec(q)!;
          const v = stat(m[1], values(m[1]));
          if (!(m[2] === '<=' ? v <= Number(m[3]) : v >= Number(m[3]))) ok = false;
        }
        return { objective, ok };
      };
      const label = (u: number, e: number): string => `${units[u]} units, ${energies[e]} MWh`;
      if (process.env.DCPSIM_FUZZ_VERBOSE)
        console.log(
          `${c.minimize} ${c.require.join(' ')}: ${rowsOf(join(out, 'candidates.csv')).filter((x) => x.status !== 'pruned').length} of 40 run, chose ${result.best?.index}`,
        );
      // The lattice's order: the first decision outermost.
      const chosen = result.best
        ? [Math.floor(result.best.index / energies.length), result.best.index % energies.length]
        : undefined;
      if (chosen) {
        const [u0, e0] = chosen;
        const mine = judge(u0, e0);
        if (!mine.ok) failures.push(`chose ${label(u0, e0)}, infeasible when run alone`);
        for (const du of [-1, 0, 1])
          for (const de of [-1, 0, 1]) {
            const [u, e] = [u0 + du, e0 + de];
            if ((du === 0 && de === 0) || u < 0 || u >= units.length || e < 0 || e >= energies.length) continue;
            const n = judge(u, e);
            if (n.ok && n.objective < mine.objective - 1e-9 * Math.max(1, Math.abs(mine.objective)))
              failures.push(
                `chose ${label(u0, e0)} (${c.minimize} ${mine.objective}); its neighbour ${label(u, e)} is feasible and ${n.objective}`,
              );
          }
      }
      report(
        failures,
        `minimize ${c.minimize} require ${c.require.join(' ')} replicates ${c.replicates}; files ${dir}\nmodel: ${JSON.stringify(model)}`,
      );
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
