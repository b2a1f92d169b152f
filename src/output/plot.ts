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
 */
import { join } from 'node:path';
import { scaleLinear, scalePoint, scaleUtc } from 'd3-scale';
import { area, curveLinear, curveStepAfter, line, stack, stackOffsetDiverging, type SeriesPoint } from 'd3-shape';
import { writeFileAtomic } from './atomic.ts';
import { downsample } from './downsample.ts';
import { parseUtc, readFolder, readFrame, type Folder, type Frame, type RunFolder, type SweepFolder } from './folder.ts';
import { el, esc, num, text } from './svg.ts';
import { UNIT_WORDS, unitOf } from './figures.ts';

export interface Chart {
  /** File stem: supply, pue, unmet, sweep-<figure>-<parameter>. */
  name: string;
  title: string;
  svg: string;
}

/** At most this many bins per series; step drawing doubles the points, so ~2,000 per path. */
export const MAX_BINS = 1000;

const WIDTH = 900;
const PLOT = { left: 84, right: 816, top: 56, bottom: 316 };
const FONT = 'font-family="sans-serif"';
/** Fills alternating dark and light, so neighbouring layers stay apart in greyscale. */
const FILLS = ['#1f4e79', '#f6c85f', '#8c564b', '#9ecae1', '#4d7c2a', '#f4a582', '#6a3d9a', '#d9d9d9'];
const LINE_COLOURS = ['#111111', '#b2182b', '#2166ac', '#5a5a5a', '#1b7837'];
const DASHES = ['', '7 4', '2 3', '10 3 2 3', '4 2 1 2'];

export interface Series {
  name: string;
  values: ArrayLike<number>;
}

interface YAxis {
  title: string;
  unit: string;
  lines: Series[];
  stack?: Series[];
  /** Include zero in the domain (powers, energies). */
  zero?: boolean;
  /** A fixed domain (a state of charge, 0 to 1). */
  domain?: [number, number];
}

interface LegendItem {
  name: string;
  fill?: string;
  stroke?: string;
  dash?: string;
}

// ---------- units ----------

/** The column name without its unit word, for legends: grid_kw -> grid. */
function label(name: string): string {
  const unit = name.toLowerCase().split(/[._]/).pop()!;
  return UNIT_WORDS[unit] ? name.slice(0, -(unit.length + 1)) : name;
}

/** kW columns shown in MW when they reach 10 MW: 100,000 kW reads worse than 100 MW. */
function powerScale(series: Series[]): { unit: string; series: Series[] } {
  let max = 0;
  for (const s of series) for (let i = 0; i < s.values.length; i++) if (Math.abs(s.values[i]) > max) max = Math.abs(s.values[i]);
  if (max < 1e4) return { unit: 'kW', series };
  return { unit: 'MW', series: series.map((s) => ({ name: s.name, values: Float64Array.from(s.values as ArrayLike<number>, (v) => v / 1000) })) };
}

// ---------- drawing ----------

/** "2027-03-01" at midnight, "2027-03" on the first of a month over long spans, "06:00" otherwise. */
function dateTick(spanMs: number): (d: Date) => string {
  return (d) => {
    const iso = d.toISOString();
    if (d.getUTCHours() !== 0 || d.getUTCMinutes() !== 0) return iso.slice(11, 16);
    if (spanMs > 180 * 86400e3 && d.getUTCDate() === 1) return iso.slice(0, 7);
    return iso.slice(0, 10);
  };
}

function extent(ax: YAxis, stacked: [number, number][][]): [number, number] {
  if (ax.domain) return ax.domain;
  let lo = Infinity, hi = -Infinity;
  const see = (v: number) => {
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  };
  for (const s of ax.lines) for (let i = 0; i < s.values.length; i++) see(s.values[i]);
  for (const layer of stacked) for (const [a, b] of layer) (see(a), see(b));
  if (lo === Infinity) return [0, 1];
  if (ax.zero) (lo = Math.min(lo, 0), hi = Math.max(hi, 0));
  if (hi - lo < 1e-9 * Math.max(1, Math.abs(hi))) {
    const pad = Math.abs(hi) * 0.05 || 1;
    lo -= ax.zero && lo === 0 ? 0 : pad;
    hi += pad;
  }
  return [lo, hi];
}

