/**
 * A run is committed as a unit (src/output/commit.ts): whatever happens to a
 * re-run into a folder that holds a complete run (SIGKILL or SIGTERM at each
 * write boundary it passes, listed by running it, a full disk, a second run at
 * the same time), the folder then holds the old complete run or the new
 * complete run, nothing else, and the next run leaves nothing behind (a
 * stopped run leaves nothing at once).
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFolder } from '../../src/output/folder.ts';
import { tempName, writeFileAtomic } from '../../src/output/atomic.ts';
import { runScenario } from '../../src/run.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SMALL = join(ROOT, 'tests', 'fixtures', 'small.yaml');
const FILES = [
  'model.yaml',
  'monthly.csv',
  'summary.csv',
  'summary.json',
  'timeseries.csv',
  'timeseries.csv-metadata.json',
  'yearly.csv',
];
const base = mkdtempSync(join(tmpdir(), 'dcpsim-commit-'));
let n = 0;
const fresh = (): string => join(base, `p${n++}`);

function cli(args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [join(ROOT, 'src', 'bin.mjs'), ...args], {
    cwd: ROOT,
    env: { ...process.env, CI: '1', ...env },
    encoding: 'utf8',
  });
}

function filesOf(dir: string): Map<string, string> {
  return new Map(
    readdirSync(dir)
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );
}

/** A way to run a model, always at 1-minute rows (SMALL's series is about 480 kB: several write chunks). */
interface Variant {
  name: string;
  model?: string;
  extra: string[];
}
const CSV: Variant = { name: 'csv', extra: [] };
const VARIANTS: Variant[] = [
  CSV,
  { name: 'tsv', extra: ['--format', 'tsv'] },
  { name: 'long', extra: ['--layout', 'long'] },
  // An SMR refuelling, a battery and economics: outages.csv and cashflow.csv too.
  { name: 'economics', model: join(ROOT, 'tests', 'fixtures', 'economics.yaml'), extra: ['--duration', '20d'] },
];
const argsOf = (v: Variant, out: string, seed: number): string[] => [
  'run',
  v.model ?? SMALL,
  '--step',
  '1m',
  ...v.extra,
  '--seed',
  String(seed),
  '--out',
  out,
  '--quiet',
];
const args = (out: string, seed: number): string[] => argsOf(CSV, out, seed);

/** A variant's complete runs by seed (7 and 8), and every write boundary its re-run (8 over 7) and its first run (8) pass. */
interface Reference {
  runs: Map<number, Map<string, string>>;
  rerun: string[];
  first: string[];
}

/** Boundaries as a run logs them (src/output/fault.ts), each occurrence named `<boundary>#<k>`. */
function boundariesOf(v: Variant, out: string): string[] {
  const log = join(base, `boundaries-${n++}.log`);
  if (cli(argsOf(v, out, 8), { DCPSIM_FAULT_LOG: log }).status !== 0)
    throw new Error(`the ${v.name} reference run failed`);
  const seen = new Map<string, number>();
  return readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((b) => {
      seen.set(b, (seen.get(b) ?? 0) + 1);
      return `${b}#${seen.get(b)}`;
    });
}

function referenceOf(v: Variant): Reference {
  const old = fresh();
  if (cli(argsOf(v, old, 7)).status !== 0) throw new Error(`the ${v.name} reference run failed`);
  const runs = new Map([[7, filesOf(old)]]);
  const { out } = oldRun(runs);
  const rerun = boundariesOf(v, out);
  runs.set(8, filesOf(out));
  return { runs, rerun, first: boundariesOf(v, fresh()) };
}

/** The folder holds exactly one seed's complete run: every file, byte for byte (but the wall-clock run time). */
function expectWhole(dir: string, ref: Reference = CSV_REF): number {
  const got = filesOf(dir);
  const seed = JSON.parse(got.get('summary.json') ?? '{}').seed as number;
  const want = ref.runs.get(seed)!;
  expect(want, `seed ${seed}`).toBeDefined();
  expect([...got.keys()]).toEqual([...want.keys()]);
  const noClock = (s: string): string => s.replace(/"run_time_s": [^,\n}]+/, '').replace(/,[^,\n]*\n$/, '\n');
  for (const [f, text] of want) {
    if (f === 'summary.json') expect(noClock(got.get(f)!)).toBe(noClock(text));
    else if (/^summary\./.test(f)) expect(got.get(f)!.split(/[,\t]/).length).toBe(text.split(/[,\t]/).length);
    else expect(got.get(f), f).toBe(text);
  }
  return seed;
}

