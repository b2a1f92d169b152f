/**
 * Ambient weather as a step function of time: synthetic (annual and daily
 * sinusoids with seeded AR(1) noise) or read from a file (EPW typical year,
 * or a CSV series). Each step is one scheduled event that sets the new
 * temperature and calls `changed()`; nothing polls.
 */
import { isAbsolute, join } from 'node:path';
import * as z from 'zod';
import { fahrenheitLikely, quantity } from '../model/units.ts';
import { InputError } from '../model/errors.ts';
import { formatTimestamp } from '../kernel/time.ts';
import type { Simulation } from '../kernel/simulation.ts';
import type { Rng } from '../kernel/random.ts';
import { dayOfYear, readWeatherFile, type WeatherData } from './weather-file.ts';

/** The largest swing or noise of the synthetic weather, K: the largest temperature magnitude any field takes (MAGNITUDE in src/model/units.ts). */
const SWING_MAX = 1e4;
const SWING_NOTE = `at most ${SWING_MAX} K (the largest temperature any field takes, hotter than the Sun's surface; 1e30 overflowed the figures after the run)`;

const syntheticSchema = z.strictObject({
  model: z.literal('synthetic'),
  // A US site's annual mean is quoted in °F (Leesburg 57 °F): a bare 57 ran a site at 57 °C. The hottest place on
  // Earth averages 34-35 °C over a year (Dallol), so a bare mean above 40 is refused.
  mean: quantity(
    'temperature',
    { bareMost: fahrenheitLikely(40, 'no place averages above 35 °C over a year') },
    'Annual mean dry-bulb (13.8 °C: Leesburg VA TMYx, models/data/weather); a bare number above 40 is refused, as °F is meant ("57 F")',
  ).prefault(13.8),
  annual_amplitude: z
    .number()
    .min(0)
    .max(SWING_MAX)
    .prefault(12.3)
    .meta({
      description: `Half the spread of monthly means, K (12.3: Leesburg TMYx, Jan 1.2 °C to Jul 25.8 °C), ${SWING_NOTE}`,
    }),
  peak_month: z
    .number()
    .int()
    .min(1)
    .max(12)
    .prefault(7)
    .meta({ description: 'Warmest month, 1-12 (July in Leesburg); the peak is mid-month' }),
  daily_amplitude: z
    .number()
    .min(0)
    .max(SWING_MAX)
    .prefault(4.1)
    .meta({
      description: `Half the spread of the mean daily cycle, K (4.1: Leesburg TMYx, 10.0 to 18.2 °C), ${SWING_NOTE}`,
    }),
  daily_peak_utc: z
    .number()
    .min(0)
    .max(24)
    .prefault(20)
    .meta({ description: 'Hour of the daily maximum, UTC (20: 15:00 US Eastern standard time, as in Leesburg)' }),
  noise: z
    .number()
    .min(0)
    .max(SWING_MAX)
    .prefault(3)
    .meta({
      description: `Standard deviation of the weather noise, K (an assumption: several kelvin of day-to-day swing), ${SWING_NOTE}`,
    }),
  noise_time: quantity('duration', { positive: true }, 'Correlation time of the noise (AR(1); an assumption)').prefault(
    '1d',
  ),
  relative_humidity: quantity(
    'fraction',
    { min: 0.05, max: 0.99 },
    'Constant relative humidity; if set, cooling uses the wet-bulb temperature',
  ).optional(),
  step: quantity('duration', { positive: true }, 'Physics resolution: how often the temperature steps').prefault('1h'),
});

const epwSchema = z.strictObject({
  model: z.literal('epw'),
  file: z.string().min(1).meta({
    description:
      'EnergyPlus weather file, relative to the model file (e.g. data/weather/USA_VA_Leesburg.Exec.epw). The typical year is placed by month, day and hour (local standard time) into each simulated year; 29 February uses 28 February',
  }),
});

const csvSchema = z.strictObject({
  model: z.literal('csv'),
  file: z.string().min(1).meta({
    description:
      'CSV with a header: timestamp (UTC), temperature (°C, or as `unit` says)[, relative humidity (%)], in that order (read by place: a header naming them in another order is refused); each value holds until the next row; rows must cover the run. An NSRDB download (PSM3, PSM4, TMY), an NREL TMY3 file, a NOAA LCD file, Meteostat hourly data or an Open-Meteo export is read as downloaded',
  }),
  max_gap: quantity(
    'duration',
    { positive: true },
    'Longest allowed time between rows (a longer gap is an error, not a silent hold)',
  ).prefault('3h'),
  unit: z.enum(['C', 'F', 'K']).optional().meta({
    description:
      "The temperature column's unit: C (the default), F or K (a header naming °F, like temp_F, tempf or Temperature (ºF), needs unit: F, a unit against the header's, as Temperature (°C) with unit: F, is an error, and without a unit a column with a day averaging above 50, which no day in °C does, is refused as °F); an LCD file's station id says its unit, and a unit against it is an error; NSRDB and TMY3 files and an EPW read under csv are in °C and refuse another",
  }),
});

