import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.ts';
import { checkVaries, parseVary } from '../../src/sweep/vary.ts';
import { buildPlan } from '../../src/sweep/plan.ts';
import { runSeed, pointId } from '../../src/sweep/seeds.ts';
import type { SweepSpec } from '../../src/sweep/spec.ts';

const oneLine = (f: () => unknown, re: RegExp) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).message).not.toContain('\n');
    expect((e as Error).message).toMatch(re);
    return;
  }
  throw new Error('expected an InputError');
};

describe('--vary', () => {
  it('lists and ranges; both ends of a range included, no float drift', () => {
    expect(parseVary('clusters[0].count=1000, 2000,3000')).toEqual({
      path: 'clusters[0].count',
      values: ['1000', '2000', '3000'],
    });
    expect(parseVary('facility.cooling.pue=1.1:1.4:0.1').values).toEqual(['1.1', '1.2', '1.3', '1.4']);
    expect(parseVary('x=0.1:0.3:0.1').values).toEqual(['0.1', '0.2', '0.3']);
    expect(parseVary('x=0:10:4').values).toEqual(['0', '4', '8']);
    expect(parseVary('x=5:5:1').values).toEqual(['5']);
    expect(parseVary('supply[0].price=40:100:20 $/MWh').values).toEqual([
      '40 $/MWh',
      '60 $/MWh',
      '80 $/MWh',
      '100 $/MWh',
    ]);
    // lo:hi between whole numbers: step 1 (the issue's `supply[0].units=0:4`).
    expect(parseVary('supply[0].units=0:4').values).toEqual(['0', '1', '2', '3', '4']);
    expect(parseVary('x=2:4 MW').values).toEqual(['2 MW', '3 MW', '4 MW']);
    // The range as written: it said found "4:2:1", a step the user never typed.
    oneLine(() => parseVary('x=4:2'), /lo <= hi, found "4:2"$/);
    oneLine(() => parseVary('x=3:2:1 MW'), /lo <= hi, found "3:2:1"$/);
    // A typo after a range is no unit: the text is one value, which the model refuses as written. It read "30:50"
    // with the unit ";10 kW", and the model quoted "30 ;10 kW", a value never typed.
    expect(parseVary('supply[0].import_cap=30:50;10 kW').values).toEqual(['30:50;10 kW']);
    expect(parseVary('x=0:10:2;3 MW').values).toEqual(['0:10:2;3 MW']);
    // Numbers between colons that are no range are refused as one: lo:hi steps by 1 between whole numbers only.
    oneLine(
      () => parseVary('x=1:3.5'),
      /expected a range lo:hi:step, or lo:hi between whole numbers \(step 1\), found "1:3\.5"$/,
    );
    expect(parseVary('x=1:3.5:1').values).toEqual(['1', '2', '3']);
    expect(parseVary('x=30:50:10kW').values).toEqual(['30 kW', '40 kW', '50 kW']);
    expect(parseVary('x=0:60:30/h').values).toEqual(['0 /h', '30 /h', '60 /h']);
    expect(parseVary('x=-5:5:5 °C').values).toEqual(['-5 °C', '0 °C', '5 °C']);
    // One spelling of a path, so the same field cannot be varied twice under two names.
    expect(parseVary('clusters.0.count=1').path).toBe('clusters[0].count');
  });

  it("a list's unit after its last value is every bare value's, as a range's is", () => {
    // 'supply[0].price=0.04,0.06 $/kWh' ran its first point at 0.04 $/MWh (a bare price is $/MWh), a thousandth of the
    // price meant: net cost 0 USD against 102 USD for the second point of tests/fixtures/small.yaml.
    expect(parseVary('supply[0].price=0.04,0.06 $/kWh').values).toEqual(['0.04 $/kWh', '0.06 $/kWh']);
    expect(parseVary('x=20, 40,60kW').values).toEqual(['20 kW', '40 kW', '60kW']);
    expect(parseVary('x=0,100 MWh').values).toEqual(['0 MWh', '100 MWh']);
    // A value given its own unit keeps it; a list whose last value has none, or is no number, is as written.
    expect(parseVary('x=1 GW,500 MW').values).toEqual(['1 GW', '500 MW']);
    expect(parseVary('x=500,1 GW,2 GW').values).toEqual(['500', '1 GW', '2 GW']);
    expect(parseVary('x=1,2').values).toEqual(['1', '2']);
    expect(parseVary('x=1e6,2e6').values).toEqual(['1e6', '2e6']);
    expect(parseVary('x=2027-01-01,2028-01-01').values).toEqual(['2027-01-01', '2028-01-01']);
    expect(parseVary('x=auto,8 MW').values).toEqual(['auto', '8 MW']);
    // A structure's commas are its own, as --set takes one: it was cut at each ('"{model: pue" twice').
    expect(parseVary('facility.cooling={model: pue, pue: 1.2},{model: pue, pue: 1.3}').values).toEqual([
      '{model: pue, pue: 1.2}',
      '{model: pue, pue: 1.3}',
    ]);
    expect(parseVary('x=[1, 2], [3]').values).toEqual(['[1, 2]', '[3]']);
    expect(parseVary('x="a,b",c').values).toEqual(['"a,b"', 'c']);
    expect(parseVary("x=O'Brien,Smith").values).toEqual(["O'Brien", 'Smith']);
  });

  it('bad specs give the one-line error', () => {
    oneLine(() => parseVary('x=1:2:0'), /step other than 0/);
    oneLine(() => parseVary('x=1:2:-1'), /positive step/);
    oneLine(() => parseVary('x=3:2:1'), /lo <= hi/);
    oneLine(() => parseVary('x='), /at least one value/);
    oneLine(() => parseVary('x=,,'), /at least one value/);
    oneLine(() => parseVary('noequals'), /path=v1,v2/);
    oneLine(() => parseVary('x=1,1'), /each value once/);
    // One number in two spellings or units ran one model as two points, whose column held the same number on two
    // rows ('supply[0].price_usd_per_mwh' 60 and 60: pandas' pivot refuses duplicate entries).
    oneLine(
      () => parseVary('facility.cooling.pue=1.1,1.10'),
      /^--vary: facility\.cooling\.pue: expected each value once, found 1\.1 and 1\.10, the same$/,
    );
    oneLine(() => parseVary('supply[0].price=60 $/MWh,0.06 $/kWh'), /found 60 \$\/MWh and 0\.06 \$\/kWh, the same$/);
    oneLine(() => parseVary('supply[1].energy=1 MWh,2 MWh,1000 kWh'), /found 1 MWh and 1000 kWh, the same$/);
    expect(parseVary('x=auto,8 MW,2027-01-01').values).toEqual(['auto', '8 MW', '2027-01-01']);
    // One instant in two spellings ran one model as two points (start 2027-01-01 and 2027-01-01T00:00Z: a date
    // without a zone is UTC, docs/models), two rows of the same figures; 05:00Z is midnight at -05.
    oneLine(
      () => parseVary('start=2027-01-01,2027-07-01,2027-01-01T00:00Z'),
      /^--vary: start: expected each value once, found 2027-01-01 and 2027-01-01T00:00Z, the same instant$/,
    );
    oneLine(() => parseVary('start=2027-01-01T05:00Z,2027-01-01 00:00-05'), /, the same instant$/);
    // One structure in two spellings, its keys in another order or a number written otherwise: one model twice.
    oneLine(
      () => parseVary('facility.cooling={model: pue, pue: 1.2},{pue: 1.2, model: pue}'),
      /^--vary: facility\.cooling: expected each value once, found \{model: pue, pue: 1\.2\} and \{pue: 1\.2, model: pue\}, the same$/,
    );
    oneLine(() => parseVary('facility.cooling={model: pue, pue: 1.2},{"model":"pue","pue":1.20}'), /, the same$/);
    expect(parseVary('facility.cooling={model: pue, pue: 1.2},{model: pue, pue: 1.3}').values).toHaveLength(2);
    expect(parseVary('start=2027-01-01,2027-01-01T06:00').values).toEqual(['2027-01-01', '2027-01-01T06:00']);
    // One rate in two spellings: two rows of one model's figures until 7 December 2026 (its column keeps the text).
    oneLine(
      () => parseVary('workload.jobs[0].rate=12/h,24/h,0.2/min'),
      /^--vary: workload\.jobs\[0\]\.rate: expected each value once, found 12\/h and 0\.2\/min, the same rate$/,
    );
    oneLine(
      () => parseVary('workload.jobs[0].rate=1/5min,12 per hour'),
      /found 1\/5min and 12 per hour, the same rate$/,
    );
    expect(parseVary('workload.jobs[0].rate=12/h,13/h,0.2/s').values).toHaveLength(3);
    expect(parseVary('supply[0].price=60 $/MWh,70 $/MWh').values).toHaveLength(2);
    oneLine(() => parseVary('x=0:1e9:1'), /at most/);
    // A range that is not one went to the model as a value: 'pue=1.1:1.3' (lo:hi steps by 1 between whole numbers
    // only) was 'expected a number, found "1.1:1.3"', and 'pue=1.1:1.3:' YAML's map, 'found an object {1.1:1.3}'.
    for (const [v, found] of [
      ['1.1:1.3', '"1.1:1.3"'],
      ['1.1:1.3:', '"1.1:1.3:"'],
      ['1:', '"1:"'],
      [':5', '":5"'],
      ['1::2', '"1::2"'],
      ['30:50:10:5 kW', '"30:50:10:5 kW"'],
    ])
      oneLine(
        () => parseVary(`facility.cooling.pue=${v}`),
        new RegExp(
          `^--vary: facility\\.cooling\\.pue: expected a range lo:hi:step, or lo:hi between whole numbers \\(step 1\\), found ${found.replace(/[.:]/g, (c) => `\\${c}`)}$`,
        ),
      );
    // A date-time's colons are no range.
    expect(parseVary('start=2027-01-01T00:00').values).toEqual(['2027-01-01T00:00']);
  });

  it("a range whose ends carry their unit is the range in that unit; ends in two units are refused with the range's form", () => {
    // '10%:30%:10%' and '30m:120m:30m' went to the model as one value and were refused as not a fraction, 'expected a
    // fraction like 0.9 or "90%", found "10%:30%:10%"', words that named no range; '30m:2h:30m' likewise as a duration.
    expect(parseVary('workload.jobs[0].duty=10%:30%:10%').values).toEqual(['10 %', '20 %', '30 %']);
    expect(parseVary('x=30m:120m:30m').values).toEqual(['30 m', '60 m', '90 m', '120 m']);
    expect(parseVary('x=1 MW:3 MW').values).toEqual(['1 MW', '2 MW', '3 MW']);
    expect(parseVary('x=0 MWh:800 MWh:400 MWh', true).values).toEqual(['0 MWh', '400 MWh', '800 MWh']);
    for (const v of ['30m:2h:30m', '1 MW:3000 kW', '10%:0.3:5 %', '40:100 $/MWh:20 $/MWh'])
      oneLine(
        () => parseVary(`workload.jobs[0].duration=${v}`),
        new RegExp(
          `^--vary: workload\\.jobs\\[0\\]\\.duration: expected a range lo:hi:step with one unit, written once after it \\(like "30:120:30 min" or "10:30:10 %"\\), found "${v.replace(/[.$]/g, (c) => `\\${c}`)}"$`,
        ),
      );
    // A date-time's colons, a list and a bare range as before.
    expect(parseVary('start=2027-01-01T00:00Z').values).toEqual(['2027-01-01T00:00Z']);
    expect(parseVary('x=10:30:10 %').values).toEqual(['10 %', '20 %', '30 %']);
  });
});

