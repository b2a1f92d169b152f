/**
 * summary.csv and points.csv, built from the run records in plan order. The
 * figures are the numeric leaves of each RunSummary, flattened to dotted
 * names exactly as a single run's summary.csv names them (flatFigures:
 * arrays of named items by name, sources.grid.energy_mwh; wall-clock time
 * left out), so a figure added to RunSummary becomes a column with no change here. Columns
 * appear in the order first met walking the runs in plan order. Numbers are
 * written in full (shortest round-trip form) so that `merge`, reading the
 * records back from JSON, writes the same bytes as the sweep itself.
 */
import { absentFigure, isKeyFigure, isPerJob, isShareOfWhole, unitOf } from '../output/tables/figures.ts';
import { csvLine } from '../output/tables/format.ts';
import { variedCells, variedColumns } from '../output/tables/varied.ts';
import { figureCell, flatFigures, inSummaryCsv } from '../output/tables/summary-csv.ts';
import { trainingCells, trainingFigures, trainingHeader } from '../output/tables/training-csv.ts';
import { dateTimeSeparator } from '../output/tables/table-options.ts';
import type { RunSummary } from '../output/tables/summary.ts';
import type { Plan } from './plan.ts';
import { meanCi95, meanCi95NonNegative, meanCi95Share, tied, wilson95 } from './stats.ts';
import type { RunRecord } from './store.ts';

/**
 * differences.csv's figures: the key figures and the LOLE (loss-of-load hours a year), which the closing table and
 * the report give for runs over a year in place of the run's total hours (until 5 December 2026 their table of
 * changes gave a two-year sweep's change in total hours beside the points' hours a year).
 */
const inDifferences = (name: string) => isKeyFigure(name) || name === 'reliability.loss_of_load_hours_per_year';

/** Figures that are 0 or 1 per run, whose mean over replicates is a probability. */
const PROPORTIONS = new Set(['reliability.any_loss_of_load']);

interface Tables {
  summaryCsv: string;
  /** Per point: the mean and interval of each figure but the per-job ones. */
  pointsCsv: string;
  /** Per point and job (training.<run>, inference.services.<service>): its figures' mean and interval, a row each. */
  pointsJobsCsv: string;
  /** Each point's key figures minus its baseline's (the first point; with cases, the first case's at the same varied values), replicate by replicate, with their interval. */
  differencesCsv: string;
  /** Each run's training runs, a row each (summary.csv leaves training.* out); empty when no run has any. */
  trainingCsv: string;
  failed: number;
}

/**
 * Money can be negative (export revenue), and so can a policy's comparison with its baseline (carbon or cost saved,
 * throughput lost, the CFE change: a policy can add carbon or do more work); energies, hours, carbon, counts and
 * shares cannot. Cutting a comparison's interval at zero would claim a saving the replicates do not show.
 */
const mayBeNegative = (figure: string): boolean =>
  unitOf(figure).startsWith('USD') || /^policy\.[^.]*(saved|lost|change)/.test(figure);

