/**
 * The package's folder and version, for code run from src/ (tsx, vitest) or
 * from the compiled dist/ (its chunks sit in dist/chunks/): the nearest
 * parent folder holding dcpsim's package.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
