/**
 * Names that would collide as columns (issues 10.7 and 16.9): a generated
 * corpus of mutated-name models built from every preset. Each case either
 * is refused with the one-line error at the name's line, or runs with
 * columns that map one-to-one to its components.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { checkScenario, loadScenario, runScenario } from '../src/run.ts';
import { InputError } from '../src/model/errors.ts';
import { relocateDataPaths } from '../src/model/data-files.ts';
import { Site } from '../src/site.ts';
import { readCsv } from './helpers/read-csv.ts';

const ROOT = join(import.meta.dirname, '..');
const MODELS = join(ROOT, 'models');
const dir = mkdtempSync(join(tmpdir(), 'dcpsim-names-'));

type Doc = Record<string, any>;
interface Slot {
  path: (string | number)[];
  field: string;
  name: string;
}
interface Case {
  label: string;
  doc: Doc;
  expect: 'refused' | 'accepted';
  fields: string[];
  stems?: string[];
}

const PRESETS = readdirSync(MODELS)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const get = (d: Doc, p: (string | number)[]): any => p.reduce((x, k) => x?.[k], d);
const field = (p: (string | number)[]) =>
  p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i ? `.${k}` : k)).join('');

/** The preset as a document, its supplies named explicitly, its horizon one day. */
function base(preset: string): Doc {
  const d = parse(readFileSync(join(MODELS, preset), 'utf8')) as Doc;
  d.duration = '1d';
  const kindName: Record<string, string> = {
    grid: 'grid',
    smr: 'smr',
    'fusion-ppa': 'fusion',
    'space-solar': 'solar',
    battery: 'battery',
  };
  for (const s of d.supply) s.name ??= kindName[s.kind];
  return d;
}

function slots(d: Doc): Slot[] {
  const out: Slot[] = [];
  const add = (path: (string | number)[]) =>
    out.push({ path: [...path, 'name'], field: field([...path, 'name']), name: get(d, [...path, 'name']) });
  d.clusters.forEach((_: unknown, i: number) => add(['clusters', i]));
  for (const list of ['jobs', 'training', 'inference'])
    (d.workload?.[list] ?? []).forEach((_: unknown, i: number) => add(['workload', list, i]));
  d.supply.forEach((_: unknown, i: number) => add(['supply', i]));
  return out;
}

/** The model with one component renamed (a cluster's workload entries follow it). */
function withName(d: Doc, path: (string | number)[], name: string): Doc {
  const c = structuredClone(d);
  const item = get(c, path.slice(0, -1));
  if (path[0] === 'clusters') {
    for (const list of ['jobs', 'training', 'inference'])
      for (const w of c.workload?.[list] ?? []) if (w.cluster === item.name) w.cluster = name;
  }
  item.name = name;
  return c;
}

/** The corpus: every preset x every name slot x each mutation class. */
function corpus(): Case[] {
  const cases: Case[] = [];
  for (const preset of PRESETS) {
    const d = base(preset);
    const all = slots(d);
    const supplies = all.filter((s) => s.path[0] === 'supply');
    const clusters = all.filter((s) => s.path[0] === 'clusters');
    // Characters that would split a TSV cell or a dotted name, or vanish from a column.
    for (const s of all) {
      for (const bad of ['!!!', 'a b', 'a\tb', 'a\nb', '+', '*', 'a.b', ' lead', 'café', '-x']) {
        cases.push({
          label: `${preset} ${s.field}=${JSON.stringify(bad)}`,
          doc: withName(d, s.path, bad),
          expect: 'refused',
          fields: [s.field],
        });
      }
    }
    // A supply named after a built-in column, in any case.
    const builtIns = [
      'unmet',
      'it',
      'facility',
      'curtailed',
      'losses',
      'cooling',
      'throttled',
      'Unmet',
      'IT',
      'Facility',
    ];
    if (d.supply.some((x: Doc) => x.kind === 'grid')) builtIns.push('export', 'EXPORT');
    for (const s of supplies) {
      for (const b of builtIns)
        cases.push({
          label: `${preset} ${s.field}=${b}`,
          doc: withName(d, s.path, b),
          expect: 'refused',
          fields: [s.field],
        });
    }
    // Two names that differ only by case or "-"/"_", or whose columns meet.
    for (const a of supplies) {
      for (const b of supplies) {
        if (a === b) continue;
        const twin = b.name.toUpperCase() === b.name ? b.name.toLowerCase() : b.name.toUpperCase();
        cases.push({
          label: `${preset} ${a.field}=${twin} beside ${b.name}`,
          doc: withName(d, a.path, twin),
          expect: 'refused',
          fields: [a.field, b.field],
        });
      }
      for (const c of clusters) {
        cases.push({
          label: `${preset} ${a.field}=${c.name}_it beside cluster ${c.name}`,
          doc: withName(d, a.path, `${c.name}_it`),
          expect: 'refused',
          fields: [a.field, c.field],
        });
        cases.push({
          label: `${preset} ${a.field}=${c.name}-IT beside cluster ${c.name}`,
          doc: withName(d, a.path, `${c.name}-IT`),
          expect: 'refused',
          fields: [a.field, c.field],
        });
      }
      for (const bat of supplies.filter((x) => get(d, x.path.slice(0, -1)).kind === 'battery')) {
        if (bat === a) continue;
        cases.push({
          label: `${preset} ${a.field}=${bat.name}_charge beside battery ${bat.name}`,
          doc: withName(d, a.path, `${bat.name}_charge`),
          expect: 'refused',
          fields: [a.field, bat.field],
        });
      }
    }
    if (clusters.length >= 2) {
      const [c0, c1] = clusters;
      for (const twin of [
        c0.name.toUpperCase(),
        c0.name.replaceAll('-', '_'),
        `${c0.name[0].toUpperCase()}${c0.name.slice(1)}`,
      ]) {
        if (twin === c0.name) continue;
        cases.push({
          label: `${preset} ${c1.field}=${twin} beside cluster ${c0.name}`,
          doc: withName(d, c1.path, twin),
          expect: 'refused',
          fields: [c1.field],
        });
      }
    }
    // Fine names: unique, in the allowed characters.
    all.forEach((s, k) => {
      for (const ok of [`Node-${k}`, `n_${k}_b`]) {
        const stems = ok.includes('-') || /[A-Z]/.test(ok) ? [] : [ok];
        cases.push({
          label: `${preset} ${s.field}=${ok}`,
          doc: withName(d, s.path, ok),
          expect: 'accepted',
          fields: [s.field],
          stems: s.path[0] === 'supply' || s.path[0] === 'clusters' ? stems : [],
        });
      }
    });
  }
  return cases;
}

