/**
 * The data files a model reads: every string under a key named `file`
 * (a weather file, a price or carbon trace, an inference trace), relative
 * to the model file's folder unless absolute. Each layer reads its own
 * files; this module only finds them, hashes their content (so the model
 * hash, and sweep resume, follow edits to the data) and moves their paths
 * when a model is written into another folder (a run's model.yaml).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

type Key = string | number;

export interface DataFileRef {
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
 * sha256 of a data file's content (cached by path, size and modification
 * time). Throws a one-word reason when it is not a readable regular file:
 * a FIFO or a device would block or never end.
 */
export function hashDataFile(file: string): string {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' || code === 'ENOTDIR' ? `no such file: ${file}` : `${code ?? e}: ${file}`);
  }
  if (!st.isFile()) throw new Error(`${st.isDirectory() ? 'a directory' : 'not a regular file'}: ${file}`);
  const key = `${file}\0${st.size}\0${st.mtimeMs}`;
  let h = hashes.get(key);
  if (h === undefined) {
    try {
      h = createHash('sha256').update(readFileSync(file)).digest('hex');
    } catch (e) {
      throw new Error(`${(e as NodeJS.ErrnoException).code ?? e}: ${file}`);
    }
    hashes.set(key, h);
  }
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
