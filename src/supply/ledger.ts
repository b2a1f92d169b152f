/**
 * Levels the economics needs and the time series does not carry: what each
 * source produced and was taken (to the load, storage or export), what it
 * produced and curtailed (a thermal unit burns fuel for it), and of what was
 * taken what went to stores and to export (src/supply/accounts.ts). Its cost
 * (`<source>_cost_usd`, what is paid to it, never net of export revenue) and an
 * export sink's revenue (`<sink>_export_revenue_usd`) are columns. The site
 * integrates these by month beside the columns (src/kernel/periods.ts).
 */
import { levelIn, type Meter } from '../kernel/recorder.ts';
import type { SupplySystem } from './system.ts';
import { columnName } from '../model/column-name.ts';
import { W_PER_KW } from '../model/units.ts';

export function ledgerMeters(system: SupplySystem): Meter[] {
  const r = system.result;
  return system.supplies.flatMap((s, i): Meter[] => {
    const col = columnName(s.name);
    // Elements of the dispatch's arrays: read in place (Meter.levelAt).
    const kw = (name: string, a: Float64Array): Meter => ({
      name: `${col}_${name}_kw`,
      kind: 'mean',
      scale: 1 / W_PER_KW,
      decimals: 3,
      ...levelIn(a, i),
    });
    return [
      kw('used', r.usedW),
      kw('curtailed', r.curtailedW),
      kw('to_storage', r.toStoreW),
      kw('to_export', r.toExportW),
    ];
  });
}