/** Title, legend below the x axis, and the frame; returns the whole SVG. */
function svgDoc(name: string, title: string, subtitle: string, legend: LegendItem[], body: string[]): string {
  // Legend rows: items flow left to right and wrap at the plot's width.
  const items: string[] = [];
  let x = PLOT.left, y = PLOT.bottom + 56;
  for (const it of legend) {
    const w = 34 + it.name.length * 6.6;
    if (x + w > PLOT.right && x > PLOT.left) (x = PLOT.left, y += 18);
    const swatch = it.fill
      ? el('rect', { x, y: y - 9, width: 22, height: 11, fill: it.fill, stroke: '#ffffff' })
      : el('line', { x1: x, y1: y - 4, x2: x + 22, y2: y - 4, stroke: it.stroke, 'stroke-width': 2, 'stroke-dasharray': it.dash || undefined });
    items.push(el('g', { class: 'legend-item' }, swatch, text({ x: x + 28, y, 'font-size': 11 }, it.name)));
    x += w + 14;
  }
  const height = y + 14;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${num(height)}" viewBox="0 0 ${WIDTH} ${num(height)}" ${FONT} role="img" aria-labelledby="${esc(name)}-title">\n` +
    el('title', { id: `${name}-title` }, esc(title)) + '\n' +
    el('rect', { width: WIDTH, height, fill: '#ffffff' }) + '\n' +
    text({ x: PLOT.left, y: 22, 'font-size': 15, 'font-weight': 'bold' }, title) + '\n' +
    text({ x: PLOT.left, y: 40, 'font-size': 11, fill: '#444444' }, subtitle) + '\n' +
    el('rect', { class: 'plot-area', x: PLOT.left, y: PLOT.top, width: PLOT.right - PLOT.left, height: PLOT.bottom - PLOT.top, fill: 'none', stroke: '#888888', 'stroke-width': 0.5 }) + '\n' +
    body.join('\n') + '\n' +
    el('g', { class: 'legend' }, ...items) + '\n</svg>\n'
  );
}

type Linear = ReturnType<typeof scaleLinear<number, number>>;

function yAxis(y: Linear, ax: YAxis, side: 'left' | 'right', grid: boolean): string {
  const ticks = y.ticks(6);
  const f = y.tickFormat(6);
  const x0 = side === 'left' ? PLOT.left : PLOT.right;
  const dir = side === 'left' ? -1 : 1;
  const parts = ticks.map((t) => {
    const yy = y(t);
    return (
      (grid ? el('line', { x1: PLOT.left, x2: PLOT.right, y1: yy, y2: yy, stroke: '#e4e4e4' }) : '') +
      el('line', { x1: x0, x2: x0 + dir * 5, y1: yy, y2: yy, stroke: '#333333' }) +
      text({ x: x0 + dir * 8, y: yy + 4, 'font-size': 11, 'text-anchor': side === 'left' ? 'end' : 'start' }, f(t))
    );
  });
  const tx = side === 'left' ? 18 : WIDTH - 12;
  const cy = (PLOT.top + PLOT.bottom) / 2;
  const t = ax.unit ? `${ax.title} (${ax.unit})` : ax.title;
  return el('g', { class: `axis axis-${side}` }, ...parts,
    text({ x: tx, y: cy, 'font-size': 12, 'text-anchor': 'middle', transform: `rotate(-90 ${num(tx)} ${num(cy)})` }, t));
}

