/**
 * Cash flows, net present cost and levelised cost of energy from the
 * components' costs and a run's ledger (energy, cost and peaks by source and
 * year). Pure functions of numbers: no simulation objects.
 *
 * Conventions (HOMER and REopt):
 * - capital is paid in year 0; operating flows at the end of years 1..N;
 *   a flow in year y is discounted by (1 + d)^-y;
 * - prices in the model are today's (year 0; REopt's present-worth factor
 *   escalates from year 1 on the same way): every operating flow, and
 *   replacements, decommissioning and salvage, grow by (1 + e)^y;
 * - an asset in service from a later date pays its capital in the year it
 *   enters; one retired early is decommissioned and salvaged in the year it
 *   leaves; fixed O&M and charges are paid for the share of each year in service;
 *   its lives count from that date, in years of twelve months from it;
 * - an asset is replaced at the end of each life within the project (a
 *   share `replacement` of its capital) and salvaged at the end by linear
 *   remaining life, C_rep x R_rem / R_comp; decommissioning is paid at the
 *   end of each life and whole at a retirement within the project, and a life
 *   still running at the project's end pays its elapsed share (the liability
 *   accrued so far; a fading battery: the share of its useful capacity used);
 * - the run's ledger gives each simulated year's energy costs; a year the
 *   run covered only in part is scaled to a whole year of 365 days, and years
 *   the run did not reach repeat the last year it did, scaled to 365 days (a
 *   leap year simulated whole counts its 366 in its own year only).
 */
import { crf, discountFactor, escalate, lifeCycle, yearOf } from './finance.ts';
import { J_PER_MWH } from '../model/units.ts';
import { SECONDS } from '../kernel/time.ts';
import { equivalentFullCycles, FADE_STEP_YEARS, faded, usefulShare, WORN_TOLERANCE, type Fade } from '../model/fade.ts';

export const CATEGORIES = [
  'capital',
  'replacement',
  'om',
  'fuel',
  'energy',
  'demand_charge',
  'tou_demand_charge',
  'fixed_charge',
  'carbon',
  'rental',
  'export_revenue',
  'demand_response',
  'lost_load',
  'decommissioning',
  'salvage',
] as const;
type Category = (typeof CATEGORIES)[number];

/** One component's costs, in SI (USD, USD/J, USD per year). */
export interface ComponentCosts {
  name: string;
  kind: string;
  /** A supply (in the site's LCOE) or IT hardware (in the NPC only). */
  supply: boolean;
  /** Capital at the start, USD (panels, launch, cells, inverters, accelerators...). */
  capital: number;
  /** Life in years; none: no replacement, salvage or decommissioning. */
  lifeYears?: number;
  /** A replacement's cost as a share of capital. */
  replacement: number;
  /** Decommissioning of one life, USD. */
  decommissioning: number;
  /** Fixed O&M, USD per year. */
  fixedOmPerYear: number;
  /** Per J generated: taken, and with `burnsCurtailed` (a thermal unit: SMR, fusion) curtailed too. */
  variableOmPerJ: number;
  fuelPerJ: number;
  burnsCurtailed?: boolean;
  /** Grid: USD per W of each month's peak import. */
  demandChargePerW: number;
  /** Grid: USD per W of each month's billing demand in each time-of-use window (SourceYear months' windowW). */
  touDemandPerW?: readonly number[];
  /** The calendar months a year each window applies in (12 without a `months` filter). */
  touMonthsPerYear?: readonly number[];
  /** Grid fixed charge and cloud rental, USD per year. */
  fixedChargePerYear: number;
  rentalPerYear: number;
  /** Demand response (kind `demand_response`): USD paid per J shed in the grid's events, booked as income. */
  paymentPerShedJ?: number;
  /** Lost load (kind `lost_load`): the value of lost load, USD per J of the demand left unmet, booked as a cost. */
  valuePerUnmetJ?: number;
  /**
   * Batteries: capacity fade (src/model/fade.ts), replaced when the
   * capacity falls below `replaceAt` of nameplate, instead of at `lifeYears`.
   * `simulated` is what the run's battery did up to `untilYears`: its
   * replacements and its capacity then; later years go on with the same
   * model, cycles from the ledger (discharged energy over `nameplateJ`).
   */
  fade?: Fade & {
    nameplateJ: number;
    simulated?: {
      untilYears: number;
      capacity: number;
      replacementYears: readonly number[];
      /** The capacity at a time inside the run, years, before a replacement then (the end's without it). */
      capacityAt?: (years: number) => number;
    };
  };
  /** In service from and until, years from the start (default: the whole project). */
  fromYears?: number;
  toYears?: number;
  /**
   * Its lives' clock when it enters service after the start: years of twelve months from its own in-service date, so
   * a life of 5 years from 2027-07-01 ends on 2032-07-01, 29 February between or not. `own` takes project years to
   * its own, `project` back. Absent: lives count from the start, in project years.
   */
  lifeClock?: { own: (projectYears: number) => number; project: (ownYears: number) => number };
}

