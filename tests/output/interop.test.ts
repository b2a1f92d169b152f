import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.ts';
import { diffRuns, diffSummaries, formatDiff, formatSideBySide } from '../../src/output/terminal/diff.ts';
import { parseCsv } from '../../src/model/csv-parse.ts';
import { readFrame } from '../../src/output/tables/folder.ts';
import { flatFigures, summaryTable } from '../../src/output/tables/summary-csv.ts';
import { timeseriesWriter } from '../../src/output/tables/timeseries-file.ts';
import { loadScenario, runScenario } from '../../src/run.ts';

const SMALL = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');
const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'small-run');
const tmp = () => mkdtempSync(join(tmpdir(), 'dcpsim-interop-'));

const COLUMNS = [
  { name: 'it_kw', decimals: 3 },
  { name: 'pue', decimals: 4 },
  { name: 'busy_chips', decimals: 0 },
];
function writeRows(format: 'csv' | 'tsv', layout: 'wide' | 'long'): string {
  const w = timeseriesWriter(tmp(), COLUMNS, format, layout);
  const start = Date.UTC(2027, 0, 1) / 1000;
  w.rowAt(start, [1.5, 1.25, 3]);
  w.rowAt(start + 900, [-0.0001, NaN, 12]);
  w.commit();
  return w.path;
}

describe('tab-separated and long tables', () => {
  it('tsv: the exact bytes, in a .tsv file', () => {
    const path = writeRows('tsv', 'wide');
    expect(path.endsWith('/timeseries.tsv')).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(
      'timestamp_utc\tit_kw\tpue\tbusy_chips\n2027-01-01 00:00:00\t1.500\t1.2500\t3\n2027-01-01 00:15:00\t0.000\t\t12\n',
    );
  });

  it('long: one line per cell, empty where the wide cell is empty', () => {
    const path = writeRows('csv', 'long');
    expect(path.endsWith('/timeseries_long.csv')).toBe(true);
    expect(readFileSync(path, 'utf8').split('\n').slice(0, 5)).toEqual([
      'timestamp_utc,variable,value',
      '2027-01-01 00:00:00,it_kw,1.500',
      '2027-01-01 00:00:00,pue,1.2500',
      '2027-01-01 00:00:00,busy_chips,3',
      '2027-01-01 00:15:00,it_kw,0.000',
    ]);
    expect(readFileSync(path, 'utf8')).toContain('2027-01-01 00:15:00,pue,\n');
  });

  it('a run with --format tsv writes the CSV bytes with tabs for commas, and summary.tsv', () => {
    const csv = runScenario({ model: SMALL, out: tmp() });
    const tsv = runScenario({ model: SMALL, out: tmp(), format: 'tsv' });
    expect(tsv.timeseriesFile!.endsWith('timeseries.tsv')).toBe(true);
    expect(readFileSync(tsv.timeseriesFile!, 'utf8')).toBe(
      readFileSync(csv.timeseriesFile!, 'utf8').replaceAll(',', '\t'),
    );
    expect(readFileSync(join(tsv.outDir, 'summary.tsv'), 'utf8').split('\n')[0]).toBe(
      readFileSync(join(csv.outDir, 'summary.csv'), 'utf8').split('\n')[0].replaceAll(',', '\t'),
    );
  });

  it('a run with --layout long round-trips to the wide table and to the summary totals', () => {
    const wide = runScenario({ model: SMALL, out: tmp() });
    const long = runScenario({ model: SMALL, out: tmp(), layout: 'long' });
    expect(long.timeseriesFile!.endsWith('timeseries_long.csv')).toBe(true);
    const a = readFrame(wide.timeseriesFile!),
      b = readFrame(long.timeseriesFile!);
    expect(b.names).toEqual(a.names);
    expect(b.labels).toEqual(a.labels);
    for (const n of a.names) expect(b.col(n), n).toEqual(a.col(n));
    // Totals from the long table alone: energy = sum of kW x row length; sums of the per-row sums.
    const s = long.summary;
    const stepH = s.step_s / 3600;
    const rowH = b.labels.map((_, i) => Math.min(stepH, s.duration_h - i * stepH));
    const mwh = (c: string) => b.col(c)!.reduce((x, kw, i) => x + (kw * rowH[i]) / 1000, 0);
    const sum = (c: string) => b.col(c)!.reduce((x, y) => x + y, 0);
    const rows = b.labels.length;
    expect(Math.abs(mwh('it_kw') - s.energy_mwh.it)).toBeLessThanOrEqual((rows * 0.0005 * stepH) / 1000 + 1e-12);
    expect(Math.abs(mwh('facility_kw') - s.energy_mwh.facility)).toBeLessThanOrEqual(
      (rows * 0.0005 * stepH) / 1000 + 1e-12,
    );
    expect(Math.abs(sum('cost_usd') - s.cost_usd)).toBeLessThanOrEqual(rows * 5e-5);
    expect(Math.abs(sum('carbon_kg') - s.carbon_kg)).toBeLessThanOrEqual(rows * 5e-4);
  });
});

