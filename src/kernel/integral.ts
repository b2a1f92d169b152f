/**
 * Running integrals of levels that hold between updates, for a part's own
 * figures beside the recorder's columns (time in a cooling mode, energy to
 * stores, energy per reactor unit, tokens served). `advance(t)` adds each
 * level times the time since the last call; set the new levels after it. The
 * levels are the caller's arrays, read in place (a dispatch result's, say), so
 * nothing is copied.
 */
export class Integral {
  /** Per level array, each entry's integral so far (level units times seconds). */
  readonly totals: Float64Array[];
  private last = 0;

  constructor(private readonly levels: readonly Float64Array[]) {
    this.totals = levels.map((l) => new Float64Array(l.length));
  }

  /** Integrate the levels held since the last call up to t (t never decreases). */
  advance(t: number): void {
    const dt = t - this.last;
    if (dt <= 0) return;
    const { levels, totals } = this;
    for (let k = 0; k < levels.length; k++) {
      const level = levels[k];
      const total = totals[k];
      // A level of 0 adds nothing (a total is never -0, so adding ±0 leaves it as it is): most
      // are 0 (a cooling mode not in use, a source sending nothing to storage or export).
      for (let i = 0; i < level.length; i++) {
        const x = level[i];
        if (x !== 0) total[i] += x * dt;
      }
    }
    this.last = t;
  }
}
