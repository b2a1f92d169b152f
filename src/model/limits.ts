/**
 * The work a model asks for, estimated before anything runs, and refused
 * when one typo makes it unbounded: `rate: 1/40s` where 1/40d was meant, a
 * step of 1e-9 s, `units: 1e6`, a horizon of 100,000 years, a chip MTBF of
 * one second. Each used to run until memory or disk ran out (4.3 GB and a V8
 * abort, or 3 GB of output) instead of saying what was wrong.
 *
 * Three figures, each an expectation from the model's rates (not a bound):
 *  - rows of the time series: horizon / step;
 *  - events: what the event queue will process, the sum over the model's
 *    processes of their rate times the horizon (jobs arrive and end,
 *    interruptions and repairs, weather and demand steps, outages);
 *  - entities: things simulated one by one (SMR units, runs in flight);
 *  - queued jobs: those a job stream asks beyond what its cluster runs wait
 *    in its queue, each held in memory (60 jobs a second on 64 chips that
 *    run 17 an hour queued 5 million in a day, and the run aborted at 4 GB).
 * The limits sit far above any preset (the largest, `default`, is about
 * 88,000 rows and 4 million events) and well below what exhausts a
 * 4 GB machine. `--allow-large` multiplies them by LARGE_FACTOR.
 */
import { SECONDS, formatDuration, formatTimestamp } from '../kernel/time.ts';
import { InputError } from './errors.ts';

interface WorkLimits {
  rows: number;
  events: number;
  entities: number;
  queued: number;
}

export const LIMITS: WorkLimits = { rows: 10_000_000, events: 500_000_000, entities: 100_000, queued: 1_000_000 };
export const LARGE_FACTOR = 100;

/** The latest end a run may have: timestamps are written with four-digit years. */
const LAST_END_S = Date.UTC(9999, 11, 31) / 1000;

/** What the estimate reads of a model: only the fields that make work (a loose view of Scenario). */
export interface WorkModel {
  start: number;
  duration: number;
  step: number;
  clusters: { name: string; count: number; in_service?: number; retire?: number }[];
  workload?: {
    jobs?: { rate: number; duration: number; cluster?: string; chips?: number | readonly number[] }[];
    training?: {
      cluster: string;
      chips: number;
      work?: number;
      arrivals?: { rate: number; count?: number };
      chip_mtbf?: number;
      restart?: number;
      checkpoint?: { every: number };
    }[];
    inference?: {
      rate?: number;
      tokens_per_request?: number;
      weekly?: readonly number[];
      growth?: number;
      bursts?: { rate: number; size?: { mean: number }; duration?: { mean: number } };
      trace?: { bin: number };
    }[];
  };
  facility?: { weather?: { model: string; step?: number } };
  supply: {
    kind: string;
    units?: number;
    mode?: string;
    forced_outages?: { mttf: number; mttr: number };
    outages?: { mttf: number; mttr: number };
  }[];
}

interface Part {
  field: string;
  events: number;
  what: string;
}

const HOUR = 3600;
const fmt = (x: number): string =>
  x >= 1e9 ? x.toExponential(2).replace('e+', 'e') : Math.round(x).toLocaleString('en-US');

