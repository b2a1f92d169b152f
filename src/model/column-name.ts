/**
 * The stem of a named part's time-series columns (a supply's `<stem>_kw`, `<stem>_cost_usd`, ...): its name in lower
 * case, words joined by "_". In model/ so that the supplies that name their columns and the charts that find them
 * (src/output/charts/) share one rule.
 */
export function columnName(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}
