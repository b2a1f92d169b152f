/**
 * Bisection on a monotone predicate: the one search that the power cap, the
 * radiator's largest IT power and the runs a supply can carry all use.
 */

/**
 * The largest x in [lo, hi) for which `ok` holds, for `ok` true up to a point
 * and false after it: `ok(lo)` is taken as true and `ok(hi)` as false (neither
 * is asked), and the interval is halved while wider than `tol`; returns the
 * low end. `integers` bisects over whole numbers (with `tol` 1 the answer is exact).
 */
export function bisect(ok: (x: number) => boolean, lo: number, hi: number, tol: number, integers = false): number {
  while (hi - lo > tol) {
    const mid = integers ? Math.floor((lo + hi) / 2) : (lo + hi) / 2;
    // No number left between the ends (a tolerance below the spacing of floats): the answer is lo.
    if (mid <= lo || mid >= hi) break;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}
