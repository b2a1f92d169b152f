/** Checks shared by the chart and report tests: well-formed XML, and data paths inside the plot area. */
import { XMLValidator } from 'fast-xml-parser';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Throws with the parser's message unless `xml` is well-formed. */
export function assertWellFormed(xml: string): void {
  const r = XMLValidator.validate(xml);
  if (r !== true) throw new Error(`not well-formed XML: ${r.err.msg} (line ${r.err.line}, col ${r.err.col})`);
}

const attr = (tag: string, name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

export function plotArea(svg: string): Box {
  const tag = /<rect class="plot-area"[^>]*>/.exec(svg)?.[0];
  if (!tag) throw new Error('no plot-area rect');
  return {
    x: Number(attr(tag, 'x')),
    y: Number(attr(tag, 'y')),
    width: Number(attr(tag, 'width')),
    height: Number(attr(tag, 'height')),
  };
}

/** Every <path> element: its class and d attribute. */
export function paths(svg: string): { cls: string; d: string; tag: string }[] {
  return [...svg.matchAll(/<path\b[^>]*>/g)].map((m) => ({
    cls: attr(m[0], 'class') ?? '',
    d: attr(m[0], 'd') ?? '',
    tag: m[0],
  }));
}

/** Absolute points of a path made of M, L and Z (all d3's line and area generators emit for linear and step curves). */
export function pathPoints(d: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of d.matchAll(/([A-Za-z])([^A-Za-z]*)/g)) {
    const cmd = m[1];
    const nums =
      m[2].trim() === ''
        ? []
        : m[2]
            .trim()
            .split(/[\s,]+/)
            .map(Number);
    if (cmd === 'Z') continue;
    if (cmd !== 'M' && cmd !== 'L') throw new Error(`unexpected path command ${cmd}`);
    if (nums.length % 2 !== 0 || nums.some((n) => !Number.isFinite(n))) throw new Error(`bad coordinates in ${m[0]}`);
    for (let i = 0; i < nums.length; i += 2) out.push([nums[i], nums[i + 1]]);
  }
  return out;
}

/** Points of every path that fall outside the plot area (empty when all are inside). */
export function pointsOutside(svg: string): string[] {
  const a = plotArea(svg);
  const bad: string[] = [];
  for (const p of paths(svg)) {
    for (const [x, y] of pathPoints(p.d)) {
      if (x < a.x || x > a.x + a.width || y < a.y || y > a.y + a.height) bad.push(`${p.cls} (${x}, ${y})`);
    }
  }
  return bad;
}

const NUMBER = /^[−-]?[\d,]*\.?\d+$/;
const valueOf = (label: string): number => Number(label.replace(/,/g, '').replace('−', '-'));

/**
 * What a reader of a chart would call unreadable, one line each: an axis
 * with nothing that varies on it (every series on it missing, zero or
 * constant: a flat line on an invented scale), a heat map of one colour, bars
 * of no height, and tick labels in a unit too small to read (7,000,000 USD
 * where $M reads). Lines on the right axis carry data-axis="right".
 */
export function readabilityProblems(svg: string): string[] {
  const title = /<title[^>]*>([^<]*)<\/title>/.exec(svg)?.[1] ?? '';
  const bad: string[] = [];
  const axes = new Map(
    [...svg.matchAll(/<g class="axis axis-(left|right|bottom)">([\s\S]*?)<\/g>/g)].map((m) => [m[1], m[2]]),
  );
  // Tick labels: numbers under 100,000 (a bigger unit reads better), on every axis and the colour bar.
  const bar = /<g class="colour-bar">([\s\S]*?)<\/g>/.exec(svg)?.[1] ?? '';
  for (const body of [...axes.values(), bar])
    for (const m of body.matchAll(/<text[^>]*>([^<]*)<\/text>/g))
      if (NUMBER.test(m[1]) && Math.abs(valueOf(m[1])) >= 1e5) bad.push(`${title}: tick label ${m[1]}`);
  // The bottom axis's tick labels (11 px, centred on their ticks) clear each other: about 6.1 px a character in
  // Liberation Sans, and 2 px between. A 90-day run's 13 weekly dates sat 57 px apart, each 61 px wide.
  const bottom = [
    ...(axes.get('bottom') ?? '').matchAll(/<text x="([\d.]+)"[^>]*font-size="11"[^>]*>([^<]*)<\/text>/g),
  ];
  for (let i = 1; i < bottom.length; i++) {
    const [a, b] = [bottom[i - 1], bottom[i]];
    if (Math.abs(Number(b[1]) - Number(a[1])) < ((a[2].length + b[2].length) / 2) * 6.1 + 2)
      bad.push(`${title}: bottom labels ${a[2]} and ${b[2]} overlap`);
  }
  const cells = /<g class="cells">([\s\S]*?)<\/g>/.exec(svg)?.[1];
  if (cells !== undefined) {
    const fills = new Set([...cells.matchAll(/fill="([^"]*)"/g)].map((m) => m[1]));
    if (fills.size < 2) bad.push(`${title}: a heat map of ${fills.size} colour`);
    return bad;
  }
  const bars = [...svg.matchAll(/<g class="bars">([\s\S]*?)<\/g>/g)].flatMap((m) => m[1].match(/<rect\b[^>]*>/g) ?? []);
  if (bars.length > 0) {
    if (!bars.some((r) => Number(attr(r, 'height')) > 0.5)) bad.push(`${title}: bars of no height`);
    return bad;
  }
  // Lines, areas, bands and points, by the axis they are drawn on.
  const ys = { left: new Set<number>(), right: new Set<number>() };
  const xs = new Set<number>();
  for (const p of paths(svg)) {
    if (p.cls === 'mark') continue;
    const side = attr(p.tag, 'data-axis') === 'right' ? 'right' : 'left';
    for (const [x, y] of pathPoints(p.d)) ys[side].add(Math.round(y)), xs.add(Math.round(x));
  }
  for (const m of svg.matchAll(/<circle\b[^>]*>/g))
    if (attr(m[0], 'class') !== 'mark')
      ys.left.add(Math.round(Number(attr(m[0], 'cy')))), xs.add(Math.round(Number(attr(m[0], 'cx'))));
  for (const side of ['left', 'right'] as const)
    if (axes.has(side) && ys[side].size < 2) bad.push(`${title}: nothing varies on the ${side} axis`);
  if (axes.has('bottom') && xs.size < 2) bad.push(`${title}: nothing varies along the bottom axis`);
  return bad;
}
