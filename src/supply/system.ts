/**
 * The supply side of a site: the supplies in merit order, dispatch, and
 * the accounting of what each delivered, at what cost and carbon, with the
 * run's reliability and carbon-free figures.
 */
import { levelIn, type Meter, type Totals } from '../kernel/recorder.ts';
import { Integral } from '../kernel/integral.ts';
import type { Simulation } from '../kernel/simulation.ts';
import { createSupply, type SupplyConfig } from './registry.ts';
import { ModelFieldError } from '../model/errors.ts';
import { dispatch, newDispatchResult, type DispatchResult } from './dispatch.ts';
import { Reliability, type PeriodReliability, type ReliabilitySummary } from './reliability.ts';
import { SourceAccounts } from './accounts.ts';
import type { Supply, SupplyContext } from './supply.ts';
import type { Period } from '../kernel/calendar.ts';
import { J_PER_MWH, W_PER_KW } from '../model/units.ts';
import { columnName } from '../model/column-name.ts';

const KW = 1 / W_PER_KW;

/** One source's entry in summary.json's `sources`. */
export interface SourceSummary {
  name: string;
  kind: string;
  /** Energy delivered to the site's demand. */
  energy_mwh: number;
  /** Energy it sent to stores and to export (src/supply/accounts.ts): used = energy + to_storage + to_export. */
  to_storage_mwh?: number;
  to_export_mwh?: number;
  /**
   * What is paid to it: its price times all energy taken (to the load, stores, export) plus
   * fixed and take-or-pay charges. Never net of export revenue (a grid's is its import cost).
   */
  cost_usd: number;
  /** That cost by where its energy went (load, storage, export, curtailed) and `idle` (fixed charges while it produced nothing). */
  cost_split_usd?: { load: number; storage: number; export: number; curtailed: number; idle: number };
  /** A source that takes exports (the grid): what the exports earned, and cost_usd less that. */
  export_revenue_usd?: number;
  net_cost_usd?: number;
  /** The carbon of its energy to the load and to stores: the site's (its intensity times energy_mwh + to_storage_mwh). */
  carbon_kg: number;
  /** Its part of carbon_kg for its energy to stores (its intensity times to_storage_mwh): the stores' energy is counted where it is taken. */
  to_storage_carbon_kg?: number;
  /** With exports: the carbon of what it exported, the buyer's not the site's (its intensity times to_export_mwh). */
  export_carbon_kg?: number;
  /** Share of the energy supplied to demand. */
  share: number;
  /** Energy taken from it (to demand, storage or export) and energy it spilled. */
  used_mwh?: number;
  curtailed_mwh?: number;
  /** Figures of its kind: SMR capacity factor per unit, fusion energy offered and paid, battery losses... */
  detail?: Record<string, unknown>;
  /**
   * A grid with a demand or fixed charge (its `costs`): what they bill over the run's billing months, each month
   * by the share of it simulated (and in service), as the economics bill them; in neither cost_usd nor the
   * monthly and yearly rows. `billing_demand_kw`: the run's highest month's billing demand. With time-of-use demand
   * windows, `tou_demand` gives each one's charges and highest month's billing demand, and `demand_usd` includes them.
   */
  charges?: {
    demand_usd: number;
    fixed_usd: number;
    billing_demand_kw: number;
    demand_interval_s: number;
    /**
     * With a demand ratchet: the highest month's billed demand (each month's at least its measured one), and the
     * ratchet's terms with `demand_usd`, what it added to the charges' demand_usd.
     */
    billed_demand_kw?: number;
    ratchet?: { share: number; months: number; history_kw?: number; demand_usd: number };
    tou_demand?: { name: string; demand_usd: number; billing_demand_kw: number }[];
  };
}

/** The site's cost, nothing netted unseen: net = paid_to_sources − export_revenue. */
export interface CostBreakdown {
  paid_to_sources: number;
  export_revenue: number;
  net: number;
}

/** A source's figures: a summary's source entry, with the energies it took and spilled always present. */
type SourceFigures = SourceSummary & Required<Pick<SourceSummary, 'used_mwh' | 'curtailed_mwh'>>;

