/**
 * CSV injection (issue 16.10, OWASP "CSV Injection"): no cell of any table
 * dcpsim writes starts with a character a spreadsheet runs as a formula
 * (=, +, -, @, tab, carriage return), unless the cell is a number; and a
 * sweep's --name cannot write outside runs/.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/model/csv-parse.ts';
import { csvField, csvLine } from '../../src/output/tables/format.ts';
import { summaryTable } from '../../src/output/tables/summary-csv.ts';
import { runScenario } from '../../src/run.ts';
import { prepareSweep, runSweep } from '../../src/sweep/sweep.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SMALL = join(ROOT, 'tests', 'fixtures', 'small.yaml');
const tmp = (): string => mkdtempSync(join(tmpdir(), 'dcpsim-inject-'));

/** Would a spreadsheet evaluate this cell (as read back from the file)? */
const evaluated = (cell: string): boolean => /^[=+\-@\t\r]/.test(cell) && !/^[+-]?[\d.]+(?:[eE][+-]?\d+)?$/.test(cell);

/** Every cell of every CSV/TSV file under dir, as a reader sees it. */
function cells(dir: string): string[] {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter(
    (d) => d.isFile() && /\.(csv|tsv)$/.test(d.name),
  );
  expect(files.length).toBeGreaterThan(0);
  return files.flatMap((d) => parseCsv(readFileSync(join(d.parentPath, d.name), 'utf8')).rows.flat());
}

/** The corpus: each preset's description (and name) behind each trigger, in five payload forms, behind six triggers, plus the classics. */
const PAYLOADS = (() => {
  const presets = readdirSync(join(ROOT, 'models')).filter((f) => f.endsWith('.yaml'));
  const texts = presets.flatMap((f) => {
    const m = parseYaml(readFileSync(join(ROOT, 'models', f), 'utf8')) as { name?: string; description?: string };
    return [
      m.description ?? '',
      m.name ?? f,
      `HYPERLINK("http://x/?${m.name}")`,
      `cmd|' /C calc'!A0 ${m.name}`,
      `SUM(${m.name}!A1:A9)`,
    ];
  });
  const triggers = ['=', '+', '-', '@', '\t', '\r'];
  const out = texts.flatMap((t) => triggers.map((c) => c + t));
  out.push(
    '=1+1',
    '-2+3',
    '+1-1',
    '@SUM(A1:A9)',
    '=HYPERLINK("http://x")',
    '\t=1',
    '\r=1',
    '=cmd|"/C calc"!A0',
    "'=1",
    '==',
  );
  return out;
})();

describe('cells a spreadsheet would run are neutralised', () => {
  it(`the corpus has at least 200 cases (${PAYLOADS.length})`, () =>
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(200));

  it.each(['csv', 'tsv'])(
    'no %s cell of the corpus is evaluated, and each reads back as the text behind an apostrophe',
    (format) => {
      const sep = format === 'tsv' ? '\t' : ',';
      for (const p of PAYLOADS) {
        const text = summaryTable({ model: { name: p }, seed: 1, energy_mwh: { it: -1.5 } }, sep);
        const rows = parseCsv(text, sep).rows;
        expect(rows.length, JSON.stringify(p)).toBe(2);
        expect(rows[1].some(evaluated), JSON.stringify(p)).toBe(false);
        expect(rows[1][0]).toBe(evaluated(p) ? `'${p}` : p);
        expect(rows[1][2]).toBe('-1.5');
      }
    },
  );

  it('numbers keep their sign: -3.5, +2, -1e-5 are data, not formulas', () => {
    for (const n of ['-3.5', '+2', '-1e-5', '-0.25', '12']) expect(csvField(n)).toBe(n);
    for (const f of ['-2+3', '+A1', '-', '@x', '=1']) expect(csvField(f)).toBe(`'${f}`);
    expect(csvLine(['\tx', 'a'], '\t')).toBe(`"'\tx"\ta\n`);
  });

  it('a run of a model file named =1+1.yaml writes its name neutralised', () => {
    const dir = tmp();
    const model = join(dir, '=1+1.yaml');
    copyFileSync(SMALL, model);
    const out = join(dir, 'out');
    runScenario({ model, out, set: ['name=x'] });
    runScenario({ model, out: join(dir, 'out2'), set: ['duration=1d'] });
    for (const c of [...cells(out), ...cells(join(dir, 'out2'))]) expect(evaluated(c), c).toBe(false);
  });

  it('a sweep varying the description to =HYPERLINK(...) writes no evaluated cell in summary.csv or points.csv', async () => {
    const dir = tmp();
    const r = await runSweep({
      model: SMALL,
      vary: ['description==HYPERLINK("http://x"),@SUM(1),-2+3'],
      duration: '1d',
      step: '1d',
      out: dir,
      workers: 1,
      env: {},
    });
    expect(r.failed).toBe(0);
    const all = cells(dir);
    expect(all).toContain(`'=HYPERLINK("http://x")`);
    for (const c of all) expect(evaluated(c), c).toBe(false);
  });
});

describe('sweep --name', () => {
  it.each(['../../escaped', '..', '/tmp/x', 'a/b', '=1+1', ''])('%s is refused before anything is written', (name) => {
    expect(() => prepareSweep({ model: SMALL, vary: ['seed=1,2'], name, env: {} })).toThrow(
      /^--name: expected a name of letters, digits, "\.", "_" or "-", starting with a letter or digit, found/,
    );
  });
});
