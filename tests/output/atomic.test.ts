import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtomicFile, writeFilesAtomic } from '../../src/output/files/atomic.ts';

/** This process's open descriptors (Linux), or undefined elsewhere. */
const openFds = (): number | undefined => {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return undefined;
  }
};

describe('a long file starts going to the disk before its commit', () => {
  // An early sync every 1,000 bytes or so; each holds a descriptor of its own until its callback,
  // which runs only once the writer yields: right after the writes, one is open per early sync.
  it.each([
    ['bytes (writeBytes: the wide time series)', (f: AtomicFile, b: Buffer) => f.writeBytes(b, 0, b.length)],
    ['text (write: the long layout, the other tables)', (f: AtomicFile, b: Buffer) => f.write(b.toString())],
  ])('written as %s: the same bytes, an early sync per 1,000, their descriptors closed', async (_, put) => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-atomic-'));
    const path = join(dir, 'rows.csv');
    const before = openFds();
    const f = new AtomicFile(path, 512, 1000);
    const chunk = Buffer.from(`${'0123456789,'.repeat(36)}\n`); // 397 bytes
    for (let i = 0; i < 100; i++) put(f, chunk);
    f.commit();
    expect(readFileSync(path).equals(Buffer.concat(Array.from({ length: 100 }, () => chunk)))).toBe(true);
    expect(readdirSync(dir)).toEqual(['rows.csv']);
    if (before === undefined) return;
    expect(openFds()! - before).toBeGreaterThanOrEqual(20); // 39,700 bytes in writes of 397-794: 25 to 39 early syncs
    // The syncs run on libuv's threads; each closes its descriptor when done.
    for (let i = 0; i < 200 && openFds() !== before; i++) await new Promise((r) => setTimeout(r, 10));
    expect(openFds()).toBe(before);
  });
});

describe('a write that fails leaves no folder it made', () => {
  it('removes every empty folder made for its files, the deepest first, and none that was there or holds a file', () => {
    // Before: the folders made for the files stayed, empty (plot and a sweep's spec each removed their own one folder,
    // 3997e90 and 610c1a5; a path two folders deep kept the upper one).
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-atomic-'));
    writeFileSync(join(dir, 'notes.txt'), 'x');
    const files = [
      [join(dir, 'a', 'b', 'one.csv'), '1'],
      [join(dir, 'a', 'two.csv'), '2'],
      [join(dir, 'notes.txt', 'three.csv'), '3'], // below a file: ENOTDIR
    ] as const;
    expect(() => writeFilesAtomic(files)).toThrow(/ENOTDIR/);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    // A folder holding someone else's file stays, with those above it.
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'a', 'kept'), 'k');
    expect(() => writeFilesAtomic(files)).toThrow(/ENOTDIR/);
    expect(readdirSync(dir).sort()).toEqual(['a', 'notes.txt']);
    expect(readdirSync(join(dir, 'a'))).toEqual(['kept']);
  });
});
