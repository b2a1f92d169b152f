import { describe, expect, it } from 'vitest';
import { simulateMMc } from '../helpers/mmc.ts';

/** Erlang C (MODELS.md, Queueing): probability an arrival waits in M/M/c. */
function erlangC(c: number, a: number): number {
  const rho = a / c;
  let term = 1; // a^k / k!
  let sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const top = term / (1 - rho); // term is now a^c / c!
  return top / (sum + top);
}

describe('M/M/c on the kernel', () => {
  it('Erlang C is right for a known case', () => {
    // M/M/1: C = rho. c = 2, a = 1: C = (1/2 * 2) / (1 + 1 + 1) = 1/3.
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 12);
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
  });

  it('mean wait matches Erlang C within 3% at 90% load (c = 4), pooled over seeds', () => {
    const c = 4;
    const mu = 1;
    const lambda = 0.9 * c * mu;
    const wq = erlangC(c, lambda / mu) / (c * mu - lambda);
    // Batch means: independent replications, each long against the queue's
    // relaxation time, so the replication means are near-independent and normal.
    const reps = 64;
    const means: number[] = [];
    for (let r = 0; r < reps; r++) {
      means.push(simulateMMc({ lambda, mu, c, customers: 250_000, warmup: 5_000, seed: `mmc-${r}` }));
    }
    const mean = means.reduce((s, x) => s + x, 0) / reps;
    const sd = Math.sqrt(means.reduce((s, x) => s + (x - mean) ** 2, 0) / (reps - 1));
    const stderr = sd / Math.sqrt(reps);
    const rel = Math.abs(mean - wq) / wq;
    // The 3% band must be over four standard errors wide, or the test would be a coin toss.
    expect(stderr / wq).toBeLessThan(0.0075);
    expect(rel, `Wq sim ${mean.toFixed(4)} ± ${stderr.toFixed(4)} vs Erlang C ${wq.toFixed(4)}`).toBeLessThan(0.03);
  }, 60_000); // ~2.5 s alone; generous for a loaded CI machine
});
