/**
 * The unit of a trace's values (docs/models/supply.md, grid, Traces; docs/models/facility.md, weather). A grid's price
 * and carbon traces are read in $/MWh and g/kWh, a weather CSV in °C, unless the trace names another unit. A trace
 * written in another unit without saying so was read silently: a carbon trace in kg/kWh (0.4) as a grid a thousand
 * times cleaner than any, a price in $/kWh as a thousandth of its cost, WattTime's lb/MWh as 2.2 times the carbon, a
 * weather series in °F as a hotter site. Where the values cannot be in the default unit, the run is refused in one line.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.ts';
import { loadScenario, runScenario } from '../../src/run.ts';
import { Site } from '../../src/site.ts';
import { drive } from './drive.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-trace-units-'));
const SMALL = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');

/** A trace of `hours` hourly rows from 2027-01-01 of `column`, each `value(h)`. */
function trace(name: string, column: string, value: (h: number) => number, hours = 48): string {
  const rows = Array.from(
    { length: hours },
    (_, h) => `${new Date(Date.UTC(2027, 0, 1) + h * 3600e3).toISOString().slice(0, 19).replace('T', ' ')},${value(h)}`,
  );
  const path = join(dir, name);
  writeFileSync(path, `timestamp,${column}\n${rows.join('\n')}\n`);
  return path;
}

/** The grid's carbon (kg/J) and price ($/J) over a day at 1 MW. */
function gridOver(grid: Record<string, unknown>): { carbon: number; price: number } {
  const d = drive({ supplies: [{ kind: 'grid', ...grid }], durationS: 86400, demand: [[0, 1e6]] });
  d.run();
  const g = d.system.supplies[0];
  return { carbon: g.carbonKgPerJ(), price: g.priceUsdPerJ() };
}

/** The one-line error that building the small site with `set` gives. */
function refusal(set: string[]): string {
  try {
    const l = loadScenario({ model: SMALL, set });
    new Site(l.model, { baseDir: dirname(resolve(l.file)) }, { row() {} });
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).message).not.toContain('\n');
    return (e as Error).message;
  }
  throw new Error(`accepted: ${set.join(' ')}`);
}

