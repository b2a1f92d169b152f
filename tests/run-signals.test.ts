/**
 * `dcpsim run` stopped by a signal (issue 16.1): Ctrl-C, SIGTERM (scancel, a
 * container stopped) and SIGHUP (the terminal closed) alike stop the run
 * between two slices of its simulation (src/run.ts runScenarioAsync), settle
 * the folder and say so in one line; the
 * exit status is 128 + the signal's number. The folder keeps the old complete
 * run (the new one is written in a hidden folder beside it and swapped in only
 * when complete, src/output/files/commit.ts), and nothing is left beside it: no
 * lock, no hidden folder. (A sweep stops its workers the same way:
 * tests/sweep/sweep.test.ts.)
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const SMALL = join(ROOT, 'tests', 'fixtures', 'small.yaml');
const bin = join(ROOT, 'src', 'bin.mjs');
const env = { ...process.env, CI: '1' };
// Half a year of the small scenario at one-minute rows: a second or two, most of it writing rows.
const args = (out: string, seed: number) => [
  'run',
  SMALL,
  '--duration',
  '180d',
  '--step',
  '1m',
  '--seed',
  String(seed),
  '--out',
  out,
  '--quiet',
];
const snapshot = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );

/** Start a run into `out` and send `sig` once it is writing its hidden folder beside `out`; resolves to its exit and stderr. */
async function stopMidRun(
  parent: string,
  out: string,
  sig: NodeJS.Signals,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string }> {
  const child = spawn(process.execPath, [bin, ...args(out, 2)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
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
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((res) =>
    child.on('close', (c, s) => res([c, s])),
  );
  return { code, signal, err };
}

describe('a run stopped by a signal', () => {
  it.each(['SIGTERM', 'SIGHUP', 'SIGINT'] as const)(
    'by %s: one line, exit 128 + n, the folder holds the old complete run and nothing is beside it',
    async (sig) => {
      const parent = mkdtempSync(join(tmpdir(), 'dcpsim-run-signal-'));
      const out = join(parent, 'run');
      expect(spawnSync(process.execPath, [bin, ...args(out, 1)], { cwd: ROOT, env }).status).toBe(0);
      const before = snapshot(out);
      const r = await stopMidRun(parent, out, sig);
      expect(r).toEqual({
        code: 128 + constants.signals[sig],
        signal: null,
        err: `dcpsim: stopped by ${sig}: the run was discarded; ${out} holds the previous run as it was\n`,
      });
      expect(snapshot(out)).toEqual(before);
      expect(readdirSync(parent)).toEqual(['run']);
      // The next run goes ahead at once (no lock left).
      expect(spawnSync(process.execPath, [bin, ...args(out, 2)], { cwd: ROOT, env }).status).toBe(0);
      expect(readdirSync(parent)).toEqual(['run']);
      expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).seed).toBe(2);
    },
  );

  it('a first run stopped leaves no folder at all', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'dcpsim-run-signal-'));
    const out = join(parent, 'run');
    const r = await stopMidRun(parent, out, 'SIGTERM');
    expect(r).toEqual({
      code: 143,
      signal: null,
      err: `dcpsim: stopped by SIGTERM: the run was discarded; nothing was written to ${out}\n`,
    });
    expect(readdirSync(parent)).toEqual([]);
  });
});

describe('a run stopped while its workbook is written', () => {
  it('says so in one line, exit 130, with no run.xlsx or temporary file left, and the next run writes it', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'dcpsim-run-signal-xlsx-'));
    const out = join(parent, 'run');
    // 60 days of one-minute rows: the workbook takes some seconds after the table.
    const xlsx = ['run', SMALL, '--duration', '60d', '--step', '1m', '--out', out, '--format', 'xlsx'];
    const child = spawn(process.execPath, [bin, ...xlsx], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let [text, err] = ['', ''];
    child.stderr.on('data', (d) => (err += d));
    // The table is printed once the run is complete, before the workbook: stop it then.
    await new Promise<void>((res) =>
      child.stdout.on('data', (d) => {
        text += d;
        if (text.includes('and summary.json in')) setTimeout(res, 300);
      }),
    );
    child.kill('SIGINT');
    const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
    // Was the line, then an uncaught 'Error: EBADF: bad file descriptor, write' stack from the zip stream writing to
    // the aborted file, exit 1.
    expect({ code, err }).toEqual({
      code: 130,
      err: `dcpsim: stopped by SIGINT: the run is complete in ${out}; its workbook was not written\n`,
    });
    expect(readdirSync(out).filter((f) => f.includes('xlsx') || f.startsWith('.'))).toEqual([]);
    expect(spawnSync(process.execPath, [bin, ...xlsx], { cwd: ROOT, env }).status).toBe(0);
    expect(readdirSync(out)).toContain('run.xlsx');
  }, 120_000);
});