const CASES = corpus();
const fold = (c: string) => c.toLowerCase().replaceAll('-', '_');

function write(c: Case, k: number): string {
  const file = join(dir, `case-${k}.yaml`);
  writeFileSync(file, stringify(relocateDataPaths(c.doc, MODELS, dir)));
  return file;
}

describe('names that would collide as columns: a corpus mutated from the presets', () => {
  it('has at least 200 cases, refused and accepted, from every preset', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(200);
    expect(CASES.filter((c) => c.expect === 'accepted').length).toBeGreaterThan(50);
    for (const p of PRESETS) expect(CASES.some((c) => c.label.startsWith(`${p} `))).toBe(true);
  });

  it.each(CASES.map((c, k) => [c.label, c, k] as const))('%s', (_label, c, k) => {
    const file = write(c, k);
    let error: unknown;
    let columns: string[] = [];
    try {
      const loaded = loadScenario({ model: file });
      checkScenario(loaded);
      columns = new Site(loaded.model, { baseDir: loaded.baseDir }, { row() {} }).meters.map((m) => m.name);
    } catch (e) {
      error = e;
    }
    if (c.expect === 'refused') {
      expect(error).toBeInstanceOf(InputError);
      const msg = (error as Error).message;
      expect(msg).not.toMatch(/[\n\r]/);
      const m = /^(.*?):(\d+): (\S+): expected (.+), found (.+)$/s.exec(msg);
      expect(m, msg).not.toBeNull();
      expect(m![1]).toBe(file);
      expect(c.fields).toContain(m![3]);
      // The line is the name's.
      const line = stringify(relocateDataPaths(c.doc, MODELS, dir)).split('\n')[Number(m![2]) - 1];
      expect(line).toMatch(/name/);
    } else {
      expect(error).toBeUndefined();
      const folded = columns.map(fold);
      expect(new Set(folded).size).toBe(folded.length);
      for (const stem of c.stems ?? []) expect(columns.some((col) => col.startsWith(`${stem}_`))).toBe(true);
    }
  });
});

describe('totals by component', () => {
  it("two grids named grid-a and grid-b: each source's figures are its own column's", () => {
    const out = mkdtempSync(join(tmpdir(), 'dcpsim-names-run-'));
    const r = runScenario({
      model: join(ROOT, 'tests', 'fixtures', 'small.yaml'),
      out,
      set: [
        'supply=[{ kind: grid, name: grid-a, import_cap: 20 kW, price: 50 $/MWh }, { kind: grid, name: grid-b, price: 90 $/MWh }]',
      ],
    });
    const csv = readCsv(r.timeseriesFile!);
    const mwh = (col: string) =>
      csv.col(col).reduce((a, kw, i) => a + (kw * Math.min(900, 2 * 86400 - i * 900)) / 3.6e6, 0);
    const [a, b] = r.summary.sources;
    expect([a.name, b.name]).toEqual(['grid-a', 'grid-b']);
    expect(a.energy_mwh).toBeCloseTo(mwh('grid_a_kw'), 4);
    expect(b.energy_mwh).toBeCloseTo(mwh('grid_b_kw'), 4);
    expect(a.energy_mwh).not.toBeCloseTo(b.energy_mwh, 3);
    expect(a.cost_usd / a.energy_mwh).toBeCloseTo(50, 6);
    expect(b.cost_usd / b.energy_mwh).toBeCloseTo(90, 6);
  });
});
