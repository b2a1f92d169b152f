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
import { sweepColumns } from '../../src/output/charts/sweep-charts.ts';
import { unitOf } from '../../src/output/tables/figures.ts';
import { sweepTable } from '../../src/output/terminal/sweep-table.ts';
import { variedColumns, variedColumnsOf } from '../../src/output/tables/varied.ts';
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
    // A row per point and job, a column per figure: hundreds of training runs are rows, not column groups.
    expect(jobs.header).toEqual([
      'supply[0].units',
      'point',
      'job',
      'replicates',
      'failed',
      'goodput.mean',
      'goodput.ci95_lo',
      'goodput.ci95_hi',
      'unserved_share.mean',
      'unserved_share.ci95_lo',
      'unserved_share.ci95_hi',
    ]);
    expect(jobs.rows.map((r) => r.slice(0, 5))).toEqual([
      ['1', 'p1', 'training.pretrain', '5', '0'],
      ['1', 'p1', 'inference.chat', '5', '0'],
      ['2', 'p2', 'training.pretrain', '5', '0'],
      ['2', 'p2', 'inference.chat', '5', '0'],
    ]);
    expect(jobs.at(0, 'goodput.mean')).toBe('0.9');
    expect(jobs.at(0, 'unserved_share.mean')).toBe('');
    expect(jobs.at(1, 'unserved_share.mean')).toBe('0.01');
    expect(jobs.at(1, 'goodput.mean')).toBe('');
    // A training run that arrived in only some replicates: its row counts those.
    (records.get('p1-r0')!.summary as unknown as { training: unknown[] }).training = [];
    const fewer = table(buildTables(plan, records).pointsJobsCsv);
    const replicates = (point: string, job: string) =>
      fewer.rows.find((r) => r[1] === point && r[2] === job)?.[fewer.header.indexOf('replicates')];
    expect(replicates('p1', 'training.pretrain')).toBe('4');
    expect(replicates('p2', 'training.pretrain')).toBe('5');
  });

  it("gives a cooling mode's code (a label of the time series' cooling_mode column) no mean or interval; its hours and energy have them", () => {
    const { plan, records } = sweep();
    for (const r of records.values())
      (r.summary as unknown as { facility: unknown }).facility = {
        modes: {
          free: { code: 0, hours: 10, facility_mwh: 5, cooling_mwh: 1 },
          chiller: { code: 2, hours: 14, facility_mwh: 9, cooling_mwh: 3 },
        },
      };
    const points = table(buildTables(plan, records).pointsCsv);
    expect(points.header.filter((h) => h.startsWith('facility.modes.free.'))).toEqual([
      'facility.modes.free.hours.mean',
      'facility.modes.free.hours.ci95_lo',
      'facility.modes.free.hours.ci95_hi',
      'facility.modes.free.facility_mwh.mean',
      'facility.modes.free.facility_mwh.ci95_lo',
      'facility.modes.free.facility_mwh.ci95_hi',
      'facility.modes.free.cooling_mwh.mean',
      'facility.modes.free.cooling_mwh.ci95_lo',
      'facility.modes.free.cooling_mwh.ci95_hi',
    ]);
    expect(points.at(0, 'facility.modes.chiller.hours.mean')).toBe('14');
  });

  it("puts each run's training runs in training.csv, a row each, and leaves them out of summary.csv", () => {
    const { plan, records } = sweep();
    const t = buildTables(plan, records);
    const summary = table(t.summaryCsv);
    expect(summary.header.some((h) => h.startsWith('training.'))).toBe(false);
    expect(summary.header).toContain('inference.chat.unserved_share');
    const training = table(t.trainingCsv);
    expect(training.header).toEqual([
      'supply[0].units',
      'replicate',
      'run',
      'seed',
      'name',
      'submitted_utc',
      'started_utc',
      'ended_utc',
      'completed',
      'goodput',
    ]);
    // One row per run (each has one training run), in plan order, its varied value a number.
    expect(training.rows.map((r) => r[2])).toEqual(plan.runs.map((r) => r.id));
    expect(training.rows.map((r) => r[0])).toEqual(plan.runs.map((r) => r.point.values['supply[0].units']));
    expect(training.rows.every((r) => r[4] === 'pretrain' && r[9] === '0.9')).toBe(true);
    // No training runs anywhere: no table.
    for (const r of records.values()) (r.summary as { training: unknown[] }).training = [];
    expect(buildTables(plan, records).trainingCsv).toBe('');
  });

  it("a share's interval stops at one (goodput 0.99 and 0.7: mean 0.845, t interval up to 2.69)", () => {
    const { plan, records } = sweep();
    [...records.values()].forEach((r, i) => {
      const s = r.summary as unknown as { training: { goodput: number }[]; sources: unknown[] };
      s.training[0].goodput = i % 2 === 0 ? 0.99 : 0.7;
      s.sources = [{ name: 'grid', share: i % 2 === 0 ? 0.99 : 0.7, energy_mwh: 1 }];
    });
    plan.spec.replicates = 2;
    for (const r of plan.runs) r.replicate = Number(r.id.slice(-1)) % 2;
    const kept = new Set(['p1-r0', 'p1-r1', 'p2-r0', 'p2-r1']);
    const small = { ...plan, runs: plan.runs.filter((r) => kept.has(r.id)) } as Plan;
    const t = buildTables(small, records);
    const jobs = table(t.pointsJobsCsv);
    expect(Number(jobs.at(0, 'goodput.mean'))).toBeCloseTo(0.845, 12);
    expect(jobs.at(0, 'goodput.ci95_hi')).toBe('1');
    expect(jobs.at(0, 'goodput.ci95_lo')).toBe('0');
    const points = table(t.pointsCsv);
    expect(points.at(0, 'sources.grid.share.ci95_hi')).toBe('1');
    // Not a share: its interval is the t interval (energy: cut at 0 only).
    expect(Number(points.at(0, 'energy_mwh.facility.ci95_hi'))).toBeGreaterThan(1000);
  });

  it("a battery's state of charge and faded capacity, shares of its nameplate energy, stop at one", () => {
    // points.csv of examples/campus.size.yaml (plan-smr, 365 d, 2 replicates): 1 SMR unit and a 100 MWh battery ended
    // at final_soc 0.9 and 0.0..., mean 0.45, and the t interval (12.7 x s/sqrt 2) gave ci95_hi 5.45: a battery
    // ending the year at 545 % of its nameplate energy. Its lower bound was cut at 0, but not its upper at 1.
    const { plan, records } = sweep();
    [...records.values()].forEach((r, i) => {
      const s = r.summary as unknown as { sources: unknown[] };
      const x = i % 2 === 0 ? 0.9 : 0.05;
      s.sources = [
        { name: 'store', energy_mwh: 1, detail: { initial_soc: x, final_soc: x, capacity: i % 2 === 0 ? 0.99 : 0.6 } },
      ];
    });
    plan.spec.replicates = 2;
    for (const r of plan.runs) r.replicate = Number(r.id.slice(-1)) % 2;
    const kept = new Set(['p1-r0', 'p1-r1', 'p2-r0', 'p2-r1']);
    const small = { ...plan, runs: plan.runs.filter((r) => kept.has(r.id)) } as Plan;
    const points = table(buildTables(small, records).pointsCsv);
    for (const f of ['initial_soc', 'final_soc', 'capacity']) {
      expect(points.at(0, `sources.store.detail.${f}.ci95_hi`)).toBe('1');
      expect(points.at(0, `sources.store.detail.${f}.ci95_lo`)).toBe('0');
    }
    expect(Number(points.at(0, 'sources.store.detail.final_soc.mean'))).toBeCloseTo(0.475, 12);
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

  it('paired differences: two values equal but for floating-point noise differ by 0, not 1.5e-15 (docs/sweeps.md)', () => {
    const { plan, records } = sweep();
    // The same PUE summed in another order in each run (as cluster.sweep.yaml's runs give it); a real change of a
    // millionth in cost_usd is kept.
    const pue = [1.1000000000000028, 1.0999999999999968, 1.0999999999999934, 1.100000000000003, 1.1];
    for (const [id, r] of records) {
      const s = r.summary as unknown as Record<string, number>;
      const second = id.startsWith('p2');
      s.pue = pue[(r.replicate + (second ? 1 : 0)) % pue.length];
      if (second) s.cost_usd *= 1 + 1e-6;
    }
    const d = table(buildTables(plan, records).differencesCsv);
    const row = (figure: string) => d.rows.findIndex((r) => r[d.header.indexOf('figure')] === figure);
    expect(['difference.mean', 'difference.ci95_lo', 'difference.ci95_hi'].map((c) => d.at(row('pue'), c))).toEqual([
      '0',
      '0',
      '0',
    ]);
    expect(Number(d.at(row('cost_usd'), 'difference.mean'))).toBeCloseTo(-5e-4, 12);
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
    expect(text).toContain('\nmean ± half the 95% interval over the replicates; all figures in points.csv');
    // Under --no-crn the points share no random numbers: the changes are not paired (it said 'paired' all the same).
    const independent = sweepTable(file, ['supply[0].units'], false);
    expect(independent).not.toContain('paired');
    expect(independent).toContain(
      'changes from the first point in differences.csv (runs independent under --no-crn: the intervals hold the noise of both)',
    );
  });
});