/** One source in one ledger year: SI totals over the simulated part. */
export interface SourceYear {
  /** Delivered to the load, J. */
  deliveredJ: number;
  /** Generated and taken (load, storage, export), J. */
  usedJ: number;
  /** Generated and curtailed (must-run output no one took), J. */
  curtailedJ: number;
  /** What the run paid to it (never net of export revenue: that is exportRevenueUsd), USD. */
  costUsd: number;
  exportRevenueUsd: number;
  /** Its carbon (energy to the load and storage; exports' carbon is the buyers'), kg; absent where the run kept none. */
  carbonKg?: number;
  /**
   * Each month's billing demand (W: the highest mean import over the grid's demand interval), the share of it
   * simulated, with time-of-use demand windows each one's billing demand (W), and with a demand ratchet the demand
   * the all-hours charge bills (W, at least demandW; src/economics/ratchet.ts).
   */
  months: {
    demandW: number;
    share: number;
    windowW?: readonly number[];
    /** With time-of-use demand windows: whether each applies in this billing month (its `months` take a calendar month the billing month spans). */
    windowApplies?: readonly boolean[];
    billedW?: number;
    repeatedW?: number;
  }[];
}

/** One project year of the run's ledger. */
export interface LedgerYear {
  /** Seconds of the year the run simulated, and the year's length. */
  simulatedS: number;
  lengthS: number;
  /** Energy delivered to the site's demand by all sources, J. */
  servedJ: number;
  /** Energy shed in demand-response events, as paid for (`dr_shed_kw`), J; 0 without demand response. */
  shedJ?: number;
  /** Demand left unmet (`unmet_kw`), J. */
  unmetJ?: number;
  sources: Record<string, SourceYear>;
}

export interface Project {
  discountRate: number;
  escalation: number;
  years: number;
  /** A carbon price, USD per kg of the supplies' carbon, growing by `carbonEscalation` a year (default `escalation`). */
  carbonPricePerKg?: number;
  carbonEscalation?: number;
}

export interface CashFlow {
  year: number;
  component: string;
  category: Category;
  nominal_usd: number;
  discounted_usd: number;
}

interface ComponentEconomics {
  name: string;
  kind: string;
  npc_usd: number;
  /** Its NPC before export revenue over the energy it generated, both discounted; absent when it generated nothing. */
  lcoe_usd_per_mwh?: number;
  /** Energy it generated over the horizon (undiscounted): taken, and a thermal unit's curtailed output too. */
  generated_mwh: number;
  /** Discounted sum by category. */
  by_category: Partial<Record<Category, number>>;
}

export interface EconomicsSummary {
  discount_rate: number;
  escalation: number;
  years: number;
  /** Project years the run covered (at least in part); later years repeat the last of them. */
  simulated_years: number;
  /** With a carbon price: it (USD per tonne, today's), its yearly growth, and the NPC's part that pays it (category carbon). */
  carbon_price_usd_per_t?: number;
  carbon_escalation?: number;
  carbon_npc_usd?: number;
  /** Net present cost: the discounted sum of every cash flow (cashflow.csv's `discounted_usd`). */
  npc_usd: number;
  /** Its part for the supplies (the electricity) and for the IT hardware. */
  supply_npc_usd: number;
  hardware_npc_usd: number;
  /** With demand response: its payments, income (negative); npc_usd = supply + hardware + this (+ lost load's). */
  demand_response_npc_usd?: number;
  /**
   * With a value of lost load: it (USD per MWh, today's), the demand left unmet over the project's years (undiscounted,
   * repeated and scaled as energy is), and the NPC's part that prices it (category lost_load); npc_usd = supply +
   * hardware + demand response + this. The LCOE leaves it out.
   */
  value_of_lost_load_usd_per_mwh?: number;
  lost_load_mwh?: number;
  lost_load_npc_usd?: number;
  /** NPC x CRF(d, N): the equal yearly payment with the same present value. */
  annualized_cost_usd: number;
  /** Site LCOE: the supplies' NPC over the discounted energy served to the demand; absent when nothing was served. */
  lcoe_usd_per_mwh?: number;
  /** Energy served over the horizon (undiscounted). */
  served_mwh: number;
  by_category: Partial<Record<Category, number>>;
  components: ComponentEconomics[];
}

