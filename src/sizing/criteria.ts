/**
 * What sizing judges a candidate by: an objective (`--minimize npc`) and
 * requirements (`--require 'lole_h<=2'`, `--require 'p90(unmet_mwh)<=0'`),
 * each a statistic over the candidate's replicates of one summary figure.
 *
 * A figure is a column of the sweep's summary.csv (the dotted name of a
 * number in summary.json: economics.npc_usd, reliability.cfe_score), or one
 * of the short names below. The statistic is the mean (the default) or a
 * quantile pNN: the nearest-rank quantile, the smallest replicate value with
 * at least NN % of the replicates at or below it (p100 is the worst, p0 the
 * best; with 10 replicates p90 is the 9th smallest), so `p90(x)<=b` holds
 * exactly when at least 90 % of the replicates have x <= b; or an end of the mean's 95 % confidence interval,
 * `ci95_hi(x)` and `ci95_lo(x)` (Student t, as points.csv's; the loss-of-load probability's Wilson interval, as
 * points.csv's too), so `ci95_hi(lole_h)<=2` holds when the replicates put the expected figure at or below 2 with 95 %
 * confidence, not only their mean. A replicate without a value (NaN) leaves each statistic without one.
 */
import { InputError } from '../model/errors.ts';
import { isShareOfWhole, unitOf } from '../output/tables/figures.ts';
import { meanCi95, wilson95 } from '../sweep/stats.ts';

/**
 * The worst project year's loss-of-load hours per 8,760 h: the sizing derives it from a run's yearly rows (yearly.csv,
 * summary.json's `yearly`), as no summary gives it. lole_h is the run's mean year, so over a growing load's ten years
 * it holds on average while the last years lose more (tests/sizing/worst-year.test.ts).
 */
export const WORST_YEAR_LOLE = 'reliability.worst_year_loss_of_load_hours_per_year';

/** Short names for the figures people size against: [column, multiplier]. */
const FIGURE_ALIASES: Readonly<Record<string, readonly [string, number]>> = {
  npc: ['economics.npc_usd', 1],
  lcoe: ['economics.lcoe_usd_per_mwh', 1],
  annualized_cost: ['economics.annualized_cost_usd', 1],
  annualised_cost: ['economics.annualized_cost_usd', 1],
  cost: ['cost_usd', 1],
  capital: ['economics.by_category.capital', 1],
  carbon: ['carbon_kg', 1],
  carbon_t: ['carbon_kg', 1e-3],
  lole_h: ['reliability.loss_of_load_hours_per_year', 1],
  worst_year_lole_h: [WORST_YEAR_LOLE, 1],
  lol_h: ['reliability.loss_of_load_hours', 1],
  lolp: ['reliability.any_loss_of_load', 1],
  unmet: ['energy_mwh.unmet', 1],
  unmet_mwh: ['energy_mwh.unmet', 1],
  cfe: ['reliability.cfe_score', 1],
  throttled_mwh: ['facility.throttled_mwh', 1],
};

/**
 * Figures that more capacity never makes worse, replicate by replicate under
 * common random numbers: 'down' never rises, 'up' never falls, as any
 * supply's capacity grows. Requirements on them let the search prune: a
 * candidate that fails one, fails with less of every capacity too.
 * Not the CFE score (reliability.cfe_score): a battery charged from the grid
 * loses part of what it took, so a larger one lowers it (plan-smr without its
 * SMRs, 3 days: 43.2 % with no battery, 42.1 % at 400 MWh, 41.1 % at 800), and
 * taking it as rising pruned the one feasible candidate
 * (tests/sizing/size.test.ts). Nor carbon, for the same reason.
 */
const MONOTONE: Readonly<Record<string, 'down' | 'up'>> = {
  'energy_mwh.unmet': 'down',
  'facility.throttled_mwh': 'down',
  'reliability.loss_of_load_hours': 'down',
  'reliability.loss_of_load_hours_per_year': 'down',
  'reliability.loss_of_load_share': 'down',
  'reliability.any_loss_of_load': 'down',
  'reliability.unserved_energy_mwh': 'down',
  'reliability.years_with_loss_of_load_share': 'down',
  [WORST_YEAR_LOLE]: 'down',
};

export interface Criterion {
  /** As written: "p90(unmet_mwh)". */
  label: string;
  /** Column of summary.csv. */
  figure: string;
  /** Multiplier from the column to the label's unit (carbon_t: 1e-3). */
  scale: number;
  /** Undefined: the mean; else the quantile 0..1. */
  quantile?: number;
  /** An end of the mean's 95 % confidence interval instead (needs two replicates or more). */
  interval?: 'hi' | 'lo';
}

