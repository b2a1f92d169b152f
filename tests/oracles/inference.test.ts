/**
 * Inference (docs/models/workload.md) against its formulas:
 *
 * - a service at a constant rate on H100, A100, B200, V100 or TPU v4 serves, batches and prefills as the documented
 *   formulas give from models/data/h100-inference-proxy/inference.csv read here, scaled by throughput_scale and the
 *   chips' published peak bf16 (fp16 for V100), under and over load;
 * - demand: tokens/s = rate x tokens per request x the daily cosine (at each UTC hour's midpoint) x the weekday's
 *   multiplier x (1 + growth)^(years of 365 days since the start), stepped hourly, over two years: 15 % a year is
 *   x 1.15 at the same hour a year on.
 *
 * Seeded: `DCPSIM_FUZZ_RUNS=20 DCPSIM_FUZZ_SEED=7 npx vitest run tests/oracles/inference.test.ts` explores further.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { modelRunner, oracleDir, report, RUNS, SEED, utc } from '../helpers/oracle.ts';
import { readCsv } from '../helpers/read-csv.ts';

const tmp = oracleDir('inference');

/** What each check met, printed with DCPSIM_FUZZ_VERBOSE. */
const tally: string[] = [];
afterAll(() => {
  if (process.env.DCPSIM_FUZZ_VERBOSE) console.log(tally.join('\n'));
});

/** Run a model (as JSON) alone and give its folder. */
const runModel = modelRunner(tmp);

// ---------------------------------------------------------------------------------------------
// An inference service's tokens against the H100 proxy's measurements

/** models/data/h100-inference-proxy/inference.csv, read here: decode by batch, prefill by prompt length. */
function proxy(): { decode: [number, number][]; prefill: [number, number][] } {
  const t = readCsv(join(import.meta.dirname, '..', '..', 'models', 'data', 'h100-inference-proxy', 'inference.csv'));
  const phase = t.rows.map((r) => r[0]);
  const perStep = t.col('tokens_per_step');
  const tps = t.col('tokens_per_s');
  const decode: [number, number][] = [[0, 0]];
  const prefill: [number, number][] = [];
  phase.forEach((p, i) => (p.startsWith('decode') ? decode : prefill).push([perStep[i], tps[i]]));
  return { decode, prefill };
}

/** y at x on a piecewise-linear curve of [x, y] points, clamped at its ends. */
function along(curve: [number, number][], x: number): number {
  if (x <= curve[0][0]) return curve[0][1];
  for (let i = 1; i < curve.length; i++)
    if (x <= curve[i][0]) {
      const [x0, y0] = curve[i - 1];
      const [x1, y1] = curve[i];
      return y0 + ((x - x0) / (x1 - x0)) * (y1 - y0);
    }
  return curve.at(-1)![1];
}

/** Published peak dense bf16 (fp16 for V100), TFLOP/s: NVIDIA's data sheets, Jouppi et al. 2023 for TPU v4. */
const PEAK_TFLOPS: Record<string, number> = { H100: 989.4, A100: 312, B200: 2250, V100: 125, TPUv4: 275 };

const arbService = fc.record({
  chip: fc.constantFrom('H100', 'A100', 'B200', 'V100', 'TPUv4'),
  servers: fc.integer({ min: 1, max: 8 }),
  // Demand per chip as a share of what the chip can serve at its largest batch: under and over load.
  load: fc.double({ min: 0.001, max: 2.5, noNaN: true }),
  prompt: fc.integer({ min: 50, max: 8000 }),
  generated: fc.integer({ min: 1, max: 2000 }),
  maxBatch: fc.constantFrom(8, 64, 128, 300, 512),
  scale: fc.constantFrom(1, 0.5, 0.13),
});

type ServiceCase = typeof arbService extends fc.Arbitrary<infer T> ? T : never;

function checkService(c: ServiceCase, failures: string[]): string {
  const { decode, prefill } = proxy();
  const chips = 8 * c.servers;
  const s = c.scale * (PEAK_TFLOPS[c.chip] / PEAK_TFLOPS.H100);
  const P = along(prefill, c.prompt) * s;
  const Dmax = along(decode, c.maxBatch) * s;
  // The request rate that asks `load` of the chips' time (docs/models/workload.md: L = p/P + g/D(max_batch)).
  const perRequest = c.prompt / P + c.generated / Dmax; // chip-seconds per request
  const rate = (c.load * chips) / perRequest; // requests/s
  const hours = 12;
  const dir = runModel({
    name: 'service',
    start: '2027-03-01',
    duration: `${hours}h`,
    step: '1h',
    clusters: [{ name: 'c', chip: c.chip, count: chips, server: { chips: 8 } }],
    workload: {
      inference: [
        {
          name: 'svc',
          cluster: 'c',
          chips,
          rate: `${rate}/s`,
          prompt_tokens: c.prompt,
          generated_tokens: c.generated,
          max_batch: c.maxBatch,
          throughput_scale: c.scale,
          daily: { amplitude: 0 },
        },
      ],
    },
    facility: { cooling: { model: 'pue', pue: 1.2 } },
    supply: [{ kind: 'grid', price: '50 $/MWh', carbon: '400 g/kWh' }],
  });
  const svc = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).inference.services[0];
  const p = (rate * c.prompt) / chips;
  const g = (rate * c.generated) / chips;
  const L = p / P + g / Dmax;
  const f = L <= 1 ? 1 : 1 / L;
  const u = (f * p) / P;
  const want = f * g >= (1 - u) * Dmax * (1 - 1e-12) ? c.maxBatch : inverse(decode, (f * g) / (1 - u) / s);
  const T = hours * 3600;
  const what = `${c.chip} x ${chips}, load ${c.load}, ${c.prompt}+${c.generated} tokens, max batch ${c.maxBatch}, scale ${c.scale}`;
  const near = (a: number, b: number, tol = 1e-6): boolean =>
    Math.abs(a - b) <= tol * Math.max(1e-9, Math.abs(a), Math.abs(b));
  const check = (name: string, got: number, expected: number, tol = 1e-6): void => {
    if (!near(got, expected, tol)) failures.push(`${what}: ${name} ${got}, the proxy gives ${expected}`);
  };
  check('demand_tokens', svc.demand_tokens, rate * (c.prompt + c.generated) * T);
  check('served_tokens', svc.served_tokens, f * rate * (c.prompt + c.generated) * T);
  check('served_prompt_tokens', svc.served_prompt_tokens, f * rate * c.prompt * T);
  check('unserved_share', svc.unserved_share, 1 - f, 1e-6);
  check('prefill_time_share', svc.prefill_time_share, u);
  check('mean_batch', svc.mean_batch, want);
  return `${what}: served ${(f * 100).toFixed(1)} %, batch ${want.toFixed(2)}, prefill ${(u * 100).toFixed(1)} % of the time`;
}

