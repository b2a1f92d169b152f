/**
 * Named cases of a sweep: each a name and the overrides ("path=value", as `--set` gives them) that make one supply
 * portfolio, say, of the model. The cases are the outermost factor of the plan (cases x varied values x
 * replicates), in the order given (the sweep file's, then each `--case`); the first is the baseline of
 * differences.csv, each other case's point paired with its point at the same varied values (tables.ts). Every table labels a point by its case's name, in the column `case`.
 *
 * On the command line: `--case 'smr-only: supply[1].import_cap=0 MW; supply[0].units=3'`, the name, a colon, and the
 * overrides separated by semicolons (`--case smr-and-grid` or `'smr-and-grid:'`: the model as it is). In a sweep
 * file: `cases: { smr-only: { "supply[1].capacity": 0 MW }, smr-and-grid: {} }`, a value given whole as a structure
 * (`supply: [...]`) as a sweep file's varied values are.
 */
import { describeFound, InputError } from '../model/errors.ts';
import { parsePath, pathOf } from '../model/load.ts';
import type { SweepCase } from './spec.ts';

/**
 * A name that is a CSV cell as it is (no comma, quote, space or line break), a file name on any system, and text to
 * the tables' readers (pandas, the charts), never a number: a letter first.
 */
const NAME = /^[A-Za-z][A-Za-z0-9._+-]*$/;
const NAME_WORDS = 'a case name: a letter, then letters, digits, ".", "_", "+" or "-"';

/**
 * Words pandas' read_csv takes for no value (NA, null, NaN, None), true or false, or infinity (in any case): a case
 * named NA was a missing case in every row of differences.csv, a sweep of cases True and False a column of booleans.
 */
const NOT_TEXT_EXACT = new Set([
  'NA',
  'NULL',
  'null',
  'NaN',
  'nan',
  'None',
  'True',
  'true',
  'TRUE',
  'False',
  'false',
  'FALSE',
]);

/** The case's name, or the one-line error. */
function checkName(name: string, where: string): void {
  if (!NAME.test(name))
    throw new InputError(where, '', NAME_WORDS, name === '' ? 'an empty name' : describeFound(name));
  if (NOT_TEXT_EXACT.has(name) || /^inf(inity)?$/i.test(name))
    throw new InputError(
      where,
      '',
      `${NAME_WORDS}, other than a word pandas reads as no value, true, false or infinity (NA, null, None, NaN, True, False, inf)`,
      describeFound(name),
    );
}

/** The override "path=value" of one entry; the path in one spelling is checked by the model with the value. */
function override(text: string, whole: string): string {
  const eq = text.indexOf('=');
  const path = eq > 0 ? text.slice(0, eq).trim() : '';
  try {
    parsePath(path);
  } catch {
    throw new InputError(
      '--case',
      '',
      "name: path=value; path=value ..., like 'smr-only: supply[1].import_cap=0 MW; supply[0].units=3'",
      JSON.stringify(whole),
    );
  }
  return `${path}=${text.slice(eq + 1).trim()}`;
}

/** One `--case` argument. */
export function parseCase(text: string): SweepCase {
  const colon = text.indexOf(':');
  const name = (colon >= 0 ? text.slice(0, colon) : text).trim();
  checkName(name, '--case');
  const rest = colon >= 0 ? text.slice(colon + 1) : '';
  const set = rest
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => override(s, text));
  return { name, set };
}

/** A value from a sweep file as override text: scalars as written, structures as JSON (which YAML reads). */
const valueText = (x: unknown): string => (typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x));

/** A sweep file's `cases:` entry: its name and its mapping of paths to values (null or {}: the model as it is). */
export function fileCase(name: string, overrides: Record<string, unknown> | null): SweepCase {
  checkName(name, '--case');
  return { name, set: Object.entries(overrides ?? {}).map(([path, v]) => `${path.trim()}=${valueText(v)}`) };
}

/** Across the cases: each name once; within a case, each path once (in any spelling: the second replaced the first). */
export function checkCases(cases: readonly SweepCase[]): void {
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.name)) throw new InputError('--case', c.name, 'each case name once', 'it twice');
    seen.add(c.name);
    const paths = casePaths(c);
    const twice = paths.find((p, i) => paths.indexOf(p) !== i);
    if (twice !== undefined) throw new InputError(`--case ${c.name}`, twice, 'each path once in a case', 'it twice');
  }
}

/** The cases' overrides as the point's model sees them: every path of the case, in one spelling. */
export function casePaths(c: SweepCase): string[] {
  return c.set.map((s) => {
    const path = s.slice(0, s.indexOf('=')).trim();
    try {
      return pathOf(parsePath(path));
    } catch {
      return path;
    }
  });
}