describe('summary.csv and model.yaml', () => {
  it('summary.csv is one row: model, seed, then every figure of summary.json in full precision, named as a sweep names them', () => {
    const r = runScenario({ model: SMALL, out: tmp() });
    const [header, row, ...rest] = parseCsv(readFileSync(join(r.outDir, 'summary.csv'), 'utf8')).rows;
    expect(rest).toEqual([]);
    const json = JSON.parse(readFileSync(r.summaryFile, 'utf8'));
    expect(header.slice(0, 2)).toEqual(['model', 'seed']);
    expect(row.slice(0, 2)).toEqual(['small', '7']);
    // The same names and order as the figure columns of a sweep's summary.csv (src/sweep/tables.ts).
    expect(header.slice(2)).toEqual(flatFigures(json).map(([k]) => k));
    expect(header).toContain('energy_mwh.facility');
    expect(header).toContain('sources.grid.cost_usd');
    expect(header).not.toContain('run_time_s');
    // Every value reads back as exactly the number in summary.json.
    const flat = new Map(flatFigures(json));
    header.slice(2).forEach((k, i) => expect(Number(row[i + 2]), k).toBe(flat.get(k)));
  });

  it('summaryTable quotes what needs quoting and leaves NaN empty', () => {
    expect(summaryTable({ model: { name: 'a,b' }, seed: 1, x: { y: NaN, z: 0.1 } })).toBe(
      'model,seed,x.y,x.z\n"a,b",1,,0.1\n',
    );
  });

  it("model.yaml is the effective model: loading it gives the run's model hash, overrides included", () => {
    const r = runScenario({ model: SMALL, out: tmp(), set: ['clusters[0].count=32'], seed: 9 });
    const text = readFileSync(join(r.outDir, 'model.yaml'), 'utf8');
    expect(text).toContain('count: 32');
    expect(text).toContain('seed: 9');
    expect(loadScenario({ model: join(r.outDir, 'model.yaml') }).hash).toBe(r.summary.model.hash);
  });
});

