/**
 * The scale corpus (issue 16.12): plot and report read a run's series in one
 * streaming pass (src/output/charts/series-scan.ts), so a ten-year one-minute series
 * never becomes one string. The pass must read every run as the whole-file
 * reader does, wherever its reads cut the rows. The cases are generated from
 * a seed: nine presets and test models, each run four times mutated (a day to
 * 40 days, 10-minute to hourly rows, csv or tsv, wide or long, excel or iso
 * date-times), each series scanned with six read sizes from one byte up. The
 * scan agrees with the scan in 4 MiB reads, with the whole file read at once
 * (readFrame), and with the run's summary (facility energy).
 * (series-scan.test.ts reads a 200,000-row series across its 4 MiB reads.)
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { afterAll, describe, expect, it } from 'vitest';
import { readFrame } from '../../src/output/tables/folder.ts';
import { scanSeries, type Scan } from '../../src/output/charts/series-scan.ts';
import { runScenario } from '../../src/run.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const base = mkdtempSync(join(tmpdir(), 'dcpsim-scale-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const MODELS = [
  join(ROOT, 'tests', 'fixtures', 'small.yaml'),
  join(ROOT, 'tests', 'fixtures', 'economics.yaml'),
  'gpt3-training',
  'deepspeed-chat-13b',
  'orbital-50k-h100',
  'bench-workload',
  'smr-campus',
  'fusion-2028',
  'default',
];
const rng = seedrandom('dcpsim scale corpus');
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];

interface Run {
  label: string;
  file: string;
  /** The run's end (ms) and facility energy (MWh), from its summary. */
  end: number;
  facilityMwh: number;
}

/** Each model four times: every (csv or tsv, wide or long) once, the rest drawn. */
const RUNS: Run[] = MODELS.flatMap((model, i) =>
  (
    [
      ['csv', 'wide'],
      ['tsv', 'wide'],
      ['csv', 'long'],
      ['tsv', 'long'],
    ] as const
  ).map(([format, layout], k) => {
    const o = {
      duration: pick(['1d', '3d', '10d', '40d']),
      step: pick(['10m', '15m', '30m', '1h']),
      timestamps: pick(['excel', 'iso'] as const),
      seed: 1 + Math.floor(rng() * 1000),
    };
    const r = runScenario({ model, format, layout, ...o, out: join(base, `${i}-${k}`) });
    const label = `${model.replace(/^.*\/|\.yaml$/g, '')} ${o.duration}/${o.step} ${format} ${layout} ${o.timestamps}`;
    return {
      label,
      file: r.timeseriesFile!,
      end: Date.parse(r.summary.end_utc),
      facilityMwh: r.summary.energy_mwh.facility,
    };
  }),
);

/** Per run, read sizes from one byte to its whole file, seeded. */
const CASES = RUNS.flatMap((run) => {
  const size = statSync(run.file).size;
  const sizes = [1, 2 + Math.floor(rng() * 30), 32 + Math.floor(rng() * 200), 256 + Math.floor(rng() * 4000)];
  sizes.push(4096 + Math.floor(rng() * Math.max(1, size - 4096)), size);
  return sizes.map((chunk) => ({ name: `${run.label}, reads of ${chunk} bytes`, run, chunk }));
});

/** The scan in 4 MiB reads (each file fits one) and its checks against the whole file and the summary, once per run. */
const reference = new Map<Run, Scan>();
function referenceOf(run: Run): Scan {
  let scan = reference.get(run);
  if (scan) return scan;
  scan = scanSeries(run.file, run.end);
  const frame = readFrame(run.file);
  expect(scan.names).toEqual(frame.names);
  expect(scan.rows).toBe(frame.labels.length);
  expect(Array.from(scan.demand!)).toEqual(Array.from(frame.col('facility_kw')!));
  // Every column's energy by month and hour adds up to the column's rows times their lengths.
  const starts = frame.labels.map((l) => Date.parse(`${l.replace(' ', 'T')}Z`));
  const hours = starts.map((t, i) => ((i + 1 < starts.length ? starts[i + 1] : run.end) - t) / 3.6e6);
  for (const [j, name] of scan.names.entries()) {
    const col = frame.col(name)!;
    let want = 0;
    for (let i = 0; i < col.length; i++) if (Number.isFinite(col[i])) want += col[i] * hours[i];
    let got = 0;
    for (const m of scan.months) for (let h = 0; h < 24; h++) got += m.sum[h * scan.names.length + j];
    expect(Math.abs(got - want), name).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
  }
  // Facility energy from the scan's demand is the summary's, each cell rounded to its last decimal (0.0005 kW).
  const mwh = scan.demand!.reduce((a, kw, i) => a + (kw * hours[i]) / 1000, 0);
  expect(Math.abs(mwh - run.facilityMwh)).toBeLessThanOrEqual(
    (0.0005 * hours.reduce((a, h) => a + h, 0)) / 1000 + 1e-9,
  );
  reference.set(run, scan);
  return scan;
}

describe('the scale corpus: mutated presets read by the streaming scan, their rows cut by every read size', () => {
  it(`has at least 200 cases (${CASES.length}), from every layout and format`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(200);
    for (const kind of ['csv wide', 'tsv wide', 'csv long', 'tsv long', 'excel', 'iso'])
      expect(RUNS.some((r) => r.label.includes(kind))).toBe(true);
  });

  it.each(CASES)('$name', ({ run, chunk }) => {
    const want = referenceOf(run);
    const got = scanSeries(run.file, run.end, 'facility_kw', chunk);
    // (columns, units and roles from the names and the metadata file, do not depend on the reads.)
    const { cols, months, demand, columns: _, ...rest } = got;
    const { cols: _c, months: _m, demand: _d, columns: _u, ...wantRest } = want;
    expect(rest).toEqual(wantRest);
    // Numbers bit for bit (NaN where a bin has no value).
    const bits = (a: Float64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    const same = (a: Float64Array, b: Float64Array, what: string): void =>
      expect(bits(a).equals(bits(b)), what).toBe(true);
    expect(cols.length).toBe(want.cols.length);
    cols.forEach((c, j) => same(c, want.cols[j], `bins of ${got.names[j]}`));
    expect(months.map((m) => m.key)).toEqual(want.months.map((m) => m.key));
    months.forEach((m, k) => {
      same(m.sum, want.months[k].sum, `${m.key} sums`);
      same(m.hours, want.months[k].hours, `${m.key} hours`);
    });
    same(demand!, want.demand!, 'demand');
  });
});
