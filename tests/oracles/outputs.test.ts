/**
 * What a user reads, against readers that share no code with the writers:
 *
 * - the workbook (docs/outputs.md) read by LibreOffice (`soffice --headless --convert-to csv`, every sheet), over random
 *   runs and both --timestamps: each sheet's cells are the CSV's (numbers to the 15 digits it shows, dates to the
 *   second, booleans), the timeseries sheet's under its units row, the summary sheet summary.csv's figures
 *   (tests/output/workbook.test.ts does the table sheets of one plan). Skipped where LibreOffice is not installed;
 * - the run's closing table and report.html (its Summary table and every figure row that names its figure) against
 *   summary.json over the presets, each figure within half a unit of the last digit shown.
 *
 * Seeded: `DCPSIM_FUZZ_RUNS=20 DCPSIM_FUZZ_SEED=7 npx vitest run tests/oracles/outputs.test.ts` explores further.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { parseCsv } from '../../src/model/csv-parse.ts';
import { writeReport } from '../../src/output/charts/report.ts';
import { runTable } from '../../src/output/terminal/run-table.ts';
import { writeWorkbook } from '../../src/output/tables/workbook.ts';
import { runScenario } from '../../src/run.ts';
import { type Json, oracleDir, report, RUNS, SEED } from '../helpers/oracle.ts';
import { arbModel, modelOf } from '../helpers/small-model.ts';

const tmp = oracleDir('outputs');

/** What each check met, printed with DCPSIM_FUZZ_VERBOSE. */
const tally: string[] = [];
afterAll(() => {
  if (process.env.DCPSIM_FUZZ_VERBOSE) console.log(tally.join('\n'));
});

// ---------------------------------------------------------------------------------------------
// The workbook as LibreOffice reads it

