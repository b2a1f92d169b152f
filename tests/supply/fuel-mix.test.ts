/**
 * A grid's carbon from its generation by fuel (`carbon: { file, factors }`, src/supply/fuel-mix.ts): each hour the
 * generation-weighted mean of the fuels' factors. Until 5 December 2026 a file of generation by fuel (EIA-930's
 * BALANCE files, any balancing authority's) could not give a grid its carbon: only an intensity column could.
 * Oracles: the shipped traces' own avg_CI (built by dc-rl from EIA-930 with the same lifecycle factors), and hours
 * computed by hand from the EIA-930 fixture.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../../src/run.ts';
import { fuelMixIntensity } from '../../src/supply/fuel-mix.ts';
import { readHourlyTrace, traceColumn } from '../../src/supply/trace.ts';
import { runSweep } from '../../src/sweep/sweep.ts';
import { traceFile } from '../helpers/carbon-trace.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-fuel-mix-'));
const EIA = join(import.meta.dirname, '..', 'fixtures', 'grid-us', 'eia930-balance.csv');
const SMALL = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');
const MISO = { 'Balancing Authority': 'MISO' };

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

let runs = 0;
/** The small model from 2022-01-01 05:00 UTC for two days, its grid's carbon `carbon` (JSON or YAML text). */
const run = (carbon: string, start = '2022-01-01T05:00') =>
  runScenario({
    model: SMALL,
    set: [`start=${start}`, 'duration=2d', `supply[0].carbon=${carbon}`],
    out: join(dir, `run${runs++}`),
    sync: false,
  }).summary;

/** The one-line error loading the small model with this carbon gives. */
function refusal(carbon: string): string {
  try {
    loadScenario({ model: SMALL, set: [`supply[0].carbon=${carbon}`] });
    const { sources } = run(carbon);
    throw new Error(`accepted: ${JSON.stringify(sources)}`);
  } catch (e) {
    expect((e as Error).message).not.toContain('\n');
    return (e as Error).message;
  }
}

