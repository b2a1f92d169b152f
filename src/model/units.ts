/**
 * Quantities with units, as people write them in model files ("77 MW",
 * "1.2 kW", "30d", "55 $/MWh"), turned into SI once at load time.
 * A bare number is taken in the kind's base unit, which the JSON Schema
 * description states ($/MWh and g/kWh for price and carbon); a model field
 * refuses a bare number other than 0 for a duration, power, energy or rate
 * (UNIT_NEEDED), whose units differ too much to guess.
 */
import * as z from 'zod';
import { AMBIGUOUS_M, SECONDS, formatDuration, parseDuration } from '../kernel/time.ts';

type Table = Record<string, number>;

/** The conversions from SI to the units people read (MWh, kWh, kW): one constant each, used wherever figures leave SI. */
export const J_PER_KWH = 3.6e6;
export const J_PER_MWH = 3.6e9;
export const W_PER_KW = 1e3;

const POWER: Table = { w: 1, kw: 1e3, mw: 1e6, gw: 1e9, kwe: 1e3, mwe: 1e6, gwe: 1e9 };
const ENERGY: Table = {
  j: 1,
  kj: 1e3,
  mj: 1e6,
  gj: 1e9,
  wh: 3600,
  kwh: J_PER_KWH,
  mwh: J_PER_MWH,
  gwh: 3.6e12,
  twh: 3.6e15,
};
/** Prices become USD per joule. */
const PRICE: Table = {
  '$/mwh': 1 / J_PER_MWH,
  'usd/mwh': 1 / J_PER_MWH,
  '$/kwh': 1 / J_PER_KWH,
  'usd/kwh': 1 / J_PER_KWH,
  // Cents a kWh, as US tariffs and the fusion price's sources (5-8 \u00a2/kWh) quote retail energy: 5 \u00a2/kWh is 50 $/MWh.
  '\u00a2/kwh': 0.01 / J_PER_KWH,
  'cents/kwh': 0.01 / J_PER_KWH,
  'cent/kwh': 0.01 / J_PER_KWH,
};
/** Carbon intensities become kg CO2e per joule. */
const CARBON: Table = {
  'g/kwh': 1e-3 / J_PER_KWH,
  'kg/kwh': 1 / J_PER_KWH,
  'kg/mwh': 1 / J_PER_MWH,
  't/mwh': 1e3 / J_PER_MWH,
  'lb/mwh': 0.45359237 / J_PER_MWH,
  // As WattTime writes its rates' unit (lbs/MWh, its columns lbs_co2_per_mwh): refused until 7 December 2026.
  'lbs/mwh': 0.45359237 / J_PER_MWH,
  // As EIA quotes the US grid ("about 0.86 pounds of CO2 per kWh"): refused until 7 December 2026.
  'lb/kwh': 0.45359237 / J_PER_KWH,
  'lbs/kwh': 0.45359237 / J_PER_KWH,
};
/**
 * Money. Capital, O&M and charges become USD, USD per W (per year, per month),
 * USD per kg, kg per W or USD per s; each table lists the spellings people use
 * (the larger ones, a thousand spellings, are built at the first unit parsed).
 */
const MONEY: Table = { $: 1, k$: 1e3, m$: 1e6, b$: 1e9, $k: 1e3, $m: 1e6, $b: 1e9, $bn: 1e9, bn$: 1e9 };
const PER_POWER: Table = { w: 1, kw: 1e-3, mw: 1e-6, gw: 1e-9, kwe: 1e-3, mwe: 1e-6 };
/** `$/<power>` and `k$/<power>` ... with `per` factors from a power table. */
function moneyPer(per: Record<string, number>): Table {
  const t: Table = {};
  for (const [m, f] of Object.entries(MONEY)) for (const [u, g] of Object.entries(per)) t[`${m}/${u}`] = f * g;
  return t;
}
/** A power unit joined to a period word: "kw-yr", "kw/yr", "kw-year", "kwyr"... */
function perPowerPeriod(words: readonly string[]): Record<string, number> {
  const t: Record<string, number> = {};
  for (const [u, g] of Object.entries(PER_POWER))
    for (const w of words) for (const sep of ['-', '/', '.', '·', '']) t[`${u}${sep}${w}`] = g;
  return t;
}
// A tonne written out too ($/tonne, as carbon prices are often quoted).
const MASS: Record<string, number> = { kg: 1, g: 1e-3, t: 1e3, tonne: 1e3, lb: 0.45359237 };
/** Seconds of the period words in a money rate ("$/yr", "$/month"); a year is 365 days, as in durations. */
const PERIOD_S: Record<string, number> = {
  s: 1,
  h: SECONDS.hour,
  hr: SECONDS.hour,
  hour: SECONDS.hour,
  d: SECONDS.day,
  day: SECONDS.day,
  mo: SECONDS.month,
  month: SECONDS.month,
  yr: SECONDS.year,
  y: SECONDS.year,
  year: SECONDS.year,
  a: SECONDS.year,
};
const PER_HOUR: Record<string, number> = {};
for (const w of ['h', 'hr', 'hour'])
  for (const who of ['', 'chip-', 'chip', 'gpu-', 'gpu', 'accelerator-']) PER_HOUR[`${who}${w}`] = 1 / 3600;
const AREA: Table = { m2: 1, 'm^2': 1, 'm²': 1, km2: 1e6, 'km^2': 1e6, 'km²': 1e6 };

interface QuantityKind {
  readonly name: string;
  readonly example: string;
  /** Parse to SI; throw Error(expected) on failure. */
  parse(v: number | string): number;
}

