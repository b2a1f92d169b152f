/**
 * Cooling models on Earth: a fixed PUE, a chiller whose COP falls as the
 * outdoor side warms, an economiser that cools for free when it is cold
 * enough, and direct-to-chip liquid cooling beside an air side. Each gives
 * the cooling power for the heat of the IT load and of the power chain, and
 * names its current mode. Formulas: MODELS.md "Cooling"; values:
 * reference.md §2.3.
 */
import * as z from 'zod';
import { quantity } from '../model/units.ts';
import type { Ambient } from './weather.ts';

/** No facility draws ten times its IT power (the 2007 average was 2.5, reference.md §2.1): a larger ratio is a typo (1e308 made every figure infinite). */
export const MAX_PUE = 10;

export const pueCoolingSchema = z.strictObject({
  model: z.literal('pue'),
  pue: z.number().min(1).max(MAX_PUE).meta({ description: `Facility power over IT power, losses included (1.58 industry average 2023, 1.1 hyperscale; reference.md §2.1); at most ${MAX_PUE}` }),
});

const chillerFields = {
  cop: z.number().gt(0).prefault(5.5).meta({ description: 'COP at the reference condenser temperature (5.5: ASHRAE 90.1 minimum for water-cooled > 300 ton, 0.64 kW/ton; typical new 7.5; reference.md §2.3)' }),
  reference_temperature: quantity('temperature', {}, 'Condenser temperature at which `cop` holds (29.4 °C: AHRI entering condenser water 85 °F, reference.md §2.3)').prefault(29.4),
  cop_slope: z.number().min(0).max(0.2).prefault(0.027).meta({ description: 'Share of COP lost per kelvin of warmer condenser (0.027: 1-2 % per °F = 1.8-3.6 % per K, reference.md §2.3; MODELS.md COP = COP_ref (1 - k (T - T_ref)))' }),
  cop_min: z.number().gt(0).prefault(2).meta({ description: 'Floor of the COP curve (an assumption)' }),
  cop_max: z.number().gt(0).prefault(14).meta({ description: 'Ceiling of the COP curve (14: VSD centrifugal with cold condenser water, 0.25 kW/ton, reference.md §2.3)' }),
  approach: z.number().min(0).prefault(6).meta({ description: 'Condenser temperature above the outdoor temperature, K (6: cooling-tower design approach, LBL Modelica Buildings, reference.md §2.3)' }),
  fans_pumps: quantity('fraction', { min: 0, max: 1 }, 'Fans and pumps, as a share of the heat removed, in every mode (0.05: an assumption)').prefault(0.05),
  basis: z.enum(['auto', 'wet_bulb', 'dry_bulb']).prefault('auto').meta({ description: 'Outdoor temperature the plant sees: wet-bulb where the weather gives humidity (auto), or always dry-bulb' }),
};

export const chillerSchema = z.strictObject({ model: z.literal('chiller'), ...chillerFields });

export const economiserSchema = z.strictObject({
  model: z.literal('economiser'),
  ...chillerFields,
  free_below: quantity('temperature', {}, 'Outdoor temperature at or below which cooling is free, only fans and pumps (18 °C; Leesburg has 6,367 h of wet-bulb and 5,579 h of dry-bulb at or below it, reference.md §2.3)').prefault(18),
  chiller_above: quantity('temperature', {}, 'Above this the chiller carries all the heat; between the two its share rises linearly (24 °C, a modelling assumption, reference.md §2.3)').prefault(24),
  dead_band: z.number().min(0).prefault(0).meta({ description: 'Hysteresis, K: a cooler mode starts only this far below its threshold, so modes do not chatter (MODELS.md; 0 counts hours exactly at the thresholds). The weather step (1 h) acts as the minimum dwell' }),
}).refine((c) => c.chiller_above > c.free_below, { message: 'chiller_above greater than free_below', path: ['chiller_above'] });

const airSchema = z.discriminatedUnion('model', [chillerSchema, economiserSchema]);

export const liquidSchema = z.strictObject({
  model: z.literal('liquid'),
  share: quantity('fraction', { min: 0, max: 1 }, 'Share of the IT heat taken by cold plates (0.8: an assumption; reference.md §2.1 found no measured figure)').prefault(0.8),
  cop: z.number().gt(0).prefault(20).meta({ description: 'COP of the warm-water loop, pumps and dry coolers (20: an assumption; warm water at 36-47 °C needs no chiller in most climates, LBL ChillerWSE example, reference.md §2.3)' }),
  air: airSchema.prefault({ model: 'economiser' }).meta({ description: 'The air side, for the rest of the IT heat and the power-chain losses' }),
});

