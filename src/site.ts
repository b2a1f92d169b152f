/**
 * One scenario wired together: the only place that knows all the parts.
 * Anything that changes a power level marks the site dirty; the site then
 * recomputes demand and dispatch once at the end of that instant and hands
 * the new levels to the recorder, which integrates them exactly.
 */
import { Simulation } from './kernel/simulation.ts';
import { RandomStreams } from './kernel/random.ts';
import { CHIPS } from './model/chips.ts';
import { ClusterState } from './workload/cluster.ts';
import { Scheduler } from './workload/scheduler.ts';
import { startJobStream } from './workload/jobs.ts';
import { chipCurve, chipsPowerW, type PowerCurve } from './facility/chip-power.ts';
import { Facility, type FacilityPower } from './facility/facility.ts';
import { createSupply } from './supply/registry.ts';
import { dispatch, newDispatchResult, type DispatchResult } from './supply/dispatch.ts';
import type { Supply } from './supply/supply.ts';
import { Recorder, type Channel, type RowSink } from './output/recorder.ts';
import type { Scenario } from './scenario.ts';

const KW = 1e-3;
const J_PER_MWH = 3.6e9;

/** Column names are lower-case words joined by "_". */
export function columnName(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

export interface SiteOptions {
  /** Directory that relative data paths in the model are read from. */
  baseDir: string;
}

/** Indices of the channels the site writes. */
interface Ch {
  it: number; losses: number; cooling: number; facility: number;
  sources: number[]; sourceCost: number[]; sourceCarbon: number[];
  unmet: number; curtailed: number; busy: number; running: number; queued: number;
  energy: number; cost: number; carbon: number;
}

export class Site {
  readonly sim = new Simulation();
  readonly random: RandomStreams;
  readonly clusters: ClusterState[];
  readonly schedulers: Scheduler[];
  readonly supplies: Supply[];
  readonly channels: Channel[] = [];
  readonly recorder: Recorder;
  readonly durationS: number;
  peakItW = 0;
  peakFacilityW = 0;

  private readonly curves: PowerCurve[];
  private readonly facility: Facility;
  private readonly power: FacilityPower = { itW: 0, lossesW: 0, coolingW: 0, totalW: 0 };
  private readonly result: DispatchResult;
  private readonly ch: Ch;
  private dirty = false;
  private readonly flushFn = (): void => this.flush();

  constructor(readonly model: Scenario, opts: SiteOptions, sink: RowSink) {
    const { sim } = this;
    this.durationS = model.duration;
    this.random = new RandomStreams(model.seed);
    const markDirty = (): void => this.markDirty();

    this.clusters = model.clusters.map((c) => new ClusterState(c.name, c.count));
    for (const c of this.clusters) c.onChange = markDirty;
    this.curves = model.clusters.map((c) => chipCurve(CHIPS[c.chip]));
    this.schedulers = this.clusters.map((c) => new Scheduler(sim, c));
    for (const j of model.workload.jobs) {
      const i = this.clusters.findIndex((c) => c.name === j.cluster);
      startJobStream(sim, this.random.stream(`jobs:${j.name}`), j, this.schedulers[i], this.durationS);
    }

    this.facility = new Facility(model.facility);

    this.supplies = model.supply.map((cfg) =>
      createSupply(cfg, {
        sim,
        rng: (purpose) => this.random.stream(`supply:${cfg.name}:${purpose}`),
        startEpochS: model.start,
        durationS: this.durationS,
        baseDir: opts.baseDir,
        changed: markDirty,
      }),
    );
    this.result = newDispatchResult(this.supplies.length);

    const add = (c: Channel): number => this.channels.push(c) - 1;
    const kw = (name: string): number => add({ name, kind: 'mean', scale: KW, decimals: 3 });
    const it = kw('it_kw');
    const losses = kw('losses_kw');
    const cooling = kw('cooling_kw');
    const facility = kw('facility_kw');
    add({ name: 'pue', kind: 'ratio', scale: 1, decimals: 4, num: facility, den: it });
    const sources = this.supplies.map((s) => kw(`${columnName(s.name)}_kw`));
    const unmet = kw('unmet_kw');
    const curtailed = kw('curtailed_kw');
    const busy = add({ name: 'busy_chips', kind: 'mean', scale: 1, decimals: 2 });
    const running = add({ name: 'running_jobs', kind: 'mean', scale: 1, decimals: 2 });
    const queued = add({ name: 'queued_jobs', kind: 'mean', scale: 1, decimals: 2 });
    const energy = add({ name: 'energy_mwh', kind: 'sum', scale: 1 / J_PER_MWH, decimals: 6 });
    const cost = add({ name: 'cost_usd', kind: 'sum', scale: 1, decimals: 4 });
    const carbon = add({ name: 'carbon_kg', kind: 'sum', scale: 1, decimals: 3 });
    const sourceCost = this.supplies.map((s) => add({ name: `${columnName(s.name)}_cost_usd`, kind: 'sum', scale: 1, decimals: 4 }));
    const sourceCarbon = this.supplies.map((s) => add({ name: `${columnName(s.name)}_carbon_kg`, kind: 'sum', scale: 1, decimals: 3 }));
    this.ch = { it, losses, cooling, facility, sources, sourceCost, sourceCarbon, unmet, curtailed, busy, running, queued, energy, cost, carbon };
    this.recorder = new Recorder(this.channels, model.step, this.durationS, sink);
  }

  /** Ask for one recomputation at the end of the current instant. */
  markDirty(): void {
    if (this.dirty) return;
    this.dirty = true;
    this.sim.at(this.sim.now, this.flushFn);
  }

  private flush(): void {
    this.dirty = false;
    const { recorder, ch, power, result, supplies } = this;
    recorder.advance(this.sim.now);
    const level = recorder.level;

    let itW = 0;
    let busy = 0;
    for (let i = 0; i < this.clusters.length; i++) {
      const c = this.clusters[i];
      itW += chipsPowerW(c, this.curves[i]);
      busy += c.busy;
    }
    this.facility.demand(itW, power);
    dispatch(power.totalW, supplies, result);

    level[ch.it] = power.itW;
    level[ch.losses] = power.lossesW;
    level[ch.cooling] = power.coolingW;
    level[ch.facility] = power.totalW;
    let cost = 0;
    let carbon = 0;
    for (let i = 0; i < supplies.length; i++) {
      const w = result.deliveredW[i];
      const c = w * supplies[i].priceUsdPerJ();
      const k = w * supplies[i].carbonKgPerJ();
      level[ch.sources[i]] = w;
      level[ch.sourceCost[i]] = c;
      level[ch.sourceCarbon[i]] = k;
      cost += c;
      carbon += k;
    }
    level[ch.unmet] = result.unmetW;
    level[ch.curtailed] = result.curtailedW;
    level[ch.busy] = busy;
    let running = 0;
    let queued = 0;
    for (const s of this.schedulers) {
      running += s.running;
      queued += s.queued;
    }
    level[ch.running] = running;
    level[ch.queued] = queued;
    level[ch.energy] = power.totalW;
    level[ch.cost] = cost;
    level[ch.carbon] = carbon;

    if (itW > this.peakItW) this.peakItW = itW;
    if (power.totalW > this.peakFacilityW) this.peakFacilityW = power.totalW;
  }

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
  }

  /** Totals over the run, in SI, by channel name. */
  totals(): Record<string, number> {
    const out: Record<string, number> = {};
    this.channels.forEach((c, i) => (out[c.name] = this.recorder.total[i]));
    return out;
  }

  get channelIndex(): Ch {
    return this.ch;
  }
}
