import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTable } from '../../src/output/terminal/run-table.ts';
import type { RunSummary } from '../../src/output/tables/summary.ts';

const summary = (): RunSummary =>
  JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'small-run', 'summary.json'), 'utf8'));

/** A ten-year project at 7 % whose first `simulated` years the run covers, later ones repeating its last. */
const tenYears = (simulated: number): RunSummary['economics'] =>
  ({
    years: 10,
    simulated_years: simulated,
    discount_rate: 0.07,
    npc_usd: 1e6,
    supply_npc_usd: 1e6,
    hardware_npc_usd: 0,
    annualized_cost_usd: 1e5,
    lcoe_usd_per_mwh: 100,
  }) as RunSummary['economics'];

/** Midnight UTC of a date, epoch seconds (model.resolved's dates). */
const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 1000;

/** pjm-carbon-aware-2028's policy for 4 days from 6 March 2028 with a grid demand charge of 15 $/kW-month. */
const PJM4_POLICY: NonNullable<RunSummary['policy']> = JSON.parse(
  '{"carbon_saved_kg":54500,"carbon_saved_share":0.064,"carbon_saved_by_less_energy_kg":51200,' +
    '"carbon_saved_by_cleaner_energy_kg":3300,"cost_saved_usd":8087.7,"cost_saved_share":0.06,' +
    '"throughput_lost_share":0.116,"energy_moved_out_mwh":390.3,"cfe_score_change":0.002,' +
    '"deadline_misses":0,"baseline_deadline_misses":0,"baseline_peak_import_kw":31618.5,"peak_import_kw":36032.2,' +
    '"baseline_demand_charges_usd":60422.2,"demand_charges_saved_usd":-9317.5}',
);

