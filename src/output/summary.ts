/**
 * summary.json: the run's totals, in the units people read (MWh, USD, kg,
 * kW, hours). Built from numbers only.
 */
import type { DataFile } from '../model/data-files.ts';
import type { PeriodRow } from './periodic.ts';
import type { EconomicsSummary } from '../economics/cashflow.ts';
import { NotFiniteError } from './format.ts';

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
  carbon_kg: number;
  /** Share of the energy supplied to demand. */
  share: number;
  /** Energy taken from it (to demand, storage or export) and energy it spilled. */
  used_mwh?: number;
  curtailed_mwh?: number;
  /** Figures of its kind: SMR capacity factor per unit, fusion energy offered and paid, battery losses... */
  detail?: Record<string, unknown>;
}

/** The site's cost, nothing netted unseen: net = paid_to_sources − export_revenue. */
export interface CostBreakdown {
  paid_to_sources: number;
  export_revenue: number;
  net: number;
}

/** Reliability and carbon-free figures of the supply (MODELS.md "Reliability and carbon vocabulary"). */
export interface ReliabilitySummary {
  /** Unserved energy: demand that no supply met (its mean over replicates is the EUE). */
  unserved_energy_mwh: number;
  /** Clock hours touched by the run (partial first and last hours count). */
  hours: number;
  /** Hours with any unmet demand (LOLH). */
  loss_of_load_hours: number;
  /** Their share of the hours. */
  loss_of_load_share: number;
  /** Largest instantaneous shortfall. */
  largest_shortfall_kw: number;
  /**
   * Hourly 24/7 carbon-free-energy score, Σ_h min(demand_h, carbon-free_h) / Σ_h demand_h, 0..1:
   * carbon-free_h is the carbon-free energy produced or offered in clock hour h (to the load,
   * storage or export, or curtailed; a store's by what it gives back), so surplus at one
   * instant counts against load at another instant of the same hour.
   */
  cfe_score: number;
  /** Supplies whose carbon-free share is unknown (a grid given only a flat intensity): counted as not carbon-free. */
  cfe_excludes: string[];
  /** Largest change in demand between consecutive one-minute means, per minute. */
  steepest_ramp_kw_per_min: number;
  curtailed_mwh: number;
  exported_mwh: number;
  /** 1 if any hour lost load, else 0: over a sweep's replicates its mean is the loss-of-load probability (LOLP, Wilson interval in points.csv). */
  any_loss_of_load?: number;
  /** Loss-of-load hours per 8,760 hours: over replicates its mean is the LOLE, h/year. */
  loss_of_load_hours_per_year?: number;
  /** Share of the run's project years (yearly.csv) with any loss of load: over replicates, the LOLP by year. */
  years_with_loss_of_load_share?: number;
}

/** The facility's section: PUE over the run and the time and energy in each cooling mode. */
export interface FacilitySummary {
  cooling_model: string;
  pue: number;
  /** By mode name: its code in the cooling_mode column, hours, facility and cooling energy. */
  modes: Record<string, { code: number; hours: number; facility_mwh: number; cooling_mwh: number }>;
  /** IT energy demanded but not delivered because the load was capped (radiator or supply shortage). */
  throttled_mwh: number;
  /** Radiator only: the most heat it rejects, and the IT power that fits it. */
  max_heat_kw?: number;
  max_it_kw?: number;
}

/** One training run (src/workload/training.ts). */
export interface TrainingSummary {
  name: string;
  chips: number;
  submitted_utc: string;
  started_utc: string | null;
  ended_utc: string | null;
  completed: boolean;
  wait_h: number;
  /** From start to end (or to the horizon). */
  wall_time_h: number;
  work_h: number;
  done_h: number;
  /** Useful work over wall time. */
  goodput: number;
  lost_work_h: number;
  interruptions: number;
  checkpoints: number;
  /** Times it was paused to fit a power cap (shortage: pause), and the hours it spent paused. */
  pauses: number;
  paused_h: number;
  energy_mwh: number;
  electricity_cost_usd: number;
  chip_cost_usd?: number;
  electricity_share?: number;
}

export interface ServiceSummary {
  name: string;
  chips: number;
  demand_tokens: number;
  served_tokens: number;
  /** Share of demanded tokens not served (missed requests). */
  unserved_share: number;
  mean_batch: number;
  energy_mwh: number;
  /** IT energy (boards + servers) per served token. */
  j_per_token: number;
}

export interface InferenceSummary {
  services: ServiceSummary[];
}

export interface RunSummary {
  dcpsim_version: string;
  /**
   * Provenance, not figures (left out of summary.csv and diffs): the model
   * file, its hash (model and data content), each data file's path as
   * written and sha256, and the resolved model (defaults applied, in base
   * units: s, W, J, $/J, kg/J).
   */
  model: { name: string; file: string; hash: string; data: DataFile[]; resolved: unknown };
  seed: number;
  start_utc: string;
  end_utc: string;
  duration_h: number;
  step_s: number;
  energy_mwh: { it: number; losses: number; cooling: number; facility: number; supplied: number; unmet: number; curtailed: number };
  pue: number;
  facility: FacilitySummary;
  sources: SourceSummary[];
  reliability?: ReliabilitySummary;
  /** The site's net cost: costs_usd.net (what is paid to the sources less export revenue). */
  cost_usd: number;
  /** The net cost's parts: paid to the sources (Σ sources[].cost_usd), export revenue, and net = paid − revenue. */
  costs_usd?: CostBreakdown;
  carbon_kg: number;
  cost_usd_per_mwh_it: number;
  carbon_kg_per_mwh_it: number;
  peak_kw: { it: number; facility: number };
  /** Every job and training run of the horizon: counts (running and queued at its end), mean wait, chip-hours held (src/workload/workload.ts). */
  jobs: { submitted: number; started: number; completed: number; running: number; queued: number; mean_wait_h: number; chip_hours: number };
  /** Every training run: wall time, goodput, lost work, energy, cost (src/workload/workload.ts). */
  training: TrainingSummary[];
  inference: InferenceSummary;
  /** The run by project year (twelve months from the start) and by month: yearly.csv and monthly.csv. */
  yearly: PeriodRow[];
  monthly: PeriodRow[];
  /** NPC, annualised cost and LCOE, with the model's `economics` section (src/economics). */
  economics?: EconomicsSummary;
  rows: number;
  events: number;
}

/** The first figure of a summary that is NaN or infinite, as its dotted path (JSON would write it as null). */
export function nonFiniteFigure(v: unknown, path = ''): { path: string; value: number } | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : { path, value: v };
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const hit = nonFiniteFigure(x, Array.isArray(v) ? `${path}[${k}]` : path ? `${path}.${k}` : k);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** Stable JSON: two-space indent, trailing newline. Refuses a summary holding NaN or Infinity (NotFiniteError). */
export function summaryJson(s: RunSummary): string {
  const bad = nonFiniteFigure(s);
  if (bad) throw new NotFiniteError(bad.value, bad.path);
  return `${JSON.stringify(s, null, 2)}\n`;
}
