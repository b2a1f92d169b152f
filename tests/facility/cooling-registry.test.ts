/**
 * The cooling registry: the `cooling_mode` codes it derives (an output
 * format: they must not move), a model added by a list entry alone, and the
 * loud failures of a clash or an unknown name.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { coolingModel } from '../../src/facility/cooling/cooling.ts';
import { COOLING, coolingRegistry } from '../../src/facility/cooling/registry.ts';
import { pue } from '../../src/facility/cooling/pue.ts';
import { chiller } from '../../src/facility/cooling/chiller.ts';
import { economiser } from '../../src/facility/cooling/economiser.ts';
import { liquid } from '../../src/facility/cooling/liquid.ts';
import { radiator } from '../../src/facility/cooling/radiator.ts';

const BUILT_IN = [pue, chiller, economiser, liquid, radiator];

/** A model as small as one can be: a dry cooler whose fans draw a fixed share of the heat. */
const dryCooler = coolingModel({
  schema: z.strictObject({ model: z.literal('dry-cooler'), fans: z.number().min(0).prefault(0.03) }),
  modes: { fans: 5 },
  weather: 'optional',
  create: (cfg) => ({
    modes: ['fans'],
    mode: 0,
    maxHeatW: Infinity,
    setAmbient() {},
    coolingW: (it, losses) => (it + losses) * cfg.fans,
  }),
});

describe('cooling registry', () => {
  it('keeps the cooling_mode codes that runs have written, and the docs list them', () => {
    expect(COOLING.modes).toEqual([
      { code: 0, name: 'free' },
      { code: 1, name: 'partial' },
      { code: 2, name: 'chiller' },
      { code: 3, name: 'pue' },
      { code: 4, name: 'radiator' },
    ]);
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'models', 'facility.md'), 'utf8').replace(
      /\s+/g,
      ' ',
    );
    expect(readme).toContain(`\`cooling_mode\` (${COOLING.modes.map((m) => `${m.code} ${m.name}`).join(', ')};`);
  });

  it('takes a new model from its list entry alone: name, description, codes', () => {
    const r = coolingRegistry([...BUILT_IN, dryCooler]);
    expect(r.model('dry-cooler')).toBe(dryCooler);
    expect(r.modeCode('fans')).toBe(5);
    expect(r.modeCode('chiller')).toBe(2);
    expect(r.about).toBe(`${COOLING.about.replace(' or ', ', ')} or dry-cooler`);
    const c = r.model('dry-cooler').create(dryCooler.schema.parse({ model: 'dry-cooler' }));
    expect(c.coolingW(1000, 50)).toBeCloseTo(31.5, 12);
  });

  it('refuses a code with two meanings, a mode with two codes, a name twice', () => {
    expect(() => coolingRegistry([...BUILT_IN, { ...dryCooler, modes: { fans: 2 } }])).toThrow(
      'cooling_mode code 2 means both chiller and fans (dry-cooler)',
    );
    expect(() => coolingRegistry([...BUILT_IN, { ...dryCooler, modes: { pue: 7 } }])).toThrow(
      'cooling mode pue has codes 3 and 7 (dry-cooler)',
    );
    expect(() => coolingRegistry([...BUILT_IN, { ...dryCooler, modes: { fans: 0.5 } }])).toThrow(
      'code 0.5, expected an integer',
    );
    expect(() => coolingRegistry([...BUILT_IN, pue])).toThrow('two cooling models named pue');
  });

  it('fails loudly on a model or a mode it does not know', () => {
    expect(() => COOLING.model('dry-cooler')).toThrow(
      'no cooling model dry-cooler (known: pue, chiller, economiser, liquid, radiator)',
    );
    // A running model naming a mode no model declares would otherwise write -1 in cooling_mode.
    expect(() => COOLING.modeCode('fans')).toThrow('cooling mode fans is declared by no model');
  });
});