/** A plan of one replicate per point over the given varied fields, each run's summary a facility energy. */
function varied(vary: { path: string; values: string[] }[]): { plan: Plan; records: Map<string, RunRecord> } {
  let combos: Record<string, string>[] = [{}];
  for (const v of vary) combos = combos.flatMap((c) => v.values.map((x) => ({ ...c, [v.path]: x })));
  const points = combos.map((values, index) => ({ index, id: `p${index}`, values }));
  const runs = points.map((point) => ({ id: `${point.id}-r0`, point, replicate: 0, seed: 1, series: false }));
  const records = new Map(
    runs.map((run, i) => [
      run.id,
      {
        id: run.id,
        replicate: 0,
        seed: 1,
        values: run.point.values,
        point_hash: 'h',
        summary: { energy_mwh: { facility: 100 + i }, training: [{ name: 't', goodput: 0.9 }] },
      } as unknown as RunRecord,
    ]),
  );
  return { plan: { spec: { vary, replicates: 1 }, points, runs } as unknown as Plan, records };
}

/** Each table's column for the varied field: its header and its cells, as pandas would read them. */
function columnOf(vary: { path: string; values: string[] }[], k = 0) {
  const { plan, records } = varied(vary);
  const t = buildTables(plan, records);
  return [t.summaryCsv, t.pointsCsv, t.pointsJobsCsv, t.differencesCsv].map((csv) => {
    const [header, ...rows] = parseCsv(csv).rows;
    return { name: header[k], cells: rows.map((r) => r[k]) };
  });
}

