import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { readFolder } from '../../src/output/tables/folder.ts';
import { chartsOf } from '../../src/output/charts/plot.ts';
import { writeReport } from '../../src/output/charts/report.ts';
import { readabilityProblems } from './svg-check.ts';

interface Live {
  title: string;
  y: string;
  y2?: string;
  stack: { name: string; values: (number | null)[] }[];
  lines: { name: string; values: (number | null)[]; right?: boolean }[];
  scales: { zero?: boolean; domain?: [number, number] }[];
  units?: string[];
}

/** The report's interactive charts: on each axis, something that varies (the stack's top counts as one series). */
function liveProblems(html: string): string[] {
  const json = /<script type="application\/json" id="dcpsim-data">([\s\S]*?)<\/script>/.exec(html)?.[1];
  if (!json) return [];
  const bad: string[] = [];
  for (const c of JSON.parse(json).charts as Live[]) {
    const top = c.stack.length
      ? [c.stack[0].values.map((_, i) => c.stack.reduce((s, l) => s + Math.abs(l.values[i] ?? 0), 0))]
      : [];
    const onAxis = (right: boolean) => [
      ...(right ? [] : top),
      ...c.lines.filter((l) => !!l.right === right).map((l) => l.values),
    ];
    for (const [right, label] of [
      [false, c.y],
      [true, c.y2],
    ] as const) {
      if (label === undefined) continue;
      // The cursor's read-out gives each value its axis's unit: 'smr 92.02' read as nothing in particular (out59).
      const unit = /\(([^)]*)\)$/.exec(label)?.[1] ?? '';
      if ((c.units?.[right ? 1 : 0] ?? null) !== unit) bad.push(`${c.title}: values on ${label} read without ${unit}`);
      const v = onAxis(right)
        .flat()
        .filter((x): x is number => x !== null && Number.isFinite(x));
      // A stack or line drawn from zero shows its size even when constant: zero is on the axis.
      if (v.length && c.scales[right ? 1 : 0]?.zero) v.push(0);
      const lo = Math.min(...v),
        hi = Math.max(...v);
      if (!(hi - lo > 1e-3 * Math.max(Math.abs(lo), Math.abs(hi)))) bad.push(`${c.title}: nothing varies on ${label}`);
    }
    // Each line that is drawn varies or is not all zero.
    for (const l of c.lines) if (l.values.every((x) => !x)) bad.push(`${c.title}: ${l.name} is zero throughout`);
  }
  return bad;
}

// Short runs of the presets: each chart's axes carry something, in the units people read; the same in the report.
const PRESETS: [string, string | undefined][] = [
  ['orbital-50k-h100', '4d'],
  ['default', '8d'],
  ['deepspeed-chat-13b', undefined],
  ['gpt3-training', '3d'],
  ['smr-campus', '8d'],
  ['pjm-carbon-aware-2028', '3d'],
];

describe('no empty axis, in the charts of the presets', () => {
  it.each(PRESETS)(
    '%s',
    (model, duration) => {
      const out = mkdtempSync(join(tmpdir(), 'dcpsim-readable-'));
      runScenario({ model, duration, out });
      const charts = chartsOf(readFolder(out));
      expect(charts.map((c) => c.name)).toContain('supply');
      expect(charts.flatMap((c) => readabilityProblems(c.svg))).toEqual([]);
      expect(liveProblems(readFileSync(writeReport(out), 'utf8'))).toEqual([]);
    },
    60_000,
  );
});

describe('time labels that clear each other', () => {
  // d3's eight ticks for 80 to 110 days are weekly dates, 57 px apart at 90 days and 61 px wide: they ran into each other
  // ('2027-01-032027-01-10...') on every static time chart, the report's SMR timeline among them.
  it.each(['20d', '45d', '75d', '90d', '100d', '110d', '200d', '400d'])('%s', (duration) => {
    const out = mkdtempSync(join(tmpdir(), 'dcpsim-readable-'));
    runScenario({ model: join(import.meta.dirname, '..', 'fixtures', 'small.yaml'), duration, step: '1h', out });
    const charts = chartsOf(readFolder(out)).filter((c) => c.svg.includes('time (UTC)'));
    expect(charts.length).toBeGreaterThan(0);
    expect(charts.flatMap((c) => readabilityProblems(c.svg)).filter((p) => p.includes('overlap'))).toEqual([]);
  });
});
