/**
 * A chiller whose COP falls as the outdoor side warms: cooling = (IT +
 * losses) (1/COP(T) + fans_pumps). Its fields, COP curve and outdoor
 * temperature serve the economiser and liquid cooling's air side too.
 * Formulas: MODELS.md "Cooling"; values: reference.md §2.3.
 */
import * as z from 'zod';
import { fahrenheitLikely, quantity } from '../../model/units.ts';
import type { Ambient } from '../weather.ts';
import { coolingModel } from './cooling.ts';

/**
 * The largest chiller COP: a Carnot cycle lifting heat from 20 °C by 3 K has a COP of about 100, and a real
 * chiller reaches a fraction of Carnot (cop_max 14 is a VSD centrifugal at its best). A COP of 1e30 ran, with
 * cooling that drew nothing.
 */
const COP_MAX = 100;
const COP_NOTE = `at least 1 (a rating in kW/ton is not a COP: COP = 3.517 / kW/ton) and at most ${COP_MAX} (a Carnot cycle lifting heat by 3 K; no real chiller comes near it)`;

/** kW of electricity per ton of refrigeration (3.517 kW of heat) at a COP of 1: kW/ton = 3.517 / COP. */
const KW_PER_TON_AT_COP_1 = 3.517;

/**
 * A COP, at least 1: no chiller moves less heat than the electricity it draws. US chillers are rated in kW/ton
 * (ASHRAE 90.1's 0.64 kW/ton is a COP of 5.5), and cop: 0.64 was told to lower cop_min, after which it ran at a COP of
 * 0.64 (PUE 3.00 where 1.35); cop_max: 0.25 (a VSD centrifugal's kW/ton) was told cop_min exceeded it.
 */
const copNumber = () =>
  z
    .number()
    .gt(0)
    .max(COP_MAX)
    .superRefine((v, ctx) => {
      if (v < 1)
        ctx.addIssue({
          code: 'custom',
          message: `a COP of at least 1, heat moved per unit of electricity (a chiller's kW/ton is not its COP: ${v} kW/ton is a COP of ${Number((KW_PER_TON_AT_COP_1 / v).toFixed(2))}, ${KW_PER_TON_AT_COP_1} / ${v})`,
          input: v,
        });
    });

/** A number (K), or one with its unit: "6 K" or "6 C" (the same apart), "10.8 F" (5/9 K a degree). */
const DIFFERENCE_WORDS = 'a temperature difference in K, like 6 or "6 K" ("10.8 F" in degrees Fahrenheit apart)';
const DIFFERENCE = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*(?:\u00b0\s*)?(k|c|f)?\s*$/i;

/**
 * A temperature difference in K, written bare or as the tables write it ("6 K"; a US cooling tower's approach in °F,
 * "7 F", 3.9 K apart): "6 K" was refused 'expected a number', the form docs/models/facility.md gives the default in.
 */
export const kelvinDifference = (max = Infinity) =>
  z
    .union([z.number(), z.string()], { error: (i) => (i.code === 'invalid_union' ? DIFFERENCE_WORDS : undefined) })
    .transform((v, ctx) => {
      if (typeof v === 'number') return v;
      const m = DIFFERENCE.exec(v);
      if (!m) {
        ctx.addIssue({ code: 'custom', message: DIFFERENCE_WORDS, input: v });
        return z.NEVER;
      }
      return Number(m[1]) * (m[2]?.toLowerCase() === 'f' ? 5 / 9 : 1);
    })
    .pipe(z.number().min(0).max(max));

export const chillerFields = {
  cop: copNumber()
    .prefault(5.5)
    .meta({
      description: `COP at the reference condenser temperature (5.5: ASHRAE 90.1 minimum for water-cooled > 300 ton, 0.64 kW/ton; typical new 7.5; reference.md §2.3), within cop_min..cop_max, ${COP_NOTE}`,
    }),
  // AHRI rates a condenser at 85 °F entering water (95 °F air-cooled): a bare 85 was 85 °C, the COP ceiling at every hour.
  reference_temperature: quantity(
    'temperature',
    { bareMost: fahrenheitLikely(50, 'AHRI rates condensers at 85 °F (29.4 °C) or 95 °F (35 °C)') },
    'Condenser temperature at which `cop` holds (29.4 °C: AHRI entering condenser water 85 °F, reference.md §2.3); a bare number above 50 is refused, as °F is meant ("85 F")',
  ).prefault(29.4),
  cop_slope: z.number().min(0).max(0.2).prefault(0.027).meta({
    description:
      'Share of COP lost per kelvin of warmer condenser (0.027: 1-2 % per °F = 1.8-3.6 % per K, reference.md §2.3; MODELS.md COP = COP_ref (1 - k (T - T_ref)))',
  }),
  cop_min: copNumber()
    .prefault(2)
    .meta({ description: `Floor of the COP curve (an assumption), ${COP_NOTE}` }),
  cop_max: copNumber()
    .prefault(14)
    .meta({
      description: `Ceiling of the COP curve (14: VSD centrifugal with cold condenser water, 0.25 kW/ton, reference.md §2.3), ${COP_NOTE}`,
    }),
  approach: kelvinDifference(100).prefault(6).meta({
    description:
      'Condenser temperature above the outdoor temperature, K, bare or "6 K" ("10.8 F" in degrees Fahrenheit apart) (6: cooling-tower design approach, LBL Modelica Buildings, reference.md §2.3), at most 100 K (no condenser runs a hundred kelvin above the air it rejects heat to)',
  }),
  fans_pumps: quantity(
    'fraction',
    { min: 0, max: 1 },
    'Fans and pumps, as a share of the heat removed, in every mode (0.05: an assumption)',
  ).prefault(0.05),
  basis: z.enum(['auto', 'wet_bulb', 'dry_bulb']).prefault('auto').meta({
    description:
      'Outdoor temperature the plant sees: wet-bulb where the weather gives humidity (auto), or always dry-bulb',
  }),
};

