/**
 * Costs in the model file, with units: what each component costs to build,
 * keep, fuel and replace, and the project's discount rate. Each component's
 * schema takes one of these blocks (`costs:`); src/economics turns them and a
 * run's ledger into cash flows, NPC and LCOE. Everything is optional: a
 * component without costs adds only what the run's ledger paid for its energy.
 *
 * Units inside: USD, USD per W, USD per W per year, USD per J, USD per s,
 * kg per W; lifetimes in seconds (a year is 365 days, as in durations).
 */
import * as z from 'zod';
import { grouped, PER_YEAR_BARE_MAX, PER_YEAR_BARE_WORDS, perYear, quantity } from './units.ts';
import { SECONDS } from '../kernel/time.ts';

/**
 * The longest lifetime: 1000 years, longer than anything built has run, and short enough that (1 + discount
 * rate)^years stays finite at any rate allowed (2^1000 is 1e301): a lifetime of 1e30 s gave a chip-hour cost of
 * NaN, refused only after the run.
 */
const LIFETIME_MAX_S = 1000 * SECONDS.year;
const LIFETIME_NOTE = 'at most 1000y (longer than anything built has run; longer overflows the discounting)';

/**
 * A lifetime's bounds: a day to 1000 years, and a bare number refused with the unit lives are quoted in. The duration's
 * own example, 'like "40h" or "40s"' for a bare 40, offered two forms the field refuses in turn (at least a day).
 */
const LIFETIME = {
  min: 86400,
  max: LIFETIME_MAX_S,
  needsUnit: (v: string) => `a lifetime with its unit, like "${v}y" (a bare number other than 0 could be in any unit)`,
};

/** `v` (a number) with its thousands grouped, to twelve significant digits. */
const shownPerKw = (v: number): string => grouped(Number(v.toPrecision(12)));

/**
 * A plant's or battery's cost per kW: at most 100,000 $/kW, some ten times the dearest nuclear plant's. PyPSA and its
 * technology data price per MW: a bare 6041000, meant per MW, was 6,041,000 $/kW, a thousandfold (space-grade arrays,
 * dearer per kW than any plant, keep the kind's bound).
 */
const PER_KW = {
  min: 0,
  magnitude: 1e5,
  beyond: (usdPerW: number) =>
    `cost per power of at most 100,000 $/kW (costs are per kW: "${Number((usdPerW * 1e3).toPrecision(12))} $/MW" is ${shownPerKw(usdPerW)} $/kW)`,
};
/** Fixed O&M likewise: at most 10,000 $/kW-yr, some fifty times a nuclear plant's (about 120-150 $/kW-yr). */
const PER_KW_YEAR = {
  min: 0,
  magnitude: 1e4,
  beyond: (usdPerWYear: number) =>
    `cost per power and year of at most 10,000 $/kW-yr (costs are per kW: "${Number((usdPerWYear * 1e3).toPrecision(12))} $/MW-yr" is ${shownPerKw(usdPerWYear)} $/kW-yr)`,
};

/**
 * A replacement's cost as a share of capital: bare, at most 1 (100 %), more only as a percentage. A bare 80, meant as
 * 80 %, was 80 times the capital: an SMR's NPC $11.70M where $4.86M.
 */
function replacementShare() {
  return quantity(
    'fraction',
    { min: 0, bareMax: 1, multipleOverBareMax: true },
    'A replacement\'s cost as a share of the capital cost; above 100 % only as a percentage ("120%": a bare 80 is refused, not read as 8,000 %)',
  ).prefault(1);
}

/**
 * When capital is paid (src/economics/cashflow.ts): the year the component enters service. The reference said 'paid at
 * the start' of a plant entering later, which pays it then, at that year's escalated price.
 */
const PAID_WHEN =
  "paid when it enters service (its in_service, a fusion PPA's contracted start; the project's start by default), escalated to that year";
const PAID_WHEN_DATED =
  "paid when it enters service (its in_service; the project's start by default), escalated to that year";

