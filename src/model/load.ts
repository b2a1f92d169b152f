/**
 * Reading a model file: YAML or JSON (YAML 1.2 reads both), `--set`
 * overrides applied to the document, then one schema validates it. Every
 * failure becomes an InputError naming file, field path and line.
 */
import { readDataFile } from './read-input.ts';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import {
  LineCounter,
  parseDocument,
  parse as parseYaml,
  stringify as stringifyYaml,
  isMap,
  isScalar,
  isSeq,
  visit,
  type Alias,
  type Document,
  type Node as YamlNode,
} from 'yaml';
import * as z from 'zod';
import { InputError, describeFound, formatPath, invisibleIn, similar } from './errors.ts';
import { DATE_WORDS } from './date.ts';
import { QUANTITY_WORDS, kinds } from './units.ts';
import { dataFileRefs, dataPath, hashDataFile, type DataFile } from './data-files.ts';

export interface Loaded<T> {
  model: T;
  /** The document after overrides, as plain data. */
  raw: Record<string, unknown>;
  /**
   * Short hash of what determines the results: the effective model (after
   * overrides) but its name and description, with each data file's path
   * replaced by the sha256 of its content.
   */
  hash: string;
  file: string;
  /** File name without extension: the default run name. */
  stem: string;
  /** The folder relative data paths are read from (the model file's). */
  baseDir: string;
  /** Every data file the model names, with its content's hash. */
  data: DataFile[];
  /** Where a field of the document is, for an error about it: the file (or the flag that set it) and line. */
  locate(keys: readonly Key[]): { file: string; line?: number };
}

export type Key = string | number;

/** A `path=value` override, or one that a named flag made (`--duration 30d` is `duration=30d`), so errors name the flag. */
export type Override = string | { readonly set: string; readonly flag: string };

/** Where an override landed, and what the user typed to put it there. */
interface SetPath {
  keys: Key[];
  flag: string;
}

/** A key quoted in brackets: any text but its quote and `=` (which ends a path in `path=value`). */
const QUOTED = String.raw`\["([^"=]+)"\]|\['([^'=]+)'\]`;
const PATH = new RegExp(String.raw`^[A-Za-z_][\w-]*(?:\.[\w-]+|\[\d+\]|${QUOTED})*$`);
const SEGMENT = new RegExp(String.raw`([\w-]+)|\[(\d+)\]|${QUOTED}`, 'g');

/**
 * "a.b[0].c" or "a.b.0.c" → ["a", "b", 0, "c"]; a key with other characters (a column name in a `where` or
 * `factors` map) quoted: `where["Balancing Authority"]` → ["where", "Balancing Authority"]. pathOf writes it back.
 */
export function parsePath(text: string): Key[] {
  if (!PATH.test(text)) throw new Error('bad path');
  const keys: Key[] = [];
  for (const m of text.matchAll(SEGMENT)) {
    if (m[2] !== undefined) keys.push(Number(m[2]));
    else if (m[1] !== undefined) keys.push(/^\d+$/.test(m[1]) ? Number(m[1]) : m[1]);
    else keys.push(m[3] ?? m[4]);
  }
  return keys;
}

/**
 * What a refused path (`path` of `path=value`) lacks, if it looks like a key that is not one word written bare
 * (`factors[Nuclear [MW]]`, `where.Balancing Authority`): the quotes. Else nothing.
 */
export function quoteHint(path: string): string {
  return /[^\w.[\]-]|\[(?![\d"'])/.test(path)
    ? ' (a key that is not one word in quotes: where["Balancing Authority"])'
    : '';
}

/**
 * A path in the one spelling parsePath reads back: "clusters[0].count"; a key that is not one word quoted,
 * `where["Balancing Authority"]` (formatPath, for messages, writes keys as they are). A varied path's spelling, so
 * clusters.0.count and clusters[0].count are one path, and a sweep's column.
 */
export function pathOf(keys: readonly Key[]): string {
  let out = '';
  for (const k of keys) {
    if (typeof k === 'number') out += `[${k}]`;
    // A key of digits too: a.2024 reads back as an index.
    else if (!/^[\w-]+$/.test(k) || /^\d+$/.test(k)) out += k.includes('"') ? `['${k}']` : `["${k}"]`;
    else out += out ? `.${k}` : k;
  }
  return out;
}

/**
 * The path an override `path=value` sets, in pathOf's spelling (`supply.0.price` is `supply[0].price`); the text as
 * written where it is no path (applyOverrides refuses it there).
 */
export function overridePath(set: string): string {
  const text = set.slice(0, Math.max(0, set.indexOf('='))).trim();
  try {
    return pathOf(parsePath(text));
  } catch {
    return text;
  }
}

/** Apply `path=value` overrides to a parsed document (values are read as YAML). */
function applyOverrides(doc: Document, sets: readonly Override[]): SetPath[] {
  const paths: SetPath[] = [];
  for (const o of sets) {
    const s = typeof o === 'string' ? o : o.set;
    const eq = s.indexOf('=');
    let keys: Key[];
    try {
      if (eq <= 0) throw new Error();
      keys = parsePath(s.slice(0, eq).trim());
    } catch {
      throw new InputError(
        '--set',
        '',
        `path=value, like clusters[0].count=5000${quoteHint(eq > 0 ? s.slice(0, eq).trim() : '')}`,
        JSON.stringify(s),
      );
    }
    let value: unknown;
    try {
      value = parseYaml(s.slice(eq + 1));
    } catch {
      value = s.slice(eq + 1);
    }
    // A quoted key is a key, never an index: on a list the yaml library reads "0" as the index it spells, and
    // supply["0"].price was supply[0].price under another name (a sweep could vary both).
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (typeof k !== 'string' || !/^\d+$/.test(k)) continue;
      if (isSeq(i === 0 ? doc.contents : doc.getIn(keys.slice(0, i), true)))
        throw new InputError(
          '--set',
          pathOf(keys.slice(0, i + 1)),
          `an index of the list, like ${pathOf([...keys.slice(0, i), Number(k)])}`,
          `the key "${k}"`,
        );
    }
    // Walk to the parent and check each step exists, so a typo does not silently add a field.
    for (let i = 0; i < keys.length - 1; i++) {
      const node = doc.getIn(keys.slice(0, i + 1), true);
      if (!isMap(node) && !isSeq(node)) {
        // What is there instead: the name it resembles ('cluster' for 'clusters'), or how long the list is.
        const up = i === 0 ? doc.contents : doc.getIn(keys.slice(0, i), true);
        const near = isMap(up)
          ? up.items
              .map((it) => String((it.key as { value?: unknown } | null)?.value))
              .find((k) => similar(String(keys[i]), k))
          : undefined;
        // A section the model leaves out (a battery's costs) is set whole, its fields a YAML mapping: the value as
        // read, written again in flow style (the text as typed broke a value quoted, commented or itself a mapping),
        // for a shell's single quotes.
        const whole =
          typeof o === 'string' && node === undefined && isMap(up) && typeof keys[i] === 'string'
            ? ` (a section the model leaves out is given whole: --set '${`${formatPath(keys.slice(0, i + 1))}=${stringifyYaml(
                // An index below is a list's ('workload.jobs[0]=...' is 'workload={ jobs: [...] }'): as a key it
                // wrote '{ jobs: { "0": ... } }', which the model refuses ('expected a list, found an object {0}').
                keys
                  .slice(i + 1)
                  .reduceRight((v: unknown, k) => (typeof k === 'number' ? [v] : { [String(k)]: v }), value),
                { collectionStyle: 'flow', lineWidth: 0 },
              ).trim()}`.replaceAll("'", "'\\''")}')`
            : '';
        const hint = isSeq(up)
          ? ` (${formatPath(keys.slice(0, i))} has ${up.items.length} item${up.items.length === 1 ? '' : 's'})`
          : near !== undefined
            ? ` (did you mean ${near}?)`
            : whole;
        throw new InputError(
          '--set',
          formatPath(keys.slice(0, i + 1)),
          'an existing section of the model',
          node === undefined ? `nothing there${hint}` : 'a value',
        );
      }
    }
    const parent = keys.length > 1 ? doc.getIn(keys.slice(0, -1), true) : doc.contents;
    const last = keys[keys.length - 1];
    if (isSeq(parent) && (typeof last !== 'number' || last > parent.items.length)) {
      throw new InputError('--set', formatPath(keys), `an index up to ${parent.items.length}`, String(last));
    }
    doc.setIn(keys, doc.createNode(value));
    paths.push({ keys, flag: typeof o === 'string' ? '--set' : o.flag });
  }
  return paths;
}

function lineOf(doc: Document, lc: LineCounter, path: readonly PropertyKey[], key?: string): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const p = path.slice(0, n) as Key[];
    const node = (n === 0 ? doc.contents : doc.getIn(p, true)) as YamlNode | undefined;
    if (node && typeof node === 'object' && 'range' in node && node.range) {
      if (key !== undefined && n === path.length && isMap(node)) {
        const pair = node.items.find((it) => (it.key as { value?: unknown } | null)?.value === key);
        const kr = (pair?.key as YamlNode | undefined)?.range;
        if (kr) return lc.linePos(kr[0]).line;
      }
      return lc.linePos(node.range[0]).line;
    }
  }
  return undefined;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  string: 'a string',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of fields',
  record: 'a mapping of fields',
  tuple: 'a list',
  date: 'a date',
};

