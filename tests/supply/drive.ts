/**
 * A test driver for the supply side alone: a simulation, a demand that
 * steps at given times, and a dispatch at the end of every instant in
 * which something changed (as the site does). `onDispatch` sees each one.
 */
import { Simulation } from '../../src/kernel/simulation.ts';
import { RandomStreams } from '../../src/kernel/random.ts';
import { parseDate } from '../../src/kernel/time.ts';
import { supplySchema } from '../../src/supply/registry.ts';
import { SupplySystem } from '../../src/supply/system.ts';

export interface Drive {
  sim: Simulation;
  system: SupplySystem;
  /** Demand now, W. */
  demandW: number;
  /** Run to the end; returns the supply summary. */
  run(): ReturnType<SupplySystem['summary']>;
}

export function drive(opts: {
  supplies: unknown[];
  durationS: number;
  start?: string;
  seed?: number;
  /** Demand steps: [time s, W]; the first should be at 0. */
  demand: [number, number][];
  onDispatch?: (d: Drive) => void;
}): Drive {
  const sim = new Simulation();
  const random = new RandomStreams(opts.seed ?? 1);
  const startEpochS = parseDate(opts.start ?? '2027-01-01');
  let dirty = false;
  const d = {} as Drive;
  const flush = (): void => {
    dirty = false;
    d.system.dispatch(d.demandW);
    opts.onDispatch?.(d);
  };
  const changed = (): void => {
    if (dirty) return;
    dirty = true;
    sim.at(sim.now, flush);
  };
  const configs = opts.supplies.map((s) => supplySchema.parse(s));
  d.sim = sim;
  d.demandW = 0;
  d.system = new SupplySystem(configs, (cfg) => ({
    sim,
    rng: (p) => random.stream(`supply:${cfg.name}:${p}`),
    startEpochS,
    durationS: opts.durationS,
    baseDir: process.cwd(),
    changed,
  }));
  for (const [t, w] of opts.demand)
    sim.at(t, () => {
      d.demandW = w;
      changed();
    });
  d.run = () => {
    sim.run(opts.durationS);
    // Totals by integrating the power columns ourselves is not needed here: summary() integrates its own.
    return d.system.summary(() => 0);
  };
  return d;
}

/** What 1 MW from a grid at `price` costs over `durationS` from `start`, USD: its cost rate integrated. */
export function costOf1MW(price: unknown, durationS: number, start?: string): number {
  let usd = 0;
  let last = 0;
  let rate = 0;
  drive({
    supplies: [{ kind: 'grid', price }],
    durationS,
    start,
    demand: [[0, 1e6]],
    onDispatch: ({ sim, system }) => {
      usd += rate * (sim.now - last);
      last = sim.now;
      rate = system.costRate;
    },
  }).run();
  return usd + rate * (durationS - last);
}

/**
 * Step a schedule by its own `nextChange` over a year and read it every 5 minutes against `expected` (the value at t
 * seconds): what disagrees (at most 5) and how many changes it stepped. A change it reports late shows as a value
 * that disagrees.
 */
export function stepAgainst(
  s: { valueAt(t: number): number; nextChange(t: number): number },
  expected: (t: number) => number,
  label: string,
): { wrong: string[]; changes: number } {
  let t = 0;
  let changes = 0;
  let next = s.nextChange(0);
  const wrong: string[] = [];
  for (let u = 0; u < 365 * 86400 && wrong.length < 5; u += 300) {
    while (next <= u) {
      if (!(next > t)) wrong.push(`${label}: change at ${next} after ${t}`);
      t = next;
      next = s.nextChange(t);
      changes++;
    }
    // The value held since the last change is the expected one now.
    if (s.valueAt(t) !== expected(u)) wrong.push(`${label} at ${u} s: ${s.valueAt(t)}, not ${expected(u)}`);
  }
  return { wrong: wrong.slice(0, 5), changes };
}
