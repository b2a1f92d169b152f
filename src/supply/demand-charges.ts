/**
 * A grid's demand charges beyond the all-hours `demand_charge` (src/model/costs.ts): the schema of time-of-use demand
 * windows (`costs.tou_demand`) and the test of an instant in one, and the schema of a demand ratchet
 * (`costs.demand_ratchet`). src/supply/grid.ts builds a grid's windows; src/economics/ledger.ts and ratchet.ts bill them.
 */
import * as z from 'zod';
import type { ZoneOffsets } from '../kernel/zone.ts';
import { MONTH_NAMES } from '../kernel/calendar.ts';
import { inBareUnit, quantity } from '../model/units.ts';
import { DEMAND_CHARGE_BOUNDS } from '../model/costs.ts';
import { appliesOn, clockAsNumber, clockSeconds, DAY, HHMM, periodSchema } from './schedule.ts';

/**
 * A time-of-use demand window: from `fromS` to `toS` (seconds after local midnight, `toS` up to a day) on the local
 * dates its masks name, as a period's (a holiday is a Sunday).
 */
export interface DemandWindow {
  fromS: number;
  toS: number;
  days?: number;
  months?: number;
}

/**
 * Whether an instant (epoch s) lies in a window: its local time in [fromS, toS) on a local date the window applies
 * on. A demand interval counts in a window when its start does (the clock's start, as REopt assigns each time step
 * to the tariff's hourly schedule by the hour it starts in).
 */
export function windowTest(
  w: DemandWindow,
  zone?: ZoneOffsets,
  holiday?: (day: number) => boolean,
): (epochS: number) => boolean {
  return (e) => {
    const l = e + (zone ? zone.offsetS(e) : 0);
    const day = Math.floor(l / DAY);
    const s = l - day * DAY;
    if (s < w.fromS || s >= w.toS) return false;
    const wd = holiday?.(day) ? 0 : (((day + 4) % 7) + 7) % 7;
    return appliesOn(
      { fromS: w.fromS, value: 0, days: w.days, months: w.months },
      wd,
      new Date(day * DAY * 1000).getUTCMonth(),
    );
  };
}

/**
 * A time-of-use demand charge (URDB's demand rate structure by month and hour, REopt's TOU demand): billed on each
 * month's highest demand-interval mean import among the intervals that start in its window, on top of the all-hours
 * `demand_charge`.
 */
const demandWindowSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/, 'a name of lower-case letters, digits and _, like "peak"')
      .meta({ description: "The window's name: its monthly column is `<grid>_<name>_demand_kw`" }),
    charge: quantity(
      'cost_per_power_month',
      DEMAND_CHARGE_BOUNDS,
      "Charge per kW of each month's highest demand-interval mean import in the window (a window's later parts, entries with its name, may leave it out: the first part's)",
    ).optional(),
    from: periodSchema.shape.from.meta({ description: 'Start of the window, "HH:MM" in the price\'s `timezone`' }),
    to: z
      .string({ error: clockAsNumber })
      .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a time of day like "18:00" (or "24:00")')
      .meta({ description: 'End of the window, "HH:MM" after `from` ("24:00": midnight at its end)' }),
    days: periodSchema.shape.days,
    months: periodSchema.shape.months,
  })
  .superRefine((w, ctx) => {
    if (HHMM.test(w.from) && clockSeconds(w.to) <= clockSeconds(w.from))
      ctx.addIssue({
        code: 'custom',
        message: `an end after the start ${w.from} (a window over midnight is two parts named alike, to 24:00 and from 00:00)`,
        path: ['to'],
        input: w.to,
      });
  });