describe('the unit of a grid trace', () => {
  it('reads a carbon trace in the unit it names', () => {
    const g = trace('g.csv', 'ci', () => 400);
    const kg = trace('kg.csv', 'ci', () => 0.4);
    const lb = trace('lb.csv', 'ci', () => 400 / 0.45359237);
    const want = gridOver({ carbon: '400 g/kWh' }).carbon;
    expect(gridOver({ carbon: { file: g, column: 'ci' } }).carbon).toBeCloseTo(want, 20);
    expect(gridOver({ carbon: { file: kg, column: 'ci', unit: 'kg/kWh' } }).carbon).toBeCloseTo(want, 20);
    expect(gridOver({ carbon: { file: lb, column: 'ci', unit: 'lb/MWh' } }).carbon).toBeCloseTo(want, 20);
    // WattTime writes its unit "lbs/MWh" (its columns lbs_co2_per_mwh): refused with 'expected a unit of carbon
    // intensity, like g/kWh, kg/kWh or lb/MWh', and as a flat intensity '882 lbs/MWh' named no pound at all.
    expect(gridOver({ carbon: { file: lb, column: 'ci', unit: 'lbs/MWh' } }).carbon).toBeCloseTo(want, 20);
    expect(gridOver({ carbon: `${400 / 0.45359237} lbs/MWh` }).carbon).toBeCloseTo(want, 20);
    expect(gridOver({ carbon: `${400 / 0.45359237} lbs CO2/MWh` }).carbon).toBeCloseTo(want, 20);
    // EIA quotes the US grid in pounds a kWh ("about 0.86 pounds of CO2 per kWh"): refused, naming no pound at all.
    expect(gridOver({ carbon: `${0.4 / 0.45359237} lb/kWh` }).carbon).toBeCloseTo(want, 20);
    expect(gridOver({ carbon: `${0.4 / 0.45359237} lbs CO2/kWh` }).carbon).toBeCloseTo(want, 20);
    // A column named in pounds a kWh was told 'unit: lb/MWh', which as told read it as a grid a thousand times cleaner
    // (a unit given skips the mean's check): it is told lb/kWh, and taken with it.
    const lbKwh = trace('lb-kwh.csv', 'co2_lbs_per_kwh', () => 0.4 / 0.45359237);
    expect(
      refusal(['start=2027-01-01', 'duration=2d', `supply[0].carbon={ file: ${lbKwh}, column: co2_lbs_per_kwh }`]),
    ).toMatch(
      /co2_lbs_per_kwh: expected carbon intensities with their unit \(this column is named in pounds: unit: lb\/kWh\)/,
    );
    expect(gridOver({ carbon: { file: lbKwh, column: 'co2_lbs_per_kwh', unit: 'lb/kWh' } }).carbon).toBeCloseTo(
      want,
      20,
    );
    // A unit led by a number is that many of it, for carbon as for price (ENTSO-E's "1.08 $/MWh"): each value times it.
    const half = trace('half.csv', 'ci', () => 800);
    expect(gridOver({ carbon: { file: half, column: 'ci', unit: '0.5 g/kWh' } }).carbon).toBeCloseTo(want, 20);
  });

  it('reads a price trace in the unit it names', () => {
    const kwh = trace('p-kwh.csv', 'price', () => 0.08);
    const want = gridOver({ price: '80 $/MWh' }).price;
    expect(gridOver({ price: { file: kwh, column: 'price', unit: '$/kWh' } }).price).toBeCloseTo(want, 20);
  });

  it('refuses a carbon trace that cannot be in g/kWh, naming the unit to give', () => {
    const kg = trace('kg-bare.csv', 'avg_CI', (h) => 0.3 + (h % 3) * 0.1);
    expect(refusal([`supply[0].carbon={ file: ${kg} }`])).toMatch(
      /kg-bare\.csv:1: avg_CI: expected carbon intensities in g\/kWh \(no grid averages under 1 g\/kWh; a trace in kg\/kWh needs unit: kg\/kWh, one truly in g\/kWh unit: g\/kWh\), found a mean of 0\.4$/,
    );
    // A grid with no carbon at all is not refused: a mean of 0 is a clean grid, not a unit.
    expect(() => gridOver({ carbon: { file: trace('zero.csv', 'avg_CI', () => 0) } })).not.toThrow();
  });

  it("refuses a carbon trace in pounds read as g/kWh: WattTime's file, or a column named in lb", () => {
    // WattTime's MOER (its API's and historical files' point_time, value) is in lb/MWh: read as g/kWh, a grid of 400
    // g/kWh (882 lb/MWh) was 882 g/kWh, 2.2 times its carbon, exit 0; its mean passes the check for kg/kWh.
    const rows = Array.from(
      { length: 48 * 12 },
      (_, k) => `${new Date(Date.UTC(2027, 0, 1) + k * 300e3).toISOString().slice(0, 19)}+00:00,${400 / 0.45359237}`,
    );
    const wt = join(dir, 'moer.csv');
    writeFileSync(wt, `point_time,value\n${rows.join('\n')}\n`);
    expect(refusal(['start=2027-01-01', 'duration=2d', `supply[0].carbon={ file: ${wt}, column: value }`])).toMatch(
      /moer\.csv:1: value: expected carbon intensities with their unit \(WattTime's rates are in lb\/MWh: unit: lb\/MWh; one truly in g\/kWh unit: g\/kWh\), found no unit$/,
    );
    const lbs = trace('lbs.csv', 'co2_lbs_per_mwh', () => 882);
    expect(
      refusal(['start=2027-01-01', 'duration=2d', `supply[0].carbon={ file: ${lbs}, column: co2_lbs_per_mwh }`]),
    ).toMatch(
      /lbs\.csv:1: co2_lbs_per_mwh: expected carbon intensities with their unit \(this column is named in pounds: unit: lb\/MWh\), found no unit$/,
    );
    // Said in its unit, each is taken: WattTime's 881.85 lb/MWh is 400 g/kWh.
    const want = gridOver({ carbon: '400 g/kWh' }).carbon;
    expect(gridOver({ carbon: { file: wt, column: 'value', unit: 'lb/MWh' } }).carbon).toBeCloseTo(want, 20);
    // A column named in pounds is in pounds: told g/kWh, refused (unit against its name, below).
    expect(
      refusal([
        'start=2027-01-01',
        'duration=2d',
        `supply[0].carbon={ file: ${lbs}, column: co2_lbs_per_mwh, unit: g/kWh }`,
      ]),
    ).toMatch(/co2_lbs_per_mwh: expected carbon intensities in lb\/MWh, as the column's name gives them/);
    // A column whose name only holds the letters (a label, "Balbs") is not in pounds; nor is a g/kWh column.
    expect(() => gridOver({ carbon: { file: trace('albs.csv', 'Balbs', () => 400), column: 'Balbs' } })).not.toThrow();
  });

  it('refuses a carbon column named in pounds with its gas beside the unit, or with a subscript 2', () => {
    // "lbCO2/MWh", "lbsCO2e/MWh" (the gas written onto the pound, as "kgCO2e/kWh" is onto the kilogram) and a header
    // with CO₂'s subscript 2 were not read as named: until 7 December 2026 a grid of 400 g/kWh written as 882 lbCO2/MWh
    // ran at 882 g/kWh, 2.2 times its carbon, exit 0, and a coal grid's 1.05 kgCO₂e/kWh as 1.05 g/kWh.
    const run = (file: string, column: string) =>
      refusal(['start=2027-01-01', 'duration=2d', `supply[0].carbon={ file: ${file}, column: "${column}" }`]);
    for (const [column, unit] of [
      ['intensity (lbCO2/MWh)', 'lb/MWh'],
      ['CO2 rate (lbsCO2e/MWh)', 'lb/MWh'],
      ['co2_lbsco2_per_mwh', 'lb/MWh'],
      ['intensity (lbCO\u2082/MWh)', 'lb/MWh'],
      ['CO\u2082 (lb/MWh)', 'lb/MWh'],
      ['lbCO2/kWh', 'lb/kWh'],
    ]) {
      const f = trace('lb2.csv', column, () => (unit === 'lb/kWh' ? 0.882 : 882));
      expect(run(f, column)).toBe(
        `${f}:1: ${column}: expected carbon intensities with their unit (this column is named in pounds: unit: ${unit}), found no unit`,
      );
      expect(gridOver({ carbon: { file: f, column, unit } }).carbon * 3.6e9).toBeCloseTo(882 * 0.45359237, 9);
    }
    for (const [column, unit] of [
      ['kgCO\u2082e/kWh', 'kg/kWh'],
      ['Emissions Intensity (tCO\u2082e/MWh)', 't/MWh'],
    ]) {
      const f = trace('coal2.csv', column, () => 1.05);
      expect(run(f, column)).toBe(
        `${f}:1: ${column}: expected carbon intensities with their unit (this column is named in ${unit}: unit: ${unit}), found no unit`,
      );
    }
    // A word that begins with the letters is no pound ("lbscore"), and a column in kg/MWh (g/kWh) is read as it is.
    expect(
      gridOver({ carbon: { file: trace('lbscore.csv', 'lbscore', () => 400), column: 'lbscore' } }).carbon * 3.6e9,
    ).toBeCloseTo(400, 9);
    expect(
      gridOver({ carbon: { file: trace('kgmwh.csv', 'kgCO\u2082/MWh', () => 400), column: 'kgCO\u2082/MWh' } }).carbon *
        3.6e9,
    ).toBeCloseTo(400, 9);
  });

  it('refuses a trace named in kg/kWh, t/MWh or $/kWh, whose mean above 1 passed as the bare unit', () => {
    // A coal-heavy grid's trace in kg/kWh (Victoria's brown coal, AEMO's 'tCO2e/MWh', about 1.0-1.1) has a mean above
    // 1 and passed the mean's check: 1.05 kg/kWh ran as 1.05 g/kWh, a thousand times cleaner, exit 0; a price column
    // named per kWh with a scarcity week's 9 $/kWh likewise as 9 $/MWh.
    const run = (what: 'carbon' | 'price', file: string, column: string) =>
      refusal(['start=2027-01-01', 'duration=2d', `supply[0].${what}={ file: ${file}, column: "${column}" }`]);
    for (const [column, unit] of [
      ['co2_kg_per_kwh', 'kg/kWh'],
      ['CO2 intensity [kg/kWh]', 'kg/kWh'],
      ['kgCO2e/kWh', 'kg/kWh'],
      ['Emissions Intensity (tCO2e/MWh)', 't/MWh'],
      ['intensity_tco2_per_mwh', 't/MWh'],
      ['co2 (tonnes/MWh)', 't/MWh'],
    ]) {
      const f = trace('coal.csv', column, () => 1.05);
      expect(run('carbon', f, column)).toBe(
        `${f}:1: ${column}: expected carbon intensities with their unit (this column is named in ${unit}: unit: ${unit}), found no unit`,
      );
      expect(gridOver({ carbon: { file: f, column, unit } }).carbon * 3.6e9).toBeCloseTo(1050, 9);
    }
    for (const column of ['price_usd_per_kwh', 'Price ($/kWh)', 'USD/kWh']) {
      const f = trace('scarce.csv', column, (h) => (h < 24 ? 9 : 0.05));
      expect(run('price', f, column)).toBe(
        `${f}:1: ${column}: expected prices with their unit (this column is named in $/kWh: unit: $/kWh), found no unit`,
      );
      // The first day's 9 $/kWh is 9,000 $/MWh.
      expect(gridOver({ price: { file: f, column, unit: '$/kWh' } }).price * 3.6e9).toBeCloseTo(9000, 9);
    }
    // Per kWh in no currency: dollars or cents, either a thousandth or a tenth of its cost read as $/MWh.
    const f = trace('scarce.csv', 'price_per_kwh', (h) => (h < 24 ? 9 : 0.05));
    expect(run('price', f, 'price_per_kwh')).toBe(
      `${f}:1: price_per_kwh: expected prices with their unit (this column is named per kWh: unit: $/kWh, or ¢/kWh in cents), found no unit`,
    );
    // Named in the bare unit's magnitudes (kg/MWh is g/kWh; mills/kWh is $/MWh), or no unit, read as before.
    for (const [what, column] of [
      ['carbon', 'co2_kg_per_mwh'],
      ['carbon', 'avg_CI'],
      ['carbon', 'cost_per_mwh'],
      ['price', 'price_mills_per_kwh'],
      ['price', 'LMP ($/MWh)'],
    ] as const) {
      const f = trace('bare.csv', column, () => 400);
      expect(gridOver({ [what]: { file: f, column } })[what] * 3.6e9).toBeCloseTo(400, 9);
    }
  });

  it("refuses a unit against the one the column's name gives, which it read as told", () => {
    // Until 7 December 2026 a unit was taken whatever the column's name said: a 1,000-H100 site's 2 days (9.61 MWh) on
    // a column named co2_kg_per_kwh at 0.4 told 'unit: g/kWh' emitted 3.8 kg where 3.8 t, a column named in g/kWh at
    // 400 told 'lb/MWh' 1.7 t, and a tariff named in cents at 10 told '$/kWh' billed 96,147 $ where 961. And the
    // refusal of a column named in pounds or kg/kWh without a unit offered 'one truly in g/kWh unit: g/kWh'.
    const run = (what: 'carbon' | 'price', file: string, column: string, unit: string) =>
      refusal([
        'start=2027-01-01',
        'duration=2d',
        `supply[0].${what}={ file: ${file}, column: "${column}", unit: "${unit}" }`,
      ]);
    for (const [column, value, unit, named] of [
      ['co2_kg_per_kwh', 0.4, 'g/kWh', 'kg/kWh'],
      ['CO2 intensity [kg/kWh]', 0.4, 'lb/MWh', 'kg/kWh'],
      ['Carbon Intensity gCO2eq/kWh (LCA)', 400, 'lb/MWh', 'g/kWh'],
      ['carbon_g_per_kwh', 4, 'kg/kWh', 'g/kWh'],
      ['co2_lbs_per_mwh', 882, 'kg/MWh', 'lb/MWh'],
      ['co2_lbs_per_kwh', 0.882, 'lb/MWh', 'lb/kWh'],
      ['Emissions Intensity (tCO\u2082e/MWh)', 0.4, 'lb/kWh', 't/MWh'],
    ] as const) {
      const f = trace('against.csv', column, () => value);
      expect(run('carbon', f, column, unit)).toBe(
        `${f}:1: ${column}: expected carbon intensities in ${named}, as the column's name gives them (unit: ${named}), found unit: ${unit}`,
      );
    }
    for (const [column, unit, named, also] of [
      ['Price (\u00a2/kWh)', '$/kWh', '\u00a2/kWh', ', or cents/kWh'],
      ['price_cents_per_kwh', '$/MWh', '\u00a2/kWh', ', or cents/kWh'],
      ['price_usd_per_kwh', '\u00a2/kWh', '$/kWh', ''],
      ['Price ($/kWh)', 'cents/kWh', '$/kWh', ''],
    ] as const) {
      const f = trace('against-p.csv', column, () => 10);
      expect(run('price', f, column, unit)).toBe(
        `${f}:1: ${column}: expected prices in ${named}, as the column's name gives them (unit: ${named}${also}), found unit: ${unit}`,
      );
    }
    // Its own unit in another spelling or scale is taken (kg/MWh is g/kWh, t/MWh kg/kWh, lbs lb), and a number leading
    // the unit scales the column's own.
    for (const [column, value, unit] of [
      ['co2 (kg/MWh)', 400, 'g/kWh'],
      ['tCO2e/MWh', 0.4, 'kg/kWh'],
      ['co2_lbs_per_mwh', 400 / 0.45359237, 'lbs/MWh'],
      ['carbon_g_per_kwh', 800, '0.5 g/kWh'],
    ] as const) {
      const f = trace('own.csv', column, () => value);
      expect(gridOver({ carbon: { file: f, column, unit } }).carbon * 3.6e9, column).toBeCloseTo(400, 9);
    }
    const f = trace('own-p.csv', 'Price (\u00a2/kWh)', () => 10);
    expect(gridOver({ price: { file: f, column: 'Price (\u00a2/kWh)', unit: 'cents/kWh' } }).price * 3.6e9).toBeCloseTo(
      100,
      9,
    );
  });

  it("takes a unit led by a number that is, in all, the column's named unit", () => {
    // Until 7 December 2026 the number was dropped before comparing with the name: a column named in kg/kWh told
    // "1000 g/kWh" (a kilogram), one named in g/kWh told "0.001 kg/kWh", one named in cents told "0.01 $/kWh" and one
    // named in dollars a kWh told "100 \u00a2/kWh" were refused as against the name, each read right the day before.
    for (const [column, value, unit] of [
      ['co2_kg_per_kwh', 0.4, '1000 g/kWh'],
      ['Carbon Intensity (gCO2/kWh)', 400, '0.001 kg/kWh'],
      ['co2_lbs_per_mwh', 400 / 0.45359237, '0.45359237 kg/MWh'],
    ] as const) {
      const f = trace('scaled.csv', column, () => value);
      expect(gridOver({ carbon: { file: f, column, unit } }).carbon * 3.6e9, column).toBeCloseTo(400, 9);
    }
    for (const [column, value, unit] of [
      ['Price (\u00a2/kWh)', 10, '0.01 $/kWh'],
      ['price_usd_per_kwh', 0.1, '100 \u00a2/kWh'],
    ] as const) {
      const f = trace('scaled-p.csv', column, () => value);
      expect(gridOver({ price: { file: f, column, unit } }).price * 3.6e9, column).toBeCloseTo(100, 9);
    }
    // A number before another unit that is not, in all, the name's is still refused.
    const f = trace('scaled-no.csv', 'co2_kg_per_kwh', () => 0.4);
    expect(
      refusal([
        'start=2027-01-01',
        'duration=2d',
        `supply[0].carbon={ file: ${f}, column: co2_kg_per_kwh, unit: "2 g/kWh" }`,
      ]),
    ).toMatch(
      /expected carbon intensities in kg\/kWh, as the column's name gives them \(unit: kg\/kWh\), found unit: 2 g\/kWh$/,
    );
  });

  it('refuses a price trace that cannot be in $/MWh, naming the unit to give', () => {
    const kwh = trace('p-bare.csv', 'price', (h) => (h % 2 ? 0.12 : 0.06));
    expect(refusal([`supply[0].price={ file: ${kwh} }`])).toMatch(
      /p-bare\.csv:1: price: expected prices in \$\/MWh \(no market averages under 1 \$\/MWh; a trace in \$\/kWh needs unit: \$\/kWh, one truly in \$\/MWh unit: \$\/MWh\), found a mean of 0\.09$/,
    );
    // Said in the unit, the same trace is taken; and one truly in $/MWh, said so.
    expect(() => gridOver({ price: { file: kwh, unit: '$/kWh' } })).not.toThrow();
    // Read as $/MWh: 0.06 and 0.12 $/MWh, not a thousand times more.
    expect(gridOver({ price: { file: kwh, unit: '$/MWh' } }).price * 3.6e9).toBeLessThanOrEqual(0.12 + 1e-12);
  });

  it('refuses a price trace named in cents read as $/MWh, naming the unit to give', () => {
    // Tariffs are quoted in ¢/kWh (EIA's and utilities' retail prices, OpenEI's rates): a column named so, 8 to 12 ¢/kWh,
    // has a mean above 1 and was read as 8 to 12 $/MWh, a tenth of its cost: a 2-day run billed at 10.00 $/MWh where
    // 100, exit 0.
    for (const column of ['price_cents_per_kwh', 'Price (¢/kWh)', 'price (c/kWh)', 'Cents/kWh', 'rate_cents']) {
      const f = trace(`cents-${column.length}.csv`, column, (h) => (h % 24 >= 8 && h % 24 < 20 ? 12 : 8));
      const set = ['start=2027-01-01', 'duration=2d', `supply[0].price={ file: ${f}, column: "${column}" }`];
      expect(refusal(set), column).toMatch(
        /cents-\d+\.csv:1: .*: expected prices with their unit \(this column is named in cents: unit: ¢\/kWh, or cents\/kWh\), found no unit$/,
      );
      // Said in its unit, it is taken: the day's first hour, 8 ¢/kWh, is 80 $/MWh; the unit as typed on a keyboard too.
      expect(gridOver({ price: { file: f, column, unit: '¢/kWh' } }).price * 3.6e9, column).toBeCloseTo(80, 9);
      expect(gridOver({ price: { file: f, column, unit: 'cents/kWh' } }).price * 3.6e9, column).toBeCloseTo(80, 9);
    }
    // A column in euro cents (a German or Austrian tariff's "ct/kWh", 8 to 12 ct) was read as 8 to 12 $/MWh: its
    // unit is asked with the exchange rate, as a column in EUR/MWh is, and taken with it.
    for (const column of ['Preis (ct/kWh)', 'Arbeitspreis ct/kWh', 'price_eur_ct_per_kwh', 'Eurocent/kWh', '€ct/kWh']) {
      const f = trace(`ct-${column.length}.csv`, column, (h) => (h % 24 >= 8 && h % 24 < 20 ? 12 : 8));
      const set = ['start=2027-01-01', 'duration=2d', `supply[0].price={ file: ${f}, column: "${column}" }`];
      for (const unit of ['', ', unit: "¢/kWh"'])
        expect(
          refusal([...set.slice(0, 2), `supply[0].price={ file: ${f}, column: "${column}"${unit} }`]),
          column,
        ).toMatch(
          /ct-\d+\.csv:1: .*: expected prices in \$ \(this column is in euro cents: give unit: "<dollars per EUR> ¢\/kWh" at your exchange rate, like unit: "1\.08 ¢\/kWh"\), found (no unit|unit: ¢\/kWh)$/,
        );
      expect(gridOver({ price: { file: f, column, unit: '1.08 ¢/kWh' } }).price * 3.6e9, column).toBeCloseTo(86.4, 9);
    }
    // A name that only holds the letters (a "percent" column, "c" inside a word, "Accent") is not in cents.
    for (const column of ['lmp_percentile', 'Accent', 'price_c', 'ct', 'concentration', 'dict_value', 'CENTRL']) {
      const f = trace(`notcents-${column.length}.csv`, column, () => 50);
      expect(() => gridOver({ price: { file: f, column } }), column).not.toThrow();
    }
  });

  it('refuses a price cell beyond any market, as a price in the model is, naming its line', () => {
    // A model's price is at most 1e6 $/MWh in magnitude; a trace's cell of 1e300 ran and failed after the run naming
    // only the model ("values whose figures stay finite"), and one of 2e6 (ERCOT's cap is 5,000) billed it silently.
    const SPAN = ['start=2027-01-01', 'duration=2d']; // the traces' two days
    const huge = trace('p-huge.csv', 'price', (h) => (h === 5 ? 1e300 : 40));
    expect(refusal([...SPAN, `supply[0].price={ file: ${huge}, column: price }`])).toMatch(
      /p-huge\.csv:7: price: expected a price of at most 1000000 \$\/MWh in magnitude, found 1e\+300$/,
    );
    const big = trace('p-big.csv', 'price', (h) => (h === 2 ? -2e6 : 40));
    expect(refusal([...SPAN, `supply[0].price={ file: ${big}, column: price }`])).toMatch(
      /p-big\.csv:4: price: expected a price of at most 1000000 \$\/MWh in magnitude, found -2000000$/,
    );
    // In the unit the trace names: 2,000 $/kWh is 2e6 $/MWh.
    const kwh = trace('p-big-kwh.csv', 'price', (h) => (h === 2 ? 2000 : 0.04));
    expect(refusal([...SPAN, `supply[0].price={ file: ${kwh}, column: price, unit: $/kWh }`])).toMatch(
      /p-big-kwh\.csv:4: price: expected a price of at most 1000 \$\/kWh in magnitude, found 2000$/,
    );
    // The bound itself is a price, as in the model: -1e6 and 1e6 $/MWh are taken as they are.
    expect(
      gridOver({ price: { file: trace('p-low.csv', 'price', () => -1e6), column: 'price' } }).price * 3.6e9,
    ).toBeCloseTo(-1e6, 6);
    const edge = trace('p-edge.csv', 'price', () => 1e6);
    expect(gridOver({ price: { file: edge, column: 'price' } }).price * 3.6e9).toBeCloseTo(1e6, 6);
  });

  it('refuses a unit of the wrong kind in one line', () => {
    const g = trace('g2.csv', 'avg_CI', () => 400);
    expect(refusal([`supply[0].carbon={ file: ${g}, unit: $/MWh }`])).toMatch(
      /supply\[0\]\.carbon\.unit: expected a unit of carbon intensity, like g\/kWh, kg\/kWh or lb\/MWh, found "\$\/MWh"$/,
    );
  });
});

describe('the unit of a weather CSV', () => {
  /** A chiller site's facility energy over two days of a weather CSV with `header` and `temps`. */
  const weather = (name: string, header: string, temps: number[]): string => {
    const rows = Array.from({ length: 48 }, (_, h) => {
      const t = new Date(Date.UTC(2027, 0, 1) + h * 3600e3).toISOString().slice(0, 19).replace('T', ' ');
      return `${t},${temps[h % temps.length]}`;
    });
    writeFileSync(join(dir, name), `timestamp,${header}\n${rows.join('\n')}\n`);
    return join(dir, name);
  };
  let runs = 0;
  const facilityMwh = (set: string[]): number =>
    runScenario({
      model: SMALL,
      set: ['facility.cooling={ model: chiller }', 'start=2027-01-01', 'duration=2d', ...set],
      out: join(dir, `run${runs++}`),
      sync: false,
    }).summary.energy_mwh.facility;

  it('reads °F and K as their °C', () => {
    const c = facilityMwh([`facility.weather={ model: csv, file: ${weather('c.csv', 'temp', [10, 20, 30])} }`]);
    const f = weather('f.csv', 'temp_F', [50, 68, 86]);
    const k = weather('k.csv', 'temp', [283.15, 293.15, 303.15]);
    expect(facilityMwh([`facility.weather={ model: csv, file: ${f}, unit: F }`])).toBe(c);
    expect(facilityMwh([`facility.weather={ model: csv, file: ${k}, unit: K }`])).toBeCloseTo(c, 9);
    // The range is in the unit: 100 °F is a hot afternoon, not beyond 70 °C.
    const hot = weather('hot-f.csv', 'temp_F', [100]);
    expect(() => facilityMwh([`facility.weather={ model: csv, file: ${hot}, unit: F }`])).not.toThrow();
  });

  it('refuses a column in °F read as °C, where the header says °F', () => {
    // It ran: 68 °F read as 68 °C, a chiller site far hotter than any.
    for (const header of ['temp_F', 'Temperature (°F)', 'dry_bulb_fahrenheit']) {
      const f = weather('f-bare.csv', header, [50, 68, 86]);
      expect(refusal(['facility.cooling={ model: chiller }', `facility.weather={ model: csv, file: ${f} }`])).toMatch(
        /f-bare\.csv:1: expected temperatures in °C \(a column in °F needs unit: F\), found "timestamp,.*"$/,
      );
    }
    expect(() =>
      facilityMwh([`facility.weather={ model: csv, file: ${weather('tf.csv', 'tempf_ok', [10])} }`]),
    ).not.toThrow();
  });

  /** The refusal of a chiller site's two days on weather `w`. */
  const refused = (w: string): string =>
    refusal(['facility.cooling={ model: chiller }', 'start=2027-01-01', 'duration=2d', `facility.weather=${w}`]);

  it('refuses a °F header written as weather stations and keyboards write it', () => {
    // Each ran as °C: a January day of 28-43 °F read as 28-43 °C (Ambient Weather's and Weather Underground's
    // 'tempf', a camel-case 'airTempF', 'temp_degF', the masculine ordinal º typed for the degree sign, ℉).
    for (const header of [
      'tempf',
      'airTempF',
      'temp_degF',
      'Temperature (ºF)',
      'Temperature (℉)',
      'temp_f_avg',
      'Temp [F]',
    ]) {
      const f = weather('f-named.csv', header, [28, 36, 43]);
      expect(refused(`{ model: csv, file: ${f} }`)).toBe(
        `${f}:1: expected temperatures in °C (a column in °F needs unit: F), found "timestamp,${header}"`,
      );
    }
  });

  it("refuses the Iowa Mesonet's tmpf and a misspelt fahrenheit as °F", () => {
    // IEM's ASOS download names its °F column 'tmpf' (and 'tmpc' its °C), 'farenheit' is the common misspelling, and a
    // Campbell Scientific logger's table its air temperature 'AirTF_Avg' (or 'AirTC_Avg' in °C):
    // each ran a January day of 28-43 °F as 28-43 °C, exit 0; 'celcius' under unit: F ran °C as °F.
    for (const header of ['tmpf', 'temp_farenheit', 'Temperature (Farenheit)', 'AirTF_Avg', 'AirTF']) {
      const f = weather('f-iem.csv', header, [28, 36, 43]);
      expect(refused(`{ model: csv, file: ${f} }`)).toBe(
        `${f}:1: expected temperatures in °C (a column in °F needs unit: F), found "timestamp,${header}"`,
      );
      expect(() => facilityMwh([`facility.weather={ model: csv, file: ${f}, unit: F }`])).not.toThrow();
    }
    for (const header of ['tmpc', 'temperature_celcius', 'AirTC_Avg']) {
      const c = weather('c-iem.csv', header, [0, 2, 4]);
      expect(refused(`{ model: csv, file: ${c}, unit: F }`)).toBe(
        `${c}:1: ${header}: expected unit: C or none (the header names °C), found unit: F`,
      );
    }
    // Words that merely hold those letters name no unit.
    for (const plain of ['tmp', 'temp_fahrt', 'tmpfile_temp', 'attmpf', 'AirTemp', 'hairtc', 'air_tcx'])
      expect(() =>
        facilityMwh([`facility.weather={ model: csv, file: ${weather('plain2.csv', plain, [0, 2])} }`]),
      ).not.toThrow();
  });

  it('refuses a unit against the one the header names', () => {
    // 'Temperature (°C)' with unit: F ran 2 °C as 2 °F, -16.7 °C: a winter site 19 K colder, without a word.
    const c = weather('c-named.csv', 'Temperature (°C)', [0, 2, 4]);
    expect(refused(`{ model: csv, file: ${c}, unit: F }`)).toBe(
      `${c}:1: Temperature (°C): expected unit: C or none (the header names °C), found unit: F`,
    );
    const k = weather('k-named.csv', 'temp_K', [273.15, 275.15]);
    expect(refused(`{ model: csv, file: ${k}, unit: F }`)).toBe(
      `${k}:1: temp_K: expected unit: K (the header names K), found unit: F`,
    );
    const f = weather('f-named2.csv', 'tempF', [32, 36]);
    expect(refused(`{ model: csv, file: ${f}, unit: K }`)).toBe(
      `${f}:1: tempF: expected unit: F (the header names °F), found unit: K`,
    );
    // The header's own unit, or none for °C, reads as before.
    expect(facilityMwh([`facility.weather={ model: csv, file: ${c}, unit: C }`])).toBe(
      facilityMwh([`facility.weather={ model: csv, file: ${c} }`]),
    );
    expect(() => facilityMwh([`facility.weather={ model: csv, file: ${k}, unit: K }`])).not.toThrow();
    expect(() => facilityMwh([`facility.weather={ model: csv, file: ${f}, unit: F }`])).not.toThrow();
    for (const plain of ['temp', 'temperature', 'dry_bulb', 'temp_ref', 'tempf_ok', 'Temperature (C)'])
      expect(() =>
        facilityMwh([`facility.weather={ model: csv, file: ${weather('plain.csv', plain, [0, 2])} }`]),
      ).not.toThrow();
  });
});

describe('an Open-Meteo weather export', () => {
  // Open-Meteo (open-meteo.com, the free hourly weather API) writes `&format=csv` with three lines above its header:
  // the place, its values and a blank line (pandas users read it with skiprows=3). It was refused at its first line
  // ("expected column 1 to be the timestamp ..., found latitude,longitude,...") and had to be cut by hand.
  const openMeteo = (name: string, offset: number, unit = '°C', temps = [10, 20, 30]) => {
    const rows = Array.from({ length: 48 }, (_, h) => {
      const t = new Date(Date.UTC(2027, 0, 1) + h * 3600e3).toISOString().slice(0, 16);
      return `${t},${temps[h % temps.length]},80`;
    });
    const path = join(dir, name);
    writeFileSync(
      path,
      'latitude,longitude,elevation,utc_offset_seconds,timezone,timezone_abbreviation\n' +
        `39.0,-77.5,90.0,${offset},${offset ? 'America/New_York' : 'GMT'},${offset ? 'EST' : 'GMT'}\n\n` +
        `time,temperature_2m (${unit}),relative_humidity_2m (%)\n${rows.join('\n')}\n`,
    );
    return path;
  };
  const plain = (name: string) => {
    const rows = Array.from({ length: 48 }, (_, h) => {
      const t = new Date(Date.UTC(2027, 0, 1) + h * 3600e3).toISOString().slice(0, 16);
      return `${t},${[10, 20, 30][h % 3]},80`;
    });
    writeFileSync(join(dir, name), `timestamp,temperature,humidity\n${rows.join('\n')}\n`);
    return join(dir, name);
  };
  let runs = 0;
  const facilityMwh = (file: string, unit = '') =>
    runScenario({
      model: SMALL,
      set: [
        'facility.cooling={ model: chiller }',
        'start=2027-01-01',
        'duration=2d',
        `facility.weather={ model: csv, file: ${file}${unit} }`,
      ],
      out: join(dir, `om${runs++}`),
      sync: false,
    }).summary.energy_mwh.facility;

  it('reads it as it is downloaded, in UTC', () => {
    expect(facilityMwh(openMeteo('om.csv', 0))).toBe(facilityMwh(plain('om-plain.csv')));
    // In °F, the header says so: refused without unit: F, read with it.
    const f = openMeteo('om-f.csv', 0, '°F', [50, 68, 86]);
    expect(refusal(['facility.cooling={ model: chiller }', `facility.weather={ model: csv, file: ${f} }`])).toMatch(
      /om-f\.csv:4: expected temperatures in °C \(a column in °F needs unit: F\)/,
    );
    expect(facilityMwh(f, ', unit: F')).toBe(facilityMwh(plain('om-plain2.csv')));
  });

  it('refuses one in local time, whose timestamps carry no offset', () => {
    const local = openMeteo('om-local.csv', -18000);
    expect(refusal(['facility.cooling={ model: chiller }', `facility.weather={ model: csv, file: ${local} }`])).toMatch(
      /om-local\.csv:2: expected an Open-Meteo export in UTC \(timezone=GMT: its timestamps carry no offset\), found utc_offset_seconds -18000$/,
    );
  });
});
