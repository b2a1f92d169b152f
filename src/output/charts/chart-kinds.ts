/**
 * Chart kinds for a run: a time chart (stacked areas, above and below the
 * axis, and lines on one or two axes); more kinds beside it.
 */
import { type ScaleBand, scaleBand, scaleLinear, scaleUtc } from 'd3-scale';
import {
  area,
  curveLinear,
  curveStepAfter,
  curveStepBefore,
  line,
  stack,
  stackOffsetDiverging,
  type SeriesPoint,
} from 'd3-shape';
import {
  DASHES,
  FILLS,
  LINE_COLOURS,
  PLOT,
  extent,
  svgDoc,
  xAxisTime,
  yAxis,
  type Chart,
  type LegendItem,
  type Series,
  type YAxis,
  type XYLabels,
  withUnit,
} from './chart-frame.ts';
import { el, text } from './svg.ts';

/** A time-series chart: an optional stack of areas and lines on the left axis, lines on an optional right axis. */
export function timeChart(spec: {
  name: string;
  title: string;
  subtitle: string;
  starts: number[];
  end: number;
  left: YAxis;
  right?: YAxis;
}): Chart {
  const { starts, end } = spec;
  const n = starts.length;
  const tAt = (j: number): number => (j < n ? starts[j] : end);
  const vAt = (v: ArrayLike<number>, j: number): number => v[Math.min(j, n - 1)];
  const idx = Array.from({ length: n + 1 }, (_, j) => j); // one more point: the last row's end
  const x = scaleUtc()
    .domain([starts[0] ?? end, end])
    .range([PLOT.left, PLOT.right]);

  const stackSeries = spec.left.stack ?? [];
  const layers = stack<number, number>()
    .keys(stackSeries.map((_, k) => k))
    .value((j, k) => {
      const v = vAt(stackSeries[k].values, j);
      return Number.isFinite(v) ? v : 0;
    })
    .offset(stackOffsetDiverging)(idx);
  const yl = scaleLinear()
    .domain(
      extent(
        spec.left,
        layers.map((l) => l.map((p) => [p[0], p[1]] as [number, number])),
      ),
    )
    .nice()
    .range([PLOT.bottom, PLOT.top])
    .clamp(true);
  const yr = spec.right
    ? scaleLinear().domain(extent(spec.right, [])).nice().range([PLOT.bottom, PLOT.top]).clamp(true)
    : undefined;

  const body: string[] = [yAxis(yl, spec.left, 'left', true), xAxisTime(x, end - (starts[0] ?? end))];
  if (spec.right && yr) body.push(yAxis(yr, spec.right, 'right', false));
  const legend: LegendItem[] = [];

  const areaGen = area<SeriesPoint<number>>()
    .x((_, j) => x(tAt(j)))
    .y0((p) => yl(p[0]))
    .y1((p) => yl(p[1]))
    .curve(curveStepAfter)
    .digits(1);
  layers.forEach((layer, k) => {
    const fill = FILLS[k % FILLS.length];
    body.push(el('path', { class: 'area', d: areaGen(layer) ?? '', fill }));
    legend.push({ name: stackSeries[k].name, fill });
  });

  let li = 0;
  for (const [ax, y] of [
    [spec.left, yl],
    [spec.right, yr],
  ] as const) {
    if (!ax || !y) continue;
    for (const s of ax.lines) {
      const stroke = LINE_COLOURS[li % LINE_COLOURS.length];
      const dash = DASHES[li % DASHES.length];
      const gen = line<number>()
        .defined((j) => Number.isFinite(vAt(s.values, j)))
        .x((j) => x(tAt(j)))
        .y((j) => y(vAt(s.values, j)))
        .curve(curveStepAfter)
        .digits(1);
      const right = spec.right !== undefined && ax === spec.right;
      body.push(
        el('path', {
          class: 'line',
          d: gen(idx) ?? '',
          fill: 'none',
          stroke,
          'stroke-width': 1.8,
          'stroke-dasharray': dash || undefined,
          'data-axis': right ? 'right' : undefined,
        }),
      );
      legend.push({ name: right ? `${s.name} (right axis)` : s.name, stroke, dash });
      li++;
    }
  }
  return { name: spec.name, title: spec.title, svg: svgDoc(spec.name, spec.title, spec.subtitle, legend, body) };
}