/** Time-of-use demand charges: windows, those named alike one window's parts at one charge (windowsByName). */
export const demandWindowsSchema = z
  .array(demandWindowSchema)
  .min(1)
  .superRefine((ws, ctx) => {
    ws.forEach((w, i) => {
      const j = ws.findIndex((x) => x.name === w.name);
      const first = ws[j].charge;
      if (j === i && w.charge === undefined)
        ctx.addIssue({
          code: 'custom',
          message: `a charge (a window's first part gives it; its later parts may leave it out)`,
          path: [i, 'charge'],
          input: undefined,
        });
      else if (j < i && first !== undefined && w.charge !== undefined && w.charge !== first)
        ctx.addIssue({
          code: 'custom',
          message: `the charge of tou_demand[${j}], ${inBareUnit('cost_per_power_month', first)} (windows named alike are one window's parts, billed once)`,
          path: [i, 'charge'],
          input: inBareUnit('cost_per_power_month', w.charge),
        });
    });
  })
  // A later part without a charge takes its window's (the first part's), so that a sweep varies one field.
  .transform((ws) =>
    ws.map((w) => ({ ...w, charge: w.charge ?? ws.find((x) => x.name === w.name && x.charge !== undefined)!.charge! })),
  )
  .meta({
    description:
      "Time-of-use demand charges, each billed on the month's highest demand-interval mean import among the intervals that start in its window (from `from` to `to` on the local dates `days` and `months` name, read in the price's `timezone` and `holidays`, as its periods are), on top of `demand_charge`; the price must be time-of-use. Windows with one name are one window's parts, billed once on the highest interval in any of them, at one charge (given by the first; the others may leave it out): a split peak (07:00-11:00 and 17:00-21:00), a window over midnight (22:00-24:00 and 00:00-02:00) or other hours in winter",
  });

/** The longest lookback taken: three years (tariffs' run 11 or 12 months, a few up to 36). */
const RATCHET_MONTHS_MAX = 36;

const RATCHET_MONTHS_FORM = `a whole number of billing months from 1 to ${RATCHET_MONTHS_MAX}, like 11 or "11mo"`;

/**
 * A ratchet's lookback written with a month's unit, as tariffs quote it ("11 months") and economics.years takes its
 * year's ("10y"): that many months. It was refused as 'expected a number, found "11mo"'; another unit or a part month
 * ("1y", "11.5mo") is refused naming the form.
 */
function ratchetMonths(v: number | string, ctx: z.RefinementCtx): number {
  if (typeof v !== 'string') return v;
  const m = /^\s*(\d+)(?:\.0+)?\s*(?:mo|mos|mon|month|months)?\s*$/i.exec(v);
  if (m) return Number(m[1]);
  ctx.addIssue({ code: 'custom', message: RATCHET_MONTHS_FORM, input: v });
  return z.NEVER;
}

/**
 * A demand ratchet on the all-hours demand charge (src/economics/ratchet.ts bills it): REopt's
 * demand_lookback_percent and demand_lookback_range, EnergyPlus's UtilityCost:Ratchet, URDB's demandratchetpercentage.
 */
export const demandRatchetSchema = z
  .strictObject({
    share: quantity(
      'fraction',
      { min: 0, max: 1 },
      'Share of the lookback\'s highest measured demand each month is billed at least, like "80%"',
    ),
    months: z
      .union([z.number(), z.string()], { error: () => RATCHET_MONTHS_FORM })
      .transform(ratchetMonths)
      .pipe(z.number().int().min(1).max(RATCHET_MONTHS_MAX))
      .meta({
        description: `Lookback: how many billing months before each one can set its floor, 1 to ${RATCHET_MONTHS_MAX}, like 11 or "11mo" (11: the eleven before, so with the month itself a year). Only months the run simulated count, and \`history\``,
      }),
    set_in: z
      .array(z.union([z.enum(MONTH_NAMES), z.number().int().min(1).max(12)]))
      .min(1)
      .optional()
      .meta({
        description:
          "Calendar months whose measured demand sets the ratchet, by the billing month's start date (on the tariff's clock): a list like `[jun, jul, aug, sep]` (a summer ratchet); left out, every month",
      }),
    history: quantity(
      'power',
      { min: 0 },
      "A known highest measured demand from before the run's start, for a run that starts mid-contract: taken as set in the billing month just before the start, so it counts in the run's first `months` months",
    ).optional(),
  })
  .meta({
    description:
      'Demand ratchet on the all-hours `demand_charge`: each month is billed on the larger of its own measured demand and `share` of the highest measured demand of the `months` billing months before it (only those the run simulated, and `history`); time-of-use windows are not ratcheted',
  });