describe('the run table', () => {
  it('chooses units by size: kWh and kg for a small run, cents below 100 USD', () => {
    const t = runTable(summary(), 'x.csv', 0.5);
    expect(t).toMatch(/energy kWh\s+cost USD\s+carbon kg/);
    // 2.03 MWh of facility energy reads as 2,030.0 kWh, not 2.0 MWh; 717 kg, not 0.7 t.
    expect(t).toMatch(/facility \(PUE [\d.]+\)\s+2,030\.0\s+108\s+717\.4/);
    expect(t).toContain('+ 2 days');
  });

  it("a run with no IT load says it has no PUE, where it printed 'facility (PUE 0.000)'", () => {
    // A cluster not yet in service for the whole run: summary.json's pue is 0 (nothing to divide by), which the table
    // printed as a PUE of 0.000, a figure no facility has.
    const s = summary();
    s.energy_mwh = { ...s.energy_mwh, it: 0, losses: 0, cooling: 0, facility: 0 };
    s.pue = 0;
    expect(runTable(s, 'x.csv', 0.5)).toMatch(/\nfacility \(no IT load: no PUE\)\s+0\.0/);
    expect(runTable(s, 'x.csv', 0.5)).not.toContain('PUE 0.000');
  });

  it('its first line gives the start to the minute, marked UTC, when it is not midnight, and a span under 6 minutes in seconds or minutes', () => {
    // Were '2027-01-01 + 3.00 hours' for 06:00-09:00 (or 00:30-03:30, a start given as 06:00+05:30), and '+ 0.00 hours'
    // for a run of 3 s. The time was unmarked: 'start: 2027-03-15T06:00:00+02:00' printed '2027-03-15 04:00', as if the
    // run had moved the start two hours.
    const s = summary();
    s.start_utc = '2027-01-01 06:00:00';
    s.duration_h = 3;
    expect(runTable(s, 'x.csv', 0.5).split('\n')[0]).toBe('small: 2027-01-01 06:00 UTC + 3.00 hours, seed 7');
    s.start_utc = '2027-01-01 00:30:15';
    expect(runTable(s, 'x.csv', 0.5)).toMatch(/^small: 2027-01-01 00:30:15 UTC \+ 3\.00 hours,/);
    s.start_utc = '2027-01-01 00:00:00';
    s.duration_h = 3 / 3600;
    expect(runTable(s, 'x.csv', 0.5)).toMatch(/^small: 2027-01-01 \+ 3 seconds,/);
    s.duration_h = 0.05;
    expect(runTable(s, 'x.csv', 0.5)).toMatch(/^small: 2027-01-01 \+ 3 minutes,/);
    s.duration_h = 0.1;
    expect(runTable(s, 'x.csv', 0.5)).toMatch(/^small: 2027-01-01 \+ 0\.10 hours,/);
  });

  it('$M, t and MW for a campus', () => {
    const s = summary();
    s.energy_mwh = { ...s.energy_mwh, it: 5e5, facility: 6e5 };
    s.cost_usd = 7_123_456;
    s.carbon_kg = 2.5e8;
    s.peak_kw.facility = 120_000;
    const t = runTable(s, 'x.csv', 0.5);
    expect(t).toMatch(/energy MWh\s+cost \$M\s+carbon t/);
    expect(t).toMatch(/facility \(PUE [\d.]+\)\s+600,000\.0\s+7\.12\s+250,000\.0/);
    expect(t).toContain('peak facility 120.00 MW');
  });

  it('one row, not "1 rows"', () => {
    const s = summary();
    s.rows = 1;
    expect(runTable(s, 'x.csv', 0.5)).toContain('wrote x.csv (1 row) and summary.json');
    s.rows = 2;
    expect(runTable(s, 'x.csv', 0.5)).toContain('wrote x.csv (2 rows) and summary.json');
  });

  it('counts of rows and jobs with thousands separators, as every other figure of the table', () => {
    // Were 'jobs 42726/42852 done' and '(87672 rows)' under a table of '5,760,355.0'.
    const s = summary();
    s.rows = 87_672;
    s.jobs = { ...s.jobs, completed: 42_726, submitted: 42_852 };
    const t = runTable(s, 'x.csv', 0.5);
    expect(t).toContain('wrote x.csv (87,672 rows) and summary.json');
    expect(t).toContain('; jobs 42,726/42,852 done, mean wait');
  });

  it('a mean wait with jobs still queued at the end says it is a lower bound, and how many', () => {
    // One H100 asked for 10 one-hour jobs an hour over a year: 78,583 of 87,343 still queued at the end, their waits
    // counted to it (docs/models/workload.md), so 3,938.76 h is a lower bound; the line read as the mean wait.
    const s = summary();
    s.jobs = { ...s.jobs, submitted: 87_343, started: 8_760, completed: 8_759, running: 1, queued: 78_583 };
    s.jobs.mean_wait_h = 3938.76;
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      '; jobs 8,759/87,343 done, mean wait at least 3,938.76 h (78,583 still queued at the end, their waits counted to it)\n',
    );
    s.jobs.queued = 1;
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      'mean wait at least 3,938.76 h (1 still queued at the end, its wait counted to it)',
    );
    s.jobs.queued = 0;
    expect(runTable(s, 'x.csv', 0.5)).toContain('; jobs 8,759/87,343 done, mean wait 3,938.76 h\n');
  });

  it('a mean wait under 0.005 h keeps a figure, not 0.00 h', () => {
    // One-hour jobs at 3 an hour on 8 H100s for 30 days (Erlang C: about 1 % of them wait): summary.json's
    // 0.0022284673392880838 h, 8 s, printed 'mean wait 0.00 h', as if no job waited (as 158ec42's 'unmet 0.0').
    const s = summary();
    s.jobs = { ...s.jobs, submitted: 2187, started: 2187, completed: 2183, running: 4, queued: 0 };
    s.jobs.mean_wait_h = 0.0022284673392880838;
    expect(runTable(s, 'x.csv', 0.5)).toContain('; jobs 2,183/2,187 done, mean wait 0.002 h\n');
    s.jobs.queued = 2;
    s.jobs.mean_wait_h = 0.0004;
    expect(runTable(s, 'x.csv', 0.5)).toContain('mean wait at least 0.0004 h (2 still queued');
    s.jobs.mean_wait_h = 0;
    s.jobs.queued = 0;
    expect(runTable(s, 'x.csv', 0.5)).toContain('mean wait 0.00 h\n');
  });

  it('a workload of no jobs says so, not a mean wait', () => {
    // Before: 'jobs 0/0 done, mean wait 0.00 h' (break61 noticed), a wait where nothing waited.
    const s = summary();
    s.jobs = { ...s.jobs, submitted: 0, started: 0, completed: 0, running: 0, queued: 0, mean_wait_h: 0 };
    expect(runTable(s, 'x.csv', 0.5)).toMatch(/peak facility [^\n]*; no training runs or jobs\n/);
    // A workload that has them, none submitted in the run (a stream of 1 a year over 30 days, or a run submitted after
    // the end), said the same 'no training runs or jobs', as if the model gave none.
    s.model.resolved = {
      workload: { jobs: [{ name: 'batch' }, { name: 'etl' }], training: [{ name: 'ft' }], inference: [] },
    };
    expect(runTable(s, 'x.csv', 0.5)).toMatch(
      /peak facility [^\n]*; no job or training run submitted in the run \(job streams batch and etl, training run ft\)\n/,
    );
  });

  it('deadlines missed, without a policy whose line gives them', () => {
    // Before: a training run's deadline missed (queued behind a larger run, or failures) was in summary.json's
    // jobs.deadline_misses alone; the closing table said it only on a policy's line.
    const s = summary();
    s.jobs = { ...s.jobs, deadlines_due: 3, deadline_misses: 1 };
    expect(runTable(s, 'x.csv', 0.5)).toMatch(
      /; jobs [^\n]*, mean wait [^\n;]*; deadlines missed 1 of the 3 due in the run\n/,
    );
    // Misses no site could avoid (due sooner after submission than the time at full speed) are said so.
    s.jobs = { ...s.jobs, deadlines_due: 3, deadline_misses: 2, deadlines_unreachable: 1 };
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      '; deadlines missed 2 of the 3 due in the run, 1 unreachable (due sooner after its submission than its time at full speed: missed whatever the site does, and never deferred)\n',
    );
    delete s.jobs.deadlines_unreachable;
    s.jobs = { ...s.jobs, deadlines_due: 2, deadline_misses: 0 };
    expect(runTable(s, 'x.csv', 0.5)).toContain('; deadlines missed 0 of the 2 due in the run\n');
    delete s.jobs.deadlines_due;
    delete s.jobs.deadline_misses;
    expect(runTable(s, 'x.csv', 0.5)).not.toContain('deadlines missed');
  });

  it('one year, not "1 years", of economics', () => {
    const s = summary();
    s.economics = {
      years: 1,
      simulated_years: 1,
      discount_rate: 0.07,
      npc_usd: 64.16e6,
      supply_npc_usd: 64.16e6,
      hardware_npc_usd: 0,
      annualized_cost_usd: 68.66e6,
      lcoe_usd_per_mwh: 143.09,
    } as RunSummary['economics'];
    expect(runTable(s, 'x.csv', 0.5)).toContain('1 year at 7.0%: NPC $64.16M');
    s.economics!.years = 10;
    expect(runTable(s, 'x.csv', 0.5)).toContain('10 years at 7.0%');
    // An escalation is a term of the NPC as the rate is (3 % a year on the same flows: +7.8 % at 10 % over 5 years),
    // and the line said only '10 years at 7.0%'. None says nothing, as before.
    s.economics!.escalation = 0.02;
    expect(runTable(s, 'x.csv', 0.5)).toContain('10 years at 7.0%, prices escalating 2.0% a year: NPC $64.16M');
    s.economics!.escalation = 0;
    expect(runTable(s, 'x.csv', 0.5)).toContain('10 years at 7.0%: NPC $64.16M');
    // A rate as the model gives it: 7.25 % read '7.2%' (and 2.25 % '2.3%') beside an NPC at 7.25 %, a 0.04 % escalation '0.0%'.
    s.economics!.discount_rate = 0.0725;
    s.economics!.escalation = 0.0225;
    expect(runTable(s, 'x.csv', 0.5)).toContain('10 years at 7.25%, prices escalating 2.25% a year: NPC $64.16M');
    s.economics!.escalation = 0.0004;
    expect(runTable(s, 'x.csv', 0.5)).toContain('10 years at 7.25%, prices escalating 0.04% a year: NPC $64.16M');
    s.economics!.discount_rate = 0.07;
    s.economics!.escalation = 0;
  });

  it("economics' amounts in one unit, chosen by the line's largest", () => {
    // Was 'NPC $5.74M, 934,785 USD a year': each amount in the unit of its own size.
    const s = summary();
    s.economics = JSON.parse(
      '{"years":10,"simulated_years":1,"discount_rate":0.07,"npc_usd":5740000,"supply_npc_usd":5740000,' +
        '"hardware_npc_usd":0,"annualized_cost_usd":934785,"lcoe_usd_per_mwh":143.09}',
    );
    expect(runTable(s, 'x.csv', 0.5)).toContain('NPC $5.74M, $0.93M a year; LCOE 143.09 $/MWh');
    s.economics!.hardware_npc_usd = 1.2e6;
    s.economics!.supply_npc_usd = 4.54e6;
    expect(runTable(s, 'x.csv', 0.5)).toContain('NPC $5.74M (supplies $4.54M, hardware $1.20M), $0.93M a year');
    // All under a million: USD throughout.
    Object.assign(s.economics!, {
      npc_usd: 900_000,
      supply_npc_usd: 850_000,
      hardware_npc_usd: 50_000,
      annualized_cost_usd: 120_000,
    });
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      'NPC 900,000 USD (supplies 850,000 USD, hardware 50,000 USD), 120,000 USD a year',
    );
    // Demand response's payments, income: a part of its own, the sign before the dollar (was '$-1.75M').
    Object.assign(s.economics!, {
      npc_usd: 5.34e6,
      supply_npc_usd: 7.09e6,
      hardware_npc_usd: 0,
      demand_response_npc_usd: -1.75e6,
      annualized_cost_usd: 2.87e6,
    });
    expect(runTable(s, 'x.csv', 0.5)).toContain('NPC $5.34M (supplies $7.09M, demand response -$1.75M), $2.87M a year');
  });

  it('an LCOE beside unmet demand says it is over the energy served, and that no cost prices the unmet', () => {
    // Two 77 MW SMRs alone under the default campus for ten years left 117,596 MWh (1.8 %) unmet and read 'LCOE 120.72
    // $/MWh', beside 115.83 with the grid as backup: cheaper a MWh for carrying less, the line saying nothing of it.
    const s = summary(); // 236.5 kWh of 2,030 unmet
    s.economics = JSON.parse(
      '{"years":10,"simulated_years":1,"discount_rate":0.07,"npc_usd":5740000,"supply_npc_usd":5740000,' +
        '"hardware_npc_usd":0,"annualized_cost_usd":934785,"lcoe_usd_per_mwh":143.09}',
    );
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      'LCOE 143.09 $/MWh served (the run left 236.5 kWh of its demand unmet, 11.7%, which neither the NPC nor the LCOE prices; economics.value_of_lost_load prices it in the NPC) (years 2-10 repeat',
    );
    // With a value of lost load, the NPC prices it, a part of its own: the LCOE still does not.
    Object.assign(s.economics!, {
      npc_usd: 7.1e6,
      value_of_lost_load_usd_per_mwh: 10000,
      lost_load_mwh: 136,
      lost_load_npc_usd: 1.36e6,
    });
    const priced = runTable(s, 'x.csv', 0.5);
    expect(priced).toContain('NPC $7.10M (supplies $5.74M, lost load $1.36M)');
    expect(priced).toContain(
      'LCOE 143.09 $/MWh served (the run left 236.5 kWh of its demand unmet, 11.7%, priced in the NPC as lost load at 10,000 $/MWh, not in the LCOE) (years 2-10 repeat',
    );
    delete s.economics!.value_of_lost_load_usd_per_mwh;
    delete s.economics!.lost_load_mwh;
    delete s.economics!.lost_load_npc_usd;
    s.economics!.npc_usd = 5.74e6;
    s.energy_mwh = { ...s.energy_mwh, unmet: 1e-12 }; // a float residue, no loss of load
    expect(runTable(s, 'x.csv', 0.5)).toContain('LCOE 143.09 $/MWh (years 2-10 repeat');
    s.energy_mwh = { ...s.energy_mwh, unmet: 0 };
    expect(runTable(s, 'x.csv', 0.5)).toContain('LCOE 143.09 $/MWh (years 2-10 repeat');
  });

  it('says when the last simulated year, which later years repeat, is only partly simulated', () => {
    const s = summary();
    s.yearly = [
      { name: '2027', hours: 8760 },
      { name: '2028', hours: 24 },
    ] as unknown as RunSummary['yearly'];
    s.economics = {
      years: 10,
      simulated_years: 2,
      discount_rate: 0.07,
      npc_usd: 599.54e6,
      supply_npc_usd: 599.54e6,
      hardware_npc_usd: 0,
      annualized_cost_usd: 85.36e6,
      lcoe_usd_per_mwh: 160.98,
    } as RunSummary['economics'];
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      '(years after 2 repeat year 2, which the run covers for 24.0 hours, scaled to a whole year)',
    );
    s.yearly[1].hours = 8784; // a whole leap year
    // Was '(years after 2 repeat the last simulated)', a phrase left hanging.
    expect(runTable(s, 'x.csv', 0.5)).toContain('(years 3-10 repeat year 2, the last simulated)');
    s.economics!.years = 3;
    expect(runTable(s, 'x.csv', 0.5)).toContain('(year 3 repeats year 2, the last simulated)');
    s.economics!.years = 2; // nothing repeats it, but it is still scaled up
    s.yearly[1].hours = 2190;
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      '(year 2, which the run covers for 91.3 days, is scaled to a whole year)',
    );
  });

  it('says when the run goes on after the project, whose economics leave those years out', () => {
    // economics.years 1 of a 3-year run (a 10 kW SMR and a grid, 10 %, escalating 3 %): NPC 8,026 USD over year 1
    // alone (capital 10,000, O&M 936.36, fuel 791.76, grid 979.92, salvage -4,681.82, by hand), beneath the table's
    // 527.4 MWh and 13,500 USD of three years, and the line said only '1 year at 10.0%'.
    const s = summary();
    s.yearly = [2027, 2028, 2029].map((y) => ({ name: String(y), hours: 8760 })) as unknown as RunSummary['yearly'];
    const npc = { npc_usd: 8026.23, supply_npc_usd: 8026.23, hardware_npc_usd: 0 };
    s.economics = { years: 1, simulated_years: 1, discount_rate: 0.1, ...npc } as RunSummary['economics'];
    Object.assign(s.economics!, { annualized_cost_usd: 8828.85, lcoe_usd_per_mwh: 83.7 });
    s.energy_mwh = { ...s.energy_mwh, unmet: 0 };
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      "LCOE 83.70 $/MWh (the run's 2028-2029 are after the project's 1 year, in neither the NPC nor the LCOE)",
    );
    s.economics = { ...s.economics!, years: 2, simulated_years: 2 };
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      "LCOE 83.70 $/MWh (the run's 2029 is after the project's 2 years, in neither the NPC nor the LCOE)",
    );
    s.economics = { ...s.economics!, years: 3, simulated_years: 3 };
    expect(runTable(s, 'x.csv', 0.5)).not.toContain('after the project');
  });

  it('says what the model changes after the run that the years the economics repeat do not see', () => {
    // A year's run of a ten-year plan paid a retired SMR's fuel in its later years, and drew nothing for a cluster
    // commissioned after it, with nothing said but that the years repeat the last.
    const s = summary();
    s.start_utc = '2027-01-01 00:00:00';
    s.end_utc = '2028-01-01 00:00:00';
    s.yearly = [{ name: '2027', hours: 8760 }] as unknown as RunSummary['yearly'];
    s.economics = tenYears(1);
    s.model = {
      ...s.model,
      resolved: {
        clusters: [
          { name: 'train', retire: day('2030-01-01') },
          { name: 'b200', in_service: day('2028-07-01') },
          { name: 'old', in_service: day('2027-03-01'), retire: day('2038-01-01') },
        ],
        supply: [{ name: 'smr', in_service: day('2027-02-01'), retire: day('2028-01-01') }, { name: 'grid' }],
      },
    };
    s.sources = [
      { name: 'fusion', kind: 'fusion-ppa', energy_mwh: 0, cost_usd: 0, carbon_kg: 0, share: 0 },
      ...s.sources,
    ];
    s.sources[0].detail = { start_utc: '2028-01-01 06:00:00' };
    // The smr and old enter service within 2027, the year repeated, which holds them for part of it: named since
    // 7 December 2026 (the next test).
    const inYear = '(part way through the year extended: in service for part of each year after)';
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      "the economics extend the run's last year over the project's 10 years, not seeing what changes after the run: " +
        `smr enters service 2027-02-01 ${inYear}, old enters service 2027-03-01 ${inYear}, ` +
        'smr retires 2028-01-01, fusion starts 2028-01-01 06:00:00, b200 enters service 2028-07-01, train retires 2030-01-01 (run through them',
    );
    // After the project (old retires in 2038): nothing to say.
    s.model = { ...s.model, resolved: { clusters: [{ name: 'old', retire: day('2038-01-01') }] } };
    s.sources = s.sources.slice(1);
    expect(runTable(s, 'x.csv', 0.5)).not.toContain('not seeing');
    // An inference service's growth goes on after the run, which the repeated years do not see: plan-smr at 365d
    // drew 2027's chat load for ten years and named only the clusters' dates. A service without growth is not named.
    s.model = {
      ...s.model,
      resolved: {
        clusters: [{ name: 'b200', in_service: day('2028-07-01') }],
        workload: {
          inference: [
            { name: 'chat', growth: 0.15 },
            { name: 'code', growth: 0 },
          ],
        },
      },
    };
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      "not seeing what changes after the run: b200 enters service 2028-07-01, chat's demand growing 15.0% a year (run through them",
    );
    // Space solar losing output by the year goes on too: orbital-50k-h100 sized over 365 days for a ten-year project
    // chose 87,500 panels and 62 MWh (no loss of load in 2027; run through 2028, 1 h and 0.85 MWh short) and said
    // nothing of it. An array of no panels, or one that does not degrade, is not named.
    const growing = s.model;
    s.model = {
      ...s.model,
      resolved: {
        supply: [
          { name: 'arrays', kind: 'space-solar', panels: 87500, degradation: 0.0035 },
          { name: 'spare', kind: 'space-solar', panels: 0, degradation: 0.015 },
          { name: 'new', kind: 'space-solar', panels: 10, degradation: 0 },
        ],
      },
    };
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      "not seeing what changes after the run: arrays's output falling 0.35% a year (run through them",
    );
    // So does a battery's capacity fade: the repeated years store what the last year run stored, a battery near new,
    // where by its replacement it holds 80 %. A battery without fade, or of no energy, is not named.
    s.model = {
      ...s.model,
      resolved: {
        supply: [
          { name: 'store', kind: 'battery', energy: 7.2e11, fade: { calendar: 0.01, cycle: 0.05, replace_at: 0.8 } },
          { name: 'plain', kind: 'battery', energy: 7.2e11 },
          { name: 'empty', kind: 'battery', energy: 0, fade: { calendar: 0.01, cycle: 0.05, replace_at: 0.8 } },
          { name: 'still', kind: 'battery', energy: 7.2e11, fade: { calendar: 0, cycle: 0, replace_at: 0.8 } },
        ],
      },
    };
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      "not seeing what changes after the run: store's capacity fading 1.0% a year and 5.0% per 1,000 full cycles, costed only as its replacements at 80.0% (run through them",
    );
    s.model = growing;
    // A run through the whole project sees its growth.
    s.economics!.years = 1;
    expect(runTable(s, 'x.csv', 0.5)).not.toContain('not seeing');
    // A one-year project a shorter run covers in part: one year (it said "the project's 1 years": default over 30 days).
    s.end_utc = '2027-01-31 00:00:00';
    s.yearly = [{ name: '2027', hours: 720 }] as unknown as RunSummary['yearly'];
    expect(runTable(s, 'x.csv', 0.5)).toContain("over the project's 1 year, not seeing");
    // Two years of 365 days from 2027 (--duration 2y, 730d) end on 2028-12-31, a day before two calendar years: the
    // economics count each project year of 8,760 h whole and repeat none, so the load's growth is seen. It said "the
    // economics extend the run's last year over the project's 2 years, not seeing ... chat's demand growing".
    s.end_utc = '2028-12-31 00:00:00';
    s.yearly = [
      { name: '2027', hours: 8760 },
      { name: '2028', hours: 8760 },
    ] as unknown as RunSummary['yearly'];
    s.economics!.years = 2;
    s.economics!.simulated_years = 2;
    expect(runTable(s, 'x.csv', 0.5)).not.toContain('not seeing');
    // Its last year run for less than 8,760 h, scaled to a whole year: the growth in the rest is not seen.
    s.end_utc = '2028-07-01 00:00:00';
    s.yearly[1].hours = 4368;
    expect(runTable(s, 'x.csv', 0.5)).toContain("chat's demand growing 15.0% a year");
  });

  /** A run of 2027 and 2028 whole (730 days, to 2028-12-31). */
  const twoYearsRun = (): RunSummary => {
    const s = summary();
    s.start_utc = '2027-01-01 00:00:00';
    s.end_utc = '2028-12-31 00:00:00';
    s.yearly = [
      { name: '2027', hours: 8760 },
      { name: '2028', hours: 8760 },
    ] as unknown as RunSummary['yearly'];
    return s;
  };

  it('names a date within the last year run, which the repeated years copy with it part way through', () => {
    // plan-smr at --duration 730d (2027-2028 of a ten-year project): its B200s enter service on 2028-07-01, inside
    // 2028, which years 3-10 repeat with them in service for 183 of the 365 days run (169,392 MWh of B200 IT energy in
    // 2028); the note named the H100s' retirement in 2030, after the run, and nothing of the B200s.
    const s = twoYearsRun();
    s.model = {
      ...s.model,
      resolved: {
        supply: [{ name: 'smr', retire: day('2028-10-01') }],
        clusters: [
          // From the last year's first day (in service all of it), or in the year before it (repeated whole): unsaid.
          { name: 'new', in_service: day('2028-01-01') },
          { name: 'older', in_service: day('2027-07-01') },
          { name: 'b200', in_service: day('2028-07-01') },
          { name: 'train', retire: day('2030-01-01') },
        ],
      },
    };
    s.economics = tenYears(2);
    const inYear = '(part way through the year extended: in service for part of each year after)';
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      `not seeing what changes after the run: b200 enters service 2028-07-01 ${inYear}, smr retires 2028-10-01 ${inYear}, train retires 2030-01-01 (run through them`,
    );
    // A project the run covers whole repeats no year: nothing to say of them.
    s.economics!.years = 2;
    expect(runTable(s, 'x.csv', 0.5)).not.toContain('not seeing');
  });

  it('names a date within a last year run in part and scaled to a whole year, where no year repeats it', () => {
    // plan-smr at --duration 548d with economics.years 2: 2028 is run for 183 days (to 2028-07-02) and scaled to a whole
    // year; its B200s enter service on 2028-07-01, one day of the 183, so year 2 holds them for 1/183 of it where 2028
    // holds them for 184 of its days, and the note named only the load's growth and the battery's fade.
    const s = twoYearsRun();
    s.end_utc = '2028-07-02 00:00:00';
    s.yearly[1].hours = 4392;
    const clusters = [
      { name: 'new', in_service: day('2028-01-01') },
      { name: 'b200', in_service: day('2028-07-01') },
      { name: 'train', retire: day('2028-09-01') },
    ];
    s.model = { ...s.model, resolved: { clusters } };
    s.economics = { ...tenYears(2)!, years: 2 };
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      'not seeing what changes after the run: b200 enters service 2028-07-01 (part way through the 183 days of 2028 run, scaled to a whole year: in service for the same share of it), train retires 2028-09-01 (run through them',
    );
    // Repeated after it, as before.
    s.economics = tenYears(2);
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      'b200 enters service 2028-07-01 (part way through the year extended: in service for part of each year after), train retires 2028-09-01 (run',
    );
    // Its year run whole: nothing to scale.
    s.economics = { ...tenYears(2)!, years: 2 };
    s.end_utc = '2028-12-31 00:00:00';
    s.yearly[1].hours = 8760;
    expect(runTable(s, 'x.csv', 0.5)).not.toContain('not seeing');
  });

  it("names a fusion PPA's ramp in its first year, which the repeated years copy below its full capacity", () => {
    // plan-fusion at --duration 730d: its fusion PPA from 2028-01-01 ramps over 2028 in twelve monthly steps, full
    // from 2028-11-30 14:00, and years 3-10 repeat 2028 with it ramping again each year; the note named nothing of it.
    const s = twoYearsRun();
    const fusion = (start: string, ramp: boolean) => {
      s.model = { ...s.model, resolved: { supply: [{ name: 'fusion', kind: 'fusion-ppa', ramp_first_year: ramp }] } };
      s.sources = [
        { name: 'fusion', kind: 'fusion-ppa', detail: { start_utc: start } },
      ] as unknown as RunSummary['sources'];
    };
    s.economics = tenYears(2);
    fusion('2028-01-01 00:00:00', true);
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      'not seeing what changes after the run: fusion reaches its full capacity 2028-11-30 14:00:00 (part way through the year extended: ramping up for part of each year after) (run through them',
    );
    // A run that ends mid-ramp: the years after it ramp on where they would be full.
    fusion('2028-06-01 00:00:00', true);
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      'not seeing what changes after the run: fusion starts 2028-06-01 (part way through the year extended: in service for part of each year after), fusion reaches its full capacity 2029-05-01 14:00:00 (run through them',
    );
    // Full before the last year, or no ramp: unsaid.
    fusion('2027-01-01 00:00:00', true);
    expect(runTable(s, 'x.csv', 0.5)).not.toContain('not seeing');
    fusion('2028-01-01 00:00:00', false);
    expect(runTable(s, 'x.csv', 0.5)).not.toContain('not seeing');
    // A start after the run is named as before, its ramp with it.
    fusion('2029-03-01 00:00:00', true);
    expect(runTable(s, 'x.csv', 0.5)).toContain('not seeing what changes after the run: fusion starts 2029-03-01 (run');
  });

  it("gives each inference service's tokens served and energy a token, and the tokens it left unserved", () => {
    // The default preset's chat service (3,612.7 MWh of its 13,455 MWh IT over 7 days, 0.382 J a token) was said
    // nowhere in the table but a growth note (until 5 December 2026); a service on a cluster retired halfway through
    // left half its tokens unserved with "unmet 0.0" and nothing else said.
    const s = summary();
    const service = (name: string, demand: number, served: number, mwh = (served * 0.5) / 3.6e9) =>
      ({
        name,
        demand_tokens: demand,
        served_tokens: served,
        unserved_share: 1 - served / demand,
        energy_mwh: mwh,
      }) as never;
    // A campus's table is in MWh (the default's 7 days: 13,455 MWh of IT), and so is its services' energy.
    s.energy_mwh.it = 13455;
    s.energy_mwh.facility = 15000;
    s.inference = { services: [service('chat', 34.0535e12, 34.0535e12, 3612.6975670223123)] };
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      '\ninference chat: 34.1 T tokens served, 0.382 J a token (3,612.7 MWh of IT energy, before cooling and losses)\n',
    );
    s.inference = { services: [service('chat', 59.0112e9, 29.5056e9), service('code', 1e9, 1e9)] };
    const table = runTable(s, 'x.csv', 0.5);
    expect(table).toContain(
      '\ninference chat: 29.5 G tokens served, 0.5 J a token (4.1 MWh of IT energy, before cooling and losses); 50.0% of the tokens asked for unserved (29.5 G of 59.0 G)\n',
    );
    expect(table).toContain(
      '\ninference code: 1.0 G tokens served, 0.5 J a token (0.1 MWh of IT energy, before cooling and losses)\n',
    );
    s.inference = { services: [service('chat', 2e12, 2e12 - 1e8)] };
    expect(runTable(s, 'x.csv', 0.5)).toContain('; under 0.1% of the tokens asked for unserved (100 M of 2.0 T)');
    s.inference = { services: [service('chat', 1e9, 0, 0)] };
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      'inference chat: no tokens served; 100.0% of the tokens asked for unserved (1.0 G of 1.0 G)',
    );
    // Nothing asked of it (rate 0), its chips held idle: the energy they drew was said nowhere in the table.
    s.energy_mwh.it = 0.0283;
    s.energy_mwh.facility = 0.0283;
    s.inference = { services: [service('idle', 0, 0, 0.0093204)] };
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      '\ninference idle: no tokens served (9.3 kWh of IT energy, before cooling and losses)\n',
    );
    s.energy_mwh.it = 13455;
    s.energy_mwh.facility = 15000;
    s.inference = { services: ['a', 'b', 'c', 'd'].map((n) => service(n, 1e9, 0.5e9)) };
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      'inference: 4 services, 2.0 G tokens served, 0.5 J a token (0.3 MWh of IT energy, before cooling and losses); 50.0% of the tokens asked of them unserved (2.0 G of 4.0 G); each in summary.json',
    );
    s.inference = { services: [] };
    expect(runTable(s, 'x.csv', 0.5)).not.toContain('inference');
  });

  it("gives a service's energy in the table's unit: a small model's kWh, not '0.0 MWh'", () => {
    // One H100 of two serving 5 requests/s of 512 + 128 tokens for a day: 445.85 W, 10.70 kWh for 276.48 M tokens
    // (0.139 J a token), in a table of 13.8 kWh of IT (the idle chip's 3.1 kWh with it). It printed '(0.0 MWh of IT
    // energy', beside an IT load of 13.8 kWh two lines above.
    const s = summary();
    s.energy_mwh.it = 0.013807292887789695;
    s.energy_mwh.facility = 0.01725911610973711;
    s.sources.forEach((x) => (x.energy_mwh = 0.01725911610973711));
    s.inference = {
      services: [
        {
          name: 'chat',
          demand_tokens: 276.48e6,
          served_tokens: 276.48e6,
          unserved_share: 0,
          energy_mwh: 0.01070049288778969,
        } as never,
      ],
    };
    const t = runTable(s, 'x.csv', 0.5);
    expect(t).toMatch(/energy kWh/);
    expect(t).toContain(
      '\ninference chat: 276 M tokens served, 0.139 J a token (10.7 kWh of IT energy, before cooling and losses)\n',
    );
  });

  it('says why a throttled or paused site still left demand unmet: the supply fell below its draw with every chip idle', () => {
    // orbital-50k-h100 with 70,000 panels over 3 days: eclipses with the battery empty leave 131.8 MWh unmet under
    // `shortage: throttle`, at most the 21.6 MW the site draws with every chip throttled to idle (50,000 x (129.45 W
    // + 2,290.9 W / 8 of server) / 98 % x 102 %), which no throttle lowers. The table said "unmet 131.8" and nothing
    // of why, under a policy that reads as if it left nothing unmet.
    const s = summary();
    const model = s.model as { resolved?: { shortage?: string } };
    model.resolved = { ...model.resolved, shortage: 'throttle' };
    s.energy_mwh = { ...s.energy_mwh, unmet: 131.78209 };
    s.reliability = { ...s.reliability!, unserved_energy_mwh: 131.78209, largest_shortfall_kw: 21639.28 };
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      '\nunmet under shortage: throttle: the supply fell below what the site draws with every chip slowed to idle, which no throttle lowers (up to 21.64 MW short)\n',
    );
    model.resolved.shortage = 'pause';
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      'unmet under shortage: pause: the supply fell below what the site draws with every chip slowed to idle',
    );
    model.resolved.shortage = 'unmet';
    expect(runTable(s, 'x.csv', 0.5)).not.toContain('unmet under');
    model.resolved.shortage = 'throttle';
    s.energy_mwh.unmet = 0;
    s.reliability!.unserved_energy_mwh = 0;
    expect(runTable(s, 'x.csv', 0.5)).not.toContain('unmet under');
  });

  it('says what a throttled or paused site did where its supply fell short, which the loss-of-load figures leave out', () => {
    // 1,204 kW on four 500 kW SMR units each down 1/6 of the time, a year: under `shortage: throttle` the chips were
    // slowed by 96.7 MWh of IT, under `pause` runs paused 10 times (511.3 h), and the table said "unmet 0.0" and
    // "loss-of-load hours 0" alone, which read as a supply that never fell short.
    const s = summary() as RunSummary & { facility: { throttled_mwh: number; max_it_kw?: number } };
    const model = s.model as { resolved?: { shortage?: string } };
    model.resolved = { ...model.resolved, shortage: 'throttle' };
    s.facility = { ...s.facility, throttled_mwh: 96.69509744951638 };
    const said =
      '\nthrottled 96.7 MWh of IT (facility.throttled_mwh): shortage: throttle slows the chips where the supply falls short, which neither the unmet energy nor the loss-of-load hours count\n';
    expect(runTable(s, 'x.csv', 0.5)).toContain(said);
    s.facility.max_it_kw = 900;
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      "falls short (as does the radiator's cap where it binds), which neither the unmet energy nor the loss-of-load hours count",
    );
    s.facility.max_it_kw = undefined;
    // The figure counts a demand-response event's throttle too: on a 100 kW import that never fell short (8 H100
    // drawing 6 kW, four events shedding 1 kW by throttle) the line put all 5.3 kWh down to the supply.
    const withDr = model.resolved as { demand_response?: { by: string } };
    withDr.demand_response = { by: 'throttle' };
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      "where the supply falls short, which neither the unmet energy nor the loss-of-load hours count; it counts the demand-response events' throttling too\n",
    );
    withDr.demand_response = undefined;
    model.resolved.shortage = 'unmet'; // there, throttling is the radiator's alone and shortfalls are unmet
    expect(runTable(s, 'x.csv', 0.5)).not.toContain('throttled');
    model.resolved.shortage = 'pause';
    s.training = [{ name: 'train', pauses: 10, paused_h: 511.2791247119698 } as RunSummary['training'][number]];
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      '\nruns paused 10 times, 511.3 h in all (training[].pauses, paused_h): shortage: pause pauses them where the supply falls short, which neither the unmet energy nor the loss-of-load hours count\n',
    );
    s.training[0].pauses = 0;
    expect(runTable(s, 'x.csv', 0.5)).not.toContain('paused');
  });

  it('says in how many shortfalls the loss-of-load hours fell, and the longest', () => {
    // 40 years of four 500 kW SMR units, each down 1/6 of the time, under 1,204 kW: the table said 'loss-of-load
    // hours 47,634' alone, not that they were 768 shortfalls (20.3 a year, as the Markov model's rate gives) of up to
    // 410.1 h.
    const s = summary();
    const r = { unserved_energy_mwh: 12_684.24, hours: 350_400, loss_of_load_hours: 47_634, loss_of_load_share: 0.136 };
    s.reliability = {
      ...r,
      largest_shortfall_kw: 1204.2,
      loss_of_load_events: 768,
      longest_shortfall_h: 410.0949324503541,
      cfe_score: 0.97,
      cfe_excludes: [],
      steepest_ramp_kw_per_min: 0,
      curtailed_mwh: 0,
      exported_mwh: 0,
    };
    // Over more than a year, the hours a year beside the run's total (the LOLE is read a year: 47,634 over 40 years
    // read as one year's is 40 times too many).
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      '\nloss-of-load hours 47,634 over the run, 1,190.9 a year, in 768 shortfalls, the longest 410.1 h; 24/7 carbon-free score',
    );
    Object.assign(s.reliability, { loss_of_load_hours: 4416, loss_of_load_events: 1, longest_shortfall_h: 4416 });
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      '\nloss-of-load hours 4,416 over the run, 110.4 a year, in 1 shortfall of 4,416.0 h; 24/7',
    );
    // A year or less: the total is the year's.
    s.reliability.hours = 8784;
    expect(runTable(s, 'x.csv', 0.5)).toContain('\nloss-of-load hours 4,416 in 1 shortfall of 4,416.0 h; 24/7');
    Object.assign(s.reliability, { loss_of_load_hours: 0, loss_of_load_events: 0, longest_shortfall_h: 0 });
    expect(runTable(s, 'x.csv', 0.5)).toContain('\nloss-of-load hours 0; 24/7');
  });

  it('a real shortfall never reads 0.0: its unmet energy and its longest shortfall keep a figure', () => {
    // plan-smr for 60 days by the hour with no grid and a 3.9 MWh battery: 10.26 kWh unmet in one shortfall of 17 s
    // read 'unmet 0.0' (MWh) and 'loss-of-load hours 1 in 1 shortfall of 0.0 h', as if the site lost nothing.
    const s = summary();
    s.energy_mwh = { ...s.energy_mwh, it: 120_000, facility: 136_000, unmet: 0.010261025298226867 };
    const r = { ...s.reliability!, loss_of_load_hours: 1, loss_of_load_events: 1, longest_shortfall_h: 0.0047127 };
    s.reliability = r;
    let t = runTable(s, 'x.csv', 0.5);
    expect(t).toMatch(/energy MWh/);
    expect(t).toMatch(/\n {2}unmet\s+0\.01\n/);
    expect(t).toContain('\nloss-of-load hours 1 in 1 shortfall of 17 seconds; 24/7');
    // Nine shortfalls, the longest 2.9 minutes (0.0477 h), which read '0.0 h'; from 0.1 h, hours as before.
    Object.assign(r, {
      loss_of_load_hours: 9,
      loss_of_load_events: 9,
      longest_shortfall_h: 0.04771445578326368,
    });
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      '\nloss-of-load hours 9 in 9 shortfalls, the longest 2.9 minutes; 24/7',
    );
    r.longest_shortfall_h = 0.1;
    expect(runTable(s, 'x.csv', 0.5)).toContain('the longest 0.1 h; 24/7');
    // Nothing unmet, or a float residue below the loss-of-load rule's billionth of the demand, reads 0.0 as before.
    s.energy_mwh.unmet = 0;
    t = runTable(s, 'x.csv', 0.5);
    expect(t).toMatch(/\n {2}unmet\s+0\.0\n/);
    s.energy_mwh.unmet = 1e-10;
    expect(runTable(s, 'x.csv', 0.5)).toMatch(/\n {2}unmet\s+0\.0\n/);
  });

  it("a source's or the exports' figure that is not 0 keeps a figure, not 0.0", () => {
    // A 30-day site of an SMR, a battery and a grid that exports (out69): 'smr to storage 1.1 96 0.0', its 12.9 kg of
    // carbon in a table of tonnes, and the exported row, printed because its carbon is not 0, read 0.0 t for 0.78 kg.
    const s = summary();
    s.sources = JSON.parse(
      '[{"name":"smr","kind":"smr","energy_mwh":1305.9,"to_storage_mwh":1.078,"to_export_mwh":0.0649,' +
        '"cost_usd":116327.15,"cost_split_usd":{"storage":95.96,"export":5.778},"carbon_kg":15683.78,' +
        '"to_storage_carbon_kg":12.94,"export_carbon_kg":0.779,"share":0.95},' +
        '{"name":"grid","kind":"grid","energy_mwh":86.4,"to_storage_mwh":0.01,"cost_usd":0.30000000000000004,' +
        '"cost_split_usd":{"storage":0.3},"carbon_kg":0,"share":0.05}]',
    );
    s.reliability = { ...s.reliability, exported_mwh: 0.0649 } as RunSummary['reliability'];
    s.export_carbon_kg = 0.779;
    const t = runTable(s, 'x.csv', 0.5);
    expect(t).toMatch(/\n {4}smr to storage +1\.1 +96 +0\.01\n/);
    // No export revenue (an export price of 0) is 0, not '-0'.
    expect(t).toMatch(/\nexported: revenue; its carbon, the buyer's +0\.1 +0 +0\.0008\n/);
    // A cost less its parts leaves a float residue, which is 0: the grid paid 0.3 USD, all of it for storage.
    expect(t).toMatch(/\n {2}from grid +86\.4 +0 +0\.0\n/);
  });

  it("a training run's electricity and hardware in one unit, chosen by the larger", () => {
    const s = summary();
    s.training = [
      { name: 'frontier-2', electricity_cost_usd: 527_788, chip_cost_usd: 14.13e6, electricity_share: 0.036 },
    ] as RunSummary['training'];
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      'run frontier-2: electricity $0.53M, chip time $14.13M: electricity is 3.6% of its cost',
    );
  });

  it("a policy's small changes and a small electricity share keep a figure, not 0.0", () => {
    // pjm-carbon-aware-2028 for 3 days, its jobs and fine-tuning kept to the 23 cleanest hours a day: the 24/7 score
    // rose from 43.39 % to 43.44 % and the line said '24/7 CFE +0.0 points', a change it did not make.
    const s = summary();
    s.policy = JSON.parse(
      '{"carbon_saved_kg":2500,"carbon_saved_share":0.0004,"carbon_saved_by_less_energy_kg":2100,' +
        '"carbon_saved_by_cleaner_energy_kg":400,"cost_saved_usd":338,"cost_saved_share":-0.00031,' +
        '"throughput_lost_share":0.00007,"energy_moved_out_mwh":34,"cfe_score_change":0.0004262588902741449,' +
        '"deadline_misses":0,"baseline_deadline_misses":0}',
    );
    const t = runTable(s, 'x.csv', 0.5);
    expect(t).toContain('(0.04%: ');
    expect(t).toContain('cost saved 338 USD (-0.03%); work done -0.007%, ');
    expect(t).toContain('24/7 CFE +0.04 points;');
    // From 0.05 of a per cent or point, one decimal as before; none at all reads 0.0.
    s.policy!.cfe_score_change = -0.0006;
    s.policy!.throughput_lost_share = 0;
    expect(runTable(s, 'x.csv', 0.5)).toContain('work done 0.0%, energy moved');
    expect(runTable(s, 'x.csv', 0.5)).toContain('24/7 CFE -0.1 points;');
    // A training run whose electricity is a sliver of its chips' cost.
    s.training = [
      { name: 'big', electricity_cost_usd: 40, chip_cost_usd: 1.2e6, electricity_share: 40 / 1.2e6 },
    ] as RunSummary['training'];
    expect(runTable(s, 'x.csv', 0.5)).toContain('electricity is under 0.1% of its cost');
  });

  it("a policy's cost saved on energy is said beside the demand charges it saved or added, where a grid bills one", () => {
    // pjm-carbon-aware-2028 for 4 days with a 15 $/kW-month demand charge: 'cost saved 8,088 USD (6.0%)', where the
    // peak import the policy raised, 31.62 to 36.03 MW, cost 9,318 USD more in demand charges, unsaid.
    const s = summary();
    const policy = PJM4_POLICY;
    s.policy = policy;
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      "cost saved 8,088 USD (6.0%) on energy, -9,318 USD on demand charges (the grid's peak import 36.03 MW, without the policy 31.62 MW); work done -11.6%",
    );
    // A grid with a fixed charge alone bills no demand: nothing said of it.
    s.policy = { ...policy, baseline_demand_charges_usd: 0, demand_charges_saved_usd: 0 };
    expect(runTable(s, 'x.csv', 0.5)).toContain('cost saved 8,088 USD (6.0%); work done -11.6%');
  });

  it("a policy's goodput is said beside the work it did, where it moved", () => {
    // pjm-carbon-aware-2028 for 10 days read 'work done -0.6%', its paused runs holding their chips: goodput fell from
    // 94.9 % to 60.5 % (chip-hours held up 56 %), in summary.json and not in the line.
    const s = summary();
    const policy = { ...PJM4_POLICY, baseline_goodput: 0.9492824136544793, goodput: 0.6052000015967456 };
    s.policy = policy;
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      'work done -11.6%, goodput 60.5% (without: 94.9%; work per chip-hour held, a paused run keeping its chips), energy moved',
    );
    // The same goodput, or none held (no training run or job), says nothing of it.
    s.policy = { ...policy, goodput: policy.baseline_goodput };
    expect(runTable(s, 'x.csv', 0.5)).toContain('work done -11.6%, energy moved');
    s.policy = { ...policy, baseline_goodput: 0, goodput: 0 };
    expect(runTable(s, 'x.csv', 0.5)).toContain('work done -11.6%, energy moved');
  });

  it("two or three training runs, each on its own line, each say 'its cost'; more, summed on one line, 'their cost'", () => {
    // smr-campus over 30 days listed frontier-1 and frontier-2 one by one, each '... of their cost'.
    const s = summary();
    const run = (name: string) => ({
      name,
      electricity_cost_usd: 527_788,
      chip_cost_usd: 14.13e6,
      electricity_share: 0.036,
    });
    s.training = [run('frontier-1'), run('frontier-2')] as RunSummary['training'];
    const two = runTable(s, 'x.csv', 0.5);
    expect(two).toContain('run frontier-1: electricity $0.53M, chip time $14.13M: electricity is 3.6% of its cost\n');
    expect(two).toContain('run frontier-2: electricity $0.53M, chip time $14.13M: electricity is 3.6% of its cost\n');
    expect(two).not.toContain('their cost');
    s.training = ['a', 'b', 'c', 'd'].map(run) as RunSummary['training'];
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      '4 training runs: electricity $2.11M, chip time $56.52M: electricity is 3.6% of their cost\n',
    );
  });

  it('a 24/7 carbon-free score short of 100 % or above 0 never rounds to 100.0% or 0.0%', () => {
    // plan-smr over 30 days scores 0.99991 (the report: 0.9999) and the table said '100.0%', a full score it did not reach.
    const s = summary();
    const score = (cfe_score: number) => {
      s.reliability = { loss_of_load_hours: 0, cfe_score } as RunSummary['reliability'];
      return runTable(s, 'x.csv', 0.5).match(/carbon-free score \(hourly\) (.*)\n/)?.[1];
    };
    expect(score(0.999914847028278)).toBe('over 99.9%');
    expect(score(1)).toBe('100.0%');
    expect(score(0.99949)).toBe('99.9%');
    expect(score(0.3796789302724261)).toBe('38.0%');
    expect(score(0.0004)).toBe('under 0.1%');
    expect(score(0)).toBe('0.0%');
  });

  it('says what the draws decided: a fusion start that slipped past the run, units in outages', () => {
    const s = summary();
    s.sources = [
      {
        name: 'fusion',
        kind: 'fusion-ppa',
        energy_mwh: 0,
        cost_usd: 0,
        carbon_kg: 0,
        share: 0,
        detail: { start_utc: '2033-01-09 14:11:10', slip_days: 1835.6 },
      },
      {
        name: 'smr',
        kind: 'smr',
        energy_mwh: 1,
        cost_usd: 0,
        carbon_kg: 0,
        share: 1,
        detail: { units: [{ availability: 0.819 }, { availability: 1 }], expected_availability: 0.9267 },
      },
      ...s.sources,
    ];
    const t = runTable(s, 'x.csv', 0.5);
    expect(t).toContain(
      'fusion starts 2033-01-09 (drawn: a slip of 1,836 days), after this run ends: no fusion energy',
    );
    expect(t).toContain("smr's 2 units were available 81.9% and 100.0% of the time (expected 92.7%)");
    // Where the draw falls among the model's: fusion-2028's seed 42 slips 1,836 days, past 97 % of its lognormal
    // (median 9 months of 30.4 days, sigma 1: Φ(ln(1835.6 / 273.75)) = 0.9715), which one run did not say.
    const law = (probability: number) => ({
      ...s,
      sources: s.sources.slice(0, 1),
      model: {
        ...s.model,
        resolved: { supply: [{ name: 'fusion', slip: { median: 23_652_000, sigma: 1, probability } }] },
      },
    });
    expect(runTable(law(1), 'x.csv', 0.5)).toContain(
      'fusion starts 2033-01-09 (drawn: a slip of 1,836 days, longer than 97.1% of those the model draws), after this run ends',
    );
    // Half the draws do not slip at all: 0.5 + 0.5 x 0.9715.
    expect(runTable(law(0.5), 'x.csv', 0.5)).toContain('longer than 98.6% of those the model draws');
    const one = { ...s, sources: [{ ...s.sources[1], detail: { units: [{ availability: 0.9 }] } }] };
    expect(runTable(one, 'x.csv', 0.5)).toContain("smr's unit was available 90.0% of the time: refuelling");
    // A unit down 20 minutes in a year (0.99996) read 'available 100.0% of the time: refuelling and drawn outages'.
    const near = {
      ...s,
      sources: [{ ...s.sources[1], detail: { units: [{ availability: 0.99996 }, { availability: 1 }] } }],
    };
    expect(runTable(near, 'x.csv', 0.5)).toContain("smr's 2 units were available over 99.9% and 100.0% of the time:");
    expect(runTable(summary(), 'x.csv', 0.5)).not.toMatch(/starts|available/);
  });

  it('says an SMR entering service after the run gives nothing for that, not for refuelling and outages', () => {
    // A 2-day run from 2027-01-01 of an SMR in service from 2028-01-01 said "smr's unit was available 0.0% of the time
    // (expected 0.0%): refuelling and drawn outages", though it never refuelled nor tripped: it was not yet built.
    const s = summary();
    const smr = { name: 'smr', kind: 'smr', energy_mwh: 0, cost_usd: 0, carbon_kg: 0, share: 0 };
    const idle = { units: [{ unit: 1, capacity_factor: 0, availability: 0, expected_availability: 0 }] };
    s.start_utc = '2027-01-01 00:00:00';
    s.end_utc = '2027-01-03 00:00:00';
    s.model = { ...s.model, resolved: { supply: [{ kind: 'smr', name: 'smr', in_service: 1830297600 }] } };
    s.sources = [{ ...smr, detail: { ...idle, expected_availability: 0 } }];
    const t = runTable(s, 'x.csv', 0.5);
    expect(t).toContain('smr enters service 2028-01-01, after this run ends: no smr energy\n');
    expect(t).not.toContain('refuelling and drawn outages');
    // In service from the run's last instant or earlier: its availability, as before.
    s.model = { ...s.model, resolved: { supply: [{ kind: 'smr', name: 'smr', in_service: 1798848000 }] } };
    s.sources = [{ ...smr, detail: { units: [{ availability: 0.9 }], expected_availability: 0.9267 } }];
    expect(runTable(s, 'x.csv', 0.5)).toContain("smr's unit was available 90.0% of the time (expected 92.7%)");
  });

  it('says an array, a battery or a grid entering service after the run gives nothing, as an SMR', () => {
    // A 1-day run from 2027-03-01 of a space-solar array in service from 2027-03-05 printed 'from solar 0.0' and no word,
    // where an SMR's note says why.
    const s = summary();
    s.start_utc = '2027-03-01 00:00:00';
    s.end_utc = '2027-03-02 00:00:00';
    const later = 1804204800; // 2027-03-05
    for (const kind of ['space-solar', 'battery', 'grid']) {
      s.model = { ...s.model, resolved: { supply: [{ kind, name: 'x', in_service: later }] } };
      s.sources = [{ name: 'x', kind, energy_mwh: 0, cost_usd: 0, carbon_kg: 0, share: 0 }];
      expect(runTable(s, 'x.csv', 0.5), kind).toContain(
        'x enters service 2027-03-05, after this run ends: no x energy\n',
      );
      // In service before the end: no such note.
      s.model = { ...s.model, resolved: { supply: [{ kind, name: 'x', in_service: later - 4 * 86400 + 3600 }] } };
      expect(runTable(s, 'x.csv', 0.5), kind).not.toContain('enters service');
    }
  });

  it('says a fusion PPA entering service after its start when it does, and after the run that it gives nothing', () => {
    // A 3-day run from 2027-12-31 of a PPA starting 2028-01-01 with in_service: 2028-06-01 delivered nothing and said
    // only 'fusion starts 2028-01-01', a start inside the run.
    const s = summary();
    const fusion = { name: 'fusion', kind: 'fusion-ppa', energy_mwh: 0, cost_usd: 0, carbon_kg: 0, share: 0 };
    s.start_utc = '2027-12-31 00:00:00';
    s.end_utc = '2028-01-03 00:00:00';
    const at = (inService: number) => {
      s.model = {
        ...s.model,
        resolved: { supply: [{ kind: 'fusion-ppa', name: 'fusion', availability: 1, in_service: inService }] },
      };
      s.sources = [{ ...fusion, detail: { start_utc: '2028-01-01 00:00:00', slip_days: 0, availability: 0 } }];
      return runTable(s, 'x.csv', 0.5);
    };
    expect(at(1843430400)).toContain(
      'fusion starts 2028-01-01, enters service 2028-06-01, after this run ends: no fusion energy\n',
    );
    // In service inside the run: when, and nothing of the run's end.
    expect(at(1830384000)).toMatch(/fusion starts 2028-01-01, enters service 2028-01-02\n/);
    // In service before its start: its start alone, as before.
    expect(at(1830211200)).toMatch(/fusion starts 2028-01-01\n/);
  });

  it("gives a fusion PPA's share of its contracted time up beside the contract's, as an SMR's units'", () => {
    // Before: 'fusion starts 2028-01-01' alone, though the PPA was down 19,087 h of its 78,912 (default, seed 42).
    const s = summary();
    const fusion = { name: 'fusion', kind: 'fusion-ppa', energy_mwh: 1, cost_usd: 0, carbon_kg: 0, share: 1 };
    s.model = { ...s.model, resolved: { supply: [{ kind: 'fusion-ppa', name: 'fusion', availability: 0.75 }] } };
    s.sources = [{ ...fusion, detail: { start_utc: '2027-03-01 00:00:00', slip_days: 0, availability: 0.7581 } }];
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      "fusion starts 2027-03-01; available 75.8% of the time contracted, against the contract's 75.0% (its outages are drawn)",
    );
    // Always available: nothing to say of it.
    s.model = { ...s.model, resolved: { supply: [{ kind: 'fusion-ppa', name: 'fusion', availability: 1 }] } };
    s.sources = [{ ...fusion, detail: { start_utc: '2027-03-01 00:00:00', slip_days: 0, availability: 1 } }];
    expect(runTable(s, 'x.csv', 0.5)).toMatch(/fusion starts 2027-03-01\n/);
  });

  it("says '1 event', not '1 events', in the demand-response line", () => {
    // Before: 'demand response: 1 events asked 1,200.0 kWh' (a 3-day model of mine, one event of 400 kW for 3 h).
    const s = summary();
    s.demand_response = { events: 1, asked_mwh: 1.2, shed_mwh: 1.2, shed_share: 1, payment_usd: 600 };
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      'demand response: 1 event asked 1,200.0 kWh, shed 1,200.0 kWh (100.0%), paid 600 USD',
    );
    s.demand_response = { ...s.demand_response, events: 2 };
    expect(runTable(s, 'x.csv', 0.5)).toContain('demand response: 2 events asked');
  });

  it('says a demand-response programme with no event in the run so, not a share of nothing shed', () => {
    // Before: 'demand response: 0 events asked 0.0 kWh, shed 0.0 kWh (0.0%), paid 0.00 USD' for an events file of
    // March's events under a run of January (a year's file written for another year reads the same), as if the site
    // had shed none of what it was asked.
    const s = summary();
    s.demand_response = { events: 0, asked_mwh: 0, shed_mwh: 0, shed_share: 0, payment_usd: 0 };
    s.model = { ...s.model, resolved: { demand_response: { events: { file: '/m/dr.csv' } } } };
    expect(runTable(s, 'x.csv', 0.5)).toMatch(
      /demand response: no event in the run: none of the events in \/m\/dr\.csv falls within it \(their start and end are UTC dates\), so nothing asked, shed or paid\n/,
    );
    s.model = { ...s.model, resolved: { demand_response: { events: { rate: 1 / 86400 / 30, duration: 7200 } } } };
    expect(runTable(s, 'x.csv', 0.5)).toMatch(
      /demand response: no event drawn in the run \(its events' rate\), so nothing asked, shed or paid\n/,
    );
  });

  it("says a share just short of all, of the shed asked, a PPA's time or the tokens asked, as 'over 99.9%', not '100.0%'", () => {
    // plan-smr for 30 days, events of 49.3 MW for 2 h every 3 days (by: throttle): 690.0 of the 690.2 MWh asked shed,
    // 0.99974, read 'shed 690.0 MWh (100.0%)', as the run that shed all of it; a PPA up 0.99996 of its contracted time
    // read 'available 100.0%', and a service that served a few of its tokens '100.0% of the tokens asked unserved'.
    const s = summary();
    s.demand_response = { events: 7, asked_mwh: 690.2, shed_mwh: 690.0181, shed_share: 0.99974, payment_usd: 552_014 };
    expect(runTable(s, 'x.csv', 0.5)).toContain('shed 690.0 MWh (over 99.9%), paid');
    s.demand_response = { ...s.demand_response, shed_mwh: 690.2, shed_share: 1 };
    expect(runTable(s, 'x.csv', 0.5)).toContain('shed 690.2 MWh (100.0%), paid');
    const fusion = { name: 'fusion', kind: 'fusion-ppa', energy_mwh: 1, cost_usd: 0, carbon_kg: 0, share: 1 };
    s.model = { ...s.model, resolved: { supply: [{ kind: 'fusion-ppa', name: 'fusion', availability: 0.9999 }] } };
    s.sources = [{ ...fusion, detail: { start_utc: '2027-03-01 00:00:00', slip_days: 0, availability: 0.99996 } }];
    expect(runTable(s, 'x.csv', 0.5)).toContain(
      "available over 99.9% of the time contracted, against the contract's 99.99%",
    );
    const service = {
      name: 'chat',
      demand_tokens: 2e12,
      served_tokens: 5e8,
      unserved_share: 0.99975,
      energy_mwh: 0.01,
    };
    s.inference = { services: [service as never] };
    expect(runTable(s, 'x.csv', 0.5)).toContain('; over 99.9% of the tokens asked for unserved (2.0 T of 2.0 T)');
  });
});

