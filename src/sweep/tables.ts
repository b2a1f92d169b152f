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
import { csvLine } from '../output/format.ts';
import { figureCell, flatFigures } from '../output/summary-csv.ts';
import type { Plan } from './plan.ts';
import { meanCi95 } from './stats.ts';
import type { RunRecord } from './store.ts';

/** The sweep's figure columns of one summary (the same flattening as a run's summary.csv). */
export { flatFigures as flattenNumbers };

export interface Tables {
  summaryCsv: string;
  pointsCsv: string;
  failed: number;
}

/** Both tables from the plan and a record for every run (undefined: missing, shown as an error row). */
export function buildTables(plan: Plan, records: ReadonlyMap<string, RunRecord>): Tables {
  const paths = plan.spec.vary.map((v) => v.path);
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

  let failed = 0;
  let summaryCsv = csvLine([...paths, 'replicate', 'run', 'seed', 'error', ...columns]);
  for (const run of plan.runs) {
    const r = records.get(run.id);
    const flat = figures.get(run.id);
    const error = flat ? '' : (r?.error ?? 'no result');
    if (!flat) failed++;
    const values = paths.map((p) => run.point.values[p]);
    summaryCsv += csvLine([...values, String(run.replicate), run.id, String(run.seed), error, ...columns.map((c) => figureCell(flat?.get(c)))]);
  }

  const statCols = columns.flatMap((c) => [`${c}.mean`, `${c}.ci95_lo`, `${c}.ci95_hi`]);
  let pointsCsv = csvLine([...paths, 'point', 'replicates', 'failed', ...statCols]);
  const byPoint = new Map<string, typeof plan.runs>();
  for (const run of plan.runs) {
    const list = byPoint.get(run.point.id);
    if (list) list.push(run);
    else byPoint.set(run.point.id, [run]);
  }
  for (const point of plan.points) {
    const ok = (byPoint.get(point.id) ?? []).map((r) => figures.get(r.id)).filter((f) => f !== undefined);
    const cells = columns.flatMap((c) => {
      const xs = ok.map((f) => f.get(c)).filter((x): x is number => x !== undefined);
      const m = meanCi95(xs);
      return [figureCell(m.mean), figureCell(m.lo), figureCell(m.hi)];
    });
    pointsCsv += csvLine([...paths.map((p) => point.values[p]), point.id, String(ok.length), String(plan.spec.replicates - ok.length), ...cells]);
  }
  return { summaryCsv, pointsCsv, failed };
}