function xAxisTime(x: ReturnType<typeof scaleUtc<number, number>>, spanMs: number): string {
  const fmt = dateTick(spanMs);
  const ticks = x.ticks(8);
  const parts = ticks.map((d) => {
    const xx = x(d);
    return el('line', { x1: xx, x2: xx, y1: PLOT.bottom, y2: PLOT.bottom + 5, stroke: '#333333' }) +
      text({ x: xx, y: PLOT.bottom + 18, 'font-size': 11, 'text-anchor': 'middle' }, fmt(d));
  });
  return el('g', { class: 'axis axis-bottom' }, ...parts,
    text({ x: (PLOT.left + PLOT.right) / 2, y: PLOT.bottom + 36, 'font-size': 12, 'text-anchor': 'middle' }, 'time (UTC)'));
}

/** A time-series chart: an optional stack of areas and lines on the left axis, lines on an optional right axis. */
export function timeChart(spec: { name: string; title: string; subtitle: string; starts: number[]; end: number; left: YAxis; right?: YAxis }): Chart {
  const { starts, end } = spec;
  const n = starts.length;
  const tAt = (j: number): number => (j < n ? starts[j] : end);
  const vAt = (v: ArrayLike<number>, j: number): number => v[Math.min(j, n - 1)];
  const idx = Array.from({ length: n + 1 }, (_, j) => j); // one more point: the last row's end
  const x = scaleUtc().domain([starts[0] ?? end, end]).range([PLOT.left, PLOT.right]);

  const stackSeries = spec.left.stack ?? [];
  const layers = stack<number, number>()
    .keys(stackSeries.map((_, k) => k))
    .value((j, k) => {
      const v = vAt(stackSeries[k].values, j);
      return Number.isFinite(v) ? v : 0;
    })
    .offset(stackOffsetDiverging)(idx);
  const yl = scaleLinear().domain(extent(spec.left, layers.map((l) => l.map((p) => [p[0], p[1]] as [number, number])))).nice().range([PLOT.bottom, PLOT.top]).clamp(true);
  const yr = spec.right ? scaleLinear().domain(extent(spec.right, [])).nice().range([PLOT.bottom, PLOT.top]).clamp(true) : undefined;

  const body: string[] = [yAxis(yl, spec.left, 'left', true), xAxisTime(x, end - (starts[0] ?? end))];
  if (spec.right && yr) body.push(yAxis(yr, spec.right, 'right', false));
  const legend: LegendItem[] = [];

  const areaGen = area<SeriesPoint<number>>().x((_, j) => x(tAt(j))).y0((p) => yl(p[0])).y1((p) => yl(p[1])).curve(curveStepAfter).digits(1);
  layers.forEach((layer, k) => {
    const fill = FILLS[k % FILLS.length];
    body.push(el('path', { class: 'area', d: areaGen(layer) ?? '', fill }));
    legend.push({ name: stackSeries[k].name, fill });
  });

  let li = 0;
  for (const [ax, y] of [[spec.left, yl], [spec.right, yr]] as const) {
    if (!ax || !y) continue;
    for (const s of ax.lines) {
      const stroke = LINE_COLOURS[li % LINE_COLOURS.length];
      const dash = DASHES[li % DASHES.length];
      const gen = line<number>().defined((j) => Number.isFinite(vAt(s.values, j))).x((j) => x(tAt(j))).y((j) => y(vAt(s.values, j))).curve(curveStepAfter).digits(1);
      body.push(el('path', { class: 'line', d: gen(idx) ?? '', fill: 'none', stroke, 'stroke-width': 1.8, 'stroke-dasharray': dash || undefined }));
      legend.push({ name: spec.right && ax === spec.right ? `${s.name} (right axis)` : s.name, stroke, dash });
      li++;
    }
  }
  return { name: spec.name, title: spec.title, svg: svgDoc(spec.name, spec.title, spec.subtitle, legend, body) };
}

