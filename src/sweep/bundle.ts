/**
 * Worker threads start from one plain-JavaScript bundle of the worker's
 * code, built once with esbuild (the compiler tsx itself runs on) and cached
 * under node_modules/.cache/dcpsim keyed by the sources' sizes and times.
 * A worker then starts in ~0.3 s instead of ~0.9 s under tsx, which is most
 * of a short sweep's overhead. If the bundle cannot be built (no esbuild, a
 * read-only install), workers fall back to running the TypeScript via tsx.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../run.ts';

const TSX_ENTRY = new URL('./worker.mjs', import.meta.url);

/** Sizes and modification times of every source file: changes when any source does. */
function sourcesKey(root: string): string {
  const hash = createHash('sha1');
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mjs)$/.test(e.name)) {
        const s = statSync(p);
        hash.update(`${p}:${s.size}:${s.mtimeMs};`);
      }
    }
  };
  walk(root);
  return hash.digest('hex').slice(0, 16);
}

let cached: URL | undefined;

/** The entry module for sweep workers: the cached bundle, or the tsx entry. */
export async function workerEntry(): Promise<URL> {
  if (cached) return cached;
  try {
    const src = join(ROOT, 'src');
    const dir = join(ROOT, 'node_modules', '.cache', 'dcpsim');
    const out = join(dir, `worker-${sourcesKey(src)}.mjs`);
    if (!existsSync(out)) {
      const { buildSync } = await import('esbuild');
      mkdirSync(dir, { recursive: true });
      const tmp = `${out}.${process.pid}.tmp`;
      buildSync({
        entryPoints: [join(src, 'sweep', 'worker.ts')],
        outfile: tmp,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        packages: 'external', // dependencies load from node_modules, as under tsx
        // run.ts finds the package root from its own URL: give it that URL, not the bundle's.
        define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(src, 'run.ts')).href) },
        logLevel: 'silent',
      });
      renameSync(tmp, out);
      for (const f of readdirSync(dir)) if (/^worker-.*\.mjs$/.test(f) && join(dir, f) !== out) rmSync(join(dir, f), { force: true });
    }
    cached = pathToFileURL(out);
  } catch (e) {
    if (process.env.DCPSIM_DEBUG) process.stderr.write(`dcpsim: worker bundle not built (${(e as Error).message}); workers use tsx\n`);
    cached = TSX_ENTRY;
  }
  return cached;
}
