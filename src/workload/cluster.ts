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
interface Slowed {
  slowedW(): number;
}

export class ClusterState {
  busy = 0;
  readonly dutyCounts = new DutyCounts();
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
    this.dutyCounts.add(duty, n);
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
    if (this.slowed.size === 0) return 0; // asked at every recomputation: no iterator when none is slowed
    let w = 0;
    for (const r of this.slowed) w += r.slowedW();
    return w;
  }

  private shift(n: number, from: number, to: number): void {
    this.take(n, from);
    this.dutyCounts.add(to, n);
  }

  private take(n: number, duty: number): void {
    if (!this.dutyCounts.take(duty, n))
      throw new Error(`cluster ${this.name}: releasing more chips than busy at duty ${duty}`);
    this.version++;
  }

  release(n: number, duty: number): void {
    this.take(n, duty);
    this.busy -= n;
    this.onChange();
  }
}

/**
 * Busy chips by duty, in the order a Map keyed on the duty would hold them (a duty first held
 * goes last; one whose count falls to 0 leaves): the IT power and the mean duty sum the duties
 * in that order. Two or three duties at a time: parallel arrays scanned in place, where a Map
 * hashed a floating-point key at each of the millions of moves a long run makes (issue 13).
 */
export class DutyCounts {
  private duties: number[] = [];
  private counts: number[] = [];

  get size(): number {
    return this.duties.length;
  }

  duty(i: number): number {
    return this.duties[i];
  }

  count(i: number): number {
    return this.counts[i];
  }

  /** Where `duty` is held, -1 if it is not: `indexOf` by hand, a builtin call where a loop over two or three numbers inlines. */
  private find(duty: number): number {
    const d = this.duties;
    for (let i = 0; i < d.length; i++) if (d[i] === duty) return i;
    return -1;
  }

  /** Chips at `duty` (undefined: none). */
  get(duty: number): number | undefined {
    const i = this.find(duty);
    return i < 0 ? undefined : this.counts[i];
  }

  add(duty: number, n: number): void {
    const i = this.find(duty);
    if (i >= 0) this.counts[i] += n;
    else {
      this.duties.push(duty === 0 ? 0 : duty); // -0 held as 0, as a Map does
      this.counts.push(n);
    }
  }

  /** Take n chips from `duty`; false (nothing changed) if it holds fewer. */
  take(duty: number, n: number): boolean {
    const i = this.find(duty);
    const left = (i < 0 ? 0 : this.counts[i]) - n;
    if (left < 0) return false;
    if (left > 0) this.counts[i] = left;
    else if (i >= 0) {
      // Shifted down in place: splice would allocate the array of what it removes, at every checkpoint.
      const { duties, counts } = this;
      for (let j = i + 1; j < duties.length; j++) {
        duties[j - 1] = duties[j];
        counts[j - 1] = counts[j];
      }
      duties.pop();
      counts.pop();
    }
    return true;
  }
}
