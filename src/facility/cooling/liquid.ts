/**
 * Direct-to-chip liquid cooling beside an air side: cold plates take a share
 * of the IT heat to a warm-water loop of high COP; the rest of the IT heat
 * and the power-chain losses go to a chiller or an economiser.
 * cooling = IT share / cop + air(IT (1 − share), losses). Values: reference.md §2.1, §2.3.
 */
import * as z from 'zod';
import { quantity } from '../../model/units.ts';
import { coolingModel, type Cooling } from './cooling.ts';
import { chiller } from './chiller.ts';
import { economiser } from './economiser.ts';

export const liquid = coolingModel({
  schema: z.strictObject({
    model: z.literal('liquid'),
    share: quantity(
      'fraction',
      { min: 0, max: 1 },
      'Share of the IT heat taken by cold plates (0.8: an assumption; reference.md §2.1 found no measured figure)',
    ).prefault(0.8),
    // At least 1, as a chiller's: cop: 0.15, a dry cooler's kW/ton, ran the loop at 6.7 times the heat it moves.
    cop: z
      .number()
      .gt(0)
      .max(1000)
      .superRefine((v, ctx) => {
        if (v < 1)
          ctx.addIssue({
            code: 'custom',
            message: `a COP of at least 1, heat moved per unit of electricity (a rating in kW/ton is not a COP: ${v} kW/ton is a COP of ${Number((3.517 / v).toFixed(2))}, 3.517 / ${v}; nor is the loop's draw as a share of its heat: ${v} of it is a COP of ${Number((1 / v).toFixed(2))}, 1 / ${v})`,
            input: v,
          });
      })
      .prefault(20)
      .meta({
        description:
          'COP of the warm-water loop, pumps and dry coolers (20: an assumption; warm water at 36-47 \u00b0C needs no chiller in most climates, LBL ChillerWSE example, reference.md \u00a72.3), at least 1 (a rating in kW/ton is not a COP: COP = 3.517 / kW/ton) and at most 1000 (pumps and fans drawing under 0.1 % of the heat they move; 1e30 ran with a loop that drew nothing)',
      }),
    air: z
      .discriminatedUnion('model', [chiller.schema, economiser.schema])
      .prefault({ model: 'economiser' })
      .meta({ description: 'The air side, for the rest of the IT heat and the power-chain losses' }),
  }),
  about: 'direct-to-chip beside an air side',
  // The air side's.
  modes: { ...chiller.modes, ...economiser.modes },
  weather: 'needed',
  humidityNeededAt: (cfg) => {
    const at =
      cfg.air.model === 'economiser' ? economiser.humidityNeededAt!(cfg.air) : chiller.humidityNeededAt!(cfg.air);
    return at && ['air', ...at];
  },
  create(cfg) {
    const air: Cooling = cfg.air.model === 'economiser' ? economiser.create(cfg.air) : chiller.create(cfg.air);
    const liquidPerW = cfg.share / cfg.cop;
    const airShare = 1 - cfg.share;
    return {
      modes: air.modes,
      get mode() {
        return air.mode;
      },
      set mode(m) {
        air.mode = m;
      },
      maxHeatW: Infinity,
      setAmbient: (a) => air.setAmbient(a),
      coolingW: (it, losses) => it * liquidPerW + air.coolingW(it * airShare, losses),
    };
  },
});
