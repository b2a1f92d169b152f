#!/usr/bin/env node
// The `dcpsim` command. It runs the compiled CLI in dist/ (`npm run build`,
// which `npm install` runs). When dist/ is missing or older than a source
// (an edit since the last build), it says so and runs the TypeScript in src/
// through tsx instead: the same behaviour, slower to start.
//
// `dcpsim --version` (or -V) alone prints package.json's version here, as the command line would, without
// loading it: the command line's code and building its commands are two thirds of what a start costs
// beyond bare Node (issue 13.1), and a batch script that logs the version should not pay them.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.on('error', (e) => {
    if (e.code !== 'EPIPE') throw e; // a reader that closed early (`| true`), as the command line ends
  });
  process.stdout.write(`${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version}\n`);
} else {
  const { distState } = await import('./dist.mjs');
  const state = distState(root);
  let entry;
  if (state === 'current') {
    entry = pathToFileURL(join(root, 'dist', 'cli.mjs'));
  } else {
    process.stderr.write(
      `dcpsim: note: dist/ is ${state === 'missing' ? 'missing' : 'older than src/'}; running src/ through tsx (slower to start); \`npm run build\` compiles it\n`,
    );
    const { register } = await import('tsx/esm/api');
    register();
    entry = pathToFileURL(join(root, 'src', 'cli.ts'));
  }
  let main;
  try {
    ({ main } = await import(entry.href));
  } catch (e) {
    // The command's own code could not be read (too many open files at a low `ulimit -n`, a file made unreadable):
    // the one-line error the command line gives, which is not loaded yet. Anything else is a fault in dcpsim.
    if (typeof e?.code !== 'string' || !/^E[A-Z]+$/.test(e.code) || e.path === undefined) throw e;
    const found = e.message.replace(/^E[A-Z]+: /, '').replace(/, \w+ '.*'$/s, '');
    process.stderr.write(
      `dcpsim: error: ${e.path}: expected a file or folder dcpsim can use, found ${found} (${e.code})\n`,
    );
    process.exit(1);
  }
  process.exitCode = await main(process.argv);
}
