/**
 * `dcpsim diff <runA> <runB>`: the figures of two runs side by side, with
 * the absolute (B - A) and relative ((B - A) / |A|) differences; of three or
 * more runs (portfolios of one workload), their figures side by side. Reads each
 * folder's summary.json; figures only some runs have show as missing, but a
 * category of cost a run with economics paid nothing in, which is $0 there.
 */
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { InputError } from '../../model/errors.ts';
import { readSummaryFile } from '../tables/folder.ts';
import { absentFigure, byImportance, figuresOf, formatFigure, shownAs } from '../tables/figures.ts';
import type { RunSummary } from '../tables/summary.ts';
import { fitFirstColumn, priceFigure } from './table.ts';
import { queuedWords } from '../tables/job-wait.ts';
import { givenPct, spanText, startText, termsText } from './run-table.ts';

export interface DiffRow {
  name: string;
  unit: string;
  a: number;
  b: number;
  /** b - a (NaN where either is missing). */
  abs: number;
  /** (b - a) / |a|; NaN where a is 0 or missing. */
  rel: number;
}

export function diffSummaries(a: object, b: object): DiffRow[] {
  const fa = figuresOf(a),
    fb = figuresOf(b);
  const aOf = new Map(fa.map((f) => [f.name, f.value]));
  const bOf = new Map(fb.map((f) => [f.name, f.value]));
  // A figure one side lacks is missing (NaN), but for a category of cost that run paid nothing in: $0 (figures.ts).
  const row = (name: string, unit: string, va: number | undefined, vb: number | undefined): DiffRow => {
    const x = va ?? absentFigure(aOf, name) ?? NaN;
    const y = vb ?? absentFigure(bOf, name) ?? NaN;
    return { name, unit, a: x, b: y, abs: y - x, rel: x !== 0 ? (y - x) / Math.abs(x) : NaN };
  };
  const rows: DiffRow[] = fa.map((f) => row(f.name, f.unit, f.value, bOf.get(f.name)));
  for (const f of fb) if (!aOf.has(f.name)) rows.push(row(f.name, f.unit, undefined, f.value));
  return rows;
}

/** One figure of several runs, in the runs' order (NaN where a run lacks it). */
export interface SideBySideRow {
  name: string;
  unit: string;
  values: number[];
}

/**
 * The figures of several runs side by side: each run's in its order, then those only later runs have, as
 * diffSummaries orders two; a category of cost a run with economics paid nothing in is $0 there.
 */
export function sideBySide(summaries: readonly object[]): SideBySideRow[] {
  const all = summaries.map(figuresOf);
  const maps = all.map((fs) => new Map(fs.map((f) => [f.name, f.value])));
  const rows: SideBySideRow[] = [];
  const seen = new Set<string>();
  for (const fs of all)
    for (const f of fs)
      if (!seen.has(f.name)) {
        seen.add(f.name);
        rows.push({
          name: f.name,
          unit: f.unit,
          values: maps.map((m) => m.get(f.name) ?? absentFigure(m, f.name) ?? NaN),
        });
      }
  return rows;
}

function readSummary(dir: string): RunSummary {
  const file = existsSync(dir) && dir.endsWith('.json') ? dir : join(dir, 'summary.json');
  if (!existsSync(file)) {
    // What is there instead: nothing, or a sweep's (or sizing's) folder, whose runs each keep a summary.json.
    const sweep = ['points.csv', 'points.tsv', 'sweep.json'].some((f) => existsSync(join(dir, f)));
    const found = !existsSync(dir)
      ? 'no such folder'
      : sweep
        ? `a sweep folder (each run's summary.json is in ${join(dir, 'runs')}/<run id>/)`
        : 'no summary.json';
    throw new InputError(dir, '', 'a run folder with summary.json', found);
  }
  return readSummaryFile(file);
}

const signed = (x: number, text = formatFigure): string => (Number.isNaN(x) ? '' : x > 0 ? `+${text(x)}` : text(x));
/** A relative change in per cent: one decimal from 1 %, two below, and below 0.01 % its first significant digit ('+0.003%'). */
const percent = (x: number): string => {
  if (Number.isNaN(x)) return '';
  const p = Math.abs(x * 100);
  const decimals = p >= 1 ? 1 : p >= 0.01 || p === 0 ? 2 : Math.min(20, -Math.floor(Math.log10(p)));
  return `${x > 0 ? '+' : ''}${(x * 100).toFixed(decimals)}%`;
};

