/**
 * Where each source's energy and money go (issue 10.8): the energy it sends
 * to the load, to stores and to export, and what it curtails; what it is paid
 * (its price times the energy taken, plus fixed and take-or-pay charges), split
 * the same way; and, for a sink that takes exports (the grid), the revenue it
 * pays back. No figure nets another: a source's cost is what is paid to it,
 * export revenue is its own figure, and the site's net cost is their
 * difference.
 *
 * The split of a cost: the price-proportional part by where the energy went
 * (curtailed energy is not taken, so it costs nothing at the price); charges
 * that accrue whatever is taken (fixed costs, a take-or-pay contract) pro rata
 * over all the source produced or offered, curtailed included, and, while it
 * produces nothing, as `idle`. So an SMR at $89/MWh costs $89 for each MWh
 * to the load, whatever it exports, and a take-or-pay PPA its price for each
 * MWh it offers, wherever that went.
 */
import type { DispatchResult } from './dispatch.ts';
import { Integral } from '../kernel/integral.ts';
import type { Supply } from './supply.ts';
import { J_PER_MWH } from '../model/units.ts';

/** The parts of a source's cost, in the order of the summary's `cost_split_usd`. */
const COST_PARTS = ['load', 'storage', 'export', 'curtailed', 'idle'] as const;
const P = COST_PARTS.length;

interface SourceAccount {
  /** Energy taken from it to stores, and to export, MWh. */
  to_storage_mwh: number;
  to_export_mwh: number;
  /** What it is paid, split by where its energy went; the parts sum to the source's `cost_usd`. */
  cost_split_usd: Record<(typeof COST_PARTS)[number], number>;
  /** The carbon of its energy to stores, kg (a part of its carbon_kg). */
  to_storage_carbon_kg: number;
}

export class SourceAccounts {
  /** Now, per source: what it is paid and (export sinks) what it pays back for exports, USD/s. */
  readonly costRate: Float64Array;
  readonly revenueRate: Float64Array;
  /** Now, per source: the carbon of its energy to stores, kg/s (set by the system, which reads each intensity). */
  readonly storeCarbonRate: Float64Array;
  private readonly partRate: Float64Array;
  /** Energy to stores and to export (J), and the cost parts (USD), integrated from the dispatch's levels. */
  private readonly totals: Integral;

  constructor(
    private readonly supplies: readonly Supply[],
    private readonly r: DispatchResult,
  ) {
    const n = supplies.length;
    this.costRate = new Float64Array(n);
    this.revenueRate = new Float64Array(n);
    this.partRate = new Float64Array(n * P);
    this.storeCarbonRate = new Float64Array(n);
    this.totals = new Integral([r.toStoreW, r.toExportW, this.partRate, this.storeCarbonRate]);
  }

  /** Take the rates of the dispatch just made. */
  set(): void {
    const { supplies, partRate, costRate, revenueRate } = this;
    // Each level read once into a local: a store to one Float64Array may alias another, so the JIT reloads them.
    const { usedW, curtailedW, deliveredW, toStoreW, toExportW, exportW } = this.r;
    for (let i = 0; i < supplies.length; i++) {
      const s = supplies[i];
      const used = usedW[i];
      // Nothing taken, nothing paid at the price: no call (every part below is 0 times a finite price).
      const price = used === 0 ? 0 : s.priceUsdPerJ();
      const fixed = s.fixedCostUsdPerS?.() ?? 0;
      const curtailed = curtailedW[i];
      const produced = used + curtailed;
      const k = i * P;
      const perJ = produced > 0 ? fixed / produced : 0;
      const unit = price + perJ;
      partRate[k] = deliveredW[i] * unit;
      partRate[k + 1] = toStoreW[i] * unit;
      partRate[k + 2] = toExportW[i] * unit;
      partRate[k + 3] = curtailed * perJ;
      partRate[k + 4] = produced > 0 ? 0 : fixed;
      costRate[i] = used * price + fixed;
      const ex = s.export;
      revenueRate[i] = ex ? exportW[i] * ex.exportPriceUsdPerJ() : 0;
    }
  }

  /** Integrate the rates set last up to t. */
  advance(t: number): void {
    this.totals.advance(t);
  }

  /** Source i's energy and cost split, for the summary. */
  account(i: number): SourceAccount {
    const [toStoreJ, toExportJ, partUsd, storeKg] = this.totals.totals;
    const split = Object.fromEntries(
      COST_PARTS.map((p, j) => [p, partUsd[i * P + j]]),
    ) as SourceAccount['cost_split_usd'];
    return {
      to_storage_mwh: toStoreJ[i] / J_PER_MWH,
      to_export_mwh: toExportJ[i] / J_PER_MWH,
      cost_split_usd: split,
      to_storage_carbon_kg: storeKg[i],
    };
  }
}