const spec = (over: Partial<SweepSpec> = {}): SweepSpec => ({
  name: 't',
  model: 'm.yaml',
  vary: [],
  replicates: 1,
  seed: 7,
  crn: true,
  set: [],
  series: 'none',
  ...over,
});

describe('plan', () => {
  it('is the cartesian product, first --vary outermost, replicates innermost', () => {
    const p = buildPlan(
      spec({
        vary: [
          { path: 'a', values: ['1', '2'] },
          { path: 'b', values: ['x', 'y', 'z'] },
        ],
        replicates: 2,
      }),
    );
    expect(p.points.map((q) => `${q.values.a}${q.values.b}`)).toEqual(['1x', '1y', '1z', '2x', '2y', '2z']);
    expect(p.runs).toHaveLength(12);
    expect(p.runs.slice(0, 3).map((r) => [r.point.values.b, r.replicate])).toEqual([
      ['x', 0],
      ['x', 1],
      ['y', 0],
    ]);
    expect(new Set(p.runs.map((r) => r.id)).size).toBe(12);
  });

  it('ids and seeds do not depend on the other values or their order', () => {
    const a = buildPlan(spec({ vary: [{ path: 'a', values: ['1', '3'] }], replicates: 3 }));
    const b = buildPlan(spec({ vary: [{ path: 'a', values: ['3', '2', '1'] }], replicates: 3 }));
    for (const r of a.runs) {
      const same = b.runs.find((x) => x.id === r.id)!;
      expect(same.point.values).toEqual(r.point.values);
      expect(same.seed).toBe(r.seed);
    }
  });

  it('common random numbers: replicate r has one seed at every point; without them, seeds differ by point', () => {
    const v = { a: '1', b: 'x' },
      w = { a: '2', b: 'x' };
    expect(runSeed(7, v, 0)).toBe(runSeed(7, w, 0));
    expect(runSeed(7, v, 0)).not.toBe(runSeed(7, v, 1));
    expect(runSeed(7, v, 0)).not.toBe(runSeed(8, v, 0));
    expect(runSeed(7, v, 0, false)).not.toBe(runSeed(7, w, 0, false));
    // A varied seed replaces the base seed.
    expect(runSeed(7, { seed: '9' }, 0)).toBe(runSeed(9, {}, 0));
    // A point's id is its values, whatever order they were given in.
    expect(pointId({ a: '1', b: 'x' })).toBe(pointId({ b: 'x', a: '1' }));
  });

  it('series: first keeps replicate 0 of each point', () => {
    const p = buildPlan(spec({ vary: [{ path: 'a', values: ['1', '2'] }], replicates: 2, series: 'first' }));
    expect(p.runs.map((r) => r.series)).toEqual([true, false, true, false]);
  });
});

