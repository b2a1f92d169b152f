import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { downsample } from '../../src/output/charts/downsample.ts';
import { readFolder } from '../../src/output/tables/folder.ts';
import { chartsOf, MAX_BINS, writePlots, type Chart } from '../../src/output/charts/plot.ts';
import { writeReport } from '../../src/output/charts/report.ts';
import { sweepColumns } from '../../src/output/charts/sweep-charts.ts';
import { sweepTable } from '../../src/output/terminal/sweep-table.ts';
import { assertWellFormed, pathPoints, paths, plotArea, pointsOutside, readabilityProblems } from './svg-check.ts';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'small-run');
const tmp = () => mkdtempSync(join(tmpdir(), 'dcpsim-plot-'));

/** A run folder with a synthetic timeseries.csv: columns are functions of the row index. */
function syntheticRun(
  rows: number,
  stepS: number,
  cols: Record<string, (i: number) => number>,
  start = Date.UTC(2027, 0, 1),
): string {
  const dir = tmp();
  const names = Object.keys(cols);
  let csv = ['timestamp_utc', ...names].join(',') + '\n';
  for (let i = 0; i < rows; i++) {
    const ts = new Date(start + i * stepS * 1000).toISOString().slice(0, 19).replace('T', ' ');
    csv +=
      [
        ts,
        ...names.map((n) => {
          const v = cols[n](i);
          return Number.isNaN(v) ? '' : String(v);
        }),
      ].join(',') + '\n';
  }
  writeFileSync(join(dir, 'timeseries.csv'), csv);
  return dir;
}

const chartsIn = (dir: string): Map<string, Chart> => new Map(chartsOf(readFolder(dir)).map((c) => [c.name, c]));

