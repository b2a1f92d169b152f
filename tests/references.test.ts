/**
 * Every "reference.md §N.M" a preset, a source file, a doc or the README cites
 * resolves to a section of docs/reference.md, the copy of the references
 * shipped in the repository (issue 10.9: the presets cited a file the
 * repository did not contain).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const REFERENCE = join(ROOT, 'docs', 'reference.md');

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && ext.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** Section numbers cited in a text: "§6.2", "§1.3-1.4", "§7". */
export function citations(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/§\s*(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?/g)) {
    out.push(m[1]);
    if (m[2]) out.push(m[2]);
  }
  return out;
}

/** Section numbers of docs/reference.md's headings ("## 7. Fusion", "### 6.2 US fleet"). */
function sections(): Set<string> {
  const text = readFileSync(REFERENCE, 'utf8');
  return new Set([...text.matchAll(/^#{2,3} (\d+(?:\.\d+)?)\.? /gm)].map((m) => m[1]));
}

describe('docs/reference.md', () => {
  const have = sections();
  const cases = [
    ...files(join(ROOT, 'models'), /\.ya?ml$/),
    ...files(join(ROOT, 'src'), /\.(ts|md)$/),
    ...files(join(ROOT, 'docs'), /\.md$/).filter((f) => f !== REFERENCE),
    join(ROOT, 'README.md'),
  ];

  it('holds the sections the presets cite', () => {
    const presets = files(join(ROOT, 'models'), /\.ya?ml$/);
    expect(presets.length).toBeGreaterThanOrEqual(6);
    const cited = presets.flatMap((f) => citations(readFileSync(f, 'utf8')));
    expect(cited.length).toBeGreaterThan(20);
    for (const s of ['1.1', '4.1', '6.2', '7', '8.5', '9.2']) expect(have.has(s), s).toBe(true);
  });

  it.each(cases.map((f) => [relative(ROOT, f), f]))('every section %s cites is in it', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const missing = citations(text).filter((s) => !have.has(s));
    expect(missing).toEqual([]);
    // A citation names the file a reader can open.
    if (/\.ya?ml$/.test(file)) expect(text.match(/(?<!docs\/)reference\.md/g) ?? []).toEqual([]);
  });

  it('finds the citations it checks', () => {
    expect(citations('(reference.md §1.3-1.4); §7, and § 9.2')).toEqual(['1.3', '1.4', '7', '9.2']);
    expect(citations('no sections here')).toEqual([]);
  });
});
