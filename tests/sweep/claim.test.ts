import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimFile, Claims, HEARTBEAT_MS, holder, STALE_MS } from '../../src/sweep/claim.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'dcpsim-claim-'));

describe('claims on runs', () => {
  it('a claim that cannot be written (a full disk) leaves no empty claim file behind', (ctx) => {
    // A 4 kB tmpfs filled to the last block: the claim's file is made (O_EXCL needs no block), its text is not. The
    // empty file stayed and held the run against every later sweep (found as a flaky full-disk sweep test: a claim
    // left in claims/ when the disk filled between a run's claim and its text).
    const disk = join(tmp(), 'disk');
    mkdirSync(disk);
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4k', 'tmpfs', disk]).status !== 0) ctx.skip();
    try {
      const dir = join(disk, 'sweep');
      mkdirSync(join(dir, 'claims'), { recursive: true });
      try {
        writeFileSync(join(disk, 'fill'), Buffer.alloc(64 * 1024));
      } catch {
        // full
      }
      const c = new Claims(dir);
      expect(() => c.take('r1')).toThrow(/ENOSPC/);
      expect(readdirSync(join(dir, 'claims'))).toEqual([]);
    } finally {
      spawnSync('umount', [disk]);
    }
  });

  it('one process holds a run at a time; released, it can be taken again', () => {
    const dir = tmp();
    const a = new Claims(dir),
      b = new Claims(dir);
    expect(a.take('r1')).toBe(true);
    expect(b.take('r1')).toBe(false); // a live holder (this very process, another pool)
    expect(holder(dir, 'r1')).toMatchObject({ stale: false, who: expect.stringMatching(/pid \d+$/) });
    expect(b.take('r2')).toBe(true);
    a.release('r1');
    expect(existsSync(claimFile(dir, 'r1'))).toBe(false);
    expect(b.take('r1')).toBe(true);
    b.releaseAll();
    expect(holder(dir, 'r1')).toBeUndefined();
    expect(holder(dir, 'r2')).toBeUndefined();
  });

  it('a claim whose holder on this machine is gone (kill -9) is taken over at once', () => {
    const dir = tmp();
    const a = new Claims(dir);
    expect(a.take('r1')).toBe(true);
    const text = JSON.parse(readFileSync(claimFile(dir, 'r1'), 'utf8'));
    // The same claim, as a process that has exited wrote it.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(claimFile(dir, 'r1'), JSON.stringify({ ...text, pid: dead, nonce: 'dead' }));
    const b = new Claims(dir);
    expect(holder(dir, 'r1')?.stale).toBe(true);
    expect(b.take('r1')).toBe(true);
    expect(JSON.parse(readFileSync(claimFile(dir, 'r1'), 'utf8')).pid).toBe(process.pid);
    // The old holder's release does not remove the new holder's claim.
    a.release('r1');
    expect(existsSync(claimFile(dir, 'r1'))).toBe(true);
    b.releaseAll();
  });

  it('a claim from another machine holds while its holder touches it, and is broken when it stops for a minute', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'claims'));
    const f = claimFile(dir, 'r1');
    writeFileSync(f, JSON.stringify({ where: 'node7 x y', pid: 1, nonce: 'n7', started_utc: '2026-01-01T00:00:00Z' }));
    const c = new Claims(dir);
    expect(c.take('r1')).toBe(false);
    const old = new Date(Date.now() - STALE_MS - 5000);
    utimesSync(f, old, old);
    expect(holder(dir, 'r1')).toMatchObject({ stale: true, who: 'node7 pid 1' });
    expect(c.take('r1')).toBe(true);
    c.releaseAll();
  });

  it('docs/sweeps.md states the heartbeat and staleness the code uses', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'sweeps.md'), 'utf8');
    expect(readme).toContain(`touches it every ${HEARTBEAT_MS / 1000} s`);
    expect(readme).toContain(`not touched for ${STALE_MS / 1000} s`);
  });
});
