/**
 * `dcpsim report <folder>`: one self-contained HTML file (charts inline as
 * SVG, the interactive charts' library and data inline, styles inline, no
 * fonts, nothing loaded from the network) with the key figures, the charts,
 * every figure grouped and labelled with its unit, and the model that
 * produced the run, so it can be mailed or archived and still open as it was.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { formatDuration } from '../../kernel/time.ts';
import { parseCsv } from '../../model/csv-parse.ts';
import { InputError } from '../../model/errors.ts';
import { writeFileAtomic } from '../files/atomic.ts';
import {
  byImportance,
  figureGroup,
  groupInLine,
  figuresOf,
  formatFigure,
  shareUnit,
  isShare,
  percentFigure,
  sharedUnits,
  type Figure,
} from '../tables/figures.ts';
import { readFolder, type Folder } from '../tables/folder.ts';
import { queuedWords } from '../tables/job-wait.ts';
import { chartsOf } from './plot.ts';
import { sweepColumns } from './sweep-charts.ts';
import {
  canExport,
  energyUnit,
  exportedLabel,
  facilityLabel,
  pctNear,
  runNotes,
  sourceParts,
  tableEnergyMwh,
} from '../terminal/run-table.ts';
import { changesTable, hoursOf, keyFigureTable } from '../terminal/sweep-table.ts';
import { capitalized } from '../terminal/table.ts';
import { variedColumnsOf } from '../tables/varied.ts';
import { interactiveHtml } from './interactive.ts';
import { runCharts, scanRun } from './run-charts.ts';
import { esc } from './svg.ts';
import type { RunSummary } from '../tables/summary.ts';

const STYLE = `
body { font-family: sans-serif; margin: 2em auto; max-width: 940px; color: #111; line-height: 1.4; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
.meta { color: #444; margin-top: 0; }
figure { margin: 1.5em 0; } figure svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { padding: 0.2em 0.8em; border-bottom: 1px solid #e4e4e4; text-align: right; }
table.figures td:first-child { max-width: 36em; } tr.group th { text-align: left; padding-top: 0.9em; border-bottom: 1px solid #999; }
.hint { color: #444; font-size: 0.9em; } h3 { font-size: 1.05em; }
tr.over th { text-align: center; border-bottom: 1px solid #999; font-weight: normal; }
th:first-child, td:first-child { text-align: left; }
td:not(:first-child), .points td { white-space: nowrap; }
pre { background: #f6f6f6; padding: 1em; overflow-x: auto; font-size: 0.85em; }
.wide { overflow-x: auto; }
@media print { figure, .live { break-inside: avoid; } h2, h3 { break-after: avoid; } .wide { overflow: visible; } table { font-size: 0.75em; } th, td { padding: 0.2em 0.4em; }
  td:not(:first-child), .points td { white-space: normal; } pre { white-space: pre-wrap; overflow-wrap: anywhere; }
  .u-legend .u-value, .u-legend .u-series:first-child { display: none !important; } .u-legend.u-inline.u-live th::after { content: none; } }
`;

/**
 * A table; `groups` (label, columns spanned) heads runs of columns that share a unit or a meaning. In a box of its
 * own that scrolls sideways where the window is narrower than the table (the page itself never does).
 */
export function htmlTable(header: string[], rows: string[][], groups?: [string, number][]): string {
  const tr = (cells: string[], tag: string) => `<tr>${cells.map((c) => `<${tag}>${esc(c)}</${tag}>`).join('')}</tr>`;
  const over = groups
    ? `<tr class="over">${groups.map(([g, n]) => `<th colspan="${n}">${esc(g)}</th>`).join('')}</tr>`
    : '';
  return `<div class="wide"><table><thead>${over}${tr(header, 'th')}</thead><tbody>\n${rows.map((r) => tr(r, 'td')).join('\n')}\n</tbody></table></div>`;
}