describe('carbon from the generation mix', () => {
  it("lifecycle on the shipped traces gives their avg_CI to 1e-12 and the clean columns' share", () => {
    for (const name of ['PJM', 'ERCOT', 'CAISO']) {
      const t = readHourlyTrace(traceFile(name), dir, 'interpolate');
      const mix = fuelMixIntensity(t, 'lifecycle');
      expect(mix.columns.sort()).toEqual(['COL', 'NG', 'NUC', 'OIL', 'OTH', 'SUN', 'WAT', 'WND']);
      const ci = traceColumn(t, 'avg_CI');
      const raw = readFileSync(traceFile(name), 'utf8').trim().split('\n').slice(1);
      let checked = 0;
      for (let h = 0; h < t.hours; h++) {
        if (raw[h].split(',').includes('')) continue; // a gap, each column interpolated apart
        expect(Math.abs(mix.gPerKwh[h] - ci[h])).toBeLessThan(1e-12 * ci[h]);
        const g = (c: string) => traceColumn(t, c)[h];
        const all = ['COL', 'NG', 'NUC', 'OIL', 'OTH', 'SUN', 'WAT', 'WND'].reduce((a, c) => a + g(c), 0);
        expect(mix.share?.[h]).toBeCloseTo((g('NUC') + g('WND') + g('SUN') + g('WAT')) / all, 12);
        checked++;
      }
      expect(checked).toBeGreaterThan(8700);
    }
    // A run on the trace: the same carbon and 24/7 score as from its avg_CI.
    const file = traceFile('PJM');
    const a = run(`{ file: "${file}" }`, '2022-07-01');
    const b = run(`{ file: "${file}", factors: lifecycle }`, '2022-07-01');
    expect(b.carbon_kg).toBeGreaterThan(0);
    expect(Math.abs(b.carbon_kg - a.carbon_kg)).toBeLessThan(1e-9 * a.carbon_kg);
    expect(b.reliability!.cfe_score).toBeCloseTo(a.reliability!.cfe_score, 12);
  });

  it("an EIA-930 BALANCE file's balancing authority: each hour by hand, its share from nuclear, hydro, solar, wind", () => {
    const t = readHourlyTrace(EIA, dir, 'interpolate', MISO);
    const mix = fuelMixIntensity(t, 'lifecycle');
    // MISO's first hour: coal 18,000, gas 25,000, nuclear 32,000, oil 300, hydro 1,500, solar 0, wind 4,000, other 600
    // MW (81,400 MW, its Net Generation); unknown empty in every hour (not a fuel of MISO's here).
    // (18000*820 + 25000*490 + 32000*12 + 300*650 + 1500*24 + 0*41 + 4000*11 + 600*230) / 81400 = 27,807,000 / 81,400.
    expect(mix.gPerKwh[0]).toBeCloseTo(27_807_000 / 81_400, 10);
    expect(mix.share?.[0]).toBeCloseTo((32_000 + 1_500 + 0 + 4_000) / 81_400, 12);
    expect(mix.columns).toHaveLength(8);
    // A run takes it hour by hour: a constant 1 MW load for a known hour would draw 1 MWh at that intensity; here
    // the summary's carbon over the run is the hours' intensities weighed by the grid's energy (the oracle tests'
    // business); checked to be the mix's, not the PJM default's 363 g/kWh.
    const s = run(`{ file: "${EIA}", where: { "Balancing Authority": MISO }, factors: lifecycle }`, '2022-01-01T06:00');
    const grid = s.sources[0];
    const mean = (grid.carbon_kg / grid.energy_mwh) * 1e-3 * 1e3; // kg/MWh = g/kWh
    const lo = Math.min(...mix.gPerKwh.slice(0, 48));
    const hi = Math.max(...mix.gPerKwh.slice(0, 48));
    expect(mean).toBeGreaterThanOrEqual(lo - 1e-9);
    expect(mean).toBeLessThanOrEqual(hi + 1e-9);
  });

  it('reads the adjusted series where the file has them; leaves storage out; weighs no negative generation', () => {
    const head =
      'timestamp,"Net Generation (MW) from Coal","Net Generation (MW) from Coal (Adjusted)","Net Generation (MW) from Nuclear","Net Generation (MW) from Nuclear (Adjusted)","Net Generation (MW) from Hydropower and Pumped Storage (Adjusted)","Net Generation (MW) from Battery Storage (Adjusted)","Net Generation (MW) from Solar with Integrated Battery Storage (Adjusted)"';
    const rows = Array.from({ length: 3 }, (_, h) => `2022-01-01 0${h}:00:00,999,100,999,100,-50,40,10`);
    const t = readHourlyTrace(write('adjusted.csv', `${head}\n${rows.join('\n')}\n`), dir, 'interpolate');
    const mix = fuelMixIntensity(t, 'lifecycle');
    expect(mix.columns).toEqual([
      'Net Generation (MW) from Coal (Adjusted)',
      'Net Generation (MW) from Nuclear (Adjusted)',
      'Net Generation (MW) from Hydropower and Pumped Storage (Adjusted)',
      'Net Generation (MW) from Solar with Integrated Battery Storage (Adjusted)',
    ]);
    // Coal 100, nuclear 100, hydro pumping (-50: 0), solar 10: (100*820 + 100*12 + 10*41) / 210.
    expect(mix.gPerKwh[0]).toBeCloseTo((100 * 820 + 100 * 12 + 10 * 41) / 210, 12);
    expect(mix.share?.[0]).toBeCloseTo(110 / 210, 12);
    // A fuel with only its reported column beside the others' adjusted ones is weighed too (it was left out: 398.1
    // g/kWh for the four adjusted columns alone, where wind's 90 MW bring it to 282.0).
    const partial = readHourlyTrace(
      write('partial.csv', `${head},"Net Generation (MW) from Wind"\n${rows.map((r) => `${r},90`).join('\n')}\n`),
      dir,
      'interpolate',
    );
    const both = fuelMixIntensity(partial, 'lifecycle');
    expect(both.columns).toContain('Net Generation (MW) from Wind');
    expect(both.gPerKwh[0]).toBeCloseTo((100 * 820 + 100 * 12 + 10 * 41 + 90 * 11) / 300, 12);
  });

  it('a map of columns and factors for any file; its share from clean_columns', () => {
    const file = write(
      'entsoe.csv',
      'timestamp,Fossil Hard coal [MW],Nuclear [MW],Wind Onshore [MW],Fossil Brown coal/Lignite [MW],Load [MW]\n' +
        Array.from(
          { length: 60 },
          (_, h) => `${new Date(Date.UTC(2022, 0, 1, h)).toISOString()},300,500,200,,900`,
        ).join('\n') +
        '\n',
    );
    const s = run(
      `{ file: "${file}", factors: { "Fossil Hard coal [MW]": 820 g/kWh, "Nuclear [MW]": 12 g/kWh, "Wind Onshore [MW]": 11 g/kWh, "Fossil Brown coal/Lignite [MW]": 1000 g/kWh } }`,
      '2022-01-01',
    );
    // (300*820 + 500*12 + 200*11) / 1000 = 254.2 g/kWh every hour; Load is not generation, and the lignite column
    // without a filled cell (an area without lignite) weighs nothing: it was refused, 'expected at least one filled cell'.
    const grid = s.sources[0];
    expect(grid.carbon_kg / grid.energy_mwh).toBeCloseTo(254.2, 9);
    // The share is unknown without clean_columns (a map names no fuel): left out of the 24/7 score.
    expect(s.reliability!.cfe_excludes).toEqual(['grid']);
    const withShare = runScenario({
      model: SMALL,
      set: [
        'start=2022-01-01',
        'duration=2d',
        `supply[0].carbon={ file: "${file}", factors: { "Fossil Hard coal [MW]": 820 g/kWh, "Nuclear [MW]": 12 g/kWh, "Wind Onshore [MW]": 11 g/kWh } }`,
        'supply[0].clean_columns=["Nuclear [MW]", "Wind Onshore [MW]"]',
      ],
      out: join(dir, `run${runs++}`),
      sync: false,
    }).summary;
    // Nuclear and wind, 700 of 1,000 MW every hour: the score of a constant share of 0.7.
    const constant = runScenario({
      model: SMALL,
      set: ['start=2022-01-01', 'duration=2d', 'supply[0].carbon=254.2 g/kWh', 'supply[0].carbon_free_share=0.7'],
      out: join(dir, `run${runs++}`),
      sync: false,
    }).summary;
    expect(withShare.reliability!.cfe_score).toBeGreaterThan(0);
    expect(withShare.reliability!.cfe_score).toBeCloseTo(constant.reliability!.cfe_score, 12);
  });

  it('a factor or a where key with spaces is reached by a quoted path: --set and --vary', async () => {
    // Until 5 December 2026 a path was words and indices: "Fossil Hard coal [MW]" or "Balancing Authority" could not
    // be set or varied, only the whole map ('expected path=value', or 'an existing section' for the words after a dot).
    const file = write(
      'entsoe-vary.csv',
      'timestamp,Fossil Hard coal [MW],Nuclear [MW],Wind Onshore [MW]\n' +
        Array.from({ length: 60 }, (_, h) => `${new Date(Date.UTC(2022, 0, 1, h)).toISOString()},300,500,200`).join(
          '\n',
        ) +
        '\n',
    );
    const out = join(dir, 'vary-factor');
    await runSweep({
      model: SMALL,
      set: [
        'start=2022-01-01',
        'duration=2d',
        `supply[0].carbon={ file: "${file}", factors: { "Fossil Hard coal [MW]": 820 g/kWh, "Nuclear [MW]": 12 g/kWh, "Wind Onshore [MW]": 11 g/kWh } }`,
      ],
      vary: ['supply[0].carbon.factors["Fossil Hard coal [MW]"]=820 g/kWh,1000 g/kWh'],
      out,
      workers: 1,
      env: {},
    });
    const [head, ...rows] = readFileSync(join(out, 'summary.csv'), 'utf8').trim().split('\n');
    const cols = head.split(',');
    // The varied path names its column (with the unit its values are in), quoted as CSV quotes a field with quotes.
    expect(cols[0]).toBe('"supply[0].carbon.factors[""Fossil Hard coal [MW]""]_kg_per_mwh"');
    const carbon = cols.indexOf('sources.grid.carbon_kg');
    const energy = cols.indexOf('sources.grid.energy_mwh');
    // (300 f + 500*12 + 200*11) / 1000: 254.2 g/kWh at 820, 308.2 at 1000.
    const perMwh = rows.map((r) => {
      const c = r.split(',');
      return Number(c[carbon]) / Number(c[energy]);
    });
    expect(perMwh[0]).toBeCloseTo(254.2, 9);
    expect(perMwh[1]).toBeCloseTo(308.2, 9);
    // --set of one key of a where: the same run as the where written out.
    const via = (set: string[]) =>
      runScenario({
        model: SMALL,
        set: ['start=2022-01-01T06:00', 'duration=2d', ...set],
        out: join(dir, `run${runs++}`),
        sync: false,
      }).summary.sources[0];
    const pjm = via([`supply[0].carbon={ file: "${EIA}", where: { "Balancing Authority": PJM }, factors: lifecycle }`]);
    const set = via([
      `supply[0].carbon={ file: "${EIA}", where: { "Balancing Authority": MISO }, factors: lifecycle }`,
      'supply[0].carbon.where["Balancing Authority"]=PJM',
    ]);
    expect(set.carbon_kg).toBe(pjm.carbon_kg);
    expect(set.carbon_kg).not.toBe(
      via([`supply[0].carbon={ file: "${EIA}", where: ${JSON.stringify(MISO)}, factors: lifecycle }`]).carbon_kg,
    );
  });

  it('refuses in one line: a fuel without a factor, no generation in an hour, factors beside a column or unit', () => {
    const file = write(
      'unknown.csv',
      'timestamp,"Net Generation (MW) from Coal","Net Generation (MW) from Unknown Fuel Sources"\n' +
        Array.from(
          { length: 60 },
          (_, h) => `${new Date(Date.UTC(2022, 0, 1, h)).toISOString()},300,${h === 5 ? 7 : 0}`,
        ).join('\n') +
        '\n',
    );
    expect(refusal(`{ file: "${file}", factors: lifecycle }`)).toMatch(
      /unknown\.csv:1: factors: expected a fuel lifecycle has a factor for \(coal, .*\); for "Net Generation \(MW\) from Unknown Fuel Sources" give factors as a map of each generation column to its g\/kWh, found /,
    );
    const zero = write(
      'zero.csv',
      'timestamp,COL,NUC\n' +
        Array.from(
          { length: 60 },
          (_, h) => `${new Date(Date.UTC(2022, 0, 1, h)).toISOString()},${h === 3 ? '0,0' : '5,5'}`,
        ).join('\n') +
        '\n',
    );
    expect(refusal(`{ file: "${zero}", factors: lifecycle }`)).toMatch(
      /zero\.csv:5: factors: expected generation above 0 in every hour .*, found /,
    );
    const none = write('none.csv', 'timestamp,avg_CI\n2022-01-01 00:00,300\n2022-01-01 01:00,300\n');
    expect(refusal(`{ file: "${none}", factors: lifecycle }`)).toMatch(
      /none\.csv:1: factors: expected generation columns lifecycle knows .*, found /,
    );
    expect(refusal(`{ file: "${zero}", column: NUC, factors: lifecycle }`)).toMatch(
      /supply\[0\]\.carbon\.column: expected factors or an intensity `column` \(with its `unit`\), not both: .*found both$/,
    );
    expect(refusal(`{ file: "${zero}", unit: kg/kWh, factors: lifecycle }`)).toMatch(
      /supply\[0\]\.carbon\.unit: expected factors or an intensity `column`/,
    );
  });
});
