/**
 * The figures of a run people compare: every number in summary.json, by its
 * dotted name (summary-csv.ts), with the unit its name ends in. Used by the
 * report's table and by `dcpsim diff`.
 */
import { CATEGORIES } from '../../economics/cashflow.ts';
import { flatFigures } from './summary-csv.ts';

/** `economics.by_category.<category>` or a component's: summary.json lists only the categories the run has a cash flow in. */
const BY_CATEGORY = new RegExp(
  String.raw`^economics\.(?:components\.([^.]+)\.)?by_category\.(?:${CATEGORIES.join('|')})$`,
);

/**
 * A run's figure absent from its flat figures that is 0: a category of cost the run (or the component) paid nothing
 * in, which summary.json's by_category leaves out (capital with every capacity at 0). Undefined for any other.
 */
export function absentFigure(flat: ReadonlyMap<string, number>, name: string): 0 | undefined {
  const m = BY_CATEGORY.exec(name);
  if (!m || !flat.has('economics.npc_usd')) return undefined;
  return m[1] === undefined || flat.has(`economics.components.${m[1]}.npc_usd`) ? 0 : undefined;
}

/**
 * A run's figure absent from its flat figures that has no value in that run, though the model's runs give it: a
 * component's LCOE where it generated nothing (a 0 MWh battery, no SMR units: the LCOE of nothing is undefined, so
 * summary.json leaves it out), while the component is there (its npc_usd is); the site's where nothing was served.
 */
export function undefinedFigure(flat: ReadonlyMap<string, number>, name: string): boolean {
  if (name === 'economics.lcoe_usd_per_mwh') return flat.has('economics.npc_usd');
  const m = /^economics\.components\.([^.]+)\.lcoe_usd_per_mwh$/.exec(name);
  return m !== null && flat.has(`economics.components.${m[1]}.npc_usd`);
}

export const UNIT_WORDS: Record<string, string> = {
  kw: 'kW',
  mw: 'MW',
  gw: 'GW',
  w: 'W',
  kwh: 'kWh',
  mwh: 'MWh',
  gwh: 'GWh',
  usd: 'USD',
  kg: 'kg',
  t: 't',
  c: '°C',
  pct: '%',
  h: 'h',
  d: 'd',
  s: 's',
  j: 'J',
  min: 'min',
  frac: 'fraction',
};

/**
 * The parts of a summary figure's name that are the model's own names (a supply, a training run, an inference
 * service, an economics component): no unit word in them is the figure's unit.
 */
const NAMED_PART = /^(sources|training|inference\.services|economics\.components)\.[^.]+(?=\.)/;

/** The unit a name carries: it_kw -> kW, energy_mwh.it -> MWh, cost_usd_per_mwh_it -> USD/MWh, pue -> "". */
export function unitOf(figure: string): string {
  // A supply named w or a training run named t: sources.w.share was in W and training.t.goodput in t.
  const name = figure.replace(NAMED_PART, '$1.name');
  if (/(^|\.)by_category\.[^.]+$/.test(name)) return 'USD'; // economics' cash flows, named by their category
  if (/(^|[._])chip_(h|hours)$/.test(name)) return 'chip-h'; // work and chips held: chip-hours, not hours
  // An inference service's energy per served token (it read J), and its token counts.
  if (/(^|[._])j_per_token$/.test(name)) return 'J/token';
  if (/(^|[._])tokens$/.test(name)) return 'tokens';
  // Counts of hours and days by their word (loss_of_load_hours, a cooling mode's hours, a fusion slip's days).
  if (/(^|[._])hours_per_year$/.test(name)) return 'h/yr';
  if (/(^|[._])hours$/.test(name)) return 'h';
  if (/(^|[._])days$/.test(name)) return 'd';
  // The economics' terms: its rates a year (0.07 is 7 %/yr) and its years; they read with no unit.
  if (/^economics\.(discount_rate|escalation|carbon_escalation)$/.test(name)) return 'fraction/yr';
  if (/^economics\.(years|simulated_years)$/.test(name)) return 'yr';
  const parts = name.toLowerCase().split(/[._]/);
  const per = parts.lastIndexOf('per');
  if (per > 0 && per + 1 < parts.length && UNIT_WORDS[parts[per - 1]] && UNIT_WORDS[parts[per + 1]]) {
    // A power and a period after it (a demand charge's usd_per_kw_month): USD/kW-month.
    const period = { month: '-month', yr: '-yr' }[parts[per + 2] ?? ''] ?? '';
    return `${UNIT_WORDS[parts[per - 1]]}/${UNIT_WORDS[parts[per + 1]]}${period}`;
  }
  for (let i = parts.length - 1; i > 0; i--) if (UNIT_WORDS[parts[i]]) return UNIT_WORDS[parts[i]];
  return '';
}

