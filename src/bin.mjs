#!/usr/bin/env node
// The `dcpsim` command. No build step: it runs the cached JavaScript bundle of
// the CLI when that matches the sources (src/bundle.mjs), otherwise the
// TypeScript through tsx, and then builds the bundle for the next start.
import { bundle, cachedBundle } from './bundle.mjs';

let entry = process.env.DCPSIM_NO_BUNDLE ? undefined : cachedBundle('cli.ts');
if (!entry) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = new URL('./cli.ts', import.meta.url);
}
const { main } = await import(entry.href);
const code = await main(process.argv);
process.exitCode = code;
if (!process.env.DCPSIM_NO_BUNDLE && entry.pathname.endsWith('/cli.ts')) await bundle('cli.ts');