/** A sweep figure against a parameter: the mean as a line with markers, its confidence band shaded; one line per group. */
export function sweepChart(spec: {
  name: string; title: string; subtitle: string; xTitle: string; xUnit: string; yTitle: string; yUnit: string;
  /** Each group's x values are numbers, or category labels (then evenly spaced). */
  groups: { name: string; xs: (number | string)[]; mean: number[]; lo: number[]; hi: number[] }[];
}): Chart {
  const allX = spec.groups.flatMap((g) => g.xs);
  const numeric = allX.every((v) => typeof v === 'number');
  const lin = scaleLinear().domain(numeric ? extentOf(allX as number[]) : [0, 1]).nice().range([PLOT.left + 20, PLOT.right - 20]);
  const cats = scalePoint<string>().domain([...new Set(allX.map(String))]).range([PLOT.left + 20, PLOT.right - 20]).padding(0.3);
  const xOf = (v: number | string): number => (numeric ? lin(v as number) : cats(String(v))!);
  const all = spec.groups.flatMap((g) => [...g.mean, ...g.lo, ...g.hi]);
  const y = scaleLinear().domain(extent({ title: '', unit: '', lines: [{ name: '', values: all }] }, [])).nice().range([PLOT.bottom, PLOT.top]).clamp(true);

  const xTicks = numeric
    ? lin.ticks(8).map((t) => ({ at: lin(t), label: lin.tickFormat(8)(t) }))
    : cats.domain().map((c) => ({ at: cats(c)!, label: c }));
  const xTitle = spec.xUnit ? `${spec.xTitle} (${spec.xUnit})` : spec.xTitle;
  const body: string[] = [
    yAxis(y, { title: spec.yTitle, unit: spec.yUnit, lines: [] }, 'left', true),
    el('g', { class: 'axis axis-bottom' },
      ...xTicks.map((t) => el('line', { x1: t.at, x2: t.at, y1: PLOT.bottom, y2: PLOT.bottom + 5, stroke: '#333333' }) +
        text({ x: t.at, y: PLOT.bottom + 18, 'font-size': 11, 'text-anchor': 'middle' }, t.label)),
      text({ x: (PLOT.left + PLOT.right) / 2, y: PLOT.bottom + 36, 'font-size': 12, 'text-anchor': 'middle' }, xTitle)),
  ];
  const legend: LegendItem[] = [];
  spec.groups.forEach((g, k) => {
    const stroke = LINE_COLOURS[k % LINE_COLOURS.length];
    const dash = DASHES[k % DASHES.length];
    const xAt = (i: number): number => xOf(g.xs[i]);
    const order = g.xs.map((_, i) => i).sort((a, b) => xAt(a) - xAt(b));
    const band = area<number>().defined((i) => Number.isFinite(g.lo[i]) && Number.isFinite(g.hi[i]))
      .x(xAt).y0((i) => y(g.lo[i])).y1((i) => y(g.hi[i])).curve(curveLinear).digits(1)(order);
    if (band) body.push(el('path', { class: 'band', d: band, fill: stroke, 'fill-opacity': 0.18, stroke: 'none' }));
    const mean = line<number>().defined((i) => Number.isFinite(g.mean[i])).x(xAt).y((i) => y(g.mean[i])).digits(1)(order);
    body.push(el('path', { class: 'line', d: mean ?? '', fill: 'none', stroke, 'stroke-width': 1.8, 'stroke-dasharray': dash || undefined }));
    for (const i of order) if (Number.isFinite(g.mean[i])) body.push(el('circle', { cx: xAt(i), cy: y(g.mean[i]), r: 3, fill: stroke }));
    legend.push({ name: spec.groups.length > 1 && g.name ? `${g.name}: mean` : 'mean', stroke, dash });
  });
  legend.push({ name: '95% confidence interval', fill: '#d1d1d1' });
  return { name: spec.name, title: spec.title, svg: svgDoc(spec.name, spec.title, spec.subtitle, legend, body) };
}

