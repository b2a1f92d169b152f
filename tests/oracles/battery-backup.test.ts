/**
 * A backup battery (`strategy: backup`, docs/models/supply.md, battery) beside a grid with outages, against an oracle
 * that does not call the code under test: under a flat load L it is full (soc_max) before each outage, so each
 * outage of d hours leaves max(0, L d − (soc_max − soc_min) E η_d) unserved, η_d = √round_trip (MODELS.md "Storage"),
 * the outages read from outages.csv. Until 7 December 2026 a battery had no such strategy: `auto` (the default) never
 * recharged from the grid, so it covered the first outage from its initial charge and none after (26 loss-of-load
 * hours a year where the same battery kept charged has 4), and the workaround, `by: price` with thresholds above any
 * price, asked for a price trace it did not need.
 */
import { describe, expect, it } from 'vitest';
import { modelRunner, oracleDir, rowsOf, summaryOf, utc } from '../helpers/oracle.ts';

const run = modelRunner(oracleDir('battery-backup'));

/** 80 H100 training at duty 0.8 under PUE 1.25: a flat load of 120.42 kW (tests/oracles/battery.test.ts). */
const site = (strategy: unknown) => ({
  name: 'backup',
  start: '2027-01-01',
  duration: '90d',
  step: '1h',
  seed: 3,
  clusters: [{ name: 'gpu', chip: 'H100', count: 80, server: { chips: 8 } }],
  workload: { training: [{ name: 'train', cluster: 'gpu', chips: 80, work: '3000d', duty: 0.8 }] },
  facility: { cooling: { model: 'pue', pue: 1.25 } },
  supply: [
    { kind: 'grid', price: '60 $/MWh', carbon: '400 g/kWh', outages: { mttf: '240h', mttr: '3h' } },
    { kind: 'battery', energy: '400 kWh', power: '200 kW', round_trip: 0.81, strategy },
  ],
});

describe('a backup battery beside a grid with outages', () => {
  const dir = run(site('backup'));
  const s = summaryOf(dir);
  const outages = rowsOf(`${dir}/outages.csv`).map((r) => ({ start: utc(r.start_utc), end: utc(r.end_utc) }));
  const loadKw = (s.energy_mwh.facility * 1e3) / s.duration_h;

  it('is full before each outage and leaves unserved only what its usable energy cannot carry', () => {
    expect(outages.length).toBeGreaterThan(3);
    // The oracle holds where the battery can refill between outages: 320 kWh / 0.9 / (200 − 120 kW) is 4.4 h.
    for (let k = 1; k < outages.length; k++) expect(outages[k].start - outages[k - 1].end).toBeGreaterThan(5 * 3600);
    const usableKwh = (0.9 - 0.1) * 400 * Math.sqrt(0.81);
    const unmetKwh = outages.reduce((a, o) => a + Math.max(0, (loadKw * (o.end - o.start)) / 3600 - usableKwh), 0);
    expect(unmetKwh).toBeGreaterThan(0);
    // outages.csv gives each outage to the second: half a second of the load either end.
    expect(Math.abs(s.energy_mwh.unmet * 1e3 - unmetKwh)).toBeLessThanOrEqual((outages.length * loadKw) / 3600);
  });

  it('pays the grid for what it charges, and its losses, as energy conserved', () => {
    // supplied + unmet = demand; the grid's energy is the load's while up plus the battery's charge.
    expect(s.energy_mwh.supplied + s.energy_mwh.unmet).toBeCloseTo(s.energy_mwh.facility, 9);
    const [grid, battery] = s.sources;
    expect(battery.detail.charged_mwh).toBeGreaterThan(0);
    expect(grid.to_storage_mwh).toBeCloseTo(battery.detail.charged_mwh, 9);
    expect(grid.cost_split_usd.storage).toBeCloseTo(60 * grid.to_storage_mwh, 6);
    // What it gave: its charge, less its losses and what it holds more at the end than at the start (50 % to 90 %).
    expect(battery.detail.discharged_mwh).toBeCloseTo(
      battery.detail.charged_mwh - battery.detail.losses_mwh - ((0.9 - 0.5) * 400) / 1e3,
      9,
    );
  });

  it('covers more than auto, which recharges only from surplus (none beside a grid)', () => {
    const auto = summaryOf(run(site('auto')));
    expect(auto.sources[1].detail.charged_mwh).toBe(0);
    expect(auto.energy_mwh.unmet).toBeGreaterThan(s.energy_mwh.unmet * 1.5);
  });
});

describe('a backup battery beside a peak-shaving one', () => {
  // A grid with no outages and a shaver (by: import) holding its import to 100 kW under the flat 120.42 kW: until
  // 7 December 2026 the backup shaved as the shaver did, before the grid carried what is above the limit, listed
  // after the shaver too (12.95 MWh of these 30 days), and was empty for the next outage. It gives only what the grid
  // and the shaver cannot carry: here nothing.
  const shaving = (grid: Record<string, unknown>) => ({
    ...site('backup'),
    duration: '30d',
    supply: [
      { kind: 'grid', price: '60 $/MWh', carbon: '400 g/kWh', ...grid },
      {
        kind: 'battery',
        name: 'shaver',
        energy: '400 kWh',
        power: '200 kW',
        strategy: { by: 'import', limit: '100 kW' },
      },
      { kind: 'battery', name: 'ups', energy: '400 kWh', power: '200 kW', round_trip: 0.81, strategy: 'backup' },
    ],
  });

  it('does not shave: with the grid up it discharges nothing', () => {
    const s = summaryOf(run(shaving({})));
    const [grid, shaver, ups] = s.sources;
    expect(ups.detail.discharged_mwh).toBe(0);
    expect(shaver.detail.discharged_mwh).toBeGreaterThan(0);
    expect(s.energy_mwh.unmet).toBe(0);
    // The grid carries the load less what the shaver gave, and the backup's charge from 50 % to 90 %.
    expect(grid.energy_mwh).toBeCloseTo(s.energy_mwh.facility - shaver.detail.discharged_mwh, 9);
    expect(ups.detail.charged_mwh).toBeGreaterThan(0);
  });

  it('still covers an outage after the shaver', () => {
    const s = summaryOf(run(shaving({ outages: { mttf: '240h', mttr: '3h' } })));
    expect(s.sources[2].detail.discharged_mwh).toBeGreaterThan(0);
  });
});
