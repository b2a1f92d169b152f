/**
 * A carbon price in the economics (`economics.carbon_price`, `carbon_escalation`): each supply's carbon, as summary.json's
 * sources[].carbon_kg counts it, priced per project year in cashflow.csv's category `carbon`, escalated and discounted
 * like every operating flow, so in the NPC and the LCOE. The oracle is the formula, not the code.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { readCsv } from '../helpers/read-csv.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-carbon-price-'));
const model = (economics: string, supply = '[{ kind: grid, price: 50 $/MWh, carbon: 400 g/kWh }]'): string => {
  const file = join(dir, `m${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    file,
    `name: carbon-price
start: 2027-01-01
duration: 365d
step: 1d
seed: 1
clusters: [{ name: main, chip: H100, count: 64 }]
workload: { jobs: [{ name: batch, cluster: main, rate: 4/h, chips: [1, 2, 4], duration: 1h }] }
facility: { cooling: { model: pue, pue: 1.2 } }
supply: ${supply}
economics: ${economics}
`,
  );
  return file;
};

describe('a carbon price', () => {
  const run = (economics: string, supply?: string) =>
    runScenario({ model: model(economics, supply), out: join(dir, 'out') });

  it('bills carbon_kg x price each year, escalated at carbon_escalation and discounted, in the NPC', () => {
    const r = run('{ discount_rate: 7%, escalation: 2%, years: 10, carbon_price: 80 $/t, carbon_escalation: 3% }');
    const s = r.summary;
    const e = s.economics!;
    // The grid's carbon: its energy to the load at 400 g/kWh, a whole simulated year that years 2-10 repeat.
    const grid = s.sources.find((x) => x.name === 'grid')!;
    expect(grid.carbon_kg).toBeCloseTo(grid.energy_mwh * 400, 6);
    let npc = 0;
    for (let y = 1; y <= 10; y++) npc += (grid.carbon_kg / 1000) * 80 * (1.03 / 1.07) ** y;
    expect(e.carbon_npc_usd).toBeCloseTo(npc, 6);
    expect(e.by_category.carbon).toBeCloseTo(npc, 6);
    expect(e.components.find((c) => c.name === 'grid')!.by_category.carbon).toBeCloseTo(npc, 6);
    expect(e.carbon_price_usd_per_t).toBe(80);
    expect(e.carbon_escalation).toBe(0.03);
    // cashflow.csv: one carbon row a year, nominal carbon_t x 80 x 1.03^y; its discounted column still sums to the NPC.
    const flows = readCsv(join(r.outDir, 'cashflow.csv')).rows;
    const carbon = flows.filter((x) => x[2] === 'carbon');
    expect(carbon.map((x) => Number(x[0]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const x of carbon) expect(Number(x[3])).toBeCloseTo((grid.carbon_kg / 1000) * 80 * 1.03 ** Number(x[0]), 6);
    expect(flows.reduce((a, x) => a + Number(x[4]), 0)).toBeCloseTo(e.npc_usd, 4);
    // Against the same run without the price: the NPC and the LCOE differ by the carbon's alone.
    const without = run('{ discount_rate: 7%, escalation: 2%, years: 10 }').summary.economics!;
    expect(e.npc_usd - without.npc_usd).toBeCloseTo(npc, 4);
    expect(without.carbon_npc_usd).toBeUndefined();
    expect(without.by_category.carbon).toBeUndefined();
    expect(e.lcoe_usd_per_mwh!).toBeGreaterThan(without.lcoe_usd_per_mwh!);
  });

  it("gives the price as the model writes it: REopt's 51 $/t, not 51.00000000000001", () => {
    // 51 $/t is 0.051 $/kg inside (51 x 0.001), and 1,000 times that is 51.00000000000001, which summary.json, summary.csv
    // and the workbook gave (so did 128 of the whole prices 1 to 1,000 $/t: 9, 13, 18, 26...).
    for (const p of [51, 9])
      expect(
        run(`{ discount_rate: 7%, years: 1, carbon_price: ${p} $/t }`).summary.economics!.carbon_price_usd_per_t,
      ).toBe(p);
  });

  it('escalates with the economics when no carbon_escalation is given, and prices each supply its own carbon', () => {
    const r = run(
      '{ discount_rate: 5%, escalation: 2%, years: 3, carbon_price: 100 $/t }',
      '[{ kind: smr, units: 1, rating: 20 kW, mode: baseload }, { kind: grid, price: 50 $/MWh, carbon: 400 g/kWh }]',
    );
    const s = r.summary;
    const e = s.economics!;
    let total = 0;
    for (const src of s.sources) {
      let npc = 0;
      for (let y = 1; y <= 3; y++) npc += (src.carbon_kg / 1000) * 100 * (1.02 / 1.05) ** y;
      const got = e.components.find((c) => c.name === src.name)!.by_category.carbon ?? 0;
      expect(got).toBeCloseTo(npc, 6);
      total += npc;
    }
    expect(s.sources.every((x) => x.carbon_kg > 0)).toBe(true);
    expect(e.carbon_npc_usd).toBeCloseTo(total, 6);
  });

  it("diff leads with the carbon's part of the NPC, beside the NPC it moves", async () => {
    // Before: diff of a run without and with 80 $/t read 'economics.npc_usd 16.745 -> 20.072 $M, +19.9%' among the key
    // figures and its cause, economics.carbon_npc_usd 3.327 $M, some forty lines down among the other figures.
    const { diffSummaries, formatDiff } = await import('../../src/output/terminal/diff.ts');
    const { isKeyFigure } = await import('../../src/output/tables/figures.ts');
    const a = run('{ discount_rate: 7%, years: 10 }').summary;
    const b = run('{ discount_rate: 7%, years: 10, carbon_price: 80 $/t }').summary;
    const text = formatDiff(diffSummaries(a, b), 'a', 'b');
    const key = text.slice(0, text.indexOf('other figures'));
    expect(key).toMatch(/economics\.carbon_npc_usd /);
    expect(key).toMatch(/economics\.npc_usd /);
    // The report's key figures, the workbook's and a sweep's differences.csv read the same list.
    expect(isKeyFigure('economics.carbon_npc_usd')).toBe(true);
  });

  it('is refused as a bare number other than 0: carbon is priced by the tonne, a cost per mass bare by the kg', () => {
    // Before: 'carbon_price: 80' ran at 80 $/kg, $80,000 a tonne: plan-smr's 30 days priced its carbon at $5.44 B.
    expect(() => run('{ discount_rate: 7%, carbon_price: 80 }')).toThrow(
      /economics\.carbon_price: expected a carbon price with its unit, like "80 \$\/t" \(a bare number other than 0 could be per tonne, as carbon is priced, or per kg\), found 80$/,
    );
    const npc = (price: string) =>
      run(`{ discount_rate: 7%, years: 10, carbon_price: ${price} }`).summary.economics!.carbon_npc_usd;
    expect(npc('80 $/tonne')).toBe(npc('80 $/t'));
    expect(npc('0')).toBe(0);
  });

  it('is refused in one line with a unit that is not money per mass', () => {
    // Its example was a launch's '1500 $/kg' alone, beside a carbon price asked by the tonne; then a cost per mass's
    // '"1500 $/kg" or "80 $/t"', the first of which it refuses (1,500,000 $/t, over its 10,000), in this line and in
    // model-reference.md's description.
    expect(() => run('{ discount_rate: 7%, carbon_price: 80 $/MWh }')).toThrow(
      /economics\.carbon_price: expected a carbon price like "80 \$\/t" or "0\.08 \$\/kg", found "80 \$\/MWh"$/,
    );
    expect(() => run('{ discount_rate: 7%, carbon_price: 0.08 $/kg }')).not.toThrow();
    const reference = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'model-reference.md'), 'utf8');
    const row = reference.split('\n').find((l) => l.startsWith('| `carbon_price` |'));
    expect(row).toContain('A carbon price like "80 $/t" or "0.08 $/kg"');
    expect(row).not.toContain('1500');
  });

  it("a yearly rate's description gives the bare numbers it takes, not 0-1", () => {
    // Before: 'above 20 %/yr only as a percentage ("30%": a bare 1 is refused ...)' and then 'a bare number is in 0-1'.
    const reference = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'model-reference.md'), 'utf8');
    const row = reference.split('\n').find((l) => l.startsWith('| `discount_rate` |'));
    expect(row).toContain('a bare number is a share of 1, at most 0.2 in magnitude.');
    expect(row).not.toContain('a bare number is in 0-1');
  });

  it('is refused above 10,000 $/t, where a price per kg was meant per tonne', () => {
    // Before: '80 $/kg' (the example the error and the reference gave was '1500 $/kg') ran at $80,000 a tonne, as a bare
    // 80 did: no carbon price or social cost of carbon is near 10,000 $/t.
    expect(() => run('{ discount_rate: 7%, carbon_price: 80 $/kg }')).toThrow(
      /economics\.carbon_price: expected a carbon price of at most 10,000 \$\/t \(carbon is priced by the tonne: 80 \$\/kg is 80,000 \$\/t\), found "80 \$\/kg"$/,
    );
    const npc = (price: string) =>
      run(`{ discount_rate: 7%, years: 10, carbon_price: ${price} }`).summary.economics!.carbon_npc_usd;
    expect(npc('10 $/kg')).toBe(npc('10000 $/t'));
  });
  it('refuses a carbon_escalation without a carbon_price, which priced nothing', () => {
    // Before: `carbon_escalation: 5%` without a carbon_price ran, no carbon in the NPC (carbon_npc_usd absent), and the
    // run said nothing: a planner who meant to price carbon rising 5 % a year read an NPC with no carbon in it.
    expect(() => run('{ discount_rate: 7%, years: 10, carbon_escalation: 5% }')).toThrow(
      /economics\.carbon_escalation: expected a carbon_price to escalate \(like "80 \$\/t"; without one no figure prices carbon\), found "5%"$/,
    );
    expect(() => run('{ discount_rate: 7%, years: 10, carbon_price: 0, carbon_escalation: 5% }')).not.toThrow();
  });
});