function runTables(s: RunSummary): string {
  const e = s.energy_mwh;
  const usd = s.sources.reduce(
    (m, x) => Math.max(m, Math.abs(x.cost_usd), Math.abs(x.export_revenue_usd ?? 0)),
    Math.abs(s.cost_usd),
  );
  const kg = s.sources.reduce((m, x) => Math.max(m, x.carbon_kg), Math.max(s.carbon_kg, s.export_carbon_kg ?? 0));
  const [cUnit, cDiv] = usd >= 1e6 ? ['$M', 1e6] : ['USD', 1];
  const [kUnit, kDiv] = kg >= 1e3 ? ['t CO2e', 1e3] : ['kg CO2e', 1];
  const money = (x: number) => formatFigure(x / cDiv);
  const exports = canExport(s) || (s.reliability?.exported_mwh ?? 0) > 0 || (s.costs_usd?.export_revenue ?? 0) !== 0;
  const carbon = (x: number) => formatFigure(x / kDiv);
  // Energy in the unit the run's closing table uses: kWh for a run under 10 MWh (was MWh here alone: 0.06913 MWh).
  const { unit: eUnit, perMwh } = energyUnit(tableEnergyMwh(s));
  const mwh = (x: number) => formatFigure(x * perMwh);
  const energy = htmlTable(
    ['', `energy (${eUnit})`, `cost (${cUnit})`, `carbon (${kUnit})`, 'share of supply'],
    [
      ['IT load', mwh(e.it), '', '', ''],
      ['losses', mwh(e.losses), '', '', ''],
      ['cooling', mwh(e.cooling), '', '', ''],
      [facilityLabel(s), mwh(e.facility), money(s.cost_usd), carbon(s.carbon_kg), ''],
      // The run's closing table's rows: a source's energy to the load, then to storage and exported, each with its cost.
      ...s.sources.flatMap((x) =>
        sourceParts(x).map((p) =>
          p.label === undefined
            ? [`from ${x.name} (${x.kind})`, mwh(p.mwh), money(p.usd), carbon(p.kg ?? 0), pctNear(x.share)]
            : [p.label, mwh(p.mwh), money(p.usd), p.kg === undefined ? '' : carbon(p.kg), ''],
        ),
      ),
      ['unmet', mwh(e.unmet), '', '', ''],
      ['curtailed', mwh(e.curtailed), '', '', ''],
      // A site that cannot export (no grid with an export_cap) gets no exported row, where a 0 read as a figure.
      ...(s.reliability && exports
        ? [
            [
              exportedLabel(s),
              mwh(s.reliability.exported_mwh),
              s.costs_usd ? money(-s.costs_usd.export_revenue) : '',
              s.export_carbon_kg ? carbon(s.export_carbon_kg) : '',
              '',
            ],
          ]
        : []),
    ],
  );
  // The net cost's parts, and each source's energy and what is paid to it by where the energy went (src/supply/accounts.ts).
  const c = s.costs_usd;
  const net = !c
    ? ''
    : exports
      ? `<p>Cost: ${money(c.paid_to_sources)} ${cUnit} paid to the sources (their rows above, to storage and exported included; never net of export revenue), less ${money(c.export_revenue)} ${cUnit} export revenue: the net ${money(c.net)} ${cUnit} of the facility row.</p>\n`
      : `<p>Cost: ${money(c.paid_to_sources)} ${cUnit} paid to the sources (their rows above, to storage included), the net of the facility row: the site cannot export (no grid has an <code>export_cap</code>).</p>\n`;
  // Each column's header, its group (energy, paid by where the energy went, export revenue) and cell; a site that
  // cannot export has no export columns, 0 in every row.
  type Source = RunSummary['sources'][number];
  const paid = (k: 'load' | 'storage' | 'export' | 'curtailed' | 'idle') => (x: Source) =>
    x.cost_split_usd ? money(x.cost_split_usd[k]) : '';
  type Column = { head: string; group: number; cell: (x: Source) => string; export?: boolean };
  const allColumns: Column[] = [
    { head: 'source', group: 0, cell: (x) => x.name },
    { head: 'to load', group: 1, cell: (x) => mwh(x.energy_mwh) },
    { head: 'to storage', group: 1, cell: (x) => mwh(x.to_storage_mwh ?? 0) },
    { head: 'exported', group: 1, cell: (x) => mwh(x.to_export_mwh ?? 0), export: true },
    { head: 'curtailed', group: 1, cell: (x) => mwh(x.curtailed_mwh ?? 0) },
    { head: 'load', group: 2, cell: paid('load') },
    { head: 'storage', group: 2, cell: paid('storage') },
    { head: 'export', group: 2, cell: paid('export'), export: true },
    { head: 'curtailed', group: 2, cell: paid('curtailed') },
    { head: 'idle', group: 2, cell: paid('idle') },
    {
      head: cUnit,
      group: 3,
      cell: (x) => (x.export_revenue_usd === undefined ? '' : money(x.export_revenue_usd)),
      export: true,
    },
  ];
  const columns = allColumns.filter((col) => exports || !col.export);
  const groups = ['', `energy (${eUnit})`, `paid to the source (${cUnit}) by where its energy went`, 'export revenue']
    .map((g, k): [string, number] => [g, columns.filter((col) => col.group === k).length])
    .filter(([, n]) => n > 0);
  const split = htmlTable(
    columns.map((col) => col.head),
    s.sources.map((x) => columns.map((col) => col.cell(x))),
    groups,
  );
  // What the run's table says beneath its rows: why fusion gave nothing, what the economics scaled, ... (run-table.ts).
  const notes = runNotes(s);
  const read = notes.length ? `<ul class="notes">\n${notes.map((n) => `<li>${esc(n)}</li>`).join('\n')}\n</ul>\n` : '';
  return `${energy}\n${net}${read}<h3>Where each source's energy and cost went</h3>\n${split}\n<h3>Key figures</h3>\n${figureTable(keyFigures(s), false, waitLabel(s))}`;
}