export interface Requirement extends Criterion {
  /** As written: "p90(unmet_mwh)<=0". */
  text: string;
  op: '<=' | '>=';
  bound: number;
  /** Does failing it at a candidate mean failing it with less of every capacity (see MONOTONE)? */
  monotone: boolean;
}

const NUM = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
const FIGURE = String.raw`[A-Za-z_][\w.-]*`;
const CRITERION = new RegExp(
  String.raw`^\s*(?:(mean|median|ci95_hi|ci95_lo|p(\d+(?:\.\d+)?))\s*\(\s*(${FIGURE})\s*\)|(${FIGURE}))\s*$`,
);
const REQUIREMENT = new RegExp(String.raw`^(.*?)(<=|>=)\s*(${NUM})\s*$`);

/** An objective or the left side of a requirement, or the one-line error naming `flag`. */
export function parseCriterion(text: string, flag: string): Criterion {
  const m = CRITERION.exec(text);
  const expected =
    'a summary figure, mean(figure), pNN(figure) or ci95_hi(figure), like npc, lole_h, p90(unmet_mwh), ci95_hi(lole_h) or economics.lcoe_usd_per_mwh';
  if (!m) throw new InputError(flag, '', expected, JSON.stringify(text));
  const name = m[3] ?? m[4];
  const alias = FIGURE_ALIASES[name];
  const q = m[1] === 'median' ? 50 : m[2] !== undefined ? Number(m[2]) : undefined;
  if (q !== undefined && !(q >= 0 && q <= 100))
    throw new InputError(flag, '', 'a quantile p0 to p100', JSON.stringify(text));
  const interval = m[1] === 'ci95_hi' ? 'hi' : m[1] === 'ci95_lo' ? 'lo' : undefined;
  const stat = q === undefined && interval === undefined ? '' : m[1];
  return {
    label: stat ? `${stat}(${name})` : name,
    figure: alias ? alias[0] : name,
    scale: alias ? alias[1] : 1,
    ...(q !== undefined ? { quantile: q / 100 } : {}),
    ...(interval ? { interval } : {}),
  };
}

/**
 * The objective, parsed, or the one-line error where its figure is better higher: the sizing minimizes, so
 * `--minimize cfe` (a short name the docs list) chose the least carbon-free portfolio, plan-smr's no SMR at a CFE of
 * 0.375 where one gives 0.930, without a word.
 */
export function parseObjective(text: string): Criterion {
  const c = parseCriterion(text, '--minimize');
  if (c.figure === 'reliability.cfe_score')
    throw new InputError(
      '--minimize',
      '',
      "a figure that is better lower (the carbon-free share, cfe, is better higher: --minimize carbon_t, or --require 'cfe>=0.9' beside the cost)",
      JSON.stringify(text),
    );
  return c;
}

/**
 * A criterion's column in the sizing's CSVs: its label, a short name without a unit given its figure's, as every
 * other column names its unit (npc -> npc_usd, p90(lcoe) -> p90(lcoe_usd_per_mwh), unmet -> unmet_mwh); lole_h, cfe
 * and summary.csv's own names are as written.
 */
export function columnOf(c: Criterion): string {
  const name = /\((.*)\)$/.exec(c.label)?.[1] ?? c.label;
  const unit = FIGURE_ALIASES[name] && !unitOf(name) ? unitOf(c.figure) : '';
  return unit ? c.label.replace(name, `${name}_${unit.toLowerCase().replace('/', '_per_')}`) : c.label;
}

/**
 * Figures that are shares of 1: a bound outside 0-1 is a per cent written bare. Every share of a whole (a source's
 * share, a goodput, an availability, any *_share: 'sources.grid.share<=20', meant as 20 %, was met by every candidate
 * until 6 December 2026) and the loss-of-load probability; a policy's comparison with its baseline (carbon saved,
 * the CFE score's change) may be below 0, so only its bound above 1 is refused.
 */
const isShareFigure = (figure: string): boolean =>
  figure === 'reliability.any_loss_of_load' || isShareOfWhole(figure) || /(^|[._])cfe_score_change$/.test(figure);
const mayBeNegative = (figure: string): boolean => /^policy\.[^.]*(saved|lost|change)/.test(figure);

