/**
 * The short table `dcpsim sweep` prints when it ends: each point's varied
 * values and its key figures, mean ± the half-width of the 95% interval
 * (an asymmetric interval, cut at zero for a figure that cannot be
 * negative, shows as its two ends; one run per point has none, and the
 * note under the table says so; a figure every replicate gives alike is
 * shown 'in every run'), in the units people read. The full
 * tables are in points.csv and differences.csv.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { figureWords, readableUnit, unitOf } from '../tables/figures.ts';
import { parseCsv } from '../../model/csv-parse.ts';
import { fitTable, humanNonZero, priceFigure } from './table.ts';
import { givenPct, scaledYearText, spanText } from './run-table.ts';
import type { VariedColumn } from '../tables/varied.ts';

/**
 * The key figures, where the points have them: the net present cost beside the run's net cost for a model with
 * economics, since the run's net cost leaves capital out (plan-smr's SMR energy is free to the run: more modules
 * cut the net cost as they add hundreds of $M of NPC).
 */
const KEYS = [
  'energy_mwh.facility',
  'cost_usd',
  'economics.npc_usd',
  'carbon_kg',
  'energy_mwh.unmet',
  'reliability.loss_of_load_hours',
];
const LOL = 'reliability.loss_of_load_hours';
/** Rows shown; the rest are counted. */
const MAX_ROWS = 20;

/** A varied column for people: titled by its field, a quantity's cells with their unit ("100 MWh"). */
type VariedTitle = string | Pick<VariedColumn, 'name' | 'path' | 'unit'>;

/** Each point's varied values and key figures (the first `limit` points), titled in words and units. */
export function keyFigureTable(
  header: string[],
  rows: string[][],
  variedColumns: readonly VariedTitle[],
  limit = rows.length,
  notes: TableNotes = POINT_NOTES,
): { titles: string[]; cells: string[][]; note: string; intervals: boolean } {
  const varied = variedColumns.map((v) => (typeof v === 'string' ? { name: v, path: v, unit: '' } : v));
  const col = (name: string) => header.indexOf(name);
  const num = (r: string[], c: string) => (col(c) >= 0 && r[col(c)] !== '' ? Number(r[col(c)]) : NaN);
  // Runs of more than a year (8,784 h) give their loss-of-load hours a year, the LOLE, as the run's table gives it
  // beside its total: a ten-year run's total read as hours a year is ten times too many.
  const years = rows.some((r) => num(r, 'duration_h.mean') > 8784);
  const keys = KEYS.map((k) => (k === LOL && years ? `${LOL}_per_year` : k)).filter((k) => col(`${k}.mean`) >= 0);
  const head = [
    ...varied.map((v) => v.path),
    ...keys.map((k) => {
      const max = Math.max(0, ...rows.map((r) => Math.abs(num(r, `${k}.mean`))).filter(Number.isFinite));
      const { unit, div } = readableUnit(unitOf(k), max);
      return { k, unit, div, decimals: max / div >= 100 ? 0 : 2 };
    }),
  ];
  let intervals = false;
  let figures = false;
  let dashes = false;
  let alike = false;
  let noLoss = false;
  const cells = rows.slice(0, limit).map((r) => [
    ...varied.map((v) => (r[col(v.name)] ?? '') + (v.unit && r[col(v.name)] ? ` ${v.unit}` : '')),
    ...head.slice(varied.length).map((h) => {
      if (typeof h === 'string') return '';
      const [m, lo, hi] = ['mean', 'ci95_lo', 'ci95_hi'].map((s) => num(r, `${h.k}.${s}`) / h.div);
      const f = (x: number) => humanNonZero(x, h.decimals);
      // A point whose every run failed (or without the figure) has no mean: a dash, as dcpsim diff shows one.
      if (!Number.isFinite(m)) {
        dashes = true;
        return '—';
      }
      figures = true;
      if (!Number.isFinite(lo) || !Number.isFinite(hi)) return f(m);
      intervals = true;
      // Every replicate gave the same figure (no loss of load in any): no spread, so no interval to give.
      if (hi - lo <= 1e-12 * Math.max(1, Math.abs(m))) {
        alike = true;
        noLoss ||= m === 0 && (h.k === 'energy_mwh.unmet' || h.k.startsWith('reliability.'));
        return `${f(m)} in every run`;
      }
      return Math.abs(hi - m - (m - lo)) <= 1e-9 * Math.max(1, Math.abs(m))
        ? `${f(m)} ± ${f(hi - m)}`
        : `${f(m)} (${f(lo)} to ${f(hi)})`;
    }),
  ]);
  const titles = head.map((h) => (typeof h === 'string' ? h : titled(figureWords(h.k), h.unit)));
  const agree = alike ? `${notes.alike}${noLoss ? notes.noLoss : ''}` : '';
  // Every cell a dash (every run failed) is not one run per point: the note said '--replicates 2 or more gives one'
  // under a sweep of 2 replicates whose baseline case failed.
  const note = intervals ? notes.interval + agree : dashes && !figures ? notes.none : notes.single;
  return { titles, cells, note: note + economicTerms(header, rows, keys), intervals };
}

