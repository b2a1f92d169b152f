/**
 * Battery capacity fade: one model for the simulation and the economics.
 * Calendar and cycle ageing add up, each linear (re-twin's BESS degradation
 * model; docs/reference.md §11): the capacity, a share of nameplate, falls by
 * `calendar` a year in service and by `cycle` per 1,000 equivalent full
 * cycles. One equivalent full cycle is the nameplate energy discharged (not
 * the energy between the state-of-charge bounds): the definition of Modo
 * Energy, whose cycle coefficient the presets take, and of re-twin's model
 * (throughput over nominal capacity). Below `replace_at` the battery is
 * replaced and its capacity is new again.
 */
import * as z from 'zod';
import { PER_YEAR_BARE_MAX, PER_YEAR_BARE_WORDS, perYear, quantity } from './units.ts';
import { SECONDS } from '../kernel/time.ts';

export const fadeSchema = z
  .strictObject({
    calendar: quantity(
      'fraction',
      {
        min: 0,
        max: 1,
        bareMax: PER_YEAR_BARE_MAX,
        per: perYear('a fraction like 0.01 or "1%" a year (or "1%/yr")'),
      },
      `Capacity lost per year in service whatever the use (typical 0.5-1.5 %/yr, docs/reference.md §11); ${PER_YEAR_BARE_WORDS}`,
    ).prefault(0.01),
    cycle: quantity(
      'fraction',
      // 2-10 % per 1,000 cycles: a bare 1, meant as 1 %, ran as 100 %.
      { min: 0, max: 1, bareMax: 0.5 },
      'Capacity lost per 1,000 equivalent full cycles, each the nameplate `energy` discharged (about 40 % after 8,000 cycles, docs/reference.md §11); above 50 % only as a percentage (a bare 1 is refused, not read as 100 %)',
    ).prefault(0.05),
    replace_at: quantity(
      'fraction',
      { positive: true, max: 1 },
      'Replaced when its capacity falls below this share of nameplate (assumed); the new one has full capacity and its cost is a replacement in cashflow.csv',
    ).prefault(0.8),
  })
  .meta({
    description:
      'Capacity fade, linear in years in service and in equivalent full cycles (discharged energy over nameplate `energy`); the simulated battery stores less as it fades and is replaced, at full capacity, when it falls below replace_at (instead of at `costs.lifetime`)',
  });

export type FadeConfig = z.output<typeof fadeSchema>;

/** Fade per year in service and per equivalent full cycle, as shares of nameplate, and the replacement threshold. */
export interface Fade {
  calendarPerYear: number;
  perCycle: number;
  replaceAt: number;
}

export function fadeOf(c: FadeConfig): Fade {
  return { calendarPerYear: c.calendar, perCycle: c.cycle / 1000, replaceAt: c.replace_at };
}

/** Equivalent full cycles in `dischargedJ` discharged from a battery of `nameplateJ` (0 for none). */
export function equivalentFullCycles(dischargedJ: number, nameplateJ: number): number {
  return nameplateJ > 0 ? dischargedJ / nameplateJ : 0;
}

/** Capacity after `years` in service and `cycles` equivalent full cycles from `capacity`. */
export function faded(f: Fade, capacity: number, years: number, cycles: number): number {
  return capacity - f.calendarPerYear * years - f.perCycle * cycles;
}

/** How often a fading battery's capacity is brought up to date (and a worn one replaced), s and years of 365 days. */
export const FADE_STEP_S = 86400;
export const FADE_STEP_YEARS = FADE_STEP_S / SECONDS.year;

/** Below its replacement threshold by this much it is worn (float residue does not replace it early). */
export const WORN_TOLERANCE = 1e-9;

/** Has it faded below its replacement threshold? */
export function worn(f: Fade, capacity: number): boolean {
  return capacity < f.replaceAt - WORN_TOLERANCE;
}

/** Salvage share of a battery at `capacity`: its useful capacity left, linear between new and replace_at. */
export function usefulShare(f: Fade, capacity: number): number {
  return f.replaceAt >= 1 ? 0 : Math.max(0, (capacity - f.replaceAt) / (1 - f.replaceAt));
}
