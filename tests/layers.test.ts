/**
 * The layer rules of docs/architecture.md over the import graph of src/: each
 * file belongs to a layer, and a layer imports only the layers listed for it.
 * Workload, facility and supply never import one another; output may read the
 * parts' summary types (`import type`), never their code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/** Layers, bottom up: a file's layer is the one whose folder (ending in /) or file its path under src/ names. */
const BASE = ['kernel', 'model'];
const PARTS = ['workload', 'facility', 'supply'];
const LAYERS: Record<string, { files: string[]; imports: string[]; types?: string[] }> = {
  kernel: { files: ['kernel/'], imports: [] },
  model: { files: ['model/'], imports: ['kernel'] },
  workload: { files: ['workload/'], imports: [...BASE, 'policy'] },
  facility: { files: ['facility/'], imports: BASE },
  supply: { files: ['supply/'], imports: BASE },
  // Operating policies (issue 17): they steer the workload's runs on the supply's signals.
  policy: { files: ['policy/'], imports: [...BASE, 'supply'], types: ['workload', 'scenario'] },
  scenario: { files: ['scenario.ts', 'names.ts'], imports: [...BASE, ...PARTS, 'policy'] },
  economics: { files: ['economics/'], imports: BASE },
  output: { files: ['output/'], imports: [...BASE, 'economics'], types: [...PARTS, 'policy'] },
  site: { files: ['site.ts'], imports: [...BASE, ...PARTS, 'policy', 'scenario', 'economics', 'output'] },
  package: { files: ['package.ts', 'dist.mjs', 'dist.d.mts'], imports: [] },
  run: { files: ['run.ts'], imports: [...BASE, 'policy', 'scenario', 'economics', 'output', 'site', 'package'] },
  sweep: { files: ['sweep/'], imports: [...BASE, 'output', 'run', 'package'] },
  sizing: { files: ['sizing/'], imports: [...BASE, 'output', 'run', 'sweep', 'package'] },
  cli: {
    files: ['cli.ts', 'bin.mjs', 'index.ts'],
    imports: [...BASE, 'policy', 'scenario', 'economics', 'output', 'site', 'package', 'run', 'sweep', 'sizing'],
  },
};

/**
 * Inside output, its folders bottom up: writing files whole (files/), the run's tables and reading them
 * back (tables/), what the commands print (terminal/), charts and the report (charts/). A folder imports
 * its own and the ones below it.
 */
const OUTPUT = ['files', 'tables', 'terminal', 'charts'];

/** The output folder of a path under src/output/, or undefined. */
function outputPart(path: string): string | undefined {
  const m = /^output\/([^/]+)\//.exec(path);
  return m && OUTPUT.includes(m[1]) ? m[1] : undefined;
}

function layerOf(path: string): string | undefined {
  const holds = (f: string): boolean => (f.endsWith('/') ? path.startsWith(f) : path === f);
  return Object.keys(LAYERS).find((l) => LAYERS[l].files.some(holds));
}

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

/** The relative imports of one source text (import, export ... from, import()), comments left out. */
function importsOf(text: string): { spec: string; typeOnly: boolean }[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: { spec: string; typeOnly: boolean }[] = [];
  // import ... from, export ... from (type-only when it starts `import type`/`export type`)
  for (const m of code.matchAll(/\b(?:import|export)\s+(type\s+)?[^;'"]*?\bfrom\s*['"](\.[^'"]+)['"]/g)) {
    out.push({ spec: m[2], typeOnly: Boolean(m[1]) });
  }
  // import './x' and import('./x')
  for (const m of code.matchAll(/\bimport\s*(?:\(\s*)?['"](\.[^'"]+)['"]/g)) out.push({ spec: m[1], typeOnly: false });
  return out;
}

/** The rule an edge breaks, or undefined. */
function violation(e: Edge): string | undefined {
  const a = layerOf(e.from);
  const b = layerOf(e.to);
  if (!a) return `${e.from} is in no layer (add it to tests/layers.test.ts and docs/architecture.md)`;
  if (!b) return `${e.from} imports ${e.to}, which is in no layer`;
  if (a === 'output' && b === 'output') {
    const [pa, pb] = [outputPart(e.from), outputPart(e.to)];
    if (!pa || !pb)
      return `${e.from} imports ${e.to}: every file of output is in one of output/${OUTPUT.join('/, output/')}/`;
    if (OUTPUT.indexOf(pb) > OUTPUT.indexOf(pa)) {
      return `${e.from} (output/${pa}) imports ${e.to} (output/${pb}): output/${pa} may import ${OUTPUT.slice(
        0,
        OUTPUT.indexOf(pa) + 1,
      )
        .map((f) => `output/${f}`)
        .join(', ')}`;
    }
    return undefined;
  }
  if (a === b) return undefined;
  const rule = LAYERS[a];
  if (rule.imports.includes(b) || (e.typeOnly && rule.types?.includes(b))) return undefined;
  const allowed = [...rule.imports, ...(rule.types ?? []).map((t) => `types of ${t}`)].join(', ') || 'nothing of ours';
  return `${e.from} (${a}) imports ${e.to} (${b}): ${a} may import ${allowed}`;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|mts|mjs)$/.test(e) ? [p] : [];
  });
}

