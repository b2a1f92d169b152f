/**
 * What a sizing writes into its folder, all from the candidates' outcomes in
 * lattice order (so any worker or shard count writes the same bytes):
 *
 *   candidates.csv        every candidate the search met: run, pruned or failed
 *   feasible.csv          the feasible ones, least objective first
 *   best.json             the chosen portfolio, how sure each requirement is
 *   pareto-carbon.csv/.svg, pareto-reliability.csv/.svg   the fronts of objective against carbon and reliability
 *   summary.csv, points.csv, differences.csv   the sweep tables of the candidates run
 *   report.html           the above for people
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { scatterChart } from '../output/charts/chart-kinds.ts';
import { unitOf } from '../output/tables/figures.ts';
import { csvLine } from '../output/tables/format.ts';
import { itemNames, variedCells, variedColumns, variedWords } from '../output/tables/varied.ts';
import { writeFilesAtomic } from '../output/files/atomic.ts';
import { htmlPage, htmlTable } from '../output/charts/report.ts';
import { figureCell } from '../output/tables/summary-csv.ts';
import { esc } from '../output/charts/svg.ts';
import { termsText } from '../output/terminal/run-table.ts';
import { capitalized, counted, fitTable, human, humanNonZero, priceFigure, table } from '../output/terminal/table.ts';
import type { Plan } from '../sweep/plan.ts';
import { runSeed } from '../sweep/seeds.ts';
import { tied, wilson95 } from '../sweep/stats.ts';
import { readRecord, type RunRecord } from '../sweep/store.ts';
import { buildTables } from '../sweep/tables.ts';
import { columnOf, meets, type Criterion, type Requirement } from './criteria.ts';
import type { Criteria, SizingSpec } from './spec.ts';

export interface Candidate {
  /** Index in the lattice (plan order). */
  index: number;
  /** The sweep point's id. */
  id: string;
  values: Record<string, string>;
  status: 'feasible' | 'infeasible' | 'failed' | 'pruned';
  /** Replicates that ran. */
  replicates: number;
  objective: number;
  /** Each requirement's statistic. */
  stats: number[];
  /** Per requirement, the replicates that meet it. */
  met: number[];
  /** Mean carbon, t. */
  carbonT: number;
  /** With a carbon price: its price, $/t, and the mean of the NPC's part that pays carbon (economics.carbon_npc_usd). */
  carbonPrice?: { usdPerT: number; npcUsd: number };
  /** With a value of lost load: it, $/MWh, and the mean of the NPC's part that prices unmet energy (economics.lost_load_npc_usd). */
  lostLoad?: { usdPerMwh: number; npcUsd: number };
  /**
   * Runs that end before the project: its years, and what the model changes after the runs, which the economics'
   * repeated years do not see (replicate 0's summary, as the run's table says it: unseenChanges).
   */
  unseen?: { years: number; changes: string[] };
  /** With economics, replicate 0's terms: the project's years, the discount rate and the escalation. */
  terms?: { years: number; discount_rate: number; escalation: number };
  /**
   * Where the runs cover their last project year in part (a sizing over 30 days): how the economics make a year of
   * it, 'from each run's 30 days scaled to a whole year and repeated', as the run's table says it beside its NPC.
   */
  scaled?: string;
  error?: string;
  /** The candidate whose failure of a monotone requirement implies this one's. */
  prunedBy?: string;
}

interface Outputs {
  dir: string;
  spec: SizingSpec;
  criteria: Criteria;
  candidates: Candidate[];
  best?: Candidate;
  closest?: Candidate;
  /** The runs of the candidates run, for the sweep tables. */
  plan: Plan;
  violation: (c: Candidate) => number;
}

/** A unit for people: money in $M past a million, carbon_kg in t. */
function display(c: Criterion, values: readonly number[]): { unit: string; div: number } {
  // The economics' categories are money, though their names carry no unit word.
  const named = unitOf(c.figure) || (c.figure.startsWith('economics.') ? 'USD' : '');
  const unit = c.scale === 1e-3 && named === 'kg' ? 't' : named;
  const max = Math.max(0, ...values.filter(Number.isFinite).map(Math.abs));
  if (unit === 'USD' && max >= 1e6) return { unit: '$M', div: 1e6 };
  if (unit === 'kg' && max >= 1e3) return { unit: 't', div: 1e3 };
  return { unit, div: 1 };
}

