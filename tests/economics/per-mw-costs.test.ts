/**
 * Costs per kW written per MW (docs/economics.md): a supply's capital, fixed O&M and decommissioning are per kW, where
 * PyPSA and its technology data price per MW (nuclear some 6e6 per MW). A bare capital of 6041000, meant per MW, was
 * read as 6,041,000 $/kW, a thousandfold: an SMR of 1 MW cost 6.04e9 USD, exit 0. No SMR, fusion plant or battery
 * costs 100,000 $/kW, nor 10,000 $/kW a year to keep: beyond, the one-line error names the unit per MW.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.ts';
import { loadScenario } from '../../src/run.ts';

const SMALL = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');
const ECON = 'economics={ discount_rate: 7%, years: 1 }';
const smr = (costs: string) => [
  `supply[1]={ kind: smr, units: 1, rating: 1 MW, price: 89 $/MWh, costs: { lifetime: 40y, ${costs} } }`,
  ECON,
];

/** The one-line error loading the small model with `set` gives (its message ends as `re` says). */
const refuses = (set: string[], re: RegExp): void => {
  expect(() => loadScenario({ model: SMALL, set })).toThrow(InputError);
  expect(() => loadScenario({ model: SMALL, set })).toThrow(re);
};

/**
 * A cluster's costs are per accelerator (docs/economics.md): capital per chip, rental per chip-hour, each times the
 * cluster's count. A cluster's total written there was multiplied by the count again: 'capital: 500 M$' on 64 H200s
 * put 32 billion dollars in year 0, and 'rental: 2 M$/yr' (the money rate's own example) rented each chip for 2 M$ a
 * year, 128 M$ for the 64; both ran, exit 0. No accelerator costs 5 M$ (a wafer-scale system some 2-3 M$), nor rents
 * for 100 $ a chip-hour (an H100 some 2-12 $): beyond, a one-line error says the field is per chip.
 */
const chipCosts = (c: string) => [`clusters[0].costs={ ${c} }`, ECON];