/**
 * The ledger year whose flows year `y` (1-based) uses, and the factor that makes it a project year
 * (its energy-driven flows; demand charges are by billing month, 12 a year). A year the run
 * simulated whole carries what the run simulated (a leap year's 366 days); a year simulated in part,
 * and each year after the run that repeats the last simulated one, carries 365 days (8,760 h, the
 * year REopt simulates, docs/reference.md §11), so a leap year repeated adds no day a year.
 */
function reference(ledger: readonly LedgerYear[], y: number): { year: LedgerYear; scale: number } | undefined {
  let k = Math.min(y, ledger.length) - 1;
  while (k >= 0 && !(ledger[k].simulatedS > 0)) k--;
  if (k < 0) return undefined;
  const year = ledger[k];
  const whole = k === y - 1 && year.simulatedS >= year.lengthS;
  return { year, scale: (whole ? year.lengthS : SECONDS.year) / year.simulatedS };
}

/**
 * Project year `y` (1-based) in years of 365 days, for what is paid by the hour: a year the run simulated whole counts
 * its own hours (a leap year's 8,784: 366/365), as its energy does (reference); any other, 8,760 (1).
 */
function yearsOfHours(ledger: readonly LedgerYear[], y: number): number {
  const year = ledger[y - 1];
  return year !== undefined && year.simulatedS >= year.lengthS ? year.lengthS / SECONDS.year : 1;
}

