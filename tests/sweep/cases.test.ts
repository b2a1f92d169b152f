/**
 * Named cases of a sweep (src/sweep/cases.ts): supply portfolios compared in one sweep, each point labelled by its
 * case's name in every table, each case's row the run `dcpsim run` gives with its overrides and that row's seed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parseCsv } from '../../src/model/csv-parse.ts';
import { writeReport } from '../../src/output/charts/report.ts';
import { writePlots } from '../../src/output/charts/plot.ts';
import { changesTable, keyFigureTable, sweepTable } from '../../src/output/terminal/sweep-table.ts';
import { mergeSweep, prepareSweep, runSweep } from '../../src/sweep/sweep.ts';

vi.setConfig({ testTimeout: 120_000 });

const ROOT = join(import.meta.dirname, '..', '..');
const SMALL = join(ROOT, 'tests', 'fixtures', 'small.yaml');
const tmp = () => mkdtempSync(join(tmpdir(), 'dcpsim-cases-'));
const TABLES = ['summary.csv', 'points.csv', 'points_jobs.csv', 'differences.csv'];
const tables = (dir: string) => TABLES.map((f) => readFileSync(join(dir, f), 'utf8'));
const rowsOf = (file: string) => parseCsv(readFileSync(file, 'utf8'), undefined, file).rows;

/** The small model's grid capped (as it is), uncapped, and the grid with a battery: the last given whole. */
const FILE = `model: ${SMALL}
cases:
  capped: {}
  wide:
    supply[0].import_cap: 80 kW
  with-battery:
    supply:
      - { kind: grid, import_cap: 40 kW, price: 60 $/MWh, carbon: 400 g/kWh }
      - { kind: battery, energy: 100 kWh, power: 20 kW }
replicates: 2
duration: 3d
`;
const CRN_SWEEP = {
  model: SMALL,
  case: ['capped', 'wide: supply[0].import_cap=80 kW'],
  replicates: 2,
  duration: '1d',
  workers: 1,
  env: {},
};
const CLI_CASES = [
  'capped',
  'wide: supply[0].import_cap=80 kW',
  'with-battery: supply=[{"kind":"grid","import_cap":"40 kW","price":"60 $/MWh","carbon":"400 g/kWh"},{"kind":"battery","energy":"100 kWh","power":"20 kW"}]',
];

