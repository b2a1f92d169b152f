/**
 * An economiser in front of a chiller: free cooling (fans and pumps only)
 * when it is cold enough, the chiller alone when it is warm, and in between
 * the chiller carrying a share that rises linearly; a dead band keeps the
 * modes from chattering. Formulas: MODELS.md "Cooling"; values: reference.md §2.3.
 */
import * as z from 'zod';
import { fahrenheitLikely, quantity } from '../../model/units.ts';
import { coolingModel, type Cooling } from './cooling.ts';
import {
  basisNeedsHumidity,
  chillerCop,
  chillerFields,
  copWithinClamp,
  kelvinDifference,
  knownOutdoorC,
} from './chiller.ts';

/**
 * Economiser limits are quoted in °F as often as in °C (ASHRAE 90.1's fixed dry-bulb high limits, 65-75 °F): a bare
 * free_below: 64, chiller_above: 75 was read in °C and ran a July week in Leesburg free throughout. No air side cools
 * free above 40 °C (ASHRAE's warmest class, A4, allows 45 °C at the server inlet), so a bare number above 40 is refused.
 */
const FREE_MOST = fahrenheitLikely(40, 'no air side cools free above 40 °C');

const FREE = 0;
const PARTIAL = 1;
const CHILLER = 2;

export const economiser = coolingModel({
  schema: z
    .strictObject({
      model: z.literal('economiser'),
      ...chillerFields,
      free_below: quantity(
        'temperature',
        { bareMost: FREE_MOST },
        'Outdoor temperature at or below which cooling is free, only fans and pumps (18 °C; Leesburg has 6,367 h of wet-bulb and 5,579 h of dry-bulb at or below it, reference.md §2.3); a bare number above 40 is refused, as °F is meant ("64 F")',
      ).prefault(18),
      chiller_above: quantity(
        'temperature',
        { bareMost: FREE_MOST },
        'Above this the chiller carries all the heat; between the two its share rises linearly (24 °C, a modelling assumption, reference.md §2.3); a bare number above 40 is refused, as °F is meant ("75 F")',
      ).prefault(24),
      dead_band: kelvinDifference().prefault(0).meta({
        description:
          'Hysteresis, K, bare or "2 K" ("3.6 F" in degrees Fahrenheit apart): a cooler mode starts only this far below its threshold, so modes do not chatter (MODELS.md; 0 counts hours exactly at the thresholds). The weather step (1 h) acts as the minimum dwell',
      }),
    })
    .refine((c) => c.chiller_above > c.free_below, {
      message: 'chiller_above greater than free_below',
      path: ['chiller_above'],
    })
    .superRefine(copWithinClamp),
  modes: { free: 0, partial: 1, chiller: 2 },
  weather: 'needed',
  humidityNeededAt: basisNeedsHumidity,
  create(cfg) {
    /** The mode at an outdoor temperature, before hysteresis. */
    const modeAt = (tC: number): number => (tC <= cfg.free_below ? FREE : tC > cfg.chiller_above ? CHILLER : PARTIAL);
    let perW = NaN;
    /** No mode yet: the first temperature sets it alone (a plant starting in chiller mode stayed 'partial' in the band). */
    let started = false;
    const c = {
      modes: ['free', 'partial', 'chiller'],
      mode: CHILLER,
      maxHeatW: Infinity,
      setAmbient(a) {
        const t = knownOutdoorC(cfg, a);
        const warmer = modeAt(t);
        const cooler = modeAt(t + cfg.dead_band);
        if (!started || warmer > c.mode) c.mode = warmer;
        else if (cooler < c.mode) c.mode = cooler;
        started = true;
        const chillerShare =
          c.mode === FREE
            ? 0
            : c.mode === CHILLER
              ? 1
              : Math.min(1, Math.max(0, (t - cfg.free_below) / (cfg.chiller_above - cfg.free_below)));
        perW = chillerShare / chillerCop(cfg, t) + cfg.fans_pumps;
      },
      coolingW: (it: number, losses: number) => (it + losses) * perW,
    } satisfies Cooling;
    return c;
  },
});
