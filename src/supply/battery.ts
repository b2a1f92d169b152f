/**
 * A battery (MODELS.md "Storage"): energy within state-of-charge bounds,
 * charge and discharge power limits, round-trip efficiency split evenly
 * (η_c = η_d = sqrt(η)). By default it absorbs surplus and covers
 * shortfall; by price or carbon it charges when the grid is cheap or clean
 * and discharges when dear or dirty, holding in between. Energy moves
 * linearly between dispatches, so the instant a bound is reached is
 * computed and scheduled, never polled.
 *
 * Carbon is counted where the energy was produced; what the battery gives
 * back counts as carbon-free by the share of carbon-free energy it took in
 * (its initial charge counts as not carbon-free).
 */
import * as z from 'zod';
import { SECONDS } from '../kernel/time.ts';
import { inBareUnit, isAbove, isBelow, J_PER_KWH, J_PER_MWH, kinds, quantity } from '../model/units.ts';
import { batteryCostsSchema, batteryLimits, lifetimeIssue, noBattery } from '../model/costs.ts';
import { equivalentFullCycles, FADE_STEP_S, fadeOf, fadeSchema, faded, worn } from '../model/fade.ts';
import type { FadeState, Signal, Supply, SupplyContext } from './supply.ts';

const thresholds = <K extends 'price' | 'carbon'>(by: K) =>
  z.strictObject({
    by: z.literal(by),
    charge_below: quantity(by, { min: 0 }, `Charge while the grid's ${by} is at or below this`),
    discharge_above: quantity(by, { min: 0 }, `Discharge while the grid's ${by} is at or above this`),
  });

/** Peak shaving: hold the grid's import at or below `limit`, recharging from the grid only below it. */
const shaving = z.strictObject({
  by: z.literal('import'),
  limit: quantity(
    'power',
    { min: 0 },
    'The grid import to hold at or below: the battery covers what is above it and recharges (from surplus, or from the grid up to it) below it',
  ),
});

export const batterySchema = z
  .strictObject({
    kind: z.literal('battery'),
    name: z.string().min(1).prefault('battery'),
    energy: quantity('energy', { min: 0 }, 'Energy capacity (0: no battery, which stores nothing and costs nothing)'),
    power: quantity(
      'power',
      { min: 0 },
      'Charge and discharge power limit (may be left out where both charge_power and discharge_power are given)',
    ).optional(),
    charge_power: quantity('power', { min: 0 }, 'Charge limit, if not `power`').optional(),
    discharge_power: quantity('power', { min: 0 }, 'Discharge limit, if not `power`').optional(),
    round_trip: quantity(
      'fraction',
      { positive: true, max: 1 },
      'Round-trip efficiency (assumed: lithium-ion systems are commonly quoted at 85-90%; not in reference.md)',
    ).prefault(0.88),
    soc_min: quantity('fraction', { min: 0, max: 1 }, 'Lowest state of charge (assumed)').prefault(0.1),
    soc_max: quantity('fraction', { min: 0, max: 1 }, 'Highest state of charge (assumed)').prefault(0.9),
    initial: quantity('fraction', { min: 0, max: 1 }, 'State of charge at the start (clamped to the bounds)').prefault(
      0.5,
    ),
    strategy: z
      .union([z.enum(['auto', 'backup']), thresholds('price'), thresholds('carbon'), shaving])
      .prefault('auto')
      .meta({
        description:
          "`auto`: absorb surplus, cover shortfall; `backup`: keep charged from any supply's headroom (the grid's too) and cover only what would otherwise be unmet, as a UPS; `{ by: price|carbon, charge_below, discharge_above }`: follow the grid (charge_below at most discharge_above); `{ by: import, limit }`: shave the grid import above `limit` (a demand charge's peak) and recharge below it. A model without a grid is refused for the last three, and by: carbon where the grid's carbon is left out (PJM's flat mean, the same every hour)",
      }),
    fade: fadeSchema.optional(),
    costs: batteryCostsSchema.optional(),
  })
  .superRefine((b, ctx) => {
    if (b.power === undefined && (b.charge_power === undefined || b.discharge_power === undefined))
      ctx.addIssue({
        code: 'custom',
        message: `${kinds.power.example} (or both charge_power and discharge_power)`,
        path: ['power'],
        input: undefined,
      });
    if (b.soc_min > b.soc_max)
      ctx.addIssue({
        code: 'custom',
        message: `a soc_min at most soc_max (${b.soc_max})`,
        path: ['soc_min'],
        input: b.soc_min,
      });
    // Thresholds the wrong way round leave no price (or carbon) at which it holds, and one band where both apply: it
    // charged there, silently (charge_below 80 $/MWh, discharge_above 30 $/MWh charged at 50 $/MWh).
    const st = b.strategy;
    if (typeof st === 'object' && st.by !== 'import' && st.charge_below > st.discharge_above) {
      const show = (v: number): string =>
        st.by === 'price'
          ? `${+(v * J_PER_MWH).toPrecision(12)} $/MWh`
          : `${+(v * J_PER_KWH * 1e3).toPrecision(12)} g/kWh`;
      ctx.addIssue({
        code: 'custom',
        message: `a charge_below at most discharge_above (${show(st.discharge_above)})`,
        path: ['strategy', 'charge_below'],
        input: show(st.charge_below),
      });
    }
    // A battery burns no fuel: taken, a fuel was charged on its discharge, so 55 $/MWh written as the cost of the energy
    // that charges it paid that energy twice (to its sources, and as fuel): NPC $24.62M where $24.59M.
    if (b.costs?.fuel !== undefined)
      ctx.addIssue({
        code: 'custom',
        message:
          'no fuel on a battery (it burns none: the energy that charges it is paid to its sources, at their price, in their costs; its wear per MWh discharged is variable_om)',
        path: ['costs', 'fuel'],
        input: inBareUnit('price', b.costs.fuel),
      });
    // With fade, the battery is replaced (and decommissioned) when it wears out, so its capital needs no lifetime.
    const missing =
      b.costs && !b.fade ? lifetimeIssue(b.costs, ['capital', 'energy_capital', 'decommissioning']) : undefined;
    if (missing) ctx.addIssue({ code: 'custom', message: missing, path: ['costs', 'lifetime'], input: undefined });
  });

