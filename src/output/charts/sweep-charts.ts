/**
 * The charts of a sweep folder (points.csv, and summary.csv and differences.csv
 * beside it): each key figure against each varied value that moves it, the mean
 * of the replicates with its 95 % confidence interval, one line per combination
 * of the other values that move it (at most MAX_LINES, each in a style of its
 * own; the legend names those not drawn); its change from the first point,
 * paired by replicate, where differences.csv has it. A sweep of
 * replicates only (nothing varied): each key figure's distribution over the
 * runs. A run's charts are run-charts.ts's; plot.ts draws either kind.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scaleLinear, scalePoint } from 'd3-scale';
import { area, curveLinear, line } from 'd3-shape';
import { parseCsv } from '../../model/csv-parse.ts';
import type { SweepFolder } from '../tables/folder.ts';
import { itemNamesOf, variedColumnsOf, variedWords } from '../tables/varied.ts';
import { el, text } from './svg.ts';
import { capitalized } from '../terminal/table.ts';
import { figureWords, unitOf } from '../tables/figures.ts';
import { curveChart } from './chart-kinds.ts';
import {
  DASHES,
  LINE_COLOURS,
  PLOT,
  extent,
  svgDoc,
  throughout,
  varies,
  yAxis,
  type Chart,
  type LegendItem,
  type XYLabels,
  withUnit,
} from './chart-frame.ts';

/** Lines a sweep chart draws at most, one per combination of the other varied values; the legend names the rest. */
const MAX_LINES = 8;

/**
 * Line k's colour and dash: the palette's five pairs, then each colour with the next dash, so no two of MAX_LINES
 * lines look alike (the sixth line was drawn as the first: solid black).
 */
function lineStyle(k: number): { stroke: string; dash: string } {
  const n = LINE_COLOURS.length;
  return { stroke: LINE_COLOURS[k % n], dash: DASHES[(k + Math.floor(k / n)) % DASHES.length] };
}

/**
 * A sweep figure against a parameter: the mean as a line with markers, its confidence band shaded; one line per group.
 * Against named cases (`nominal`), which have no order between them, each mean is a marker with its interval as an
 * error bar, the groups side by side at each case, no line joining them.
 */
