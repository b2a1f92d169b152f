/**
 * A price trace named in another currency than the dollar (docs/models/supply.md, grid, Traces): refused without a
 * unit giving the rate. Until 7 December 2026 only a currency written before "/MWh" (or "/kWh") was seen, so a column
 * as pandas users name one, `price_eur` or `price_gbp_per_mwh`, ran its euros and pounds as dollars, exit 0; and a
 * column in EUR/kWh, as European retail tariffs are quoted, was told `unit: "<dollars per EUR> $/MWh"`, which as told
 * read 0.25 EUR/kWh as 0.27 $/MWh, a thousandth of its cost.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-price-currency-'));
// The model beside its data files: an error shows a file's cells only when it is in the model's folder.
const SMALL = join(dir, 'small.yaml');
copyFileSync(join(import.meta.dirname, '..', 'fixtures', 'small.yaml'), SMALL);
let runs = 0;

/** Two days of hourly rows from 2027-01-01 of `column`, each `value`; its path. */
function trace(name: string, column: string, value: number): string {
  const rows = Array.from(
    { length: 48 },
    (_, h) => `${new Date(Date.UTC(2027, 0, 1) + h * 3600e3).toISOString().slice(0, 19).replace('T', ' ')},${value}`,
  );
  writeFileSync(join(dir, name), `timestamp,"${column}"\n${rows.join('\n')}\n`);
  return join(dir, name);
}
const run = (price: string) =>
  runScenario({
    model: SMALL,
    set: ['start=2027-01-01', 'duration=2d', `supply[0].price=${price}`],
    out: join(dir, `run${runs++}`),
    sync: false,
    series: false,
  }).summary;