export type PueCoolingConfig = z.output<typeof pueCoolingSchema>;
export type ChillerConfig = z.output<typeof chillerSchema>;
export type EconomiserConfig = z.output<typeof economiserSchema>;
export type LiquidConfig = z.output<typeof liquidSchema>;

/** What the facility asks of a cooling model. */
export interface Cooling {
  /** Mode names; `mode` indexes them. */
  readonly modes: readonly string[];
  mode: number;
  readonly usesWeather: boolean;
  /** Most heat it can reject, W (Infinity on Earth). */
  readonly maxHeatW: number;
  /** The outdoor air changed: pick the mode and the coefficients that hold until the next change. */
  setAmbient(a: Ambient): void;
  /** Cooling power to remove the heat of `itW` and `lossesW` now, W (monotone in both). */
  coolingW(itW: number, lossesW: number): number;
}

export function pueCooling(cfg: PueCoolingConfig): Cooling {
  const over = cfg.pue - 1;
  return { modes: ['pue'], mode: 0, usesWeather: false, maxHeatW: Infinity, setAmbient() {}, coolingW: (it) => it * over };
}

/** COP against condenser temperature: linear, clamped (MODELS.md "Cooling"). */
export function chillerCop(cfg: ChillerConfig | EconomiserConfig, outdoorC: number): number {
  const cop = cfg.cop * (1 - cfg.cop_slope * (outdoorC + cfg.approach - cfg.reference_temperature));
  return Math.min(cfg.cop_max, Math.max(cfg.cop_min, cop));
}

/** The temperature the plant sees: wet-bulb where known (unless told dry-bulb). */
export function outdoorC(cfg: ChillerConfig | EconomiserConfig, a: Ambient): number {
  if (cfg.basis === 'dry_bulb') return a.dryC;
  if (cfg.basis === 'wet_bulb' && Number.isNaN(a.wetC)) return NaN;
  return Number.isNaN(a.wetC) ? a.dryC : a.wetC;
}

const FREE = 0;
const PARTIAL = 1;
const CHILLER = 2;

/** The economiser's mode at an outdoor temperature, before hysteresis. */
function economiserMode(econ: EconomiserConfig, tC: number): number {
  return tC <= econ.free_below ? FREE : tC > econ.chiller_above ? CHILLER : PARTIAL;
}

/** A chiller (no economiser) or an economiser in front of one. */
export function airCooling(cfg: ChillerConfig | EconomiserConfig): Cooling {
  const econ = cfg.model === 'economiser' ? cfg : undefined;
  let perW = NaN;
  const c: Cooling = {
    modes: econ ? ['free', 'partial', 'chiller'] : ['chiller'],
    mode: econ ? CHILLER : 0,
    usesWeather: true,
    maxHeatW: Infinity,
    setAmbient(a) {
      const t = outdoorC(cfg, a);
      if (Number.isNaN(t)) throw new Error('wet_bulb basis needs weather with humidity');
      let chillerShare = 1;
      if (econ) {
        const warmer = economiserMode(econ, t);
        const cooler = economiserMode(econ, t + econ.dead_band);
        if (warmer > c.mode) c.mode = warmer;
        else if (cooler < c.mode) c.mode = cooler;
        chillerShare = c.mode === FREE ? 0 : c.mode === CHILLER ? 1
          : Math.min(1, Math.max(0, (t - econ.free_below) / (econ.chiller_above - econ.free_below)));
      }
      perW = chillerShare / chillerCop(cfg, t) + cfg.fans_pumps;
    },
    coolingW: (it, losses) => (it + losses) * perW,
  };
  return c;
}

export function liquidCooling(cfg: LiquidConfig): Cooling {
  const air = airCooling(cfg.air);
  const liquidPerW = cfg.share / cfg.cop;
  const airShare = 1 - cfg.share;
  return {
    modes: air.modes,
    get mode() { return air.mode; },
    set mode(m) { air.mode = m; },
    usesWeather: true,
    maxHeatW: Infinity,
    setAmbient: (a) => air.setAmbient(a),
    coolingW: (it, losses) => it * liquidPerW + air.coolingW(it * airShare, losses),
  };
}
