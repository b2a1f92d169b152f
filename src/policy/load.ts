/**
 * Loading a scripted policy from a file (`dcpsim run --policy file`): a
 * TypeScript (.ts, .mts, through tsx) or JavaScript (.js, .mjs) module whose
 * default export is the policy function (src/policy/script.ts).
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../model/errors.ts';
import type { Policy } from './script.ts';

export async function loadPolicy(file: string): Promise<{ decide: Policy; source: string }> {
  const path = resolve(file);
  const expected = 'a policy module (.ts, .mts, .js or .mjs) whose default export is a function';
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st?.isFile())
    throw new InputError(
      file,
      '',
      expected,
      !st ? 'no such file' : st.isDirectory() ? 'a folder' : 'not a regular file',
    );
  let mod: { default?: unknown };
  try {
    const url = pathToFileURL(path).href;
    mod = /\.m?ts$/.test(path) ? await (await import('tsx/esm/api')).tsImport(url, import.meta.url) : await import(url);
  } catch (e) {
    // One line: the first, and the next where the first only announces it (tsx: 'Transform failed with 1 error:', the
    // file, line, column and error on the line after, which was left out).
    const [first = '', next] = (e instanceof Error ? e.message : String(e))
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    throw new InputError(
      file,
      '',
      expected,
      `a module that does not load: ${first.endsWith(':') && next ? `${first} ${next}` : first}`,
    );
  }
  // A .ts file outside an ES-module package loads as CommonJS: its exports arrive as the default.
  let decide = mod.default;
  if (decide !== null && typeof decide === 'object' && 'default' in decide) decide = decide.default;
  if (typeof decide !== 'function')
    throw new InputError(file, 'default', expected, decide === undefined ? 'no default export' : typeof decide);
  return { decide: decide as Policy, source: file };
}
