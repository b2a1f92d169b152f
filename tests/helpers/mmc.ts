/**
 * An M/M/c queue on the kernel, for validating it against Erlang C. A test helper,
 * not a product feature: Poisson arrivals, c servers, exponential service, FIFO.
 */
import { Simulation } from '../../src/kernel/simulation.ts';
import { RandomStreams } from '../../src/kernel/random.ts';

export interface MMcOptions {
  lambda: number; // arrivals per unit time
  mu: number; // services per unit time per server
  c: number;
  customers: number; // customers whose wait is measured
  warmup: number; // customers discarded first, while the queue is still near empty
  seed: number | string;
}

/** Mean wait in queue (arrival to start of service) of the measured customers. */
export function simulateMMc(o: MMcOptions): number {
  const sim = new Simulation();
  const streams = new RandomStreams(o.seed);
  const arrivals = streams.stream('arrivals');
  const service = streams.stream('service');
  const total = o.warmup + o.customers;
  const queue = new Float64Array(total); // arrival times, FIFO by index
  let head = 0;
  let tail = 0;
  let busy = 0;
  let started = 0;
  let arrived = 0;
  let waitSum = 0;

  const startService = (arrivedAt: number) => {
    if (started++ >= o.warmup) waitSum += sim.now - arrivedAt;
    if (started === total) sim.stop();
    sim.after(service.exponential(o.mu), depart);
  };
  const depart = () => {
    if (head < tail) startService(queue[head++]);
    else busy--;
  };
  const arrive = () => {
    if (++arrived < total) sim.after(arrivals.exponential(o.lambda), arrive);
    if (busy < o.c) {
      busy++;
      startService(sim.now);
    } else {
      queue[tail++] = sim.now;
    }
  };
  sim.after(arrivals.exponential(o.lambda), arrive);
  sim.run(Infinity);
  if (started !== total) throw new Error(`M/M/c: only ${started} of ${total} customers served`);
  return waitSum / o.customers;
}
