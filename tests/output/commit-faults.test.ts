/**
 * A run is committed as a unit (src/output/files/commit.ts): whatever happens to a
 * re-run into a folder that holds a complete run (a full disk, a second run at
 * the same time), the folder then holds the old complete run or the new
 * complete run, nothing else; temporary files cannot be planted or left
 * behind. A sweep on a full disk keeps its complete runs and nothing else. (A kill or a stop at each write boundary: kill-corpus.test.ts.)
 * A long run's series is written by a thread of its own
 * (src/output/tables/row-thread.ts): that thread failing to start, ending without a
 * word in the middle of the file, or the process killed or stopped while it
 * writes, also leaves the old run or the new one, and one line saying why.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempName, writeFileAtomic } from '../../src/output/files/atomic.ts';
import { runScenario } from '../../src/run.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SMALL = join(ROOT, 'tests', 'fixtures', 'small.yaml');
const FILES = [
  'model.yaml',
  'monthly.csv',
  'summary.csv',
  'summary.json',
  'timeseries.csv',
  'timeseries.csv-metadata.json',
  'yearly.csv',
];
const base = mkdtempSync(join(tmpdir(), 'dcpsim-commit-'));
let n = 0;
const fresh = (): string => join(base, `p${n++}`);

function cli(args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [join(ROOT, 'src', 'bin.mjs'), ...args], {
    cwd: ROOT,
    env: { ...process.env, CI: '1', ...env },
    encoding: 'utf8',
  });
}

function filesOf(dir: string): Map<string, string> {
  return new Map(
    readdirSync(dir)
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );
}

const args = (out: string, seed: number): string[] => [
  'run',
  SMALL,
  '--step',
  '1m',
  '--seed',
  String(seed),
  '--out',
  out,
  '--quiet',
];

/** 540 days of SMALL at one-minute rows: 21 M cells, written by a thread of its own (timeseries-file.ts threadWrites). */
const long = (out: string): string[] => [...args(out, 9), '--duration', '540d'];

/** The complete runs the command writes (the library writes the same bytes) by seed, 7 and 8: SMALL at 1-minute rows. */
const RUNS = new Map(
  [7, 8].map((seed) => {
    const out = fresh();
    runScenario({ model: SMALL, step: '1m', seed, out });
    return [seed, filesOf(out)] as const;
  }),
);

/** The folder holds exactly one seed's complete run: every file, byte for byte. */
function expectWhole(dir: string): number {
  const got = filesOf(dir);
  const seed = JSON.parse(got.get('summary.json') ?? '{}').seed as number;
  expect(RUNS.has(seed), `seed ${seed}`).toBe(true);
  expect(got).toEqual(RUNS.get(seed));
  return seed;
}

