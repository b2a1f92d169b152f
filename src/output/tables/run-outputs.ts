/**
 * The names dcpsim writes in a run folder. A run into a folder that holds an
 * older run replaces all of them (src/output/files/commit.ts swaps the folder
 * whole), so none of that run's derived files (report.html, plots/, a
 * workbook, the tables of another --format or --layout) stays beside the new
 * data, where it would be read as the new run's. Anything else in the folder
 * is the user's and is kept.
 */
import { FORMATS, RUN_TABLES } from './table-options.ts';
import { metadataName, TIMESERIES_NAMES } from './timeseries-file.ts';

/** Every file or folder a run, `plot` or `report` may leave in a run folder. */
export const RUN_OUTPUTS: readonly string[] = [
  ...TIMESERIES_NAMES,
  ...TIMESERIES_NAMES.map(metadataName),
  ...FORMATS.flatMap((f) => ['summary', ...RUN_TABLES].map((t) => `${t}.${f}`)),
  'summary.json',
  'model.yaml',
  'run.xlsx',
  'report.html',
  'plots',
];
