import { describe, expect, it } from 'vitest';
import {
  cashFlows,
  summarize,
  type ComponentCosts,
  type LedgerYear,
  type Project,
} from '../../src/economics/cashflow.ts';
import { crf, lifeCycle } from '../../src/economics/finance.ts';
import { supplyCosts } from '../../src/economics/components.ts';
import { SECONDS } from '../../src/kernel/time.ts';

const YEAR_S = SECONDS.year;

const J_PER_MWH = 3.6e9;
const blank: Omit<ComponentCosts, 'name'> = {
  kind: 'smr',
  supply: true,
  capital: 0,
  replacement: 1,
  decommissioning: 0,
  fixedOmPerYear: 0,
  variableOmPerJ: 0,
  fuelPerJ: 0,
  demandChargePerW: 0,
  fixedChargePerYear: 0,
  rentalPerYear: 0,
};
const comp = (name: string, c: Partial<ComponentCosts>): ComponentCosts => ({ ...blank, name, ...c });
/** One fully simulated 365-day year in which `name` generated `usedJ`. */
const year = (sources: Record<string, Partial<LedgerYear['sources'][string]>>, servedJ = 0): LedgerYear => ({
  simulatedS: YEAR_S,
  lengthS: YEAR_S,
  servedJ,
  sources: Object.fromEntries(
    Object.entries(sources).map(([k, v]) => [
      k,
      { deliveredJ: 0, usedJ: 0, curtailedJ: 0, costUsd: 0, exportRevenueUsd: 0, months: [], ...v },
    ]),
  ),
});
const npcOf = (p: Project, c: ComponentCosts[], l: LedgerYear[]) => summarize(p, c, l, cashFlows(p, c, l));

describe('finance', () => {
  it('capital recovery factor: 8 % over 10 years is 0.149029 (tables); zero rate is 1/N', () => {
    expect(crf(0.08, 10)).toBeCloseTo(0.1490295, 7);
    expect(crf(0, 20)).toBe(0.05);
  });

  it('life cycle: replaced at each end of life inside the project, the last life salvaged by its remaining share', () => {
    expect(lifeCycle(4, 10)).toEqual({ replacements: [4, 8], ends: [4, 8], elapsedShare: 0.5, remainingShare: 0.5 });
    expect(lifeCycle(5, 10)).toEqual({ replacements: [5], ends: [5, 10], elapsedShare: 0, remainingShare: 0 });
    expect(lifeCycle(25, 10)).toEqual({ replacements: [], ends: [], elapsedShare: 0.4, remainingShare: 0.6 });
  });
});

