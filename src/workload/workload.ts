/**
 * The load side of a site: clusters, their schedulers, and what feeds them
 * (job streams, training runs, inference services). The site reads each
 * cluster's aggregate state; the workload tells the site when it changes.
 *
 * A power cap reaches the workload as a throttle factor (setThrottle): all
 * busy chips slow to that share of their duty and running work progresses at
 * that rate. Under `shortage: pause` the lowest-priority runs instead pause at
 * their next checkpoint and stay paused until the supply carries them back at
 * full duty (fitByPausing, src/workload/pause.ts).
 */
import { resolve } from 'node:path';
import { shownPath } from '../model/read-input.ts';
import type { Simulation } from '../kernel/simulation.ts';
import type { RandomStreams } from '../kernel/random.ts';
import type { Meter } from '../kernel/recorder.ts';
import { CHIPS, type PowerCurve } from '../model/chips.ts';
import { ClusterState, type Move } from './cluster.ts';
import { Scheduler } from './scheduler.ts';
import { startJobStream, type JobStreamConfig } from './jobs.ts';
import type { TrainingRun, RunContext, TrainingSummary } from './training.ts';
import { fitByPausing, type Fits, type Largest } from './pause.ts';
import { latestStartS, rulesHold } from '../policy/defer.ts';
import type { AwareRule } from '../policy/schema.ts';
import type { GridSignals } from '../policy/signal.ts';
import type { DecisionInput, ScriptedPolicy } from '../policy/script.ts';
import { InferenceService, type InferenceSummary } from './inference.ts';
import { batchCurve } from './batching.ts';
import { startDemand, traceRates } from './demand.ts';
import { startTraining } from './arrivals.ts';
import type { ClusterConfig, InferenceConfig, TrainingConfig } from './schema.ts';
import { J_PER_MWH } from '../model/units.ts';
import { isoTimestamp } from '../kernel/time.ts';

/** No runs held: what held() gives with neither a script nor rules (read only, shared). */
const NO_RUNS: ReadonlySet<TrainingRun> = new Set();

interface WorkloadConfig {
  /** Scenario start, epoch seconds (for dates and the daily shape). */
  start?: number;
  /** Each with its chips' power against duty (board + server share), the curve the facility reads too. */
  clusters: readonly (Pick<ClusterConfig, 'name' | 'count' | 'spec'> &
    Partial<Pick<ClusterConfig, 'in_service' | 'retire'>> & { readonly power: PowerCurve })[];
  workload: {
    jobs: readonly JobStreamConfig[];
    training?: readonly TrainingConfig[];
    inference?: readonly InferenceConfig[];
  };
}

/** Every job and training run of the horizon: counts (running and queued at its end), mean wait, chip-hours held. */
export interface JobsSummary {
  submitted: number;
  started: number;
  completed: number;
  running: number;
  queued: number;
  mean_wait_h: number;
  chip_hours: number;
  /** With deadlines (a training run's `deadline` or `finish_within`, a job stream's `finish_within`): those that fell due or finished, and those missed. */
  deadlines_due?: number;
  deadline_misses?: number;
  /** Of the misses, those whose deadline came before their submission plus their time at full speed. */
  deadlines_unreachable?: number;
}

/** The workload's sections of summary.json. */
interface WorkloadSummary {
  jobs: JobsSummary;
  training: TrainingSummary[];
  inference: InferenceSummary;
}

/** What policies see of the site (src/site.ts gives it). */
interface SiteView {
  /** The grid's signals, when there is a grid (a model with rules has one). */
  signals?: GridSignals;
  /** What the supplies can deliver now, W, and the facility's demand as last computed, W. */
  availableW(): number;
  demandW(): number;
}

/** A list of rules (a job stream's or a training entry's, shared by its runs) and whether it holds work back now. */
interface Decision {
  readonly rules: readonly AwareRule[];
  held: boolean;
}

