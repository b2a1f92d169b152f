/**
 * From chip load to facility power: IT power from each cluster's duty
 * histogram and chip curve, then power-chain losses (heat) and the cooling
 * that removes IT heat and losses at the current ambient. The cooling
 * model is chosen per model file; PUE is a result.
 */
import * as z from 'zod';
import { InputError } from '../model/errors.ts';
import { levelIn, type Meter, type Totals } from '../kernel/recorder.ts';
import { Integral } from '../kernel/integral.ts';
import { chipsPowerW, type ClusterLoad, type PowerCurve } from './chip-power.ts';
import { PowerChain, powerChainSchema } from './power-chain.ts';
import { largestIt } from './cap.ts';
import { Weather, weatherSchema, type WeatherContext } from './weather.ts';
import type { Cooling } from './cooling/cooling.ts';
import { COOLING, coolingSchema, createCooling } from './cooling/registry.ts';
import { J_PER_MWH, W_PER_KW } from '../model/units.ts';

export const facilitySchema = z
  .strictObject({
    cooling: coolingSchema
      .prefault({ model: 'pue', pue: 1.2 })
      .meta({ description: `How heat leaves: ${COOLING.about}` }),
    power_chain: powerChainSchema.optional().meta({
      description:
        'UPS, transformer/PDU and server supply efficiencies (default: reference.md §2.2 values); not with cooling model pue, whose ratio includes losses',
    }),
    weather: weatherSchema.optional().meta({
      description:
        'Outdoor weather (default for chiller, economiser and liquid: synthetic, fitted to Leesburg VA); not used by radiator',
    }),
  })
  .superRefine((f, ctx) => {
    const model = COOLING.model(f.cooling.model);
    if (model.noPowerChain && f.power_chain) {
      ctx.addIssue({
        code: 'custom',
        message: `no power_chain with cooling model ${f.cooling.model} (${model.noPowerChain})`,
        path: ['power_chain'],
        input: f.power_chain,
      });
    }
    const humidityAt = model.humidityNeededAt?.(f.cooling);
    if (humidityAt && (!f.weather || (f.weather.model === 'synthetic' && f.weather.relative_humidity === undefined))) {
      ctx.addIssue({
        code: 'custom',
        message:
          'weather with humidity for basis wet_bulb (set facility.weather.relative_humidity, or a weather file with humidity; or basis auto)',
        path: ['cooling', ...humidityAt],
        input: 'wet_bulb',
      });
    }
    if (typeof model.weather === 'object' && f.weather) {
      ctx.addIssue({
        code: 'custom',
        message: `no weather with cooling model ${f.cooling.model} (${model.weather.refused})`,
        path: ['weather'],
        input: f.weather,
      });
    }
  });

type FacilityConfig = z.output<typeof facilitySchema>;

interface FacilityPower {
  itW: number;
  lossesW: number;
  coolingW: number;
  totalW: number;
}

/** What the facility needs from the site: what its weather needs. */
type FacilityContext = WeatherContext;

const KW = 1 / W_PER_KW;

/** The facility's section of summary.json: PUE over the run and the time and energy in each cooling mode. */
export interface FacilitySummary {
  cooling_model: string;
  pue: number;
  /** By mode name: its code in the cooling_mode column, hours, facility and cooling energy. */
  modes: Record<string, { code: number; hours: number; facility_mwh: number; cooling_mwh: number }>;
  /** IT energy demanded but not delivered: the chips slowed for the radiator, a supply shortage, a demand-response event (by: throttle) or a policy throttle. */
  throttled_mwh: number;
  /** Radiator only: the most heat it rejects, and the IT power that fits it. */
  max_heat_kw?: number;
  max_it_kw?: number;
}

/** The facility's power columns, kept so its summary (and the site's) reads their totals by meter. */
interface FacilityMeters {
  it: Meter;
  losses: Meter;
  cooling: Meter;
  facility: Meter;
  throttled: Meter;
}

const kw = (name: string, level: () => number): Meter => ({ name, kind: 'mean', scale: KW, decimals: 3, level });

export class Facility {
  readonly power: FacilityPower = { itW: 0, lossesW: 0, coolingW: 0, totalW: 0 };
  readonly meter: FacilityMeters = {
    it: kw('it_kw', () => this.power.itW),
    losses: kw('losses_kw', () => this.power.lossesW),
    cooling: kw('cooling_kw', () => this.power.coolingW),
    facility: kw('facility_kw', () => this.power.totalW),
    throttled: kw('throttled_kw', () => this.throttledW),
  };
  private readonly curves: PowerCurve[];
  /** Each cluster's power of a chip no work holds, W. */
  private readonly idleW: number[];
  /** IT power of each cluster (chips and servers), W, as of the last update. */
  readonly clusterItW: Float64Array;
  readonly cooling: Cooling;
  readonly chain: PowerChain | undefined;
  readonly weather: Weather | undefined;
  /** IT power demanded but not delivered (throttled), W, as of the last update. */
  throttledW = 0;
  private readonly maxIt: number;
  /** `cooling_mode` code (declared in the registry) of each of the cooling model's modes. */
  private readonly modeCodes: number[];
  // Per mode, as levels (0 outside the mode): in it (1), facility and cooling power; integrated at each update.
  private readonly modeOn: Float64Array;
  private readonly modeFacilityW: Float64Array;
  private readonly modeCoolingW: Float64Array;
  private readonly modeTotals: Integral;
  private lastMode = 0;