const refusal = (price: string): string => {
  try {
    run(price);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('accepted');
};
/** The run's energy bill, USD (a flat price: the same dispatch whatever its level). */
const bill = (price: string) => run(price).cost_usd;

describe('a price trace in another currency', () => {
  it('refuses a column whose name gives the currency alone or "per MWh", as it refuses "EUR/MWh"', () => {
    const want = bill(`{ file: ${trace('usd.csv', 'price', 64.8)}, column: price }`);
    expect(want).toBeGreaterThan(0);
    for (const [column, currency] of [
      ['price_eur', 'EUR'],
      ['price_eur_per_mwh', 'EUR'],
      ['Price (GBP per MWh)', 'GBP'],
      ['day_ahead_price_sek_mwh', 'SEK'],
      ['System Price (JPY/MWh)', 'JPY'],
      ['price_inr_per_mwh', 'INR'],
      ['Day-ahead Price [EUR/MWh]', 'EUR'],
      // Read as dollars until 7 December 2026: Turkey's EPIAS prices as 'PTF (TL/MWh)', 2,500 TL/MWh, ran the site
      // at 2,500 $/MWh (about 75 at 0.03 $ a lira), Mexico's 1,500 MXN/MWh at 1,500 $/MWh; and 'priceEUR' as dollars.
      ['PTF (TL/MWh)', 'TL'],
      ['price_try', 'TRY'],
      ['Price (\u20ba/MWh)', '\u20ba'],
      ['price_mxn_per_mwh', 'MXN'],
      ['Price (RUB/MWh)', 'RUB'],
      ['WESM price (PHP/MWh)', 'PHP'],
      ['SMP (RM/MWh)', 'RM'],
      ['price_myr', 'MYR'],
      ['price_thb_mwh', 'THB'],
      ['Price (IDR/MWh)', 'IDR'],
      ['price_ils', 'ILS'],
      ['price_sar', 'SAR'],
      ['price_aed', 'AED'],
      ['Cena (z\u0142/MWh)', 'Z\u0141'],
      ['Price (UAH/MWh)', 'UAH'],
      ['Price (CLP/MWh)', 'CLP'],
      ['priceEUR', 'EUR'],
      ['dayAheadPriceGbp', 'GBP'],
      // Read as US dollars until 7 December 2026: Australia's NEM prices as 'RRP (AUD/MWh)', 100 AUD/MWh, ran the site
      // at 100 $/MWh (about 66 at 0.66 $ an Australian dollar), and Canada's, Singapore's, New Zealand's alike.
      ['RRP (AUD/MWh)', 'AUD'],
      ['price_cad', 'CAD'],
      ['USEP (SGD/MWh)', 'SGD'],
      ['price_nzd_per_mwh', 'NZD'],
      ['price_hkd', 'HKD'],
      // And written by their signs, until the same day read as US dollars: 'Price (A$/MWh)' at 100 ran the site at
      // 100 $/MWh, Brazil's CCEE PLD in R$/MWh at 1 $ a real (about 0.18).
      ['Price (A$/MWh)', 'AUD'],
      ['RRP (AU$/MWh)', 'AUD'],
      ['HOEP (C$/MWh)', 'CAD'],
      ['Price (CA$/MWh)', 'CAD'],
      ['USEP (S$/MWh)', 'SGD'],
      ['Price (NZ$/MWh)', 'NZD'],
      ['Price (HK$/MWh)', 'HKD'],
      ['PLD (R$/MWh)', 'BRL'],
      ['Precio (MX$/MWh)', 'MXN'],
    ]) {
      const f = trace('eur.csv', column, 60);
      // The euro's rate given as the example to every currency until 7 December 2026: told so, a yen ran at 1.08 $.
      const like = { EUR: ', like unit: "1.08 $/MWh"', GBP: ', like unit: "1.27 $/MWh"' }[currency] ?? '';
      const dollars = /^(AUD|CAD|SGD|NZD|HKD)$/.test(currency) ? 'US dollars' : 'dollars';
      expect(refusal(`{ file: ${f}, column: "${column}" }`)).toBe(
        `${f}:1: ${column}: expected prices in $ (this column is in ${currency}: give unit: "<${dollars} per ${currency}> $/MWh" at your exchange rate${like}), found no unit`,
      );
      expect(bill(`{ file: ${f}, column: "${column}", unit: "1.08 $/MWh" }`)).toBeCloseTo(want, 6);
    }
  });

  it('asks a column per kWh for its rate per kWh, which as given reads it whole', () => {
    const want = bill(`{ file: ${trace('usd.csv', 'price', 270)}, column: price }`);
    for (const [column, currency] of [
      ['Price (EUR/kWh)', 'EUR'],
      ['tariff_eur_per_kwh', 'EUR'],
      // JEPX's spot prices are quoted in yen a kWh: told "$/kWh, or ¢/kWh in cents", a yen ran as a dollar.
      ['Spot price (JPY/kWh)', 'JPY'],
      ['Price (\u00a5/kWh)', '\u00a5'],
    ]) {
      const f = trace('eur-kwh.csv', column, 0.25);
      const like = currency === 'EUR' ? ', like unit: "1.08 $/kWh"' : '';
      expect(refusal(`{ file: ${f}, column: "${column}" }`)).toBe(
        `${f}:1: ${column}: expected prices in $ (this column is in ${currency}: give unit: "<dollars per ${currency}> $/kWh" at your exchange rate${like}), found no unit`,
      );
      expect(bill(`{ file: ${f}, column: "${column}", unit: "1.08 $/kWh" }`)).toBeCloseTo(want, 6);
    }
  });

  it('refuses a rate per kWh for a column named per MWh, and one per MWh for a column per kWh', () => {
    // Read as told until 7 December 2026: 'Day-ahead Price (EUR/MWh)' at 60 with unit "1.08 $/kWh" ran at 64,800
    // $/MWh, a thousand times its 64.8, and JEPX's yen a kWh with a rate per MWh at a thousandth, exit 0.
    for (const [column, value, unit, per] of [
      ['Day-ahead Price (EUR/MWh)', 60, '1.08 $/kWh', 'MWh'],
      ['Day-ahead Price (EUR/MWh)', 60, '1.08 \u00a2/kWh', 'MWh'],
      ['Spot price (JPY/kWh)', 12, '0.0067 $/MWh', 'kWh'],
      ['Price (p/kWh)', 25, '1.27 $/MWh', 'kWh'],
    ] as const) {
      const f = trace('per.csv', column, value);
      expect(refusal(`{ file: ${f}, column: "${column}", unit: "${unit}" }`)).toBe(
        `${f}:1: ${column}: expected a rate per ${per}, as the column's name gives its prices (unit: "<dollars per unit of its currency> ${per === 'kWh' ? '$/kWh' : '$/MWh'}"), found unit: ${unit}`,
      );
    }
  });

  it("refuses pence a kWh, as Britain's tariffs are quoted, asking the rate in cents, which as given reads them whole", () => {
    // Told 'unit: $/kWh, or ¢/kWh in cents' until 7 December 2026: as told, 25 p/kWh ran as 25 US cents, 21 % low.
    const want = bill(`{ file: ${trace('usd.csv', 'price', 317.5)}, column: price }`);
    for (const column of ['Price (p/kWh)', 'unit_rate_pence_per_kwh']) {
      const f = trace('pence.csv', column, 25);
      expect(refusal(`{ file: ${f}, column: "${column}" }`)).toBe(
        `${f}:1: ${column}: expected prices in $ (this column is in pence: give unit: "<dollars per GBP> ¢/kWh" at your exchange rate, like unit: "1.27 ¢/kWh"), found no unit`,
      );
      expect(bill(`{ file: ${f}, column: "${column}", unit: "1.27 ¢/kWh" }`)).toBeCloseTo(want, 6);
    }
    // A word with the letters is no penny (a "pdf" or "p_avg" column is read as it is).
    const g = trace('p.csv', 'p_avg', 60);
    expect(bill(`{ file: ${g}, column: p_avg }`)).toBeCloseTo(
      bill(`{ file: ${trace('usd.csv', 'price', 60)}, column: price }`),
      6,
    );
  });

  it('leaves euro cents to their own refusal, and words that only hold the letters to the dollar', () => {
    const f = trace('ct.csv', 'price_eur_ct_per_kwh', 25);
    expect(refusal(`{ file: ${f}, column: price_eur_ct_per_kwh }`)).toContain('this column is in euro cents');
    const want = bill(`{ file: ${trace('usd.csv', 'price', 60)}, column: price }`);
    // Nor do camelCase words that only begin with a code (priceEurope), nor words ending in one's letters (Shelter).
    for (const column of [
      'neuron_price',
      'price_europe',
      'Bonok',
      'Byen',
      'price_tryout',
      'priceEurope',
      'totalPrice',
      'price_trial',
      'Shelter',
    ]) {
      const g = trace('words.csv', column, 60);
      expect(bill(`{ file: ${g}, column: ${column} }`)).toBeCloseTo(want, 6);
    }
    // The US dollar's own signs, and a dollar sign after a word's letters (DA$: day-ahead), are dollars.
    for (const column of ['Price (US$/MWh)', 'LMP (USD/MWh)', 'DA$/MWh', 'RTLMP$/MWh']) {
      const g = trace('words.csv', column, 60);
      expect(bill(`{ file: ${g}, column: "${column}" }`)).toBeCloseTo(want, 6);
    }
  });
});
