import { loadScenario } from '../../src/run.ts';
import { Site } from '../../src/site.ts';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Recorder } from '../../src/kernel/recorder.ts';

describe('recorder', () => {
  it('integrates piecewise-constant levels exactly into rows that sum to the total', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ min: 0, max: 1000, noNaN: true }), fc.double({ min: 0, max: 1e4, noNaN: true })),
          { minLength: 1, maxLength: 40 },
        ),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 20000 }),
        (changes, step, end) => {
          const rows: { start: number; len: number; mean: number; sum: number }[] = [];
          const r = new Recorder(
            [
              { name: 'p', kind: 'mean', scale: 1, decimals: 3 },
              { name: 'e', kind: 'sum', scale: 1, decimals: 3 },
            ],
            step,
            end,
            { row: (start, len, v) => rows.push({ start, len, mean: v[0], sum: v[1] }) },
          );
          const times = changes.map((c) => (c[0] * end) / 1000).sort((a, b) => a - b);
          let exact = 0;
          let last = 0;
          let level = 0;
          times.forEach((t, i) => {
            r.advance(t);
            exact += level * (t - last);
            last = t;
            level = changes[i][1];
            r.level[0] = level;
            r.level[1] = level;
          });
          r.finish();
          exact += level * (end - last);
          expect(rows.length).toBe(Math.ceil(end / step));
          expect(rows.reduce((a, x) => a + x.len, 0)).toBeCloseTo(end, 6);
          const fromMeans = rows.reduce((a, x) => a + x.mean * x.len, 0);
          const fromSums = rows.reduce((a, x) => a + x.sum, 0);
          const tol = Math.max(1e-6, exact * 1e-9);
          expect(Math.abs(fromMeans - exact)).toBeLessThan(tol);
          expect(Math.abs(fromSums - exact)).toBeLessThan(tol);
          expect(Math.abs(r.total[0] - exact)).toBeLessThan(tol);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('whole rows under unchanged levels, advanced in one call, are the rows advanced one by one, to the bit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.constantFrom(0.1, 1, 60, 7.3),
        fc.integer({ min: 1, max: 300 }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        (levels, step, rowsN, firstAt) => {
          const end = step * rowsN + step / 3; // a partial last row
          const run = (byRow: boolean): { rows: number[][]; total: number[] } => {
            const rows: number[][] = [];
            const r = new Recorder(
              [
                { name: 'p', kind: 'mean', scale: 1e-3, decimals: 3 },
                { name: 'e', kind: 'sum', scale: 1 / 3.6e9, decimals: 6 },
                { name: 'q', kind: 'ratio', scale: 1, decimals: 4, num: 'p', den: 'e' },
              ],
              step,
              end,
              { row: (start, len, v) => rows.push([start, len, ...v]) },
            );
            r.advance(Math.min(firstAt, end));
            r.level.set(levels);
            if (byRow) for (let k = 1; k * step < end; k++) r.advance(Math.max(firstAt, k * step));
            r.finish();
            return { rows, total: [...r.total] };
          };
          expect(run(false)).toEqual(run(true));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('relevel sets one level between updates: its rows count each level for its time, every other column is as without it, to the bit', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: -1e6, max: 1e6, noNaN: true })),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 9 })), {
          maxLength: 20,
        }),
        fc.constantFrom(0.1, 1, 60, 7.3),
        fc.integer({ min: 1, max: 50 }),
        (updates, counts, step, rowsN) => {
          const end = step * rowsN + step / 3;
          // Updates of both columns (a recomputation) and, with `counts`, changes of the count alone.
          const events = [
            ...updates.map(([at, x]) => ({ at: at * end, x, count: false })),
            ...counts.map(([at, n]) => ({ at: at * end, x: n, count: true })),
          ].sort((a, b) => a.at - b.at);
          const run = (withCounts: boolean) => {
            const rows: number[][] = [];
            const r = new Recorder(
              [
                { name: 'p', kind: 'mean', scale: 1e-3, decimals: 3 },
                { name: 'n', kind: 'mean', scale: 1, decimals: 2 },
              ],
              step,
              end,
              { row: (start, len, v) => rows.push([start, len, ...v]) },
            );
            let n = 0;
            for (const e of events) {
              if (e.count) {
                if (!withCounts) continue;
                n = e.x;
                r.relevel(1, n, e.at);
              } else {
                r.advance(e.at);
                r.level[0] = e.x;
                r.level[1] = n; // a recomputation reads the count too
              }
            }
            r.finish();
            return { rows, total: [...r.total] };
          };
          const a = run(false);
          const b = run(true);
          expect(b.rows.map((x) => [x[0], x[1], x[2]])).toEqual(a.rows.map((x) => [x[0], x[1], x[2]]));
          expect(b.total[0]).toBe(a.total[0]);
          // The count's integral, exactly: each value for the time it held.
          let exact = 0;
          let level = 0;
          let last = 0;
          for (const e of events.filter((x) => x.count)) {
            exact += level * (e.at - last);
            level = e.x;
            last = e.at;
          }
          exact += level * (end - last);
          expect(Math.abs(b.total[1] - exact)).toBeLessThan(1e-9 * Math.max(1, end * 9));
          expect(Math.abs(b.rows.reduce((s, x) => s + x[3] * x[1], 0) - exact)).toBeLessThan(
            1e-9 * Math.max(1, end * 9),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a ratio column divides the interval integrals', () => {
    const out: number[] = [];
    const r = new Recorder(
      [
        { name: 'it', kind: 'mean', scale: 1, decimals: 1 },
        { name: 'fac', kind: 'mean', scale: 1, decimals: 1 },
        { name: 'pue', kind: 'ratio', scale: 1, decimals: 4, num: 'fac', den: 'it' },
      ],
      10,
      20,
      { row: (_s, _l, v) => out.push(v[2]) },
    );
    r.level[0] = 100;
    r.level[1] = 150;
    r.advance(5);
    r.level[0] = 100;
    r.level[1] = 110;
    r.finish();
    expect(out[0]).toBeCloseTo((150 * 5 + 110 * 5) / 1000, 12);
    expect(out[1]).toBeCloseTo(1.1, 12);
  });
});

describe('a meter read in place (Meter.levelAt)', () => {
  it("reads the same number as its level(), for every such meter of the default preset's site, all run long", () => {
    const loaded = loadScenario({ model: 'default', duration: '60d' });
    const site = new Site(loaded.model, { baseDir: loaded.baseDir }, { row() {} });
    const inPlace = site.periodChannels.filter((m) => m.levelAt);
    expect(inPlace.length).toBeGreaterThan(20); // delivered, used, stored, exported, costs, carbon, clusters
    let nonzero = 0;
    for (const _ of site.slices(60)) {
      for (const m of inPlace) {
        const [a, j] = m.levelAt ?? [];
        expect(m.level(), m.name).toBe(a?.[j ?? -1]);
        if (m.level() !== 0) nonzero++;
      }
    }
    expect(nonzero).toBeGreaterThan(100);
  });
});