function extentOf(v: number[]): [number, number] {
  const lo = Math.min(...v), hi = Math.max(...v);
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

// ---------- what to draw from a run ----------

const SOC = /(^|_)soc(_|$)/;
const AMBIENT = /(ambient|dry_?bulb|wet_?bulb|outdoor|outside)/;

/** Source columns: `<x>_kw` with `<x>_cost_usd` beside it (or named in the summary). */
export function sourceColumns(frame: Frame, sourceNames: readonly string[] = []): string[] {
  const named = sourceNames.map((s) => `${s}_kw`).filter((c) => frame.has(c));
  if (named.length > 0) return named;
  return frame.names.filter((c) => c.endsWith('_kw') && frame.has(`${c.slice(0, -3)}_cost_usd`));
}

function runCharts(run: RunFolder): Chart[] {
  if (!run.timeseriesFile) return [];
  const frame = readFrame(run.timeseriesFile);
  if (frame.labels.length === 0) return [];
  const starts0 = frame.labels.map(parseUtc);
  const n = starts0.length;
  const step = n > 1 ? starts0[1] - starts0[0] : (run.summary?.step_s ?? 3600) * 1000;
  const end0 = run.summary?.end_utc ? parseUtc(run.summary.end_utc) : starts0[n - 1] + step;
  const names = frame.names;
  const b = downsample(starts0, end0, names.map((c) => frame.col(c)!), MAX_BINS);
  const col = (c: string): Series => ({ name: label(c), values: b.cols[names.indexOf(c)] });
  const s = run.summary;
  const who = s ? `${s.model.name}, seed ${s.seed}, ` : '';
  const subtitle = `${who}${new Date(starts0[0]).toISOString().slice(0, 16).replace('T', ' ')} to ${new Date(end0).toISOString().slice(0, 16).replace('T', ' ')} UTC; ` +
    (b.starts.length < n ? `${n} rows averaged into ${b.starts.length}` : `${n} rows of ${num(step / 60000)} min`);
  const common = { subtitle, starts: b.starts, end: b.end };
  const charts: Chart[] = [];

  const sources = sourceColumns(frame, s?.sources.map((x) => x.name));
  if (sources.length > 0 || frame.has('facility_kw')) {
    const demand = frame.has('facility_kw') ? [{ ...col('facility_kw'), name: 'demand (facility)' }] : [];
    const p = powerScale([...sources.map(col), ...demand]);
    charts.push(timeChart({ ...common, name: 'supply', title: 'Supply by source against demand',
      left: { title: 'power', unit: p.unit, stack: p.series.slice(0, sources.length), lines: p.series.slice(sources.length), zero: true } }));
  }

  const ambient = names.filter((c) => AMBIENT.test(c) && unitOf(c) === '°C');
  if (frame.has('pue')) {
    charts.push(timeChart({ ...common, name: 'pue', title: ambient.length ? 'PUE and ambient temperature' : 'PUE',
      left: { title: 'PUE', unit: '', lines: [col('pue')] },
      right: ambient.length ? { title: 'temperature', unit: '°C', lines: ambient.map(col) } : undefined }));
  }

  const short = ['unmet_kw', 'curtailed_kw'].filter((c) => frame.has(c));
  const soc = names.filter((c) => SOC.test(c));
  if (short.length > 0 || soc.length > 0) {
    const p = powerScale(short.map(col));
    const socUnit = soc.length ? unitOf(soc[0]) : '';
    const domain: [number, number] | undefined = socUnit === '%' ? [0, 100] : socUnit === '' || socUnit === 'fraction' ? [0, 1] : undefined;
    charts.push(timeChart({ ...common, name: 'unmet', title: soc.length ? 'Unmet demand and battery state of charge' : 'Unmet demand and curtailed supply',
      left: { title: 'power', unit: p.unit, lines: p.series, zero: true },
      right: soc.length ? { title: 'state of charge', unit: socUnit === 'fraction' ? '' : socUnit, lines: soc.map(col), zero: true, domain } : undefined }));
  }
  return charts;
}

// ---------- what to draw from a sweep ----------

const STAT = /[._](mean|ci(95)?_(lo|hi|low|high)|lo|hi|sd|std|stdev|se|min|max|median|p\d+|n)$/;
const META = new Set(['point', 'point_id', 'id', 'run', 'run_id', 'replicate', 'replicates', 'seed', 'n', 'runs', 'ok', 'failed', 'status', 'error', 'errors']);
/** Preferred key figures, in order; the first figure matching each is drawn. */
const KEY_FIGURES = [/energy.*facility|facility.*(mwh|energy)/, /^cost_usd$/, /^carbon_kg$/, /energy.*unmet|unmet.*(mwh|energy)/, /^pue$/];

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
export function sweepColumns(header: string[], rows: string[][]): { params: string[]; figures: string[] } {
  const figures = header.filter((h) => /[._]mean$/.test(h)).map((h) => h.slice(0, -5));
  const params = header.filter((h, j) => !STAT.test(h) && !META.has(h.toLowerCase()) && !figures.includes(h) && new Set(rows.map((r) => r[j])).size > 1);
  return { params, figures };
}

function sweepCharts(sw: SweepFolder): Chart[] {
  const { header, rows } = sw.points;
  const { params, figures } = sweepColumns(header, rows);
  if (params.length === 0 || figures.length === 0 || rows.length === 0) return [];
  const at = (r: string[], name: string): string => r[header.indexOf(name)] ?? '';
  const numOf = (r: string[], name: string): number => (header.includes(name) && at(r, name) !== '' ? Number(at(r, name)) : NaN);
  let keys = KEY_FIGURES.map((re) => figures.find((f) => re.test(f))).filter((f): f is string => f !== undefined);
  keys = [...new Set(keys)];
  if (keys.length === 0) keys = figures.slice(0, 4);
  const charts: Chart[] = [];
  for (const p of params) {
    const others = params.filter((q) => q !== p);
    // Rows grouped by the other parameters' values: one line per combination (at most 6).
    const groupOf = (r: string[]): string => others.map((q) => `${q}=${at(r, q)}`).join(', ');
    const groupNames = [...new Set(rows.map(groupOf))].slice(0, 6);
    const parsed = rows.map((r) => numberWithUnit(at(r, p)));
    const unitsSeen = new Set(parsed.map((v) => v?.[1]));
    const numeric = parsed.every((v) => v !== undefined) && unitsSeen.size === 1;
    const xUnit = numeric ? [...unitsSeen][0]! : '';
    for (const f of keys) {
      const pick = (ends: string[]) => ends.map((e) => f + e).find((c) => header.includes(c)) ?? '';
      const meanCol = pick(['.mean', '_mean']);
      const lo = pick(['.ci95_lo', '_ci95_lo', '_ci_lo', '.ci_lo', '_lo', '.lo']);
      const hi = pick(['.ci95_hi', '_ci95_hi', '_ci_hi', '.ci_hi', '_hi', '.hi']);
      const groups = groupNames.map((g) => {
        const rs = rows.filter((r) => groupOf(r) === g);
        return {
          name: g,
          xs: rs.map((r) => (numeric ? numberWithUnit(at(r, p))![0] : at(r, p))),
          mean: rs.map((r) => numOf(r, meanCol)), lo: rs.map((r) => numOf(r, lo)), hi: rs.map((r) => numOf(r, hi)),
        };
      });
      const slug = (s: string) => s.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
      charts.push(sweepChart({
        name: `sweep-${slug(f)}-${slug(p)}`, title: `${label(f)} against ${p}`,
        subtitle: `${rows.length} points from ${sw.pointsFile.split('/').pop()}; mean of replicates with 95% confidence interval`,
        xTitle: p, xUnit, yTitle: label(f), yUnit: unitOf(f), groups,
      }));
    }
  }
  return charts;
}

/** The charts of a run or sweep folder (already read). */
export function chartsOf(folder: Folder): Chart[] {
  return folder.kind === 'sweep' ? sweepCharts(folder) : runCharts(folder);
}

/** Draw a folder's charts and write them to <dir>/plots/<name>.svg (atomically); returns the files written. */
export function writePlots(dir: string, outDir = join(dir, 'plots')): string[] {
  return chartsOf(readFolder(dir)).map((c) => {
    const file = join(outDir, `${c.name}.svg`);
    writeFileAtomic(file, c.svg);
    return file;
  });
}