const NUM = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*(.*?)\s*$/i;

/** A number written as text alone ("18", " 14.5 "), as a JSON model or a quoted YAML value gives it; else undefined. */
export function bareNumber(v: string): number | undefined {
  const m = NUM.exec(v);
  return m && m[2] === '' ? Number(m[1]) : undefined;
}

/**
 * Units are read in any case ("77 mw" is 77 MW), but a lower-case m before a capital W or J ("mW", "mWh", "mJ",
 * "$/mWh") is milli in SI: whoever wrote the W in capitals may have meant milliwatts, and reading it as mega is
 * a factor of 1e9. It is refused, as "M" alone is for durations.
 */
const MILLI = /(?:^|[^A-Za-z])m(?:W|J)/;
const AMBIGUOUS_MILLI = '(a lower-case "m" before W or J is milli in SI: write "MW", "MWh" or "MJ" for mega)';

/** Another currency's sign or code in a unit ("50 \u20ac/MWh", "EUR/MWh", "\u00a3/kWh", "CA$/kW"): amounts are US dollars. */
const OTHER_CURRENCY =
  /[\u20ac\u00a3\u00a5\u20b9]|^(eur|gbp|jpy|cny|inr|chf|cad|aud)(?![a-z])|^(ca|c|a|au|nz|hk|s|r)\$/;
const IN_DOLLARS = '(amounts are in US dollars: convert it at your rate)';

/** A kind whose units are a table's keys; `table` may be a function that builds it (once, at the first unit parsed). */
function tableKind(name: string, example: string, table: Table | (() => Table), bare: number): QuantityKind {
  let units = typeof table === 'function' ? undefined : table;
  return {
    name,
    example,
    parse(v) {
      if (typeof v === 'number') return v * bare;
      const m = NUM.exec(v);
      if (!m) throw new Error(example);
      if (MILLI.test(m[2].replace(/\s+/g, ''))) throw new Error(`${example} ${AMBIGUOUS_MILLI}`);
      const unit = m[2]
        .toLowerCase()
        .replace(/\s+/g, '')
        // CO2 named after the unit ("g/kWh CO2e") or on its mass, as carbon data write it ("gCO2/kWh", Electricity
        // Maps' "gCO2eq/kWh", "$/tCO2e"): the mass is of CO2 (equivalent) either way. Only the former was read. Its 2 may
        // be a subscript (Electricity Maps' pages write "gCO\u2082eq/kWh") and its eq hyphenated (IPCC's "CO2-eq").
        .replace(/co[2\u2082](?:-?eq?)?(?=\/|$)/g, '')
        // US dollars written "USD" or "US$" are the dollars amounts are in.
        .replace(/^(usd|us\$)/, '$');
      if (unit === '') return Number(m[1]) * bare;
      units ??= (table as () => Table)();
      const f = units[unit];
      if (f === undefined) throw new Error(OTHER_CURRENCY.test(unit) ? `${example} ${IN_DOLLARS}` : example);
      return Number(m[1]) * f;
    },
  };
}

/** "per day" and friends, as the duration units parseDuration knows. */
const PER_WORD: Record<string, string> = { day: 'd', hour: 'h', week: 'w', year: 'y', min: 'm', minute: 'm' };

/** A mass per power: "kg/kW", "g/W", or its inverse, a specific power "59 W/kg". */
function massPerPowerKind(): QuantityKind {
  const table: Table = {};
  for (const [m, f] of Object.entries(MASS)) for (const [u, g] of Object.entries(PER_POWER)) table[`${m}/${u}`] = f * g;
  const direct = tableKind(
    'mass per power',
    'a mass per power like "17 kg/kW", "17 g/W" or a specific power "59 W/kg"',
    table,
    1e-3,
  );
  const inverse: Table = { 'w/kg': 1, 'kw/kg': 1e3 };
  return {
    ...direct,
    parse(v) {
      if (typeof v === 'string') {
        const m = NUM.exec(v);
        const f = m ? inverse[m[2].toLowerCase().replace(/\s+/g, '')] : undefined;
        if (m && f !== undefined) return 1 / (Number(m[1]) * f);
      }
      return direct.parse(v);
    },
  };
}

/** Money, with the currency before or after the number: "1.6 B$", "$1.6B", "1.6e9 USD", "2500 $". */
function moneyKind(): QuantityKind {
  const example = 'an amount of money like "30000 $", "$1.6B" or "1.6e9 USD"';
  const inner = tableKind('money', example, { ...MONEY, '': 1 }, 1);
  return {
    name: 'money',
    example,
    parse(v) {
      if (typeof v === 'number') return v;
      const t = v.trim();
      if (t.startsWith('$')) {
        const m = NUM.exec(t.slice(1));
        const f = m ? ({ '': 1, k: 1e3, m: 1e6, b: 1e9, bn: 1e9 } as Table)[m[2].toLowerCase()] : undefined;
        if (!m || f === undefined) throw new Error(example);
        return Number(m[1]) * f;
      }
      return inner.parse(t);
    },
  };
}