describe('cash flows against hand computations', () => {
  it('one component, 8 %: $1,000 capital and $50 a year for 10 years is NPC $1,335.50 and $199.03 a year', () => {
    // Hand: 1000 + 50 x (1 - 1.08^-10) / 0.08 = 1000 + 50 x 6.7100814 = 1335.5041; x CRF 0.1490295 = 199.0295.
    const p = { discountRate: 0.08, escalation: 0, years: 10 };
    const c = [comp('plant', { capital: 1000, lifeYears: 10, fixedOmPerYear: 50 })];
    const flows = cashFlows(p, c, [year({})]);
    expect(flows).toHaveLength(11);
    expect(flows[0]).toEqual({
      year: 0,
      component: 'plant',
      category: 'capital',
      nominal_usd: 1000,
      discounted_usd: 1000,
    });
    expect(flows[10].discounted_usd).toBeCloseTo(50 / 1.08 ** 10, 10);
    const s = summarize(p, c, [year({})], flows);
    expect(s.npc_usd).toBeCloseTo(1335.5041, 4);
    expect(s.annualized_cost_usd).toBeCloseTo(199.0295, 4);
  });

  it('a nominal rate with escalation is the real rate (1 + d)/(1 + e) - 1 without it: the same NPC, a higher LCOE', () => {
    // docs/economics.md, Dollars and rates. $1,000 capital, $50 a year of O&M and 10 MWh a year served for 10 years.
    // At 7 % escalating 2 %: 1000 + 50 x sum (1.02/1.07)^y = 1000 + 50 x 7.75863 = 1387.93, the NPC at 4.902 % with no
    // escalation. The LCOE's energy is discounted at the rate given: sum 1.07^-y = 7.02358 against sum 1.04902^-y =
    // 7.75863, so 1387.93 / 70.2358 = 19.761 $/MWh (nominal, levelised in each year's dollars) against 17.889 (real).
    const c = [comp('plant', { capital: 1000, lifeYears: 10, fixedOmPerYear: 50 })];
    const served = [year({}, 10 * J_PER_MWH)];
    const nominal = npcOf({ discountRate: 0.07, escalation: 0.02, years: 10 }, c, served);
    const real = npcOf({ discountRate: 1.07 / 1.02 - 1, escalation: 0, years: 10 }, c, served);
    const pw = (r: number) => Array.from({ length: 10 }, (_, y) => (1 + r) ** -(y + 1)).reduce((a, b) => a + b);
    expect(nominal.npc_usd).toBeCloseTo(1000 + 50 * pw(1.07 / 1.02 - 1), 9);
    expect(nominal.npc_usd).toBeCloseTo(1387.93, 2);
    expect(real.npc_usd).toBeCloseTo(nominal.npc_usd, 9);
    expect(nominal.lcoe_usd_per_mwh).toBeCloseTo(19.761, 3);
    expect(real.lcoe_usd_per_mwh).toBeCloseTo(17.889, 3);
  });

  it('replacement every 4 years and linear salvage at 5 %: NPC $2,192.59 (hand: 2192.5852)', () => {
    // Hand: 1000 + 1000/1.05^4 + 1000/1.05^8 - 500/1.05^10 = 1000 + 822.7025 + 676.8394 - 306.9566.
    const p = { discountRate: 0.05, escalation: 0, years: 10 };
    const c = [comp('battery', { capital: 1000, lifeYears: 4 })];
    const flows = cashFlows(p, c, []);
    expect(flows.map((f) => [f.year, f.category, f.nominal_usd])).toEqual([
      [0, 'capital', 1000],
      [4, 'replacement', 1000],
      [8, 'replacement', 1000],
      [10, 'salvage', -500],
    ]);
    expect(npcOf(p, c, []).npc_usd).toBeCloseTo(2192.5852, 4);
  });

  it('escalation at the discount rate leaves every year worth its first-year cost today', () => {
    const p = { discountRate: 0.03, escalation: 0.03, years: 7 };
    const flows = cashFlows(p, [comp('x', { fixedOmPerYear: 100 })], []);
    expect(flows.map((f) => f.nominal_usd)[6]).toBeCloseTo(100 * 1.03 ** 7, 9);
    for (const f of flows) expect(f.discounted_usd).toBeCloseTo(100, 9);
  });

  it('NREL simple LCOE: (capital x CRF + fixed O&M) / (8760 x CF) + fuel + variable O&M', () => {
    // NREL ATB "simple LCOE": LCOE = (OCC x CRF + FOM) / (8760 x CF) + VOM + fuel, a plant of 1 kW at CF 0.93 over its 30-year life.
    const capW = 1000;
    const cf = 0.93;
    const occ = 6041; // $/kW
    const fom = 120; // $/kW-yr
    const d = 0.07;
    const cost = supplyCosts({
      kind: 'smr',
      name: 'smr',
      units: 1,
      rating: capW,
      costs: {
        capital: occ / 1000,
        fixed_om: fom / 1000,
        variable_om: 3 / J_PER_MWH,
        fuel: 7 / J_PER_MWH,
        lifetime: 30 * YEAR_S,
        replacement: 1,
      },
    });
    const used = capW * cf * YEAR_S;
    const s = npcOf(
      { discountRate: d, escalation: 0, years: 30 },
      [cost],
      [year({ smr: { usedJ: used, deliveredJ: used } }, used)],
    );
    const nrel = ((occ * crf(d, 30) + fom) / (8760 * cf)) * 1000 + 3 + 7;
    expect(s.components[0].lcoe_usd_per_mwh).toBeCloseTo(nrel, 9);
    expect(s.lcoe_usd_per_mwh).toBeCloseTo(nrel, 9);
    // Hand: CRF(7 %, 30) = 0.0805864; (6041 x 0.0805864 + 120) / 8146.8 h = $74.486/MWh, + 10.
    expect(nrel).toBeCloseTo(84.486, 3);
  });

  it('an SMR pays fuel and variable O&M on all it generates, curtailed output included, and its LCOE divides by it', () => {
    // HOMER's fuel curve takes the generator's output, whether the load uses it or it is dumped as excess
    // electricity (docs/reference.md §11); REopt burns fuel on the production before curtailment. 100 MWh taken
    // and 20 MWh curtailed at $7/MWh fuel and $3/MWh variable O&M: $840 and $360 a year.
    const cost = supplyCosts({
      kind: 'smr',
      name: 'smr',
      units: 1,
      rating: 20e6,
      costs: { fuel: 7 / J_PER_MWH, variable_om: 3 / J_PER_MWH, replacement: 1 },
    });
    const ledger = [year({ smr: { usedJ: 100 * J_PER_MWH, curtailedJ: 20 * J_PER_MWH } })];
    const flows = cashFlows({ discountRate: 0, escalation: 0, years: 1 }, [cost], ledger);
    expect(flows.find((f) => f.category === 'fuel')!.nominal_usd).toBeCloseTo(840, 9);
    expect(flows.find((f) => f.category === 'om')!.nominal_usd).toBeCloseTo(360, 9);
    // docs/economics.md: a component's LCOE is its NPC over the discounted energy it generated, the curtailed
    // output included as for its fuel; with no capital, NREL's simple LCOE is fuel + variable O&M, $10/MWh, not
    // $1,200 / 100 MWh taken = $12.
    const s = npcOf({ discountRate: 0.07, escalation: 0, years: 3 }, [cost], ledger);
    expect(s.components[0].generated_mwh).toBeCloseTo(360, 9);
    expect(s.components[0].lcoe_usd_per_mwh).toBeCloseTo(10, 9);
  });

  it("a battery's capital, decommissioning and fixed O&M per kW are on the larger of its charge and discharge powers", () => {
    // power: 1 MW with charge_power and discharge_power 5 MW dispatches as a 5 MW battery: it paid for 1 MW
    // ($968,000 at 968 $/kW), where its converter carries 5 ($4,840,000).
    const costs = { capital: 968 / 1e3, decommissioning: 10 / 1e3, fixed_om: 20 / 1e3, replacement: 1 };
    const at = (p: { power: number; charge_power?: number; discharge_power?: number }) =>
      supplyCosts({ kind: 'battery', name: 'battery', energy: 20e6 * 3600, costs, ...p });
    const five = at({ power: 5e6 });
    expect(five.capital).toBeCloseTo(4_840_000, 6);
    for (const c of [
      at({ power: 1e6, charge_power: 5e6, discharge_power: 5e6 }),
      at({ power: 1e6, discharge_power: 5e6 }),
      at({ power: 1e6, charge_power: 5e6 }),
      at({ power: 5e6, charge_power: 2e6 }),
    ]) {
      expect(c.capital).toBeCloseTo(five.capital, 6);
      expect(c.decommissioning).toBeCloseTo(five.decommissioning, 6);
      expect(c.fixedOmPerYear).toBeCloseTo(five.fixedOmPerYear, 6);
    }
  });

  it("a take-or-pay fusion PPA's LCOE is its price, what it offered and the site curtailed included", () => {
    const cost = supplyCosts({ kind: 'fusion-ppa', name: 'fusion', capacity: 50e6, costs: { replacement: 1 } });
    // The run's ledger pays $80/MWh on all 100 MWh offered; 30 of them were curtailed.
    const s = npcOf(
      { discountRate: 0.07, escalation: 0, years: 2 },
      [cost],
      [year({ fusion: { usedJ: 70 * J_PER_MWH, curtailedJ: 30 * J_PER_MWH, costUsd: 8000 } })],
    );
    expect(s.components[0].generated_mwh).toBeCloseTo(200, 9);
    expect(s.components[0].lcoe_usd_per_mwh).toBeCloseTo(80, 9);
  });

  it("the run's ledger: energy gross of export revenue, revenue negative, a part year scaled to a whole one, later years repeat it", () => {
    const p = { discountRate: 0, escalation: 0, years: 3 };
    const half: LedgerYear = {
      ...year({ grid: { costUsd: 100, exportRevenueUsd: 30, usedJ: 1 } }),
      simulatedS: YEAR_S / 2,
    };
    const flows = cashFlows(p, [comp('grid', { kind: 'grid' })], [half]);
    expect(flows.map((f) => [f.year, f.category, f.nominal_usd])).toEqual([
      [1, 'energy', 200],
      [1, 'export_revenue', -60],
      [2, 'energy', 200],
      [2, 'export_revenue', -60],
      [3, 'energy', 200],
      [3, 'export_revenue', -60],
    ]);
  });

  it('a leap year repeated: each later project year carries 365 days of its energy and costs, not 366', () => {
    // A whole simulated leap year: $1 and 1 MWh a day to the grid, 1 MWh a day served, repeated over three years.
    const DAY = 86400;
    const leap: LedgerYear = {
      ...year({ grid: { costUsd: 366, exportRevenueUsd: 36.6, usedJ: 366 * J_PER_MWH } }, 366 * J_PER_MWH),
      simulatedS: 366 * DAY,
      lengthS: 366 * DAY,
    };
    const p = { discountRate: 0.07, escalation: 0, years: 3 };
    const c = [comp('grid', { kind: 'grid', fuelPerJ: 1 / J_PER_MWH })];
    const flows = cashFlows(p, c, [leap]);
    const nominal = (y: number, cat: string) => flows.find((f) => f.year === y && f.category === cat)!.nominal_usd;
    // Its own year is what the run simulated; each year after it a project year's 365 days.
    expect([1, 2, 3].map((y) => nominal(y, 'energy'))).toEqual([366, 365, 365]);
    expect([1, 2, 3].map((y) => nominal(y, 'fuel'))).toEqual([366, 365, 365]);
    expect(nominal(3, 'export_revenue')).toBeCloseTo(-36.5, 12);
    const s = summarize(p, c, [leap], flows);
    expect(s.served_mwh).toBeCloseTo(366 + 365 + 365, 9);
    expect(s.components[0].generated_mwh).toBeCloseTo(366 + 365 + 365, 9);
    // The cash flows sum to the NPC, and the LCOE divides it by the same energy, discounted alike.
    expect(s.npc_usd).toBe(flows.reduce((a, f) => a + f.discounted_usd, 0));
    const disc = 366 / 1.07 + 365 / 1.07 ** 2 + 365 / 1.07 ** 3;
    expect(s.npc_usd).toBeCloseTo(2 * disc - 0.1 * disc, 9);
    expect(s.lcoe_usd_per_mwh).toBeCloseTo(s.supply_npc_usd / disc, 12);
  });

  it('a leap year simulated in part stands for 365 days: 40 days of it scaled by 365/40, not 366/40', () => {
    const DAY = 86400;
    const part: LedgerYear = {
      ...year({ grid: { costUsd: 40, usedJ: 40 * J_PER_MWH } }, 40 * J_PER_MWH),
      simulatedS: 40 * DAY,
      lengthS: 366 * DAY,
    };
    const p = { discountRate: 0, escalation: 0, years: 2 };
    const flows = cashFlows(p, [comp('grid', { kind: 'grid' })], [part]);
    expect(flows.map((f) => [f.year, f.category, f.nominal_usd])).toEqual([
      [1, 'energy', 365],
      [2, 'energy', 365],
    ]);
    expect(npcOf(p, [comp('grid', { kind: 'grid' })], [part]).served_mwh).toBeCloseTo(730, 9);
  });

  it("demand charge: rate x each month's peak import, a part month by its share; fixed charge per year", () => {
    const p = { discountRate: 0, escalation: 0, years: 1 };
    const twelve = Array.from({ length: 12 }, (_, k) => ({ demandW: k < 11 ? 1e6 : 2e6, share: 1 }));
    const l = [year({ grid: { months: twelve } })];
    const flows = cashFlows(p, [comp('grid', { kind: 'grid', demandChargePerW: 0.012, fixedChargePerYear: 60000 })], l);
    // Each its own category (as REopt reports demand and fixed charges apart from energy charges), never inside `energy`.
    expect(flows).toEqual([
      {
        year: 1,
        component: 'grid',
        category: 'demand_charge',
        nominal_usd: 11 * 12000 + 24000,
        discounted_usd: 156000,
      },
      { year: 1, component: 'grid', category: 'fixed_charge', nominal_usd: 60000, discounted_usd: 60000 },
    ]);
  });

  it('a year simulated in part pays 12 billing months of demand charge, at the mean peak of its months by share', () => {
    // 40 days from 20 January: a whole billing month (peak 1 MW) and 9 of the next 28 days (peak 2 MW). The days scale
    // (365/40) made that 12.06 billing months; a year has 12: 12 x 0.012 $/W x (1 MW x 1 + 2 MW x 9/28) / (1 + 9/28).
    const p = { discountRate: 0, escalation: 0, years: 2 };
    const part: LedgerYear = {
      ...year({
        grid: {
          months: [
            { demandW: 1e6, share: 1 },
            { demandW: 2e6, share: 9 / 28 },
          ],
        },
      }),
      simulatedS: 40 * 86400,
    };
    const flows = cashFlows(p, [comp('grid', { kind: 'grid', demandChargePerW: 0.012 })], [part]);
    const want = (12 * 0.012 * (1e6 + (2e6 * 9) / 28)) / (1 + 9 / 28);
    expect(flows.map((f) => [f.year, f.category])).toEqual([
      [1, 'demand_charge'],
      [2, 'demand_charge'],
    ]);
    for (const f of flows) expect(f.nominal_usd).toBeCloseTo(want, 6);
  });
});

