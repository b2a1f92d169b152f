/**
 * The grid: imports up to a cap (0: islanded) at a price that is flat,
 * time-of-use or an hourly trace, with a carbon intensity flat or from an
 * hourly trace; exports surplus up to a cap at an export price; optional
 * seeded outages (no import, no export while down). Trace steps are
 * scheduled events.
 */
import { windowsByName } from '../model/costs.ts';
import { monthMask, monthsOfAny } from '../kernel/calendar.ts';
import { ZoneOffsets } from '../kernel/zone.ts';
import { basename, resolve } from 'node:path';
import * as z from 'zod';
import { gridCostsSchema } from '../model/costs.ts';
import { InputError, ModelFieldError } from '../model/errors.ts';
import {
  bareDurationIn,
  J_PER_KWH,
  J_PER_MWH,
  MAGNITUDE,
  UNIT_EXAMPLES,
  quantity,
  unitInBare,
} from '../model/units.ts';
import { Outages, outageSchema } from './outages.ts';
import type { Supply, SupplyContext } from './supply.ts';
import type { ServiceDates } from './service.ts';
import { holidayTest } from './holidays.ts';
import { clockSeconds, constant, dayMask, type Schedule, timeOfUse, touSchema } from './schedule.ts';
import { gapsSchema, headerName, hourlyTrace, readHourlyTrace, type TraceColumns, traceColumn } from './trace.ts';
import { fuelMixIntensity } from './fuel-mix.ts';
import { demandRatchetSchema, demandWindowsSchema, windowTest } from './demand-charges.ts';

/**
 * PJM 2022: hourly means of the intensity and of the carbon-free share (nuclear, wind, solar and hydro,
 * as `clean_columns` counts a trace; reference.md §9.1), the grid's defaults, together: a constant load
 * on them emits and scores what it would on the PJM trace.
 */
export const PJM_CARBON_G_PER_KWH = 363;
const PJM_CARBON_FREE_SHARE = 0.396;

/** A trace's longest run of empty cells filled where a run reads them, unless its max_gap says: a day. */
const MAX_GAP_S = 86400;

/** Each trace's unit for a bare column: prices in $/MWh, carbon in g/kWh. */
const BARE_UNIT = { price: '$/MWh', carbon: 'g/kWh' } as const;

const fileSchema = (kind: 'price' | 'carbon', what: string, column: string) =>
  z.strictObject({
    file: z
      .string()
      .min(1)
      .meta({
        description: `Hourly CSV trace (timestamps first, or in a column named for UTC time as in EIA-930, or an ENTSO-E export's "MTU (CET/CEST)" intervals), relative to the model file; ${what}`,
      }),
    column: z.string().prefault(column).meta({ description: 'Column with the values' }),
    unit: z
      .string()
      .refine(
        (u) => {
          try {
            return unitInBare(kind, u) > 0;
          } catch {
            return false;
          }
        },
        { message: `a unit of ${kind === 'price' ? 'price' : 'carbon intensity'}, like ${UNIT_EXAMPLES[kind]}` },
      )
      .optional()
      .meta({
        description: `The unit of the column's values, like ${UNIT_EXAMPLES[kind]} (default ${BARE_UNIT[kind]}: a trace whose mean cannot be in it is refused); led by a number, that many of it, each value times it${kind === 'price' ? ': a column in EUR/MWh (named so, as ENTSO-E names it) needs one, the dollars a euro buys at your rate, like "1.08 $/MWh"; a column named in cents ("price_cents_per_kwh", "¢/kWh") needs one, ¢/kWh (or cents/kWh), one in euro cents ("ct/kWh") the dollars a euro buys, like "1.08 ¢/kWh", and one named per kWh ("price_usd_per_kwh") $/kWh' : ' ("0.5 g/kWh" halves the column; a column named in pounds, or a WattTime file, its time column point_time, needs one: lb/MWh has the magnitudes of g/kWh; and one named in kg/kWh or t/MWh, "co2_kg_per_kwh", "tCO2e/MWh", its unit)'}`,
      }),
    gaps: gapsSchema,
    max_gap: quantity(
      'duration',
      { positive: true, needsUnit: bareDurationIn('a run of empty hours', 'h') },
      'Longest run of empty cells in a row that `gaps: interpolate` fills where the run reads them, default 1d (a longer one is an error naming it, not a straight line drawn across it unsaid; until 8 December 2026 any was filled)',
    ).optional(),
    where: z
      .record(z.string(), z.union([z.string(), z.number()]).transform(String))
      .optional()
      .meta({
        description:
          'Of a file holding several series, the rows to read, by the values of named columns, like `{ "Balancing Authority": PJM }` (an EIA-930 BALANCE file) or `{ pnode_name: WESTERN HUB }` (a PJM Data Miner LMP file of several pnodes); without it such a file is a one-line error naming the column and its values',
      }),
  });