/** The batch at which decode runs `tps` tokens/s on the proxy (its curve inverted, piecewise linear). */
function inverse(curve: [number, number][], tps: number): number {
  for (let i = 1; i < curve.length; i++)
    if (tps <= curve[i][1]) {
      const [x0, y0] = curve[i - 1];
      const [x1, y1] = curve[i];
      return x0 + ((tps - y0) / (y1 - y0)) * (x1 - x0);
    }
  return curve.at(-1)![0];
}

const close = (a: number, b: number, rel: number, abs: number): boolean => Math.abs(a - b) <= rel * Math.abs(b) + abs;

// ---------------------------------------------------------------------------------------------
// Inference demand: the daily cosine, the weekday and growth compounding over the years

const arbDemand = fc.record({
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
  hour: fc.integer({ min: 0, max: 23 }),
  ratePerS: fc.integer({ min: 1, max: 40 }),
  growthPct: fc.constantFrom(15, 15, 5, 30, 150),
  amplitude: fc.integer({ min: 0, max: 60 }).map((v) => v / 100),
  peak: fc.integer({ min: 0, max: 23 }),
  weekly: fc.array(
    fc.integer({ min: 50, max: 150 }).map((v) => v / 100),
    { minLength: 7, maxLength: 7 },
  ),
});

describe('an inference service against the H100 proxy', () => {
  it(`serves, batches and prefills as docs/models/workload.md computes from inference.csv, scaled by peak bf16 (${4 * RUNS} services, seed ${SEED})`, () => {
    fc.assert(
      fc.property(arbService, (c) => {
        const failures: string[] = [];
        tally.push(checkService(c, failures));
        report(failures, JSON.stringify(c));
      }),
      { seed: SEED, numRuns: 4 * RUNS, endOnFailure: process.env.DCPSIM_FUZZ_SHRINK === undefined },
    );
  }, 120_000);
});

describe('inference demand, recomputed from its shape and growth (docs/models/workload.md)', () => {
  it(`is rate x tokens x the daily cosine x the weekday x (1 + growth)^(years since the start), stepped hourly, over two years (${RUNS} services, seed ${SEED})`, () => {
    for (const c of fc.sample(arbDemand, { numRuns: RUNS, seed: SEED })) {
      const start = Date.UTC(2027, c.month - 1, c.day, c.hour) / 1000;
      const dir = runModel({
        name: 'oracle-growth',
        start: new Date(start * 1000).toISOString(),
        duration: '731d',
        step: '1h',
        seed: 4,
        clusters: [{ name: 'gpu', chip: 'H100', count: 8 }],
        workload: {
          inference: [
            {
              name: 'chat',
              cluster: 'gpu',
              chips: 8,
              rate: `${c.ratePerS}/s`,
              daily: { amplitude: c.amplitude, peak: c.peak },
              weekly: c.weekly,
              growth: `${c.growthPct}%`,
            },
          ],
        },
        facility: { cooling: { model: 'pue', pue: 1.2 } },
        supply: [{ kind: 'grid', price: '50 $/MWh', carbon: '400 g/kWh' }],
      });
      const ts = readCsv(join(dir, 'timeseries.csv'));
      const demand = ts.col('chat_demand_tok_s');
      const g = 1 + c.growthPct / 100;
      const fails: string[] = [];
      const want = (t: number): number => {
        const d = new Date(t * 1000);
        // The hour's cosine at its midpoint (so the hours either side of the peak hold the same demand).
        const shape = 1 + c.amplitude * Math.cos((2 * Math.PI * (d.getUTCHours() + 0.5 - c.peak)) / 24);
        return c.ratePerS * 1366 * shape * c.weekly[(d.getUTCDay() + 6) % 7] * g ** ((t - start) / (365 * 86400));
      };
      ts.rows.forEach((r, i) => {
        const t = utc(r[0]);
        if (!close(demand[i], want(t), 1e-7, 0.051))
          fails.push(`row ${r[0]}: demand ${demand[i]} tok/s, want ${want(t)}`);
      });
      // The planner's reading: the same hour of the same weekday a year of 52 weeks later, the growth factor, less a week.
      for (const k of [1, 2]) {
        const i = k * 364 * 24;
        const ratio = demand[i] / demand[0]; // cells to 0.1 tok/s
        const expect = g ** ((364 * k) / 365);
        if (!close(ratio, expect, 0.1 / demand[0] + 0.1 / demand[i], 0))
          fails.push(`year ${k}: demand x ${ratio}, want ${expect}`);
      }
      report(fails, `case ${JSON.stringify(c)}; run ${dir}`);
    }
  }, 60_000);
});
