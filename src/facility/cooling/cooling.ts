/**
 * What a cooling model is: a schema (its fields, `model` the name), its modes
 * with their codes in the `cooling_mode` column, a few facts the facility
 * checks, and `create`, which builds the running model. Each model is one
 * file in this folder and one line in registry.ts.
 */
import type * as z from 'zod';
import type { Ambient } from '../weather.ts';

/** What the facility asks of a running cooling model. */
export interface Cooling {
  /** Mode names (each declared, with its code, by a model in the registry); `mode` indexes them. */
  readonly modes: readonly string[];
  mode: number;
  /** Most heat it can reject, W (Infinity on Earth). */
  readonly maxHeatW: number;
  /** The outdoor air changed: pick the mode and the coefficients that hold until the next change. */
  setAmbient(a: Ambient): void;
  /** Cooling power to remove the heat of `itW` and `lossesW` now, W (monotone in both). */
  coolingW(itW: number, lossesW: number): number;
}

/** A schema whose `model` field is the model's name. */
export type CoolingSchema = z.ZodObject<{ model: z.ZodLiteral<string> } & z.core.$ZodLooseShape>;

export interface CoolingModel<S extends CoolingSchema = CoolingSchema> {
  readonly schema: S;
  /** A few words after its name in the schema's description of `facility.cooling`, if any. */
  readonly about?: string;
  /**
   * Its modes and their codes in the `cooling_mode` column. A code means the
   * same mode whatever the model (the registry refuses two meanings), and a
   * code once written is never reused for another mode: a new mode takes a new code.
   */
  readonly modes: Readonly<Record<string, number>>;
  /**
   * Outdoor weather: 'needed' (the synthetic default when the model file gives
   * none), 'optional' (used for `ambient_c` only if given), or the reason it is refused.
   */
  readonly weather: 'needed' | 'optional' | { refused: string };
  /** The reason it takes no `power_chain`, if it takes none. */
  readonly noPowerChain?: string;
  /** Where in its config a field demands weather with humidity (a path), if one does. */
  humidityNeededAt?(cfg: z.output<S>): (string | number)[] | undefined;
  create(cfg: z.output<S>): Cooling;
}

/** Declare a model (the type parameter ties `create` to the schema). */
export function coolingModel<S extends CoolingSchema>(m: CoolingModel<S>): CoolingModel<S> {
  return m;
}