/** Nothing but the run folder in its parent (or nothing at all): no lock, no hidden run or old folder, no temporary file. */
function expectClean(parent: string, name?: string): void {
  expect(readdirSync(parent)).toEqual(name ? [name] : []);
  if (name) expect(readdirSync(join(parent, name)).filter((f) => f.startsWith('.'))).toEqual([]);
}

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('a full disk', () => {
  const mnt = join(base, 'tmpfs');
  let mounted = false;
  beforeAll(() => {
    mkdirSync(mnt, { recursive: true });
    // 256 kB holds one 1-hour run (12 kB of series), not a 1-minute one (480 kB).
    mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mnt]).status === 0;
  });
  afterAll(() => {
    if (mounted) spawnSync('umount', [mnt]);
  });

  for (const [what, run] of [
    ['a run', args(join(mnt, 'run'), 8)],
    ['a long run (its series written by a thread of its own)', long(join(mnt, 'run'))],
  ] as const)
    it(`${what} that does not fit leaves the old complete run and nothing else; one line names the folder`, (ctx) => {
      if (!mounted) ctx.skip(); // needs root to mount a small tmpfs (CI runs as root)
      const out = join(mnt, 'run');
      expect(cli(['run', SMALL, '--step', '1h', '--out', out, '--quiet']).status).toBe(0);
      const before = filesOf(out);
      const r = cli([...run]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(
        /^dcpsim: error: .*run: expected a folder it can write the run into, found no space left on the device \(ENOSPC\)\n$/,
      );
      expect(filesOf(out)).toEqual(before);
      expectClean(mnt, 'run');
    });

  for (const workers of ['1', '2'])
    it(`a sweep that does not fit (${workers} worker${workers === '1' ? '' : 's'}) ends in one line naming its folder, no run without its record, no temporary file`, (ctx) => {
      if (!mounted) ctx.skip();
      // Before: once runs failed on the full disk and their records could not be written either, the pool threw from a
      // worker's event handler: a stack trace, a run folder without its record and a lock's temporary file left behind.
      // A disk of its own, 256 kB: a dozen 2-day runs at hourly rows fill it, the rest fail until no record fits.
      const disk = join(base, `tmpfs-sweep-${workers}`);
      mkdirSync(disk);
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', disk]).status).toBe(0);
      try {
        const out = join(disk, 'sweep');
        const r = cli([
          'sweep',
          SMALL,
          '--step',
          '1h',
          '--replicates',
          '60',
          '--series',
          'all',
          '--workers',
          workers,
          '--out',
          out,
        ]);
        expect(r.status).toBe(1);
        expect(r.stderr).toMatch(
          /^dcpsim: error: .*sweep: expected a folder it can write the runs into, found no space left on the device \(ENOSPC\)\n$/,
        );
        const runs = join(out, 'runs');
        expect(readdirSync(runs).filter((e) => e.startsWith('.'))).toEqual([]);
        for (const id of readdirSync(runs)) expect(existsSync(join(runs, id, 'result.json')), id).toBe(true);
        expect(readdirSync(join(out, 'claims'))).toEqual([]);
      } finally {
        spawnSync('umount', [disk]);
      }
    });

  it('a first run that does not fit leaves no folder at all', (ctx) => {
    if (!mounted) ctx.skip();
    const r = cli(args(join(mnt, 'first'), 8));
    expect(r.status).toBe(1);
    expect(existsSync(join(mnt, 'first'))).toBe(false);
    expect(readdirSync(mnt).filter((e) => e.includes('first'))).toEqual([]);
  });
});

describe('two runs into one folder at once', () => {
  it('one runs, the other is refused (or waits its turn): never a mix', async () => {
    for (let trial = 0; trial < 12; trial++) {
      const parent = fresh();
      const out = join(parent, 'run');
      const go = (seed: number): Promise<{ code: number | null; err: string }> =>
        new Promise((done) => {
          const p = spawn(process.execPath, [join(ROOT, 'src', 'bin.mjs'), ...args(out, seed)], {
            cwd: ROOT,
            env: { ...process.env, CI: '1' },
          });
          let err = '';
          p.stderr.on('data', (d) => (err += d));
          p.on('close', (code) => done({ code, err }));
        });
      const [a, b] = await Promise.all([go(7), go(8)]);
      for (const r of [a, b]) {
        if (r.code !== 0) {
          expect(r.code).toBe(1);
          expect(r.err).toMatch(
            /^dcpsim: error: .*run: expected a folder no other run is writing, found a run \(pid \d+ on .*\) writing it; wait for it or choose another --out .*\n$/,
          );
        }
      }
      expect(a.code === 0 || b.code === 0).toBe(true);
      expectWhole(out);
      expectClean(parent, 'run');
    }
  }, 240_000);
});

describe('a run out of memory', () => {
  it('leaves the old complete run and no visible file beside it; the next run leaves nothing else', () => {
    const parent = fresh();
    const out = join(parent, 'run');
    mkdirSync(out, { recursive: true });
    for (const [f, text] of RUNS.get(7)!) writeFileSync(join(out, f), text);
    // 4 jobs a second on 64 chips: the queue grows without end, past a 64 MB heap in a second (691,200 by the end of
    // the 2 days, within the work limits' million; 100 a second is refused before it runs, tests/model/limits.test.ts).
    const r = cli([...args(out, 8), '--set', 'workload.jobs[0].rate=4/s'], {
      NODE_OPTIONS: '--max-old-space-size=64',
    });
    expect(r.status).not.toBe(0);
    // The command says so in one line; or V8 ends the process itself (an abort, as a kill would), and the next run settles.
    if (r.status !== null && r.status < 128)
      expect(r.stderr).toMatch(
        /^dcpsim: error: out of memory: .*\(NODE_OPTIONS=--max-old-space-size=<MB> raises it\)\n$/,
      );
    expect(filesOf(out)).toEqual(RUNS.get(7));
    expect(readdirSync(parent).filter((e) => !e.startsWith('.'))).toEqual(['run']);
    expect(readdirSync(out).filter((e) => e.startsWith('.'))).toEqual([]);
    const again = cli(args(out, 8));
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
    expect(expectWhole(out)).toBe(8);
    expectClean(parent, 'run');
  });
});

