/**
 * A grid's hourly carbon-free share read from a column that gives it (Electricity Maps' "Low Carbon Percentage" or
 * "Carbon-free energy percentage (CFE%)", NESO's ZERO_CARBON_perc): `carbon_free_share: { file, column }`, in % unless
 * `unit: fraction` (docs/models/supply.md, Carbon). Until 5 December 2026 only generation columns gave an hourly
 * share: an Electricity Maps export has none, so its grid was left out of the 24/7 score (counted as not carbon-free)
 * unless given one constant share.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-cfe-share-'));
// The model beside its data files: an error shows a file's cells only when it is in the model's folder.
const SMALL = join(dir, 'small.yaml');
copyFileSync(join(import.meta.dirname, '..', 'fixtures', 'small.yaml'), SMALL);
const stamp = (h: number) => new Date(Date.UTC(2027, 2, 1) + h * 3600e3).toISOString().slice(0, 19).replace('T', ' ');
const pct = (h: number) => 20 + ((h * 7) % 61); // 20 to 80 %, whole numbers
const ci = (h: number) => 300 + (h % 24) * 5;
const HOURS = 72;

function write(name: string, lines: string[]): string {
  writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  return join(dir, name);
}
const em = write('em.csv', [
  'Datetime (UTC),Country,Zone Name,Carbon Intensity gCO2eq/kWh (LCA),Low Carbon Percentage,Renewable Percentage,Data Estimated',
  ...Array.from(
    { length: HOURS },
    (_, h) => `${stamp(h)},USA,PJM Interconnection,${ci(h)},${pct(h)},${pct(h) - 10},false`,
  ),
]);
/** The same hours as generation columns (NUC the share, NG the rest): the share the reader already took. */
const mix = write('mix.csv', [
  'timestamp,avg_CI,NUC,NG',
  ...Array.from({ length: HOURS }, (_, h) => `${stamp(h)},${ci(h)},${pct(h)},${100 - pct(h)}`),
]);

let runs = 0;
const run = (...set: string[]) => {
  const { model: _, ...figures } = runScenario({
    model: SMALL,
    set: ['duration=2d', ...set],
    out: join(dir, `run${runs++}`),
    sync: false,
  }).summary;
  return figures;
};
const fails = (...set: string[]): string => {
  try {
    run(...set);
  } catch (e) {
    expect((e as Error).message).not.toContain('\n');
    return (e as Error).message;
  }
  throw new Error('accepted');
};