/** Each process's expected events over the horizon, with the field that sets its rate. */
function workParts(m: WorkModel): Part[] {
  const T = m.duration;
  const parts: Part[] = [];
  const w = m.workload ?? {};
  // A job that runs changes the load as it starts and as it ends, each change followed by a dispatch of its own: with
  // its arrival, 4 events (a stream of short jobs fired 4.0 a job where this counted 2, 1.9-2.0x the estimate). Those
  // a full cluster holds back start as others end, at the rate it frees chips for them (its chips over a job's mean
  // chips and duration): their arrivals alone add events. `started`: jobs started a second, all streams.
  let started = 0;
  (w.jobs ?? []).forEach((j, i) => {
    const sizes = j.chips === undefined ? [1] : typeof j.chips === 'number' ? [j.chips] : j.chips;
    const meanChips = sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length);
    const count = m.clusters.find((c) => c.name === j.cluster)?.count;
    const ran = count === undefined ? j.rate : Math.min(j.rate, count / (meanChips * j.duration));
    started += ran;
    parts.push({
      field: `workload.jobs[${i}].rate`,
      events: (j.rate + 3 * ran) * T,
      what: 'job arrivals, starts and ends',
    });
  });
  (w.training ?? []).forEach((t, i) => {
    const runs = t.arrivals ? Math.min(t.arrivals.rate * T, t.arrivals.count ?? Infinity) : 1;
    if (t.arrivals)
      parts.push({ field: `workload.training[${i}].arrivals.rate`, events: 4 * runs, what: 'training runs submitted' });
    // Interruptions come at chips / MTBF while runs hold chips (no more runs at once than fit the cluster,
    // only while it is in service, and no longer than the runs' work), each with a restart; checkpoints
    // at their interval.
    const c = m.clusters.find((x) => x.name === t.cluster);
    const fit = Math.max(1, Math.floor((c?.count ?? t.chips) / t.chips));
    const atOnce = Math.min(Math.max(1, runs), fit);
    const inService = inServiceS(m, c);
    const held = Math.min(atOnce * inService, t.work !== undefined ? Math.max(1, runs) * t.work : Infinity);
    if (t.chip_mtbf)
      parts.push({
        field: `workload.training[${i}].chip_mtbf`,
        events: (2 * t.chips * held) / t.chip_mtbf,
        what: 'interruptions and restarts',
      });
    if (t.checkpoint)
      parts.push({
        field: `workload.training[${i}].checkpoint.every`,
        events: (2 * held) / t.checkpoint.every,
        what: 'checkpoints',
      });
  });
  (w.inference ?? []).forEach((s, i) => {
    parts.push({ field: `workload.inference[${i}]`, events: T / HOUR, what: 'hourly demand steps' });
    if (s.bursts)
      parts.push({ field: `workload.inference[${i}].bursts.rate`, events: 2 * s.bursts.rate * T, what: 'bursts' });
    if (s.trace)
      parts.push({ field: `workload.inference[${i}].trace.bin`, events: T / s.trace.bin, what: 'trace bins' });
  });
  const weather = m.facility?.weather;
  if (weather?.step) parts.push({ field: 'facility.weather.step', events: T / weather.step, what: 'weather steps' });
  else parts.push({ field: 'facility.weather', events: T / HOUR, what: 'weather steps' });
  m.supply.forEach((s, i) => {
    const units = s.units ?? 1;
    const o = s.forced_outages ?? s.outages;
    if (o)
      parts.push({
        field: `supply[${i}].${s.forced_outages ? 'forced_outages' : 'outages'}.mttf`,
        events: (2 * units * T) / (o.mttf + o.mttr),
        what: 'outages and repairs',
      });
    // Dispatch changes follow the other events; a storage or ramping source adds a few per hour at most, a
    // load-following SMR fleet a step each time it follows the demand up or down (default.yaml's: 12 an hour), and
    // after a job's start or end, where the change is less than a minute of its ramp and the next comes later than the
    // ramp takes: a step and its dispatch for half the jobs (0.2 to 2 events a job in streams of short jobs).
    const following = s.kind === 'smr' && s.mode === 'load-following';
    parts.push({
      field: `supply[${i}]`,
      events: ((units * 4 + (following ? 12 : 0)) * T) / HOUR + (following ? 0.5 * started * T : 0),
      what: 'dispatch changes',
    });
  });
  return parts;
}

/** Things simulated and reported one by one: supply units, and training runs (each has its row in summary.json). */
function entityParts(m: WorkModel): { field: string; n: number; what: string }[] {
  const out = m.supply.map((s, i) => ({ field: `supply[${i}].units`, n: s.units ?? 1, what: 'supply units' }));
  (m.workload?.training ?? []).forEach((t, i) => {
    if (t.arrivals)
      out.push({
        field: `workload.training[${i}].arrivals.rate`,
        n: Math.min(t.arrivals.rate * m.duration, t.arrivals.count ?? Infinity),
        what: 'training runs',
      });
  });
  return out;
}

/** The seconds of the horizon a cluster is in service (from its `in_service` to its `retire`). */
function inServiceS(m: WorkModel, c: WorkModel['clusters'][number] | undefined): number {
  const T = m.duration;
  return Math.max(
    0,
    Math.min(T, (c?.retire ?? Infinity) - m.start) - Math.max(0, (c?.in_service ?? m.start) - m.start),
  );
}

/**
 * Jobs each stream leaves queued at the end: its arrivals over the horizon less those its cluster runs while in
 * service (its chips over a job's mean chips and duration, as if the stream had the cluster alone), and the hourly
 * rates either side. A lower bound where streams share a cluster.
 */
function queueParts(
  m: WorkModel,
): { field: string; n: number; arrivingPerHour: number; runPerHour: number; cluster: string }[] {
  return (m.workload?.jobs ?? []).map((j, i) => {
    const sizes = j.chips === undefined ? [1] : typeof j.chips === 'number' ? [j.chips] : j.chips;
    const meanChips = sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length);
    const c = m.clusters.find((x) => x.name === j.cluster);
    const runs = c === undefined ? j.rate : c.count / (meanChips * j.duration);
    return {
      field: `workload.jobs[${i}].rate`,
      n: Math.max(0, j.rate * m.duration - runs * inServiceS(m, c)),
      arrivingPerHour: j.rate * HOUR,
      runPerHour: runs * HOUR,
      cluster: j.cluster ?? '',
    };
  });
}