export const weatherSchema = z.discriminatedUnion('model', [syntheticSchema, epwSchema, csvSchema]).meta({
  description: 'Outdoor weather: synthetic, an EPW typical year or a CSV series',
});

type WeatherConfig = z.output<typeof weatherSchema>;

/** Outdoor air now. */
export interface Ambient {
  dryC: number;
  /** Wet-bulb °C, NaN where humidity is unknown. */
  wetC: number;
}

/**
 * Wet-bulb temperature from dry-bulb (°C) and relative humidity (%), Stull
 * (2011), valid for RH 5-99 % and -20 to 50 °C (MODELS.md "Cooling"), and at
 * most the dry-bulb, which a wet-bulb never exceeds (saturated air has the two
 * equal). Outside its range the fit can pass it: by 0.01-0.05 K at the 100 %
 * readings of the shipped EPWs, 1.8 K at 40 °C and the 110 % a reading may
 * take, 2.4 K at -20 °C and 5 %.
 */
export function wetBulbC(t: number, rh: number): number {
  const stull =
    t * Math.atan(0.151977 * Math.sqrt(rh + 8.313659)) +
    Math.atan(t + rh) -
    Math.atan(rh - 1.676331) +
    0.00391838 * rh ** 1.5 * Math.atan(0.023101 * rh) -
    4.686035;
  return Math.min(t, stull);
}

/** What weather needs from the site. */
export interface WeatherContext {
  sim: Simulation;
  startEpochS: number;
  durationS: number;
  /** Directory that relative weather files are read from. */
  baseDir: string;
  /** The weather's random stream (synthetic noise), drawn only if used. */
  rng: () => Rng;
  /** Call when a power level changes (the ambient stepped). */
  changed: () => void;
}

/** A source: the ambient at an absolute time, and when it next changes. */
interface Source {
  at(epochS: number, out: Ambient): void;
  next(epochS: number): number;
}

const DAY = 86400;
const YEAR_DAYS = 365;

/** Epoch seconds of 1 January 00:00 UTC of the year containing `epochS`. */
function yearStartS(epochS: number): number {
  return Date.UTC(new Date(epochS * 1000).getUTCFullYear(), 0, 1) / 1000;
}

export class Weather {
  readonly ambient: Ambient = { dryC: NaN, wetC: NaN };
  private readonly source: Source;
  private readonly step = (): void => this.advance();

  constructor(
    cfg: WeatherConfig,
    private readonly ctx: WeatherContext,
  ) {
    if (cfg.model === 'synthetic') this.source = synthetic(cfg, ctx);
    else {
      const path = isAbsolute(cfg.file) ? cfg.file : join(ctx.baseDir, cfg.file);
      const data = readWeatherFile(
        path,
        cfg.model === 'csv' ? cfg.max_gap : Infinity,
        cfg.model === 'csv' ? cfg.unit : 'C',
        cfg.model === 'epw',
      );
      this.source = data.kind === 'typical-year' ? typicalYear(data) : series(data, ctx);
    }
    this.source.at(ctx.startEpochS, this.ambient);
    this.schedule();
  }

  private schedule(): void {
    const { sim, startEpochS, durationS } = this.ctx;
    const t = this.source.next(startEpochS + sim.now) - startEpochS;
    if (t < durationS) sim.at(Math.max(t, sim.now), this.step);
  }

  private advance(): void {
    this.source.at(this.ctx.startEpochS + this.ctx.sim.now, this.ambient);
    this.ctx.changed();
    this.schedule();
  }
}

/**
 * Mean of cos(2π (x − peak) / period) over [x0, x0 + width]: its value at the midpoint times
 * sin(π w / P) / (π w / P), 1 for a point and 0 over whole periods (a daily cycle over a day).
 */
function meanCos(x0: number, width: number, peak: number, period: number): number {
  const r = (Math.PI * width) / period;
  const spread = r === 0 ? 1 : Math.sin(r) / r;
  return spread * Math.cos((2 * Math.PI * (x0 + width / 2 - peak)) / period);
}