describe('diff', () => {
  it('absolute and relative differences, figures only one side has, zero baselines', () => {
    const a = { energy_mwh: { it: 10 }, cost_usd: 0, sources: [{ name: 'grid', energy_mwh: 4 }], run_time_s: 1 };
    const b = {
      energy_mwh: { it: 11 },
      cost_usd: 5,
      sources: [
        { name: 'grid', energy_mwh: 3 },
        { name: 'smr', energy_mwh: 1 },
      ],
      run_time_s: 2,
    };
    const rows = diffSummaries(a, b);
    expect(rows.map((r) => r.name)).toEqual([
      'energy_mwh.it',
      'cost_usd',
      'sources.grid.energy_mwh',
      'sources.smr.energy_mwh',
    ]);
    expect(rows[0]).toMatchObject({ unit: 'MWh', a: 10, b: 11, abs: 1 });
    expect(rows[0].rel).toBeCloseTo(0.1, 15);
    expect(rows[1]).toMatchObject({ unit: 'USD', abs: 5 });
    expect(rows[1].rel).toBeNaN();
    expect(rows[2].rel).toBeCloseTo(-0.25, 15);
    expect(rows[3].a).toBeNaN();
    const text = formatDiff(rows, 'A', 'B');
    expect(text).toMatch(/energy_mwh\.it\s+MWh\s+10\s+11\s+\+1\s+\+10\.0%/);
    expect(text).toMatch(/sources\.grid\.energy_mwh\s+MWh\s+4\s+3\s+-1\s+-25\.0%/);
    expect(formatDiff(rows, 'A', 'B', true).split('\n')).toHaveLength(6); // header, 'key figures', four rows
  });

  it('--changed ignores differences in the last bits of a sum, not real ones', () => {
    const x = 0.1 + 0.2 + 0.3;
    const y = 0.3 + 0.2 + 0.1; // the same sum in another order: 0.6000000000000001 vs 0.6
    expect(x).not.toBe(y);
    const rows = diffSummaries(
      { energy_mwh: { it: x }, cost_usd: 1e6 },
      { energy_mwh: { it: y }, cost_usd: 1e6 + 0.01 },
    );
    const shown = formatDiff(rows, 'A', 'B', true);
    expect(shown).not.toMatch(/energy_mwh\.it/);
    expect(shown).toMatch(/cost_usd/);
  });

  it('reads in the units people read: money in $M past a million, carbon in t; a difference in the last bits shows 0', () => {
    const x = 0.1 + 0.2 + 0.3;
    const rows = diffSummaries(
      { energy_mwh: { it: x }, cost_usd: 3_680_844, carbon_kg: 26_389_693, economics: { npc_usd: 638_462_987 } },
      { energy_mwh: { it: 0.6 }, cost_usd: -112_297, carbon_kg: 0, economics: { npc_usd: 314_541_263 } },
    );
    const text = formatDiff(rows, 'A', 'B');
    expect(text).toMatch(/cost_usd\s+\$M\s+3\.681\s+-0\.112\s+-3\.793\s+-103\.1%/);
    expect(text).toMatch(/carbon_kg\s+t\s+26,390\s+0\s+-26,390\s+-100\.0%/);
    expect(text).toMatch(/economics\.npc_usd\s+\$M\s+638\.5\s+314\.5\s+-323\.9\s+-50\.7%/);
    // 0.6000000000000001 against 0.6: no '-0.0000000000' and no '-0.00%'.
    expect(text).toMatch(/energy_mwh\.it\s+MWh\s+0\.6000\s+0\.6000\s+0\s+0\.00%\n/);
    // The rows keep the exact figures (summary.json's units) for a program.
    expect(rows.find((r) => r.name === 'cost_usd')).toMatchObject({ unit: 'USD', a: 3_680_844 });
  });

  it("a row's figures take the largest's decimals: '5.4' beside '142.4', not '5.390'", () => {
    // plan-smr against plan-fusion: the grid's cost read '5.390' beside '142.4', the net cost '-19.668' beside
    // '538.8', each figure to its own four digits, so A's column looked the more precise.
    const rows = diffSummaries(
      { sources: { grid: { cost_usd: 5_390_123 } }, cost_usd: -19_668_000, pue: 1.156, jobs: { completed: 676 } },
      { sources: { grid: { cost_usd: 142_400_456 } }, cost_usd: 538_800_000, pue: 1.2, jobs: { completed: 3 } },
    );
    const text = formatDiff(rows, 'A', 'B');
    expect(text).toMatch(/sources\.grid\.cost_usd\s+\$M\s+5\.4\s+142\.4\s+\+137\.0\s/);
    expect(text).toMatch(/cost_usd\s+\$M\s+-19\.7\s+538\.8\s+\+558\.5\s/);
    expect(text).toMatch(/pue\s+1\.156\s+1\.200\s+\+0\.044\s/);
    // Whole numbers stay whole; a figure the row's decimals would show to less than two digits keeps its own.
    expect(text).toMatch(/jobs\.completed\s+676\s+3\s+-673\s/);
    const tiny = formatDiff(
      diffSummaries({ energy_mwh: { unmet: 0.0012 } }, { energy_mwh: { unmet: 250.5 } }),
      'A',
      'B',
    );
    expect(tiny).toMatch(/energy_mwh\.unmet\s+MWh\s+0\.001200\s+250\.5\s+\+250\.5\s/);
    // Three runs side by side: one row, one set of decimals.
    const side = formatSideBySide(
      [{ name: 'cost_usd', unit: 'USD', values: [5_390_123, 142_400_456, 89_839_000] }],
      ['A', 'B', 'C'],
    );
    expect(side).toMatch(/cost_usd\s+\$M\s+5\.4\s+142\.4\s+89\.8$/m);
  });

  it("a real change too small for two decimals of a percent still shows: '+0.003%', not '+0.00%'", () => {
    // Was '+0.00%' (and '-0.00%'): beside A and B that differ, it read as no change. --changed lists these rows.
    const rows = diffSummaries(
      { energy_mwh: { it: 1000, facility: 1000, unmet: 2 } },
      { energy_mwh: { it: 1000.03, facility: 999.9994, unmet: 2.0001 } },
    );
    const text = formatDiff(rows, 'A', 'B', true);
    expect(text).toMatch(/energy_mwh\.it\s+MWh\s+1,000\s+1,000\s+\+0\.03000\s+\+0\.003%\n/);
    expect(text).toMatch(/energy_mwh\.facility\s+.*-0\.00006%\n/);
    expect(text).toMatch(/energy_mwh\.unmet\s+.*\+0\.005%$/);
    // Two decimals from 0.01 % and one from 1 %, as before.
    const wider = formatDiff(diffSummaries({ cost_usd: 1000 }, { cost_usd: 1000.5 }), 'A', 'B');
    expect(wider).toMatch(/\+0\.05%$/);
  });

  it("a cost category one run paid nothing in is $0 there, so the categories' differences sum to the NPC's", () => {
    // plan-smr against plan-fusion, in $M: summary.json lists only the categories with a cash flow; the fusion plan
    // has no capital, fuel or salvage. A component only one plan has stays missing on the other side.
    const a = {
      economics: {
        npc_usd: 626.1,
        by_category: { capital: 1029.3, fuel: 32.8, energy: 4.1, export_revenue: -21.9, salvage: -418.2 },
        components: [{ name: 'smr', npc_usd: 544.0, by_category: { capital: 930.3 } }],
      },
    };
    const b = {
      economics: {
        npc_usd: 379.0,
        by_category: { energy: 410.9, export_revenue: -31.9 },
        components: [{ name: 'fusion', npc_usd: 300.7, by_category: { energy: 300.7 } }],
      },
    };
    const rows = diffSummaries(a, b);
    const row = (name: string) => rows.find((r) => r.name === name)!;
    expect(row('economics.by_category.capital')).toMatchObject({ a: 1029.3, b: 0, abs: -1029.3, rel: -1 });
    const categories = rows.filter((r) => r.name.startsWith('economics.by_category.'));
    expect(categories.reduce((s, r) => s + r.abs, 0)).toBeCloseTo(row('economics.npc_usd').abs, 9);
    expect(row('economics.components.smr.by_category.capital').b).toBeNaN();
    expect(row('economics.components.fusion.by_category.energy').a).toBeNaN();
    expect(formatDiff(rows, 'A', 'B')).toMatch(
      /economics\.by_category\.salvage\s+USD\s+-418\.2\s+0\s+\+418\.2\s+\+100\.0%/,
    );
  });

  it('two run folders: a run against itself differs in nothing; a dearer copy shows +50% cost', () => {
    const b = tmp();
    cpSync(FIXTURE, b, { recursive: true });
    const s = JSON.parse(readFileSync(join(b, 'summary.json'), 'utf8'));
    s.cost_usd *= 1.5;
    writeFileSync(join(b, 'summary.json'), JSON.stringify(s));
    expect(diffRuns(FIXTURE, FIXTURE).rows.every((r) => r.abs === 0)).toBe(true);
    const d = diffRuns(FIXTURE, b);
    expect(d.rows.filter((r) => r.abs !== 0).map((r) => r.name)).toEqual(['cost_usd']);
    expect(d.rows.find((r) => r.name === 'cost_usd')!.rel).toBeCloseTo(0.5, 12);
    expect(d.text).toContain('+50.0%');
  });
});

