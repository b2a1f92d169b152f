import { bench, describe } from 'vitest';
import { Simulation } from '../../src/kernel/simulation.ts';
import { RandomStreams } from '../../src/kernel/random.ts';

/**
 * The hold model: 10,000 events pending; each fired event schedules one more at
 * now + an exponential delay, 10 million times. Delays are drawn up front so the
 * random generator is not what is measured. Events per second = 1e7 / time.
 */
const PENDING = 10_000;
const EVENTS = 10_000_000;
const delays = new Float64Array(1 << 20);
{
  const rng = new RandomStreams('bench').stream('hold');
  for (let i = 0; i < delays.length; i++) delays[i] = rng.exponential(1);
}
const MASK = delays.length - 1;

function hold(): void {
  const sim = new Simulation();
  let i = 0;
  let left = EVENTS;
  const next = (): void => {
    if (--left === 0) sim.stop();
    sim.after(delays[i++ & MASK], next);
  };
  for (let k = 0; k < PENDING; k++) sim.after(delays[i++ & MASK], next);
  sim.run(Infinity);
  if (sim.fired !== EVENTS) throw new Error(`hold model fired ${sim.fired}`);
}

describe('Simulation', () => {
  bench(`hold model, ${PENDING} pending, ${EVENTS / 1e6}M pop+push`, hold, {
    iterations: 7,
    warmupIterations: 1,
    time: 0,
    warmupTime: 0,
  });
});

/** One million draws per iteration from one stream. */
const DRAWS = 1_000_000;
describe('Rng, 1M draws', () => {
  const rng = new RandomStreams(42).stream('bench');
  const options = { iterations: 10, time: 0, warmupIterations: 2, warmupTime: 0 };
  let sink = 0;
  bench(
    'uniform',
    () => {
      for (let i = 0; i < DRAWS; i++) sink += rng.uniform();
    },
    options,
  );
  bench(
    'exponential',
    () => {
      for (let i = 0; i < DRAWS; i++) sink += rng.exponential(2);
    },
    options,
  );
  bench(
    'normal',
    () => {
      for (let i = 0; i < DRAWS; i++) sink += rng.normal();
    },
    options,
  );
  bench(
    'lognormalMeanCv',
    () => {
      for (let i = 0; i < DRAWS; i++) sink += rng.lognormalMeanCv(10, 0.5);
    },
    options,
  );
  bench(
    'weibull',
    () => {
      for (let i = 0; i < DRAWS; i++) sink += rng.weibull(1.5, 2);
    },
    options,
  );
  bench(
    'poisson(4), Knuth',
    () => {
      for (let i = 0; i < DRAWS; i++) sink += rng.poisson(4);
    },
    options,
  );
  bench(
    'poisson(500), PTRS',
    () => {
      for (let i = 0; i < DRAWS; i++) sink += rng.poisson(500);
    },
    options,
  );
  bench(
    'stream creation (alea seeding), per 1M',
    () => {
      for (let i = 0; i < DRAWS; i++) sink += new RandomStreams(1).stream(`s${i}`).uniform();
    },
    { ...options, iterations: 3, warmupIterations: 1 },
  );
  if (sink === -1) console.log(sink);
});