export class Workload {
  readonly clusters: ClusterState[];
  readonly schedulers: Scheduler[];
  /** Training runs in submission order (plain jobs are not listed). */
  readonly runs: TrainingRun[] = [];
  readonly services: InferenceService[] = [];
  /** Each inference service's trace mean tokens/s with its scale; undefined for a service without a trace. */
  readonly traceTps: (number | undefined)[] = [];
  /**
   * Runs and jobs with deferral rules or a deadline, not yet done (a done one is counted and
   * dropped); the grid's signals; the wake-ups set for held runs' latest starts.
   */
  private tracked: TrainingRun[] = [];
  /** Runs tracked so far (each one's trackedAt). */
  private trackedCount = 0;
  /** Each list of rules a tracked run has, held or not at its last decision; by the list (`decisionOf`) and in order. */
  private readonly decisionOf = new Map<readonly AwareRule[], Decision>();
  private readonly decisions: Decision[] = [];
  /**
   * The rules' candidates (applyHolds), each list its first `...N` places (written in place: emptied, an array gives
   * its store back and grows it again at the next pass): tracked runs with rules whose phase changed, or whose latest
   * start came, since the last pass (`moved`); the runs that pass left unsettled, in tracked order (`volatile`, its
   * twin `spare`); both merged for the next pass.
   */
  private moved: TrainingRun[] = [];
  private movedN = 0;
  private volatile: TrainingRun[] = [];
  private volatileN = 0;
  private spare: TrainingRun[] = [];
  private merged: TrainingRun[] = [];
  private candidatesN = 0;
  /** Whether runs were paused or resumed by something other than the rules since their last pass (or a list is new). */
  private holdsStale = true;
  /** The tracked list's length at which done runs are dropped next (between passes over every run). */
  private dropAt = 256;
  private site: SiteView = { availableW: () => Infinity, demandW: () => 0 };
  private decisionInput?: DecisionInput;
  private readonly wake = (t: number): void => {
    this.sim.at(t, this.changed);
  };
  /** Runs the scripted policy held at its last decision (released when it no longer holds them). */
  private scripted: ReadonlySet<TrainingRun> = new Set<TrainingRun>();
  private readonly wakes = new Map<TrainingRun, number>();
  private readonly hasRules: boolean;
  private readonly hasDeadlines: boolean;
  /** Work of every run and job submitted, chip-seconds at full speed. */
  private submittedWorkChipS = 0;
  /** Done runs and jobs that had a deadline, and those that ended after it. */
  private deadlines = { due: 0, missed: 0, unreachable: 0 };

  /** Progress-rate factor applied to every busy chip (1: full speed). */
  throttle = 1;

  /** The queue columns among `meters()` (the site's and each cluster's), set by it. */
  queueMeters: readonly Meter[] = [];
  /**
   * Called when a task queues at a full cluster, which changes no power and so asks for no
   * recomputation: the site reads the queue columns again (src/site.ts).
   */
  queueChanged: () => void = () => {};

