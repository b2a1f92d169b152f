/**
 * `dcpsim run` stopped by a signal (issue 16.1): Ctrl-C, SIGTERM (scancel, a
 * container stopped) and SIGHUP (the terminal closed) all end the run at
 * once, as the default action of each, so the process dies by the signal
 * (the shell's status 128 + its number). The folder keeps the old complete
 * run: the new one is written in a hidden folder beside it and swapped in
 * only when complete (src/output/commit.ts); the next run removes what the
 * stopped one left. (A sweep, whose main thread is free, stops its workers
 * and exits 128 + n itself: tests/sweep/sweep.test.ts.)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const SMALL = join(ROOT, 'tests', 'fixtures', 'small.yaml');
const bin = join(ROOT, 'src', 'bin.mjs');
const env = { ...process.env, CI: '1' };
// Half a year of the small scenario at one-minute rows: a second or two, most of it writing rows.
const args = (out: string, seed: number) => ['run', SMALL, '--duration', '180d', '--step', '1m', '--seed', String(seed), '--out', out, '--quiet'];
const snapshot = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

describe('a run stopped by a signal', () => {
  it.each(['SIGTERM', 'SIGHUP', 'SIGINT'] as const)('by %s: the process ends by the signal, the folder holds the old complete run, the next run cleans up', async (sig) => {
    const parent = mkdtempSync(join(tmpdir(), 'dcpsim-run-signal-'));
    const out = join(parent, 'run');
    expect(spawnSync(process.execPath, [bin, ...args(out, 1)], { cwd: ROOT, env }).status).toBe(0);
    const before = snapshot(out);
    const child = spawn(process.execPath, [bin, ...args(out, 2)], { cwd: ROOT, env, stdio: 'ignore' });
    // Stop it once it is writing the new run beside the old one.
    await new Promise<void>((res) => {
      const t = setInterval(() => {
        if (readdirSync(parent).some((e) => e.startsWith('.run.run-')) || child.exitCode !== null) {
          clearInterval(t);
          setTimeout(() => {
            child.kill(sig);
            res();
          }, 200);
        }
      }, 10);
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((res) => child.on('exit', (c, s) => res([c, s])));
    expect({ code, signal }).toEqual({ code: null, signal: sig });
    expect(snapshot(out)).toEqual(before);
    // The next run replaces it whole and leaves nothing beside it.
    expect(spawnSync(process.execPath, [bin, ...args(out, 2)], { cwd: ROOT, env }).status).toBe(0);
    expect(readdirSync(parent)).toEqual(['run']);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).seed).toBe(2);
    expect(existsSync(join(out, 'timeseries.csv'))).toBe(true);
  });
});