export interface Figure {
  name: string;
  unit: string;
  value: number;
}

/** Bookkeeping, not results: left out of comparisons. */
const NOT_FIGURES = new Set(['step_s', 'rows', 'events']);

/** The numeric figures of a summary, in document order. */
export function figuresOf(summary: object): Figure[] {
  return flatFigures(summary)
    .filter(([name]) => !NOT_FIGURES.has(name))
    .map(([name, value]) => ({ name, unit: unitOf(name), value }));
}

/** A figure for people: thousands separators, about four significant digits, integers as they are. */
export function formatFigure(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? '—' : String(x);
  if (x === 0) return '0'; // -0 too
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return x.toLocaleString('en-US');
  const a = Math.abs(x);
  // Within 1e-12 of 1 is 1: the rounding of a sum (a capacity factor of 0.9999999999999997 is a unit that never stopped).
  if (a < 1 && 1 - a <= 1e-12) return x < 0 ? '-1' : '1';
  // Below what ten decimals show is 0: a sum's residue (1e-14 MWh a battery 'curtailed') read 0.0000000000.
  if (a < 5e-11) return '0';
  const decimals = figureDecimals(a);
  // Below 1 never reads as 1 (a carbon-free score of 0.99996 is not '1.0000'): more digits, at most ten, then cut.
  if (a < 1 && Number(a.toFixed(decimals)) >= 1) x = Math.sign(x) * (1 - 10 ** -decimals);
  return fixedFigure(x, decimals);
}

/** The decimals formatFigure gives a figure of magnitude `a` (not a whole number): about four significant digits. */
function figureDecimals(a: number): number {
  let decimals =
    a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : a >= 1 ? 3 : a === 0 ? 0 : Math.min(10, 3 - Math.floor(Math.log10(a)));
  if (a < 1) while (decimals < 10 && Number(a.toFixed(decimals)) >= 1) decimals++;
  return decimals;
}

const fixedFigure = (x: number, decimals: number): string =>
  x.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });

/**
 * `x` to a table row's `decimals` (shownAs), unless they would show it to less than two significant digits (500 USD
 * as '0.001' $M beside '2.000') or one below 1 as 1: then formatFigure's own digits ('0.0005000').
 */
function rowFigure(x: number, decimals: number): string {
  const own = formatFigure(x);
  if (!Number.isFinite(x) || own === '0') return own;
  const a = Math.abs(x);
  return a < 10 ** (1 - decimals) || (a < 1 && Number(a.toFixed(decimals)) >= 1) ? own : fixedFigure(x, decimals);
}

/**
 * Figures that are a share of a whole, 0..1: a source's share of supply and any other `*_share`, goodput, an
 * availability, a capacity factor, the CFE score, a battery's state of charge at the start and end and its faded
 * capacity (shares of its nameplate energy). A sweep's points.csv cuts their upper bound at one.
 */