const priceFile = fileSchema('price', 'values in $/MWh unless `unit` says otherwise', 'price');
/** A column that gives the carbon-free share itself (Electricity Maps' "Low Carbon Percentage", NESO's ZERO_CARBON_perc). */
const shareFile = fileSchema('carbon', 'values in % unless `unit: fraction`', '').extend({
  column: z.string().min(1).meta({ description: 'Column with the share of each hour, like "Low Carbon Percentage"' }),
  unit: z
    .enum(['%', 'fraction'])
    .prefault('%')
    .meta({ description: "The column's values: percentages (0 to 100, the default) or fractions (0 to 1)" }),
});
const carbonFile = fileSchema(
  'carbon',
  'values in g/kWh unless `unit` says otherwise (models/data/grid-carbon: PJM, ERCOT, CAISO 2022)',
  'avg_CI',
).extend({
  factors: z
    .union([
      z.literal('lifecycle'),
      z.record(
        z.string().min(1),
        quantity('carbon', { min: 0 }, "A generation column's emission factor, like 820 g/kWh"),
      ),
    ])
    .optional()
    .meta({
      description:
        'The intensity from the file\'s generation by fuel instead of an intensity column: each hour the generation-weighted mean of each fuel\'s factor (negative generation weighs nothing). `lifecycle`: the IPCC AR5 lifecycle medians the shipped traces were built with (coal 820, gas 490, oil 650, other 230, geothermal 38, hydro 24, nuclear 12, solar 41, wind 11 g/kWh; docs/reference.md), on the columns COL, NG, OIL, OTH, GEO, WAT, NUC, SUN, WND or an EIA-930 BALANCE file\'s "Net Generation (MW) from Coal", ... (its "(Adjusted)" ones where it has them; storage left out), with the carbon-free share from the same fuels (nuclear, hydro, solar, wind, geothermal); or a map of each generation column to its factor, like { "Fossil Hard coal - Actual Aggregated [MW]": 820 g/kWh, ... }',
    }),
});

/**
 * A trace column in the kind's bare unit ($/MWh, g/kWh): scaled from its `unit`, or, given none, refused where its mean
 * cannot be in the bare unit (0 < |mean| < 1: no grid averages under 1 g/kWh, no market under 1 $/MWh; a trace in
 * kg/kWh or $/kWh read as the bare unit was a thousandth of the figure).
 */
function inBare(
  kind: 'price' | 'carbon',
  values: Float64Array,
  ref: { column: string; unit?: string },
  file: string,
): Float64Array {
  // Its name as its letters and digits read (NFKC: CO\u2082's subscript 2 is a 2), for the units it names.
  const name = ref.column.normalize('NFKC');
  // A column named for another currency (ENTSO-E's "Day-ahead Price [EUR/MWh]", a pandas user's "price_eur") is not
  // dollars: the user's rate says, per the column's energy (a retail tariff's EUR/kWh told "$/MWh" ran, as told, at a
  // thousandth of its cost). Euro cents have their own refusal, below.
  const currency = kind === 'price' && !EURO_CENTS.test(name) ? FOREIGN.exec(camelApart(name)) : null;
  if (currency && (ref.unit === undefined || !/^[+-]?\.?\d/.test(ref.unit.trim()))) {
    const per = PER_KWH.test(name) ? '$/kWh' : '$/MWh';
    const code = SIGNS[currency[1].toUpperCase()] ?? currency[1].toUpperCase();
    // An example rate for the euro and the pound alone: until 7 December 2026 every currency was shown the euro's,
    // and a yen told "1.08 $/MWh" runs at 1.08 $, some 160 times its worth.
    const like = code === 'EUR' ? '1.08' : code === 'GBP' ? '1.27' : undefined;
    throw new InputError(
      file,
      ref.column,
      `prices in $ (this column is in ${code}: give unit: "<${DOLLARS.test(code) ? 'US dollars' : 'dollars'} per ${code}> ${per}" at your exchange rate${like ? `, like unit: "${like} ${per}"` : ''})`,
      ref.unit === undefined ? 'no unit' : `unit: ${ref.unit}`,
      1,
    );
  }
  // A column in euro cents (a German tariff's "ct/kWh") is not dollars, as one in EUR/MWh is not, nor one in pence
  // (Britain's "p/kWh" tariffs) US cents (told "\u00a2/kWh" it ran 21 % low): the user's rate says.
  for (const [named, what, per, like] of [
    [EURO_CENTS, 'euro cents', 'EUR', '1.08'],
    [PENCE, 'pence', 'GBP', '1.27'],
  ] as const)
    if (kind === 'price' && named.test(name) && (ref.unit === undefined || !/^[+-]?\.?\d/.test(ref.unit.trim())))
      throw new InputError(
        file,
        ref.column,
        `prices in $ (this column is in ${what}: give unit: "<dollars per ${per}> \u00a2/kWh" at your exchange rate, like unit: "${like} \u00a2/kWh")`,
        ref.unit === undefined ? 'no unit' : `unit: ${ref.unit}`,
        1,
      );
  // A column named in cents ("price_cents_per_kwh", "Price (¢/kWh)"), as tariffs are quoted, has a mean above 1 and
  // passed the mean's check: 8 to 12 ¢/kWh were read as 8 to 12 $/MWh, a tenth of their cost. (cents/kWh is ¢/kWh as
  // a keyboard types it.)
  if (kind === 'price' && ref.unit === undefined && CENTS.test(name))
    throw new InputError(
      file,
      ref.column,
      'prices with their unit (this column is named in cents: unit: ¢/kWh, or cents/kWh)',
      'no unit',
      1,
    );
  // A column named in a unit a thousand times the bare one ("co2_kg_per_kwh", AEMO's "tCO2e/MWh", "price_usd_per_kwh")
  // passed the mean's check where its mean is above 1: a coal-heavy grid's 1.05 kg/kWh ran as 1.05 g/kWh, a scarcity
  // week's 9 $/kWh as 9 $/MWh. Without a unit, its unit is asked.
  const named = ref.unit === undefined ? thousandfold(kind, name) : undefined;
  if (named)
    throw new InputError(
      file,
      ref.column,
      `${kind === 'price' ? 'prices' : 'carbon intensities'} with their unit (this column is named ${named})`,
      'no unit',
      1,
    );
  // A unit against the one the column's name gives was read as told: a column named in kg/kWh told "g/kWh" ran a grid
  // a thousand times cleaner, one named in g/kWh told "lb/MWh" 2.2 times cleaner, and one named in cents told "$/kWh"
  // billed a hundred times its cost (a price's energy alone was checked, below). Until 7 December 2026 the refusals of
  // such a column without a unit offered the bare unit ("one truly in g/kWh unit: g/kWh"), which this now refuses.
  const against = ref.unit === undefined ? undefined : unitAgainstName(kind, name, ref.unit);
  if (against)
    throw new InputError(
      file,
      ref.column,
      `${kind === 'price' ? 'prices' : 'carbon intensities'} in ${against}, as the column's name gives them (unit: ${against}${against === '\u00a2/kWh' ? ', or cents/kWh' : ''})`,
      `unit: ${ref.unit}`,
      1,
    );
  // A column named per MWh given a rate per kWh, or per kWh given one per MWh, was read as told: ENTSO-E's "Day-ahead
  // Price (EUR/MWh)" at 60 with unit "1.08 $/kWh" ran at 64,800 $/MWh, a thousand times its 64.8.
  const energy = (s: string): string | undefined => (PER_KWH.test(s) ? 'kWh' : PER_MWH.test(s) ? 'MWh' : undefined);
  const [perColumn, perUnit] = [energy(name), ref.unit === undefined ? undefined : energy(ref.unit.normalize('NFKC'))];
  if (kind === 'price' && perColumn && perUnit && perColumn !== perUnit)
    throw new InputError(
      file,
      ref.column,
      `a rate per ${perColumn}, as the column's name gives its prices (unit: "<dollars per unit of its currency> $/${perColumn}")`,
      `unit: ${ref.unit}`,
      1,
    );
  if (ref.unit !== undefined) {
    const f = unitInBare(kind, ref.unit);
    return f === 1 ? values : values.map((v) => v * f);
  }
  let sum = 0;
  for (const v of values) sum += v;
  const mean = values.length > 0 ? sum / values.length : 0;
  if (mean !== 0 && Math.abs(mean) < 1)
    throw new InputError(
      file,
      ref.column,
      kind === 'price'
        ? 'prices in $/MWh (no market averages under 1 $/MWh; a trace in $/kWh needs unit: $/kWh, one truly in $/MWh unit: $/MWh)'
        : 'carbon intensities in g/kWh (no grid averages under 1 g/kWh; a trace in kg/kWh needs unit: kg/kWh, one truly in g/kWh unit: g/kWh)',
      `a mean of ${Number(mean.toPrecision(3))}`,
      1,
    );
  return values;
}