/** A name that ends in its unit without it, as an axis or a header shows the unit beside: "carbon" of carbon_t in t. */
function words(label: string, unit: string): string {
  // A rate's name ends in its quantity's unit alone: lole_h, in h/yr.
  const end = [unit, unit.split('/')[0]].find((u) => u && label.toLowerCase().endsWith(`_${u.toLowerCase()}`));
  return end ? label.slice(0, -end.length - 1) : label;
}

/** A requirement's column header: its name in words and the unit its values are in ("unmet MWh", not "unmet_mwh"). */
function requirementHead(r: Criterion): string {
  const { unit } = display(r, []);
  const name = words(r.label, unit);
  return name === r.label ? r.label : `${name} ${unit}`;
}

/**
 * Points not dominated in (x, y), both minimised: in x order, each with a y below every one before it. Points tied
 * in both (within a billionth, as the answer's ties: src/sizing/search.ts) dominate none of each other, so all of
 * them are on the front, in the order given (candidates by index).
 */
export function paretoFront<T>(items: readonly T[], x: (t: T) => number, y: (t: T) => number): T[] {
  const ok = items.filter((t) => Number.isFinite(x(t)) && Number.isFinite(y(t)));
  const sorted = [...ok].sort((a, b) => x(a) - x(b) || y(a) - y(b));
  const front: T[] = [];
  for (const t of sorted) {
    const last = front[front.length - 1];
    if (last === undefined || (tied(x(t), x(last)) && tied(y(t), y(last)))) front.push(t);
    else if (y(t) < y(last) && !tied(y(t), y(last))) {
      // Those at a tied x and a worse y are dominated by it.
      while (front.length > 0 && tied(x(t), x(front[front.length - 1]))) front.pop();
      front.push(t);
    }
  }
  return front;
}

/** Least objective first, an objective with no value (NaN: a component's LCOE where it generated nothing) last; ties by index. */
function byObjective(a: Candidate, b: Candidate): number {
  const na = Number.isNaN(a.objective),
    nb = Number.isNaN(b.objective);
  return na !== nb ? (na ? 1 : -1) : (na ? 0 : a.objective - b.objective) || a.index - b.index;
}

/** The share of replicates meeting a requirement, with its 95 % Wilson interval. */
function shareOf(c: Candidate, k: number) {
  const w = wilson95(c.met[k], c.replicates);
  return {
    replicates_meeting: c.met[k],
    replicates: c.replicates,
    share: w.mean,
    share_ci95_lo: w.lo,
    share_ci95_hi: w.hi,
  };
}

/**
 * The objective is the carbon's mean (--minimize carbon_t, or carbon_kg in kg): a front or a sentence of carbon beside it
 * says it twice (carbon_kg drew 'carbon_kg against carbon' until 7 December 2026; a quantile of it is another figure).
 */
const carbonObjective = ({ objective: o }: Criteria): boolean =>
  o.figure === 'carbon_kg' && o.quantile === undefined && o.interval === undefined;

/** Carbon (t, the mean) has its own column unless the objective or a requirement already is it: each figure once. */
function carbonColumn(criteria: Criteria): boolean {
  return ![criteria.objective, ...criteria.requirements].some((c) => c.label === 'carbon_t');
}

/**
 * The requirements whose statistic has a column of its own: not the objective's (--minimize carbon_t with
 * carbon_t<=1000) nor an earlier requirement's (unmet_mwh<=0 and unmet_mwh<=1), the same numbers twice.
 */
function statColumns(criteria: Criteria): number[] {
  const cols = criteria.requirements.map(columnOf);
  const objective = columnOf(criteria.objective);
  return cols.flatMap((c, k) => (c !== objective && cols.indexOf(c) === k ? [k] : []));
}