/** Bars by category (months), stacked above and below zero; one colour per series. */
export function barChart(spec: {
  name: string;
  title: string;
  subtitle: string;
  categories: string[];
  xTitle?: string;
  yTitle: string;
  yUnit: string;
  series: Series[];
}): Chart {
  const { categories, series } = spec;
  const layers = stack<number, number>()
    .keys(series.map((_, k) => k))
    .value((i, k) => (Number.isFinite(series[k].values[i]) ? series[k].values[i] : 0))
    .offset(stackOffsetDiverging)(categories.map((_, i) => i));
  const y = scaleLinear()
    .domain(
      extent(
        { title: '', unit: '', lines: [], zero: true },
        layers.map((l) => l.map((p) => [p[0], p[1]] as [number, number])),
      ),
    )
    .nice()
    .range([PLOT.bottom, PLOT.top]);
  const x = scaleBand<number>()
    .domain(categories.map((_, i) => i))
    .range([PLOT.left, PLOT.right])
    .padding(0.15);
  const body: string[] = [yAxis(y, { title: spec.yTitle, unit: spec.yUnit, lines: [] }, 'left', true)];
  const legend: LegendItem[] = [];
  layers.forEach((layer, k) => {
    const fill = FILLS[k % FILLS.length];
    const rects = layer.map((p, i) =>
      p[1] === p[0]
        ? ''
        : el('rect', {
            x: x(i)!,
            width: x.bandwidth(),
            y: y(Math.max(p[0], p[1])),
            height: Math.abs(y(p[0]) - y(p[1])),
            fill,
          }),
    );
    body.push(el('g', { class: 'bars' }, ...rects));
    legend.push({ name: series[k].name, fill });
  });
  body.push(el('line', { x1: PLOT.left, x2: PLOT.right, y1: y(0), y2: y(0), stroke: '#333333' }));
  body.push(monthAxis(categories, x, spec.xTitle ?? 'month (UTC)'));
  return { name: spec.name, title: spec.title, svg: svgDoc(spec.name, spec.title, spec.subtitle, legend, body) };
}

/** The bottom axis of a chart of month bands: at most ~16 labels (every k-th month) and the axis title. */
function monthAxis(labels: string[], x: ScaleBand<number>, title: string): string {
  const every = Math.ceil(labels.length / 16);
  return el(
    'g',
    { class: 'axis axis-bottom' },
    ...labels.map((c, i) =>
      i % every
        ? ''
        : text({ x: x(i)! + x.bandwidth() / 2, y: PLOT.bottom + 18, 'font-size': 11, 'text-anchor': 'middle' }, c),
    ),
    text({ x: (PLOT.left + PLOT.right) / 2, y: PLOT.bottom + 36, 'font-size': 12, 'text-anchor': 'middle' }, title),
  );
}

