/**
 * A run written into a folder that holds an older run must not leave that
 * run's derived files (report.html, plots/, a workbook, the tables of another
 * --format or --layout) beside the new data, where they would be read as the
 * new run's. Only names dcpsim itself writes are removed; anything else in
 * the folder is the user's.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { FORMATS, TIMESERIES_NAMES } from './timeseries-file.ts';

/** Every file or folder a run, `plot` or `report` may leave in a run folder. */
export const RUN_OUTPUTS: readonly string[] = [
  ...TIMESERIES_NAMES, ...FORMATS.map((f) => `summary.${f}`), 'summary.json', 'model.yaml', 'run.xlsx', 'report.html', 'plots',
];

/** Remove what dcpsim wrote in `dir` before, except `keep` (the files this run just wrote). */
export function removeStale(dir: string, keep: readonly string[]): void {
  const kept = new Set(keep);
  for (const name of RUN_OUTPUTS) if (!kept.has(name)) rmSync(join(dir, name), { recursive: true, force: true });
}
