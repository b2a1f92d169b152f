import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/kernel/simulation.ts';
import { RandomStreams } from '../../src/kernel/random.ts';
import { CHIPS, chipCurve } from '../../src/model/chips.ts';
import { ClusterState } from '../../src/workload/cluster.ts';
import { InferenceService } from '../../src/workload/inference.ts';
import { batchCurve, TOKENS_PER_S, POWER_W } from '../../src/workload/batching.ts';
import { traceRates, dailyFactor } from '../../src/workload/demand.ts';
import { runScenario } from '../../src/run.ts';
import { readCsv } from '../helpers/read-csv.ts';

const MIXED = join(import.meta.dirname, '..', 'fixtures', 'workload-mixed.yaml');
const out = () => mkdtempSync(join(tmpdir(), 'dcpsim-inf-'));

function service(chips = 10, maxBatch = 512) {
  const sim = new Simulation();
  const cluster = new ClusterState('s', chips);
  const svc = new InferenceService('s', chips, sim, cluster, batchCurve(maxBatch, 1), chipCurve(CHIPS.H100));
  return { sim, cluster, svc };
}

describe('inference as a fluid', () => {
  it('utilisation never exceeds 1 and served never exceeds demand, whatever the demand and throttle', () => {
    const { svc } = service(10);
    const rng = new RandomStreams(3).stream('t');
    for (let i = 0; i < 2000; i++) {
      svc.setDemand(rng.uniform() * 10 * 44461.7 * 2);
      svc.setThrottle(rng.uniform() < 0.3 ? rng.uniform() : 1);
      expect(svc.servedTps).toBeLessThanOrEqual(svc.demandTps);
      expect(svc.utilisation).toBeLessThanOrEqual(1 + 1e-12);
      expect(svc.utilisation).toBeGreaterThanOrEqual(0);
    }
  });

  it('overload: the unserved share is 1 - capacity / demand', () => {
    const { sim, svc } = service(10, 128);
    svc.setDemand(3 * 10 * 20693.0);
    sim.after(3600, () => svc.setDemand(0));
    sim.run(3600);
    const s = svc.summary(3600);
    expect(s.unserved_share).toBeCloseTo(2 / 3, 12);
    expect(s.mean_batch).toBeCloseTo(128, 12);
  });

  it('the batch grows with load, so joules per token fall (measured 2.45 J at batch 1 to 0.0155 J at 512 on an H100)', () => {
    const at = (perChipTps: number) => {
      const { sim, svc } = service(1);
      svc.setDemand(perChipTps);
      sim.run(100);
      return svc.summary(100);
    };
    const lo = at(TOKENS_PER_S[1]);
    const hi = at(TOKENS_PER_S[5]);
    expect(lo.mean_batch).toBeCloseTo(1, 9);
    expect(hi.mean_batch).toBeCloseTo(512, 9);
    // On the H100 the duty-equivalent returns the measured power, so J/token is the measured figure.
    expect(lo.j_per_token).toBeCloseTo(POWER_W[1] / TOKENS_PER_S[1], 6);
    expect(hi.j_per_token).toBeCloseTo(POWER_W[5] / TOKENS_PER_S[5], 6);
    expect(lo.j_per_token / hi.j_per_token).toBeGreaterThan(150);
  });

  it('the daily shape averages to the mean rate over a day', () => {
    const mean = Array.from({ length: 24 }, (_, h) => dailyFactor(h, 0.4, 18)).reduce((a, b) => a + b) / 24;
    expect(mean).toBeCloseTo(1, 12);
  });

  it('the Azure trace replays its real token counts, in whole bins', () => {
    const file = join(
      import.meta.dirname,
      '..',
      '..',
      'models',
      'data',
      'azure-llm-inference-2023',
      'AzureLLMInferenceTrace_conv.csv',
    );
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const t = (f: string[]) => Date.parse(`${f[0].replace(' ', 'T').slice(0, 23)}Z`) / 1000;
    const t0 = t(lines[0]);
    // 18:15:46.68 to 19:14:08.40: 58 whole minutes, then 21.7 s that cannot make a one-minute bin.
    const whole = lines.filter((f) => t(f) < t0 + 58 * 60);
    const tokens = whole.reduce((a, f) => a + Number(f[1]) + Number(f[2]), 0);
    const rates = traceRates(file, 60);
    expect(rates.length).toBe(58);
    expect(rates.reduce((a, r) => a + r * 60, 0)).toBeCloseTo(tokens, 3);
  });

  it('a steady trace replays steadily: no dip where a last partial bin would be divided by a whole one', () => {
    const file = join(out(), 'steady.csv');
    // 100 tokens every second for 150 s: two whole one-minute bins and 30 s over.
    const rows = Array.from(
      { length: 150 },
      (_, i) =>
        `2023-11-16 18:00:${String(i % 60).padStart(2, '0')}.0000000`.replace('18:00', `18:0${Math.floor(i / 60)}`) +
        ',60,40',
    );
    writeFileSync(file, ['TIMESTAMP,ContextTokens,GeneratedTokens', ...rows].join('\n'));
    expect(traceRates(file, 60)).toEqual([100, 100]);
    expect(() => traceRates(file, 300)).toThrow(
      /steady\.csv:\d+: expected requests spanning at least one bin of 300 s, found a span of 149 s$/,
    );
  });

  it('a site run: served <= demand in every row, and rows sum to the summary', () => {
    const r = runScenario({ model: MIXED, out: out(), step: '15m', set: ['workload.inference[0].rate=400/s'] });
    const csv = readCsv(r.timeseriesFile);
    const d = csv.col('chat_demand_tok_s'),
      s = csv.col('chat_served_tok_s');
    d.forEach((x, i) => expect(s[i]).toBeLessThanOrEqual(x + 0.05));
    const svc = r.summary.inference.services[0];
    expect(svc.unserved_share).toBeGreaterThan(0);
    expect(d.reduce((a, x) => a + x * 900, 0)).toBeCloseTo(svc.demand_tokens, -4);
    expect(s.reduce((a, x) => a + x * 900, 0)).toBeCloseTo(svc.served_tokens, -4);
  });
});

