/**
 * An inference service's demand, tokens/s and of them prompt tokens/s, as a
 * step function: a daily and weekly shape stepped at each UTC hour (or a
 * request trace replayed in bins, looped), plus Poisson bursts of lognormal
 * size and length. Each change is one event, not one per request.
 */
import { dataSeparator, decimalCell, parseCsv, refuseNamelessColumn } from '../model/csv-parse.ts';
import { DATA_ROLES, readDataFile } from '../model/read-input.ts';
import { InputError, describeFound } from '../model/errors.ts';
import { CalendarError, SECONDS, ZONE, parseDate, zoneOffsetS } from '../kernel/time.ts';
import type { Simulation } from '../kernel/simulation.ts';
import { ZoneOffsets } from '../kernel/zone.ts';
import type { Rng } from '../kernel/random.ts';
import type { InferenceConfig } from './schema.ts';

const HOUR = 3600;

/** A trace in bins: tokens/s and, of them, prompt tokens/s; the mean prompt of the requests in those bins. */
interface TraceRates {
  tps: number[];
  promptTps: number[];
  promptTokensPerRequest: number;
}

/** Why a timestamp of the right form names no instant ("2023-02 has 28 days", "no hour 24"), or undefined. */
function calendarFault(stamp: string): string | undefined {
  try {
    parseDate(stamp);
    return undefined;
  } catch (e) {
    return e instanceof CalendarError ? e.reason : 'no such time';
  }
}

/** A request's time: the time (seconds with any decimals), then its ZONE (Z, UTC, "+05:30", "-05") or nothing (UTC). */
const STAMP = new RegExp(String.raw`^(\d{4}-\d\d-\d\d[ T]\d\d:\d\d(?::\d\d(?:\.\d+)?)?)\s*(${ZONE})?$`, 'i');

/**
 * Trace bins: tokens/s in each whole bin of `binS` from the first request.
 * Requests after the last whole bin are left out: the trace ends inside that
 * bin, so its tokens over a whole bin's length would read as a dip at every
 * loop of the replay, and over the few seconds it covers as a noisy spike.
 */
export function traceRates(file: string, binS: number, shown: string = file): TraceRates {
  const text = readDataFile(file, DATA_ROLES.inference, shown);
  const { rows, line } = parseCsv(text, dataSeparator(text), shown);
  const header = (rows[0] ?? []).map((h) => h.trim());
  // The Azure trace's names in any case and with word breaks (pandas' timestamp, context_tokens, generated_tokens).
  const key = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');
  const keys = header.map(key);
  // The tokens as other traces and APIs name them, the first the header has in this order: OpenAI's usage
  // (prompt_tokens, completion_tokens), Anthropic's (input_tokens, output_tokens), BurstGPT's "Request tokens" and
  // "Response tokens". Until 7 December 2026 each was refused, 'expected a header with TIMESTAMP, ContextTokens, ...'.
  const column = (names: readonly string[]): number => names.map((h) => keys.indexOf(key(h))).find((c) => c >= 0) ?? -1;
  const ts = column(['TIMESTAMP']);
  const ctx = column(['ContextTokens', 'prompt_tokens', 'input_tokens', 'Request tokens']);
  const gen = column(['GeneratedTokens', 'completion_tokens', 'output_tokens', 'Response tokens']);
  if (ts < 0 || ctx < 0 || gen < 0)
    throw new InputError(
      shown,
      '',
      'a header with TIMESTAMP, ContextTokens, GeneratedTokens (or prompt_tokens and completion_tokens, input_tokens and output_tokens)',
      describeFound(header.join(',')),
      1,
    );
  refuseNamelessColumn(rows, shown, line);
  const tokens: number[] = [];
  const prompt: number[] = [];
  const requests: number[] = [];
  let t0 = NaN;
  let last = NaN;
  for (let i = 1; i < rows.length; i++) {
    const f = rows[i];
    if (f.length === 1 && !f[0].trim()) continue;
    // A cell the header does not name (an edit, a column pasted in) would be dropped without a word.
    if (f.length > rows[0].length)
      throw new InputError(shown, '', `${rows[0].length} cells as in the header`, `${f.length}`, line(i));
    const stamp = (f[ts] ?? '').trim();
    // Azure's traces write "2023-11-16 18:15:46.6805900": seconds with up to 7 decimals, UTC. A time with its offset
    // ("+00:00", as pandas writes a zoned time) is that instant: it was refused as not UTC, where an hourly trace takes it.
    const m = STAMP.exec(stamp);
    const t = m ? Date.parse(`${m[1].replace(' ', 'T').slice(0, 23)}Z`) / 1000 - zoneOffsetS(m[2]) : NaN;
    // Date.parse rolls a day past the month's end over (2023-02-30 is 2 March): the calendar's own check says why not.
    const fault = m ? calendarFault(stamp) : '';
    // A number (BurstGPT's seconds from its start, a log's epoch seconds or milliseconds) is refused saying what to
    // write, by the column's own name: until 7 December 2026 'TIMESTAMP: ... found "0"', BurstGPT's columns named read.
    const number = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(stamp)
      ? ' (a number is no time: write BurstGPT\'s seconds from its start, or a log\'s seconds from 1970, as UTC dates and times, like "2023-11-16 00:00:05" for 5 s from the start; the replay starts at the first request, so any day will do)'
      : '';
    if (!Number.isFinite(t) || fault !== undefined)
      throw new InputError(
        shown,
        header[ts],
        `a UTC time like "2023-11-16 18:15:46.68"${number}`,
        `${describeFound(f[ts])}${fault ? ` (${fault})` : ''}`,
        line(i),
      );
    if (t < last)
      throw new InputError(
        shown,
        header[ts],
        `times in order (not before the previous row's)`,
        describeFound(f[ts]),
        line(i),
      );
    // Named as the file names the column (prompt_tokens), not as Azure's trace does.
    const count = (j: number): number => {
      const x = decimalCell(f[j]);
      if (!Number.isFinite(x) || x < 0 || x > 1e9) {
        throw new InputError(shown, header[j], 'a token count from 0 to 1e9', describeFound(f[j]), line(i));
      }
      return x;
    };
    const p = count(ctx);
    const n = p + count(gen);
    if (Number.isNaN(t0)) t0 = t;
    last = t;
    const k = Math.floor((t - t0) / binS);
    while (tokens.length <= k) {
      tokens.push(0);
      prompt.push(0);
      requests.push(0);
    }
    tokens[k] += n;
    prompt[k] += p;
    requests[k]++;
  }
  if (Number.isNaN(t0)) throw new InputError(shown, '', 'requests after the header', 'only a header', 1);
  const whole = Math.floor((last - t0) / binS);
  if (!(whole > 0))
    throw new InputError(
      shown,
      '',
      `requests spanning at least one bin of ${binS} s`,
      `a span of ${Math.round(last - t0)} s`,
      line(rows.length - 1),
    );
  const sum = (xs: number[]) => xs.slice(0, whole).reduce((a, x) => a + x, 0);
  return {
    tps: tokens.slice(0, whole).map((n) => n / binS),
    promptTps: prompt.slice(0, whole).map((n) => n / binS),
    promptTokensPerRequest: sum(prompt) / sum(requests),
  };
}

