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
