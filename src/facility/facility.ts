/**
 * From chip load to facility power: IT power from each cluster's duty
 * histogram and chip curve, then power-chain losses and cooling. For now
 * one cooling model: a fixed PUE, all of whose overhead counts as cooling.
 */
import { z } from 'zod';
import { CHIPS } from '../model/chips.ts';
import type { Meter } from '../output/recorder.ts';
import { chipCurve, chipsPowerW, type ClusterLoad, type PowerCurve } from './chip-power.ts';

export const pueCoolingSchema = z.strictObject({
  model: z.literal('pue'),
  pue: z.number().min(1).meta({ description: 'Facility power over IT power (1.58 industry average 2023, 1.1 hyperscale; reference.md §2.1)' }),
});

export const facilitySchema = z.strictObject({
  cooling: z.discriminatedUnion('model', [pueCoolingSchema]).prefault({ model: 'pue', pue: 1.2 })
    .meta({ description: 'How cooling and losses are modelled' }),
});

export type FacilityConfig = z.output<typeof facilitySchema>;

export interface FacilityPower {
  itW: number;
  lossesW: number;
  coolingW: number;
  totalW: number;
}

const KW = 1e-3;

export class Facility {
  readonly power: FacilityPower = { itW: 0, lossesW: 0, coolingW: 0, totalW: 0 };
  private readonly curves: PowerCurve[];

  constructor(private readonly cfg: FacilityConfig, clusters: readonly { chip: string }[]) {
    this.curves = clusters.map((c) => chipCurve(CHIPS[c.chip]));
  }

  /** IT power if every busy chip ran at `throttle` times its duty, W (monotone in throttle). */
  itAt(loads: readonly ClusterLoad[], throttle: number): number {
    let itW = 0;
    for (let i = 0; i < loads.length; i++) itW += chipsPowerW(loads[i], this.curves[i], throttle);
    return itW;
  }

  /** Most IT power the facility can carry (a thermal limit), W; Infinity if none. */
  maxItW(): number {
    return Infinity;
  }

  /** Recompute all levels from the clusters' current load. */
  update(loads: readonly ClusterLoad[], throttle = 1): FacilityPower {
    const itW = this.itAt(loads, throttle);
    const p = this.power;
    p.itW = itW;
    p.totalW = this.demandAt(itW);
    p.lossesW = 0;
    p.coolingW = p.totalW - itW;
    return p;
  }

  /** Facility power if the IT load were `itW` now (monotone in itW). */
  demandAt(itW: number): number {
    return itW * this.cfg.cooling.pue;
  }

  meters(): Meter[] {
    const p = this.power;
    const kw = (name: string, f: () => number): Meter => ({ name, kind: 'mean', scale: KW, decimals: 3, level: f });
    return [
      kw('it_kw', () => p.itW),
      kw('losses_kw', () => p.lossesW),
      kw('cooling_kw', () => p.coolingW),
      kw('facility_kw', () => p.totalW),
      // PUE of the interval: facility energy over IT energy.
      { name: 'pue', kind: 'ratio', scale: 1, decimals: 4, num: 'facility_kw', den: 'it_kw', level: () => 0 },
    ];
  }

  summary(total: (column: string) => number) {
    const it = total('it_kw');
    return { pue: it > 0 ? total('facility_kw') / it : 0 };
  }
}
