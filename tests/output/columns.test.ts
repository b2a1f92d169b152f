/**
 * Every run writes CSV on the Web metadata beside its time series
 * (timeseries.csv-metadata.json): each column's title as in the header, its
 * unit, datatype and meaning; and the charts read sources, batteries and
 * units from it (src/output/tables/columns.ts, columnsOf in src/output/tables/folder.ts).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { columnsOf } from '../../src/output/tables/folder.ts';
import { describeColumns } from '../../src/output/tables/columns.ts';
import { writePlots } from '../../src/output/charts/plot.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const PRESETS = readdirSync(join(ROOT, 'models'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort();
const tmp = (): string => mkdtempSync(join(tmpdir(), 'dcpsim-csvw-'));

interface CsvwColumn {
  name: string;
  titles: string;
  datatype: unknown;
  'schema:unitText'?: string;
  'dc:description'?: string;
  'schema:roleName'?: string;
}
interface Csvw {
  '@context': string;
  url: string;
  dialect: { delimiter: string; header: boolean };
  tableSchema: { columns: CsvwColumn[]; primaryKey: unknown };
  notes?: CsvwColumn[];
}

const metadata = (dir: string, file = 'timeseries.csv'): Csvw =>
  JSON.parse(readFileSync(join(dir, `${file}-metadata.json`), 'utf8'));

describe("a supply's cost column", () => {
  it("says what it holds by the supply's kind: a grid's demand and fixed charges are not in it", () => {
    // Before: every supply's read 'what is paid to it (all energy taken from it, fixed and take-or-pay charges)', a
    // grid's too, whose fixed_charge and demand_charge are billed by month in the economics and never in the column
    // (a grid at 1,000 $/month fixed and 12 $/kW-month: 1,300 and 21,665 USD over 40 days, none of it in grid_cost_usd;
    // out71), and a battery's, which is 0 in every row.
    const supplies = [
      { name: 'grid', kind: 'grid', column: 'grid' },
      { name: 'store', kind: 'battery', column: 'store' },
      { name: 'smr', kind: 'smr', column: 'smr' },
    ];
    const cols = describeColumns(
      ['grid_cost_usd', 'store_cost_usd', 'smr_cost_usd'].map((name) => ({ name, kind: 'sum', scale: 1, decimals: 4 })),
      { clusters: [], services: [], supplies },
    );
    const [grid, store, smr] = cols.map((c) => c.description);
    expect(grid).toMatch(/^supply grid \(grid\): what is paid to it for its energy/);
    expect(grid).toMatch(
      /demand and fixed charges are billed by month, in the economics .* not here; the total over the row$/,
    );
    expect(grid).not.toMatch(/take-or-pay/);
    expect(store).toMatch(/: 0, a battery having no price/);
    expect(smr).toMatch(/fixed and take-or-pay charges\); the total over the row$/);
  });
});

describe('the time series metadata', () => {
  it.each(PRESETS)(
    '%s: describes every column of the header, in order, with a unit and a meaning',
    (preset) => {
      const out = tmp();
      runScenario({ model: preset, duration: '2d', step: '1h', out });
      const header = readFileSync(join(out, 'timeseries.csv'), 'utf8').split('\n')[0].split(',');
      const m = metadata(out);
      expect(m['@context']).toBe('http://www.w3.org/ns/csvw');
      expect(m.url).toBe('timeseries.csv');
      expect(m.dialect).toEqual({ delimiter: ',', header: true });
      expect(m.tableSchema.columns.map((c) => c.titles)).toEqual(header);
      expect(m.tableSchema.columns[0]).toMatchObject({
        name: 'timestamp_utc',
        datatype: { base: 'datetime', format: 'yyyy-MM-dd HH:mm:ss' },
      });
      for (const c of m.tableSchema.columns.slice(1)) {
        expect(c.name, c.titles).toMatch(/^[A-Za-z0-9](?:[A-Za-z0-9_]|%[0-9A-F]{2})*$/);
        expect(c.datatype).toBe('double');
        expect(c['dc:description'], c.titles).toMatch(/; the (mean|total|ratio)/);
        expect(c['schema:unitText'], c.titles).not.toBe('');
      }
      // The roles the charts read: each supply's power a source, batteries' state of charge.
      const role = (r: string) => m.tableSchema.columns.filter((c) => c['schema:roleName'] === r).map((c) => c.titles);
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
        sources: { name: string; kind: string }[];
      };
      expect(role('source')).toEqual(
        summary.sources.map((s) => `${s.name.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_kw`),
      );
      expect(role('soc')).toHaveLength(summary.sources.filter((s) => s.kind === 'battery').length);
      expect(role('demand')).toEqual(['facility_kw']);
    },
    60_000,
  );

  it("describes demand response's columns", () => {
    // Before: dr_asked_kw and dr_shed_kw had a unit and no description (no preset has demand response).
    const out = tmp();
    runScenario({
      model: join(ROOT, 'tests', 'fixtures', 'small.yaml'),
      set: ['demand_response={ payment: 100 $/MWh, by: throttle, events: { rate: 1/6h, duration: 1h, shed: 5 kW } }'],
      out,
    });
    const dr = metadata(out).tableSchema.columns.filter((c) => c.name.startsWith('dr_'));
    expect(dr.map((c) => c.name)).toEqual(['dr_asked_kw', 'dr_shed_kw']);
    for (const c of dr) {
      expect(c['dc:description'], c.name).toMatch(/^demand response: .*; the mean over the row$/);
      expect(c['schema:unitText'], c.name).toBe('kW');
    }
  });

  it('names the file and its layout: TSV, long (each variable described in notes), ISO timestamps', () => {
    const out = tmp();
    runScenario({
      model: 'default',
      duration: '1d',
      step: '1h',
      out,
      format: 'tsv',
      layout: 'long',
      timestamps: 'iso',
    });
    const m = metadata(out, 'timeseries_long.tsv');
    expect(m.url).toBe('timeseries_long.tsv');
    expect(m.dialect.delimiter).toBe('\t');
    expect(m.tableSchema.columns.map((c) => c.titles)).toEqual(['timestamp_utc', 'variable', 'value']);
    expect(m.tableSchema.columns[0].datatype).toEqual({ base: 'datetime', format: "yyyy-MM-dd'T'HH:mm:ss" });
    expect(m.notes?.find((c) => c.titles === 'facility_kw')).toMatchObject({
      'schema:unitText': 'kW',
      'schema:roleName': 'demand',
    });
  });

  it('is what the charts read: a role or unit changed in the metadata changes the chart; without it they guess the same', () => {
    const out = tmp();
    runScenario({ model: 'default', duration: '3d', step: '1h', out });
    const svg = () => {
      writePlots(out);
      return readFileSync(join(out, 'plots', 'supply.svg'), 'utf8');
    };
    const withMeta = svg();
    const meta = readFileSync(join(out, 'timeseries.csv-metadata.json'), 'utf8');
    rmSync(join(out, 'timeseries.csv-metadata.json'));
    expect(svg()).toBe(withMeta);
    const m = JSON.parse(meta) as Csvw;
    // The SMRs supply (the grid supplied nothing in these days, so it is not drawn either way).
    for (const c of m.tableSchema.columns) if (c.titles === 'smr_kw') delete c['schema:roleName'];
    writeFileSync(join(out, 'timeseries.csv-metadata.json'), JSON.stringify(m));
    const withoutSmr = svg();
    expect(withoutSmr).not.toBe(withMeta);
    expect(withMeta).toContain('>smr<');
    expect(withoutSmr).not.toContain('>smr<');
  }, 60_000);

  it('gives units and roles from the metadata, else from the names', () => {
    const dir = tmp();
    const file = join(dir, 'timeseries.csv');
    writeFileSync(file, 'timestamp_utc,heat_w,a_kw,a_cost_usd\n2027-01-01 00:00:00,1,2,3\n');
    const guessed = columnsOf(file, ['heat_w', 'a_kw', 'a_cost_usd']);
    expect(guessed.unit('heat_w')).toBe('W');
    expect(guessed.withRole('source')).toEqual(['a_kw']);
    writeFileSync(
      `${file}-metadata.json`,
      JSON.stringify({
        tableSchema: {
          columns: [
            { titles: 'timestamp_utc' },
            { titles: 'heat_w', 'schema:unitText': 'MJ/h', 'schema:roleName': 'source' },
            { titles: 'a_kw', 'schema:unitText': 'kW' },
          ],
        },
      }),
    );
    const read = columnsOf(file, ['heat_w', 'a_kw', 'a_cost_usd']);
    expect(read.unit('heat_w')).toBe('MJ/h');
    expect(read.withRole('source')).toEqual(['heat_w']);
    writeFileSync(`${file}-metadata.json`, '{ not json');
    expect(() => columnsOf(file, ['a_kw'])).toThrow(
      /timeseries\.csv-metadata\.json: expected CSV on the Web metadata \(JSON\)/,
    );
  });
});
