/**
 * The world around a run: a read-only file system, a full disk, a run folder the user made read-only. Each ends in
 * one line naming the file or folder it could not write and why, and leaves what was there as it was. They need root
 * (to mount a small tmpfs, to run as another user); CI runs as root, elsewhere they are skipped.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { makeDirs } from '../../src/output/files/atomic.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SMALL = join(ROOT, 'tests', 'fixtures', 'small.yaml');
const root = process.getuid?.() === 0;
const base = mkdtempSync(join(tmpdir(), 'dcpsim-fs-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function cli(args: string[], as?: number): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [join(ROOT, 'src', 'bin.mjs'), ...args], {
    cwd: ROOT,
    env: { ...process.env, CI: '1' },
    encoding: 'utf8',
    ...(as === undefined ? {} : { uid: as, gid: as }),
  });
}

/** A tmpfs of `size` (256 kB) at `dir`, holding one complete run of SMALL in run/ (12 kB of hourly series). */
function smallDisk(dir: string, size = '256k'): boolean {
  mkdirSync(dir, { recursive: true });
  if (!root || spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]).status !== 0) return false;
  expect(cli(['run', SMALL, '--step', '1h', '--out', join(dir, 'run'), '--quiet']).status).toBe(0);
  return true;
}

const listing = (dir: string): Map<string, string> =>
  new Map(
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .sort()
      .map((f) => [f, existsSync(join(dir, f)) && !f.endsWith('plots') ? readFileSync(join(dir, f), 'utf8') : '']),
  );

describe('a read-only file system', () => {
  const disk = join(base, 'ro');
  let mounted = false;
  beforeAll(() => {
    mounted = smallDisk(disk);
    if (mounted) expect(spawnSync('mount', ['-o', 'remount,ro', disk]).status).toBe(0);
  });
  afterAll(() => {
    if (mounted) spawnSync('umount', [disk]);
  });

  it("says so when a folder cannot be made on it, not 'no such file or folder'", (ctx) => {
    if (!mounted) ctx.skip();
    // Node's recursive mkdir turns the EROFS of a missing folder into ENOENT (nodejs/node#47098).
    expect(() => makeDirs(join(disk, 'new', 'deep'))).toThrow(expect.objectContaining({ code: 'EROFS' }));
    const r = cli(['run', SMALL, '--out', join(disk, 'new', 'deep'), '--quiet']);
    expect(r.status).toBe(1);
    // Was '<disk>/new/deep: expected a folder it can write the run into, found no such file or folder (ENOENT)'.
    expect(r.stderr).toBe(
      `dcpsim: error: ${join(disk, 'new', 'deep')}: expected a folder it can write the run into, found a read-only file system (EROFS)\n`,
    );
  });

  it('plot and report name the file they could not write, and leave the run as it was', (ctx) => {
    if (!mounted) ctx.skip();
    const run = join(disk, 'run');
    const before = listing(run);
    const plot = cli(['plot', run, '--quiet']);
    expect(plot.status).toBe(1);
    // Was '<run>/plots: expected a file or folder dcpsim can use, found no such file or folder (ENOENT)', then (f9567af)
    // '<run>/plots/supply.svg: ...', a file it never came to: the folder it could not make is named.
    expect(plot.stderr).toBe(
      `dcpsim: error: ${join(run, 'plots')}: expected a file or folder dcpsim can use, found a read-only file system (EROFS)\n`,
    );
    const report = cli(['report', run, '--quiet']);
    expect(report.status).toBe(1);
    // Was the hidden temporary file's name: '<run>/.report.html.<pid>@<host>.<hex>.tmp: expected ...'.
    expect(report.stderr).toBe(
      `dcpsim: error: ${join(run, 'report.html')}: expected a file or folder dcpsim can use, found a read-only file system (EROFS)\n`,
    );
    expect(listing(run)).toEqual(before);
  });
});