/**
 * How each point's last project year is made whole where its runs end it in part, as the run's table says beside its
 * NPC ('years after 2 repeat year 2, which the run covers for 34 days, scaled to a whole year'): from each row's
 * yearly.<year>.hours (the runs' project years), or without them its duration_h as one year. '' where every run's
 * last year is whole.
 */
function scaledYears(
  header: string[],
  rows: string[][],
  years: number,
  range: (v: { lo: number; hi: number }, f: (x: number) => string) => string,
): string {
  const cells = (r: string[], is: number[]) => is.flatMap((i) => (r[i] === '' ? [] : [Number(r[i])]));
  // In the years' order, whichever point's columns came first (a varied start).
  const yearly = header
    .flatMap((h, i) => (/^yearly\.[^.]+\.hours(\.mean)?$/.test(h) ? [i] : []))
    .sort((a, b) => header[a].localeCompare(header[b]));
  const duration = header.findIndex((h) => h === 'duration_h.mean' || h === 'duration_h');
  // Each row's simulated years and its last one's hours (a failed point's empty cells give none).
  const last = rows.flatMap((r) => {
    const hours = yearly.length > 0 ? cells(r, yearly) : duration >= 0 ? cells(r, [duration]) : [];
    return hours.length === 0 || !Number.isFinite(hours[hours.length - 1])
      ? []
      : [{ n: hours.length, hours: hours[hours.length - 1] }];
  });
  const part = last.filter((x) => x.hours < 8760);
  if (part.length === 0) return '';
  const span = (xs: number[]) => ({ lo: Math.min(...xs), hi: Math.max(...xs) });
  const ran = range(span(part.map((x) => x.hours)), spanText);
  const n = span(part.map((x) => x.n));
  const again = years > n.lo ? ' and repeated' : '';
  if (part.length === last.length && n.lo === n.hi) return `, ${scaledYearText(n.lo, ran, years > n.lo)}`;
  return part.length === last.length
    ? `, each run's last year, run in part (${ran} of it), scaled to a whole year${again}`
    : `, each run's last year where run in part (${ran} of it), scaled to a whole year${again}`;
}

/**
 * The terms the net present cost is over, said under a table that shows it, as the run's table says them beside it
 * ("5 years at 10.0%, prices escalating 3.0% a year"): a sweep's table gave "net present cost USD" and a net cost
 * beside it with neither its years, its rate nor its escalation, nor that the net cost is the runs' own bill,
 * undiscounted. Points whose terms differ (economics.years or a rate varied) say each range.
 */