/** `figure<=bound` or `stat(figure)>=bound`. */
export function parseRequirement(text: string): Requirement {
  const m = REQUIREMENT.exec(text);
  if (!m) {
    throw new InputError(
      '--require',
      '',
      'figure<=number or figure>=number, like lole_h<=2, cfe>=0.9 or p90(unmet_mwh)<=0',
      JSON.stringify(text),
    );
  }
  const c = parseCriterion(m[1], '--require');
  const op = m[2] as '<=' | '>=';
  // A share written in per cent ('cfe>=90') ran every candidate to answer that none met it, and one bounded from
  // above ('sources.grid.share<=20') was met by every candidate.
  const b = Number(m[3]);
  if (isShareFigure(c.figure) && (b > 1 || (b < 0 && !mayBeNegative(c.figure)))) {
    const example = b > 1 && b <= 100 ? `${c.label}${op}${b / 100} is ${b} %` : `${c.label}${op}0.9 is 90 %`;
    throw new InputError(
      '--require',
      '',
      `a bound from 0 to 1 for ${c.label}, a share of 1 (${example})`,
      JSON.stringify(text),
    );
  }
  const dir = MONOTONE[c.figure];
  return {
    ...c,
    text: `${c.label}${op}${Number(m[3])}`,
    op,
    bound: Number(m[3]),
    // An end of a t interval is not: more capacity lowers every replicate's figure, but may widen their spread more
    // than it lowers their mean (sizing-lole's 7 units, years of 19, 17 and 22 h, bound 25.6 h; 8 units, 16, 0 and
    // 0 h, 28.3 h). The mean, a quantile and the LOLP's Wilson bound (its count of replicates) move with capacity.
    monotone:
      ((dir === 'down' && op === '<=') || (dir === 'up' && op === '>=')) &&
      (c.interval === undefined || c.figure === 'reliability.any_loss_of_load'),
  };
}

/** The criterion's statistic over replicate values (in replicate order; the mean sums in that order). */
export function statistic(c: Criterion, xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  if (c.interval) {
    // Whether any load was lost (1) or not (0) is a proportion: points.csv gives its mean, the LOLP, Wilson's interval.
    // Student t's of 0 of 3 is [0, 0], which met ci95_hi(lolp)<=0.1 as if three replicates showed a LOLP under 10 %.
    const ci =
      c.figure === 'reliability.any_loss_of_load' && xs.every((x) => x === 0 || x === 1)
        ? wilson95(xs.filter((x) => x === 1).length, xs.length)
        : meanCi95(xs);
    return (c.interval === 'hi' ? (ci.hi ?? NaN) : (ci.lo ?? NaN)) * c.scale;
  }
  if (c.quantile === undefined) {
    let s = 0;
    for (const x of xs) s += x;
    return (s / xs.length) * c.scale;
  }
  // A replicate without a value (a component's LCOE where it generated nothing) leaves the statistic without one, as
  // the mean: sorted by a - b, NaN fell among the values wherever the input's order left it (median, p100 arbitrary).
  if (xs.some(Number.isNaN)) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(c.quantile * sorted.length - 1e-9));
  return sorted[Math.min(rank, sorted.length) - 1] * c.scale;
}

/** Does one value meet the requirement? */
export function meets(r: Requirement, value: number): boolean {
  return r.op === '<=' ? value <= r.bound : value >= r.bound;
}

/** By how much a value misses the requirement (0 when met). */
export function shortfall(r: Requirement, value: number): number {
  if (Number.isNaN(value)) return Infinity;
  return Math.max(0, r.op === '<=' ? value - r.bound : r.bound - value);
}

/**
 * The names a run's summary gives its figures (src/output/tables/summary.ts), as far as they are known before anything
 * runs: a leaf's exact name, or a section whose own names are fixed, or a section named by the model's parts
 * (sources.grid..., yearly.2027...), checked by its first name only.
 */
const LEAVES = new Set([
  'duration_h',
  'step_s',
  'pue',
  'cost_usd',
  'carbon_kg',
  'export_carbon_kg',
  'cost_usd_per_mwh_it',
  'carbon_kg_per_mwh_it',
  'rows',
  'events',
]);
const FIXED: Readonly<Record<string, readonly string[]>> = {
  energy_mwh: ['it', 'losses', 'cooling', 'facility', 'supplied', 'unmet', 'curtailed'],
  peak_kw: ['it', 'facility'],
  costs_usd: ['paid_to_sources', 'export_revenue', 'net'],
  reliability: [
    'unserved_energy_mwh',
    'hours',
    'loss_of_load_hours',
    'loss_of_load_share',
    'largest_shortfall_kw',
    'loss_of_load_events',
    'longest_shortfall_h',
    'cfe_score',
    'steepest_ramp_kw_per_min',
    'curtailed_mwh',
    'exported_mwh',
    'any_loss_of_load',
    'loss_of_load_hours_per_year',
    'loss_of_load_events_per_year',
    'years_with_loss_of_load_share',
    WORST_YEAR_LOLE.slice('reliability.'.length),
  ],
  economics: [
    'discount_rate',
    'escalation',
    'years',
    'simulated_years',
    'npc_usd',
    'supply_npc_usd',
    'hardware_npc_usd',
    'demand_response_npc_usd',
    'lost_load_mwh',
    'lost_load_npc_usd',
    'annualized_cost_usd',
    'lcoe_usd_per_mwh',
    'served_mwh',
    'by_category.*',
    'components.*',
  ],
};
const OPEN = new Set(['facility', 'sources', 'jobs', 'training', 'inference', 'yearly', 'demand_response', 'policy']);
/**
 * A supply's figures under sources.<name> (src/supply/system.ts): each supply's, a supply that exports its revenue,
 * export carbon where the model counts it, a grid's demand and fixed charges, and its kind's own under detail.
 */