const cli = (args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'src', 'bin.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  });

let reference: { dir: string; file: string } | undefined;
async function ref() {
  if (!reference) {
    const dir = tmp();
    const file = join(dir, 'portfolios.sweep.yaml');
    writeFileSync(file, FILE);
    const r = await runSweep({ model: file, out: join(dir, 'out'), workers: 2, env: {} });
    expect(r).toMatchObject({ runs: 6, ran: 6, failed: 0 });
    reference = { dir: join(dir, 'out'), file };
  }
  return reference;
}

describe('named cases', () => {
  it("each case's summary.csv row is dcpsim run of the model with the case's overrides and the row's seed", async () => {
    const { dir } = await ref();
    const [head, ...rows] = rowsOf(join(dir, 'summary.csv'));
    expect(head.slice(0, 5)).toEqual(['case', 'replicate', 'run', 'seed', 'error']);
    expect(rows.map((r) => `${r[0]} ${r[1]}`)).toEqual([
      'capped 0',
      'capped 1',
      'wide 0',
      'wide 1',
      'with-battery 0',
      'with-battery 1',
    ]);
    // Common random numbers: replicate r of every case shares its seed.
    expect(new Set(rows.filter((r) => r[1] === '0').map((r) => r[3])).size).toBe(1);
    expect(rows[0][3]).not.toBe(rows[1][3]);
    const sets: Record<string, string[]> = {
      capped: [],
      wide: ['--set', 'supply[0].import_cap=80 kW'],
      'with-battery': ['--set', CLI_CASES[2].slice('with-battery: '.length)],
    };
    for (const r of rows.filter((x) => x[1] === '0' || x[0] === 'with-battery')) {
      const out = join(tmp(), 'run');
      const c = cli(['run', SMALL, '-q', '--duration', '3d', ...sets[r[0]], '--seed', r[3], '--out', out]);
      expect(c.stderr).toBe('');
      const [runHead, runRow] = rowsOf(join(out, 'summary.csv'));
      const shared = runHead.filter((h) => head.includes(h) && h !== 'seed');
      expect(shared.length).toBeGreaterThan(50);
      for (const h of shared) expect([h, r[head.indexOf(h)]]).toEqual([h, runRow[runHead.indexOf(h)]]);
    }
    // The cases differ where their portfolios do: the capped grid leaves demand unmet, the wider one none.
    const unmet = head.indexOf('energy_mwh.unmet');
    expect(Number(rows[0][unmet])).toBeGreaterThan(0);
    expect(Number(rows[2][unmet])).toBe(0);
  });

  it('every table labels a point by its case, first; differences.csv is from the first case', async () => {
    const { dir } = await ref();
    const pointRows = rowsOf(join(dir, 'points.csv'));
    expect(pointRows[0].slice(0, 4)).toEqual(['case', 'point', 'replicates', 'failed']);
    expect(pointRows.slice(1).map((r) => r[0])).toEqual(['capped', 'wide', 'with-battery']);
    const [dh, ...diffs] = rowsOf(join(dir, 'differences.csv'));
    expect(dh.slice(0, 4)).toEqual(['case', 'point', 'baseline', 'baseline_case']);
    expect(new Set(diffs.map((r) => r[3]))).toEqual(new Set(['capped']));
    expect(new Set(diffs.map((r) => r[0]))).toEqual(new Set(['wide', 'with-battery']));
    expect(new Set(diffs.map((r) => r[2]))).toEqual(new Set([pointRows[1][1]]));
    expect(rowsOf(join(dir, 'points_jobs.csv'))[0].slice(0, 3)).toEqual(['case', 'point', 'job']);
    const spec = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8'));
    expect(spec.cases.map((c: { name: string }) => c.name)).toEqual(['capped', 'wide', 'with-battery']);
    // The printed table, the report and the charts name the cases, never the JSON of a supply list.
    const printed = sweepTable(join(dir, 'points.csv'), ['case'], true);
    expect(printed.split('\n')[0]).toMatch(/^case +facility energy/);
    expect(printed).toContain('with-battery');
    expect(printed).not.toContain('{');
    const report = readFileSync(writeReport(dir), 'utf8');
    const points = report.slice(report.indexOf('<h2>Points</h2>'), report.indexOf('<h2>Charts</h2>'));
    expect(points).toContain('<td>with-battery</td>');
    expect(points).not.toContain('&quot;kind');
    // A case's name on one line: 'with-battery' broke at its hyphen in a narrow column.
    expect(points).toContain('<div class="points"');
    expect(report).toMatch(/\.points td \{ white-space: nowrap; \}|, \.points td \{ white-space: nowrap; \}/);
    // The model's section says what each case overrides.
    expect(report).toContain(
      'each case with its overrides, capped (the model as it is), wide (supply[0].import_cap=80 kW), with-battery (supply=[{&quot;kind&quot;:&quot;grid&quot;',
    );
    const svg = writePlots(dir)
      .filter((f) => f.endsWith('.svg'))
      .map((f) => readFileSync(f, 'utf8'));
    expect(svg.some((s) => s.includes('with-battery'))).toBe(true);
    expect(svg.every((s) => !s.includes('&quot;kind'))).toBe(true);
  });

  it('the command-line form gives the same files; run again, every run is complete', async () => {
    const { dir } = await ref();
    const out = join(tmp(), 'out');
    const c = cli(
      ['sweep', SMALL, '--duration', '3d', '--replicates', '2', '--workers', '1', '--out', out].concat(
        CLI_CASES.flatMap((x) => ['--case', x]),
      ),
    );
    expect(c.stderr).toBe('');
    expect(c.status).toBe(0);
    expect(c.stdout).toMatch(/\ncase +facility energy/);
    expect(c.stdout).toMatch(/\nwith-battery +\d/);
    expect(tables(out)).toEqual(tables(dir));
    const again = await runSweep({ model: reference!.file, out: dir, workers: 1, env: {} });
    expect(again).toMatchObject({ runs: 6, ran: 0, skipped: 6 });
  });

  it('two shards merged equal one machine', async () => {
    const { dir, file } = await ref();
    const out = join(tmp(), 'out');
    await runSweep({ model: file, out, workers: 1, shard: '1/2', env: {} });
    await runSweep({ model: file, out, workers: 1, shard: '2/2', env: {} });
    expect(existsSync(join(out, 'summary.csv'))).toBe(false);
    mergeSweep(out);
    expect(tables(out)).toEqual(tables(dir));
  });

  it('examples/portfolios.sweep.yaml (docs/sweeps.md) plans its four cases of 5 replicates', () => {
    const p = prepareSweep({
      model: join(ROOT, 'examples', 'portfolios.sweep.yaml'),
      out: join(tmp(), 'out'),
      env: {},
    });
    expect(p.plan.points.map((x) => x.case?.name)).toEqual([
      'smr-and-grid',
      'smr-only',
      'three-smrs-only',
      'fusion-battery-grid',
    ]);
    expect(p.plan.runs.length).toBe(20);
  });

  it('with varied values, each case is paired with the first case at the same values (differences.csv, the charts)', async () => {
    const out = join(tmp(), 'out');
    const r = await runSweep({
      model: SMALL,
      case: ['capped', 'wide: supply[0].import_cap=80 kW'],
      vary: ['facility.cooling.pue=1.1,1.4'],
      replicates: 2,
      duration: '1d',
      out,
      workers: 1,
      env: {},
    });
    expect(r).toMatchObject({ runs: 8, failed: 0 });
    const [sh, ...runs] = rowsOf(join(out, 'summary.csv'));
    const [dh, ...diffs] = rowsOf(join(out, 'differences.csv'));
    expect(dh.slice(0, 5)).toEqual(['case', 'facility.cooling.pue', 'point', 'baseline', 'baseline_case']);
    // Only the other case's points: each against the first case at its own PUE, not against the first point
    // (capped at 1.1), which would add the PUE's change to the portfolio's.
    expect(diffs.every((d) => d[0] === 'wide' && d[4] === 'capped')).toBe(true);
    const cost = diffs.filter((d) => d[dh.indexOf('figure')] === 'cost_usd');
    expect(cost.map((d) => d[1])).toEqual(['1.1', '1.4']);
    const col = sh.indexOf('cost_usd');
    for (const d of cost) {
      const at = (c: string, rep: string) =>
        Number(runs.find((x) => x[0] === c && x[1] === d[1] && x[sh.indexOf('replicate')] === rep)![col]);
      const pairs = ['0', '1'].map((rep) => at('wide', rep) - at('capped', rep));
      expect(Number(d[dh.indexOf('difference.mean')])).toBeCloseTo((pairs[0] + pairs[1]) / 2, 6);
      const points = rowsOf(join(out, 'points.csv'));
      const base = points.find((p) => p[0] === 'capped' && p[1] === d[1])!;
      expect(d[3]).toBe(base[2]);
    }
    // The closing table and the charts of change say so; no chart of a change the cases cannot make (facility energy).
    // The closing table prints the changes beneath the points: a row for wide at each PUE, net cost as differences.csv.
    const printed = sweepTable(join(out, 'points.csv'), ['case', 'facility.cooling.pue'], true, 400);
    const [, below] = printed.split(
      '\n\nchanges from the first case, capped, at the same varied values (paired replicate by replicate):\n',
    );
    const [titles, ...lines] = below.trim().split('\n');
    expect(titles).toMatch(/^case +facility\.cooling\.pue +facility energy MWh +net cost USD/);
    expect(lines.slice(0, 2).map((l) => l.split(/ {2,}/).slice(0, 2).join(' '))).toEqual(['wide 1.1', 'wide 1.4']);
    const netCost = cost.map((d) => Number(d[dh.indexOf('difference.mean')]).toFixed(2));
    expect(lines.slice(0, 2).map((l) => l.split(/ {2,}/)[3].split(' ')[0])).toEqual(netCost);
    expect(lines[2]).toMatch(
      /^mean change ± half its 95% interval over the pairs of runs.*; every change in differences\.csv$/,
    );
    const report = readFileSync(writeReport(out), 'utf8');
    expect(report).toContain('Change in net cost against cooling pue, from case capped');
    expect(report).toContain('case wide against capped at the same cooling pue');
    expect(report).not.toContain('Change in facility energy against cooling pue');
    // The report's table of changes: wide at each PUE against capped at the same PUE, net cost as differences.csv has it.
    const changes = report.slice(report.indexOf('<h2>Changes'), report.indexOf('<h2>Charts'));
    expect(changes).toContain('<h2>Changes from case capped at the same varied values</h2>');
    const rowsHtml = changes.match(/<tr><td>[^\n]*<\/tr>/g) ?? [];
    expect(
      rowsHtml.map((r) =>
        r
          .match(/<td>([^<]*)<\/td><td>([^<]*)<\/td>/)!
          .slice(1)
          .join(' '),
      ),
    ).toEqual(['wide 1.1', 'wide 1.4']);
  });

  it("runs over a year: the changes give the LOLE a year, as the points do, not the run's total hours", async () => {
    const out = join(tmp(), 'out');
    await runSweep({
      model: SMALL,
      case: ['capped', 'wide: supply[0].import_cap=80 kW'],
      replicates: 2,
      duration: '400d',
      step: '1h',
      out,
      workers: 1,
      env: {},
    });
    const [dh, ...diffs] = rowsOf(join(out, 'differences.csv'));
    const lole = diffs.find((d) => d[dh.indexOf('figure')] === 'reliability.loss_of_load_hours_per_year');
    expect(lole).toBeDefined();
    const printed = sweepTable(join(out, 'points.csv'), ['case'], true, 400);
    const [points, changes] = printed.split('\n\nchanges from');
    expect(points).toMatch(/loss-of-load hours a year(?! h)/);
    expect(changes).toMatch(/loss-of-load hours a year(?! h)/);
    const mean = Number(lole![dh.indexOf('difference.mean')]);
    expect(changes).toContain(Math.round(mean).toLocaleString('en-US'));
    const report = readFileSync(writeReport(out), 'utf8');
    expect(report.slice(report.indexOf('<h2>Changes'), report.indexOf('<h2>Charts'))).toContain(
      '<th>loss-of-load hours a year</th>',
    );
  });

  it("one replicate: the report's changes say there is no interval, not that theirs is the one to read", async () => {
    const out = join(tmp(), 'out');
    await runSweep({
      model: SMALL,
      case: ['capped', 'wide: supply[0].import_cap=80 kW'],
      duration: '1d',
      out,
      env: {},
    });
    const report = readFileSync(writeReport(out), 'utf8');
    const changes = report.slice(report.indexOf('<h2>Changes'), report.indexOf('<h2>Charts'));
    expect(changes).toContain('One run per point: the change between two runs, no interval');
    expect(changes).not.toContain('this interval is the one to read');
  });

  it('cases are the outermost factor, varied values inside them', () => {
    const p = prepareSweep({
      model: SMALL,
      case: ['a', 'b: supply[0].import_cap=80 kW'],
      vary: ['facility.cooling.pue=1.1,1.2'],
      out: join(tmp(), 'out'),
      env: {},
    });
    expect(p.plan.points.map((x) => `${x.case?.name} ${x.values['facility.cooling.pue']}`)).toEqual([
      'a 1.1',
      'a 1.2',
      'b 1.1',
      'b 1.2',
    ]);
    // Without --no-crn every point's replicate 0 shares its seed; with it, each point draws its own.
    expect(new Set(p.plan.runs.map((r) => r.seed)).size).toBe(1);
    const apart = prepareSweep({
      model: SMALL,
      case: ['a', 'b: supply[0].import_cap=80 kW'],
      crn: false,
      out: join(tmp(), 'out'),
      env: {},
    });
    expect(new Set(apart.plan.runs.map((r) => r.seed)).size).toBe(2);
  });

  it('the charts of change say whether the pairs share their random numbers', async () => {
    const diffs = (dir: string) =>
      writePlots(dir)
        .filter((f) => /sweep-diff-.*\.svg$/.test(f))
        .map((f) => readFileSync(f, 'utf8'));
    for (const crn of [true, false]) {
      const out = join(tmp(), 'out');
      await runSweep({ ...CRN_SWEEP, crn, out });
      const svg = diffs(out);
      expect(svg.length).toBeGreaterThan(0);
      // Under --no-crn they said 'paired by replicate (common random numbers)', the report's table 'two independent runs'.
      for (const s of svg)
        if (crn) expect(s).toContain('paired by replicate (common random numbers)');
        else {
          expect(s).toContain(
            'replicate by replicate, runs independent (--no-crn: the interval holds the noise of both)',
          );
          expect(s).not.toContain('common random numbers');
        }
    }
  });
});

describe('tables of failed runs', () => {
  it('a table whose every cell is a dash says the runs failed, not "one run per point"', () => {
    // A sweep of 2 replicates whose first case failed (out of memory): its changes said 'one run per point: the change
    // between two runs, no interval (--replicates 2 or more gives one)'.
    const header = ['case', 'point', 'baseline', 'baseline_case', 'figure', 'unit', 'pairs'].concat(
      ['mean', 'ci95_lo', 'ci95_hi'].map((s) => `difference.${s}`),
    );
    const rows = ['energy_mwh.facility', 'cost_usd'].map((f) => [
      'wide',
      'p2',
      'p1',
      'flood',
      f,
      'MWh',
      '0',
      '',
      '',
      '',
    ]);
    const c = changesTable(header, rows, ['case']);
    expect(c.cells).toEqual([['wide', '—', '—']]);
    expect(c.note).toMatch(/^—: no pair of runs to compare, the runs of each point or of its baseline having failed/);
    const one = rows.map((r) => [...r.slice(0, 6), '1', '2', '', '']);
    expect(changesTable(header, one, ['case']).note).toMatch(/^one run per point: the change between two runs/);
    const points = ['case', 'point', 'replicates', 'failed'].concat(
      ['mean', 'ci95_lo', 'ci95_hi'].map((s) => `energy_mwh.facility.${s}`),
    );
    expect(keyFigureTable(points, [['flood', 'p1', '0', '2', '', '', '']], ['case']).note).toMatch(
      /^—: no figures, every run of these points failed \(see the error column of summary\.csv\)$/,
    );
  });
});

describe('bad cases: one line, before any run', () => {
  const bad = (cases: string, extra = '') => {
    const dir = tmp();
    const file = join(dir, 'bad.sweep.yaml');
    writeFileSync(file, `model: ${SMALL}\ncases:\n${cases}${extra}`);
    return () => prepareSweep({ model: file, out: join(dir, 'out'), env: {} });
  };

  it('a name empty, duplicated or that would break a CSV cell or a file name', () => {
    expect(bad('  "a b": {}\n')).toThrow(
      /^[^ ]*bad\.sweep\.yaml:3: cases\.a b: expected a case name: a letter, then letters, digits, "\.", "_", "\+" or "-", found "a b"$/,
    );
    expect(bad('  "x,y": {}\n')).toThrow(/bad\.sweep\.yaml:3: cases\.x,y: expected a case name.*found "x,y"$/);
    expect(bad('  "": {}\n')).toThrow(/bad\.sweep\.yaml:3: cases\.: expected a case name.*found an empty name$/);
    expect(bad('  {}\n')).toThrow(/^[^ ]*bad\.sweep\.yaml:3: cases: expected at least one case, found none$/);
    expect(bad('  ok: {}\n', 'vary: {}\n')).not.toThrow();
    expect(() =>
      prepareSweep({ model: SMALL, case: ['a', 'b: supply[0].price=1 $/MWh', 'a: supply[0].price=2 $/MWh'], env: {} }),
    ).toThrow(/^--case: a: expected each case name once, found it twice$/);
    expect(() => prepareSweep({ model: SMALL, case: [': supply[0].price=1 $/MWh'], env: {} })).toThrow(
      /^--case: expected a case name: .*, found an empty name$/,
    );
    expect(() => prepareSweep({ model: SMALL, case: ['a/b'], env: {} })).toThrow(
      /^--case: expected a case name: .*, found "a\/b"$/,
    );
    // Names pandas reads as no value, a boolean or infinity: a case NA was NaN in every row of differences.csv.
    for (const name of ['NA', 'null', 'None', 'NaN', 'True', 'FALSE', 'inf', 'Infinity'])
      expect(() => prepareSweep({ model: SMALL, case: ['EU', name], env: {} }), name).toThrow(
        new RegExp(
          `^--case: expected a case name: .*, other than a word pandas reads as no value, true, false or infinity .*, found "${name}"$`,
        ),
      );
    for (const name of ['none', 'na', 'NAm', 'Nancy', 'info', 'T', 'yes'])
      expect(() => prepareSweep({ model: SMALL, case: ['EU', name], env: {} }), name).not.toThrow();
    expect(bad('  NA: {}\n')).toThrow(/bad\.sweep\.yaml:3: cases\.NA: expected a case name: .*found "NA"$/);
    // A path given twice in one case (a slip for another supply's): the second replaced the first without a word.
    expect(() =>
      prepareSweep({ model: SMALL, case: ['a: supply[0].import_cap=50 kW; supply.0.import_cap=60 kW'], env: {} }),
    ).toThrow(/^--case a: supply\[0\]\.import_cap: expected each path once in a case, found it twice$/);
    // A case setting a path the sweep varies: the varied value replaced the case's in every run, the case the first.
    const varied = { model: SMALL, vary: ['facility.cooling.pue=1.1,1.4'], env: {} };
    expect(() => prepareSweep({ ...varied, case: ['capped', 'third: facility.cooling.pue=1.2'] })).toThrow(
      /^--case third: facility\.cooling\.pue: expected a path the sweep does not vary \(--vary gives every case its values, replacing the case's\), found it varied$/,
    );
    // A case's section holding the varied path keeps the rest of the section: the varied value applies inside it.
    expect(() =>
      prepareSweep({ ...varied, case: ['capped', 'whole: facility.cooling={"model":"pue","pue":1.2}'] }),
    ).not.toThrow();
    expect(() => prepareSweep({ ...varied, case: ['capped', 'wide: supply[0].import_cap=80 kW'] })).not.toThrow();
    // --set of a path the sweep varies: the varied values replaced the --set's in every run, without a word.
    expect(() => prepareSweep({ ...varied, set: ['facility.cooling.pue=1.2'] })).toThrow(
      /^--set: facility\.cooling\.pue: expected a path the sweep does not vary \(--vary gives every run its values, replacing --set's\), found it varied$/,
    );
    expect(() => prepareSweep({ ...varied, set: ['facility.cooling={"model":"pue","pue":1.2}'] })).not.toThrow();
    expect(() =>
      prepareSweep({
        model: SMALL,
        vary: ['facility.cooling={"model":"pue","pue":1.2}'],
        set: ['facility.cooling.pue=1.3'],
        env: {},
      }),
    ).toThrow(/^--set: facility\.cooling\.pue: expected a path the sweep does not vary/);
    {
      const dir = tmp();
      const file = join(dir, 'set.sweep.yaml');
      writeFileSync(
        file,
        `model: ${SMALL}\nvary:\n  facility.cooling.pue: [1.1, 1.4]\nset:\n  - supply[0].import_cap=80 kW\n  - facility.cooling.pue=1.2\n`,
      );
      expect(() => prepareSweep({ model: file, out: join(dir, 'out'), env: {} })).toThrow(
        /set\.sweep\.yaml:6: set\[1\]: facility\.cooling\.pue: expected a path the sweep does not vary .*found it varied$/,
      );
    }
    expect(() => prepareSweep({ model: SMALL, case: ['a: supply[0].price 1'], env: {} })).toThrow(
      /^--case: expected name: path=value; path=value \.\.\., like .*, found "a: supply\[0\]\.price 1"$/,
    );
  });

  it('--duration and --step beside a --vary, --set or case of the same field are refused, not replaced unsaid', () => {
    // pointSets put --duration first, so a --set, a case or a varied duration replaced it in every run, while sweep.json
    // and the report's Model section said 'in every run duration 1d': --duration 1d --set duration=2d ran 2 days.
    expect(() => prepareSweep({ model: SMALL, duration: '1d', set: ['duration=2d'], env: {} })).toThrow(
      /^--duration: expected a duration that no --set, case or --vary gives too \(theirs replaced --duration's in every run: give it once\), found 1d beside --set duration=2d$/,
    );
    expect(() => prepareSweep({ model: SMALL, step: '30m', vary: ['step=15m,1h'], env: {} })).toThrow(
      /^--step: expected a step that no --set, case or --vary gives too .*found 30m beside --vary step$/,
    );
    expect(() => prepareSweep({ model: SMALL, duration: '1d', case: ['short', 'long: duration=2d'], env: {} })).toThrow(
      /^--duration: expected a duration that no --set, case or --vary gives too .*found 1d beside --case long$/,
    );
    {
      const dir = tmp();
      const file = join(dir, 't.sweep.yaml');
      writeFileSync(file, `model: ${SMALL}\nduration: 1d\nvary:\n  duration: [1d, 2d]\n`);
      expect(() => prepareSweep({ model: file, out: join(dir, 'out'), env: {} })).toThrow(
        /t\.sweep\.yaml:2: duration: expected a duration that no --set, case or --vary gives too .*found 1d beside --vary duration$/,
      );
    }
    // Either alone is taken, as is --duration beside another field's --set.
    expect(() => prepareSweep({ model: SMALL, duration: '1d', set: ['step=1h'], env: {} })).not.toThrow();
    expect(() => prepareSweep({ model: SMALL, vary: ['duration=1d,2d'], env: {} })).not.toThrow();
  });

  it('--seed beside a --set or --vary of the seed is refused, not dropped or unused unsaid (sw74)', () => {
    // Until 7 December 2026 --seed 6 --set seed=5 ran base seed 6, the --set dropped while sweep.json listed it, and
    // --seed 9 --vary seed=1,2 ran each point on its varied seed, the --seed seeding none while sweep.json gave 9.
    expect(() => prepareSweep({ model: SMALL, seed: 6, set: ['seed=5'], env: {} })).toThrow(
      /^--seed: expected a seed that no --set gives too \(it replaced the --set's in every run: give it once\), found 6 beside --set seed=5$/,
    );
    expect(() => prepareSweep({ model: SMALL, seed: 9, vary: ['seed=1,2'], env: {} })).toThrow(
      /^--seed: expected a seed that no --vary gives too \(each point's varied seed is its runs' base seed, so this one seeded none\), found 9 beside --vary seed$/,
    );
    {
      const dir = tmp();
      const file = join(dir, 's.sweep.yaml');
      writeFileSync(file, `model: ${SMALL}\nreplicates: 2\nseed: 6\nset: ["seed=5"]\n`);
      expect(() => prepareSweep({ model: file, out: join(dir, 'out'), env: {} })).toThrow(
        /s\.sweep\.yaml:3: seed: expected a seed that no --set gives too .*found 6 beside --set seed=5$/,
      );
    }
    // Either alone is taken: --set seed=5 is the base seed, as --seed 5 is.
    expect(prepareSweep({ model: SMALL, set: ['seed=5'], env: {} }).spec.seed).toBe(5);
    expect(() => prepareSweep({ model: SMALL, vary: ['seed=1,2'], env: {} })).not.toThrow();
  });

  it("--seed beside a case's seed is refused, not unused unsaid (bk74)", () => {
    // Until 7 December 2026 --seed 6 beside cases a: { seed: 5 } and b: { seed: 7 } ran each case on its own seed (run
    // seeds 3978691083 and 3446332836, those of the sweep without --seed) while sweep.json gave seed 6.
    expect(() => prepareSweep({ model: SMALL, seed: 6, case: ['a: seed=5', 'b: seed=7'], env: {} })).toThrow(
      /^--seed: expected a seed that no case gives too \(a case's seed is its runs' base seed, so this one seeded none of them\), found 6 beside --case a$/,
    );
    const dir = tmp();
    const file = join(dir, 'c.sweep.yaml');
    writeFileSync(file, `model: ${SMALL}\nseed: 6\ncases:\n  a: { seed: 5 }\n  b: {}\n`);
    expect(() => prepareSweep({ model: file, out: join(dir, 'out'), env: {} })).toThrow(
      /c\.sweep\.yaml:2: seed: expected a seed that no case gives too .*found 6 beside --case a$/,
    );
    // Either alone is taken: a case's seed is its runs' base seed.
    expect(() => prepareSweep({ model: SMALL, case: ['a: seed=5', 'b: seed=7'], env: {} })).not.toThrow();
    expect(() =>
      prepareSweep({ model: SMALL, seed: 6, case: ['a', 'b: supply[0].import_cap=80 kW'], env: {} }),
    ).not.toThrow();
  });

  it('a varied path a case lacks names the case as well as --vary', () => {
    const battery = '{"kind":"battery","energy":"100 kWh","power":"20 kW"}';
    const grid = '{"kind":"grid","import_cap":"40 kW","price":"60 $/MWh","carbon":"400 g/kWh"}';
    expect(() =>
      prepareSweep({
        model: SMALL,
        case: ['a', `b: supply=[${battery},${grid}]`],
        vary: ['supply[0].price=50,60'],
        env: {},
      }),
    ).toThrow(/small\.yaml \(--vary, case b\): supply\[0\]\.price: expected a known field/);
  });

  it("an override the model refuses names the file's line and key, or the flag", () => {
    expect(bad('  a: {}\n  b:\n    supply[0].price: 60 $/MWh\n    supply[0].import_cap: lots\n')).toThrow(
      /^[^ ]*bad\.sweep\.yaml:6: cases\.b\.supply\[0\]\.import_cap: expected a power like .*, found "lots"$/,
    );
    expect(bad('  a: { facility.cooling.bogus: 1 }\n')).toThrow(
      /^[^ ]*bad\.sweep\.yaml:3: cases\.a\.facility\.cooling\.bogus: expected a known field/,
    );
    expect(() => prepareSweep({ model: SMALL, case: ['a', 'b: supply[0].import_cap=lots'], env: {} })).toThrow(
      /^[^ ]*small\.yaml \(--case b\): supply\[0\]\.import_cap: expected a power like .*, found "lots"$/,
    );
  });

  it('through the command: one line on stderr, exit 1, nothing written', () => {
    const out = join(tmp(), 'out');
    const r = cli(['sweep', SMALL, '--case', 'a', '--case', 'b: supply[0].import_cap=lots', '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^dcpsim: error: [^\n]*small\.yaml \(--case b\): supply\[0\]\.import_cap: expected [^\n]*\n$/,
    );
    expect(existsSync(out)).toBe(false);
  });
  it('a varied path must name the same item in every case: a case that reorders the supplies is refused, naming both', () => {
    // The second case puts a backup grid first: supply[0].price varied the main grid's price in one case and the
    // backup's in the other, in silence (until 5 December 2026).
    const dir = tmp();
    const file = join(dir, 'reordered.sweep.yaml');
    writeFileSync(
      file,
      `model: ${SMALL}
cases:
  one-grid: {}
  backup-first:
    supply:
      - { kind: grid, name: backup, price: 300 $/MWh }
      - { kind: grid, import_cap: 40 kW, price: 60 $/MWh, carbon: 400 g/kWh }
vary:
  supply[0].price: [40 $/MWh, 80 $/MWh]
duration: 1d
`,
    );
    expect(() => prepareSweep({ model: file, out: join(dir, 'out'), env: {} })).toThrow(
      /reordered\.sweep\.yaml:9: vary\.supply\[0\]\.price: expected supply\[0\] the same item in every case \(it is "grid" in case one-grid: vary a path that names one item in all of them\), found "backup" in case backup-first$/,
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
    // The same cases varying the grid by an index it has in both: accepted.
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        '      - { kind: grid, name: backup, price: 300 $/MWh }\n      - { kind: grid, import_cap: 40 kW, price: 60 $/MWh, carbon: 400 g/kWh }',
        '      - { kind: grid, import_cap: 40 kW, price: 60 $/MWh, carbon: 400 g/kWh }\n      - { kind: grid, name: backup, price: 300 $/MWh }',
      ),
    );
    expect(prepareSweep({ model: file, out: join(dir, 'out'), env: {} }).plan.runs).toHaveLength(4);
  });
});
