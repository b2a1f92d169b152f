/**
 * The world around a run: a read-only file system, a full disk, a run folder the user made read-only. Each ends in
 * one line naming the file or folder it could not write and why, and leaves what was there as it was. They need root
 * (to mount a small tmpfs, to run as another user); CI runs as root, elsewhere they are skipped.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

/** A 256 kB tmpfs at `dir`, holding one complete run of SMALL in run/ (12 kB of hourly series). */
function smallDisk(dir: string): boolean {
  mkdirSync(dir, { recursive: true });
  if (!root || spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir]).status !== 0) return false;
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
});

describe('a run folder the user made read-only', () => {
  it('is refused, and kept as it was: not replaced by a run that then failed', (ctx) => {
    if (!root) ctx.skip(); // root writes any folder: the run is made by another user (nobody, 65534)
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