function economicTerms(header: string[], rows: string[][], keys: readonly string[]): string {
  if (!keys.includes('economics.npc_usd')) return '';
  // The lowest and highest over the points (a varied economics.years is its column, not a figure's mean).
  const span = (...names: string[]) => {
    const c = names.map((n) => header.indexOf(n)).find((i) => i >= 0);
    // A point whose every run failed has no cell (Number('') would read its terms as 0 years at 0 %).
    const v = c === undefined ? [] : rows.flatMap((r) => (r[c] === '' ? [] : [Number(r[c])])).filter(Number.isFinite);
    return v.length === 0 ? undefined : { lo: Math.min(...v), hi: Math.max(...v) };
  };
  const years = span('economics.years.mean', 'economics.years');
  const rate = span('economics.discount_rate.mean');
  const escalation = span('economics.escalation.mean') ?? { lo: 0, hi: 0 };
  if (!years || !rate) return '';
  const alike = (v: { lo: number; hi: number }) => Math.abs(v.hi - v.lo) <= 1e-12 * Math.max(1, Math.abs(v.hi));
  const range = (v: { lo: number; hi: number }, f: (x: number) => string) =>
    alike(v) ? f(v.lo) : `${f(v.lo)} to ${f(v.hi)}`;
  const own = [years, rate, escalation].every(alike) ? '' : "each point's own terms, ";
  const y = range(years, String);
  const escalating =
    escalation.lo === 0 && escalation.hi === 0 ? '' : `, prices escalating ${range(escalation, givenPct)} a year`;
  // Runs shorter than a year: each project year is the run scaled to a whole one (src/economics/cashflow.ts), as the
  // run's table says beside its NPC; a sweep over 30 days said 'over 10 years at 7.0%' alone. Likewise a last year run
  // in part after whole ones (400 days: its year 2, 34 days, scaled and repeated), from points.csv's yearly hours.
  const scaled = scaledYears(header, rows, years.hi, range);
  // What the NPC prices beyond the supplies' and hardware's flows, as the run's and the sizing's tables say: a carbon
  // price and a value of lost load were in every point's NPC and the note said nothing of them (2 years at 10 %, 100 $/t
  // growing 5 %: 291 of 3,883 USD). A point without one (its cell empty) prices it at 0.
  const priced = (name: string) => {
    // A varied figure is its column, not a mean (as economics.years above).
    const c = [`${name}.mean`, name].map((n) => header.indexOf(n)).find((i) => i >= 0) ?? -1;
    const npc = header.indexOf('economics.npc_usd.mean');
    const v = c < 0 ? [] : rows.filter((r) => r[npc] !== '').map((r) => (r[c] === '' ? 0 : Number(r[c])));
    return v.some((x) => x > 0) ? { lo: Math.min(...v), hi: Math.max(...v) } : undefined;
  };
  const dollars = priceFigure;
  const carbon = priced('economics.carbon_price_usd_per_t');
  const carbonGrowth = span('economics.carbon_escalation.mean', 'economics.carbon_escalation') ?? { lo: 0, hi: 0 };
  const lost = priced('economics.value_of_lost_load_usd_per_mwh');
  const prices = [
    ...(carbon
      ? [
          `carbon at ${range(carbon, dollars)} $/t (growing ${range(carbonGrowth, givenPct)} a year: economics.carbon_npc_usd)`,
        ]
      : []),
    ...(lost ? [`unmet energy at ${range(lost, dollars)} $/MWh (economics.lost_load_npc_usd)`] : []),
  ];
  // A grid's demand and fixed charges are billed by month in the economics, never in a run's net cost (cost_usd): a sweep
  // of demand_charge over 0, 12 and 24 $/kW-month read the same net cost at every point, the note naming only capital,
  // O&M and fuel as left out. The grids whose charges some point bills (summary.json's sources[].charges).
  const charged = [
    ...new Set(
      header.flatMap((h, c) => {
        const m = /^sources\.(.+)\.charges\.(?:demand|fixed)_usd\.mean$/.exec(h);
        return m && rows.some((r) => r[c] !== '' && Number(r[c]) !== 0) ? [m[1]] : [];
      }),
    ),
  ];
  const charges =
    charged.length === 0
      ? ''
      : `, nor ${charged.join(' and ')}'s demand and fixed charges, which are in the NPC and points.csv's ${charged.map((g) => `sources.${g}.charges`).join(' and ')}`;
  return (
    `; net present cost over ${own}${y} year${y === '1' ? '' : 's'} at ${range(rate, givenPct)}${escalating}${scaled}` +
    (prices.length > 0 ? `, pricing ${prices.join(' and ')}` : '') +
    ` (net cost: the runs' energy bill less export revenue, undiscounted, over the run: no capital, O&M or fuel${charges})`
  );
}

/** A figure's words and its unit, but not a unit the words already say ('loss-of-load hours h', '... a year h/yr'). */
const titled = (words: string, unit: string): string =>
  !unit || (/^h(\/yr)?$/.test(unit) && /\bhours\b/.test(words)) ? words : `${words} ${unit}`;

/** What a table's cells are, said under it. */
interface TableNotes {
  interval: string;
  alike: string;
  noLoss: string;
  single: string;
  /** Every cell a dash: no figure to give. */
  none: string;
}

/** What the table's figures are: means with half their interval, or (one run per point) each run's own figure. */
const INTERVAL_NOTE = 'mean ± half the 95% interval over the replicates';
/**
 * A figure the same in every replicate has no spread to give an interval from: '0.00 in every run', not '0.00 ± 0.00',
 * an interval of no width, which read as certainty (no loss of load in 3 runs is not none possible).
 */
const ALIKE_NOTE = '; "in every run": the replicates agree, no spread to give an interval';
const NO_LOSS_NOTE = ' (no loss of load in these runs does not make one impossible: more replicates or years bound it)';
const SINGLE_NOTE = 'one run per point: its figures, no interval (--replicates 2 or more gives one)';
const POINT_NOTES: TableNotes = {
  interval: INTERVAL_NOTE,
  alike: ALIKE_NOTE,
  noLoss: NO_LOSS_NOTE,
  single: SINGLE_NOTE,
  none: '—: no figures, every run of these points failed (see the error column of summary.csv)',
};
/** A change's cells: the mean of the pairs' differences (no loss of load in either run of a pair is a change of 0). */
const CHANGE_NOTES: TableNotes = {
  interval: 'mean change ± half its 95% interval over the pairs of runs',
  alike: '; "in every run": every pair gives the same change',
  noLoss: '',
  single: 'one run per point: the change between two runs, no interval (--replicates 2 or more gives one)',
  none: '—: no pair of runs to compare, the runs of each point or of its baseline having failed (see the error column of summary.csv)',
};