/** Fields every owned asset may carry. */
const assetFields = {
  capital: quantity(
    'cost_per_power',
    PER_KW,
    `Capital (overnight) cost per kW of the component's capacity, ${PAID_WHEN}; at most 100,000 $/kW (a cost per MW needs its unit: "6041000 $/MW")`,
  ).optional(),
  fixed_om: quantity(
    'cost_per_power_year',
    PER_KW_YEAR,
    'Fixed operation and maintenance per kW of capacity per year; at most 10,000 $/kW-yr (a cost per MW needs its unit: "120000 $/MW/year")',
  ).optional(),
  variable_om: quantity(
    'price',
    { min: 0 },
    "Variable operation and maintenance per MWh it generates, an SMR's or fusion plant's curtailed output included (on top of `price`, which the run's ledger already pays)",
  ).optional(),
  fuel: quantity(
    'price',
    { min: 0 },
    'Fuel per MWh it generates, curtailed output included (on top of `price`)',
  ).optional(),
  lifetime: quantity(
    'duration',
    LIFETIME,
    `Life of the asset (at least a day): replaced at its end, salvaged by linear remaining life at the end of the project (HOMER); ${LIFETIME_NOTE}`,
  ).optional(),
  replacement: replacementShare(),
  decommissioning: quantity(
    'cost_per_power',
    PER_KW,
    'Decommissioning per kW at the end of each life (a fading battery: at each replacement) and whole at a retirement within the project; a life still running at the end of the project pays its elapsed share (a fading battery: the share of its useful capacity used); at most 100,000 $/kW',
  ).optional(),
};

/**
 * A capital cost needs a lifetime: without one there is no replacement or salvage to compute; so does decommissioning,
 * paid at the end of each life (a life running at the project's end: its elapsed share), which without one was never
 * paid (an SMR owned at 500 $/kW of it, NPC 0). What to ask for, or nothing.
 */
export function lifetimeIssue(c: { lifetime?: number }, capitalFields: string[]): string | undefined {
  const withCapital = capitalFields.filter((f) => (c as Record<string, unknown>)[f] !== undefined);
  return withCapital.length > 0 && c.lifetime === undefined
    ? `a lifetime like "20y" (the costs give ${withCapital.join(' and ')})`
    : undefined;
}

function needLifetime(c: { lifetime?: number }, ctx: z.RefinementCtx, capitalFields: string[]): void {
  const message = lifetimeIssue(c, capitalFields);
  if (message) ctx.addIssue({ code: 'custom', message, path: ['lifetime'], input: undefined });
}

/** SMR, fusion PPA: capital, O&M, fuel, decommissioning per kW of rating. */
export const assetCostsSchema = z
  .strictObject(assetFields)
  .superRefine((c, ctx) => needLifetime(c, ctx, ['capital', 'decommissioning']))
  .meta({
    description: 'What the component costs (src/economics): capital, O&M, fuel, lifetime, replacement, decommissioning',
  });

export const batteryCostsSchema = z
  .strictObject({
    ...assetFields,
    // Refused where given (src/supply/battery.ts): taken, it was charged on the discharge, so a price written as the cost
    // of the energy that charges it paid that energy twice.
    fuel: quantity(
      'price',
      { min: 0 },
      'None: a battery burns no fuel, and one given is refused (the energy that charges it is paid to its sources, at their price; its wear per MWh discharged is variable_om)',
    ).optional(),
    capital: quantity(
      'cost_per_power',
      PER_KW,
      `Capital cost per kW of power, the larger of charge_power and discharge_power where given (inverter, balance of plant), ${PAID_WHEN_DATED}; at most 100,000 $/kW (a cost per MW needs its unit: "160000 $/MW")`,
    ).optional(),
    energy_capital: quantity(
      'price',
      // Cells cost far more per kWh than energy sells for: the bound is a million dollars a kWh, not a price's 1e6 $/MWh.
      // Priced by the kWh (REopt, ATB: 253 $/kWh) where a price's bare unit is $/MWh: a bare 253 was 0.253 $/kWh.
      {
        min: 0,
        magnitude: 1e9,
        needsUnit: (v) =>
          `a cost per energy capacity with its unit, like "${v} $/kWh" (a bare number other than 0 could be per kWh, as cells are priced, or per MWh)`,
      },
      'Capital cost per kWh of energy capacity (cells, enclosure)',
    ).optional(),
  })
  .meta({
    description:
      'What the battery costs: per kW of power and per kWh of energy, O&M, lifetime (replaced at its end; with `fade`, when it wears out instead)',
  });

/**
 * No battery: one that can store nothing (energy 0) or move nothing (power 0 both ways). It
 * stores, delivers and costs nothing (src/economics/components.ts: no capital, O&M or replacement), does not fade, and its
 * columns stay, at zero (state of charge 0 %), so a sizing that decides it down to 0 keeps the
 * table's shape.
 */
export function noBattery(b: BatteryPower & { energy: number }): boolean {
  const [charge, discharge] = batteryLimits(b);
  return b.energy === 0 || (charge === 0 && discharge === 0);
}

/** A battery's power fields: `power` is each limit's default, and is required unless both limits are given (src/supply/battery.ts). */
export type BatteryPower = { power?: number; charge_power?: number; discharge_power?: number };

