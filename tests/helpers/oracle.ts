/**
 * What the oracle files (tests/oracles/*.test.ts) share: the fuzzing knobs, a folder for their runs, failures
 * reported together, a CSV's rows by column name, and sizing's short figure names with their statistics, written from
 * docs/sizing.md rather than taken from src/sizing/criteria.ts, so the code under test does not check itself.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { parseCsv } from '../../src/model/csv-parse.ts';
import { runScenario } from '../../src/run.ts';

export type Row = Record<string, string>;
export type Json = Record<string, any>;

/** Models each property draws (DCPSIM_FUZZ_RUNS; a file may draw a multiple of it) and their seed (DCPSIM_FUZZ_SEED). */
export const RUNS = Number(process.env.DCPSIM_FUZZ_RUNS ?? 3);
export const SEED = Number(process.env.DCPSIM_FUZZ_SEED ?? 20261202);

/** A folder in the system's temporary folder for one test file's runs, removed after its tests (kept with DCPSIM_FUZZ_KEEP). */
export function oracleDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `dcpsim-oracles-${name}-`));
  afterAll(() => {
    if (!process.env.DCPSIM_FUZZ_KEEP) rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

export const summaryOf = (dir: string): Json => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
/** Epoch seconds of a "YYYY-MM-DD hh:mm:ss" UTC timestamp. */
export const utc = (s: string): number => Date.parse(`${s.replace(' ', 'T')}Z`) / 1000;

/** Throw the first failures (12 at most, and how many more), with `extra` to reproduce them. */
export const report = (failures: string[], extra: string): void => {
  if (failures.length > 0)
    throw new Error(
      `${failures.slice(0, 12).join('\n')}${failures.length > 12 ? `\n... ${failures.length - 12} more` : ''}\n${extra}`,
    );
};

/** A function that runs a model (as JSON) alone, writing it and its run folder into `dir`, and gives the folder. */
export function modelRunner(dir: string): (model: Record<string, unknown>) => string {
  let id = 0;
  return (model) => {
    const k = id++;
    const file = join(dir, `m${k}.json`);
    writeFileSync(file, JSON.stringify(model, null, 1));
    const out = join(dir, `r${k}`);
    runScenario({ model: file, out, sync: false });
    return out;
  };
}

/** A CSV file's rows, each a record by column name (quoted fields read as a CSV reader reads them). */
export function rowsOf(file: string): Row[] {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'), ',').rows;
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

/** Short names (docs/sizing.md's table) to summary.json figures, and the factor to the short name's unit. */
export const FIGURE: Record<string, [string, number]> = {
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
export function stat(expr: string, xs: number[]): number {
  const m = /^(p(\d+)|median|mean)\((.*)\)$/.exec(expr);
  const factor = FIGURE[m ? m[3] : expr][1];
  if (!m || m[1] === 'mean') return (xs.reduce((a, x) => a + x, 0) / xs.length) * factor;
  const q = m[1] === 'median' ? 0.5 : Number(m[2]) / 100;
  const sorted = [...xs].sort((a, b) => a - b);
  // Nearest rank: the k-th smallest, k = ceil(q n) (at least 1), found by counting, not by a formula of the code's.
  for (const x of sorted) if (sorted.filter((y) => y <= x).length >= q * sorted.length) return x * factor;
  return sorted[sorted.length - 1] * factor;
}

/** The figure inside a statistic: `p90(npc)` is `npc`. */
export const bare = (expr: string): string => /\(([^)]*)\)/.exec(expr)?.[1] ?? expr;