/** Turn one zod issue into "expected" text. */
function expectedText(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      // A name or label YAML read as a number or true/false ('name: 123', 'name: yes' in YAML 1.1 terms, 'name: 2027'):
      // say to quote it, as nothing else in 'expected a string, found 123' does. Quoted as the file writes it: 'from:
      // 0700' and 'name: 0042' were told to quote "700" and "42" until 7 December 2026.
      const { input, written } = issue as { input?: unknown; written?: string };
      // A field's own words for a value of the wrong type (a time of day written bare: src/supply/schedule.ts).
      if (!/^Invalid/.test(issue.message)) return issue.message;
      if (issue.expected === 'string' && (typeof input === 'number' || typeof input === 'boolean'))
        return `a string (quote a value YAML reads as ${typeof input === 'number' ? 'a number' : 'true or false'}: ${JSON.stringify(written ?? String(input))})`;
      return TYPE_WORDS[issue.expected] ?? issue.expected;
    }
    case 'too_small': {
      const i = issue as z.core.$ZodIssueTooSmall;
      if (i.origin === 'array') return `at least ${i.minimum} item${Number(i.minimum) === 1 ? '' : 's'}`;
      if (i.origin === 'string') return 'a non-empty string';
      return `a number ${i.inclusive ? '>=' : '>'} ${i.minimum}`;
    }
    case 'too_big': {
      const i = issue as z.core.$ZodIssueTooBig;
      if (i.origin === 'array') return `at most ${i.maximum} items`;
      // A bound's own words where it has them (a low orbit's altitude, naming the types for higher ones).
      if (!/^Too big/.test(issue.message)) return issue.message;
      return `a number ${i.inclusive ? '<=' : '<'} ${i.maximum}`;
    }
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${(issue as { orMapping?: boolean }).orMapping ? ', or a mapping (see `dcpsim schema`)' : ''}`;
    case 'invalid_format':
      // A pattern's own words where it has them ('a name of letters, digits, ...'): 'a string matching
      // /^[A-Za-z0-9][\w.-]*$/' was a regular expression to read.
      if (!/^Invalid/.test(issue.message)) return issue.message;
      return `a string matching ${(issue as { pattern?: string }).pattern ?? issue.format}`;
    case 'invalid_union': {
      const note = (issue as { note?: string }).note;
      if (note) return `a recognised variant (${note.toLowerCase()})`;
      if (QUANTITY_WORDS.has(issue.message) || DATE_WORDS.has(issue.message) || issue.message === VALUES_WORDS)
        return issue.message;
      // One form took the value's type and refused the value itself (a carbon number out of range, not a file): its words.
      const took = ((issue as { errors?: z.core.$ZodIssue[][] }).errors ?? []).filter(
        (b) => b.length > 0 && b.every((i) => i.code !== 'invalid_type'),
      );
      if (took.length === 1 && took[0][0].path.length === 0) return expectedText(took[0][0]);
      // Every form refused the value for its type (`chips: true` against a number or a list, `faces: 2027` against 1
      // or 2): the forms' own words, where the union's 'one of the allowed forms' sent the reader to the schema.
      const forms = formsOf(issue);
      if (forms) return forms;
      return 'one of the allowed forms (see `dcpsim schema`)';
    }
    default:
      return issue.message.replace(/^Invalid input: expected /i, '');
  }
}

/**
 * A union's forms in words ('a number or a list', 'one of 1, 2'), where each form is a type or a set of values and
 * refused the value at its own level; undefined where one is anything else (a mapping with fields of its own).
 */
function formsOf(issue: z.core.$ZodIssue): string | undefined {
  const branches = (issue as { errors?: z.core.$ZodIssue[][] }).errors ?? [];
  const types: string[] = [];
  const values: unknown[] = [];
  for (const b of branches) {
    if (b.length !== 1 || b[0].path.length > 0) return undefined;
    const i = b[0];
    if (i.code === 'invalid_type' && TYPE_WORDS[i.expected]) types.push(TYPE_WORDS[i.expected]);
    else if (i.code === 'invalid_value') values.push(...i.values);
    else return undefined;
  }
  const words = [...new Set(types)];
  if (values.length > 0) words.push(`one of ${values.map((v) => JSON.stringify(v)).join(', ')}`);
  if (words.length === 0) return undefined;
  return words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/**
 * What a sweep file's vary: and a sizing file's decide: take for a path, as their refusal of another value says:
 * 'one of the allowed forms (see `dcpsim schema`)' named the model's schema, which has neither file.
 */
export const VALUES_WORDS = 'a list of values, like [1.1, 1.2], or a range, like "4.5:7.5:1"';

/** Did a union's branch refuse the value for its type alone (a number for a mapping), not for something in it? */
function refusedType(issue: z.core.$ZodIssue): boolean {
  if (issue.path.length > 0) return false;
  if (issue.code === 'invalid_type') return true;
  // A list of names refused for a list (`days: [sat, sun]` against `weekdays | weekends`): refused for its type.
  if (issue.code === 'invalid_value') {
    const input = (issue as { input?: unknown }).input;
    return input !== undefined && issue.values.every((v) => typeof v !== typeof input);
  }
  const branches = (issue as { errors?: z.core.$ZodIssue[][] }).errors;
  return issue.code === 'invalid_union' && branches !== undefined && branches.every((b) => b.every(refusedType));
}

/** Did a form refuse a field of the mapping for not being its constant (`by: price` where the form is `by: carbon`)? */
function refusedConstant(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'invalid_value' && issue.path.length === 1 && issue.values.length === 1;
}

/**
 * The issues to report for one: a union of which exactly one form took the
 * value's type (a list for `chips: [64, "abc"]`, a mapping for `carbon:
 * { filex: ... }`) stands for that form's own issues, at their paths, so the
 * message names the item or field at fault rather than 'one of the allowed forms'.
 */
function unionIssues(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union' || (issue as { discriminator?: string }).discriminator) return [issue];
  const forms = ((issue as { errors?: z.core.$ZodIssue[][] }).errors ?? []).filter(
    (b) => b.length > 0 && !b.every(refusedType),
  );
  // Of mappings taken by more than one form (`events: { rate, duration, shed }` and `{ file }`), the one
  // form with a field of the value's every key, the others refusing a key as unknown.
  const fitting = forms.filter((b) => !b.some((i) => i.code === 'unrecognized_keys' && i.path.length === 0));
  // Of those, the one whose constant fields the mapping gives (a battery's `strategy: { by: price, ... }` beside the
  // forms `by: carbon` and `by: import`): a bare price in it said only 'one of the allowed forms'.
  const agreeing = fitting.filter((b) => !b.some(refusedConstant));
  if (fitting.length > 1 && agreeing.length === 1)
    return agreeing[0].flatMap((i) => unionIssues({ ...i, path: [...issue.path, ...i.path] } as z.core.$ZodIssue));
  // None: each refused the same field's constant (`by: prices`, or none given), the field at fault: every form's value.
  if (fitting.length > 1 && agreeing.length === 0) {
    const refused = fitting.map((b) => b.filter(refusedConstant));
    const key = refused[0][0]?.path[0];
    if (refused.every((r) => r.length === 1 && r[0].path[0] === key)) {
      const values = forms.flatMap((b) =>
        b
          .filter((i) => refusedConstant(i) && i.path[0] === key)
          .flatMap((i) => (i as z.core.$ZodIssueInvalidValue).values),
      );
      return [{ ...refused[0][0], path: [...issue.path, key], values } as z.core.$ZodIssue];
    }
  }
  const took = forms.length > 1 && fitting.length === 1 ? fitting : forms;
  // A word where the other forms are mappings (a battery's 'strategy: price'): 'expected one of "auto"' hid them.
  const word = took.length === 1 && took[0].length === 1 ? took[0][0] : undefined;
  const mapped = ((issue as { errors?: z.core.$ZodIssue[][] }).errors ?? []).some(
    (b) => b.length > 0 && b.every(refusedType) && b.some((i) => (i as { expected?: string }).expected === 'object'),
  );
  if (word?.code === 'invalid_value' && word.path.length === 0 && mapped)
    return [{ ...word, path: issue.path, orMapping: true } as z.core.$ZodIssue];
  if (took.length !== 1 || took[0].every((i) => i.path.length === 0)) return [issue];
  return took[0].flatMap((i) => unionIssues({ ...i, path: [...issue.path, ...i.path] } as z.core.$ZodIssue));
}

interface JsonNode {
  properties?: Record<string, JsonNode>;
  items?: JsonNode;
  oneOf?: JsonNode[];
  anyOf?: JsonNode[];
  allOf?: JsonNode[];
  const?: unknown;
  description?: string;
  type?: string | string[];
  enum?: unknown[];
}

/** A node and the forms its unions allow, flattened. */
function forms(n: JsonNode, depth = 0): JsonNode[] {
  if (depth > 8) return [n];
  return [n, ...[...(n.oneOf ?? []), ...(n.anyOf ?? []), ...(n.allOf ?? [])].flatMap((m) => forms(m, depth + 1))];
}

/**
 * The fields the mapping at `path` may hold, read from the schema's JSON Schema (made only on this error's path):
 * of a union's forms, those whose constants (`kind: grid`) the value matches.
 */
function knownFields(
  schema: z.ZodType,
  raw: unknown,
  path: readonly PropertyKey[],
  unknown?: string,
): Map<string, JsonNode> {
  let nodes: JsonNode[];
  try {
    nodes = [z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonNode];
  } catch {
    return new Map();
  }
  // At each level, of a union's forms those whose constants the value there matches (a grid's costs, not an SMR's).
  const narrow = (ns: JsonNode[], depth: number): JsonNode[] => {
    const value = valueAt(raw, path.slice(0, depth)) as Record<string, unknown> | undefined;
    const all = ns.flatMap((n) => forms(n));
    const fit = all.filter(
      (n) =>
        n.properties &&
        Object.values(n.properties).some((d) => d.const !== undefined) &&
        Object.entries(n.properties).every(([p, d]) => d.const === undefined || value?.[p] === d.const),
    );
    return fit.length > 0 ? fit : all;
  };
  path.forEach((k, depth) => {
    nodes = narrow(nodes, depth).flatMap((n) => {
      const next = typeof k === 'number' ? n.items : n.properties?.[String(k)];
      return next ? [next] : [];
    });
  });
  let objects = narrow(nodes, path.length).filter((n) => n.properties);
  // Forms no constant tells apart (a grid price's time-of-use and trace forms): those holding every other field the
  // mapping gives and not the unknown one, the form it was written as. All of them listed 'timezone' among the known
  // fields of a trace given one: 'price.timezone: expected a known field (one of timezone, ..., file, ...), found
  // unknown field "timezone"'.
  const value = valueAt(raw, path);
  if (unknown !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const others = Object.keys(value).filter((k) => k !== unknown);
    const meant = objects.filter((n) => !(unknown in n.properties!) && others.every((k) => k in n.properties!));
    if (meant.length > 0) objects = meant;
  }
  return new Map(objects.flatMap((n) => Object.entries(n.properties!)));
}

type Kind = (typeof kinds)[keyof typeof kinds];

/** The quantity a value with a unit is: the first of `kinds` that reads it ('20 MWh' an energy, '700 W' a power, not weeks). */
function unitKind(value: unknown): Kind | undefined {
  if (typeof value !== 'string' || !/\d\s*[^\d\s.,%]/.test(value)) return undefined;
  return Object.values(kinds).find((k) => {
    try {
      return Number.isFinite(k.parse(value));
    } catch {
      return false;
    }
  });
}

/** Is the field a quantity of this kind, by its description (of one of its forms: a grid's flat carbon beside its trace)? */
const isKind = (d: JsonNode, k: Kind): boolean =>
  forms(d).some((f) => f.description?.toLowerCase().includes(k.example.toLowerCase()));

/**
 * The fields (up to three) of a section a value with a unit fits, by the quantity their descriptions name ('20 MWh'
 * in a battery's `capacity` is an energy, and `energy` its one field of energy), and the quantity's name. A field of
 * the typed name one section down that fits comes first ('tdp: 700 W' in a cluster is its chip_override.tdp). A
 * value that reads as two quantities is the first of `kinds` ('700 W' a power, not 700 weeks), and a field is named
 * only if it `takes` the value (a power at least 0, a lifetime at least a day). None when the name is `near` one of
 * those fields: a misspelling of a field ('import_capp: 5 MW') is that field's, whether or not it takes the value.
 */
function fieldForUnit(
  fields: Map<string, JsonNode>,
  typed: string,
  value: unknown,
  near: string | undefined,
  takes: (path: string[]) => boolean,
): [string, string] | undefined {
  const kind = unitKind(value);
  if (kind === undefined) return undefined;
  const isOf = (d: JsonNode) => isKind(d, kind);
  const below = [...fields].flatMap(([n, d]) =>
    forms(d).flatMap((f) => {
      const inner = f.properties?.[typed];
      return inner && isOf(inner) ? [[n, typed]] : [];
    }),
  );
  const named = below.length > 0 ? below.slice(0, 1) : [...fields].filter(([, d]) => isOf(d)).map(([n]) => [n]);
  if (named.length === 0 || named.length > 3 || named.some((p) => p.length === 1 && p[0] === near)) return undefined;
  const names = named.filter(takes).map((p) => p.join('.'));
  if (names.length === 0) return undefined;
  return [
    names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`,
    kind.example.replace(/ like .*/, ''),
  ];
}

