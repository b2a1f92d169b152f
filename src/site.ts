/**
 * One scenario wired together: the only place that knows all the parts.
 * Anything that changes a power level marks the site dirty; the site then
 * recomputes demand and dispatch once at the end of that instant and hands
 * the new levels to the recorder, which integrates them exactly.
 *
 *   workload (clusters' load) ─▶ facility (IT, losses, cooling) ─▶ supply (dispatch)
 *
 * Each part contributes its own columns (meters) and summary section.
 */
import { Simulation } from './kernel/simulation.ts';
import { RandomStreams } from './kernel/random.ts';
import { Workload } from './workload/workload.ts';
import { Facility } from './facility/facility.ts';
import { SupplySystem } from './supply/system.ts';
import type { Supply } from './supply/supply.ts';
import { Recorder, type Meter, type RowSink } from './kernel/recorder.ts';
import type { Scenario } from './scenario.ts';
import { monthsOf, type Period } from './kernel/calendar.ts';
import { PeriodRecorder } from './kernel/periods.ts';
import { ledgerMeters } from './supply/ledger.ts';
import { J_PER_MWH } from './model/units.ts';

export interface SiteOptions {
  /** Directory that relative data paths in the model are read from. */
  baseDir: string;
}

export class Site {
  readonly sim = new Simulation();
  readonly random: RandomStreams;
  readonly workload: Workload;
  readonly facility: Facility;
  readonly supply: SupplySystem;
  readonly meters: Meter[];
  readonly recorder: Recorder;
  /** The run's months (from the start date), integrated like the rows: monthly.csv, yearly.csv, the economics' ledger. */
  readonly months: Period[];
  readonly periods: PeriodRecorder;
  /** The periods' channels: the meters, then the ledger's own levels (each source's used power, export revenue). */
  readonly periodChannels: Meter[];
  readonly durationS: number;
  peakItW = 0;
  peakFacilityW = 0;

  /** Meters whose level is linear between recomputations (they have a slope). */
  private readonly linear: number[];
  private dirty = false;
  private readonly flushFn = (): void => this.flush();

  constructor(readonly model: Scenario, opts: SiteOptions, sink: RowSink) {
    const { sim } = this;
    this.durationS = model.duration;
    this.random = new RandomStreams(model.seed);
    const changed = (): void => this.markDirty();

    this.workload = new Workload(sim, this.random, model, this.durationS, changed, opts.baseDir);
    this.facility = new Facility(model.facility, model.clusters, {
      sim,
      startEpochS: model.start,
      durationS: this.durationS,
      baseDir: opts.baseDir,
      rng: () => this.random.stream('facility:weather'),
      changed,
    });
    this.maxIt = this.facility.maxItW();
    this.months = monthsOf(model.start, this.durationS);
    this.supply = new SupplySystem(model.supply, (cfg) => ({
      sim,
      rng: (purpose) => this.random.stream(`supply:${cfg.name}:${purpose}`),
      startEpochS: model.start,
      durationS: this.durationS,
      baseDir: opts.baseDir,
      changed,
    }), this.months);

    this.grid = this.supply.supplies.find((s) => s.kind === 'grid');
    const fp = this.facility.power;
    const supplyMeters = this.supply.meters();
    this.meters = [
      ...this.facility.meters(),
      ...supplyMeters.power,
      ...this.workload.meters(),
      { name: 'energy_mwh', kind: 'sum', scale: 1 / J_PER_MWH, decimals: 6, level: () => fp.totalW },
      { name: 'cost_usd', kind: 'sum', scale: 1, decimals: 4, level: () => this.supply.costRate },
      { name: 'carbon_kg', kind: 'sum', scale: 1, decimals: 3, level: () => this.supply.carbonRate },
      ...supplyMeters.money,
    ];
    this.recorder = new Recorder(this.meters, model.step, this.durationS, sink);
    this.extraMeters = ledgerMeters(this.supply);
    this.periodChannels = [...this.meters, ...this.extraMeters];
    this.periods = new PeriodRecorder(this.periodChannels.length, this.months);
    this.linear = this.meters.flatMap((m, i) => (m.slope ? [i] : []));
  }

  private readonly extraMeters: Meter[];

  /** Ask for one recomputation at the end of the current instant. */
  markDirty(): void {
    if (this.dirty) return;
    this.dirty = true;
    this.sim.at(this.sim.now, this.flushFn);
  }

