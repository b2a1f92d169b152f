/**
 * A run is committed as a unit (src/output/commit.ts): whatever happens to a
 * re-run into a folder that holds a complete run (SIGKILL or SIGTERM at each
 * write boundary it passes, listed by running it, a full disk, a second run at
 * the same time), the folder then holds the old complete run or the new
 * complete run, nothing else, and the next run leaves nothing behind (a
 * stopped run leaves nothing at once).
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFolder } from '../../src/output/folder.ts';
import { tempName, writeFileAtomic } from '../../src/output/atomic.ts';
import { runScenario } from '../../src/run.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SMALL = join(ROOT, 'tests', 'fixtures', 'small.yaml');
const FILES = ['model.yaml', 'monthly.csv', 'summary.csv', 'summary.json', 'timeseries.csv', 'yearly.csv'];
const base = mkdtempSync(join(tmpdir(), 'dcpsim-commit-'));
let n = 0;
const fresh = (): string => join(base, `p${n++}`);

function cli(args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [join(ROOT, 'src', 'bin.mjs'), ...args], { cwd: ROOT, env: { ...process.env, CI: '1', ...env }, encoding: 'utf8' });
}

/** The files of a complete run of SMALL at 1-minute rows with this seed (each series about 480 kB: several write chunks). */
const reference = new Map<number, Map<string, string>>();
function filesOf(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}
const args = (out: string, seed: number): string[] => ['run', SMALL, '--step', '1m', '--seed', String(seed), '--out', out, '--quiet'];

/** The folder holds exactly one seed's complete run: every file, byte for byte (but the wall-clock run time). */
function expectWhole(dir: string): number {
  const got = filesOf(dir);
  expect([...got.keys()]).toEqual(FILES);
  const seed = JSON.parse(got.get('summary.json')!).seed as number;
  const ref = reference.get(seed)!;
  expect(ref, `seed ${seed}`).toBeDefined();
  const noClock = (s: string): string => s.replace(/"run_time_s": [^,\n}]+/, '').replace(/,[^,\n]*\n$/, '\n');
  for (const f of FILES) {
    if (f === 'summary.json') expect(noClock(got.get(f)!)).toBe(noClock(ref.get(f)!));
    else if (f === 'summary.csv') expect(got.get(f)!.split(',').length).toBe(ref.get(f)!.split(',').length);
    else expect(got.get(f), f).toBe(ref.get(f));
  }
  return seed;
}

/** Nothing but the run folder in its parent: no lock, no hidden run or old folder, no temporary file. */
function expectClean(parent: string, name: string): void {
  expect(readdirSync(parent)).toEqual([name]);
  expect(readdirSync(join(parent, name)).filter((f) => f.startsWith('.'))).toEqual([]);
}

/** A folder `run` in a fresh parent holding seed 7's complete run. */
function oldRun(): { parent: string; out: string } {
  const parent = fresh();
  const out = join(parent, 'run');
  mkdirSync(out, { recursive: true });
  for (const [f, text] of reference.get(7)!) writeFileSync(join(out, f), text);
  return { parent, out };
}