/**
 * A carbon trace in pounds has the magnitudes of one in g/kWh (882 lb/MWh is 400 g/kWh), so the mean's check passes it:
 * WattTime's rates (its files' point_time, value) and a column named in pounds were read as g/kWh, 2.2 times their
 * carbon. Without a unit, their unit is asked.
 */
function checkPounds(ref: { column: string; unit?: string }, file: string, timeColumn: string | undefined): void {
  if (ref.unit !== undefined) return;
  const name = ref.column.normalize('NFKC');
  const why = POUNDS.test(name)
    ? 'this column is named in pounds'
    : timeColumn?.trim().toLowerCase() === 'point_time'
      ? "WattTime's rates are in lb/MWh"
      : undefined;
  if (why)
    throw new InputError(
      file,
      ref.column,
      // A column named in pounds a kWh (co2_lbs_per_kwh) told lb/MWh was read, as told, a thousand times cleaner.
      // A column named in pounds is in its name's unit (unitAgainstName): WattTime's file alone is offered the bare one.
      `carbon intensities with their unit (${why}: unit: ${PER_KWH.test(name) ? 'lb/kWh' : 'lb/MWh'}${POUNDS.test(name) ? '' : '; one truly in g/kWh unit: g/kWh'})`,
      'no unit',
      1,
    );
}

/**
 * A trace column's cells, each within what the model takes of its kind in the column's `unit` (a price at most 1e6
 * $/MWh either way, a carbon intensity from 0 to 10,000 g/kWh: MAGNITUDE), or the one-line error naming the first
 * beyond, its file and line.
 */
function boundedCells(
  t: TraceColumns,
  column: string,
  raw: Float64Array,
  kind: 'price' | 'carbon',
  given: string | undefined,
): Float64Array {
  const unit = given ?? BARE_UNIT[kind];
  const most = MAGNITUDE[kind]! / (given === undefined ? 1 : unitInBare(kind, unit));
  const bad = raw.findIndex((v) => !(kind === 'price' ? Math.abs(v) <= most : v >= 0 && v <= most));
  if (bad >= 0) {
    const bound = `${Number(most.toPrecision(12))} ${unit}`;
    throw new InputError(
      t.file,
      column,
      kind === 'price' ? `a price of at most ${bound} in magnitude` : `a carbon intensity from 0 to ${bound}`,
      String(raw[bad]),
      t.lines[bad],
    );
  }
  return raw;
}

/**
 * The unit a trace column's name gives where `unit` is against it, else undefined: a carbon column named in a mass a
 * kWh or MWh ("co2_kg_per_kwh", "Carbon Intensity (gCO2/kWh)", "co2_lbs_per_mwh", "tCO2e/MWh") given a unit of another
 * scale (a number leading the unit, "0.5 g/kWh", scales the column's own unit and is left out of the comparison: kg/MWh
 * is g/kWh); a price column named in cents ("Price (\u00a2/kWh)") given dollars, or in dollars a kWh ("price_usd_per_kwh")
 * given cents. A unit led by a number that is, in all, the name's unit agrees (until 7 December 2026 the number was
 * dropped: "1000 g/kWh" for a column in kg/kWh was refused). A unit the model does not know is left to its own error.
 */
