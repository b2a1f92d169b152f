import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartsOf } from '../../src/output/charts/plot.ts';
import { writeReport } from '../../src/output/charts/report.ts';
import { readFolder } from '../../src/output/tables/folder.ts';
import { runScenario } from '../../src/run.ts';
import { runSweep } from '../../src/sweep/sweep.ts';
import { assertWellFormed } from './svg-check.ts';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'small-run');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function reportOf(): { dir: string; file: string; html: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dcpsim-report-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const file = writeReport(dir);
  return { dir, file, html: readFileSync(file, 'utf8') };
}

describe('the HTML report, as text', () => {
  it('is self-contained: scripts and styles inline, no external resources, charts inline, model and summary included', () => {
    const { html } = reportOf();
    expect(html).not.toMatch(/<link|<iframe|<img|@import|url\(|\ssrc=|\shref=/i);
    // URLs: the SVG namespace (an identifier, never fetched) and uPlot's home in its licence comment.
    expect(new Set([...html.matchAll(/https?:\/\/[^\s"'<>]+/g)].map((m) => m[0]))).toEqual(
      new Set(['http://www.w3.org/2000/svg', 'https://github.com/leeoniya/uPlot']),
    );
    expect(html.match(/<svg /g)!.length).toBeGreaterThanOrEqual(5);
    // The fixture's PUE is 1.25 in every row, and its grid's price and carbon per MWh supplied are flat: said, not drawn
    // (until 5 December 2026, divided by the demand, some of it unmet, they were drawn with dips the grid never had).
    expect(html).toContain(
      'Not charted, as it never changed: PUE 1.25 throughout; cost 59.99 to 60.01 $/MWh throughout; carbon intensity 399.9 to 400.1 g/kWh throughout; carbon intensity 400 g/kWh in every hour.',
    );
    expect(html).toContain('dcpsim run: small');
    expect(html).toMatch(/UTC, step 15m, seed /); // the step as the model writes one, not "900 s"
    expect(html).toContain('import_cap: 40 kW'); // model.yaml
    expect(html).toContain('from grid (grid)'); // the summary table
    expect(html).toContain('1.793'); // grid energy, MWh, from summary.json
    for (const m of html.matchAll(/<svg [\s\S]*?<\/svg>/g)) assertWellFormed(m[0]);
  });

  it('all figures: grouped, labelled, with units in the sizes people read', () => {
    const { html } = reportOf();
    const all = html.slice(html.indexOf('<h2>All figures'));
    for (const g of ['Totals', 'Energy', 'Source: grid'])
      expect(all).toContain(`<tr class="group"><th colspan="3">${g}</th></tr>`);
    expect(all).toMatch(/<td title="energy_mwh\.facility">facility<\/td><td>2\.03\d?<\/td><td>MWh<\/td>/);
    expect(all).toMatch(/<td title="sources\.grid\.cost_usd">cost<\/td><td>[\d.]+<\/td><td>USD<\/td>/);
  });

  it('key figures side by side read in one unit: every money figure in $M when the largest is, every cost column says its unit', () => {
    const { dir } = reportOf();
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    // A source's cost over a million dollars beside export revenue under it (the default preset at 90 days: 18.43 $M and 349,687 USD).
    summary.sources[0].cost_usd = 18_430_000;
    summary.sources[0].export_revenue_usd = 349_687;
    summary.sources[0].cost_split_usd = { load: 17_429_000, storage: 78_290, export: 922_400, curtailed: 0, idle: 0 };
    summary.costs_usd = { paid_to_sources: 18_430_000, export_revenue: 349_687, net: 18_080_313 };
    summary.cost_usd = 18_080_313;
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary));
    const html = readFileSync(writeReport(dir), 'utf8');
    const key = html.slice(html.indexOf('<h3>Key figures'), html.indexOf('</table>', html.indexOf('<h3>Key figures')));
    expect(key).toMatch(/<td title="sources\.grid\.cost_usd">[^<]*<\/td><td>18\.43<\/td><td>\$M<\/td>/);
    expect(key).toMatch(/<td title="sources\.grid\.export_revenue_usd">[^<]*<\/td><td>0\.3497<\/td><td>\$M<\/td>/);
    expect(key).not.toMatch(/<td>USD<\/td>/);
    const split = html.slice(html.indexOf("<h3>Where each source's energy"), html.indexOf('<h3>Key figures'));
    // Each run of columns says its unit once, above it: energy, what was paid for it by where it went, export revenue.
    expect(split).toContain(
      '<tr class="over"><th colspan="1"></th><th colspan="4">energy (kWh)</th><th colspan="5">paid to the source ($M) by where its energy went</th><th colspan="1">export revenue</th></tr>',
    );
    expect(split).toContain('<th>idle</th><th>$M</th></tr>');
  });

  it("a mean job wait with jobs still queued at the end reads as the lower bound it is, as the run's table says", () => {
    // Was 'jobs: mean wait 15.50 h' with 1,273 of 1,952 jobs still queued, where the run's table said 'at least'.
    const { dir, html } = reportOf();
    expect(html).toContain('<td title="jobs.mean_wait_h">jobs: mean wait</td>');
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    summary.jobs = { ...summary.jobs, queued: 1273, mean_wait_h: 15.5 };
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary));
    const again = readFileSync(writeReport(dir), 'utf8');
    const label = 'mean wait, at least (1,273 still queued at the end, their waits counted to it)';
    expect(again).toContain(`<td title="jobs.mean_wait_h">jobs: ${label}</td><td>15.50</td><td>h</td>`);
    expect(again).toContain(`<td title="jobs.mean_wait_h">${label}</td>`); // all figures, grouped under Jobs
  });

  it("with no job or training run submitted, the key figures give no mean wait, as the run's table gives none", () => {
    // Was 'jobs: completed 0' and 'jobs: mean wait 0 h' for a site that serves inference alone, or whose job stream drew
    // no arrival: a wait where nothing waited, which the run's table stopped printing (break61).
    const { dir } = reportOf();
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    summary.jobs = { submitted: 0, started: 0, completed: 0, running: 0, queued: 0, mean_wait_h: 0, chip_hours: 0 };
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary));
    const html = readFileSync(writeReport(dir), 'utf8');
    const key = html.slice(html.indexOf('<h3>Key figures'), html.indexOf('</table>', html.indexOf('<h3>Key figures')));
    expect(key).not.toContain('jobs.');
    expect(html).toContain('<td title="jobs.mean_wait_h">mean wait</td>'); // all figures keep summary.json's
  });

  it('all figures: money in one unit for the whole table, a group of zeros too', () => {
    // Was 'Source: fusion / cost 0 USD' and a grid's 'export revenue 110,099 USD' beside 'Source: smr / cost 6.193 $M'
    // and the totals' 'export revenue 0.1101 $M' (the default preset, 30 days).
    const { dir } = reportOf();
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    const grid = summary.sources[0];
    summary.sources = [
      { ...grid, name: 'smr', kind: 'smr', cost_usd: 6_193_000, export_revenue_usd: undefined },
      { ...grid, cost_usd: 0, export_revenue_usd: 110_099 },
    ];
    summary.costs_usd = { paid_to_sources: 6_193_000, export_revenue: 110_099, net: 6_082_901 };
    summary.cost_usd = 6_082_901;
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary));
    const html = readFileSync(writeReport(dir), 'utf8');
    const all = html.slice(html.indexOf('<h2>All figures'));
    expect(all).toMatch(/<td title="sources\.smr\.cost_usd">cost<\/td><td>6\.193<\/td><td>\$M<\/td>/);
    expect(all).toMatch(/<td title="sources\.grid\.cost_usd">cost<\/td><td>0<\/td><td>\$M<\/td>/);
    expect(all).toMatch(
      /<td title="sources\.grid\.export_revenue_usd">export revenue<\/td><td>0\.1101<\/td><td>\$M<\/td>/,
    );
    expect(all).not.toMatch(/<td>USD<\/td>/);
  });

  it('all figures: a group whose figures of a unit are all 0 shows them in the unit the table reads', () => {
    // Was 'Source: fusion / carbon 0 kg' beside 'Source: smr / carbon 46,225 t' (the default preset, ten years).
    const { dir } = reportOf();
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    const grid = summary.sources[0];
    summary.sources = [
      { ...grid, name: 'smr', kind: 'smr', carbon_kg: 46_224_900 },
      { ...grid, name: 'fusion', kind: 'fusion-ppa', carbon_kg: 0 },
    ];
    summary.carbon_kg = 46_224_900;
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary));
    const all = readFileSync(writeReport(dir), 'utf8');
    const at = all.indexOf('<h2>All figures');
    expect(all.slice(at)).toMatch(/<td title="sources\.smr\.carbon_kg">carbon<\/td><td>46,225<\/td><td>t<\/td>/);
    expect(all.slice(at)).toMatch(/<td title="sources\.fusion\.carbon_kg">carbon<\/td><td>0<\/td><td>t<\/td>/);
  });

  it('gives a site that cannot export no exported row or columns, and one that can its row at 0', () => {
    // tests/fixtures/small.yaml: a grid with an import cap and no export_cap; then the same with one (it exports nothing).
    const energyTable = (set: string[]): string => {
      const out = join(mkdtempSync(join(tmpdir(), 'dcpsim-report-')), 'run');
      runScenario({ model: join(import.meta.dirname, '..', 'fixtures', 'small.yaml'), out, set, sync: false });
      const html = readFileSync(writeReport(out), 'utf8');
      return html.slice(html.indexOf('<table>'), html.indexOf('<h3>Key figures'));
    };
    const cannot = energyTable([]);
    expect(cannot).toContain('from grid (grid)');
    expect(cannot).not.toContain('exported');
    expect(cannot).not.toContain('export revenue:');
    expect(cannot).toContain('the site cannot export (no grid has an <code>export_cap</code>)');
    // Nor export columns in the table of where each source's energy and cost went.
    expect(cannot).toContain(
      '<tr class="over"><th colspan="1"></th><th colspan="3">energy (kWh)</th><th colspan="4">paid to the source (USD) by where its energy went</th></tr>',
    );
    const can = energyTable(['supply[0].export_cap=1 MW']);
    expect(can).toMatch(/<td>exported: revenue<\/td><td>0<\/td><td>0<\/td>/);
    expect(can).toContain('less 0 USD export revenue');
    expect(can).toContain(
      '<th colspan="4">energy (kWh)</th><th colspan="5">paid to the source (USD) by where its energy went</th><th colspan="1">export revenue</th>',
    );
  });

  it("gives energy in the unit the run's closing table does: kWh for a run under 10 MWh", () => {
    // Was MWh whatever the size: the small fixture's facility row read 2.03 MWh here and 2,030.0 kWh on the terminal
    // (deepspeed-chat-13b: 0.06913 MWh against 69.1 kWh).
    const { html } = reportOf();
    expect(html).toMatch(/<td>facility \(PUE 1\.250\)<\/td><td>2,030<\/td>/);
    expect(html).toContain('<th>energy (kWh)</th>');
    expect(html).toContain('<th colspan="4">energy (kWh)</th>');
    expect(html.slice(html.indexOf('<table>'), html.indexOf('<h3>Key figures'))).not.toContain('MWh');
  });

  it("says a source's share that rounds to 0.0% or 100.0% without being 0 or 1 is under 0.1% or over 99.9%", () => {
    // Was '0.0%' for a battery that gave 0.04 % of the supply, and '100.0%' for the grid that gave the rest.
    const { dir } = reportOf();
    const path = join(dir, 'summary.json');
    const s = JSON.parse(readFileSync(path, 'utf8'));
    s.sources.push({ ...s.sources[0], name: 'battery', kind: 'battery', share: 0.0004 });
    s.sources[0].share = 0.9996;
    writeFileSync(path, JSON.stringify(s));
    const html = readFileSync(writeReport(dir), 'utf8');
    expect(html).toMatch(/<td>from grid \(grid\)<\/td>(<td>[^<]*<\/td>){3}<td>over 99\.9%<\/td>/);
    expect(html).toMatch(/<td>from battery \(battery\)<\/td>(<td>[^<]*<\/td>){3}<td>under 0\.1%<\/td>/);
  });

  it("names a supply as the model does in the key figures; a one-row run's hint counts one row (ou73)", () => {
    // A grid named PJM-east read 'source: pjm-east: energy' in the key figures, beside 'from PJM-east (grid)' in the
    // table above; the hint over a one-row run's charts read '1 rows shown as 1 steps' (until 7 December 2026).
    const out = join(mkdtempSync(join(tmpdir(), 'dcpsim-report-')), 'run');
    const model = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');
    runScenario({ model, out, set: ['supply[0].name=PJM-east', 'duration=15m'], sync: false });
    const html = readFileSync(writeReport(out), 'utf8');
    expect(html).toContain('<td title="sources.PJM-east.energy_mwh">source: PJM-east: energy</td>');
    expect(html).toContain('Times are UTC; 1 row shown as 1 step, each the mean of its rows.');
    // The SVG charts' subtitle (dcpsim plot's, and the report's without scripts) read '1 rows of 15 min' (until 8 December 2026).
    expect(html).toContain('; 1 row of 15 min<');
    expect(html).not.toMatch(/\b1 rows\b/);
  });

  it('gives a share of 1 in the key figures in per cent, as its sentences do', () => {
    // Was 'CFE score 0.9911' (no unit) beside the sentence '24/7 carbon-free score (hourly) 99.1%' (plan-smr).
    const { dir } = reportOf();
    const path = join(dir, 'summary.json');
    const s = JSON.parse(readFileSync(path, 'utf8'));
    s.reliability = { ...s.reliability, cfe_score: 0.9911379143103762, exported_mwh: 0 };
    writeFileSync(path, JSON.stringify(s));
    const html = readFileSync(writeReport(dir), 'utf8');
    expect(html).toMatch(/<td title="reliability\.cfe_score">[^<]*<\/td><td>99\.11<\/td><td>%<\/td>/);
  });

  it("says beneath the summary what the run's table says beneath its rows: a fusion start after the run, what the economics scaled", () => {
    // Was the terminal's alone: fusion-2028 (seed 42) printed 'fusion starts 2033-01-09 (drawn: a slip of 1,836 days),
    // after this run ends: no fusion energy' where its report said only 'fusion supplied nothing'; default --duration 90d
    // printed that its NPC scaled the 90 days to a year, where its report gave the NPC, $1,216.37M, as it is.
    const { dir } = reportOf();
    const path = join(dir, 'summary.json');
    const s = JSON.parse(readFileSync(path, 'utf8'));
    const slipped = { start_utc: '2033-01-09 14:11:10', slip_days: 1835.59 };
    s.sources.push({ ...s.sources[0], name: 'fusion', kind: 'fusion-ppa', energy_mwh: 0, share: 0, detail: slipped });
    s.reliability = {
      loss_of_load_hours: 0,
      unserved_energy_mwh: 0,
      cfe_score: 0,
      cfe_excludes: ['grid'],
      exported_mwh: 0,
    };
    s.economics = {
      years: 10,
      simulated_years: 1,
      discount_rate: 0.07,
      npc_usd: 1_000_000,
      supply_npc_usd: 1_000_000,
      hardware_npc_usd: 0,
      annualized_cost_usd: 142_378,
      lcoe_usd_per_mwh: 61.2,
    };
    s.yearly = [{ hours: 48 }];
    writeFileSync(path, JSON.stringify(s));
    const html = readFileSync(writeReport(dir), 'utf8');
    const summary = html.slice(html.indexOf('<h2>Summary'), html.indexOf('<h3>Key figures'));
    expect(summary).toContain(
      '<li>fusion starts 2033-01-09 (drawn: a slip of 1,836 days), after this run ends: no fusion energy</li>',
    );
    expect(summary).toContain(
      '24/7 carbon-free score (hourly) 0.0% (leaves out grid: no carbon_free_share given, counted as not carbon-free)',
    );
    expect(summary).toContain('(years after 1 repeat year 1, which the run covers for 2 days, scaled to a whole year)');
  });

  it("a run folder without its time series (a sweep's run) shows the charts summary.json draws, as dcpsim plot does (ou73)", () => {
    // A sweep's run folders keep summary.json and no timeseries.csv. Until 7 December 2026 the report of one said
    // 'Nothing to chart in this folder.' where dcpsim plot of the same folder drew the cost breakdown.
    const out = join(mkdtempSync(join(tmpdir(), 'dcpsim-report-')), 'run');
    const model = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');
    runScenario({ model, out, set: ['economics={ discount_rate: 7%, years: 5 }'], sync: false });
    rmSync(join(out, 'timeseries.csv'));
    const html = readFileSync(writeReport(out), 'utf8');
    const drawn = chartsOf(readFolder(out)).map((c) => c.name);
    expect(drawn).toContain('cost-breakdown');
    for (const name of drawn) expect(html).toContain(`<figure id="chart-${name}">`);
    expect(html).not.toContain('Nothing to chart');
  });

  it("a sweep's points: varied values and key figures in words and units, not points.csv's every column", () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-report-'));
    writeFileSync(
      join(dir, 'points.csv'),
      'supply[0].units,point,replicates,failed,duration_h.mean,duration_h.ci95_lo,duration_h.ci95_hi,' +
        'energy_mwh.facility.mean,energy_mwh.facility.ci95_lo,energy_mwh.facility.ci95_hi,cost_usd.mean,cost_usd.ci95_lo,cost_usd.ci95_hi\n' +
        '1,a,5,0,480,480,480,41915,39520,44310,2320000,2190000,2450000\n' +
        '2,b,5,0,480,480,480,40000,39000,41000,2500000,2400000,2600000\n',
    );
    const html = readFileSync(writeReport(dir), 'utf8');
    const points = html.slice(html.indexOf('<h2>Points'), html.indexOf('<h2>Charts'));
    expect(points).toContain('<th>supply[0].units</th><th>facility energy MWh</th><th>net cost $M</th>');
    expect(points).toContain('<td>41,915 ± 2,395</td><td>2.32 ± 0.13</td>');
    expect(points).not.toContain('duration_h');
    expect(html).toContain('2 points from points.csv');
    // The model the sweep ran, from sweep.json, rather than "no model.yaml".
    const model = join(dir, 'campus.yaml');
    writeFileSync(model, 'name: campus\nseed: 42\n');
    expect(html).toContain(`<h1>dcpsim sweep: ${basename(dir)}</h1>`); // no sweep.json: the folder's name
    writeFileSync(
      join(dir, 'sweep.json'),
      JSON.stringify({ name: 'campus-units', model, vary: [{ path: 'supply[0].units' }], set: [] }),
    );
    const again = readFileSync(writeReport(dir), 'utf8');
    expect(again).toContain('name: campus');
    expect(again).toContain('each point with its own supply[0].units');
    expect(again).not.toContain('in every run');
    // The sweep's --duration and --step replace the file's, which the page shows as written: a sweep at
    // --duration 400d --step 1d of a 1096d model showed 'duration: 1096d' and said nothing of them.
    writeFileSync(
      join(dir, 'sweep.json'),
      JSON.stringify({ model, vary: [], duration: '400d', step: '1d', set: ['supply[0].units=3'] }),
    );
    expect(readFileSync(writeReport(dir), 'utf8')).toContain(
      'each replicate with its own seed, and in every run duration 400d, step 1d, supply[0].units=3, over the file below:',
    );
    // Titled by the sweep's name, as a run's report is by its model's; was the folder's (a Slurm job's scratch folder, say).
    expect(again).toContain('<title>dcpsim sweep: campus-units</title>');
    expect(again).toContain('<h1>dcpsim sweep: campus-units</h1>');
  });

  it('escapes text from the folder (a model can say anything)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-report-'));
    cpSync(FIXTURE, dir, { recursive: true });
    writeFileSync(join(dir, 'model.yaml'), 'name: "<script>alert(1)</script>"\n');
    const html = readFileSync(writeReport(dir), 'utf8');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;');
  });
});

