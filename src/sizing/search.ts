/**
 * The search over a lattice of candidates: every combination of the decision
 * variables' values (first decision outermost, the sweep's plan order, so a
 * candidate's index is its point's index in the sweep plan). Pure: it asks
 * `evaluate` for batches of candidates and decides from their outcomes only,
 * so the same outcomes give the same search, whoever ran the candidates.
 *
 * - exhaustive: one batch of every candidate (a plain sweep).
 * - pattern, in two phases. First the staircase: with requirements known to
 *   be monotone (see below), along the decision with the most values and for
 *   every combination of the others, a bisection finds the least value that
 *   meets them, all lines at once (one batch per step); so every minimal
 *   feasible candidate is run, and when the objective rises with every
 *   capacity (capital costs) the optimum is among them. Then a generalized
 *   pattern search on the lattice (Torczon 1997; Audet & Dennis 2006 for
 *   lattices) from the best candidate so far, polling a full neighbourhood
 *   (every combination of -s, 0, +s per decision for up to four decisions;
 *   beyond, each decision up and down and every trade of one for another) at
 *   mesh steps halving from half the range down to one value, for objectives
 *   that fall inside the feasible region (more capacity buying less energy
 *   from the grid). The best candidate is the feasible one of least
 *   objective, or, while none is feasible, the one of least violation, so
 *   the search walks towards feasibility. It ends when no neighbour at step
 *   one is better: a local optimum over the full neighbourhood, and the
 *   global one for a cost rising in capacity (tests/sizing/search.test.ts
 *   checks it against enumeration on 200 random monotone regions).
 *
 * Monotonicity: more capacity never makes a reliability figure worse. A
 * candidate that fails a monotone requirement fails it with less of every
 * decision too, so every candidate below it (componentwise) is infeasible
 * and is never run (pruned, recorded with the candidate that implies it).
 * Decisions must therefore list their values from least to most capacity.
 */
import { tied } from '../sweep/stats.ts';

export interface Outcome {
  /** The candidate could not be run (a replicate failed): infeasible, and never a basis for pruning. */
  failed: boolean;
  /** The objective's statistic (NaN when failed). */
  objective: number;
  /** Each requirement's shortfall (0 when met; Infinity when failed). */
  shortfalls: readonly number[];
}

export interface Problem {
  /** Number of values of each decision. */
  dims: readonly number[];
  /** Per requirement: may a failure be carried to every candidate below (see MONOTONE in criteria.ts)? */
  monotone: readonly boolean[];
  /** Per requirement: the scale its shortfall is measured in for ranking infeasible candidates. */
  scales: readonly number[];
  method: 'exhaustive' | 'pattern';
  /** Prune by monotonicity (pattern only). */
  prune: boolean;
}

type Evaluate = (candidates: readonly number[]) => Promise<ReadonlyMap<number, Outcome>>;

export interface SearchResult {
  /** Every candidate run, in the order the search asked for them. */
  evaluated: number[];
  outcomes: Map<number, Outcome>;
  /** Candidates the search met and skipped, with the evaluated candidate that implies they are infeasible. */
  pruned: Map<number, number>;
  /** The feasible candidate of least objective (ties, within a billionth: the lower index), if any. */
  best?: number;
  /** The candidate of least violation, when none is feasible. */
  closest?: number;
  /** Batches asked for. */
  batches: number;
  /** Stopped by the caller (evaluate returned fewer outcomes than asked). */
  stopped: boolean;
}