export const isShareOfWhole = (name: string): boolean =>
  /(^|[._])(share|goodput|cfe_score|availability|capacity_factor|initial_soc|final_soc)$/.test(name) ||
  /^sources\.[^.]+\.detail\.capacity$/.test(name);

/**
 * Figures that are shares of 1 with no unit word (the shares of a whole above, and a policy's change of the CFE
 * score): tables show them in per cent, as the closing table and the report's sentences do. Not `any_loss_of_load`,
 * a run's yes (1) or no (0).
 */
export const isShare = (name: string): boolean =>
  (isShareOfWhole(name) || /(^|[._])cfe_score_change$/.test(name)) && unitOf(name) === '';

/**
 * The unit a share reads in (isShare): per cent, and a change of a share in percentage points, as the closing table's
 * '24/7 CFE +0.6 points' (the report's key figures said '%' beside its 0.5989: a 0.6 % rise read as relative).
 */
export const shareUnit = (name: string): string => (/_change$/.test(name) ? 'points' : '%');

/**
 * A share of 1 in per cent, with the digits formatFigure gives the share, the point moved two places (0.9911 ->
 * 99.11): so 0.99996 never reads 100, nor 0.00004 0, as a share times 100 rounded to three decimals would.
 */
export function percentFigure(x: number): string {
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(formatFigure(x));
  if (!m) return formatFigure(x * 100);
  const digits = (m[3] ?? '').padEnd(2, '0');
  const whole = `${m[2]}${digits.slice(0, 2)}`.replace(/^0+(?=\d)/, '');
  return `${m[1]}${whole}${digits.length > 2 ? `.${digits.slice(2)}` : ''}`;
}

/**
 * How a row of figures (one figure of several runs) reads in a table: the unit people read for the largest
 * (readableUnit) and each figure's text; a share in per cent. The row's figures take the largest's decimals ('5.4'
 * beside '142.4', where each its own read '5.390' beside '142.4'), whole numbers as they are.
 */
export function shownAs(
  name: string,
  unit: string,
  values: readonly number[],
): { unit: string; text: (x: number) => string } {
  if (isShare(name)) return { unit: shareUnit(name), text: percentFigure };
  const finite = values.filter(Number.isFinite);
  const max = Math.max(...finite.map(Math.abs), 0);
  const { unit: u, div } = readableUnit(unit, max);
  if (finite.every((v) => Number.isInteger(v / div))) return { unit: u, text: (x) => formatFigure(x / div) };
  const decimals = figureDecimals(max / div);
  return { unit: u, text: (x) => rowFigure(x / div, decimals) };
}

/**
 * The figures a planner reads first: energy, cost and carbon in total and by
 * source (a grid's demand and fixed charges too), how often the supply fell short, PUE, and with economics the NPC
 * and LCOE (site and per source) and the NPC's carbon at a carbon price. Diff, the report and the
 * sweep's closing table lead with these.
 */
const KEY = [
  /^energy_mwh\.(it|facility|unmet|curtailed)$/,
  /^pue$/,
  /^(cost_usd|carbon_kg)(_per_mwh_it)?$/,
  /^export_carbon_kg$/,
  /^sources\.[^.]+\.(energy_mwh|to_storage_mwh|to_export_mwh|cost_usd|export_revenue_usd|carbon_kg|export_carbon_kg)$/,
  // A grid's demand and fixed charges over the run, which its cost_usd leaves out (a third of it on an industrial tariff).
  /^sources\.[^.]+\.charges\.(demand_usd|fixed_usd)$/,
  /^costs_usd\.export_revenue$/,
  /^reliability\.(loss_of_load_hours|unserved_energy_mwh|cfe_score|exported_mwh)$/,
  /^peak_kw\.facility$/,
  /^jobs\.(completed|mean_wait_h|deadline_misses)$/,
  /^policy\.(carbon_saved_kg|carbon_saved_by_less_energy_kg|carbon_saved_by_cleaner_energy_kg|cost_saved_usd|demand_charges_saved_usd|throughput_lost_share|tokens_lost_share|energy_moved_out_mwh|cfe_score_change)$/,
  /^demand_response\.(shed_mwh|payment_usd)$/,
  /^economics\.(npc_usd|annualized_cost_usd|lcoe_usd_per_mwh)$/,
  // With a carbon price, the NPC's part that pays carbon: what moves the NPC when the price does.
  /^economics\.carbon_npc_usd$/,
  /^economics\.components\.[^.]+\.(npc_usd|lcoe_usd_per_mwh)$/,
];
export const isKeyFigure = (name: string): boolean => KEY.some((k) => k.test(name));