/** Relative luminance of #rrggbb (sRGB, WCAG). */
function luminance(hex: string): number {
  const c = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

/** Bars and heat-map cells: rect elements inside a chart's data groups. */
const dataRects = (svg: string): string[] =>
  [...svg.matchAll(/<g class="(?:bars|cells)">([\s\S]*?)<\/g>/g)].flatMap((m) => m[1].match(/<rect\b[^>]*>/g) ?? []);

/** A year's summary.json (2027) with these sources, for the charts drawn from the summary and outages.csv. */
const writeYearSummary = (dir: string, sources: unknown[], end = '2028-01-01 00:00:00'): void =>
  writeFileSync(
    join(dir, 'summary.json'),
    JSON.stringify({
      model: { name: 'x', hash: 'h' },
      seed: 1,
      start_utc: '2027-01-01 00:00:00',
      end_utc: end,
      sources,
    }),
  );

function checkAll(charts: Iterable<Chart>): void {
  for (const c of charts) {
    assertWellFormed(c.svg);
    expect(pointsOutside(c.svg), c.name).toEqual([]);
    const data = paths(c.svg);
    const rects = dataRects(c.svg);
    // Every chart draws something: lines and areas as paths, bars and heat-map cells as rects inside the plot area.
    expect(data.length + rects.length, c.name).toBeGreaterThan(0);
    for (const p of data) expect(pathPoints(p.d).length, `${c.name} ${p.cls}`).toBeGreaterThan(1);
    const a = plotArea(c.svg);
    for (const r of rects) {
      const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((k) =>
        Number(new RegExp(`\\s${k}="([^"]*)"`).exec(r)![1]),
      );
      expect(
        x >= a.x - 0.5 && y >= a.y - 0.5 && x + w <= a.x + a.width + 0.5 && y + h <= a.y + a.height + 0.5,
        `${c.name} ${r}`,
      ).toBe(true);
    }
  }
}

describe('charts of a run', () => {
  it("the small run gives the planner's charts: well-formed, drawn inside the plot area", () => {
    const notes: string[] = [];
    const charts = new Map(chartsOf(readFolder(FIXTURE), notes).map((c) => [c.name, c]));
    // PUE 1.25 in every row: said in words, not drawn as a flat line on an invented scale.
    // Its grid sells at 60 $/MWh and 400 g/kWh in every row: per MWh supplied (not per MWh of demand, some of it
    // unmet, which drew dips until 5 December 2026) both are flat to the cells' rounding, so said in words too.
    expect(notes).toEqual([
      'PUE 1.25 throughout',
      'cost 59.99 to 60.01 $/MWh throughout',
      'carbon intensity 399.9 to 400.1 g/kWh throughout',
      'carbon intensity 400 g/kWh in every hour',
    ]);
    expect([...charts.keys()]).toEqual(['supply', 'unmet', 'load-duration', 'monthly-energy', 'heat-grid']);
    checkAll(charts.values());
    const supply = charts.get('supply')!.svg;
    expect(supply).toContain('power (kW)');
    expect(supply).toContain('time (UTC)');
    expect(supply).toContain('>grid<');
    expect(supply).toContain('demand (facility)');
    expect(supply).toContain('2027-03-02'); // a date tick at midnight
  });

  it("the demand line follows facility_kw: its first step sits at the first row's value", () => {
    // Scale check: y of the first point of the demand line against the axis ticks' positions.
    const svg = chartsIn(FIXTURE).get('supply')!.svg;
    const ticks = [...svg.matchAll(/<line x1="84" x2="79" y1="([\d.]+)"[^>]*\/><text[^>]*>([\d,.]+)<\/text>/g)].map(
      (m) => [Number(m[1]), Number(m[2].replace(/,/g, ''))],
    );
    expect(ticks.length).toBeGreaterThan(2);
    const [y0, v0] = ticks[0],
      [y1, v1] = ticks[1];
    const demand = paths(svg).find((p) => p.cls === 'line')!;
    const [, yFirst] = pathPoints(demand.d)[0];
    const value = v0 + ((yFirst - y0) * (v1 - v0)) / (y1 - y0);
    const firstRow = readFileSync(join(FIXTURE, 'timeseries.csv'), 'utf8').split('\n')[1].split(',');
    const header = readFileSync(join(FIXTURE, 'timeseries.csv'), 'utf8').split('\n')[0].split(',');
    expect(value).toBeCloseTo(Number(firstRow[header.indexOf('facility_kw')]), 0);
  });

  it("the subtitle gives the rows' step as it is: seconds under a minute, not '0 min'", () => {
    // Were '600 rows of 0 min' for a run by the second (1/60 min to one decimal), '45 s' as '0.8 min', 100 s '1.7 min'.
    const subtitle = (stepS: number) => {
      const dir = syntheticRun(600, stepS, { it_kw: (i) => 100 + (i % 7), facility_kw: (i) => 125 + (i % 7) });
      return /rows of [^<]*/.exec(chartsIn(dir).get('supply')!.svg)?.[0];
    };
    expect(subtitle(1)).toBe('rows of 1 s');
    expect(subtitle(45)).toBe('rows of 45 s');
    expect(subtitle(100)).toBe('rows of 100 s');
    expect(subtitle(900)).toBe('rows of 15 min');
    expect(subtitle(86400)).toBe('rows of 1440 min');
  });

  it('matches the golden SVG byte for byte', () => {
    const got = chartsIn(FIXTURE).get('supply')!.svg;
    const golden = join(import.meta.dirname, '..', 'golden', 'small-supply.svg');
    // Regenerate deliberately, after a change meant to alter charts: UPDATE_GOLDEN=1 npx vitest run tests/output/plot.test.ts
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, got);
    expect(existsSync(golden)).toBe(true);
    expect(got).toBe(readFileSync(golden, 'utf8'));
  });

  it('finds new columns from the header: sources, a battery that charges, ambient temperature, state of charge', () => {
    const day = 96;
    const dir = syntheticRun(3 * day, 900, {
      it_kw: () => 80_000,
      facility_kw: (i) => 80_000 * (1.2 + 0.1 * Math.sin(i / 10)),
      pue: (i) => 1.2 + 0.1 * Math.sin(i / 10),
      smr_kw: () => 60_000,
      battery_kw: (i) => (i % day < day / 2 ? 20_000 : -10_000),
      grid_kw: (i) => (i % day < day / 2 ? 20_000 : 50_000),
      unmet_kw: () => 0,
      curtailed_kw: () => 0,
      ambient_c: (i) => 15 + 10 * Math.sin((2 * Math.PI * i) / day),
      battery_soc: (i) => 0.5 + 0.4 * Math.sin((2 * Math.PI * i) / day),
      smr_cost_usd: () => 1,
      battery_cost_usd: () => 0,
      grid_cost_usd: () => 2,
      energy_mwh: () => 25,
    });
    const charts = chartsIn(dir);
    checkAll(charts.values());
    const supply = charts.get('supply')!.svg;
    expect(paths(supply).filter((p) => p.cls === 'area')).toHaveLength(3); // smr, battery, grid; not energy_mwh or it_kw
    expect(supply).toContain('power (MW)'); // 100,000 kW reads as 100 MW
    expect(charts.get('pue')!.title).toBe('PUE and ambient temperature');
    expect(charts.get('pue')!.svg).toContain('temperature (°C)');
    // Nothing unmet or curtailed: the state of charge alone, on the left axis, and the title says so; no power axis of zeros.
    const unmet = charts.get('unmet')!;
    expect(unmet.title).toBe('Battery state of charge; nothing unmet or curtailed');
    expect(unmet.svg).not.toContain('power (');
    expect(unmet.svg).not.toContain('right axis');
    expect(unmet.svg).not.toContain('class="axis axis-right"');
    expect(unmet.svg).toMatch(/<g class="axis axis-left">.*>state of charge<\/text><\/g>/);
  });

  it('no battery and nothing unmet or curtailed: no unmet chart, said in words', () => {
    const notes: string[] = [];
    const dir = syntheticRun(96, 900, {
      facility_kw: (i) => 100 + (i % 7),
      grid_kw: (i) => 100 + (i % 7),
      grid_cost_usd: () => 1,
      unmet_kw: () => 0,
      curtailed_kw: () => 0,
    });
    const charts = chartsOf(readFolder(dir), notes).map((c) => c.name);
    expect(charts).not.toContain('unmet');
    expect(notes).toContain('nothing unmet or curtailed');
  });

  it('a heat map whose cells are alike says so, not that the quantity never changed (audit 11)', () => {
    // Ten hourly days of one month: the grid carries all 10 MW for five days and nothing for five (an SMR the rest), so
    // each hour of the day averages 5,000 kW and 50 % carbon-free, while the import and the share moved between 0 and
    // all. The report said 'Not charted, as it never changed: grid import 5,000 kW in every hour; carbon-free share
    // 50 % in every hour', beside a dispatch chart showing it change.
    const notes: string[] = [];
    const day = (i: number) => Math.floor(i / 24);
    const dir = syntheticRun(240, 3600, {
      facility_kw: () => 10000,
      smr_kw: (i) => (day(i) < 5 ? 0 : 10000),
      grid_kw: (i) => (day(i) < 5 ? 10000 : 0),
      grid_cost_usd: () => 1,
      unmet_kw: () => 0,
      curtailed_kw: () => 0,
      carbon_free_kw: (i) => (day(i) < 5 ? 0 : 10000),
    });
    const charts = chartsOf(readFolder(dir), notes).map((c) => c.name);
    expect(charts).not.toContain('heat-grid');
    expect(charts).not.toContain('heat-cfe');
    expect(notes).toContain('grid import 5,000 kW on average at every hour of the day');
    expect(notes).toContain('carbon-free share 50 % on average at every hour of the day');
    expect(notes.filter((n) => n.endsWith('in every hour'))).toEqual([]);
  });

  it('a quantity that did not change at all is still said to hold in every hour', () => {
    const notes: string[] = [];
    const dir = syntheticRun(96, 3600, {
      facility_kw: (i) => 100 + (i % 7),
      grid_kw: (i) => 100 + (i % 7),
      smr_kw: () => 0,
      grid_cost_usd: () => 1,
      unmet_kw: () => 0,
      curtailed_kw: () => 0,
      carbon_free_kw: () => 0,
    });
    chartsOf(readFolder(dir), notes);
    expect(notes).toContain('carbon-free share 0 % in every hour');
  });

  it('survives greyscale: neighbouring fills differ in lightness, lines differ in dash pattern', () => {
    const cols: Record<string, (i: number) => number> = { facility_kw: () => 100 };
    for (let k = 0; k < 8; k++) (cols[`s${k}_kw`] = () => 10), (cols[`s${k}_cost_usd`] = () => 0);
    Object.assign(cols, {
      unmet_kw: () => 1,
      curtailed_kw: () => 2,
      a_soc_mwh: (i: number) => 3 + (i % 2),
      b_soc_mwh: (i: number) => 4 + (i % 3),
    });
    const charts = chartsIn(syntheticRun(50, 3600, cols));
    const fills = paths(charts.get('supply')!.svg)
      .filter((p) => p.cls === 'area')
      .map((p) => /fill="(#[0-9a-f]{6})"/.exec(p.tag)![1]);
    expect(fills).toHaveLength(9); // eight sources and curtailment below zero
    for (let i = 1; i < fills.length; i++)
      expect(Math.abs(luminance(fills[i]) - luminance(fills[i - 1]))).toBeGreaterThan(0.25);
    const dashes = paths(charts.get('unmet')!.svg)
      .filter((p) => p.cls === 'line')
      .map((p) => /stroke-dasharray="([^"]*)"/.exec(p.tag)?.[1] ?? 'solid');
    expect(dashes).toHaveLength(4);
    expect(new Set(dashes).size).toBe(4);
  });

  it('a three-year run at 15 min is drawn from at most ~2,000 points a path and stays small', () => {
    const rows = 3 * 365 * 96;
    const dir = syntheticRun(rows, 900, {
      facility_kw: (i) => 1000 + 100 * Math.sin(i / 50),
      grid_kw: (i) => 1000 + 100 * Math.sin(i / 50),
      grid_cost_usd: () => 1,
      pue: (i) => 1.2 + 0.05 * Math.sin(i / 50),
      unmet_kw: () => 0,
    });
    const files = writePlots(dir);
    expect(files.map((f) => f.split('/').pop())).toEqual([
      'supply.svg',
      'pue.svg',
      'load-duration.svg',
      'monthly-energy.svg',
      'heat-grid.svg',
    ]);
    for (const f of files) {
      const svg = readFileSync(f, 'utf8');
      assertWellFormed(svg);
      // The subtitle's counts with thousands separators, as the report writes them: 105,120 rows, not 105120.
      const subtitle = /<text x="84" y="40"[^>]*>([^<]*)</.exec(svg)![1];
      expect(subtitle.replace(/\d{4}-\d\d-\d\d \d\d:\d\d/g, ''), f).not.toMatch(/\d{4}/);
      expect(svg.length).toBeLessThan(200_000);
      for (const p of paths(svg)) expect(pathPoints(p.d).length).toBeLessThanOrEqual(4 * MAX_BINS + 4); // an area: top and bottom
      expect(pointsOutside(svg)).toEqual([]);
    }
    expect(readFileSync(files[0], 'utf8')).toContain('; 105,120 rows averaged into ');
    expect(readFileSync(files[2], 'utf8')).toContain('; 105,120 rows</text>');
    expect(readdirSync(join(dir, 'plots')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // Drawn again, by a dcpsim that no longer makes one of them: the chart it does not make is not left behind.
    writeFileSync(join(dir, 'plots', 'unmet.svg'), '<svg/>');
    writePlots(dir);
    expect(readdirSync(join(dir, 'plots')).sort()).toEqual(files.map((f) => f.split('/').pop()).sort());
  });

  it('reads the long and tab-separated layouts the same as the wide CSV', () => {
    const wide = readFileSync(join(FIXTURE, 'timeseries.csv'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => l.split(','));
    const [header, ...rows] = wide;
    const dir = tmp();
    cpSync(join(FIXTURE, 'summary.json'), join(dir, 'summary.json'));
    writeFileSync(
      join(dir, 'timeseries_long.tsv'),
      [
        'timestamp_utc\tvariable\tvalue',
        ...rows.flatMap((r) => header.slice(1).map((h, j) => `${r[0]}\t${h}\t${r[j + 1]}`)),
      ].join('\n') + '\n',
    );
    const a = chartsOf(readFolder(FIXTURE)).map((c) => c.svg);
    const b = chartsOf(readFolder(dir)).map((c) => c.svg);
    expect(b).toEqual(a);
  });
});

describe('downsampling', () => {
  it('keeps the energy of every series, with a short last row and empty cells', () => {
    const n = 10_007;
    const starts = Array.from({ length: n }, (_, i) => i * 900_000);
    const end = starts[n - 1] + 300_000; // the last row is a third of a step
    const a = Float64Array.from({ length: n }, (_, i) => Math.abs(Math.sin(i * 0.37)) * 1000 + (i % 7));
    const b = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? NaN : i));
    const r = downsample(starts, end, [a, b], 1000);
    expect(r.starts.length).toBeLessThanOrEqual(1000);
    const energy = (st: readonly number[], e: number, v: ArrayLike<number>) =>
      st.reduce((s, t, i) => s + (Number.isFinite(v[i]) ? v[i] * ((i + 1 < st.length ? st[i + 1] : e) - t) : 0), 0);
    const e0 = energy(starts, end, a);
    expect(Math.abs(energy(r.starts, r.end, r.cols[0]) - e0) / e0).toBeLessThan(1e-12);
    // With empty cells, a bin is the mean of the cells that have values: the first bin holds rows 0..10.
    expect(r.starts[1]).toBe(starts[11]);
    const firstBin = [1, 2, 4, 5, 7, 8, 10];
    expect(r.cols[1][0]).toBeCloseTo(firstBin.reduce((x, y) => x + y, 0) / firstBin.length, 12);
    expect(Number.isNaN(downsample([0, 1], 2, [Float64Array.from([NaN, NaN])], 1).cols[0][0])).toBe(true);
  });
});

