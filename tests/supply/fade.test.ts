/**
 * Battery capacity fade in the simulation and the economics (issue 11.4):
 * one model (src/model/fade.ts), calendar plus cycle ageing, linear; the
 * simulated battery stores less as it fades, is replaced below replace_at,
 * and the economics takes its replacements and end capacity from the run.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { readCsv } from '../helpers/read-csv.ts';
import { drive } from './drive.ts';

const ECON = join(import.meta.dirname, '..', 'fixtures', 'economics.yaml');
const out = () => mkdtempSync(join(tmpdir(), 'dcpsim-fade-'));
const YEAR_D = 365;

/** The economics fixture's battery (400 kWh, soc 10-90 %) fading 100 % a year: below 80 % after 73 days. */
function run(days: number, extra: string[] = []) {
  return runScenario({
    model: ECON,
    out: out(),
    duration: `${days}d`,
    set: [
      'supply[1].fade={ calendar: 100%, cycle: 0, replace_at: 80% }',
      'supply[1].costs={ capital: 250 $/kW, energy_capital: 300 $/kWh }',
      ...extra,
    ],
  });
}

describe('cycle fade counts equivalent full cycles of nameplate energy', () => {
  // Modo Energy, whose 5 % per 1,000 cycles the presets take (docs/reference.md §11): one cycle is the battery's
  // nameplate energy discharged (re-twin's model, the same: throughput over nominal capacity). The fixture's battery
  // holds 400 kWh between soc 10 and 90 %: 0.4 MWh discharged is one cycle, not 1.25 (over the 320 kWh between them).
  const r = runScenario({
    model: ECON,
    out: out(),
    duration: '100d',
    set: ['supply[1].fade={ calendar: 0, cycle: 100%, replace_at: 50% }'],
  });
  const detail = r.summary.sources.find((s) => s.name === 'battery')!.detail as Record<string, number>;

  it('summary.json gives the cycles: energy discharged over nameplate energy', () => {
    expect(detail.discharged_mwh).toBeGreaterThan(4);
    expect(detail.equivalent_full_cycles).toBeCloseTo(detail.discharged_mwh / 0.4, 9);
  });

  it('the capacity falls by `cycle` per 1,000 of them', () => {
    expect(detail.replacements).toBe(0);
    expect(detail.capacity).toBeCloseTo(1 - (1 / 1000) * (detail.discharged_mwh / 0.4), 9);
  });
});

describe('battery fade in the simulation', () => {
  const r = run(100);
  const battery = r.summary.sources.find((s) => s.name === 'battery')!;
  const detail = battery.detail as Record<string, number>;

  it('the capacity falls by the calendar rate and the battery is replaced the day it falls below replace_at', () => {
    // Day 73 leaves 1 - 73/365 = 0.8 exactly (not below); the daily update on day 74 replaces it; 26 days later, 1 - 26/365.
    expect(detail.replacements).toBe(1);
    expect(detail.capacity).toBeCloseTo(1 - 26 / YEAR_D, 9);
  });

  it('the state of charge stays under the faded bound: soc_max x capacity', () => {
    const csv = readCsv(r.timeseriesFile!);
    const t = csv.rows.map((x) => x[0]);
    const soc = csv.col('battery_soc_pct');
    // Day 60 (capacity 1 - 59/365 after the update at its start): at most 90 % x 0.838.
    const day60 = t.indexOf('2027-03-21 00:00:00');
    expect(day60).toBeGreaterThan(0);
    for (const v of soc.slice(day60, day60 + 24)) expect(v).toBeLessThanOrEqual(90 * (1 - 59 / YEAR_D) + 1e-6);
  });

  it("the battery's energy balances: stored now = initial + η charged - discharged/η - lost to fade + added by its replacement", () => {
    const eta = Math.sqrt(0.88);
    const e0 = (0.5 * 400) / 1000;
    const end = (detail.final_soc * 400) / 1000;
    const fade = detail.fade_losses_mwh - detail.replacement_added_mwh;
    expect(end).toBeCloseTo(e0 + eta * detail.charged_mwh - detail.discharged_mwh / eta - fade, 9);
  });

  it('the economics pays the simulated replacement, in the year it happened, and salvages the simulated capacity left', () => {
    const e = r.summary.economics!;
    const flows = readCsv(join(r.outDir, 'cashflow.csv')).rows.filter((x) => x[1] === 'battery');
    const capital = 250 * 100 + 300 * 400;
    const replacements = flows.filter((x) => x[2] === 'replacement').map((x) => [Number(x[0]), Number(x[3])]);
    // Year 1: the simulated one (day 74, escalated 2 %); then the years after the run go on from the run's
    // capacity at 100 % a year, replaced as the run would, the day after each 73 days' life: days 148, 222, 296
    // in year 1, and so on, 365 / 74 a year. Before, once at the end of each year it fell below 80 %: twice in
    // year 1 (0.929 - 265/365 < 0.8) and once a year after, a life of a year where the battery lasts 74 days.
    const days: number[] = [];
    for (let day = 74; day < e.years * YEAR_D; day += 74) days.push(day);
    expect(replacements[0]).toEqual([1, capital * 1.02]);
    expect(replacements.map(([y]) => y)).toEqual(days.map((d) => Math.ceil(d / YEAR_D)));
    expect(replacements.filter(([y]) => y === 1).length).toBe(4);
  });

  it("with the project no longer than the run, every replacement is the simulation's and the salvage is its end capacity", () => {
    const s = runScenario({
      model: ECON,
      out: out(),
      duration: '365d',
      step: '1d',
      set: [
        'supply[1].fade={ calendar: 100%, cycle: 0, replace_at: 0.95 }',
        'supply[1].costs={ capital: 250 $/kW, energy_capital: 300 $/kWh }',
        'economics.years=1',
        'start=2027-01-01',
      ],
    });
    const detail = s.summary.sources.find((x) => x.name === 'battery')!.detail as Record<string, number>;
    // 5 % falls in 18.25 days: replaced on days 19, 38, ..., 361 (19 times), 4 days old at the end.
    expect(detail.replacements).toBe(19);
    expect(detail.capacity).toBeCloseTo(1 - 4 / YEAR_D, 9);
    const flows = readCsv(join(s.outDir, 'cashflow.csv')).rows.filter((x) => x[1] === 'battery');
    const capital = 250 * 100 + 300 * 400;
    expect(flows.filter((x) => x[2] === 'replacement').map((x) => Number(x[3]))).toEqual(
      Array(19).fill(capital * 1.02),
    );
    const salvage = Number(flows.find((x) => x[2] === 'salvage')![3]);
    expect(salvage).toBeCloseTo(-capital * ((1 - 4 / YEAR_D - 0.95) / 0.05) * 1.02, 6);
  });
});

