/**
 * Space-solar arrays: panels each capped at their rated wattage, output
 * min(S · A · η · (1 − d)^years, rated) per panel in sunlight and zero in
 * eclipse, years counted in service (from `in_service`, before the start or after it; `age_years` its age then) (MODELS.md "Sun and orbit"), times a transmission efficiency
 * when beamed to the ground. Orbits: low Earth orbit by altitude and
 * inclination (β moves as the node precesses), dawn-dusk Sun-synchronous,
 * geostationary. Each orbit's eclipse is computed at its start and its
 * entry and exit are scheduled; the sunlit output is recomputed at each
 * exit, or daily when there is no eclipse.
 */
import * as z from 'zod';
import { SECONDS } from '../kernel/time.ts';
import { PER_YEAR_BARE_MAX, PER_YEAR_BARE_WORDS, perYear, quantity, W_PER_KW } from '../model/units.ts';
import { solarCostsSchema } from '../model/costs.ts';
import {
  betaAt,
  eclipseFraction,
  orbitPeriodS,
  solarIrradiance,
  solarMidnightAfter,
  sunRightAscension,
  sunSynchronousInclination,
  type OrbitSpec,
} from './orbit.ts';
import { ownCarbonField, type Supply, type SupplyContext } from './supply.ts';
import type { ServiceDates } from './service.ts';

const DEG = Math.PI / 180;
const GEO_ALTITUDE_KM = 35786;

const betaField = z
  .number()
  .min(-90)
  .max(90)
  .optional()
  .meta({ description: 'Hold β (Sun angle to the orbit plane, degrees) fixed instead of computing it' });

const phaseField = z.number().min(0).max(360).prefault(0).meta({
  description:
    "Where the satellite is at the run's start, degrees along its orbit from orbit noon (the point nearest the Sun): its eclipse is centred where this reaches 180° (0: half an orbit after the start)",
});

const orbitSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('leo'),
    altitude_km: z
      .number()
      .positive()
      // 8,000 km was told 'a number <= 2000' alone, as if no higher orbit were modelled.
      .max(
        2000,
        'a number <= 2000 (a low Earth orbit, in km: the only orbits higher are type: sso, dawn-dusk Sun-synchronous up to 5,973 km, and type: geo at 35,786 km)',
      )
      .prefault(400)
      .meta({ description: 'Altitude, km (ISS about 400 km)' }),
    inclination_deg: z
      .number()
      .min(0)
      .max(180)
      .prefault(51.6)
      .meta({ description: 'Inclination, degrees (ISS 51.6°)' }),
    node_deg: z
      .number()
      .prefault(0)
      .meta({ description: 'Right ascension of the ascending node at the start, degrees' }),
    phase_deg: phaseField,
    beta_deg: betaField,
  }),
  z.strictObject({
    type: z.literal('sso'),
    altitude_km: z.number().positive().max(5973).prefault(650).meta({
      description:
        'Altitude, km; the inclination follows from Sun-synchrony. At most 5,973 km: higher, J2 cannot turn the node once a year at any inclination (6,000 was taken, and ran with no eclipse at all)',
    }),
    phase_deg: phaseField,
    beta_deg: betaField,
  }),
  z.strictObject({
    type: z.literal('geo'),
    longitude_deg: z.number().min(-180).max(360).prefault(0).meta({
      description:
        "The satellite's longitude, degrees east: its eclipse is centred on its local solar midnight (0: about 00:00 UTC)",
    }),
    beta_deg: betaField,
  }),
]);

/** The price per MWh taken when none is given: a vendor's energy price, which pays for the array. */
export const SPACE_SOLAR_PRICE = { usdPerMwh: 5, what: "Starcloud's claimed energy price" } as const;