function unitAgainstName(kind: 'price' | 'carbon', name: string, unit: string): string | undefined {
  const per = (energy: string) => `(?:[\\s_-]*per[\\s_-]*|\\s*\\/\\s*)${energy}`;
  // A unit led by a number that is, in all, the name's unit ("1000 g/kWh" for kg/kWh, "0.01 $/kWh" for cents) agrees.
  const inAll = (named: string): boolean => {
    try {
      return Math.abs(unitInBare(kind, unit) / unitInBare(kind, named) - 1) < 1e-9;
    } catch {
      return false;
    }
  };
  if (kind === 'price') {
    const cents = /\u00a2|(?:^|[^a-z])cents?(?:[^a-z]|$)/i.test(unit);
    if (CENTS.test(name)) return cents || inAll('\u00a2/kWh') ? undefined : '\u00a2/kWh';
    const dollars = new RegExp(`(?:\\$|(?:^|[^a-z])(?:usd|dollars?))${per('kwh')}`, 'i').test(name);
    return dollars && cents && !inAll('$/kWh') ? '$/kWh' : undefined;
  }
  const gas = '(?:[\\s_-]*co2[\\s_-]*(?:eq?)?)?';
  const masses: [string, string][] = [
    ['kg', 'kg'],
    ['g', 'g'],
    ['(?:t|tonnes?|metric[\\s_-]*tons?)', 't'],
    ['(?:lbs?|pounds?)', 'lb'],
  ];
  let named: string | undefined;
  for (const [mass, m] of masses)
    for (const energy of ['kWh', 'MWh'])
      if (!named && new RegExp(`(?:^|[^a-z])${mass}${gas}${per(energy.toLowerCase())}`, 'i').test(name))
        named = `${m}/${energy}`;
  if (!named) return undefined;
  let given: number;
  try {
    given = unitInBare(kind, unit.trim().replace(/^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?\s*/i, ''));
  } catch {
    return undefined;
  }
  return Math.abs(given / unitInBare(kind, named) - 1) < 1e-9 || inAll(named) ? undefined : named;
}

/** A column's name per kWh ("co2_lbs_per_kwh", "CO2 (lb/kWh)"), not per MWh. */
const PER_KWH = /(?:per[\s_-]*|\/\s*)kwh/i;
/** A name or unit per MWh ("EUR/MWh", "price_eur_per_mwh", "1.08 $/MWh"). */
const PER_MWH = /(?:per[\s_-]*|\/\s*)mwh/i;

/**
 * The unit a trace column's name gives, a thousand times the kind's bare one, as the refusal words it: carbon in kg/kWh
 * ("co2_kg_per_kwh", "CO2 intensity [kg/kWh]", "kgCO2e/kWh") or tonnes a MWh ("tCO2e/MWh", "intensity_tco2_per_mwh",
 * "co2 (tonnes/MWh)"); a price per kWh ("price_usd_per_kwh", "Price ($/kWh)", "price_per_kwh"), in dollars or none (one
 * in cents or another currency is refused before; mills a kWh are $/MWh). Not kg/MWh, which is g/kWh.
 */
function thousandfold(kind: 'price' | 'carbon', column: string): string | undefined {
  const per = (unit: string) => `(?:[\\s_-]*per[\\s_-]*|\\s*\\/\\s*)${unit}`;
  const gas = '(?:[\\s_-]*co2[\\s_-]*(?:eq?)?)?';
  if (kind === 'carbon') {
    if (new RegExp(`(?:^|[^a-z])kg${gas}${per('kwh')}`, 'i').test(column)) return 'in kg/kWh: unit: kg/kWh';
    if (new RegExp(`(?:^|[^a-z])(?:t|tonnes?|metric[\\s_-]*tons?)${gas}${per('mwh')}`, 'i').test(column))
      return 'in t/MWh: unit: t/MWh';
    return undefined;
  }
  if (/(?:^|[^a-z])mills?(?:[^a-z]|$)/i.test(column) || !PER_KWH.test(column)) return undefined;
  return new RegExp(`(?:\\$|(?:^|[^a-z])(?:usd|dollars?))${per('kwh')}`, 'i').test(column)
    ? 'in $/kWh: unit: $/kWh'
    : 'per kWh: unit: $/kWh, or \u00a2/kWh in cents';
}

/**
 * A carbon column's name in pounds ("co2_lbs_per_mwh", "MOER (lb/MWh)", "Pounds CO2", the gas written onto the unit as
 * "lbCO2/MWh" or "lbsCO2e/MWh"), not letters inside a word ("Balbs", "lbscore").
 */
const POUNDS = /(?:^|[^a-z])(?:lbs?|pounds?)(?:[\s_-]*co2(?:[\s_-]*eq?)?)?(?:[^a-z]|$)/i;

/** A price column's name in cents ("price_cents_per_kwh", "Price (¢/kWh)", "c/kWh"), not letters inside a word ("percentile"). */
const CENTS = /\u00a2|(?:^|[^a-z])(?:cents?(?:[^a-z]|$)|c\s*\/\s*[kmg]?wh)/i;

/**
 * A price column's name in euro cents ("Preis (ct/kWh)", "price_eur_ct_per_kwh", "Eurocent/kWh", "€ct/kWh"), as German
 * and Austrian tariffs are quoted, not letters inside a word ("dict", "ct" alone): 8 to 12 ct/kWh were read as $/MWh.
 */
const EURO_CENTS =
  /(?:^|[^a-z])(?:cts?\s*\/\s*[kmg]?wh|euro[\s_-]*cents?|(?:eur|\u20ac)[\s_-]*(?:cts?|cents?)(?:[^a-z]|$))/i;

/** A price column's name in pence ("Price (p/kWh)", "unit_rate_pence_per_kwh"), not a word's letters ("p_avg"). */
const PENCE = /(?:^|[^a-z])(?:p\s*\/\s*[kmg]?wh|pence(?:[^a-z]|$))/i;