export const kinds = {
  power: tableKind('power', 'a power like "700 W", "1.2 kW" or "77 MW"', POWER, 1),
  energy: tableKind('energy', 'an energy like "200 MWh" or "3.6 GJ"', ENERGY, 1),
  price: tableKind('price', 'a price like "55 $/MWh" or "0.08 $/kWh"', PRICE, 1 / J_PER_MWH),
  carbon: tableKind('carbon', 'a carbon intensity like "363 g/kWh" or "0.429 kg/kWh"', CARBON, 1e-3 / J_PER_KWH),
  area: tableKind('area', 'an area like "2.4 m2"', AREA, 1),
  money: moneyKind(),
  /** USD per W of capacity. */
  cost_per_power: tableKind(
    'cost per power',
    'a cost per power like "6041 $/kW" or "1.2 M$/MW"',
    () => moneyPer(PER_POWER),
    1e-3,
  ),
  /** USD per W of capacity per year. */
  cost_per_power_year: tableKind(
    'cost per power and year',
    'a cost per power and year like "120 $/kW-yr" or "95000 $/MW/year"',
    () => moneyPer(perPowerPeriod(['yr', 'year', 'y', 'a'])),
    1e-3,
  ),
  /** USD per W per month (demand charges). */
  cost_per_power_month: tableKind(
    'cost per power and month',
    'a cost per power and month like "12 $/kW-month" or "12 $/kW/mo"',
    () => moneyPer(perPowerPeriod(['month', 'mo', 'mon'])),
    1e-3,
  ),
  /** USD per kg (launch). */
  // Money per mass: the mass divides (1.5 M$/t is 1,500 $/kg).
  cost_per_mass: tableKind(
    'cost per mass',
    'a cost per mass like "1500 $/kg" or "80 $/t"',
    () => moneyPer(Object.fromEntries(Object.entries(MASS).map(([u, kg]) => [u, 1 / kg]))),
    1,
  ),
  /** kg per W. */
  mass_per_power: massPerPowerKind(),
  /** USD per second, from a money rate like "$/month", "$/yr" or "$/chip-hour". */
  money_rate: tableKind(
    'money rate',
    'a money rate like "5000 $/month", "2 M$/yr" or "2.5 $/chip-hour"',
    () => moneyPer({ ...Object.fromEntries(Object.entries(PERIOD_S).map(([k, s2]) => [k, 1 / s2])), ...PER_HOUR }),
    1 / 3600,
  ),
  /**
   * USD per second of a charge on the whole site (a grid's fixed charge), from "$/month" or "$/yr": a money rate with
   * no chip in it ("2.5 $/chip-hour" was a connection charge of 21,900 $ a year).
   */
  site_money_rate: tableKind(
    'money rate',
    'a money rate like "5000 $/month" or "60000 $/yr"',
    () => moneyPer(Object.fromEntries(Object.entries(PERIOD_S).map(([k, s2]) => [k, 1 / s2]))),
    1 / 3600,
  ),
  duration: {
    name: 'duration',
    example: 'a duration like "90s", "15m", "36h", "30d" or "1y"',
    parse: (v: number | string) => parseDuration(v),
  } satisfies QuantityKind,
  temperature: {
    name: 'temperature',
    example: 'a temperature like "18 C", "64 F" or "300 K"',
    parse(v: number | string) {
      if (typeof v === 'number') return v;
      const m = NUM.exec(v);
      const u = m?.[2].toLowerCase().replace('°', '');
      if (!m || !(u === '' || u === 'c' || u === 'f' || u === 'k')) throw new Error(this.example);
      const x = Number(m[1]);
      return u === 'f' ? (x - 32) / 1.8 : u === 'k' ? x - 273.15 : x;
    },
  } satisfies QuantityKind,
  /** Events per second, from "60/h", "2/day", "1/30d" or a bare number per second. */
  rate: {
    name: 'rate',
    example: 'a rate like "60/h", "2/day" or "1/30d"',
    parse(v: number | string) {
      if (typeof v === 'number') return v;
      const m = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*(?:\/|per)\s*(.+?)\s*$/i.exec(v);
      if (!m) throw new Error(this.example);
      const per = m[2].replace(/^(an?|one)\s+/, '');
      const unit = /^\d/.test(per) ? per : `1${PER_WORD[per] ?? per}`;
      const s = parseDuration(unit);
      return Number(m[1]) / s;
    },
  } satisfies QuantityKind,
  /** 0.5 or "50%". */
  fraction: {
    name: 'fraction',
    example: 'a fraction like 0.9 or "90%"',
    parse(v: number | string) {
      if (typeof v === 'number') return v;
      const m = /^\s*([-+]?\d+\.?\d*)\s*%\s*$/.exec(v);
      if (m) return Number(m[1]) / 100;
      const n = Number(v);
      if (v.trim() === '' || !Number.isFinite(n)) throw new Error(this.example);
      return n;
    },
  } satisfies QuantityKind,
};

const BARE: Record<keyof typeof kinds, string> = {
  power: 'W',
  energy: 'J',
  price: '$/MWh',
  carbon: 'g/kWh',
  area: 'm2',
  money: 'USD',
  cost_per_power: '$/kW',
  cost_per_power_year: '$/kW-yr',
  cost_per_power_month: '$/kW-month',
  cost_per_mass: '$/kg',
  mass_per_power: 'kg/kW',
  money_rate: '$/h',
  site_money_rate: '$/h',
  duration: 's',
  temperature: '°C',
  rate: 'per second',
  fraction: '0-1',
};

/** A bare 1 of each kind in SI: 1 $/MWh is 1/3.6e9 $/J. */
const BARE_SI = Object.fromEntries(Object.entries(kinds).map(([n, k]) => [n, k.parse(1)])) as Record<
  keyof typeof kinds,
  number
>;

/**
 * The unit a data file's values are in, as a model names it (`unit: kg/kWh` on a carbon trace): how many of the kind's
 * bare unit one of them is (1 kg/kWh is 1,000 g/kWh). Refuses a unit of another kind or none it knows.
 */