/** A line against a numeric x (a load-duration curve: hours against power). */
export function curveChart(
  spec: XYLabels & {
    xs: ArrayLike<number>;
    lines: Series[];
    /** Vertical marks with a label (percentiles). */
    marks?: { name: string; x: number }[];
    domain?: [number, number];
    /** Each point's value held back to the point before it (a load-duration curve's rows), not a line between them. */
    steps?: boolean;
  },
): Chart {
  const n = spec.xs.length;
  const x = scaleLinear()
    .domain(spec.xs[0] === spec.xs[n - 1] ? [spec.xs[0] - 1, spec.xs[0] + 1] : [spec.xs[0], spec.xs[n - 1]])
    .range([PLOT.left, PLOT.right]);
  const yAx: YAxis = { title: spec.yTitle, unit: spec.yUnit, lines: spec.lines, zero: true, domain: spec.domain };
  const y = scaleLinear().domain(extent(yAx, [])).nice().range([PLOT.bottom, PLOT.top]);
  const body = [yAxis(y, yAx, 'left', true), numericXAxis(x, withUnit(spec.xTitle, spec.xUnit))];
  const legend: LegendItem[] = [];
  spec.lines.forEach((s, k) => {
    const stroke = LINE_COLOURS[k % LINE_COLOURS.length];
    const dash = DASHES[k % DASHES.length];
    const idx = Array.from({ length: n }, (_, i) => i);
    const d = line<number>()
      .defined((i) => Number.isFinite(s.values[i]))
      .x((i) => x(spec.xs[i]))
      .y((i) => y(s.values[i]))
      .curve(spec.steps ? curveStepBefore : curveLinear)
      .digits(1)(idx);
    body.push(
      el('path', {
        class: 'line',
        d: d ?? '',
        fill: 'none',
        stroke,
        'stroke-width': 1.8,
        'stroke-dasharray': dash || undefined,
      }),
    );
    legend.push({ name: s.name, stroke, dash });
  });
  for (const m of spec.marks ?? []) {
    const xx = x(m.x);
    body.push(
      el('line', {
        class: 'mark',
        x1: xx,
        x2: xx,
        y1: PLOT.top,
        y2: PLOT.bottom,
        stroke: '#5a5a5a',
        'stroke-dasharray': '3 3',
      }),
      text({ x: xx + 3, y: PLOT.top + 12, 'font-size': 11, fill: '#333333' }, m.name),
    );
  }
  return { name: spec.name, title: spec.title, svg: svgDoc(spec.name, spec.title, spec.subtitle, legend, body) };
}

function numericXAxis(x: ReturnType<typeof scaleLinear<number, number>>, title: string): string {
  const ticks = x.ticks(8);
  const f = x.tickFormat(8);
  return el(
    'g',
    { class: 'axis axis-bottom' },
    ...ticks.map(
      (t) =>
        el('line', { x1: x(t), x2: x(t), y1: PLOT.bottom, y2: PLOT.bottom + 5, stroke: '#333333' }) +
        text({ x: x(t), y: PLOT.bottom + 18, 'font-size': 11, 'text-anchor': 'middle' }, f(t)),
    ),
    text({ x: (PLOT.left + PLOT.right) / 2, y: PLOT.bottom + 36, 'font-size': 12, 'text-anchor': 'middle' }, title),
  );
}

/** Light to dark: the order survives a greyscale printer. */
const HEAT = ['#f7fbff', '#08306b'];

/**
 * Hour of day (rows, 0 at the top) by month (columns): each cell the mean of
 * a quantity, light to dark; a colour bar with ticks is the legend. Cells
 * with no value are left blank.
 */
