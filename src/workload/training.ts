/**
 * A training run (or a plain job: a run without checkpoints or failures).
 *
 * Work is measured in seconds at full speed. While computing, the run
 * progresses at the site's throttle factor; a change of factor brings the
 * progress up to date and re-issues the next event with the remaining work
 * stretched, so work is never lost or invented by a change of rate.
 * Checkpoints come every `everyS` of work and pause the run `takesS` at a
 * low duty. Interruptions arrive as a Poisson process at rate chips/MTBF
 * while the run computes or checkpoints (not while restarting or paused);
 * each loses the work since the last completed checkpoint (including one
 * being written) and costs a restart of `restartS` with the chips held idle.
 *
 * Under `shortage: pause` a run can also be slowed on its own (its `share`,
 * while it heads for the checkpoint where it will pause): its chips count in
 * the cluster at duty x share, and the site-wide throttle multiplies on top.
 */
import type { Handle, Simulation } from '../kernel/simulation.ts';
import type { Rng } from '../kernel/random.ts';
import type { PowerCurve } from '../model/chips.ts';
import type { ClusterState, Move } from './cluster.ts';
import type { Scheduler, Task } from './scheduler.ts';
import type { AwareRule } from '../policy/schema.ts';

/** One training run's entry in summary.json. */
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
  /** Wall time by phase, with paused_h summing to wall_time_h: computing; writing checkpoints, a write cut short included; restarting. */
  computing_h: number;
  checkpointing_h: number;
  restarting_h: number;
  energy_mwh: number;
  /** energy_mwh by the same phases: they sum to it. */
  computing_mwh: number;
  checkpointing_mwh: number;
  restarting_mwh: number;
  paused_mwh: number;
  electricity_cost_usd: number;
  chip_cost_usd?: number;
  electricity_share?: number;
}

export interface RunSpec {
  readonly name: string;
  readonly chips: number;
  /** Work, s at full speed. */
  readonly workS: number;
  readonly duty: number;
  readonly priority: number;
  readonly submittedS: number;
  /** Compute between checkpoints, s (Infinity: none). */
  readonly everyS: number;
  readonly takesS: number;
  readonly checkpointDuty: number;
  /** Interruptions per second while exposed (chips / chip MTBF; 0: none). */
  readonly failureRate: number;
  readonly restartS: number;
  readonly chipHourCostUsd?: number;
  /** Carbon- and price-aware rules that hold it back (src/policy/defer.ts). */
  readonly aware?: readonly AwareRule[];
  /** Finish by this time, s on the simulation clock (an aware run defers only while it can). */
  readonly deadlineS?: number;
}

export type Phase = 'queued' | 'computing' | 'checkpointing' | 'restarting' | 'paused' | 'done';

/** The phases a started run spends its wall time in. */
export type ActivePhase = Exclude<Phase, 'queued' | 'done'>;

export interface RunContext {
  readonly sim: Simulation;
  readonly cluster: ClusterState;
  readonly scheduler: Scheduler;
  /** Per-chip power (board + server share) against duty, W. */
  readonly curve: PowerCurve;
  /** The current throttle factor, 0..1. */
  throttle(): number;
  /** Failure draws (needed only when failureRate > 0). */
  readonly rng?: Rng;
}

const NONE = -1;

/**
 * Segments of compute a run's work splits into at its checkpoint interval, a checkpoint after each but the last (1
 * without checkpoints): work / every rounded up, a ratio within a billionth of a whole number taken as that number.
 * "1.1h" every "0.1h" is 11 segments, though 3,960.0000000000005 s / 360 s reads a hair above 11 (and "7d" every
 * "0.7d" 10, 604,800 / 60,479.99999999999): the run compared the work left with the interval, wrote an 11th
 * checkpoint and then computed a last segment of 1e-13 s.
 */
function segmentsOf(workS: number, everyS: number): number {
  if (!Number.isFinite(everyS)) return 1;
  const r = workS / everyS;
  const whole = Math.round(r);
  return Math.max(1, Math.abs(r - whole) <= 1e-9 * whole ? whole : Math.ceil(r));
}

