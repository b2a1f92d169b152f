/**
 * What an accelerator-hour costs from its cluster's `costs:`, for each
 * training run's hardware cost when the run gives no `chip_hour_cost`: the
 * cloud rental per chip-hour, or the capital per chip annualised over its
 * lifetime at the project's discount rate, capital x CRF(d, L), over the
 * 8,760 hours of a year (the equal yearly payment that repays it).
 */
import type { HardwareCosts } from '../model/costs.ts';
import { crf } from './finance.ts';
import { SECONDS } from '../kernel/time.ts';

/** USD per chip-hour, or undefined when the costs give neither rental nor capital with a lifetime. */
export function chipHourCost(c: HardwareCosts | undefined, discountRate: number): number | undefined {
  if (!c) return undefined;
  if (c.rental !== undefined) return c.rental * 3600;
  if (c.capital !== undefined && c.lifetime !== undefined)
    return (c.capital * crf(discountRate, c.lifetime / SECONDS.year)) / 8760;
  return undefined;
}