export function heatMap(spec: {
  name: string;
  title: string;
  subtitle: string;
  months: string[];
  unit: string;
  quantity: string;
  cells: Float64Array;
  domain?: [number, number];
}): Chart {
  const { months, cells } = spec;
  let lo = Infinity,
    hi = -Infinity;
  for (const v of cells) if (Number.isFinite(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  const [d0, d1] = spec.domain ?? (lo === Infinity ? [0, 1] : lo === hi ? [lo - 1, hi + 1] : [lo, hi]);
  const colour = scaleLinear<string>().domain([d0, d1]).range(HEAT).clamp(true);
  const x = scaleBand<number>()
    .domain(months.map((_, i) => i))
    .range([PLOT.left, PLOT.right]);
  const y = scaleBand<number>()
    .domain(Array.from({ length: 24 }, (_, h) => h))
    .range([PLOT.top, PLOT.bottom]);
  const rects: string[] = [];
  months.forEach((_, m) => {
    for (let h = 0; h < 24; h++) {
      const v = cells[m * 24 + h];
      if (Number.isFinite(v))
        rects.push(
          el('rect', { x: x(m)!, y: y(h)!, width: x.bandwidth() + 0.3, height: y.bandwidth() + 0.3, fill: colour(v) }),
        );
    }
  });
  const body = [
    el('g', { class: 'cells' }, ...rects),
    el(
      'g',
      { class: 'axis axis-left' },
      ...[0, 3, 6, 9, 12, 15, 18, 21].map((h) =>
        text(
          { x: PLOT.left - 8, y: y(h)! + y.bandwidth() / 2 + 4, 'font-size': 11, 'text-anchor': 'end' },
          `${String(h).padStart(2, '0')}:00`,
        ),
      ),
      text(
        {
          x: 18,
          y: (PLOT.top + PLOT.bottom) / 2,
          'font-size': 12,
          'text-anchor': 'middle',
          transform: `rotate(-90 18 ${(PLOT.top + PLOT.bottom) / 2})`,
        },
        'hour of day (UTC)',
      ),
    ),
    monthAxis(months, x, 'month (UTC)'),
  ];
  // The colour bar, right of the plot.
  const bar = scaleLinear().domain([d0, d1]).range([PLOT.bottom, PLOT.top]);
  const stops = Array.from({ length: 20 }, (_, i) => d0 + ((d1 - d0) * (i + 0.5)) / 20);
  body.push(
    el(
      'g',
      { class: 'colour-bar' },
      ...stops.map((v, i) =>
        el('rect', {
          x: PLOT.right + 14,
          y: bar(d0 + ((d1 - d0) * (i + 1)) / 20),
          width: 14,
          height: (PLOT.bottom - PLOT.top) / 20 + 0.3,
          fill: colour(v),
        }),
      ),
      ...bar.ticks(5).map((t) => text({ x: PLOT.right + 32, y: bar(t) + 4, 'font-size': 11 }, bar.tickFormat(5)(t))),
      text({ x: PLOT.right + 14, y: PLOT.top - 8, 'font-size': 11 }, spec.unit),
    ),
  );
  return { name: spec.name, title: spec.title, svg: svgDoc(spec.name, spec.title, spec.subtitle, [], body) };
}

/** One bar per unit (SMR modules' availability), with a reference line (the expectation). */
export function unitBars(spec: {
  name: string;
  title: string;
  subtitle: string;
  labels: string[];
  bars: { name: string; values: number[] }[];
  yTitle: string;
  yUnit: string;
  reference?: { name: string; value: number };
}): Chart {
  const all = spec.bars.flatMap((b) => b.values).concat(spec.reference ? [spec.reference.value] : []);
  const y = scaleLinear()
    .domain([0, Math.max(100, ...all)])
    .nice()
    .range([PLOT.bottom, PLOT.top]);
  const x = scaleBand<number>()
    .domain(spec.labels.map((_, i) => i))
    .range([PLOT.left, PLOT.right])
    .padding(0.3);
  const inner = scaleBand<number>()
    .domain(spec.bars.map((_, k) => k))
    .range([0, x.bandwidth()])
    .padding(0.05);
  const body = [yAxis(y, { title: spec.yTitle, unit: spec.yUnit, lines: [] }, 'left', true)];
  const legend: LegendItem[] = [];
  spec.bars.forEach((b, k) => {
    const fill = FILLS[k % FILLS.length];
    body.push(
      el(
        'g',
        { class: 'bars' },
        ...b.values.map((v, i) =>
          el('rect', { x: x(i)! + inner(k)!, width: inner.bandwidth(), y: y(v), height: PLOT.bottom - y(v), fill }),
        ),
      ),
    );
    legend.push({ name: b.name, fill });
  });
  if (spec.reference) {
    const yy = y(spec.reference.value);
    body.push(
      el('line', {
        class: 'reference',
        x1: PLOT.left,
        x2: PLOT.right,
        y1: yy,
        y2: yy,
        stroke: LINE_COLOURS[1],
        'stroke-width': 1.8,
        'stroke-dasharray': DASHES[1],
      }),
    );
    legend.push({ name: spec.reference.name, stroke: LINE_COLOURS[1], dash: DASHES[1] });
  }
  body.push(
    el(
      'g',
      { class: 'axis axis-bottom' },
      ...spec.labels.map((l, i) =>
        text({ x: x(i)! + x.bandwidth() / 2, y: PLOT.bottom + 18, 'font-size': 11, 'text-anchor': 'middle' }, l),
      ),
    ),
  );
  return { name: spec.name, title: spec.title, svg: svgDoc(spec.name, spec.title, spec.subtitle, legend, body) };
}

/**
 * Points against a numeric x, each group its own marker (filled, hollow,
 * grey), and an optional line through some of them (a Pareto front, in x
 * order), with labelled marks (the chosen point).
 */
export function scatterChart(
  spec: XYLabels & {
    groups: { name: string; xs: number[]; ys: number[]; fill: string; stroke: string }[];
    line?: { name: string; xs: number[]; ys: number[] };
    marks?: { name: string; x: number; y: number }[];
  },
): Chart {
  const xs = spec.groups.flatMap((g) => g.xs).filter(Number.isFinite);
  const ys = spec.groups.flatMap((g) => g.ys).filter(Number.isFinite);
  // One value everywhere is padded on both sides, but never below 0 when it is not negative:
  // loss-of-load hours that are 0 for every candidate get an axis from 0 up, not one from -1.
  const span = (v: number[]): [number, number] => {
    const lo = Math.min(...v),
      hi = Math.max(...v);
    if (v.length === 0) return [0, 1];
    if (lo !== hi) return [lo, hi];
    const pad = Math.max(1, Math.abs(lo) * 0.05);
    return [lo >= 0 ? Math.max(0, lo - pad) : lo - pad, hi + pad];
  };
  const x = scaleLinear().domain(span(xs)).nice().range([PLOT.left, PLOT.right]);
  const y = scaleLinear().domain(span(ys)).nice().range([PLOT.bottom, PLOT.top]);
  const body = [
    yAxis(y, { title: spec.yTitle, unit: spec.yUnit, lines: [] }, 'left', true),
    numericXAxis(x, withUnit(spec.xTitle, spec.xUnit)),
  ];
  const legend: LegendItem[] = [];
  if (spec.line && spec.line.xs.length > 0) {
    const l = spec.line;
    const d = line<number>()
      .x((i) => x(l.xs[i]))
      .y((i) => y(l.ys[i]))
      .digits(1)(l.xs.map((_, i) => i));
    body.push(
      el('path', {
        class: 'line',
        d: d ?? '',
        fill: 'none',
        stroke: LINE_COLOURS[1],
        'stroke-width': 1.8,
        'stroke-dasharray': DASHES[1],
      }),
    );
    legend.push({ name: l.name, stroke: LINE_COLOURS[1], dash: DASHES[1] });
  }
  for (const g of spec.groups) {
    const dots = g.xs.map((xv, i) =>
      Number.isFinite(xv) && Number.isFinite(g.ys[i])
        ? el('circle', { cx: x(xv), cy: y(g.ys[i]), r: 4, fill: g.fill, stroke: g.stroke, 'stroke-width': 1.2 })
        : '',
    );
    body.push(el('g', { class: 'points' }, ...dots));
    // A group with no point (infeasible (0) where every candidate was feasible) has nothing to name in the legend.
    if (dots.some((d) => d !== '')) legend.push({ name: g.name, fill: g.fill });
  }
  for (const m of spec.marks ?? []) {
    body.push(
      el('circle', {
        class: 'mark',
        cx: x(m.x),
        cy: y(m.y),
        r: 8,
        fill: 'none',
        stroke: LINE_COLOURS[1],
        'stroke-width': 2,
      }),
      text({ x: x(m.x) + 11, y: y(m.y) - 8, 'font-size': 11, fill: '#333333' }, m.name),
    );
  }
  return { name: spec.name, title: spec.title, svg: svgDoc(spec.name, spec.title, spec.subtitle, legend, body) };
}
