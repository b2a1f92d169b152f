/**
 * A carbon- or price-aware rule reads the first grid in service at each instant, as a battery follows it: with a
 * tariff change written as two grids (the old retiring as the new enters service), the rules read the first grid
 * listed, retired or not, so `above: 50 $/MWh` read the old 20 $/MWh under the new 100 and held nothing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../../src/run.ts';
import { utc } from '../helpers/oracle.ts';

const H = 3600;
const dir = mkdtempSync(join(tmpdir(), 'dcpsim-grid-in-service-'));
/** 24 h from 2027-01-01 of a 10 h training run under `rule`, on an old grid retiring at 05:00 as a new one enters. */
function model(rule: string, next = 'price: 100 $/MWh'): string {
  const file = join(dir, `m${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    file,
    [
      'start: 2027-01-01',
      'duration: 24h',
      'step: 1h',
      'clusters: [{ name: g, chip: H100, count: 8 }]',
      `workload: { training: [{ name: r, cluster: g, chips: 8, duty: 1, work: 10h, ${rule} }] }`,
      'facility: { cooling: { model: pue, pue: 1.0 } }',
      'supply:',
      '  - { kind: grid, name: old, price: 20 $/MWh, retire: 2027-01-01T05:00 }',
      `  - { kind: grid, name: new, in_service: 2027-01-01T05:00, ${next} }`,
    ].join('\n'),
  );
  return file;
}
const run = (file: string) => runScenario({ model: file, out: mkdtempSync(join(dir, 'out-')) });

describe('a rule reads the grid in service', () => {
  it("above: holds under the new grid's price, not the retired one's", () => {
    // 0-5 h at 20 $/MWh: computes; from 5 h at 100: held to the end. Before, it ran 0-10 h, ended at 10 h.
    const t = run(model('price_aware: { above: 50 $/MWh }')).summary.training[0];
    expect(t.ended_utc).toBeNull();
    expect(t.pauses).toBe(1);
    expect(t.paused_h).toBeCloseTo(19, 9);
  });
  it('cheapest: ranks each hour by the grid in service then', () => {
    // The 3 cheapest hours of the day are among 0-5 h at 20 (the rest at 100), and hours tied with the last chosen
    // count as chosen: 5 h done, held the other 19. Before, every hour read the old grid's 20, all tied, none held:
    // ended at 10 h.
    const t = run(model('price_aware: { cheapest: { hours: 3, per: day } }')).summary.training[0];
    expect(t.ended_utc).toBeNull();
    expect(t.paused_h).toBeCloseTo(19, 9);
    const plain = run(model('price_aware: { cheapest: { hours: 24, per: day } }')).summary.training[0];
    expect(utc(plain.ended_utc!) - Date.UTC(2027, 0, 1) / 1000).toBe(10 * H);
  });
  it('refuses a grid it will read that gives no price', () => {
    expect(() => loadScenario({ model: model('price_aware: { above: 50 $/MWh }', '') })).toThrow(
      /workload\.training\[0\]\.price_aware: expected a grid whose price is given, the signal the rule reads .*, found supply\[1\] \(new\) with no price, so PJM's 2024 wholesale, 55\.54 \$\/MWh, the same every hour$/,
    );
  });
});