export function unitInBare(kind: 'price' | 'carbon', unit: string): number {
  // A unit led by a number is that many of it: "1.08 $/MWh", a euro's worth in dollars at the user's rate.
  const si = kinds[kind].parse(/^[+-]?\.?\d/.test(unit.trim()) ? unit.trim() : `1 ${unit.trim()}`);
  if (!/[a-z$]/i.test(unit) || !(si > 0)) throw new Error(kinds[kind].example);
  return si / BARE_SI[kind];
}

/** Examples of units a `unit:` of each kind takes, for its description and its error. */
export const UNIT_EXAMPLES = { price: '$/MWh or $/kWh', carbon: 'g/kWh, kg/kWh or lb/MWh' } as const;

/** An SI value of a kind in the kind's bare unit, as a message shows it: 2e-8 $/W/s of cost per power and month "20 $/kW-month"-like. */
export function inBareUnit(kind: keyof typeof kinds, si: number): string {
  return `${Number((si / BARE_SI[kind]).toPrecision(12))} ${BARE[kind]}`;
}

/**
 * The kinds whose bare numbers are refused, and what to write instead: a duration, power, energy or rate read in
 * the wrong unit is off by 60 (minutes or seconds) to 1e6 (W or MW); a price, carbon intensity, temperature or
 * money in its base unit ($/MWh, g/kWh, °C, $) is what people write.
 */
const UNIT_NEEDED: Partial<Record<keyof typeof kinds, (v: string) => string>> = {
  duration: (v) => `a duration with its unit, like "${v}h" or "${v}s"`,
  power: (v) => `a power with its unit, like "${v} kW" or "${v} MW"`,
  energy: (v) => `an energy with its unit, like "${v} kWh" or "${v} MWh"`,
  rate: (v) => `a rate with its unit, like "${v}/h" or "${v}/s"`,
  // Arrays are quoted by specific power (iROSA 59 W/kg) and launch masses by kg per kW: a bare 59, meant as W/kg, was
  // 59 kg/kW (16.9 W/kg), launching 3.5 times the mass.
  mass_per_power: (v) => `a mass per power with its unit, like "${v} kg/kW", or a specific power, like "${v} W/kg"`,
};

interface Bounds {
  min?: number;
  max?: number;
  positive?: boolean;
  /**
   * A fraction written without "%" may be at most this (1): above it, the number was meant as a percentage (growth 15,
   * meaning 15 %, is 1,500 %). A percentage above it is still taken ("150%"). A yearly rate of about a per cent
   * (fade, degradation, escalation) takes PER_YEAR_BARE_MAX: its bare 1 or 0.5 was meant as 1 % or 0.5 %.
   */
  bareMax?: number;
  /**
   * A bare number just over `bareMax` (under 2) is a multiple meant as a percentage over 100 (a replacement's 1.2, 120 %
   * of the capital), not a per cent: its message gives no 'like 0.012 or "1.2%"'. Not for a rate of a few per cent
   * (an SMR's ramp of 1.5, meant as 1.5 %/min).
   */
  multipleOverBareMax?: boolean;
  /**
   * A bare number refused under 10 may be a yearly factor (growth 1.3, demand x 1.3 a year, which is 30 %; a discount
   * rate's 1.07; an escalation's 0.98, -2 %): its message gives that reading's percentage beside the per cent's, where
   * the field takes it, where both readings it gave ("1.3%", "130%") ran another growth.
   */
  yearlyFactor?: boolean;
  /** The field's own largest magnitude, in the kind's bare unit, instead of the kind's (MAGNITUDE). */
  magnitude?: number;
  /** What a value beyond `magnitude` is refused with, given the value in SI, instead of the kind's bound. */
  beyond?: (si: number) => string;
  /**
   * A duration of a second or more within a microsecond of a whole second is that second ("4.35h" parses to
   * 15,659.999999999998 s, "0.7d" to 60,479.99999999999 s, which made a sliver of a row and a horizon of
   * 16.799999999999997 h).
   */
  wholeSeconds?: boolean;
  /**
   * A bare number other than 0 is refused, with this message, for a field whose readers write it in units its kind's
   * bare unit is not (a grid's fixed charge is by the month; a money rate's bare unit is $/h).
   */
  needsUnit?: (v: string) => string;
  /**
   * A bare number above 0 and under `below` (in the kind's bare unit) is refused with `words(v)`: a field whose sources
   * quote it in a unit ten times the bare one (a fusion PPA's 5-8 ¢/kWh, where a bare 8 was 8 $/MWh).
   */
  bareLeast?: { below: number; words: (v: string) => string };
  /**
   * A bare number above `above` (in the kind's bare unit) is refused with `words(v)`: a field whose readers quote it in
   * a unit whose numbers run higher (an outdoor temperature in °F, where a bare 64 was 64 °C).
   */
  bareMost?: { above: number; words: (v: string) => string };
  /**
   * A fraction that is a rate per this period (an SMR's ramp a minute, a degradation a year) also takes the period
   * written after its "%", as datasheets write it ("5%/min", "1.5%/yr"): `linear`, another period too, scaled ("300%/h"
   * is 5 % a minute); else only its own (a yearly rate compounds: a month's is not a twelfth of a year's). `example` is
   * what a value it cannot read is refused with (the fraction's 'like 0.9 or "90%"' is a ramp of 90 % a minute).
   */
  per?: { s: number; linear: boolean; example: string };
  /**
   * What the field's values are like, in its refusals and its description, where its kind's example would mislead: a
   * carbon price's cost per mass is by the tonne, and a launch's "1500 $/kg" is 1.5 M$/t, beyond what it takes.
   */
  example?: string;
}

