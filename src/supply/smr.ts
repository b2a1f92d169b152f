/**
 * A fleet of small modular reactor units. Each unit refuels every cycle
 * for a set time, staggered so the fleet never refuels at once, its first
 * refuelling counted from its entering service, and trips
 * at random (forced outages, whose clock stops while refuelling, so a
 * unit's long-run availability is (1 - r/L) · MTTF / (MTTF + MTTR),
 * MODELS.md "Reactor availability"). Baseload fleets are must-run;
 * load-following fleets stay between their minimum stable load and their
 * rating and ramp at a set share of rating per minute, as a staircase of
 * one-minute steps while they are catching up, the last (or only) step of a
 * change shorter when the ramp makes it in less (events only while ramping).
 */
import * as z from 'zod';
import { SECONDS } from '../kernel/time.ts';
import { bareDurationIn, kinds, quantity } from '../model/units.ts';
import { assetCostsSchema } from '../model/costs.ts';
import { Outages, outageSchema } from './outages.ts';
import { ownCarbonField, type Supply, type SupplyContext, type UnitOutage } from './supply.ts';
import { Integral } from '../kernel/integral.ts';
import { serviceWindow, type ServiceDates } from './service.ts';

const RAMP_STEP_S = 60;
/** In each simulation, the load-following fleet whose ramp step fired last, and when. */
const lastStep = new WeakMap<object, { t: number; fleet: object | undefined }>();
/** No event pending (handles are never negative). */
const NO_EVENT = -1;
/** The least fixed cost per MW-year not 0: 1 $/kW-yr (no plant's is less; a figure under it is one per kW). */
const FIXED_PER_MW_YEAR_LEAST = 1000;

const FIXED_PER_MW_YEAR_FORM =
  'a fixed cost per MW of rating a year, a number in $/MW-yr (as its name says) like 121000, or with its unit, like "121 $/kW-yr"';

/**
 * A fixed cost per MW-year: a number (or a number as text) in the field's own unit, $/MW-yr; written with its unit, as
 * fixed costs are quoted ("121 $/kW-yr", EIA's for nuclear), that figure per MW-year. It was refused as 'expected a
 * number, found "121 $/kW-yr"', as if a figure with its unit were not one.
 */
function fixedPerMwYear(v: number | string, ctx: z.RefinementCtx): number {
  if (typeof v === 'number') return v;
  const bare = Number(v);
  if (v.trim() !== '' && Number.isFinite(bare)) return bare;
  try {
    // USD per W-year, as costs.fixed_om reads it: per MW-year, a million times it.
    return kinds.cost_per_power_year.parse(v) * 1e6;
  } catch {
    ctx.addIssue({ code: 'custom', message: FIXED_PER_MW_YEAR_FORM, input: v });
    return z.NEVER;
  }
}

/** The price per MWh taken when none is given: a contract's, which pays for the plant (its capital with the rest). */
export const SMR_PRICE = { usdPerMwh: 89, what: "NuScale's 2023 contract price for the CFPP" } as const;

