/**
 * A fusion power-purchase agreement: a contracted capacity that delivers
 * nothing before its start date, optionally ramps over its first year (in
 * twelve monthly steps), then is available except during seeded outages.
 * The start can slip by a lognormal delay drawn once per run from the
 * run's seed. Take-or-pay: every MWh the plant offers is paid for, used or
 * not, so it runs as must-run (its marginal price is zero); the summary
 * shows energy offered, used and paid.
 */
import * as z from 'zod';
import { SECONDS, formatTimestamp } from '../kernel/time.ts';
import { dateSchema } from '../model/date.ts';
import { bareDurationIn, J_PER_MWH, quantity } from '../model/units.ts';
import { assetCostsSchema } from '../model/costs.ts';
import { Outages } from './outages.ts';
import { ownCarbonField, type Supply, type SupplyContext } from './supply.ts';
import { serviceWindow, type ServiceDates } from './service.ts';

const date = dateSchema('an ISO date like "2028-01-01"');

/** The take-or-pay price per MWh offered when none is given: a PPA's, which pays for the plant. */
export const FUSION_PRICE = { usdPerMwh: 80, what: "the top of fusion cost studies' 50-80 $/MWh for a PPA" } as const;

export const fusionSchema = z.strictObject({
  kind: z.literal('fusion-ppa'),
  name: z.string().min(1).prefault('fusion'),
  capacity: quantity(
    'power',
    { min: 0 },
    'Contracted capacity (Microsoft-Helion: at least 50 MW, reference.md §7); 0: none',
  ).prefault('50 MW'),
  start: date.prefault('2028-01-01').meta({
    description:
      "Contracted start, UTC (Helion: plant online by 2028, reference.md §7); its costs enter then: with capital or a lifetime in its costs and no in_service, at or after the model's start",
  }),
  ramp_first_year: z.boolean().prefault(false).meta({
    description: 'Ramp over the first year in twelve monthly steps (Helion: after a one-year ramp-up, reference.md §7)',
  }),
  availability: quantity(
    'fraction',
    { positive: true, max: 1 },
    'Long-run share of time available after start (EU PPCS / US ARIES cost studies 70-75%, reference.md §7)',
  ).prefault(0.75),
  outage_mean: quantity(
    'duration',
    { positive: true, needsUnit: bareDurationIn('a mean outage', 'd') },
    'Mean length of an outage (not found in reference.md: assumed)',
  ).prefault('14d'),
  slip: z
    .strictObject({
      median: quantity(
        'duration',
        { min: 0, needsUnit: bareDurationIn('a delay', 'mo', 4) },
        'Median delay of the start',
      ).prefault('9mo'),
      sigma: z.number().min(0).max(10).prefault(1).meta({
        description:
          'Spread: sigma of the log of the delay (lognormal); at most 10, a factor of 22,000 either way at one standard deviation (a larger one drew an infinite delay)',
      }),
      probability: quantity('fraction', { min: 0, max: 1 }, 'Chance that the start slips at all').prefault(1),
    })
    .optional()
    .meta({ description: 'Start delay drawn once per run (none by default)' }),
  price: quantity(
    'price',
    {
      min: 0,
      // Its sources quote cents a kWh: a bare 8, read as 8 $/MWh, was a tenth of the 80 $/MWh meant.
      bareLeast: {
        below: 10,
        words: (v) =>
          `a price with its unit (a bare number is $/MWh, and fusion's cost studies quote 5-8 ¢/kWh, 50-80 $/MWh): "${v} ¢/kWh" or "${v} $/MWh"`,
      },
    },
    'Take-or-pay price per MWh offered (EU PPCS / US ARIES 5-8 ¢/kWh, 50-80 $/MWh, reference.md §7); a bare number under 10 is refused, as those ¢/kWh could be meant: "8 ¢/kWh" or "8 $/MWh"; given costs.capital (owned) it must be written, 0 or what each MWh costs beyond its costs',
  ).prefault(FUSION_PRICE.usdPerMwh),
  carbon: ownCarbonField('0: no emissions counted, as no published lifecycle figure for fusion was found').optional(),
  costs: assetCostsSchema.optional(),
});

type FusionConfig = z.output<typeof fusionSchema>;

