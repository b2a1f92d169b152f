import type * as z from 'zod';

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
    // One line, whatever a key holds: a JSON model's '"seed": 7, // note' before '"clusters"' reads (as YAML) as the
    // key '// note\n"clusters"', which broke the message in two.
    const path = field ? ` ${oneLine(field)}:` : '';
    super(`${where}:${path} expected ${expected}, found ${oneLine(found)}${invisibleNote(`${field}${found}`)}`);
    this.name = 'InputError';
  }
}

/**
 * An error on a model field found where the model's lines are not known (a supply built from its config): its keys, relative
 * to the config, are prefixed on the way out (`within`: supply[i]) and the model file's line found for them (src/run.ts).
 */
export class ModelFieldError extends InputError {
  constructor(
    readonly keys: readonly (string | number)[],
    expected: string,
    found: string,
  ) {
    super('model', formatPath(keys), expected, found);
  }

  within(prefix: readonly (string | number)[]): ModelFieldError {
    return new ModelFieldError([...prefix, ...this.keys], this.expected, this.found);
  }
}

/**
 * Characters that show as a space or not at all, as text copied from a web page, a word processor or a spreadsheet
 * in another locale carries (a no-break space after a colon, a narrow one grouping thousands): in a message they read
 * as a space or nothing ('seed: expected a number, found "7 "'), so they are written as escapes ("7\u00a0") and named.
 */
const INVISIBLE = /[\u0080-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/g;
const INVISIBLE_NAMES: Record<string, string> = {
  '\u00a0': 'a no-break space',
  '\u00ad': 'a soft hyphen',
  '\u200b': 'a zero-width space',
  '\u200c': 'a zero-width non-joiner',
  '\u200d': 'a zero-width joiner',
  '\u200e': 'a left-to-right mark',
  '\u200f': 'a right-to-left mark',
  '\u2028': 'a line separator',
  '\u2029': 'a paragraph separator',
  '\u202f': 'a narrow no-break space',
  '\u2060': 'a word joiner',
  '\u3000': 'an ideographic space',
  '\ufeff': 'a zero-width no-break space (a byte-order mark)',
};
const escaped = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `text` with its line breaks, other control characters and invisible ones escaped as JSON escapes them ("\n", "\u00a0"). */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1)).replace(INVISIBLE, escaped);
}

/** The invisible characters in `text`, each once, in order ('' where none). */
export function invisibleIn(text: string): string {
  return [...new Set(text.match(INVISIBLE))].join('');
}

/** What the invisible characters of a message are, named after its escapes: ' (\u00a0 is a no-break space, ...: type it again)'. */
function invisibleNote(text: string): string {
  const found = [...invisibleIn(text)];
  if (found.length === 0) return '';
  const named = found.map(
    (c, i) => `${escaped(c)} ${i === 0 ? 'is ' : ''}${INVISIBLE_NAMES[c] ?? 'an invisible character'}`,
  );
  return ` (${named.join(', ')}, as copied text carries: type it again)`;
}

/** A short, single-line rendering of a value found in the input. */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  // A timestamp a YAML 1.1 file (`%YAML 1.1`) reads as a date, not a string: 'an object {}' said nothing.
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? 'an invalid date' : `the date ${value.toISOString()}`;
  if (typeof value === 'object')
    return `an object {${Object.keys(value as object)
      .slice(0, 4)
      .join(', ')}}`;
  return typeof value;
}

/** "clusters[0].count" from ["clusters", 0, "count"]. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out ? `.${String(k)}` : String(k);
  return out;
}

/** What a system error code means to a user, for the `found` part of an error. */
const SYSTEM_FOUND: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EISDIR: 'a folder',
  ENOTDIR: 'a file where the path needs a folder',
  EEXIST: 'an existing file',
  EACCES: 'no permission',
  EPERM: 'no permission',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota used up',
  EROFS: 'a read-only file system',
  EMFILE: 'too many open files',
  ELOOP: 'a loop of symbolic links',
  ENAMETOOLONG: 'a name too long',
  EIO: 'an input/output error',
};

/** Is this a failed system call (it has an errno code like ENOENT)? */
export function isSystemError(e: unknown): e is SystemError {
  return e instanceof Error && typeof (e as SystemError).code === 'string' && /^E[A-Z]+$/.test((e as SystemError).code);
}

/** A failed system call's error as Node throws it (NodeJS.ErrnoException with its code, named here so the library's declarations need no global namespace). */
export interface SystemError extends Error {
  code: string;
  errno?: number;
  syscall?: string;
  path?: string;
}

/** "no space left on the device (ENOSPC)". */
export function systemFound(e: SystemError): string {
  return `${SYSTEM_FOUND[e.code] ?? e.code.toLowerCase()} (${e.code})`;
}

/**
 * A failed system call as the one-line error, naming the file by its role
 * (`file`) and what was expected of it; any other error unchanged.
 */
export function asInputError(e: unknown, file: string, expected: string): unknown {
  return isSystemError(e) ? new InputError(file, '', expected, systemFound(e)) : e;
}

/**
 * The one rule for "did you mean": could `typed` be a misspelling of `name`? At most a third of its letters changed,
 * added or left out (one, in a short name), in any case, or the same letters in another order ('kidn' for 'kind').
 * Field names, --set paths, presets and a folder's model files are all suggested by it.
 */
export function similar(typed: string, name: string): boolean {
  const [t, n] = [typed.toLowerCase(), name.toLowerCase()];
  return (
    editDistance(t, n) <= Math.max(1, Math.floor(n.length / 3)) || [...t].sort().join('') === [...n].sort().join('')
  );
}

/** Levenshtein distance: the fewest one-letter edits from `a` to `b`. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/**
 * Each name of a list used once: a name keys its part's random streams, columns and place in the summary, so a second
 * of the same name is an issue on its `name` field (`list` is the list's path, `what` says what a name names).
 */
export function namesUsedOnce(
  ctx: z.RefinementCtx,
  list: readonly PropertyKey[],
  names: readonly string[],
  what: string,
): void {
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (seen.has(name)) ctx.addIssue({ code: 'custom', message: what, path: [...list, i, 'name'], input: name });
    seen.add(name);
  });
}