export const smrSchema = z
  .strictObject({
    kind: z.literal('smr'),
    name: z.string().min(1).prefault('smr'),
    units: z
      .number()
      .int()
      .min(0)
      .prefault(1)
      .meta({ description: 'Number of units (modules); 0: none (supplies nothing, costs nothing)' }),
    rating: quantity(
      'power',
      { positive: true },
      'Electric rating of each unit (NuScale US460 module 77 MWe; BWRX-300 300 MWe; reference.md §6.1)',
    ).prefault('77 MW'),
    mode: z.enum(['baseload', 'load-following']).prefault('baseload').meta({
      description:
        'baseload: must-run, surplus stored, exported or curtailed; load-following: between min_stable and rating at `ramp` (min_stable or ramp without a mode, baseload then, is refused)',
    }),
    min_stable: quantity(
      'fraction',
      { min: 0, max: 1 },
      'Minimum stable load when load-following (EUR: 50% of rating, reference.md §6.2)',
    ).prefault(0.5),
    ramp: quantity(
      'fraction',
      {
        positive: true,
        bareMax: 1,
        per: { s: 60, linear: true, example: 'a fraction like 0.05 or "5%" a minute (or "5%/min", "300%/h")' },
      },
      'Ramp rate when load-following, share of rating per minute (EUR: 3-5%/min, reference.md §6.2); above 100 % only as a percentage (a bare 5 is refused, not read as 500 %)',
    ).prefault(0.05),
    refuel: z
      .strictObject({
        every: quantity(
          'duration',
          { positive: true, needsUnit: bareDurationIn('a refuelling cycle', 'mo', 4) },
          'Refuelling cycle (US fleet 18-24 months, reference.md §6.2)',
        ).prefault('24mo'),
        takes: quantity(
          'duration',
          { min: 0, needsUnit: bareDurationIn('a refuelling outage', 'd') },
          'Refuelling outage (US fleet average 35 days in 2023, reference.md §6.2)',
        ).prefault('35d'),
        offsets: z
          .array(quantity('duration', { min: 0, needsUnit: bareDurationIn('an offset', 'mo') }))
          .optional()
          .meta({
            description:
              "Time of each unit's first refuelling from its entering service (its in_service, before the run's start too, or the start if it gives none; default: evenly staggered, unit k at (k+1)/units of a cycle); at least one per unit, those past `units` unused (a sizing of units keeps the list)",
          }),
      })
      .prefault({}),
    forced_outages: outageSchema.prefault({ mttf: '4380h', mttr: '120h' }).meta({
      description:
        "Forced outages (US forced outage rate not found, reference.md §6.2; default 2 a year of 5 days, which with 35 d every 24 mo gives the fleet's 92.7% capacity factor: D)",
    }),
    price: quantity(
      'price',
      { min: 0 },
      'Variable or contract price per MWh taken (NuScale CFPP $89/MWh 2023, reference.md §6.4); given costs.capital (owned) it must be written, 0 or what each MWh costs beyond its costs',
    ).prefault(SMR_PRICE.usdPerMwh),
    carbon: ownCarbonField(
      "12 g/kWh: the IPCC AR5 lifecycle median for nuclear (Schlömer et al. 2014, reference.md §9.1), the figure the shipped grid traces give the grid's own nuclear, so an SMR and the grid compare on one basis",
    ).prefault(12),
    fixed_usd_per_mw_year: z
      .union([z.number(), z.string()], { error: () => FIXED_PER_MW_YEAR_FORM })
      .transform(fixedPerMwYear)
      .pipe(z.number().min(0))
      // Fixed costs are quoted per kW a year (EIA's 121 $/kW-yr for nuclear): 121 here, a thousandth of it, billed a
      // 150 kW unit 0.10 USD over 2 days where 99.45. No plant's fixed costs are under 1 $/kW-yr.
      .superRefine((v, ctx) => {
        if (v > 0 && v < FIXED_PER_MW_YEAR_LEAST)
          ctx.addIssue({
            code: 'custom',
            message: `a fixed cost per MW of rating a year, 0 or at least ${FIXED_PER_MW_YEAR_LEAST} (a figure under 1,000 $/MW-yr is one per kW: ${v} $/kW-yr is ${Number((v * 1000).toPrecision(12))} here)`,
            input: v,
          });
      })
      .prefault(0)
      .meta({
        description: `Fixed cost per MW of rating per year, USD, paid whatever runs; 0 or at least ${FIXED_PER_MW_YEAR_LEAST} (a bare figure in $/kW-yr, as fixed costs are quoted, is a thousandth of one per MW: 121 $/kW-yr is 121000); or with its unit, like "121 $/kW-yr"`,
      }),
    costs: assetCostsSchema.optional(),
  })
  .superRefine((s, ctx) => {
    if (!(s.refuel.takes < s.refuel.every)) {
      ctx.addIssue({
        code: 'custom',
        message: `a refuelling shorter than its cycle (every ${s.refuel.every / 86400} d)`,
        path: ['refuel', 'takes'],
        input: `${s.refuel.takes / 86400} d`,
      });
    }
    if (s.refuel.offsets && s.refuel.offsets.length < s.units) {
      ctx.addIssue({
        code: 'custom',
        message: `at least one offset per unit (${s.units})`,
        path: ['refuel', 'offsets'],
        input: s.refuel.offsets,
      });
    }
  });