type BatteryConfig = z.output<typeof batterySchema>;

/** Within this many joules of a bound, the battery is at it (float residue of the scheduled instant). */
const AT_BOUND_J = 1e-3;
/** No event pending (handles are never negative). */
const NO_EVENT = -1;

/** `[a, b]` ∩ `[lo, hi]`, its length. */
const overlap = (a: number, b: number, lo: number, hi: number): number =>
  Math.max(0, Math.min(b, hi) - Math.max(a, lo));

/** `cfg` with its service window (src/supply/service.ts), epoch seconds: a fading battery ages only in service. */
export function createBattery(
  cfg: BatteryConfig & { in_service?: number; retire?: number },
  ctx: SupplyContext,
): Supply {
  const { sim } = ctx;
  const eta = Math.sqrt(cfg.round_trip);
  const energy = noBattery(cfg) ? 0 : cfg.energy;
  const [pCharge, pDischarge] = batteryLimits(cfg);
  /** State of charge, share of nameplate (0 for no battery). */
  const socOf = (j: number): number => (energy > 0 ? j / energy : 0);
  // Its state, as fields of one object: a number written to a variable the closures share is a new
  // heap number at every write (several at each dispatch), one written to a field is updated in place.
  const b = {
    /** Capacity, a share of nameplate: 1 unless it fades (src/model/fade.ts); the bounds follow it. */
    capacity: 1,
    eMin: cfg.soc_min * energy,
    eMax: cfg.soc_max * energy,
    /** Energy held, and the carbon-free part of it, J. */
    e: 0,
    cleanJ: 0,
    chargeW: 0,
    chargeClean: 0,
    dischargeW: 0,
    lastT: 0,
    /** The event at which the current rates reach a bound (NO_EVENT: none). */
    bound: NO_EVENT,
    agedT: 0,
    agedOutJ: 0,
  };
  b.e = Math.min(b.eMax, Math.max(b.eMin, cfg.initial * energy));
  const totals = { chargedJ: 0, dischargedJ: 0, lossJ: 0, fadeJ: 0, addedJ: 0 };

  const integrate = (): void => {
    const dt = sim.now - b.lastT;
    b.lastT = sim.now;
    if (dt <= 0) return;
    const inJ = b.chargeW * dt;
    const outJ = b.dischargeW * dt;
    const share = b.e > 0 ? b.cleanJ / b.e : 0;
    b.e += eta * inJ - outJ / eta;
    b.cleanJ += eta * inJ * b.chargeClean - (outJ / eta) * share;
    if (b.e > b.eMax - AT_BOUND_J) b.e = Math.min(b.e, b.eMax);
    if (b.e < b.eMin + AT_BOUND_J) b.e = Math.max(b.e, b.eMin);
    b.cleanJ = Math.min(Math.max(b.cleanJ, 0), b.e);
    totals.chargedJ += inJ;
    totals.dischargedJ += outJ;
    totals.lossJ += (1 - eta) * inJ + (1 / eta - 1) * outJ;
  };

  // When the current rates reach a bound: then re-dispatch. One handler for every
  // dispatch (this runs at each one), told by `filling` which bound it meets.
  let filling = false;
  const atBound = (): void => {
    b.bound = NO_EVENT;
    integrate();
    b.e = filling ? b.eMax : b.eMin; // exactly at the bound, by construction
    ctx.changed();
  };
  const scheduleBound = (): void => {
    if (b.bound !== NO_EVENT) sim.cancel(b.bound);
    b.bound = NO_EVENT;
    const net = eta * b.chargeW - b.dischargeW / eta;
    const dt = net > 0 ? (b.eMax - b.e) / net : net < 0 ? (b.e - b.eMin) / -net : Infinity;
    filling = net > 0;
    if (dt < Infinity) b.bound = sim.after(Math.max(0, dt), atBound);
  };

  // Fade, brought up to date daily and at the end: years in service and equivalent full cycles since the last update.
  const fade = cfg.fade && energy > 0 ? fadeOf(cfg.fade) : undefined;
  // A battery in service before the start has aged by the calendar since (its cycles then are not known): commissioned
  // 2024 in a run from 2027 at 1 %/yr, it starts at 97 % of nameplate, not new. Replaced as often as that wore it out
  // (calendar ageing alone), it starts the years since its last replacement old; none of those replacements is the run's.
  if (fade && cfg.in_service !== undefined && cfg.in_service < ctx.startEpochS) {
    const years = (Math.min(ctx.startEpochS, cfg.retire ?? Infinity) - cfg.in_service) / SECONDS.year;
    const life = fade.calendarPerYear > 0 ? (1 - fade.replaceAt) / fade.calendarPerYear : Infinity;
    b.capacity = faded(fade, 1, worn(fade, faded(fade, 1, years, 0)) ? years % life : years, 0);
    b.eMin = cfg.soc_min * b.capacity * energy;
    b.eMax = cfg.soc_max * b.capacity * energy;
    b.e = Math.min(b.eMax, Math.max(b.eMin, cfg.initial * energy));
  }
  /** The level at the start: `initial` within the bounds (of the faded capacity, for a battery in service before it). */
  const initialJ = b.e;
  const replacementsS: number[] = [];
  // Each update's time and the capacity it reached, before any replacement then: the capacity at a date inside the run.
  const agedS: number[] = [];
  const agedCapacity: number[] = [];
  const age = (): void => {
    integrate();
    const from = (cfg.in_service ?? ctx.startEpochS) - ctx.startEpochS;
    const to = cfg.retire === undefined ? Infinity : cfg.retire - ctx.startEpochS;
    const years = overlap(b.agedT, sim.now, from, to) / SECONDS.year;
    const cycles = equivalentFullCycles(totals.dischargedJ - b.agedOutJ, energy);
    b.agedT = sim.now;
    b.agedOutJ = totals.dischargedJ;
    b.capacity = faded(fade!, b.capacity, years, cycles);
    agedS.push(sim.now);
    agedCapacity.push(b.capacity);
    if (worn(fade!, b.capacity)) {
      b.capacity = 1;
      replacementsS.push(sim.now);
    }
    b.eMin = cfg.soc_min * b.capacity * energy;
    b.eMax = cfg.soc_max * b.capacity * energy;
    // What no longer fits is lost with the capacity; a new battery starts no lower than its lowest charge, and what
    // that adds is its own figure: netted against the fade losses, it drove them below 0 (-0.04 MWh for two
    // replacements of a 1,000 kWh battery at its floor, where nothing was lost to fade).
    const kept = Math.min(b.eMax, Math.max(b.eMin, b.e));
    if (kept < b.e) totals.fadeJ += b.e - kept;
    else totals.addedJ += kept - b.e;
    // Energy lost takes its share of the carbon-free part with it; energy a replacement adds is not carbon-free.
    if (kept < b.e) b.cleanJ *= kept / b.e;
    b.e = kept;
    b.cleanJ = Math.min(b.cleanJ, b.e);
  };
  /** Capacity now, the times of the replacements so far and the capacity at each update (the economics' fade). */
  const fadeState = (): FadeState => {
    if (b.agedT < sim.now) age();
    return { capacity: b.capacity, replacementsS, agedS, agedCapacity };
  };
  if (fade) {
    const step = (): void => {
      age();
      ctx.changed();
      if (sim.now + FADE_STEP_S < ctx.durationS) sim.after(FADE_STEP_S, step);
    };
    if (FADE_STEP_S < ctx.durationS) sim.at(FADE_STEP_S, step);
  }

  const strategy = cfg.strategy;
  const mode = (s: Signal): 'auto' | 'charge' | 'hold' | 'discharge' => {
    if (strategy === 'auto') return 'auto';
    // A UPS: it charges whenever it can (from surplus, then the others' headroom) and, charging, is a last resort.
    if (strategy === 'backup') return 'charge';
    if (strategy.by === 'import') return 'charge'; // a last resort but above the limit (dispatch.ts): it wants to fill
    const v = strategy.by === 'price' ? s.priceUsdPerJ : s.carbonKgPerJ;
    // At or below, at or above: a trace's hour written as the threshold is at it (units.ts isAbove).
    return !isAbove(v, strategy.charge_below) ? 'charge' : !isBelow(v, strategy.discharge_above) ? 'discharge' : 'hold';
  };

  return {
    name: cfg.name,
    kind: 'battery',
    mustRun: false,
    // The level now, not at the last dispatch: it moved since (a battery charging from its minimum is not empty, one
    // discharging from its maximum not full), and a dispatch reads these before it delivers or charges.
    availableW: () => {
      integrate();
      return b.e > b.eMin + AT_BOUND_J ? pDischarge : 0;
    },
    priceUsdPerJ: () => 0,
    carbonKgPerJ: () => 0,
    carbonFreeShare: () => (b.e > 0 ? b.cleanJ / b.e : 0),
    deliver(usedW) {
      integrate();
      b.dischargeW = usedW;
    },
    storage: {
      chargeableW: () => {
        integrate();
        return b.e < b.eMax - AT_BOUND_J ? pCharge : 0;
      },
      mode,
      ...(typeof strategy === 'object' && strategy.by === 'import' ? { importLimitW: strategy.limit } : {}),
      ...(strategy === 'backup' ? { backup: true } : {}),
      charge(w, cleanShare) {
        b.chargeW = w;
        b.chargeClean = cleanShare;
        scheduleBound();
      },
      soc: () => {
        integrate();
        return socOf(b.e);
      },
      socRate: () => socOf(eta * b.chargeW - b.dischargeW / eta),
    },
    ...(fade ? { fade: fadeState } : {}),
    summary() {
      integrate();
      const f = fade ? fadeState() : undefined;
      return {
        charged_mwh: totals.chargedJ / J_PER_MWH,
        discharged_mwh: totals.dischargedJ / J_PER_MWH,
        losses_mwh: totals.lossJ / J_PER_MWH,
        initial_soc: socOf(initialJ),
        final_soc: socOf(b.e),
        ...(f
          ? {
              capacity: f.capacity,
              replacements: f.replacementsS.length,
              fade_losses_mwh: totals.fadeJ / J_PER_MWH,
              // Only where a replacement happened: the energy it added to reach its lowest charge.
              ...(f.replacementsS.length > 0 ? { replacement_added_mwh: totals.addedJ / J_PER_MWH } : {}),
              equivalent_full_cycles: equivalentFullCycles(totals.dischargedJ, energy),
            }
          : {}),
      };
    },
  };
}