describe('a full disk', () => {
  const disk = join(base, 'full');
  let mounted = false;
  beforeAll(() => {
    mounted = smallDisk(disk);
  });
  afterAll(() => {
    if (mounted) spawnSync('umount', [disk]);
  });

  it('report, plot and merge name the file that did not fit; no report, chart or temporary file is left', (ctx) => {
    if (!mounted) ctx.skip();
    const run = join(disk, 'run');
    const sweep = join(disk, 'sweep');
    // Five one-hour-row runs fit; what is left is filled but for a few kB: a sweep's tables do not fit.
    expect(cli(['sweep', SMALL, '--replicates', '5', '--step', '1h', '--out', sweep, '--quiet']).status).toBe(0);
    const fill = join(disk, 'fill');
    const df = spawnSync('df', ['--output=avail', '-B1', disk], { encoding: 'utf8' }).stdout.split('\n')[1];
    writeFileSync(fill, Buffer.alloc(Math.max(0, Number(df) - 4096)));
    const before = listing(run);
    for (const [args, file] of [
      [['report', run], 'report.html'],
      [['plot', run], 'plots/[a-z-]+\\.svg'],
    ] as const) {
      const r = cli([...args, '--quiet']);
      expect(r.status).toBe(1);
      // Was 'dcpsim: error: expected a file or folder dcpsim can use, found no space left on the device (ENOSPC)'.
      expect(r.stderr).toMatch(
        new RegExp(
          `^dcpsim: error: .*/run/${file}: expected a file or folder dcpsim can use, found no space left on the device \\(ENOSPC\\)\\n$`,
        ),
      );
    }
    // No plots/ either: a full disk left it empty until 6 December 2026.
    expect(listing(run)).toEqual(before);
    rmSync(join(sweep, 'summary.csv'));
    writeFileSync(
      fill,
      Buffer.alloc(Number(spawnSync('stat', ['-c', '%s', fill], { encoding: 'utf8' }).stdout) + 8192),
    );
    const merge = cli(['merge', sweep, '--quiet']);
    expect(merge.status).toBe(1);
    expect(merge.stderr).toMatch(
      /^dcpsim: error: .*\/sweep\/[a-z_]+\.csv: expected a file or folder dcpsim can use, found no space left on the device \(ENOSPC\)\n$/,
    );
    expect(readdirSync(sweep).filter((f) => f.startsWith('.'))).toEqual([]);
    // A new sweep or sizing whose first file does not fit leaves no folder: it left an empty one until 6 December 2026.
    const left = spawnSync('df', ['--output=avail', '-B1', disk], { encoding: 'utf8' }).stdout.split('\n')[1];
    writeFileSync(join(disk, 'fill-all'), Buffer.alloc(Number(left)));
    for (const [command, args] of [
      ['sweep', ['--duration', '1d']],
      ['size', ['--decide', 'supply[0].import_cap=40:50:10 kW', '--minimize', 'carbon_t', '--duration', '1d']],
    ] as const) {
      const out = join(disk, `new-${command}`);
      const r = cli([command, SMALL, ...args, '--out', out, '--quiet']);
      expect(r.status, command).toBe(1);
      expect(r.stderr).toMatch(
        /^dcpsim: error: .*\/new-(sweep|size)\/(sweep|size)\.json: expected a file or folder dcpsim can use, found no space left on the device \(ENOSPC\)\n$/,
      );
      expect(existsSync(out), command).toBe(false);
    }
  });
});

describe('a run folder the user made read-only', () => {
  it('is refused, and kept as it was: not replaced by a run that then failed', (ctx) => {
    // Root writes any folder: the run is made by another user (nobody, 65534), who must be able to run this checkout,
    // which a clone in a folder only root may enter (/root) does not let them: there the test cannot be made.
    if (!root || cli(['--version'], 65534).status !== 0) ctx.skip();
    // Beside the suite's temporary folder, which only root may enter.
    const home = mkdtempSync(join(dirname(tmpdir()), 'dcpsim-fs-user-'));
    onTestFinished(() => rmSync(home, { recursive: true, force: true }));
    chmodSync(home, 0o755);
    chownSync(home, 65534, 65534);
    const out = join(home, 'baseline');
    const first = cli(['run', SMALL, '--out', out, '--quiet'], 65534);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(spawnSync('chmod', ['-R', 'a-w', out]).status).toBe(0);
    const before = listing(out);
    const r = cli(['run', SMALL, '--seed', '8', '--out', out, '--quiet'], 65534);
    // Before: exit 1 with this same line, but the new run (seed 8) had taken the folder's place and the old one lay
    // hidden beside it, as .baseline.old-<hex>, which it could not delete.
    expect(r.stderr).toBe(
      `dcpsim: error: ${out}: expected a folder it can write the run into, found no permission (EACCES)\n`,
    );
    expect(r.status).toBe(1);
    expect(listing(out)).toEqual(before);
    expect(readdirSync(home)).toEqual(['baseline']);
  });
});

describe('an output folder that is a file', () => {
  it('is named, not a file it was to hold', () => {
    const notes = join(mkdtempSync(join(base, 'file-')), 'notes.txt');
    writeFileSync(notes, 'mine\n');
    for (const [kind, args] of [
      ['sweep', ['sweep', SMALL, '--out', notes]],
      ['sizing', ['size', SMALL, '--decide', 'clusters[0].count=32,64', '--minimize', 'carbon_t', '--out', notes]],
    ] as const) {
      const r = cli([...args, '--quiet']);
      // Since f9567af: '<dir>/notes.txt/sweep.json: ... found an existing file (EEXIST)' ('size.json' for the sizing);
      // then '<notes>: expected a file or folder dcpsim can use, found an existing file (EEXIST)'; now as a run says it.
      expect(r.stderr).toBe(`dcpsim: error: ${notes}: expected a folder for the ${kind}, found a file\n`);
      expect(r.status).toBe(1);
    }
    expect(readFileSync(notes, 'utf8')).toBe('mine\n');
  });
});