/**
 * "5%/min", "1.5 % per year", "5% a minute" (as the refusal's example reads), "1.5% p.a.": a percentage, then its period
 * (a word or unit parseDuration reads after a 1, or a year's "annum", "a"); group 3 is a bare "p.a." (a year).
 */
const PERCENT_PER =
  /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*%\s*(?:(?:\/|(?:per|an?|each|every)\s)\s*(?:an?\s+|one\s+)?([a-z]+)|(p\.?\s?a\.?))\s*$/i;
/** A year's words beside PER_WORD's: "per annum", "%/a" (the symbol of the annum, as European datasheets write it). */
const PER_YEAR: Record<string, string> = { annum: 'y', a: 'y' };

/**
 * A fraction written with its period ("5%/min") per `per`: the share per `per.s`; NaN where the period is not one it
 * takes; undefined where the text has no period (read as any fraction).
 */
function percentPer(v: string, per: NonNullable<Bounds['per']>): number | undefined {
  const m = PERCENT_PER.exec(v);
  if (!m) return undefined;
  let s: number;
  try {
    // The annum's words for a yearly rate only: a ramp "5%/a" is a typo, not 5 % a year.
    const word = m[3] !== undefined ? 'annum' : m[2].toLowerCase();
    const year = per.linear ? undefined : PER_YEAR[word];
    const unit = PER_WORD[word] ?? year ?? m[2];
    if (unit === undefined) return Number.NaN;
    s = parseDuration(`1${unit}`);
  } catch {
    return Number.NaN;
  }
  if (!(s > 0) || (!per.linear && s !== per.s)) return Number.NaN;
  return (Number(m[1]) / 100) * (per.s / s);
}

/**
 * An outdoor temperature written bare above `above` °C, where such figures are quoted in °F as often as in °C (ASHRAE's
 * economiser limits of 65-75 °F, a US site's annual mean of 57 °F): refused with both readings, as `bareMost`.
 */
export function fahrenheitLikely(above: number, why: string): NonNullable<Bounds['bareMost']> {
  return {
    above,
    words: (v) =>
      `a temperature with its unit, like "${v} F" or "${v} C" (a bare number is °C, and ${why}: ${v} °F is ${+(((Number(v) - 32) * 5) / 9).toFixed(1)} °C)`,
  };
}

/**
 * The largest coefficient of variation of a lognormal draw. The median is mean / sqrt(1 + cv^2) and the mean is
 * carried by ever rarer draws: at cv 100 half of it comes from draws above 10,001 times the median, one draw in
 * 800; at 1e30 every draw is about zero and no run sees the mean it was given.
 */
export const CV_MAX = 100;
/**
 * A bare cv above this is a percentage without its "%": a repair_cv of 50, meant as 50 %, drew repairs whose median is
 * a fiftieth of the mttr (a 4-year run of 40 units 94.0 % available against the 92.7 % expected beside it), exit 0.
 */
const CV_BARE_MAX = 10;

/**
 * A lognormal's coefficient of variation (repair times, run times, a burst's size or length): 0 to CV_MAX, "50%" taken,
 * a bare number above CV_BARE_MAX refused as a percentage without its "%", its median said as `median(n)` (n: 1/n of
 * the mean, as "repair at 1/50 of mttr").
 */
export function cvQuantity(description: string, median: (n: number) => string) {
  return quantity(
    'fraction',
    {
      min: 0,
      max: CV_MAX,
      example: 'a coefficient of variation like 0.5 or "50%"',
      bareMost: {
        above: CV_BARE_MAX,
        // The ratio's reading offered only where the field takes it, and neither beyond (1e30 as a per cent too).
        words: (v) => {
          const x = Number(v);
          if (x / 100 > CV_MAX) return `a coefficient of variation at most ${CV_MAX} (or "${CV_MAX * 100}%")`;
          const meant = x <= CV_MAX ? `; write "${Number((x * 100).toPrecision(12))}%" if meant` : '';
          return `a coefficient of variation like ${Number((x / 100).toPrecision(12))} or "${v}%" (a bare number above ${CV_BARE_MAX} is the ratio itself: ${v} puts the median ${median(Math.round(Math.sqrt(1 + x ** 2)))}${meant})`;
        },
      },
    },
    `${description}, at most ${CV_MAX} (${CV_MAX * 100}%; beyond it the mean is carried by draws too rare for any run to see, so the run's mean is not the one given); a bare number above ${CV_BARE_MAX} is refused as a percentage without its "%" (50: write 0.5 or "50%")`,
  );
}

/**
 * The most a yearly rate quoted in per cent (a battery's calendar fade 0.5-1.5 %/yr, an array's degradation 1.5 %/yr,
 * escalation 2-3 %/yr) is taken as a bare share: 20 %/yr. A bare 1 ran as 100 %/yr (a battery replaced every 73 days).
 */
export const PER_YEAR_BARE_MAX = 0.2;

/**
 * A duration field's refusal of a bare number (Bounds.needsUnit), offering the unit it is quoted in: the duration's own
 * 'like "18h" or "18s"' offered an SMR's refuelling cycle of 18 hours or seconds for the 18 months meant. A number at most
 * `yearsUpTo` is offered in years too: a cycle of 2 was offered "2mo" until 8 December 2026, which loads (60 days).
 */
