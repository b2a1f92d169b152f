/**
 * Places tasks on a cluster: highest priority first, first-come
 * first-served within a priority, with EASY backfill: when the head of the
 * queue cannot start, a later task may start if it fits now and, by the
 * running tasks' estimates, does not delay the head's start.
 */
import type { Simulation } from '../kernel/simulation.ts';
import type { ClusterState } from './cluster.ts';

/** Something that holds chips for a while: a job or a training run. */
export interface Task {
  readonly chips: number;
  readonly priority: number;
  readonly submittedS: number;
  /** Estimated time it finishes, s on the simulation clock (if queued: were it started now). */
  estimateS(): number;
  /** Placed: the task occupies its chips and later calls `scheduler.finished`. */
  start(): void;
  /** Its place in its scheduler's list of running tasks, -1 when not running: the scheduler's own bookkeeping. */
  runningSlot: number;
  /** When it started, s on the simulation clock (NaN before): set by the scheduler as it starts the task. */
  startedS: number;
}

interface SchedulerStats {
  submitted: number;
  started: number;
  completed: number;
  /** Sum of waits of started tasks, s. */
  waitS: number;
  /** Chip-seconds of completed tasks (held, start to end). */
  chipSeconds: number;
}

/** How far down the queue backfill looks (bounds the work per start). */
const BACKFILL_DEPTH = 64;

export class Scheduler {
  /**
   * The waiting tasks are queue[head..]: a task that starts from the front moves `head` on rather than the array's
   * every other element (shift and splice move them all, which made a queue growing to millions, a workload beyond
   * its cluster over years, quadratic: a year of one took minutes). Started tasks' places are cleared, and the
   * array is closed up once they are half of it.
   */
  private queue: (Task | undefined)[] = [];
  private head = 0;
  /**
   * Running tasks in start order: a task that ends leaves a hole (its `runningSlot` says where it
   * is), closed up when holes outnumber the tasks. An array and two fields of the task, where a Map
   * keyed on the task hashed it and boxed its start time, at every start and end of the thousands
   * of jobs a run places.
   */
  private runningList: (Task | null)[] = [];
  private runningCount = 0;
  readonly stats: SchedulerStats = { submitted: 0, started: 0, completed: 0, waitS: 0, chipSeconds: 0 };
  /**
   * Called when a submitted task changes the queue's length without starting anything (it queued): no
   * chip changed, so the cluster's onChange is not called, and the site learns of it here.
   */
  onQueued: () => void = () => {};

  constructor(
    private readonly sim: Simulation,
    readonly cluster: ClusterState,
  ) {}

  get queued(): number {
    return this.queue.length - this.head;
  }

  get running(): number {
    return this.runningCount;
  }

  /**
   * Chip-seconds held and seconds waited by every task submitted so far, as
   * of `now`: a running task holds its chips up to now, a queued task has
   * waited up to now (a wait not over yet, so a lower bound).
   */
  heldAndWaited(now: number): { chipS: number; waitS: number } {
    let chipS = this.stats.chipSeconds;
    let waitS = this.stats.waitS;
    const list = this.runningList;
    for (let i = 0; i < list.length; i++) {
      const t = list[i];
      if (t !== null) chipS += t.chips * (now - t.startedS);
    }
    const q = this.queue;
    for (let i = this.head; i < q.length; i++) waitS += now - q[i]!.submittedS;
    return { chipS, waitS };
  }

  /** Tasks waiting for chips, in queue order. */
  queuedTasks(): readonly Task[] {
    this.closeUpQueue();
    return this.queue as Task[];
  }

  /** Running tasks, in start order, appended to `into`. */
  pushRunning(into: Task[]): void {
    const list = this.runningList;
    for (let i = 0; i < list.length; i++) {
      const t = list[i];
      if (t !== null) into.push(t);
    }
  }

  submit(task: Task): void {
    if (task.chips > this.cluster.chips)
      throw new Error(`a task needs ${task.chips} chips but cluster ${this.cluster.name} has ${this.cluster.chips}`);
    this.stats.submitted++;
    // Stable insert: after every task of the same or higher priority.
    const q = this.queue;
    const queued = this.queued;
    let i = q.length;
    while (i > this.head && q[i - 1]!.priority < task.priority) i--;
    if (i === q.length)
      q[i] = task; // not push: see `start`
    else q.splice(i, 0, task);
    this.tryStart();
    if (this.queued !== queued) this.onQueued();
  }

  /** A running task ends and frees its chips (it has released them already). */
  finished(task: Task): void {
    const k = task.runningSlot;
    if (k < 0 || this.runningList[k] !== task) return;
    this.runningList[k] = null;
    task.runningSlot = -1;
    this.runningCount--;
    this.stats.completed++;
    this.stats.chipSeconds += task.chips * (this.sim.now - task.startedS);
    this.tryStart();
  }

  /** Place what fits now (the cluster entered service). */
  wake(): void {
    this.tryStart();
  }

  private tryStart(): void {
    const q = this.queue;
    while (this.head < q.length && q[this.head]!.chips <= this.cluster.free) {
      const t = q[this.head]!;
      q[this.head++] = undefined;
      this.start(t);
    }
    if (this.head >= 1024 && 2 * this.head >= q.length) this.closeUpQueue();
    if (q.length - this.head > 1 && this.cluster.free > 0) this.backfill();
  }