/**
 * The curve's clamp holds its reference point: cop_min <= cop <= cop_max. A cop outside them was clamped at the
 * reference too, so the plant never ran at the COP it was given (cop 1.8, an old air-cooled chiller, ran at the
 * floor of 2 at every temperature; cop 20 at the ceiling of 14), and a floor above the ceiling made it constant.
 */
export function copWithinClamp(
  c: { cop: number; cop_min: number; cop_max: number },
  ctx: { addIssue(issue: { code: 'custom'; message: string; path: string[]; input: unknown }): void },
): void {
  const issue = (path: string, message: string, input: number) =>
    ctx.addIssue({ code: 'custom', message, path: [path], input });
  if (c.cop_min > c.cop_max) issue('cop_min', `a cop_min at most cop_max (${c.cop_max})`, c.cop_min);
  else if (c.cop > c.cop_max)
    issue('cop', `a cop at most cop_max (${c.cop_max}; raise cop_max to run a chiller this efficient)`, c.cop);
  else if (c.cop < c.cop_min)
    // An air-cooled chiller's kW/ton (1.0-1.4) is a COP too: lowering cop_min, as told, ran 1.188 kW/ton at a COP of 1.19.
    issue(
      'cop',
      `a cop at least cop_min (${c.cop_min}; lower cop_min to run a chiller this inefficient, or, if ${c.cop} is a rating in kW/ton, write its COP, ${Number((KW_PER_TON_AT_COP_1 / c.cop).toFixed(2))})`,
      c.cop,
    );
}

const chillerSchema = z.strictObject({ model: z.literal('chiller'), ...chillerFields }).superRefine(copWithinClamp);

/** The chiller's fields (as parsed) that the economiser shares. */
type ChillerFields = Omit<z.output<typeof chillerSchema>, 'model'>;

/** COP against condenser temperature: linear, clamped (MODELS.md "Cooling"). */
export function chillerCop(cfg: ChillerFields, outdoorC: number): number {
  const cop = cfg.cop * (1 - cfg.cop_slope * (outdoorC + cfg.approach - cfg.reference_temperature));
  return Math.min(cfg.cop_max, Math.max(cfg.cop_min, cop));
}

/** The temperature the plant sees: wet-bulb where known (unless told dry-bulb). */
function outdoorC(cfg: ChillerFields, a: Ambient): number {
  if (cfg.basis === 'dry_bulb') return a.dryC;
  if (cfg.basis === 'wet_bulb' && Number.isNaN(a.wetC)) return NaN;
  return Number.isNaN(a.wetC) ? a.dryC : a.wetC;
}

/** The plant's outdoor temperature, which must be known (the facility checks humidity for basis wet_bulb first). */
export function knownOutdoorC(cfg: ChillerFields, a: Ambient): number {
  const t = outdoorC(cfg, a);
  if (Number.isNaN(t)) throw new Error('wet_bulb basis needs weather with humidity');
  return t;
}

/** Basis wet_bulb needs weather with humidity. */
export const basisNeedsHumidity = (cfg: ChillerFields): string[] | undefined =>
  cfg.basis === 'wet_bulb' ? ['basis'] : undefined;

export const chiller = coolingModel({
  schema: chillerSchema,
  modes: { chiller: 2 },
  weather: 'needed',
  humidityNeededAt: basisNeedsHumidity,
  create(cfg) {
    let perW = NaN;
    return {
      modes: ['chiller'],
      mode: 0,
      maxHeatW: Infinity,
      setAmbient(a) {
        perW = 1 / chillerCop(cfg, knownOutdoorC(cfg, a)) + cfg.fans_pumps;
      },
      coolingW: (it, losses) => (it + losses) * perW,
    };
  },
});