/** LibreOffice, when installed: a reader of run.xlsx that shares no code with its writer (exceljs). */
const SOFFICE = ['/usr/bin/soffice', '/usr/local/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));

/** Every sheet of a workbook as LibreOffice shows it, each to <dir>/<book>-<sheet>.csv (UTF-8, values as shown). */
function sheetsByLibreOffice(xlsx: string, dir: string): void {
  // A profile of its own, so that another LibreOffice on the machine does not take the conversion.
  const profile = join(dir, 'lo-profile');
  execFileSync(
    SOFFICE!,
    [
      `-env:UserInstallation=file://${profile}`,
      '--headless',
      '--convert-to',
      // Comma, double quote, UTF-8, from line 1, ..., each sheet to its own file (-1).
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
      '--outdir',
      dir,
      xlsx,
    ],
    { stdio: 'ignore', timeout: 120_000 },
  );
}

/**
 * A CSV cell and the cell LibreOffice shows: the same number (15 significant digits shown, and at most 20 decimals
 * written without an exponent: a share of 3.625695131575569e-7 is shown 0.00000036256951315756, 14 digits), date,
 * boolean or text.
 */
function sameShown(csv: string, shown: string, date: boolean): boolean {
  if (csv === '') return shown === '';
  if (date) return Date.parse(`${csv.replace(' ', 'T')}Z`) === Date.parse(`${shown.replace(' ', 'T')}Z`);
  if (csv === 'true' || csv === 'false') return shown === csv.toUpperCase();
  const x = Number(csv);
  if (Number.isFinite(x) && shown !== '') {
    const y = Number(shown);
    // Cut at its 20th decimal: the same to half of it.
    const cut = /^-?\d*\.\d{20}$/.test(shown) ? 5e-21 : 0;
    return Math.abs(x - y) <= Math.max(5e-15 * Math.abs(x), cut, 1e-300) || x === y;
  }
  return csv === shown;
}

async function checkWorkbookByLibreOffice(
  seed: number,
  timestamps: 'excel' | 'iso',
  failures: string[],
): Promise<string> {
  const m = fc.sample(arbModel, { seed, numRuns: 1 })[0];
  const { model } = modelOf({ ...m, training: true, hours: Math.max(m.hours, 48) });
  const dir = join(tmp, `xlsx-${seed}`);
  mkdirSync(dir);
  const run = join(dir, 'run');
  const file = join(dir, 'model.json');
  writeFileSync(file, JSON.stringify(model, null, 1));
  runScenario({ model: file, out: run, timestamps, sync: false });
  await writeWorkbook(run);
  sheetsByLibreOffice(join(run, 'run.xlsx'), dir);
  let cells = 0;
  for (const t of ['yearly', 'monthly', 'cashflow', 'training', 'outages', 'timeseries']) {
    if (!existsSync(join(run, `${t}.csv`))) continue;
    const sheet = join(dir, `run-${t}.csv`);
    if (!existsSync(sheet)) {
      failures.push(`LibreOffice finds no sheet ${t}`);
      continue;
    }
    const want = parseCsv(readFileSync(join(run, `${t}.csv`), 'utf8'), ',').rows;
    let got = parseCsv(readFileSync(sheet, 'utf8'), ',').rows;
    // The series sheet has a units row under its header.
    if (t === 'timeseries') got = [got[0], ...got.slice(2)];
    if (got.length !== want.length)
      failures.push(`${t}: LibreOffice reads ${got.length} rows, the CSV has ${want.length}`);
    const header = want[0];
    for (let i = 0; i < Math.min(got.length, want.length); i++)
      for (let j = 0; j < header.length; j++) {
        const w = want[i][j] ?? '';
        const g = got[i][j] ?? '';
        cells++;
        if (!sameShown(w, g, i > 0 && (header[j].endsWith('_utc') || header[j] === 'timestamp_utc')))
          failures.push(
            `${t} row ${i + 1} ${header[j]}: LibreOffice reads ${JSON.stringify(g)}, the CSV has ${JSON.stringify(w)}`,
          );
      }
  }
  // The summary sheet: figure, value, unit, group; every figure of summary.csv but the bookkeeping.
  const summary = parseCsv(readFileSync(join(run, 'summary.csv'), 'utf8'), ',').rows;
  const shown = new Map(
    parseCsv(readFileSync(join(dir, 'run-summary.csv'), 'utf8'), ',').rows.map((r) => [r[0], r[1]]),
  );
  for (const [j, h] of summary[0].entries()) {
    if (['step_s', 'rows', 'events'].includes(h)) continue;
    cells++;
    if (!shown.has(h)) failures.push(`summary sheet: LibreOffice finds no row ${h}`);
    else if (!sameShown(summary[1][j], shown.get(h)!, false))
      failures.push(`summary sheet ${h}: LibreOffice reads ${shown.get(h)}, summary.csv has ${summary[1][j]}`);
  }
  rmSync(dir, { recursive: true, force: true });
  return `workbook ${seed} (--timestamps ${timestamps}): ${cells} cells as LibreOffice reads them`;
}

// ---------------------------------------------------------------------------------------------
// The run's closing table against summary.json

/** A number as the table shows it ("1,234.5", "-0.00") and its last decimal's place. */
function shownNumber(text: string): { x: number; half: number } {
  const t = text.trim().replace(/,/g, '');
  const dot = t.indexOf('.');
  return { x: Number(t), half: 0.5 * 10 ** -(dot < 0 ? 0 : t.length - dot - 1) };
}

/** The presets, shortened: every figure the closing table prints is summary.json's, rounded as shown. */
function checkTable(preset: string, failures: string[]): string {
  const out = join(tmp, `table-${preset}`);
  const r = runScenario({ model: preset, duration: '20d', out, sync: false });
  const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  const text = runTable(r.summary, 'timeseries.csv', 1);
  const lines = text.split('\n');
  let checked = 0;
  /** The shown number against the figure: within half a unit of its last decimal (and a hair for binary). */
  const same = (what: string, shown: string, figure: number, scale = 1): void => {
    const { x, half } = shownNumber(shown);
    checked++;
    if (!(Math.abs(x - figure / scale) <= half * (1 + 1e-9) + 1e-12 * Math.abs(figure / scale)))
      failures.push(`${preset}: ${what} shows ${shown.trim()}, summary.json ${figure / scale}`);
  };
  // The table: a header naming the columns' units, then rows of label, energy, cost, carbon.
  const head = lines.findIndex((l) => /energy (kWh|MWh)/.test(l));
  const units = /energy (kWh|MWh)\s+cost (\$M|USD)\s+carbon (kg|t)/.exec(lines[head]);
  if (!units) {
    failures.push(`${preset}: no table header in\n${text}`);
    return '';
  }
  const E = units[1] === 'kWh' ? 1e-3 : 1;
  const C = units[2] === '$M' ? 1e6 : 1;
  const K = units[3] === 't' ? 1e3 : 1;
  // Columns by the header's right edges: each value is right-aligned under its heading.
  const edges = ['energy', 'cost', 'carbon'].map((w) => {
    const at = lines[head].indexOf(w);
    return lines[head].indexOf(' ', at + w.length + 1) < 0
      ? lines[head].length
      : lines[head].indexOf(' ', at + w.length + 1);
  });
  const cells = (l: string): string[] => {
    const out: string[] = [];
    let from = lines[head].indexOf('energy') - 1;
    for (const e of edges) {
      out.push(l.slice(Math.max(0, from), e).trim());
      from = e;
    }
    return out;
  };
  const rows = new Map<string, string[]>();
  for (let i = head + 1; i < lines.length && lines[i].startsWith(' ') !== undefined; i++) {
    const l = lines[i];
    if (!/\d/.test(l.slice(lines[head].indexOf('energy') - 1))) break;
    rows.set(l.slice(0, lines[head].indexOf('energy') - 1).trim(), cells(l));
  }
  const row = (label: string): string[] | undefined => {
    const got = rows.get(label);
    if (!got) failures.push(`${preset}: no row "${label}" in\n${text}`);
    return got;
  };
  const it = row('IT load');
  if (it) same('IT energy', it[0], s.energy_mwh.it / E);
  const fac = [...rows.keys()].find((k) => k.startsWith('facility (PUE '));
  if (!fac) failures.push(`${preset}: no facility row`);
  else {
    same('PUE', fac.slice('facility (PUE '.length, -1), s.pue);
    const f = rows.get(fac)!;
    same('facility energy', f[0], s.energy_mwh.facility / E);
    same('facility cost', f[1], s.cost_usd / C);
    same('facility carbon', f[2], s.carbon_kg / K);
  }
  for (const src of s.sources) {
    const fr = row(`from ${src.name}`);
    const split = src.cost_split_usd;
    if (fr) {
      same(`${src.name} energy`, fr[0], src.energy_mwh / E);
      // Its row's cost: what it is paid less its energy to storage and to export, which have rows of their own.
      same(`${src.name} cost`, fr[1], (src.cost_usd - (split?.storage ?? 0) - (split?.export ?? 0)) / C);
      // Its row's carbon: of its energy to the load; its energy to storage's is on that row.
      same(`${src.name} carbon`, fr[2], (src.carbon_kg - (src.to_storage_carbon_kg ?? 0)) / K);
    }
    if ((src.to_storage_mwh ?? 0) > 0) {
      const st = row(`${src.name} to storage`);
      if (st) {
        same(`${src.name} to storage`, st[0], src.to_storage_mwh / E);
        same(`${src.name} to storage cost`, st[1], (split?.storage ?? 0) / C);
        same(`${src.name} to storage carbon`, st[2], (src.to_storage_carbon_kg ?? 0) / K);
      }
    }
    if ((src.to_export_mwh ?? 0) > 0) {
      const ex = row(`${src.name} exported`);
      if (ex) {
        same(`${src.name} exported`, ex[0], src.to_export_mwh / E);
        same(`${src.name} exported cost`, ex[1], (split?.export ?? 0) / C);
      }
    }
  }
  const un = row('unmet');
  if (un) same('unmet', un[0], s.energy_mwh.unmet / E);
  const cu = row('curtailed');
  if (cu) same('curtailed', cu[0], s.energy_mwh.curtailed / E);
  const exported = [...rows.keys()].find((k) => k.startsWith('exported: revenue'));
  if (s.reliability.exported_mwh > 0 || (s.costs_usd?.export_revenue ?? 0) !== 0) {
    if (!exported) failures.push(`${preset}: exports ${s.reliability.exported_mwh} MWh and no exported row`);
    else {
      same('exported', rows.get(exported)![0], s.reliability.exported_mwh / E);
      same('export revenue', rows.get(exported)![1], -(s.costs_usd?.export_revenue ?? 0) / C);
    }
  }
  // The cost column adds up to the facility's net cost (to the rounding of its rows).
  if (fac) {
    const costRows = [...rows.entries()].filter(([k]) => k !== fac && k !== 'IT load' && rows.get(k)![1] !== '');
    const sum = costRows.reduce((a, [, c]) => a + shownNumber(c[1]).x, 0);
    const slack = costRows.reduce((a, [, c]) => a + shownNumber(c[1]).half, 0) + shownNumber(rows.get(fac)![1]).half;
    checked++;
    if (Math.abs(sum - shownNumber(rows.get(fac)![1]).x) > slack * (1 + 1e-9))
      failures.push(`${preset}: the cost column's rows sum to ${sum}, the facility row shows ${rows.get(fac)![1]}`);
  }
  // The lines under it.
  const peak =
    /^peak facility ([\d,.]+) (kW|MW); jobs ([\d,]+)\/([\d,]+) done, mean wait (at least )?([\d,.]+) h(?: \(([\d,]+) still queued at the end, (?:its wait|their waits) counted to it\))?$/m.exec(
      text,
    );
  if (!peak) failures.push(`${preset}: no peak line`);
  else {
    same('peak facility', peak[1], s.peak_kw.facility / (peak[2] === 'MW' ? 1000 : 1));
    const count = (t: string): number => Number(t.replace(/,/g, ''));
    if (count(peak[3]) !== s.jobs.completed || count(peak[4]) !== s.jobs.submitted)
      failures.push(`${preset}: jobs ${peak[3]}/${peak[4]}, summary.json ${s.jobs.completed}/${s.jobs.submitted}`);
    same('mean wait', peak[6], s.jobs.mean_wait_h);
    // A lower bound, said so with the count, exactly when jobs are still queued at the end.
    checked++;
    if ((peak[5] !== undefined) !== s.jobs.queued > 0 || count(peak[7] ?? '0') !== s.jobs.queued)
      failures.push(`${preset}: mean wait line '${peak[0]}' with ${s.jobs.queued} queued at the end`);
  }
  const lol = /^loss-of-load hours ([\d,.]+); 24\/7 carbon-free score \(hourly\) (over |under )?([\d.]+)%/m.exec(text);
  if (!lol) failures.push(`${preset}: no loss-of-load line`);
  else {
    same('loss-of-load hours', lol[1], s.reliability.loss_of_load_hours);
    // 'over 99.9%' short of a full score, 'under 0.1%' above none: never 100.0% or 0.0% for either.
    const cfe = s.reliability.cfe_score;
    if (lol[2] === 'over ') {
      checked++;
      if (!(cfe >= 0.999 && cfe < 1)) failures.push(`${preset}: CFE score over ${lol[3]}%, summary.json ${cfe}`);
    } else if (lol[2] === 'under ') {
      checked++;
      if (!(cfe > 0 && cfe < 0.001)) failures.push(`${preset}: CFE score under ${lol[3]}%, summary.json ${cfe}`);
    } else same('CFE score', lol[3], cfe * 100);
  }
  const money = (t: string): number =>
    t.endsWith('M') ? Number(t.slice(1, -1).replace(/,/g, '')) * 1e6 : Number(t.replace(/[, USD]/g, ''));
  const moneyHalf = (t: string): number => shownNumber(t.replace(/[$M USD]/g, '')).half * (t.endsWith('M') ? 1e6 : 1);
  const npc =
    /^(\d+) years? at ([\d.]+)%: NPC (\S+(?: USD)?)(?: \(supplies (\S+(?: USD)?), hardware (\S+(?: USD)?)\))?, (\S+(?: USD)?) a year; LCOE ([\d,.-]+) \$\/MWh/m.exec(
      text,
    );
  if (s.economics) {
    if (!npc) failures.push(`${preset}: no economics line in\n${text}`);
    else {
      const e = s.economics;
      const m = (what: string, t: string | undefined, v: number): void => {
        if (t === undefined) return;
        checked++;
        if (Math.abs(money(t) - v) > moneyHalf(t) * (1 + 1e-9))
          failures.push(`${preset}: ${what} shows ${t}, summary.json ${v}`);
      };
      if (Number(npc[1]) !== e.years) failures.push(`${preset}: ${npc[1]} years, summary.json ${e.years}`);
      same('discount rate', npc[2], e.discount_rate * 100);
      m('NPC', npc[3], e.npc_usd);
      m('supplies NPC', npc[4], e.supply_npc_usd);
      m('hardware NPC', npc[5], e.hardware_npc_usd);
      m('annualised cost', npc[6], e.annualized_cost_usd);
      same('LCOE', npc[7], e.lcoe_usd_per_mwh);
      // One unit for the line's amounts (was 'NPC $5.74M, 934,785 USD a year').
      const amounts = [npc[3], npc[4], npc[5], npc[6]].filter((t) => t !== undefined);
      checked++;
      if (new Set(amounts.map((t) => t.endsWith('M'))).size > 1)
        failures.push(`${preset}: the economics line mixes $M and USD: ${amounts.join(', ')}`);
    }
  }
  // The policy's line (docs/policies.md): against summary.json `policy`.
  const pol = s.policy;
  const pl =
    /^policy against the same run without it: carbon saved (\S+) (t|kg) \((-?[\d.]+)%: (\S+) (?:t|kg) by drawing less energy, (\S+) (?:t|kg) by drawing cleaner\), cost saved (\S+) (\$M|USD) \((-?[\d.]+)%\)(?: on energy, \S+ (?:\$M|USD) on demand charges \([^)]*\))?; work done (-?[\d.]+)%(?:, inference tokens served -?[\d.]+%)?(?:, goodput [^;]+; work per chip-hour held, a paused run keeping its chips\))?, energy moved (\S+) (kWh|MWh) out of its hours; 24\/7 CFE ([+-]?[\d.]+) points; deadline misses (\d+) \(without: (\d+)\)$/m.exec(
      text,
    );
  if (pol) {
    if (!pl) failures.push(`${preset}: no policy line in\n${text}`);
    else {
      const k = pl[2] === 't' ? 1e3 : 1;
      same('carbon saved', pl[1], pol.carbon_saved_kg / k);
      same('carbon saved share', pl[3], pol.carbon_saved_share * 100);
      same('carbon saved by less energy', pl[4], pol.carbon_saved_by_less_energy_kg / k);
      same('carbon saved by cleaner energy', pl[5], pol.carbon_saved_by_cleaner_energy_kg / k);
      same('cost saved', pl[6], pol.cost_saved_usd / (pl[7] === '$M' ? 1e6 : 1));
      same('cost saved share', pl[8], pol.cost_saved_share * 100);
      same('work done', pl[9], -pol.throughput_lost_share * 100);
      same('energy moved', pl[10], pol.energy_moved_out_mwh / (pl[11] === 'kWh' ? 1e-3 : 1));
      same('CFE change', pl[12], pol.cfe_score_change * 100);
      if (Number(pl[13]) !== pol.deadline_misses || Number(pl[14]) !== pol.baseline_deadline_misses)
        failures.push(
          `${preset}: deadline misses ${pl[13]} (without ${pl[14]}), summary.json ${pol.deadline_misses} (${pol.baseline_deadline_misses})`,
        );
    }
  }
  // An SMR fleet's availability, unit by unit, and the fleet's expected.
  for (const src of s.sources.filter(
    (x: Json) => x.kind === 'smr' && x.detail?.units?.some((u: Json) => u.availability < 1),
  )) {
    const av = new RegExp(
      `^${src.name}'s (?:unit was|\\d+ units were) available (.*) of the time(?: \\(expected ([\\d.]+)%\\))?`,
      'm',
    ).exec(text);
    if (!av) failures.push(`${preset}: no availability line for ${src.name}`);
    else {
      const shown = av[1].split(/, | and /).map((x) => x.replace('%', ''));
      if (shown.length !== src.detail.units.length)
        failures.push(`${preset}: ${shown.length} availabilities shown of ${src.detail.units.length} units`);
      shown.forEach((x: string, i: number) =>
        same(`${src.name} unit ${i + 1} availability`, x, (src.detail.units[i]?.availability ?? NaN) * 100),
      );
      if (av[2] !== undefined) same(`${src.name} expected availability`, av[2], src.detail.expected_availability * 100);
    }
  }
  const inReport = checkReport(out, preset, failures);
  return `${preset}: ${checked} figures of the closing table, ${inReport} of report.html`;
}