/** Its charge and discharge limits, W. */
export function batteryLimits(b: BatteryPower): [charge: number, discharge: number] {
  return [b.charge_power ?? b.power ?? 0, b.discharge_power ?? b.power ?? 0];
}

export const solarCostsSchema = z
  .strictObject({
    ...assetFields,
    capital: quantity(
      'cost_per_power',
      { min: 0 },
      `Capital cost of the panels per kW of rated output (on the ground, before launch, and launch likewise), ${PAID_WHEN_DATED}`,
    ).optional(),
    mass: quantity(
      'mass_per_power',
      { positive: true },
      'Mass launched per kW of rated output (or a specific power like "59 W/kg")',
    ).optional(),
    launch: quantity('cost_per_mass', { min: 0 }, 'Launch cost per kg to orbit').optional(),
  })
  .superRefine((c, ctx) => {
    needLifetime(c, ctx, ['capital', 'launch', 'decommissioning']);
    if ((c.launch === undefined) !== (c.mass === undefined)) {
      const missing = c.launch === undefined ? 'launch' : 'mass';
      ctx.addIssue({
        code: 'custom',
        message: `a ${missing === 'launch' ? 'launch cost per kg' : 'mass per kW'} (launch cost is mass x price per kg)`,
        path: [missing],
        input: undefined,
      });
    }
  })
  .meta({
    description:
      'What the arrays cost: panels per kW, launch (mass per kW x cost per kg, counted as capital), O&M, lifetime',
  });

/**
 * A demand charge's bounds: at most 1,000 $/kW-month, some twenty times the dearest tariff's. A charge per MW-month
 * written bare (as transmission and capacity charges are quoted) was taken per kW-month: 12000 billed a thousandfold.
 */
export const DEMAND_CHARGE_BOUNDS = {
  min: 0,
  magnitude: 1000,
  beyond: (usdPerWMonth: number) => {
    const perKw = usdPerWMonth * 1000;
    return `a demand charge of at most 1,000 $/kW-month (charged by the kW: "${Number(perKw.toPrecision(12))} $/MW-month" is ${Number((perKw / 1000).toPrecision(12))} $/kW-month)`;
  },
};

export const gridCostsSchema = z
  .strictObject({
    demand_charge: quantity(
      'cost_per_power_month',
      DEMAND_CHARGE_BOUNDS,
      'Demand charge per kW of each month\'s billing demand: its highest mean import over a `demand_interval`; at most 1,000 $/kW-month (a charge per MW-month needs its unit: "12000 $/MW-month")',
    ).optional(),
    demand_interval: quantity(
      'duration',
      {
        positive: true,
        // Quoted in minutes: the duration's own 'like "15h" or "15s"' for a bare 15 offered an interval the field
        // refuses (it does not divide a day) and one of 15 seconds.
        needsUnit: (v) =>
          `a demand interval with its unit, like "${v}m" (a bare number other than 0 could be in any unit)`,
      },
      "Demand interval: a month's billing demand is its highest mean import over the clock's intervals of this length (15 minutes, as most tariffs: docs/reference.md §11), not its instantaneous peak",
    )
      .refine((s) => 86400 % s === 0, 'an interval that divides a day, like 15m, 30m or 1h')
      .optional(),
    fixed_charge: quantity(
      'site_money_rate',
      {
        min: 0,
        // Written by the month, where a money rate's bare unit is $/h: a bare 5000 was $43.8M a year, not $60,000.
        needsUnit: (v) =>
          `a money rate with its period, like "${v} $/month" or "${v} $/h" (a bare number other than 0 could be per hour or per month)`,
      },
      'Fixed charge (customer or connection charge), like "5000 $/month"',
    ).optional(),
  })
  .meta({
    description:
      "Grid charges beyond energy (src/economics): demand charge on each month's billing demand (highest 15-minute mean import), fixed charge",
  });

/**
 * A cluster's costs are per accelerator: at most 5 M$ of capital (a wafer-scale system is some 2-3 M$, an H100 with its
 * share of a server 30-50 k$) and 100 $ a chip-hour of rental (an H100 rents for some 2-12 $), so that a cluster's
 * total, written where its per-chip cost goes, is refused rather than multiplied by the count.
 */
const PER_CHIP_CAPITAL_MAX = 5e6;
export const PER_CHIP_RENTAL_MAX = 100;

