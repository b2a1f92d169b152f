/**
 * Scripted policies (issue 17): a TypeScript or JavaScript function that the
 * site asks, at each decision point, which runs to hold back and how far to
 * throttle. docs/policies.md lists what it sees and what it may change.
 *
 * Decision points are the instants the site recomputes its load: a job or
 * run starting, checkpointing, failing, pausing or ending, a supply or trace
 * stepping, a demand-response event, and any time the policy asked for with
 * `wakeAt`. A policy that holds nothing, throttles nothing and asks for no
 * wake-up leaves the run exactly as it was, byte for byte.
 */
import type { Phase, TrainingRun } from '../workload/training.ts';
import { latestStartS } from './defer.ts';
import type { GridSignals } from './signal.ts';
import { InputError, similar } from '../model/errors.ts';
import { isoTimestamp } from '../kernel/time.ts';

/** A running or queued training run or job, as a policy sees it. */
export interface RunView {
  /** Stable for the run's life: the order the policy first saw it in. */
  readonly id: number;
  readonly name: string;
  readonly chips: number;
  readonly priority: number;
  readonly phase: Phase;
  /** Submitted, and started (NaN while queued), s on the simulation clock. */
  readonly submittedS: number;
  readonly startedS: number;
  /** Work in hours at full speed, and the part done so far. */
  readonly workH: number;
  readonly doneH: number;
  /** Time it still needs at full speed with no failures (work left and checkpoints to write), h. */
  readonly remainingH: number;
  /** Its deadline and latest start (the deadline less the time it still needs), s; undefined and Infinity without one. */
  readonly deadlineS?: number;
  readonly latestStartS: number;
  /** Checkpoint interval in work hours (Infinity: none; such a run pauses at once). */
  readonly checkpointEveryH: number;
  /** Held back by this policy's last decision. */
  readonly held: boolean;
}

/** What a policy sees at a decision point. Money and carbon in the units people read. */
export interface PolicyState {
  /** Now, s since the scenario start, and as a UTC date-time. */
  readonly t: number;
  readonly utc: string;
  /** Training runs and jobs holding chips (computing, checkpointing, restarting or paused), in start order. */
  readonly running: readonly RunView[];
  /** Submitted and waiting for chips, in submission order. */
  readonly queued: readonly RunView[];
  /** What the supplies can deliver now, kW (Infinity for an uncapped grid), and the site's demand as last computed, kW. */
  readonly availableKw: number;
  readonly demandKw: number;
  /** The grid's carbon intensity (g/kWh) and energy price ($/MWh) now; NaN without a grid. */
  readonly carbonGPerKwh: number;
  readonly priceUsdPerMwh: number;
  /** The perfect forecast of the clock hour `hours` ahead of now (0: this hour). */
  forecast(hours: number): { carbonGPerKwh: number; priceUsdPerMwh: number };
}

/** What a policy returns: nothing, or any of these. */
export interface PolicyDecision {
  /** Runs to hold back (by id or view): each pauses at its next checkpoint and resumes once no longer held. */
  hold?: Iterable<number | RunView>;
  /** A throttle on every busy chip, 0..1 (the site may throttle further for its own limits). Default 1. */
  throttle?: number;
  /** Ask again at this time (s since the start) even if nothing changes. */
  wakeAt?: number;
}

// biome-ignore lint/suspicious/noConfusingVoidType: a scripted policy that returns nothing (no return statement at all) means no change
export type Policy = (state: PolicyState) => PolicyDecision | void | undefined;

/** What the workload gives a decision: the runs (read only if the policy looks) and the site. */
export interface DecisionInput {
  running(): readonly TrainingRun[];
  queued(): readonly TrainingRun[];
  availableW(): number;
  demandW(): number;
  signals?: GridSignals;
}

const H = 3600;
const J_PER_MWH = 3.6e9;
/**
 * A signal per J as a policy reads it, per MWh (g/kWh or $/MWh) to 12 significant digits: back from SI a trace's
 * 55.54 $/MWh read 55.540000000000006 and its 300 g/kWh 299.99999999999994, so `s.priceUsdPerMwh > 55.54` held an hour
 * the trace writes as 55.54, where the rule `above: 55.54 $/MWh` does not (units.ts isAbove).
 */
const perMwh = (x: number): number => Number((x * J_PER_MWH).toPrecision(12));

/**
 * The state a policy reads: one object, its parts built only when read
 * (a policy that reads little costs little), fresh at each decision.
 */
class DecisionState implements PolicyState {
  t = 0;
  private input!: DecisionInput;
  private runningViews?: RunView[];
  private queuedViews?: RunView[];

