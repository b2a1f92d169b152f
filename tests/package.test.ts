/**
 * The package as users get it: `npm pack`, unpacked into a scratch folder
 * beside its declared dependencies only (no tsx, no esbuild, no src/), then
 * the `dcpsim` command and `import('dcpsim')` run a preset by name with plain
 * `node`, and TypeScript finds the types through `exports`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../src/run.ts';

const ROOT = join(import.meta.dirname, '..');
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  bin: { dcpsim: string };
};

let scratch = '';
let files: string[] = [];

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'dcpsim-pack-'));
  // dist/ is current (tests/setup/dist.ts builds it): pack it as it is rather than rebuild it under running tests.
  const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(pack.status, pack.stderr).toBe(0);
  const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  files = info.files.map((f) => f.path);
  const modules = join(scratch, 'node_modules');
  mkdirSync(modules);
  expect(spawnSync('tar', ['-xzf', join(scratch, info.filename), '-C', modules]).status).toBe(0);
  renameSync(join(modules, 'package'), join(modules, 'dcpsim'));
  for (const dep of Object.keys(PKG.dependencies)) symlinkSync(join(ROOT, 'node_modules', dep), join(modules, dep));
}, 120_000);

const node = (args: string[], cwd = scratch) =>
  spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: '1' } });

describe('the packed package', () => {
  it('ships the build, the presets and their data, the docs; no sources, tests or CI files', () => {
    for (const f of [
      'package.json',
      'README.md',
      'dist/bin.mjs',
      'dist/cli.mjs',
      'dist/index.mjs',
      'dist/kernel.mjs',
      'dist/types/index.d.ts',
      'dist/types/kernel/index.d.ts',
      'models/default.yaml',
      'models/data/weather/USA_VA_Leesburg.Exec.epw',
      'docs/model-reference.md',
    ]) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /^(src|tests|scripts|examples|\.ci|runs)\//.test(f))).toEqual([]);
    expect(PKG.bin.dcpsim).toBe('./dist/bin.mjs');
    for (const dev of ['tsx', 'esbuild', 'typescript', 'vitest']) expect(PKG.dependencies).not.toHaveProperty(dev);
  });

  it('runs a preset by name from the dcpsim command and from import("dcpsim"), the same bytes as the sources', () => {
    const cli = node([
      join('node_modules', 'dcpsim', PKG.bin.dcpsim),
      'run',
      'default',
      '--duration',
      '2d',
      '--out',
      'cli',
      '-q',
    ]);
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    const script = `
      const { runScenario, VERSION } = await import('dcpsim');
      const { Simulation, RandomStreams } = await import('dcpsim/kernel');
      const sim = new Simulation();
      let fired = 0;
      sim.at(5, () => { fired = sim.now; });
      sim.run(10);
      const { summary } = runScenario({ model: 'default', duration: '2d', out: 'lib' });
      console.log(JSON.stringify({ VERSION, fired, draw: new RandomStreams(1).stream('a').uniform() > 0, mwh: summary.energy_mwh.facility }));`;
    const lib = node(['--input-type=module', '-e', script]);
    expect(lib.stderr).toBe('');
    const out = JSON.parse(lib.stdout) as { VERSION: string; fired: number; draw: boolean; mwh: number };
    expect(out).toMatchObject({
      VERSION: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
      fired: 5,
      draw: true,
    });
    const src = runScenario({ model: 'default', duration: '2d', out: mkdtempSync(join(tmpdir(), 'dcpsim-pack-src-')) });
    expect(out.mwh).toBe(src.summary.energy_mwh.facility);
    for (const f of ['timeseries.csv', 'summary.json']) {
      const want = readFileSync(join(src.outDir, f), 'utf8');
      expect(readFileSync(join(scratch, 'cli', f), 'utf8')).toBe(want);
      expect(readFileSync(join(scratch, 'lib', f), 'utf8')).toBe(want);
    }
  }, 120_000);

  it("gives TypeScript the library's types through exports", () => {
    expect(typeCheck(true)).toEqual([DELIBERATE]);
  }, 120_000);

  it('type-checks its own declarations (skipLibCheck off, as tsc defaults) beside @types/node alone', () => {
    // A Node project has @types/node; it need not have the types of dcpsim's own dependencies (d3's are a
    // devDependency), and under TypeScript 7's default `types: []` a declaration naming the global `NodeJS`
    // namespace without importing it fails ("Cannot find namespace 'NodeJS'").
    const types = join(scratch, 'node_modules', '@types');
    mkdirSync(types, { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', '@types', 'node'), join(types, 'node'));
    expect(typeCheck(false, ['node'])).toEqual([DELIBERATE]);
    expect(typeCheck(false, [])).toEqual([DELIBERATE]);
  }, 120_000);
});

/** The one error use.ts makes on purpose: the types arrived and say energy is a number. */
const DELIBERATE = expect.stringMatching(
  /^use\.ts\(4,7\): error TS2322: Type 'number' is not assignable to type 'string'\.$/,
);

/** tsc's error lines for a file that imports the library, with these options. */
function typeCheck(skipLibCheck: boolean, types: string[] = []): string[] {
  writeFileSync(
    join(scratch, 'use.ts'),
    `import { runScenario } from 'dcpsim';
import { Simulation } from 'dcpsim/kernel';
const mwh: number = runScenario({ model: 'default' }).summary.energy_mwh.facility;
const wrong: string = mwh;
new Simulation().run(1);
export { wrong };
`,
  );
  writeFileSync(
    join(scratch, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        strict: true,
        noEmit: true,
        skipLibCheck,
        types,
      },
      files: ['use.ts'],
    }),
  );
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  return node([tsc, '-p', '.']).stdout.trim().split('\n');
}