interface SupplySummary {
  supplied_mwh: number;
  unmet_mwh: number;
  curtailed_mwh: number;
  exported_mwh: number;
  /** With exports: the carbon of the energy exported, kg (in no source's or the site's carbon_kg). */
  export_carbon_kg?: number;
  stored_mwh: number;
  sources: SourceFigures[];
  costs_usd: CostBreakdown;
  reliability: ReliabilitySummary;
}

/**
 * Carbon-free power a supply puts on the site's books now, for hourly matching: all a
 * generator produces or offers (to the load, storage or export, or curtailed), by its
 * carbon-free share, less the carbon-free power a store takes in; a store's output by the
 * share it holds. So energy stored counts once, in the hour it comes back out.
 */
function cleanProducedW(s: Supply, i: number, r: DispatchResult): number {
  // A supply producing nothing asks for no share (finite, so 0 times it is 0).
  if (s.storage) {
    const out = r.deliveredW[i];
    return (out === 0 ? 0 : out * s.carbonFreeShare()) - r.chargeW[i] * r.chargeCleanShare[i];
  }
  const produced = r.usedW[i] + r.curtailedW[i];
  return produced === 0 ? 0 : produced * s.carbonFreeShare();
}

export class SupplySystem {
  readonly supplies: Supply[];
  readonly result: DispatchResult;
  /**
   * Cost and carbon rates of the current dispatch, USD/s and kg/s. The carbon is the site's:
   * of the energy each source sends to the load and to stores; what it exports carries its
   * carbon to the buyer, counted apart (exportCarbonRate).
   */
  costRate = 0;
  carbonRate = 0;
  exportCarbonRate = 0;
  /** Demand met by carbon-free power now, W: min(demand, carbon-free power produced or offered). */
  carbonFreeW = 0;
  private readonly accounts: SourceAccounts;
  private readonly carbonRates: Float64Array;
  private readonly exportCarbonRates: Float64Array;
  private readonly sim: Simulation;
  private readonly reliability: Reliability;
  // Run integrals the columns do not carry: used and curtailed per source, exports and charging (`sums`).
  private readonly sums = new Float64Array(2);
  private readonly energy: Integral;
  /** Its columns, made once: the summary reads their totals by meter. */
  readonly meter: {
    /** Per source: power delivered to demand (kW), what is paid to it and its carbon (sums), an export sink's revenue. */
    delivered: Meter[];
    cost: Meter[];
    revenue: (Meter | undefined)[];
    carbon: Meter[];
    /** The carbon of the energy exported (kg), apart from the site's carbon_kg; only where it can be other than 0. */
    exportCarbon?: Meter;
    unmet: Meter;
    curtailed: Meter;
  };
  private readonly powerMeters: Meter[];
  private readonly moneyMeters: Meter[];

  /**
   * `ctx(cfg)` gives each supply its context; all share one simulation and
   * start. With `periods` (the run's months) the hourly reliability figures
   * are also kept by period (`reliabilityByPeriod`).
   */
  constructor(
    configs: readonly SupplyConfig[],
    ctx: (cfg: SupplyConfig) => SupplyContext,
    periods: readonly Period[] = [],
  ) {
    const contexts = configs.map(ctx);
    this.sim = contexts[0].sim;
    this.reliability = new Reliability(contexts[0].startEpochS, periods);
    this.supplies = configs.map((cfg, i) => {
      try {
        return createSupply(cfg, contexts[i]);
      } catch (e) {
        throw e instanceof ModelFieldError ? e.within(['supply', i]) : e;
      }
    });
    const n = this.supplies.length;
    this.result = newDispatchResult(n);
    this.accounts = new SourceAccounts(this.supplies, this.result);
    this.carbonRates = new Float64Array(n);
    this.exportCarbonRates = new Float64Array(n);
    this.energy = new Integral([this.result.usedW, this.result.curtailedW, this.sums, this.exportCarbonRates]);
    [this.meter, this.powerMeters, this.moneyMeters] = this.makeMeters();
  }

  /** All the supplies could deliver now, W: what a power cap must fit within. */
  availableW(): number {
    let w = 0;
    for (const s of this.supplies) w += Math.max(0, s.availableW());
    return w;
  }

  /** Integrate the last dispatch's levels up to now (the dispatch result holds them in place). */
  private integrate(): void {
    this.energy.advance(this.sim.now);
    this.accounts.advance(this.sim.now);
  }