/** One training run's or inference service's own figures (training.<run>.*, inference.<service>.*): detail, shown on request. */
export const isPerJob = (name: string): boolean => /^(training|inference)\./.test(name);

/** Key figures first (in their order in the summary), then the rest, then the per-job detail. */
export function byImportance<T extends { name: string }>(figures: readonly T[]): { key: T[]; other: T[]; perJob: T[] } {
  return {
    key: figures.filter((f) => isKeyFigure(f.name)),
    other: figures.filter((f) => !isKeyFigure(f.name) && !isPerJob(f.name)),
    perJob: figures.filter((f) => isPerJob(f.name)),
  };
}

// The site's cost is net of export revenue (negative when exports earn more than the supplies cost): said in its label.
const TOTAL_LABELS: Record<string, string> = {
  pue: 'PUE',
  cost_usd: 'net cost',
  cost_usd_per_mwh_it: 'net cost per MWh of IT energy',
  carbon_kg_per_mwh_it: 'carbon per MWh of IT energy',
  export_carbon_kg: "carbon of the energy exported (the buyer's)",
};

/** Words of a name people read otherwise: acronyms upper-cased, `om` as O&M, `tou` as time-of-use. */
const READABLE = /\b(it|pue|cfe|npc|lcoe|om|tou)\b/g;
const readableWord = (w: string): string => (w === 'om' ? 'O&M' : w === 'tou' ? 'time-of-use' : w.toUpperCase());

/** A cash flow's category as a chart's legend reads it: "tou_demand_charge" is "time-of-use demand charge", "om" "O&M". */
export function categoryWords(category: string): string {
  return category.replace(/_/g, ' ').replace(READABLE, readableWord);
}

/**
 * Where a figure belongs and what to call it there: "sources.grid.cost_usd"
 * is "cost" in "Source: grid"; "training.pretrain.goodput" is "goodput" in
 * "Training run: pretrain". The report's grouped table and the workbook use it.
 */
export function figureGroup(name: string): { group: string; label: string } {
  const parts = name.split('.');
  const units = Object.keys(UNIT_WORDS).join('|');
  const unitEnd = new RegExp(`_(${units})(_per_(${units}))?$`);
  // An SMR fleet's units are a list (summary.json's units[0] is unit 1): "units · 0" read as a unit 0 beside 'unit 1'.
  const words = (ps: string[]) =>
    ps
      .join('.')
      .replace(/(^|\.)units\.(\d+)(?=\.|$)/g, (_, dot, i) => `${dot}unit ${Number(i) + 1}`)
      .split('.')
      .map((p) =>
        p
          .replace(/_chip_h$/, '')
          .replace(unitEnd, '')
          .replace(/_/g, ' '),
      )
      .join(' · ')
      .replace(READABLE, readableWord) || parts[parts.length - 1];
  const named: Record<string, string> = {
    sources: 'Source: ',
    training: 'Training run: ',
    inference: 'Inference service: ',
    yearly: 'Year ',
  };
  // summary.json lists the services under inference.services: the service's name is the third part.
  if (parts[0] === 'inference' && parts[1] === 'services' && parts.length > 3)
    return {
      group: `${named.inference}${parts[2]}`,
      label: parts[3] === 'j_per_token' && parts.length === 4 ? 'energy per token' : words(parts.slice(3)),
    };
  if (named[parts[0]] && parts.length > 2) {
    // A year's cost_usd is the site's net cost, as the total's (a source's is what it is paid, gross).
    const label = parts[0] === 'yearly' && parts[2] === 'cost_usd' ? 'net cost' : words(parts.slice(2));
    return { group: `${named[parts[0]]}${parts[1]}`, label };
  }
  const top: Record<string, string> = {
    energy_mwh: 'Energy',
    facility: 'Facility and cooling',
    reliability: 'Reliability',
    peak_kw: 'Peaks',
    jobs: 'Jobs',
    economics: 'Economics',
  };
  // A component's name as the model gives it: read as words, grid_s lost its '_s' as a unit and shared grid's label.
  if (parts[0] === 'economics' && parts[1] === 'components' && parts.length > 3)
    return { group: top.economics, label: `components · ${parts[2]} · ${words(parts.slice(3))}` };
  if (parts.length > 1) {
    const group = words([parts[0]]);
    return { group: top[parts[0]] ?? group.charAt(0).toUpperCase() + group.slice(1), label: words(parts.slice(1)) };
  }
  return { group: 'Totals', label: TOTAL_LABELS[name] ?? words(parts) };
}

