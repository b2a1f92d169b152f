/**
 * The sweep's tables from hand-made records: per-job detail in its own file,
 * intervals that cannot go below zero for figures that cannot, and paired
 * differences that see through noise the points share.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/model/csv-parse.ts';
import { sweepTable } from '../../src/output/sweep-table.ts';
import type { Plan } from '../../src/sweep/plan.ts';
import type { RunRecord } from '../../src/sweep/store.ts';
import { buildTables } from '../../src/sweep/tables.ts';

/** Two points (units 1 and 2) x 5 replicates; each replicate's noise is shared by both points, as common random numbers make it. */
function sweep(): { plan: Plan; records: Map<string, RunRecord> } {
  const noise = [-40, 25, -10, 60, -35];
  const points = [1, 2].map((u, index) => ({ index, id: `p${u}`, values: { 'supply[0].units': String(u) } }));
  const runs = points.flatMap((point) =>
    noise.map((_, r) => ({ id: `${point.id}-r${r}`, point, replicate: r, seed: r, series: false })),
  );
  const records = new Map<string, RunRecord>();
  for (const run of runs) {
    const u = Number(run.point.values['supply[0].units']);
    const summary = {
      energy_mwh: { facility: 1000 + noise[run.replicate], unmet: run.replicate === 3 ? 50 / u : 0 },
      cost_usd: -500 + 10 * noise[run.replicate],
      training: [{ name: 'pretrain', goodput: 0.9 }],
      inference: [{ name: 'chat', unserved_share: 0.01 }],
    };
    records.set(run.id, {
      id: run.id,
      replicate: run.replicate,
      seed: run.seed,
      values: run.point.values,
      point_hash: 'h',
      summary,
    } as unknown as RunRecord);
    // Two units cut facility energy by exactly 100 MWh in every replicate.
    if (u === 2) summary.energy_mwh.facility -= 100;
  }
  const plan = {
    spec: { vary: [{ path: 'supply[0].units', values: ['1', '2'] }], replicates: noise.length },
    points,
    runs,
  } as unknown as Plan;
  return { plan, records };
}

const table = (csv: string) => {
  const [header, ...rows] = parseCsv(csv).rows;
  return { header, rows, at: (r: number, c: string) => rows[r][header.indexOf(c)] };
};

describe('sweep tables', () => {
  it('keeps per-job figures out of points.csv, in points_jobs.csv', () => {
    const { plan, records } = sweep();
    const t = buildTables(plan, records);
    const points = table(t.pointsCsv),
      jobs = table(t.pointsJobsCsv);
    expect(points.header.some((h) => /^(training|inference)\./.test(h))).toBe(false);
    expect(points.header).toContain('energy_mwh.facility.mean');
    expect(jobs.header).toEqual([
      'supply[0].units',
      'point',
      'replicates',
      'failed',
      'training.pretrain.goodput.mean',
      'training.pretrain.goodput.ci95_lo',
      'training.pretrain.goodput.ci95_hi',
      'inference.chat.unserved_share.mean',
      'inference.chat.unserved_share.ci95_lo',
      'inference.chat.unserved_share.ci95_hi',
    ]);
    expect(jobs.rows).toHaveLength(2);
  });

  it("an energy's interval stops at zero; money's may go below", () => {
    const t = table(buildTables(sweep().plan, sweep().records).pointsCsv);
    // Unmet: 0, 0, 0, 50, 0: mean 10, t-interval 10 ± 2.776 x 22.36/√5 reaches -17.8: cut at 0.
    expect(Number(t.at(0, 'energy_mwh.unmet.mean'))).toBe(10);
    expect(t.at(0, 'energy_mwh.unmet.ci95_lo')).toBe('0');
    expect(Number(t.at(0, 'energy_mwh.unmet.ci95_hi'))).toBeCloseTo(10 + 2.7764451 * Math.sqrt(500 / 5), 3); // s² = (4 x 10² + 40²) / 4 = 500
    expect(Number(t.at(0, 'cost_usd.ci95_lo'))).toBeLessThan(-500);
  });

  it('paired differences: the shared noise cancels, leaving the effect with a zero-width interval', () => {
    const d = table(buildTables(sweep().plan, sweep().records).differencesCsv);
    const row = d.rows.findIndex((r) => r[d.header.indexOf('figure')] === 'energy_mwh.facility');
    expect(d.at(row, 'supply[0].units')).toBe('2');
    expect(d.at(row, 'unit')).toBe('MWh');
    expect(d.at(row, 'pairs')).toBe('5');
    expect(Number(d.at(row, 'difference.mean'))).toBeCloseTo(-100, 9);
    expect(Number(d.at(row, 'difference.ci95_lo'))).toBeCloseTo(-100, 9);
    expect(Number(d.at(row, 'difference.ci95_hi'))).toBeCloseTo(-100, 9);
    // Unpaired, the same two points' intervals overlap: the noise (sd 42) hides a 100 MWh effect less well.
    const p = table(buildTables(sweep().plan, sweep().records).pointsCsv);
    expect(Number(p.at(1, 'energy_mwh.facility.ci95_hi'))).toBeGreaterThan(
      Number(p.at(0, 'energy_mwh.facility.ci95_lo')),
    );
  });

  it('the closing table: varied values and key figures, mean ± half-interval, in words and units', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-tables-'));
    const file = join(dir, 'points.csv');
    writeFileSync(file, buildTables(sweep().plan, sweep().records).pointsCsv);
    const text = sweepTable(file, ['supply[0].units']);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^supply\[0\]\.units\s+facility energy MWh\s+net cost USD\s+unmet energy MWh$/);
    expect(lines[1]).toMatch(/^1\s+1,000 ± \d+/);
    expect(lines[2]).toMatch(/^2\s+900 ± \d+/);
    expect(text).toContain('10.00 (0.00 to');
    expect(text).toContain('paired changes from the first point in differences.csv');
  });
});