const SOURCE_FIGURES = [
  'energy_mwh',
  'to_storage_mwh',
  'to_export_mwh',
  'used_mwh',
  'curtailed_mwh',
  'cost_usd',
  'export_revenue_usd',
  'net_cost_usd',
  'carbon_kg',
  'to_storage_carbon_kg',
  'export_carbon_kg',
  'share',
  ...['load', 'storage', 'export', 'curtailed', 'idle'].map((k) => `cost_split_usd.${k}`),
  'charges.*',
  'detail.*',
];
/** Is `tail` one of `keys`, or under a `section.*` of them? */
const listed = (keys: readonly string[], tail: string): boolean =>
  keys.some((k) => (k.endsWith('.*') ? tail.startsWith(k.slice(0, -1)) && tail.length > k.length - 1 : k === tail));

/**
 * A criterion's figure checked before anything runs: a name no run's summary gives (a misspelt `minimize` or
 * `require`) is the one-line error naming `flag`, not found after the first candidates' runs. The names under
 * sections the model's parts name (yearly.2027..., a source's detail) are left to the runs' check (figureOf),
 * but for a supply's name under sources.<name>, checked against `sources`, the model's supplies, when given, and the
 * figure under it against the figures every supply has (its kind's own under detail left to the runs), and a
 * component's under economics.components.<name>, against `components`, and a year's under yearly.<year>, against
 * `years`, the runs' project years.
 * `hasEconomics`: does the model have an `economics` section (npc, lcoe and every economics.* figure come from it)?
 */
export function checkFigure(
  c: Criterion,
  flag: string,
  hasEconomics: boolean,
  sources?: readonly string[],
  components?: readonly string[],
  years?: readonly string[],
): void {
  const [head, ...rest] = c.figure.split('.');
  const tail = rest.join('.');
  const known =
    rest.length === 0 ? LEAVES.has(head) : OPEN.has(head) || (FIXED[head] !== undefined && listed(FIXED[head], tail));
  const name = /\((.*)\)$/.exec(c.label)?.[1] ?? c.label;
  const found = `${JSON.stringify(c.label)}${name === c.figure ? '' : ` (${c.figure})`}`;
  if (!known) throw new InputError(flag, '', FIGURE_EXPECTED, found);
  if (head === 'sources' && sources && !sources.includes(rest[0]))
    throw new InputError(flag, '', `a figure of a supply the model has (sources.<name>: ${sources.join(', ')})`, found);
  // A supply's own figure is one every supply has, or under its cost split, charges or detail: until 6 December 2026
  // sources.smr.energy (for energy_mwh) was refused only after the first candidates had run.
  if (head === 'sources' && !listed(SOURCE_FIGURES, rest.slice(1).join('.')))
    throw new InputError(
      flag,
      '',
      `a figure of a supply (sources.<name>.<figure>: ${SOURCE_FIGURES.filter((k) => !k.includes('.')).join(', ')}, or under cost_split_usd, charges or detail)`,
      found,
    );
  // A component's figure names a supply, a cluster, or demand response's or lost load's own: until 5 December 2026
  // economics.components.gird.npc_usd was refused only after the first candidates had run, leaving their runs.
  if (head === 'economics' && rest[0] === 'components' && components && !components.includes(rest[1]))
    throw new InputError(
      flag,
      '',
      `a figure of a component the model has (economics.components.<name>: ${components.join(', ')})`,
      found,
    );
  // A year's figure names one of the runs' project years (yearly.csv's periods): yearly.2099.cost_usd was refused only
  // after the first candidates had run, as an unknown component's was.
  if (head === 'yearly' && years && !years.includes(rest[0]))
    throw new InputError(flag, '', `a figure of a year the runs have (yearly.<year>: ${years.join(', ')})`, found);
  if (head === 'economics' && !hasEconomics)
    throw new InputError(
      flag,
      '',
      "a figure the model's runs have (economics.*, npc, lcoe, annualized_cost and capital need an `economics` section)",
      found,
    );
}

/** What a criterion's figure should be, for the one-line error. */
const FIGURE_EXPECTED =
  "a figure of the runs' summary.csv (see a run's summary.csv, or npc, lcoe, carbon_t, lole_h, worst_year_lole_h, unmet_mwh, cfe)";