/**
 * The most tokens a service's demand may total over the run: the outputs write figures up to 1e20
 * (src/output/tables/format.ts), and this leaves a tenth of that for the draws above the mean (the daily swing averages out).
 */
const TOKENS_MAX = 1e19;

type ServiceModel = NonNullable<NonNullable<WorkModel['workload']>['inference']>[number];

/**
 * A service's expected demanded tokens over `durationS`: rate x tokens_per_request x the weekly mean (or, given
 * `traceTps`, a trace's mean tokens/s with its scale, which the weekly shape does not apply to) x the growth
 * integral x (1 + bursts' expected extra: size x burst rate x burst length). Infinity when it overflows. A trace's
 * rate comes with its file, read when the site is built (checkTraceTokens).
 */
function expectedTokens(s: ServiceModel, durationS: number, traceTps?: number): number {
  const tps =
    traceTps ?? (s.rate === undefined || s.tokens_per_request === undefined ? 0 : s.rate * s.tokens_per_request);
  if (tps === 0) return 0;
  const weekly = traceTps === undefined && s.weekly ? s.weekly.reduce((a, x) => a + x, 0) / s.weekly.length : 1;
  const g = s.growth ?? 0;
  const years = durationS / SECONDS.year;
  const grown = g === 0 ? durationS : (SECONDS.year * ((1 + g) ** years - 1)) / Math.log(1 + g);
  const b = s.bursts;
  const bursts = b ? (b.size?.mean ?? 0) * b.rate * (b.duration?.mean ?? 0) : 0;
  return tps * weekly * grown * (1 + bursts);
}

/**
 * Refuse, before the run, a traced service whose demand would total more than TOKENS_MAX tokens (its figures would
 * pass 1e20 and the run fail only at its end): `traceTps[i]` is service i's trace mean tokens/s with its scale
 * (undefined without a trace). The field named is `growth` when growth makes the difference, else the trace's scale.
 */
export function checkTraceTokens(m: WorkModel, locate: Locate, traceTps: readonly (number | undefined)[]): void {
  (m.workload?.inference ?? []).forEach((s, i) => {
    const tps = traceTps[i];
    if (tps === undefined) return;
    const tokens = expectedTokens(s, m.duration, tps);
    if (tokens <= TOKENS_MAX) return;
    const byGrowth = (s.growth ?? 0) > 0 && expectedTokens({ ...s, growth: 0 }, m.duration, tps) <= TOKENS_MAX;
    throw errorAt(
      locate,
      `workload.inference[${i}].${byGrowth ? 'growth' : 'trace.scale'}`,
      `at most ${fmt(TOKENS_MAX)} tokens demanded over the run (the trace's mean tokens/s x scale x duration, with growth and bursts; figures are written up to 1e20)`,
      `about ${Number.isFinite(tokens) ? fmt(tokens) : 'more than 1e308'}`,
    );
  });
}

/** Rows, events, entities and queued jobs of a model. */
export function estimateWork(m: WorkModel): {
  rows: number;
  events: number;
  entities: number;
  queued: number;
  parts: Part[];
} {
  const parts = workParts(m);
  const events = parts.reduce((a, p) => a + p.events, 0);
  const entities = entityParts(m).reduce((a, e) => a + e.n, 0);
  const queued = queueParts(m).reduce((a, q) => a + q.n, 0);
  return { rows: Math.ceil(m.duration / m.step), events, entities, queued, parts };
}

/** Where a field is: the model file (or the flag that set it) and its line. */
type Locate = (keys: readonly (string | number)[]) => { file: string; line?: number };