/** Mean of the daily cosine over each hour, sampled at the hour's midpoint (the 24 values average to 1). */
export function dailyFactor(hourOfDay: number, amplitude: number, peak: number): number {
  return 1 + amplitude * Math.cos((2 * Math.PI * (hourOfDay + 0.5 - peak)) / 24);
}

export function startDemand(
  sim: Simulation,
  rng: Rng,
  cfg: InferenceConfig,
  startEpochS: number,
  horizonS: number,
  trace: TraceRates | undefined,
  set: (tps: number, promptTps: number) => void,
): void {
  // Tokens/s and, of them, prompt tokens/s: the shape or trace bin, and the bursts on top.
  let base = 0;
  let baseP = 0;
  let burst = 0;
  let burstP = 0;
  let bursts = 0;
  // Growth compounds by the year (365 days) since the start, taken at each step of the demand.
  const perYear = Math.log1p(cfg.growth) / SECONDS.year;
  const emit = (): void => {
    const g = Math.exp(perYear * sim.now); // exactly 1 without growth
    set((base + burst) * g, (baseP + burstP) * g);
  };
  const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
  const scale = cfg.trace?.scale ?? 1;
  const rates = trace ? trace.tps.map((r) => r * scale) : [];
  const promptRates = trace ? trace.promptTps.map((r) => r * scale) : [];
  // Bursts are multiples of the mean rate (for a trace, its mean).
  const meanTps = trace ? mean(rates) : (cfg.rate ?? 0) * cfg.tokens_per_request;
  const meanPromptTps = trace ? mean(promptRates) : (cfg.rate ?? 0) * cfg.prompt_tokens;

  if (trace && cfg.trace) {
    const bin = cfg.trace.bin;
    let k = 0;
    const step = (): void => {
      base = rates[k % rates.length];
      baseP = promptRates[k % rates.length];
      emit();
      k++;
      if (k * bin < horizonS) sim.at(k * bin, step);
    };
    step();
  } else {
    // The shapes' clock: UTC's, or the service's zone's (its offset at each instant, daylight saving included).
    const zone = cfg.timezone === undefined ? undefined : new ZoneOffsets(cfg.timezone);
    const shape = (mean: number, local: number): number => {
      const hour = Math.floor(local / HOUR) % 24;
      const weekday = (new Date(local * 1000).getUTCDay() + 6) % 7; // Monday = 0
      return mean * dailyFactor(hour, cfg.daily.amplitude, cfg.daily.peak) * cfg.weekly[weekday];
    };
    const step = (): void => {
      const epoch = startEpochS + sim.now;
      const off = zone ? zone.offsetS(epoch) : 0;
      base = shape(meanTps, epoch + off);
      baseP = shape(meanPromptTps, epoch + off);
      emit();
      // The next clock hour (a zone's half-hour offset puts it at UTC's half hours), or a change of offset before it.
      const nextHour = (Math.floor((epoch + off) / HOUR) + 1) * HOUR - off;
      const next = (zone ? zone.nextChangeS(epoch, nextHour) : nextHour) - startEpochS;
      if (next < horizonS) sim.at(next, step);
    };
    step();
  }

  const b = cfg.bursts;
  if (b) {
    const draw = (mean: number, cv: number): number => (cv > 0 ? rng.lognormalMeanCv(mean, cv) : mean);
    const arrive = (): void => {
      const size = draw(b.size.mean, b.size.cv);
      const extra = size * meanTps;
      const extraP = size * meanPromptTps;
      bursts++;
      burst += extra;
      burstP += extraP;
      emit();
      sim.after(draw(b.duration.mean, b.duration.cv), () => {
        bursts--;
        // No drift left when the last burst ends.
        burst = bursts === 0 ? 0 : burst - extra;
        burstP = bursts === 0 ? 0 : burstP - extraP;
        emit();
      });
      const next = sim.now + rng.exponential(b.rate);
      if (next < horizonS) sim.at(next, arrive);
    };
    const first = rng.exponential(b.rate);
    if (first < horizonS) sim.at(first, arrive);
  }
}
