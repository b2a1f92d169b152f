/**
 * What a policy did (issue 17): the run against the same model without its
 * policies, run in the same command on the same seed, so every random stream
 * but the policies' own (forecast errors, demand-response events) draws the
 * same numbers: a paired comparison. summary.json `policy`.
 */
import type { Scenario } from '../scenario.ts';
import { J_PER_KWH } from '../model/units.ts';
import { columnName } from '../model/column-name.ts';

/**
 * The grid's largest import, kW: the largest of the years' `<grid>_peak_kw` (power taken from the grid, to the load and
 * to storage, held for some time, as every summary peak is: docs/outputs.md), whatever the output step; 0 without a grid.
 */
export function gridPeakKw(m: Scenario, years: readonly Readonly<Record<string, unknown>>[]): number {
  const g = m.supply.find((s) => s.kind === 'grid');
  if (!g) return 0;
  const col = `${columnName(g.name)}_peak_kw`;
  return Math.max(0, ...years.map((y) => Number(y[col] ?? 0)));
}

/** The model with its policies taken out (deadlines kept: alone they change nothing). */
export function withoutPolicies(m: Scenario): Scenario {
  const strip = <T extends { carbon_aware?: unknown; price_aware?: unknown }>(w: T): T => {
    const { carbon_aware: _c, price_aware: _p, ...rest } = w;
    return rest as T;
  };
  const { demand_response: _dr, ...rest } = m;
  return {
    ...rest,
    workload: { ...m.workload, jobs: m.workload.jobs.map(strip), training: m.workload.training.map(strip) },
  };
}

/** Does the model carry any policy? */
export function hasPolicies(m: Scenario): boolean {
  return (
    m.demand_response !== undefined ||
    [...m.workload.jobs, ...m.workload.training].some((w) => w.carbon_aware || w.price_aware)
  );
}

/** Facility energy by clock hour, integrated exactly by the supply's reliability (src/supply/reliability.ts) whatever the output step. */
export class HourlyEnergy {
  readonly kwh = new Map<number, number>();

  /** The run's start, s since the epoch: an hour's clock hour is counted from it (a run may start at 00:30). */
  constructor(private readonly startEpochS = 0) {}

  /**
   * Facility energy `demandJ` in each of `count` clock hours from `startS` (s from the run's start; the first and last
   * clipped to the run), integrated exactly (src/supply/reliability.ts).
   */
  hour(startS: number, demandJ: number, count: number): void {
    for (let k = 0; k < count; k++) {
      const key = Math.floor((this.startEpochS + startS) / 3600 + 1e-9) + k;
      this.kwh.set(key, (this.kwh.get(key) ?? 0) + demandJ / J_PER_KWH);
    }
  }

  /** Energy this run drew less than `base` in the hours it drew less (moved out), and more where it drew more (moved in), MWh. */
  shiftFrom(base: HourlyEnergy): { out: number; in: number } {
    let out = 0,
      into = 0;
    for (const k of new Set([...this.kwh.keys(), ...base.kwh.keys()])) {
      const d = (this.kwh.get(k) ?? 0) - (base.kwh.get(k) ?? 0);
      if (d < 0) out -= d;
      else into += d;
    }
    return { out: out / 1e3, in: into / 1e3 };
  }
}

/** The figures of one run a comparison reads. */
export interface RunFigures {
  carbon_kg: number;
  cost_usd: number;
  facility_mwh: number;
  /**
   * Energy the supplies delivered to the load, MWh: the facility's less what was left unmet. The carbon is of it, so
   * the carbon split reads it; equal to facility_mwh when nothing is unmet (omitted: the same).
   */
  served_mwh?: number;
  /** Tokens the inference services served; undefined without a service. */
  served_tokens?: number;
  /** Work done, chip-hours at full speed, and the chip-hours held. */
  work_chip_h: number;
  held_chip_h: number;
  deadline_misses: number;
  cfe_score: number;
  peak_facility_kw: number;
  /** The grid's largest import (gridPeakKw). */
  peak_import_kw: number;
  /**
   * With a grid billing a demand charge: its demand charges over the run (summary.json's sources[].charges.demand_usd,
   * summed over the grids), which the energy cost above leaves out; undefined without one.
   */
  demand_charges_usd?: number;
}