/** The unit people read for values up to `max` in magnitude: $M from a million dollars, t from a tonne, MW from 10 MW. */
export function readableUnit(unit: string, max: number): { unit: string; div: number } {
  if (unit === 'USD' && max >= 1e6) return { unit: '$M', div: 1e6 };
  if (unit === 'kg' && max >= 1e3) return { unit: 't', div: 1e3 };
  if (unit === 'kW' && max >= 1e4) return { unit: 'MW', div: 1e3 };
  return { unit, div: 1 };
}

/**
 * One unit people read for each unit among figures shown side by side (readableUnit of the largest
 * in magnitude), so that a cost in $M never sits beside an export revenue in USD.
 */
export function sharedUnits(figures: readonly Figure[]): Map<string, { unit: string; div: number }> {
  const max = new Map<string, number>();
  for (const f of figures)
    if (Number.isFinite(f.value)) max.set(f.unit, Math.max(max.get(f.unit) ?? 0, Math.abs(f.value)));
  return new Map([...max].map(([unit, m]) => [unit, readableUnit(unit, m)]));
}

const FIGURE_WORDS: Record<string, string> = {
  'energy_mwh.facility': 'facility energy',
  'energy_mwh.it': 'IT energy',
  'energy_mwh.unmet': 'unmet energy',
  'energy_mwh.curtailed': 'curtailed energy',
  cost_usd: 'net cost',
  'economics.npc_usd': 'net present cost',
  carbon_kg: 'carbon',
  pue: 'PUE',
  'reliability.loss_of_load_hours': 'loss-of-load hours',
  'reliability.loss_of_load_hours_per_year': 'loss-of-load hours a year',
  'reliability.cfe_score': '24/7 carbon-free score',
  'reliability.unserved_energy_mwh': 'unserved energy',
  'peak_kw.facility': 'peak demand',
  'jobs.completed': 'jobs completed',
  'jobs.mean_wait_h': 'mean job wait',
};

/**
 * A group's words in a line ("Source: PJM-east" as "source: PJM-east"): its first letter lower-cased, the name in it as
 * the model gives it (until 7 December 2026 the whole lower-cased, 'source: pjm-east' beside 'from PJM-east').
 */
export const groupInLine = (group: string): string => group.charAt(0).toLowerCase() + group.slice(1);

/** A figure in words for titles and axes: "facility energy", "source grid: energy". */
export function figureWords(name: string): string {
  if (FIGURE_WORDS[name]) return FIGURE_WORDS[name];
  const { group, label } = figureGroup(name);
  return group === 'Totals' ? label : `${groupInLine(group)}: ${label}`;
}