describe('the mixed workload scenario', () => {
  it('matches the golden CSV byte for byte', () => {
    const r = runScenario({ model: MIXED, out: out() });
    const golden = join(import.meta.dirname, '..', 'golden', 'workload-mixed.csv');
    const got = readFileSync(r.timeseriesFile, 'utf8');
    // Regenerate deliberately: UPDATE_GOLDEN=1 npx vitest run tests/workload/inference.test.ts
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, got);
    expect(existsSync(golden)).toBe(true);
    expect(got).toBe(readFileSync(golden, 'utf8'));
  });

  it('per-cluster IT columns add up to it_kw, and each run reports its figures', () => {
    const r = runScenario({ model: MIXED, out: out() });
    const csv = readCsv(r.timeseriesFile);
    const it = csv.col('it_kw'),
      a = csv.col('train_it_kw'),
      b = csv.col('serve_it_kw');
    it.forEach((x, i) => expect(Math.abs(a[i] + b[i] - x)).toBeLessThanOrEqual(0.0015));
    const [pre, fine] = r.summary.training;
    expect(pre.completed && fine.completed).toBe(true);
    expect(pre.goodput).toBeLessThan(1);
    expect(pre.done_h).toBe(pre.work_h);
    expect(pre.wall_time_h).toBeGreaterThanOrEqual(pre.work_h + pre.lost_work_h);
    expect(pre.electricity_share).toBeCloseTo(
      pre.electricity_cost_usd / (pre.electricity_cost_usd + pre.chip_cost_usd!),
      12,
    );
    expect(pre.chip_cost_usd).toBeCloseTo(192 * pre.wall_time_h * 2, 9);
    // Finetune's work came as FLOPs: 2e20 / (128 x 989.4 TFLOP/s x 0.4).
    expect(fine.work_h).toBeCloseTo(2e20 / (128 * 989.4e12 * 0.4) / 3600, 12);
  });
});
