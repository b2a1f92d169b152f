/**
 * The entry modules of worker threads (sweep workers, the thread of `dcpsim
 * run`): the compiled dist/<name>.mjs when dist/ is current (ready in a
 * fraction of the time tsx takes, which is most of a short sweep's overhead),
 * otherwise the TypeScript through tsx (the .mjs beside it registers it), as
 * the command itself does (src/bin.mjs).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { distState } from '../dist.mjs';
import { ROOT } from '../package.ts';

const SOURCES = {
  'sweep-worker': join('src', 'sweep', 'worker.mjs'),
  'run-worker': join('src', 'run-worker.mjs'),
} as const;
const cached = new Map<string, URL>();

/** The entry module of a worker thread. */
export function workerEntry(name: keyof typeof SOURCES = 'sweep-worker'): URL {
  let url = cached.get(name);
  if (!url)
    cached.set(
      name,
      (url = pathToFileURL(join(ROOT, distState(ROOT) === 'current' ? join('dist', `${name}.mjs`) : SOURCES[name]))),
    );
  return url;
}
