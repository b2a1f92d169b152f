#!/usr/bin/env node
// The `dcpsim` command. It runs the compiled CLI in dist/ (`npm run build`,
// which `npm install` runs). When dist/ is missing or older than a source
// (an edit since the last build), it says so and runs the TypeScript in src/
// through tsx instead: the same behaviour, slower to start.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { distState } from './dist.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
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
const { main } = await import(entry.href);
process.exitCode = await main(process.argv);
