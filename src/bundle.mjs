// Start-up without a build step, made fast: a TypeScript entry (the CLI, a
// sweep worker) is bundled once into plain JavaScript with esbuild (the
// compiler tsx itself runs on) and cached under node_modules/.cache/dcpsim,
// keyed by the sizes and times of every source file, so an edit rebuilds it.
// Loading the bundle takes ~0.3 s where tsx takes ~0.8 s, a cost every
// command and every sweep worker pays. Plain JavaScript because src/bin.mjs
// needs it before any TypeScript can load.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The package's folder: the nearest parent with dcpsim's package.json (code
 * may run from a bundle in node_modules/.cache, not from src/).
 * @returns {string}
 */
export function packageRoot() {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here; dirname(dir) !== dir; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'dcpsim') return dir;
  }
  return join(here, '..');
}

const ROOT = packageRoot();
const SRC = join(ROOT, 'src');
const CACHE = join(ROOT, 'node_modules', '.cache', 'dcpsim');

/** @returns {string} a short hash of every source file's path, size and time */
function sourcesKey() {
  const hash = createHash('sha1');
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mjs)$/.test(e.name)) {
        const s = statSync(p);
        hash.update(`${p}:${s.size}:${s.mtimeMs};`);
      }
    }
  };
  walk(SRC);
  return hash.digest('hex').slice(0, 16);
}

/**
 * The URL of the cached bundle of `entry` (a path under src/, like
 * "cli.ts"), if it is current.
 * @param {string} entry
 * @returns {URL | undefined}
 */
export function cachedBundle(entry) {
  try {
    const out = join(CACHE, `${entry.replace(/[/.]/g, '-')}-${sourcesKey()}.mjs`);
    return existsSync(out) ? pathToFileURL(out) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Build (or find) the bundle of `entry`; undefined when it cannot be built
 * (esbuild missing, a read-only install): callers then run the TypeScript
 * through tsx.
 * @param {string} entry
 * @returns {Promise<URL | undefined>}
 */
export async function bundle(entry) {
  const found = cachedBundle(entry);
  if (found) return found;
  try {
    const { buildSync } = await import('esbuild');
    const stem = entry.replace(/[/.]/g, '-');
    const out = join(CACHE, `${stem}-${sourcesKey()}.mjs`);
    mkdirSync(CACHE, { recursive: true });
    const tmp = `${out}.${process.pid}.tmp`;
    buildSync({
      entryPoints: [join(SRC, entry)],
      outfile: tmp,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external', // dependencies load from node_modules, as under tsx
      logLevel: 'silent',
    });
    renameSync(tmp, out);
    // Drop bundles of older sources (not other processes' files in progress).
    const old = new RegExp(`^${stem}-[0-9a-f]{16}\\.mjs$`);
    for (const f of readdirSync(CACHE)) if (old.test(f) && join(CACHE, f) !== out) rmSync(join(CACHE, f), { force: true });
    return pathToFileURL(out);
  } catch (e) {
    if (process.env.DCPSIM_DEBUG) process.stderr.write(`dcpsim: no bundle of ${entry} (${e.message}); running through tsx\n`);
    return undefined;
  }
}