describe('temporary files', () => {
  it('have unpredictable names, and a link planted at one is never written through', () => {
    const dir = fresh();
    mkdirSync(dir);
    const names = new Set(Array.from({ length: 100 }, () => tempName(join(dir, 'summary.json'))));
    expect(names.size).toBe(100);
    for (const t of names)
      expect(t).toMatch(new RegExp(`/\\.summary\\.json\\.${process.pid}@[0-9a-f]{8}\\.[0-9a-f]{12}\\.tmp$`));
  });

  it("a run keeps the user's own files in its folder, and refuses a folder holding folders of the user's, an --out that is a link or a file", () => {
    const parent = fresh();
    const out = join(parent, 'run');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'notes.txt'), 'mine');
    runScenario({ model: SMALL, out });
    runScenario({ model: SMALL, out, seed: 8 });
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readdirSync(out).sort()).toEqual([...FILES, 'notes.txt'].sort());
    mkdirSync(join(parent, 'project', 'src'), { recursive: true });
    writeFileSync(join(parent, 'project', 'src', 'thesis.tex'), 'mine');
    expect(() => runScenario({ model: SMALL, out: join(parent, 'project') })).toThrow(
      /project: expected an empty folder or a run folder \(a run replaces it whole\), found folders of its own: "src"; choose another --out$/,
    );
    expect(readFileSync(join(parent, 'project', 'src', 'thesis.tex'), 'utf8')).toBe('mine');
    symlinkSync(join(parent, 'project'), join(parent, 'link'));
    expect(() => runScenario({ model: SMALL, out: join(parent, 'link') })).toThrow(
      /link: expected a folder for the run, found a symbolic link/,
    );
    writeFileSync(join(parent, 'file'), 'x');
    expect(() => runScenario({ model: SMALL, out: join(parent, 'file') })).toThrow(
      /file: expected a folder for the run, found a file$/,
    );
    expect(readdirSync(parent).sort()).toEqual(['file', 'link', 'project', 'run']);
    expect(lstatSync(join(parent, 'link')).isSymbolicLink()).toBe(true);
  });

  it("a file written atomically removes at once the temporary files of its writers that died on this host; an unknown writer's when untouched for 10 minutes; never a live writer's", () => {
    const d = fresh();
    mkdirSync(d);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const host = /@([0-9a-f]{8})\./.exec(tempName(join(d, 'x')))![1];
    const other = host === '00000000' ? '11111111' : '00000000';
    const at = (who: string, hex = '0123456789ab'): string => `.points.csv.${who}.${hex}.tmp`;
    const gone = [at(`${dead}@${host}`), '.points.csv.0123456789ab.tmp', 'points.csv.4242.tmp'];
    const kept = [
      at(`${process.pid}@${host}`), // a writer in this process
      at(`${process.ppid}@${host}`), // a live process
      at(`${dead}@${other}`), // another host's, recent
      '.points.csv.ba9876543210.tmp', // an older version's, recent
      '.summary.csv.0123456789ab.tmp', // another file's
      `.summary.csv.${dead}@${host}.0123456789ab.tmp`,
    ];
    for (const f of [...gone, ...kept]) writeFileSync(join(d, f), 'half');
    const old = new Date(Date.now() - 11 * 60_000);
    for (const f of gone.slice(1)) utimesSync(join(d, f), old, old);
    for (const f of kept.slice(4)) utimesSync(join(d, f), old, old);
    writeFileAtomic(join(d, 'points.csv'), 'a,b\n');
    expect(readdirSync(d).sort()).toEqual([...kept, 'points.csv'].sort());
  });

  it('a run killed writing its workbook leaves the run whole and its workbook unwritten; the next run leaves nothing else', () => {
    const parent = fresh();
    const out = join(parent, 'run');
    const xlsx = ['run', SMALL, '--format', 'xlsx', '--out', out, '--quiet'];
    const log = join(parent, 'boundaries.log');
    mkdirSync(parent);
    expect(cli(xlsx, { DCPSIM_FAULT_LOG: log }).status).toBe(0);
    const all = readFileSync(log, 'utf8').trim().split('\n');
    // The workbook's first chunk: the first after the swap.
    const at = `chunk#${all.slice(0, all.indexOf('swapped')).filter((b) => b === 'chunk').length + 1}`;
    expect(all.slice(all.indexOf('swapped'))).toContain('chunk');
    rmSync(log);
    const before = filesOf(out);
    const r = cli(xlsx, { DCPSIM_KILL_AT: at });
    expect(r.signal).toBe('SIGKILL');
    const runFiles = [...before.keys()].filter((f) => f !== 'run.xlsx');
    expect(
      readdirSync(out)
        .filter((f) => !f.startsWith('.'))
        .sort(),
    ).toEqual(runFiles);
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([
      expect.stringMatching(/^\.run\.xlsx\..*\.tmp$/),
    ]);
    expect(cli(xlsx).status).toBe(0);
    expect(filesOf(out)).toEqual(before);
    expectClean(parent, 'run');
  });

  it('a re-run replaces a run folder whole: stale charts, report and temporary files of killed older versions go', () => {
    const parent = fresh();
    const out = join(parent, 'run');
    runScenario({ model: SMALL, out });
    mkdirSync(join(out, 'plots'));
    writeFileSync(join(out, 'plots', 'supply.svg'), '<svg/>');
    writeFileSync(join(out, 'report.html'), 'old');
    writeFileSync(join(out, 'timeseries.csv.1234.tmp'), 'half');
    runScenario({ model: SMALL, out });
    expect(readdirSync(out).sort()).toEqual(FILES);
    expectClean(parent, 'run');
  });
});

