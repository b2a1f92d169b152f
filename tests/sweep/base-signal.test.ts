import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareSweep } from '../../src/sweep/sweep.ts';

// A carbon-aware rule on a grid given no carbon is refused (the signal would be PJM's flat mean): but a sweep whose every
// point gives that carbon, by --vary or by its cases, gives the rule its signal, and was refused all the same, its model
// checked alone before any point ('workload.jobs[0].carbon_aware: expected a grid whose carbon intensity is given').
const MODEL = `name: aware
start: 2027-03-01
duration: 1d
step: 1h
seed: 7
clusters:
  - { name: gpu, chip: H200, count: 64 }
workload:
  jobs:
    - { name: batch, cluster: gpu, rate: 4/h, chips: [1, 2], duration: 1h, finish_within: 12h,
        carbon_aware: { above: 350 g/kWh } }
facility:
  cooling: { model: pue, pue: 1.25 }
supply:
  - { kind: grid, price: 60 $/MWh }
`;

describe('a sweep whose points give the signal a rule reads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dcpsim-base-signal-'));
  const model = join(dir, 'aware.yaml');
  writeFileSync(model, MODEL);
  const out = (name: string) => join(dir, name);

  it('takes a --vary of the grid carbon', () => {
    const p = prepareSweep({ model, vary: ['supply[0].carbon=300,400 g/kWh'], out: out('vary'), env: {} });
    expect(p.spec.vary).toEqual([{ path: 'supply[0].carbon', values: ['300 g/kWh', '400 g/kWh'] }]);
    expect(p.spec.seed).toBe(7);
    expect(p.spec.name).toBe('aware-sweep');
  });

  it('takes cases that each give it, and a case that adds the grid to a model without one', () => {
    const file = join(dir, 'cases.sweep.yaml');
    writeFileSync(
      file,
      `model: aware.yaml\ncases:\n  low:\n    supply[0].carbon: 300 g/kWh\n  high:\n    supply[0].carbon: 400 g/kWh\n`,
    );
    expect(prepareSweep({ model: file, out: out('cases'), env: {} }).spec.cases).toHaveLength(2);
    const islanded = join(dir, 'islanded.yaml');
    writeFileSync(
      islanded,
      MODEL.replace('- { kind: grid, price: 60 $/MWh }', '- { kind: smr, units: 1, rating: 1 MW, mode: baseload }'),
    );
    const adds = join(dir, 'adds.sweep.yaml');
    writeFileSync(
      adds,
      'model: islanded.yaml\ncases:\n  grid:\n    supply:\n      - { kind: grid, price: 60 $/MWh, carbon: 300 g/kWh }\n',
    );
    expect(prepareSweep({ model: adds, out: out('adds'), env: {} }).spec.cases).toHaveLength(1);
  });

  it('still refuses a point that leaves it out, naming the model line', () => {
    const file = join(dir, 'half.sweep.yaml');
    writeFileSync(file, `model: aware.yaml\ncases:\n  low:\n    supply[0].carbon: 300 g/kWh\n  flat: {}\n`);
    expect(() => prepareSweep({ model: file, out: out('half'), env: {} })).toThrow(
      /aware\.yaml:11: workload\.jobs\[0\]\.carbon_aware: expected a grid whose carbon intensity is given/,
    );
    expect(() => prepareSweep({ model, vary: ['facility.cooling.pue=1.2,1.3'], out: out('none'), env: {} })).toThrow(
      /^[^ ]*aware\.yaml:11: workload\.jobs\[0\]\.carbon_aware: expected a grid whose carbon intensity is given/,
    );
  });
});