  constructor(
    private readonly sim: Simulation,
    random: RandomStreams,
    private readonly cfg: WorkloadConfig,
    private readonly horizonS: number,
    private readonly changed: () => void,
    baseDir = '.',
    private readonly script?: ScriptedPolicy,
  ) {
    this.clusters = cfg.clusters.map((c) => new ClusterState(c.name, c.count));
    this.schedulers = this.clusters.map((c) => new Scheduler(sim, c));
    for (const s of this.schedulers) s.onQueued = () => this.queueChanged();
    const start = cfg.start ?? 0;
    cfg.clusters.forEach(
      (c, i) => (this.clusters[i].inService = (c.in_service ?? start) <= start && (c.retire ?? Infinity) > start),
    );
    const index = (cluster: string): number => this.clusters.findIndex((c) => c.name === cluster);
    const context = (i: number): RunContext => ({
      sim,
      cluster: this.clusters[i],
      scheduler: this.schedulers[i],
      curve: cfg.clusters[i].power,
      throttle: () => this.throttle,
    });

    // Inference first: its chips are reserved before any training starts.
    for (const s of cfg.workload.inference ?? []) {
      const i = index(s.cluster);
      const scale = s.throughput_scale * (cfg.clusters[i].spec.peakFlops / CHIPS.H100.peakFlops);
      const trace =
        s.trace && traceRates(resolve(baseDir, s.trace.file), s.trace.bin, shownPath(resolve(baseDir, s.trace.file)));
      const svc = new InferenceService(
        s.name,
        s.chips,
        sim,
        this.clusters[i],
        batchCurve(s.max_batch, scale, trace ? trace.promptTokensPerRequest : s.prompt_tokens),
        cfg.clusters[i].power,
      );
      this.services.push(svc);
      this.traceTps.push(
        trace && s.trace ? (trace.tps.reduce((a, x) => a + x, 0) / trace.tps.length) * s.trace.scale : undefined,
      );
      startDemand(sim, random.stream(`inference:${s.name}`), s, cfg.start ?? 0, horizonS, trace, (tps, promptTps) =>
        svc.setDemand(tps, promptTps),
      );
    }
    const all = [...cfg.workload.jobs, ...(cfg.workload.training ?? [])];
    this.hasRules = all.some((w) => w.carbon_aware || w.price_aware);
    this.hasDeadlines =
      cfg.workload.jobs.some((j) => j.finish_within !== undefined) ||
      (cfg.workload.training ?? []).some((t) => t.deadline !== undefined || t.finish_within !== undefined);
    const moved = (run: TrainingRun): void => {
      this.moved[this.movedN++] = run;
    };
    const track = (run: TrainingRun): void => {
      this.submittedWorkChipS += run.chips * run.spec.workS;
      const { aware } = run.spec;
      if (aware === undefined && run.spec.deadlineS === undefined) return;
      run.trackedAt = this.trackedCount++;
      this.tracked.push(run);
      if (aware === undefined) return;
      if (!this.decisionOf.has(aware)) {
        const d = { rules: aware, held: false };
        this.decisionOf.set(aware, d);
        this.decisions.push(d);
        this.holdsStale = true;
      }
      if (!this.script) run.onPhase = moved;
    };
    for (const j of cfg.workload.jobs) {
      const i = index(j.cluster);
      startJobStream(sim, random.stream(`jobs:${j.name}`), j, this.schedulers[i], horizonS, context(i), track);
    }
    for (const t of cfg.workload.training ?? []) {
      const i = index(t.cluster);
      startTraining(sim, random, t, cfg.clusters[i].spec, cfg.start ?? 0, horizonS, context(i), (run) => {
        this.runs.push(run);
        track(run);
      });
    }
    for (const c of this.clusters) c.onChange = changed;
    // A best-hours rule decides at every clock hour, whether or not the signal steps there.
    if (all.some((w) => w.carbon_aware?.best || w.price_aware?.best)) {
      const start = cfg.start ?? 0;
      const tick = (): void => {
        changed();
        const next = (Math.floor((start + sim.now) / 3600) + 1) * 3600 - start;
        if (next < horizonS) sim.at(next, tick);
      };
      sim.at(0, tick);
    }
    this.serviceWindows();
  }

  /**
   * Clusters commissioned and retired on dates: entering service, a cluster
   * takes its inference services' chips and the queued work that fits;
   * leaving it, the services give their chips back, nothing new is placed
   * and idle chips stop drawing power, while running work finishes (drains).
   */
  private serviceWindows(): void {
    const start = this.cfg.start ?? 0;
    this.cfg.clusters.forEach((c, i) => {
      const cluster = this.clusters[i];
      const services = this.services.filter((s) => s.cluster === cluster);
      const set = (on: boolean) => (): void => {
        cluster.inService = on;
        for (const s of services) s.setInService(on);
        if (on) this.schedulers[i].wake();
        this.changed();
      };
      const from = (c.in_service ?? start) - start;
      const to = (c.retire ?? Infinity) - start;
      if (from > 0 && from < this.horizonS) this.sim.at(from, set(true));
      if (to > 0 && to < this.horizonS) this.sim.at(to, set(false));
    });
  }

  /** Running training runs and jobs, in each cluster's start order (a loop: a generator cost a scripted policy 14 %). */
  private active(): TrainingRun[] {
    const runs: TrainingRun[] = [];
    for (const s of this.schedulers) s.pushRunning(runs);
    return runs;
  }