export const hardwareCostsSchema = z
  .strictObject({
    capital: quantity(
      'money',
      {
        min: 0,
        // A cluster's total written here was multiplied by its count again: 500 M$ on 64 chips was 32 billion dollars.
        magnitude: PER_CHIP_CAPITAL_MAX,
        beyond: () =>
          "capital per accelerator of at most 5,000,000 USD (the field is per chip, with its share of the server and network: a cluster's total divided by its count)",
      },
      `Capital cost per accelerator, with its share of the server and network, ${PAID_WHEN_DATED}; at most 5,000,000 $ (a wafer-scale system's price and more: a cluster's total is refused, not multiplied by its count)`,
    ).optional(),
    lifetime: quantity(
      'duration',
      LIFETIME,
      `Life of the hardware (at least a day): replaced at its end, salvaged linearly at the end of the project; ${LIFETIME_NOTE}`,
    ).optional(),
    replacement: replacementShare(),
    rental: quantity(
      'money_rate',
      {
        min: 0,
        // A cluster's price written here was multiplied by its count again: 2 M$/yr on 64 chips was 128 M$ a year.
        magnitude: PER_CHIP_RENTAL_MAX,
        beyond: (usdPerS) =>
          `a rental per accelerator of at most 100 $ a chip-hour (the field is per chip, a cluster's price divided by its count: this is ${grouped(Number((usdPerS * 3600).toFixed(2)))} $ a chip-hour)`,
      },
      'Instead of owning: a cloud price per chip-hour, like "2.5 $/chip-hour", paid for every chip all the time; at most 100 $ a chip-hour (some ten times any accelerator\'s: a cluster\'s price is refused, not multiplied by its count)',
    ).optional(),
  })
  .superRefine((c, ctx) => {
    needLifetime(c, ctx, ['capital']);
    if (c.capital !== undefined && c.rental !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'either capital (owned) or rental (cloud), not both',
        path: ['rental'],
        input: c.rental,
      });
    }
  })
  .meta({
    description:
      'What the accelerators cost (src/economics): capital per chip with a lifetime, or a cloud price per chip-hour',
  });

/** economics.years as text: a whole number of years, with a year's unit or none ("10y", "10 years", "10"; "10.0y" as a bare 10.0). */
export const PROJECT_YEARS = /^\s*(\d+)(?:\.0+)?\s*(?:y|yr|yrs|year|years)?\s*$/i;

/**
 * The project's horizon written with a year's unit, as a duration is ("10y", "10 years"): that many years. It was refused
 * as 'expected a number, found "10y"'; another unit or a part year ("120mo", "10.5y") is refused naming the form.
 */
function projectYears(v: number | string, ctx: z.RefinementCtx): number {
  // A bare part year (10.5) in the words a written one gets ("10.5y"), where it read 'expected an integer'.
  if (typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v)) {
    ctx.addIssue({ code: 'custom', message: 'a whole number of years, like 10 or "10y"', input: v });
    return z.NEVER;
  }
  if (typeof v !== 'string') return v;
  const m = PROJECT_YEARS.exec(v);
  if (m) return Number(m[1]);
  ctx.addIssue({ code: 'custom', message: 'a whole number of years, like 10 or "10y"', input: v });
  return z.NEVER;
}