export function createFusion(cfg: FusionConfig & ServiceDates, ctx: SupplyContext): Supply {
  /** Its carbon per joule taken, kg/J: as given, else none counted. */
  const carbonKgPerJ = cfg.carbon ?? 0;
  const { sim } = ctx;
  const service = serviceWindow(ctx, cfg);
  const rng = ctx.rng('slip');
  // Both draws always happen, so the stream's later use does not depend on the outcome.
  const slips = rng.uniform() < (cfg.slip?.probability ?? 0);
  const delay = cfg.slip ? cfg.slip.median * Math.exp(cfg.slip.sigma * rng.normal()) : 0;
  const startEpochS = cfg.start + (slips ? delay : 0);
  // Seconds from the run's start to the PPA's (drawn) start: negative when the run starts later.
  const sinceRunS = startEpochS - ctx.startEpochS;

  let contractedW = 0;
  let outages: Outages | undefined;
  // Its outages run from its own (drawn) start, as its ramp does: a PPA in service before the run starts it where their
  // history has reached, not up and fresh (which made a month's run of a 75 % PPA available 82 % of it on average).
  const startOutages = (): void => {
    if (cfg.availability >= 1) return;
    const mttr = cfg.outage_mean;
    outages = new Outages(
      sim,
      ctx.rng('outages'),
      { mttf: (mttr * cfg.availability) / (1 - cfg.availability), mttr, repair_cv: 1 },
      ctx.changed,
      Math.min(sim.now, sinceRunS),
    );
  };
  // No capacity contracted: nothing to schedule (no dispatch instants of its own).
  if (cfg.capacity > 0 && sinceRunS < ctx.durationS) {
    // The ramp runs from the PPA's own start, whatever the run's window: step k holds from
    // start + (k - 1)/12 year; a run that starts mid-ramp (or after it) starts at the step
    // reached by then.
    const steps = cfg.ramp_first_year ? 12 : 1;
    let reached = 0;
    for (let k = 1; k <= steps; k++) {
      const t = sinceRunS + ((k - 1) * SECONDS.year) / 12;
      if (t >= ctx.durationS) break;
      if (t <= 0) {
        reached = k;
        continue;
      }
      sim.at(t, () => {
        contractedW = (cfg.capacity * k) / steps;
        if (k === 1) startOutages();
        ctx.changed();
      });
    }
    if (reached > 0) {
      sim.at(0, () => {
        contractedW = (cfg.capacity * reached) / steps;
        startOutages();
        ctx.changed();
      });
    }
  }
  const offeredW = (): number => (outages === undefined || outages.up ? contractedW : 0);

  // Energy offered and used, integrated at each dispatch: fields of one object, updated in place (a
  // number written to a variable the closures share is a new heap number at every write).
  // The seconds contracted (in service, past the PPA's start) and of them up give its availability.
  const acc = { offeredJ: 0, usedJ: 0, offeredW: 0, usedW: 0, lastT: 0, contracted: 0, contractedS: 0, upS: 0 };
  const integrate = (): void => {
    const dt = sim.now - acc.lastT;
    acc.offeredJ += acc.offeredW * dt;
    acc.usedJ += acc.usedW * dt;
    acc.contractedS += acc.contracted * dt;
    if (acc.offeredW > 0) acc.upS += dt;
    acc.lastT = sim.now;
  };
  /** Time up / time contracted in service so far (0 before its start, as an SMR unit not yet in service). */
  const availability = (): number => (acc.contractedS > 0 ? acc.upS / acc.contractedS : 0);

  return {
    name: cfg.name,
    kind: 'fusion-ppa',
    mustRun: true,
    availableW: offeredW,
    priceUsdPerJ: () => 0,
    carbonKgPerJ: () => carbonKgPerJ,
    carbonFreeShare: () => 1,
    fixedCostUsdPerS: () => offeredW() * cfg.price,
    deliver(usedW) {
      integrate();
      // Offered (and paid for) only while in service: its cost, from the dispatch, agrees.
      const inService = sim.now >= service.fromS && sim.now < service.toS;
      acc.offeredW = inService ? offeredW() : 0;
      acc.contracted = inService && contractedW > 0 ? 1 : 0;
      acc.usedW = usedW;
    },
    // Its outages (one unit), clipped to the service window by the registry's wrapper.
    ...(cfg.availability < 1 ? { unitOutages: () => outages?.downStretches() ?? [] } : {}),
    summary() {
      integrate();
      return {
        start_utc: formatTimestamp(startEpochS),
        slip_days: (startEpochS - cfg.start) / SECONDS.day,
        availability: availability(),
        offered_mwh: acc.offeredJ / J_PER_MWH,
        used_mwh: acc.usedJ / J_PER_MWH,
        paid_usd: acc.offeredJ * cfg.price,
      };
    },
  };
}