/**
 * The key figures; with no job or training run submitted, none of the jobs' (the run's table says 'no training runs
 * or jobs' where 'jobs: completed 0' and 'jobs: mean wait 0 h' gave a wait where nothing waited).
 */
function keyFigures(s: RunSummary): Figure[] {
  const key = byImportance(figuresOf(s)).key;
  return s.jobs.submitted > 0 ? key : key.filter((f) => !f.name.startsWith('jobs.'));
}

/**
 * The mean job wait's label where jobs were still queued at the end, whose waits it counts only so far: a lower
 * bound, as the run's table says ('jobs: mean wait' read as the whole of it).
 */
function waitLabel(s: RunSummary): Record<string, string> {
  return s.jobs.queued > 0 ? { 'jobs.mean_wait_h': `mean wait, at least (${queuedWords(s.jobs.queued)})` } : {};
}

/**
 * Figures grouped (Energy, Source: grid, Training run: pretrain, ...), each labelled (or as `labels` gives it), in
 * the unit people read.
 */
function figureTable(figures: Figure[], grouped = true, labels: Record<string, string> = {}): string {
  const rows: string[] = [];
  const named = figures.map((f) => {
    const g = figureGroup(f.name);
    return { f, group: g.group, label: labels[f.name] ?? g.label };
  });
  // One unit for each unit in the table, or in each group of a grouped table (money: in the table).
  const members = new Map<string, Figure[]>();
  for (const { f, group } of named) {
    const m = members.get(group);
    if (m) m.push(f);
    else members.set(group, [f]);
  }
  let last = '';
  const table = sharedUnits(figures);
  let units = table;
  for (const { f, group, label } of named) {
    if (grouped && group !== last) {
      rows.push(`<tr class="group"><th colspan="3">${esc(group)}</th></tr>`);
      // Money in one unit for the whole table, as the key figures have it: a source that cost nothing reads
      // "0 $M" beside one that cost 6.193 $M, not "0 USD".
      // So does a unit whose figures in the group are all 0: a fusion PPA's "carbon 0 t" beside the SMR's 46,225 t.
      const inGroup = members.get(group)!;
      units = sharedUnits(inGroup);
      for (const [unit, u] of table)
        if (units.has(unit) && (unit === 'USD' || inGroup.every((f) => f.unit !== unit || f.value === 0)))
          units.set(unit, u);
    }
    last = group;
    const u = units.get(f.unit) ?? { unit: f.unit, div: 1 };
    // A share in per cent, as the report's sentences give it (was 0.9911 beside "24/7 carbon-free score 99.1%").
    const [value, unit] = isShare(f.name)
      ? [percentFigure(f.value), shareUnit(f.name)]
      : [formatFigure(f.value / u.div), u.unit];
    rows.push(
      `<tr><td title="${esc(f.name)}">${esc(grouped ? label : `${groupInLine(group)}: ${label}`)}</td><td>${esc(value)}</td><td>${esc(unit)}</td></tr>`,
    );
  }
  return `<div class="wide"><table class="figures"><thead><tr><th>figure</th><th>value</th><th>unit</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>`;
}

