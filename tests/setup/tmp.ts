/**
 * Every temporary folder the tests make (tmpdir(), in the tests and in the
 * processes they start) goes into one folder made for this run of the suite,
 * removed at its end. Without it each `npm test` left some 260 folders, a few
 * hundred MB, in the system's temporary folder, and every run whose output
 * folder sits there lists it (commit.ts's recovery) more slowly each time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const before = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'dcpsim-tests-'));
  process.env.TMPDIR = dir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  };
}