/** Every cash flow of the project, in year, component and category order; zero flows left out. */
export function cashFlows(
  project: Project,
  components: readonly ComponentCosts[],
  ledger: readonly LedgerYear[],
): CashFlow[] {
  const { discountRate: d, escalation: e, years: n } = project;
  const carbonPrice = project.carbonPricePerKg ?? 0;
  const carbonGrowth = project.carbonEscalation ?? e;
  const rows: CashFlow[] = [];
  const add = (year: number, component: string, category: Category, base: number, escalated = true): void => {
    if (base === 0) return;
    const nominal = escalated ? base * escalate(e, year) : base;
    rows.push({ year, component, category, nominal_usd: nominal, discounted_usd: nominal * discountFactor(d, year) });
  };
  for (const c of components) {
    // In service over [from, to] within the project: capital when it enters, salvage when it leaves.
    const from = Math.max(0, c.fromYears ?? 0);
    const to = Math.min(n, c.toYears ?? n);
    if (!(to > from)) continue;
    const enter = yearOf(from);
    add(enter, c.name, 'capital', c.capital, enter > 0);
    // Retired within the project, or on its end date: taken down, so its decommissioning is due whole; running on at
    // the project's end (no retire date, or a later one), only the share accrued so far. Retired on the end date, it
    // paid that share, as if it ran on, where retired a day before it paid the whole.
    const retired = c.toYears !== undefined && c.toYears <= n;
    if (c.fade) {
      // The simulated replacements, then, after the run, its fade year by year. A project that ends with the run or
      // before it takes the replacements before its end and the capacity then, before any replacement that instant:
      // one the run made at its very end (worn since its last daily update) is not the project's. Salvaged new, with
      // its replacement unpaid, a battery worn out in a one-year project (20.01 %/yr to 80 %: 0.79995 at the end)
      // was worth -$156.3k, NPC $49.6k for $205k of capital, where it is worth nothing and owes its decommissioning.
      const f = c.fade;
      const sim = f.simulated;
      const simulatedTo = sim ? Math.max(from, Math.min(to, sim.untilYears)) : from;
      let capacity = !sim ? 1 : to <= sim.untilYears && sim.capacityAt ? sim.capacityAt(simulatedTo) : sim.capacity;
      const replace = (year: number): void => {
        add(year, c.name, 'replacement', c.capital * c.replacement);
        add(year, c.name, 'decommissioning', c.decommissioning);
      };
      for (const t of sim?.replacementYears ?? []) if (t < to) replace(yearOf(t));
      // After the run, each year's fade is linear in time at the year's rate, and the battery is replaced as the run
      // replaces it: at the first daily update (FADE_STEP_YEARS) after it falls below replace_at, then ages from new
      // for the rest of the year. Replaced at the end of the year it fell below, each life was rounded up to whole
      // years: at 17 %/yr to 70 % (a life of 1.76 years) a one-year run projected over ten replaced it in years 2, 4,
      // 6 and 8 and salvaged nothing, NPC $739.7k, where ten simulated years replace it in years 2, 4, 6, 8 and 9
      // and salvage a third of it, $813.1k.
      for (let y = 1; y <= n; y++) {
        const share = Math.max(0, Math.min(y, to) - Math.max(y - 1, simulatedTo));
        if (share === 0) continue;
        const ref = reference(ledger, y);
        const cycles = ref
          ? equivalentFullCycles((ref.year.sources[c.name]?.usedJ ?? 0) * ref.scale * share, f.nameplateJ)
          : 0;
        const perYear = (capacity - faded(f, capacity, share, cycles)) / share;
        const end = Math.min(y, to);
        let t = end - share;
        for (;;) {
          // When it is first found worn: the first update strictly after its capacity reaches the threshold.
          const life = perYear > 0 ? (capacity - (f.replaceAt - WORN_TOLERANCE)) / perYear : Infinity;
          const at = (Math.floor(Math.max(t, t + life) / FADE_STEP_YEARS) + 1) * FADE_STEP_YEARS;
          // An update on the year's last instant (an anniversary, which ends a year) is this year's, as the run's
          // replacement then is, unless the project or the battery's service ends there: one found worn at the very
          // end is salvaged worn. It was left to the next year, whose first update came a day later: paid a year
          // late and aged a day less (15 %/yr to 80 %, crossing 364.67 days into a projected year).
          const atEnd = Math.abs(at - end) < FADE_STEP_YEARS / 2;
          if (atEnd ? end >= to : !(at < end)) break;
          replace(y);
          capacity = 1;
          t = atEnd ? end : at;
        }
        capacity -= perYear * (end - t);
      }
      // Salvage by remaining useful capacity, linear between new and replace_at; decommissioning accrued by the
      // useful capacity used.
      const useful = usefulShare(f, capacity);
      add(yearOf(to), c.name, 'decommissioning', c.decommissioning * (retired ? 1 : 1 - useful));
      add(yearOf(to), c.name, 'salvage', -c.capital * c.replacement * useful);
    } else if (c.lifeYears !== undefined) {
      // Lives on its own clock: in project years from its entry (fractions of the years it falls in), a life ended a
      // day before or after the same date five years on, as leap days fell, and a retirement then bought a replacement.
      const at = c.lifeClock?.project ?? ((t: number) => from + t);
      const life = lifeCycle(c.lifeYears, c.lifeClock ? c.lifeClock.own(to) : to - from);
      for (const t of life.replacements) add(yearOf(at(t)), c.name, 'replacement', c.capital * c.replacement);
      for (const t of life.ends) add(yearOf(at(t)), c.name, 'decommissioning', c.decommissioning);
      const due = retired && life.elapsedShare > 0 ? 1 : life.elapsedShare;
      add(yearOf(to), c.name, 'decommissioning', c.decommissioning * due);
      add(yearOf(to), c.name, 'salvage', -c.capital * c.replacement * life.remainingShare);
    }
    for (let y = 1; y <= n; y++) {
      // The share of year y it is in service: fixed O&M, fixed charges and rental are paid for that share.
      const share = Math.max(0, Math.min(y, to) - Math.max(y - 1, from));
      const ref = reference(ledger, y);
      const s = ref?.year.sources[c.name];
      const k = ref?.scale ?? 0;
      // A thermal unit burns fuel (and wears) for all it generates, the curtailed part too (HOMER, REopt).
      const generated = s ? (s.usedJ + (c.burnsCurtailed ? s.curtailedJ : 0)) * k : 0;
      // Demand charges: 12 billing months a year at the simulated months' mean billing demand, each weighted by the share of
      // it simulated (a part year scaled by its days would bill 12.06 months for 40 days from 20 January). A ratchet's
      // billed demand where it has one; a year after the run repeats its last year's months with its ratchet carried round
      // (repeatedW: its months before are that year's too, those run; in a year run in part no others).
      let demand = 0;
      let billed = 0;
      const repeat = ref !== undefined && ref.year !== ledger[y - 1];
      if (s && c.demandChargePerW > 0)
        for (const m of s.months) {
          demand += c.demandChargePerW * ((repeat ? m.repeatedW : undefined) ?? m.billedW ?? m.demandW) * m.share;
          billed += m.share;
        }
      add(y, c.name, 'om', c.fixedOmPerYear * share + generated * c.variableOmPerJ);
      add(y, c.name, 'fuel', generated * c.fuelPerJ);
      add(y, c.name, 'energy', s ? s.costUsd * k : 0);
      add(y, c.name, 'demand_charge', billed > 0 ? demand * (12 / billed) : 0);
      // Time-of-use demand charges: a year simulated whole bills its months as they were; a year simulated in part
      // bills each window, at its own rate, the months a year it applies in (4 for June to September) at the mean of
      // the simulated months it applied in (12 at the mean of all billed a summer window all year).
      if (s && c.touDemandPerW) {
        let tou = 0;
        let months = 0;
        for (const m of s.months) {
          c.touDemandPerW.forEach((r, i) => (tou += r * (m.windowW?.[i] ?? 0) * m.share));
          months += m.share;
        }
        if (months >= 12 - 1e-9) add(y, c.name, 'tou_demand_charge', tou * (12 / months));
        else {
          let part = 0;
          c.touDemandPerW.forEach((r, i) => {
            let usd = 0;
            let applied = 0;
            for (const m of s.months)
              if (m.windowApplies?.[i] ?? true) {
                usd += r * (m.windowW?.[i] ?? 0) * m.share;
                applied += m.share;
              }
            if (applied > 0) part += usd * ((c.touMonthsPerYear?.[i] ?? 12) / applied);
          });
          add(y, c.name, 'tou_demand_charge', part);
        }
      }
      add(y, c.name, 'fixed_charge', c.fixedChargePerYear * share);
      // A carbon price on a supply's own carbon, as its energy is scaled to the year, at the price's own growth.
      if (carbonPrice > 0 && c.supply && s?.carbonKg)
        add(y, c.name, 'carbon', s.carbonKg * k * carbonPrice * escalate(carbonGrowth, y), false);
      // Rental is by the chip-hour: a year's hours as its energy counts them (a leap year simulated whole, 8,784).
      add(y, c.name, 'rental', c.rentalPerYear * share * yearsOfHours(ledger, y));
      add(y, c.name, 'export_revenue', s ? -s.exportRevenueUsd * k : 0);
      add(y, c.name, 'demand_response', ref && c.paymentPerShedJ ? -(ref.year.shedJ ?? 0) * k * c.paymentPerShedJ : 0);
      add(y, c.name, 'lost_load', ref && c.valuePerUnmetJ ? (ref.year.unmetJ ?? 0) * k * c.valuePerUnmetJ : 0);
    }
  }
  const order = new Map(components.map((c, i) => [c.name, i]));
  const cat = new Map(CATEGORIES.map((x, i) => [x, i]));
  return rows.sort(
    (a, b) =>
      a.year - b.year ||
      order.get(a.component)! - order.get(b.component)! ||
      cat.get(a.category)! - cat.get(b.category)!,
  );
}