/** Nothing but the run folder in its parent (or nothing at all): no lock, no hidden run or old folder, no temporary file. */
function expectClean(parent: string, name?: string): void {
  expect(readdirSync(parent)).toEqual(name ? [name] : []);
  if (name) expect(readdirSync(join(parent, name)).filter((f) => f.startsWith('.'))).toEqual([]);
}

/** A folder `run` in a fresh parent holding seed 7's complete run. */
function oldRun(runs = CSV_REF.runs): { parent: string; out: string } {
  const parent = fresh();
  const out = join(parent, 'run');
  mkdirSync(out, { recursive: true });
  for (const [f, text] of runs.get(7)!) writeFileSync(join(out, f), text);
  return { parent, out };
}

/** From the swap's first rename on, the new run is the one a reader finds (a swap cut between its renames is finished by the reader). */
const newAfter = (at: string, all: string[]): boolean =>
  all.indexOf(at) >= all.indexOf(all.includes('aside#1') ? 'aside#1' : 'swapped#1');

/**
 * Kill or stop a run of `v` at `at` (a re-run over seed 7's run, or a first run) and check
 * what it leaves: the old run or the new, whole, or (a first run) no folder; after
 * SIGTERM nothing beside it at once, after SIGKILL once the next run has gone.
 */
function faultCase(v: Variant, ref: Reference, rerun: boolean, at: string, signal: 'SIGKILL' | 'SIGTERM'): void {
  const parent = rerun ? oldRun(ref.runs).parent : fresh();
  const out = join(parent, 'run');
  if (!rerun) mkdirSync(parent);
  const all = rerun ? ref.rerun : ref.first;
  const r = cli(argsOf(v, out, 8), { DCPSIM_KILL_AT: at, DCPSIM_KILL_SIGNAL: signal });
  const old = rerun ? 7 : undefined;
  const whole = (): number | undefined =>
    existsSync(join(parent, 'run')) || readdirSync(parent).some((e) => e.startsWith('.run.old-'))
      ? (readFolder(out), expectWhole(out, ref))
      : undefined;
  if (signal === 'SIGKILL') {
    expect(r.signal).toBe('SIGKILL');
    expect(whole()).toBe(newAfter(at, all) ? 8 : old);
    // The next run takes over the dead run's lock and removes its leftovers.
    const again = cli(argsOf(v, out, 8));
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
    expect(expectWhole(out, ref)).toBe(8);
    expectClean(parent, 'run');
    return;
  }
  // The run's thread stops at its next instruction, not at the boundary: it may get a little further.
  if (r.status === 143) {
    expect(r.stderr).toMatch(
      /^dcpsim: stopped by SIGTERM: (the run was discarded; (.* holds the previous run as it was|nothing was written to .*)|the run had just been written whole; .* holds it)\n$/,
    );
    expect(whole()).toBe(r.stderr.includes('written whole') ? 8 : old);
  } else {
    // The signal came as the run ended: it completed (exit 0), or the process ended by the signal after it did.
    expect(r.status === 0 || r.signal === 'SIGTERM').toBe(true);
    expect(whole()).toBe(8);
  }
  // With the whole series still to write, the stop always comes first (later, a loaded machine may let the run finish).
  if (['locked#1', 'chunk#1'].includes(at)) expect(r.status).toBe(143);
  expectClean(parent, existsSync(out) ? 'run' : undefined);
}

