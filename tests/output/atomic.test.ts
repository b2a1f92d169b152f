import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtomicFile } from '../../src/output/atomic.ts';

/** This process's open descriptors (Linux), or undefined elsewhere. */
const openFds = (): number | undefined => {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return undefined;
  }
};

describe('a long file starts going to the disk before its commit', () => {
  it('writes the same bytes, and closes the early syncs’ descriptors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-atomic-'));
    const path = join(dir, 'rows.csv');
    const before = openFds();
    const f = new AtomicFile(path, 1 << 16, 1000); // an early sync every 1,000 bytes or so: 33 of them
    const chunk = Buffer.from(`${'0123456789,'.repeat(36)}\n`); // 397 bytes
    for (let i = 0; i < 100; i++) f.writeBytes(chunk, 0, chunk.length);
    f.commit();
    expect(readFileSync(path).equals(Buffer.concat(Array.from({ length: 100 }, () => chunk)))).toBe(true);
    expect(readdirSync(dir)).toEqual(['rows.csv']);
    // The syncs run on libuv's threads; each closes its descriptor when done.
    for (let i = 0; i < 200 && openFds() !== before; i++) await new Promise((r) => setTimeout(r, 10));
    expect(openFds()).toBe(before);
  });
});
