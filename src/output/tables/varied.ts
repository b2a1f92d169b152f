/**
 * A varied value's column in the tables (a sweep's summary.csv, points.csv,
 * points_jobs.csv and differences.csv; a sizing's candidates.csv, feasible.csv
 * and fronts): a quantity is a plain number, its unit in the column's name as
 * every other column of the project carries it (`supply[2].energy_mwh`,
 * `supply[0].price_usd_per_mwh`; unitOf reads it back), so pandas and a
 * spreadsheet read the column as numbers. The values keep their text
 * everywhere else (the runs' --set, run ids and seeds, best.json).
 *
 * One unit a column: the first value's (`500 kWh, 1 MWh` is 500, 1000 in
 * kWh); a unit without a name word, and a bare number among quantities (in
 * the field's base unit, as the model reads it), are converted to it. g/kWh
 * is written as kg_per_mwh, the same number. Values that are not all
 * quantities of one kind (counts, names, modes, dates, rates like 60/h) stay
 * as written: numbers as numbers, text as text.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { kinds } from '../../model/units.ts';
import { PROJECT_YEARS } from '../../model/costs.ts';

/** A varied field and its values as written (a sweep's --vary, a sizing's --decide). */
interface Varied {
  path: string;
  values: readonly string[];
}

export interface VariedColumn {
  /** The varied model field, like supply[2].energy. */
  path: string;
  /** The column's name: the path, with the unit's word when its values are quantities (supply[2].energy_mwh). */
  name: string;
  /** The cells' unit as people write it (MWh, $/MWh, °C), '' for values as written. */
  unit: string;
  /** Each value's cell. */
  cells: Map<string, string>;
}

type Kind = keyof typeof kinds;

/** The units a column is written in: the spelling kinds[kind] parses, the word the column's name ends in. */
interface ColumnUnit {
  kind: Kind;
  spelling: string;
  word: string;
}
const unit = (kind: Kind, spelling: string, word: string): ColumnUnit => ({ kind, spelling, word });
const COLUMN_UNITS: Record<string, ColumnUnit> = {
  w: unit('power', 'W', 'w'),
  kw: unit('power', 'kW', 'kw'),
  mw: unit('power', 'MW', 'mw'),
  gw: unit('power', 'GW', 'gw'),
  kwe: unit('power', 'kW', 'kw'),
  mwe: unit('power', 'MW', 'mw'),
  gwe: unit('power', 'GW', 'gw'),
  j: unit('energy', 'J', 'j'),
  kwh: unit('energy', 'kWh', 'kwh'),
  mwh: unit('energy', 'MWh', 'mwh'),
  gwh: unit('energy', 'GWh', 'gwh'),
  '$/mwh': unit('price', '$/MWh', 'usd_per_mwh'),
  '$/kwh': unit('price', '$/kWh', 'usd_per_kwh'),
  // A carbon intensity in g/kWh is the same number in kg/MWh, a unit the figures' names already use.
  'g/kwh': unit('carbon', 'kg/MWh', 'kg_per_mwh'),
  'kg/mwh': unit('carbon', 'kg/MWh', 'kg_per_mwh'),
  'kg/kwh': unit('carbon', 'kg/kWh', 'kg_per_kwh'),
  't/mwh': unit('carbon', 't/MWh', 't_per_mwh'),
  $: unit('money', '$', 'usd'),
  '$/w': unit('cost_per_power', '$/W', 'usd_per_w'),
  '$/kw': unit('cost_per_power', '$/kW', 'usd_per_kw'),
  '$/mw': unit('cost_per_power', '$/MW', 'usd_per_mw'),
  // A demand charge, a fixed O&M cost and a carbon or launch price: money per power and month or year, per mass.
  '$/kw-month': unit('cost_per_power_month', '$/kW-month', 'usd_per_kw_month'),
  '$/mw-month': unit('cost_per_power_month', '$/MW-month', 'usd_per_mw_month'),
  '$/kw-yr': unit('cost_per_power_year', '$/kW-yr', 'usd_per_kw_yr'),
  '$/mw-yr': unit('cost_per_power_year', '$/MW-yr', 'usd_per_mw_yr'),
  '$/kg': unit('cost_per_mass', '$/kg', 'usd_per_kg'),
  '$/t': unit('cost_per_mass', '$/t', 'usd_per_t'),
  s: unit('duration', 's', 's'),
  m: unit('duration', 'min', 'min'),
  min: unit('duration', 'min', 'min'),
  h: unit('duration', 'h', 'h'),
  d: unit('duration', 'd', 'd'),
  '%': unit('fraction', '%', 'pct'),
  c: unit('temperature', 'C', 'c'),
};
/** The unit of a column whose first unit has no word (7 days, 2 GJ, 300 K): the kind's usual one. */
const KIND_UNIT: Partial<Record<Kind, string>> = {
  power: 'kw',
  energy: 'mwh',
  price: '$/mwh',
  carbon: 'kg/mwh',
  money: '$',
  cost_per_power: '$/kw',
  cost_per_power_month: '$/kw-month',
  cost_per_power_year: '$/kw-yr',
  cost_per_mass: '$/kg',
  duration: 'h',
  fraction: '%',
  temperature: 'c',
};

const NUMBER_UNIT = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$/;
/** A unit as the tables above spell it: lower case, no spaces, USD as $, °C as c. */
const normal = (u: string): string =>
  u
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/^(usd|us\$)/, '$')
    .replace(/^°/, '');

