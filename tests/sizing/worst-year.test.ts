import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parseRequirement } from '../../src/sizing/criteria.ts';
import { runSizing } from '../../src/sizing/size.ts';
import { criteriaOf } from '../../src/sizing/spec.ts';
import { sizingTable } from '../../src/sizing/outputs.ts';

vi.setConfig({ testTimeout: 240_000 });

const MODEL = join(import.meta.dirname, '..', 'fixtures', 'sizing-growth.yaml');
const tmp = () => mkdtempSync(join(tmpdir(), 'dcpsim-worst-year-'));
const DECIDE = ['supply[0].import_cap=86:96:2 kW'];

/** Each candidate's loss-of-load hours in each project year, from its run's summary.json (yearly.csv's rows). */
function yearsOf(dir: string, id: string): { hours: number; lol: number }[] {
  const s = JSON.parse(readFileSync(join(dir, 'runs', `${id}-r0`, 'summary.json'), 'utf8'));
  return s.yearly.map((y: { hours: number; loss_of_load_hours: number }) => ({
    hours: y.hours,
    lol: y.loss_of_load_hours,
  }));
}

/** The fixture's import cap sized at least cost under one requirement, into `out`. */
const sized = (require: string, out: string, duration?: string) =>
  runSizing({
    model: MODEL,
    decide: DECIDE,
    minimize: 'cost',
    require: [require],
    out,
    env: {},
    ...(duration ? { duration } : {}),
  });

describe('dcpsim size over a growing load', () => {
  it("requires a bound in every project year with worst_year_lole_h, where lole_h bounds the run's mean year", async () => {
    // lole_h is the run's loss-of-load hours per 8,760: over two years, their mean. 90 kW loses none in 2027 and
    // 520 h in 2028, 260 a year on average, so lole_h<=300 chooses it while its last year is far over the bound.
    const mean = tmp();
    const a = await sized('lole_h<=300', mean);
    expect(a.best?.values).toEqual({ 'supply[0].import_cap': '90 kW' });
    expect(yearsOf(mean, a.best!.id)).toEqual([
      { hours: 8760, lol: 0 },
      { hours: 8760, lol: 520 },
    ]);
    // worst_year_lole_h: the most loss-of-load hours of any project year, per 8,760 h. 92 kW's worse year is 240 h.
    const worst = tmp();
    const b = await sized('worst_year_lole_h<=300', worst);
    expect(b.best?.values).toEqual({ 'supply[0].import_cap': '92 kW' });
    // Each candidate's figure by hand from its run's years: max over years of hours lost x 8,760 / the year's hours.
    for (const c of b.candidates) {
      const byHand = Math.max(...yearsOf(worst, c.id).map((y) => (y.lol * 8760) / y.hours));
      expect(c.stats[0]).toBe(byHand);
    }
    expect(b.best?.stats).toEqual([240]);
    expect(b.candidates.find((c) => c.values['supply[0].import_cap'] === '90 kW')?.stats).toEqual([520]);
    const csv = readFileSync(join(worst, 'candidates.csv'), 'utf8').split('\n');
    expect(csv[0]).toContain('worst_year_lole_h');
    // More capacity never makes a year worse: the requirement prunes, as lole_h's does.
    expect(parseRequirement('worst_year_lole_h<=2').monotone).toBe(true);
  });

  it('says when the runs end before the project and the model changes after them: the answer is the years run', async () => {
    // Over 365 days the sizing sees 2027's load alone: 86 kW loses nothing there, and 1,372 h in 2028 (above), which
    // the economics' second year, a repeat of 2027, does not see. The printed answer and the report said nothing.
    const out = tmp();
    const c = await sized('worst_year_lole_h<=300', out, '365d');
    expect(c.best?.values).toEqual({ 'supply[0].import_cap': '86 kW' });
    const note =
      "the runs end before the project's 2 years, and its economics repeat the last year run, not seeing what changes after: chat's demand growing 100.0% a year; the requirements and the NPC hold for the years run (size over the years through which they change: docs/sizing.md)";
    expect(sizingTable({ ...c, criteria: criteriaOf(c.spec) }).split('\n')).toContain(note);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain(
      `<p>T${note.slice(1).replaceAll("'", '&#39;')}.</p>`,
    );
    // A one-year project: 'the project's 1 year' (it said '1 years').
    const one = { ...c, best: { ...c.best!, unseen: { ...c.best!.unseen!, years: 1 } } };
    expect(sizingTable({ ...one, criteria: criteriaOf(c.spec) })).toContain(
      "the runs end before the project's 1 year, and",
    );
    // Runs through the project's years (731 days: 2028 is a leap year, and 730 leave its last day to the economics):
    // nothing unseen, no note.
    const whole = await sized('worst_year_lole_h<=300', tmp(), '731d');
    expect(whole.best?.unseen).toBeUndefined();
    expect(sizingTable({ ...whole, criteria: criteriaOf(whole.spec) })).not.toContain('the runs end before');
  });
});
