/**
 * The entry module of a sweep's worker threads: the compiled
 * dist/sweep-worker.mjs when dist/ is current (ready in a fraction of the time
 * tsx takes, which is most of a short sweep's overhead), otherwise the
 * TypeScript through tsx (src/sweep/worker.mjs registers it), as the command
 * itself does (src/bin.mjs).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { distState } from '../dist.mjs';
import { ROOT } from '../package.ts';

let cached: URL | undefined;

/** The entry module of a sweep worker thread. */
export function workerEntry(): URL {
  cached ??= pathToFileURL(
    join(ROOT, distState(ROOT) === 'current' ? join('dist', 'sweep-worker.mjs') : join('src', 'sweep', 'worker.mjs')),
  );
  return cached;
}
