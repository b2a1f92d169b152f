/**
 * The economics of one run: the components' costs (the model's `costs:`
 * blocks), the run's ledger by project year, and the project's discount
 * rate, escalation and horizon give the cash flows (cashflow.csv) and the
 * summary's `economics` section (NPC, annualised cost, LCOE).
 */
import type { EconomicsConfig } from '../model/costs.ts';
import { addMonths, yearsOf } from '../kernel/calendar.ts';
import { cashFlows, summarize, type CashFlow, type EconomicsSummary } from './cashflow.ts';
import {
  demandResponseCosts,
  hardwareCosts,
  lostLoadCosts,
  supplyCosts,
  type ClusterCostInput,
  type SimulatedFade,
  type SupplyCostInput,
} from './components.ts';
import { ledgerYears, type LedgerSource, type MonthTotals } from './ledger.ts';

interface RunEconomicsInput {
  config: EconomicsConfig;
  startEpochS: number;
  durationS: number;
  supplies: readonly SupplyCostInput[];
  /** Each supply's column name and whether it exports, in the same order. */
  columns: readonly LedgerSource[];
  clusters: readonly ClusterCostInput[];
  months: readonly MonthTotals[];
  /** Each fading battery's simulated capacity and replacements, by supply name. */
  fades?: ReadonlyMap<string, SimulatedFade>;
  /** With demand response: its payment, USD per J shed (booked as income from the `dr_shed_kw` column). */
  demandResponsePaymentPerJ?: number;
}

export function runEconomics(inp: RunEconomicsInput): { summary: EconomicsSummary; flows: CashFlow[] } {
  const years = inp.config.years ?? yearsOf(inp.startEpochS, inp.durationS);
  const simulated = yearsOf(inp.startEpochS, inp.durationS);
  const lengths = Array.from(
    { length: simulated },
    (_, k) => addMonths(inp.startEpochS, 12 * (k + 1)) - addMonths(inp.startEpochS, 12 * k),
  );
  const dr = inp.demandResponsePaymentPerJ;
  const ledger = ledgerYears(inp.months, lengths, inp.columns, dr !== undefined);
  const components = [
    ...inp.supplies.map((s) => supplyCosts(s, inp.startEpochS, inp.fades?.get(s.name), inp.durationS)),
    ...inp.clusters.flatMap((c) => hardwareCosts(c, inp.startEpochS) ?? []),
    ...(dr !== undefined ? [demandResponseCosts(dr)] : []),
    ...(inp.config.value_of_lost_load !== undefined ? [lostLoadCosts(inp.config.value_of_lost_load)] : []),
  ];
  const c = inp.config;
  const project = {
    discountRate: c.discount_rate,
    escalation: c.escalation,
    years,
    ...(c.carbon_price !== undefined
      ? { carbonPricePerKg: c.carbon_price, carbonEscalation: c.carbon_escalation }
      : {}),
  };
  const flows = cashFlows(project, components, ledger);
  return { summary: summarize(project, components, ledger, flows), flows };
}
