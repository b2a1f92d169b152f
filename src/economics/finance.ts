/**
 * The time value of money, as HOMER, REopt and NREL's ATB use it. Years are
 * counted from the project's start: capital is paid in year 0, operating
 * flows at the end of years 1..N.
 */

/** Capital recovery factor: the annuity per dollar today over `years` at rate `d`, d(1+d)^N / ((1+d)^N - 1); 1/N at zero. */
export function crf(d: number, years: number): number {
  if (d === 0) return 1 / years;
  const g = (1 + d) ** years;
  return (d * g) / (g - 1);
}

/** What a dollar paid at the end of year `y` is worth today at rate `d`. */
export function discountFactor(d: number, y: number): number {
  return (1 + d) ** -y;
}

/** A first-year cost grown by `e` a year to year `y`: the nominal cost in that year. */
export function escalate(e: number, y: number): number {
  return (1 + e) ** y;
}

/**
 * An asset's installations over a project of `years` with a life of
 * `life` years: installed at 0, L, 2L, ... while before the end. Returns
 * the times of the replacements (k >= 1), the ends of lives within the
 * project (their decommissioning), and the life still running at the end:
 * its elapsed share (a pro-rata decommissioning) and remaining share (the
 * salvage, HOMER's C_rep x R_rem / R_comp).
 */
export function lifeCycle(
  life: number,
  years: number,
): { replacements: number[]; ends: number[]; elapsedShare: number; remainingShare: number } {
  const replacements: number[] = [];
  const ends: number[] = [];
  let installed = 0;
  // A tolerance of a millionth of a year keeps 10 x 2.5 y from leaving a sliver of life.
  const eps = 1e-6;
  while (installed + life <= years + eps) {
    ends.push(installed + life);
    installed += life;
    if (installed < years - eps) replacements.push(installed);
    else return { replacements, ends, elapsedShare: 0, remainingShare: 0 };
  }
  const elapsed = (years - installed) / life;
  return { replacements, ends, elapsedShare: elapsed, remainingShare: 1 - elapsed };
}

/** The cash-flow table's year of a flow at time `t` years: the year it falls in, end-of-year convention (0 stays 0). */
export function yearOf(t: number): number {
  return Math.max(0, Math.ceil(t - 1e-6));
}
