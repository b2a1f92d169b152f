/**
 * A run, a sweep and a sizing each write their own kind of folder, and their tables share names (summary.csv,
 * points.csv): a sweep or a sizing into another kind's folder is refused in one line, before it writes anything,
 * rather than leaving a folder that is half of each (the run's summary.json beside the sweep's summary.csv).
 * `dcpsim run` already refuses a folder with folders of its own (src/output/files/commit.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SMALL = join(ROOT, 'tests', 'fixtures', 'small.yaml');
const dcpsim = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'dist', 'bin.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
const ok = (...args: string[]) => expect(dcpsim(...args, '-q').status).toBe(0);
const dir = mkdtempSync(join(tmpdir(), 'dcpsim-kind-'));
const SWEEP = ['sweep', SMALL, '--vary', 'facility.cooling.pue=1.1,1.2', '--duration', '1d', '--workers', '1'];
const SIZE = [
  'size',
  SMALL,
  '--decide',
  'clusters[0].count=32,64',
  '--minimize',
  'cost',
  '--duration',
  '1d',
  '--workers',
  '1',
];

describe('a folder of another kind', () => {
  const run = join(dir, 'run');
  const sweep = join(dir, 'sweep');
  const sizing = join(dir, 'sizing');
  it.each([
    ['a sweep into a run folder', () => SWEEP, () => run, 'a sweep folder', "a run's folder (summary.json)"],
    ['a sizing into a run folder', () => SIZE, () => run, 'a sizing folder', "a run's folder (summary.json)"],
    ['a sizing into a sweep folder', () => SIZE, () => sweep, 'a sizing folder', "a sweep's folder (sweep.json)"],
    ['a sweep into a sizing folder', () => SWEEP, () => sizing, 'a sweep folder', "a sizing's folder (size.json)"],
  ])('%s is refused in one line, the folder left as it was', (_, args, target, expected, found) => {
    if (readdirSync(dir).length === 0) {
      ok('run', SMALL, '--duration', '1d', '--out', run);
      ok(...SWEEP, '--out', sweep);
      ok(...SIZE, '--out', sizing);
    }
    const before = readdirSync(target()).sort();
    const r = dcpsim(...args(), '--out', target());
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `dcpsim: error: ${target()}: expected an empty folder or ${expected}, found ${found}; choose another --out\n`,
    );
    expect(readdirSync(target()).sort()).toEqual(before);
  });
});
