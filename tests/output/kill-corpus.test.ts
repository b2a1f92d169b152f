/**
 * The kill corpus (issue 16.6): a run is committed as a unit
 * (src/output/files/commit.ts), so a re-run into a folder holding a complete run,
 * or a first run, killed (SIGKILL) or stopped (SIGTERM) at any write boundary
 * it reaches (announced by the process itself, src/output/files/fault.ts) leaves the
 * old complete run, byte for byte, or the new complete run, whole (a first
 * run: no folder), and after the next run into it nothing else: no lock, no
 * hidden folder, no temporary file (a stopped run leaves nothing at once).
 *
 * The cases are generated from a seed: nine presets and test models, each
 * mutated (a few hours at one to five-minute rows, so a case takes a fraction
 * of a second; its own seeds, csv or tsv, wide or long, excel or iso
 * date-times), and a seeded sample of the boundaries its runs pass, by both
 * signals. The compiled command runs each case (dist/, built by the suite's
 * setup), several at once.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { afterAll, describe, expect, it } from 'vitest';
import { readFolder } from '../../src/output/tables/folder.ts';
import { type RunOptions, runScenario } from '../../src/run.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'src', 'bin.mjs');
const base = mkdtempSync(join(tmpdir(), 'dcpsim-kill-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(base, `p${n++}`);

/** At most this many commands at once (the runs are small: starting Node is most of their cost). */
const limit = ((max: number) => {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(job: () => Promise<T>): Promise<T> => {
    if (running >= max) await new Promise<void>((go) => waiting.push(go));
    running++;
    try {
      return await job();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
})(Math.max(2, availableParallelism() + 1));

interface Exit {
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<Exit> {
  return limit(
    () =>
      new Promise((done, fail) => {
        const p = spawn(process.execPath, [BIN, ...args], {
          cwd: ROOT,
          env: { ...process.env, CI: '1', ...env },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        p.stderr.on('data', (d) => (stderr += d));
        p.on('error', fail);
        p.on('close', (status, signal) => done({ status, signal, stderr }));
      }),
  );
}

const filesOf = (dir: string): Map<string, string> =>
  new Map(
    readdirSync(dir)
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );

/** A preset or test model, mutated: its horizon, row step, seeds, table format, layout and date-times. */
interface Variant {
  label: string;
  /** Where its old run is kept, to plant in each case's folder. */
  oldDir: string;
  model: string;
  duration: string;
  step: string;
  format: 'csv' | 'tsv';
  layout: 'wide' | 'long';
  timestamps: 'excel' | 'iso';
  /** The old run's seed and the new run's. */
  seeds: [number, number];
  /** How many of the cases its runs allow are drawn. */
  cases: number;
}

/** Models and how many cases each gets (the last three read a year of weather and grid data: twice the start-up, half the cases). */
const MODELS: [string, number][] = [
  [join(ROOT, 'tests', 'fixtures', 'small.yaml'), 27],
  [join(ROOT, 'tests', 'fixtures', 'economics.yaml'), 27],
  ['gpt3-training', 27],
  ['deepspeed-chat-13b', 27],
  ['orbital-50k-h100', 27],
  ['bench-workload', 27],
  ['smr-campus', 14],
  ['fusion-2028', 14],
  ['default', 14],
];
const rng = seedrandom('dcpsim kill corpus');
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const shuffle = <T>(xs: T[]): T[] => {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
};

const VARIANTS: Variant[] = MODELS.map(([model, cases], i) => {
  const v = {
    model,
    duration: pick(['3h', '6h', '8h', '12h']),
    step: pick(['1m', '2m', '5m']),
    // Every format and layout at least twice, the rest drawn.
    format: i < 2 ? 'tsv' : i < 4 ? 'csv' : pick(['csv', 'tsv'] as const),
    layout: i % 4 < 2 ? (['wide', 'long'] as const)[i % 2] : pick(['wide', 'long'] as const),
    timestamps: pick(['excel', 'iso'] as const),
    seeds: [0, 0] as [number, number],
    cases,
  } satisfies Omit<Variant, 'label' | 'oldDir'>;
  const old = 1 + Math.floor(rng() * 1000);
  v.seeds = [old, old + 1 + Math.floor(rng() * 10)];
  const name = model.replace(/^.*\/|\.yaml$/g, '');
  return {
    ...v,
    label: `${name} ${v.duration}/${v.step} ${v.format} ${v.layout} ${v.timestamps}`,
    oldDir: join(base, `old-${i}`),
  };
});

const argsOf = (v: Variant, out: string, seed: number): string[] => [
  'run',
  v.model,
  '--duration',
  v.duration,
  '--step',
  v.step,
  '--format',
  v.format,
  '--layout',
  v.layout,
  '--timestamps',
  v.timestamps,
  '--seed',
  String(seed),
  '--out',
  out,
  '--quiet',
];

/** A variant's complete runs (old and new seed), and the boundaries a re-run (new over old) and a first run (new) pass. */
interface Reference {
  runs: Map<number, Map<string, string>>;
  rerun: string[];
  first: string[];
}

/** Put the old seed's complete run in a folder `run` of a fresh parent. */
function plantOld(ref: Reference, v: Variant): { parent: string; out: string } {
  const parent = fresh();
  const out = join(parent, 'run');
  mkdirSync(out, { recursive: true });
  cpSync(v.oldDir, out, { recursive: true });
  expect(filesOf(out)).toEqual(ref.runs.get(v.seeds[0]));
  return { parent, out };
}

/** The options of `argsOf` for runScenario (the library writes the same bytes as the command). */
const optionsOf = (v: Variant, out: string, seed: number): RunOptions => ({
  model: v.model,
  duration: v.duration,
  step: v.step,
  format: v.format,
  layout: v.layout,
  timestamps: v.timestamps,
  seed,
  out,
});

/** Run the new seed with the boundaries logged (src/output/files/fault.ts), each occurrence named `<boundary>#<k>`. */
async function logged(v: Variant, out: string): Promise<string[]> {
  const log = `${fresh()}.log`;
  const r = await cli(argsOf(v, out, v.seeds[1]), { DCPSIM_FAULT_LOG: log });
  if (r.status !== 0) throw new Error(`${v.label}: the reference run failed: ${r.stderr}`);
  const seen = new Map<string, number>();
  return readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((b) => {
      seen.set(b, (seen.get(b) ?? 0) + 1);
      return `${b}#${seen.get(b)}`;
    });
}

/** A first run passes a re-run's boundaries but moving the old run aside. */
const firstOf = (rerun: string[]): string[] => rerun.filter((b) => !b.startsWith('aside#'));

async function referenceOf(v: Variant): Promise<Reference> {
  runScenario(optionsOf(v, v.oldDir, v.seeds[0]));
  const ref: Reference = { runs: new Map([[v.seeds[0], filesOf(v.oldDir)]]), rerun: [], first: [] };
  const { out } = plantOld(ref, v);
  ref.rerun = await logged(v, out);
  ref.first = firstOf(ref.rerun);
  ref.runs.set(v.seeds[1], filesOf(out));
  return ref;
}

/** The folder holds exactly one of the variant's complete runs, every file byte for byte; returns its seed. */
function expectWhole(dir: string, ref: Reference): number {
  const got = filesOf(dir);
  const seed = JSON.parse(got.get('summary.json') ?? '{}').seed as number;
  expect(ref.runs.has(seed), `a complete run, found seed ${seed} and ${[...got.keys()]}`).toBe(true);
  expect(got).toEqual(ref.runs.get(seed));
  return seed;
}

/** Nothing but the run folder in its parent (or nothing at all): no lock, no hidden run or old folder, no temporary file. */
function expectClean(parent: string, name?: string): void {
  expect(readdirSync(parent)).toEqual(name ? [name] : []);
  if (name) expect(readdirSync(join(parent, name)).filter((f) => f.startsWith('.'))).toEqual([]);
}

/**
 * The new run's figures agree with its rows: facility energy and the energy
 * column each sum to the summary's total (each cell rounded to its last
 * decimal: half of it per row, and nothing more).
 */
function expectRowsSumToTotals(files: Map<string, string>, v: Variant): void {
  const sep = v.format === 'tsv' ? '\t' : ',';
  const name = [...files.keys()].find((f) => /^timeseries(_long)?\.(csv|tsv)$/.test(f))!;
  const [head, ...lines] = files.get(name)!.trimEnd().split('\n');
  const header = head.split(sep);
  const column = (variable: string): number[] => {
    if (v.layout === 'wide') {
      const i = header.indexOf(variable);
      return lines.map((l) => Number(l.split(sep)[i]));
    }
    return lines.map((l) => l.split(sep)).flatMap((c) => (c[1] === variable ? [Number(c[2])] : []));
  };
  const s = JSON.parse(files.get('summary.json')!);
  const stepS = Number(s.model.resolved.step);
  const kw = column('facility_kw');
  expect(kw.length).toBe(Number(s.model.resolved.duration) / stepS);
  const within = (a: number, b: number, half: number): void =>
    expect(Math.abs(a - b)).toBeLessThanOrEqual(kw.length * half + 1e-12 * Math.abs(b));
  within(
    kw.reduce((a, x) => a + (x * stepS) / 3.6e6, 0),
    s.energy_mwh.facility,
    (0.0005 * stepS) / 3.6e6,
  );
  within(
    column('energy_mwh').reduce((a, x) => a + x, 0),
    s.energy_mwh.facility,
    5e-7,
  );
  expect(s.energy_mwh.facility).toBeGreaterThan(0);
}

/** From the swap's first rename on, the new run is the one a reader finds (a swap cut between its renames is finished by the reader). */
const newAfter = (at: string, all: string[]): boolean =>
  all.indexOf(at) >= all.indexOf(all.includes('aside#1') ? 'aside#1' : 'swapped#1');

const REFS = new Map(await Promise.all(VARIANTS.map(async (v) => [v, await referenceOf(v)] as const)));

interface Case {
  name: string;
  v: Variant;
  rerun: boolean;
  at: string;
  signal: 'SIGKILL' | 'SIGTERM';
}

/** Per variant, a seeded sample of every (re-run or first run, boundary, signal). */
const CASES: Case[] = VARIANTS.flatMap((v) => {
  const ref = REFS.get(v)!;
  const all = ([true, false] as const).flatMap((rerun) =>
    (rerun ? ref.rerun : ref.first).flatMap((at) =>
      (['SIGKILL', 'SIGTERM'] as const).map((signal) => ({
        name: `${v.label}: ${rerun ? 're-run' : 'first run'}, ${signal} at ${at}`,
        v,
        rerun,
        at,
        signal,
      })),
    ),
  );
  return shuffle(all).slice(0, v.cases);
});

/** How the stopped runs ended (a stop may be taken only as the run ends, which then completes: a small run writes its files in one go). */
const stoppedWith = { 143: 0, other: 0 };

async function killCase({ v, rerun, at, signal }: Case): Promise<void> {
  const ref = REFS.get(v)!;
  const parent = rerun ? plantOld(ref, v).parent : fresh();
  const target = join(parent, 'run');
  if (!rerun) mkdirSync(parent);
  const r = await cli(argsOf(v, target, v.seeds[1]), { DCPSIM_KILL_AT: at, DCPSIM_KILL_SIGNAL: signal });
  const old = rerun ? v.seeds[0] : undefined;
  // What a reader finds (readFolder finishes a swap cut between its renames).
  const found = (): number | undefined =>
    existsSync(target) || readdirSync(parent).some((e) => e.startsWith('.run.old-'))
      ? (readFolder(target), expectWhole(target, ref))
      : undefined;
  if (signal === 'SIGKILL') {
    expect(r.signal).toBe('SIGKILL');
    expect(found()).toBe(newAfter(at, rerun ? ref.rerun : ref.first) ? v.seeds[1] : old);
    // The next run takes over the dead run's lock and removes its leftovers.
    runScenario(optionsOf(v, target, v.seeds[1]));
    expect(expectWhole(target, ref)).toBe(v.seeds[1]);
    expectClean(parent, 'run');
    return;
  }
  if (r.status === 143) {
    stoppedWith[143]++;
    expect(r.stderr).toMatch(
      /^dcpsim: stopped by SIGTERM: (the run was discarded; (.* holds the previous run as it was|nothing was written to .*)|the run had just been written whole; .* holds it)\n$/,
    );
    expect(found()).toBe(r.stderr.includes('written whole') ? v.seeds[1] : old);
  } else {
    // The signal came as the run ended: it completed (exit 0), or the process ended by the signal after it did.
    stoppedWith.other++;
    expect(r.status === 0 || r.signal === 'SIGTERM', r.stderr).toBe(true);
    expect(found()).toBe(v.seeds[1]);
  }
  expectClean(parent, existsSync(target) ? 'run' : undefined);
}

describe('the kill corpus: mutated presets killed or stopped at the write boundaries they pass', () => {
  it(`has at least 200 cases (${CASES.length}), covering every boundary by both signals, re-runs and first runs`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(200);
    // Each run passes the lock, every file it writes (and its chunks), the two renames of the swap.
    for (const v of VARIANTS) {
      const ref = REFS.get(v)!;
      const names = new Set(ref.rerun.map((b) => b.replace(/#\d+$/, '')));
      const files = [...ref.runs.get(v.seeds[1])!.keys()].map((f) => `wrote ${f}`);
      expect([...names].filter((b) => b !== 'chunk').sort(), v.label).toEqual(
        ['aside', 'locked', 'swapped', ...files].sort(),
      );
    }
    const kinds = (b: string): string => b.replace(/#\d+$/, '').replace(/^wrote ([a-z]+).*$/, 'wrote $1');
    const covered = new Set(CASES.map((c) => `${kinds(c.at)} ${c.signal} ${c.rerun ? 're-run' : 'first'}`));
    for (const b of ['locked', 'chunk', 'wrote timeseries', 'wrote summary', 'wrote model', 'swapped'])
      for (const s of ['SIGKILL', 'SIGTERM'])
        for (const r of ['re-run', 'first']) expect(covered, `${b} ${s} ${r}`).toContain(`${b} ${s} ${r}`);
    for (const s of ['SIGKILL', 'SIGTERM']) expect(covered).toContain(`aside ${s} re-run`);
    expect(CASES.filter((c) => c.at.startsWith('chunk#')).length).toBeGreaterThanOrEqual(15);
  });

  it('a first run passes the boundaries of a re-run but the move aside, and writes the same run', async () => {
    const v = VARIANTS[0];
    const out = join(fresh(), 'run');
    expect(await logged(v, out)).toEqual(REFS.get(v)!.first);
    expect(filesOf(out)).toEqual(REFS.get(v)!.runs.get(v.seeds[1]));
  });

  it('the command writes what the library writes, and the new runs are sound: rows sum to the summary totals', () => {
    for (const v of VARIANTS) expectRowsSumToTotals(REFS.get(v)!.runs.get(v.seeds[1])!, v);
  });

  it.concurrent.each(CASES)('$name', (c) => killCase(c), 60_000);

  it('some stops come mid-run (exit 143), the rest as the run ends (it completes)', () => {
    expect(stoppedWith[143] + stoppedWith.other).toBe(CASES.filter((c) => c.signal === 'SIGTERM').length);
    expect(stoppedWith[143]).toBeGreaterThan(0);
  });
});