  /** The waiting tasks moved to the array's front, in the same order. */
  private closeUpQueue(): void {
    if (this.head === 0) return;
    const q = this.queue;
    q.copyWithin(0, this.head);
    q.length -= this.head;
    this.head = 0;
  }

  /** Take the waiting task `i` places behind the head out of the queue: the `i` before it move back one place. */
  private take(i: number): void {
    const q = this.queue;
    for (let k = this.head + i; k > this.head; k--) q[k] = q[k - 1];
    q[this.head++] = undefined;
  }

  private backfill(): void {
    const q = this.queue;
    // The shadow time sorts every running task; skip it when no task within reach fits now.
    if (!this.anyFits(this.cluster.free)) return;
    const head = q[this.head]!;
    // Shadow time: when enough running tasks will have ended for the head to fit.
    const { free, shadow } = this.shadow(head.chips);
    let spare = free - head.chips; // chips the head leaves over at the shadow time
    for (let i = 1; this.head + i < q.length && i <= BACKFILL_DEPTH && this.cluster.free > 0; i++) {
      const t = q[this.head + i]!;
      if (t.chips > this.cluster.free) continue;
      const endsFirst = t.estimateS() <= shadow;
      if (!endsFirst && t.chips > spare) continue;
      if (!endsFirst) spare -= t.chips;
      this.take(i--);
      this.start(t);
    }
  }

  /** Each running task's estimated end and chips, in start order (reused at every backfill). */
  private readonly endAt: number[] = [];
  private readonly endChips: number[] = [];

  /** shadowTime of the running tasks for a head of `chips`. */
  private shadow(chips: number): { free: number; shadow: number } {
    const at = this.endAt;
    const held = this.endChips;
    const list = this.runningList;
    // Written in place (emptied, the arrays would give their store back and grow it again at every backfill).
    let n = 0;
    for (let i = 0; i < list.length; i++) {
      const t = list[i];
      if (t === null) continue;
      at[n] = t.estimateS();
      held[n++] = t.chips;
    }
    at.length = n;
    held.length = n;
    return shadowTime(at, held, this.cluster.free, chips);
  }

  /** Does any task behind the head, within the backfill depth, need at most `free` chips? */
  private anyFits(free: number): boolean {
    const q = this.queue;
    for (let i = this.head + 1; i < q.length && i <= this.head + BACKFILL_DEPTH; i++)
      if (q[i]!.chips <= free) return true;
    return false;
  }

  private start(task: Task): void {
    this.stats.started++;
    this.stats.waitS += this.sim.now - task.submittedS;
    const list = this.runningList;
    if (list.length >= 64 && list.length > 2 * this.runningCount) this.closeUp();
    task.runningSlot = list.length;
    // A store past the end, not push: TurboFan called push's builtin here instead of inlining it, at every job's start.
    list[list.length] = task;
    task.startedS = this.sim.now;
    this.runningCount++;
    task.start();
  }

  /** The running tasks moved down over the holes the ended ones left, in the same order. */
  private closeUp(): void {
    const list = this.runningList;
    let n = 0;
    for (let i = 0; i < list.length; i++) {
      const t = list[i];
      if (t === null) continue;
      t.runningSlot = n;
      list[n] = t;
      n++;
    }
    list.length = n;
  }
}

/** The earliest ends shadowTime keeps for a head wanting at most this many chips more than are free (one more in passing). */
const KEPT_MAX = 64;
const keptAt = new Float64Array(KEPT_MAX + 1);
const keptChips = new Float64Array(KEPT_MAX + 1);

/**
 * EASY backfill's shadow time: when enough running tasks (estimated ends `at`, `chips` held, in start order) will
 * have ended for `chips` to be free with `free` free now (Infinity if they never do), and the chips free then: the
 * tasks taken in order of their ends, ties in start order (a stable sort's). Each holds a chip or more, so the first
 * `chips - free` of that order are all it can take: kept in one pass, not by sorting every task (thousands, held jobs
 * among them, under a carbon-aware rule: the sort at every backfill took a third of such a run). For a head wanting
 * more than a few dozen chips (a training run), or a task of no chips, the sort, as before.
 */
export function shadowTime(
  at: readonly number[],
  chips: readonly number[],
  free: number,
  want: number,
): { free: number; shadow: number } {
  const need = want - free;
  if (need <= KEPT_MAX) {
    let n = 0;
    let total = 0;
    for (let i = 0; i < at.length; i++) {
      const a = at[i];
      total += chips[i];
      // After every kept end not later than it (start order breaks ties); past the first `need`, not kept.
      if (n >= need && !(a < keptAt[n - 1])) continue;
      let p = n;
      for (; p > 0 && keptAt[p - 1] > a; p--) {
        keptAt[p] = keptAt[p - 1];
        keptChips[p] = keptChips[p - 1];
      }
      keptAt[p] = a;
      keptChips[p] = chips[i];
      if (n < need) n++; // full, the last one kept moved past the first `need` and is dropped
    }
    let f = free;
    for (let k = 0; k < n; k++) {
      f += keptChips[k];
      if (f >= want) return { free: f, shadow: keptAt[k] };
    }
    // Every task kept: they never free enough. Else a task of no chips: the sort.
    if (n === at.length) return { free: free + total, shadow: Infinity };
  }
  const ends = at.map((a, i) => ({ at: a, chips: chips[i] })).sort((x, y) => x.at - y.at);
  let f = free;
  for (const e of ends) {
    f += e.chips;
    if (f >= want) return { free: f, shadow: e.at };
  }
  return { free: f, shadow: Infinity };
}