describe("a cluster's total written as its per-chip cost", () => {
  it('refuses capital above 5,000,000 $ a chip, saying it is per chip', () => {
    refuses(
      chipCosts('capital: 500 M$, lifetime: 5y'),
      /clusters\[0\]\.costs\.capital: expected capital per accelerator of at most 5,000,000 USD \(the field is per chip, with its share of the server and network: a cluster's total divided by its count\), found "500 M\$"$/,
    );
  });

  it('refuses a rental above 100 $ a chip-hour, saying it is per chip', () => {
    refuses(
      chipCosts('rental: 2 M$/yr'),
      /clusters\[0\]\.costs\.rental: expected a rental per accelerator of at most 100 \$ a chip-hour \(the field is per chip, a cluster's price divided by its count: this is 228\.31 \$ a chip-hour\), found "2 M\$\/yr"$/,
    );
    refuses(
      chipCosts('rental: 160000 $/h'),
      /clusters\[0\]\.costs\.rental: expected a rental per accelerator of at most 100 \$ a chip-hour .*found "160000 \$\/h"$/,
    );
  });

  it("takes any accelerator's price and rent", () => {
    for (const c of [
      'capital: 30000 $, lifetime: 5y',
      'capital: 3 M$, lifetime: 5y',
      'capital: 5 M$, lifetime: 5y',
      'rental: 2.5 $/chip-hour',
      'rental: 1800 $/month',
      'rental: 100 $/h',
    ])
      expect(() => loadScenario({ model: SMALL, set: chipCosts(c) }), c).not.toThrow();
  });
});

describe('a cost per kW written per MW', () => {
  it("refuses an SMR's capital, fixed O&M or decommissioning a thousandfold any plant's", () => {
    refuses(
      smr('capital: 6041000'),
      /supply\[1\]\.costs\.capital: expected cost per power of at most 100,000 \$\/kW \(costs are per kW: "6041000 \$\/MW" is 6,041 \$\/kW\), found 6041000$/,
    );
    refuses(
      smr('fixed_om: 120000'),
      /supply\[1\]\.costs\.fixed_om: expected cost per power and year of at most 10,000 \$\/kW-yr \(costs are per kW: "120000 \$\/MW-yr" is 120 \$\/kW-yr\), found 120000$/,
    );
    refuses(
      smr('decommissioning: 750000'),
      /supply\[1\]\.costs\.decommissioning: expected cost per power of at most 100,000 \$\/kW \(costs are per kW: "750000 \$\/MW" is 750 \$\/kW\), found 750000$/,
    );
  });

  it("refuses a fusion plant's and a battery's capital alike", () => {
    refuses(
      [
        'supply[1]={ kind: fusion-ppa, capacity: 1 MW, start: 2027-03-01, price: 80 $/MWh, costs: { capital: 8000000, lifetime: 30y } }',
        ECON,
      ],
      /supply\[1\]\.costs\.capital: expected cost per power of at most 100,000 \$\/kW .*found 8000000$/,
    );
    refuses(
      [
        'supply[1]={ kind: battery, energy: 1 MWh, power: 1 MW, costs: { capital: 160000, energy_capital: 253 $/kWh, lifetime: 10y } }',
        ECON,
      ],
      /supply\[1\]\.costs\.capital: expected cost per power of at most 100,000 \$\/kW .*found 160000$/,
    );
  });

  it('takes them per MW with their unit, and per kW as before', () => {
    for (const costs of [
      'capital: 6041000 $/MW, fixed_om: 120000 $/MW/year, decommissioning: 750000 $/MW',
      'capital: 6041, fixed_om: 120, decommissioning: 750',
      'capital: 100000 $/kW, fixed_om: 10000 $/kW-yr',
    ])
      expect(() => loadScenario({ model: SMALL, set: smr(costs) }), costs).not.toThrow();
    // Space-grade arrays are dearer per kW than any plant on the ground: their capital keeps the kind's bound.
    expect(() =>
      loadScenario({
        model: SMALL,
        set: [
          'supply[1]={ kind: space-solar, panels: 10, price: 5 $/MWh, costs: { capital: 400000 $/kW, lifetime: 15y } }',
          ECON,
        ],
      }),
    ).not.toThrow();
  });
});

/**
 * A replacement's share of capital written in per cent without its "%": `replacement: 80`, meant as 80 %, was 80 times
 * the capital (an SMR of 40 kW at 6,000 $/kW with a 7-year life over ten years: NPC $11.70M where $4.86M, its LCOE
 * 2,211 $/MWh where 193), though the reference says a bare number is in 0-1.
 */
describe("a replacement's share written in per cent", () => {
  it('refuses a bare share above 1, on a supply and on a cluster, and says how to write it', () => {
    refuses(
      smr('capital: 6000 $/kW, replacement: 80'),
      /supply\[1\]\.costs\.replacement: expected a fraction like 0\.8 or "80%" \(a bare number is a share of 1: 80 is 8000 %; write "8000%" if meant\), found 80$/,
    );
    refuses(
      ['clusters[0].costs={ capital: 30000 $, lifetime: 5y, replacement: 50 }', ECON],
      /clusters\[0\]\.costs\.replacement: expected a fraction like 0\.5 or "50%" .*found 50$/,
    );
    // A share just over 1 is a multiple meant as a percentage over 100 (120 %), not 1.2 %: 'like 0.012 or "1.2%"' led
    // the reader to a replacement at 1.2 % of the capital.
    refuses(
      smr('capital: 6000 $/kW, replacement: 1.2'),
      /supply\[1\]\.costs\.replacement: expected a bare fraction at most 1 \(a bare number is a share of 1: 1\.2 is 120 %; write "120%" if meant\), found 1\.2$/,
    );
  });

  it('takes a share of 1 or less bare, and any as a percentage', () => {
    for (const r of ['0.8', '1', '0', '80%', '150%'])
      expect(() => loadScenario({ model: SMALL, set: smr(`capital: 6000 $/kW, replacement: ${r}`) }), r).not.toThrow();
  });
});

/**
 * A lifetime or a demand interval written bare is refused, as any duration: its refusal offered the duration's own
 * example, 'like "40h" or "40s"' for a lifetime of 40 (meant in years), both refused in turn ('expected duration at
 * least 1d'), and 'like "15h" or "15s"' for a demand interval of 15 (meant in minutes), the one refused (it does not
 * divide a day), the other a 15-second interval. Each now offers the unit such a figure is quoted in.
 */
describe('a bare lifetime or demand interval', () => {
  it('is refused with the unit it is quoted in, a form the field takes', () => {
    refuses(
      [
        `supply[1]={ kind: smr, units: 1, rating: 1 MW, price: 89 $/MWh, costs: { capital: 6041 $/kW, lifetime: 40 } }`,
        ECON,
      ],
      /supply\[1\]\.costs\.lifetime: expected a lifetime with its unit, like "40y" \(a bare number other than 0 could be in any unit\), found 40$/,
    );
    refuses(
      chipCosts('capital: 30000 $, lifetime: 5'),
      /clusters\[0\]\.costs\.lifetime: expected a lifetime with its unit, like "5y" \(a bare number other than 0 could be in any unit\), found 5$/,
    );
    refuses(
      [`supply[0].costs={ demand_charge: 12 $/kW-month, demand_interval: 15 }`, ECON],
      /supply\[0\]\.costs\.demand_interval: expected a demand interval with its unit, like "15m" \(a bare number other than 0 could be in any unit\), found 15$/,
    );
    // The forms offered load.
    for (const set of [
      [
        `supply[1]={ kind: smr, units: 1, rating: 1 MW, price: 89 $/MWh, costs: { capital: 6041 $/kW, lifetime: 40y } }`,
        ECON,
      ],
      chipCosts('capital: 30000 $, lifetime: 5y'),
      [`supply[0].costs={ demand_charge: 12 $/kW-month, demand_interval: 15m }`, ECON],
    ])
      expect(() => loadScenario({ model: SMALL, set })).not.toThrow();
  });
});