export const economicsSchema = z
  .strictObject({
    discount_rate: quantity(
      'fraction',
      {
        min: 0,
        max: 1,
        bareMax: PER_YEAR_BARE_MAX,
        yearlyFactor: true,
        per: perYear('a fraction like 0.07 or "7%" a year (or "7%/yr")'),
      },
      `Discount rate per year (0 to 100%): a real rate on prices held constant (no escalation), a nominal one with an escalation that holds inflation (docs/economics.md, Dollars and rates); ${PER_YEAR_BARE_WORDS}`,
    ),
    escalation: quantity(
      'fraction',
      {
        min: -0.5,
        max: 1,
        bareMax: PER_YEAR_BARE_MAX,
        yearlyFactor: true,
        per: perYear('a fraction like 0.02 or "2%" a year (or "2%/yr")'),
      },
      `Yearly growth of every price but carbon's (carbon_escalation): operating costs and revenues, replacements, decommissioning and salvage, and the capital of a component entering service after the start; the model's prices are today's (year 0), so year y's are escalated by (1 + escalation)^y, year 1's once; ${PER_YEAR_BARE_WORDS}`,
    ).prefault(0),
    carbon_price: quantity(
      'cost_per_mass',
      {
        min: 0,
        // Carbon is priced by the tonne (80 $/t), where a cost per mass's bare unit is $/kg: a bare 80 was $80,000 a tonne.
        needsUnit: (v) =>
          `a carbon price with its unit, like "${v} $/t" (a bare number other than 0 could be per tonne, as carbon is priced, or per kg)`,
        // 80 $/kg, written per kg where meant per tonne, ran at $80,000 a tonne: no carbon price or social cost of
        // carbon is near 10,000 $/t.
        magnitude: 10,
        // Not the kind's '"1500 $/kg" or "80 $/t"', a launch's price, which this field refuses (1.5 M$/t).
        example: 'a carbon price like "80 $/t" or "0.08 $/kg"',
        beyond: (usdPerKg) =>
          `a carbon price of at most 10,000 $/t (carbon is priced by the tonne: ${Number(usdPerKg.toPrecision(12))} $/kg is ${grouped(Math.round(usdPerKg * 1000))} $/t)`,
      },
      "Price of each tonne (like 80 $/t) of the supplies' carbon (summary.json's sources[].carbon_kg: their energy to the load and storage, location-based, exports left out), an internal or market carbon price: each year's carbon is a cash flow of its own (cashflow.csv's category carbon) in each supply's NPC and LCOE and the site's; none without it",
    ).optional(),
    carbon_escalation: quantity(
      'fraction',
      {
        min: -0.5,
        max: 1,
        bareMax: PER_YEAR_BARE_MAX,
        yearlyFactor: true,
        per: perYear('a fraction like 0.02 or "2%" a year (or "2%/yr")'),
      },
      `Yearly growth of the carbon price (year y's is carbon_price x (1 + carbon_escalation)^y); default the economics' escalation; refused without a carbon_price; ${PER_YEAR_BARE_WORDS}`,
    ).optional(),
    value_of_lost_load: quantity(
      'price',
      // Quoted by the kWh as often as by the MWh (REopt's value_of_lost_load_per_kwh, default 1.00 $/kWh; Switch's
      // unserved_load_penalty 500 $/MWh), where a price's bare unit is $/MWh: a bare 1, REopt's figure, priced unmet
      // energy at 1 $/MWh, a thousandth of it, and passed the bare-price rule (nothing under 1 $/MWh).
      {
        min: 0,
        needsUnit: (v) =>
          `a value of lost load with its unit, like "${v} $/kWh" or "${v} $/MWh" (a bare number other than 0 could be per kWh, as REopt gives it, or per MWh)`,
      },
      "What each MWh of demand left unmet costs the site (summary.json's energy_mwh.unmet: lost revenue, SLA penalties, a shortage's cost), as REopt's value_of_lost_load_per_kwh and Switch's unserved_load_penalty price it: each year's unmet energy is a cash flow of its own (cashflow.csv's component and category lost_load), escalated as operating costs are, in the NPC (economics.lost_load_npc_usd) but not the LCOE; without it no figure prices unmet energy",
    ).optional(),
    years: z
      .union([z.number(), z.string()], { error: () => 'a whole number of years, like 10 or "10y"' })
      .transform(projectYears)
      .pipe(z.number().int().positive().max(100))
      .optional()
      .meta({
        description:
          'Project horizon, a whole number of years, like 10 or "10y" (default: the project years the run covers, in part or whole). Years the run did not simulate repeat its last simulated year',
      }),
  })
  // An escalation of a carbon price not given priced nothing, silently: the NPC had no carbon in it.
  .superRefine((c, ctx) => {
    if (c.carbon_escalation !== undefined && c.carbon_price === undefined)
      ctx.addIssue({
        code: 'custom',
        message: 'a carbon_price to escalate (like "80 $/t"; without one no figure prices carbon)',
        path: ['carbon_escalation'],
        input: c.carbon_escalation,
      });
  })
  .meta({
    description: 'Project economics: discount rate, escalation and horizon for cash flows, NPC and LCOE (cashflow.csv)',
  });

export type AssetCosts = z.output<typeof assetCostsSchema>;
export type BatteryCosts = z.output<typeof batteryCostsSchema>;
export type SolarCosts = z.output<typeof solarCostsSchema>;
export type GridCosts = z.output<typeof gridCostsSchema>;
export type HardwareCosts = z.output<typeof hardwareCostsSchema>;
export type EconomicsConfig = z.output<typeof economicsSchema>;

/**
 * A grid's time-of-use demand windows as billed (`costs.tou_demand`): entries with one name are one window's parts (a
 * split peak, 07:00-11:00 and 17:00-21:00, or other hours in winter), billed once, on the month's highest demand
 * interval in any part, at their one charge (the schema refuses parts with different charges). In the order of each
 * name's first entry.
 */
export function windowsByName<T extends { name: string }>(entries: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const e of entries) groups.set(e.name, [...(groups.get(e.name) ?? []), e]);
  return [...groups.values()];
}
