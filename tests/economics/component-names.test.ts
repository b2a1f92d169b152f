/**
 * With economics, each supply, cluster with costs, demand response's payments and value of lost load is a component
 * of cashflow.csv by its name: two of one name merged their flows. A cluster `smr` with capital beside the supply
 * `smr` counted the SMR's energy twice (NPC 2,175,524 USD where 2,104,182) and the site's LCOE took the cluster's
 * capital (2,714.02 $/MWh where 229.77).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-component-names-'));
let n = 0;
const run = (cluster: string, costs: string, supply: string, economics = '{ discount_rate: 7%, years: 5 }') => {
  const file = join(dir, `m${n++}.yaml`);
  writeFileSync(
    file,
    `duration: 30d
step: 1d
clusters:
  - { name: ${cluster}, chip: H100, count: 64${costs} }
workload:
  jobs: [{ name: j, cluster: ${cluster}, rate: 4/h, chips: [1, 2, 4], duration: 2h }]
supply:
  - { kind: smr, name: ${supply}, units: 1, rating: 50 kW, price: 89 $/MWh, costs: { capital: 6000 $/kW, lifetime: 40y } }
economics: ${economics}
`,
  );
  return runScenario({ model: file, out: join(dir, `out${n}`), series: false });
};
const CAPITAL = ', costs: { capital: 30000 $, lifetime: 5y }';

describe('component names in the economics', () => {
  it('refuses a cluster with costs named as a supply, whose flows merged with its own', () => {
    expect(() => run('smr', CAPITAL, 'smr')).toThrow(
      'clusters[0].name: expected a name other than smr, which supply smr has (with economics, each is a component of cashflow.csv by its name), found "smr"',
    );
    // The NPC is then the supply's and the cluster's, each counted once.
    const e = run('c', CAPITAL, 'smr').summary.economics!;
    const byName = Object.fromEntries(e.components.map((c) => [c.name, c.npc_usd]));
    expect(e.npc_usd).toBeCloseTo(byName.smr + byName.c, 6);
    expect(byName.c).toBeCloseTo(64 * 30000, 6);
  });

  it('takes a cluster without costs named as a supply: it is no component', () => {
    expect(run('smr', '', 'smr').summary.economics!.components.map((c) => c.name)).toEqual(['smr']);
  });

  it('refuses a supply named lost_load beside a value of lost load', () => {
    const voll = '{ discount_rate: 7%, years: 5, value_of_lost_load: 1 $/kWh }';
    expect(() => run('c', '', 'lost_load', voll)).toThrow(
      'supply[0].name: expected a name other than lost_load, which the value_of_lost_load has',
    );
    expect(run('c', '', 'lost_load').summary.economics!.components.map((c) => c.name)).toEqual(['lost_load']);
  });
});