  constructor(
    private readonly cfg: FacilityConfig,
    private readonly clusters: readonly {
      name: string;
      count: number;
      power: PowerCurve;
      /** Power of a chip no work holds, W (its share of the server included); default the curve's idle. */
      idleW?: number;
      in_service?: number;
      retire?: number;
    }[],
    private readonly ctx: FacilityContext,
  ) {
    this.curves = clusters.map((c) => c.power);
    this.idleW = clusters.map((c) => c.idleW ?? c.power(0));
    this.clusterItW = new Float64Array(clusters.length);
    this.keptVersion = new Float64Array(clusters.length).fill(NaN);
    this.keptThrottle = new Float64Array(clusters.length);
    this.keptW = new Float64Array(clusters.length);
    const c = cfg.cooling;
    const model = COOLING.model(c.model);
    this.cooling = createCooling(c);
    this.modeCodes = this.cooling.modes.map((m) => COOLING.modeCode(m));
    const n = this.cooling.modes.length;
    this.modeOn = new Float64Array(n);
    this.modeFacilityW = new Float64Array(n);
    this.modeCoolingW = new Float64Array(n);
    this.modeTotals = new Integral([this.modeOn, this.modeFacilityW, this.modeCoolingW]);

    if (!model.noPowerChain) {
      this.chain = new PowerChain(cfg.power_chain ?? powerChainSchema.parse({}), this.fullItW());
    }
    const weatherCfg =
      cfg.weather ?? (model.weather === 'needed' ? weatherSchema.parse({ model: 'synthetic' }) : undefined);
    if (weatherCfg) {
      this.weather = new Weather(weatherCfg, {
        sim: ctx.sim,
        startEpochS: ctx.startEpochS,
        durationS: ctx.durationS,
        baseDir: ctx.baseDir,
        rng: ctx.rng,
        changed: () => {
          this.cooling.setAmbient(this.weather!.ambient);
          ctx.changed();
        },
      });
      const humidityAt = model.humidityNeededAt?.(c);
      if (Number.isNaN(this.weather.ambient.wetC) && humidityAt && 'file' in weatherCfg) {
        throw new InputError(
          weatherCfg.file,
          '',
          `a relative humidity column (facility.cooling.${humidityAt.join('.')} is wet_bulb)`,
          'none',
          1,
        );
      }
      this.cooling.setAmbient(this.weather.ambient);
    }
    this.lastMode = this.cooling.mode;
    this.maxIt = largestIt(this.cooling.maxHeatW, (itW) => this.demandAt(itW));
  }

  /** IT power if every busy chip ran at `throttle` times its duty, W (monotone in throttle). */
  itAt(loads: readonly ClusterLoad[], throttle: number): number {
    let itW = 0;
    for (let i = 0; i < loads.length; i++) itW += this.clusterW(i, loads[i], throttle);
    return itW;
  }

  // Each cluster's IT power as last computed, the load's version and the throttle it was for: the
  // cap asks for the load at full duty and the update then computes the same, and a change on one
  // cluster leaves the others' as they were.
  private readonly keptVersion: Float64Array;
  private readonly keptThrottle: Float64Array;
  private readonly keptW: Float64Array;

  /** Cluster i's IT power at `throttle`: chipsPowerW, or the same number kept from the last time its load and throttle were these. */
  private clusterW(i: number, load: ClusterLoad, throttle: number): number {
    const v = load.version;
    if (v === undefined) return chipsPowerW(load, this.curves[i], throttle, this.idleW[i]);
    if (v === this.keptVersion[i] && throttle === this.keptThrottle[i]) return this.keptW[i];
    const w = chipsPowerW(load, this.curves[i], throttle, this.idleW[i]);
    this.keptVersion[i] = v;
    this.keptThrottle[i] = throttle;
    this.keptW[i] = w;
    return w;
  }

  /**
   * IT power with every chip in service busy at full duty, at the moment the
   * most are in service (the chain is sized for it): every cluster, unless
   * their commissioning and retirement dates keep some apart.
   */
  private fullItW(): number {
    const start = this.ctx.startEpochS;
    const from = (k: { in_service?: number }): number => Math.max(start, k.in_service ?? start);
    let most = 0;
    for (const t of new Set(this.clusters.map(from))) {
      const loads = this.clusters.map((k) => {
        const n = from(k) <= t && (k.retire ?? Infinity) > t ? k.count : 0;
        return { chips: k.count, busy: n, idle: 0, dutyCounts: { size: 1, duty: () => 1, count: () => n } };
      });
      most = Math.max(most, this.itAt(loads, 1));
    }
    return most;
  }

