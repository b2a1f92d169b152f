/**
 * A cluster's state in aggregate: how many chips are busy at each duty.
 * Never one object per chip, so 100,000 chips cost nothing extra.
 */
/** Busy chips moved from one duty to another (a trial move, see `ifAllMoved`). */
export interface Move {
  readonly cluster: ClusterState;
  readonly n: number;
  readonly from: number;
  readonly to: number;
}

/** A run slowed on its own (shortage: pause): the IT power it wants and does not get. */
export interface Slowed {
  slowedW(): number;
}

export class ClusterState {
  busy = 0;
  readonly dutyCounts = new Map<number, number>();
  /** Runs slowed on their own, below the duty their work wants (their chips count at the slower duty). */
  readonly slowed = new Set<Slowed>();
  /** Called whenever the load changes (the site marks itself dirty). */
  onChange: () => void = () => {};

  /**
   * Bumped at every change of the load (busy chips, their duties, in service or not): what
   * is computed from the load alone (its IT power, its mean duty) is kept until it moves.
   */
  version = 0;
  private serving = true;

  /** Between its `in_service` and `retire` dates (Workload sets it): out of service, nothing is placed and idle chips draw nothing. */
  get inService(): boolean {
    return this.serving;
  }

  set inService(on: boolean) {
    this.serving = on;
    this.version++;
  }

  constructor(
    readonly name: string,
    readonly chips: number,
  ) {}

  /** Chips free for new work: none out of service. */
  get free(): number {
    return this.inService ? this.chips - this.busy : 0;
  }

  /** Chips that are powered but idle: none out of service (a retired cluster drains its running work only). */
  get idle(): number {
    return this.inService ? this.chips - this.busy : 0;
  }

  occupy(n: number, duty: number): void {
    if (n > this.free) throw new Error(`cluster ${this.name}: ${n} chips requested, ${this.free} free`);
    this.busy += n;
    this.version++;
    this.dutyCounts.set(duty, (this.dutyCounts.get(duty) ?? 0) + n);
    this.onChange();
  }

  /** Move n busy chips from one duty to another (a checkpoint, a pause, a new batch). */
  move(n: number, from: number, to: number): void {
    if (from === to || n === 0) return;
    this.shift(n, from, to);
    this.onChange();
  }

  /**
   * What `probe` says of the load with n busy chips moved from one duty to
   * another, as a trial: the chips are put back after and no one is told
   * (would a paused run fit if it resumed?).
   */
  ifMoved<T>(n: number, from: number, to: number, probe: () => T): T {
    if (from === to || n === 0) return probe();
    this.shift(n, from, to);
    const result = probe();
    this.shift(n, to, from);
    return result;
  }

  /** `ifMoved` for several moves at once, on any clusters: applied in order, undone in reverse. */
  static ifAllMoved<T>(moves: readonly Move[], probe: () => T): T {
    for (const m of moves) if (m.from !== m.to && m.n !== 0) m.cluster.shift(m.n, m.from, m.to);
    try {
      return probe();
    } finally {
      for (let i = moves.length - 1; i >= 0; i--) {
        const m = moves[i];
        if (m.from !== m.to && m.n !== 0) m.cluster.shift(m.n, m.to, m.from);
      }
    }
  }

  /** IT power the slowed runs want and do not get, W (0 when none is slowed). */
  get slowedW(): number {
    let w = 0;
    for (const r of this.slowed) w += r.slowedW();
    return w;
  }

  private shift(n: number, from: number, to: number): void {
    this.take(n, from);
    this.dutyCounts.set(to, (this.dutyCounts.get(to) ?? 0) + n);
  }

  private take(n: number, duty: number): void {
    const left = (this.dutyCounts.get(duty) ?? 0) - n;
    if (left < 0) throw new Error(`cluster ${this.name}: releasing more chips than busy at duty ${duty}`);
    this.version++;
    if (left === 0) this.dutyCounts.delete(duty);
    else this.dutyCounts.set(duty, left);
  }

  release(n: number, duty: number): void {
    this.take(n, duty);
    this.busy -= n;
    this.onChange();
  }
}