describe('service windows', () => {
  it('in service from year 2 to year 8 of 10, life 4: capital in year 2, replaced in 6, half salvaged in 8, O&M in years 3-8', () => {
    const p = { discountRate: 0, escalation: 0, years: 10 };
    const flows = cashFlows(
      p,
      [comp('x', { capital: 1000, lifeYears: 4, fixedOmPerYear: 10, fromYears: 2, toYears: 8 })],
      [],
    );
    expect(flows.filter((f) => f.category !== 'om').map((f) => [f.year, f.category, f.nominal_usd])).toEqual([
      [2, 'capital', 1000],
      [6, 'replacement', 1000],
      [8, 'salvage', -500],
    ]);
    expect(flows.filter((f) => f.category === 'om').map((f) => f.year)).toEqual([3, 4, 5, 6, 7, 8]);
  });

  it('decommissioning: whole at each end of life and at a retirement within the project; its elapsed share at the end', () => {
    // Life 10 y, $200 to decommission. Retired in year 4 of 10: it is taken down, $200 (not 4/10 of it, $80),
    // and salvaged by the 6 years left. Running to the end of the project: the liability accrued, 4/10.
    const p = { discountRate: 0, escalation: 0, years: 10 };
    const decom = (c: Partial<ComponentCosts>, years = 10) =>
      cashFlows({ ...p, years }, [comp('x', { capital: 1000, lifeYears: 10, decommissioning: 200, ...c })], [])
        .filter((f) => f.category !== 'capital')
        .map((f) => [f.year, f.category, f.nominal_usd]);
    expect(decom({ toYears: 4 })).toEqual([
      [4, 'decommissioning', 200],
      [4, 'salvage', -600],
    ]);
    expect(decom({}, 4)).toEqual([
      [4, 'decommissioning', 80],
      [4, 'salvage', -600],
    ]);
    // Retired at the end of its life: once, as a life's end. Retired after the project: the elapsed share.
    expect(decom({ fromYears: 2, toYears: 12 }, 15)).toEqual([[12, 'decommissioning', 200]]);
    expect(decom({ toYears: 30 }, 4)).toEqual([
      [4, 'decommissioning', 80],
      [4, 'salvage', -600],
    ]);
    // Retired on the project's last instant, its end date: taken down, whole, as a day before. It paid the elapsed share,
    // $80, as if it ran on, where retired a day earlier it paid $200.
    expect(decom({ toYears: 4 }, 4)).toEqual([
      [4, 'decommissioning', 200],
      [4, 'salvage', -600],
    ]);
  });

  it('fixed charges and rental are paid for the share of each year in service', () => {
    const p = { discountRate: 0, escalation: 0, years: 3 };
    const flows = cashFlows(
      p,
      [comp('g', { kind: 'grid', fixedChargePerYear: 100, rentalPerYear: 10, fromYears: 0.5, toYears: 2 })],
      [],
    );
    expect(flows.map((f) => [f.year, f.category, f.nominal_usd])).toEqual([
      [1, 'fixed_charge', 50],
      [1, 'rental', 5],
      [2, 'fixed_charge', 100],
      [2, 'rental', 10],
    ]);
  });

  it('rental is per chip-hour: a leap year the run simulates whole pays its 8,784 hours, as its energy counts 366 days; repeated, 8,760', () => {
    // $1 a day (rentalPerYear is per year of 365 days). A whole simulated 2028 paid 365 days of rental beside 366 days
    // of energy, and in service for its second half (fromYears 0.5), 182.5 days where it was in service 183.
    const DAY = 86400;
    const leap: LedgerYear = {
      ...year({ grid: { costUsd: 366 } }),
      simulatedS: 366 * DAY,
      lengthS: 366 * DAY,
    };
    const p = { discountRate: 0, escalation: 0, years: 2 };
    const rental = (c: Partial<ComponentCosts>) =>
      cashFlows(p, [comp('gpu', { kind: 'cluster', supply: false, rentalPerYear: 365, ...c })], [leap])
        .filter((f) => f.category === 'rental')
        .map((f) => [f.year, Number(f.nominal_usd.toFixed(9))]);
    expect(rental({})).toEqual([
      [1, 366],
      [2, 365],
    ]);
    expect(rental({ fromYears: 0.5 })).toEqual([
      [1, 183],
      [2, 365],
    ]);
    // A leap year simulated in part stands for 365 days, as its energy does.
    const part: LedgerYear = { ...leap, simulatedS: 40 * DAY };
    const flows = cashFlows(p, [comp('gpu', { kind: 'cluster', supply: false, rentalPerYear: 365 })], [part]);
    expect(flows.map((f) => [f.year, f.category, f.nominal_usd])).toEqual([
      [1, 'rental', 365],
      [2, 'rental', 365],
    ]);
  });

  it("capital paid later is at that year's prices (escalated) and discounted", () => {
    const p = { discountRate: 0.05, escalation: 0.02, years: 10 };
    const [cap] = cashFlows(p, [comp('x', { capital: 1000, fromYears: 3 })], []);
    expect(cap).toMatchObject({ year: 3, category: 'capital' });
    expect(cap.nominal_usd).toBeCloseTo(1000 * 1.02 ** 3, 9);
    expect(cap.discounted_usd).toBeCloseTo((1000 * 1.02 ** 3) / 1.05 ** 3, 9);
  });
});