/**
 * Equal up to floating-point summation order: sums over different event
 * sequences differ in the last bits, which is not a change anyone means.
 */
function same(a: number | undefined, b: number | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * The diff as a terminal table: key figures, then the others; per-job
 * figures (one line per training run or service and figure, often a hundred)
 * only with `perJob`, else counted in one line. `changedOnly` leaves out
 * figures that are equal. `width`: a terminal's, where a figure's name too long for the room its figures leave is
 * written on a line of its own, its figures under it (fitFirstColumn).
 */
export function formatDiff(
  rows: DiffRow[],
  labelA: string,
  labelB: string,
  changedOnly = false,
  perJob = false,
  width?: number,
): string {
  const shown = changedOnly ? rows.filter((r) => !same(r.a, r.b)) : rows;
  const groups = byImportance(shown);
  const line = (r: DiffRow) => {
    // The unit people read and the decimals, both the larger side's ($M, t, MW: figures.ts shownAs; a share in per cent, its
    // B - A in points), the same for A, B and B - A; a difference in the last bits of a sum (same) is no difference.
    const { unit, text } = shownAs(r.name, r.unit, [r.a, r.b]);
    const even = same(r.a, r.b);
    return [
      r.name,
      unit,
      text(r.a),
      text(r.b),
      even ? '0' : signed(r.abs, text),
      even && r.a !== 0 ? percent(0) : percent(r.rel),
    ];
  };
  const section = (title: string, rs: DiffRow[]) => (rs.length ? [[title, '', '', '', '', ''], ...rs.map(line)] : []);
  const body = [
    ...section('key figures', groups.key),
    ...section('other figures', groups.other),
    ...(perJob ? section('per training run and inference service', groups.perJob) : []),
  ];
  const text = fitFirstColumn([['figure', 'unit', labelA, labelB, 'B - A', 'change'], ...body], width);
  const hidden =
    perJob || groups.perJob.length === 0
      ? ''
      : `\n${groups.perJob.length} per-job figure${groups.perJob.length === 1 ? '' : 's'} (training.*, inference.*)${changedOnly ? ' differ' : ''}: --jobs lists them`;
  return text + hidden;
}

/**
 * Three or more runs' figures as a terminal table, a column each (`labels`), in the unit the largest of them calls
 * for: key figures, then the others, per-job figures only with `perJob`. `changedOnly` keeps the figures some run
 * gives otherwise than the first (beyond the last bits of a sum, as formatDiff).
 */
export function formatSideBySide(
  rows: SideBySideRow[],
  labels: readonly string[],
  changedOnly = false,
  perJob = false,
  width?: number,
): string {
  const shown = changedOnly ? rows.filter((r) => r.values.some((v) => !same(r.values[0], v))) : rows;
  const groups = byImportance(shown);
  const line = (r: SideBySideRow) => {
    const { unit, text } = shownAs(r.name, r.unit, r.values);
    return [r.name, unit, ...r.values.map(text)];
  };
  const blank = labels.map(() => '');
  const section = (title: string, rs: SideBySideRow[]) => (rs.length ? [[title, '', ...blank], ...rs.map(line)] : []);
  const body = [
    ...section('key figures', groups.key),
    ...section('other figures', groups.other),
    ...(perJob ? section('per training run and inference service', groups.perJob) : []),
  ];
  const text = fitFirstColumn([['figure', 'unit', ...labels], ...body], width);
  const hidden =
    perJob || groups.perJob.length === 0
      ? ''
      : `\n${groups.perJob.length} per-job figure${groups.perJob.length === 1 ? '' : 's'} (training.*, inference.*)${changedOnly ? ' differ' : ''}: --jobs lists them`;
  return text + hidden;
}

/** The label of the i-th run compared: A, B, ..., Z, then 27, 28, ... */
const runLabel = (i: number): string => (i < 26 ? String.fromCharCode(65 + i) : String(i + 1));

/**
 * What keeps runs' figures from comparing like for like, a line each: totals over different spans of time, economics
 * over different project years, discount rates or escalations (their NPCs then differ by that alone), and, with economics, a run
 * that left demand unmet. Runs are named A, B, C, ... in their order.
 */
export function unlikeRuns(...runs: Partial<RunSummary>[]): string[] {
  const notes: string[] = [];
  const first = runs[0] ?? {};
  // As the runs' closing tables say them: a start's time of day where it has one, a span under two days in hours.
  const span = (s: Partial<RunSummary>) => `${startText(s.start_utc ?? '')} + ${spanText(s.duration_h ?? 0)}`;
  if (runs.some((s) => s.start_utc !== first.start_utc || s.duration_h !== first.duration_h))
    notes.push(
      `${runs.map((s, i) => `${i === 0 ? 'A covers' : runLabel(i)} ${span(s)}`).join(', ')}: their totals are over different times`,
    );
  const priced = runs.flatMap((s, i) => (s.economics ? [{ e: s.economics, i }] : []));
  const [e0] = priced;
  // Escalation is a term as the discount rate is: 3 % a year on the same flows read NPC, annualised cost and LCOE
  // +7.8 % (5 years at 10 %), and the diff said nothing. Over other years alone, the annualised cost and LCOE compare;
  // at another rate or escalation they move with it (the same flows at 5 % against 10 %: LCOE -1.4 %).
  const escalation = (e: typeof e0.e): number => e.escalation ?? 0;
  const escalations = priced.some(({ e }) => escalation(e) !== escalation(e0.e));
  const discounts = priced.some(({ e }) => e.discount_rate !== e0.e.discount_rate);
  const rates = [...(discounts ? ['discount rate'] : []), ...(escalations ? ['escalation'] : [])].join(' or ');
  if (rates || priced.some(({ e }) => e.years !== e0.e.years)) {
    // The terms as the run's closing table gives them (termsText: '7.0%', '7.25%'), where this note wrote '7 %'.
    const terms = (e: typeof e0.e) => termsText({ ...e, escalation: escalation(e) }, escalations);
    notes.push(
      `${priced.map(({ e, i }, k) => `${runLabel(i)}'s${k === 0 ? ' economics are' : ''} over ${terms(e)}`).join(', ')}: net present costs over different terms do not compare (${rates ? `nor, at another ${rates}, do economics.annualized_cost_usd and the LCOE: the same flows cost more or less a year and a MWh` : 'economics.annualized_cost_usd and the LCOE do'})`,
    );
  }
  // A carbon price is in the NPC and the LCOE (economics.carbon_npc_usd): at 100 $/t against 50, the same run's NPC
  // read 5.2 % higher and the LCOE with it, and the diff said nothing, where it names every other term.
  const carbonAt = (e: typeof e0.e): string =>
    e.carbon_price_usd_per_t
      ? `at ${priceFigure(e.carbon_price_usd_per_t)} $/t growing ${givenPct(e.carbon_escalation ?? 0)} a year`
      : 'not at all';
  if (priced.some(({ e }) => carbonAt(e) !== carbonAt(e0.e)))
    notes.push(
      `${priced.map(({ e, i }, k) => `${runLabel(i)}'s${k === 0 ? ' NPC prices carbon' : ''} ${carbonAt(e)}`).join(', ')}: net present costs and LCOEs at different carbon prices do not compare (economics.carbon_npc_usd is the part that pays carbon)`,
    );
  // An LCOE is over the energy served and no NPC prices unmet energy: a run that fell short reads cheaper a MWh than
  // one that carried the whole load (two SMRs alone: 120.72 $/MWh with 1.8 % unmet, against 115.83 with the grid).
  const short = (s: Partial<RunSummary>): number => {
    const e = s.energy_mwh;
    return e && e.unmet > 1e-9 * e.facility ? e.unmet : 0;
  };
  if (priced.length > 0 && runs.some((s) => short(s) > 0)) {
    const left = (s: Partial<RunSummary>): string => {
      const u = short(s);
      if (u === 0) return 'none';
      const share = (100 * u) / (s.energy_mwh?.facility ?? u);
      return `${formatFigure(u)} MWh (${share >= 0.1 ? share.toFixed(1) : '<0.1'}%)`;
    };
    // With a value of lost load, an NPC prices it (economics.lost_load_npc_usd); the LCOE never does.
    const lefts = runs
      .map((s, i) => (i === 0 ? `A left ${left(s)} of its demand unmet` : `${runLabel(i)} ${left(s)}`))
      .join(', ');
    // Runs that leave the same energy unmet serve the same load: each LCOE is over it, neither carries the whole.
    const same = runs.every((s) => Math.abs(short(s) - short(runs[0])) <= 1e-9 * Math.max(short(s), short(runs[0])));
    const so = same
      ? `so ${runs.length === 2 ? 'neither is' : 'none is'} the cost of carrying the whole load`
      : 'so they are not the costs of carrying the same load';
    const vs = runs.map((s) => s.economics?.value_of_lost_load_usd_per_mwh);
    const at = (v: number | undefined) => (v === undefined ? 'not at all' : `at ${formatFigure(v)} $/MWh`);
    notes.push(
      vs[0] !== undefined && vs.every((v) => v === vs[0])
        ? `${lefts}: ${runs.length === 2 ? 'both NPCs price' : 'every NPC prices'} unmet energy at ${formatFigure(vs[0])} $/MWh (economics.lost_load_npc_usd); an LCOE is over the energy served and leaves it out`
        : vs.some((v) => v !== undefined)
          ? `${lefts}: ${vs.map((v, i) => `${runLabel(i)}'s${i === 0 ? ' NPC prices unmet energy' : ''} ${at(v)}`).join(', ')}, and an LCOE is over the energy served, ${so}`
          : `${lefts}: an LCOE is over the energy served, and no NPC prices unmet energy, ${so}`,
    );
  }
  // A mean job wait with jobs still queued at the end counts their waits only so far: a lower bound, as the run's table
  // and report say ('mean wait at least 139.19 h'), which the diff set beside another run's as the whole of it.
  const waiting = runs.flatMap((s, i) => ((s.jobs?.queued ?? 0) > 0 ? [{ i, queued: s.jobs?.queued ?? 0 }] : []));
  if (waiting.length > 0)
    notes.push(
      waiting
        .map(({ i, queued }, k) =>
          k === 0
            ? `${runLabel(i)}'s jobs.mean_wait_h is a lower bound, at least its figure (${queuedWords(queued)})`
            : `${runLabel(i)}'s too (${queuedWords(queued)})`,
        )
        .join(', '),
    );
  return notes;
}

/** Compare two run folders and print-ready text (`width`: the terminal's it is for, formatDiff). */
export function diffRuns(
  dirA: string,
  dirB: string,
  changedOnly = false,
  perJob = false,
  width?: number,
): { rows: DiffRow[]; text: string } {
  const a = readSummary(dirA),
    b = readSummary(dirB);
  const rows = diffSummaries(a, b);
  const who = (s: RunSummary, d: string) =>
    `${d} (${s.model?.name ?? '?'}, seed ${s.seed}, model ${s.model?.hash ?? '?'})`;
  const notes = unlikeRuns(a, b).map((n) => `note: ${n}\n`);
  const text = `A: ${who(a, dirA)}\nB: ${who(b, dirB)}\n${notes.join('')}${formatDiff(rows, 'A', 'B', changedOnly, perJob, width)}\n`;
  return { rows, text };
}

/**
 * Three or more run folders side by side (portfolios of one workload, say): a line naming each, the notes of what
 * keeps them from comparing like for like, and each figure of every run in a column (formatSideBySide).
 */
export function compareRuns(
  dirs: readonly string[],
  changedOnly = false,
  perJob = false,
  width?: number,
): { rows: SideBySideRow[]; text: string } {
  const summaries = dirs.map(readSummary);
  const rows = sideBySide(summaries);
  const labels = dirs.map((_, i) => runLabel(i));
  const who = summaries
    .map(
      (s, i) => `${labels[i]}: ${dirs[i]} (${s.model?.name ?? '?'}, seed ${s.seed}, model ${s.model?.hash ?? '?'})\n`,
    )
    .join('');
  const notes = unlikeRuns(...summaries).map((n) => `note: ${n}\n`);
  return { rows, text: `${who}${notes.join('')}${formatSideBySide(rows, labels, changedOnly, perJob, width)}\n` };
}