export function size(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** Lattice coordinates of a candidate index (first decision outermost). */
export function decode(i: number, dims: readonly number[]): number[] {
  const x = new Array<number>(dims.length);
  for (let d = dims.length - 1; d >= 0; d--) {
    x[d] = i % dims[d];
    i = Math.floor(i / dims[d]);
  }
  return x;
}

export function encode(x: readonly number[], dims: readonly number[]): number {
  let i = 0;
  for (let d = 0; d < dims.length; d++) i = i * dims[d] + x[d];
  return i;
}

function feasible(o: Outcome): boolean {
  return !o.failed && o.shortfalls.every((s) => s === 0);
}

/** How far a candidate is from meeting every requirement: the sum of shortfalls, each over its scale. */
export function violation(o: Outcome, scales: readonly number[]): number {
  if (o.failed) return Infinity;
  return o.shortfalls.reduce((a, s, r) => a + s / scales[r], 0);
}

/**
 * Values within a billionth of each other (relative, or absolute below 1) are a tie: figures equal but for the
 * order a float sum took (11.736833365640102 and 11.7368333656401) do not decide which candidate is chosen.
 */

/**
 * The best of the candidates: the feasible ones by objective, else all by violation; of those tied with the
 * least, the lower index (the one listed first). NaN ranks last.
 */
function bestOf(outcomes: ReadonlyMap<number, Outcome>, scales: readonly number[]): number | undefined {
  let anyFeasible = false;
  for (const o of outcomes.values()) if (feasible(o)) anyFeasible = true;
  const value = (o: Outcome): number => (anyFeasible ? o.objective : violation(o, scales));
  const inPool = (o: Outcome): boolean => !anyFeasible || feasible(o);
  let least = NaN;
  let first: number | undefined;
  for (const [c, o] of outcomes) {
    if (!inPool(o)) continue;
    if (first === undefined || c < first) first = c;
    const v = value(o);
    if (v < least || Number.isNaN(least)) least = v;
  }
  if (Number.isNaN(least)) return first;
  const near = (v: number) => tied(v, least);
  let best: number | undefined;
  for (const [c, o] of outcomes) if (inPool(o) && near(value(o)) && (best === undefined || c < best)) best = c;
  return best;
}

/** Poll directions: the full neighbourhood for up to four decisions, else coordinates and pairwise trades. */
function directions(n: number): number[][] {
  const out: number[][] = [];
  if (n <= 4) {
    for (let k = 0; k < 3 ** n; k++) {
      const v = decode(k, new Array(n).fill(3)).map((c) => c - 1);
      if (v.some((c) => c !== 0)) out.push(v);
    }
    return out;
  }
  for (let d = 0; d < n; d++) for (const s of [-1, 1]) out.push(Array.from({ length: n }, (_, e) => (e === d ? s : 0)));
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++)
      if (a !== b) out.push(Array.from({ length: n }, (_, e) => (e === a ? 1 : e === b ? -1 : 0)));
  return out;
}