function graph(): Edge[] {
  return sourceFiles(SRC).flatMap((f) =>
    importsOf(readFileSync(f, 'utf8')).flatMap(({ spec, typeOnly }) => {
      const to = relative(SRC, resolve(dirname(f), spec))
        .split('\\')
        .join('/');
      return to.startsWith('..') ? [] : [{ from: relative(SRC, f).split('\\').join('/'), to, typeOnly }];
    }),
  );
}

describe('layers', () => {
  it('every import in src/ follows the layer rules', () => {
    const edges = graph();
    expect(edges.length).toBeGreaterThan(300);
    expect(edges.map(violation).filter(Boolean)).toEqual([]);
  });

  it('every file of src/ is in a layer', () => {
    const files = sourceFiles(SRC).map((f) => relative(SRC, f).split('\\').join('/'));
    expect(files.filter((f) => !layerOf(f))).toEqual([]);
    expect(files.filter((f) => f.startsWith('output/') && !outputPart(f))).toEqual([]);
  });

  it("names every folder and file of src/ in docs/internals.md's table of where each part lives", () => {
    // The README sends a newcomer there to find "where each part lives"; until 7 December 2026 its table left out
    // src/economics/ (the NPC, LCOE and cash flows), src/policy/ (the operating policies) and src/package.ts.
    const doc = readFileSync(join(SRC, '..', 'docs', 'internals.md'), 'utf8');
    const table = doc.slice(doc.indexOf('| folder / file |'));
    const entries = readdirSync(SRC).map((e) => (statSync(join(SRC, e)).isDirectory() ? `src/${e}/` : `src/${e}`));
    expect(entries.length).toBeGreaterThan(15);
    // src/output/ by its four folders, each a row.
    const named = (e: string) =>
      table.includes(`\`${e}\``) || (e === 'src/output/' && table.includes('`src/output/files/`'));
    expect(entries.filter((e) => !named(e))).toEqual([]);
  });

  it('finds the imports a file can write, and the ones that break a rule', () => {
    const text = [
      "import { a } from '../kernel/simulation.ts';",
      "import type {\n  FacilitySummary,\n} from '../facility/facility.ts';",
      "export { b } from './x.ts';",
      "const m = await import('../output/plot.ts');",
      "// import { c } from '../site.ts';",
      "/* import { d } from '../run.ts'; */",
      "import { type Meter } from '../kernel/recorder.ts';",
    ].join('\n');
    expect(importsOf(text)).toEqual([
      { spec: '../kernel/simulation.ts', typeOnly: false },
      { spec: '../facility/facility.ts', typeOnly: true },
      { spec: './x.ts', typeOnly: false },
      { spec: '../kernel/recorder.ts', typeOnly: false },
      { spec: '../output/plot.ts', typeOnly: false },
    ]);
    const summaryType = { from: 'facility/facility.ts', to: 'output/tables/summary.ts', typeOnly: true };
    expect(violation(summaryType)).toMatch(/facility may import kernel, model$/);
    expect(violation({ from: 'supply/system.ts', to: 'workload/workload.ts', typeOnly: false })).toBeDefined();
    expect(violation({ from: 'kernel/recorder.ts', to: 'model/units.ts', typeOnly: false })).toMatch(/nothing of ours/);
    expect(violation({ from: 'output/tables/summary.ts', to: 'facility/facility.ts', typeOnly: true })).toBeUndefined();
    expect(violation({ from: 'output/charts/report.ts', to: 'facility/facility.ts', typeOnly: false })).toBeDefined();
    expect(violation({ from: 'run.ts', to: 'site.ts', typeOnly: false })).toBeUndefined();
    expect(
      violation({ from: 'output/charts/plot.ts', to: 'output/tables/folder.ts', typeOnly: false }),
    ).toBeUndefined();
    expect(violation({ from: 'output/tables/csv.ts', to: 'output/charts/svg.ts', typeOnly: false })).toMatch(
      /output\/tables may import output\/files, output\/tables$/,
    );
    expect(violation({ from: 'output/tables/csv.ts', to: 'output/x.ts', typeOnly: false })).toMatch(
      /one of output\/files/,
    );
  });
});