  private flush(): void {
    this.dirty = false;
    this.recorder.advance(this.sim.now);
    this.periods.advance(this.sim.now);
    const p = this.facility.update(this.workload.clusters, this.capThrottle());
    this.supply.dispatch(p.totalW);
    const { level } = this.recorder;
    const meters = this.meters;
    for (let i = 0; i < meters.length; i++) level[i] = meters[i].level();
    const pl = this.periods.level;
    pl.set(level);
    const extra = this.extraMeters;
    for (let i = 0; i < extra.length; i++) pl[level.length + i] = extra[i].level();
    for (const i of this.linear) this.recorder.setSlope(i, this.meters[i].slope!());
    if (p.itW > this.peakItW) this.peakItW = p.itW;
    if (p.totalW > this.peakFacilityW) this.peakFacilityW = p.totalW;
  }

  /**
   * The throttle factor (0..1) that keeps the load within what cooling can
   * remove and, under a throttle or pause shortage policy, within what the
   * supplies can deliver. Under 'pause' the workload first pauses, resumes
   * and slows runs by priority (src/workload/pause.ts) and returns the factor
   * still needed; a pause can outlast a limit, so it is asked at every change.
   */
  private capThrottle(): number {
    this.maxFacility = this.model.shortage === 'unmet' ? Infinity : this.supply.availableW();
    const limited = this.maxIt < Infinity || this.maxFacility < Infinity;
    if (this.workload.hasPolicies) this.workload.setGridCarbon(this.grid!.carbonKgPerJ());
    if (this.model.shortage !== 'pause') this.workload.applyHolds();
    const factor = this.model.shortage === 'pause' ? this.workload.fitByPausing(this.fits, largestFitting)
      : limited ? largestFitting(this.fits) : 1;
    this.workload.setThrottle(factor);
    return factor;
  }

  /** The grid, whose carbon intensity carbon-aware runs follow (the model requires one with them). */
  private readonly grid: Supply | undefined;

  /** Most IT power cooling can carry, W: fixed for the run (the facility solves it once). */
  private readonly maxIt: number;
  /** What the supplies can deliver at this instant, W (Infinity under shortage: unmet). */
  private maxFacility = Infinity;

  /** Does the load, throttled to `x`, fit both the thermal and the supply limit? */
  private readonly fits = (x: number): boolean => {
    const it = this.facility.itAt(this.workload.clusters, x);
    return it <= this.maxIt && this.facility.demandAt(it) <= this.maxFacility;
  };

  /**
   * Run to the end of the horizon. `progress` is called between slices with
   * the share simulated so far.
   */
  run(progress?: (fraction: number) => void): void {
    this.flush();
    const slices = progress ? 200 : 1;
    for (let k = 1; k <= slices; k++) {
      this.sim.run((this.durationS * k) / slices);
      progress?.(k / slices);
    }
    this.recorder.finish();
    this.periods.advance(this.durationS);
  }

  /** A channel's integral (SI) and peak level over month `m`. */
  monthTotal(column: string, m: number): number {
    return this.periods.sums[m][this.periodIndex(column)];
  }

  monthPeak(column: string, m: number): number {
    return this.periods.peaks[m][this.periodIndex(column)];
  }

  private periodIndex(column: string): number {
    const i = this.periodChannels.findIndex((c) => c.name === column);
    if (i < 0) throw new Error(`no column ${column}`);
    return i;
  }

  /** The run's integral of a column, SI (J for power columns, USD, kg). */
  total(column: string): number {
    const i = this.meters.findIndex((m) => m.name === column);
    if (i < 0) throw new Error(`no column ${column}`);
    // Two columns of one name would make a total read the wrong one (names.ts refuses such models).
    if (this.meters.findIndex((m, k) => k > i && m.name === column) >= 0) throw new Error(`two columns named ${column}`);
    return this.recorder.total[i];
  }
}

/**
 * The largest factor in [0, 1] at which the load fits: 1 if it fits at full,
 * else by bisection to 1e-9 (demand rises monotonically with the factor).
 */
function largestFitting(fits: (x: number) => boolean): number {
  if (fits(1)) return 1;
  let lo = 0;
  let hi = 1;
  while (hi - lo > 1e-9) {
    const mid = (lo + hi) / 2;
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}