interface ChartInfo {
  width: number;
  paths: { length: number; inside: boolean }[];
  rects: number;
  xmlError: boolean;
  texts: number;
}

/** Run in the page (as text: the project's types have no DOM): each static chart's size, paths, and an XML re-parse. */
const INSPECT = `[...document.querySelectorAll('figure svg')].map((svg) => {
  const area = svg.querySelector('rect.plot-area').getBoundingClientRect();
  const paths = [...svg.querySelectorAll('path')].map((p) => {
    const b = p.getBoundingClientRect();
    return {
      length: p.getTotalLength(),
      inside: b.left >= area.left - 0.5 && b.right <= area.right + 0.5 && b.top >= area.top - 0.5 && b.bottom <= area.bottom + 0.5,
    };
  });
  // Re-parse the chart as XML: the browser's own well-formedness check.
  const parsed = new DOMParser().parseFromString(new XMLSerializer().serializeToString(svg), 'image/svg+xml');
  return {
    width: svg.getBoundingClientRect().width,
    paths,
    rects: svg.querySelectorAll('g.bars rect, g.cells rect').length,
    xmlError: parsed.getElementsByTagName('parsererror').length > 0,
    texts: svg.querySelectorAll('text').length,
  };
})`;

// The browser test runs wherever chromium is installed, and always in CI (.ci/run installs it): there a missing browser fails.
const haveChromium = existsSync(CHROMIUM);
const inCi = Boolean(process.env.CI);
const havePdftotext = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' }).error === undefined;
if (!haveChromium && !inCi) {
  console.warn(
    `tests/output/report.test.ts: browser test skipped: ${CHROMIUM} not found (apt-get install -y chromium); CI runs it`,
  );
}

