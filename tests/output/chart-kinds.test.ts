import { describe, expect, it } from 'vitest';
import { scatterChart } from '../../src/output/charts/chart-kinds.ts';

/** The tick labels of an axis group (`axis-left`, `axis-bottom`) of a chart's SVG, the axis title left out. */
function ticks(svg: string, axis: string): string[] {
  const g = svg.slice(svg.indexOf(`class="axis ${axis}"`));
  const body = g.slice(0, g.indexOf('</g>'));
  const texts = [...body.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  return axis === 'axis-left' ? texts.slice(0, -1) : texts;
}

const chart = (xs: number[], ys: number[]) =>
  scatterChart({
    name: 'front',
    title: 'npc against lole_h',
    subtitle: '',
    xTitle: 'npc',
    xUnit: '$M',
    yTitle: 'lole_h',
    yUnit: '',
    groups: [{ name: 'feasible', xs, ys, fill: '#1f4e79', stroke: '#1f4e79' }],
  }).svg;

describe('scatterChart axes', () => {
  it('values that are all zero (no loss of load anywhere) get an axis from 0 up, not one through negative hours', () => {
    const left = ticks(chart([430, 560, 800], [0, 0, 0]), 'axis-left');
    expect(left.length).toBeGreaterThan(1);
    expect(Number(left[0])).toBe(0);
    expect(left.filter((t) => /^[−-]/.test(t))).toEqual([]);
  });

  it('one candidate: a positive x that is the same everywhere keeps its axis at 0 or above', () => {
    const bottom = ticks(chart([0.4, 0.4], [3, 5]), 'axis-bottom');
    expect(bottom.filter((t) => /^[−-]/.test(t))).toEqual([]);
  });

  it('a negative value the same everywhere is still padded on both sides', () => {
    const left = ticks(chart([1, 2], [-5, -5]), 'axis-left');
    expect(left.some((t) => /^[−-]/.test(t))).toBe(true);
    expect(left.some((t) => /^[−-]/.test(t) === false)).toBe(false);
  });
});
