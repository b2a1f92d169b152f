/**
 * A cluster's busy chips by duty hold the order a Map keyed on the duty would (the IT power
 * and the mean duty sum the duties in that order, so the order is part of every number).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DutyCounts } from '../../src/workload/cluster.ts';

const duty = fc.constantFrom(0, -0, 0.1, 0.5, 0.8, 1, 0.8 * 0.37);
const op = fc.record({ add: fc.boolean(), duty, n: fc.integer({ min: 0, max: 5 }) });

describe('DutyCounts', () => {
  it('holds what a Map of duty to count holds, in its order, through any adds and takes', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const h = new DutyCounts();
        const m = new Map<number, number>();
        for (const o of ops) {
          const had = m.get(o.duty) ?? 0;
          if (o.add) {
            h.add(o.duty, o.n);
            m.set(o.duty, had + o.n);
          } else {
            const ok = h.take(o.duty, o.n);
            expect(ok).toBe(had - o.n >= 0);
            if (had - o.n === 0) m.delete(o.duty);
            else if (had - o.n > 0) m.set(o.duty, had - o.n);
          }
          const entries = Array.from({ length: h.size }, (_, i) => [h.duty(i), h.count(i)]);
          expect(entries).toEqual([...m]);
          for (const [d, n] of m) expect(h.get(d)).toBe(n);
        }
      }),
    );
  });
});