export const solarSchema = z.strictObject({
  kind: z.literal('space-solar'),
  name: z.string().min(1).prefault('solar'),
  panels: z.number().int().min(0).max(1e9).meta({
    description: 'Number of panels (0: none), at most a billion (1.2 TW of 1,200 W panels; 1e15 ran)',
  }),
  rated: quantity(
    'power',
    { positive: true },
    'Rated output of one panel, a hard cap (1,200 W, the figure commonly given for a space panel system)',
  ).prefault('1200 W'),
  area: quantity(
    'area',
    { positive: true },
    'Cell area of one panel (D: 1,200 W / (1,361 W/m² × 29.8%) ≈ 2.96 m²)',
  ).prefault(2.96),
  efficiency: quantity(
    'fraction',
    { positive: true, max: 1 },
    'Cell efficiency (Spectrolab XTJ 29.8% BOL, reference.md §8.1)',
  ).prefault(0.298),
  degradation: quantity(
    'fraction',
    {
      min: 0,
      max: 1,
      bareMax: PER_YEAR_BARE_MAX,
      per: perYear('a fraction like 0.015 or "1.5%" a year (or "1.5%/yr")'),
    },
    `Output lost per year (ISS ~1.5%/yr, reference.md §8.2); ${PER_YEAR_BARE_WORDS}`,
  ).prefault(0.015),
  age_years: z.number().min(0).max(1000).prefault(0).meta({
    description:
      'Age of the array when it enters service (`in_service`, default the start), years: it degrades from then, so one in service before the start is older at the start by the years since; at most 1000 (a typo beyond it: at 1.5 %/yr an array that old keeps 3e-7 of its output; 1e30 was taken)',
  }),
  transmission: quantity(
    'fraction',
    { positive: true, max: 1 },
    'Share of output reaching the load: 1 when the load is in orbit beside the arrays; the beaming efficiency when beamed to the ground',
  ).prefault(1),
  orbit: orbitSchema
    .prefault({ type: 'leo' })
    .meta({ description: 'leo (altitude, inclination), sso (dawn-dusk), or geo' }),
  price: quantity(
    'price',
    { min: 0 },
    'Price per MWh taken (Starcloud vendor claim ~$5/MWh, reference.md §8.4); given costs.capital (owned) it must be written, 0 or what each MWh costs beyond its costs',
  ).prefault(SPACE_SOLAR_PRICE.usdPerMwh),
  carbon: ownCarbonField(
    "0: no emissions counted, as the launches' and panels' lifecycle carbon was not found",
  ).optional(),
  costs: solarCostsSchema.optional(),
});

type SolarConfig = z.output<typeof solarSchema>;

function orbitSpec(cfg: SolarConfig['orbit'], startEpochS: number): OrbitSpec {
  const fixedBetaRad = cfg.beta_deg === undefined ? undefined : cfg.beta_deg * DEG;
  if (cfg.type === 'leo')
    return {
      altitudeKm: cfg.altitude_km,
      inclinationRad: cfg.inclination_deg * DEG,
      node0Rad: cfg.node_deg * DEG,
      fixedBetaRad,
    };
  if (cfg.type === 'sso') {
    // Dawn-dusk: the orbit plane faces the Sun, its node 90° from the Sun's right ascension.
    return {
      altitudeKm: cfg.altitude_km,
      inclinationRad: sunSynchronousInclination(cfg.altitude_km),
      node0Rad: sunRightAscension(startEpochS) + Math.PI / 2,
      fixedBetaRad,
    };
  }
  return { altitudeKm: GEO_ALTITUDE_KM, inclinationRad: 0, node0Rad: 0, fixedBetaRad };
}