/**
 * Where a field named `typed` goes a section down, as YAML with the value given ('cooling: { model: pue, pue: 1.2 }'):
 * the one section of `fields` (a form of it, with the constants that choose the form) that has a field of that name.
 * A number or word only (a mapping's or list's value would not fit on the line); none where two sections have one.
 */
function sectionBelow(fields: Map<string, JsonNode>, typed: string, value: unknown): string | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  const places = [...fields].flatMap(([name, d]) =>
    forms(d).flatMap((f) => {
      if (!f.properties?.[typed]) return [];
      const consts = Object.entries(f.properties).flatMap(([k, p]) =>
        p.const !== undefined && k !== typed ? [`${k}: ${p.const}`] : [],
      );
      return [`${name}: { ${[...consts, `${typed}: ${value}`].join(', ')} }`];
    }),
  );
  const unique = [...new Set(places)];
  return unique.length === 1 ? unique[0] : undefined;
}

/**
 * Whether the field at `to` (below the mapping at `at`) takes the value given there under the unknown name `typed`:
 * the data with it there instead has no issue the data without it has not (made only on an error's path).
 */
function takesValue(
  schema: z.ZodType,
  raw: unknown,
  at: readonly PropertyKey[],
  typed: string,
  to: readonly string[],
): boolean {
  // A section made to hold it (a cluster's costs for 'capital: 50000 $') lacks its other required fields, and may
  // ask for more elsewhere (costs need economics): there only what is said of the field itself counts.
  let made = false;
  const where = (path: readonly PropertyKey[]) => path.map(String).join('.');
  const issuesWith = (put: boolean): Set<string> => {
    const copy = structuredClone(raw);
    let section = valueAt(copy, at) as Record<string, unknown>;
    const value = section[typed];
    delete section[typed];
    if (put) {
      to.slice(0, -1).forEach((k) => {
        const next = section[k];
        if (next === null || typeof next !== 'object') {
          section[k] = {};
          made = true;
        }
        section = section[k] as Record<string, unknown>;
      });
      section[to[to.length - 1]] = value;
    }
    const r = schema.safeParse(copy, { jitless: true });
    const mine = where([...at, ...to]);
    return new Set(
      r.success
        ? []
        : r.error.issues
            .flatMap(unionIssues)
            .filter((i) => !made || where(i.path) === mine)
            .map((i) => `${where(i.path)}: ${i.message}`),
    );
  };
  try {
    const before = issuesWith(false);
    return [...issuesWith(true)].every((i) => before.has(i));
  } catch {
    return false;
  }
}