export const bareDurationIn =
  (what: string, unit: string, yearsUpTo?: number) =>
  (v: string): string =>
    `${what} with its unit, like ${yearsUpTo !== undefined && Number(v) <= yearsUpTo ? `"${v}y" or "${Number((Number(v) * 12).toPrecision(12))}mo"` : `"${v}${unit}"`} (a bare number other than 0 could be in any unit)`;

/**
 * A yearly rate's period, for a fraction's `per`: its year written after it ("7%/yr", "7% p.a."), another period refused
 * (a yearly rate compounds), and `example` what a value none of them reads is refused with.
 */
export const perYear = (example: string): NonNullable<Bounds['per']> => ({ s: SECONDS.year, linear: false, example });

/** Its words in a description. */
export const PER_YEAR_BARE_WORDS =
  'above 20 %/yr only as a percentage ("30%": a bare 1 is refused, not read as 100 %/yr)';

/**
 * Is the signal `v` above the threshold `x` (both SI)? By more than a billionth of it: a trace's hour written as the
 * threshold is (55.54 $/MWh, 123.456 g/kWh) is at it, not above, though its conversion to SI (v / 3.6e9) and the
 * threshold's (v x (1 / 3.6e9)) can round apart in the last bit: a policy's `above` held such hours, and a battery's
 * charge_below did not charge in them. `isBelow` likewise.
 */
export function isAbove(v: number, x: number): boolean {
  return v > x + 1e-9 * Math.abs(x);
}
export function isBelow(v: number, x: number): boolean {
  return v < x - 1e-9 * Math.abs(x);
}

/** A whole number with thousands separators, written here: toLocaleString at load mapped 4.6 MiB of ICU data into every run. */
export const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+$)/g, ',');

/**
 * A bound in a refusal, in the unit models write (power in MW, energy in MWh; the others in the kind's bare unit),
 * digits grouped: 'power of at most 1,000,000 MW', where 1000000000000 W had the reader count zeros. A bound of 0
 * has no unit ('energy at least 0'), as 0 is 0 in any.
 */
function bound(kind: keyof typeof kinds, si: number): string {
  if (si === 0) return '0';
  const [unit, div] =
    kind === 'power' ? ['MW', 1e6] : kind === 'energy' ? ['MWh', J_PER_MWH] : [BARE[kind], BARE_SI[kind]];
  const v = Number((si / div).toPrecision(12));
  return `${Math.abs(v) >= 1e4 && Number.isInteger(v) ? grouped(v) : String(v)} ${unit}`;
}

/** A fraction's bound as a share and in per cent, as either may have been written: 'at most 1 (100%)', 'at least -0.5 (-50%)'. */
const fractionBound = (b: number): string => `${b} (${Number((b * 100).toPrecision(12))}%)`;

/**
 * The largest magnitude of each kind any real site has, with room to spare:
 * beyond it the value is a typo, and products of such values (power x price
 * x hours) overflow to Infinity and NaN in the figures. 1 TW is a third of
 * the world's mean electric power; 3.6e18 J is 1,000 TWh; 1e6 $/MWh is 60 times
 * the highest market price cap; 1e4 g/kWh is ten times lignite; 1e10 m2 is
 * 10,000 km2; 1e4 °C is hotter than the Sun's surface; a billion a second is
 * more requests than the web serves. Money has no site-wide figure, but
 * each kind is a cost per unit, far above any real one: 1e9 $ for an
 * accelerator (some 30,000 times an H100's price); 1e9 $/kW (a million
 * dollars a watt) of capital, and the same per kW a year or a month; 1e9 $/kg
 * launched; 1e6 kg/kW (a tonne a watt); 1e6 $/h of a money rate (a rental or
 * a fixed charge). Each is in the kind's bare unit (BARE), compared after
 * the value is in SI. Durations are bounded by the work they make
 * (src/model/limits.ts).
 */
export const MAGNITUDE: Partial<Record<keyof typeof kinds, number>> = {
  power: 1e12,
  energy: 3.6e18,
  price: 1e6,
  carbon: 1e4,
  area: 1e10,
  temperature: 1e4,
  rate: 1e9,
  money: 1e9,
  cost_per_power: 1e9,
  cost_per_power_year: 1e9,
  cost_per_power_month: 1e9,
  cost_per_mass: 1e9,
  mass_per_power: 1e6,
  money_rate: 1e6,
  site_money_rate: 1e6,
};

/**
 * The input of a quantity: one schema per kind serves all its quantities (zod's
 * schemas are immutable), three fewer to build per quantity at start-up. A value
 * of neither type (null, a list, a mapping, Infinity) is refused in the kind's
 * words ('a duration like "90s", ...'), not the union's 'one of the allowed forms'.
 */
const numberOrString = new Map<string, z.ZodType<number | string>>();
function numberOrStringOf(kind: keyof typeof kinds): z.ZodType<number | string> {
  let u = numberOrString.get(kind);
  if (!u) {
    const words = kinds[kind].example;
    u = z.union([z.number(), z.string()], { error: (i) => (i.code === 'invalid_union' ? words : undefined) });
    numberOrString.set(kind, u);
  }
  return u;
}

/** What a quantity of some kind is expected to be, as its refusal of a value of the wrong type says. */
export const QUANTITY_WORDS: ReadonlySet<string> = new Set(Object.values(kinds).map((k) => k.example));

/** A duration but for its minus sign ("-4h", "- 15m", -300): what parseDuration refuses as negative. */
function isNegativeDuration(v: number | string): boolean {
  if (typeof v === 'number') return v < 0 && Number.isFinite(v);
  const body = v.trim();
  if (!body.startsWith('-')) return false;
  try {
    return parseDuration(body.slice(1)) > 0;
  } catch {
    return false;
  }
}