describe('varied values in the tables (read as numbers by pandas and spreadsheets)', () => {
  it('a quantity is a plain number in every table, its unit in the column name as the figures carry it', () => {
    for (const c of columnOf([{ path: 'supply[2].energy', values: ['0 MWh', '100 MWh', '200 MWh'] }])) {
      expect(c.name).toBe('supply[2].energy_mwh');
      expect(unitOf(c.name)).toBe('MWh');
      // What pandas' read_csv does to a column: every cell a finite float, or the column is text (object).
      for (const x of c.cells) expect(Number.isFinite(Number.parseFloat(x)) && String(Number(x)) === x, x).toBe(true);
    }
    expect(columnOf([{ path: 'supply[2].energy', values: ['0 MWh', '100 MWh'] }])[0].cells).toEqual(['0', '100']);
  });

  it.each([
    ['supply[0].price', ['40 $/MWh', '80 USD/MWh'], 'supply[0].price_usd_per_mwh', 'USD/MWh', ['40', '80']],
    ['supply[0].power', ['77 MW', '100 MWe'], 'supply[0].power_mw', 'MW', ['77', '100']],
    ['supply[0].carbon', ['363 g/kWh', '0.4 kg/kWh'], 'supply[0].carbon_kg_per_mwh', 'kg/MWh', ['363', '400']],
    [
      'supply[0].costs.capital',
      ['6041 $/kW', '7 M$/MW'],
      'supply[0].costs.capital_usd_per_kw',
      'USD/kW',
      ['6041', '7000'],
    ],
    // A demand charge and a carbon price: until 4 December 2026 text ('20 $/kW-month', '80 $/t').
    [
      'supply[1].costs.tou_demand[0].charge',
      ['10 $/kW-month', '20 $/kW/mo', '30000 $/MW-month'],
      'supply[1].costs.tou_demand[0].charge_usd_per_kw_month',
      'USD/kW-month',
      ['10', '20', '30'],
    ],
    [
      'supply[0].costs.fixed_om',
      ['120 $/kW-yr', '95000 $/MW/year'],
      'supply[0].costs.fixed_om_usd_per_kw_yr',
      'USD/kW-yr',
      ['120', '95'],
    ],
    [
      'economics.carbon_price',
      ['0 $/t', '40 $/t', '80 $/t'],
      'economics.carbon_price_usd_per_t',
      'USD/t',
      ['0', '40', '80'],
    ],
    [
      'supply[0].costs.launch',
      ['1500 $/kg', '2 M$/t'],
      'supply[0].costs.launch_usd_per_kg',
      'USD/kg',
      ['1500', '2000'],
    ],
    ['duration', ['30d', '36h', '1w'], 'duration_d', 'd', ['30', '1.5', '7']],
    ['workload.jobs[0].duration', ['90m', '2h'], 'workload.jobs[0].duration_min', 'min', ['90', '120']],
    ['facility.weather.mean', ['18 C', '64.4 F'], 'facility.weather.mean_c', '°C', ['18', '18']],
    ['supply[1].soc_min', ['10%', '0.2'], 'supply[1].soc_min_pct', '%', ['10', '20']],
  ])("%s %j: one unit, the first value's, the others converted", (path, values, name, u, cells) => {
    const [c] = columnOf([{ path, values }]);
    expect(c.name).toBe(name);
    expect(unitOf(c.name)).toBe(u);
    expect(c.cells).toEqual(cells);
  });

  it('a varied field the summary also gives (a carbon price in $/t, economics.years) is one column, not two of one name', () => {
    for (const [path, values, name, figure] of [
      [
        'economics.carbon_price',
        ['0 $/t', '80 $/t'],
        'economics.carbon_price_usd_per_t',
        { carbon_price_usd_per_t: 0 },
      ],
      ['economics.years', ['10', '20'], 'economics.years', { years: 10 }],
      // Written with its unit, as the model takes it: years, not a duration's hours (economics.years_h, 87600 and 175200).
      ['economics.years', ['10y', '20 years'], 'economics.years', { years: 10 }],
    ] as const) {
      const { plan, records } = varied([{ path, values: [...values] }]);
      for (const r of records.values()) Object.assign(r.summary as object, { economics: { ...figure, npc_usd: 1 } });
      const t = buildTables(plan, records);
      const summary = table(t.summaryCsv);
      // pandas renames a second column of a name (.1) and the charts took the varied value for a figure: no line drawn.
      expect(summary.header.filter((h) => h === name)).toEqual([name]);
      expect(summary.rows.map((r) => r[0])).toEqual(values.map((v) => v.replace(/ \$\/t|y| years/, '')));
      expect(table(t.pointsCsv).header.filter((h) => h.startsWith(name))).toEqual([name]);
      expect(sweepColumns(table(t.pointsCsv).header, table(t.pointsCsv).rows).params).toEqual([name]);
    }
  });

  it("mixed units: in the first value's unit, a bare number in the field's base unit (J for an energy)", () => {
    const [c] = columnOf([{ path: 'supply[1].energy', values: ['500 kWh', '1 MWh', '0', '3.6e6', '0.002 GWh'] }]);
    expect(c.name).toBe('supply[1].energy_kwh');
    expect(c.cells).toEqual(['500', '1000', '0', '1', '2000']);
    // A first unit with no name word: the kind's usual unit.
    const [g] = columnOf([{ path: 'supply[1].energy', values: ['3.6 GJ', '2 MWh'] }]);
    expect(g.name).toBe('supply[1].energy_mwh');
    expect(g.cells).toEqual(['1', '2']);
  });

  it('values that are not quantities stay as written: counts as numbers, names, modes, dates and rates as text', () => {
    const cases: [string, string[]][] = [
      ['supply[0].units', ['0', '1', '4']],
      ['facility.cooling.cop', ['4.5', '5.50']],
      ['supply[0].mode', ['load-following', 'baseload']],
      ['start', ['2027-01-01', '2027-07-01']],
      ['workload.jobs[0].rate', ['60/h', '2/day']],
      ['supply[0].name', ['smr', '2nd']],
    ];
    for (const [path, values] of cases) {
      const [summary, points, jobs, differences] = columnOf([{ path, values }]);
      for (const c of [summary, points, jobs]) expect(c).toEqual({ name: path, cells: values });
      expect(differences).toEqual({ name: path, cells: values.slice(1) }); // each point against the first
    }
    expect(columnOf([{ path: 'supply[0].mode', values: ['load-following', 'baseload'] }])[0].cells).toEqual([
      'load-following',
      'baseload',
    ]);
  });

  it('the closing table shows a quantity with its unit, as it was written', () => {
    const vary = [{ path: 'supply[2].energy', values: ['0 MWh', '100 MWh'] }];
    const { plan, records } = varied(vary);
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-tables-'));
    const file = join(dir, 'points.csv');
    writeFileSync(file, buildTables(plan, records).pointsCsv);
    const lines = sweepTable(file, variedColumns(vary)).split('\n');
    expect(lines[0]).toMatch(/^supply\[2\]\.energy\s+facility energy MWh/);
    expect(lines[1]).toMatch(/^0 MWh\s+100$/);
    expect(lines[2]).toMatch(/^100 MWh\s+101$/);
    // One run per point: no interval, and the note says so (it said 'mean ± half the 95% interval over the replicates').
    expect(lines[3]).toBe(
      'one run per point: its figures, no interval (--replicates 2 or more gives one); all figures in points.csv, paired changes from the first point in differences.csv',
    );
  });

  it("a figure every replicate gives alike reads 'in every run', not '± 0.00', an interval of no width", () => {
    // Before: no loss of load in any of 5 replicates read '0.00 ± 0.00', which reads as certainty; a shortfall none of
    // five runs met can still happen.
    const { plan, records } = sweep();
    for (const r of records.values()) (r.summary as { energy_mwh: { unmet: number } }).energy_mwh.unmet = 0;
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-tables-'));
    const file = join(dir, 'points.csv');
    writeFileSync(file, buildTables(plan, records).pointsCsv);
    const lines = sweepTable(file, ['supply[0].units']).split('\n');
    expect(lines[1]).toMatch(/^1\s+1,000 ± \d+\s+-?[\d,]+ ± \d+\s+0\.00 in every run$/);
    expect(lines[3]).toMatch(
      /^mean ± half the 95% interval over the replicates; "in every run": the replicates agree, no spread to give an interval \(no loss of load in these runs does not make one impossible: more replicates or years bound it\); all figures/,
    );
    // A figure alike in every run but not a shortfall: the note without the words on loss of load.
    for (const r of records.values()) {
      const e = (r.summary as { energy_mwh: { facility: number; unmet: number } }).energy_mwh;
      e.facility = 1000;
      e.unmet = 1;
    }
    writeFileSync(file, buildTables(plan, records).pointsCsv);
    const text = sweepTable(file, ['supply[0].units']);
    expect(text).toContain('1,000 in every run');
    expect(text).toContain('"in every run": the replicates agree, no spread to give an interval; all figures');
  });

  it('runs of more than a year show their loss-of-load hours a year (the LOLE), not the total over the run', () => {
    // Two-year runs of sizing-lole printed 'loss-of-load hours h 60.66', a total a planner reads as a LOLE twice the
    // 30.33 h a year it is (the run's own table gives both since e02d0e8).
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-tables-'));
    const file = join(dir, 'points.csv');
    const fig = (name: string, m: number, lo: number, hi: number) => [`${name}.mean`, m, lo, hi];
    const points = (hours: number) => {
      const cols = [
        fig('duration_h', hours, hours, hours),
        fig('reliability.loss_of_load_hours', 60.66, 0, 191.28),
        fig('reliability.loss_of_load_hours_per_year', 30.33, 0, 95.64),
      ];
      const head = ['supply[0].units', 'point', 'replicates', 'failed'];
      for (const [n] of cols)
        head.push(n as string, (n as string).replace('.mean', '.ci95_lo'), (n as string).replace('.mean', '.ci95_hi'));
      writeFileSync(file, `${head.join(',')}\n6,abc,3,0,${cols.map((c) => c.slice(1).join(',')).join(',')}\n`);
      return sweepTable(file, ['supply[0].units']).split('\n');
    };
    const two = points(17520);
    expect(two[0]).toMatch(/loss-of-load hours a year$/);
    expect(two[1]).toMatch(/30\.33 \(0\.00 to 95\.64\)$/);
    // A year or less: the hours of the run, as before.
    const one = points(8760);
    expect(one[0]).toMatch(/loss-of-load hours$/);
    expect(one[1]).toMatch(/60\.66 \(0\.00 to 191\.28\)$/);
  });

  it("a figure the column's rounding would show as 0 keeps the digits that show it is not", () => {
    // A column takes its largest figure's decimals: a point leaving 0.3 MWh unmet beside one leaving 303 read '0 (0 to
    // 1)', as if it lost none, and a day's 0.19 $M net cost beside ten years' 750 $M read '0' (now 0.2).
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-tables-'));
    const file = join(dir, 'points.csv');
    const fig = (name: string, m: number, lo: number, hi: number) => [`${name}.mean`, m, lo, hi];
    const head = ['supply[0].units', 'point', 'replicates', 'failed'];
    const names = ['cost_usd', 'energy_mwh.unmet', 'reliability.loss_of_load_hours'];
    for (const n of names) head.push(`${n}.mean`, `${n}.ci95_lo`, `${n}.ci95_hi`);
    const row = (units: number, cols: (string | number)[][]) =>
      `${units},p${units},3,0,${cols.map((c) => c.slice(1).join(',')).join(',')}`;
    writeFileSync(
      file,
      `${head.join(',')}\n${row(1, [
        fig('cost_usd', 190_000, 189_800, 190_200),
        fig('energy_mwh.unmet', 0.3, 0, 0.9),
        fig('reliability.loss_of_load_hours', 0.004, 0.0035, 0.0045),
      ])}\n${row(2, [
        fig('cost_usd', 750e6, 740e6, 760e6),
        fig('energy_mwh.unmet', 303, 0, 1145),
        fig('reliability.loss_of_load_hours', 120, 100, 140),
      ])}\n`,
    );
    const lines = sweepTable(file, ['supply[0].units']).split('\n');
    expect(lines[1]).toMatch(/^1\s+0\.2 ± 0\.0002\s+0\.3 \(0 to 1\)\s+0\.004 ± 0\.0005$/);
    expect(lines[2]).toMatch(/^2\s+750 ± 10\s+303 \(0 to 1,145\)\s+120 ± 20$/);
  });

  it('the closing table on a terminal narrower than it: each point a block, its figures under it', () => {
    // At 80 columns a sweep of two varied fields (119 columns) wrapped every row onto the next line, unreadable.
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-tables-'));
    const file = join(dir, 'points.csv');
    writeFileSync(file, buildTables(sweep().plan, sweep().records).pointsCsv);
    const wide = sweepTable(file, ['supply[0].units']);
    expect(sweepTable(file, ['supply[0].units'], true, 200)).toBe(wide);
    const narrow = sweepTable(file, ['supply[0].units'], true, 50);
    const [blocks, note] = narrow.split('\nmean ± ');
    for (const l of blocks.split('\n')) expect(l.length, l).toBeLessThanOrEqual(50);
    expect(blocks.split('\n').slice(0, 4)).toEqual([
      'supply[0].units 1',
      expect.stringMatching(/^ {2}facility energy MWh {2}1,000 ± \d+$/),
      expect.stringMatching(/^ {2}net cost USD {9}-?[\d,]+ ± \d+$/),
      expect.stringMatching(/^ {2}unmet energy MWh {5}10\.00 \(0\.00 to [\d.]+\)$/),
    ]);
    expect(blocks).toContain('\nsupply[0].units 2\n');
    expect(note).toMatch(/^half the 95% interval over the replicates/);
  });

  it('the note under a table with the net present cost says its terms, and what the net cost is', () => {
    // A sweep of a 3-year model over economics.years=1,5 (10 %, escalating 3 %) printed 'net present cost USD' 62,799
    // and 197,411 with nothing of the years, the rate or the escalation, beside a 'net cost USD' of 35,337 in both
    // (the runs' own energy bill, undiscounted), which the run's table says and the sweep's did not.
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-tables-'));
    const file = join(dir, 'points.csv');
    const note = (head: string[], ...rows: number[][]) => {
      const fig = (n: string) => [`${n}.mean`, `${n}.ci95_lo`, `${n}.ci95_hi`];
      const cols = ['supply[0].units', 'point', 'replicates', 'failed', ...head.flatMap(fig)];
      const line = (r: number[], i: number) =>
        [i + 1, `p${i}`, 1, 0, ...r.flatMap((x) => [Number.isNaN(x) ? '' : x, '', ''])].join(',');
      writeFileSync(file, `${cols.join(',')}\n${rows.map(line).join('\n')}\n`);
      return sweepTable(file, ['supply[0].units']).split('\n')[rows.length + 1];
    };
    const terms = ['economics.npc_usd', 'economics.years', 'economics.discount_rate', 'economics.escalation'];
    const bill =
      " (net cost: the runs' energy bill less export revenue, undiscounted, over the run: no capital, O&M or fuel)";
    expect(note(terms, [197411, 5, 0.1, 0.03], [62799, 5, 0.1, 0.03])).toContain(
      `; net present cost over 5 years at 10.0%, prices escalating 3.0% a year${bill}; all figures in points.csv`,
    );
    expect(note(terms, [62799, 1, 0.07, 0], [197411, 1, 0.07, 0])).toContain(
      `; net present cost over 1 year at 7.0%${bill}; all figures`,
    );
    expect(note(terms, [62799, 1, 0.1, 0.03], [197411, 5, 0.05, 0.03])).toContain(
      `; net present cost over each point's own terms, 1 to 5 years at 5.0% to 10.0%, prices escalating 3.0% a year${bill}`,
    );
    // A point whose every run failed has empty cells, not terms of 0 years at 0 %: it read 'each point's own terms,
    // 0 to 5 years at 0.0% to 10.0%' beside points that all share 5 years at 10 %.
    expect(note(terms, [197411, 5, 0.1, 0.03], [NaN, NaN, NaN, NaN])).toContain(
      `; net present cost over 5 years at 10.0%, prices escalating 3.0% a year${bill}`,
    );
    // Rates as the model gives them: 7.25 % and 2.25 % read '7.2%' and '2.3%' (one decimal), a point's mean in its last bits.
    expect(note(terms, [197411, 5, 0.07250000000000001, 0.0225], [62799, 5, 0.0725, 0.0225])).toContain(
      `; net present cost over 5 years at 7.25%, prices escalating 2.25% a year${bill}`,
    );
    // Runs shorter than a year: each project year is the run scaled up, as the run's table says beside its NPC (sw74:
    // a sweep of plan-smr over 30 days said 'over 10 years at 7.0%' alone until 7 December 2026). A year's runs say no more.
    const timed = [...terms, 'duration_h'];
    expect(note(timed, [644e6, 10, 0.07, 0, 720], [640e6, 10, 0.07, 0, 720])).toContain(
      `; net present cost over 10 years at 7.0%, from each run's 30 days scaled to a whole year and repeated${bill}`,
    );
    expect(note(timed, [62799, 1, 0.07, 0, 720], [197411, 1, 0.07, 0, 1440])).toContain(
      `; net present cost over 1 year at 7.0%, from each run's 30 days to 60 days scaled to a whole year${bill}`,
    );
    expect(note(timed, [62799, 10, 0.07, 0, 8760], [197411, 10, 0.07, 0, 8760])).toContain(
      `; net present cost over 10 years at 7.0%${bill}`,
    );
    // Runs of more than a year that end their last in part: each year after them repeats that part scaled up (bk74:
    // 400 days from 1 March 2027, 8,784 h and then 816 h of 2028, said nothing, as a 30-day sweep did before sw74),
    // and a sweep over the duration, 30 and 400 days, said nothing of either point's scaled year.
    const yearly = [...timed, 'yearly.2027.hours', 'yearly.2028.hours'];
    expect(note(yearly, [644e6, 10, 0.07, 0, 9600, 8784, 816], [640e6, 10, 0.07, 0, 9600, 8784, 816])).toContain(
      `; net present cost over 10 years at 7.0%, its year 2 from each run's 34 days of it scaled to a whole year and repeated${bill}`,
    );
    expect(note(yearly, [62799, 10, 0.07, 0, 720, 720, NaN], [197411, 10, 0.07, 0, 9600, 8784, 816])).toContain(
      `; net present cost over 10 years at 7.0%, each run's last year, run in part (30 days to 34 days of it), scaled to a whole year and repeated${bill}`,
    );
    expect(note(yearly, [62799, 10, 0.07, 0, 720, 720, NaN], [197411, 10, 0.07, 0, 17568, 8784, 8784])).toContain(
      `; net present cost over 10 years at 7.0%, each run's last year where run in part (30 days of it), scaled to a whole year and repeated${bill}`,
    );
    expect(note(yearly, [62799, 10, 0.07, 0, 17568, 8784, 8784], [197411, 10, 0.07, 0, 17568, 8784, 8784])).toContain(
      `; net present cost over 10 years at 7.0%${bill}`,
    );
    // A carbon price and a value of lost load are in every point's NPC (2 years at 10 %, 100 $/t growing 5 % a year:
    // 291 of 3,883 USD; 1,000 $/MWh of unmet energy: 270 of 4,153), and the note said nothing of either.
    const priced = [...terms, 'economics.carbon_price_usd_per_t', 'economics.carbon_escalation'];
    expect(note(priced, [4450, 2, 0.1, 0, 100, 0.05], [3883, 2, 0.1, 0, 100, 0.05])).toContain(
      `; net present cost over 2 years at 10.0%, pricing carbon at 100 $/t (growing 5.0% a year: economics.carbon_npc_usd)${bill}`,
    );
    expect(
      note(
        [...priced, 'economics.value_of_lost_load_usd_per_mwh'],
        [4720, 2, 0.1, 0, 100, 0.05, 1000],
        [4153, 2, 0.1, 0, 100, 0.05, 1000],
      ),
    ).toContain(
      ', pricing carbon at 100 $/t (growing 5.0% a year: economics.carbon_npc_usd) and unmet energy at 1,000 $/MWh (economics.lost_load_npc_usd) (net cost',
    );
    // A point without a price (its cell empty) prices carbon at 0.
    expect(note(priced, [3592, 2, 0.1, 0, NaN, NaN], [3883, 2, 0.1, 0, 100, 0.05])).toContain(
      '10.0%, pricing carbon at 0 to 100 $/t (growing 5.0% a year',
    );
    expect(note(priced, [3592, 2, 0.1, 0, NaN, NaN], [3883, 2, 0.1, 0, NaN, NaN])).not.toContain('pricing');
    // Without an NPC (no economics), nothing on money.
    expect(note(['energy_mwh.facility'], [100], [100])).not.toContain('net present cost');
    // A grid's demand and fixed charges are in no run's net cost: a sweep of demand_charge over 0, 12 and 24 $/kW-month
    // read 'net cost USD' 561 at every point beside an NPC of 30,335 to 44,425, the note saying the net cost left out
    // capital, O&M and fuel only, as if it held the charges (185 to 560 USD of them over the 10 days).
    const charged = [...terms, 'sources.grid.charges.demand_usd', 'sources.grid.charges.fixed_usd'];
    expect(note(charged, [30335, 1, 0.07, 0, 0, 329], [44425, 1, 0.07, 0, 376, 329])).toContain(
      " (net cost: the runs' energy bill less export revenue, undiscounted, over the run: no capital, O&M or fuel, nor grid's demand and fixed charges, which are in the NPC and points.csv's sources.grid.charges)",
    );
    // A model whose grids charge nothing beyond energy (every cell 0 or empty) is told as before.
    expect(note(charged, [30335, 1, 0.07, 0, 0, 0], [44425, 1, 0.07, 0, NaN, NaN])).toContain(`${bill};`);
  });

  it('the closing table shows a dash for a point whose every run failed', () => {
    // It showed NaN in every column of that point (and report.html, which draws the same table, did too).
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-tables-'));
    const file = join(dir, 'points.csv');
    const figure = ['mean', 'ci95_lo', 'ci95_hi'].map((s) => `energy_mwh.facility.${s}`);
    writeFileSync(file, `supply[0].units,point,replicates,failed,${figure}\n1,a,2,0,100,90,110\n2,b,0,2,,,\n`);
    const lines = sweepTable(file, ['supply[0].units']).split('\n');
    expect(lines[1]).toMatch(/^1\s+100 ± 10$/);
    expect(lines[2]).toMatch(/^2\s+—$/);
  });

  it("readers find a folder's varied columns in its sweep.json or size.json; none in a folder without", () => {
    const dir = (file: string, text: string) => {
      const d = mkdtempSync(join(tmpdir(), 'dcpsim-varied-'));
      writeFileSync(join(d, file), text);
      return d;
    };
    const vary = [{ path: 'supply[2].energy', values: ['0 MWh', '100 MWh'] }];
    const sweep = variedColumnsOf(dir('sweep.json', JSON.stringify({ vary })));
    expect(sweep.get('supply[2].energy_mwh')).toMatchObject({ path: 'supply[2].energy', unit: 'MWh' });
    const size = variedColumnsOf(dir('size.json', JSON.stringify({ decide: vary })));
    expect([...size.keys()]).toEqual(['supply[2].energy_mwh']);
    expect(variedColumnsOf(dir('sweep.json', '{ not json')).size).toBe(0);
    expect(variedColumnsOf(dir('notes.txt', '')).size).toBe(0);
  });

  it('two varied fields: each its own column and unit', () => {
    const [c0, c1] = [0, 1].map(
      (k) =>
        columnOf(
          [
            { path: 'supply[0].units', values: ['1', '2'] },
            { path: 'supply[1].energy', values: ['0', '100 MWh'] },
          ],
          k,
        )[1],
    );
    expect(c0).toEqual({ name: 'supply[0].units', cells: ['1', '1', '2', '2'] });
    expect(c1).toEqual({ name: 'supply[1].energy_mwh', cells: ['0', '100', '0', '100'] });
  });
});