/** Could a field take this value: its type, and a string a quantity of the field's kind ('20d' a duration, not 'red')? */
function fitsValue(d: JsonNode, value: unknown): boolean {
  if (!takesType(d, value)) return false;
  const kind = Object.values(kinds).find((k) => isKind(d, k));
  if (typeof value !== 'string') return true;
  // A value with a unit is of its first quantity alone: a training run's 'power: 700 W' is no work of 700 weeks.
  const own = unitKind(value);
  if (own !== undefined) return own === kind;
  if (kind === undefined) return true;
  try {
    return Number.isFinite(kind.parse(value));
  } catch {
    return false;
  }
}

/** Could a field take a value of this type (a number, a string, a list, a mapping), whatever its bounds? */
function takesType(d: JsonNode, value: unknown): boolean {
  const t = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  return forms(d).some((f) => {
    const types = [f.type ?? (f.enum ? typeof f.enum[0] : f.const !== undefined ? typeof f.const : [])].flat();
    return types.some((x) => x === t || (t === 'number' && x === 'integer'));
  });
}

/**
 * A supply's kind under another name: the kind meant, and why, or (no kind) what is missing. Ground solar and wind
 * were offered the kinds' list, space-solar among them, arrays in orbit lit but for eclipses: a ground array run so
 * makes two to three times its energy, and at night.
 */
const WEATHER_KIND =
  'none for solar or wind on the ground: space-solar is arrays in orbit, sunlit but for their eclipses (61 % of the time or more), not a ground array, which dcpsim does not model';
const OTHER_KINDS: Record<string, { kind?: string; why: string }> = Object.fromEntries([
  ...[
    'solar',
    'pv',
    'photovoltaic',
    'solar-pv',
    'pv-solar',
    'rooftop-solar',
    'ground-solar',
    'solar-farm',
    'utility-solar',
    'wind',
    'wind-turbine',
    'wind-farm',
    'windfarm',
    'onshore-wind',
    'offshore-wind',
  ].map((n) => [n, { why: WEATHER_KIND }]),
  ...['nuclear', 'reactor', 'fission', 'nuscale', 'bwrx-300', 'smr-fleet'].map((n) => [
    n,
    { kind: 'smr', why: 'a fleet of small modular reactors' },
  ]),
  ...['fusion', 'ppa', 'fusion-plant', 'helion'].map((n) => [
    n,
    { kind: 'fusion-ppa', why: "a fusion plant's power-purchase agreement" },
  ]),
  ...['bess', 'storage', 'ess', 'li-ion', 'lithium-ion'].map((n) => [n, { kind: 'battery', why: 'storage' }]),
  ...['utility', 'mains', 'utility-grid', 'network'].map((n) => [n, { kind: 'grid', why: 'the utility supply' }]),
]);

/**
 * An array's orbit under another name: the type meant, and why, or (no type) that none is modelled. A medium Earth orbit
 * ('meo', 8,000 km) was offered "leo", whose altitudes stop at 2,000 km, and 'sun-synchronous' no type at all.
 */
const CIRCULAR_ONLY =
  'none for a medium, transfer or elliptical orbit: the orbits are circular, leo up to 2,000 km, sso up to 5,973 km, geo at 35,786 km';
const OTHER_ORBITS: Record<string, { kind?: string; why: string }> = Object.fromEntries([
  ...['meo', 'medium-earth-orbit', 'heo', 'gto', 'molniya', 'tundra', 'elliptical'].map((n) => [
    n,
    { why: CIRCULAR_ONLY },
  ]),
  ...['sun-synchronous', 'sunsynchronous', 'sun-sync', 'dawn-dusk'].map((n) => [
    n,
    { kind: 'sso', why: 'a dawn-dusk Sun-synchronous orbit' },
  ]),
  ...['geostationary', 'geosynchronous', 'geosync', 'gso', 'geostationary-orbit'].map((n) => [
    n,
    { kind: 'geo', why: 'geostationary, 35,786 km above the equator' },
  ]),
  ...['low-earth-orbit', 'low-earth', 'iss'].map((n) => [n, { kind: 'leo', why: 'a low Earth orbit' }]),
]);

/**
 * A field under the name datasheets and other tools give it, where no letters are alike ('rte' is no misspelling of
 * round_trip): the field meant, where the section has it, and why (said after 'did you mean').
 */