/** Every figure of the summary, grouped; per-job groups after the rest. */
function allFigures(s: RunSummary): string {
  const g = byImportance(figuresOf(s));
  const n = g.key.length + g.other.length + g.perJob.length;
  return `<details><summary>All ${n} figures, grouped (as in summary.json; hover a name for its dotted name)</summary>\n${figureTable([...g.key, ...g.other, ...g.perJob], true, waitLabel(s))}\n</details>`;
}

const MAX_POINT_ROWS = 500;

/** The report of a folder that has been read. */
export function reportHtml(folder: Folder): string {
  const parts: string[] = [];
  let title: string;
  let meta: string;
  let charts;
  let live = { head: '', body: '' };
  const notes: string[] = [];
  if (folder.kind === 'run') {
    const s = folder.summary;
    const scan = scanRun(folder);
    // Without a time series (a sweep's run folder), the charts summary.json draws, as dcpsim plot's: until 7 December
    // 2026 none, the report saying 'Nothing to chart in this folder.' where plot drew the cost breakdown.
    charts = runCharts(folder, scan, notes);
    if (scan) live = interactiveHtml(scan);
    title = s ? `dcpsim run: ${s.model.name}` : `dcpsim run: ${basename(resolve(folder.dir))}`;
    meta = s
      ? `${s.start_utc} to ${s.end_utc} UTC, step ${formatDuration(s.step_s)}, seed ${s.seed}, model hash ${s.model.hash}, dcpsim ${s.dcpsim_version}`
      : 'no summary.json in this folder';
    if (s) parts.push(`<h2>Summary</h2>\n${runTables(s)}`);
  } else {
    charts = chartsOf(folder, notes);
    // The sweep's own name (sweep.json's, as the run's title is its model's), not its folder's: was 'dcpsim sweep: job-4711'.
    title = `dcpsim sweep: ${sweepSpec(folder.dir)?.name ?? basename(resolve(folder.dir))}`;
    const { header, rows } = folder.points;
    const n = rows.length;
    meta = `${n} point${n === 1 ? '' : 's'} from ${basename(folder.pointsFile)}`;
    // Each point's varied values and key figures in words and units; every figure is in points.csv.
    const varied = variedColumnsOf(folder.dir);
    const params = sweepColumns(header, rows, new Set(varied.keys())).params.map((p) => varied.get(p) ?? p);
    const t = keyFigureTable(header, rows, params, MAX_POINT_ROWS);
    const more = n > t.cells.length ? `first ${t.cells.length} of ${n} points; ` : '';
    parts.push(
      // A point's label is kept on one line (a case name broke at its hyphens: three-smrs- / only); the table scrolls.
      `<h2>Points</h2>\n<div class="points">${htmlTable(t.titles, t.cells)}</div>\n` +
        `<p class="hint">${esc(capitalized(t.note))}; ${more}every figure of every point is in ${esc(basename(folder.pointsFile))}.</p>`,
    );
    const first = params.map((_, i) => `${t.titles[i]} ${t.cells[0]?.[i] ?? ''}`.trim()).join(', ');
    const cases = header.includes('case') ? [...new Set(rows.map((r) => r[header.indexOf('case')]))] : [];
    parts.push(
      changesSection(folder.dir, params, cases.length > 1 ? cases[0] : undefined, first, hoursOf(header, rows)),
    );
  }
  // With the interactive charts, the static time charts are for readers without scripts (and for print).
  const liveNames = new Set(live.body ? ['supply', 'signals', 'unmet', 'pue'] : []);
  const figure = (c: { name: string; svg: string }) => `<figure id="chart-${esc(c.name)}">\n${c.svg}</figure>`;
  const still = charts.filter((c) => liveNames.has(c.name));
  const figures = charts
    .filter((c) => !liveNames.has(c.name))
    .map(figure)
    .join('\n');
  const sweep = folder.kind === 'sweep' && folder.model === undefined ? sweepModel(folder.dir) : undefined;
  const model =
    folder.model !== undefined
      ? `<h2>Model</h2>\n<p>The effective model (the file after overrides), from model.yaml:</p>\n<pre>${esc(folder.model)}</pre>`
      : sweep
        ? `<h2>Model</h2>\n<p>The model the sweep ran, ${esc(sweep.file)} (named in sweep.json), ${esc(sweep.varied)}:</p>\n<pre>${esc(sweep.text)}</pre>`
        : '<h2>Model</h2>\n<p>No model.yaml in this folder.</p>';
  const all = folder.kind === 'run' && folder.summary ? `<h2>All figures</h2>\n${allFigures(folder.summary)}` : '';
  return htmlPage(
    title,
    meta,
    `${parts.join('\n')}
<h2>Charts</h2>
${notes.length ? `<p class="hint">Not charted, as it never changed: ${esc(notes.join('; '))}.</p>` : ''}
${live.body ? `${live.body}\n<noscript>\n${still.map(figure).join('\n')}\n</noscript>` : ''}
${figures || (live.body ? '' : '<p>Nothing to chart in this folder.</p>')}
${all}
${model}`,
    live.head,
  );
}

