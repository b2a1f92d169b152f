/**
 * A demand ratchet (docs/models/supply.md, grid, Demand ratchet): each billing month's billed demand for the
 * all-hours demand charge is the larger of its own measured demand and `share` of the highest measured demand of the
 * `months` billing months before it (of those in `set_in`, when given). As REopt's demand_lookback_percent with
 * demand_lookback_range (or demand_lookback_months), EnergyPlus's UtilityCost:Ratchet and URDB's
 * demandratchetpercentage; unlike REopt's, whose lookback wraps around its one modelled year, only the months the run
 * simulated count (and `history`, a known peak from before the start). The model's field is src/supply/demand-charges.ts's
 * demandRatchetSchema.
 */

/** A grid's `costs.demand_ratchet`: `setIn`, its `set_in` as a mask of calendar months (bit 0 January; none: all). */
export interface DemandRatchet {
  share: number;
  months: number;
  setIn?: number;
  history?: number;
}

/**
 * Each billing month's billed demand, W: the larger of its measured demand and `share` of the highest measured demand
 * among the `months` months before it that the run simulated and `setIn` admits (`calendarMonth[k]`: billing month
 * k's calendar month, 0 January), and `history` (W) for the first `months` of them.
 */
export function billedDemands(
  measuredW: readonly number[],
  calendarMonth: readonly number[],
  r: DemandRatchet,
): number[] {
  const mask = r.setIn ?? 0xfff;
  return measuredW.map((w, k) => {
    let prior = k < r.months ? (r.history ?? 0) : 0;
    for (let j = Math.max(0, k - r.months); j < k; j++)
      if ((mask >> calendarMonth[j]) & 1) prior = Math.max(prior, measuredW[j]);
    return Math.max(w, r.share * prior);
  });
}

/**
 * The last project year the run simulated (`measuredW` and `calendarMonth` of its billing months, 12 or, a year run
 * in part, fewer, the last perhaps in part) as the economics repeat it after the run: each month billed with the
 * months before it being that same year's (the lookback wraps round, as REopt's does), no `history`. A month the run
 * did not simulate sets nothing, as a month before the start does not. Four copies cover the longest lookback, 36
 * months; the last is the repeated year. A year run in part repeated its months as billed, so a peak from the year
 * before it (2027's, at `duration: 2y`, whose 730 days leave 2028 a day short) or `history` ratcheted every year after.
 */
export function repeatedDemands(
  measuredW: readonly number[],
  calendarMonth: readonly number[],
  r: DemandRatchet,
): number[] {
  const n = measuredW.length;
  const year = Array.from({ length: 12 }, (_, j) => (j < n ? measuredW[j] : 0));
  const months = Array.from({ length: 12 }, (_, j) => (j < n ? calendarMonth[j] : (calendarMonth[0] + j) % 12));
  const four = <T>(xs: readonly T[]): T[] => [...xs, ...xs, ...xs, ...xs];
  return billedDemands(four(year), four(months), { ...r, history: undefined }).slice(36, 36 + n);
}