const OTHER_NAMES: Record<string, { field: string; why?: string }> = Object.fromEntries([
  // A US chiller's rating: kW per ton (ASHRAE 90.1's 0.64 for a large water-cooled one) or an EER, Btu/h per W.
  ...['kw_per_ton', 'kw_ton', 'kwperton', 'kw/ton', 'eer', 'iplv', 'efficiency_kw_per_ton'].map((n) => [
    n,
    {
      field: 'cop',
      why: "a chiller's efficiency here is its COP, 3.517 / kW per ton (an EER is 3.412 times its COP)",
    },
  ]),
  ...['efficiency', 'rte', 'round_trip_efficiency', 'roundtrip_efficiency', 'roundtrip'].map((n) => [
    n,
    { field: 'round_trip', why: "a battery's efficiency is its round trip, charge times discharge" },
  ]),
  // A power chain's transformer, which a one-line diagram lists apart from the PDU it feeds.
  ...['transformer', 'xfmr', 'transformers'].map((n) => [
    n,
    { field: 'pdu', why: 'the pdu stage is the transformer and PDU together, one efficiency for both' },
  ]),
  ...['initial_soc', 'soc_initial', 'start_soc', 'soc_start', 'soc_0', 'soc0'].map((n) => [n, { field: 'initial' }]),
  // The economics' fields as REopt (analysis_years, om_cost_escalation_rate_fraction), HOMER and ATB name them: each
  // was told only the section's six fields.
  // HOMER's 'project lifetime' as 'lifetime' (a costs' own lifetime is a known field there, so never told this).
  ...[
    'analysis_years',
    'analysis_period',
    'project_years',
    'project_life',
    'project_lifetime',
    'horizon',
    'lifetime',
    'life',
  ].map((n) => [n, { field: 'years', why: "the project's horizon, a whole number of years" }]),
  // REopt's Financial.CO2_cost_per_tonne, and a carbon tax or social cost of carbon: each was told the six fields.
  ...[
    'co2_cost_per_tonne',
    'co2_cost',
    'co2_price',
    'carbon_cost',
    'carbon_cost_per_tonne',
    'carbon_tax',
    'co2_tax',
    'social_cost_of_carbon',
    'scc',
  ].map((n) => [n, { field: 'carbon_price', why: `the price of each tonne of the supplies' carbon, like "80 $/t"` }]),
  ...[
    'inflation',
    'inflation_rate',
    'general_inflation',
    'escalation_rate',
    'price_escalation',
    'cost_escalation',
    'om_escalation',
  ].map((n) => [
    n,
    {
      field: 'escalation',
      why: "the yearly growth of every price but carbon's: an inflation rate, beside a nominal discount_rate (docs/economics.md, Dollars and rates)",
    },
  ]),
]);

/**
 * A battery's strategy written as a word that names one of its mappings ('strategy: price', 'strategy: peak'), or a
 * UPS's: the form meant. Each was told 'or a mapping (see `dcpsim schema`)', leaving the mapping's fields to be found.
 */
const STRATEGY_WORDS: Record<string, string> = Object.fromEntries([
  ...['price', 'arbitrage', 'tou', 'time-of-use', 'cost'].map((w) => [
    w,
    'the mapping { by: price, charge_below, discharge_above }, like { by: price, charge_below: 30 $/MWh, discharge_above: 80 $/MWh }',
  ]),
  ...['carbon', 'co2', 'emissions', 'clean'].map((w) => [
    w,
    'the mapping { by: carbon, charge_below, discharge_above }, like { by: carbon, charge_below: 200 g/kWh, discharge_above: 400 g/kWh }',
  ]),
  ...['import', 'peak', 'peak-shaving', 'peak_shaving', 'shave', 'shaving', 'demand', 'demand-charge'].map((w) => [
    w,
    'the mapping { by: import, limit }, limit the most the grids carry, like { by: import, limit: 500 kW }',
  ]),
  ...['ups', 'standby', 'reserve', 'resilience'].map((w) => [
    w,
    '"backup", a UPS: kept charged, it covers only what would otherwise be unmet',
  ]),
]);

/**
 * Where a relative data path, missing from the model's folder, names a file from the working folder (a path typed on
 * the command line, `--set 'supply[0].carbon={ file: models/data/...csv }'` beside models/default.yaml, as a shell
 * completes it): the path that names it from the model's folder, for the refusal. Until 7 December 2026 the refusal
 * gave the path it looked at ('models/models/data/...: no such file or folder') and no word of why.
 */
function fromHere(path: string, baseDir: string): string {
  const here = resolve(path);
  if (isAbsolute(path) || resolve(baseDir) === process.cwd() || !existsSync(here)) return '';
  // From the model's folder where the file lies under it, else its absolute path (a path up and out of the folder
  // breaks when the model moves).
  let from = relative(baseDir, here);
  if (from.startsWith('..')) from = here;
  if (sep !== '/') from = from.split(sep).join('/');
  const folder = relative(process.cwd(), baseDir);
  const shown = folder === '' || folder.startsWith('..') || isAbsolute(folder) ? resolve(baseDir) : folder;
  return ` (a relative path is read from the model's folder, ${shown}: give this file as ${JSON.stringify(from)})`;
}