/** points.csv's run length by point (`duration_h.mean`), for changesTable. */
export function hoursOf(header: string[], rows: string[][]): Map<string, string> {
  const [p, h] = [header.indexOf('point'), header.indexOf('duration_h.mean')];
  return new Map(p < 0 || h < 0 ? [] : rows.map((r) => [r[p], r[h]]));
}

/**
 * differences.csv as the Points table: each compared point's key figures' changes from its baseline (the first point;
 * with cases, the first case's point at the same varied values), paired replicate by replicate, in the same words and
 * units. Its rows are a point's figures, one a row: here a row a point.
 */
export function changesTable(
  header: string[],
  rows: string[][],
  variedColumns: readonly VariedTitle[],
  limit = Infinity,
  /** points.csv's `duration_h.mean` by point: runs over a year give the LOLE, as the points' table does. */
  hours: ReadonlyMap<string, string> = new Map(),
): { titles: string[]; cells: string[][]; note: string; intervals: boolean; points: number } {
  const col = (name: string) => header.indexOf(name);
  const labels = header.slice(0, col('point'));
  const byPoint = new Map<string, Map<string, string>>();
  for (const r of rows) {
    const point = r[col('point')];
    let m = byPoint.get(point);
    if (!m) {
      m = new Map(labels.map((l) => [l, r[col(l)]]));
      m.set('duration_h.mean', hours.get(point) ?? '');
      byPoint.set(point, m);
    }
    const f = r[col('figure')];
    m.set(`${f}.mean`, r[col('difference.mean')]);
    m.set(`${f}.ci95_lo`, r[col('difference.ci95_lo')]);
    m.set(`${f}.ci95_hi`, r[col('difference.ci95_hi')]);
  }
  const pivot = [...new Set([...byPoint.values()].flatMap((m) => [...m.keys()]))];
  const pivoted = [...byPoint.values()].map((m) => pivot.map((c) => m.get(c) ?? ''));
  const n = Math.min(limit, pivoted.length);
  return { ...keyFigureTable(pivot, pivoted, variedColumns, n, CHANGE_NOTES), points: pivoted.length };
}

/**
 * `paired`: the points share their random numbers (common random numbers, the default; false under --no-crn).
 * `width`: a terminal's, where a table wider than it is written a point to a block (fitTable).
 */
export function sweepTable(pointsFile: string, varied: readonly VariedTitle[], paired = true, width?: number): string {
  const [header = [], ...rows] = parseCsv(readFileSync(pointsFile, 'utf8'), undefined, pointsFile).rows;
  const { titles, cells, note } = keyFigureTable(header, rows, varied, MAX_ROWS);
  const more = rows.length > MAX_ROWS ? `\n... and ${rows.length - MAX_ROWS} more points in ${pointsFile}` : '';
  // With cases, each case's changes are from the first case's at the same varied values (src/sweep/tables.ts).
  const caseAt = header.indexOf('case');
  const cases = caseAt < 0 ? [] : [...new Set(rows.map((r) => r[caseAt]))];
  const othersVaried = varied.some((v) => (typeof v === 'string' ? v : v.name) !== 'case');
  const from =
    cases.length < 2
      ? 'the first point'
      : `the first case, ${cases[0]},${othersVaried ? ' at the same varied values,' : ''}`;
  const changes =
    rows.length < 2
      ? ''
      : paired
        ? `, paired changes from ${from} in differences.csv`
        : `, changes from ${from} in differences.csv (runs independent under --no-crn: the intervals hold the noise of both)`;
  const table = `${fitTable([titles, ...cells], width, varied.length)}${more}\n${note}; all figures in points.csv`;
  const diffFile = join(dirname(pointsFile), 'differences.csv');
  if (cases.length < 2 || !existsSync(diffFile)) return `${table}${changes}\n`;
  // Named cases are compared: their paired changes from the first case are printed too, the comparison to read
  // (smr-only's NPC 60.17 ± 9.75 $M beside smr-and-grid's 92.19 ± 4.15 says little of the gap; the pairs, -32.02 ± 5.63).
  const [dh = [], ...drows] = parseCsv(readFileSync(diffFile, 'utf8'), undefined, diffFile).rows;
  const c = changesTable(dh, drows, varied, MAX_ROWS, hoursOf(header, rows));
  if (c.cells.length === 0) return `${table}${changes}\n`;
  const dmore = c.points > c.cells.length ? `\n... and ${c.points - c.cells.length} more points in ${diffFile}` : '';
  const pairs = paired
    ? 'paired replicate by replicate'
    : 'runs independent under --no-crn: the intervals hold the noise of both';
  return (
    `${table}\n\nchanges from ${from.replace(/,$/, '')} (${pairs}):\n` +
    `${fitTable([c.titles, ...c.cells], width, varied.length)}${dmore}\n${c.note}; every change in differences.csv\n`
  );
}