/** A summary.json figure by the dotted name the report gives it (list items by their name, else their index). */
function flatByName(o: unknown, pre = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(o))
    o.forEach((v, i) =>
      flatByName(v, `${pre}${v && typeof v === 'object' && 'name' in v ? (v as Json).name : i}.`, out),
    );
  else if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) flatByName(v, `${pre}${k}.`, out);
  else out.set(pre.slice(0, -1), o);
  return out;
}

/** Shown units per base unit: how many of the shown unit one base unit is. */
const SHOWN: Record<string, Record<string, number>> = {
  MWh: { mwh: 1, kwh: 1e-3 },
  kWh: { mwh: 1e3, kwh: 1 },
  GWh: { mwh: 1e-3, kwh: 1e-6 },
  $M: { usd: 1e-6 },
  USD: { usd: 1 },
  t: { kg: 1e-3 },
  kg: { kg: 1 },
  MW: { kw: 1e-3 },
  kW: { kw: 1 },
  GW: { kw: 1e-6 },
  h: { h: 1 },
  J: { j: 1 },
};

/** report.html's figure tables (key figures, all figures): each row names its figure; its value is summary.json's. */
function checkReport(dir: string, what: string, failures: string[]): number {
  writeReport(dir);
  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  const figures = flatByName(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')));
  const unescape = (t: string): string =>
    t
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  let checked = 0;
  for (const m of html.matchAll(/<tr><td title="([^"]+)">[^<]*<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)) {
    const [, name, cell, unitText] = m;
    const unit = unescape(unitText);
    if (!figures.has(name)) {
      failures.push(`${what}: report.html names ${name}, not a figure of summary.json`);
      continue;
    }
    const v = figures.get(name);
    if (typeof v !== 'number') continue;
    // The figure's own unit: the last unit word of its name before any "per" (by_category: USD).
    const words = name.toLowerCase().replace('by_category', 'x_usd').split(/[._]/);
    const per = words.includes('per') ? words.indexOf('per') : words.length;
    const own = words
      .slice(1, per)
      .filter((w) => ['mwh', 'kwh', 'usd', 'kg', 'kw', 'h', 'j'].includes(w))
      .at(-1);
    const base = unit.split('/')[0];
    // A share of 1 in per cent, and a change of one in percentage points (figures.ts isShare, shareUnit): 100 to the unit.
    const f = unit === '%' || unit === 'points' ? 100 : own !== undefined && SHOWN[base] ? SHOWN[base][own] : 1;
    if (f === undefined) {
      failures.push(`${what}: ${name} shown in ${unit}`);
      continue;
    }
    const { x, half } = shownNumber(unescape(cell));
    checked++;
    if (!(Math.abs(x - v * f) <= half * (1 + 1e-9) + 1e-12 * Math.abs(v * f)))
      failures.push(`${what}: report.html shows ${name} ${cell} ${unit}, summary.json ${v}`);
  }
  // The Summary table: energy, cost and carbon in its header's units, and each source's share of supply.
  const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
  const at = html.indexOf('<h2>Summary</h2>');
  const tableHtml = html.slice(at, html.indexOf('</table>', at));
  const units = /energy \((kWh|MWh|GWh)\)<\/th><th>cost \((USD|\$M)\)<\/th><th>carbon \((kg|t) CO2e\)/.exec(tableHtml);
  if (!units) failures.push(`${what}: report.html's Summary table has no units`);
  else {
    const [E, C, K] = [SHOWN[units[1]].mwh, SHOWN[units[2]].usd, SHOWN[units[3]].kg];
    const rows = new Map<string, string[]>();
    for (const r of tableHtml.matchAll(/<tr><td>([^<]*)<\/td>((?:<td>[^<]*<\/td>)+)<\/tr>/g))
      rows.set(
        unescape(r[1]),
        [...r[2].matchAll(/<td>([^<]*)<\/td>/g)].map((c) => unescape(c[1])),
      );
    const same = (label: string, k: number, v: number, f: number): void => {
      const cell = rows.get(label)?.[k];
      if (cell === undefined) {
        failures.push(`${what}: report.html's Summary table has no "${label}" row`);
        return;
      }
      const { x, half } = shownNumber(cell.replace('%', ''));
      checked++;
      if (!(Math.abs(x - v * f) <= half * (1 + 1e-9) + 1e-12 * Math.abs(v * f)))
        failures.push(`${what}: report.html's Summary "${label}" column ${k + 1} shows ${cell}, summary.json ${v}`);
    };
    same('IT load', 0, s.energy_mwh.it, E);
    same('losses', 0, s.energy_mwh.losses, E);
    same('cooling', 0, s.energy_mwh.cooling, E);
    const fac = `facility (PUE ${s.pue.toFixed(3)})`;
    same(fac, 0, s.energy_mwh.facility, E);
    same(fac, 1, s.cost_usd, C);
    same(fac, 2, s.carbon_kg, K);
    for (const src of s.sources) {
      const label = `from ${src.name} (${src.kind})`;
      const split = src.cost_split_usd;
      same(label, 0, src.energy_mwh, E);
      // As the run's closing table: its energy to the load and what is paid for the rest but storage and export,
      // which have rows of their own (the smr row of default showed its exports' $256M beside its energy to the load).
      same(label, 1, src.cost_usd - (split?.storage ?? 0) - (split?.export ?? 0), C);
      same(label, 2, src.carbon_kg - (src.to_storage_carbon_kg ?? 0), K);
      same(label, 3, src.share, 100);
      if ((src.to_storage_mwh ?? 0) > 0) {
        same(`${src.name} to storage`, 0, src.to_storage_mwh, E);
        same(`${src.name} to storage`, 1, split?.storage ?? 0, C);
        same(`${src.name} to storage`, 2, src.to_storage_carbon_kg ?? 0, K);
      }
      if ((src.to_export_mwh ?? 0) > 0) {
        same(`${src.name} exported`, 0, src.to_export_mwh, E);
        same(`${src.name} exported`, 1, split?.export ?? 0, C);
      }
    }
    same('unmet', 0, s.energy_mwh.unmet, E);
    same('curtailed', 0, s.energy_mwh.curtailed, E);
    if (rows.has('exported: revenue')) {
      same('exported: revenue', 0, s.reliability.exported_mwh, E);
      same('exported: revenue', 1, -(s.costs_usd?.export_revenue ?? 0), C);
    }
  }
  if (checked === 0) failures.push(`${what}: no figures found in report.html`);
  return checked;
}