/** Validate raw data, turning the first issue (in document order) into an InputError. */
export function validate<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  file: string,
  doc?: Document,
  lc?: LineCounter,
  setPaths: SetPath[] = [],
  without?: (skip?: number) => unknown,
): z.output<S> {
  // jitless: zod compiles each object schema into a function at its first parse, which a model parsed once only pays for.
  const r = schema.safeParse(raw, { jitless: true, reportInput: true });
  if (r.success) return r.data;
  // Each issue with its value's text as the file writes it, for the hint to quote (a --set's value has none: it is made
  // from what YAML read).
  const withSource = (issue: z.core.$ZodIssue): z.core.$ZodIssue => {
    const source = (doc?.getIn(issue.path as Key[], true) as { source?: unknown } | undefined)?.source;
    return typeof source === 'string' ? Object.assign(issue, { written: source }) : issue;
  };
  const withText = r.error.issues.flatMap(unionIssues).map(withSource);
  const issues = withText.map((issue) => {
    let path = issue.path;
    let key: string | undefined;
    let linePath = issue.path;
    let found: string;
    let expected = expectedText(issue);
    const written = valueAt(raw, path);
    const form =
      (issue as { orMapping?: boolean }).orMapping && path[0] === 'supply' && path.at(-1) === 'strategy'
        ? typeof written === 'string' && STRATEGY_WORDS[written.trim().toLowerCase()]
        : undefined;
    if (form) expected = `${expected.replace(' (see `dcpsim schema`)', '')} (did you mean ${form}?)`;
    if (issue.code === 'unrecognized_keys') {
      key = issue.keys[0];
      path = [...issue.path, key];
      // An optional field misspelt ('stepp', 'dutty', 'servr'): the field of that section it resembles.
      const typed = key;
      const known = knownFields(schema, raw, issue.path, key);
      const fields = [...known.keys()];
      // A value with a unit names the field first ('cost: 70 $/MWh' is a grid's price, not its costs), unless the
      // name is a misspelling of one of the fields it fits ('import_capp: 5 MW'). A near name that cannot take the
      // value's type is none ('chips: 4096' in a cluster is not its chip, a name).
      const value = valueAt(raw, path);
      const other = OTHER_NAMES[typed.toLowerCase()];
      const near =
        fields.find((k) => k !== typed && similar(typed, k) && takesType(known.get(k)!, value)) ??
        (other && known.has(other.field) && takesType(known.get(other.field)!, value) ? other.field : undefined);
      const why = near !== undefined && near === other?.field && other.why ? ` ${other.why}` : '';
      const byUnit = fieldForUnit(known, typed, value, near, (to) => takesValue(schema, raw, issue.path, typed, to));
      // No near field: a list of up to 12 is given whole (a grid's costs, a cluster's), a longer one is `dcpsim schema`'s;
      // either says where a field of that name a section down goes ('pue: 1.2' under facility is a cooling model's).
      const below = sectionBelow(known, typed, value);
      const goes = below === undefined ? '' : `; ${JSON.stringify(typed)} goes in ${below}`;
      expected =
        byUnit !== undefined
          ? `a known field (did you mean ${byUnit[0]}? ${JSON.stringify(value)} is ${byUnit[1]})`
          : near !== undefined
            ? `a known field (did you mean ${near}?${why})`
            : fields.length > 0 && fields.length <= 12
              ? `a known field (one of ${fields.join(', ')}${goes})`
              : `a known field (see \`dcpsim schema\`${goes})`;
      // A YAML 1.1 merge key, which the YAML 1.2 reader keeps as a field named '<<': say why it is not merged.
      if (key === '<<')
        expected = 'a known field (YAML merge keys "<<: *anchor" are YAML 1.1, not read: write the fields out)';
      found = `unknown field ${JSON.stringify(key)}`;
    } else if (issue.code === 'invalid_union' && (issue as { discriminator?: string }).discriminator) {
      const d = (issue as { discriminator?: string }).discriminator!;
      path = issue.path[issue.path.length - 1] === d ? issue.path : [...issue.path, d];
      found = describeFound(valueAt(raw, path));
      // zod lists the values it knows ("grid", "smr", ...): a newcomer's "Grid" or "windmill" sees them at once.
      const options = (issue as { options?: unknown[] }).options;
      // One spelt otherwise ('economizer', ASHRAE's; 'Grid') is offered as what it resembles.
      const written = valueAt(raw, path);
      const spelt =
        typeof written === 'string'
          ? written
              .trim()
              .toLowerCase()
              .replace(/[\s_]+/g, '-')
          : undefined;
      // An orbit's other names first: 'meo' is a letter from "leo", and no low orbit.
      const orbit =
        spelt !== undefined && d === 'type' && path[0] === 'supply' && path.at(-2) === 'orbit'
          ? OTHER_ORBITS[spelt]
          : undefined;
      const near =
        typeof written === 'string' && orbit === undefined
          ? options?.find((v) => typeof v === 'string' && v !== written && similar(written, v))
          : undefined;
      const other =
        orbit ??
        (spelt !== undefined && d === 'kind' && path[0] === 'supply' && near === undefined
          ? OTHER_KINDS[spelt]
          : undefined);
      const hint =
        near !== undefined
          ? ` (did you mean ${JSON.stringify(near)}?)`
          : other?.kind !== undefined
            ? ` (did you mean ${JSON.stringify(other.kind)}? ${other.why})`
            : other !== undefined
              ? ` (${other.why})`
              : '';
      expected = options?.length
        ? `one of ${options.map((v) => JSON.stringify(v)).join(', ')}${hint}`
        : `a known ${d} (see \`dcpsim schema\`)`;
      // `kind` (or `model`) left out beside a field like it ('kidn: grid'): that field is its misspelling, at its line.
      const parent = path.slice(0, -1);
      const item = valueAt(raw, parent);
      const typed =
        found === 'nothing' && item && typeof item === 'object' && !Array.isArray(item)
          ? Object.keys(item).find((k) => similar(k, d))
          : undefined;
      if (typed !== undefined) {
        key = typed;
        linePath = parent;
        path = [...parent, typed];
        expected = `a known field (required ${JSON.stringify(d)} is missing; see \`dcpsim schema\`)`;
        found = `unknown field ${JSON.stringify(typed)}`;
      }
    } else {
      const given = valueAt(raw, path);
      // A check between fields can fail on one left out, at its default or the value it follows (a battery's soc_min of
      // 10 % above a soc_max of 5 %): say what it was taken as, not 'nothing' as if it were required.
      const taken = (issue as { input?: unknown }).input;
      // A check over a whole list can say what it found in words (a tariff's days without a period): `params.found`.
      const said = issue.code === 'custom' ? (issue.params as { found?: unknown } | undefined)?.found : undefined;
      found =
        typeof said === 'string'
          ? said
          : given === undefined && issue.code === 'custom' && (typeof taken === 'number' || typeof taken === 'string')
            ? `none given, so ${describeFound(taken)}`
            : describeFound(given);
      if (issue.code === 'invalid_type' && issue.expected === 'object') expected += mappingHint(path, given);
    }
    const fromSet = setPaths.findLast((p) => p.keys.length <= path.length && p.keys.every((k, i) => k === path[i]));
    const line = doc && lc && !fromSet ? lineOf(doc, lc, linePath, key) : undefined;
    // A flag of its own names itself ("--duration: expected ..."); a --set names the file it changed.
    const set = fromSet !== undefined;
    if (fromSet && fromSet.flag !== '--set') return { file: fromSet.flag, path: [], expected, found, line, set, issue };
    return { file: fromSet ? `${file} (--set)` : file, path, expected, found, line, set, issue };
  });
  // A field left out has no line of its own (its section's is used): any issue with a place comes first. A value the
  // command line set comes before the file's lines: what it breaks elsewhere (a job's chips against a cluster's count
  // set to 0) follows from it. Beside an unknown field, the missing one is most likely its misspelling ('clustersx:'
  // for 'clusters:'): say so there.
  const missing = (i: (typeof issues)[number]): boolean => i.found === 'nothing';
  issues.sort(
    (a, b) =>
      Number(missing(a)) - Number(missing(b)) ||
      Number(b.set) - Number(a.set) ||
      (a.line ?? Infinity) - (b.line ?? Infinity),
  );
  const first = issues[0];
  if (first.found.startsWith('unknown field')) {
    const parent = formatPath(first.path.slice(0, -1));
    const typed = String(first.path.at(-1));
    const lacking = issues.filter(
      (i) => missing(i) && i.path.length === first.path.length && formatPath(i.path.slice(0, -1)) === parent,
    );
    const lacks = lacking.find((i) => similar(typed, String(i.path.at(-1))));
    if (lacks)
      first.expected = `a known field (required ${JSON.stringify(String(lacks.path.at(-1)))} is missing; see \`dcpsim schema\`)`;
    else if (lacking.length === 1) {
      // The one required field missing beside it, when the value fits it, is most likely what it names: a training
      // run's 'duration: 20d' is its work (and a model's 'horizon: 60d' its duration, of the two durations it fits).
      const name = String(lacking[0].path.at(-1));
      const offered = /did you mean ([^?]*)\?/.exec(first.expected)?.[1].split(/, | or /);
      const node = knownFields(schema, raw, first.path.slice(0, -1)).get(name);
      const value = valueAt(raw, first.path);
      if (node && fitsValue(node, value) && (offered === undefined || offered.includes(name)))
        first.expected = `a known field (did you mean ${name}? required ${JSON.stringify(name)} is missing)`;
    }
  }
  // A field the file gives, valid until an override changed another (--set supply[1].soc_max=5% under the file's
  // soc_min 10%): the override is what to change, so the error is its own, naming the field it broke and that
  // field's line. It was the file's line alone, and a --decide or --vary behind it went unnamed.
  const by = first.set || !without ? undefined : culprit(schema, first.issue, setPaths.length, without);
  if (by !== undefined) {
    const o = setPaths[by];
    const broke = `${formatPath(first.path)} valid (${first.line !== undefined ? `line ${first.line}: ` : ''}${first.expected}, found ${first.found})`;
    throw new InputError(
      o.flag !== '--set' ? o.flag : `${file} (--set)`,
      o.flag !== '--set' ? '' : formatPath(o.keys),
      `a value that keeps ${broke}`,
      describeFound(valueAt(raw, o.keys)),
    );
  }
  throw new InputError(first.file, formatPath(first.path), first.expected, first.found, first.line);
}