function synthetic(cfg: Extract<WeatherConfig, { model: 'synthetic' }>, ctx: WeatherContext): Source {
  const rng = ctx.rng();
  const rho = Math.exp(-cfg.step / cfg.noise_time);
  const innovation = cfg.noise * Math.sqrt(1 - rho * rho);
  let noise = cfg.noise * rng.normal(0, 1);
  let lastK = 0;
  const peakDay = [15, 45, 74, 105, 135, 166, 196, 227, 258, 288, 319, 349][cfg.peak_month - 1];
  const rhPct = cfg.relative_humidity === undefined ? NaN : cfg.relative_humidity * 100;
  return {
    at(epochS, out) {
      // The noise moves once per step, in order, so the draws stay the same whatever else the run schedules.
      const k = Math.floor((epochS - ctx.startEpochS) / cfg.step + 1e-9);
      for (; lastK < k; lastK++) noise = rho * noise + innovation * rng.normal(0, 1);
      // The step from its start: each cosine's mean over it (a value at the start, held, put an hourly
      // step's warmest hour half an hour late and kept a daily step at 00:00's share of the daily swing).
      const from = ctx.startEpochS + k * cfg.step;
      const day = from / DAY;
      const doy = (from - yearStartS(from)) / DAY;
      const hour = (day - Math.floor(day)) * 24;
      const t =
        cfg.mean +
        cfg.annual_amplitude * meanCos(doy, cfg.step / DAY, peakDay, YEAR_DAYS) +
        cfg.daily_amplitude * meanCos(hour, cfg.step / 3600, cfg.daily_peak_utc, 24) +
        noise;
      out.dryC = t;
      out.wetC = Number.isNaN(rhPct) ? NaN : wetBulbC(t, rhPct);
    },
    next(epochS) {
      const k = Math.floor((epochS - ctx.startEpochS) / cfg.step + 1e-9);
      return ctx.startEpochS + (k + 1) * cfg.step;
    },
  };
}

/** Local standard time -> hour of a 365-day year (29 February reads 28 February). */
function typicalYear(data: Extract<WeatherData, { kind: 'typical-year' }>): Source {
  const tz = data.tzHours * 3600;
  const wet = Float64Array.from(data.dryC, (t, i) => wetBulbC(t, data.rhPct[i]));
  const hourIndex = (epochS: number): number => {
    const local = new Date((epochS + tz) * 1000);
    const m = local.getUTCMonth();
    const d = m === 1 && local.getUTCDate() === 29 ? 28 : local.getUTCDate();
    return dayOfYear(m + 1, d) * 24 + local.getUTCHours();
  };
  return {
    at(epochS, out) {
      const i = hourIndex(epochS);
      out.dryC = data.dryC[i];
      out.wetC = wet[i];
    },
    next(epochS) {
      return (Math.floor((epochS + tz) / 3600 + 1e-9) + 1) * 3600 - tz;
    },
  };
}

function series(data: Extract<WeatherData, { kind: 'series' }>, ctx: WeatherContext): Source {
  const { epochS: times, dryC, rhPct, clock } = data;
  const end = ctx.startEpochS + ctx.durationS;
  const lastSpan = times.length > 1 ? times[times.length - 1] - times[times.length - 2] : 0;
  if (times[0] > ctx.startEpochS) {
    throw new InputError(
      data.file,
      '',
      `rows from the run's start (${formatTimestamp(ctx.startEpochS)})`,
      `a first row at ${formatTimestamp(times[0])}${clock ? ` UTC (written ${formatTimestamp(times[0] + clock.writtenS)}, ${clock.why})` : ''}`,
      data.lines[0],
    );
  }
  if (times[times.length - 1] + lastSpan < end) {
    throw new InputError(
      data.file,
      '',
      `rows to the run's end (${formatTimestamp(end)})`,
      `rows to ${formatTimestamp(times[times.length - 1] + lastSpan)}${clock ? ` UTC (the last written ${formatTimestamp(times[times.length - 1] + clock.writtenS)}, ${clock.why})` : ''}`,
      data.lines[1],
    );
  }
  let i = 0;
  const seek = (t: number): number => {
    while (i + 1 < times.length && times[i + 1] <= t) i++;
    return i;
  };
  return {
    at(epochS, out) {
      const k = seek(epochS);
      out.dryC = dryC[k];
      out.wetC = rhPct ? wetBulbC(dryC[k], rhPct[k]) : NaN;
    },
    next(epochS) {
      const k = seek(epochS);
      return k + 1 < times.length ? times[k + 1] : Infinity;
    },
  };
}