// Seed 7's run, then seed 8's over it, listing every write boundary the re-run passes
// (src/output/fault.ts): each occurrence, in order, is a place to kill it.
const BOUNDARIES: string[] = (() => {
  const first = fresh();
  if (cli(args(first, 7)).status !== 0) throw new Error('the reference run failed');
  reference.set(7, filesOf(first));
  const { out } = oldRun();
  const log = join(base, 'boundaries.log');
  if (cli(args(out, 8), { DCPSIM_FAULT_LOG: log }).status !== 0) throw new Error('the reference re-run failed');
  reference.set(8, filesOf(out));
  const seen = new Map<string, number>();
  return readFileSync(log, 'utf8').trim().split('\n').map((b) => {
    seen.set(b, (seen.get(b) ?? 0) + 1);
    return `${b}#${seen.get(b)}`;
  });
})();

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('a re-run killed or stopped at every write boundary', () => {
  it('passes them all: the lock, each chunk and file, the two renames of the swap', () => {
    const names = new Set(BOUNDARIES.map((b) => b.replace(/#\d+$/, '')));
    expect([...names].sort()).toEqual(['aside', 'chunk', 'locked', 'swapped', ...FILES.map((f) => `wrote ${f}`)].sort());
    expect(BOUNDARIES.filter((b) => b.startsWith('chunk')).length).toBeGreaterThanOrEqual(4);
  });

  /** The swap's first rename is the point of no return: from there on the new run is the one a reader finds. */
  const newAfter = (at: string): boolean => BOUNDARIES.indexOf(at) >= BOUNDARIES.indexOf('aside#1');

  it.each(BOUNDARIES)('SIGKILL at %s: the old run or the new, whole; the next run recovers and cleans up', (at) => {
    const { parent, out } = oldRun();
    const killed = cli(args(out, 8), { DCPSIM_KILL_AT: at });
    expect(killed.signal).toBe('SIGKILL');
    // Readers see a whole run (a swap cut between its renames is finished by the reader).
    readFolder(out);
    expect(expectWhole(out)).toBe(newAfter(at) ? 8 : 7);
    // The next run takes over the dead run's lock and removes its leftovers.
    const again = cli(args(out, 8));
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
    expect(expectWhole(out)).toBe(8);
    expectClean(parent, 'run');
  });

  it.each(BOUNDARIES)('SIGTERM at %s: one line, exit 143, the old run or the new, whole, and nothing beside it', (at) => {
    const { parent, out } = oldRun();
    const r = cli(args(out, 8), { DCPSIM_KILL_AT: at, DCPSIM_KILL_SIGNAL: 'SIGTERM' });
    // The run's thread stops at its next instruction, not at the boundary: it may get a little further.
    if (r.status === 143) {
      expect(r.stderr).toMatch(/^dcpsim: stopped by SIGTERM: (the run was discarded; .* holds the previous run as it was|the run had just been written whole; .* holds it)\n$/);
      expect(expectWhole(out)).toBe(r.stderr.includes('written whole') ? 8 : 7);
    } else {
      // The signal came as the run ended: it completed (exit 0), or the process ended by the signal after it did.
      expect(r.status === 0 || r.signal === 'SIGTERM').toBe(true);
      expect(expectWhole(out)).toBe(8);
    }
    if (!newAfter(at)) expect(r.status).toBe(143);
    expectClean(parent, 'run');
  });
});

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

  it('a run that does not fit leaves the old complete run and nothing else; one line names the folder', (ctx) => {
    if (!mounted) ctx.skip(); // needs root to mount a small tmpfs (CI runs as root)
    const out = join(mnt, 'run');
    expect(cli(['run', SMALL, '--step', '1h', '--out', out, '--quiet']).status).toBe(0);
    const before = filesOf(out);
    const r = cli(args(out, 8));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^dcpsim: error: .*run: expected a folder it can write the run into, found no space left on the device \(ENOSPC\)\n$/);
    expect(filesOf(out)).toEqual(before);
    expectClean(mnt, 'run');
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
          const p = spawn(process.execPath, [join(ROOT, 'src', 'bin.mjs'), ...args(out, seed)], { cwd: ROOT, env: { ...process.env, CI: '1' } });
          let err = '';
          p.stderr.on('data', (d) => (err += d));
          p.on('close', (code) => done({ code, err }));
        });
      const [a, b] = await Promise.all([go(7), go(8)]);
      for (const r of [a, b]) {
        if (r.code !== 0) {
          expect(r.code).toBe(1);
          expect(r.err).toMatch(/^dcpsim: error: .*run: expected a folder no other run is writing, found a run \(pid \d+ on .*\) writing it; wait for it or choose another --out .*\n$/);
        }
      }
      expect(a.code === 0 || b.code === 0).toBe(true);
      expectWhole(out);
      expectClean(parent, 'run');
    }
  }, 60_000);
});

describe('temporary files', () => {
  it('have unpredictable names, and a link planted at one is never written through', () => {
    const dir = fresh();
    mkdirSync(dir);
    const names = new Set(Array.from({ length: 100 }, () => tempName(join(dir, 'summary.json'))));
    expect(names.size).toBe(100);
    for (const t of names) expect(t).toMatch(/\/\.summary\.json\.[0-9a-f]{12}\.tmp$/);
  });

  it('a run keeps the user\'s own files in its folder, and refuses a folder holding folders of the user\'s, an --out that is a link or a file', () => {
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
    expect(() => runScenario({ model: SMALL, out: join(parent, 'project') })).toThrow(/project: expected an empty folder or a run folder \(a run replaces it whole\), found folders of its own: "src"; choose another --out$/);
    expect(readFileSync(join(parent, 'project', 'src', 'thesis.tex'), 'utf8')).toBe('mine');
    symlinkSync(join(parent, 'project'), join(parent, 'link'));
    expect(() => runScenario({ model: SMALL, out: join(parent, 'link') })).toThrow(/link: expected a folder for the run, found a symbolic link/);
    writeFileSync(join(parent, 'file'), 'x');
    expect(() => runScenario({ model: SMALL, out: join(parent, 'file') })).toThrow(/file: expected a folder for the run, found a file$/);
    expect(readdirSync(parent).sort()).toEqual(['file', 'link', 'project', 'run']);
    expect(lstatSync(join(parent, 'link')).isSymbolicLink()).toBe(true);
  });

  it('a file written atomically removes the temporary files killed writers of it left (untouched for 10 minutes), not a live writer\'s', () => {
    const d = fresh();
    mkdirSync(d);
    const stale = [join(d, '.points.csv.0123456789ab.tmp'), join(d, 'points.csv.4242.tmp')];
    const live = join(d, '.points.csv.ba9876543210.tmp');
    const other = join(d, '.summary.csv.0123456789ab.tmp');
    for (const f of [...stale, live, other]) writeFileSync(f, 'half');
    const old = new Date(Date.now() - 11 * 60_000);
    for (const f of [...stale, other]) utimesSync(f, old, old);
    writeFileAtomic(join(d, 'points.csv'), 'a,b\n');
    expect(readdirSync(d).sort()).toEqual(['.points.csv.ba9876543210.tmp', '.summary.csv.0123456789ab.tmp', 'points.csv']);
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
