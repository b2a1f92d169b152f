/**
 * The data files a model reads: every string under a key named `file`
 * (a weather file, a price or carbon trace, an inference trace), relative
 * to the model file's folder unless absolute. Each layer reads its own
 * files; this module only finds them, hashes their content (so the model
 * hash, and sweep resume, follow edits to the data) and moves their paths
 * when a model is written into another folder (a run's model.yaml).
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { DATA_ROLES, readDataFile, shownPath } from './read-input.ts';

type Key = string | number;

interface DataFileRef {
  /** Where in the document: ["facility", "weather", "file"]. */
  keys: Key[];
  /** As written in the model. */
  path: string;
}

/** A data file as recorded in summary.json: field, path as written, sha256 of its content. */
export interface DataFile {
  field: string;
  path: string;
  sha256: string;
}

/** Every `file: <string>` in a document, in document order. */
export function dataFileRefs(doc: unknown, keys: Key[] = [], out: DataFileRef[] = []): DataFileRef[] {
  if (Array.isArray(doc)) doc.forEach((x, i) => dataFileRefs(x, [...keys, i], out));
  else if (doc && typeof doc === 'object') {
    for (const [k, v] of Object.entries(doc)) {
      if (k === 'file' && typeof v === 'string') out.push({ keys: [...keys, k], path: v });
      else dataFileRefs(v, [...keys, k], out);
    }
  }
  return out;
}

/** The file a path in a model names, read from the model's folder. */
export function dataPath(path: string, baseDir: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

const hashes = new Map<string, string>();

/**
 * What each data field should hold and how its errors name the file: the
 * words its reader uses (DATA_ROLES), so a file refused here reads as it would in the run.
 */
function roleOf(ref: DataFileRef, file: string): { role: string; shown: string } {
  const field = ref.keys.filter((k) => typeof k === 'string').join('.');
  const shown = shownPath(file);
  if (/weather\.file$/.test(field)) return { role: DATA_ROLES.weather, shown };
  if (/inference\.trace\.file$/.test(field)) return { role: DATA_ROLES.inference, shown };
  if (/(price|carbon)\.file$/.test(field)) return { role: DATA_ROLES.trace, shown };
  if (/demand_response\.events\.file$/.test(field)) return { role: DATA_ROLES.demandResponse, shown };
  return { role: 'a readable data file', shown };
}

/**
 * sha256 of a data file's content, read as its reader would (a regular file
 * under the size cap: read-input.ts), cached by path, size and modification
 * time. A file that cannot be read is the reader's one-line InputError.
 */
export function hashDataFile(ref: DataFileRef, baseDir: string): string {
  const file = dataPath(ref.path, baseDir);
  let key: string | undefined;
  try {
    const st = statSync(file);
    if (st.isFile()) key = `${file}\0${st.size}\0${st.mtimeMs}`;
  } catch {
    // readDataFile names what is wrong
  }
  const hit = key === undefined ? undefined : hashes.get(key);
  if (hit !== undefined) return hit;
  const { role, shown } = roleOf(ref, file);
  const h = createHash('sha256')
    .update(readDataFile(file, role, shown))
    .digest('hex');
  if (key !== undefined) hashes.set(key, h);
  return h;
}

/**
 * A copy of a document whose relative data paths are rewritten to read the
 * same files from `toDir`: relative again when both lie under one top
 * folder (so a project folder can move as a whole), else absolute.
 */
export function relocateDataPaths<T>(doc: T, fromDir: string, toDir: string): T {
  const copy = structuredClone(doc);
  for (const ref of dataFileRefs(copy)) {
    if (isAbsolute(ref.path)) continue;
    const target = resolve(fromDir, ref.path);
    const to = resolve(toDir);
    // Relative when both lie under one top folder (a project and its runs/), else absolute (a run written to /tmp).
    const top = (p: string): string => p.split(sep).filter(Boolean)[0] ?? '';
    let rel = top(target) === top(to) ? relative(to, target) : target;
    if (sep !== '/') rel = rel.split(sep).join('/');
    let parent: unknown = copy;
    for (const k of ref.keys.slice(0, -1)) parent = (parent as Record<Key, unknown>)[k];
    (parent as Record<string, string>).file = rel;
  }
  return copy;
}
