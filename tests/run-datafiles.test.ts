/**
 * Whole runs over random data files: a seeded property test beside tests/run-invariants.test.ts.
 *
 * fast-check draws small but valid data files (hourly price and carbon traces for the grid, that cover the run
 * or hold a whole other year, with empty cells and zoned timestamps; weather as a CSV series or an EPW typical
 * year; an inference request trace; a demand-response events file) and a model that reads them, runs it and
 * checks each row against what the files imply, computed here from the documented rules, not the code's:
 *  - the grid's cost and carbon of a row inside one trace hour are its energy times that hour's price and
 *    intensity, the hour found by docs/models/supply.md's rule (own hour inside the trace's span, else the same
 *    UTC month, day and hour; 29 February from 28 February), empty cells interpolated; its carbon-free power is
 *    its power times Σ clean columns / Σ generation columns;
 *  - ambient_c of a row inside one weather interval is that interval's temperature (EPW: by local standard
 *    time), and cooling_kw is the chiller's or economiser's formula at it (docs/models/facility.md);
 *  - a battery beside the grid: the grid's cost and carbon cover what it charged too, and one following the price
 *    or carbon charges only at or below `charge_below` and discharges only at or above `discharge_above`;
 *  - the demand-response power asked in a row is the events' shed times their overlap, the shed never above it,
 *    the payment the shed times the price (docs/policies.md);
 *  - an inference service's demand in a row is the trace's binned rate, looped, grown by `growth` at each bin
 *    (docs/models/workload.md, docs/model-reference.md);
 *  - the usual row sums (Σ sources + unmet = facility, IT + losses + cooling = facility).
 * `DCPSIM_FUZZ_RUNS=200 DCPSIM_FUZZ_SEED=5 npx vitest run tests/run-datafiles.test.ts` explores further.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { runScenario } from '../src/run.ts';
import { wetBulb } from './helpers/wet-bulb.ts';

const tmp = mkdtempSync(join(tmpdir(), 'dcpsim-datafiles-'));
afterAll(() => {
  if (!process.env.DCPSIM_FUZZ_KEEP) rmSync(tmp, { recursive: true, force: true });
});

const HOUR = 3600;
/** "2027-01-01 00:00:00" of epoch seconds. */
const stamp = (s: number): string => new Date(s * 1000).toISOString().slice(0, 19).replace('T', ' ');
const utc = (s: string): number => Date.parse(`${s.replace(' ', 'T')}Z`) / 1000;

// ---------------------------------------------------------------------------------------------
// Random data files and models