describe('the output commands', () => {
  async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '',
      err = '';
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
    try {
      const code = await main(['node', 'dcpsim', ...args]);
      return { code, out, err };
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
  }

  it('plot, report and diff run from the command line', async () => {
    const dir = tmp();
    cpSync(FIXTURE, dir, { recursive: true });
    expect((await cli('plot', dir)).code).toBe(0);
    for (const f of ['supply', 'unmet']) expect(existsSync(join(dir, 'plots', `${f}.svg`))).toBe(true);
    const report = await cli('report', dir, '--out', join(dir, 'r.html'));
    expect(report.code).toBe(0);
    expect(report.out).toBe(`wrote ${join(dir, 'r.html')}\n`);
    const d = await cli('diff', FIXTURE, dir, '--changed');
    expect(d.code).toBe(0);
    expect(d.out.split('\n').filter((l) => l.trim()).length).toBe(3); // A:, B:, and the header: nothing changed
  });

  it('bad input is one line and a non-zero exit', async () => {
    const missing = await cli('plot', join(tmp(), 'nope'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^dcpsim: error: .*nope: expected a run or sweep folder, found no such folder\n$/);
    // A run's file given for its folder (`dcpsim plot runs/a/timeseries.csv`) was 'found no such folder' too.
    const file = await cli('plot', join(FIXTURE, 'summary.json'));
    expect(file.code).toBe(1);
    expect(file.err).toMatch(
      /^dcpsim: error: .*summary\.json: expected a run or sweep folder, found a file \(the folder is .*small-run\)\n$/,
    );
    expect((await cli('run', SMALL, '--format', 'xls', '-q')).code).not.toBe(0);
  });
});
