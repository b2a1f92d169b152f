/**
 * The one error users see: a single line naming the file, the field path
 * (and line where known), what was expected and what was found.
 */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly expected: string,
    readonly found: string,
    readonly line?: number,
  ) {
    const where = line === undefined ? file : `${file}:${line}`;
    const path = field ? ` ${field}:` : '';
    super(`${where}:${path} expected ${expected}, found ${found}`);
    this.name = 'InputError';
  }
}

/** A short, single-line rendering of a value found in the input. */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return `an object {${Object.keys(value as object).slice(0, 4).join(', ')}}`;
  return typeof value;
}

/** "clusters[0].count" from ["clusters", 0, "count"]. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out ? `.${String(k)}` : String(k);
  return out;
}