/** A sweep folder's sweep.json, if it has a readable one. */
/**
 * The paired changes (differences.csv) under the Points: each point's key figures' change from its baseline (the
 * first point; with cases, the first case's point at the same varied values), replicate by replicate. The noise both
 * runs of a pair share cancels, so its interval is narrower than the two points' own: the one to read when comparing
 * portfolios (smr-only's net present cost against smr-and-grid's, -32.0 $M ± 7.1, where the Points give 60.2 ± 9.8
 * and 92.2 ± 4.2).
 */
function changesSection(
  dir: string,
  params: Parameters<typeof changesTable>[2],
  baseCase: string | undefined,
  firstPoint: string,
  hours: ReadonlyMap<string, string>,
): string {
  const file = join(dir, 'differences.csv');
  if (!existsSync(file)) return '';
  const [header = [], ...rows] = parseCsv(readFileSync(file, 'utf8'), undefined, file).rows;
  if (rows.length === 0) return '';
  const c = changesTable(header, rows, params, MAX_POINT_ROWS, hours);
  const varied = params.some((p) => (typeof p === 'string' ? p : p.name) !== 'case');
  const from =
    baseCase !== undefined
      ? `case ${baseCase}${varied ? ' at the same varied values' : ''}`
      : `the first point${firstPoint ? ` (${firstPoint})` : ''}`;
  const paired =
    sweepSpec(dir)?.crn === false
      ? 'Each pair is two independent runs (--no-crn: the interval holds the noise of both)'
      : `Each pair is replicate r of the point and of its baseline, which share their random numbers: the noise both share cancels${c.intervals ? ', and this interval is the one to read when comparing points' : ''}`;
  const more = c.points > c.cells.length ? `first ${c.cells.length} of ${c.points} points; ` : '';
  return (
    `<h2>Changes from ${esc(from)}</h2>\n<div class="points">${htmlTable(c.titles, c.cells)}</div>\n` +
    `<p class="hint">${esc(capitalized(c.note))}. ${paired}; ${more}every key figure's change is in differences.csv.</p>`
  );
}

