/**
 * Every cooling model, by name. Adding a model is one new file in this folder
 * (see cooling.ts and pue.ts, the smallest) and one line here. The schema's
 * variants, the models' names and the `cooling_mode` codes all come from this list.
 */
import * as z from 'zod';
import type { Cooling, CoolingModel, CoolingSchema } from './cooling.ts';
import { pue } from './pue.ts';
import { chiller } from './chiller.ts';
import { economiser } from './economiser.ts';
import { liquid } from './liquid.ts';
import { radiator } from './radiator.ts';

const models = [pue, chiller, economiser, liquid, radiator] as const;

type Models = (typeof models)[number];
type CoolingConfig = z.output<Models['schema']>;

export const coolingSchema = z.discriminatedUnion(
  'model',
  models.map((m) => m.schema) as unknown as [Models['schema']],
);

/** Lookups over a list of models (a test builds one with a model of its own). */
interface CoolingRegistry {
  /** The model of a name; throws on an unknown name. */
  model(name: string): CoolingModel;
  /** The `cooling_mode` code of a mode; throws on a mode no model declares. */
  modeCode(mode: string): number;
  /** Each model's name (and `about`), for the schema's description: "a, b (...) or c". */
  readonly about: string;
  /** Every mode by its code, ascending. */
  readonly modes: readonly { readonly code: number; readonly name: string }[];
}

/** A registry of `list`; throws if two models share a name, or a code or a mode has two meanings. */
export function coolingRegistry(list: readonly CoolingModel<CoolingSchema>[]): CoolingRegistry {
  const byName = new Map<string, CoolingModel>();
  const codes = new Map<string, number>();
  const names = new Map<number, string>();
  for (const m of list) {
    const name = m.schema.shape.model.value;
    if (byName.has(name)) throw new Error(`two cooling models named ${name}`);
    byName.set(name, m as CoolingModel);
    for (const [mode, code] of Object.entries(m.modes)) {
      if (!Number.isInteger(code) || code < 0)
        throw new Error(`cooling mode ${mode} of ${name}: code ${code}, expected an integer ≥ 0`);
      if ((codes.get(mode) ?? code) !== code)
        throw new Error(`cooling mode ${mode} has codes ${codes.get(mode)} and ${code} (${name})`);
      if ((names.get(code) ?? mode) !== mode)
        throw new Error(`cooling_mode code ${code} means both ${names.get(code)} and ${mode} (${name})`);
      codes.set(mode, code);
      names.set(code, mode);
    }
  }
  const about = list.map((m) => (m.about ? `${m.schema.shape.model.value} (${m.about})` : m.schema.shape.model.value));
  return {
    about: about.length > 1 ? `${about.slice(0, -1).join(', ')} or ${about[about.length - 1]}` : about.join(''),
    model(name) {
      const m = byName.get(name);
      if (!m) throw new Error(`no cooling model ${name} (known: ${[...byName.keys()].join(', ')})`);
      return m;
    },
    modeCode(mode) {
      const code = codes.get(mode);
      if (code === undefined)
        throw new Error(`cooling mode ${mode} is declared by no model's modes (give it a code there)`);
      return code;
    },
    modes: [...names].sort((a, b) => a[0] - b[0]).map(([code, name]) => ({ code, name })),
  };
}

export const COOLING = coolingRegistry(models);

/** Build the running model a config names. */
export function createCooling(cfg: CoolingConfig): Cooling {
  return COOLING.model(cfg.model).create(cfg);
}