  constructor(
    private readonly owner: ScriptedPolicy,
    private readonly startEpochS: number,
  ) {}

  reset(t: number, input: DecisionInput): void {
    this.t = t;
    this.input = input;
    this.runningViews = this.queuedViews = undefined;
  }

  get utc(): string {
    return isoTimestamp((this.startEpochS + this.t) * 1000).replace('.000Z', 'Z');
  }
  get running(): readonly RunView[] {
    return (this.runningViews ??= this.input.running().map((r) => this.owner.view(r)));
  }
  get queued(): readonly RunView[] {
    return (this.queuedViews ??= this.input.queued().map((r) => this.owner.view(r)));
  }
  get availableKw(): number {
    return this.input.availableW() / 1e3;
  }
  get demandKw(): number {
    return this.input.demandW() / 1e3;
  }
  get carbonGPerKwh(): number {
    return this.input.signals ? perMwh(this.input.signals.now('carbon')) : NaN;
  }
  get priceUsdPerMwh(): number {
    return this.input.signals ? perMwh(this.input.signals.now('price')) : NaN;
  }
  forecast(hours: number): { carbonGPerKwh: number; priceUsdPerMwh: number } {
    const s = this.input.signals;
    const t = (Math.floor((this.startEpochS + this.t) / H) + hours) * H - this.startEpochS;
    return {
      carbonGPerKwh: s ? perMwh(s.value('carbon', t)) : NaN,
      priceUsdPerMwh: s ? perMwh(s.value('price', t)) : NaN,
    };
  }
}

/** A run's view: its fields as they were at the decision it was given at; the run itself out of the policy's reach. */
class View implements RunView {
  /** The run, for a hold given as this view (a private field: not in the policy's JSON of it). */
  readonly #run: TrainingRun;
  readonly #owner: ScriptedPolicy;
  // Declared, not defined: its fields are made in the order the constructor sets them, deadlineS (when there is one)
  // after remainingH as docs/policies.md lists them, which a policy writing JSON.stringify(view) sees.
  declare readonly id: number;
  declare readonly name: string;
  declare readonly chips: number;
  declare readonly priority: number;
  declare readonly phase: Phase;
  declare readonly submittedS: number;
  declare readonly startedS: number;
  declare readonly workH: number;
  declare readonly doneH: number;
  declare readonly remainingH: number;
  declare readonly deadlineS?: number;
  declare readonly latestStartS: number;
  declare readonly checkpointEveryH: number;
  declare readonly held: boolean;
  constructor(owner: ScriptedPolicy, id: number, r: TrainingRun, held: boolean) {
    this.#run = r;
    this.#owner = owner;
    this.id = id;
    this.name = r.spec.name;
    this.chips = r.chips;
    this.priority = r.priority;
    this.phase = r.phase;
    this.submittedS = r.submittedS;
    this.startedS = r.startedS;
    this.workH = r.spec.workS / H;
    this.doneH = r.doneS() / H;
    this.remainingH = r.remainingAtFullS() / H;
    if (r.spec.deadlineS !== undefined) (this as { deadlineS?: number }).deadlineS = r.spec.deadlineS;
    this.latestStartS = latestStartS(r);
    this.checkpointEveryH = r.spec.everyS / H;
    this.held = held;
  }

  /** The run a view of this policy's shows (undefined for anything else). */
  static runOf(h: unknown, owner: ScriptedPolicy): TrainingRun | undefined {
    return h instanceof View && h.#owner === owner ? h.#run : undefined;
  }
}

/** The fields of a PolicyDecision: any other is a misspelling. */
const DECISION_FIELDS: readonly string[] = ['hold', 'throttle', 'wakeAt'];

/** The policy as the workload drives it: it builds the views, checks and applies the decision. */
export class ScriptedPolicy {
  private nextId = 0;
  private held = new Set<TrainingRun>();
  /** Decisions that held runs so far: a run is in `held` when its policyHeldAt is this (a field read, no lookup, a view). */
  private holds = 0;
  private readonly wakes = new Set<number>();
  private pruneWakesAt = 1024;
  /** Runs by the id the policy was shown (done ones dropped now and then). */
  private readonly byId = new Map<number, TrainingRun>();
  private readonly state: DecisionState;
  /** The throttle its last decision asked for. */
  throttle = 1;

  constructor(
    private readonly policy: Policy,
    /** Where the policy came from, for errors. */
    private readonly source: string,
    startEpochS: number,
  ) {
    this.state = new DecisionState(this, startEpochS);
  }

