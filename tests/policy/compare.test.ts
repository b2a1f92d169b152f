import { describe, expect, it } from 'vitest';
import { comparePolicy, HourlyEnergy, type RunFigures } from '../../src/policy/compare.ts';

const figures = (over: Partial<RunFigures>): RunFigures => ({
  carbon_kg: 0,
  cost_usd: 0,
  facility_mwh: 0,
  work_chip_h: 0,
  held_chip_h: 0,
  deadline_misses: 0,
  cfe_score: 0,
  peak_facility_kw: 0,
  peak_import_kw: 0,
  ...over,
});
const none = () => new HourlyEnergy();

describe("a policy's carbon saved, by what saved it", () => {
  it('drawing less energy and drawing cleaner energy, each said, summing to the carbon saved', () => {
    // Without the policy: 1,000 MWh at 400 kg/MWh. With it: 960 MWh (work deferred past the horizon) at 390 kg/MWh.
    const base = figures({ carbon_kg: 400_000, facility_mwh: 1000, work_chip_h: 100 });
    const run = figures({ carbon_kg: 960 * 390, facility_mwh: 960, work_chip_h: 96 });
    const p = comparePolicy(run, base, none(), none());
    expect(p.carbon_saved_kg).toBe(400_000 - 374_400);
    expect(p.baseline_facility_mwh).toBe(1000);
    expect(p.facility_mwh).toBe(960);
    expect(p.carbon_saved_by_less_energy_kg).toBeCloseTo(40 * 400, 9); // 16 t: the energy not drawn, at the baseline's mean
    expect(p.carbon_saved_by_cleaner_energy_kg).toBeCloseTo(960 * (400 - 390), 9); // 9.6 t: the energy drawn, 10 kg/MWh cleaner
    expect(p.carbon_saved_by_less_energy_kg + p.carbon_saved_by_cleaner_energy_kg).toBeCloseTo(p.carbon_saved_kg, 6);
  });

  it('a policy that saves carbon only by doing less work draws dirtier energy: its cleaner-energy part is negative', () => {
    const base = figures({ carbon_kg: 400_000, facility_mwh: 1000 });
    const run = figures({ carbon_kg: 950 * 404, facility_mwh: 950 });
    const p = comparePolicy(run, base, none(), none());
    expect(p.carbon_saved_kg).toBeGreaterThan(0);
    expect(p.carbon_saved_by_cleaner_energy_kg).toBeCloseTo(-950 * 4, 9);
  });

  it('at one carbon intensity throughout, drawing cleaner saved exactly 0: no float residue', () => {
    // 400 kg/MWh in both runs, the baseline's energy a sum off in its last bit: the cleaner part read -1.7e-14 kg,
    // printed '-0.0 t' in the run table and '0.0000000000 t' in the report (audit23: -1.6e-9 kg on a flat grid).
    const base = figures({ carbon_kg: 120, facility_mwh: 0.1 + 0.2 });
    const run = figures({ carbon_kg: 100, facility_mwh: 0.25 });
    const p = comparePolicy(run, base, none(), none());
    expect(p.carbon_saved_by_cleaner_energy_kg).toBe(0);
    expect(p.carbon_saved_by_less_energy_kg).toBeCloseTo(20, 9);
  });

  it('the same carbon, cost and energy but for their last bits: nothing saved, not -0.0', () => {
    // A price-aware run on a flat 300 g/kWh grid moved its work to cheap hours: the same energy and carbon summed in
    // another order. Before: carbon saved -4.3e-14 kg, printed 'carbon saved -0.0 kg (-0.0%: 0.0 kg by drawing less
    // energy, 0.0 kg by drawing cleaner)'; a run on a flat price, -3.6e-12 USD saved: 'cost saved -0.00 USD (-0.0%)'.
    const base = figures({ carbon_kg: 0.1 + 0.2, cost_usd: 8150.286396953127, facility_mwh: 146.74624409350244 });
    const run = figures({ carbon_kg: 0.3, cost_usd: 8150.286396953131, facility_mwh: 146.7462440935025 });
    const p = comparePolicy(run, base, none(), none());
    expect([p.carbon_saved_kg, p.carbon_saved_share, p.cost_saved_usd, p.cost_saved_share]).toEqual([0, 0, 0, 0]);
    expect(p.carbon_saved_by_less_energy_kg).toBe(0);
    expect(p.carbon_saved_by_cleaner_energy_kg).toBe(0);
    // A saving of a millionth is kept.
    expect(
      comparePolicy(figures({ cost_usd: 0.999999 }), figures({ cost_usd: 1 }), none(), none()).cost_saved_usd,
    ).toBeCloseTo(1e-6, 12);
  });

  it('the same 24/7 score but for its last bits is no change', () => {
    // A price-aware run on a grid of one carbon-free share (40 %) moved its work to cheap hours: the same score summed in
    // another order, cfe_score_change 6.7e-16, which the closing table printed '24/7 CFE +0.00000000000007 points'.
    const base = figures({ cfe_score: 0.4 });
    expect(
      comparePolicy(figures({ cfe_score: 0.4 + 6.661338147750939e-16 }), base, none(), none()).cfe_score_change,
    ).toBe(0);
    expect(
      comparePolicy(figures({ cfe_score: 0.4 - 1.6653345369377348e-16 }), base, none(), none()).cfe_score_change,
    ).toBe(0);
    // And the work done, summed in another order: no loss, not '-0.00000000000001%'.
    expect(
      comparePolicy(figures({ work_chip_h: 0.1 + 0.2 }), figures({ work_chip_h: 0.3 }), none(), none())
        .throughput_lost_share,
    ).toBe(0);
    // A change of a millionth of a point is kept.
    expect(comparePolicy(figures({ cfe_score: 0.40000001 }), base, none(), none()).cfe_score_change).toBeCloseTo(
      1e-8,
      15,
    );
  });

  it('a run that leaves less of its demand unmet draws more energy, not dirtier energy', () => {
    // Under an import cap the baseline leaves 100 of its 1,000 MWh unmet and serves 900 MWh at 400 kg/MWh; the policy's
    // run serves all 1,000 at 390 kg/MWh. It emits 30 t more for serving 100 MWh more (40 t at the baseline's mean) on
    // energy 10 kg/MWh cleaner (10 t). Over the facility's energy the split read 0 t by drawing less and -30 t by
    // drawing cleaner (infer52: 1.3 kg and -9.8 kg where the energy served gives -81.0 and +72.5).
    const base = figures({ carbon_kg: 900 * 400, facility_mwh: 1000, served_mwh: 900 });
    const run = figures({ carbon_kg: 1000 * 390, facility_mwh: 1000, served_mwh: 1000 });
    const p = comparePolicy(run, base, none(), none());
    expect(p.carbon_saved_kg).toBe(-30_000);
    expect(p.carbon_saved_by_less_energy_kg).toBeCloseTo(-100 * 400, 9);
    expect(p.carbon_saved_by_cleaner_energy_kg).toBeCloseTo(1000 * (400 - 390), 9);
    expect(p.baseline_facility_mwh).toBe(1000);
  });

  it('no energy: nothing saved either way, no NaN', () => {
    const p = comparePolicy(figures({}), figures({}), none(), none());
    expect([p.carbon_saved_by_less_energy_kg, p.carbon_saved_by_cleaner_energy_kg]).toEqual([0, 0]);
  });
});