/** Both tables from the plan and a record for every run (undefined: missing, shown as an error row). */
export function buildTables(plan: Plan, records: ReadonlyMap<string, RunRecord>): Tables {
  // The varied values, a quantity as a number with its unit in the column's name (src/output/tables/varied.ts).
  const varied = variedColumns(plan.spec.vary);
  // A sweep with named cases labels each point by its case first (the column `case`), then its varied values.
  const paths = [...(plan.spec.cases ? ['case'] : []), ...varied.map((c) => c.name)];
  const labelOf = (point: Plan['points'][number]): string[] => [
    ...(plan.spec.cases ? [point.case?.name ?? ''] : []),
    ...variedCells(varied, point.values),
  ];
  const figures = new Map<string, Map<string, number>>();
  const columns: string[] = [];
  const known = new Set<string>();
  for (const run of plan.runs) {
    const s = records.get(run.id)?.summary;
    if (!s) continue;
    const flat = new Map(flatFigures(s));
    figures.set(run.id, flat);
    for (const k of flat.keys()) if (!known.has(k)) known.add(k), columns.push(k);
  }
  // A varied field the summary gives back under the varied column's own name (economics.carbon_price_usd_per_t,
  // economics.years) is that column: a second of the same name would be renamed by pandas and read as a figure by
  // the charts, which then drew no line against it.
  for (const p of varied.map((c) => c.name)) if (columns.includes(p)) columns.splice(columns.indexOf(p), 1);
  // A category of cost a run paid nothing in is absent from its summary (by_category): 0 in the tables, not empty.
  for (const flat of figures.values())
    for (const c of columns)
      if (!flat.has(c)) {
        const zero = absentFigure(flat, c);
        if (zero !== undefined) flat.set(c, zero);
      }

  let failed = 0;
  // Each training run's figures are a row of training.csv, as in a run's folder (src/output/tables/training-csv.ts).
  const summaryColumns = columns.filter(inSummaryCsv);
  let summaryCsv = csvLine([...paths, 'replicate', 'run', 'seed', 'error', ...summaryColumns]);
  for (const run of plan.runs) {
    const r = records.get(run.id);
    const flat = figures.get(run.id);
    const error = flat ? '' : (r?.error ?? 'no result');
    if (!flat) failed++;
    summaryCsv += csvLine([
      ...labelOf(run.point),
      String(run.replicate),
      run.id,
      String(run.seed),
      error,
      ...summaryColumns.map((c) => figureCell(flat?.get(c))),
    ]);
  }

  const trainingOf = (id: string): RunSummary['training'] => records.get(id)?.summary?.training ?? [];
  const trainingCols = trainingFigures(plan.runs.flatMap((run) => trainingOf(run.id)));
  let trainingCsv = '';
  for (const run of plan.runs)
    for (const t of trainingOf(run.id)) {
      trainingCsv ||= csvLine([...paths, 'replicate', 'run', 'seed', ...trainingHeader(trainingCols)]);
      trainingCsv += csvLine([
        ...labelOf(run.point),
        String(run.replicate),
        run.id,
        String(run.seed),
        ...trainingCells(t, trainingCols, dateTimeSeparator(plan.spec.timestamps)),
      ]);
    }

  const byPoint = new Map<string, typeof plan.runs>();
  for (const run of plan.runs) {
    const list = byPoint.get(run.point.id);
    if (list) list.push(run);
    else byPoint.set(run.point.id, [run]);
  }
  const okRuns = (pointId: string) =>
    (byPoint.get(pointId) ?? []).map((r) => figures.get(r.id)).filter((f) => f !== undefined);
  /** Mean and 95 % interval of figure `c` over the replicates that have it. */
  const statCells = (c: string, ok: readonly Map<string, number>[]): string[] => {
    const xs = ok.map((f) => f.get(c)).filter((x): x is number => x !== undefined);
    // A 0/1 figure (any loss of load) is a proportion: its mean is the LOLP, with Wilson's interval.
    const m =
      PROPORTIONS.has(c) && xs.every((x) => x === 0 || x === 1)
        ? wilson95(xs.filter((x) => x === 1).length, xs.length)
        : mayBeNegative(c)
          ? meanCi95(xs)
          : isShareOfWhole(c)
            ? meanCi95Share(xs)
            : meanCi95NonNegative(xs);
    return [figureCell(m.mean), figureCell(m.lo), figureCell(m.hi)];
  };
  const statHeader = (cols: readonly string[]): string[] =>
    cols.flatMap((c) => [`${c}.mean`, `${c}.ci95_lo`, `${c}.ci95_hi`]);

  // A cooling mode's code labels the time series' cooling_mode column: the same in every run, no figure to average.
  const pointCols = columns.filter((c) => !isPerJob(c) && !/^facility\.modes\.[^.]+\.code$/.test(c));
  let pointsCsv = csvLine([...paths, 'point', 'replicates', 'failed', ...statHeader(pointCols)]);
  for (const point of plan.points) {
    const ok = okRuns(point.id);
    pointsCsv += csvLine([
      ...labelOf(point),
      point.id,
      String(ok.length),
      String(plan.spec.replicates - ok.length),
      ...pointCols.flatMap((c) => statCells(c, ok)),
    ]);
  }

  // Each job's figures (a training run's, a service's: training.<run>.<figure>): a row per point and job, a
  // column per figure, so hundreds of training runs are rows, not 45 columns each past what a spreadsheet opens.
  const jobs = new Map<string, string[]>();
  const jobFigures: string[] = [];
  for (const c of columns.filter(isPerJob)) {
    const dot = c.lastIndexOf('.');
    const [job, figure] = [c.slice(0, dot), c.slice(dot + 1)];
    const list = jobs.get(job);
    if (list) list.push(figure);
    else jobs.set(job, [figure]);
    if (!jobFigures.includes(figure)) jobFigures.push(figure);
  }
  let pointsJobsCsv = csvLine([...paths, 'point', 'job', 'replicates', 'failed', ...statHeader(jobFigures)]);
  for (const point of plan.points) {
    const ok = okRuns(point.id);
    for (const [job, own] of jobs) {
      // The replicates in which this job ran (a training run's arrivals differ from one replicate to the next).
      const withJob = ok.filter((f) => own.some((fig) => f.has(`${job}.${fig}`)));
      if (withJob.length === 0) continue;
      pointsJobsCsv += csvLine([
        ...labelOf(point),
        point.id,
        job,
        String(withJob.length),
        String(plan.spec.replicates - ok.length),
        ...jobFigures.flatMap((fig) => (own.includes(fig) ? statCells(`${job}.${fig}`, withJob) : ['', '', ''])),
      ]);
    }
  }

  // Paired differences: replicate r of every point shares its random numbers (common random numbers), so
  // x(point, r) - x(baseline, r) removes the noise both share; its interval is the one to read. The baseline is the
  // first point; with cases, the first case's point at the same varied values (cases are the outermost factor, so it
  // is the point as many places back as a case has points): against the first point, a case's change would hold
  // the varied values' change too (until 5 December 2026).
  const byCase = (plan.spec.cases?.length ?? 0) > 1;
  const perCase = byCase ? plan.points.length / plan.spec.cases!.length : plan.points.length;
  const baselineOf = (point: Plan['points'][number]) => plan.points[byCase ? point.index % perCase : 0];
  const compared = byCase ? plan.points.slice(perCase) : plan.points.slice(1);
  const byReplicate = (pointId: string) =>
    new Map((byPoint.get(pointId) ?? []).map((r) => [r.replicate, figures.get(r.id)]));
  let differencesCsv = csvLine([
    ...paths,
    'point',
    'baseline',
    ...(plan.spec.cases ? ['baseline_case'] : []),
    'figure',
    'unit',
    'pairs',
    'difference.mean',
    'difference.ci95_lo',
    'difference.ci95_hi',
  ]);
  for (const point of compared) {
    const base = baselineOf(point);
    const baseRuns = byReplicate(base.id);
    const runs = byReplicate(point.id);
    for (const c of columns.filter(inDifferences)) {
      const d: number[] = [];
      for (const [r, f] of runs) {
        const a = f?.get(c),
          b = baseRuns.get(r)?.get(c);
        // Equal figures summed in another order differ in their last bits (a PUE of 1.1000000000000028 against
        // 1.0999999999999968): a pair tied as the sizing ties objectives (docs/sweeps.md) is no difference.
        if (a !== undefined && b !== undefined) d.push(tied(a, b) ? 0 : a - b);
      }
      const m = meanCi95(d);
      differencesCsv += csvLine([
        ...labelOf(point),
        point.id,
        base.id,
        ...(base.case ? [base.case.name] : []),
        c,
        unitOf(c),
        String(m.n),
        figureCell(m.mean),
        figureCell(m.lo),
        figureCell(m.hi),
      ]);
    }
  }
  return { summaryCsv, pointsCsv, pointsJobsCsv, differencesCsv, trainingCsv, failed };
}
