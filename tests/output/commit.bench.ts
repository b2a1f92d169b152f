/**
 * What syncing a run to the disk costs (issue 16.6): a run folder's files
 * (the small fixture at 1-minute rows: 480 kB of series and five small
 * files) committed as dcpsim does, each file and the folder synced before
 * the swap (src/output/commit.ts, atomic.ts), against the same bytes written
 * and renamed into place with no sync; and the whole in-process run of that
 * fixture, for scale. Read the sync's cost as (committed - unsynced) / run.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import { writeFileAtomic } from '../../src/output/atomic.ts';
import { beginFolder } from '../../src/output/commit.ts';
import { runScenario } from '../../src/run.ts';

const SMALL = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');
// On the disk the runs go to (runs/ in the project), not a tmpfs /tmp where a sync costs nothing.
const RUNS = join(import.meta.dirname, '..', '..', 'runs');
mkdirSync(RUNS, { recursive: true });
const base = mkdtempSync(join(RUNS, '.commit-bench-'));
const ref = join(base, 'ref');
runScenario({ model: SMALL, step: '1m', out: ref });
const files = readdirSync(ref).map((f) => [f, readFileSync(join(ref, f), 'utf8')] as const);
let n = 0;

describe('committing a run folder (six files, 480 kB)', () => {
  bench(
    'committed: each file and the folder synced, then swapped in',
    () => {
      const f = beginFolder(join(base, `c${n++ % 4}`), () => true);
      for (const [name, text] of files) writeFileAtomic(join(f.dir, name), text);
      f.commit();
    },
    { iterations: 20, time: 0, warmupIterations: 2 },
  );

  bench(
    'unsynced: the same bytes written and renamed, no sync',
    () => {
      const dir = join(base, `u${n++ % 4}`);
      const tmp = `${dir}.tmp`;
      mkdirSync(tmp);
      for (const [name, text] of files) {
        writeFileSync(join(tmp, `.${name}.tmp`), text);
        renameSync(join(tmp, `.${name}.tmp`), join(tmp, name));
      }
      rmSync(dir, { recursive: true, force: true });
      renameSync(tmp, dir);
    },
    { iterations: 20, time: 0, warmupIterations: 2 },
  );

  bench(
    'the whole run in process (load, simulate, write, commit)',
    () => {
      runScenario({ model: SMALL, step: '1m', out: join(base, 'run') });
    },
    { iterations: 10, time: 0, warmupIterations: 1 },
  );
});

process.on('exit', () => rmSync(base, { recursive: true, force: true }));