describe('battery fade', () => {
  const p = { discountRate: 0, escalation: 0, years: 7 };
  /**
   * The oracle: the simulated battery's daily update (src/supply/battery.ts), day by day in years of 365 days from
   * `fromYears` at `capacity`, losing `perYear` a year, replaced at the first update it is below `replaceAt`. The
   * project years of its replacements, and its capacity at `years`.
   */
  const daily = (capacity: number, fromYears: number, perYear: number, replaceAt: number, years: number) => {
    const replaced: number[] = [];
    for (let day = Math.round(fromYears * 365) + 1; day <= years * 365; day++) {
      capacity -= perYear / 365;
      if (capacity < replaceAt - 1e-9) {
        replaced.push(Math.ceil(day / 365));
        capacity = 1;
      }
    }
    return { replaced, capacity };
  };

  /** Calendar fade alone, after a run that simulated `simulated`. */
  const calendarAfterRun = (
    calendarPerYear: number,
    replaceAt: number,
    simulated: NonNullable<ComponentCosts['fade']>['simulated'],
  ) => ({ calendarPerYear, perCycle: 0, replaceAt, nameplateJ: 1, simulated });

  it('calendar: 5 %/yr reaches 80 % at 4 years, replaced the day after (year 5); at year 7, 3 years on, 85 % leaves a quarter of its useful life, salvaged', () => {
    const flows = cashFlows(
      p,
      [comp('b', { capital: 1000, fade: { calendarPerYear: 0.05, perCycle: 0, replaceAt: 0.8, nameplateJ: 1 } })],
      [],
    );
    const want = daily(1, 0, 0.05, 0.8, 7);
    expect(want.replaced).toEqual([5]);
    expect(flows.map((f) => [f.year, f.category])).toEqual([
      [0, 'capital'],
      [5, 'replacement'],
      [7, 'salvage'],
    ]);
    // Before, replaced at the end of year 5 as new (a life of 5 years, not 4): 90 % at year 7, salvaged at -500.
    expect(flows[2].nominal_usd).toBeCloseTo((-1000 * (want.capacity - 0.8)) / 0.2, 6);
    expect(want.capacity).toBeCloseTo(0.85, 3);
  });

  it('a fading battery is decommissioned at each replacement and at a retirement, and accrues its worn share at the end', () => {
    // 5 %/yr, replaced below 80 % (the day after 4 years: year 5), $100 to decommission: $100 then; at year 7, about
    // 85 %: three quarters of its useful life used, about $75 accrued. Retired in year 6: taken down, $100. Before, a
    // fading battery's decommissioning was never paid.
    const fade = { calendarPerYear: 0.05, perCycle: 0, replaceAt: 0.8, nameplateJ: 1 };
    const decom = (c: Partial<ComponentCosts>) =>
      cashFlows(p, [comp('b', { capital: 1000, decommissioning: 100, fade, ...c })], [])
        .filter((f) => f.category === 'decommissioning')
        .map((f) => [f.year, f.nominal_usd]);
    const end = daily(1, 0, 0.05, 0.8, 7).capacity;
    expect(decom({})).toEqual([
      [5, 100],
      [7, expect.closeTo(100 * (1 - (end - 0.8) / 0.2), 6)],
    ]);
    expect(decom({ toYears: 6 })).toEqual([
      [5, 100],
      [6, 100],
    ]);
    // Retired at the project's end: taken down, $100, not the worn share accrued.
    expect(decom({ toYears: 7 })).toEqual([
      [5, 100],
      [7, 100],
    ]);
  });

  it('cycles: 10 equivalent full cycles a year (1,000 J from 100 J nameplate) at 1 % each: replaced each time it falls below 80 %, every 2 years and a day', () => {
    const flows = cashFlows(
      p,
      [comp('b', { capital: 1000, fade: { calendarPerYear: 0, perCycle: 0.01, replaceAt: 0.8, nameplateJ: 100 } })],
      [year({ b: { usedJ: 1000 } })],
    );
    const want = daily(1, 0, 0.1, 0.8, 7);
    expect(want.replaced).toEqual([3, 5, 7]);
    // Before: [3, 6], each life rounded up to a whole number of years after the first.
    expect(flows.filter((f) => f.category === 'replacement').map((f) => f.year)).toEqual(want.replaced);
    expect(flows.at(-1)).toMatchObject({ year: 7, category: 'salvage' });
    expect(flows.at(-1)!.nominal_usd).toBeCloseTo((-1000 * (want.capacity - 0.8)) / 0.2, 6);
  });

  it('after a one-year run, 17 %/yr to 70 %: replaced as ten simulated years would, in years 2, 4, 6, 8 and 9, a third left at the end', () => {
    // A life of 0.3 / 0.17 = 1.76 years. Before, each was replaced at the end of the year it fell below 70 %, in years
    // 2, 4, 6 and 8, a life of two years, and was worn out at the end (salvage 0): a planner paid for four
    // replacements where ten simulated years pay for five (NPC of the model $739.7k, simulated $813.1k).
    const fade = calendarAfterRun(0.17, 0.7, { untilYears: 1, capacity: 0.83, replacementYears: [] });
    const flows = cashFlows({ ...p, years: 10 }, [comp('b', { capital: 1000, fade })], [year({ b: {} })]);
    const want = daily(0.83, 1, 0.17, 0.7, 10);
    expect(want.replaced).toEqual([2, 4, 6, 8, 9]);
    expect(flows.filter((f) => f.category === 'replacement').map((f) => f.year)).toEqual(want.replaced);
    const salvage = flows.find((f) => f.category === 'salvage')!;
    expect(salvage.year).toBe(10);
    expect(salvage.nominal_usd).toBeCloseTo((-1000 * (want.capacity - 0.7)) / 0.3, 6);
    expect(want.capacity).toBeCloseTo(0.8, 2);
  });

  it("after a run, a replacement whose daily update falls on an anniversary is that year's, as in a run that simulates it", () => {
    // 15 %/yr to 80 %, a 3-year run ending 122 days after its last replacement (0.94986): it falls below 80 % 364.67
    // days on, so the update at the end of year 4 (2031-01-01 of g3, a battery in a 2027 model) finds it worn. The
    // run of all five years replaces it there, in year 4, and salvages it at 85 % (-250 of 1,000). Before, the
    // projection put it a day later, in year 5 (discounted a year more), and salvaged it at 85.04 %.
    const capacity = 1 - (0.15 * 122) / 365;
    const fade = calendarAfterRun(0.15, 0.8, { untilYears: 3, capacity, replacementYears: [] });
    const flows = cashFlows({ ...p, years: 5 }, [comp('b', { capital: 1000, fade })], [year({ b: {} })]);
    const want = daily(capacity, 3, 0.15, 0.8, 5);
    expect(want.replaced).toEqual([4]);
    expect(flows.filter((f) => f.category === 'replacement').map((f) => f.year)).toEqual(want.replaced);
    const salvage = flows.find((f) => f.category === 'salvage')!;
    expect(salvage.nominal_usd).toBeCloseTo((-1000 * (want.capacity - 0.8)) / 0.2, 6);
    expect(want.capacity).toBeCloseTo(0.85, 9);
  });

  it("a replacement the run made at its very end is not a one-year project's: worn out, it is salvaged at nothing and decommissioned", () => {
    // 20.01 %/yr to 80 %: 0.79995 at the end of a 365-day run, whose last update (at the end) replaced it. The
    // project ends then: the replacement is not paid, so the battery it salvages is the worn one, not a new one.
    // Before: no replacement, no decommissioning and a salvage of -1,000, the new battery's whole value.
    const fade = calendarAfterRun(0.2001, 0.8, {
      untilYears: 1,
      capacity: 1,
      replacementYears: [1],
      capacityAt: () => 1 - 0.2001,
    });
    const flowsOver = (years: number) =>
      cashFlows({ ...p, years }, [comp('b', { capital: 1000, decommissioning: 100, fade })], [year({ b: {} })]);
    expect(flowsOver(1).map((f) => [f.year, f.category, f.nominal_usd])).toEqual([
      [0, 'capital', 1000],
      [1, 'decommissioning', 100],
    ]);
    // A project a year longer pays it at the end of year 1, and its new battery fades on: 0.7999 at the end of
    // year 2, worn too.
    expect(flowsOver(2).map((f) => [f.year, f.category])).toEqual([
      [0, 'capital'],
      [1, 'replacement'],
      [1, 'decommissioning'],
      [2, 'decommissioning'],
    ]);
  });

  it("a battery's equivalent full cycle is its nameplate energy discharged, whatever its state-of-charge window", () => {
    // Modo Energy's definition, from which the 5 % per 1,000 cycles comes (docs/reference.md §11): one cycle is
    // the nameplate energy discharged. 100 MWh (soc 10-90 % by default), 200 MWh discharged a year is 2 cycles a year, not 2.5
    // (over the 80 MWh between the bounds): at 100 % per 1,000 cycles and no calendar fade, 20 cycles in ten years
    // leave 0.98 (not 0.975), never below 80 %: salvaged at (0.98 - 0.8) / 0.2 of its $50,000 capital.
    const battery = supplyCosts({
      kind: 'battery',
      name: 'b',
      energy: 100 * J_PER_MWH,
      power: 50e6,
      fade: { calendar: 0, cycle: 1, replace_at: 0.8 },
      costs: { capital: 1 / 1000, replacement: 1 },
    });
    const flows = cashFlows(
      { discountRate: 0, escalation: 0, years: 10 },
      [battery],
      [year({ b: { usedJ: 200 * J_PER_MWH } })],
    );
    const salvage = flows.find((f) => f.category === 'salvage')!;
    expect(flows.some((f) => f.category === 'replacement')).toBe(false);
    expect(salvage.nominal_usd).toBeCloseTo((-50_000 * (0.98 - 0.8)) / 0.2, 6);
  });
});