/**
 * A price column's name in a currency other than the dollar: its code or sign as a word of the name ("Day-ahead Price
 * [EUR/MWh]", "(GBP/MWh)", "price_eur", "price_gbp_per_mwh", "Price (€/MWh)", JEPX's yen a kWh), not letters inside a
 * word ("Europe", "neuron"). Until 7 December 2026 only a currency written before "/MWh" was seen: price_eur ran its euros as dollars;
 * and, until the same day, Europe's, Japan's, China's, India's, Korea's, Brazil's and South Africa's alone: Turkey's
 * 'PTF (TL/MWh)', Mexico's, Malaysia's 'SMP (RM/MWh)', the Philippines', Poland's z\u0142 and the rest ran as dollars.
 * The model's $ is the US dollar (its outputs' _usd): until the same day the other dollars (Australia's NEM 'RRP
 * (AUD/MWh)', CAD, SGD, NZD, HKD) ran as US dollars, an Australian one some 50 % dear; and, until the same day,
 * those written by their signs (A$, C$, S$, NZ$, HK$, Brazil's R$, MX$): 'Price (A$/MWh)' at 100 ran at 100 $/MWh.
 */
const FOREIGN =
  /(?:^|[^a-z])(au?\$|ca?\$|s\$|nz\$|hk\$|r\$|mx\$|aud|cad|sgd|nzd|hkd|eur|gbp|chf|pln|z\u0142|czk|huf|ron|bgn|dkk|sek|nok|isk|uah|rub|try|tl|jpy|yen|cny|rmb|inr|krw|brl|zar|mxn|clp|cop|ars|php|myr|rm|thb|idr|vnd|ils|sar|aed|qar|egp|ngn|kzt|pkr|\u20ac|\u00a3|\u00a5|\u20b9|\u20a9|\u20ba|\u20bd|\u20b1|\u20aa|\u20b4|\u20a6|\u20ab)(?:[^a-z]|$)/i;

/** The currencies FOREIGN reads by a sign (A$ and AU$ the Australian dollar), as their codes. */
const SIGNS: Record<string, string> = {
  A$: 'AUD',
  AU$: 'AUD',
  C$: 'CAD',
  CA$: 'CAD',
  S$: 'SGD',
  NZ$: 'NZD',
  HK$: 'HKD',
  R$: 'BRL',
  MX$: 'MXN',
};

/** The dollars that are not the model's (FOREIGN), asked for their rate in US dollars. */
const DOLLARS = /^(AUD|CAD|SGD|NZD|HKD)$/;

/**
 * A column's name with its camelCase words apart ("priceEUR" is "price_EUR", "dayAheadPriceGbp" "...Price_Gbp"), so a
 * currency ending such a word is one (FOREIGN): until 7 December 2026 priceEUR ran its euros as dollars.
 */
const camelApart = (name: string): string => name.replace(/([a-z])(?=[A-Z])/g, '$1_');

/** EIA-930's carbon-free generation columns: nuclear, wind, solar, hydro. */
const CLEAN_COLUMNS = ['NUC', 'WND', 'SUN', 'WAT'];

/** PJM's 2024 all-in wholesale price, $/MWh (reference.md §9.2): a grid's price when it gives none. */
export const PJM_PRICE_USD_PER_MWH = 55.54;
const flatPrice = quantity('price', { min: 0 }, 'Flat energy price, $/MWh bare');
/** That price in SI, as the field reads it (the bits a written 55.54 gives). */
const PJM_PRICE = flatPrice.parse(PJM_PRICE_USD_PER_MWH);

export const gridSchema = z.strictObject({
  kind: z.literal('grid'),
  name: z.string().min(1).prefault('grid'),
  import_cap: quantity(
    'power',
    { min: 0 },
    'Most power the site may import (0: islanded; default unlimited)',
  ).optional(),
  export_cap: quantity('power', { min: 0 }, 'Most surplus power the site may export').prefault(0),
  export_price: quantity(
    'price',
    { min: 0 },
    'Revenue per exported MWh (PJM 2024 real-time average LMP $33.74/MWh, reference.md §9.2); at least 0: surplus is exported before it is curtailed, so a negative price would pay to export what curtailing spills free',
  ).prefault(33.74),
  // Left out, not defaulted here: a price-aware rule or a battery by price refuses a price not given (src/scenario.ts),
  // as a carbon-aware one refuses a carbon not given; createGrid reads PJM's figure for it.
  price: z
    .union([flatPrice, touSchema, priceFile])
    .optional()
    .meta({
      description:
        `Energy price. Left out: PJM's 2024 all-in wholesale, ${PJM_PRICE_USD_PER_MWH} $/MWh (reference.md \u00a79.2), the same every hour. ` +
        'Flat, time-of-use `{ periods: [{ from: "07:00", price, days, months }, ...], timezone }` (daily periods from UTC times, or local times in an IANA `timezone` such as "America/New_York", daylight saving included; a period with `days` (`weekdays`, `weekends` or a list like `[sat, sun]`) or `months` (like `[jun, jul, aug, sep]` or `[6, 7, 8, 9]`) applies on those local dates only, and every day of every month needs one; `holidays`, a list of named sets `us-federal` or `nerc` and dates like "2027-12-24", priced as Sundays), or an hourly trace `{ file, column }`',
    }),
  carbon: z
    .union([quantity('carbon', { min: 0 }, 'Flat intensity, g/kWh'), carbonFile])
    .optional()
    .meta({
      description:
        "Carbon intensity: flat, or an hourly trace `{ file, column }`. Left out: PJM's, 363 g/kWh (2022 mean, reference.md §9.1), with PJM's carbon-free share",
    }),
  carbon_free_share: z
    .union([quantity('fraction', { min: 0, max: 1 }, 'A constant share'), shareFile])
    .optional()
    .meta({
      description:
        "Share of grid energy that counts as carbon-free: a constant, where a trace's generation columns do not give it (beside one whose columns do, refused), or an hourly trace `{ file, column }` of the share itself (in % unless `unit: fraction`, like an Electricity Maps export's \"Low Carbon Percentage\"), which is the share whatever generation columns the carbon trace has. No default borrowed from another grid: without it a grid given its own carbon is left out of the 24/7 CFE score (the summary's `cfe_excludes` names it); with no `carbon` either, PJM's 2022 hourly mean share of nuclear, wind, solar and hydro, 39.6% (reference.md §9.1)",
    }),
  clean_columns: z.array(z.string()).prefault(CLEAN_COLUMNS).meta({
    description:
      'Generation columns of a carbon trace that count as carbon-free (nuclear, wind, solar, hydro); the share is their sum over all generation columns (every column but the intensity and a price read from the same file; with the carbon `factors`, the columns they weigh, and `factors: lifecycle` knows the fuel of each column and gives the share itself unless this list is given). A listed column the trace lacks is an error (the default list on a trace with none of them leaves the share to `carbon_free_share`, and is not read beside a `carbon_free_share` column)',
  }),
  outages: outageSchema.optional().meta({ description: 'Seeded grid outages (none by default)' }),
  costs: gridCostsSchema
    .extend({ tou_demand: demandWindowsSchema.optional(), demand_ratchet: demandRatchetSchema.optional() })
    .meta(gridCostsSchema.meta() ?? {})
    .optional(),
});