describe('the energy a policy moved, by clock hour', () => {
  /** A run of four hours from `startEpochS` drawing 250 kWh in the quarter hour starting `at` seconds after the start, nothing else. */
  const oneRow = (startEpochS: number, at: number): HourlyEnergy => {
    const h = new HourlyEnergy(startEpochS);
    // The clock hours the supply's reliability closes: the first clipped to the run's start, each given its energy.
    const first = 3600 - (startEpochS % 3600);
    for (let t = 0; t < 4 * 3600; t = t === 0 ? first : t + 3600) {
      const end = t === 0 ? first : t + 3600;
      h.hour(t, at >= t && at < end ? 250 * 3.6e6 : 0, 1);
    }
    return h;
  };
  const halfPast = Date.UTC(2027, 0, 3, 0, 30) / 1000;

  it('a run starting at 00:30 that moves a quarter hour from 00:30 to 01:00 moved it between clock hours', () => {
    // 250 kWh drawn 00:30-00:45 without the policy and 01:00-01:15 with it: out of clock hour 00 into 01. By hours from the
    // start (00:30-01:30) both rows were one hour and nothing moved.
    const p = comparePolicy(figures({}), figures({}), oneRow(halfPast, 1800), oneRow(halfPast, 0));
    expect(p.energy_moved_out_mwh).toBe(0.25);
    expect(p.energy_moved_in_mwh).toBe(0.25);
  });

  it('a run starting on the hour: a move within the clock hour moved nothing', () => {
    const p = comparePolicy(figures({}), figures({}), oneRow(halfPast - 1800, 1800), oneRow(halfPast - 1800, 0));
    expect(p.energy_moved_out_mwh).toBe(0);
  });
});

describe("a policy's cost saved, as a share of the baseline's", () => {
  it('a site whose exports earn more than it pays (a negative net cost) saves a positive share when it saves', () => {
    // Before: saved / baseline: a demand-response site selling its SMR's power (baseline -46,575 USD, run -49,455 USD)
    // saved 2,880 USD, printed 'cost saved 2,880 USD (-6.2%)'. The share is of the baseline's size: +6.2 %.
    const base = figures({ cost_usd: -46_575, carbon_kg: 1000, facility_mwh: 10 });
    const run = figures({ cost_usd: -49_455, carbon_kg: 1000, facility_mwh: 10 });
    const p = comparePolicy(run, base, none(), none());
    expect(p.cost_saved_usd).toBe(2880);
    expect(p.cost_saved_share).toBeCloseTo(2880 / 46_575, 12);
    // A policy that costs more on such a site loses a negative share.
    expect(comparePolicy(base, run, none(), none()).cost_saved_share).toBeCloseTo(-2880 / 49_455, 12);
    // A positive baseline as before.
    expect(comparePolicy(figures({ cost_usd: 90 }), figures({ cost_usd: 100 }), none(), none()).cost_saved_share).toBe(
      0.1,
    );
  });
});
