/**
 * Supplies' availability over time: one row per SMR unit (and per other supply
 * with outages: a fusion PPA, a grid) across the run, its down stretches drawn
 * by cause (refuelling, forced outage), from the run folder's outages.csv
 * (src/output/tables/outages-csv.ts) and summary.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scaleBand, scaleUtc } from 'd3-scale';
import { PLOT, svgDoc, xAxisTime, type Chart, type LegendItem } from './chart-frame.ts';
import { parseCsv } from '../../model/csv-parse.ts';
import { parseUtc, type RunFolder } from '../tables/folder.ts';
import { el, text } from './svg.ts';

const FILL = { up: '#9ecae1', refuelling: '#1f4e79', 'forced outage': '#b2182b' } as const;

/** The chart, when the folder has an outages table and the summary names SMR units or a supply the table lists. */
export function smrTimeline(run: RunFolder, subtitle: string): Chart | undefined {
  const s = run.summary;
  const file = ['outages.csv', 'outages.tsv'].map((f) => join(run.dir, f)).find(existsSync);
  if (!s?.start_utc || !s.end_utc || !file) return undefined;
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'), undefined, file).rows;
  const col = (name: string): number => header.indexOf(name);
  const [cs, cu, cc, c0, c1] = ['source', 'unit', 'cause', 'start_utc', 'end_utc'].map(col);
  // A row per SMR unit, then one per other supply with outages in the table (a fusion PPA, a grid), in summary order.
  const listed = new Set(rows.map((r) => r[cs]));
  const units = s.sources.flatMap((src) => {
    const d = src.detail as
      | { units?: { unit?: number; availability?: number }[]; availability?: number; start_utc?: string }
      | undefined;
    if (src.kind === 'smr' && Array.isArray(d?.units))
      return d.units.map((u, i) => ({
        source: src.name,
        unit: u.unit ?? i + 1,
        label: `${src.name} ${u.unit ?? i + 1}`,
        availability: u.availability,
        from: undefined as string | undefined,
      }));
    return src.kind !== 'smr' && listed.has(src.name)
      ? [{ source: src.name, unit: 1, label: src.name, availability: d?.availability, from: d?.start_utc }]
      : [];
  });
  if (units.length === 0) return undefined;
  const title = units.every((u) => u.label !== u.source)
    ? 'SMR modules over time: when each was down, and why'
    : 'Supplies over time: when each was down, and why';
  const t0 = parseUtc(s.start_utc);
  const t1 = parseUtc(s.end_utc);
  const x = scaleUtc()
    .domain([new Date(t0), new Date(t1)])
    .range([PLOT.left, PLOT.right]);
  const y = scaleBand<number>()
    .domain(units.map((_, i) => i))
    .range([PLOT.top, PLOT.bottom])
    .padding(0.25);
  const row = new Map(units.map((u, i) => [`${u.source}\t${u.unit}`, i]));
  const body: string[] = [];
  body.push(
    el(
      'g',
      { class: 'bars' },
      // Up from the start, or from a PPA's own (drawn) start: nothing is drawn before it.
      ...units.flatMap((u, i) => {
        const from = u.from ? x(new Date(Math.max(t0, parseUtc(u.from)))) : PLOT.left;
        return from < PLOT.right
          ? [el('rect', { x: from, y: y(i)!, width: PLOT.right - from, height: y.bandwidth(), fill: FILL.up })]
          : [];
      }),
    ),
  );
  const seen = new Set<string>();
  const down = rows.flatMap((r) => {
    const i = row.get(`${r[cs]}\t${r[cu]}`);
    const cause = r[cc] as keyof typeof FILL;
    if (i === undefined || !(cause in FILL)) return [];
    seen.add(cause);
    const a = x(new Date(Math.max(t0, parseUtc(r[c0]))));
    const b = x(new Date(Math.min(t1, parseUtc(r[c1]))));
    // At least half a pixel: a day-long trip in a ten-year run still shows.
    return [
      el('rect', {
        class: cause.replace(' ', '-'),
        x: a,
        y: y(i)!,
        width: Math.max(0.5, b - a),
        height: y.bandwidth(),
        fill: FILL[cause],
      }),
    ];
  });
  body.push(el('g', { class: 'bars' }, ...down));
  body.push(
    el(
      'g',
      { class: 'axis axis-left' },
      ...units.map((u, i) =>
        text({ x: PLOT.left - 8, y: y(i)! + y.bandwidth() / 2 + 4, 'font-size': 11, 'text-anchor': 'end' }, u.label),
      ),
    ),
  );
  body.push(
    el(
      'g',
      { class: 'axis axis-right' },
      ...units.map((u, i) =>
        text(
          { x: PLOT.right + 6, y: y(i)! + y.bandwidth() / 2 + 4, 'font-size': 11 },
          typeof u.availability === 'number' ? `${(u.availability * 100).toFixed(1)} % up` : '',
        ),
      ),
    ),
  );
  body.push(xAxisTime(x, t1 - t0));
  const legend: LegendItem[] = [
    { name: 'up', fill: FILL.up },
    ...(['refuelling', 'forced outage'] as const).filter((c) => seen.has(c)).map((c) => ({ name: c, fill: FILL[c] })),
  ];
  return {
    name: 'smr-timeline',
    title,
    svg: svgDoc('smr-timeline', title, subtitle, legend, body),
  };
}