  /** Be told each clock hour's demand as it closes (`Reliability.onHour`). */
  onHour(listener: (startS: number, demandJ: number, count: number) => void): void {
    this.reliability.onHour = listener;
  }

  /** Meet `demandW` from now on; returns the unmet part, W. */
  dispatch(demandW: number): number {
    this.integrate();
    const { supplies, result } = this;
    dispatch(demandW, supplies, result);
    this.sums[0] = result.totalExportW;
    this.sums[1] = result.totalChargeW;
    const acc = this.accounts;
    acc.set();
    const { costRate, revenueRate } = acc;
    const { carbonRates, exportCarbonRates } = this;
    const { usedW, toExportW } = result;
    let cost = 0;
    let carbon = 0;
    let exportCarbon = 0;
    let clean = 0;
    for (let i = 0; i < supplies.length; i++) {
      const s = supplies[i];
      const used = usedW[i];
      // The site's net cost: what it pays its sources less what exports earn.
      cost += costRate[i] - revenueRate[i];
      // Nothing used, no carbon (an intensity is finite and never negative): no call.
      const intensity = used === 0 ? 0 : s.carbonKgPerJ();
      const exported = toExportW[i];
      const c = intensity === 0 ? 0 : (used - exported) * intensity;
      const e = intensity === 0 || exported === 0 ? 0 : exported * intensity;
      carbonRates[i] = c;
      exportCarbonRates[i] = e;
      acc.storeCarbonRate[i] = intensity === 0 ? 0 : result.toStoreW[i] * intensity;
      carbon += c;
      exportCarbon += e;
      clean += cleanProducedW(s, i, result);
    }
    this.costRate = cost;
    this.carbonRate = carbon;
    this.exportCarbonRate = exportCarbon;
    this.reliability.set(this.sim.now, demandW, result.unmetW, clean);
    this.carbonFreeW = Math.min(demandW, Math.max(0, clean));
    return result.unmetW;
  }

  /**
   * Columns: power delivered to demand by source, unmet, curtailed and
   * exported (kW), each store's charging (kW) and state of charge (%, the
   * interval's time-average), the demand met by carbon-free power (kW,
   * matched at each instant); then cost and carbon by source.
   * In every row: sum of source columns + unmet_kw = facility_kw.
   */
  meters(): { power: Meter[]; money: Meter[] } {
    return { power: this.powerMeters, money: this.moneyMeters };
  }

  private makeMeters(): [SupplySystem['meter'], Meter[], Meter[]] {
    const r = this.result;
    const kw = (name: string, f: () => number): Meter => ({ name, kind: 'mean', scale: KW, decimals: 3, level: f });
    // Levels that are elements of the dispatch's arrays: read in place (Meter.levelAt).
    const kwAt = (name: string, a: Float64Array, i: number): Meter => ({
      name,
      kind: 'mean',
      scale: KW,
      decimals: 3,
      ...levelIn(a, i),
    });
    const usd = (name: string, a: Float64Array, i: number): Meter => ({
      name,
      kind: 'sum',
      scale: 1,
      decimals: 4,
      ...levelIn(a, i),
    });
    const stores = this.supplies.flatMap((s, i): Meter[] => {
      const st = s.storage;
      if (!st) return [];
      return [
        kwAt(`${columnName(s.name)}_charge_kw`, r.chargeW, i),
        // The state of charge moves linearly between dispatches: its slope makes the row the exact time-average.
        {
          name: `${columnName(s.name)}_soc_pct`,
          kind: 'mean',
          scale: 100,
          decimals: 3,
          level: () => st.soc(),
          slope: () => st.socRate(),
        },
      ];
    });
    const acc = this.accounts;
    const m: SupplySystem['meter'] = {
      delivered: this.supplies.map((s, i) => kwAt(`${columnName(s.name)}_kw`, r.deliveredW, i)),
      cost: this.supplies.map((s, i) => usd(`${columnName(s.name)}_cost_usd`, acc.costRate, i)),
      revenue: this.supplies.map((s, i) =>
        s.export ? usd(`${columnName(s.name)}_export_revenue_usd`, acc.revenueRate, i) : undefined,
      ),
      carbon: this.supplies.map((s, i) => ({
        ...usd(`${columnName(s.name)}_carbon_kg`, this.carbonRates, i),
        decimals: 3,
      })),
      // Only where exported energy can carry carbon: a generator with an intensity beside a sink that takes exports.
      ...(this.supplies.some((s) => s.export) &&
      this.supplies.some((s) => !s.export && !s.storage && s.carbonKgPerJ() > 0)
        ? {
            exportCarbon: {
              name: 'export_carbon_kg',
              kind: 'sum',
              scale: 1,
              decimals: 3,
              level: () => this.exportCarbonRate,
            } satisfies Meter,
          }
        : {}),
      unmet: kw('unmet_kw', () => r.unmetW),
      curtailed: kw('curtailed_kw', () => r.totalCurtailedW),
    };
    const power = [
      ...m.delivered,
      m.unmet,
      m.curtailed,
      ...(this.supplies.some((s) => s.export) ? [kw('export_kw', () => r.totalExportW)] : []),
      ...stores,
      kw('carbon_free_kw', () => this.carbonFreeW),
    ];
    const money = this.supplies.flatMap((_, i): Meter[] => [
      m.cost[i],
      ...(m.revenue[i] ? [m.revenue[i]] : []),
      m.carbon[i],
    ]);
    return [m, power, money];
  }

