/**
 * From IT power to facility power: power-chain losses and cooling. For now
 * one model: a fixed PUE, where all overhead is counted as cooling.
 */
import { z } from 'zod';

export const pueCoolingSchema = z.strictObject({
  model: z.literal('pue'),
  pue: z.number().min(1).meta({ description: 'Facility power over IT power (1.58 industry average 2023, 1.1 hyperscale; reference.md §2.1)' }),
});

export const facilitySchema = z.strictObject({
  cooling: z.discriminatedUnion('model', [pueCoolingSchema]).prefault({ model: 'pue', pue: 1.2 })
    .meta({ description: 'How cooling and losses are modelled' }),
});

export type FacilityConfig = z.output<typeof facilitySchema>;

export interface FacilityPower {
  itW: number;
  lossesW: number;
  coolingW: number;
  totalW: number;
}

export class Facility {
  constructor(private readonly cfg: FacilityConfig) {}

  /** Facility power for a given IT power, W. */
  demand(itW: number, out: FacilityPower): FacilityPower {
    const total = itW * this.cfg.cooling.pue;
    out.itW = itW;
    out.lossesW = 0;
    out.coolingW = total - itW;
    out.totalW = total;
    return out;
  }
}