  /**
   * `itAt()` (the IT power, Facility.itAt) asked with every run writing a checkpoint or restarting counted as
   * computing: a demand-response event's baseline. Taken as they draw, an event that began in a run's checkpoint took
   * the checkpoint's draw (idle) as the baseline, capped the site below it, stopped the run for the whole event and
   * counted nothing shed.
   */
  itComputing(itAt: () => number): number {
    const moves: Move[] = [];
    for (const r of this.active())
      if (r.phase === 'checkpointing' || r.phase === 'restarting') moves.push(r.moveToComputing());
    return moves.length === 0 ? itAt() : ClusterState.ifAllMoved(moves, itAt);
  }

  /**
   * Slow every busy chip to `factor` of its duty (a power cap): running work
   * progresses at that rate, so its remaining time stretches. The same
   * factor again is a no-op.
   */
  setThrottle(factor: number): void {
    if (factor === this.throttle) return;
    this.throttle = factor;
    for (const r of this.active()) r.setRate(factor);
    for (const s of this.services) s.setThrottle(factor);
  }

  /**
   * Under `shortage: pause`: pause, resume and slow runs so the load fits
   * (src/workload/pause.ts); returns the site-wide throttle factor still
   * needed, which the site then sets.
   */
  fitByPausing(fits: Fits, largest: Largest): number {
    // It pauses and resumes runs the rules decide: their next pass goes over every run.
    this.holdsStale = true;
    this.movedN = 0;
    return fitByPausing(this.active(), fits, largest, this.held());
  }

  /** What policies see of the site: the grid's signals (rules need them), the supply, the demand. */
  connect(site: SiteView): void {
    this.site = site;
  }

  /** The throttle the scripted policy asked for at its last decision (1 without one). */
  policyThrottle(): number {
    return this.script?.throttle ?? 1;
  }

  /**
   * Without `shortage: pause`: pause the runs a policy holds back at their
   * next checkpoint, resume the ones it no longer holds.
   *
   * With rules alone, each list of rules is decided once an instant (decideLists). While no list changes its
   * decision and nothing else paused or resumed runs (the pausing fit marks the holds stale), a run the last pass
   * left settled stays so until its phase changes (TrainingRun.onPhase puts it in `moved`) or, paused with a
   * deadline, until its latest start (its wake-up puts it there): not held and computing, or held and paused with
   * its wake-up set. Asking it again would do nothing, so the pass takes only the runs that moved and those it left
   * unsettled (`volatile`: held and not yet paused, or released by a deadline), in the tracked order a pass over
   * every run takes (a pause or a resume moves energy and events: the order is the pass's).
   */
  applyHolds(): void {
    if (this.script) return this.applyScript();
    if (this.tracked.length === 0) return;
    if (!this.hasRules) {
      // Runs tracked for their deadlines alone: nothing to decide; done ones leave the list now and then.
      this.dropSometimes();
      return;
    }
    const now = this.sim.now;
    let runs: readonly TrainingRun[];
    let n: number;
    if (this.decideLists(now) || this.holdsStale) {
      this.dropDone();
      runs = this.tracked;
      n = runs.length;
      this.movedN = 0;
    } else {
      runs = this.candidates();
      n = this.candidatesN;
      this.dropSometimes();
    }
    this.holdsStale = false;
    const held = this.decideRules(runs, n, now);
    for (let i = 0; i < n; i++) {
      const r = runs[i];
      if (r.phase === 'queued' || r.phase === 'done' || r.spec.aware === undefined) continue;
      if (held[i] === 1) r.requestPause(true);
      else {
        r.cancelPause();
        r.resume();
      }
    }
    // Every run is as this pass leaves it, those its own actions moved too.
    this.movedN = 0;
    const volatile = this.spare;
    let v = 0;
    for (let i = 0; i < n; i++) {
      const r = runs[i];
      if (r.phase === 'queued' || r.phase === 'done' || r.spec.aware === undefined) continue;
      if (!this.decisionOf.get(r.spec.aware)!.held) continue; // free, computing
      if (held[i] === 1 && r.paused) {
        const at = latestStartS(r);
        if (at === Infinity || this.wakes.get(r) === at) continue; // held, paused, woken at its latest start
      }
      volatile[v++] = r;
    }
    this.spare = this.volatile;
    this.volatile = volatile;
    this.volatileN = v;
  }