/**
 * An `export_price` written without an `export_cap` is refused: the cap is 0 when left out, so the site exported nothing
 * and the price paid nothing, silently (a 200 kW SMR beside a 50 kW load with export_price 40 $/MWh curtailed 7,570 kWh
 * in 2 days, 0 USD of export revenue). Read as written, before the defaults fill the cap in; a cap written 0 is taken.
 */
export function exportPriceWithoutCap(o: unknown, ctx: z.RefinementCtx): unknown {
  if (typeof o !== 'object' || o === null) return o;
  const s = o as Record<string, unknown>;
  if (s.kind === 'grid' && s.export_price !== undefined && s.export_cap === undefined)
    ctx.addIssue({
      code: 'custom',
      message:
        'an export_cap beside export_price (the most surplus power the site may export: left out it is 0, so nothing is exported and export_price pays nothing)',
      path: ['export_cap'],
      input: undefined,
    });
  return o;
}

/** Time-of-use demand windows read the price's timezone and holidays: a price that has none would read them in UTC, silently. */
export function checkGrid(
  g: {
    price?: z.output<typeof gridSchema>['price'];
    carbon?: z.output<typeof gridSchema>['carbon'];
    costs?: { tou_demand?: readonly unknown[]; demand_ratchet?: unknown; demand_charge?: number };
  },
  ctx: z.RefinementCtx,
): void {
  // Factors make the intensity from the generation columns: an intensity column or its unit beside them would not be read.
  const c = typeof g.carbon === 'object' ? g.carbon : undefined;
  if (c?.factors !== undefined && (c.column !== 'avg_CI' || c.unit !== undefined))
    ctx.addIssue({
      code: 'custom',
      message:
        "factors or an intensity `column` (with its `unit`), not both: factors make each hour's intensity from the generation columns",
      path: ['carbon', c.column !== 'avg_CI' ? 'column' : 'unit'],
      input: c.column !== 'avg_CI' ? c.column : c.unit,
      params: { found: 'both' },
    });
  // A ratchet raises the all-hours demand charge's billed demand: without that charge it would bill nothing, silently.
  if (g.costs?.demand_ratchet && !g.costs.demand_charge)
    ctx.addIssue({
      code: 'custom',
      message:
        'a `demand_charge` beside it, the all-hours charge the ratchet raises (time-of-use windows are not ratcheted)',
      path: ['costs', 'demand_ratchet'],
      input: g.costs.demand_ratchet,
      params: { found: 'no demand_charge' },
    });
  if (g.costs?.tou_demand && !(typeof g.price === 'object' && 'periods' in g.price))
    ctx.addIssue({
      code: 'custom',
      message:
        'a time-of-use price, whose `timezone` and `holidays` the windows read (a flat price in a zone is one period: `price: { timezone: America/Los_Angeles, periods: [{ from: "00:00", price: 80 $/MWh }] }`)',
      path: ['costs', 'tou_demand'],
      input: g.costs.tou_demand,
      params: {
        found:
          g.price === undefined
            ? `no price (so PJM's 2024 wholesale, ${PJM_PRICE_USD_PER_MWH} $/MWh, the same every hour, in UTC)`
            : typeof g.price === 'object'
              ? 'an hourly price trace'
              : 'a flat price',
      },
    });
}

/**
 * A grid's time-of-use demand windows as billed (windowsByName: entries named alike are one window's parts): each
 * one's charge, its calendar months (a mask; undefined: every month) and a test of an interval's start (epoch s) in
 * any part, in the price's zone and holidays; empty without windows.
 */
export function demandWindows(
  g: Pick<GridConfig, 'price'> & { costs?: { tou_demand?: z.output<typeof demandWindowsSchema> } },
): { name: string; charge: number; months?: number; inWindow: (epochS: number) => boolean }[] {
  const ws = g.costs?.tou_demand;
  if (!ws || typeof g.price !== 'object' || !('periods' in g.price)) return [];
  const { zone, holiday } = touZone(g.price);
  return windowsByName(ws).map((parts) => {
    const tests = parts.map((w) =>
      windowTest(
        { fromS: clockSeconds(w.from), toS: clockSeconds(w.to), days: dayMask(w.days), months: monthMask(w.months) },
        zone,
        holiday,
      ),
    );
    return {
      name: parts[0].name,
      charge: parts[0].charge,
      months: monthsOfAny(parts.map((w) => w.months)),
      inWindow: tests.length === 1 ? tests[0] : (e) => tests.some((t) => t(e)),
    };
  });
}