export class TrainingRun implements Task {
  phase: Phase = 'queued';
  /** Told of each change of phase (the workload's rules, for runs they decide: src/workload/workload.ts). */
  onPhase: ((run: TrainingRun) => void) | undefined = undefined;
  /** Its place among the runs the workload tracks (their order), -1 untracked. */
  trackedAt = -1;
  /** The id a scripted policy shows it by (src/policy/script.ts), -1 until it is shown. */
  policyId = -1;
  /** The scripted policy's decision that last held it back (its count; held now if its last). */
  policyHeldAt = -1;
  /** Work at the last completed checkpoint, s. */
  committedS = 0;
  /** Work since the last checkpoint, as of `markT`, s. */
  private sinceS = 0;
  /** When the checkpoint or restart under way ends, s. */
  private busyUntilS = 0;
  private markT = 0;
  /** Progress per second: share x the site's throttle factor. */
  private rate = 0;
  /** Duty of its phase (computing, checkpointing, 0 while restarting or paused). */
  private duty = 0;
  /** Its own slowdown, 0..1 (shortage: pause), and the site-wide throttle factor. */
  private share = 1;
  private factor = 1;
  private finishing = false;
  private target = 0;
  private next: Handle = NONE;
  private failure: Handle = NONE;
  private pausePending = false;
  runningSlot = -1;

  /** When it started, s (NaN while queued): the scheduler sets it as it starts the run. */
  startedS = NaN;
  endedS = NaN;
  lostS = 0;
  interruptions = 0;
  checkpoints = 0;
  /** Times the run was paused to fit a power cap, and the seconds it spent paused. */
  pauses = 0;
  private pausedS = 0;
  private pausedAt = NaN;
  energyJ = 0;
  private energyT = 0;
  private powerW = 0;
  /** Seconds and energy (J) in each phase since it started, counted to `phaseT`: they sum to its wall time and energyJ. */
  readonly spentS: Record<ActivePhase, number> = { computing: 0, checkpointing: 0, restarting: 0, paused: 0 };
  readonly spentJ: Record<ActivePhase, number> = { computing: 0, checkpointing: 0, restarting: 0, paused: 0 };
  private phaseT = 0;

  /** Segments of compute its work splits into (segmentsOf); it finishes in the one after its last checkpoint. */
  private readonly segments: number;

  constructor(
    readonly spec: RunSpec,
    private readonly ctx: RunContext,
  ) {
    this.segments = segmentsOf(spec.workS, spec.everyS);
  }

  get chips(): number {
    return this.spec.chips;
  }

  get priority(): number {
    return this.spec.priority;
  }

  get submittedS(): number {
    return this.spec.submittedS;
  }

  get paused(): boolean {
    return this.phase === 'paused';
  }

  get willPause(): boolean {
    return this.pausePending;
  }

  /**
   * Whether its deadline is earlier than its submission plus its whole time at full speed with no failures (its work
   * and a checkpoint after each segment but the last): missed whatever the site does, and never deferred by a rule.
   */
  get deadlineUnreachable(): boolean {
    const { deadlineS, submittedS, workS, takesS } = this.spec;
    return deadlineS !== undefined && deadlineS < submittedS + workS + (this.segments - 1) * takesS - 1e-6;
  }

  /**
   * Time it still needs at full speed with no failures, s: the work left and
   * the checkpoints still to write (one being written counts whole, a restart
   * under way its full length: never less than the truth, so a deadline
   * planned on it holds).
   */
  remainingAtFullS(): number {
    const { workS, takesS, restartS } = this.spec;
    const checkpoints = Math.max(0, this.segments - 1 - this.checkpoints);
    return workS - this.doneS() + checkpoints * takesS + (this.phase === 'restarting' ? restartS : 0);
  }

  /** Paused so far, s (a pause still under way counts to now). */
  pausedTimeS(): number {
    return this.pausedS + (this.phase === 'paused' ? this.ctx.sim.now - this.pausedAt : 0);
  }

  /** A trial move of its chips from where they count now to `duty` (0: idle), for `ClusterState.ifAllMoved`. */
  moveTo(duty: number): Move {
    return { cluster: this.ctx.cluster, n: this.chips, from: this.duty * this.share, to: duty };
  }

  /** The same to the duty it computes at (its own share kept): a run writing a checkpoint or restarting, as computing. */
  moveToComputing(): Move {
    return this.moveTo(this.spec.duty * this.share);
  }

  /** The same with its current phase's duty slowed to `share`. */
  moveToShare(share: number): Move {
    return this.moveTo(this.duty * share);
  }