/** A number whose digits a comma or a space separates ("1,500 kW", "1 500 kW", "1,5 MW"), and what follows it. */
const GROUPED_DIGITS = /^(\s*\$?\s*[-+]?)(\d+(?:[, \u00a0\u202f]\d+)+)(\.\d+)?(?![\d.])(.*)$/;

/**
 * How to write a quantity whose number has a comma or a space between its digits, which no quantity reads: a comma is a
 * thousands separator to some ("1,500 kW") and a decimal mark to others ("1,5 MW", as much of Europe writes it), so
 * "1,500 kW" could be either; undefined for any other text.
 */
function digitGroups(v: string): string | undefined {
  const m = GROUPED_DIGITS.exec(v);
  if (!m) return undefined;
  const [, before, digits, fraction = '', after] = m;
  const groups = digits.split(/[, \u00a0\u202f]/);
  const seps = digits.match(/[, \u00a0\u202f]/g)!;
  const thousands = groups.slice(1).every((g) => g.length === 3) && new Set(seps).size === 1;
  const decimal = groups.length === 2 && seps[0] === ',' && fraction === '';
  const as = (n: string): string => `"${`${before}${n}${fraction}${after}`.trim()}"`;
  if (thousands && decimal)
    return `(a comma between digits is a thousands separator to some and a decimal mark to others: write ${as(groups.join(''))} or ${as(groups.join('.'))})`;
  if (thousands) return `(no separators between a number's digits: write ${as(groups.join(''))})`;
  if (decimal) return `(a decimal point, not a comma: write ${as(groups.join('.'))})`;
  return undefined;
}

/**
 * A zod type for a quantity of the given kind. The output is SI; the JSON
 * Schema accepts a number or a string.
 */
