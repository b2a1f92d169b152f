/**
 * One chip power: the facility's IT power and each run's energy read the
 * same curve per cluster (built once in the site), so a run holding a whole
 * cluster is charged exactly the cluster's IT energy, throttled or not.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHIPS, perChipCurve, serverSpec } from '../../src/model/chips.ts';
import { runScenario } from '../../src/run.ts';
import { readCsv } from '../helpers/read-csv.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-chip-power-'));
const MODEL = join(dir, 'one.yaml');
writeFileSync(
  MODEL,
  `name: one
start: 2027-01-01
duration: 2d
step: 1h
clusters: [{ name: gpu, chip: H100, count: 64, server: { chips: 8 } }]
workload: { training: [{ name: t, cluster: gpu, chips: 64, work: 10d, duty: 0.8, checkpoint: { every: 1h, takes: 5m } }] }
facility: { cooling: { model: pue, pue: 1.2 } }
supply: [{ kind: grid }]
`,
);

describe('chip power', () => {
  it.each([
    ['at full speed', []],
    // 40 kW of supply for about 77 kW of facility power: every chip throttled.
    ['throttled by a power cap', ['shortage=throttle', 'supply[0].import_cap=40 kW']],
  ])('a run holding the whole cluster is charged its IT energy, %s', (_, set) => {
    const s = runScenario({ model: MODEL, out: mkdtempSync(join(dir, 'run-')), set }).summary;
    const run = s.training[0].energy_mwh;
    expect(run).toBeGreaterThan(0);
    expect(Math.abs(run - s.energy_mwh.it) / s.energy_mwh.it).toBeLessThan(1e-12);
    if (set.length > 0) expect(s.facility.throttled_mwh).toBeGreaterThan(0);
  });
});

describe("a cluster's unallocated_power", () => {
  const BENCH = join(import.meta.dirname, '..', 'fixtures', 'bench-30d.yaml');
  const run = (set: string[]) => {
    const r = runScenario({ model: BENCH, out: mkdtempSync(join(dir, 'run-')), set: ['duration=2d', ...set] });
    return { s: r.summary, rows: readCsv(join(r.outDir, 'timeseries.csv')) };
  };

  it('draws each chip no work holds at that board power, its server share as at idle, and changes nothing else', () => {
    // 10,000 H200 (idle 125.49 W with a context open, about 82 W before one: models/data/h200-power), jobs using ~450.
    // Before, a chip no job held drew 125.49 W whatever the model said: half of bench-30d's IT energy is such chips.
    const held = run([]);
    const free = run(['clusters[0].unallocated_power=82 W']);
    const busy = held.rows.col('busy_chips');
    expect(free.rows.col('busy_chips')).toEqual(busy);
    // Each minute's row: 10,000 - busy chips idle, each 125.49 - 82 W less (the rows' 1 W rounding aside).
    const idleChipHours = busy.reduce((a, b) => a + (10_000 - b) / 60, 0);
    const saved = held.s.energy_mwh.it - free.s.energy_mwh.it;
    expect(saved * 1e6).toBeCloseTo(idleChipHours * (125.49 - 82), -2);
    expect(held.s.jobs).toEqual(free.s.jobs);
    // With servers, a chip's share of the server is kept: only the board's idle changes.
    const servers = ['clusters[0].server={chips: 8}'];
    const a = run(servers);
    const b = run([...servers, 'clusters[0].unallocated_power=82 W']);
    expect((a.s.energy_mwh.it - b.s.energy_mwh.it) * 1e6).toBeCloseTo(idleChipHours * (125.49 - 82), -2);
  });
});

describe("a server's other power", () => {
  it("is the power beside its accelerators, not the server's rating: a DGX H100's 10.2 kW is other_max 4.6 kW", () => {
    // other_max's description said only 'Non-accelerator power of one server at full load': a DGX's rating written
    // there (10.2 kW) is taken on top of the boards, a server of 15.8 kW. The rating less its boards is the figure.
    const h100 = CHIPS.H100;
    const server = (otherW: number) =>
      8 * perChipCurve(h100, serverSpec(h100, { chips: 8, other_max: otherW, fixed_share: 0.5 }))(1);
    const boards = 8 * perChipCurve(h100)(1);
    // At full duty the boards draw 698.09 W (the measured curve, its 700 W tdp at the limit), the rest all of other_max.
    expect(server(4600) - boards).toBeCloseTo(4600 * (0.5 + (0.5 * (698.09 - 129.45)) / (700 - 129.45)), 6);
    expect(server(10200) - boards).toBeGreaterThan(10_000);
  });
});