// The layout reference (report-layout.json, report-layout.png) was drawn with Liberation Sans, which
// Chromium puts in place of its default sans-serif (Arial) when fontconfig has it (Debian's
// fonts-liberation2, which .ci/run installs). With DejaVu Sans alone, the tables come out ~15 % wider
// and the blocks below them ~20 px lower: a font's, not the report's, difference.
const haveLayoutFont = spawnSync('fc-list', ['Liberation Sans'], { encoding: 'utf8' }).stdout?.trim().length > 0;
if (haveChromium && !haveLayoutFont && !inCi) {
  console.warn(
    'tests/output/report.test.ts: layout test skipped: the font its reference was drawn with is missing (apt-get install -y fonts-liberation2); CI runs it',
  );
}

describe.skipIf(!haveChromium && !inCi)('the HTML report in headless chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  /** A run of `model` (a fixture's or preset's path from the repository) made into its report, open at 1000 px; its folder. */
  const reportPage = async (model: string[], options: { duration: string; step?: string }) => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-report-'));
    runScenario({ model: join(import.meta.dirname, '..', '..', ...model), ...options, out: dir });
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.goto(pathToFileURL(writeReport(dir)).href, { waitUntil: 'load' });
    return { page, dir };
  };

  it('renders every chart, with no console errors or network requests; the time series zoom', async () => {
    const { file } = reportOf();
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(file).href;
    await page.goto(url, { waitUntil: 'load' });
    const charts = await page.evaluate<ChartInfo[]>(INSPECT);
    // The interactive charts: one canvas each, drawn at the page's width, with a legend naming the series.
    const live = await page.evaluate<
      { id: string; canvas: number; width: number; legend: string }[]
    >(`[...document.querySelectorAll('.live')].map((d) => ({
      id: d.id, canvas: d.querySelectorAll('canvas').length, width: d.getBoundingClientRect().width, legend: d.querySelector('.u-legend')?.textContent ?? '' }))`);
    expect(live.map((l) => l.id)).toEqual(['live-supply', 'live-unmet']);
    for (const l of live) {
      expect(l.canvas, l.id).toBe(1);
      expect(l.width).toBeGreaterThan(600);
    }
    expect(live[0].legend).toContain('grid');
    expect(live[0].legend).toContain('demand (facility)');
    // Zoom: a wheel turn over the dispatch chart narrows its time axis, and the synced cursor keeps the others.
    const span = () =>
      page.evaluate<number>('(() => { const u = window.dcpsimCharts[0]; return u.scales.x.max - u.scales.x.min; })()');
    const before = await span();
    await page.locator('#live-supply .u-over').scrollIntoViewIfNeeded();
    const box = (await page.locator('#live-supply .u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -200);
    await page.waitForTimeout(100);
    expect(await span()).toBeLessThan(before * 0.8);
    // A picture to look at (kept beside the report in the temporary folder).
    await page.screenshot({ path: join(file, '..', 'report.png'), fullPage: true });
    await page.close();
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    // Static charts: the ones not interactive (load duration, monthly energy, heat maps) are shown; time charts only without scripts.
    expect(charts.length).toBeGreaterThanOrEqual(3);
    for (const c of charts) {
      expect(c.width).toBeGreaterThan(300);
      expect(c.xmlError).toBe(false);
      expect(c.texts).toBeGreaterThan(10);
      expect(c.paths.length + c.rects).toBeGreaterThan(0);
      for (const p of c.paths) {
        expect(p.length).toBeGreaterThan(0);
        expect(p.inside).toBe(true);
      }
    }
  }, 60_000);

  it("shows every time label whole: one on the chart's right edge (a 30-day run's last day) is not cut off", async () => {
    const { page } = await reportPage(['tests', 'fixtures', 'small.yaml'], { duration: '30d', step: '1h' });
    // Each x label's extent, centred on its tick, in the chart's CSS pixels and the axis's font, with the charts drawn
    // at widths from 600 to 1000 px (the ticks move with the width; at some a label sits on the plot's right end).
    const labels = await page.evaluate<{ width: number; label: string; left: number; right: number; end: boolean }[]>(
      `(async () => {
        const out = [], ctx = document.createElement('canvas').getContext('2d'), r = devicePixelRatio;
        for (let width = 600; width <= 1000; width += 20)
          for (const u of window.dcpsimCharts) {
            u.setSize({ width, height: u.height });
            await new Promise((done) => requestAnimationFrame(done));
            const a = u.axes[0], end = (u.bbox.left + u.bbox.width) / r;
            ctx.font = a.font[0];
            a._splits.forEach((v, i) => {
              if (a._values[i] == null) return;
              const x = u.bbox.left / r + u.valToPos(v, 'x'), w = ctx.measureText(a._values[i]).width / r;
              out.push({ width, label: a._values[i], left: x - w / 2, right: x + w / 2, end: Math.abs(x - end) < 1 });
            });
          }
        return out;
      })()`,
    );
    await page.close();
    expect(labels.filter((l) => l.end).map((l) => l.label)).toContain('2027-03-31');
    expect(labels.filter((l) => l.left < 0 || l.right > l.width)).toEqual([]);
  }, 60_000);

  it('labels each value axis with the decimals its ticks need: no two ticks read the same', async () => {
    // The default campus's PUE over its first 90 days moves between 1.126 and 1.142 (its economiser, in March): ticks
    // 0.005 apart were written with two decimals, 1.15, 1.15, 1.14, 1.14, 1.13, 1.13 (the static pue.svg reads 1.126,
    // 1.128, ...).
    const { page } = await reportPage(['models', 'default.yaml'], { duration: '90d' });
    const axes = await page.evaluate<{ width: number; chart: string; labels: string[] }[]>(
      `(async () => {
        const out = [];
        for (let width = 600; width <= 1000; width += 100)
          for (const u of window.dcpsimCharts) {
            u.setSize({ width, height: u.height });
            await new Promise((done) => requestAnimationFrame(done));
            u.axes.slice(1).forEach((a) => {
              if (a.show !== false && a._values) out.push({ width, chart: u.root.parentNode.id, labels: a._values.filter((v) => v != null && v !== '') });
            });
          }
        return out;
      })()`,
    );
    await page.close();
    // The PUE's axis and the temperature's.
    expect(axes.filter((a) => a.chart === 'live-pue' && a.width === 1000)).toHaveLength(2);
    expect(axes.filter((a) => new Set(a.labels).size !== a.labels.length)).toEqual([]);
  }, 60_000);

  it("draws the last row to the run's end, and the cursor reads the row drawn under it", async () => {
    // Ten daily rows: the interactive charts drew each bin from its start to the next one's, so the last day, with no
    // next, was not drawn (the chart ended at 2027-03-10 00:00 on an axis to 2027-03-11, as its SVG does not), and the
    // cursor took the nearest bin's start, reading day 4's figures over the right half of day 3.
    const { page, dir } = await reportPage(['tests', 'fixtures', 'small.yaml'], { duration: '10d', step: '1d' });
    const seen = await page.evaluate<{ mid: number[]; end: number[]; time: string; grid: string }>(`(() => {
      const u = window.dcpsimCharts[0], r = devicePixelRatio, day = 86400, t0 = u.scales.x.min;
      // The grid's layer (the first of the stack, 40 kW in every row) at mid-run and in the last day.
      const y = u.valToPos(5, 'y', true);
      const at = (f) => [...u.ctx.getImageData(Math.round(u.bbox.left + f * u.bbox.width), Math.round(y), 1, 1).data];
      u.setCursor({ left: u.valToPos(t0 + 2.8 * day, 'x'), top: u.bbox.height / r / 2 });
      const values = [...u.root.querySelectorAll('.u-legend .u-series')].map((s) => s.querySelector('.u-value').textContent);
      return { mid: at(0.5), end: at(0.97), time: values[0], grid: values[1] };
    })()`);
    await page.close();
    expect(seen.end).toEqual(seen.mid);
    expect(seen.time).toBe('2027-03-03 00:00');
    const rows = readFileSync(join(dir, 'timeseries.csv'), 'utf8').trim().split('\n');
    const grid = rows[0].split(',').indexOf('grid_kw');
    expect(seen.grid).toBe(`${Number(Number(rows[3].split(',')[grid]).toPrecision(4))} kW`);
  }, 60_000);

  it('a narrow window (a laptop split in two, a phone) never scrolls the page sideways: a wide table scrolls in its box', async () => {
    // Before: at 700 px the sources' energy-and-cost table (788 px) widened the page, and the summary table too at 360 px.
    const { file } = reportOf();
    for (const width of [700, 360]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const { scroll, client, tables } = await page.evaluate<{ scroll: number; client: number; tables: number }>(
        `({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
            tables: [...document.querySelectorAll('table')].filter((t) => t.scrollWidth > ${width}).length })`,
      );
      await page.close();
      expect(tables, `${width} px: a table wider than the window`).toBeGreaterThan(0);
      expect(scroll, `${width} px`).toBe(client);
    }
  }, 60_000);

  it("a sweep's table keeps each figure on one line: '1.08 ± 0.00', not '1.08 ±' over '0.00'", async () => {
    // Before: the points table, squeezed to the page's width, broke the narrow carbon column's cells in two.
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-report-sweep-'));
    await runSweep({
      model: join(import.meta.dirname, '..', 'fixtures', 'sizing-outage.yaml'),
      vary: ['supply[1].energy=20000 kWh,25 MWh,0.03 GWh', 'supply[1].power=1500 kW,2 MW'],
      replicates: 2,
      duration: '3d', // carbon 1.08 t: a column narrower than its cells
      out: dir,
      workers: 1,
    });
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.goto(pathToFileURL(writeReport(dir)).href, { waitUntil: 'load' });
    // Each cell's lines: its height over its line height (padding aside).
    const cells = await page.evaluate<{ text: string; lines: number }[]>(
      `[...document.querySelectorAll('td')].map((td) => {
        const r = document.createRange(); r.selectNodeContents(td);
        return { text: td.textContent, lines: r.getClientRects().length };
      })`,
    );
    await page.close();
    // Figures with an interval ('1.08 ± 0.00') or alike in both replicates ('1.08 in every run').
    const figures = cells.filter((c) => c.text.includes('±') || c.text.includes('in every run'));
    expect(figures.length).toBeGreaterThan(20);
    expect(figures.filter((c) => c.lines > 1)).toEqual([]);
    // The paired changes from the first point, a row for each of the other five points (differences.csv was in no
    // table of the report: only its charts).
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(
      /<h2>Changes from the first point \(supply\[1\]\.energy 20,?000 kWh, supply\[1\]\.power 1,?500 kW\)<\/h2>/,
    );
    const changes = html.slice(html.indexOf('<h2>Changes'), html.indexOf('<h2>Charts'));
    expect(changes.match(/<tr><td>/g)).toHaveLength(5);
    expect(changes).toContain('Mean change ± half its 95% interval over the pairs of runs');
  }, 60_000);

  it('printed on A4 (718 px between margins), no table column or model line runs off the page', async () => {
    // Before: a table's box scrolled sideways in print too, where no one can scroll: the sweep report's points
    // lost their last two columns (unmet energy, loss-of-load hours), a run's sources' energy-and-cost table its
    // export revenue (796 px), and the model its long lines (the default preset's description cut at 'infe').
    const run = reportOf();
    writeFileSync(
      join(run.dir, 'model.yaml'),
      `${readFileSync(join(run.dir, 'model.yaml'), 'utf8')}# ${'a long comment line, as the presets have; '.repeat(5)}\n`,
    );
    const sweep = mkdtempSync(join(tmpdir(), 'dcpsim-report-print-'));
    await runSweep({
      model: join(import.meta.dirname, '..', 'fixtures', 'sizing-outage.yaml'),
      vary: ['supply[1].energy=20000 kWh,25 MWh', 'supply[1].power=1500 kW,2 MW'],
      replicates: 2,
      duration: '3d',
      out: sweep,
      workers: 1,
    });
    for (const file of [writeReport(run.dir), writeReport(sweep)]) {
      const page = await browser.newPage({ viewport: { width: 718, height: 900 } });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      // On paper no cursor reads a value: the legend printed 'time (UTC): —' and 'smr: —' under every interactive chart
      // (break59 noticed); it now prints the series' names and colours alone.
      const blank = await page.evaluate<string[]>(
        `[...document.querySelectorAll('.u-legend .u-value, .u-legend .u-series:first-child')]
           .filter((e) => getComputedStyle(e).display !== 'none').map((e) => e.textContent)`,
      );
      expect(blank, basename(dirname(file))).toEqual([]);
      const over = await page.evaluate<string[]>(
        `[...document.querySelectorAll('table, pre')].filter((e) =>
           e.getBoundingClientRect().right > innerWidth + 0.5 || e.scrollWidth > e.clientWidth + 0.5)
         .map((e) => e.tagName + ' ' + e.textContent.slice(0, 40))`,
      );
      await page.close();
      expect(over, basename(dirname(file))).toEqual([]);
    }
  }, 60_000);

  it.skipIf(!havePdftotext)(
    'printed, no page ends with a heading or a chart title whose table or chart is on the next',
    async () => {
      // Before: saved as PDF (Letter, Chromium's default margins), a year of smr-campus by the hour ended page 2 with the
      // title of the dispatch chart and page 3 with "Price and carbon: ...", their charts on the next pages, and a
      // 40-day run of plan-smr by the day ended page 1 with "Key figures", its table on page 2.
      const runs = [
        ['smr-campus', ['duration=365d', 'step=1h']],
        ['plan-smr', ['duration=40d', 'step=1d']],
      ] as const;
      for (const [model, set] of runs) {
        const out = mkdtempSync(join(tmpdir(), 'dcpsim-report-pages-'));
        runScenario({ model, out, set: [...set], sync: false });
        const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
        await page.goto(pathToFileURL(writeReport(out)).href, { waitUntil: 'load' });
        const headings = await page.evaluate<string[]>(
          `[...document.querySelectorAll('h2, h3, .u-title')].map((e) => e.textContent.replace(/\\s+/g, ' ').trim())`,
        );
        const pdf = join(out, 'report.pdf');
        await page.pdf({ path: pdf, format: 'Letter' });
        await page.close();
        const pages = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout.split('\f');
        const ends = pages
          .map(
            (text) =>
              text
                .split('\n')
                .map((l) => l.replace(/\s+/g, ' ').trim())
                .filter((l) => l !== '')
                .at(-1) ?? '',
          )
          .filter((last) => last.length > 6 && headings.some((h) => h.endsWith(last)));
        expect(pages.length, model).toBeGreaterThan(4);
        expect(ends, model).toEqual([]);
      }
    },
    120_000,
  );

  it.skipIf(!haveLayoutFont && !inCi)(
    'lays out as the reference: the boxes of its headings, charts and tables, and the page shrunk to a thumbnail',
    async () => {
      const { file } = reportOf();
      const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const boxes = await page.evaluate<Box[]>(BOXES);
      const shot = (await page.screenshot({ fullPage: true })).toString('base64');
      const thumb = await shrink(page, shot, THUMB_WIDTH);
      await page.close();
      if (process.env.UPDATE_REFERENCE) {
        writeFileSync(LAYOUT, `[\n${boxes.map((b) => JSON.stringify(b)).join(',\n')}\n]\n`);
        writeFileSync(THUMB, Buffer.from(thumb.png, 'base64'));
      }
      // Boxes: the same blocks in the same order, at the same left edge; sizes and places within what other fonts move them.
      const want = JSON.parse(readFileSync(LAYOUT, 'utf8')) as Box[];
      expect(boxes.map((b) => b.what)).toEqual(want.map((b) => b.what));
      boxes.forEach((b, i) => {
        const w = want[i];
        expect(Math.abs(b.x - w.x), `${b.what} x`).toBeLessThanOrEqual(2);
        expect(Math.abs(b.w - w.w), `${b.what} width`).toBeLessThanOrEqual(Math.max(2, 0.1 * w.w));
        expect(Math.abs(b.h - w.h), `${b.what} height`).toBeLessThanOrEqual(Math.max(8, 0.1 * w.h));
        expect(Math.abs(b.y - w.y), `${b.what} top`).toBeLessThanOrEqual(Math.max(16, 0.05 * w.y));
      });
      // Pixels: the thumbnail (a tenth of the page's width: text blurs to grey, charts and blocks stay) against the stored one.
      const page2 = await browser.newPage();
      const ref = await shrink(page2, readFileSync(THUMB).toString('base64'), thumb.w, thumb.h);
      await page2.close();
      expect(Math.abs(thumb.h - ref.sourceHeight) / ref.sourceHeight).toBeLessThan(0.05);
      let sum = 0;
      let far = 0;
      thumb.grey.forEach((g, i) => {
        const d = Math.abs(g - ref.grey[i]);
        sum += d;
        if (d > 64) far++;
      });
      expect(sum / thumb.grey.length, 'mean grey difference').toBeLessThan(8);
      expect(far / thumb.grey.length, 'share of cells far off').toBeLessThan(0.03);
    },
    60_000,
  );
});