describe("a sweep's tables on a disk that fills", () => {
  it('are replaced as a set or not at all: never a new summary.csv beside an old points.csv', (ctx) => {
    const disk = join(base, 'tables');
    if (!smallDisk(disk, '1m')) ctx.skip();
    try {
      // A sweep of one replicate on the small disk, then the records of twelve (run elsewhere) in its place: its merge
      // writes summary.csv of twelve rows (11.5 kB) and points.csv. The disk holds the new summary.csv alone.
      const sweep = join(disk, 'sweep');
      const args = ['--step', '1h', '--quiet'];
      expect(cli(['sweep', SMALL, '--replicates', '1', '--out', sweep, ...args]).status).toBe(0);
      const big = join(base, 'twelve');
      expect(cli(['sweep', SMALL, '--replicates', '12', '--out', big, ...args]).status).toBe(0);
      rmSync(join(sweep, 'runs'), { recursive: true });
      cpSync(join(big, 'runs'), join(sweep, 'runs'), { recursive: true });
      cpSync(join(big, 'sweep.json'), join(sweep, 'sweep.json'));
      const tables = (): Map<string, string> =>
        new Map(['summary.csv', 'points.csv'].map((f) => [f, readFileSync(join(sweep, f), 'utf8')]));
      const before = tables();
      const avail = Number(
        spawnSync('df', ['--output=avail', '-B1', disk], { encoding: 'utf8' }).stdout.split('\n')[1],
      );
      const page = 4096;
      const room = Math.ceil(statSync(join(big, 'summary.csv')).size / page) * page;
      writeFileSync(join(disk, 'fill'), Buffer.alloc(avail - room));
      const r = cli(['merge', sweep, '--quiet']);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(
        /: expected a file or folder dcpsim can use, found no space left on the device \(ENOSPC\)\n$/,
      );
      // Before: summary.csv of twelve replicates beside points.csv of one ('replicates' 1), the one-line error above.
      expect(tables()).toEqual(before);
      expect(readdirSync(sweep).filter((f) => f.startsWith('.'))).toEqual([]);
    } finally {
      spawnSync('umount', [disk]);
    }
  });
});

describe("a run's charts on a disk that fills", () => {
  it('are written as a set or not at all: never the first few charts of a plot that failed', (ctx) => {
    const disk = join(base, 'charts');
    if (!smallDisk(disk)) ctx.skip();
    try {
      // SMALL's six charts are 2.5-7.5 kB each; the disk keeps room for three pages: the first chart or two fit.
      const run = join(disk, 'run');
      const avail = Number(
        spawnSync('df', ['--output=avail', '-B1', disk], { encoding: 'utf8' }).stdout.split('\n')[1],
      );
      writeFileSync(join(disk, 'fill'), Buffer.alloc(avail - 3 * 4096));
      const r = cli(['plot', run, '--quiet']);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(
        /plots\/[a-z-]+\.svg: expected a file or folder dcpsim can use, found no space left on the device \(ENOSPC\)\n$/,
      );
      // Before: plots/ held supply.svg beside the error, a chart set the folder never had.
      const plots = join(run, 'plots');
      expect(existsSync(plots) ? readdirSync(plots) : []).toEqual([]);
    } finally {
      spawnSync('umount', [disk]);
    }
  });
});

describe('a low limit of open files (ulimit -n)', () => {
  it('ends in the one-line error at every limit at which Node can start a module, never a stack trace', () => {
    const trivial = join(base, 'trivial.mjs');
    writeFileSync(trivial, 'export {};\n');
    const under = (n: number, ...args: string[]): SpawnSyncReturns<string> =>
      spawnSync('sh', ['-c', `ulimit -n ${n} && exec "$@"`, 'sh', process.execPath, ...args], {
        cwd: ROOT,
        env: { ...process.env, CI: '1' },
        encoding: 'utf8',
      });
    let tried = 0;
    for (let n = 12; n <= 48; n++) {
      if (under(n, trivial).status !== 0) continue; // Node itself cannot start here: nothing of dcpsim's runs
      const r = under(n, join(ROOT, 'src', 'bin.mjs'), 'run', SMALL, '--out', join(base, 'ulimit'), '--quiet');
      if (r.status === 0) break;
      tried++;
      // Was (19-25 files here) Node's own stack of the module loader's EMFILE, 16 lines.
      expect({ n, status: r.status, stderr: r.stderr }).toEqual({
        n,
        status: 1,
        stderr: expect.stringMatching(
          /^dcpsim: error: \S+: expected a file or folder dcpsim can use, found too many open files \(EMFILE\)\n$/,
        ),
      });
    }
    expect(tried).toBeGreaterThan(0);
  });
});
