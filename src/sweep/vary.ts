/**
 * `--vary path=v1,v2,v3` and `--vary path=lo:hi:step[ unit]` (`lo:hi` with whole
 * ends: step 1, as `units=0:4`): one varied model field and its values, as the
 * strings handed to the model's `set` overrides (so the model schema validates
 * them like any --set).
 */
import { parse as parseYaml } from 'yaml';
import { parseDate } from '../kernel/time.ts';
import { InputError } from '../model/errors.ts';
import { parsePath, pathOf, quoteHint } from '../model/load.ts';
import { kinds } from '../model/units.ts';
import { variedColumns } from '../output/tables/varied.ts';

export interface Vary {
  /** Model field path, like clusters[0].count. */
  path: string;
  /** Values as override text, like "5000" or "80 $/MWh". */
  values: string[];
}

const NUM = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
/**
 * What may follow a range: nothing, or a unit, which starts with a letter or a sign like $, % or /, never with a
 * digit or punctuation. A typo ("30:50;10 kW", "1:3.5") is then no range but one value, which the model refuses
 * quoting it as written, where it read "30:50" and the unit ";10 kW" and quoted a value never typed, "30 ;10 kW".
 */
const UNIT = String.raw`((?:[^\d\s.,:;+-][^,:]*)?)`;
const RANGE = new RegExp(`^\\s*(${NUM})\\s*:\\s*(${NUM})\\s*:\\s*(${NUM})\\s*${UNIT}$`);
/** lo:hi between whole numbers, a unit after it at most: step 1. */
const WHOLE_RANGE = new RegExp(String.raw`^\s*([-+]?\d+)\s*:\s*([-+]?\d+)\s*${UNIT}$`);
/**
 * Numbers (or nothing) between colons, a unit after them at most, that are not a range: '1.1:1.3' (lo:hi steps by 1
 * between whole numbers only), '1:', '30:50:10:5 kW'. They went to the model as a value, which refused them as not a
 * number, or, read as YAML, as 'an object {1.1:1.3}'.
 */
const NOT_A_RANGE = new RegExp(`^\\s*(?:${NUM})?\\s*(?::\\s*(?:${NUM})?\\s*)+${UNIT}$`);
/**
 * lo:hi or lo:hi:step whose parts carry their units ('10%:30%:10%', '30m:2h:30m'): read as the range in that unit when
 * every part carries the same ('10:30:10 %'), else refused with the range's form (a bare part among them too: is
 * '10%:0.3:5%' to 30 % or 0.3 %?). They went to the model as one value, which refused them as 'expected a fraction
 * like 0.9 or "90%", found "10%:30%:10%"', naming no range.
 */
const PART = String.raw`\s*(${NUM})\s*((?:[^\d\s.,:;+-][^,:]*?)?)\s*`;
const UNITS_RANGE = new RegExp(`^${PART}:${PART}(?::${PART})?$`);

/** The range written with its unit once, after it, or the spec as it is when its ends carry no unit of their own. */
function unitOnce(spec: string, path: string): string {
  const m = UNITS_RANGE.exec(spec);
  if (!m) return spec;
  const parts = [1, 3, 5].filter((i) => m[i] !== undefined).map((i) => ({ n: m[i], unit: m[i + 1] }));
  // A unit after the last number alone is the range's (RANGE, WHOLE_RANGE).
  if (parts.slice(0, -1).every((p) => p.unit === '')) return spec;
  const units = new Set(parts.map((p) => p.unit.replace(/\s+/g, '')));
  if (units.size > 1)
    throw new InputError(
      '--vary',
      path,
      'a range lo:hi:step with one unit, written once after it (like "30:120:30 min" or "10:30:10 %")',
      JSON.stringify(spec.trim()),
    );
  return `${parts.map((p) => p.n).join(':')} ${parts[0].unit}`;
}

/** Ranges longer than this are almost certainly a typo (a step in the wrong unit). */
const MAX_RANGE = 100_000;

function decimals(s: string): number {
  const m = /\.(\d*)/.exec(s.replace(/[eE].*$/, ''));
  const e = /[eE]([-+]?\d+)/.exec(s);
  return Math.max(0, (m ? m[1].length : 0) - (e ? Number(e[1]) : 0));
}

/**
 * lo:hi:step, both ends included, printed with as many decimals as the inputs have. `range` is the range as written
 * for the error (`4:0`, not the `4:0:1` it stands for).
 */
