/** cashflow.csv: one row per cash flow (src/economics/cashflow.ts), full precision, so the discounted column sums to the NPC. */
import type { CashFlow } from '../../economics/cashflow.ts';
import { csvLine } from './format.ts';

/** year (0 = the start; operating flows at the end of years 1..N), component, category, nominal and discounted USD. */
export function cashflowTable(flows: readonly CashFlow[], sep = ','): string {
  return (
    csvLine(['year', 'component', 'category', 'nominal_usd', 'discounted_usd'], sep) +
    flows
      .map((f) =>
        csvLine([String(f.year), f.component, f.category, String(f.nominal_usd), String(f.discounted_usd)], sep),
      )
      .join('')
  );
}