function candidatesCsv(o: Outputs, rows: readonly Candidate[]): string {
  const { spec, criteria } = o;
  // The decisions as the sweep's tables write varied values: a quantity a number, its unit in the column's name.
  const decisions = variedColumns(spec.decide);
  const reqs = criteria.requirements;
  const carbon = carbonColumn(criteria);
  const stats = statColumns(criteria);
  let csv = csvLine([
    ...decisions.map((d) => d.name),
    'candidate',
    'status',
    'replicates',
    columnOf(criteria.objective),
    ...stats.map((k) => columnOf(reqs[k])),
    'violation',
    ...(carbon ? ['carbon_t'] : []),
    ...reqs.map((r) => `share_meeting:${r.text}`),
    'pruned_by',
    'error',
  ]);
  for (const c of rows) {
    const run = c.status !== 'pruned' && c.status !== 'failed';
    csv += csvLine([
      ...variedCells(decisions, c.values),
      c.id,
      c.status,
      String(c.replicates),
      figureCell(c.objective),
      ...stats.map((k) => figureCell(c.stats[k])),
      run ? figureCell(o.violation(c)) : '',
      ...(carbon ? [figureCell(c.carbonT)] : []),
      ...reqs.map((_, k) => (run ? figureCell(c.met[k] / c.replicates) : '')),
      c.prunedBy ?? '',
      c.error ?? '',
    ]);
  }
  return csv;
}

/** The reliability axis of the second front: the first requirement on a monotone (reliability) figure, else the first requirement. */
function reliabilityAxis(reqs: readonly Requirement[]): number {
  const k = reqs.findIndex((r) => r.monotone);
  return k >= 0 ? k : reqs.length > 0 ? 0 : -1;
}

/**
 * A front's candidates: their decisions, the objective and the figure against it, once where they are one figure
 * (--minimize carbon_t's carbon front wrote 'carbon_t,carbon_t', which pandas reads as carbon_t and carbon_t.1).
 */
function frontCsv(o: Outputs, front: readonly Candidate[], yName: string, y: (c: Candidate) => number): string {
  const decisions = variedColumns(o.spec.decide);
  const objective = columnOf(o.criteria.objective);
  const both = yName !== objective;
  let csv = csvLine([...decisions.map((d) => d.name), 'candidate', 'status', objective, ...(both ? [yName] : [])]);
  for (const c of front)
    csv += csvLine([
      ...variedCells(decisions, c.values),
      c.id,
      c.status,
      figureCell(c.objective),
      ...(both ? [figureCell(y(c))] : []),
    ]);
  return csv;
}

/**
 * How a front's chart says a candidate is better on a figure, compared and at the extreme: cheaper in money, more
 * reliable on a reliability figure (those more capacity never worsens), cleaner in carbon, else by its direction
 * ('higher in cfe'). The second front is on the first reliability requirement, else on the first requirement: a
 * CFE score's front said 'none both cheaper and more reliable', and a --minimize carbon's 'cheaper'.
 */
function betterWords(c: Criterion, op: '<=' | '>=', reliability = false): [string, string] {
  if (c.figure.endsWith('_usd') || c.figure.endsWith('_usd_per_mwh') || c.figure.startsWith('economics.by_category'))
    return ['cheaper', 'cheapest'];
  if (reliability) return ['more reliable', 'most reliable'];
  if (c.figure === 'carbon_kg' && op === '<=') return ['cleaner', 'cleanest'];
  return op === '<='
    ? [`lower in ${c.label}`, `lowest in ${c.label}`]
    : [`higher in ${c.label}`, `highest in ${c.label}`];
}