/** summary.json `policy`: the run against the same run without its policies (`baseline_*`). */
export interface PolicySummary {
  baseline_carbon_kg: number;
  carbon_saved_kg: number;
  carbon_saved_share: number;
  /**
   * The carbon saved in two parts that sum to it: the facility energy the policy did not draw in
   * the horizon (work deferred past its end, or not done) at the baseline's mean carbon per MWh,
   * and the energy it did draw times how much cleaner a MWh of it was than the baseline's.
   */
  carbon_saved_by_less_energy_kg: number;
  carbon_saved_by_cleaner_energy_kg: number;
  baseline_facility_mwh: number;
  facility_mwh: number;
  baseline_cost_usd: number;
  /** Cost saved on energy; a demand-response payment is not in it (see demand_response.payment_usd). */
  cost_saved_usd: number;
  /** cost_saved_usd over the size of baseline_cost_usd (a net cost below zero, exports earning more, included). */
  cost_saved_share: number;
  baseline_work_chip_h: number;
  work_chip_h: number;
  /** Work not done in the horizon because of the policy, as a share of the baseline's (training runs and jobs). */
  throughput_lost_share: number;
  /**
   * With inference services: the tokens they served without the policy and with it, and the share lost (a demand
   * response that throttles slows inference too; the services' work is not in the chip-hours above).
   */
  baseline_served_tokens?: number;
  served_tokens?: number;
  tokens_lost_share?: number;
  baseline_goodput: number;
  /** Work done per chip-hour held. */
  goodput: number;
  baseline_deadline_misses: number;
  deadline_misses: number;
  /** Energy taken out of the hours the policy drew less in, and put into the hours it drew more in. */
  energy_moved_out_mwh: number;
  energy_moved_in_mwh: number;
  baseline_cfe_score: number;
  cfe_score_change: number;
  baseline_peak_import_kw: number;
  peak_import_kw: number;
  baseline_peak_facility_kw: number;
  peak_facility_kw: number;
  /**
   * With a grid billing a demand charge: its demand charges without the policy, and how much less they are with it
   * (negative where the policy raised the month's peak import). cost_saved_usd leaves them out: a policy bunching work
   * into clean or cheap hours raises the peak the charge bills, and can cost more than it saves on energy.
   */
  baseline_demand_charges_usd?: number;
  demand_charges_saved_usd?: number;
}

export function comparePolicy(
  run: RunFigures,
  base: RunFigures,
  hours: HourlyEnergy,
  baseHours: HourlyEnergy,
): PolicySummary {
  // Of the baseline's size: a site whose exports earn more than it pays has a negative net cost, and a saving on it
  // (a cost further below zero) is still a positive share.
  const share = (saved: number, of: number): number => (of !== 0 ? saved / Math.abs(of) : 0);
  const shift = hours.shiftFrom(baseHours);
  // kg per MWh served (the energy the carbon is of: the facility's less its unmet):
  // base.carbon - run.carbon = (E_b - E_r) I_b + E_r (I_b - I_r), exactly. Over the facility's energy, a run that left
  // less unmet than its baseline (served more, so emitted more) read that as dirtier energy, not as more of it.
  const servedBase = base.served_mwh ?? base.facility_mwh,
    servedRun = run.served_mwh ?? run.facility_mwh;
  const perMwhBase = share(base.carbon_kg, servedBase),
    perMwhRun = share(run.carbon_kg, servedRun);
  // Two sums of the same figure in another order differ in their last bits (a price-aware run on a flat grid saved
  // -4.3e-14 kg, printed 'carbon saved -0.0 kg (-0.0%: 0.0 kg ..., 0.0 kg ...)'): a difference that small is none.
  const less = (b: number, r: number): number =>
    Math.abs(b - r) <= 1e-9 * Math.max(Math.abs(b), Math.abs(r)) ? 0 : b - r;
  const carbonSaved = less(base.carbon_kg, run.carbon_kg),
    costSaved = less(base.cost_usd, run.cost_usd);
  return {
    baseline_carbon_kg: base.carbon_kg,
    carbon_saved_kg: carbonSaved,
    carbon_saved_share: share(carbonSaved, base.carbon_kg),
    carbon_saved_by_less_energy_kg: less(servedBase, servedRun) * perMwhBase,
    // One intensity in both, but for the last bits of two sums (a flat grid read -1.6e-9 kg): nothing saved so.
    carbon_saved_by_cleaner_energy_kg:
      Math.abs(perMwhBase - perMwhRun) <= 1e-9 * Math.max(Math.abs(perMwhBase), Math.abs(perMwhRun))
        ? 0
        : servedRun * (perMwhBase - perMwhRun),
    baseline_facility_mwh: base.facility_mwh,
    facility_mwh: run.facility_mwh,
    baseline_cost_usd: base.cost_usd,
    cost_saved_usd: costSaved,
    cost_saved_share: share(costSaved, base.cost_usd),
    baseline_work_chip_h: base.work_chip_h,
    work_chip_h: run.work_chip_h,
    throughput_lost_share: share(less(base.work_chip_h, run.work_chip_h), base.work_chip_h),
    ...(base.served_tokens !== undefined && run.served_tokens !== undefined
      ? {
          baseline_served_tokens: base.served_tokens,
          served_tokens: run.served_tokens,
          tokens_lost_share: share(less(base.served_tokens, run.served_tokens), base.served_tokens),
        }
      : {}),
    baseline_goodput: share(base.work_chip_h, base.held_chip_h),
    goodput: share(run.work_chip_h, run.held_chip_h),
    baseline_deadline_misses: base.deadline_misses,
    deadline_misses: run.deadline_misses,
    energy_moved_out_mwh: shift.out,
    energy_moved_in_mwh: shift.in,
    baseline_cfe_score: base.cfe_score,
    // Likewise the score: a price-aware run on a grid of one carbon-free share, its hours summed in another order,
    // changed it by 6.7e-16, printed '24/7 CFE +0.00000000000007 points'.
    cfe_score_change: less(run.cfe_score, base.cfe_score),
    baseline_peak_import_kw: base.peak_import_kw,
    peak_import_kw: run.peak_import_kw,
    baseline_peak_facility_kw: base.peak_facility_kw,
    peak_facility_kw: run.peak_facility_kw,
    ...(base.demand_charges_usd !== undefined && run.demand_charges_usd !== undefined
      ? {
          baseline_demand_charges_usd: base.demand_charges_usd,
          demand_charges_saved_usd: less(base.demand_charges_usd, run.demand_charges_usd),
        }
      : {}),
  };
}