/** A time-of-use price's zone (none for UTC) and holidays. */
function touZone(price: { timezone?: string; holidays?: readonly string[] }): {
  zone?: ZoneOffsets;
  holiday?: (day: number) => boolean;
} {
  return {
    zone: price.timezone === undefined || price.timezone === 'UTC' ? undefined : new ZoneOffsets(price.timezone),
    holiday: holidayTest(price.holidays),
  };
}

/** The zone a grid's tariff bills its months in: its time-of-use price's `timezone`, none for UTC (or no zone). */
export function priceZone(g: Pick<GridConfig, 'price'>): ZoneOffsets | undefined {
  return typeof g.price === 'object' && 'periods' in g.price ? touZone(g.price).zone : undefined;
}

type GridConfig = z.output<typeof gridSchema>;

export function createGrid(cfg: GridConfig & ServiceDates, ctx: SupplyContext): Supply {
  const { startEpochS, baseDir, durationS } = ctx;
  const importCap = cfg.import_cap ?? Infinity;
  let price: Schedule;
  if (cfg.price === undefined) price = constant(PJM_PRICE);
  else if (typeof cfg.price === 'number') price = constant(cfg.price);
  else if ('periods' in cfg.price) {
    const { zone, holiday } = touZone(cfg.price);
    price = timeOfUse(
      cfg.price.periods.map((p) => ({
        fromS: clockSeconds(p.from),
        value: p.price,
        days: dayMask(p.days),
        months: monthMask(p.months),
      })),
      startEpochS,
      zone,
      holiday,
    );
  } else {
    const t = readHourlyTrace(cfg.price.file, baseDir, cfg.price.gaps, cfg.price.where);
    // As a price given in the model (at most 1e6 $/MWh in magnitude): a cell of 1e300 ran, to fail after the run
    // naming only the model, and one of 1e9 (a slip of the exponent) billed a thousand times any market's cap.
    const raw = boundedCells(t, cfg.price.column, traceColumn(t, cfg.price.column), 'price', cfg.price.unit);
    price = hourlyTrace(
      inBare('price', raw, cfg.price, t.file).map((v) => v / J_PER_MWH),
      t,
      startEpochS,
      durationS,
      { column: cfg.price.column, maxGapS: cfg.price.max_gap ?? MAX_GAP_S },
    );
  }
  let carbon: Schedule;
  // The carbon-free share: from the trace's generation mix, else as given; PJM's only with
  // PJM's intensity (no carbon given). Unknown otherwise: counted as 0 and reported.
  const shareTrace = typeof cfg.carbon_free_share === 'object' ? cfg.carbon_free_share : undefined;
  const givenShare =
    typeof cfg.carbon_free_share === 'number'
      ? cfg.carbon_free_share
      : cfg.carbon === undefined && !shareTrace
        ? PJM_CARBON_FREE_SHARE
        : undefined;
  let clean: Schedule = constant(givenShare ?? 0);
  let shareKnown = givenShare !== undefined;
  if (cfg.carbon === undefined) carbon = constant((PJM_CARBON_G_PER_KWH * 1e-3) / J_PER_KWH);
  else if (typeof cfg.carbon === 'number') carbon = constant(cfg.carbon);
  else {
    const { file, column, gaps, where, factors } = cfg.carbon;
    const t = readHourlyTrace(file, baseDir, gaps, where);
    const mix = factors === undefined ? undefined : fuelMixIntensity(t, factors);
    // A negative intensity would earn carbon credit for consuming: a sign error in the data, not a grid.
    if (!mix) checkPounds(cfg.carbon, t.file, t.header[t.timeColumn]);
    const raw = boundedCells(t, column, mix ? mix.gPerKwh : traceColumn(t, column), 'carbon', cfg.carbon.unit);
    const gPerKwh = inBare('carbon', raw, cfg.carbon, t.file);
    carbon = hourlyTrace(
      gPerKwh.map((v) => (v * 1e-3) / J_PER_KWH),
      t,
      startEpochS,
      durationS,
      // Of the intensity column read (with factors, each generation column's own gaps are left to gaps:).
      mix ? undefined : { column, maxGapS: cfg.carbon.max_gap ?? MAX_GAP_S },
    );
    // Generation columns: all but the intensity and, when the price is read from the same file, the price (a file
    // with price, avg_CI and the mix counted the prices as generation: a share of 0.2 for 0.4).
    const samePrice =
      typeof cfg.price === 'object' &&
      'file' in cfg.price &&
      resolve(baseDir, cfg.price.file) === resolve(baseDir, file)
        ? cfg.price.column
        : undefined;
    // A column without a number (a label, as an Electricity Maps export's Country, or empty) is not generation.
    // With factors, the columns they weigh.
    const gen =
      mix?.columns ??
      t.header.filter(
        (h, c) =>
          c !== t.timeColumn &&
          h !== headerName(t.header, column) &&
          (samePrice === undefined || h !== headerName(t.header, samePrice)) &&
          !t.labels.has(h),
      );
    // Clean columns the trace lacks: a list naming some of its columns but not all, or a list of one's own naming
    // none, is a typo (HYD for WAT), refused; it used to leave the share unknown, a 24/7 score of 0. The default list
    // on a trace without those columns (an intensity alone) leaves the share to carbon_free_share, as documented,
    // and so does it on one with some of them when carbon_free_share is a column: the default list is not read then.
    const missing = cfg.clean_columns.filter((c) => !gen.includes(c));
    const own = cfg.clean_columns.join() !== CLEAN_COLUMNS.join();
    if (missing.length > 0 && (own || (missing.length < cfg.clean_columns.length && !shareTrace)))
      throw new InputError(
        t.file,
        'clean_columns',
        `columns of the trace's header (${gen.join(', ') || 'none but the intensity'})`,
        missing.join(', '),
        1,
      );
    // A constant share beside a trace that gives each hour's was left unread (carbon_free_share: 90% on PJM's trace
    // scored its 39.3 %, exit 0): refused, naming where the trace's share comes from.
    const given = (from: string): void => {
      if (typeof cfg.carbon_free_share === 'number')
        throw new ModelFieldError(
          ['carbon_free_share'],
          `no constant share beside a carbon trace whose generation columns give each hour's (${basename(t.file)}: ${from}): leave it out, or give your own as a column, carbon_free_share: { file, column }`,
          String(cfg.carbon_free_share),
        );
    };
    if (mix?.share && !own && !shareTrace) {
      given('nuclear, hydro, solar, wind and geothermal by factors: lifecycle');
      // lifecycle knows each column's fuel: nuclear, hydro, solar, wind and geothermal are carbon-free.
      clean = hourlyTrace(mix.share, t, startEpochS, durationS);
      shareKnown = true;
    } else if (cfg.clean_columns.length > 0 && missing.length === 0 && !shareTrace) {
      given(`${cfg.clean_columns.join(', ')} over ${gen.join(', ')}`);
      const share = new Float64Array(t.hours);
      const genValues = gen.map((g) => traceColumn(t, g));
      const cleanValues = cfg.clean_columns.map((g) => traceColumn(t, g));
      for (let h = 0; h < t.hours; h++) {
        let all = 0;
        let cf = 0;
        // Factors weigh no negative generation (consumption): nor does the share.
        for (const g of genValues) all += mix ? Math.max(0, g[h]) : g[h];
        for (const g of cleanValues) cf += mix ? Math.max(0, g[h]) : g[h];
        share[h] = all > 0 ? cf / all : (givenShare ?? 0); // an hour that reports no generation
      }
      clean = hourlyTrace(share, t, startEpochS, durationS);
      shareKnown = true;
    }
  }
  if (shareTrace) {
    const t = readHourlyTrace(shareTrace.file, baseDir, shareTrace.gaps, shareTrace.where);
    const v = traceColumn(t, shareTrace.column);
    const top = shareTrace.unit === '%' ? 100 : 1;
    const bad = v.findIndex((x) => !(x >= 0 && x <= top));
    if (bad >= 0)
      throw new InputError(
        t.file,
        shareTrace.column,
        `a carbon-free share from 0 to ${top === 100 ? '100 %' : '1 (unit: fraction)'}`,
        String(v[bad]),
        t.lines[bad],
      );
    // Every hour at most 1 %, some above 0: a column of fractions read as percentages (a share 100 times too small). A
    // column of 0 (a grid with nothing carbon-free) is the same in either unit.
    if (top === 100 && v.every((x) => x <= 1) && v.some((x) => x > 0))
      throw new InputError(
        t.file,
        shareTrace.column,
        'a carbon-free share in % (0 to 100; a column of fractions, every value at most 1, needs unit: fraction)',
        `values from ${v.reduce((a, x) => Math.min(a, x))} to ${v.reduce((a, x) => Math.max(a, x))}`,
        1,
      );
    clean = hourlyTrace(top === 100 ? v.map((x) => x / 100) : v, t, startEpochS, durationS, {
      column: shareTrace.column,
      maxGapS: shareTrace.max_gap ?? MAX_GAP_S,
    });
    shareKnown = true;
  }

  let p = 0;
  let c = 0;
  let cf = 0;
  const step = (): void => {
    const t = ctx.sim.now;
    p = price.valueAt(t);
    c = carbon.valueAt(t);
    cf = clean.valueAt(t);
    const next = Math.min(price.nextChange(t), carbon.nextChange(t), clean.nextChange(t));
    if (next < ctx.durationS) ctx.sim.at(next, onStep);
  };
  const onStep = (): void => {
    step();
    ctx.changed();
  };
  step();
  // Its outages' clock starts, up, when it enters service, as an SMR unit's does (before the run's start too: the run
  // then starts where that history has reached): started at the run's start, a grid connected in 2029 in a run from
  // 2027 could enter service in an outage, and its outages moved with the run's start.
  const outages = cfg.outages
    ? new Outages(
        ctx.sim,
        ctx.rng('outages'),
        cfg.outages,
        ctx.changed,
        cfg.in_service === undefined ? 0 : cfg.in_service - startEpochS,
      )
    : undefined;
  const up = (): boolean => outages?.up ?? true;

  return {
    name: cfg.name,
    kind: 'grid',
    mustRun: false,
    availableW: () => (up() ? importCap : 0),
    priceUsdPerJ: () => p,
    carbonKgPerJ: () => c,
    signalAt: (t) => ({
      priceUsdPerJ: price.valueAt(t),
      carbonKgPerJ: carbon.valueAt(t),
      priceKnown: price.known?.(t) ?? true,
      carbonKnown: carbon.known?.(t) ?? true,
    }),
    carbonFreeShare: () => cf,
    ...(shareKnown ? {} : { carbonFreeUnknown: true }),
    // Its outages (one unit), clipped to the service window by the registry's wrapper.
    ...(outages ? { unitOutages: () => outages.downStretches() } : {}),
    export: {
      exportableW: () => (up() ? cfg.export_cap : 0),
      exportPriceUsdPerJ: () => cfg.export_price,
      exported: () => {},
    },
  };
}
