// Compile src/ into dist/ with esbuild: the `dcpsim` command (dist/bin.mjs,
// which loads dist/cli.mjs), the sweep worker (dist/sweep-worker.mjs) and the library (dist/index.mjs
// and dist/kernel.mjs, package.json's `exports`), dependencies included but
// exceljs; and the library's types with tsc (dist/types/,
// tsconfig.types.json). Run by `npm install` (prepare), `npm pack` and `npm
// run build`. Each command's code is a chunk of its own that
// the CLI imports when the command runs, so `dcpsim --version` loads the
// command line only and a run loads no plotting and no sweep code (issue 13).
import { build, transformSync } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestSource, stampFile } from '../src/dist.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');

const sources = newestSource(ROOT);
const tmp = `${DIST}.${process.pid}.tmp`;
rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });
// commander requires child_process as it loads, for subcommands that are programs of their own (dcpsim has
// none): 7 ms of every start. It loads when first used instead.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer)
        ? { path: 'child_process', namespace: 'lazy' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, k) => require('node:child_process')[k] });",
      loader: 'js',
    }));
  },
};
const common = {
  plugins: [lazyChildProcess],
  outdir: tmp,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies written as CommonJS (commander, seedrandom) call require().
  banner: {
    js: "import { createRequire as __dcpsimRequire } from 'node:module'; const require = __dcpsimRequire(import.meta.url);",
  },
  logLevel: 'warning',
  // exceljs (run --format xlsx) stays in node_modules: it is large, loads only for a workbook, and inside
  // node_modules Node keeps quiet about its dependencies' deprecated Buffer() calls, which it prints for dist/.
  // tsx loads a TypeScript policy (run --policy file.ts) from node_modules.
  external: ['exceljs', 'tsx'],
};
// The command and the sweep worker share chunks; the library is built on its
// own, so that what it shares with them does not split the command's code
// into more files to load at start.
await build({
  ...common,
  entryPoints: {
    cli: join(ROOT, 'src/cli.ts'),
    'sweep-worker': join(ROOT, 'src/sweep/worker.ts'),
    'rows-worker': join(ROOT, 'src/output/tables/rows-worker.ts'),
  },
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
});
await build({
  ...common,
  entryPoints: { index: join(ROOT, 'src/index.ts'), kernel: join(ROOT, 'src/kernel/index.ts') },
  chunkNames: 'lib/[name]-[hash]',
  splitting: true,
});
// The command: whether dist/ is current (src/dist.mjs) inlined; tsx, for a checkout edited since the build, stays outside.
await build({ ...common, banner: {}, entryPoints: { bin: join(ROOT, 'src/bin.mjs') }, external: ['tsx'] });
// Comments esbuild keeps (zod's, ours) hold a few characters outside ASCII (a dash, a Greek letter), and one
// makes V8 take the whole file as two-byte text: slower to decode and to scan. In a comment line they become
// \u escapes, kept only where the code without its comments is unchanged (a line of a String.raw template,
// the report's script, stays as written). A run's start: 17 M fewer instructions (valgrind), about 3 ms.
const comments = /^(\s*(?:\/\/|\/\*|\*).*)$/gm;
const escape = (line) => line.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const code = (text) => transformSync(text, { loader: 'js', format: 'esm', minifyWhitespace: true }).code;
for (const e of readdirSync(tmp, { recursive: true, withFileTypes: true })) {
  if (!e.isFile() || !e.name.endsWith('.mjs')) continue;
  const file = join(e.parentPath ?? e.path, e.name); // parentPath: Node 20.12 and later
  const text = readFileSync(file, 'utf8');
  if (!/[^\x00-\x7f]/.test(text)) continue;
  const ascii = text.replace(comments, escape);
  if (ascii !== text && code(ascii) === code(text)) writeFileSync(file, ascii);
}
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
const types = spawnSync(
  process.execPath,
  [tsc, '-p', join(ROOT, 'tsconfig.types.json'), '--outDir', join(tmp, 'types')],
  { stdio: 'inherit' },
);
if (types.status !== 0) {
  rmSync(tmp, { recursive: true, force: true });
  process.exit(types.status ?? 1);
}
// Swap the new build in whole: a command starting meanwhile sees the old dist/ or the new one.
const old = `${DIST}.${process.pid}.old`;
rmSync(old, { recursive: true, force: true });
try {
  renameSync(DIST, old);
} catch {
  // no dist/ yet
}
renameSync(tmp, DIST);
rmSync(old, { recursive: true, force: true });
writeFileSync(stampFile(ROOT), `${JSON.stringify({ sources })}\n`);
