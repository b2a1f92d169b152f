/**
 * Levels the economics needs and the time series does not carry: what each
 * source generated and was used (to the load, storage or export), and the
 * export revenue it earned (the `<source>_cost_usd` column nets it). The site
 * integrates them by month beside the columns (src/output/periods.ts).
 */
import type { Meter } from '../output/recorder.ts';
import { columnName, type SupplySystem } from './system.ts';

export function ledgerMeters(system: SupplySystem): Meter[] {
  const r = system.result;
  return system.supplies.flatMap((s, i): Meter[] => {
    const col = columnName(s.name);
    const used: Meter = { name: `${col}_used_kw`, kind: 'mean', scale: 1e-3, decimals: 3, level: () => r.usedW[i] };
    const exp = s.export;
    if (!exp) return [used];
    return [used, { name: `${col}_export_revenue_usd`, kind: 'sum', scale: 1, decimals: 4, level: () => r.exportW[i] * exp.exportPriceUsdPerJ() }];
  });
}