  /** The runs that moved since the last pass and those it left unsettled, in tracked order, each once (how many: candidatesN). */
  private candidates(): readonly TrainingRun[] {
    const { moved, movedN, volatile, volatileN, merged } = this;
    // The pass builds the next volatile list in `spare`: this one can be its runs.
    this.candidatesN = volatileN;
    if (movedN === 0) return volatile;
    this.movedN = 0;
    // The moved are a few: in tracked order by insertion, then merged with the volatile (in that order already).
    for (let i = 1; i < movedN; i++) {
      const r = moved[i];
      let j = i;
      for (; j > 0 && moved[j - 1].trackedAt > r.trackedAt; j--) moved[j] = moved[j - 1];
      moved[j] = r;
    }
    let n = 0;
    let i = 0;
    let j = 0;
    while (i < volatileN || j < movedN) {
      const r =
        j >= movedN || (i < volatileN && volatile[i].trackedAt <= moved[j].trackedAt) ? volatile[i++] : moved[j++];
      if (n === 0 || merged[n - 1] !== r) merged[n++] = r;
    }
    this.candidatesN = n;
    return merged;
  }

  /** With a script: the set its decisions and the rules' make (held), every tracked run asked at every pass. */
  private applyScript(): void {
    this.movedN = 0;
    const held = this.held();
    const tracked = this.tracked;
    for (let i = 0; i < tracked.length; i++) {
      const r = tracked[i];
      if (r.phase === 'queued' || r.phase === 'done' || r.spec.aware === undefined) continue;
      if (held.has(r)) r.requestPause(true);
      else {
        r.cancelPause();
        r.resume();
      }
    }
    for (const r of this.scripted) {
      if (held.has(r)) continue;
      r.cancelPause();
      r.resume();
    }
    for (const r of held) r.requestPause(true);
    this.scripted = held;
  }

  /** Decide each list of rules now; whether any decision changed since the last time. */
  private decideLists(now: number): boolean {
    const signals = this.site.signals!;
    let changed = false;
    for (const d of this.decisions) {
      const held = rulesHold(d.rules, signals, now);
      if (held !== d.held) {
        d.held = held;
        changed = true;
      }
    }
    return changed;
  }

  /** Done runs leave the tracked list, counted against their deadlines. */
  private dropDone(): void {
    if (this.tracked.some((r) => r.phase === 'done')) {
      for (const r of this.tracked) if (r.phase === 'done') this.countDeadline(r);
      this.tracked = this.tracked.filter((r) => r.phase !== 'done');
    }
  }

  /** Drop the done runs when the list has doubled since the last time (between passes over every run). */
  private dropSometimes(): void {
    if (this.tracked.length < this.dropAt) return;
    this.dropDone();
    this.dropAt = 2 * this.tracked.length + 256;
  }

  /** Running runs held back now, by a script and the rules (a set: the pausing fit's, and a script's). */
  private held(): ReadonlySet<TrainingRun> {
    const now = this.sim.now;
    this.dropDone();
    const scripted = this.script?.decide(
      now,
      (this.decisionInput ??= {
        running: () => this.active(),
        queued: () => this.schedulers.flatMap((s) => s.queuedTasks() as readonly TrainingRun[]),
        availableW: () => this.site.availableW(),
        demandW: () => this.site.demandW(),
        signals: this.site.signals,
      }),
      this.wake,
    );
    // The script's set as it is (read, not changed) when no rules add to it.
    if (!this.hasRules) return scripted ?? NO_RUNS;
    const held = new Set(scripted);
    this.decideLists(now);
    const rules = this.decideRules(this.tracked, this.tracked.length, now);
    for (let i = 0; i < this.tracked.length; i++) if (rules[i] === 1) held.add(this.tracked[i]);
    return held;
  }

  /** Each run's decision by its rules, by its place in the list asked about: 1 held. */
  private ruleHeld = new Uint8Array(0);

