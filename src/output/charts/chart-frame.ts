/**
 * What every chart shares: the frame (title, subtitle, plot area, legend
 * below), the axes, the palette and the units of power columns. Charts are
 * SVG text drawn with d3-scale and d3-shape: no browser needed.
 *
 * Made to be read on paper too: fills differ in lightness (neighbours in a
 * stack alternate dark and light), lines differ in dash pattern as well as
 * colour, every axis names its quantity and unit, dates are UTC.
 */
import { el, esc, num, text } from './svg.ts';
import { UNIT_WORDS } from '../tables/figures.ts';

export interface Chart {
  /** File stem: supply, pue, unmet, sweep-<figure>-<parameter>. */
  name: string;
  title: string;
  svg: string;
}

/** At most this many bins per series; step drawing doubles the points, so ~2,000 per path. */
/** The words around an x-y chart: its file name, title and subtitle, each axis's title and unit. */
export interface XYLabels {
  name: string;
  title: string;
  subtitle: string;
  xTitle: string;
  xUnit: string;
  yTitle: string;
  yUnit: string;
}

/** An axis's title with its unit: "facility (MW)"; the title alone without one. */
export const withUnit = (title: string, unit: string | undefined): string => (unit ? `${title} (${unit})` : title);

export const MAX_BINS = 1000;

const WIDTH = 900;
export const PLOT = { left: 84, right: 816, top: 56, bottom: 316 };
const FONT = 'font-family="sans-serif"';
/** Fills alternating dark and light, so neighbouring layers stay apart in greyscale. */
export const FILLS = ['#1f4e79', '#f6c85f', '#8c564b', '#9ecae1', '#4d7c2a', '#f4a582', '#6a3d9a', '#d9d9d9'];
export const LINE_COLOURS = ['#111111', '#b2182b', '#2166ac', '#5a5a5a', '#1b7837'];
export const DASHES = ['', '7 4', '2 3', '10 3 2 3', '4 2 1 2'];

export interface Series {
  name: string;
  values: ArrayLike<number>;
}

export interface YAxis {
  title: string;
  unit: string;
  lines: Series[];
  stack?: Series[];
  /** Include zero in the domain (powers, energies). */
  zero?: boolean;
  /** Whole numbers only (counts, units): ticks at integers. */
  integer?: boolean;
  /** A fixed domain (a state of charge, 0 to 1). */
  domain?: [number, number];
}

export interface LegendItem {
  /** With neither fill nor stroke, the item is these words alone. */
  name: string;
  fill?: string;
  stroke?: string;
  dash?: string;
}

// ---------- units ----------

/** The column name without its unit word, for legends: grid_kw -> grid. */
export function label(name: string): string {
  const unit = name.toLowerCase().split(/[._]/).pop()!;
  return UNIT_WORDS[unit] ? name.slice(0, -(unit.length + 1)) : name;
}

/** kW columns shown in MW when they reach 10 MW: 100,000 kW reads worse than 100 MW. */
export function powerScale(series: Series[]): { unit: string; series: Series[] } {
  let max = 0;
  for (const s of series)
    for (let i = 0; i < s.values.length; i++) if (Math.abs(s.values[i]) > max) max = Math.abs(s.values[i]);
  if (max < 1e4) return { unit: 'kW', series };
  return {
    unit: 'MW',
    series: series.map((s) => ({
      name: s.name,
      values: Float64Array.from(s.values as ArrayLike<number>, (v) => v / 1000),
    })),
  };
}

/** The least and greatest finite value, or undefined when there is none. */
export function range(values: ArrayLike<number>): [number, number] | undefined {
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  }
  return lo === Infinity ? undefined : [lo, hi];
}

/** Worth an axis: finite values that differ by more than 0.1 % of their size (a constant is said in words instead). */
export function varies(values: ArrayLike<number>): boolean {
  const r = range(values);
  return r !== undefined && r[1] - r[0] > 1e-3 * Math.max(Math.abs(r[0]), Math.abs(r[1]));
}

/** Any finite value but zero. */
export function nonzero(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] !== 0 && Number.isFinite(values[i])) return true;
  return false;
}