interface Box {
  what: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The reference layout, from the small-run fixture at 1000 px: regenerate deliberately with UPDATE_REFERENCE=1 after a change to the report's layout. */
const LAYOUT = join(import.meta.dirname, 'report-layout.json');
const THUMB = join(import.meta.dirname, 'report-layout.png');
const THUMB_WIDTH = 100;

/** Each block of the page, in order: headings, figures, interactive charts, tables, the model. */
const BOXES = `[...document.querySelectorAll('h1, h2, h3, figure, .live, table, details, pre')].map((e) => {
  const b = e.getBoundingClientRect();
  return { what: e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''), x: Math.round(b.left), y: Math.round(b.top + scrollY), w: Math.round(b.width), h: Math.round(b.height) };
})`;

/**
 * A PNG (base64) shrunk in the browser (no image library needed) to \`width\` pixels (and \`height\`, or in
 * proportion): its grey levels, row by row, and the shrunk PNG; with the source's height shrunk in proportion.
 */
async function shrink(page: import('playwright-core').Page, png: string, width: number, height?: number) {
  return page.evaluate<{ w: number; h: number; sourceHeight: number; grey: number[]; png: string }>(`(async () => {
    const img = new Image();
    img.src = 'data:image/png;base64,${png}';
    await img.decode();
    const c = document.createElement('canvas');
    c.width = ${width};
    c.height = ${height ?? 'Math.round((img.height * c.width) / img.width)'};
    const g = c.getContext('2d');
    g.imageSmoothingEnabled = true;
    g.imageSmoothingQuality = 'high';
    g.drawImage(img, 0, 0, c.width, c.height);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    const grey = [];
    for (let i = 0; i < d.length; i += 4) grey.push(Math.round(0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2]));
    return { w: c.width, h: c.height, sourceHeight: Math.round((img.height * c.width) / img.width), grey, png: c.toDataURL('image/png').split(',')[1] };
  })()`);
}