  /**
   * IT power it wants and does not get because of its own share, W, before
   * the site-wide throttle (the facility counts that part: chips at duty x
   * share, throttled).
   */
  slowedW(): number {
    const { curve } = this.ctx;
    return this.chips * (curve(this.duty) - curve(this.duty * this.share));
  }

  /** Work done so far (committed plus since the last checkpoint), s. */
  doneS(): number {
    const live = this.phase === 'computing' ? this.rate * (this.ctx.sim.now - this.markT) : 0;
    return this.committedS + this.sinceS + live;
  }

  /**
   * When it would end at its current rate with no failures, s (the scheduler's backfill plans on it): the checkpoint
   * or restart under way to its end, the work left at the rate, and a checkpoint at the end of every segment but the
   * last (a run of 9 h with one every 3 h writes two).
   */
  estimateS(): number {
    const { workS, takesS } = this.spec;
    const { phase } = this;
    const r = phase === 'queued' ? 1 : Math.max(this.rate, 1e-3);
    const writing = phase === 'checkpointing' ? 1 : 0; // the one under way is in busyUntilS, not still to come
    const cks = Math.max(0, this.segments - 1 - this.checkpoints - writing);
    const from = writing || phase === 'restarting' ? this.busyUntilS : this.ctx.sim.now;
    return from + (workS - this.doneS()) / r + cks * takesS;
  }

  start(): void {
    const { sim, cluster } = this.ctx;
    this.energyT = sim.now;
    this.duty = this.spec.duty;
    this.share = 1;
    this.factor = this.rate = this.ctx.throttle();
    cluster.occupy(this.chips, this.duty);
    this.powerW = this.chips * this.ctx.curve(this.duty * this.rate);
    this.scheduleFailure();
    this.compute();
  }

  /** The site-wide throttle factor changed: bring progress and energy up to date, re-issue the next event. */
  setRate(r: number): void {
    this.retune(this.share, r);
  }

  /** Slow this run alone to `share` of its duty (1: not slowed), under `shortage: pause`. */
  setShare(share: number): void {
    this.retune(share, this.factor);
  }

  private retune(share: number, factor: number): void {
    if ((share === this.share && factor === this.factor) || this.phase === 'queued' || this.phase === 'done') return;
    this.tickEnergy();
    if (this.phase === 'computing') this.advance();
    if (share !== this.share) {
      this.ctx.cluster.move(this.chips, this.duty * this.share, this.duty * share);
      this.share = share;
      if (share < 1) this.ctx.cluster.slowed.add(this);
      else this.ctx.cluster.slowed.delete(this);
    }
    this.factor = factor;
    this.rate = share * factor;
    this.setPower();
    if (this.phase === 'computing') this.reschedule();
  }

  private setPower(): void {
    this.powerW = this.chips * this.ctx.curve(this.duty * this.share * this.factor);
  }

  /**
   * Pause at the next checkpoint (at once if the run has none). A run a policy holds back (`held`) with nothing
   * computed since its last checkpoint (just started, resumed or restarted) pauses at once: waiting for the next
   * checkpoint would only compute in the hours it is held from. A run paused for a shortage runs on, slowed, to
   * its checkpoint on the power the others leave.
   */
  requestPause(held = false): void {
    if (this.phase === 'queued' || this.phase === 'done' || this.phase === 'paused') return;
    if (this.phase === 'computing' && !Number.isFinite(this.spec.everyS)) {
      this.advance();
      this.pause();
    } else if (held && this.phase === 'computing' && this.sinceS + this.rate * (this.ctx.sim.now - this.markT) === 0)
      this.pause();
    else this.pausePending = true;
  }

  cancelPause(): void {
    this.pausePending = false;
  }

  resume(): void {
    if (this.phase !== 'paused') return;
    this.pausedS += this.ctx.sim.now - this.pausedAt;
    this.scheduleFailure();
    this.compute();
  }

  private compute(): void {
    this.enter('computing');
    this.setDuty(this.spec.duty);
    this.markT = this.ctx.sim.now;
    this.reschedule();
  }

  // Event handlers, bound on first use: a plain job only ever needs `reached`.
  private reachedFn?: () => void;
  private checkpointedFn?: () => void;
  private failedFn?: () => void;
  private restartedFn?: () => void;

  private advance(): void {
    const now = this.ctx.sim.now;
    this.sinceS += this.rate * (now - this.markT);
    this.markT = now;
  }

