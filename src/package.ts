/**
 * The package's folder and version, for code run from src/ (tsx, vitest) or
 * from the compiled dist/ (its chunks sit in dist/chunks/): the nearest
 * parent folder holding dcpsim's package.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { distState } from './dist.mjs';

function findPackage(): { root: string; version: string } {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here; dirname(dir) !== dir; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'dcpsim') return { root: dir, version: String(pkg.version) };
  }
  throw new Error(`no package.json of dcpsim above ${here}`);
}

const found = findPackage();
/** The package's folder (models/, package.json). */
export const ROOT: string = found.root;
export const VERSION: string = found.version;

let compiledCurrent: boolean | undefined;

/**
 * A worker thread's entry module: `compiled`, under dist/, when dist/ is current (ready in a fraction of the time tsx
 * takes), otherwise `source`, under src/, a plain module that registers tsx and loads the TypeScript: the choice the
 * command itself makes (src/bin.mjs). Asked once a process.
 */
export function threadEntry(compiled: string, source: string): URL {
  compiledCurrent ??= distState(ROOT) === 'current';
  return pathToFileURL(compiledCurrent ? join(ROOT, 'dist', compiled) : join(ROOT, 'src', source));
}