/**
 * Which override made an issue at a field the file gives (its index), if the model without overrides has no issue
 * there and leaving out that one (the last such) clears it: `without(k)` is the model with override k left out,
 * `without()` with none applied. An issue the file has by itself is the file's (undefined).
 */
function culprit(
  schema: z.ZodType,
  issue: z.core.$ZodIssue,
  n: number,
  without: (skip?: number) => unknown,
): number | undefined {
  const at = formatPath(issue.path);
  const has = (skip?: number): boolean => {
    try {
      const r = schema.safeParse(without(skip), { jitless: true });
      return (
        !r.success &&
        r.error.issues.flatMap(unionIssues).some((i) => i.code === issue.code && formatPath(i.path) === at)
      );
    } catch {
      return true;
    }
  };
  if (has()) return undefined;
  for (let k = n - 1; k >= 0; k--) if (!has(k)) return k;
  return undefined;
}

/** What a number written in another base than ten is, by the parser's format of it. */
const OTHER_BASES: Record<string, string> = {
  OCT: 'an octal number',
  HEX: 'a hexadecimal number',
  BIN: 'a binary number',
  // YAML 1.1 reads digits parted by colons in base 60: a time-of-use period's 'from: 17:00' was 1020, 'count: 1:04' 64.
  TIME: 'a base-60 number',
};

/**
 * Refuses a number the file writes in another base than ten: YAML 1.1 (a file that begins %YAML 1.1) reads a leading 0
 * as octal, so 'count: 010', meant as 10 chips, ran 8, and digits parted by colons in base 60 (a time of day, 17:00, is
 * 1020, a sweep's range 1:3 63); YAML 1.2 reads 0x40 as 64 and 0o10 as 8. No field means them. Model, sweep and sizing
 * files alike.
 */
export function refuseOtherBases(doc: Document, lc: LineCounter, file: string): void {
  visit(doc, {
    Scalar(key, node, path) {
      const what = OTHER_BASES[node.format ?? ''];
      if (what === undefined || key === 'key' || typeof node.value !== 'number') return;
      const keys = keysOf(path);
      const last = path[path.length - 1];
      if (isSeq(last)) keys.push(last.items.indexOf(node as never));
      const source = (node as { source?: string }).source ?? String(node.value);
      const time = node.format === 'TIME';
      const which =
        time || (doc.directives?.yaml.version === '1.1' && /^[-+]?0\d/.test(source)) ? `${what} to YAML 1.1` : what;
      throw new InputError(
        file,
        formatPath(keys),
        time
          ? `a number in decimal digits (or quoted, "${source}", to be read as written)`
          : 'a number in decimal digits',
        `${source} (${which}: ${node.value})`,
        lc.linePos(node.range?.[0] ?? 0).line,
      );
    },
  });
}

/**
 * Refuses a number a comma split inside { }, where a comma ends a value: 'price: 60,5 $/MWh' was price 60 and a field
 * "5 $/MWh" (an unknown field, not saying why), 'import_cap: 1,500 kW' import_cap 1 (a bare power). A field's name never
 * begins with a digit: such a key with no value after a value ending in one is the rest of that value.
 */
function refuseSplitNumbers(doc: Document, lc: LineCounter, file: string, text: string): void {
  visit(doc, {
    Map(_, map, path) {
      if (!map.flow) return;
      for (let i = 1; i < map.items.length; i++) {
        const [before, pair] = [map.items[i - 1], map.items[i]];
        const key = pair.key as YamlNode | null;
        const prev = before.value as YamlNode | null;
        if (pair.value !== null || !key?.range || !prev?.range || !isScalar(key) || !isScalar(prev)) continue;
        const head = text.slice(prev.range[0], prev.range[1]);
        const rest = text.slice(key.range[0], key.range[1]);
        if (prev.type !== 'PLAIN' || key.type !== 'PLAIN' || !/\d$/.test(head) || !/^\d/.test(rest)) continue;
        const field = keysOf(path);
        const last = path[path.length - 1];
        if (isSeq(last)) field.push(last.items.indexOf(map as never));
        field.push(String((before.key as { value?: unknown }).value));
        throw new InputError(
          file,
          formatPath(field),
          `a number without a comma (inside { } a comma ends the value, and "${rest}" after it was read as a field: write "${head}.${rest}", or "${head}${rest}" if the comma parts thousands)`,
          `${head},${rest}`,
          lc.linePos(prev.range[0]).line,
        );
      }
    },
  });
}

/** The field path of a node's ancestors as `visit` gives them (the document first): each pair's key, each list's index. */
function keysOf(path: readonly unknown[]): Key[] {
  const keys: Key[] = [];
  for (let i = 1; i < path.length; i++) {
    const node = path[i];
    const parent = path[i - 1];
    if (isSeq(parent)) keys.push(parent.items.indexOf(node as never));
    else if (isMap(parent) && !isMap(node) && !isSeq(node))
      keys.push(String((node as { key?: { value?: unknown } }).key?.value));
  }
  return keys;
}

/** The key that starts at `offset` of the source, as a path ("clusters[0].count"), or undefined. */
function keyAt(doc: Document, offset: number): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Pair(_, pair, path) {
      if ((pair.key as YamlNode | null)?.range?.[0] !== offset) return;
      const keys = keysOf(path);
      keys.push(String((pair.key as { value?: unknown }).value));
      found = formatPath(keys);
      return visit.BREAK;
    },
  });
  return found;
}

/**
 * `text` with each carriage return alone (classic Mac OS's line break, which YAML 1.2 takes and the parser does not)
 * a line feed, the same length: a model saved so was one line, 'Nested mappings are not allowed in compact mappings'.
 */
export function lineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/**
 * What the parser's words for a syntax error mean in a model, for the typos that cause them: 'seed:7', 'seed = 7' or a
 * '// comment' said only 'Implicit keys need to be on a single line', and 'name: a: b' 'Nested mappings are not
 * allowed in compact mappings'.
 */
function syntaxHint(code: string, message: string): string {
  if (code === 'MULTILINE_IMPLICIT_KEY')
    return ' (a line that is not "field: value": a space after the colon, comments after "#", not "//")';
  if (code === 'BLOCK_AS_IMPLICIT_KEY' && /^Nested mappings/.test(message))
    return ' (a second ": " on the line: quote a value holding one, like name: "a: b", and write "- " with its space)';
  if (code === 'BLOCK_AS_IMPLICIT_KEY' && /block sequence/i.test(message))
    return ' (list items "- " beside fields "name: " at one indentation)';
  if (code === 'BAD_INDENT' && /^Flow (sequence|map)/.test(message))
    return ' (a "[" or "{" without its closing "]" or "}", or a line inside it indented less than its field)';
  return '';
}

