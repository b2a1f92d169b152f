/**
 * A supply's durations written bare are refused, as any duration, with the unit each is quoted in: an SMR's refuelling
 * cycle of 18 (months, as the US fleet's 18-24 are quoted) was offered 'like "18h" or "18s"', a cycle of hours or
 * seconds, and its outage of 35 (days) 'like "35h" or "35s"'. Found by sp75.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.ts';
import { loadScenario } from '../../src/run.ts';

const SMALL = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');
const load = (supply: string) => () => loadScenario({ model: SMALL, set: [`supply[1]=${supply}`] });
const smr = (refuel: string) => load(`{ kind: smr, units: 2, rating: 1 MW, refuel: { ${refuel} } }`);
const fusion = (f: string) => load(`{ kind: fusion-ppa, capacity: 1 MW, ${f} }`);
const bare = (field: string, like: string, found: string) =>
  new RegExp(
    `^.*: supply\\[1\\]\\.${field.replace(/[.[\]]/g, '\\$&')}: expected ${like} \\(a bare number other than 0 could be in any unit\\), found ${found}$`,
  );

describe("a supply's bare duration", () => {
  it('is refused with the unit it is quoted in', () => {
    const cases: [() => unknown, RegExp][] = [
      [smr('every: 18'), bare('refuel.every', 'a refuelling cycle with its unit, like "18mo"', '18')],
      // A cycle of 2 was offered "2mo" until 8 December 2026 (bk75), which loads: a 60-day cycle with its 35-day outage,
      // the units out 58 % of the time, where 2 years were meant.
      [smr('every: 2'), bare('refuel.every', 'a refuelling cycle with its unit, like "2y" or "24mo"', '2')],
      [smr('every: 1.5'), bare('refuel.every', 'a refuelling cycle with its unit, like "1.5y" or "18mo"', '1.5')],
      [smr('takes: 35'), bare('refuel.takes', 'a refuelling outage with its unit, like "35d"', '35')],
      [smr('offsets: [3, 9]'), bare('refuel.offsets[0]', 'an offset with its unit, like "3mo"', '3')],
      [fusion('outage_mean: 14'), bare('outage_mean', 'a mean outage with its unit, like "14d"', '14')],
      [fusion('slip: { median: 9 }'), bare('slip.median', 'a delay with its unit, like "9mo"', '9')],
      // A slip of 2 (years: first-of-a-kind plants slip by months to years) was offered "2mo" until 8 December 2026
      // (bk75), which loads: fusion-2028's plant starting 2 months late where 2 years were meant.
      [fusion('slip: { median: 2 }'), bare('slip.median', 'a delay with its unit, like "2y" or "24mo"', '2')],
      // A trace's max_gap of 48 was offered "48h" or "48s" until 8 December 2026 (bk75): seconds in an hourly trace.
      [
        load('{ kind: grid, price: { file: prices.csv, max_gap: 48 } }'),
        bare('price.max_gap', 'a run of empty hours with its unit, like "48h"', '48'),
      ],
    ];
    for (const [f, re] of cases) {
      expect(f).toThrow(InputError);
      expect(f).toThrow(re);
    }
  });

  it('takes the forms offered, and a bare 0', () => {
    for (const f of [
      smr('every: 18mo, takes: 35d, offsets: [3mo, 9mo]'),
      smr('takes: 0'),
      fusion('outage_mean: 14d, slip: { median: 9mo }'),
      fusion('slip: { median: 0 }'),
    ])
      expect(f).not.toThrow();
  });
});