describe('a battery in service before the start has faded by the calendar since (audit 18)', () => {
  // A 10 MWh battery fading 10 % a year by the calendar, in service from 2024-01-01 in a two-day run from 2027-01-01
  // with no load: 1,096 days before the start, 1,098 at the end. It was taken as new at the start (0.9995 at the end).
  const capacity = (inService: string, replaceAt = 0.5) => {
    const d = drive({
      supplies: [
        {
          kind: 'battery',
          energy: '10 MWh',
          power: '1 MW',
          fade: { calendar: '10%', cycle: 0, replace_at: replaceAt },
          in_service: inService,
        },
      ],
      durationS: 2 * 86400,
      start: '2027-01-01',
      demand: [[0, 0]],
    });
    return (d.run().sources[0].detail as Record<string, number>).capacity;
  };

  it('its capacity counts the years since in_service', () => {
    expect(capacity('2024-01-01')).toBeCloseTo(1 - (0.1 * 1098) / YEAR_D, 9);
  });

  it('worn out before the start, it was replaced: it starts the years since its last replacement old', () => {
    // At 10 %/yr down to 80 %, a life of two years (730 days): 1,096 days in service leave 366 since the last.
    expect(capacity('2024-01-01', 0.8)).toBeCloseTo(1 - (0.1 * (366 + 2)) / YEAR_D, 9);
  });
});

describe("a replacement's lowest charge is not a fade loss (audit 27)", () => {
  // A 1,000 kWh battery first in merit order under a steady 10 kW, fading 100 % a year: it drains to its floor, 10 % of
  // its faded capacity, and is replaced twice in 200 days, each new battery filled to its own floor, 10 % of 1,000 kWh.
  // That energy came from nowhere and was netted against the fade losses: fade_losses_mwh read -0.04 MWh, lost energy
  // below zero, where nothing was lost to fade.
  const d = drive({
    supplies: [
      { kind: 'battery', energy: '1000 kWh', power: '20 kW', fade: { calendar: '100%', cycle: 0, replace_at: '80%' } },
      { kind: 'grid' },
    ],
    durationS: 200 * 86400,
    demand: [[0, 10_000]],
  });
  const detail = d.run().sources[0].detail as Record<string, number>;

  it('fade losses count what no longer fits, never less than 0; what a replacement adds is its own figure', () => {
    expect(detail.replacements).toBe(2);
    expect(detail.fade_losses_mwh).toBe(0);
    // Each replacement lifts the charge from 10 % of the worn capacity (just under 80 %) to 10 % of nameplate.
    expect(detail.replacement_added_mwh).toBeGreaterThan(0.039);
    expect(detail.replacement_added_mwh).toBeLessThan(0.041);
  });

  it('the energy balances: stored now = initial + η charged - discharged/η - lost to fade + added by replacements', () => {
    const eta = Math.sqrt(0.88);
    const stored = 0.5 + eta * detail.charged_mwh - detail.discharged_mwh / eta;
    expect(detail.final_soc).toBeCloseTo(stored - detail.fade_losses_mwh + detail.replacement_added_mwh, 9);
  });
});
