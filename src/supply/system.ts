/**
 * The supply side of a site: the supplies in merit order, dispatch, and
 * the accounting of what each delivered, at what cost and carbon.
 */
import type { Meter } from '../output/recorder.ts';
import { createSupply, type SupplyConfig } from './registry.ts';
import { dispatch, newDispatchResult, type DispatchResult } from './dispatch.ts';
import type { Supply, SupplyContext } from './supply.ts';

const KW = 1e-3;

/** Column names are lower-case words joined by "_". */
export function columnName(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

export class SupplySystem {
  readonly supplies: Supply[];
  readonly result: DispatchResult;
  /** Cost and carbon rates of the current dispatch, USD/s and kg/s. */
  costRate = 0;
  carbonRate = 0;
  private readonly costRates: Float64Array;
  private readonly carbonRates: Float64Array;

  constructor(configs: readonly SupplyConfig[], ctx: (cfg: SupplyConfig) => SupplyContext) {
    this.supplies = configs.map((cfg) => createSupply(cfg, ctx(cfg)));
    this.result = newDispatchResult(this.supplies.length);
    this.costRates = new Float64Array(this.supplies.length);
    this.carbonRates = new Float64Array(this.supplies.length);
  }

  /** All the supplies could deliver now, W. */
  availableW(): number {
    let w = 0;
    for (const s of this.supplies) w += Math.max(0, s.availableW());
    return w;
  }

  /** Meet `demandW` now; returns the unmet part, W. */
  dispatch(demandW: number): number {
    const { supplies, result } = this;
    dispatch(demandW, supplies, result);
    let cost = 0;
    let carbon = 0;
    for (let i = 0; i < supplies.length; i++) {
      const w = result.deliveredW[i];
      cost += this.costRates[i] = w * supplies[i].priceUsdPerJ();
      carbon += this.carbonRates[i] = w * supplies[i].carbonKgPerJ();
    }
    this.costRate = cost;
    this.carbonRate = carbon;
    return result.unmetW;
  }

  /** Power by source, unmet and curtailed (kW), then cost and carbon by source. */
  meters(): { power: Meter[]; money: Meter[] } {
    const kw = (name: string, f: () => number): Meter => ({ name, kind: 'mean', scale: KW, decimals: 3, level: f });
    const power = [
      ...this.supplies.map((s, i) => kw(`${columnName(s.name)}_kw`, () => this.result.deliveredW[i])),
      kw('unmet_kw', () => this.result.unmetW),
      kw('curtailed_kw', () => this.result.curtailedW),
    ];
    const money = this.supplies.flatMap((s, i): Meter[] => [
      { name: `${columnName(s.name)}_cost_usd`, kind: 'sum', scale: 1, decimals: 4, level: () => this.costRates[i] },
      { name: `${columnName(s.name)}_carbon_kg`, kind: 'sum', scale: 1, decimals: 3, level: () => this.carbonRates[i] },
    ]);
    return { power, money };
  }

  /** Per-source totals; `total(column)` is the run's integral of a column, SI. */
  summary(total: (column: string) => number) {
    const mwh = (j: number): number => j / 3.6e9;
    const energy = this.supplies.map((s) => total(`${columnName(s.name)}_kw`));
    const supplied = energy.reduce((a, b) => a + b, 0);
    return {
      supplied_mwh: mwh(supplied),
      unmet_mwh: mwh(total('unmet_kw')),
      curtailed_mwh: mwh(total('curtailed_kw')),
      sources: this.supplies.map((s, i) => ({
        name: s.name,
        kind: s.kind,
        energy_mwh: mwh(energy[i]),
        cost_usd: total(`${columnName(s.name)}_cost_usd`),
        carbon_kg: total(`${columnName(s.name)}_carbon_kg`),
        share: supplied > 0 ? energy[i] / supplied : 0,
      })),
    };
  }
}