describe('a varied path inside another varied path', () => {
  const SMALL = new URL('../fixtures/small.yaml', import.meta.url).pathname;
  const OUTAGE = new URL('../fixtures/sizing-outage.yaml', import.meta.url).pathname;

  it('is refused where one replaced the other: each row was labelled with a value it never ran', async () => {
    const { resolveSpec } = await import('../../src/sweep/spec.ts');
    const { resolveSizing } = await import('../../src/sizing/spec.ts');
    // Until 7 December 2026 the pue 1.2 and 1.3 rows both ran at the section's 1.5 (or 1.6), and the other order's
    // {pue: 1.5} rows at 1.2 or 1.3.
    const section = 'facility.cooling={model: pue, pue: 1.5},{model: pue, pue: 1.6}';
    oneLine(
      () => resolveSpec({ model: SMALL, vary: ['facility.cooling.pue=1.2,1.3', section] }),
      /^--vary: facility\.cooling\.pue: expected a path varied after facility\.cooling, which holds it \(each point applies its varied values in order: facility\.cooling's replaced these in every run\), found it before$/,
    );
    oneLine(
      () => resolveSpec({ model: SMALL, vary: [section, 'facility.cooling.pue=1.2,1.3'] }),
      /^--vary: facility\.cooling\.pue: expected a path no value of facility\.cooling gives \(each point applies facility\.cooling's value, then this one, so \{model: pue, pue: 1\.5\} never ran as written\), found \{model: pue, pue: 1\.5\} giving it$/,
    );
    oneLine(
      () =>
        resolveSpec({ model: SMALL, vary: ['supply.0.price=40,60 $/MWh', 'supply[0]={kind: grid, price: 50 $/MWh}'] }),
      /^--vary: supply\[0\]\.price: expected a path varied after supply\[0\], which holds it .*, found it before$/,
    );
    // A sizing's candidates of 18 to 22 MWh all ran with the whole battery's 30 MWh: every one feasible, 18 MWh chosen,
    // where 21 MWh is the least that carries the refuelling.
    oneLine(
      () =>
        resolveSizing({
          model: OUTAGE,
          decide: ['supply[1].energy=18:22:1 MWh', 'supply[1]={kind: battery, energy: 30 MWh, power: 2 MW}'],
          require: ['unmet_mwh<=0'],
        }),
      /^--decide: supply\[1\]\.energy: expected a path decided after supply\[1\], which holds it \(each point applies its decided values in order: supply\[1\]'s replaced these in every run\), found it before$/,
    );
    oneLine(
      () =>
        resolveSizing({
          model: OUTAGE,
          decide: ['supply[1]={kind: battery, energy: 30 MWh, power: 2 MW}', 'supply[1].energy=18:22:1 MWh'],
          require: ['unmet_mwh<=0'],
        }),
      /^--decide: supply\[1\]\.energy: expected a path no value of supply\[1\] gives .*, found \{kind: battery, energy: 30 MWh, power: 2 MW\} giving it$/,
    );
    // A field after a section whose values leave it out is added to each: labelled as it runs. Paths apart, or sharing
    // only a start of their names, are as before.
    expect(
      resolveSpec({
        model: OUTAGE,
        vary: [
          'supply[1]={kind: battery, energy: 30 MWh, power: 2 MW},{kind: battery, energy: 20 MWh, power: 2 MW}',
          'supply[1].costs.capital=50,100 $/kW',
        ],
      }).vary,
    ).toHaveLength(2);
    expect(
      resolveSpec({ model: SMALL, vary: ['facility.cooling.pue=1.2,1.3', 'supply[0].price=40,60 $/MWh'] }).vary,
    ).toHaveLength(2);
    expect(() =>
      checkVaries([parseVary('x.cap=1,2'), parseVary('x.cap_kw=1,2'), parseVary('x.capx[0]=1,2')]),
    ).not.toThrow();
  });
});

describe('a varied path inside another in a sweep or sizing file', () => {
  it("is named at the file's line and key", async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { resolveSpec } = await import('../../src/sweep/spec.ts');
    const { resolveSizing } = await import('../../src/sizing/spec.ts');
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-vary-'));
    const small = new URL('../fixtures/small.yaml', import.meta.url).pathname;
    const sweep = join(dir, 'nest.sweep.yaml');
    writeFileSync(
      sweep,
      `model: ${small}\nvary:\n  facility.cooling: [{model: pue, pue: 1.5}]\n  facility.cooling.pue: [1.2, 1.3]\n`,
    );
    oneLine(
      () => resolveSpec({ model: sweep }),
      /nest\.sweep\.yaml:4: vary\.facility\.cooling\.pue: expected a path no value of facility\.cooling gives \(.*\), found \{"model":"pue","pue":1\.5\} giving it$/,
    );
    const sizing = join(dir, 'nest.size.yaml');
    const outage = new URL('../fixtures/sizing-outage.yaml', import.meta.url).pathname;
    writeFileSync(
      sizing,
      `model: ${outage}\ndecide:\n  supply[1].energy: "18:22:1 MWh"\n  supply[1]: ["{kind: battery, energy: 30 MWh, power: 2 MW}"]\nrequire: ["unmet_mwh<=0"]\n`,
    );
    oneLine(
      () => resolveSizing({ model: sizing }),
      /nest\.size\.yaml:3: decide\.supply\[1\]\.energy: expected a path decided after supply\[1\], which holds it \(each point applies its decided values in order: supply\[1\]'s replaced these in every run\), found it before$/,
    );
  });
});