/** kinds[kind] reads the text (a bare number in its base unit), or undefined. */
function si(kind: Kind, text: string): number | undefined {
  try {
    const x = kinds[kind].parse(text);
    return Number.isFinite(x) ? x : undefined;
  } catch {
    return undefined;
  }
}

/** The column of one varied field. */
function variedColumn(v: Varied): VariedColumn {
  // A varied seed is each point's base seed (src/sweep/seeds.ts): named so, as `seed` is each run's own beside it.
  const name = v.path === 'seed' ? 'base_seed' : v.path;
  const asWritten = { path: v.path, name, unit: '', cells: new Map(v.values.map((x) => [x, x])) };
  // The project's years are a count, "10y" 10 of them, not a duration's 87,600 h (economics.years_h).
  if (v.path === 'economics.years' && v.values.every((x) => PROJECT_YEARS.test(x)))
    return { ...asWritten, cells: new Map(v.values.map((x) => [x, String(Number(PROJECT_YEARS.exec(x)![1]))])) };
  const parts = v.values.map((x) => NUMBER_UNIT.exec(x));
  const first = parts.find((m) => m && m[2] !== '');
  if (!first || parts.some((m) => !m)) return asWritten;
  const written = COLUMN_UNITS[normal(first[2])];
  const kind =
    written && v.values.every((x) => si(written.kind, x) !== undefined)
      ? written.kind
      : (Object.keys(KIND_UNIT) as Kind[]).find((k) => v.values.every((x) => si(k, x) !== undefined));
  if (!kind) return asWritten;
  const to = written?.kind === kind ? written : COLUMN_UNITS[KIND_UNIT[kind]!];
  const one = si(kind, `1 ${to.spelling}`)!;
  const cells = new Map(
    v.values.map((x, i) => {
      const [, n, u] = parts[i]!;
      // The column's own unit (or its twin, g/kWh in kg/MWh) keeps the number as written; others are converted.
      const same = u !== '' && COLUMN_UNITS[normal(u)]?.spelling === to.spelling;
      return [x, String(same ? Number(n) : Number((si(kind, x)! / one).toPrecision(12)))];
    }),
  );
  return { path: v.path, name: `${v.path}_${to.word}`, unit: to.spelling === 'C' ? '°C' : to.spelling, cells };
}

/** The columns of the varied fields, in --vary order. */
export const variedColumns = (vary: readonly Varied[]): VariedColumn[] => vary.map(variedColumn);

/** The spec a sweep's or sizing's folder saved (sweep.json, size.json) and the key of its varied fields, if readable. */
function folderSpec(dir: string): { spec: Record<string, unknown>; key: 'vary' | 'decide' } | undefined {
  for (const [file, key] of [
    ['sweep.json', 'vary'],
    ['size.json', 'decide'],
  ] as const) {
    if (!existsSync(join(dir, file))) continue;
    try {
      return { spec: JSON.parse(readFileSync(join(dir, file), 'utf8')), key };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The varied columns of a sweep's or sizing's folder by name, from the spec it saved (sweep.json's vary,
 * size.json's decide); none for a folder without one (tables from elsewhere, read by their cells).
 */
export function variedColumnsOf(dir: string): Map<string, VariedColumn> {
  const s = folderSpec(dir);
  try {
    return new Map(variedColumns((s?.spec[s.key] as Varied[] | undefined) ?? []).map((c) => [c.name, c]));
  } catch {
    return new Map(); // a spec of another shape (an older or hand-written sweep.json): read the tables by their cells
  }
}

/** Names of a model file's list items, each by its name or else its kind (supply[1] -> smr); none for a file not readable. */
export function itemNames(modelFile: string | undefined): Map<string, string> {
  const names = new Map<string, string>();
  try {
    const model = modelFile ? (parseYaml(readFileSync(modelFile, 'utf8')) as Record<string, unknown>) : {};
    // Every list item at any depth with a name (or kind): supply[0], supply[0].costs.tou_demand[0].
    const walk = (value: unknown, path: string): void => {
      if (Array.isArray(value))
        value.forEach((it: { name?: unknown; kind?: unknown } | null, i) => {
          const at = `${path}[${i}]`;
          const name = it && typeof it === 'object' ? (it.name ?? it.kind) : undefined;
          if (name !== undefined) names.set(at, String(name));
          walk(it, at);
        });
      else if (value && typeof value === 'object')
        for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    };
    walk(model ?? {}, '');
  } catch {
    // The model moved or is not YAML: paths are named by their index.
  }
  return names;
}

/** Names of the list items of the model a sweep's or sizing's folder ran (its sweep.json or size.json names the file). */
export const itemNamesOf = (dir: string): Map<string, string> =>
  itemNames(folderSpec(dir)?.spec.model as string | undefined);

/** A varied path in words, naming list items by their name in the model: supply[1].units -> "smr units". */
export function variedWords(path: string, itemNames: Map<string, string>): string {
  return path
    .replace(
      /([A-Za-z_]+)\[(\d+)\]/g,
      (m, list: string, i: string, at: number) =>
        itemNames.get(path.slice(0, at + m.length)) ?? `${list} ${Number(i) + 1}`,
    )
    .replace(/\.cop$/, ' COP')
    .replace(/^facility\./, '')
    .replace(/[._]/g, ' ')
    .trim();
}

/** A point's (or candidate's) cells, one per varied column. */
export const variedCells = (columns: readonly VariedColumn[], values: Record<string, string>): string[] =>
  columns.map((c) => c.cells.get(values[c.path]) ?? values[c.path]);