function sweepChart(
  spec: XYLabels & {
    /** Each group's x values are numbers, or category labels (then evenly spaced). */
    groups: { name: string; xs: (number | string)[]; mean: number[]; lo: number[]; hi: number[] }[];
    /** The x values are names with no order (a sweep's cases). */
    nominal?: boolean;
    /** The groups not drawn (past MAX_LINES), in words for the legend. */
    notDrawn?: string;
  },
): Chart {
  const allX = spec.groups.flatMap((g) => g.xs);
  const numeric = allX.every((v) => typeof v === 'number');
  const lin = scaleLinear()
    .domain(numeric ? extentOf(allX as number[]) : [0, 1])
    .nice()
    .range([PLOT.left + 20, PLOT.right - 20]);
  const cats = scalePoint<string>()
    .domain([...new Set(allX.map(String))])
    .range([PLOT.left + 20, PLOT.right - 20])
    .padding(0.3);
  const xOf = (v: number | string): number => (numeric ? lin(v as number) : cats(String(v))!);
  const all = spec.groups.flatMap((g) => [...g.mean, ...g.lo, ...g.hi]);
  const y = scaleLinear()
    .domain(extent({ title: '', unit: '', lines: [{ name: '', values: all }] }, []))
    .nice()
    .range([PLOT.bottom, PLOT.top])
    .clamp(true);

  // Whole-number values (units, counts) get whole-number ticks only.
  const whole = numeric && (allX as number[]).every(Number.isInteger);
  const xTicks = numeric
    ? lin
        .ticks(8)
        .filter((t) => !whole || Number.isInteger(t))
        .map((t) => ({ at: lin(t), label: whole ? t.toLocaleString('en-US') : lin.tickFormat(8)(t) }))
    : cats.domain().map((c) => ({ at: cats(c)!, label: c }));
  const xTitle = withUnit(spec.xTitle, spec.xUnit);
  const body: string[] = [
    yAxis(y, { title: spec.yTitle, unit: spec.yUnit, lines: [] }, 'left', true),
    el(
      'g',
      { class: 'axis axis-bottom' },
      ...xTicks.map(
        (t) =>
          el('line', { x1: t.at, x2: t.at, y1: PLOT.bottom, y2: PLOT.bottom + 5, stroke: '#333333' }) +
          text({ x: t.at, y: PLOT.bottom + 18, 'font-size': 11, 'text-anchor': 'middle' }, t.label),
      ),
      text({ x: (PLOT.left + PLOT.right) / 2, y: PLOT.bottom + 36, 'font-size': 12, 'text-anchor': 'middle' }, xTitle),
    ),
  ];
  const legend: LegendItem[] = [];
  let banded = false;
  spec.groups.forEach((g, k) => {
    const { stroke, dash } = lineStyle(k);
    if (spec.nominal) {
      // Side by side at each case, 10 px apart, centred on it.
      const dx = (k - (spec.groups.length - 1) / 2) * 10;
      g.xs.forEach((x, i) => {
        if (!Number.isFinite(g.mean[i])) return;
        const cx = Math.round((xOf(x) + dx) * 10) / 10;
        if (Number.isFinite(g.lo[i]) && Number.isFinite(g.hi[i])) {
          banded = true;
          const [y0, y1] = [y(g.lo[i]), y(g.hi[i])];
          body.push(
            el('path', {
              class: 'bar',
              d:
                [y0, y1].map((v) => `M${cx - 4},${v.toFixed(1)}L${cx + 4},${v.toFixed(1)}`).join('') +
                `M${cx},${y0.toFixed(1)}L${cx},${y1.toFixed(1)}`,
              fill: 'none',
              stroke,
              'stroke-width': 1.2,
            }),
          );
        }
        body.push(el('circle', { cx, cy: y(g.mean[i]), r: 3.5, fill: stroke }));
      });
      legend.push({ name: spec.groups.length > 1 && g.name ? `${g.name}: mean` : 'mean', fill: stroke });
      return;
    }
    const xAt = (i: number): number => xOf(g.xs[i]);
    const order = g.xs.map((_, i) => i).sort((a, b) => xAt(a) - xAt(b));
    const band = area<number>()
      .defined((i) => Number.isFinite(g.lo[i]) && Number.isFinite(g.hi[i]))
      .x(xAt)
      .y0((i) => y(g.lo[i]))
      .y1((i) => y(g.hi[i]))
      .curve(curveLinear)
      .digits(1)(order);
    // Light fill and a thin edge in the line's dash: overlapping bands stay apart.
    banded ||= Boolean(band);
    if (band)
      body.push(
        el('path', {
          class: 'band',
          d: band,
          fill: stroke,
          'fill-opacity': 0.1,
          stroke,
          'stroke-opacity': 0.45,
          'stroke-width': 0.8,
          'stroke-dasharray': dash || undefined,
        }),
      );
    const mean = line<number>()
      .defined((i) => Number.isFinite(g.mean[i]))
      .x(xAt)
      .y((i) => y(g.mean[i]))
      .digits(1)(order);
    body.push(
      el('path', {
        class: 'line',
        d: mean ?? '',
        fill: 'none',
        stroke,
        'stroke-width': 1.8,
        'stroke-dasharray': dash || undefined,
      }),
    );
    for (const i of order)
      if (Number.isFinite(g.mean[i])) body.push(el('circle', { cx: xAt(i), cy: y(g.mean[i]), r: 3, fill: stroke }));
    legend.push({ name: spec.groups.length > 1 && g.name ? `${g.name}: mean` : 'mean', stroke, dash });
  });
  // One run per point has no interval: no band, and no legend for one.
  if (banded && spec.nominal) legend.push({ name: '95% confidence interval (bar)' });
  else if (banded) legend.push({ name: '95% confidence interval', fill: '#d1d1d1' });
  if (spec.notDrawn) legend.push({ name: spec.notDrawn });
  return { name: spec.name, title: spec.title, svg: svgDoc(spec.name, spec.title, spec.subtitle, legend, body) };
}

