/**
 * Cooling in orbit: no air, no chiller; all the heat (IT, power-chain losses
 * and the pumps' own power) leaves by radiation, Q = ε σ A_faces (T_rad⁴ −
 * T_sink⁴) (MODELS.md "Cooling"; reference.md §8.5). The radiator's size
 * caps the heat, and so the IT power: above it chips throttle.
 */
import * as z from 'zod';
import { quantity } from '../../model/units.ts';
import { coolingModel } from './cooling.ts';

/** Stefan-Boltzmann constant, W m⁻² K⁻⁴ (CODATA 2018, MODELS.md). */
const STEFAN_BOLTZMANN = 5.670374e-8;

const C_TO_K = 273.15;

/**
 * A radiator's temperatures are quoted in kelvin (300 K, a 3 K sink), and a bare number is read in the kind's bare
 * unit, °C: `sink: 3` was a 276 K sink, rejecting 28 % of the heat a 300 K radiator rejects to deep space, and
 * `temperature: 320` a radiator at 593 K rejecting 11.8 times its heat at 320 K. A bare number is refused, 0 too: `sink: 0`, meant as absolute zero, was
 * 0 °C, a 273.15 K sink to which a 320 K radiator rejects 46.9 % of what it rejects to 0 K.
 */
const inKelvin = (v: string): string =>
  `a temperature with its unit, like "${v} K" or "${v} C" (radiators are quoted in kelvin, and a bare number would be read in °C)`;

const radiatorSchema = z
  .strictObject({
    model: z.literal('radiator'),
    area: quantity(
      'area',
      { positive: true },
      "Radiator panel area (one face); enough to reject the site's heat with every chip idle (the cap throttles duty, not idle power), else refused with the area needed",
    ),
    faces: z
      .union([z.literal(1), z.literal(2)])
      .prefault(2)
      .meta({ description: 'Faces that radiate: 2 for a panel seeing space on both sides (reference.md §8.5)' }),
    emissivity: quantity(
      'fraction',
      { min: 0.01, max: 1 },
      'Infrared emissivity of the radiator surface (0.9, reference.md §8.5)',
    ).prefault(0.9),
    temperature: quantity(
      'temperature',
      { min: -C_TO_K, needsUnit: inKelvin },
      'Radiator temperature (300 K: 413 W/m² per face at ε 0.9, reference.md §8.5)',
    ).prefault('300 K'),
    sink: quantity(
      'temperature',
      { min: -C_TO_K, needsUnit: inKelvin },
      "Effective sink temperature (3 K deep space; Earth's infrared raises it in low orbit, MODELS.md)",
    ).prefault('3 K'),
    pumps: quantity(
      'fraction',
      { min: 0, max: 0.5 },
      'Coolant pumps, as a share of the heat carried to the radiator (0.02: an assumption)',
    ).prefault(0.02),
  })
  .superRefine((r, ctx) => {
    // A radiator no warmer than its sink rejects no heat (or absorbs it): every chip would be throttled to nothing.
    if (!(r.temperature > r.sink)) {
      ctx.addIssue({
        code: 'custom',
        message: `a radiator temperature above its sink (${+(r.sink + C_TO_K).toFixed(2)} K)`,
        path: ['temperature'],
        input: `${+(r.temperature + C_TO_K).toFixed(2)} K`,
      });
    }
  });

type RadiatorConfig = z.output<typeof radiatorSchema>;

/** Most heat the radiator rejects, W. */
function radiatorMaxHeatW(cfg: RadiatorConfig): number {
  const t = cfg.temperature + C_TO_K;
  const s = cfg.sink + C_TO_K;
  return cfg.emissivity * STEFAN_BOLTZMANN * cfg.area * cfg.faces * (t ** 4 - s ** 4);
}

export const radiator = coolingModel({
  schema: radiatorSchema,
  about: 'in orbit',
  modes: { radiator: 4 },
  weather: { refused: 'in orbit, heat leaves by radiation' },
  create(cfg) {
    return {
      modes: ['radiator'],
      mode: 0,
      maxHeatW: radiatorMaxHeatW(cfg),
      setAmbient() {},
      // The pumps' power is heat in the loop too: total heat = (IT + losses) (1 + pumps).
      coolingW: (it, losses) => (it + losses) * cfg.pumps,
    };
  },
});