/** "workload.training[0].chip_mtbf" -> ["workload", "training", 0, "chip_mtbf"]. */
const keysOf = (field: string): (string | number)[] =>
  field.split(/\.|(?=\[)/).map((k) => (k.startsWith('[') ? Number(k.slice(1, -1)) : k));

/** The one-line error for `field`, where `locate` finds it (a flag of its own names the field already). */
function errorAt(locate: Locate, field: string, expected: string, found: string): InputError {
  const w = locate(keysOf(field));
  return new InputError(w.file, w.file === `--${field}` ? '' : field, expected, found, w.line);
}

/**
 * Refuse a model whose work exceeds the limits (times LARGE_FACTOR with
 * --allow-large), naming the field that makes it so, where `locate` finds it.
 */
export function checkWork(m: WorkModel, locate: Locate, allowLarge?: boolean): void {
  const k = allowLarge === true ? LARGE_FACTOR : 1;
  const at = (field: string, expected: string, found: string): InputError => errorAt(locate, field, expected, found);
  // The way to raise them where the caller takes --allow-large (dcpsim run and validate pass false without it); a sweep's
  // or a sizing's points come without it, as a library call may, and neither command takes the flag: their refusal
  // said '(--allow-large raises the limits 100-fold)', and the flag was an unknown option.
  const raise =
    allowLarge === true
      ? ''
      : allowLarge === false
        ? ' (--allow-large raises the limits 100-fold)'
        : " (dcpsim run's and validate's --allow-large, or the library's allowLarge, raises the limits 100-fold; a sweep or sizing runs within them)";
  if (m.start + m.duration > LAST_END_S) {
    // The horizon in the model's own years (1y is 365 days) and from when: "100000y" was "found 99,932 years" (of
    // 365.25 days), and 3 h from 9999-12-31 20:00 "found 0 years".
    const years = m.duration / SECONDS.year;
    throw at(
      'duration',
      `a run ending by ${formatTimestamp(LAST_END_S)} UTC (timestamps have four-digit years)`,
      `${years >= 1 ? `${fmt(years)} years` : formatDuration(m.duration)} from ${formatTimestamp(m.start)}`,
    );
  }
  // Not work but overflow (the figures written stop at 1e20): --allow-large does not raise it.
  (m.workload?.inference ?? []).forEach((s, i) => {
    const tokens = expectedTokens(s, m.duration);
    if (!(tokens <= TOKENS_MAX))
      throw at(
        `workload.inference[${i}].rate`,
        `at most ${fmt(TOKENS_MAX)} tokens demanded over the run (rate x tokens_per_request x duration, with weekly, growth and bursts; figures are written up to 1e20)`,
        `about ${Number.isFinite(tokens) ? fmt(tokens) : 'more than 1e308'}`,
      );
  });
  const w = estimateWork(m);
  if (w.rows > LIMITS.rows * k) {
    throw at(
      'step',
      `at most ${fmt(LIMITS.rows * k)} rows of time series, duration / step${raise}`,
      `${fmt(w.rows)} rows`,
    );
  }
  // Not work, but checked after the rows so a typo's step (1e-9 s) is told how many rows it asks for: the rows are
  // stamped to the second, so a step of a fraction of one stamped two rows alike (0.5 s) or with the wrong second.
  if (!Number.isInteger(m.step))
    throw at('step', 'a whole number of seconds (the rows are stamped to the second)', `${m.step} s`);
  // The run's end is stamped to the second too (summary.json's end_utc, the last row's end_utc in monthly.csv): 86400.5 s
  // wrote 2027-01-02 00:00:00 for an end half a second later, and 1e-12 s a month from 00:00:00 to 00:00:00.
  if (!Number.isInteger(m.duration))
    throw at('duration', 'a whole number of seconds (the run ends on a stamped second)', `${m.duration} s`);
  if (w.entities > LIMITS.entities * k) {
    const top = entityParts(m).sort((a, b) => b.n - a.n)[0];
    throw at(
      top.field,
      `at most ${fmt(LIMITS.entities * k)} supply units and training runs in all${raise}`,
      `about ${fmt(w.entities)} (${fmt(top.n)} ${top.what})`,
    );
  }
  if (w.events > LIMITS.events * k) {
    const top = [...w.parts].sort((a, b) => b.events - a.events)[0];
    throw at(
      top.field,
      `at most ${fmt(LIMITS.events * k)} simulated events${raise}`,
      `about ${fmt(w.events)} (${fmt(top.events)} of them ${top.what}, ${fmt(top.events / (m.duration / HOUR))} per simulated hour)`,
    );
  }
  if (w.queued > LIMITS.queued * k) {
    const top = queueParts(m).sort((a, b) => b.n - a.n)[0];
    // Rates an hour as a planner compares them: "about 17 an hour run" (64 chips over jobs of 3.75 chips for 1 h).
    const perHour = (x: number): string => (x >= 1 ? fmt(x) : Number(x.toPrecision(2)).toString());
    throw at(
      top.field,
      `at most ${fmt(LIMITS.queued * k)} jobs queued at once (a job stream beyond what its cluster runs queues the rest, each held in memory)${raise}`,
      `about ${fmt(w.queued)} by the end (${perHour(top.arrivingPerHour)} jobs arriving an hour, about ${perHour(top.runPerHour)} an hour run on cluster ${top.cluster})`,
    );
  }
}