/** Does any point of the groups have a 95% interval (two replicates or more)? */
function intervalOf(groups: readonly { lo: number[]; hi: number[] }[]): boolean {
  return groups.some((g) => g.lo.some((v, i) => Number.isFinite(v) && Number.isFinite(g.hi[i])));
}

function extentOf(v: number[]): [number, number] {
  const lo = Math.min(...v),
    hi = Math.max(...v);
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

// ---------- what to draw from a sweep ----------

const STAT = /[._](mean|ci(95)?_(lo|hi|low|high)|lo|hi|sd|std|stdev|se|min|max|median|p\d+|n)$/;
const META = new Set([
  'point',
  'point_id',
  'id',
  'run',
  'run_id',
  'replicate',
  'replicates',
  'seed',
  'n',
  'runs',
  'ok',
  'failed',
  'status',
  'error',
  'errors',
]);
/** Preferred key figures, in order; the first figure matching each is drawn. */
const KEY_FIGURES = [
  /energy.*facility|facility.*(mwh|energy)/,
  /^cost_usd$/,
  // The net present cost, for a model with economics: the run's net cost leaves capital out.
  /^economics\.npc_usd$/,
  /^carbon_kg$/,
  /energy.*unmet|unmet.*(mwh|energy)/,
  /^pue$/,
];

/** A varied value as a number with a unit ("80 $/MWh" -> 80, "$/MWh"), or undefined. */
function numberWithUnit(s: string): [number, string] | undefined {
  const m = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$/.exec(s);
  return m ? [Number(m[1]), m[2]] : undefined;
}

/**
 * The sweep's table read tolerantly: figures are <f>.mean or <f>_mean with
 * their interval in <f>.ci95_lo/hi, <f>_ci_lo/hi or <f>_lo/hi; parameters
 * are the other columns whose value varies (not ids, counts or errors).
 */
export function sweepColumns(
  header: string[],
  rows: string[][],
  varied: ReadonlySet<string> = new Set(),
): { params: string[]; figures: string[] } {
  const figures = header.filter((h) => /[._]mean$/.test(h)).map((h) => h.slice(0, -5));
  // The folder's own varied columns (sweep.json's, size.json's) are parameters whatever their names end in: a duration
  // in minutes is workload.jobs[0].duration_min, a bare soc_min supply[1].soc_min, which STAT took for a minimum.
  const params = header.filter(
    (h, j) =>
      (varied.has(h) || (!STAT.test(h) && !META.has(h.toLowerCase()) && !figures.includes(h))) &&
      new Set(rows.map((r) => r[j])).size > 1,
  );
  return { params, figures };
}

/** Did the sweep run under --no-crn (sweep.json's crn false)? A folder without a readable sweep.json: no. */
function independentRuns(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as { crn?: unknown }).crn === false;
  } catch {
    return false;
  }
}

/** The sweep folder's other tables (summary.csv: one row per run; differences.csv: paired), if there. */
function sweepTable(sw: SweepFolder, name: string): { header: string[]; rows: string[][] } | undefined {
  const file = join(sw.dir, name);
  if (!existsSync(file)) return undefined;
  const [header = [], ...rows] = parseCsv(readFileSync(file, 'utf8'), undefined, file).rows;
  return { header, rows };
}

/** Money in $k and $M, carbon in t, energy in GWh, power in MW once they are that large; other units as they are. */
function scaleFor(unit: string, values: number[]): { unit: string; f: (x: number) => number } {
  const max = Math.max(0, ...values.filter(Number.isFinite).map(Math.abs));
  if (unit === 'USD' && max >= 1e6) return { unit: '$M', f: (x) => x / 1e6 };
  if (unit === 'USD' && max >= 1e4) return { unit: '$k', f: (x) => x / 1e3 };
  if (unit === 'kg' && max >= 1e3) return { unit: 't', f: (x) => x / 1e3 };
  if (unit === 'MWh' && max >= 1e4) return { unit: 'GWh', f: (x) => x / 1e3 };
  if (unit === 'kW' && max >= 1e4) return { unit: 'MW', f: (x) => x / 1e3 };
  return { unit, f: (x) => x };
}