const arbCase = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  year: fc.integer({ min: 2026, max: 2030 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.oneof(fc.integer({ min: 1, max: 28 }), fc.constantFrom(28, 29, 30, 31)),
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.constantFrom(0, 0, 0, 15, 30),
  hours: fc.integer({ min: 4, max: 100 }),
  step: fc.constantFrom('10m', '15m', '30m', '1h', '1h', '2h'),
  chips: fc.integer({ min: 1, max: 24 }).map((k) => 8 * k),
  jobRate: fc.integer({ min: 1, max: 30 }),
  // Grid traces: one file for price and carbon or two; covering the run or a whole other year.
  trace: fc.record({
    price: fc.boolean(),
    carbon: fc.boolean(),
    sameFile: fc.boolean(),
    span: fc.oneof(
      fc.record({
        kind: fc.constant('cover' as const),
        before: fc.integer({ min: 0, max: 30 }),
        after: fc.integer({ min: 1, max: 30 }),
      }),
      fc.record({
        kind: fc.constant('year' as const),
        // 2022 from 1 January; 2024 (a leap year) from 1 January; 2022-07-01 to 2023-07-01.
        which: fc.constantFrom('2022', '2024', '2022-07'),
      }),
    ),
    zone: fc.constantFrom('', '+00:00', 'Z', '+01:00', '-05:00'),
    generation: fc.boolean(),
    blanks: fc.integer({ min: 0, max: 6 }),
  }),
  weather: fc.option(
    fc.record({
      kind: fc.constantFrom('csv', 'epw'),
      humidity: fc.boolean(),
      tz: fc.constantFrom(-8, -5, 0, 1, 5.5, 9, 10),
      cooling: fc.constantFrom('chiller', 'economiser'),
      cop: fc.integer({ min: 30, max: 80 }).map((v) => v / 10),
    }),
    { nil: undefined },
  ),
  inference: fc.option(
    fc.record({
      requests: fc.integer({ min: 20, max: 300 }),
      spanS: fc.integer({ min: 400, max: 4000 }),
      bin: fc.constantFrom('30s', '1m', '5m'),
      scale: fc.constantFrom(0.5, 1, 2.5),
      growth: fc.constantFrom(0, 0, 0.5, 3),
    }),
    { nil: undefined },
  ),
  by: fc.constantFrom('throttle', 'pause'),
  events: fc.option(
    fc.array(
      fc.record({
        gapQ: fc.integer({ min: 0, max: 40 }),
        lengthQ: fc.integer({ min: 1, max: 24 }),
        shedKw: fc.integer({ min: 1, max: 40 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    { nil: undefined },
  ),
  // A battery beside the grid, charged only from it: following the price or carbon trace, or the default.
  battery: fc.option(
    fc.record({
      strategy: fc.constantFrom('auto', 'price', 'carbon'),
      kwh: fc.integer({ min: 1, max: 200 }),
      kw: fc.integer({ min: 1, max: 60 }),
      initial: fc.constantFrom(0, 0.5, 1),
    }),
    { freq: 3, nil: undefined },
  ),
});
type Case = typeof arbCase extends fc.Arbitrary<infer T> ? T : never;

/** A small deterministic generator for the bulk of a file's values (fast-check draws the case, this its cells). */
function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const BIN_S: Record<string, number> = { '30s': 30, '1m': 60, '5m': 300 };
const STEP_S: Record<string, number> = { '10m': 600, '15m': 900, '30m': 1800, '1h': 3600, '2h': 7200 };
const GENERATION = ['NUC', 'WND', 'SUN', 'WAT', 'NG', 'COL'];

/** What the checks need: the run's times and each file's values as the documented rules read them. */
interface Built {
  model: Record<string, unknown>;
  startS: number;
  durationS: number;
  stepS: number;
  /** Price $/MWh, carbon g/kWh and carbon-free share at an instant (epoch s), by the trace rule or flat. */
  priceAt: (e: number) => number;
  carbonAt: (e: number) => number;
  shareAt?: (e: number) => number;
  /** Weather: temperature °C and wet-bulb basis (°C) at an instant; and the next change after an instant. */
  weather?: { dryAt: (e: number) => number; coolT: (e: number) => number; change: (a: number, b: number) => boolean };
  cooling?: { model: string; cop: number };
  /** Inference: rate at t s after the start, tokens/s. */
  tpsAt?: (t: number) => number;
  binS?: number;
  events?: { a: number; b: number; kw: number }[];
  /** A battery beside the grid: all it stores comes from the grid; its strategy. */
  battery?: 'auto' | 'price' | 'carbon';
}

/** Hourly trace rows: [epoch s, cells...] with some cells empty. */
interface TraceFile {
  t0: number;
  header: string[];
  cells: (number | undefined)[][];
}

function traceText(tr: TraceFile, zone: string): string {
  const offset = zone === '+01:00' ? HOUR : zone === '-05:00' ? -5 * HOUR : 0;
  const lines = [tr.header.join(',')];
  for (const [i, row] of tr.cells.entries()) {
    const local = stamp(tr.t0 + i * HOUR + offset);
    const ts = zone === 'Z' ? `${local.replace(' ', 'T')}Z` : `${local}${zone}`;
    lines.push([ts, ...row.map((v) => (v === undefined ? '' : String(v)))].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** A column with its empty cells filled linearly by hour (the ends take the nearest filled value). */
function filled(tr: TraceFile, col: string): Float64Array {
  const j = tr.header.indexOf(col) - 1;
  const v = Float64Array.from(tr.cells, (r) => (r[j] === undefined ? NaN : r[j]!));
  const known = [...v.keys()].filter((i) => !Number.isNaN(v[i]));
  for (let i = 0; i < v.length; i++) {
    if (!Number.isNaN(v[i])) continue;
    const after = known.find((k) => k > i);
    const before = [...known].reverse().find((k) => k < i);
    if (before === undefined) v[i] = v[after!];
    else if (after === undefined) v[i] = v[before];
    else v[i] = v[before] + ((v[after] - v[before]) * (i - before)) / (after - before);
  }
  return v;
}

/** docs/models/supply.md: inside the span its own hour; else the first (before) or last (after) row of the same UTC month, day and hour; 29 February from 28 February when the trace has none. */
function traceAt(tr: TraceFile, values: Float64Array): (e: number) => number {
  const n = tr.cells.length;
  const key = (s: number): string => stamp(s).slice(5, 13);
  const rowsOf = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const k = key(tr.t0 + i * HOUR);
    if (!rowsOf.has(k)) rowsOf.set(k, []);
    rowsOf.get(k)!.push(i);
  }
  return (e) => {
    if (e >= tr.t0 && e < tr.t0 + n * HOUR) return values[Math.floor((e - tr.t0) / HOUR)];
    let k = key(e);
    if (!rowsOf.has(k) && k.startsWith('02-29')) k = `02-28${k.slice(5)}`;
    const rows = rowsOf.get(k)!;
    return values[e < tr.t0 ? rows[0] : rows[rows.length - 1]];
  };
}

/** Cooling power per watt of heat at temperature T (docs/models/facility.md, chiller and economiser, defaults). */
function coolingPerHeat(model: string, copRef: number, t: number): number {
  const cop = Math.min(14, Math.max(2, copRef * (1 - 0.027 * (t + 6 - 29.4))));
  if (model === 'chiller' || t > 24) return 1 / cop + 0.05;
  if (t <= 18) return 0.05;
  return (t - 18) / (24 - 18) / cop + 0.05;
}

function build(c: Case, dir: string): Built {
  const rnd = lcg(c.seed);
  const day = Math.min(c.day, new Date(Date.UTC(c.year, c.month, 0)).getUTCDate());
  const startS = Date.UTC(c.year, c.month - 1, day, c.hour, c.minute) / 1000;
  const durationS = c.hours * HOUR;
  const endS = startS + durationS;
  const stepS = STEP_S[c.step];
  const model: Record<string, unknown> = {
    name: 'datafiles',
    start: new Date(startS * 1000).toISOString().replace(/\.000Z$/, 'Z'),
    duration: `${c.hours}h`,
    step: c.step,
    seed: c.seed,
    clusters: [{ name: 'c0', chip: 'H100', count: c.chips }],
  };
  const built: Built = { model, startS, durationS, stepS, priceAt: () => 55.54, carbonAt: () => 363 };

  // The grid's traces.
  const sp = c.trace.span;
  let t0: number;
  let hours: number;
  if (sp.kind === 'cover') {
    t0 = Math.floor(startS / HOUR) * HOUR - sp.before * HOUR;
    hours = Math.ceil((endS - t0) / HOUR) + sp.after;
  } else {
    t0 = Date.UTC(sp.which === '2024' ? 2024 : 2022, sp.which === '2022-07' ? 6 : 0, 1) / 1000;
    hours = sp.which === '2024' ? 8784 : 8760;
  }
  const makeTrace = (cols: string[]): TraceFile => {
    const cells = Array.from({ length: hours }, () =>
      cols.map((h) =>
        h === 'price'
          ? Math.round(rnd() * 30000) / 100 - (rnd() < 0.05 ? 20 : 0)
          : h === 'avg_CI'
            ? Math.round(rnd() * 900000) / 1000
            : Math.round(rnd() * 5000),
      ),
    );
    // Empty cells, never a whole column.
    for (let b = 0; b < c.trace.blanks; b++) {
      const i = Math.floor(rnd() * hours);
      const j = Math.floor(rnd() * cols.length);
      if (i !== 0) cells[i][j] = undefined as unknown as number;
    }
    return { t0, header: ['timestamp', ...cols], cells };
  };
  const gen = c.trace.generation ? GENERATION : [];
  const grid: Record<string, unknown> = { kind: 'grid' };
  if (c.trace.sameFile && (c.trace.price || c.trace.carbon)) {
    const cols = [...(c.trace.price ? ['price'] : []), ...(c.trace.carbon ? ['avg_CI', ...gen] : [])];
    const tr = makeTrace(cols);
    writeFileSync(join(dir, 'grid.csv'), traceText(tr, c.trace.zone));
    if (c.trace.price) {
      grid.price = { file: 'grid.csv', column: 'price' };
      built.priceAt = traceAt(tr, filled(tr, 'price'));
    }
    if (c.trace.carbon) {
      grid.carbon = { file: 'grid.csv', column: 'avg_CI' };
      built.carbonAt = traceAt(tr, filled(tr, 'avg_CI'));
      if (gen.length > 0) built.shareAt = shareOf(tr, gen);
    }
  } else {
    if (c.trace.price) {
      const tr = makeTrace(['price']);
      writeFileSync(join(dir, 'price.csv'), traceText(tr, c.trace.zone));
      grid.price = { file: 'price.csv', column: 'price' };
      built.priceAt = traceAt(tr, filled(tr, 'price'));
    } else {
      grid.price = '61.5 $/MWh';
      built.priceAt = () => 61.5;
    }
    if (c.trace.carbon) {
      const tr = makeTrace(['avg_CI', ...gen]);
      writeFileSync(join(dir, 'carbon.csv'), traceText(tr, c.trace.zone));
      grid.carbon = { file: 'carbon.csv', column: 'avg_CI' };
      built.carbonAt = traceAt(tr, filled(tr, 'avg_CI'));
      if (gen.length > 0) built.shareAt = shareOf(tr, gen);
    }
  }
  if (grid.price === undefined) {
    grid.price = '61.5 $/MWh';
    built.priceAt = () => 61.5;
  }
  if (grid.carbon === undefined) {
    grid.carbon = '410 g/kWh';
    grid.carbon_free_share = 0.25;
    built.carbonAt = () => 410;
    built.shareAt = () => 0.25;
  }
  model.supply = [grid];
  if (c.battery) {
    const b = c.battery;
    const strategy =
      b.strategy === 'price'
        ? { by: 'price', charge_below: '60 $/MWh', discharge_above: '150 $/MWh' }
        : b.strategy === 'carbon'
          ? { by: 'carbon', charge_below: '300 g/kWh', discharge_above: '600 g/kWh' }
          : 'auto';
    // First in the merit order, as a site lists storage before the grid.
    model.supply = [
      { kind: 'battery', name: 'bat', energy: `${b.kwh} kWh`, power: `${b.kw} kW`, initial: b.initial, strategy },
      grid,
    ];
    built.battery = b.strategy;
  }

  // Weather.
  const w = c.weather;
  if (w) {
    const basis = (t: number, rh: number | undefined): number => (rh === undefined ? t : wetBulb(t, rh));
    if (w.kind === 'csv') {
      const times: number[] = [];
      let t = startS - Math.floor(rnd() * 7200);
      // Rows to the end or past it (the last row holds for as long as the one before it, docs/models/facility.md).
      for (;;) {
        times.push(t);
        if (t >= endS) break;
        t += 300 * (1 + Math.floor(rnd() * 36)); // 5 min to 3 h (max_gap)
      }
      const dry = times.map(() => Math.round(rnd() * 500 - 100) / 10);
      const rh = times.map(() => Math.round(rnd() * 900 + 50) / 10);
      const lines = [w.humidity ? 'timestamp,temperature,relative_humidity' : 'timestamp,temperature'];
      times.forEach((x, i) => lines.push([stamp(x), dry[i], ...(w.humidity ? [rh[i]] : [])].join(',')));
      writeFileSync(join(dir, 'weather.csv'), `${lines.join('\n')}\n`);
      const idx = (e: number): number => {
        let k = 0;
        while (k + 1 < times.length && times[k + 1] <= e) k++;
        return k;
      };
      built.weather = {
        dryAt: (e) => dry[idx(e)],
        coolT: (e) => basis(dry[idx(e)], w.humidity ? rh[idx(e)] : undefined),
        change: (a, b) => idx(a) !== idx(b - 1e-6),
      };
      model.facility = { weather: { model: 'csv', file: 'weather.csv' } };
    } else {
      const dry = Array.from({ length: 8760 }, () => Math.round(rnd() * 450 - 100) / 10);
      const rh = Array.from({ length: 8760 }, () => Math.round(rnd() * 90 + 8));
      const head = [
        `LOCATION,Nowhere,XX,XXX,TEST,000000,40.0,-75.0,${w.tz},100.0`,
        'DESIGN CONDITIONS,0',
        'TYPICAL/EXTREME PERIODS,0',
        'GROUND TEMPERATURES,0',
        'HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0',
        'COMMENTS 1,generated',
        'COMMENTS 2,generated',
        'DATA PERIODS,1,1,Data,Sunday,1/ 1,12/31',
      ];
      const lines = [...head];
      const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
      let k = 0;
      for (let m = 1; m <= 12; m++)
        for (let d = 1; d <= monthDays[m - 1]; d++)
          for (let h = 1; h <= 24; h++, k++)
            lines.push(`1999,${m},${d},${h},0,?,${dry[k].toFixed(1)},0.0,${rh[k]},101325`);
      writeFileSync(join(dir, 'weather.epw'), `${lines.join('\n')}\n`);
      // Each row is the hour ending at its hour in local standard time: hour h covers local (h − 1):00 to h:00.
      const index = (e: number): number => {
        const local = new Date((e + w.tz * HOUR) * 1000);
        const mo = local.getUTCMonth();
        const dd = mo === 1 && local.getUTCDate() === 29 ? 28 : local.getUTCDate();
        const doy = monthDays.slice(0, mo).reduce((a, x) => a + x, 0) + dd - 1;
        return doy * 24 + local.getUTCHours();
      };
      built.weather = {
        dryAt: (e) => dry[index(e)],
        coolT: (e) => basis(dry[index(e)], rh[index(e)]),
        change: (a, b) => Math.floor((a + w.tz * HOUR) / HOUR) !== Math.floor((b - 1e-6 + w.tz * HOUR) / HOUR),
      };
      model.facility = { weather: { model: 'epw', file: 'weather.epw' } };
    }
    (model.facility as Record<string, unknown>).cooling = { model: w.cooling, cop: w.cop };
    built.cooling = { model: w.cooling, cop: w.cop };
  } else model.facility = { cooling: { model: 'pue', pue: 1.25 } };

  // Work: a job stream, and an inference service replaying a trace.
  const workload: Record<string, unknown> = {
    jobs: [{ name: 'j', cluster: 'c0', rate: `${c.jobRate}/h`, chips: [1, 2, 4, 8], duration: '40m' }],
  };
  const inf = c.inference;
  if (inf) {
    const first = Date.UTC(2023, 10, 16, 18, 15, 0) / 1000 + rnd() * 60;
    const times = Array.from({ length: inf.requests }, () => first + rnd() * inf.spanS).sort((a, b) => a - b);
    times[0] = first;
    const binS = BIN_S[inf.bin];
    const rows = times.map((t) => {
      const p = Math.floor(rnd() * 3000);
      const g = Math.floor(rnd() * 500);
      return { t, p, g };
    });
    // The stamps as written (to 0.1 ms), and the bins read from them.
    const text = rows.map((r) => {
      const ms = Math.round(r.t * 1e4) / 1e4;
      const whole = Math.floor(ms);
      const frac = String(Math.round((ms - whole) * 1e4)).padStart(4, '0');
      return { line: `${stamp(whole)}.${frac}000,${r.p},${r.g}`, t: whole + Number(`0.${frac}`), n: r.p + r.g };
    });
    writeFileSync(
      join(dir, 'requests.csv'),
      `TIMESTAMP,ContextTokens,GeneratedTokens\n${text.map((x) => x.line).join('\n')}\n`,
    );
    const tFirst = text[0].t;
    const whole = Math.floor((text[text.length - 1].t - tFirst) / binS);
    const tokens = new Array<number>(whole).fill(0);
    for (const x of text) {
      const k = Math.floor((x.t - tFirst) / binS);
      if (k < whole) tokens[k] += x.n;
    }
    const rates = tokens.map((n) => (n / binS) * inf.scale);
    if (whole > 0) {
      // Growth compounds by the 365-day year since the start, taken at each step of the demand (src/workload/demand.ts;
      // docs/model-reference.md `growth`): a bin's rate times the growth at the bin's start.
      const perYear = Math.log1p(inf.growth) / (365 * 86400);
      built.tpsAt = (t) => {
        const k = Math.floor(t / binS);
        return rates[k % rates.length] * Math.exp(perYear * k * binS);
      };
      built.binS = binS;
      workload.inference = [
        {
          name: 'chat',
          cluster: 'c0',
          chips: 8,
          // Above 100 % only as a percentage (a bare 3 is refused as a likely 3 %).
          growth: inf.growth > 1 ? `${inf.growth * 100}%` : inf.growth,
          trace: { file: 'requests.csv', bin: inf.bin, scale: inf.scale },
        },
      ];
      (model.clusters as Record<string, unknown>[])[0].count = c.chips + 8;
    }
  }
  model.workload = workload;

  // Demand response from a file: consecutive events, quarter hours apart, from before the start to past the end.
  if (c.events) {
    let t = startS - 10 * HOUR;
    const events: Built['events'] = [];
    const lines = ['start,end,shed_mw'];
    for (const ev of c.events) {
      const a = t + ev.gapQ * 900;
      const b = a + ev.lengthQ * 900;
      events.push({ a, b, kw: ev.shedKw });
      lines.push(`${stamp(a)},${stamp(b)},${ev.shedKw / 1000}`);
      t = b + Math.floor((durationS / 3 / 900) * rnd()) * 900;
    }
    writeFileSync(join(dir, 'events.csv'), `${lines.join('\n')}\n`);
    model.demand_response = { payment: '200 $/MWh', by: c.by, events: { file: 'events.csv' } };
    built.events = events;
  }
  return built;
}

function shareOf(tr: TraceFile, gen: string[]): (e: number) => number {
  const cols = gen.map((g) => filled(tr, g));
  const clean = ['NUC', 'WND', 'SUN', 'WAT'].map((g) => gen.indexOf(g));
  const share = Float64Array.from(tr.cells, (_, i) => {
    const all = cols.reduce((a, v) => a + v[i], 0);
    return all > 0 ? clean.reduce((a, j) => a + cols[j][i], 0) / all : 0;
  });
  return traceAt(tr, share);
}

// ---------------------------------------------------------------------------------------------
// The checks

function close(failures: string[], what: string, got: number, want: number, abs: number, rel = 1e-9): void {
  if (!(Math.abs(got - want) <= abs + rel * Math.max(Math.abs(got), Math.abs(want))))
    failures.push(`${what}: ${got} != ${want} (diff ${got - want})`);
}

function check(out: string, b: Built): string[] {
  const failures: string[] = [];
  const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  const lines = readFileSync(join(out, 'timeseries.csv'), 'utf8').trimEnd().split('\n');
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((l) => l.split(','));
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`no column ${name}`);
    return i;
  };
  const endS = b.startS + b.durationS;
  let costSum = 0;
  let carbonSum = 0;
  let askedMwh = 0;
  let shedMwh = 0;
  for (const [r, row] of rows.entries()) {
    const v = (name: string): number => Number(row[col(name)]);
    const a = utc(row[0]);
    const z = r + 1 < rows.length ? utc(rows[r + 1][0]) : endS;
    const h = (z - a) / HOUR;
    const at = `row ${r} (${row[0]})`;
    const bat = b.battery ? v('bat_kw') : 0;
    close(
      failures,
      `${at}: grid + bat + unmet = facility`,
      v('grid_kw') + bat + v('unmet_kw'),
      v('facility_kw'),
      0.002,
    );
    close(
      failures,
      `${at}: it + losses + cooling = facility`,
      v('it_kw') + v('losses_kw') + v('cooling_kw'),
      v('facility_kw'),
      0.002,
    );
    costSum += v('grid_cost_usd');
    carbonSum += v('grid_carbon_kg');
    // The grid's cost, carbon and carbon-free power in a row inside one trace hour: its energy times the hour's.
    // What the grid delivered: to the load and, with a battery, to its charging (docs/outputs.md, <source>_cost_usd).
    const mwh = ((v('grid_kw') + (b.battery ? v('bat_charge_kw') : 0)) * h) / 1000;
    const tolE = ((b.battery ? 0.001 : 0.0005) * h) / 1000;
    const sameHour = Math.floor(a / HOUR) === Math.floor((z - 1e-6) / HOUR);
    if (sameHour) {
      const p = b.priceAt(a);
      const g = b.carbonAt(a);
      close(
        failures,
        `${at}: grid cost = energy x price ${p}`,
        v('grid_cost_usd'),
        mwh * p,
        tolE * Math.abs(p) + 0.00006,
        1e-7,
      );
      close(
        failures,
        `${at}: grid carbon = energy x intensity ${g}`,
        v('grid_carbon_kg'),
        mwh * g,
        tolE * g + 0.0006,
        1e-7,
      );
      // A battery following the price or carbon charges only at or below charge_below and, beside a grid that
      // leaves nothing unmet, discharges only at or above discharge_above; `auto` takes in surplus only, and a
      // grid's power is never surplus (docs/models/supply.md, battery).
      if (b.battery) {
        const signal = b.battery === 'price' ? p : g;
        const [lo, hi] = b.battery === 'price' ? [60, 150] : [300, 600];
        if ((b.battery === 'auto' || signal > lo) && v('bat_charge_kw') > 0)
          failures.push(`${at}: bat charges ${v('bat_charge_kw')} kW at ${b.battery} ${signal}`);
        if (b.battery !== 'auto' && signal < hi && v('bat_kw') > 0)
          failures.push(`${at}: bat discharges ${v('bat_kw')} kW at ${b.battery} ${signal}`);
      }
      if (b.shareAt && !b.battery) {
        const sh = b.shareAt(a);
        close(
          failures,
          `${at}: carbon_free_kw = grid x share ${sh}`,
          v('carbon_free_kw'),
          v('grid_kw') * sh,
          0.0011,
          1e-7,
        );
      }
    } else {
      const hoursIn: number[] = [];
      for (let t = Math.floor(a / HOUR) * HOUR; t < z; t += HOUR) hoursIn.push(t);
      const ps = hoursIn.map((t) => b.priceAt(Math.max(t, a)));
      const gs = hoursIn.map((t) => b.carbonAt(Math.max(t, a)));
      const within = (what: string, got: number, xs: number[], tol: number): void => {
        const lo = Math.min(...xs) * mwh - tol - 1e-7 * Math.abs(got);
        const hi = Math.max(...xs) * mwh + tol + 1e-7 * Math.abs(got);
        if (!(got >= lo && got <= hi)) failures.push(`${at}: ${what} ${got} outside [${lo}, ${hi}]`);
      };
      within(
        'grid cost within energy x its hours’ prices',
        v('grid_cost_usd'),
        ps,
        tolE * Math.max(...ps.map(Math.abs)) + 0.00006,
      );
      within(
        'grid carbon within energy x its hours’ intensities',
        v('grid_carbon_kg'),
        gs,
        tolE * Math.max(...gs) + 0.0006,
      );
    }
    // Weather: a row inside one weather interval reads its temperature; cooling is the model's formula at it.
    if (b.weather) {
      const ambient = v('ambient_c');
      if (!b.weather.change(a, z)) {
        close(failures, `${at}: ambient_c`, ambient, b.weather.dryAt(a), 0.0051);
        const f = coolingPerHeat(b.cooling!.model, b.cooling!.cop, b.weather.coolT(a));
        close(
          failures,
          `${at}: cooling = (it + losses) x ${f.toFixed(5)} (T ${b.weather.coolT(a).toFixed(3)})`,
          v('cooling_kw'),
          (v('it_kw') + v('losses_kw')) * f,
          0.0005 + 0.001 * f,
          1e-6,
        );
      }
    }
    // Demand response: the power asked is each event's shed over the share of the row it covers.
    if (b.events) {
      const kw = b.events.reduce(
        (acc, e) => acc + (e.kw * Math.max(0, Math.min(z, e.b) - Math.max(a, e.a))) / (z - a),
        0,
      );
      close(failures, `${at}: dr_asked_kw`, v('dr_asked_kw'), kw, 0.0005, 1e-9);
      askedMwh += (kw * h) / 1000;
      shedMwh += (v('dr_shed_kw') * h) / 1000;
      // Shed is counted up to the power asked (docs/policies.md).
      if (v('dr_shed_kw') > v('dr_asked_kw') + 0.001)
        failures.push(`${at}: dr_shed_kw ${v('dr_shed_kw')} > asked ${v('dr_asked_kw')}`);
    }
    // Inference: the demand in a row is the mean of the looped bins it covers.
    if (b.tpsAt) {
      const t1 = a - b.startS;
      const t2 = z - b.startS;
      let sum = 0;
      for (let t = t1; t < t2; ) {
        const next = Math.min(t2, (Math.floor(t / b.binS! + 1e-9) + 1) * b.binS!);
        sum += b.tpsAt(t) * (next - t);
        t = next;
      }
      close(failures, `${at}: chat_demand_tok_s`, v('chat_demand_tok_s'), sum / (t2 - t1), 0.051, 1e-9);
    }
  }
  const grid = s.sources.find((x: { name: string }) => x.name === 'grid');
  close(failures, 'Σ rows grid cost = summary', costSum, grid.cost_usd, 0.00005 * rows.length + 1e-6, 1e-7);
  close(failures, 'Σ rows grid carbon = summary', carbonSum, grid.carbon_kg, 0.0005 * rows.length + 1e-6, 1e-7);
  if (b.events) {
    const inRun = b.events.filter((e) => e.b > b.startS && e.a < endS);
    close(failures, 'demand_response.events', s.demand_response.events, inRun.length, 0);
    const want = inRun.reduce(
      (acc, e) => acc + (e.kw * (Math.min(endS, e.b) - Math.max(b.startS, e.a))) / HOUR / 1000,
      0,
    );
    close(failures, 'demand_response.asked_mwh', s.demand_response.asked_mwh, want, 1e-9, 1e-9);
    close(failures, 'Σ rows asked = asked_mwh', askedMwh, want, 0.0005 * rows.length * 2e-3 + 1e-9, 1e-6);
    const dr = s.demand_response;
    close(failures, 'Σ rows shed = shed_mwh', shedMwh, dr.shed_mwh, 0.0005 * rows.length * 2e-3 + 1e-9, 1e-6);
    close(failures, 'payment = shed x 200 $/MWh', dr.payment_usd, dr.shed_mwh * 200, 1e-6, 1e-9);
    close(
      failures,
      'shed_share = shed / asked',
      dr.shed_share,
      dr.asked_mwh > 0 ? dr.shed_mwh / dr.asked_mwh : 0,
      1e-9,
      1e-9,
    );
  }
  return failures;
}

const RUNS = Number(process.env.DCPSIM_FUZZ_RUNS ?? 50);
const SEED = Number(process.env.DCPSIM_FUZZ_SEED ?? 20261202);

describe('whole runs over random data files', () => {
  it(`each row agrees with the traces, weather, requests and events it read (${RUNS} runs, seed ${SEED})`, () => {
    let k = 0;
    fc.assert(
      fc.property(arbCase, (c) => {
        const dir = join(tmp, `d${k++}`);
        mkdirSync(dir);
        const built = build(c, dir);
        const file = join(dir, 'model.json');
        writeFileSync(file, JSON.stringify(built.model, null, 1));
        const out = join(dir, 'out');
        runScenario({ model: file, out, sync: false });
        const failures = check(out, built);
        if (failures.length > 0)
          throw new Error(
            `${failures.slice(0, 12).join('\n')}${failures.length > 12 ? `\n... ${failures.length - 12} more` : ''}\nfiles: ${dir}\nmodel: ${JSON.stringify(built.model)}`,
          );
        rmSync(dir, { recursive: true, force: true });
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: process.env.DCPSIM_FUZZ_SHRINK === undefined },
    );
  });
});
