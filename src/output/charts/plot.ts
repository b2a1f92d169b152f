/**
 * Charts of a run or a sweep as SVG text, drawn with d3-scale and d3-shape:
 * no browser needed. Columns are found from the table's header (sources are
 * `<name>_kw` with a `<name>_cost_usd` beside them), so variables other
 * layers add appear without changes here.
 *
 * Made to be read on paper too: fills differ in lightness (neighbours in a
 * stack alternate dark and light), lines differ in dash
 * pattern as well as colour, every axis names its quantity and unit, dates
 * are UTC. Rows are interval means, so time series are drawn as steps.
 *
 * This file draws a folder's charts and writes them; a run's are made in
 * run-charts.ts, a sweep's in sweep-charts.ts, from the kinds of chart in
 * chart-kinds.ts on the frame (axes, legend, palette) of chart-frame.ts.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFilesAtomic } from '../files/atomic.ts';
import { readFolder, type Folder } from '../tables/folder.ts';
import type { Chart } from './chart-frame.ts';
import { runCharts } from './run-charts.ts';
import { sweepCharts } from './sweep-charts.ts';

export { MAX_BINS, type Chart } from './chart-frame.ts';

/** The charts of a run or sweep folder (already read); what never changed, and so is not drawn, goes to `notes` in words. */
export function chartsOf(folder: Folder, notes: string[] = []): Chart[] {
  return folder.kind === 'sweep' ? sweepCharts(folder, notes) : runCharts(folder, undefined, notes);
}

/**
 * Draw a folder's charts and write them to <dir>/plots/<name>.svg, as a set: a failure part way (a full disk) leaves
 * the charts there were, not the first few of the new ones. Returns the files written. In the folder's own plots/
 * (dcpsim's), charts an earlier drawing left that this one does not make are then removed.
 */
export function writePlots(dir: string, outDir?: string, notes: string[] = []): string[] {
  const to = outDir ?? join(dir, 'plots');
  const charts = chartsOf(readFolder(dir), notes).map((c) => [join(to, `${c.name}.svg`), c.svg] as const);
  // A folder made for charts none of which could be written goes too (writeFilesAtomic): a full disk left an empty plots/.
  writeFilesAtomic(charts);
  const files = charts.map(([file]) => file);
  if (outDir === undefined && existsSync(to))
    for (const f of readdirSync(to))
      if (f.endsWith('.svg') && !files.includes(join(to, f))) rmSync(join(to, f), { force: true });
  return files;
}
