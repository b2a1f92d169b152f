/**
 * An inference service's `growth` by the year (docs/outputs.md, monthly.csv and yearly.csv): its tokens asked and
 * served each year, `<service>_demand_tokens` and `_served_tokens`, grow as the model asks. Its IT energy hardly
 * does (64 H100 at 100 requests/s: 495.3 and 497.5 MWh in two years, the second asking 20 % more, decode power barely
 * rising with the batch), and until 5 December 2026 that was all yearly.csv showed of the service.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { readCsv } from '../helpers/read-csv.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-growth-years-'));
const model = join(dir, 'growth.yaml');
// 2029 and 2030: two years of 365 days, so the second is the first times 1.2 exactly.
writeFileSync(
  model,
  `name: growth-years
start: 2029-01-01
duration: 730d
step: 1h
seed: 3
clusters:
  - { name: serve, chip: H100, count: 64, server: { chips: 8 } }
workload:
  inference:
    - { name: chat, cluster: serve, chips: 64, rate: 100/s, growth: 20% }
supply:
  - { kind: grid, price: 50 $/MWh }
`,
);

describe('a growing inference service in yearly.csv and monthly.csv', () => {
  const out = mkdtempSync(join(dir, 'run-'));
  runScenario({ model, out });
  const yearly = readCsv(join(out, 'yearly.csv'));
  const monthly = readCsv(join(out, 'monthly.csv'));

  it("gives each year's tokens asked: the rate x 1,366 tokens a request x the year's integral of 1.2^t", () => {
    const demand = yearly.col('chat_demand_tokens');
    expect(demand).toHaveLength(2);
    // 100 requests/s of 1,155 prompt + 211 generated tokens, over 365 days, growing 20 % a year compounding:
    // 136,600 tokens/s x 31,536,000 s x (1.2 - 1) / ln 1.2 (the daily shape averages 1 over each day).
    const first = 136_600 * 31_536_000 * (0.2 / Math.log(1.2));
    expect(demand[0] / first).toBeCloseTo(1, 4);
    expect(demand[1] / demand[0]).toBeCloseTo(1.2, 9);
    expect(yearly.col('chat_served_tokens')).toEqual(demand);
  });

  it("the months sum to the years, and the years to the run's demand_tokens", () => {
    const months = monthly.col('chat_demand_tokens');
    const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);
    expect(sum(months.slice(0, 12)) / yearly.col('chat_demand_tokens')[0]).toBeCloseTo(1, 12);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(sum(yearly.col('chat_demand_tokens')) / summary.inference.services[0].demand_tokens).toBeCloseTo(1, 12);
    expect(monthly.header.indexOf('chat_served_tokens')).toBe(monthly.header.indexOf('chat_demand_tokens') + 1);
  });
});