const PRESETS = [
  'default',
  'smr-campus',
  'plan-smr',
  'plan-fusion',
  'fusion-2028',
  'orbital-50k-h100',
  'gpt3-training',
  'deepspeed-chat-13b',
  'pjm-carbon-aware-2028',
];

describe('the workbook read by LibreOffice', () => {
  it.skipIf(SOFFICE === undefined)(
    `holds the CSVs' numbers, dates and booleans (${Math.max(1, Math.ceil(RUNS / 3))} runs, seed ${SEED})`,
    async () => {
      for (let k = 0; k < Math.max(1, Math.ceil(RUNS / 3)); k++) {
        const failures: string[] = [];
        tally.push(await checkWorkbookByLibreOffice(SEED + k, k % 2 ? 'iso' : 'excel', failures));
        report(failures, `seed ${SEED + k}`);
      }
    },
    180_000,
  );
});

describe("the run's closing table and report.html against summary.json", () => {
  // RUNS of the presets (all with DCPSIM_FUZZ_RUNS=9), in an order the seed draws, each over 20 days.
  const picked = fc.sample(fc.shuffledSubarray(PRESETS, { minLength: PRESETS.length }), { seed: SEED, numRuns: 1 })[0];
  const presets = picked.slice(0, Math.min(PRESETS.length, RUNS));
  it(`print summary.json's figures, rounded as shown (${presets.join(', ')}, 20 days)`, () => {
    for (const p of presets) {
      const failures: string[] = [];
      tally.push(checkTable(p, failures));
      report(failures, p);
    }
  }, 120_000);
});