/** Most copies aliases may make (yaml's own default): a few lines of nested aliases would otherwise expand to gigabytes. */
const MAX_ALIASES = 100;

/** Read, override and validate one model file. */
export function loadModel<S extends z.ZodType>(
  file: string,
  schema: S,
  sets: readonly Override[] = [],
): Loaded<z.output<S>> {
  const text = lineBreaks(readDataFile(file, 'a readable model file (YAML or JSON)'));
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const line = lc.linePos(err.pos[0]).line;
    // Two of the parser's messages read as its API's ("Map keys must be unique", "please use YAML.parseAllDocuments()").
    if (err.code === 'DUPLICATE_KEY') {
      const key = keyAt(doc, err.pos[0]);
      throw new InputError(file, key ?? '', 'each field once in its section', 'it a second time', line);
    }
    if (err.code === 'MULTIPLE_DOCS')
      throw new InputError(file, '', 'one YAML document', 'a second one (after a "---" line)', line);
    const msg = err.message
      .split('\n')[0]
      .replace(/ at line \d+, column \d+:?$/, '')
      .replace(/\.$/, '');
    // The parser's own stack overflowed (its RangeError's message): thousands of nested lists or maps.
    const found = /Maximum call stack/.test(msg)
      ? 'lists or maps nested too deep to read (thousands of levels)'
      : `${msg}${syntaxHint(err.code, msg)}`;
    // A no-break space after a colon ("seed:\u00a07") is no space to YAML: the line's invisible characters are named.
    const odd = invisibleIn(text.split('\n')[line - 1] ?? '');
    throw new InputError(file, '', 'valid YAML or JSON', odd ? `${found} on a line holding "${odd}"` : found, line);
  }
  if (!isMap(doc.contents)) {
    throw new InputError(
      file,
      '',
      'a mapping of fields (name, duration, clusters, ...)',
      doc.contents === null ? 'an empty file' : 'something else',
      1,
    );
  }
  refuseOtherBases(doc, lc, file);
  refuseSplitNumbers(doc, lc, file, text);
  // A sweep or sizing file given where a model goes (`dcpsim run x.sweep.yaml`) read as 'model: unknown field'; a sweep
  // file may give named cases alone (examples/portfolios.sweep.yaml).
  const spec = doc.has('model') ? ['vary', 'cases', 'decide'].find((k) => doc.has(k)) : undefined;
  if (spec !== undefined)
    throw new InputError(
      file,
      '',
      `a model file (a ${spec === 'decide' ? 'sizing file goes to dcpsim size' : 'sweep file goes to dcpsim sweep'})`,
      `a ${spec === 'decide' ? 'sizing' : 'sweep'} file (model: and ${spec}:)`,
      lineOf(doc, lc, [], 'model'),
    );
  // The document before the overrides, to tell a field the file gives wrong from one an override made wrong (validate).
  const before = sets.length > 0 ? doc.clone() : undefined;
  const setPaths = applyOverrides(doc, sets);
  let raw: Record<string, unknown>;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIASES }) as Record<string, unknown>;
  } catch (e) {
    // An alias before (or without) its anchor: the parser's words are "Unresolved alias (the anchor must be set before the alias)".
    let unresolved: Alias | undefined;
    visit(doc, {
      Alias(_, node) {
        if (node.resolve(doc) === undefined) {
          unresolved = node;
          return visit.BREAK;
        }
      },
    });
    if (unresolved)
      throw new InputError(
        file,
        '',
        `an alias (*name) after its anchor (&name)`,
        `*${unresolved.source} with no &${unresolved.source} before it`,
        unresolved.range ? lc.linePos(unresolved.range[0]).line : undefined,
      );
    if (!/alias/i.test((e as Error).message)) throw e;
    // The parser's own words here are "Excessive alias count indicates a resource exhaustion attack".
    throw new InputError(
      file,
      '',
      `YAML whose aliases (*name) expand to at most ${MAX_ALIASES} copies of their anchors`,
      'an alias expansion bomb (aliases of aliases)',
    );
  }
  const without = (skip?: number): unknown => {
    const d = before!.clone();
    applyOverrides(d, skip === undefined ? [] : sets.filter((_, i) => i !== skip));
    return d.toJS({ maxAliasCount: MAX_ALIASES });
  };
  const model = validate(schema, raw, file, doc, lc, setPaths, before && without);
  const locate = (keys: readonly Key[]): { file: string; line?: number } => {
    const fromSet = setPaths.findLast((p) => p.keys.length <= keys.length && p.keys.every((k, i) => k === keys[i]));
    if (fromSet) return { file: fromSet.flag !== '--set' ? fromSet.flag : `${file} (--set)` };
    const last = keys.at(-1);
    return { file, line: typeof last === 'string' ? lineOf(doc, lc, keys.slice(0, -1), last) : lineOf(doc, lc, keys) };
  };
  const baseDir = dirname(resolve(file));
  // Each data file is opened here, so a missing one fails before anything runs, and its content enters the hash.
  const hashed = structuredClone(raw);
  delete hashed.name;
  delete hashed.description;
  const data = dataFileRefs(raw).map((ref) => {
    let sha256: string;
    try {
      sha256 = hashDataFile(ref, baseDir);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      // The model's line and field, and the file where it was looked for (relative paths are read from the model's folder).
      const at = locate(ref.keys);
      const looked = relative(process.cwd(), dataPath(ref.path, baseDir));
      const shown = looked.startsWith('..') || isAbsolute(looked) ? dataPath(ref.path, baseDir) : looked;
      throw new InputError(
        at.file,
        formatPath(ref.keys),
        e.expected,
        `${shown}: ${e.found}${fromHere(ref.path, baseDir)}`,
        at.line,
      );
    }
    let parent: unknown = hashed;
    for (const k of ref.keys.slice(0, -1)) parent = (parent as Record<Key, unknown>)[k];
    (parent as Record<string, string>).file = `sha256:${sha256}`;
    return { field: formatPath(ref.keys), path: ref.path, sha256 };
  });
  const hash = createHash('sha256').update(JSON.stringify(hashed)).digest('hex').slice(0, 16);
  return { model, raw, hash, file, stem: basename(file, extname(file)), baseDir, data, locate };
}

/**
 * How to write a supply's mapping given as a word: none of a process the model runs by default (an SMR's trips and
 * refuelling, which 'forced_outages: none' was refused for as 'expected a mapping of fields', the way to turn them off
 * unsaid), none of an optional one (left out), or an orbit by its type alone ('orbit: leo').
 */
function mappingHint(path: PropertyKey[], given: unknown): string {
  if (path[0] !== 'supply') return '';
  const field = path.at(-1);
  const none =
    given === null ||
    given === false ||
    given === 0 ||
    (typeof given === 'string' && ['none', 'off', 'no', 'never', 'disabled'].includes(given.trim().toLowerCase()));
  if (none && field === 'forced_outages')
    return ' { mttf, mttr } (for none, a mttf far beyond the run: { mttf: 1e9h, mttr: 1h })';
  if (none && field === 'refuel') return ' { every, takes } (for none: { takes: 0d })';
  if (none && (field === 'outages' || field === 'slip' || field === 'fade'))
    return ` (for none, leave ${String(field)} out)`;
  if (field === 'orbit' && typeof given === 'string' && ['leo', 'sso', 'geo'].includes(given.trim().toLowerCase()))
    return ` (like { type: ${given.trim().toLowerCase()} })`;
  return '';
}
