/** A fixed PUE: cooling = IT (PUE − 1), power-chain losses included in the ratio. */
import * as z from 'zod';
import { coolingModel } from './cooling.ts';

/** No facility draws ten times its IT power (the 2007 average was 2.5, reference.md §2.1): a larger ratio is a typo (1e308 made every figure infinite). */
const MAX_PUE = 10;

export const pue = coolingModel({
  schema: z.strictObject({
    model: z.literal('pue'),
    pue: z
      .number()
      .min(1)
      .max(MAX_PUE)
      .meta({
        description: `Facility power over IT power, losses included (1.58 industry average 2023, 1.1 hyperscale; reference.md §2.1); at most ${MAX_PUE}`,
      }),
  }),
  about: 'a fixed ratio, losses included',
  modes: { pue: 3 },
  weather: 'optional',
  noPowerChain: 'its ratio already includes losses',
  create(cfg) {
    const over = cfg.pue - 1;
    return { modes: ['pue'], mode: 0, maxHeatW: Infinity, setAmbient() {}, coolingW: (it) => it * over };
  },
});
