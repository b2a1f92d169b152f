/**
 * Where the reference says capital is paid: 'paid at the start', in every plant's capital row, where a component
 * entering service later pays it the year it enters (docs/economics.md, Service dates): an SMR in service from
 * 2029-01-01 in a project from 2027-03-01 pays it in year 2, escalated and discounted to then.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';

const SMALL = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');

describe("the capital's description", () => {
  it('says capital is paid when the component enters service, as the cash flows pay it', () => {
    const reference = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'model-reference.md'), 'utf8');
    const rows = reference.split('\n').filter((l) => l.startsWith('| `capital` |'));
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) {
      expect(row).not.toContain('paid at the start');
      expect(row).toContain('paid when it enters service');
    }
    const r = runScenario({
      model: SMALL,
      out: mkdtempSync(join(tmpdir(), 'dcpsim-capital-')),
      set: [
        'supply[1]={ kind: smr, units: 1, rating: 1 MW, in_service: 2029-01-01, price: 89 $/MWh, costs: { capital: 6041 $/kW, lifetime: 40y } }',
        'economics={ discount_rate: 7%, escalation: 2%, years: 3 }',
      ],
    });
    const capital = readFileSync(join(r.outDir, 'cashflow.csv'), 'utf8')
      .split('\n')
      .filter((l) => l.includes(',capital,'));
    expect(capital).toEqual([`2,smr,capital,${6041000 * 1.02 ** 2},${(6041000 * 1.02 ** 2) / 1.07 ** 2}`]);
  });
});