function frontChart(
  o: Outputs,
  name: string,
  yLabel: Criterion,
  y: (c: Candidate) => number,
  front: readonly Candidate[],
  [better, most]: readonly [string, string],
) {
  // One point (a candidate, or candidates tied in both) on the front.
  const one = new Set(front.map((c) => `${c.objective} ${y(c)}`)).size === 1;
  const run = o.candidates.filter((c) => c.status === 'feasible' || c.status === 'infeasible');
  const xd = display(
    o.criteria.objective,
    run.map((c) => c.objective),
  );
  const yd = display(yLabel, run.map(y));
  const xName = words(o.criteria.objective.label, xd.unit);
  const yName = words(yLabel.label, yd.unit);
  const group = (status: string, label: string, fill: string) => {
    const g = run.filter((c) => c.status === status && Number.isFinite(c.objective));
    return {
      name: `${label} (${g.length})`,
      xs: g.map((c) => c.objective / xd.div),
      ys: g.map((c) => y(c) / yd.div),
      fill,
      stroke: fill,
    };
  };
  const best = o.best;
  const xWords = betterWords(o.criteria.objective, '<=');
  return scatterChart({
    name,
    title: `${xName} against ${yName}: ${counted(run.length, 'candidate')}`,
    // A front of one point is no line (its legend showed a dashed line drawn nowhere): that one is both the cheapest
    // and the best on the other axis, and the subtitle says so.
    subtitle: `${o.spec.name}: each point a candidate (its statistic over ${o.spec.replicates} replicate${o.spec.replicates === 1 ? '' : 's'}); ${one ? `the front is one point, the ${xWords[1] === most ? most : `${xWords[1]} and the ${most}`}` : `the front: none both ${xWords[0]} and ${better}`}`,
    xTitle: xName,
    xUnit: xd.unit,
    yTitle: yName,
    yUnit: yd.unit,
    groups: [group('infeasible', 'infeasible', '#f4a582'), group('feasible', 'feasible', '#1f4e79')],
    ...(!one
      ? {
          line: {
            name: 'Pareto front',
            xs: front.map((c) => c.objective / xd.div),
            ys: front.map((c) => y(c) / yd.div),
          },
        }
      : {}),
    marks: best ? [{ name: 'chosen', x: best.objective / xd.div, y: y(best) / yd.div }] : [],
  });
}

