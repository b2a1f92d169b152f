/**
 * training.csv: one row per training run of summary.json's `training` list, so that a campus with
 * hundreds of runs reads as one table (a column per figure) rather than as hundreds of column groups
 * in summary.csv, past what a spreadsheet opens (16,384 columns). Written when the model has training
 * runs; a sweep's training.csv stacks the same rows run by run (src/sweep/tables.ts).
 */
import { formatTimestamp } from '../../kernel/time.ts';
import type { TrainingSummary } from '../../workload/training.ts';
import { parseUtc } from './folder.ts';
import { csvLine } from './format.ts';
import { figureCell } from './summary-csv.ts';

/** The columns: the run's name and dates as text, whether it completed, then its figures by name. */
const DATES = ['submitted_utc', 'started_utc', 'ended_utc'] as const;

/** The figure columns of these runs, in summary.json's order: a figure no run has (hardware costs) is left out. */
export function trainingFigures(runs: readonly TrainingSummary[]): string[] {
  const names: string[] = [];
  for (const r of runs)
    for (const [k, v] of Object.entries(r)) if (typeof v === 'number' && !names.includes(k)) names.push(k);
  return names;
}

export function trainingHeader(figures: readonly string[]): string[] {
  return ['name', ...DATES, 'completed', ...figures];
}

/** One run's cells; its dates as the other tables write them (`dateTime` " ", or "T" for --timestamps iso), seconds truncated. */
export function trainingCells(r: TrainingSummary, figures: readonly string[], dateTime = ' '): string[] {
  const date = (iso: string | null | undefined): string =>
    iso ? formatTimestamp(parseUtc(iso) / 1000).replace(' ', dateTime) : '';
  const values = r as unknown as Record<string, unknown>;
  return [
    r.name,
    ...DATES.map((d) => date(r[d])),
    String(r.completed),
    ...figures.map((f) => figureCell(values[f] as number | undefined)),
  ];
}

/** The table of a run's training runs. */
export function trainingTable(runs: readonly TrainingSummary[], sep = ',', dateTime = ' '): string {
  const figures = trainingFigures(runs);
  return (
    csvLine(trainingHeader(figures), sep) + runs.map((r) => csvLine(trainingCells(r, figures, dateTime), sep)).join('')
  );
}