  /**
   * Facility power with every chip in service idle, at the moment the most are in service within the run, W: each
   * chip at the more of a busy chip throttled to nothing, p(0), and one no work holds. The power cap throttles duty,
   * never idle power, so a radiator must reject at least this (checked before the run, src/run.ts).
   */
  idleFacilityW(): number {
    const start = this.ctx.startEpochS;
    const from = (k: { in_service?: number }): number => Math.max(start, k.in_service ?? start);
    let most = 0;
    for (const t of new Set(this.clusters.map(from))) {
      if (t >= start + this.ctx.durationS) continue;
      let itW = 0;
      this.clusters.forEach((k, i) => {
        if (from(k) <= t && (k.retire ?? Infinity) > t) itW += k.count * Math.max(this.curves[i](0), this.idleW[i]);
      });
      most = Math.max(most, itW);
    }
    return this.demandAt(most);
  }

  /** Most IT power the facility can carry (what the radiator rejects), W; Infinity if no limit. */
  maxItW(): number {
    return this.maxIt;
  }

  /** Recompute all levels from the clusters' current load. */
  update(loads: readonly ClusterLoad[], throttle = 1): FacilityPower {
    const p = this.power;
    this.modeTotals.advance(this.ctx.sim.now);
    const last = this.lastMode;
    this.modeOn[last] = this.modeFacilityW[last] = this.modeCoolingW[last] = 0;
    this.lastMode = this.cooling.mode;

    let itW = 0;
    for (let i = 0; i < loads.length; i++) itW += this.clusterItW[i] = this.clusterW(i, loads[i], throttle);
    p.itW = itW;
    const inW = this.chain ? this.chain.inputW(itW) : itW;
    p.lossesW = inW - itW;
    p.coolingW = this.cooling.coolingW(itW, p.lossesW);
    p.totalW = inW + p.coolingW;
    const m = this.lastMode;
    this.modeOn[m] = 1;
    this.modeFacilityW[m] = p.totalW;
    this.modeCoolingW[m] = p.coolingW;
    // Runs slowed on their own (shortage: pause) count at their slower duty: add what they want beyond it.
    let slowedW = 0;
    for (let i = 0; i < loads.length; i++) slowedW += loads[i].slowedW ?? 0;
    this.throttledW = (throttle < 1 ? this.itAt(loads, 1) - itW : 0) + slowedW;
    return p;
  }

  /** Facility power if the IT load were `itW` now (monotone in itW). */
  demandAt(itW: number): number {
    const inW = this.chain ? this.chain.inputW(itW) : itW;
    return inW + this.cooling.coolingW(itW, inW - itW);
  }

  /** Its columns: power (kW), PUE, each cluster's IT power, ambient, cooling mode, throttled power. */
  meters(): Meter[] {
    const m = this.meter;
    const w = this.weather?.ambient;
    return [
      m.it,
      m.losses,
      m.cooling,
      m.facility,
      // PUE of the interval: facility energy over IT energy.
      { name: 'pue', kind: 'ratio', scale: 1, decimals: 4, num: 'facility_kw', den: 'it_kw', level: () => 0 },
      ...this.clusters.map((c, i) => {
        const { level, levelAt } = levelIn(this.clusterItW, i);
        return { ...kw(`${c.name}_it_kw`, level), levelAt };
      }),
      { name: 'ambient_c', kind: 'mean', scale: 1, decimals: 2, level: w ? () => w.dryC : () => NaN },
      // A code (the registry's); a row that spans a change of mode holds the time-weighted mean of the codes.
      { name: 'cooling_mode', kind: 'mean', scale: 1, decimals: 2, level: () => this.modeCodes[this.cooling.mode] },
      m.throttled,
    ];
  }

  /** Its section of the summary, from the totals of its meters. */
  summary(total: Totals): { pue: number; facility: FacilitySummary } {
    const it = total(this.meter.it);
    const pue = it > 0 ? total(this.meter.facility) / it : 0;
    // Close the last stretch, from the last update to the end of the run.
    this.modeTotals.advance(Math.min(this.ctx.sim.now, this.ctx.durationS));
    const [modeS, facilityJ, coolingJ] = this.modeTotals.totals;
    const modes: FacilitySummary['modes'] = {};
    this.cooling.modes.forEach((name, i) => {
      modes[name] = {
        code: this.modeCodes[i],
        hours: modeS[i] / 3600,
        facility_mwh: facilityJ[i] / J_PER_MWH,
        cooling_mwh: coolingJ[i] / J_PER_MWH,
      };
    });
    const maxHeat = this.cooling.maxHeatW;
    return {
      pue,
      facility: {
        cooling_model: this.cfg.cooling.model,
        pue,
        modes,
        throttled_mwh: total(this.meter.throttled) / J_PER_MWH,
        ...(Number.isFinite(maxHeat) ? { max_heat_kw: maxHeat / W_PER_KW, max_it_kw: this.maxIt / W_PER_KW } : {}),
      },
    };
  }
}
