/** The grid: imports up to a cap at a price and a carbon intensity. */
import { z } from 'zod';
import { quantity } from '../model/units.ts';
import type { Supply, SupplyContext } from './supply.ts';

export const gridSchema = z.strictObject({
  kind: z.literal('grid'),
  name: z.string().min(1).prefault('grid'),
  import_cap: quantity('power', { min: 0 }, 'Most power the site may import (0: islanded)').optional(),
  price: quantity('price', { min: 0 }, 'Energy price (PJM 2024 all-in wholesale $55.54/MWh, reference.md §9.2)').prefault(55.54),
  carbon: quantity('carbon', { min: 0 }, 'Carbon intensity (PJM 2022 mean 363 g/kWh, reference.md §9.1)').prefault(363),
  carbon_free_share: quantity('fraction', { min: 0, max: 1 }, 'Share of grid energy that counts as carbon-free (PJM 2022 nuclear 32.4%)').prefault(0.324),
});

export type GridConfig = z.output<typeof gridSchema>;

export function createGrid(cfg: GridConfig, _ctx: SupplyContext): Supply {
  const cap = cfg.import_cap ?? Infinity;
  return {
    name: cfg.name,
    kind: 'grid',
    mustRun: false,
    availableW: () => cap,
    priceUsdPerJ: () => cfg.price,
    carbonKgPerJ: () => cfg.carbon,
    carbonFreeShare: () => cfg.carbon_free_share,
  };
}
