/**
 * A trace's column named as a person types it: Electricity Maps' hourly export writes its intensities
 * "Carbon Intensity gCO₂eq/kWh (LCA)", the 2 a subscript (U+2082), and docs/models/supply.md (as every page quoting
 * it in plain text) gives `column: "Carbon Intensity gCO2eq/kWh (LCA)"`. Until 7 December 2026 that column was
 * refused with a list of the file's columns in which it seemed to stand: 'em.csv:1: expected a column "Carbon
 * Intensity gCO2eq/kWh (LCA)" (it has ..., Carbon Intensity gCO₂eq/kWh (LCA), ...), found none'. A name now matches
 * the one column that reads the same under Unicode's compatibility normalisation (NFKC: a subscript or superscript
 * digit is the digit, a full-width letter the letter), for `column`, `where` and the carbon-free share's column.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-column-spelling-'));
const stamp = (h: number) => new Date(Date.UTC(2027, 0, 1) + h * 3600e3).toISOString().slice(0, 19).replace('T', ' ');
const HOURS = 72;
const direct = (h: number) => 300 + (h % 24) * 5;
const lca = (h: number) => 360 + (h % 24) * 6;
const pct = (h: number) => 30 + ((h * 7) % 41);

function write(name: string, lines: string[]): string {
  writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  return join(dir, name);
}
// The export's header as Electricity Maps writes it (two zones, as a file of several joined).
const em = write('em.csv', [
  'Datetime (UTC),Country,Zone Name,Zone Id,Carbon Intensity gCO\u2082eq/kWh (direct),Carbon Intensity gCO\u2082eq/kWh (LCA),Low Carbon Percentage,Renewable Percentage,Data Source,Data Estimated,Data Estimation Method',
  ...Array.from({ length: HOURS }, (_, h) => [
    `${stamp(h)},USA,PJM,US-MIDA-PJM,${direct(h)},${lca(h)},${pct(h)},${pct(h) - 10},eia.gov,false,`,
    `${stamp(h)},USA,MISO,US-MIDW-MISO,${direct(h) + 100},${lca(h) + 100},${pct(h) - 5},${pct(h) - 15},eia.gov,false,`,
  ]).flat(),
]);
const plain = write('plain.csv', [
  'timestamp,ci,share',
  ...Array.from({ length: HOURS }, (_, h) => `${stamp(h)},${lca(h)},${pct(h)}`),
]);

const MODEL = write('m.yaml', [
  'name: spelling',
  'start: 2027-01-01',
  'duration: 2d',
  'step: 1h',
  'clusters:',
  '  - { name: c, chip: H100, count: 64 }',
  'workload:',
  '  training:',
  '    - { name: t, cluster: c, chips: 64, work: 10d }',
  'facility:',
  '  cooling: { model: pue, pue: 1.2 }',
  'supply:',
  '  - { kind: grid, price: 50 $/MWh }',
]);

let runs = 0;
const run = (...set: string[]) =>
  runScenario({ model: MODEL, set, out: join(dir, `run${runs++}`), sync: false, series: false }).summary;

describe("a trace's column named with a plain 2 where the file writes a subscript", () => {
  const want = run(
    `supply[0].carbon={ file: ${plain}, column: ci }`,
    `supply[0].carbon_free_share={ file: ${plain}, column: share }`,
  );

  it("reads Electricity Maps' LCA intensity as docs/models/supply.md names it, and its share, the same to the bit", () => {
    const zone = 'where: { Zone Id: US-MIDA-PJM }';
    const got = run(
      `supply[0].carbon={ file: ${em}, column: "Carbon Intensity gCO2eq/kWh (LCA)", ${zone} }`,
      `supply[0].carbon_free_share={ file: ${em}, column: Low Carbon Percentage, ${zone} }`,
    );
    expect(got.carbon_kg).toBeGreaterThan(0);
    expect(got.carbon_kg).toBe(want.carbon_kg);
    expect(want.reliability?.cfe_score).toBeGreaterThan(0);
    expect(got.reliability?.cfe_score).toBe(want.reliability?.cfe_score);
    // As the file writes it, too.
    const exact = run(`supply[0].carbon={ file: ${em}, column: "Carbon Intensity gCO\u2082eq/kWh (LCA)", ${zone} }`);
    expect(exact.carbon_kg).toBe(want.carbon_kg);
  });

  it('takes a where key so spelled, and still refuses a column the file does not have', () => {
    const hdr = write('sub.csv', [
      'timestamp,Zone\u2082,ci',
      ...Array.from({ length: HOURS }, (_, h) => [`${stamp(h)},a,${lca(h)}`, `${stamp(h)},b,1`]).flat(),
    ]);
    expect(run(`supply[0].carbon={ file: ${hdr}, column: ci, where: { Zone2: a } }`).carbon_kg).toBe(want.carbon_kg);
    expect(() =>
      run(
        `supply[0].carbon={ file: ${em}, column: "Carbon Intensity gCO3eq/kWh (LCA)", where: { Zone Id: US-MIDA-PJM } }`,
      ),
    ).toThrow(/expected a column "Carbon Intensity gCO3eq\/kWh \(LCA\)" \(it has Datetime \(UTC\), .*\), found none$/);
  });
});