  /** A run as the policy sees it. */
  view(r: TrainingRun): RunView {
    let id = r.policyId;
    if (id < 0) {
      r.policyId = id = this.nextId++;
      this.byId.set(id, r);
    }
    return new View(this, id, r, r.policyHeldAt === this.holds);
  }

  /**
   * Ask the policy at `now`; returns the running runs it holds (its own set, read and kept by the caller, not changed:
   * the next decision makes a new one). `wake` sets a decision point at a time it asks for.
   */
  decide(now: number, input: DecisionInput, wake: (t: number) => void): ReadonlySet<TrainingRun> {
    const { byId, state } = this;
    if (byId.size > 1024) for (const [id, r] of byId) if (r.phase === 'done') byId.delete(id);
    state.reset(now, input);
    let raw: unknown;
    try {
      raw = this.policy(state);
    } catch (e) {
      throw new InputError(
        this.source,
        `policy at ${state.utc}`,
        'a decision',
        `an error: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`,
      );
    }
    const fail = (field: string, expected: string, found: unknown, told?: string): never => {
      throw new InputError(
        this.source,
        `decision at ${state.utc}${field ? `: ${field}` : ''}`,
        expected,
        // JSON writes NaN and Infinity as null: a number is shown as it is.
        told ?? (typeof found === 'number' ? String(found) : (JSON.stringify(found) ?? String(found))),
      );
    };
    // An async policy returns a Promise, whose fields are all undefined: it was run as a policy that does nothing.
    if (typeof (raw as { then?: unknown } | null)?.then === 'function')
      fail(
        '',
        'a decision returned at once (the policy is called synchronously: not an async function)',
        raw,
        'a Promise',
      );
    if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw)))
      fail('', 'a decision { hold, throttle, wakeAt } or nothing', raw);
    const d = (raw ?? {}) as PolicyDecision;
    // A misspelt field ({ throtle: 0.5 }) ran as no decision at all, as a model file's misspelt key does not.
    for (const k of Object.keys(d))
      if (!DECISION_FIELDS.includes(k)) {
        const near = DECISION_FIELDS.find((f) => similar(k, f));
        fail(k, `hold, throttle or wakeAt${near ? ` (did you mean ${near}?)` : ''}`, (d as Record<string, unknown>)[k]);
      }
    const throttle = d.throttle ?? 1;
    // A string or a boolean compares as a number ('0.5' >= 0): it was taken, and the site computed with a string.
    if (!(typeof throttle === 'number' && throttle >= 0 && throttle <= 1))
      fail('throttle', 'a number from 0 to 1', d.throttle);
    this.throttle = throttle;
    if (d.wakeAt !== undefined) {
      if (!Number.isFinite(d.wakeAt)) fail('wakeAt', 'a time in s since the start', d.wakeAt);
      // The wake-ups passed are let go now and then (when the set has doubled): kept, one asked for each second of a
      // long run filled the Set (2^24 entries) and stopped the run with 'Set maximum size exceeded'.
      if (this.wakes.size >= this.pruneWakesAt) {
        for (const w of this.wakes) if (w <= now) this.wakes.delete(w);
        this.pruneWakesAt = Math.max(1024, 2 * this.wakes.size);
      }
      if (d.wakeAt > now && !this.wakes.has(d.wakeAt)) {
        this.wakes.add(d.wakeAt);
        wake(d.wakeAt);
      }
    }
    if (d.hold === undefined && this.held.size === 0) return this.held;
    const held = new Set<TrainingRun>();
    const holds = ++this.holds;
    const hold = d.hold ?? [];
    // A number or a lone view is not a list: iterating it threw a TypeError, an internal error (exit 70) naming no file.
    if (typeof hold === 'string' || typeof (hold as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function')
      fail('hold', 'a list of run ids or views', hold);
    for (const h of hold) {
      const id = typeof h === 'number' ? h : h?.id;
      const r = View.runOf(h, this) ?? (id === undefined ? undefined : byId.get(id));
      if (r === undefined) {
        // Ids are given in order and only ended runs are let go (above): one below the next it would give was shown,
        // and its run has ended, which a hold leaves as it is. Refused, a policy holding the id of a run that ended
        // stopped once more than 1,024 runs had been shown, where with fewer the same hold did nothing.
        if (Number.isInteger(id) && id! >= 0 && id! < this.nextId) continue;
        fail('hold', 'ids of runs it was shown', h);
      }
      if (r!.phase !== 'done' && r!.phase !== 'queued') {
        held.add(r!);
        r!.policyHeldAt = holds;
      }
    }
    this.held = held;
    return held;
  }
}