  private reschedule(): void {
    const { sim } = this.ctx;
    if (this.next !== NONE) sim.cancel(this.next);
    this.next = NONE;
    // Each completed checkpoint committed one interval: the last segment is the work left.
    this.finishing = this.checkpoints >= this.segments - 1;
    this.target = this.finishing ? this.spec.workS - this.committedS : this.spec.everyS;
    if (this.rate > 0)
      this.next = sim.at(
        sim.now + Math.max(0, this.target - this.sinceS) / this.rate,
        (this.reachedFn ??= this.onReached.bind(this)),
      );
  }

  private onReached(): void {
    this.next = NONE;
    this.markT = this.ctx.sim.now;
    this.sinceS = this.target; // exact: the event was timed for it
    if (this.finishing) return this.finish();
    this.enter('checkpointing');
    this.setDuty(this.spec.checkpointDuty);
    this.busyUntilS = this.ctx.sim.now + this.spec.takesS;
    this.next = this.ctx.sim.after(this.spec.takesS, (this.checkpointedFn ??= this.onCheckpointed.bind(this)));
  }

  private onCheckpointed(): void {
    this.next = NONE;
    this.committedS += this.sinceS;
    this.sinceS = 0;
    this.checkpoints++;
    if (this.pausePending) this.pause();
    else this.compute();
  }

  private scheduleFailure(): void {
    if (this.spec.failureRate > 0)
      this.failure = this.ctx.sim.after(
        this.ctx.rng!.exponential(this.spec.failureRate),
        (this.failedFn ??= this.onFailed.bind(this)),
      );
  }

  private onFailed(): void {
    this.failure = NONE;
    this.interruptions++;
    if (this.phase === 'computing') this.advance();
    this.lostS += this.sinceS;
    this.sinceS = 0;
    if (this.next !== NONE) this.ctx.sim.cancel(this.next);
    this.enter('restarting');
    this.setDuty(0);
    this.busyUntilS = this.ctx.sim.now + this.spec.restartS;
    this.next = this.ctx.sim.after(this.spec.restartS, (this.restartedFn ??= this.onRestarted.bind(this)));
  }

  private onRestarted(): void {
    this.next = NONE;
    if (this.pausePending) return this.pause();
    this.scheduleFailure();
    this.compute();
  }

  private pause(): void {
    const { sim } = this.ctx;
    this.pausePending = false;
    if (this.next !== NONE) sim.cancel(this.next);
    if (this.failure !== NONE) sim.cancel(this.failure);
    this.next = this.failure = NONE;
    this.enter('paused');
    this.pauses++;
    this.pausedAt = sim.now;
    // The site decides on pauses (a wake-up for a deadline, a resume): tell it even when
    // the chips were idle already (a checkpoint written at duty 0).
    if (this.duty === 0) this.ctx.cluster.onChange();
    else this.setDuty(0);
  }

  private finish(): void {
    const { sim, cluster, scheduler } = this.ctx;
    if (this.failure !== NONE) sim.cancel(this.failure);
    this.failure = NONE;
    this.tickEnergy();
    this.powerW = 0;
    this.committedS = this.spec.workS;
    this.sinceS = 0;
    this.enter('done');
    this.endedS = sim.now;
    if (this.share < 1) cluster.slowed.delete(this); // only a run slowed on its own is in that set
    cluster.release(this.chips, this.duty * this.share);
    scheduler.finished(this);
  }

  private setDuty(d: number): void {
    if (d === this.duty) return;
    this.tickEnergy();
    this.ctx.cluster.move(this.chips, this.duty * this.share, d * this.share);
    this.duty = d;
    this.setPower();
  }

  /** Integrate the run's own power up to now, and count the time and energy to its phase. */
  tickEnergy(): void {
    const now = this.ctx.sim.now;
    this.energyJ += this.powerW * (now - this.energyT);
    this.energyT = now;
    this.countPhase();
  }

  /** Count the time since `phaseT`, and its energy, to the current phase (its power held since then). */
  private countPhase(): void {
    const now = this.ctx.sim.now;
    const p = this.phase;
    if (p !== 'queued' && p !== 'done') {
      this.spentS[p] += now - this.phaseT;
      this.spentJ[p] += this.powerW * (now - this.phaseT);
    }
    this.phaseT = now;
  }

  /** Move to phase `p`, the time and energy so far counted to the one it leaves. */
  private enter(p: Phase): void {
    this.countPhase();
    this.phase = p;
    this.onPhase?.(this);
  }
}
