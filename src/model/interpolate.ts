/**
 * Piecewise-linear interpolation through points, clamped to the ends: chip
 * power against duty, power-chain efficiency against load, tokens/s against
 * batch. It does the arithmetic of d3-scale's
 * `scaleLinear().domain(xs).range(ys).clamp(true)` and of its `invert`, step
 * for step (the segment found by bisecting to the right, t = (x - x0) / (x1 -
 * x0), y0 * (1 - t) + y1 * t, 0.5 for a zero-width segment), so every number
 * is what d3 gives (a test compares them bit for bit), without loading d3, a
 * plotting library, on a run's path, and without its layers of closures at
 * every recomputation (issue 13).
 */

/** A clamped piecewise-linear function and its inverse. */
interface Piecewise {
  (x: number): number;
  /** The x at which the function takes y (clamped to the first and last x); the points' y must be monotone. */
  invert(y: number): number;
}

/** x -> y through the points, unclamped beyond the ends (the segments extend). */
function segments(xsIn: readonly number[], ysIn: readonly number[]): (x: number) => number {
  const j = xsIn.length - 1;
  let xs = Float64Array.from(xsIn);
  let ys = Float64Array.from(ysIn);
  if (xs[j] < xs[0]) {
    xs = xs.reverse();
    ys = ys.reverse();
  }
  const span = new Float64Array(j);
  for (let i = 0; i < j; i++) span[i] = xs[i + 1] - xs[i];
  return (x) => {
    // The last point at or left of x among xs[1..j-1] (bisect right), so the ends extend their segments.
    let i = 0;
    if (x !== x) i = j - 1;
    else {
      let lo = 1;
      let hi = j;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (xs[mid] <= x) lo = mid + 1;
        else hi = mid;
      }
      i = lo - 1;
    }
    const w = span[i];
    const t = w ? (x - xs[i]) / w : w !== w ? NaN : 0.5;
    return ys[i] * (1 - t) + ys[i + 1] * t;
  };
}

/** The clamped piecewise-linear function through (xs[i], ys[i]); at least two points. */
export function piecewiseLinear(xs: readonly number[], ys: readonly number[]): Piecewise {
  if (xs.length !== ys.length || xs.length < 2)
    throw new Error(`piecewiseLinear: expected two or more points, found ${xs.length} x and ${ys.length} y`);
  const lo = Math.min(xs[0], xs[xs.length - 1]);
  const hi = Math.max(xs[0], xs[xs.length - 1]);
  const forward = segments(xs, ys);
  let backward: ((y: number) => number) | undefined;
  const f = ((x: number) => (x !== x ? undefined! : forward(Math.max(lo, Math.min(hi, x))))) as Piecewise;
  f.invert = (y) => Math.max(lo, Math.min(hi, (backward ??= segments(ys, xs))(y)));
  return f;
}
