/**
 * summary.json: the run's totals, in the units people read (MWh, USD, kg,
 * kW, hours). Built from numbers only. Each part of the site owns its
 * section's type (facility, supply, workload); this is their composition.
 */
import type { DataFile } from '../../model/data-files.ts';
import type { PeriodRow } from './periodic.ts';
import type { EconomicsSummary } from '../../economics/cashflow.ts';
import { NotFiniteError } from './format.ts';
import type { FacilitySummary } from '../../facility/facility.ts';
import type { CostBreakdown, SourceSummary } from '../../supply/system.ts';
import type { ReliabilitySummary } from '../../supply/reliability.ts';
import type { JobsSummary } from '../../workload/workload.ts';
import type { TrainingSummary } from '../../workload/training.ts';
import type { InferenceSummary } from '../../workload/inference.ts';
import type { DemandResponseSummary } from '../../policy/demand-response.ts';
import type { PolicySummary } from '../../policy/compare.ts';

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
  energy_mwh: {
    it: number;
    losses: number;
    cooling: number;
    facility: number;
    supplied: number;
    unmet: number;
    curtailed: number;
  };
  pue: number;
  facility: FacilitySummary;
  sources: SourceSummary[];
  reliability?: ReliabilitySummary;
  /** The site's net cost: costs_usd.net (what is paid to the sources less export revenue). */
  cost_usd: number;
  /** The net cost's parts: paid to the sources (Σ sources[].cost_usd), export revenue, and net = paid − revenue. */
  costs_usd?: CostBreakdown;
  /** The site's carbon: Σ sources[].carbon_kg, of the energy they sent to the load and to stores. */
  carbon_kg: number;
  /** With exports: the carbon of the energy exported, the buyer's, in no other figure. */
  export_carbon_kg?: number;
  cost_usd_per_mwh_it: number;
  carbon_kg_per_mwh_it: number;
  peak_kw: { it: number; facility: number };
  /** Every job and training run of the horizon: counts (running and queued at its end), mean wait, chip-hours held (src/workload/workload.ts). */
  jobs: JobsSummary;
  /** Every training run: wall time, goodput, lost work, energy, cost (src/workload/workload.ts). */
  training: TrainingSummary[];
  inference: InferenceSummary;
  /** The run by project year (twelve months from the start) and by month: yearly.csv and monthly.csv. */
  yearly: PeriodRow[];
  monthly: PeriodRow[];
  /** NPC, annualised cost and LCOE, with the model's `economics` section (src/economics). */
  economics?: EconomicsSummary;
  /** Demand-response events, energy asked and shed, payment (src/policy/demand-response.ts). */
  demand_response?: DemandResponseSummary;
  /** With a policy: the run against the same run without it, on the same seed (src/policy/compare.ts). */
  policy?: PolicySummary;
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