function expandRange(
  lo: string,
  hi: string,
  step: string,
  unit: string,
  where: string,
  range = `${lo}:${hi}:${step}`,
  toHi = false,
): string[] {
  const a = Number(lo),
    b = Number(hi),
    s = Number(step);
  if (s === 0)
    throw new InputError('--vary', where, 'a range lo:hi:step with a step other than 0', JSON.stringify(range));
  if (s < 0) throw new InputError('--vary', where, 'a range lo:hi:step with a positive step', JSON.stringify(range));
  if (a > b) throw new InputError('--vary', where, 'a range lo:hi:step with lo <= hi', JSON.stringify(range));
  const n = Math.floor((b - a) / s + 1e-9) + 1;
  if (n > MAX_RANGE) throw new InputError('--vary', where, `a range of at most ${MAX_RANGE} values`, `${n} values`);
  const d = Math.min(15, Math.max(decimals(lo), decimals(step)));
  const suffix = unit.trim() ? ` ${unit.trim()}` : '';
  // A sizing's range is its bounds: 0:800:300 MWh stopping at 600 never tried the 800 its writer bounded it by.
  if (toHi && (b - a) / s - (n - 1) > 1e-6) {
    const last = Number((a + (n - 1) * s).toFixed(d));
    throw new InputError(
      '--vary',
      where,
      'a range whose hi is lo plus a whole number of steps (both ends are tried)',
      `${JSON.stringify(range)}, which stops at ${last}${suffix} short of ${hi}${suffix}`,
    );
  }
  // Computed as lo + i*step (not by adding steps), rounded to the inputs' decimals: 0.1:0.3:0.1 gives 0.1, 0.2, 0.3.
  return Array.from({ length: n }, (_, i) => `${Number((a + i * s).toFixed(d))}${suffix}`);
}

/** A field path in one spelling (clusters.0.count = clusters[0].count), or the one-line error. */
export function varyPath(text: string, whole = text): string {
  try {
    return pathOf(parsePath(text.trim()));
  } catch {
    throw new InputError(
      '--vary',
      '',
      `path=v1,v2,... or path=lo:hi:step, like clusters[0].count=1000,2000${quoteHint(text.trim())}`,
      JSON.stringify(whole),
    );
  }
}

/** A varied path with its values: at least one, each once. */
export function varyOf(path: string, values: string[]): Vary {
  if (values.length === 0) throw new InputError('--vary', path, 'at least one value', 'an empty list');
  return { path, values: dedupe(values, path) };
}

/**
 * Parse one --vary argument. `toHi`: a range must end on its hi (a sizing's --decide, whose ends are its bounds); a
 * sweep's 0:10:4 is 0, 4, 8.
 */
export function parseVary(text: string, toHi = false): Vary {
  const eq = text.indexOf('=');
  const path = varyPath(eq > 0 ? text.slice(0, eq) : '', text);
  const spec = unitOnce(text.slice(eq + 1), path);
  const r = RANGE.exec(spec);
  const w = r ? undefined : WHOLE_RANGE.exec(spec);
  if (!r && !w && NOT_A_RANGE.test(spec))
    throw new InputError(
      '--vary',
      path,
      'a range lo:hi:step, or lo:hi between whole numbers (step 1)',
      JSON.stringify(spec.trim()),
    );
  return varyOf(
    path,
    r
      ? expandRange(r[1], r[2], r[3], r[4], path, undefined, toHi)
      : w
        ? expandRange(w[1], w[2], '1', w[3], path, `${w[1]}:${w[2]}`)
        : listValues(spec),
  );
}

const BARE = new RegExp(`^${NUM}$`);
const WITH_UNIT = new RegExp(`^(${NUM})\\s*${UNIT}$`);

/**
 * v1,v2,...: a unit after the last value is that of each bare number before it, as a range's is ('0.04,0.06 $/kWh'
 * ran 0.04 as a bare price, $/MWh). Only where every other value is a bare number: a list that gives units of its own
 * ('500,1 GW') or holds words is as written, for the model to check.
 */
function listValues(spec: string): string[] {
  const values = topLevelItems(spec)
    .map((v) => v.trim())
    .filter((v) => v !== '');
  const unit = WITH_UNIT.exec(values.at(-1) ?? '')?.[2].trim();
  const before = values.slice(0, -1);
  if (!unit || before.length === 0 || !before.every((v) => BARE.test(v))) return values;
  return [...before.map((v) => `${v} ${unit}`), values.at(-1)!];
}

/**
 * v1,v2,... split at the commas between values, not those inside a value's braces, brackets or quotes: a structure
 * ('facility.cooling={model: pue, pue: 1.2},{model: pue, pue: 1.3}', as --set takes one) was cut at each comma, and
 * refused as '"{model: pue" twice'. A quote opens only at a value's start, as in YAML (O'Brien is a word).
 */
function topLevelItems(spec: string): string[] {
  const items: string[] = [];
  let item = '';
  let depth = 0;
  let quote: string | undefined;
  for (const ch of spec) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
    } else if ((ch === '"' || ch === "'") && item.trim() === '') quote = ch;
    else if (ch === '{' || ch === '[') depth++;
    else if ((ch === '}' || ch === ']') && depth > 0) depth--;
    else if (ch === ',' && depth === 0) {
      items.push(item);
      item = '';
      continue;
    }
    item += ch;
  }
  items.push(item);
  return items;
}