const slug = (s: string) => s.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** Linear-interpolation quantile (type 7) of sorted values. */
function quantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const i = Math.floor(h);
  return i + 1 < sorted.length ? sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
}

/** Replicates only: the distribution of each key figure over the runs (ECDF with P10, P50, P90). */
function distributionCharts(sw: SweepFolder, keys: string[], notes: string[]): Chart[] {
  const t = sweepTable(sw, 'summary.csv');
  if (!t) return [];
  const charts: Chart[] = [];
  for (const f of keys) {
    const j = t.header.indexOf(f);
    if (j < 0) continue;
    const raw = t.rows
      .map((r) => (r[j] === '' ? NaN : Number(r[j])))
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    if (raw.length < 2) continue;
    const sc = scaleFor(unitOf(f), raw);
    if (!varies(raw)) {
      notes.push(throughout(figureWords(f), raw.map(sc.f), sc.unit, `in all ${raw.length} replicates`));
      continue;
    }
    const xs = raw.map(sc.f);
    const n = xs.length;
    const pct = (q: number) => quantile(xs, q);
    const fmt = (x: number) => x.toLocaleString('en-US', { maximumSignificantDigits: 4 });
    const words = figureWords(f);
    charts.push(
      curveChart({
        name: `sweep-dist-${slug(f)}`,
        title: `${capitalized(words)}: its spread over ${n} replicates`,
        subtitle: `each step is one run's ${words}; P10 ${fmt(pct(0.1))}, P50 ${fmt(pct(0.5))}, P90 ${fmt(pct(0.9))} ${sc.unit}`,
        // A step at each run: from i/n to (i+1)/n at its value.
        xTitle: words,
        xUnit: sc.unit,
        yTitle: 'share of runs at or below',
        yUnit: '%',
        xs: xs.flatMap((x) => [x, x]),
        domain: [0, 100],
        lines: [
          {
            name: 'runs at or below this value (ECDF)',
            values: xs.flatMap((_, i) => [(i / n) * 100, ((i + 1) / n) * 100]),
          },
        ],
        marks: [
          { name: 'P10', x: pct(0.1) },
          { name: 'P50', x: pct(0.5) },
          { name: 'P90', x: pct(0.9) },
        ],
      }),
    );
  }
  return charts;
}