describe('the time-series thread of a long run', () => {
  const oldRun = (): { parent: string; out: string } => {
    const parent = fresh();
    const out = join(parent, 'run');
    expect(cli(args(out, 7)).status).toBe(0);
    return { parent, out };
  };
  /** The next run into the folder settles whatever was left and writes itself whole. */
  const expectRecovers = (parent: string, out: string): void => {
    const again = cli(args(out, 8));
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
    expect(expectWhole(out)).toBe(8);
    expectClean(parent, 'run');
  };
  // On one core the run writes its series in its own thread: nothing to test.
  const threaded = it.skipIf(availableParallelism() < 2);

  threaded('is the one writing the long run (the faults below reach it)', () => {
    const log = join(base, 'boundaries');
    const r = cli(long(oldRun().out), {
      DCPSIM_FAULT_LOG: log,
      DCPSIM_KILL_AT: 'rows thread',
      DCPSIM_KILL_SIGNAL: 'exit',
    });
    expect(r.status).toBe(70);
    expect(readFileSync(log, 'utf8').split('\n')).toContain('rows thread');
  });

  // DCPSIM_KILL_SIGNAL=exit ends the thread alone, without a word, as a crash or running out of memory would.
  const ended = 'ended before it wrote timeseries\\.csv \\(out of memory, or a crash\\)';
  for (const [what, at, says] of [
    ['cannot start', 'rows thread', 'could not start \\(.*rows-worker\\.mjs\\)'],
    ['ends in the middle of the file', 'chunk#20', ended],
    ['ends after its rename, before it said so', 'wrote timeseries.csv', ended],
  ])
    threaded(`a thread that ${what}: one line, exit 70, the old run intact and nothing else, at once`, () => {
      const { parent, out } = oldRun();
      const r = cli(long(out), { DCPSIM_KILL_AT: at, DCPSIM_KILL_SIGNAL: 'exit' });
      expect(r.stderr).toMatch(new RegExp(`^dcpsim: error: the time series thread ${says}\n$`));
      expect(r.status).toBe(70);
      expect(expectWhole(out)).toBe(7);
      expectClean(parent, 'run');
      expectRecovers(parent, out);
    });

  for (const [signal, at] of [
    ['SIGKILL', 'rows thread'],
    ['SIGKILL', 'chunk#20'],
    ['SIGKILL', 'wrote timeseries.csv'],
    ['SIGTERM', 'chunk#20'],
  ])
    threaded(`${signal} while the thread writes (at ${at}): the old run, whole; the next run recovers`, () => {
      const { parent, out } = oldRun();
      const r = cli(long(out), { DCPSIM_KILL_AT: at, DCPSIM_KILL_SIGNAL: signal });
      if (signal === 'SIGKILL') expect(r.signal).toBe('SIGKILL');
      else {
        // Stopped: it says so, removes what it wrote at once, and exits 128 + 15.
        expect(r.stderr).toMatch(/^dcpsim: stopped by SIGTERM: [^\n]*\n$/);
        expect(r.status).toBe(143);
        expectClean(parent, 'run');
      }
      expect(expectWhole(out)).toBe(7);
      expectRecovers(parent, out);
    });
});