  /** Loss-of-load hours and carbon-free energy by period; complete after `summary`. */
  get reliabilityByPeriod(): PeriodReliability | undefined {
    return this.reliability.byPeriod;
  }

  /** Per-source totals and the run's reliability, from the totals of its meters. Call once, at the end. */
  summary(total: Totals): SupplySummary {
    this.integrate();
    const m = this.meter;
    const mwh = (j: number): number => j / J_PER_MWH;
    const revenueOf = (i: number): number => (m.revenue[i] ? total(m.revenue[i]) : 0);
    const energy = m.delivered.map(total);
    const supplied = energy.reduce((a, b) => a + b, 0);
    const unmet = mwh(total(m.unmet));
    const curtailed = mwh(total(m.curtailed));
    const [usedJ, curtailedJ, [exportJ, chargeJ], exportCarbonKg] = this.energy.totals;
    const exported = mwh(exportJ);
    const paid = m.cost.reduce((a, c) => a + total(c), 0);
    const revenue = this.supplies.reduce((a, _, i) => a + revenueOf(i), 0);
    const costs: CostBreakdown = { paid_to_sources: paid, export_revenue: revenue, net: paid - revenue };
    return {
      supplied_mwh: mwh(supplied),
      unmet_mwh: unmet,
      curtailed_mwh: curtailed,
      exported_mwh: exported,
      ...(m.exportCarbon ? { export_carbon_kg: total(m.exportCarbon) } : {}),
      stored_mwh: mwh(chargeJ),
      costs_usd: costs,
      sources: this.supplies.map((s, i) => {
        const detail = s.summary?.();
        const cost = total(m.cost[i]);
        const revenue = revenueOf(i);
        const { to_storage_mwh, to_export_mwh, cost_split_usd, to_storage_carbon_kg } = this.accounts.account(i);
        return {
          name: s.name,
          kind: s.kind,
          energy_mwh: mwh(energy[i]),
          to_storage_mwh,
          to_export_mwh,
          used_mwh: mwh(usedJ[i]),
          curtailed_mwh: mwh(curtailedJ[i]),
          cost_usd: cost,
          cost_split_usd,
          ...(s.export ? { export_revenue_usd: revenue, net_cost_usd: cost - revenue } : {}),
          carbon_kg: total(m.carbon[i]),
          to_storage_carbon_kg,
          ...(m.exportCarbon ? { export_carbon_kg: exportCarbonKg[i] } : {}),
          share: supplied > 0 ? energy[i] / supplied : 0,
          ...(detail ? { detail } : {}),
        };
      }),
      reliability: {
        unserved_energy_mwh: unmet,
        ...this.reliability.finish(this.sim.now),
        curtailed_mwh: curtailed,
        exported_mwh: exported,
        cfe_excludes: this.supplies.filter((s) => s.carbonFreeUnknown).map((s) => s.name),
      },
    };
  }
}