describe("a source's carbon in the closing table", () => {
  it('stands beside the energy it is for: to the load on its row, to storage on the storage row', async () => {
    const { runScenario } = await import('../../src/run.ts');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const r = runScenario({
      model: 'default',
      duration: '10d',
      out: mkdtempSync(join(tmpdir(), 'dcpsim-store-carbon-')),
    });
    const smr = r.summary.sources.find((x) => x.name === 'smr')!;
    // The SMR's 12 g/kWh: its carbon is its energy to the load and to storage at that intensity; the storage part its own.
    expect(smr.to_storage_mwh).toBeGreaterThan(100);
    expect(smr.to_storage_carbon_kg).toBeCloseTo(smr.to_storage_mwh! * 12, 6);
    expect(smr.carbon_kg).toBeCloseTo((smr.energy_mwh + smr.to_storage_mwh!) * 12, 6);
    const t = runTable(r.summary, 'x.csv', 1);
    const row = (label: string) => t.split('\n').find((l) => l.trimStart().startsWith(label))!;
    const tonnes = (line: string) =>
      Number(
        line
          .trim()
          .split(/\s{2,}/)[3]
          ?.replace(/,/g, ''),
      );
    // Was: 'from smr' with all 12 g/kWh x (load + storage) beside the load's energy alone, and no carbon on 'smr to storage'.
    expect(tonnes(row('from smr'))).toBeCloseTo((smr.energy_mwh * 12) / 1000, 1);
    expect(tonnes(row('smr to storage'))).toBeCloseTo((smr.to_storage_mwh! * 12) / 1000, 1);
  });
});

describe("a source's storage and export rows", () => {
  it('leave out a float residue of the dispatch, and keep any energy above a billionth of what the source gave', () => {
    // A ten-year campus's grid beside a battery it never charges (auto strategy) 'gave' it 9.007e-15 MWh over
    // 289,117 MWh to the load: the table and the report had a row 'grid to storage' of 0.0 (the report 0.0000000000).
    const s = summary();
    const grid = s.sources[0];
    grid.energy_mwh = 289117.4388137527;
    Object.assign(grid, { to_storage_mwh: 9.007343444574855e-15, to_storage_carbon_kg: 3.2696656703806685e-12 });
    expect(runTable(s, 'x.csv', 1)).not.toContain('grid to storage');
    // A kilowatt-hour of it is energy, shown.
    Object.assign(grid, { to_storage_mwh: 0.001, to_storage_carbon_kg: 0.363 });
    expect(runTable(s, 'x.csv', 1)).toContain('grid to storage');
  });
});