/** The charts of a sweep folder; what never changed, and so is not drawn, goes to `notes` in words. */
export function sweepCharts(sw: SweepFolder, notes: string[]): Chart[] {
  // Under --no-crn replicate r of two points draw apart: the charts of change said 'common random numbers' beside the
  // report's 'each pair is two independent runs'.
  const pairing = independentRuns(sw.dir)
    ? 'replicate by replicate, runs independent (--no-crn: the interval holds the noise of both)'
    : 'paired by replicate (common random numbers)';
  const { header, rows } = sw.points;
  // A quantity's column is named with its unit's word and holds numbers (supply[2].energy_mwh): its field and unit.
  const varied = variedColumnsOf(sw.dir);
  const { params, figures } = sweepColumns(header, rows, new Set(varied.keys()));
  if (figures.length === 0 || rows.length === 0) return [];
  let keys = KEY_FIGURES.map((re) => figures.find((f) => re.test(f))).filter((f): f is string => f !== undefined);
  keys = [...new Set(keys)];
  if (keys.length === 0) keys = figures.slice(0, 4);
  if (params.length === 0) return distributionCharts(sw, keys, notes);
  const at = (r: string[], name: string): string => r[header.indexOf(name)] ?? '';
  const numOf = (r: string[], name: string): number =>
    header.includes(name) && at(r, name) !== '' ? Number(at(r, name)) : NaN;
  const items = itemNamesOf(sw.dir);
  const paramName = (q: string) => variedWords(varied.get(q)?.path ?? q, items);
  const withUnit = (q: string, cell: string) => (varied.get(q)?.unit && cell ? `${cell} ${varied.get(q)!.unit}` : cell);
  const diffs = sweepTable(sw, 'differences.csv');
  // With two cases or more, differences.csv compares each with the first case (src/sweep/tables.ts).
  const baseCase =
    params.includes('case') && new Set(rows.map((r) => at(r, 'case'))).size > 1 ? at(rows[0], 'case') : undefined;
  const charts: Chart[] = [];
  const meanOf = (f: string) => ['.mean', '_mean'].map((e) => f + e).find((c) => header.includes(c)) ?? '';
  /** The combination of the parameters `among` a point has, in words: a line of a chart. */
  const key = (value: (q: string) => string, among: string[]): string =>
    among.map((q) => `${paramName(q)} ${withUnit(q, value(q))}`).join(', ');
  /** A parameter moves a figure when, among the points that share every other parameter's value, its mean differs. */
  const moves = (f: string, p: string): boolean => {
    const others = params.filter((q) => q !== p);
    const by = new Map<string, number[]>();
    for (const r of rows) {
      const k = key((q) => at(r, q), others);
      by.set(k, [...(by.get(k) ?? []), numOf(r, meanOf(f))]);
    }
    return [...by.values()].some(varies);
  };
  /** One point per x: points that differ only in parameters that do not move the figure draw the same line. */
  const firstAt = <T>(xs: T[], x: (t: T) => unknown): T[] =>
    xs.filter((t, i) => xs.findIndex((u) => x(u) === x(t)) === i);
  for (const p of params) {
    const parsed = rows.map((r) => numberWithUnit(at(r, p)));
    const unitsSeen = new Set(parsed.map((v) => v?.[1]));
    const numeric = parsed.every((v) => v !== undefined) && unitsSeen.size === 1;
    const xUnit = numeric ? [...unitsSeen][0] || (varied.get(p)?.unit ?? '') : '';
    const xOf = (r: string[]) => (numeric ? numberWithUnit(at(r, p))![0] : at(r, p));
    const pw = paramName(p);
    for (const f of keys) {
      const pick = (ends: string[]) => ends.map((e) => f + e).find((c) => header.includes(c)) ?? '';
      const meanCol = meanOf(f);
      const lo = pick(['.ci95_lo', '_ci95_lo', '_ci_lo', '.ci_lo', '_lo', '.lo']);
      const hi = pick(['.ci95_hi', '_ci95_hi', '_ci_hi', '.ci_hi', '_hi', '.hi']);
      const means = rows.map((r) => numOf(r, meanCol));
      const sc = scaleFor(unitOf(f), means);
      const words = figureWords(f);
      if (!varies(means)) {
        // Points without a mean (their runs failed) are not among those where it did not change.
        const valued = means.filter(Number.isFinite).length;
        const where =
          valued === means.length ? 'at every point' : `at every point with a value (${valued} of ${means.length})`;
        if (p === params[0]) notes.push(throughout(words, means.map(sc.f), sc.unit, where));
        continue;
      }
      if (!moves(f, p)) {
        notes.push(`${words} does not change with ${pw}`);
        continue;
      }
      // Points grouped by the values of the other parameters that move the figure: one line per combination (at most
      // MAX_LINES; those past it were left out without a word until 4 December 2026, now the legend names them).
      const others = params.filter((q) => q !== p && moves(f, q));
      const groupOf = (r: string[]): string => key((q) => at(r, q), others);
      const allGroups = [...new Set(rows.map(groupOf))];
      const groupNames = allGroups.slice(0, MAX_LINES);
      const left = allGroups.slice(MAX_LINES);
      const notDrawn = (file: string): string | undefined =>
        left.length === 0
          ? undefined
          : left.length <= 2
            ? `not drawn: ${left.join('; ')} (in ${file})`
            : `not drawn: ${left.length} more ${others.length === 1 ? 'values' : 'combinations'} of ${others.map(paramName).join(' and ')} (in ${file})`;
      const groups = groupNames.map((g) => {
        const rs = firstAt(
          rows.filter((r) => groupOf(r) === g),
          xOf,
        );
        return {
          name: g,
          xs: rs.map(xOf),
          mean: rs.map((r) => sc.f(numOf(r, meanCol))),
          lo: rs.map((r) => sc.f(numOf(r, lo))),
          hi: rs.map((r) => sc.f(numOf(r, hi))),
        };
      });
      charts.push(
        sweepChart({
          name: `sweep-${slug(f)}-${slug(varied.get(p)?.path ?? p)}`,
          title: `${capitalized(words)} against ${pw}`,
          subtitle: `${rows.length} points from ${sw.pointsFile.split('/').pop()}; ${intervalOf(groups) ? 'mean of replicates with 95% confidence interval' : 'one run per point, no interval'}`,
          xTitle: pw,
          xUnit,
          yTitle: words,
          yUnit: sc.unit,
          groups,
          nominal: p === 'case',
          notDrawn: notDrawn('points.csv'),
        }),
      );
      // Paired with the first point, replicate by replicate (they share random numbers): the change itself. With
      // cases, each case's with the first case's at the same varied values (src/sweep/tables.ts): the first case
      // is 0 wherever drawn, a dot beside the others against the cases, no line against a varied value.
      const dRows = diffs?.rows.filter((r) => r[diffs.header.indexOf('figure')] === f) ?? [];
      // With cases, a figure the cases do not move has no change to draw against a varied value: 0 at every point.
      const caseMoves = baseCase === undefined || p === 'case' || others.includes('case');
      if (dRows.length > 0 && diffs && caseMoves) {
        const dn = (r: string[], c: string) =>
          r[diffs.header.indexOf(c)] === '' ? NaN : Number(r[diffs.header.indexOf(c)]);
        const base = rows[0];
        const baseAt = (g: string) =>
          baseCase === undefined
            ? groupOf(base) === g
              ? [{ x: xOf(base), m: 0, lo: NaN, hi: NaN }]
              : []
            : p === 'case'
              ? [{ x: baseCase, m: 0, lo: NaN, hi: NaN }]
              : [];
        const dsc = scaleFor(
          unitOf(f),
          dRows.map((r) => dn(r, 'difference.mean')),
        );
        const dGroups = groupNames
          .map((g) => {
            const rs = dRows.filter((r) => key((q) => r[diffs.header.indexOf(q)], others) === g);
            const pts = firstAt(
              [
                ...baseAt(g),
                ...rs.map((r) => ({
                  x: numeric ? numberWithUnit(r[diffs.header.indexOf(p)])![0] : r[diffs.header.indexOf(p)],
                  m: dn(r, 'difference.mean'),
                  lo: dn(r, 'difference.ci95_lo'),
                  hi: dn(r, 'difference.ci95_hi'),
                })),
              ],
              (q) => q.x,
            );
            return {
              name: g,
              xs: pts.map((q) => q.x),
              mean: pts.map((q) => dsc.f(q.m)),
              lo: pts.map((q) => dsc.f(q.lo)),
              hi: pts.map((q) => dsc.f(q.hi)),
            };
          })
          .filter((g) => g.xs.length > 0);
        charts.push(
          sweepChart({
            name: `sweep-diff-${slug(f)}-${slug(varied.get(p)?.path ?? p)}`,
            title: `Change in ${words} against ${pw}, from ${baseCase === undefined ? 'the first point' : `case ${baseCase}`}`,
            // The first point whole: each line is its change from that one point, not from its own first value.
            subtitle: `${pairing}: ${intervalOf(dGroups) ? 'mean difference with its 95% confidence interval' : 'the difference of one run each, no interval'}; ${
              baseCase === undefined
                ? `first point: ${key(
                    (q) => at(base, q),
                    params.filter((q) => q === p || others.includes(q)),
                  )}`
                : params.length > 1
                  ? `${dGroups.length === 1 && dGroups[0].name ? dGroups[0].name : 'each case'} against ${baseCase} at the same ${params
                      .filter((q) => q !== 'case')
                      .map(paramName)
                      .join(' and ')}`
                  : `each case against ${baseCase}`
            }`,
            xTitle: pw,
            xUnit,
            yTitle: `change in ${words}`,
            yUnit: dsc.unit,
            groups: dGroups,
            nominal: p === 'case',
            notDrawn: notDrawn('differences.csv'),
          }),
        );
      }
    }
  }
  return charts;
}
