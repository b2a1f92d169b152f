/**
 * What syncing a run to the disk costs (issue 16.6): a run folder's files
 * (the small fixture at 1-minute rows: 480 kB of series and five small
 * files) committed as dcpsim does, each file and the folder synced before
 * the swap (src/output/files/commit.ts, atomic.ts), against the same bytes written
 * and renamed into place with no sync; and the whole in-process run of that
 * fixture, for scale. Read the sync's cost as (committed - unsynced) / run.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import { writeFileAtomic } from '../../src/output/files/atomic.ts';
import { beginFolder } from '../../src/output/files/commit.ts';
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

// A sweep writes every run into one runs/ folder: a run's commit there costs the same beside 20,000 runs as beside none
// (it lists its parent only to recover from a run killed there). Before, each run listed it: +15 ms a run at 20,000.
const crowded = join(base, 'crowded');
for (let i = 0; i < 20_000; i++) mkdirSync(join(crowded, `r${i}`), { recursive: true });
const alone = join(base, 'alone');

describe('a one-day run of the small fixture, unsynced (as a sweep writes its runs)', () => {
  bench(
    'beside 20,000 run folders',
    () => {
      runScenario({ model: SMALL, duration: '1d', out: join(crowded, 'x'), sync: false });
    },
    {
      iterations: 30,
      time: 0,
      warmupIterations: 3,
    },
  );
  bench(
    'beside none',
    () => {
      runScenario({ model: SMALL, duration: '1d', out: join(alone, 'x'), sync: false });
    },
    {
      iterations: 30,
      time: 0,
      warmupIterations: 3,
    },
  );
});

process.on('exit', () => rmSync(base, { recursive: true, force: true }));