const CSV_REF = referenceOf(CSV);
const BOUNDARIES = CSV_REF.rerun;

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('a re-run killed or stopped at every write boundary', () => {
  it('passes them all: the lock, each chunk and file, the two renames of the swap', () => {
    const names = new Set(BOUNDARIES.map((b) => b.replace(/#\d+$/, '')));
    expect([...names].sort()).toEqual(
      ['aside', 'chunk', 'locked', 'swapped', ...FILES.map((f) => `wrote ${f}`)].sort(),
    );
    expect(BOUNDARIES.filter((b) => b.startsWith('chunk')).length).toBeGreaterThanOrEqual(4);
  });

  it.each(BOUNDARIES)('SIGKILL at %s: the old run or the new, whole; the next run recovers and cleans up', (at) =>
    faultCase(CSV, CSV_REF, true, at, 'SIGKILL'),
  );
  it.each(BOUNDARIES)('SIGTERM at %s: one line, exit 143, the old run or the new, whole, and nothing beside it', (at) =>
    faultCase(CSV, CSV_REF, true, at, 'SIGTERM'),
  );
});

/**
 * The whole corpus (DCPSIM_FAULT_CORPUS=1, about 200 cases and several minutes, so not in
 * every suite run): each table format and layout, a re-run and a first run, SIGKILL and
 * SIGTERM at every boundary (at most eight of a long series' many chunks, spread over it).
 */
describe.skipIf(!process.env.DCPSIM_FAULT_CORPUS)(
  'the fault corpus: every format and layout, re-run and first run, both signals',
  () => {
    const thin = (all: string[]): string[] => {
      const chunks = all.filter((b) => b.startsWith('chunk#'));
      const keep = new Set(chunks.filter((_, i) => i % Math.ceil(chunks.length / 8) === 0 || i === chunks.length - 1));
      return all.filter((b) => !b.startsWith('chunk#') || keep.has(b));
    };
    const cases = !process.env.DCPSIM_FAULT_CORPUS
      ? []
      : VARIANTS.flatMap((v) => {
          const ref = v === CSV ? CSV_REF : referenceOf(v);
          return ([true, false] as const).flatMap((rerun) =>
            thin(rerun ? ref.rerun : ref.first).flatMap((at) =>
              (['SIGKILL', 'SIGTERM'] as const).map((signal) => ({
                v,
                ref,
                rerun,
                at,
                signal,
                name: `${v.name} ${rerun ? 're-run' : 'first run'} ${signal} at ${at}`,
              })),
            ),
          );
        });
    it('holds at least 200 cases', () => expect(cases.length).toBeGreaterThanOrEqual(200));
    it.each(cases)('$name', ({ v, ref, rerun, at, signal }) => faultCase(v, ref, rerun, at, signal), 30_000);
  },
);

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
    expect(r.stderr).toMatch(
      /^dcpsim: error: .*run: expected a folder it can write the run into, found no space left on the device \(ENOSPC\)\n$/,
    );
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
          const p = spawn(process.execPath, [join(ROOT, 'src', 'bin.mjs'), ...args(out, seed)], {
            cwd: ROOT,
            env: { ...process.env, CI: '1' },
          });
          let err = '';
          p.stderr.on('data', (d) => (err += d));
          p.on('close', (code) => done({ code, err }));
        });
      const [a, b] = await Promise.all([go(7), go(8)]);
      for (const r of [a, b]) {
        if (r.code !== 0) {
          expect(r.code).toBe(1);
          expect(r.err).toMatch(
            /^dcpsim: error: .*run: expected a folder no other run is writing, found a run \(pid \d+ on .*\) writing it; wait for it or choose another --out .*\n$/,
          );
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

  it("a run keeps the user's own files in its folder, and refuses a folder holding folders of the user's, an --out that is a link or a file", () => {
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
    expect(() => runScenario({ model: SMALL, out: join(parent, 'project') })).toThrow(
      /project: expected an empty folder or a run folder \(a run replaces it whole\), found folders of its own: "src"; choose another --out$/,
    );
    expect(readFileSync(join(parent, 'project', 'src', 'thesis.tex'), 'utf8')).toBe('mine');
    symlinkSync(join(parent, 'project'), join(parent, 'link'));
    expect(() => runScenario({ model: SMALL, out: join(parent, 'link') })).toThrow(
      /link: expected a folder for the run, found a symbolic link/,
    );
    writeFileSync(join(parent, 'file'), 'x');
    expect(() => runScenario({ model: SMALL, out: join(parent, 'file') })).toThrow(
      /file: expected a folder for the run, found a file$/,
    );
    expect(readdirSync(parent).sort()).toEqual(['file', 'link', 'project', 'run']);
    expect(lstatSync(join(parent, 'link')).isSymbolicLink()).toBe(true);
  });

  it("a file written atomically removes the temporary files killed writers of it left (untouched for 10 minutes), not a live writer's", () => {
    const d = fresh();
    mkdirSync(d);
    const stale = [join(d, '.points.csv.0123456789ab.tmp'), join(d, 'points.csv.4242.tmp')];
    const live = join(d, '.points.csv.ba9876543210.tmp');
    const other = join(d, '.summary.csv.0123456789ab.tmp');
    for (const f of [...stale, live, other]) writeFileSync(f, 'half');
    const old = new Date(Date.now() - 11 * 60_000);
    for (const f of [...stale, other]) utimesSync(f, old, old);
    writeFileAtomic(join(d, 'points.csv'), 'a,b\n');
    expect(readdirSync(d).sort()).toEqual([
      '.points.csv.ba9876543210.tmp',
      '.summary.csv.0123456789ab.tmp',
      'points.csv',
    ]);
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