  /**
   * Which of the first `n` of `runs` the rules hold back now (1 at their places; the lists decided now): held while its list
   * holds and before its latest start; a held paused run with a deadline gets a wake-up at its latest start.
   */
  private decideRules(runs: readonly TrainingRun[], n: number, now: number): Uint8Array {
    if (this.ruleHeld.length < n) this.ruleHeld = new Uint8Array(2 * n);
    const held = this.ruleHeld;
    held.fill(0, 0, n);
    const { decisionOf } = this;
    for (let i = 0; i < n; i++) {
      const r = runs[i];
      if (r.phase === 'queued') continue;
      const rules = r.spec.aware;
      if (rules === undefined || !decisionOf.get(rules)!.held) continue;
      const at = latestStartS(r);
      if (now >= at) continue;
      held[i] = 1;
      if (r.paused && at !== Infinity && this.wakes.get(r) !== at) {
        this.wakes.set(r, at);
        // The run is settled until then (applyHolds): its wake-up makes it a candidate again.
        this.sim.at(at, () => {
          this.moved[this.movedN++] = r;
          this.changed();
        });
      }
    }
    return held;
  }

  /** Work done so far by every run and job, chip-hours at full speed (what was submitted less what is left). */
  workDoneChipH(): number {
    let left = 0;
    for (const r of this.active()) left += r.chips * (r.spec.workS - r.doneS());
    for (const s of this.schedulers) for (const t of s.queuedTasks()) left += t.chips * (t as TrainingRun).spec.workS;
    return (this.submittedWorkChipS - left) / 3600;
  }

  private countDeadline(r: TrainingRun): void {
    this.wakes.delete(r);
    if (r.spec.deadlineS === undefined) return;
    this.deadlines.due++;
    if (r.endedS > r.spec.deadlineS + 1e-6) this.deadlines.missed++;
    if (r.deadlineUnreachable) this.deadlines.unreachable++;
  }

  /**
   * Runs and jobs with a deadline that fell inside the horizon or that
   * finished: how many, and how many missed it (ended after it, or still
   * unfinished at a deadline passed).
   */
  deadlineMisses(): { due: number; missed: number; unreachable: number } {
    const now = this.sim.now;
    let { due, missed, unreachable } = this.deadlines;
    for (const r of this.tracked) {
      const d = r.spec.deadlineS;
      if (d === undefined) continue;
      if (r.phase === 'done') {
        due++;
        if (r.endedS > d + 1e-6) missed++;
      } else if (d <= now) {
        due++;
        missed++;
      } else continue;
      if (r.deadlineUnreachable) unreachable++;
    }
    return { due, missed, unreachable };
  }

  /** Columns of the load: busy chips, jobs, per-cluster duty, inference demand and served. */
  meters(): Meter[] {
    const count = (name: string, f: () => number, decimals = 2): Meter => ({
      name,
      kind: 'mean',
      scale: 1,
      decimals,
      level: f,
    });
    // Kept while the cluster's load and the throttle stay as they were.
    const meanDuty = (c: ClusterState): (() => number) => {
      let version = NaN;
      let throttle = NaN;
      let mean = 0;
      return () => {
        if (c.version === version && this.throttle === throttle) return mean;
        let s = 0;
        const h = c.dutyCounts;
        for (let i = 0; i < h.size; i++) s += h.duty(i) * h.count(i);
        version = c.version;
        throttle = this.throttle;
        mean = (s * throttle) / c.chips;
        return mean;
      };
    };
    // Plain loops: levels are read at every recomputation, and a reduce would make a closure each time.
    const { clusters, schedulers } = this;
    const busy = (): number => {
      let n = 0;
      for (let i = 0; i < clusters.length; i++) n += clusters[i].busy;
      return n;
    };
    const running = (): number => {
      let n = 0;
      for (let i = 0; i < schedulers.length; i++) n += schedulers[i].running;
      return n;
    };
    const queued = (): number => {
      let n = 0;
      for (let i = 0; i < schedulers.length; i++) n += schedulers[i].queued;
      return n;
    };
    const queues = [
      count('queued_jobs', queued),
      ...this.schedulers.map((s, i) => count(`${this.clusters[i].name}_queued`, () => s.queued)),
    ];
    this.queueMeters = queues;
    return [
      count('busy_chips', busy),
      count('running_jobs', running),
      queues[0],
      ...this.clusters.flatMap((c, i) => [
        count(`${c.name}_duty`, meanDuty(c), 4),
        count(`${c.name}_running`, () => this.schedulers[i].running),
        queues[i + 1],
      ]),
      ...this.services.flatMap((s) => [
        count(`${s.name}_demand_tok_s`, () => s.demandTps, 1),
        count(`${s.name}_served_tok_s`, () => s.servedTps, 1),
      ]),
    ];
  }

