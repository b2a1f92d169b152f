/**
 * Sweep workers start from the cached JavaScript bundle of the worker
 * (src/bundle.mjs): ready in ~0.3 s instead of ~0.6-0.9 s under tsx, which
 * is most of a short sweep's overhead. Without a bundle, they run the
 * TypeScript through tsx (worker.mjs registers it).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundle } from '../bundle.mjs';
import { ROOT } from '../run.ts';

let cached: URL | undefined;

/** The entry module for sweep workers. */
export async function workerEntry(): Promise<URL> {
  cached ??= (process.env.DCPSIM_NO_BUNDLE ? undefined : await bundle('sweep/worker.ts')) ?? pathToFileURL(join(ROOT, 'src', 'sweep', 'worker.mjs'));
  return cached;
}