/** NPC, annualised cost and LCOE (site and per source) from the cash flows and the ledger. */
export function summarize(
  project: Project,
  components: readonly ComponentCosts[],
  ledger: readonly LedgerYear[],
  flows: readonly CashFlow[],
): EconomicsSummary {
  const { discountRate: d, years: n } = project;
  // Energy over the horizon, discounted like the flows (end of each year).
  let servedDisc = 0;
  let served = 0;
  let unmet = 0;
  const genDisc = new Map<string, number>();
  const gen = new Map<string, number>();
  const burnsCurtailed = new Set(components.filter((c) => c.burnsCurtailed).map((c) => c.name));
  for (let y = 1; y <= n; y++) {
    const ref = reference(ledger, y);
    if (!ref) continue;
    const f = discountFactor(d, y);
    served += ref.year.servedJ * ref.scale;
    unmet += (ref.year.unmetJ ?? 0) * ref.scale;
    servedDisc += ref.year.servedJ * ref.scale * f;
    for (const [name, s] of Object.entries(ref.year.sources)) {
      // What it generated, as its fuel and O&M are paid on: a thermal unit's curtailed output too.
      const j = (s.usedJ + (burnsCurtailed.has(name) ? s.curtailedJ : 0)) * ref.scale;
      gen.set(name, (gen.get(name) ?? 0) + j);
      genDisc.set(name, (genDisc.get(name) ?? 0) + j * f);
    }
  }
  const byCategory = (rows: readonly CashFlow[]): Partial<Record<Category, number>> => {
    const out: Partial<Record<Category, number>> = {};
    for (const r of rows) out[r.category] = (out[r.category] ?? 0) + r.discounted_usd;
    return out;
  };
  const sum = (rows: readonly CashFlow[]): number => rows.reduce((a, r) => a + r.discounted_usd, 0);
  const comps = components.map((c): ComponentEconomics => {
    const mine = flows.filter((r) => r.component === c.name);
    const g = genDisc.get(c.name) ?? 0;
    const costs = sum(mine.filter((r) => r.category !== 'export_revenue'));
    return {
      name: c.name,
      kind: c.kind,
      npc_usd: sum(mine),
      ...(g > 0 ? { lcoe_usd_per_mwh: costs / (g / J_PER_MWH) } : {}),
      generated_mwh: (gen.get(c.name) ?? 0) / J_PER_MWH,
      by_category: byCategory(mine),
    };
  });
  const supplyNames = new Set(components.filter((c) => c.supply).map((c) => c.name));
  const dr = components.find((c) => c.kind === 'demand_response');
  const npc = sum(flows);
  const supplyNpc = sum(flows.filter((r) => supplyNames.has(r.component)));
  const drNpc = dr ? sum(flows.filter((r) => r.component === dr.name)) : 0;
  const lost = components.find((c) => c.kind === 'lost_load');
  const lostNpc = lost ? sum(flows.filter((r) => r.component === lost.name)) : 0;
  return {
    discount_rate: d,
    escalation: project.escalation,
    years: n,
    simulated_years: Math.min(n, ledger.filter((l) => l.simulatedS > 0).length),
    ...(project.carbonPricePerKg !== undefined
      ? {
          // To 12 digits, as the model wrote it: 51 $/t came back from $/kg as 51.00000000000001.
          carbon_price_usd_per_t: Number((project.carbonPricePerKg * 1000).toPrecision(12)),
          carbon_escalation: project.carbonEscalation ?? project.escalation,
          carbon_npc_usd: sum(flows.filter((r) => r.category === 'carbon')),
        }
      : {}),
    npc_usd: npc,
    supply_npc_usd: supplyNpc,
    // The rest (kept as a difference, as before demand response, so runs without it keep every bit); none without hardware.
    hardware_npc_usd: components.some((c) => !c.supply && c !== dr && c !== lost)
      ? npc - supplyNpc - drNpc - lostNpc
      : 0,
    ...(dr ? { demand_response_npc_usd: drNpc } : {}),
    ...(lost
      ? {
          // To 12 digits, as the model wrote it: 1,000 $/MWh came back from $/J as 999.9999999999999.
          value_of_lost_load_usd_per_mwh: Number(((lost.valuePerUnmetJ ?? 0) * J_PER_MWH).toPrecision(12)),
          lost_load_mwh: unmet / J_PER_MWH,
          lost_load_npc_usd: lostNpc,
        }
      : {}),
    annualized_cost_usd: npc * crf(d, n),
    // The cost of a MWh where none was served is undefined, not 0 (a sizing minimising LCOE chose the site serving nothing).
    ...(servedDisc > 0 ? { lcoe_usd_per_mwh: supplyNpc / (servedDisc / J_PER_MWH) } : {}),
    served_mwh: served / J_PER_MWH,
    by_category: byCategory(flows),
    components: comps,
  };
}
