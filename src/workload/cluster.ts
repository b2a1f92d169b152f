/**
 * A cluster's state in aggregate: how many chips are busy at each duty.
 * Never one object per chip, so 100,000 chips cost nothing extra.
 */
export class ClusterState {
  busy = 0;
  readonly dutyCounts = new Map<number, number>();
  /** Called whenever the load changes (the site marks itself dirty). */
  onChange: () => void = () => {};

  constructor(readonly name: string, readonly chips: number) {}

  get free(): number {
    return this.chips - this.busy;
  }

  occupy(n: number, duty: number): void {
    if (n > this.free) throw new Error(`cluster ${this.name}: ${n} chips requested, ${this.free} free`);
    this.busy += n;
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

  private shift(n: number, from: number, to: number): void {
    this.take(n, from);
    this.dutyCounts.set(to, (this.dutyCounts.get(to) ?? 0) + n);
  }

  private take(n: number, duty: number): void {
    const left = (this.dutyCounts.get(duty) ?? 0) - n;
    if (left < 0) throw new Error(`cluster ${this.name}: releasing more chips than busy at duty ${duty}`);
    if (left === 0) this.dutyCounts.delete(duty);
    else this.dutyCounts.set(duty, left);
  }

  release(n: number, duty: number): void {
    this.take(n, duty);
    this.busy -= n;
    this.onChange();
  }
}