  /**
   * Every task of the horizon (plain jobs and training runs): counts, and at
   * the horizon the ones still running (paused included) and still queued;
   * chip-hours held, a running task's up to the horizon; the mean wait over
   * all submitted, a queued task's wait so far counted (docs/models/workload.md, "jobs").
   */
  private jobs(): JobsSummary {
    const now = this.sim.now;
    let submitted = 0,
      started = 0,
      completed = 0,
      running = 0,
      queued = 0,
      chipS = 0,
      waitS = 0;
    for (const s of this.schedulers) {
      const hw = s.heldAndWaited(now);
      submitted += s.stats.submitted;
      started += s.stats.started;
      completed += s.stats.completed;
      running += s.running;
      queued += s.queued;
      chipS += hw.chipS;
      waitS += hw.waitS;
    }
    const d = this.hasDeadlines ? this.deadlineMisses() : undefined;
    return {
      submitted,
      started,
      completed,
      running,
      queued,
      mean_wait_h: submitted > 0 ? waitS / submitted / 3600 : 0,
      chip_hours: chipS / 3600,
      ...(d ? { deadlines_due: d.due, deadline_misses: d.missed, deadlines_unreachable: d.unreachable } : {}),
    };
  }

  /**
   * Its sections of the summary: jobs, and per-run and per-service figures. A
   * run's energy is its own chips' power (board + server share) integrated
   * exactly; its electricity cost is that energy times the site's cost per IT
   * joule (all supplies, cooling and losses included), `costUsdPerItJ`.
   */
  summary(costUsdPerItJ: number): WorkloadSummary {
    const jobs = this.jobs();
    const H = 3600;
    const now = this.sim.now;
    const start = this.cfg.start ?? 0;
    // UTC without a zone, as summary.json's other dates, and to the millisecond always: one shape a column of them
    // parses in (pandas 2 infers a format from the first date and refuses others).
    const iso = (t: number): string | null =>
      Number.isFinite(t)
        ? isoTimestamp((start + t) * 1000)
            .replace('T', ' ')
            .slice(0, -1)
        : null;
    const training = this.runs.map((r): TrainingSummary => {
      r.tickEnergy();
      const end = Number.isFinite(r.endedS) ? r.endedS : now;
      const wall = Number.isFinite(r.startedS) ? end - r.startedS : 0;
      const cost = r.energyJ * costUsdPerItJ;
      const hw = r.spec.chipHourCostUsd !== undefined ? (r.chips * wall * r.spec.chipHourCostUsd) / H : undefined;
      return {
        name: r.spec.name,
        chips: r.chips,
        submitted_utc: iso(r.submittedS)!,
        started_utc: iso(r.startedS),
        ended_utc: iso(r.endedS),
        completed: r.phase === 'done',
        wait_h: ((Number.isFinite(r.startedS) ? r.startedS : now) - r.submittedS) / H,
        wall_time_h: wall / H,
        work_h: r.spec.workS / H,
        done_h: r.doneS() / H,
        goodput: wall > 0 ? r.doneS() / wall : 0,
        lost_work_h: r.lostS / H,
        interruptions: r.interruptions,
        checkpoints: r.checkpoints,
        pauses: r.pauses,
        paused_h: r.pausedTimeS() / H,
        computing_h: r.spentS.computing / H,
        checkpointing_h: r.spentS.checkpointing / H,
        restarting_h: r.spentS.restarting / H,
        energy_mwh: r.energyJ / J_PER_MWH,
        computing_mwh: r.spentJ.computing / J_PER_MWH,
        checkpointing_mwh: r.spentJ.checkpointing / J_PER_MWH,
        restarting_mwh: r.spentJ.restarting / J_PER_MWH,
        paused_mwh: r.spentJ.paused / J_PER_MWH,
        electricity_cost_usd: cost,
        ...(hw !== undefined ? { chip_cost_usd: hw, electricity_share: cost + hw > 0 ? cost / (cost + hw) : 0 } : {}),
      };
    });
    return { jobs, training, inference: { services: this.services.map((s) => s.summary()) } };
  }
}
