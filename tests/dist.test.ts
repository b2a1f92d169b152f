import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distState, stampFile } from '../src/dist.mjs';

const ROOT = join(import.meta.dirname, '..');
const SMALL = join(ROOT, 'tests', 'fixtures', 'small.yaml');
const tmp = (): string => mkdtempSync(join(tmpdir(), 'dcpsim-dist-'));

/** The command as installed (src/bin.mjs, from dist/), or the TypeScript through tsx. */
function dcpsim(how: 'dist' | 'tsx', ...args: string[]) {
  const argv = how === 'dist' ? [join(ROOT, 'src', 'bin.mjs')] : ['--import', 'tsx', join(ROOT, 'src', 'cli.ts')];
  return spawnSync(process.execPath, [...argv, ...args], { cwd: ROOT, encoding: 'utf8' });
}

/** The files a module loads as it loads: itself and what it statically imports, transitively. */
function staticFiles(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const m of readFileSync(file, 'utf8').matchAll(/^import (?:[^'"]*? from )?"(\.\/[^"]+)";?$/gm))
    staticFiles(join(file, '..', m[1]), seen);
  return seen;
}

/** Source comments esbuild leaves in a file (// node_modules/zod/..., // src/run.ts) of every module it statically imports. */
function staticModules(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  const own = [...text.matchAll(/^\/\/ ((?:node_modules|src)\/\S+)$/gm)].map((m) => m[1]);
  const deps = [...text.matchAll(/^import (?:[^'"]*? from )?"(\.\/[^"]+)";?$/gm)].map((m) => join(file, '..', m[1]));
  return [...own, ...deps.flatMap((d) => staticModules(d, seen))];
}

describe('the compiled dist/', () => {
  it('is current (the tests build it) and the command runs from it, quietly', () => {
    expect(distState(ROOT)).toBe('current');
    const r = dcpsim('dist', '--version');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n`);
    expect(r.stderr).toBe('');
  });

  it('prints --version without loading the command line (issue 13.1), the version the command line prints', () => {
    // A package holding the command and package.json alone: the command line's code (dist/cli.mjs) is not there.
    const dir = tmp();
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'bin.mjs'), readFileSync(join(ROOT, 'dist', 'bin.mjs')));
    writeFileSync(join(dir, 'package.json'), readFileSync(join(ROOT, 'package.json')));
    const version = `${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n`;
    for (const flag of ['--version', '-V']) {
      const r = spawnSync(process.execPath, [join(dir, 'dist', 'bin.mjs'), flag], { encoding: 'utf8' });
      expect([r.status, r.stdout, r.stderr]).toEqual([0, version, '']);
    }
    // With anything else on the line, commander answers, as before.
    expect(dcpsim('dist', '--version', 'run').stdout).toBe(version);
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the same bytes as the TypeScript and fails the same way', () => {
    const a = tmp();
    const b = tmp();
    expect(dcpsim('dist', 'run', SMALL, '--out', a, '-q').status).toBe(0);
    expect(dcpsim('tsx', 'run', SMALL, '--out', b, '-q').status).toBe(0);
    for (const f of ['timeseries.csv', 'summary.csv', 'model.yaml'])
      expect(readFileSync(join(a, f), 'utf8')).toBe(readFileSync(join(b, f), 'utf8'));
    const bad = [dcpsim('dist', 'run', 'no-such-model'), dcpsim('tsx', 'run', 'no-such-model')];
    for (const r of bad) expect(r.status).toBe(1);
    expect(bad[0].stderr).toBe(bad[1].stderr);
    expect(bad[0].stderr.trim().split('\n')).toHaveLength(1);
  }, 30_000);

  it('loads what a command uses: the command line alone at start, no plotting or sweep code in a run', () => {
    const start = staticModules(join(ROOT, 'dist', 'cli.mjs'));
    expect(start).toContain('node_modules/commander/index.js');
    expect(
      start.filter((m) => /zod|yaml|d3-|fast-csv|seedrandom|src\/(run|site|scenario)\.ts|src\/output\/atomic/.test(m)),
    ).toEqual([]);
    // commander's child_process (for subcommands that are programs) loads only when used: not at start.
    expect(readFileSync(join(ROOT, 'dist', 'cli.mjs'), 'utf8')).not.toMatch(
      /^\s*var \w+ = __require\("node:child_process"\)/m,
    );
    const cli = readFileSync(join(ROOT, 'dist', 'cli.mjs'), 'utf8');
    // `run` loads src/run.ts's chunk when it runs: the simulation, no plotting or sweep code.
    const runChunk = cli.match(/import\("(\.\/chunks\/run-[^"]+)"\)/);
    expect(runChunk).not.toBeNull();
    const run = staticModules(join(ROOT, 'dist', runChunk![1]));
    expect(run).toContain('src/site.ts');
    expect(run.filter((m) => /d3-|src\/output\/(plot|report|svg)\.ts|src\/sweep\//.test(m))).toEqual([]);
    // zod without its translations of messages into other languages (a namespace import of zod keeps them all).
    expect(run.filter((m) => /zod\/v4\/locales\/(?!en\.js)/.test(m))).toEqual([]);
    // ASCII only: one character beyond (a dash in a comment) and V8 decodes and scans the whole file as two-byte text.
    const loaded = [...staticFiles(join(ROOT, 'dist', 'cli.mjs')), ...staticFiles(join(ROOT, 'dist', runChunk![1]))];
    expect(loaded.filter((f) => /[^\x00-\x7f]/.test(readFileSync(f, 'utf8')))).toEqual([]);
  });
});

/** `dcpsim run` of the small model with `hook` (JavaScript) run first through --import: its stderr is the hook's to write. */
const runWithHook = (hook: string, args: string[] = []) =>
  spawnSync(
    process.execPath,
    [
      '--import',
      `data:text/javascript,${encodeURIComponent(hook)}`,
      join(ROOT, 'src', 'bin.mjs'),
      'run',
      SMALL,
      '--out',
      tmp(),
      ...args,
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );

describe("a run's process", () => {
  it("loads none of Node's modules a short run does not use (each is some of its peak memory)", () => {
    // Node's own modules the process loaded, as it exits.
    const r = runWithHook('process.on("exit", () => process.stderr.write(JSON.stringify(process.moduleLoadList)))', [
      '-q',
    ]);
    expect(r.status).toBe(0);
    const loaded: string[] = JSON.parse(r.stderr);
    expect(loaded).toContain('NativeModule v8');
    // worker_threads is for a long run's row thread, vm for a full collection, perf_hooks for a clock a run need not read.
    expect(loaded.filter((m) => /^NativeModule (worker_threads|vm|perf_hooks)$/.test(m))).toEqual([]);
  });

  it("formats no number through ICU (toLocaleString's first call maps 4.6 MiB of its data)", () => {
    // Every way to reach ICU's number formatting, recorded as the run calls it (the module load included).
    const spy = [
      'const seen = [];',
      'const wrap = (o, k) => { const f = o[k]; o[k] = function (...a) { seen.push(k); return f.apply(this, a); }; };',
      'wrap(Number.prototype, "toLocaleString"); wrap(BigInt.prototype, "toLocaleString");',
      'const NF = Intl.NumberFormat; Intl.NumberFormat = function (...a) { seen.push("Intl.NumberFormat"); return new NF(...a); };',
      'process.on("exit", () => process.stderr.write(JSON.stringify(seen)));',
    ].join('\n');
    const r = runWithHook(spy);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stderr.slice(r.stderr.lastIndexOf('[')))).toEqual([]);
  });
});

describe('whether dist/ is current', () => {
  it('is missing before a build, current after, stale after an edit or a deleted file', () => {
    const root = tmp();
    mkdirSync(join(root, 'src', 'kernel'), { recursive: true });
    writeFileSync(join(root, 'package.json'), '{}');
    writeFileSync(join(root, 'src', 'kernel', 'a.ts'), '');
    writeFileSync(join(root, 'src', 'kernel', 'b.ts'), '');
    const past = new Date(Date.now() - 60_000);
    for (const p of ['package.json', 'src', 'src/kernel', 'src/kernel/a.ts', 'src/kernel/b.ts'])
      utimesSync(join(root, p), past, past);
    expect(distState(root)).toBe('missing');
    mkdirSync(join(root, 'dist'));
    writeFileSync(stampFile(root), JSON.stringify({ sources: past.getTime() }));
    expect(distState(root)).toBe('current');
    writeFileSync(join(root, 'src', 'kernel', 'a.ts'), 'export {};');
    expect(distState(root)).toBe('stale');
    utimesSync(join(root, 'src', 'kernel', 'a.ts'), past, past);
    expect(distState(root)).toBe('current');
    rmSync(join(root, 'src', 'kernel', 'b.ts'));
    expect(distState(root)).toBe('stale');
  });

  it('a command with no current dist/ says so on stderr and runs the TypeScript', () => {
    const root = tmp();
    mkdirSync(join(root, 'src'));
    for (const f of ['bin.mjs', 'dist.mjs']) writeFileSync(join(root, 'src', f), readFileSync(join(ROOT, 'src', f)));
    writeFileSync(
      join(root, 'src', 'cli.ts'),
      'export async function main(argv: string[]): Promise<number> { const n: number = argv.length; process.stdout.write(`ts ${n}\\n`); return 0; }\n',
    );
    writeFileSync(join(root, 'package.json'), '{"type":"module"}');
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
    const r = spawnSync(process.execPath, [join(root, 'src', 'bin.mjs'), 'x'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stdout).toBe('ts 3\n');
    expect(r.stderr).toMatch(/^dcpsim: note: dist\/ is missing; running src\/ through tsx .*npm run build/);
  });
});