function bestJson(o: Outputs, c: Candidate): string {
  const { spec, criteria } = o;
  const set = spec.decide.map((d) => `${d.path}=${c.values[d.path]}`);
  const quote = (s: string) => (/^[\w.[\]=:/+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const fixed = [
    ...(spec.duration ? [`--duration ${spec.duration}`] : []),
    ...(spec.step ? [`--step ${spec.step}`] : []),
    ...spec.set.map((s) => `--set ${quote(s)}`),
  ];
  return `${JSON.stringify(
    {
      model: spec.model,
      candidate: c.id,
      decisions: c.values,
      objective: { [columnOf(criteria.objective)]: c.objective },
      // The terms its money is over (present values at the start): the NPC's years, discount rate and escalation.
      ...(c.terms ? { economics: c.terms } : {}),
      requirements: criteria.requirements.map((r, k) => ({
        requirement: r.text,
        value: c.stats[k],
        met: true,
        ...shareOf(c, k),
      })),
      carbon_t: c.carbonT,
      replicates: c.replicates,
      search: searchSummary(spec, o.candidates),
      run_replicate_0: `dcpsim run ${quote(spec.model)} ${[...fixed, ...set.map((s) => `--set ${quote(s)}`)].join(' ')} --seed ${runSeed(spec.seed, c.values, 0)}`,
    },
    null,
    2,
  )}\n`;
}

/**
 * What the search can say of its answer. An exhaustive search ran every candidate: the chosen one is the least
 * objective of all (a global optimum of the lattice). The pattern search ran some: the chosen one is the best of
 * those, and none of its lattice neighbours is better (a local optimum); one it did not run may be better where the
 * objective or a requirement does not move one way with capacity (carbon, cfe, a cost cap: docs/sizing.md).
 */
export function searchSummary(spec: SizingSpec, candidates: readonly Candidate[]) {
  const lattice = spec.decide.reduce((a, d) => a * d.values.length, 1);
  const pruned = candidates.filter((c) => c.status === 'pruned').length;
  const run = candidates.length - pruned;
  const left = lattice - run - pruned;
  return {
    method: spec.search,
    candidates: lattice,
    run,
    pruned,
    optimum: left === 0 ? ('global' as const) : ('local' as const),
    note:
      left === 0
        ? 'every candidate was run or pruned: the chosen one is the least objective of all that meet the requirements'
        : `no neighbour of the chosen candidate is better, but the ${left} candidate${left === 1 ? '' : 's'} not run may hold a better one (--search exhaustive runs all ${lattice})`,
  };
}

/** The sentence the printed answer and report.html end with when the answer is a local optimum. */
export function localOptimumText(s: ReturnType<typeof searchSummary>): string {
  return `${s.method} search: a local optimum, the best of the ${s.run} candidates run: ${s.note}`;
}

/** How a candidate reads in a message: its decisions. */
function describe(c: Candidate): string {
  return Object.entries(c.values)
    .map(([p, v]) => `${p}=${v}`)
    .join(' ');
}

/**
 * A value that misses its requirement, with the digits that show it misses: unmet_mwh 0.0503 (needs <= 0.05), where
 * three decimals wrote 0.050, which reads as met (and a lole_h of 100.4 against 100 read 100).
 */
function missedBy(r: Requirement, value: number): string {
  let s = fmt(value);
  for (let d = Math.abs(value) >= 100 ? 1 : 4; d <= 20 && meets(r, Number(s.replaceAll(',', ''))); d++)
    s = human(value, d);
  return s;
}

/**
 * Which candidate comes closest to feasible, and what it misses, in the words and unit of the requirement's column
 * in the tables: "the closest is ... (lole 5.2 h/yr, needs <= 2 h/yr)" (it said "lole_h 5.2", no unit).
 */
export function closestText(criteria: Criteria, c: Candidate | undefined): string {
  if (!c) return 'no candidate ran';
  if (c.status === 'failed') return `every candidate failed to run, like ${describe(c)} (${c.error})`;
  const missed = criteria.requirements.flatMap((r, k) => {
    if (meets(r, c.stats[k])) return [];
    const { unit } = display(r, []);
    const u = unit ? ` ${unit}` : '';
    return [`${words(r.label, unit)} ${missedBy(r, c.stats[k])}${u}, needs ${r.op} ${r.bound}${u}`];
  });
  return `the closest is ${describe(c)} (${missed.join('; ')}): widen the decisions' bounds or relax the requirements`;
}

const OUTPUT_FILES = [
  'candidates.csv',
  'feasible.csv',
  'best.json',
  'pareto-carbon.csv',
  'pareto-carbon.svg',
  'pareto-reliability.csv',
  'pareto-reliability.svg',
  'summary.csv',
  'points.csv',
  'differences.csv',
  'training.csv',
  'report.html',
];

export function writeOutputs(o: Outputs): string[] {
  const { dir, criteria } = o;
  const files: [string, string][] = [];
  const put = (name: string, text: string) => files.push([join(dir, name), text]);
  put('candidates.csv', candidatesCsv(o, o.candidates));
  put('feasible.csv', candidatesCsv(o, o.candidates.filter((c) => c.status === 'feasible').sort(byObjective)));
  const run = o.candidates.filter((c) => c.status === 'feasible' || c.status === 'infeasible');
  const carbon = paretoFront(
    run,
    (c) => c.objective,
    (c) => c.carbonT,
  );
  put(
    'pareto-carbon.csv',
    frontCsv(o, carbon, 'carbon_t', (c) => c.carbonT),
  );
  // A front against a figure every candidate run has alike (unmet_mwh or lole_h 0 where the grid backs every one up)
  // would put them all on one line of an invented axis: said in words instead, as the runs' and sweeps' charts say a
  // figure that never changed. Its CSV (the front: the cheapest) is still written.
  const notes: string[] = [];
  const charts: ReturnType<typeof frontChart>[] = [];
  const draw = (
    label: string,
    unit: string,
    y: (c: Candidate) => number,
    chart: () => ReturnType<typeof frontChart>,
  ) => {
    const ys = run.map(y).filter(Number.isFinite);
    if (ys.length > 1 && ys.every((v) => tied(v, ys[0])))
      notes.push(`${label} ${ys[0] === 0 ? '0' : fmt(ys[0])}${unit ? ` ${unit}` : ''} for every candidate run`);
    else charts.push(chart());
  };
  // A front of the objective against itself (--minimize carbon_t's carbon) is every candidate on a diagonal: until
  // 7 December 2026 drawn, 'carbon against carbon'. Its CSV (the cleanest) is still written.
  if (!carbonObjective(criteria))
    draw(
      'carbon',
      't',
      (c) => c.carbonT,
      () =>
        frontChart(
          o,
          'pareto-carbon',
          { label: 'carbon_t', figure: 'carbon_kg', scale: 1e-3 },
          (c) => c.carbonT,
          carbon,
          ['cleaner', 'cleanest'],
        ),
    );
  const k = reliabilityAxis(criteria.requirements);
  if (k >= 0) {
    const r = criteria.requirements[k];
    const sign = r.op === '<=' ? 1 : -1;
    const rel = paretoFront(
      run,
      (c) => c.objective,
      (c) => sign * c.stats[k],
    );
    put(
      'pareto-reliability.csv',
      frontCsv(o, rel, columnOf(r), (c) => c.stats[k]),
    );
    draw(
      r.label,
      '',
      (c) => c.stats[k],
      () => frontChart(o, 'pareto-reliability', r, (c) => c.stats[k], rel, betterWords(r, r.op, r.monotone)),
    );
  }
  for (const c of charts) put(`${c.name}.svg`, c.svg);
  if (o.best) put('best.json', bestJson(o, o.best));
  if (o.plan.runs.length > 0) {
    const t = buildTables(o.plan, readRecords(o));
    put('summary.csv', t.summaryCsv);
    put('points.csv', t.pointsCsv);
    put('differences.csv', t.differencesCsv);
    if (t.trainingCsv) put('training.csv', t.trainingCsv);
  }
  put(
    'report.html',
    reportHtml(
      o,
      charts.map((c) => c.svg),
      notes,
    ),
  );
  // One set: a full disk or an error while writing them leaves the old files, not a new best.json beside old candidates.
  writeFilesAtomic(files);
  // A file an earlier sizing in this folder wrote and this one did not (best.json when none is feasible now) would mislead.
  const written = new Set(files.map(([f]) => f));
  for (const name of OUTPUT_FILES) if (!written.has(join(dir, name))) rmSync(join(dir, name), { force: true });
  return files.map(([f]) => f);
}

function readRecords(o: Outputs): Map<string, RunRecord> {
  const m = new Map<string, RunRecord>();
  for (const run of o.plan.runs) {
    const r = readRecord(o.dir, run.id);
    if (r && r.seed === run.seed) m.set(run.id, r);
  }
  return m;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? humanNonZero(x, Math.abs(x) >= 100 ? 0 : 3) : '';
}

/**
 * Candidates as a table's rows: decisions, objective (over `div`), requirements, carbon. Each column's figures to one
 * number of decimals, so they line up and read alike: none where every figure is 0 or at least 100, else three (a
 * column of 240, 52 and 0 read 240, 52.000, 0.000 when each figure chose its own).
 */
function candidateRows(
  paths: readonly string[],
  cs: readonly Candidate[],
  div: number,
  carbon: boolean,
  stats: readonly number[],
): string[][] {
  const columns = [
    cs.map((c) => c.objective / div),
    ...stats.map((k) => cs.map((c) => c.stats[k])),
    ...(carbon ? [cs.map((c) => c.carbonT)] : []),
  ].map((xs) => {
    const d = xs.every((x) => !Number.isFinite(x) || x === 0 || Math.abs(x) >= 100) ? 0 : 3;
    return xs.map((x) => (Number.isFinite(x) ? humanNonZero(x, d) : ''));
  });
  return cs.map((c, i) => [...paths.map((p) => c.values[p]), ...columns.map((col) => col[i])]);
}

/**
 * With a carbon price, the words that say the NPC weighs carbon and how much of the chosen's pays it: every
 * candidate's NPC, and so the choice, moves with the price (docs/sizing.md). '' without one.
 */
function carbonPriceText(c: Candidate): string {
  if (!c.carbonPrice) return '';
  const { usdPerT, npcUsd } = c.carbonPrice;
  return `every candidate's NPC prices carbon at ${priceFigure(usdPerT)} $/t (economics.carbon_price): ${amountText(npcUsd)} of the chosen's`;
}

/** With a value of lost load, as carbonPriceText: how much of the chosen's NPC prices its unmet energy. '' without one. */
function lostLoadText(c: Candidate): string {
  if (!c.lostLoad) return '';
  const { usdPerMwh, npcUsd } = c.lostLoad;
  return `every candidate's NPC prices unmet energy at ${priceFigure(usdPerMwh)} $/MWh (economics.value_of_lost_load): ${amountText(npcUsd)} of the chosen's`;
}

const amountText = (usd: number): string =>
  Math.abs(usd) >= 1e6 ? `$${human(usd / 1e6, 2)}M` : `${human(usd, 0)} USD`;

/**
 * Runs shorter than the project whose model changes after them (a growing load, a cluster entering service): the
 * economics repeat the last year run, so the NPC and every requirement are the years run (docs/sizing.md). '' else.
 */
function unseenText(c: Candidate): string {
  if (!c.unseen) return '';
  return `the runs end before the project's ${c.unseen.years} year${c.unseen.years === 1 ? '' : 's'}, and its economics repeat the last year run, not seeing what changes after: ${c.unseen.changes.join(', ')}; the requirements and the NPC hold for the years run (size over the years through which they change: docs/sizing.md)`;
}

/**
 * The terms the chosen's money is over, where the objective or a requirement is an economics figure: a sizing gave
 * 'npc $M' with neither its years nor its rate, which the run's table says beside the NPC. '' else.
 */
function termsNote(o: Pick<Outputs, 'criteria'>, c: Candidate): string {
  const money = [o.criteria.objective, ...o.criteria.requirements].some((k) => k.figure.startsWith('economics.'));
  return c.terms && money
    ? `the chosen's economics are over ${termsText(c.terms)}${c.scaled ? `, ${c.scaled}` : ''} (present values at the start, in the dollars of the model's prices)`
    : '';
}

/** The chosen portfolio's requirements: statistic, bound, share of replicates meeting it with its interval. */
function requirementRows(o: Pick<Outputs, 'criteria'>, c: Candidate): string[][] {
  return o.criteria.requirements.map((r, k) => {
    const s = shareOf(c, k);
    return [
      r.text,
      fmt(c.stats[k]),
      `${s.replicates_meeting}/${s.replicates}`,
      `${human(100 * s.share, 0)}%`,
      `${human(100 * (s.share_ci95_lo ?? NaN), 0)}-${human(100 * (s.share_ci95_hi ?? NaN), 0)}%`,
    ];
  });
}

const REQ_HEAD = ['requirement', 'value', 'replicates meeting', 'share', '95% interval (Wilson)'];

function reportHtml(o: Outputs, svgs: string[], notes: readonly string[]): string {
  const { spec, criteria } = o;
  const paths = spec.decide.map((d) => d.path);
  // Each decision in words by the model's names, with its path as --set takes it: "battery energy (supply[1].energy)".
  const names = itemNames(spec.model);
  const decision = (p: string) => `${variedWords(p, names)} (${p})`;
  const n = (s: string) => o.candidates.filter((c) => c.status === s).length;
  const lattice = spec.decide.reduce((a, d) => a * d.values.length, 1);
  const feasible = o.candidates
    .filter((c) => c.status === 'feasible')
    .sort(byObjective)
    .slice(0, 50);
  // The objective in the unit people read ($M past a million), as the terminal's table and the fronts' axes.
  const od = display(
    criteria.objective,
    o.candidates.filter((c) => c.status === 'feasible').map((c) => c.objective),
  );
  const unit = od.unit ? ` ${od.unit}` : '';
  const carbon = carbonColumn(criteria);
  const search = searchSummary(spec, o.candidates);
  const head = [
    ...paths.map(decision),
    `${words(criteria.objective.label, od.unit)}${unit}`,
    ...statColumns(criteria).map((k) => requirementHead(criteria.requirements[k])),
    ...(carbon ? ['carbon t'] : []),
  ];
  const best = o.best
    ? `<h2>Chosen portfolio</h2>\n${htmlTable(
        ['decision', 'value'],
        paths.map((p) => [decision(p), o.best!.values[p]]),
      )}\n<p>${esc(criteria.objective.label)}: ${esc(fmt(o.best.objective / od.div) + unit)}${carbonObjective(criteria) ? '' : `; carbon ${esc(fmt(o.best.carbonT))} t`}.</p>\n${termsNote(o, o.best) ? `<p>${esc(`${capitalized(termsNote(o, o.best))}.`)}</p>\n` : ''}${o.best.carbonPrice ? `<p>${esc(`${capitalized(carbonPriceText(o.best))}.`)}</p>\n` : ''}${o.best.lostLoad ? `<p>${esc(`${capitalized(lostLoadText(o.best))}.`)}</p>\n` : ''}${o.best.unseen ? `<p>${esc(`${capitalized(unseenText(o.best))}.`)}</p>\n` : ''}${search.optimum === 'local' ? `<p>${esc(`${localOptimumText(search)}.`)}</p>\n` : ''}${criteria.requirements.length ? htmlTable(REQ_HEAD, requirementRows(o, o.best)) : ''}`
    : `<h2>No feasible portfolio</h2>\n<p>No candidate meets ${esc(criteria.requirements.map((r) => r.text).join(', '))}: ${esc(closestText(criteria, o.closest))}.</p>`;
  const meta = `minimize ${criteria.objective.label}${criteria.requirements.length ? ` subject to ${criteria.requirements.map((r) => r.text).join(', ')}` : ''}; ${spec.search} search of ${counted(lattice, 'candidate')}: ${n('feasible') + n('infeasible') + n('failed')} run (${n('feasible')} feasible, ${n('failed')} failed), ${n('pruned')} pruned; ${spec.replicates} replicate${spec.replicates === 1 ? '' : 's'} each, common random numbers; model ${spec.model}`;
  return htmlPage(
    `dcpsim size: ${spec.name}`,
    meta,
    `${best}
<h2>Pareto fronts</h2>
${svgs.map((s) => `<figure>\n${s}</figure>`).join('\n')}${notes.length ? `\n<p class="hint">Not charted, as it never changed: ${esc(notes.join('; '))}.</p>` : ''}
<h2>Feasible candidates</h2>
${feasible.length ? htmlTable(head, candidateRows(paths, feasible, od.div, carbon, statColumns(criteria))) : '<p>None.</p>'}
<p class="hint">Every candidate is in candidates.csv, the feasible ones in feasible.csv, every run's figures in summary.csv.</p>`,
  );
}

/**
 * The short table printed at the end: the best few feasible candidates, and how sure the chosen one is. `width`: a
 * terminal's, where the candidates' table wider than it is written a candidate to a block (fitTable).
 */
export function sizingTable(o: Pick<Outputs, 'spec' | 'criteria' | 'candidates' | 'best'>, width?: number): string {
  const paths = o.spec.decide.map((d) => d.path);
  const feasible = o.candidates.filter((c) => c.status === 'feasible').sort(byObjective);
  const xd = display(
    o.criteria.objective,
    feasible.map((c) => c.objective),
  );
  const carbon = carbonColumn(o.criteria);
  const head = [
    ...paths,
    `${words(o.criteria.objective.label, xd.unit)}${xd.unit ? ` ${xd.unit}` : ''}`,
    ...statColumns(o.criteria).map((k) => requirementHead(o.criteria.requirements[k])),
    ...(carbon ? ['carbon t'] : []),
  ];
  const rows = candidateRows(paths, feasible.slice(0, 5), xd.div, carbon, statColumns(o.criteria));
  if (!o.best) return '';
  const more = feasible.length > 5 ? `... and ${feasible.length - 5} more feasible in feasible.csv\n` : '';
  // The chosen portfolio's requirements, when there are any (a header over no rows says nothing).
  const reqs = o.criteria.requirements.length ? `${table([REQ_HEAD, ...requirementRows(o, o.best)])}\n` : '';
  const priced = `${o.best.carbonPrice ? `${carbonPriceText(o.best)}\n` : ''}${o.best.lostLoad ? `${lostLoadText(o.best)}\n` : ''}`;
  const unseen = o.best.unseen ? `${unseenText(o.best)}\n` : '';
  const terms = termsNote(o, o.best);
  return `${fitTable([head, ...rows], width, paths.length)}\n${more}chosen: ${describe(o.best)}\n${terms ? `${terms}\n` : ''}${priced}${unseen}${reqs}`;
}