function dedupe(values: string[], path: string): string[] {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) throw new InputError('--vary', path, 'each value once', `${JSON.stringify(v)} twice`);
    seen.add(v);
  }
  // One number written twice ('1.1,1.10', '60 $/MWh,0.06 $/kWh', '20 MWh,20000 kWh') is one model run as two points
  // (a sizing's two candidates), their column's one number on two rows, which pandas cannot pivot. So is one
  // structure ('{model: pue, pue: 1.2},{pue: 1.2, model: pue}') and one instant ('2027-01-01,2027-01-01T00:00Z').
  const cells = variedColumns([{ path, values }])[0].cells;
  const readings: [(v: string) => number | string | undefined, string][] = [
    [(v) => (Number.isFinite(Number(cells.get(v))) ? Number(cells.get(v)) : undefined), 'the same'],
    [structureOf, 'the same'],
    [instantOf, 'the same instant'],
    [rateOf, 'the same rate'],
  ];
  for (const [read, same] of readings) {
    const xs = values.map(read);
    const twice = xs.findIndex((x, i) => x !== undefined && xs.indexOf(x) < i);
    if (twice > 0)
      throw new InputError(
        '--vary',
        path,
        'each value once',
        `${values[xs.indexOf(xs[twice])]} and ${values[twice]}, ${same}`,
      );
  }
  return values;
}

/** A structure's content with its keys in order (a map's key order is not the model's), else undefined. */
function structureOf(value: string): string | undefined {
  if (!/^\s*[[{]/.test(value)) return undefined;
  const sorted = (x: unknown): unknown =>
    Array.isArray(x)
      ? x.map(sorted)
      : x !== null && typeof x === 'object'
        ? Object.fromEntries(
            Object.keys(x)
              .sort()
              .map((k) => [k, sorted((x as Record<string, unknown>)[k])]),
          )
        : x;
  try {
    return JSON.stringify(sorted(parseYaml(value)));
  } catch {
    return undefined;
  }
}

/** A date's epoch seconds (a date alone or with a time, UTC unless it names a zone, as a model reads it), else undefined. */
function instantOf(value: string): number | undefined {
  if (!/^\s*\d{4}-\d\d-\d\d/.test(value)) return undefined;
  try {
    return parseDate(value);
  } catch {
    return undefined;
  }
}

/**
 * A rate's events per second to 12 digits (12/h, 0.2/min and 1/5min are one), else undefined: its column keeps the
 * text as written, so one rate in two spellings ran one model as two points (a job arrival rate of 12/h and 0.2/min,
 * two rows of the same figures).
 */
function rateOf(value: string): number | undefined {
  if (!/^\s*[-+]?[\d.]/.test(value) || !/\/|per/i.test(value)) return undefined;
  try {
    return Number(kinds.rate.parse(value).toPrecision(12));
  } catch {
    return undefined;
  }
}

/** Is `path` a field inside `outer` (supply[1].energy inside supply[1], not supply[1].energy_x)? */
export const isInside = (path: string, outer: string): boolean =>
  path.startsWith(`${outer}.`) || path.startsWith(`${outer}[`);

/** Does a structure's text give the field at `keys` below it (`{model: pue, pue: 1.5}` gives [pue])? */
function gives(value: string, keys: readonly (string | number)[]): boolean {
  let x: unknown;
  try {
    x = parseYaml(value);
  } catch {
    return false;
  }
  for (const k of keys) {
    if (x === null || typeof x !== 'object' || !(k in x)) return false;
    x = (x as Record<string | number, unknown>)[k];
  }
  return true;
}

/** A refusal of checkVaries's, as a sizing's --decide (or its file's decide:) words it. */
export const asDecided = (expected: string): string =>
  expected
    .replace('each path varied once', 'each path decided once')
    .replace('a path varied after', 'a path decided after')
    .replace('its varied values', 'its decided values');

/**
 * Checks across all --vary: each path once, and none inside another where one would replace the other. Each point
 * applies its values in order, so of facility.cooling.pue=1.2,1.3 and then facility.cooling={model: pue, pue: 1.5},...
 * the section replaced the PUE in every run, and every row was labelled with a value it never ran (a sizing's
 * candidates of 18 to 22 MWh all ran with the 30 MWh of a whole battery decided after them, all feasible, and 18 MWh
 * chosen); the other way round, the PUE replaced the section's own. A field varied after a section whose values leave
 * it out is the section's value with that field added: labelled as it ran.
 */
export function checkVaries(varies: readonly Vary[]): void {
  const seen = new Set<string>();
  for (const v of varies) {
    if (seen.has(v.path)) throw new InputError('--vary', v.path, 'each path varied once', 'it twice');
    seen.add(v.path);
  }
  varies.forEach((v, i) => {
    const o = varies.findIndex((x) => isInside(v.path, x.path));
    if (o < 0) return;
    const outer = varies[o];
    if (o > i)
      throw new InputError(
        '--vary',
        v.path,
        `a path varied after ${outer.path}, which holds it (each point applies its varied values in order: ${outer.path}'s replaced these in every run)`,
        'it before',
      );
    const below = parsePath(v.path).slice(parsePath(outer.path).length);
    const giving = outer.values.find((x) => gives(x, below));
    if (giving !== undefined)
      throw new InputError(
        '--vary',
        v.path,
        `a path no value of ${outer.path} gives (each point applies ${outer.path}'s value, then this one, so ${giving} never ran as written)`,
        `${giving} giving it`,
      );
  });
}