describe('charts of a sweep', () => {
  /** A points.csv as src/sweep writes it: varied paths, point, replicates, failed, then <figure>.mean/.ci95_lo/.ci95_hi. */
  function sweepFolder(header: string[], rows: (string | number)[][], name = 'points.csv'): string {
    const dir = tmp();
    writeFileSync(join(dir, name), [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n');
    return dir;
  }

  it('draws each key figure against each varied value with its band, one line per other value', () => {
    const header = [
      'facility.cooling.pue',
      'supply[0].price',
      'point',
      'replicates',
      'failed',
      'energy_mwh.facility.mean',
      'energy_mwh.facility.ci95_lo',
      'energy_mwh.facility.ci95_hi',
      'cost_usd.mean',
      'cost_usd.ci95_lo',
      'cost_usd.ci95_hi',
    ];
    const rows: (string | number)[][] = [];
    for (const pue of [1.1, 1.2, 1.3])
      for (const price of ['40 $/MWh', '80 $/MWh']) {
        const e = 100 * pue;
        rows.push([pue, `"${price}"`, 'abc', 5, 0, e, e - 2, e + 2, e * Number(price.split(' ')[0]), e * 39, e * 81]);
      }
    const dir = sweepFolder(header, rows);
    expect(
      sweepColumns(
        header,
        rows.map((r) => r.map(String)),
      ),
    ).toEqual({
      params: ['facility.cooling.pue', 'supply[0].price'],
      figures: ['energy_mwh.facility', 'cost_usd'],
    });
    const notes: string[] = [];
    const charts = new Map(chartsOf(readFolder(dir), notes).map((c) => [c.name, c]));
    // Energy does not depend on the price: no chart of it against the price, one line against PUE.
    expect([...charts.keys()]).toEqual([
      'sweep-energy-mwh-facility-facility-cooling-pue',
      'sweep-cost-usd-facility-cooling-pue',
      'sweep-cost-usd-supply-0-price',
    ]);
    expect(notes).toEqual(['facility energy does not change with supply 1 price']);
    checkAll(charts.values());
    const byPue = charts.get('sweep-energy-mwh-facility-facility-cooling-pue')!.svg;
    expect(paths(byPue).filter((p) => p.cls === 'band')).toHaveLength(1);
    expect(paths(byPue).filter((p) => p.cls === 'line')).toHaveLength(1);
    // Cost depends on both: a line per price against PUE.
    expect(paths(charts.get('sweep-cost-usd-facility-cooling-pue')!.svg).filter((p) => p.cls === 'line')).toHaveLength(
      2,
    );
    expect(byPue).toContain('facility energy (MWh)'); // titled in words, not paths
    expect(byPue).toContain('>Facility energy against cooling pue<');
    expect(charts.get('sweep-cost-usd-supply-0-price')!.svg).toContain('supply 1 price ($/MWh)'); // no model to name supply[0] from
    // The mean line is straight (energy is linear in PUE): equal steps in x give equal steps in y.
    const pts = pathPoints(paths(byPue).find((p) => p.cls === 'line')!.d);
    expect(pts).toHaveLength(3);
    expect(pts[1][0] - pts[0][0]).toBeCloseTo(pts[2][0] - pts[1][0], 0);
    expect(pts[1][1] - pts[0][1]).toBeCloseTo(pts[2][1] - pts[1][1], 0);
  });

  it("a quantity's column of numbers, its unit in the name (supply[0].price_usd_per_mwh), draws as the text did", () => {
    const rows = (price: (p: number) => string | number) =>
      [1.1, 1.2].flatMap((pue) =>
        [40, 80].map((p) => [pue, price(p), 'abc', 5, 0, 100 * pue, 100 * pue - 2, 100 * pue + 2, p * pue, p, p * 2]),
      );
    const figures = ['energy_mwh.facility', 'cost_usd'].flatMap((f) =>
      ['mean', 'ci95_lo', 'ci95_hi'].map((x) => `${f}.${x}`),
    );
    const head = (price: string) => ['facility.cooling.pue', price, 'point', 'replicates', 'failed', ...figures];
    const text = sweepFolder(
      head('supply[0].price'),
      rows((p) => `"${p} $/MWh"`),
    );
    const numbers = sweepFolder(
      head('supply[0].price_usd_per_mwh'),
      rows((p) => p),
    );
    // The unit comes from the spec the sweep saved beside its tables (sweep.json), as a sweep writes it.
    writeFileSync(
      join(numbers, 'sweep.json'),
      JSON.stringify({ vary: [{ path: 'supply[0].price', values: ['40 $/MWh', '80 $/MWh'] }] }),
    );
    const draw = (dir: string) => chartsOf(readFolder(dir)).map((c) => [c.name, c.svg.replaceAll(dir, '')]);
    const before = draw(text);
    expect(before.map(([n]) => n)).toContain('sweep-cost-usd-supply-0-price');
    expect(draw(numbers)).toEqual(before);
  });

  it('against named cases: each mean a marker with an error bar, no line or band joining cases', () => {
    // Cases have no order: a line and band from one portfolio to the next read as a trend between them (until
    // 5 December 2026).
    const header = ['case', 'point', 'replicates', 'failed', 'npc_usd.mean', 'npc_usd.ci95_lo', 'npc_usd.ci95_hi'];
    const dir = sweepFolder(header, [
      ['smr-and-grid', 'a', 5, 0, 92e6, 88e6, 96e6],
      ['smr-only', 'b', 5, 0, 60e6, 50e6, 70e6],
      ['fusion-battery-grid', 'c', 5, 0, 61e6, 53e6, 69e6],
    ]);
    const charts = [...chartsIn(dir).values()];
    expect(charts.map((c) => c.name)).toEqual(['sweep-npc-usd-case']);
    checkAll(charts);
    const drawn = paths(charts[0].svg);
    expect(drawn.filter((p) => p.cls === 'line' || p.cls === 'band')).toHaveLength(0);
    expect(drawn.filter((p) => p.cls === 'bar')).toHaveLength(3);
    expect(charts[0].svg).toContain('95% confidence interval (bar)');
    expect(charts[0].svg).toContain('>fusion-battery-grid<');
  });

  it('reads other spellings (_mean, _ci_lo, _ci_hi), categorical values and a single replicate', () => {
    const header = ['fusion.start', 'n', 'unmet_mwh_mean', 'unmet_mwh_ci_lo', 'unmet_mwh_ci_hi'];
    const dir = sweepFolder(header, [
      ['2028-01-01', 1, 5, '', ''],
      ['2028-07-01', 1, 9, '', ''],
      ['2029-01-01', 1, 12, '', ''],
    ]);
    const charts = [...chartsIn(dir).values()];
    expect(charts.map((c) => c.name)).toEqual(['sweep-unmet-mwh-fusion-start']);
    checkAll(charts);
    expect(charts[0].svg).toContain('>2028-07-01<');
    expect(paths(charts[0].svg).filter((p) => p.cls === 'band')).toHaveLength(0);
    // Nor a word of one: the subtitle and legend named a '95% confidence interval' that was not drawn.
    expect(charts[0].svg).not.toContain('confidence interval');
    expect(charts[0].svg).toContain('3 points from points.csv; one run per point, no interval');
  });
});

describe("the planner's charts", () => {
  const HOURS = 24 * 365;
  const year = () =>
    syntheticRun(HOURS, 3600, {
      facility_kw: (i) => 50_000 + 10_000 * Math.sin((2 * Math.PI * i) / 24),
      smr_kw: () => 45_000,
      grid_kw: (i) => Math.max(0, 5_000 + 10_000 * Math.sin((2 * Math.PI * i) / 24)),
      export_kw: (i) => (i % 24 < 6 ? 3_000 : 0),
      battery_charge_kw: (i) => (i % 24 === 3 ? 2_000 : 0),
      battery_soc_pct: (i) => 50 + 40 * Math.sin((2 * Math.PI * i) / 24),
      unmet_kw: () => 0,
      curtailed_kw: () => 0,
      ambient_c: () => NaN,
      pue: (i) => 1.2 + 0.05 * Math.sin((2 * Math.PI * i) / 24),
      // The SMR is carbon-free: it meets all of the demand below 45 MW.
      carbon_free_kw: (i) => Math.min(45_000, 50_000 + 10_000 * Math.sin((2 * Math.PI * i) / 24)),
      smr_cost_usd: () => 1,
      grid_cost_usd: () => 2,
      cost_usd: () => 3,
      carbon_kg: (i) => (i % 2 ? 400 : 0),
      energy_mwh: () => 50,
    });

  it("a bin's PUE is its facility energy over its IT energy, not the mean of its rows' PUE", () => {
    // 2,000 hourly rows drawn in 1,000 bins of two: 200 kW for 100 kW of IT (PUE 2), then 330 for 300 (PUE 1.1).
    // Each bin's PUE, as outputs.md defines the column (facility energy over IT energy in the interval), is
    // 530 / 400 = 1.325; until 5 December 2026 the chart averaged the rows' ratios, 1.55.
    const notes: string[] = [];
    const dir = syntheticRun(2000, 3600, {
      it_kw: (i) => (i % 2 === 0 ? 100 : 300),
      facility_kw: (i) => (i % 2 === 0 ? 200 : 330),
      pue: (i) => (i % 2 === 0 ? 2 : 1.1),
      grid_kw: (i) => (i % 2 === 0 ? 200 : 330),
    });
    chartsOf(readFolder(dir), notes);
    expect(notes).toContain('PUE 1.325 throughout');
  });

  it('price and carbon are per MWh supplied: rows with unmet demand do not dilute them (out56)', () => {
    // One grid at 50 $/MWh and 400 kg/MWh meets 100 kW of a demand that is sometimes 150 kW: the
    // site pays 50 $ and emits 400 kg for each MWh supplied in every row, so both are constant.
    // Until 5 December 2026 they were divided by the demand's energy: 33.3 $/MWh and 266.7 g/kWh
    // in the rows a third unmet, drawn as dips that no supply had.
    const notes: string[] = [];
    const demand = (i: number) => (i % 4 === 0 ? 150 : 100);
    const dir = syntheticRun(96, 3600, {
      facility_kw: demand,
      grid_kw: () => 100,
      unmet_kw: (i) => demand(i) - 100,
      curtailed_kw: () => 0,
      energy_mwh: (i) => demand(i) / 1000,
      cost_usd: () => 5,
      carbon_kg: () => 40,
      grid_cost_usd: () => 5,
      grid_carbon_kg: () => 40,
    });
    const charts = chartsOf(readFolder(dir), notes).map((c) => c.name);
    expect(charts).not.toContain('signals');
    expect(notes).toContain('cost 50 $/MWh throughout');
    expect(notes).toContain('carbon intensity 400 g/kWh throughout');
  });

  it("price and carbon say a battery's charging is counted in the rows it charges (lead67)", () => {
    // A grid at 25 $/MWh and 400 g/kWh carries a 100 kW load and, at 00:00 each day, charges a battery at 1,000 kW
    // more; at 18:00 the battery carries the load. The site pays and emits for the charge in the hour it charges:
    // 27.5 $ over the 0.1 MWh supplied, 275 $/MWh and 4,400 g/kWh drawn where the grid's price is 25, and nothing
    // at 18:00. Until 7 December 2026 the title said only 'the site's cost and carbon per MWh supplied' above a
    // line titled 'cost per MWh', which a planner reads as the price (an ERCOT site's chart peaked at 73 $/MWh in
    // the hours the tariff was 25, and read 0 in its 120 $/MWh hours).
    const hour = (i: number) => i % 24;
    const charging = (i: number) => (hour(i) === 0 ? 1000 : 0);
    const grid = (i: number) => (hour(i) === 18 ? 0 : 100);
    const dir = syntheticRun(24 * 4, 3600, {
      facility_kw: () => 100,
      grid_kw: grid,
      battery_kw: (i) => 100 - grid(i),
      battery_charge_kw: charging,
      unmet_kw: () => 0,
      energy_mwh: () => 0.1,
      cost_usd: (i) => ((grid(i) + charging(i)) / 1000) * 25,
      carbon_kg: (i) => ((grid(i) + charging(i)) / 1000) * 400,
    });
    const svg = chartsIn(dir).get('signals')!.svg.replaceAll('&#39;', "'");
    expect(svg).toContain("the site's cost and carbon per MWh supplied, battery charging counted when it charges");
  });

  it("a battery's state of charge that never changed is named in words, as a drawn one is (out56)", () => {
    const dir = syntheticRun(96, 900, {
      facility_kw: (i) => 100 + (i % 7),
      grid_kw: (i) => 100 + (i % 7),
      grid_cost_usd: () => 1,
      unmet_kw: (i) => (i % 5 === 0 ? 10 : 0),
      curtailed_kw: () => 0,
      battery_soc_pct: () => 0,
    });
    const svg = chartsIn(dir).get('unmet')!.svg;
    expect(svg).toContain('battery state of charge 0 % throughout');
    expect(svg).not.toContain('battery_soc');
  });

  it("the grid's import by hour: found by its column for any name, what it sent to storage included (out56)", () => {
    // A grid named PJM-east (columns pjm_east_*) meets a 1,000 kW load and, at 00:00 each day, charges the battery at
    // 1,000 kW more: it imports 2,000 kW then, 1,000 kW at every other hour. Until 5 December 2026 no map was drawn (the
    // column was looked for as 'PJM-east_kw') and, named grid, the map showed 1,000 kW at every hour: the power to the load.
    const dir = syntheticRun(24 * 40, 3600, {
      facility_kw: () => 1000,
      pjm_east_kw: () => 1000,
      battery_kw: () => 0,
      battery_charge_kw: (i) => (i % 24 === 0 ? 1000 : 0),
      unmet_kw: () => 0,
      pjm_east_cost_usd: () => 1,
      battery_cost_usd: () => 0,
    });
    writeYearSummary(dir, [
      { name: 'battery', kind: 'battery', energy_mwh: 0, to_storage_mwh: 0 },
      { name: 'PJM-east', kind: 'grid', energy_mwh: 960, to_storage_mwh: 40 },
    ]);
    const svg = chartsIn(dir).get('heat-grid')!.svg;
    expect(svg).toContain('Grid import (PJM-east) by hour and month');
    const legend = [...svg.matchAll(/<text x="848" y="[\d.]+" font-size="11">([\d,.]+)<\/text>/g)].map((m) =>
      Number(m[1].replace(/,/g, '')),
    );
    expect(Math.max(...legend)).toBe(2000);
  });

  it("a grid's import that never changed is named beside another grid, whose import did (ou73)", () => {
    // PJM-east imports at its 2,000 kW cap every hour; backup_grid carries the rest, which moves with the load. Until
    // 7 December 2026 the note read 'grid import 2,000 kW in every hour', as if the site's import had never changed.
    const notes: string[] = [];
    const dir = syntheticRun(24 * 40, 3600, {
      facility_kw: (i) => 4000 + 100 * (i % 24),
      pjm_east_kw: () => 2000,
      backup_grid_kw: (i) => 2000 + 100 * (i % 24),
      unmet_kw: () => 0,
      pjm_east_cost_usd: () => 1,
      backup_grid_cost_usd: () => 1,
    });
    writeYearSummary(dir, [
      { name: 'PJM-east', kind: 'grid', energy_mwh: 1920, to_storage_mwh: 0 },
      { name: 'backup_grid', kind: 'grid', energy_mwh: 2000, to_storage_mwh: 0 },
    ]);
    const charts = chartsOf(readFolder(dir), notes).map((c) => c.name);
    expect(charts).not.toContain('heat-grid');
    expect(notes).toContain('grid import (PJM-east) 2,000 kW in every hour');
    // One grid: named by the title alone, as before.
    const one: string[] = [];
    chartsOf(readFolder(syntheticRun(48, 3600, { facility_kw: () => 10, grid_kw: () => 10, unmet_kw: () => 0 })), one);
    expect(one.some((n) => n.startsWith('grid import 10 kW'))).toBe(true);
  });

  it('the grid map is of the first grid that delivered power, not of an export-only line listed before it (ou73)', () => {
    // export-line (import_cap 0, export only) is listed before the utility, which carries a load that moves with the
    // hour. Until 7 December 2026 the map was of the first grid listed alone: export-line supplied nothing, so no map
    // was drawn, and the utility's import by hour was in no chart.
    const dir = syntheticRun(24 * 40, 3600, {
      facility_kw: (i) => 500 + 10 * (i % 24),
      export_line_kw: () => 0,
      utility_kw: (i) => 500 + 10 * (i % 24),
      unmet_kw: () => 0,
      utility_cost_usd: () => 1,
    });
    writeYearSummary(dir, [
      { name: 'export-line', kind: 'grid', energy_mwh: 0, to_storage_mwh: 0 },
      { name: 'utility', kind: 'grid', energy_mwh: 500, to_storage_mwh: 0 },
    ]);
    const svg = chartsIn(dir).get('heat-grid')?.svg ?? '';
    expect(svg).toContain('Grid import (utility) by hour and month');
  });

  it("the grid's map says it shows the power to the load where other supplies charged storage too (out56)", () => {
    // The series gives each battery's charging, not from which supply: with an SMR charging it as well, the grid's
    // share is unknown, and the map of pjm_east_kw is titled for what it is.
    const dir = syntheticRun(24 * 40, 3600, {
      facility_kw: () => 1000,
      pjm_east_kw: (i) => 500 + (i % 24),
      smr_kw: (i) => 500 - (i % 24),
      battery_charge_kw: (i) => (i % 24 === 0 ? 1000 : 0),
      unmet_kw: () => 0,
      pjm_east_cost_usd: () => 1,
      smr_cost_usd: () => 1,
    });
    writeYearSummary(dir, [
      { name: 'smr', kind: 'smr', energy_mwh: 480, to_storage_mwh: 20 },
      { name: 'battery', kind: 'battery', energy_mwh: 0, to_storage_mwh: 0 },
      { name: 'PJM-east', kind: 'grid', energy_mwh: 480, to_storage_mwh: 20 },
    ]);
    const svg = chartsIn(dir).get('heat-grid')!.svg;
    expect(svg).toContain('Grid power to the load (PJM-east) by hour and month');
  });

  it('dispatch draws export and charging below zero, curtailment only when there was some', () => {
    const svg = chartsIn(year()).get('supply')!.svg;
    expect(svg).toContain('>export<');
    expect(svg).toContain('>battery charging<');
    expect(svg).not.toContain('>curtailed<');
    const ticks = [...svg.matchAll(/<line x1="84" x2="79" y1="([\d.]+)"[^>]*\/><text[^>]*>(-?[\d,.]+)<\/text>/g)].map(
      (m) => [Number(m[1]), Number(m[2].replace(/,/g, ''))],
    );
    const zeroY = ticks.find(([, v]) => v === 0)![0];
    const areas = paths(svg).filter((p) => p.cls === 'area');
    const below = areas.filter((p) => pathPoints(p.d).some(([, y]) => y > zeroY + 1));
    expect(below.length).toBe(2);
  });

  it('no demand and nothing supplied: no dispatch chart, an empty axis, but the demand said in words (ou73)', () => {
    // A run before its cluster enters service (in_service after the run's end): no row has demand or supply. Until
    // 7 December 2026 the dispatch chart was drawn, a 0-to-1 kW axis with a line along its floor, beneath the
    // note 'Not charted, as it never changed: grid supplied nothing; ...; demand 0 kW throughout'.
    for (const rows of [72, 1]) {
      const notes: string[] = [];
      const dir = syntheticRun(rows, 3600, {
        it_kw: () => 0,
        facility_kw: () => 0,
        grid_kw: () => 0,
        unmet_kw: () => 0,
        curtailed_kw: () => 0,
      });
      const charts = chartsOf(readFolder(dir), notes).map((c) => c.name);
      expect(charts).not.toContain('supply');
      expect(notes.filter((n) => n === 'demand 0 kW throughout')).toHaveLength(1);
    }
    // With no demand but power leaving the site's side (an SMR exporting or curtailing all it makes), the dispatch
    // chart is drawn: that power is below zero on it.
    const below = syntheticRun(72, 3600, {
      facility_kw: () => 0,
      smr_kw: () => 0,
      unmet_kw: () => 0,
      curtailed_kw: (i) => 100 + (i % 3),
    });
    expect(chartsOf(readFolder(below)).map((c) => c.name)).toContain('supply');
  });

  it("the load-duration curve falls from the peak to the minimum over the run's hours", () => {
    const svg = chartsIn(year()).get('load-duration')!.svg;
    const pts = pathPoints(paths(svg).find((p) => p.cls === 'line')!.d);
    for (let i = 1; i < pts.length; i++) {
      expect(pts[i][0]).toBeGreaterThanOrEqual(pts[i - 1][0]); // a row's level held, then a step down
      expect(pts[i][1]).toBeGreaterThanOrEqual(pts[i - 1][1] - 1e-9); // y grows downwards: demand never rises
    }
    expect(svg).toContain('demand (MW)');
    expect(svg).toContain('hours at or above this demand (h)');
  });

  it('the load-duration curve spans the run: a short last row counts its own hours (out56)', () => {
    // 2027 in 30-day rows: twelve of 720 h and a last of 120 h, 8,760 h in all. Until 5 December 2026 every row counted
    // as the first's length and the curve ran to 9,360 h.
    const dir = syntheticRun(13, 30 * 86400, { facility_kw: (i) => 1000 + 10 * i, grid_kw: (i) => 1000 + 10 * i });
    writeYearSummary(dir, [{ name: 'grid', kind: 'grid', energy_mwh: 1, to_storage_mwh: 0 }]);
    const svg = chartsIn(dir).get('load-duration')!.svg;
    const bottom = /<g class="axis axis-bottom">([\s\S]*?)<\/g>/.exec(svg)![1];
    const ticks = [...bottom.matchAll(/<text x="([\d.]+)"[^>]*>([\d,]+)<\/text>/g)].map((m) => [
      Number(m[1]),
      Number(m[2].replace(/,/g, '')),
    ]);
    const [[x0, h0], [x1, h1]] = ticks;
    const pts = pathPoints(paths(svg).find((p) => p.cls === 'line')!.d);
    const hoursAt = (x: number) => h0 + ((x - x0) * (h1 - h0)) / (x1 - x0);
    expect(hoursAt(pts[pts.length - 1][0])).toBeCloseTo(8760, -1);
  });

  it('the load-duration curve starts at 0 h at the peak, and each demand is held for the hours its rows hold it (out59)', () => {
    // 40 daily rows, demand 1,000 + 10 kW a day. Until 6 December 2026 the curve began at 24 h (the axis too) and ran
    // straight from each row's level to the next's: 1,385 kW read as held for 36 h, where one row, 24 h, is above it.
    const dir = syntheticRun(40, 86400, { facility_kw: (i) => 1000 + 10 * i, grid_kw: (i) => 1000 + 10 * i });
    writeYearSummary(dir, [{ name: 'grid', kind: 'grid', energy_mwh: 1, to_storage_mwh: 0 }], '2027-02-10 00:00:00');
    const svg = chartsIn(dir).get('load-duration')!.svg;
    const num = (s: string) => Number(s.replace(/,/g, ''));
    const bottom = /<g class="axis axis-bottom">([\s\S]*?)<\/g>/.exec(svg)![1];
    const xTicks = [...bottom.matchAll(/<text x="([\d.]+)"[^>]*>([\d,]+)<\/text>/g)].map((m) => [
      Number(m[1]),
      num(m[2]),
    ]);
    const yTicks = [...svg.matchAll(/<line x1="84" x2="79" y1="([\d.]+)"[^>]*\/><text[^>]*>([\d,.]+)<\/text>/g)].map(
      (m) => [Number(m[1]), num(m[2])],
    );
    const scale = (t: number[][]) => {
      const [[p0, v0], [p1, v1]] = t;
      return (p: number) => v0 + ((p - p0) * (v1 - v0)) / (p1 - p0);
    };
    const hoursAt = scale(xTicks);
    const kw = scale(yTicks);
    const pts = pathPoints(paths(svg).find((p) => p.cls === 'line')!.d).map(([x, y]) => [hoursAt(x), kw(y)]);
    // The hours at or above each level: how far along the curve (straight between its points) it stays at or above.
    const held = (level: number) => {
      let h = 0;
      for (let i = 1; i < pts.length; i++) {
        const [[x0, v0], [x1, v1]] = [pts[i - 1], pts[i]];
        if (v1 >= level - 0.5) h = x1;
        else if (v0 >= level - 0.5) h = Math.max(h, x0 + ((x1 - x0) * (v0 - level)) / (v0 - v1));
      }
      return h;
    };
    expect(held(1385)).toBeCloseTo(24, 0);
    expect(held(1300)).toBeCloseTo(10 * 24, -1);
    expect(held(1000)).toBeCloseTo(40 * 24, -1);
    expect(Math.abs(pts[0][0])).toBeLessThan(1); // read back from the axes' ticks, to a pixel
    expect(Math.abs(pts[0][1] - 1390)).toBeLessThan(3);
  });

  it("monthly energy: twelve months, each bar the month's energy; heat maps of 12 x 24 cells", () => {
    const charts = chartsIn(year());
    const monthly = charts.get('monthly-energy')!.svg;
    expect(monthly).toContain('energy (GWh)');
    expect(monthly).toContain('2027-12');
    for (const name of ['heat-grid', 'heat-soc', 'heat-cfe'])
      expect(dataRects(charts.get(name)!.svg).length, name).toBe(12 * 24);
    expect(charts.has('heat-carbon')).toBe(false);
    // SoC cells on a 0-100 % scale; the carbon-free share too: 100 % at 18:00 (demand 40 MW, all from the SMR), 75 % at 06:00 (45 of 60 MW).
    expect(charts.get('heat-soc')!.svg).toContain('>%<');
    const cfe = charts.get('heat-cfe')!.svg;
    expect(cfe).toContain('>Carbon-free share of demand by hour and month<');
    expect(cfe).toContain('>%<');
    // Each cell's fill as #rrggbb (d3 writes rgb(r, g, b)).
    const fill = (r: string): string =>
      `#${/fill="rgb\((\d+), (\d+), (\d+)\)"/
        .exec(r)!
        .slice(1)
        .map((v) => Number(v).toString(16).padStart(2, '0'))
        .join('')}`;
    const january = dataRects(cfe).slice(0, 24).map(fill);
    // The 0-100 % scale from #f7fbff to #08306b: 100 % is the dark end, 75 % three quarters of the way (rgb 68, 99, 144).
    expect(january[18]).toBe('#08306b');
    expect(january[6]).toBe('#446390');
  });

  it('a run folder written before carbon_free_kw shows the carbon intensity by hour and month instead', () => {
    // A 50 MW demand, half of it unmet in odd hours: odd hours 200 kg of the 25 MWh supplied = 8 g/kWh, even hours 0.
    // Per MWh of demand (until 5 December 2026) the odd hours read 4 g/kWh, half the supply's intensity.
    const dir = syntheticRun(24 * 40, 3600, {
      facility_kw: () => 50000,
      grid_kw: (i) => (i % 2 ? 25000 : 50000),
      unmet_kw: (i) => (i % 2 ? 25000 : 0),
      energy_mwh: () => 50,
      carbon_kg: (i) => (i % 2 ? 200 : 0),
      grid_carbon_kg: (i) => (i % 2 ? 200 : 0),
    });
    const carbon = chartsIn(dir).get('heat-carbon')!.svg;
    expect(carbon).toContain('>g/kWh<');
    const legend = [...carbon.matchAll(/<text x="848" y="[\d.]+" font-size="11">([\d.]+)<\/text>/g)].map((m) =>
      Number(m[1]),
    );
    expect(Math.max(...legend)).toBe(8);
  });

  it('no empty axis: a run without weather draws PUE alone', () => {
    const pue = chartsIn(year()).get('pue')!;
    expect(pue.title).toBe('PUE');
    expect(pue.svg).not.toContain('temperature');
  });

  it('per-unit SMR availability and capacity factor from the summary, against the expectation', () => {
    const dir = year();
    writeFileSync(
      join(dir, 'summary.json'),
      JSON.stringify({
        model: { name: 'x', hash: 'h' },
        seed: 1,
        end_utc: '2028-01-01 00:00:00',
        sources: [
          {
            name: 'smr',
            kind: 'smr',
            detail: {
              units: [
                { unit: 1, availability: 0.9, capacity_factor: 0.8, expected_availability: 0.9267 },
                { unit: 2, availability: 0.95, capacity_factor: 0.85, expected_availability: 0.9352 },
              ],
              expected_availability: 0.93095,
            },
          },
        ],
      }),
    );
    const smr = chartsIn(dir).get('smr-units')!.svg;
    // Each unit's own expectation is a bar beside its availability (was one line at the fleet's 93.1 % for both).
    expect(dataRects(smr)).toHaveLength(6);
    expect(smr).toContain('expected availability');
    expect(smr).not.toContain('class="reference"');
    expect(smr).toContain('>smr 1<');
  });

  it('SMR modules over time: a row per unit, each down stretch drawn by cause from outages.csv, the share up beside it', () => {
    const dir = year();
    writeYearSummary(dir, [
      {
        name: 'smr',
        kind: 'smr',
        detail: {
          units: [
            { unit: 1, availability: 0.904 },
            { unit: 2, availability: 0.997 },
          ],
        },
      },
    ]);
    writeFileSync(
      join(dir, 'outages.csv'),
      'source,unit,cause,start_utc,end_utc,hours\n' +
        'smr,1,refuelling,2027-07-01 00:00:00,2027-08-05 00:00:00,840.000\nsmr,2,forced outage,2027-03-01 00:00:00,2027-03-02 00:00:00,24.000\n',
    );
    const svg = chartsIn(dir).get('smr-timeline')!.svg;
    checkAll([{ name: 'smr-timeline', title: '', svg }]);
    // Two rows of "up", then the two stretches; 35 days of 365 are 35/365 of the plot's width.
    expect(dataRects(svg)).toHaveLength(4);
    const rect = (cls: string) =>
      /<rect class="[^"]*" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/.exec(
        svg.slice(svg.indexOf(`class="${cls}"`) - 6),
      )!;
    const a = plotArea(svg);
    expect(Number(rect('refuelling')[2])).toBeCloseTo((a.width * 35) / 365, 0);
    expect(Number(rect('refuelling')[1])).toBeCloseTo(a.x + (a.width * 181) / 365, 0);
    for (const t of [
      '>smr 1<',
      '>smr 2<',
      '>90.4 % up<',
      '>99.7 % up<',
      '>refuelling<',
      '>forced outage<',
      'time (UTC)',
    ])
      expect(svg).toContain(t);
  });

  it("a fusion PPA's and a grid's outages are rows of the timeline too, after the SMR units, each a row", () => {
    const dir = year();
    writeYearSummary(dir, [
      { name: 'fusion', kind: 'fusion-ppa', detail: { availability: 0.7512 } },
      { name: 'smr', kind: 'smr', detail: { units: [{ unit: 1, availability: 0.904 }] } },
      { name: 'grid', kind: 'grid', detail: {} },
    ]);
    writeFileSync(
      join(dir, 'outages.csv'),
      'source,unit,cause,start_utc,end_utc,hours\n' +
        'fusion,1,forced outage,2027-02-01 00:00:00,2027-02-15 00:00:00,336.000\n' +
        'smr,1,refuelling,2027-07-01 00:00:00,2027-08-05 00:00:00,840.000\n' +
        'grid,1,forced outage,2027-03-01 00:00:00,2027-03-01 04:00:00,4.000\n',
    );
    const chart = chartsIn(dir).get('smr-timeline')!;
    checkAll([chart]);
    expect(dataRects(chart.svg)).toHaveLength(6);
    for (const t of ['>smr 1<', '>fusion<', '>grid<', '>75.1 % up<', '>90.4 % up<']) expect(chart.svg).toContain(t);
    expect(chart.title).toBe('Supplies over time: when each was down, and why');
    // Without SMR units, a fusion PPA's outages alone still make the chart.
    writeYearSummary(dir, [{ name: 'fusion', kind: 'fusion-ppa', detail: { availability: 0.7512 } }]);
    expect(dataRects(chartsIn(dir).get('smr-timeline')!.svg)).toHaveLength(2);
  });

  /** A year's run folder whose summary.json has these economics. */
  const withEconomics = (economics: object): string => {
    const dir = year();
    const summary = {
      model: { name: 'x', hash: 'h' },
      seed: 1,
      end_utc: '2028-01-01 00:00:00',
      sources: [],
      economics,
    };
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary));
    return dir;
  };

  it("the cost breakdown's bars beyond the supplies: a cluster's hardware, the value of lost load, by their words", () => {
    // Were 'train' and 'lost_load' under the axis 'source', as cashflow.csv names the components.
    const dir = withEconomics({
      npc_usd: 3e6,
      components: [
        { name: 'smr', kind: 'smr', by_category: { capital: 1e6 } },
        { name: 'train', kind: 'cluster', by_category: { capital: 1.5e6 } },
        { name: 'lost_load', kind: 'lost_load', by_category: { lost_load: 0.5e6 } },
      ],
    });
    const chart = chartsIn(dir).get('cost-breakdown')!;
    checkAll([chart]);
    expect(chart.title).toBe('Cost by component and category (net present cost)');
    for (const t of ['>smr<', '>train (cluster)<', '>lost load<', '>component<']) expect(chart.svg).toContain(t);
    expect(chart.svg).not.toContain('>lost_load<');
    expect(chart.svg).not.toContain('>source<');
  });

  it('the cost breakdown by source and category, in $M, revenue below zero', () => {
    const dir = withEconomics({
      npc_usd: 95.5e6,
      discount_rate: 0.07,
      components: [
        { name: 'smr', by_category: { capital: 80e6, energy: 32e6 } },
        { name: 'grid', by_category: { energy: 0.5e6, tou_demand_charge: 0.2e6, export_revenue: -17e6 } },
      ],
    });
    const chart = chartsIn(dir).get('cost-breakdown')!;
    checkAll([chart]);
    expect(chart.svg).toContain('net present cost ($M)');
    expect(chart.title).toBe('Cost by source and category (net present cost)');
    expect(chart.svg).toContain('net present cost 95.50 $M at a 7.0% discount rate'); // as the report's key figures
    // With its years, the NPC's terms as the run's table says them: the rate as given (7.25 %, not 7.2), the escalation.
    const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    Object.assign(s.economics, { years: 10, discount_rate: 0.0725, escalation: 0.0225 });
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(s));
    expect(chartsIn(dir).get('cost-breakdown')!.svg).toContain(
      'net present cost 95.50 $M over 10 years at 7.25%, prices escalating 2.25% a year;',
    );
    // A long model name: the subtitle breaks after its span rather than run past the chart's right edge (900 px; at
    // 11 px a character is 5.1 px on average, 6.1 for a digit: Chromium set this one 904 px wide), and the plot moves
    // down a line to make room.
    s.model.name = 'northern-virginia-campus-a';
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(s));
    const long = chartsIn(dir).get('cost-breakdown')!.svg;
    const subtitle = [...long.matchAll(/<text x="84" y="(\d+)" font-size="11" fill="#444444">([^<]*)<\/text>/g)];
    expect(subtitle.map((m) => m[1])).toEqual(['40', '54']);
    // 5.1 px a character, Chromium's average: its first line, 159 characters, Chromium sets 799.8 px wide (x 84 to 884).
    for (const [, , line] of subtitle) expect(line.length * 5.1, line).toBeLessThanOrEqual(900 - 84);
    expect(subtitle.map((m) => m[2].slice(-40))).toEqual([
      'over 10 years at 7.25%, prices escalating 2.25% a year;'.slice(-40),
      'revenue below zero',
    ]);
    expect(long).toContain('<g transform="translate(0,14)">');
    expect(dataRects(chart.svg)).toHaveLength(5); // smr capital, smr energy, grid energy, its TOU charge, its export revenue
    expect(chart.svg).toContain('>export revenue<');
    expect(chart.svg).toContain('>time-of-use demand charge<'); // not 'tou demand charge'
  });
});