export async function search(p: Problem, evaluate: Evaluate): Promise<SearchResult> {
  const { dims, scales } = p;
  const n = size(dims);
  const outcomes = new Map<number, Outcome>();
  const evaluated: number[] = [];
  const pruned = new Map<number, number>();
  /** Evaluated candidates failing a monotone requirement: everything below each is infeasible. */
  const walls: number[][] = [];
  let batches = 0;
  let stopped = false;

  const wallOver = (x: readonly number[]): number | undefined => {
    for (const w of walls) if (w.every((c, d) => x[d] <= c)) return encode(w, dims);
    return undefined;
  };

  /** Run the candidates not yet known or pruned. */
  const run = async (cands: readonly number[]): Promise<void> => {
    const todo: number[] = [];
    for (const c of cands) {
      if (outcomes.has(c) || pruned.has(c) || todo.includes(c)) continue;
      const w = p.prune ? wallOver(decode(c, dims)) : undefined;
      if (w !== undefined) pruned.set(c, w);
      else todo.push(c);
    }
    if (todo.length === 0 || stopped) return;
    batches++;
    const got = await evaluate(todo);
    for (const c of todo) {
      const o = got.get(c);
      if (!o) {
        stopped = true;
        continue;
      }
      outcomes.set(c, o);
      evaluated.push(c);
      if (!o.failed && o.shortfalls.some((s, r) => s > 0 && p.monotone[r])) walls.push(decode(c, dims));
    }
  };

  /** Known to meet every monotone requirement: at or above a run candidate that meets them. */
  const floors: number[][] = [];
  const meetsMonotone = (c: number): boolean | undefined => {
    const o = outcomes.get(c);
    if (o) return o.failed ? undefined : !o.shortfalls.some((s, r) => s > 0 && p.monotone[r]);
    const x = decode(c, dims);
    if (wallOver(x) !== undefined) return false;
    for (const f of floors) if (f.every((v, d) => x[d] >= v)) return true;
    return undefined;
  };

  /**
   * The least capacity that meets the monotone requirements: along the decision with the most
   * values, for every combination of the others, bisect for the least value that meets them
   * (every line at once, a batch per step, each step's answer implied where it can be).
   * Every minimal feasible candidate is then known: with a cost rising in capacity, the optimum
   * is one of them.
   */
  async function staircase(): Promise<void> {
    const axis = dims.reduce((best, m, d) => (m >= dims[best] ? d : best), 0);
    const lines: { at: number[]; lo: number; hi: number }[] = [];
    const others = dims.map((m, d) => (d === axis ? 1 : m));
    for (let k = 0; k < size(others); k++) lines.push({ at: decode(k, others), lo: 0, hi: dims[axis] - 1 });
    const point = (l: { at: number[] }, v: number) =>
      encode(
        l.at.map((c, d) => (d === axis ? v : c)),
        dims,
      );
    // Bisection for the least value that meets them; a line ends by running that value (for its objective).
    let open = lines.filter((l) => meetsMonotone(point(l, l.hi)) !== false);
    const probe = (l: { lo: number; hi: number }) => (l.lo < l.hi ? Math.floor((l.lo + l.hi) / 2) : l.lo);
    while (open.length > 0 && !stopped) {
      const ask = open.map((l) => point(l, probe(l))).filter((c) => !outcomes.has(c) && meetsMonotone(c) !== false);
      await run(ask);
      for (const c of ask) if (meetsMonotone(c) && outcomes.has(c)) floors.push(decode(c, dims));
      const next: typeof open = [];
      for (const l of open) {
        if (l.lo === l.hi) continue;
        const mid = probe(l);
        const ok = meetsMonotone(point(l, mid));
        if (ok === undefined) continue; // failed to run: the line is left to the pattern search
        if (ok) l.hi = mid;
        else l.lo = mid + 1;
        next.push(l);
      }
      open = next;
    }
  }

  const incumbent = (): number | undefined => bestOf(outcomes, scales);

  if (p.method === 'exhaustive') {
    await run(Array.from({ length: n }, (_, i) => i));
  } else {
    const dirs = directions(dims.length);
    await run([
      encode(
        dims.map((m) => m - 1),
        dims,
      ),
    ]);
    // The most of every decision failing a monotone requirement: every candidate is below it and fails it too, so all
    // are pruned and the answer (none) is the lattice's. The search polled its neighbours only, pruned them, and said
    // none of 1 run and 5 pruned of 20 met it, with `--search exhaustive runs them all`, which could find none either.
    if (p.prune && walls.length > 0) await run(Array.from({ length: n }, (_, i) => i));
    else if (p.monotone.some(Boolean)) await staircase();
    let level = 1;
    let x = incumbent();
    while (x !== undefined && !stopped) {
      const steps = dims.map((m) => Math.max(1, Math.floor((m - 1) / 2 ** level)));
      const at = decode(x, dims);
      const poll: number[] = [];
      for (const v of dirs) {
        const y = at.map((c, d) => Math.min(dims[d] - 1, Math.max(0, c + v[d] * steps[d])));
        if (y.some((c, d) => c !== at[d])) poll.push(encode(y, dims));
      }
      await run(poll);
      const next = incumbent()!;
      if (next !== x) x = next;
      else if (steps.every((s) => s === 1)) break;
      else level++;
    }
  }
  const best = incumbent();
  const ok = best !== undefined && feasible(outcomes.get(best)!);
  return {
    evaluated,
    outcomes,
    pruned,
    ...(ok ? { best } : best !== undefined ? { closest: best } : {}),
    batches,
    stopped,
  };
}