/** A quantity that never changed, in words: "PUE 1.041 throughout", "carbon-free share 99.78 to 100 % in every hour". */
export function throughout(what: string, values: ArrayLike<number>, unit: string, when = 'throughout'): string {
  const r = range(values);
  if (!r) return `${what}: no value ${when}`;
  const [lo, hi] = r.map((v) => v.toLocaleString('en-US', { maximumSignificantDigits: 4 }));
  return `${what} ${lo === hi ? lo : `${lo} to ${hi}`}${unit ? ` ${unit}` : ''} ${when}`;
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

export function extent(ax: YAxis, stacked: [number, number][][]): [number, number] {
  if (ax.domain) return ax.domain;
  let lo = Infinity,
    hi = -Infinity;
  const see = (v: number) => {
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  };
  for (const s of ax.lines) for (let i = 0; i < s.values.length; i++) see(s.values[i]);
  for (const layer of stacked) for (const [a, b] of layer) see(a), see(b);
  if (lo === Infinity) return [0, 1];
  if (ax.zero) (lo = Math.min(lo, 0)), (hi = Math.max(hi, 0));
  if (hi - lo < 1e-9 * Math.max(1, Math.abs(hi))) {
    const pad = Math.abs(hi) * 0.05 || 1;
    lo -= ax.zero && lo === 0 ? 0 : pad;
    hi += pad;
  }
  return [lo, hi];
}

/** Arial's (Helvetica's, Liberation Sans') advance widths in em: the narrow and wide characters; the rest 0.556. */
const NARROW = new Map<string, number>([
  ...[...' ,.:;!/|ijlIft[]'].map((c) => [c, 0.278] as [string, number]),
  ...[...'r()-'].map((c) => [c, 0.333] as [string, number]),
  ...[...'cksvxyzJ'].map((c) => [c, 0.5] as [string, number]),
  ...[...'ABEKPSVXY'].map((c) => [c, 0.667] as [string, number]),
  ...[...'CDHNRUw'].map((c) => [c, 0.722] as [string, number]),
  ...[...'GOQ'].map((c) => [c, 0.778] as [string, number]),
  ...[...'mM'].map((c) => [c, 0.833] as [string, number]),
  ['%', 0.889],
  ['W', 0.944],
]);
/** The width of 11 px text in px, as Arial sets it (the font Chromium gives sans-serif here: 5.1 px a character of a subtitle). */
const width11 = (t: string): number => [...t].reduce((w, c) => w + (NARROW.get(c) ?? 0.556), 0) * 11;

/**
 * The subtitle in lines that fit from the plot's left edge to the chart's, broken after '; ', else ', ', else a space:
 * on one line a long model name ran it past the edge (a 26-character name cut the cost breakdown's NPC terms).
 */
function subtitleLines(subtitle: string): string[] {
  const room = WIDTH - PLOT.left - 8;
  const lines: string[] = [];
  let rest = subtitle;
  while (width11(rest) > room) {
    let fit = 0;
    while (fit < rest.length && width11(rest.slice(0, fit + 1)) <= room) fit++;
    const head = rest.slice(0, fit + 1);
    const at = [head.lastIndexOf('; '), head.lastIndexOf(', '), head.lastIndexOf(' ')].find((i) => i > 0);
    const cut = at === undefined ? Math.max(fit, 1) : head[at] === ' ' ? at : at + 1;
    lines.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  lines.push(rest);
  return lines;
}

/** Title, legend below the x axis, and the frame; returns the whole SVG. */
export function svgDoc(name: string, title: string, subtitle: string, legend: LegendItem[], body: string[]): string {
  const sub = subtitleLines(subtitle);
  // Each further line of subtitle moves the plot and legend down (as a group, so their coordinates stay the frame's).
  const drop = (sub.length - 1) * 14;
  // Legend rows: items flow left to right and wrap at the plot's width.
  const items: string[] = [];
  let x = PLOT.left,
    y = PLOT.bottom + 56;
  for (const it of legend) {
    const w = 34 + it.name.length * 6.6;
    if (x + w > PLOT.right && x > PLOT.left) (x = PLOT.left), (y += 18);
    // An item with neither fill nor stroke is words alone (what a chart left out).
    const words = it.fill === undefined && it.stroke === undefined;
    const swatch = words
      ? ''
      : it.fill
        ? el('rect', { x, y: y - 9, width: 22, height: 11, fill: it.fill, stroke: '#ffffff' })
        : el('line', {
            x1: x,
            y1: y - 4,
            x2: x + 22,
            y2: y - 4,
            stroke: it.stroke,
            'stroke-width': 2,
            'stroke-dasharray': it.dash || undefined,
          });
    items.push(el('g', { class: 'legend-item' }, swatch, text({ x: words ? x : x + 28, y, 'font-size': 11 }, it.name)));
    x += w + 14;
  }
  const height = y + 14 + drop;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${num(height)}" viewBox="0 0 ${WIDTH} ${num(height)}" ${FONT} role="img" aria-labelledby="${esc(name)}-title">\n` +
    el('title', { id: `${name}-title` }, esc(title)) +
    '\n' +
    el('rect', { width: WIDTH, height, fill: '#ffffff' }) +
    '\n' +
    text({ x: PLOT.left, y: 22, 'font-size': 15, 'font-weight': 'bold' }, title) +
    '\n' +
    sub.map((line, i) => text({ x: PLOT.left, y: 40 + i * 14, 'font-size': 11, fill: '#444444' }, line)).join('\n') +
    '\n' +
    (drop ? `<g transform="translate(0,${drop})">\n` : '') +
    el('rect', {
      class: 'plot-area',
      x: PLOT.left,
      y: PLOT.top,
      width: PLOT.right - PLOT.left,
      height: PLOT.bottom - PLOT.top,
      fill: 'none',
      stroke: '#888888',
      'stroke-width': 0.5,
    }) +
    '\n' +
    body.join('\n') +
    '\n' +
    el('g', { class: 'legend' }, ...items) +
    (drop ? '\n</g>' : '') +
    '\n</svg>\n'
  );
}

/**
 * What an axis reads of d3's linear and UTC scales, written out here so that the library's
 * declarations need no @types/d3-scale (a devDependency) where they are used.
 */
interface Linear {
  (v: number): number;
  ticks(count: number): number[];
  tickFormat(count: number): (t: number) => string;
}
interface Utc {
  (d: Date): number;
  ticks(count: number): Date[];
}

export function yAxis(y: Linear, ax: YAxis, side: 'left' | 'right', grid: boolean): string {
  const ticks = ax.integer ? y.ticks(6).filter((t) => Number.isInteger(t)) : y.ticks(6);
  const f = ax.integer ? (t: number) => t.toLocaleString('en-US') : y.tickFormat(6);
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
  const t = withUnit(ax.title, ax.unit);
  return el(
    'g',
    { class: `axis axis-${side}` },
    ...parts,
    text({ x: tx, y: cy, 'font-size': 12, 'text-anchor': 'middle', transform: `rotate(-90 ${num(tx)} ${num(cy)})` }, t),
  );
}

export function xAxisTime(x: Utc, spanMs: number): string {
  const fmt = dateTick(spanMs);
  // At most 8 ticks, fewer where their labels would run into each other (11 px type, about 6.1 px a character, and a
  // gap): d3's 8 for 80 to 110 days are weekly dates 57 px apart at 90 days, each 61 px wide; 6 are months.
  const fits = (ts: Date[]) =>
    ts.every((d, i) => i === 0 || x(d) - x(ts[i - 1]) >= ((fmt(d).length + fmt(ts[i - 1]).length) / 2) * 6.1 + 6);
  let ticks = x.ticks(8);
  for (let n = 7; n >= 2 && !fits(ticks); n--) ticks = x.ticks(n);
  const parts = ticks.map((d) => {
    const xx = x(d);
    return (
      el('line', { x1: xx, x2: xx, y1: PLOT.bottom, y2: PLOT.bottom + 5, stroke: '#333333' }) +
      text({ x: xx, y: PLOT.bottom + 18, 'font-size': 11, 'text-anchor': 'middle' }, fmt(d))
    );
  });
  return el(
    'g',
    { class: 'axis axis-bottom' },
    ...parts,
    text(
      { x: (PLOT.left + PLOT.right) / 2, y: PLOT.bottom + 36, 'font-size': 12, 'text-anchor': 'middle' },
      'time (UTC)',
    ),
  );
}