type SmrConfig = z.output<typeof smrSchema>;

/**
 * A load-following unit's fields written without its mode, which is then baseload (must-run at its rating whenever
 * up), are refused: a 200 kW unit with min_stable 50 % and ramp 5 %/min beside a load of 100-120 kW ran as baseload and
 * curtailed 1,160 kWh in 12 h, where following the load it curtails 0.5. Read before the defaults fill them in.
 */
export function loadFollowingWithoutMode(o: unknown, ctx: z.RefinementCtx): unknown {
  if (typeof o !== 'object' || o === null) return o;
  const s = o as Record<string, unknown>;
  if (s.kind !== 'smr' || s.mode !== undefined) return o;
  const given = ['min_stable', 'ramp'].filter((f) => s[f] !== undefined);
  if (given.length > 0)
    ctx.addIssue({
      code: 'custom',
      message: `mode: load-following beside ${given.join(' and ')} (a load-following unit's; without a mode it is baseload, must-run at its rating whenever up: write mode: baseload to keep it so)`,
      path: ['mode'],
      input: undefined,
    });
  return o;
}

export function createSmr(cfg: SmrConfig & ServiceDates, ctx: SupplyContext): Supply {
  /** Its carbon per joule taken, kg/J: as given, else nuclear's lifecycle 12 g/kWh (the schema's default). */
  const carbonKgPerJ = cfg.carbon;
  const { sim } = ctx;
  // Its units' figures (availability, capacity factor, outages) are of its time in service only.
  const { fromS, toS } = serviceWindow(ctx, cfg);
  const endS = Math.min(toS, ctx.durationS);
  const n = cfg.units;
  const L = cfg.refuel.every;
  const r = cfg.refuel.takes;
  const offsets = cfg.refuel.offsets;
  const refuelling = new Uint8Array(n);
  // When it entered service, seconds from the run's start: before it (negative) where its in_service is earlier. Its
  // refuellings and trips run from then, so a run starts where their history has reached: counted from the run's start
  // instead, a two-unit fleet in service since 2020 refuelled nothing in a one-year run (97.3 % available, not 92.7 %).
  const enteredS = cfg.in_service === undefined ? 0 : cfg.in_service - ctx.startEpochS;
  // Unit k first refuels at its offset from entering service (the run's start if it gives no date): a unit
  // commissioned mid-run starts on fresh fuel. Counted from the run's start, a fleet commissioned in 2029 in a run
  // from 2027 had a unit enter service mid-refuelling, and its refuellings moved with the run's start.
  const firstRefuelS = (k: number): number => enteredS + (offsets ? offsets[k] : ((k + 1) / n) * L);
  // Unit k's refuellings ended by the run's start (`ended`), and the start of its first not yet ended (`nextS`, before
  // the run's start where one is under way then).
  const schedule = Array.from({ length: n }, (_, k) => {
    const first = firstRefuelS(k);
    let ended = r > 0 && first + r <= 0 ? Math.floor((-first - r) / L) + 1 : 0;
    while (ended > 0 && first + (ended - 1) * L + r > 0) ended--;
    while (r > 0 && first + ended * L + r <= 0) ended++;
    return { ended, nextS: first + ended * L };
  });
  // Each unit's forced-outage clock starts when it enters service, as its refuelling schedule does: started at the run's
  // start, a unit commissioned in 2029 in a run from 2027 had run two years of trips and repairs before, could enter
  // service tripped, and its trips in service moved with the run's start. It stops while the unit refuels, so one in
  // service before the run has run for that time less the refuellings before the start.
  const outages = Array.from({ length: n }, (_, k) => {
    const { ended, nextS } = schedule[k];
    const refuelledS = r > 0 ? ended * r + Math.max(0, -nextS) : 0;
    return new Outages(
      sim,
      ctx.rng(`unit-${k}:outages`),
      cfg.forced_outages,
      () => {
        note(k);
        ctx.changed();
      },
      Math.min(fromS, enteredS + refuelledS),
    );
  });
  // Each unit's down time, cause by cause, for outages.csv (bookkeeping only: it draws nothing).
  const down: UnitOutage[] = [];
  const cause: (UnitOutage['cause'] | undefined)[] = new Array(n).fill(undefined);
  const since = new Float64Array(n);
  // A unit in service before the run may start it in a forced outage (its time down counts from the start).
  for (let k = 0; k < n; k++) if (!outages[k].up) cause[k] = 'forced outage';
  const note = (k: number): void => {
    const before = online;
    countOnline();
    // A unit going down takes its share of a load-following fleet's output with it (the units share it equally, as
    // their capacity factors do): those still up keep their own level and ramp from there. They took the lost unit's
    // output over at once, up to their rating: two 8 MW units at 6 MW each, one tripping, left the other at 8 MW, a
    // 2 MW step its 0.4 MW a minute could not make, so the grid, a battery or unmet demand took 2 MW less at the trip.
    if (following && online < before) out.w *= online / before;
    const now = refuelling[k] ? 'refuelling' : outages[k].up ? undefined : 'forced outage';
    if (now === cause[k]) return;
    if (cause[k] !== undefined && sim.now > since[k])
      down.push({ unit: k + 1, cause: cause[k]!, startS: since[k], endS: sim.now });
    cause[k] = now;
    since[k] = sim.now;
  };
  // A refuelling under way at the run's start (begun `sinceS` before it) ends and is next due that much sooner.
  const startRefuel = (k: number, sinceS = 0): void => {
    refuelling[k] = 1;
    outages[k].pause();
    note(k);
    sim.after(r - sinceS, () => {
      refuelling[k] = 0;
      outages[k].resume();
      note(k);
      ctx.changed();
    });
    sim.after(L - sinceS, () => startRefuel(k));
    ctx.changed();
  };
  if (r > 0)
    for (let k = 0; k < n; k++) {
      const { nextS } = schedule[k];
      sim.at(Math.max(0, nextS), () => startRefuel(k, Math.max(0, -nextS)));
    }

  const up = (k: number): boolean => refuelling[k] === 0 && outages[k].up;
  // The power of the units up, counted again whenever a unit goes down or comes back (every such
  // change passes through `note`): the dispatch asks for it several times at every recomputation.
  let online = 0;
  const countOnline = (): void => {
    let w = 0;
    for (let k = 0; k < n; k++) if (up(k)) w += cfg.rating;
    online = w;
  };
  countOnline();
  const onlineW = (): number => online;

  // Energy per unit and up-time per unit, integrated at each dispatch with the levels that held since.
  const unitW = new Float64Array(n);
  const unitUp = new Float64Array(n);
  const perUnit = new Integral([unitW, unitUp]);
  const [unitJ, unitUpS] = perUnit.totals;
  const integrate = (): void => perUnit.advance(sim.now);

  const following = cfg.mode === 'load-following';
  // Written at every dispatch: fields of one object, updated in place (a number written to a variable
  // the closures share is a new heap number at every write).
  const out = {
    /** Output (used + curtailed) since the last dispatch, W, and when that was. */
    w: 0,
    t: 0,
    /** Held at a ramp limit at the last dispatch. */
    ramping: false,
    /** The next step of a ramp (NO_EVENT: none). */
    step: NO_EVENT,
    /** Held at its ramp-down limit at the last dispatch only for the supplies before it to take over (no surplus). */
    handingOver: false,
    /** This dispatch follows its own step. */
    stepped: false,
    /** A level its step down to hand over was taken back to (NaN: none): it holds there until its output moves. */
    stalledW: Number.NaN,
  };
  let steps = lastStep.get(sim);
  if (!steps) lastStep.set(sim, (steps = { t: Number.NaN, fleet: undefined }));
  const rampStep = (): void => {
    out.step = NO_EVENT;
    out.stepped = true;
    steps.t = sim.now;
    steps.fleet = out;
    ctx.changed();
  };
  // A steady unit starts a ramp from where it is; a ramping one has moved for the time since its last step,
  // each unit online at `ramp` of its rating (one refuelling or tripped ramps nothing).
  const rampW = (): number => (out.ramping ? (cfg.ramp * onlineW() * (sim.now - out.t)) / 60 : 0);
  // A fleet in service when the run starts is running already, at the level the demand then asks of it: the run's
  // first instant does not ramp it up from its minimum (a ramp that left an SMR-only site's first minutes unmet, a
  // loss-of-load hour in a site that never falls short). A fleet entering service later ramps from its minimum.
  const steadyAtStart = fromS <= 0;
  const hiW = (): number => {
    const on = onlineW();
    if (!following || (steadyAtStart && sim.now === 0)) return on;
    return Math.min(on, Math.max(out.w + rampW(), cfg.min_stable * on));
  };
  const loW = (): number => {
    const on = onlineW();
    return Math.min(hiW(), Math.max(cfg.min_stable * on, out.w - rampW()));
  };

  // The expectation for its time in service within the run: the refuelling time that window holds
  // (known exactly: the schedule is fixed; one cut by an edge counts for its part inside), times the
  // long-run share of the rest that forced outages leave up (their clock stops while refuelling).
  const forcedUp = cfg.forced_outages.mttf / (cfg.forced_outages.mttf + cfg.forced_outages.mttr);
  const windowS = endS - fromS;
  const expected = Array.from({ length: n }, (_, k) => {
    let downS = 0;
    if (r > 0)
      for (let s = schedule[k].nextS; s < endS; s += L)
        downS += Math.max(0, Math.min(s + r, endS) - Math.max(s, fromS));
    return windowS > 0 ? (1 - downS / windowS) * forcedUp : 0;
  });

  const fixedUsdPerS = (cfg.fixed_usd_per_mw_year * (cfg.rating / 1e6) * n) / SECONDS.year;
  return {
    name: cfg.name,
    kind: 'smr',
    mustRun: !following,
    availableW: hiW,
    minW: loW,
    priceUsdPerJ: () => cfg.price,
    carbonKgPerJ: () => carbonKgPerJ,
    carbonFreeShare: () => 1,
    fixedCostUsdPerS: () => fixedUsdPerS,
    deliver(usedW, curtailedW, unneeded, wantedW) {
      integrate();
      const on = onlineW();
      const serving = sim.now >= fromS && sim.now < toS;
      // Each unit's output, curtailed included: its capacity factor is what it generated (HOMER).
      for (let k = 0; k < n; k++) {
        const share = up(k) ? cfg.rating / on : 0;
        unitW[k] = (usedW + curtailedW) * share;
        unitUp[k] = serving && share > 0 ? 1 : 0;
      }
      if (!following) return;
      const hi = hiW();
      const lo = loW();
      const gen = usedW + curtailedW;
      // Held at a ramp limit (a power cap may fit demand to it within a hair): step again in a minute. Held at the
      // ramp-down limit whenever the demand wanted less of it than that limit, wherever the rest of its output went
      // (stored, exported or curtailed) or whoever met the demand instead (a source before it in merit order): it
      // used to step down only while it curtailed, and stayed a step below its old level while it charged a battery,
      // exported, or let the grid before it take less.
      // Unneeded with no surplus (the demand wanted its least of it): it steps down only for the supplies before it
      // in merit order to take over. Where they could not when its step came (a load-following fleet before it, which
      // moves only while at a ramp limit of its own), it was asked back to where it was; stepping down again from
      // there made the two fleets trade the same megawatt between them for ever (two events every 50 s, nothing
      // moving). It holds that level until its output moves.
      const handover = unneeded && wantedW >= gen;
      // A dispatch no ramp step made (a change outside the fleets: a supply entering or leaving service, a store's
      // signal turning, a job) may let those before it take what it could not hand over: it tries again. Held until its
      // output moved, a load-following SMR at 100 $/MWh kept the 70 kW a 30 kW grid import cap left it while a grid at
      // 50 $/MWh listed before it entered service and took nothing, and while a battery listed before it reached its
      // price to discharge and gave nothing (sp75). Fleets trading a megawatt step at steps of their own: still held.
      if (steps.t !== sim.now) out.stalledW = Number.NaN;
      if (out.stepped && out.handingOver && !unneeded && gen >= out.w * (1 - 1e-9)) out.stalledW = gen;
      else if (!(Math.abs(gen - out.stalledW) <= 1e-9 * on)) out.stalledW = Number.NaN;
      out.stepped = false;
      const stalled = handover && !Number.isNaN(out.stalledW);
      // Unneeded and giving only its least: it would go lower if it could.
      const atLeast = unneeded && gen <= lo * (1 + 1e-9);
      // A steady fleet (its ramp limits both where it is) is taken as at its top at a dispatch, and steps a minute
      // later in case a store then wants to charge from its headroom. Not at the dispatch another fleet's step made
      // while it gives only its least: two fleets woke each other so, a step a minute for as long as nothing moved
      // (two at their minimum, spilling the rest).
      const othersStep = steps.t === sim.now && steps.fleet !== out && atLeast;
      const atTop = gen >= hi * (1 - 1e-6) && hi < on && !othersStep && !stalled;
      const atBottom = atLeast && lo > cfg.min_stable * on && !stalled;
      out.handingOver = atBottom && handover;
      out.ramping = atTop || atBottom;
      out.w = gen;
      out.t = sim.now;
      if (out.step !== NO_EVENT) sim.cancel(out.step);
      // Held at a ramp limit short of what the demand wants of it (`wantedW`), by less than a minute's ramp: the next
      // step comes when the ramp reaches that, not in a minute (a 1 MW rise or fall, which a 100 MW unit at 5 % a minute
      // makes in 12 s, waited 60 s, the grid, a battery or unmet demand carrying the rise meanwhile, the fall spilled,
      // stored or exported). Where the demand wants what it gives (a power cap fitted to it, under shortage: throttle)
      // it steps in a minute as before.
      const gap =
        atTop && !unneeded
          ? Math.min(on, wantedW) - hi
          : atBottom
            ? lo - Math.max(cfg.min_stable * on, handover ? 0 : wantedW)
            : 0;
      const stepS = gap > 1e-9 * on ? Math.min(RAMP_STEP_S, (gap * RAMP_STEP_S) / (cfg.ramp * on)) : RAMP_STEP_S;
      out.step = out.ramping ? sim.after(stepS, rampStep) : NO_EVENT;
    },
    unitOutages() {
      const open = Array.from({ length: n }, (_, k) => k)
        .filter((k) => cause[k] !== undefined && sim.now > since[k])
        .map((k) => ({ unit: k + 1, cause: cause[k]!, startS: since[k], endS: sim.now }));
      // Cut to the service window by the registry's wrapper (src/supply/service.ts).
      return [...down, ...open].sort((a, b) => a.unit - b.unit || a.startS - b.startS);
    },
    summary() {
      integrate();
      // Time in service so far (the whole run for a fleet without service dates).
      const T = Math.max(0, Math.min(sim.now, toS) - Math.min(sim.now, fromS));
      return {
        // Shares of the time in service: the energy and up time summed interval by interval can pass the whole by
        // their rounding (a unit flat out for 48 h summed to 1.000000000000001), so they stop at one.
        units: Array.from({ length: n }, (_, k) => ({
          unit: k + 1,
          capacity_factor: T > 0 ? Math.min(1, unitJ[k] / (cfg.rating * T)) : 0,
          availability: T > 0 ? Math.min(1, unitUpS[k] / T) : 0,
          expected_availability: expected[k],
        })),
        expected_availability: n > 0 ? expected.reduce((a, b) => a + b, 0) / n : 0,
        long_run_availability: (1 - r / L) * forcedUp,
      };
    },
  };
}