export function quantity(kind: keyof typeof kinds, bounds: Bounds = {}, description?: string) {
  const k = kinds[kind];
  const bareSI = BARE_SI[kind];
  // What a value it cannot read is refused with, and its description says: a rate's with its period (bounds.per), else
  // the field's own (bounds.example), else its kind's.
  const example = bounds.per?.example ?? bounds.example ?? k.example;
  const schema = numberOrStringOf(kind).transform((v, ctx) => {
    let x: number;
    try {
      const perX = bounds.per && typeof v === 'string' ? percentPer(v, bounds.per) : undefined;
      if (Number.isNaN(perX)) throw new Error(bounds.per!.example);
      x = perX ?? k.parse(v);
    } catch (e) {
      // A negative duration ("-4h", -300) is one, of the wrong sign: its bound, as "0s" gets, where 'expected a duration
      // like "90s", "15m", "36h" ..., found "-4h"' showed the very form asked for.
      if (kind === 'duration' && isNegativeDuration(v)) {
        const least = bounds.positive
          ? 'duration greater than zero'
          : `duration at least ${formatDuration(bounds.min ?? 0)}`;
        ctx.addIssue({ code: 'custom', message: least, input: v });
        return z.NEVER;
      }
      const why =
        [AMBIGUOUS_M, AMBIGUOUS_MILLI, IN_DOLLARS].find((w) => (e as Error).message.endsWith(w)) ??
        (typeof v === 'string' ? digitGroups(v) : undefined);
      ctx.addIssue({ code: 'custom', message: why ? `${example} ${why}` : example, input: v });
      return z.NEVER;
    }
    const fail = (what: string) => {
      ctx.addIssue({ code: 'custom', message: what, input: v });
      return z.NEVER;
    };
    if (!Number.isFinite(x)) return fail(k.example);
    // A bare number of a kind whose units differ 60- to a billionfold (s or h, W or MW, per s or per h) is refused:
    // chip_mtbf 50700 meant in hours was 14 h, rating 77 meant in MW was 77 W. Zero is zero in any unit.
    const needsUnit = UNIT_NEEDED[kind];
    // A bare number of the wrong sign is refused for its sign, not its unit: an import_cap of -1, as other tools write
    // 'no limit', was told 'expected a power with its unit, like "-1 kW"', and "-1 kW" then 'expected power at least 0'.
    if ((needsUnit || bounds.needsUnit) && kind !== 'temperature' && x < 0) {
      if (bounds.positive) return fail(`${k.name} greater than zero`);
      if (bounds.min !== undefined && x < bounds.min && bounds.min >= 0)
        return fail(`${k.name} at least ${bound(kind, bounds.min)}`);
    }
    // But a temperature's zero is not: a radiator's sink: 0, meant as absolute zero, was 0 °C (273.15 K).
    if (
      (needsUnit || bounds.needsUnit) &&
      (x !== 0 || kind === 'temperature') &&
      (typeof v === 'number' || NUM.exec(v)?.[2] === '')
    )
      return fail(
        bounds.needsUnit
          ? bounds.needsUnit(String(v).trim())
          : `${needsUnit!(String(v).trim())} (a bare number other than 0 could be in any unit)`,
      );
    // Written without a unit: a number, or a string of one alone ("0.08", "8e-2": its exponent's e is no unit, where a
    // test for any letter took "8e-2" for one with its unit and ran it as 0.08 $/MWh).
    const bare = typeof v === 'number' || NUM.exec(v)?.[2] === '';
    const shown = String(v).trim();
    // A bare carbon intensity is g/kWh; under 1 it is a kg/kWh figure written without its unit (no grid is that clean).
    if (kind === 'carbon' && x > 0 && x < bareSI && bare)
      return fail(
        `a carbon intensity with its unit (a bare number is g/kWh, and no grid is under 1 g/kWh): "${shown} kg/kWh" or "${shown} g/kWh"`,
      );
    // A bare price is $/MWh; under 1 it is a $/kWh figure written without its unit (0.08, as retail tariffs are quoted,
    // billed a thousandth of the energy): no tariff, contract, fuel or payment is under 1 $/MWh.
    if (kind === 'price' && x > 0 && x < bareSI && bare)
      return fail(
        `a price with its unit (a bare number is $/MWh, and nothing is priced under 1 $/MWh): "${shown} $/kWh" or "${shown} $/MWh"`,
      );
    if (bounds.bareLeast && bare && x > 0 && x < bounds.bareLeast.below * bareSI)
      return fail(bounds.bareLeast.words(shown));
    if (bounds.bareMost && bare && x > bounds.bareMost.above * bareSI) return fail(bounds.bareMost.words(shown));
    if (bounds.positive && !(x > 0)) return fail(`${k.name} greater than zero`);
    // Either side of zero: an escalation of -0.5, meant as -0.5 %/yr, ran at -50 %/yr.
    if (bounds.bareMax !== undefined && Math.abs(x) > bounds.bareMax && (typeof v === 'number' || !v.includes('%'))) {
      const pct = Number((x * 100).toPrecision(12));
      // 'write "150%" if meant' only where the field takes 150 %, and the yearly factor's reading where it takes that: a
      // discount rate's 1.07 (7 %), bounded at 100 %, was given no reading that runs.
      const takes = (y: number) =>
        (bounds.max === undefined || y <= bounds.max) && (bounds.min === undefined || y >= bounds.min);
      const readings = takes(x) ? [`write "${pct}%" if meant`] : [];
      if (bounds.yearlyFactor && x > 0 && x < 10 && takes(x - 1))
        readings.push(
          `${readings.length ? '' : 'write '}${x === 1 ? '0' : `"${Number(((x - 1) * 100).toPrecision(12))}%"`} if ${x} is the yearly factor`,
        );
      const meant = readings.length ? `; ${readings.join(', or ')}` : '';
      // A replacement's 1.2 is a multiple meant as 120 %, not 1.2 % (multipleOverBareMax).
      const like =
        bounds.multipleOverBareMax && Math.abs(x) < 2
          ? `a bare fraction at most ${bounds.bareMax}`
          : `a fraction like ${Number((x / 100).toPrecision(12))} or "${x}%"`;
      return fail(`${like} (a bare number is a share of 1: ${x} is ${pct} %${meant})`);
    }
    if (bounds.min !== undefined && x < bounds.min)
      return fail(
        kind === 'duration'
          ? `duration at least ${formatDuration(bounds.min)}`
          : `${k.name} at least ${kind === 'fraction' ? fractionBound(bounds.min) : bound(kind, bounds.min)}`,
      );
    // A share written as a percentage without its "%" (duty 80, round_trip 88): how to write it.
    if (
      bounds.max !== undefined &&
      kind === 'fraction' &&
      x >= 2 && // 1.5 is more likely a share too large than 1.5 %
      x > bounds.max &&
      x / 100 <= bounds.max &&
      (typeof v === 'number' || !v.includes('%'))
    )
      return fail(`a fraction at most ${bounds.max}, like ${x / 100} or "${x}%" (a bare number is a share of 1)`);
    if (bounds.max !== undefined && x > bounds.max)
      return fail(
        kind === 'duration'
          ? `duration at most ${formatDuration(bounds.max)}`
          : `${k.name} at most ${kind === 'fraction' ? fractionBound(bounds.max) : bound(kind, bounds.max)}`,
      );
    // The bound is in the bare unit ($/MWh, g/kWh, $/kW...), the value in SI ($/J, kg/J, $/W): compare alike.
    const most = bounds.magnitude ?? MAGNITUDE[kind];
    if (most !== undefined && Math.abs(x) > most * bareSI)
      return fail(bounds.beyond ? bounds.beyond(x) : `${k.name} of at most ${bound(kind, most * bareSI)} in magnitude`);
    if (kind === 'temperature' && x < -273.15) return fail('a temperature at or above absolute zero (-273.15 °C, 0 K)');
    if (bounds.wholeSeconds) {
      const whole = Math.round(x);
      if (whole >= 1 && Math.abs(x - whole) <= Math.max(1e-6, x * 1e-12)) return whole;
    }
    return x;
  });
  // What .meta() does, without the copy of the schema it makes first (a model's schema holds some 120 quantities). A
  // share whose bare numbers stop short of 1 (a yearly rate's 0.2) says so; a bareMax of 1, or just under, is the kind's 0-1;
  // a ratio whose bare numbers go past 1 (a cv's 10) says how far.
  const bareWords = (): string => {
    if (UNIT_NEEDED[kind] || bounds.needsUnit)
      return `a bare number${kind === 'temperature' ? ', 0 too,' : ' other than 0'} is refused (write its unit)`;
    if (bounds.bareMax !== undefined && bounds.bareMax < 0.99)
      return `a bare number is a share of 1, at most ${bounds.bareMax} in magnitude`;
    if (kind === 'fraction' && bounds.bareMost)
      return `a bare number is the ratio itself, at most ${bounds.bareMost.above}`;
    return `a bare number is in ${BARE[kind]}`;
  };
  z.globalRegistry.add(schema, {
    description: `${description ? `${description}. ` : ''}${example[0].toUpperCase()}${example.slice(1)}; ${bareWords()}.`,
  });
  return schema;
}
