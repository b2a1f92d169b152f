/**
 * `dcpsim report <folder>`: one self-contained HTML file (charts inline as
 * SVG, styles inline, no scripts, no fonts, no network) with the charts, the
 * summary table and the model that produced the run, so it can be mailed or
 * archived and still open as it was.
 */
import { basename, join, resolve } from 'node:path';
import { writeFileAtomic } from './atomic.ts';
import { figuresOf, formatFigure } from './figures.ts';
import { readFolder, type Folder } from './folder.ts';
import { chartsOf } from './plot.ts';
import { esc } from './svg.ts';
import type { RunSummary } from './summary.ts';

const STYLE = `
body { font-family: sans-serif; margin: 2em auto; max-width: 940px; color: #111; line-height: 1.4; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
.meta { color: #444; margin-top: 0; }
figure { margin: 1.5em 0; } figure svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { padding: 0.2em 0.8em; border-bottom: 1px solid #e4e4e4; text-align: right; }
th:first-child, td:first-child { text-align: left; }
pre { background: #f6f6f6; padding: 1em; overflow-x: auto; font-size: 0.85em; }
@media print { figure { break-inside: avoid; } }
`;

function htmlTable(header: string[], rows: string[][]): string {
  const tr = (cells: string[], tag: string) => `<tr>${cells.map((c) => `<${tag}>${esc(c)}</${tag}>`).join('')}</tr>`;
  return `<table><thead>${tr(header, 'th')}</thead><tbody>\n${rows.map((r) => tr(r, 'td')).join('\n')}\n</tbody></table>`;
}

function runTables(s: RunSummary): string {
  const mwh = (x: number) => formatFigure(x);
  const e = s.energy_mwh;
  const energy = htmlTable(['', 'energy (MWh)', 'cost (USD)', 'carbon (t CO2e)', 'share of supply'], [
    ['IT load', mwh(e.it), '', '', ''],
    ['losses', mwh(e.losses), '', '', ''],
    ['cooling', mwh(e.cooling), '', '', ''],
    [`facility (PUE ${s.pue.toFixed(3)})`, mwh(e.facility), formatFigure(s.cost_usd), formatFigure(s.carbon_kg / 1000), ''],
    ...s.sources.map((x) => [`from ${x.name} (${x.kind})`, mwh(x.energy_mwh), formatFigure(x.cost_usd), formatFigure(x.carbon_kg / 1000), `${(x.share * 100).toFixed(1)}%`]),
    ['unmet', mwh(e.unmet), '', '', ''],
    ['curtailed', mwh(e.curtailed), '', '', ''],
  ]);
  const all = figuresOf(s).map((f) => [f.name, formatFigure(f.value), f.unit]);
  return `${energy}\n<details><summary>All figures (as in summary.json and summary.csv)</summary>\n${htmlTable(['figure', 'value', 'unit'], all)}\n</details>`;
}

const MAX_POINT_ROWS = 500;

/** The report of a folder that has been read. */
export function reportHtml(folder: Folder): string {
  const charts = chartsOf(folder);
  const parts: string[] = [];
  let title: string;
  let meta: string;
  if (folder.kind === 'run') {
    const s = folder.summary;
    title = s ? `dcpsim run: ${s.model.name}` : `dcpsim run: ${basename(resolve(folder.dir))}`;
    meta = s
      ? `${s.start_utc} to ${s.end_utc} UTC, step ${s.step_s} s, seed ${s.seed}, model hash ${s.model.hash}, dcpsim ${s.dcpsim_version}`
      : 'no summary.json in this folder';
    if (s) parts.push(`<h2>Summary</h2>\n${runTables(s)}`);
  } else {
    title = `dcpsim sweep: ${basename(resolve(folder.dir))}`;
    meta = `${folder.points.rows.length} points from ${basename(folder.pointsFile)}`;
    const rows = folder.points.rows.slice(0, MAX_POINT_ROWS);
    const more = folder.points.rows.length > rows.length ? `<p>First ${rows.length} of ${folder.points.rows.length} points; all are in ${esc(basename(folder.pointsFile))}.</p>` : '';
    parts.push(`<h2>Points</h2>\n<div style="overflow-x:auto">${htmlTable(folder.points.header, rows)}</div>${more}`);
  }
  const figures = charts.map((c) => `<figure id="chart-${esc(c.name)}">\n${c.svg}</figure>`).join('\n');
  const model = folder.model !== undefined
    ? `<h2>Model</h2>\n<p>The effective model (the file after overrides), from model.yaml:</p>\n<pre>${esc(folder.model)}</pre>`
    : '<h2>Model</h2>\n<p>No model.yaml in this folder.</p>';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p class="meta">${esc(meta)}</p>
<h2>Charts</h2>
${figures || '<p>Nothing to chart in this folder.</p>'}
${parts.join('\n')}
${model}
</body>
</html>
`;
}

/** Write <dir>/report.html (or `out`) atomically; returns its path. */
export function writeReport(dir: string, out = join(dir, 'report.html')): string {
  writeFileAtomic(out, reportHtml(readFolder(dir)));
  return out;
}
