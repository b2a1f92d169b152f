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
