import { describe, expect, it } from 'vitest';
import { parseCriterion, parseRequirement } from '../../src/sizing/criteria.ts';
import { type Candidate, sizingTable } from '../../src/sizing/outputs.ts';
import type { SizingSpec } from '../../src/sizing/spec.ts';

/** Three feasible candidates whose unmet energy and carbon span 0 to hundreds. */
function outputs() {
  const spec = { decide: [{ path: 'supply[0].units', values: ['2', '3', '4'] }] } as unknown as SizingSpec;
  const criteria = {
    objective: parseCriterion('cost', '--minimize'),
    requirements: [parseRequirement('unmet_mwh<=500')],
  };
  const candidate = (units: number, objective: number, unmet: number, carbon: number): Candidate => ({
    index: units,
    id: String(units),
    values: { 'supply[0].units': String(units) },
    status: 'feasible',
    replicates: 1,
    objective,
    stats: [unmet],
    met: [1],
    carbonT: carbon,
  });
  const candidates = [candidate(2, 1e8, 240.4, 240), candidate(3, 2e8, 52, 52.5), candidate(4, 3e8, 0, 0)];
  return { spec, criteria, candidates, best: candidates[0] };
}

describe("dcpsim size's printed table", () => {
  // A column's figures at one number of decimals, so they line up and read alike: before, each by its own size
  // (240, 52.000, 0.000 in one column).
  it('writes every figure of a column to the same decimals', () => {
    const lines = sizingTable(outputs(), 200).split('\n');
    const rows = lines.slice(1, 4).map((l) => l.trim().split(/\s{2,}/));
    expect(rows.map((r) => r[2])).toEqual(['240.400', '52.000', '0.000']);
    expect(rows.map((r) => r[3])).toEqual(['240.000', '52.500', '0.000']);
  });
  it('writes a column whose figures are all 0 or 100 and more without decimals', () => {
    const o = outputs();
    o.candidates[1].stats = [0];
    o.candidates[1].carbonT = 1200;
    o.candidates[0].carbonT = 240;
    const rows = sizingTable(o, 200)
      .split('\n')
      .slice(1, 4)
      .map((l) => l.trim().split(/\s{2,}/));
    expect(rows.map((r) => r[2])).toEqual(['240', '0', '0']);
    expect(rows.map((r) => r[3])).toEqual(['240', '1,200', '0']);
  });
  // With a value of lost load, the chosen's NPC holds what its shortfall costs: said, as a carbon price's part is
  // (before, only summary.csv's economics.lost_load_npc_usd told it). The price with thousands separators, as the run's
  // table writes it (it read '20000 $/MWh' beside the run's '20,000 $/MWh').
  it("says how much of the chosen portfolio's NPC prices its unmet energy", () => {
    const o = outputs();
    o.best.lostLoad = { usdPerMwh: 20000, npcUsd: 269_000 };
    expect(sizingTable(o, 200)).toContain(
      "every candidate's NPC prices unmet energy at 20,000 $/MWh (economics.value_of_lost_load): 269,000 USD of the chosen's",
    );
    expect(sizingTable(outputs(), 200)).not.toContain('unmet energy at');
  });
  // 3a418a3 headed a requirement in words and its unit ('unmet MWh') but left lole_h as given, its unit (h/yr, the
  // run's loss-of-load hours a year) unsaid; worst_year_lole_h likewise.
  it("heads a loss-of-load requirement in words and its unit, 'lole h/yr'", () => {
    const o = outputs();
    o.criteria.requirements = [parseRequirement('lole_h<=2')];
    expect(sizingTable(o, 200).split('\n')[0]).toMatch(/\s{2}lole h\/yr\s{2}/);
    o.criteria.requirements = [parseRequirement('worst_year_lole_h<=2')];
    expect(sizingTable(o, 200).split('\n')[0]).toMatch(/\s{2}worst_year_lole h\/yr\s{2}/);
  });
});