describe('carbon_free_share read from a column', () => {
  const emCarbon = `supply[0].carbon={ file: ${em}, column: "Carbon Intensity gCO2eq/kWh (LCA)" }`;
  it("an Electricity Maps export's Low Carbon Percentage scores as the same share from generation columns, to the bit", () => {
    const a = run(emCarbon, `supply[0].carbon_free_share={ file: ${em}, column: Low Carbon Percentage }`);
    const b = run(`supply[0].carbon={ file: ${mix}, column: avg_CI }`, 'supply[0].clean_columns=[NUC]');
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.reliability?.cfe_excludes).toEqual([]);
    expect(a.reliability?.cfe_score).toBeGreaterThan(0.2);
    // Without it the grid is left out of the score, as before.
    const c = run(emCarbon);
    expect(c.reliability?.cfe_excludes).toEqual(['grid']);
    expect(c.reliability?.cfe_score).toBe(0);
  });
  it('a column of fractions with unit: fraction scores alike', () => {
    const frac = write('frac.csv', [
      'timestamp,cfe',
      ...Array.from({ length: HOURS }, (_, h) => `${stamp(h)},${pct(h) / 100}`),
    ]);
    const a = run(emCarbon, `supply[0].carbon_free_share={ file: ${frac}, column: cfe, unit: fraction }`);
    const b = run(emCarbon, `supply[0].carbon_free_share={ file: ${em}, column: Low Carbon Percentage }`);
    expect(a.reliability?.cfe_score).toBe(b.reliability?.cfe_score);
    // The same column read as % is a share under 1 % every hour: refused, saying which unit to give.
    expect(fails(emCarbon, `supply[0].carbon_free_share={ file: ${frac}, column: cfe }`)).toMatch(
      /frac\.csv:1: cfe: expected a carbon-free share in % \(0 to 100; a column of fractions, every value at most 1, needs unit: fraction\), found values from 0\.2 to 0\.8$/,
    );
  });
  it('a column of 0 % every hour (nothing carbon-free) is a share of 0, not fractions read as %', () => {
    // It was refused as 'a column of fractions, every value at most 1, needs unit: fraction' (break52 noticed).
    const zero = write('zero.csv', ['timestamp,share', ...Array.from({ length: HOURS }, (_, h) => `${stamp(h)},0`)]);
    const a = run(emCarbon, `supply[0].carbon_free_share={ file: ${zero}, column: share }`);
    expect(a.reliability?.cfe_score).toBe(0);
    expect(a.reliability?.cfe_excludes).toEqual([]);
  });

  it('fractions read as % in a file of many years are refused in one line, not a stack overflow', () => {
    // 200,000 hours (22 years): the message's least and greatest value were spread into Math.min's arguments,
    // 'Maximum call stack size exceeded', an internal error (exit 70), until 5 December 2026.
    const t0 = Date.UTC(2020, 0, 1);
    const rows = ['timestamp,cfe'];
    for (let h = 0; h < 200_000; h++)
      rows.push(`${new Date(t0 + h * 3600e3).toISOString().slice(0, 19)}Z,${0.2 + (h % 7) / 10}`);
    const many = write('many.csv', rows);
    expect(fails(emCarbon, `supply[0].carbon_free_share={ file: ${many}, column: cfe }`)).toMatch(
      /many\.csv:1: cfe: expected a carbon-free share in % .*, found values from 0\.2 to 0\.8$/,
    );
  });

  it('a share outside 0-100 % is refused at its line', () => {
    const bad = write('bad.csv', [
      'timestamp,share',
      ...Array.from({ length: HOURS }, (_, h) => `${stamp(h)},${h === 5 ? 140 : pct(h)}`),
    ]);
    expect(fails(emCarbon, `supply[0].carbon_free_share={ file: ${bad}, column: share }`)).toMatch(
      /bad\.csv:7: share: expected a carbon-free share from 0 to 100 %, found 140$/,
    );
  });
  it('a share column in the carbon trace beside some of the default clean columns is the share, not refused', () => {
    // It was refused: 'both.csv:1: clean_columns: expected columns of the trace's header (share, NUC, NG), found
    // WND, SUN, WAT': the default list, which a share column leaves unread, was checked against the header.
    const both = write('both.csv', [
      'timestamp,avg_CI,share,NUC,NG',
      ...Array.from({ length: HOURS }, (_, h) => `${stamp(h)},${ci(h)},${pct(h)},${h},${100 - h}`),
    ]);
    const a = run(
      `supply[0].carbon={ file: ${both}, column: avg_CI }`,
      `supply[0].carbon_free_share={ file: ${both}, column: share }`,
    );
    const b = run(emCarbon, `supply[0].carbon_free_share={ file: ${em}, column: Low Carbon Percentage }`);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    // A list of one's own naming a column the trace lacks is still a typo, refused.
    expect(
      fails(
        `supply[0].carbon={ file: ${both}, column: avg_CI }`,
        `supply[0].carbon_free_share={ file: ${both}, column: share }`,
        'supply[0].clean_columns=[NUC, WAT]',
      ),
    ).toMatch(/both\.csv:1: clean_columns: expected columns of the trace's header \(share, NUC, NG\), found WAT$/);
  });
  it("a constant share beside a trace whose generation columns give each hour's is refused, not left unread", () => {
    // It was left unread: mix.csv (NUC over NUC and NG each hour, 20 to 80 %) with carbon_free_share: 90% scored the
    // trace's own share, byte for byte the run without it, exit 0; a share of one's own is a column (above).
    const carbon = `supply[0].carbon={ file: ${mix}, column: avg_CI }`;
    const noShare = run(carbon, 'supply[0].clean_columns=[NUC]');
    expect(noShare.reliability?.cfe_score).toBeLessThan(0.6);
    expect(fails(carbon, 'supply[0].carbon_free_share=90%', 'supply[0].clean_columns=[NUC]')).toMatch(
      /small\.yaml \(--set\): supply\[0\]\.carbon_free_share: expected no constant share beside a carbon trace whose generation columns give each hour's \(mix\.csv: NUC over NUC, NG\): leave it out, or give your own as a column, carbon_free_share: \{ file, column \}, found 0\.9$/,
    );
    // Named at the model's line that gives it: it named the trace's line 1 ('mix.csv:1: carbon_free_share: ...'), a
    // field the trace does not hold.
    const model = join(dir, 'constant.yaml');
    writeFileSync(
      model,
      readFileSync(SMALL, 'utf8').replace(
        /^supply:\n.*$/m,
        `supply:\n  - kind: grid\n    carbon: { file: mix.csv, column: avg_CI }\n    clean_columns: [NUC]\n    carbon_free_share: 90%`,
      ),
    );
    const line = readFileSync(model, 'utf8').split('\n').indexOf('    carbon_free_share: 90%') + 1;
    expect(() => runScenario({ model, set: ['duration=2d'], out: join(dir, 'constant'), sync: false })).toThrow(
      new RegExp(
        `^[^ ]*constant\\.yaml:${line}: supply\\[0\\]\\.carbon_free_share: expected no constant share beside a carbon trace whose generation columns give each hour's \\(mix\\.csv: NUC over NUC, NG\\): leave it out, or give your own as a column, carbon_free_share: \\{ file, column \\}, found 0\\.9$`,
      ),
    );
    // A trace with none of the default clean columns gives no share: the constant is the share, as before.
    const flat = run(emCarbon, 'supply[0].carbon_free_share=90%');
    expect(flat.reliability?.cfe_score).toBeGreaterThan(0.75); // 90 % of what the capped grid supplies
  });
  it("NESO's half-hourly ZERO_CARBON_perc: each hour's share the mean of its half hours", () => {
    const gb = join(import.meta.dirname, '..', 'fixtures', 'grid-gb', 'df_fuel_ckan-2022-01-01.csv');
    const rows = readFileSync(gb, 'utf8').trim().split('\n');
    const c = rows[0].split(',').indexOf('ZERO_CARBON_perc');
    const halves = rows.slice(1).map((r) => Number(r.split(',')[c]));
    const hours = Array.from({ length: 72 }, (_, h) => (halves[2 * h] + halves[2 * h + 1]) / 2);
    const twin = write('gb-share.csv', [
      'timestamp,share',
      ...hours.map((v, h) => `${new Date(Date.UTC(2022, 0, 1) + h * 3600e3).toISOString().slice(0, 19)}Z,${v}`),
    ]);
    const carbon = `supply[0].carbon={ file: ${gb}, column: CARBON_INTENSITY }`;
    const a = run('start=2022-01-01', carbon, `supply[0].carbon_free_share={ file: ${gb}, column: ZERO_CARBON_perc }`);
    const b = run('start=2022-01-01', carbon, `supply[0].carbon_free_share={ file: ${twin}, column: share }`);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.reliability?.cfe_score).toBeGreaterThan(0.4);
  });
});