function sweepSpec(dir: string):
  | {
      name?: string;
      model: string;
      vary?: { path: string }[];
      cases?: { name: string; set: string[] }[];
      set?: string[];
      crn?: boolean;
      duration?: string;
      step?: string;
    }
  | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8'));
  } catch {
    return undefined; // no sweep.json (a folder of runs merged by hand, say)
  }
}

/** The model file a sweep ran (from its sweep.json), with what each point varied and --set changed, if still readable. */
function sweepModel(dir: string): { file: string; varied: string; text: string } | undefined {
  const spec = sweepSpec(dir);
  if (!spec) return undefined;
  try {
    const paths = (spec.vary ?? []).map((v) => v.path).join(', ');
    // Named cases: each with its overrides, as the sweep file or --case gave them.
    const cases = (spec.cases ?? [])
      .map((c) => `${c.name} (${c.set.length ? c.set.join('; ') : 'the model as it is'})`)
      .join(', ');
    const varied = cases
      ? `each case with its overrides, ${cases}${paths ? `, and each point with its own ${paths}` : ''}`
      : paths
        ? `each point with its own ${paths}`
        : 'each replicate with its own seed';
    // --duration and --step (or the sweep file's) replace the model file's own, which the page shows as written.
    const timing = [
      ...(spec.duration !== undefined ? [`duration ${spec.duration}`] : []),
      ...(spec.step !== undefined ? [`step ${spec.step}`] : []),
    ];
    const overrides = [...timing, ...(spec.set ?? [])];
    const set = overrides.length ? `, and in every run ${overrides.join(', ')}, over the file below` : '';
    return { file: spec.model, varied: varied + set, text: readFileSync(spec.model, 'utf8') };
  } catch {
    return undefined; // the model moved: nothing to show
  }
}

/** A self-contained page: the report's style, a title and a line under it, then the body. */
export function htmlPage(title: string, meta: string, body: string, head = ''): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
${head}
</head>
<body>
<h1>${esc(title)}</h1>
<p class="meta">${esc(meta)}</p>
${body}
</body>
</html>
`;
}

/** Write <dir>/report.html (or `out`) atomically; returns its path. */
export function writeReport(dir: string, out = join(dir, 'report.html')): string {
  // A sizing's folder (size.json, src/sizing/) holds its own report.html: the chosen portfolio, the fronts. Drawn as
  // a sweep's, the folder's report would lose them, under the title "dcpsim sweep".
  if (existsSync(join(dir, 'size.json')))
    throw new InputError(
      dir,
      '',
      'a run or sweep folder (a sizing writes its own report.html: run the same dcpsim size command again to rewrite it, its finished runs are reused)',
      "a sizing's folder (size.json)",
    );
  checkHtmlPath(out);
  writeFileAtomic(out, reportHtml(readFolder(dir, true)));
  return out;
}

/**
 * The report's path must end .html or .htm: any other was written to (over a run's summary.json or timeseries.csv,
 * their figures lost; as x.csv, shown by a browser as text), and a folder's path ('out/') was refused as 'a file
 * where the path needs a folder'.
 */
function checkHtmlPath(out: string): void {
  if (/\.html?$/i.test(out)) return;
  // A folder that exists, written without its slash ('--out runs/a'), is a folder too: until 7 December 2026 it read
  // "found 'a'", where before the path's check it read 'found a folder (EISDIR)'.
  const folder = /[\\/]$/.test(out) || (existsSync(out) && statSync(out).isDirectory());
  throw new InputError(
    out,
    '',
    'a path for the HTML report ending .html or .htm (the file a browser opens as a page)',
    folder
      ? `a folder's path ('${basename(out)}/'): name the file in it, as ${join(out, 'report.html')}`
      : `'${basename(out)}'`,
  );
}