describe('charts of a sweep, for reading', () => {
  function folder(files: Record<string, string>): string {
    const dir = tmp();
    for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
    return dir;
  }

  it('replicates only: the distribution of each key figure, ECDF with P10, P50, P90', () => {
    const values = [5, 1, 4, 2, 3, 9, 7, 6, 8, 10];
    const dir = folder({
      'points.csv':
        'point,replicates,failed,energy_mwh.unmet.mean,energy_mwh.unmet.ci95_lo,energy_mwh.unmet.ci95_hi\nabc,10,0,5.5,3.3,7.7\n',
      'summary.csv': `replicate,run,seed,error,energy_mwh.unmet\n${values.map((v, i) => `${i},r${i},${i},,${v}`).join('\n')}\n`,
    });
    const charts = chartsIn(dir);
    expect([...charts.keys()]).toEqual(['sweep-dist-energy-mwh-unmet']);
    const svg = charts.get('sweep-dist-energy-mwh-unmet')!.svg;
    checkAll([charts.get('sweep-dist-energy-mwh-unmet')!]);
    expect(svg).toContain('>Unmet energy: its spread over 10 replicates<');
    // Type-7 quantiles of 1..10: P10 1.9, P50 5.5, P90 9.1.
    expect(svg).toContain('P10 1.9, P50 5.5, P90 9.1 MWh');
    for (const m of ['P10', 'P50', 'P90']) expect(svg).toContain(`>${m}<`);
    // The ECDF climbs in ten steps of 10 % from 0 to 100 %.
    const pts = pathPoints(paths(svg).find((p) => p.cls === 'line')!.d);
    expect(pts).toHaveLength(20);
  });

  it("a varied column whose name ends as a statistic's (a duration in min, a bare cop_min) is the sweep's parameter", () => {
    // Before: --vary 'workload.jobs[0].duration=30:90:30 min' wrote the column workload.jobs[0].duration_min, which the
    // charts and the report took for a statistic (a minimum) and left out: dcpsim plot drew the spread of every run
    // pooled over the three durations, 'its spread over 6 replicates', and the report's points were rows unlabelled.
    for (const [path, values, column] of [
      ['workload.jobs[0].duration', ['30 min', '90 min'], 'workload.jobs[0].duration_min'],
      ['facility.cooling.cop_min', ['2', '3'], 'facility.cooling.cop_min'],
    ] as const) {
      const cells = values.map((v) => v.replace(' min', ''));
      const dir = folder({
        'sweep.json': JSON.stringify({ name: 's', model: 'small.yaml', vary: [{ path, values }], replicates: 2 }),
        'points.csv':
          `${column},point,replicates,failed,cost_usd.mean,cost_usd.ci95_lo,cost_usd.ci95_hi\n` +
          `${cells[0]},a,2,0,100,90,110\n${cells[1]},b,2,0,150,140,160\n`,
        'summary.csv': `${column},replicate,run,seed,error,cost_usd\n${cells[0]},0,a-r0,1,,95\n${cells[0]},1,a-r1,2,,105\n${cells[1]},0,b-r0,1,,145\n${cells[1]},1,b-r1,2,,155\n`,
      });
      const slug = path.replace(/[^A-Za-z0-9]+/g, '-');
      expect([...chartsIn(dir).keys()], path).toEqual([`sweep-cost-usd-${slug}`]);
      const report = readFileSync(writeReport(dir), 'utf8');
      const points = report.slice(
        report.indexOf('<h2>Points'),
        report.indexOf('</table>', report.indexOf('<h2>Points')),
      );
      for (const v of values) expect(points, path).toContain(`>${v}<`);
    }
  });

  it('a figure that never changed is said in words, not drawn on an axis of its own', () => {
    const notes: string[] = [];
    const replicates = folder({
      'points.csv': 'point,replicates,failed,energy_mwh.unmet.mean,cost_usd.mean\nabc,3,0,0,2500000\n',
      'summary.csv':
        'replicate,run,seed,error,energy_mwh.unmet,cost_usd\n0,r0,0,,0,2e6\n1,r1,1,,0,2.5e6\n2,r2,2,,0,3e6\n',
    });
    expect(chartsOf(readFolder(replicates), notes).map((c) => c.name)).toEqual(['sweep-dist-cost-usd']);
    expect(notes).toEqual(['unmet energy 0 MWh in all 3 replicates']);
    const points = folder({
      'points.csv':
        'supply[0].units,point,replicates,failed,energy_mwh.unmet.mean,cost_usd.mean\n1,a,1,0,0,120000\n2,b,1,0,0,150000\n',
    });
    notes.length = 0;
    const charts = chartsOf(readFolder(points), notes);
    expect(charts.map((c) => c.name)).toEqual(['sweep-cost-usd-supply-0-units']);
    expect(charts[0].svg).toContain('cost ($k)'); // 150,000 USD reads as 150 $k
    expect(notes).toEqual(['unmet energy 0 MWh at every point']);
    for (const c of charts) expect(readabilityProblems(c.svg)).toEqual([]);
    // A point whose runs all failed has no value: 'at every point' said of the others is not true (it said so).
    const failed = folder({
      'points.csv':
        'supply[0].units,point,replicates,failed,energy_mwh.unmet.mean,cost_usd.mean\n1,a,1,0,0,120000\n2,b,1,0,0,150000\n3,c,0,1,,\n',
    });
    notes.length = 0;
    expect(chartsOf(readFolder(failed), notes).map((c) => c.name)).toEqual(['sweep-cost-usd-supply-0-units']);
    expect(notes).toEqual(['unmet energy 0 MWh at every point with a value (2 of 3)']);
  });

  it('a parameter that does not move a figure: no chart against it, and no second line that hides under the first', () => {
    const notes: string[] = [];
    const rows = [40, 60, 80].flatMap((price) =>
      [4.5, 6].map(
        (cop) =>
          `"${price} $/MWh",${cop},p${price}-${cop},3,0,${5.5 + price / 1000},${5.4 + price / 1000},${5.6 + price / 1000}`,
      ),
    );
    const dir = folder({
      'points.csv': `supply[3].price,facility.cooling.cop,point,replicates,failed,cost_usd.mean,cost_usd.ci95_lo,cost_usd.ci95_hi\n${rows.map((r) => r.replace(/(\d\.\d+)(?=,|$)/g, (m) => String(Number(m) * 1e6))).join('\n')}\n`,
    });
    const charts = chartsOf(readFolder(dir), notes);
    expect(charts.map((c) => c.name)).toEqual(['sweep-cost-usd-supply-3-price']);
    expect(paths(charts[0].svg).filter((p) => p.cls === 'line')).toHaveLength(1);
    expect(pathPoints(paths(charts[0].svg).find((p) => p.cls === 'line')!.d)).toHaveLength(3);
    expect(notes).toEqual(['net cost does not change with cooling COP']);
  });

  it('whole-number values get whole-number ticks; paired changes are drawn from differences.csv', () => {
    const header =
      'supply[0].units,point,replicates,failed,energy_mwh.facility.mean,energy_mwh.facility.ci95_lo,energy_mwh.facility.ci95_hi';
    const dir = folder({
      'points.csv': `${header}\n1,a,5,0,1000,950,1050\n2,b,5,0,900,850,950\n3,c,5,0,850,800,900\n`,
      'differences.csv':
        'supply[0].units,point,baseline,figure,unit,pairs,difference.mean,difference.ci95_lo,difference.ci95_hi\n' +
        '2,b,a,energy_mwh.facility,MWh,5,-100,-101,-99\n3,c,a,energy_mwh.facility,MWh,5,-150,-152,-148\n',
    });
    const charts = chartsIn(dir);
    const main = charts.get('sweep-energy-mwh-facility-supply-0-units')!.svg;
    const ticks = [
      ...main.matchAll(/<text x="[\d.]+" y="334" font-size="11" text-anchor="middle">([^<]*)<\/text>/g),
    ].map((m) => m[1]);
    expect(ticks.length).toBeGreaterThan(1);
    for (const t of ticks) expect(t).toMatch(/^\d+$/);
    const diff = charts.get('sweep-diff-energy-mwh-facility-supply-0-units')!;
    expect(diff.title).toBe('Change in facility energy against supply 1 units, from the first point');
    checkAll([diff]);
    expect(paths(diff.svg).filter((p) => p.cls === 'band')).toHaveLength(1);
  });

  it("a model with economics: its net present cost in the table and the charts, beside the run's net cost", () => {
    // plan-smr for 10 days, 1 or 2 SMR modules, no battery (3 replicates): the second module's energy is free to the
    // run, so the net cost falls by $255k, while its capital adds $210M of NPC; the table and charts showed the net
    // cost alone.
    const dir = folder({
      'points.csv':
        'supply[0].units,point,replicates,failed,cost_usd.mean,cost_usd.ci95_lo,cost_usd.ci95_hi,economics.npc_usd.mean,economics.npc_usd.ci95_lo,economics.npc_usd.ci95_hi\n' +
        '1,a,3,0,245950,-104209,596109,357269900,356719900,357819900\n' +
        '2,b,3,0,-8688,-71232,53856,567581100,567501100,567661100\n',
    });
    const lines = sweepTable(join(dir, 'points.csv'), ['supply[0].units']).split('\n');
    expect(lines[0]).toMatch(/^supply\[0\]\.units\s+net cost USD\s+net present cost \$M$/);
    expect(lines[1]).toMatch(/^1\s+245,950 ± 350,159\s+357 ± 1$/);
    // Its interval, $0.08M either side, read '± 0' at the column's decimals, as if none (6 December 2026).
    expect(lines[2]).toMatch(/^2\s+-8,688 ± 62,544\s+568 ± 0\.08$/);
    const charts = chartsIn(dir);
    expect([...charts.keys()]).toEqual(['sweep-cost-usd-supply-0-units', 'sweep-economics-npc-usd-supply-0-units']);
    const npc = charts.get('sweep-economics-npc-usd-supply-0-units')!;
    checkAll([npc]);
    expect(npc.svg).toContain('>Net present cost against supply 1 units<');
    expect(npc.svg).toContain('net present cost ($M)');
  });

  it('up to 8 lines, each in a style of its own; the legend names those not drawn; the change names the whole first point', () => {
    // 3 SMR counts x 9 grid prices, the cost moved by both: against the units, a line per price.
    const prices = [10, 20, 30, 40, 50, 60, 70, 80, 90];
    const cost = (u: number, p: number) => u * 1000 + p * 10;
    const pts = [1, 2, 3].flatMap((u) => prices.map((p) => ({ u, p, id: `u${u}p${p}` })));
    const dir = folder({
      'points.csv': `supply[0].units,supply[1].price,point,replicates,failed,cost_usd.mean,cost_usd.ci95_lo,cost_usd.ci95_hi\n${pts
        .map(({ u, p, id }) => `${u},"${p} $/MWh",${id},3,0,${cost(u, p)},${cost(u, p) - 5},${cost(u, p) + 5}`)
        .join('\n')}\n`,
      'differences.csv': `supply[0].units,supply[1].price,point,baseline,figure,unit,pairs,difference.mean,difference.ci95_lo,difference.ci95_hi\n${pts
        .slice(1)
        .map(({ u, p, id }) => {
          const d = cost(u, p) - cost(1, 10);
          return `${u},"${p} $/MWh",${id},u1p10,cost_usd,USD,3,${d},${d - 1},${d + 1}`;
        })
        .join('\n')}\n`,
    });
    const charts = chartsIn(dir);
    const byUnits = charts.get('sweep-cost-usd-supply-0-units')!;
    checkAll([byUnits]);
    const lines = paths(byUnits.svg).filter((p) => p.cls === 'line');
    // Six lines were drawn, the sixth in the first's style (solid black), and the last three prices without a word.
    expect(lines).toHaveLength(8);
    const style = (tag: string) =>
      `${/stroke="([^"]*)"/.exec(tag)![1]} ${/stroke-dasharray="([^"]*)"/.exec(tag)?.[1] ?? ''}`;
    expect(new Set(lines.map((l) => style(l.tag))).size).toBe(8);
    expect(byUnits.svg).toContain('>supply 2 price 80 $/MWh: mean<');
    expect(byUnits.svg).toContain('>not drawn: supply 2 price 90 $/MWh (in points.csv)<');
    // Against the price, a line per SMR count: all three drawn, nothing left out.
    const byPrice = charts.get('sweep-cost-usd-supply-1-price')!;
    expect(paths(byPrice.svg).filter((p) => p.cls === 'line')).toHaveLength(3);
    expect(byPrice.svg).not.toContain('not drawn');
    // Each line of the change is from the one first point (1 unit at 10 $/MWh), not from its own first value.
    const diff = charts.get('sweep-diff-cost-usd-supply-0-units')!;
    checkAll([diff]);
    expect(diff.svg).toContain('; first point: supply 1 units 1, supply 2 price 10 $/MWh<');
    expect(diff.svg).toContain('>not drawn: supply 2 price 90 $/MWh (in differences.csv)<');
    expect(charts.get('sweep-diff-cost-usd-supply-1-price')!.svg).toContain(
      '; first point: supply 1 units 1, supply 2 price 10 $/MWh<',
    );
  });
});