/** `cfg` with its service window (src/supply/service.ts), epoch seconds: the array degrades only in service. */
export function createSolar(cfg: SolarConfig & ServiceDates, ctx: SupplyContext): Supply {
  /** Its carbon per joule taken, kg/J: as given, else none counted. */
  const carbonKgPerJ = cfg.carbon ?? 0;
  const { sim, startEpochS } = ctx;
  const orbit = orbitSpec(cfg.orbit, startEpochS);
  const T = orbitPeriodS(orbit.altitudeKm);
  // Launched when it enters service: an array in service from 2029 in a run from 2027 is new in 2029, not two
  // years degraded (it was: 0.985² = 97 % of a new array's output on its first day at 1.5 %/yr).
  // One in service before the start has aged since its in_service date: commissioned 2025 in a run from 2027, it starts
  // two years old (it was new at the start unless age_years said otherwise).
  const fromS = cfg.in_service === undefined ? 0 : cfg.in_service - startEpochS;
  const sunlitW = (t: number): number => {
    const years = cfg.age_years + Math.max(0, t - fromS) / SECONDS.year;
    const panel = solarIrradiance(startEpochS + t) * cfg.area * cfg.efficiency * (1 - cfg.degradation) ** years;
    return Math.min(panel, cfg.rated) * cfg.panels * cfg.transmission;
  };
  // No panels: the orbit is still followed (for the summary), without dispatch instants of its own.
  const changed = cfg.panels > 0 ? ctx.changed : () => {};
  let levelW = sunlitW(0);
  let refreshedAt = 0;
  let inSun = true;
  let eclipseS = 0;

  // One handler each for every orbit's eclipse entry and exit (thousands of orbits a year).
  const enterShadow = (): void => {
    inSun = false;
    changed();
  };
  const leaveShadow = (): void => {
    inSun = true;
    levelW = sunlitW(sim.now);
    refreshedAt = sim.now;
    changed();
  };
  // Each orbit's eclipse is centred on its midnight. In low orbit midnight k falls at
  // m0 + kT, m0 set by the phase at the start (phase 0: m0 = T/2); a geostationary
  // satellite's midnight is its local solar midnight, a solar day apart. Orbit k runs
  // from half an orbit before its midnight; its eclipse (share f, from β at midnight)
  // spans midnight ± fT/2, the time the satellite takes to cross the shadow.
  const o = cfg.orbit;
  const nextMidnight: (after: number) => number =
    o.type === 'geo'
      ? (after) => solarMidnightAfter(startEpochS + after, o.longitude_deg * DEG) - startEpochS
      : (() => {
          const m0 = (((((180 - o.phase_deg) % 360) + 360) % 360) / 360) * T;
          return (after: number) => m0 + Math.floor((after - m0) / T + 1) * T;
        })();
  // The sunlit output is refreshed at each eclipse exit, or daily when there is none: in low orbit at the first orbit a
  // day after the last refresh, in geostationary orbit at every orbit, a solar day. A day after it held the
  // geostationary level two days whenever the solar day was shorter than 86,400 s (outside the eclipse seasons, mid-
  // February to mid-May and late July to early November: its orbit started seconds short of the day every other day).
  const everyOrbit = o.type === 'geo';
  const orbitAt = (midnight: number): void => {
    const t0 = midnight - T / 2;
    const f = eclipseFraction(orbit.altitudeKm, betaAt(orbit, startEpochS, Math.max(0, midnight)));
    const end = ctx.durationS;
    if (f > 0) {
      const entry = midnight - (T * f) / 2;
      const exit = midnight + (T * f) / 2;
      if (entry <= 0 && exit > 0)
        inSun = false; // the run starts in this eclipse
      else if (entry > 0 && entry < end) sim.at(entry, enterShadow);
      if (exit > 0 && entry < end) sim.at(exit, leaveShadow);
      eclipseS += Math.max(0, Math.min(exit, end) - Math.max(0, Math.min(entry, end)));
    } else if (everyOrbit ? t0 > refreshedAt : t0 - refreshedAt >= SECONDS.day) {
      levelW = sunlitW(t0);
      refreshedAt = t0;
      changed();
    }
    const next = nextMidnight(midnight + T / 2);
    if (next - T / 2 < end) sim.at(Math.max(0, next - T / 2), () => orbitAt(next));
  };
  // The midnight before the run's start can still be in eclipse at its start.
  orbitAt(nextMidnight(-T));

  return {
    name: cfg.name,
    kind: 'space-solar',
    mustRun: true,
    availableW: () => (inSun ? levelW : 0),
    priceUsdPerJ: () => cfg.price,
    carbonKgPerJ: () => carbonKgPerJ,
    carbonFreeShare: () => 1,
    summary: () => ({
      orbit: cfg.orbit.type,
      period_min: T / 60,
      eclipse_share: sim.now > 0 ? Math.min(eclipseS, sim.now) / Math.min(sim.now, ctx.durationS) : 0,
      cap_kw: (cfg.panels * cfg.rated * cfg.transmission) / W_PER_KW,
    }),
  };
}
