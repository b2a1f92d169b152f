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
import { GENERATED_TOKENS, PROMPT_TOKENS } from '../../src/workload/schema.ts';
import { J_PER_MWH } from '../../src/model/units.ts';
import { loadScenario, runScenario } from '../../src/run.ts';
import { scenarioJsonSchema } from '../../src/scenario.ts';
import { readCsv } from '../helpers/read-csv.ts';

const MIXED = join(import.meta.dirname, '..', 'fixtures', 'workload-mixed.yaml');
const out = () => mkdtempSync(join(tmpdir(), 'dcpsim-inf-'));

/** A service on H100s whose prompts are 512 tokens: prefill at the measured 44,285.4 tok/s and 689.0 W. */
function service(chips = 10, maxBatch = 512) {
  const sim = new Simulation();
  const cluster = new ClusterState('s', chips);
  const svc = new InferenceService('s', chips, sim, cluster, batchCurve(maxBatch, 1, 512), chipCurve(CHIPS.H100));
  return { sim, cluster, svc };
}

/** One chip, `prompt` and `generated` tokens/s for `s` seconds: its summary. */
function steady(prompt: number, generated: number, s = 100, maxBatch = 512) {
  const { sim, svc } = service(1, maxBatch);
  svc.setDemand(prompt + generated, prompt);
  sim.run(s);
  return svc.summary();
}

const CONV = join(
  import.meta.dirname,
  '..',
  '..',
  'models',
  'data',
  'azure-llm-inference-2023',
  'AzureLLMInferenceTrace_conv.csv',
);

describe('inference as a fluid', () => {
  it('utilisation never exceeds 1 and served never exceeds demand, whatever the demand and throttle', () => {
    const { svc } = service(10);
    const rng = new RandomStreams(3).stream('t');
    for (let i = 0; i < 2000; i++) {
      const tps = rng.uniform() * 10 * 44461.7 * 2;
      svc.setDemand(tps, tps * rng.uniform());
      svc.setThrottle(rng.uniform() < 0.3 ? rng.uniform() : 1);
      expect(svc.servedTps).toBeLessThanOrEqual(svc.demandTps);
      expect(svc.servedPromptTps).toBeLessThanOrEqual(svc.demandPromptTps);
      expect(svc.utilisation).toBeLessThanOrEqual(1 + 1e-12);
      expect(svc.utilisation).toBeGreaterThanOrEqual(0);
    }
  });

  it('overload: the unserved share is 1 - capacity / demand', () => {
    const { sim, svc } = service(10, 128);
    svc.setDemand(3 * 10 * 20693.0);
    sim.after(3600, () => svc.setDemand(0));
    sim.run(3600);
    const s = svc.summary();
    expect(s.unserved_share).toBeCloseTo(2 / 3, 12);
    expect(s.mean_batch).toBeCloseTo(128, 12);
  });

  it('the batch grows with load, so joules per token fall (measured 2.45 J at batch 1 to 0.0155 J at 512 on an H100)', () => {
    const at = (perChipTps: number) => {
      const { sim, svc } = service(1);
      svc.setDemand(perChipTps);
      sim.run(100);
      return svc.summary();
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

  it('prompt tokens take prefill time, generated tokens decode in the rest (hand figures from inference.csv)', () => {
    // One H100, 512-token prompts: prefill 44,285.4 tok/s at 689.0 W. 4,428.54 prompt tok/s take
    // u = 0.1 of the time; 1,264.77 generated tok/s in the other 0.9 decode at 1,405.3 tok/s: batch 8
    // (434.3 W). Power 0.1 x 689.0 + 0.9 x 434.3 = 459.77 W over 5,693.31 tok/s = 0.080757 J/token.
    // All tokens as decode (before prefill was modelled) put the chip at batch 34.02 and 476.5 W.
    const s = steady(4428.54, 1264.77);
    expect(s.prefill_time_share).toBeCloseTo(0.1, 12);
    expect(s.mean_batch).toBeCloseTo(8, 9);
    expect(s.energy_mwh * J_PER_MWH).toBeCloseTo(459.77 * 100, 6);
    expect(s.j_per_token).toBeCloseTo(459.77 / 5693.31, 9);
    expect(s.unserved_share).toBe(0);
    expect(s.served_prompt_tokens).toBeCloseTo(442854, 6);
    expect(s.served_generated_tokens).toBeCloseTo(126477, 6);
  });

  it('limits: no prompt tokens is decode alone, all prompt is prefill alone', () => {
    // No prompt: the batch that serves the demand, at its measured power (the model before prefill).
    const d = steady(0, 1405.3);
    expect(d.mean_batch).toBe(8);
    expect(d.prefill_time_share).toBe(0);
    expect(d.j_per_token).toBeCloseTo(POWER_W[2] / TOKENS_PER_S[2], 12);
    // All prompt (embeddings, scoring): half the time at 689.0 W, the rest idle at 129.45 W.
    const p = steady(44285.4 / 2, 0);
    expect(p.mean_batch).toBe(0);
    expect(p.prefill_time_share).toBeCloseTo(0.5, 12);
    expect(p.energy_mwh * J_PER_MWH).toBeCloseTo((0.5 * 689.0 + 0.5 * 129.45) * 100, 6);
    expect(p.j_per_token).toBeCloseTo(409.225 / 22142.7, 9);
  });

  it('capacity: requests neither phase has time for are unserved, the rest at the largest batch', () => {
    // Largest batch 128 (20,693 tok/s): one chip-second of prefill and one of decode asked per second.
    const s = steady(44285.4, 20693.0, 100, 128);
    expect(s.unserved_share).toBeCloseTo(0.5, 12);
    expect(s.prefill_time_share).toBeCloseTo(0.5, 12);
    expect(s.mean_batch).toBe(128);
    expect(s.served_prompt_tokens).toBeCloseTo(44285.4 * 50, 6);
    expect(s.served_generated_tokens).toBeCloseTo(20693.0 * 50, 6);
    expect(s.energy_mwh * J_PER_MWH).toBeCloseTo((0.5 * 689.0 + 0.5 * 651.3) * 100, 6);
    // The same tokens as decode alone would have left 1 - 20,693 / 64,978.4 = 68 % unserved.
  });

  it('under a throttle both phases slow: shares and batch stay, served tokens fall by the factor', () => {
    const { sim, svc } = service(1);
    svc.setDemand(4428.54 + 1264.77, 4428.54);
    svc.setThrottle(0.5);
    sim.run(100);
    const s = svc.summary();
    expect(s.prefill_time_share).toBeCloseTo(0.1, 12);
    expect(s.mean_batch).toBeCloseTo(8, 9);
    expect(s.served_tokens).toBeCloseTo(5693.31 * 50, 6);
    expect(s.served_prompt_tokens).toBeCloseTo(4428.54 * 50, 6);
    expect(svc.utilisation).toBeCloseTo(0.5 * (0.1 + 1264.77 / 44461.7), 12);
  });

  it('energy is the integral of power, tokens served the integral of their rates', () => {
    const { sim, svc } = service(1);
    svc.setDemand(4428.54 + 1264.77, 4428.54);
    sim.after(100, () => svc.setDemand(44285.4 / 2, 44285.4 / 2));
    sim.after(150, () => svc.setDemand(0, 0));
    sim.run(200);
    const s = svc.summary();
    expect(s.energy_mwh * J_PER_MWH).toBeCloseTo(459.77 * 100 + 409.225 * 50 + 129.45 * 50, 6);
    expect(s.served_tokens).toBeCloseTo(s.demand_tokens, 6);
    expect(s.served_prompt_tokens + s.served_generated_tokens).toBeCloseTo(s.served_tokens, 6);
    expect(s.prefill_time_share).toBeCloseTo((0.1 * 100 + 0.5 * 50) / 200, 12);
  });

  it('mean batch and prefill share are over the hours the service serves, not while its cluster is out of service', () => {
    // Out of service for 100 s under a demand that would need batch 128 and no prefill; then 100 s in service at
    // the worked example (batch 8, a tenth of the time in prefill), and 100 s retired. The chips ran batch 8 and
    // spent a tenth of their time in prefill; before, the summary read (128 + 8 + 128) / 3 = 88 and 0.1 / 3.
    const sim = new Simulation();
    const cluster = new ClusterState('s', 1);
    cluster.inService = false;
    const svc = new InferenceService('s', 1, sim, cluster, batchCurve(512, 1, 512), chipCurve(CHIPS.H100));
    svc.setDemand(20693.0, 0);
    sim.after(100, () => {
      cluster.inService = true;
      svc.setInService(true);
      svc.setDemand(4428.54 + 1264.77, 4428.54);
    });
    sim.after(200, () => {
      cluster.inService = false;
      svc.setInService(false);
      svc.setDemand(20693.0, 0);
    });
    sim.run(300);
    const s = svc.summary();
    expect(s.mean_batch).toBeCloseTo(8, 9);
    expect(s.prefill_time_share).toBeCloseTo(0.1, 12);
    expect(s.energy_mwh * J_PER_MWH).toBeCloseTo(459.77 * 100, 6);
    expect(s.unserved_share).toBeCloseTo(1 - 5693.31 / (5693.31 + 2 * 20693.0), 6);
    // Never in service: nothing ran, so no batch and no prefill.
    const idle = new ClusterState('t', 1);
    idle.inService = false;
    const none = new InferenceService('t', 1, sim, idle, batchCurve(512, 1, 512), chipCurve(CHIPS.H100));
    none.setDemand(20693.0, 0);
    expect(none.summary()).toMatchObject({ mean_batch: 0, prefill_time_share: 0, served_tokens: 0 });
  });

  it("the default request is the Azure conversation trace's mean prompt and generated tokens", () => {
    const rows = readFileSync(CONV, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').map(Number));
    const mean = (j: number) => rows.reduce((a, f) => a + f[j], 0) / rows.length;
    expect(mean(1)).toBeCloseTo(1154.7, 1);
    expect(mean(2)).toBeCloseTo(211.13, 2);
    expect([PROMPT_TOKENS, GENERATED_TOKENS]).toEqual([Math.round(mean(1)), Math.round(mean(2))]);
  });

  it('tokens_per_request is the total: alone it splits as in the trace, with one part the other is the rest', () => {
    const svc = (set: string[]) =>
      loadScenario({ model: MIXED, set: set.map((x) => `workload.inference[0].${x}`) }).model.workload.inference[0];
    const pick = (x: ReturnType<typeof svc>) => [x.tokens_per_request, x.prompt_tokens, x.generated_tokens];
    expect(pick(svc([]))).toEqual([1366, 1155, 211]);
    expect(pick(svc(['tokens_per_request=1366']))).toEqual([1366, 1155, 211]);
    expect(pick(svc(['tokens_per_request=100']))[1]).toBeCloseTo((100 * 1155) / 1366, 12);
    expect(pick(svc(['tokens_per_request=100', 'prompt_tokens=80']))).toEqual([100, 80, 20]);
    expect(pick(svc(['tokens_per_request=100', 'generated_tokens=30']))).toEqual([100, 70, 30]);
    expect(pick(svc(['prompt_tokens=4000']))).toEqual([4211, 4000, 211]);
    expect(() => svc(['tokens_per_request=100', 'prompt_tokens=150'])).toThrow(
      /workload\.inference\[0\]\.prompt_tokens: expected at most tokens_per_request \(100\), found 150$/,
    );
    expect(() => svc(['tokens_per_request=100', 'prompt_tokens=50', 'generated_tokens=50'])).toThrow(
      /workload\.inference\[0\]\.tokens_per_request: expected either tokens_per_request or prompt_tokens with generated_tokens, not all three, found 100$/,
    );
    expect(() => svc(['prompt_tokens=0', 'generated_tokens=0'])).toThrow(
      /workload\.inference\[0\]\.prompt_tokens: expected prompt_tokens \+ generated_tokens above 0, found 0$/,
    );
    expect(() => svc(['prompt_tokens=-1'])).toThrow(
      /workload\.inference\[0\]\.prompt_tokens: expected .*0.*, found -1$/,
    );
  });

  it("a chip's memory_gb changes no figure: decode follows peak_tflops, and a faster memory is throughput_scale", () => {
    // memory_gb was taken and read by nothing, its description 'Memory, GB' alone: an H100 given an H200's 141 GB,
    // to model the larger memory's decode, served exactly the H100's tokens.
    const dir = out();
    const model = (override: string) => {
      const file = join(dir, `m${override ? 'o' : 'p'}.yaml`);
      writeFileSync(
        file,
        [
          'start: 2027-01-01',
          'duration: 6h',
          'step: 1h',
          `clusters: [{ name: s, chip: H100, count: 64${override} }]`,
          'workload: { inference: [{ name: chat, cluster: s, chips: 64, rate: 300/s }] }',
          'supply: [{ kind: grid }]',
        ].join('\n'),
      );
      return runScenario({ model: file, out: out() }).summary;
    };
    const plain = model('');
    const more = model(', chip_override: { memory_gb: 141 }');
    expect(more.inference).toEqual(plain.inference);
    expect(more.energy_mwh).toEqual(plain.energy_mwh);
    const resolved = more.model.resolved as { clusters: { spec: { memoryBytes: number } }[] };
    expect(resolved.clusters[0].spec.memoryBytes).toBe(141e9);
  });

  it('the daily shape averages to the mean rate over a day', () => {
    const mean = Array.from({ length: 24 }, (_, h) => dailyFactor(h, 0.4, 18)).reduce((a, b) => a + b) / 24;
    expect(mean).toBeCloseTo(1, 12);
  });

  it('the Azure trace replays its real token counts, prompt and generated apart, in whole bins', () => {
    const file = CONV;
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
    const prompt = whole.reduce((a, f) => a + Number(f[1]), 0);
    const rates = traceRates(file, 60);
    expect(rates.tps.length).toBe(58);
    expect(rates.tps.reduce((a, r) => a + r * 60, 0)).toBeCloseTo(tokens, 3);
    expect(rates.promptTps.reduce((a, r) => a + r * 60, 0)).toBeCloseTo(prompt, 3);
    expect(rates.promptTokensPerRequest).toBeCloseTo(prompt / whole.length, 9);
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
    expect(traceRates(file, 60)).toEqual({ tps: [100, 100], promptTps: [60, 60], promptTokensPerRequest: 60 });
    // The same with semicolons, as a spreadsheet in a decimal-comma locale saves it.
    const semi = join(out(), 'steady-semicolons.csv');
    writeFileSync(
      semi,
      ['TIMESTAMP;ContextTokens;GeneratedTokens', ...rows.map((r) => r.replaceAll(',', ';'))].join('\n'),
    );
    expect(traceRates(semi, 60)).toEqual(traceRates(file, 60));
    // Its columns named in another case or with word breaks, as pandas writes them (krn62: 'expected a header with
    // TIMESTAMP, ContextTokens, GeneratedTokens, found "timestamp,context_tokens,generated_tokens"').
    const snake = join(out(), 'steady-snake.csv');
    writeFileSync(snake, ['timestamp,context_tokens,generated_tokens', ...rows].join('\n'));
    expect(traceRates(snake, 60)).toEqual(traceRates(file, 60));
    // The tokens as OpenAI's usage, Anthropic's and BurstGPT's name them: until 7 December 2026 each was refused,
    // 'expected a header with TIMESTAMP, ContextTokens, GeneratedTokens, found "timestamp,prompt_tokens,completion_tokens"'.
    for (const names of [
      'prompt_tokens,completion_tokens',
      'input_tokens,output_tokens',
      'Request tokens,Response tokens',
    ]) {
      const other = join(out(), `steady-${names.length}.csv`);
      writeFileSync(other, [`timestamp,${names}`, ...rows].join('\n'));
      expect(traceRates(other, 60), names).toEqual(traceRates(file, 60));
    }
    // A cell refused is named by its column as the file names it.
    const bad = join(out(), 'steady-bad.csv');
    writeFileSync(
      bad,
      ['timestamp,prompt_tokens,completion_tokens', ...rows.slice(0, 3), '2023-11-16 18:00:03.0,x,40'].join('\n'),
    );
    expect(() => traceRates(bad, 60)).toThrow(
      /steady-bad\.csv:5: prompt_tokens: expected a token count from 0 to 1e9, found "x"$/,
    );
    // BurstGPT's file, the tokens named as it names them, writes its times as seconds from its start: refused naming
    // them, and saying what to write (until 7 December 2026 'TIMESTAMP: expected a UTC time like ..., found "0"', the
    // docs naming BurstGPT's columns as read).
    const burst = join(out(), 'burst.csv');
    writeFileSync(
      burst,
      [
        'Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type',
        '0,ChatGPT,60,40,100,Conversation log',
      ].join('\n'),
    );
    expect(() => traceRates(burst, 60)).toThrow(
      /burst\.csv:2: Timestamp: expected a UTC time like "2023-11-16 18:15:46\.68" \(a number is no time: write BurstGPT's seconds from its start, or a log's seconds from 1970, as UTC dates and times, like "2023-11-16 00:00:05" for 5 s from the start; the replay starts at the first request, so any day will do\), found "0"$/,
    );
    expect(() => traceRates(file, 300)).toThrow(
      /steady\.csv:\d+: expected requests spanning at least one bin of 300 s, found a span of 149 s$/,
    );
  });

  it('a time with its offset is that instant: a trace across the end of daylight saving replays steadily', () => {
    // New York's clocks go back at 02:00 EDT on 5 November 2023: 01:59:59-04:00 (05:59:59 UTC) is followed by
    // 01:00:00-05:00 (06:00:00 UTC). 100 tokens a second for two minutes of UTC, the second minute on the repeated hour.
    const stamp = (m: number, s: number, zone: string) =>
      `2023-11-05 01:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.5000000${zone}`;
    const rows = [
      ...Array.from({ length: 60 }, (_, s) => `${stamp(59, s, '-04:00')},60,40`),
      ...Array.from({ length: 60 }, (_, s) => `${stamp(0, s, '-05:00')},60,40`),
      `${stamp(1, 0, '-05:00')},60,40`,
    ];
    const file = join(out(), 'zoned.csv');
    writeFileSync(file, ['TIMESTAMP,ContextTokens,GeneratedTokens', ...rows].join('\n'));
    // Until 6 December 2026 the first row was refused: 'expected a UTC time like "2023-11-16 18:15:46.68"'.
    expect(traceRates(file, 60)).toEqual({ tps: [100, 100], promptTps: [60, 60], promptTokensPerRequest: 60 });
    // The same instants in UTC, written with Z or +00:00, or with no zone, replay alike.
    const utc = (zone: string) => {
      const f = join(out(), `utc${zone.replace(':', '')}.csv`);
      const at = (i: number) => new Date(Date.UTC(2023, 10, 5, 5, 59, i, 500)).toISOString().replace('T', ' ');
      const body = Array.from({ length: 121 }, (_, i) => `${at(i).slice(0, 23)}${zone},60,40`);
      writeFileSync(f, ['TIMESTAMP,ContextTokens,GeneratedTokens', ...body].join('\n'));
      return traceRates(f, 60);
    };
    expect(utc('Z')).toEqual(traceRates(file, 60));
    expect(utc('+00:00')).toEqual(traceRates(file, 60));
    // As PostgreSQL (an hour-only offset) and BigQuery (' UTC') export them.
    expect(utc('+00')).toEqual(traceRates(file, 60));
    expect(utc(' UTC')).toEqual(traceRates(file, 60));
    expect(utc('')).toEqual(traceRates(file, 60));
    // An offset no zone has is a time that names no instant, refused in one line.
    const bad = join(out(), 'bad-offset.csv');
    writeFileSync(bad, ['TIMESTAMP,ContextTokens,GeneratedTokens', `${stamp(0, 0, '+25:00')},60,40`].join('\n'));
    expect(() => traceRates(bad, 60)).toThrow(
      /bad-offset\.csv:2: TIMESTAMP: expected a UTC time like "2023-11-16 18:15:46\.68", found "2023-11-05 01:00:00\.5000000\+25:00" \(no offset \+25:00\)$/,
    );
  });

  it('a trace with a daily or weekly shape is refused: the trace replays its own rates, and the shape was ignored', () => {
    const model = (shape: string): string => {
      const file = join(out(), 'trace.yaml');
      writeFileSync(
        file,
        [
          'name: trace-shape',
          'duration: 2d',
          'step: 1h',
          'clusters: [{ name: main, chip: H100, count: 64 }]',
          'workload:',
          '  inference:',
          '    - name: chat',
          '      cluster: main',
          '      chips: 16',
          `      trace: { file: ${JSON.stringify(CONV)} }`,
          shape,
          'facility: { cooling: { model: pue, pue: 1.2 } }',
          'supply: [{ kind: grid }]',
        ].join('\n'),
      );
      return file;
    };
    expect(() => loadScenario({ model: model('      weekly: [1, 1, 1, 1, 1, 0.5, 0.5]') })).toThrow(
      /trace\.yaml:11: workload\.inference\[0\]\.weekly: expected no weekly shape with a trace \(it replays the trace's own rates: scale them with trace\.scale\), found a list of 7$/,
    );
    expect(() => loadScenario({ model: model('      daily: { amplitude: 0.5 }') })).toThrow(
      /trace\.yaml:11: workload\.inference\[0\]\.daily: expected no daily shape with a trace .*, found .+$/,
    );
    expect(loadScenario({ model: model('') }).model.workload.inference[0].trace?.scale).toBe(1);
    // A request's size beside a trace: the trace gives each request's tokens (and the prefill's prompt length, its
    // mean), so prompt_tokens: 4000 was ignored without a word, the run byte-identical to one without it (infer52).
    for (const field of ['prompt_tokens: 4000', 'generated_tokens: 500', 'tokens_per_request: 2000'])
      expect(() => loadScenario({ model: model(`      ${field}`) })).toThrow(
        new RegExp(
          `trace\\.yaml:11: workload\\.inference\\[0\\]\\.${field.split(':')[0]}: expected no ${field.split(':')[0]} with a trace \\(it takes each request's prompt and generated tokens from the trace's ContextTokens and GeneratedTokens\\), found \\d+$`,
        ),
      );
  });

  it("a service's timezone puts its daily peak and its days on the local clock, daylight saving included", () => {
    // A New York service peaking at 14:00 local: its peak hours (13:00-15:00 local, the cosine's midpoints either side
    // of 14) are 18-20 UTC in January (EST, UTC-5) and 17-19 UTC in July (EDT, UTC-4); its Saturday, at half the rate,
    // begins at 05:00 UTC in winter. Before, the shapes were UTC's alone and timezone an unknown field.
    const run = (start: string, zone: string) => {
      const file = join(out(), 'tz.yaml');
      writeFileSync(
        file,
        [
          'name: tz',
          `start: ${start}`,
          'duration: 7d',
          'step: 1h',
          'clusters: [{ name: main, chip: H100, count: 64 }]',
          'workload:',
          '  inference:',
          `    - { name: chat, cluster: main, chips: 64, rate: 2/s, daily: { amplitude: 0.5, peak: 14 }, weekly: [1, 1, 1, 1, 1, 0.5, 0.5]${zone} }`,
          'facility: { cooling: { model: pue, pue: 1.0 } }',
          'supply: [{ kind: grid, price: 50 $/MWh, carbon: 400 g/kWh }]',
        ].join('\n'),
      );
      const csv = readCsv(runScenario({ model: file, out: out() }).timeseriesFile!);
      return { t: csv.rows.map((r) => r[0]), d: csv.col('chat_demand_tok_s') };
    };
    const mean = 2 * (PROMPT_TOKENS + GENERATED_TOKENS);
    const at = (r: { t: string[]; d: number[] }, stamp: string) => r.d[r.t.indexOf(stamp)];
    // Monday 4 January 2027: the 18:00 UTC hour is 13:00 in New York, at the cosine's top.
    const winter = run('2027-01-04', ', timezone: America/New_York');
    expect(at(winter, '2027-01-04 18:00:00')).toBeCloseTo(mean * dailyFactor(13, 0.5, 14), 1);
    expect(at(winter, '2027-01-04 18:00:00')).toBeCloseTo(at(winter, '2027-01-04 19:00:00'), 6);
    expect(at(winter, '2027-01-04 17:00:00')).toBeLessThan(at(winter, '2027-01-04 18:00:00'));
    // Saturday 9 January begins at 05:00 UTC: 04:00 UTC is Friday 23:00, at the full rate.
    expect(at(winter, '2027-01-09 04:00:00')).toBeCloseTo(mean * dailyFactor(23, 0.5, 14), 1);
    expect(at(winter, '2027-01-09 05:00:00')).toBeCloseTo(0.5 * mean * dailyFactor(0, 0.5, 14), 1);
    // Monday 5 July 2027, daylight saving: 17:00 UTC is 13:00 local.
    const summer = run('2027-07-05', ', timezone: America/New_York');
    expect(at(summer, '2027-07-05 17:00:00')).toBeCloseTo(mean * dailyFactor(13, 0.5, 14), 1);
    // Left out: UTC's clock, as before (the peak hours 13-14 UTC).
    const utc = run('2027-01-04', '');
    expect(at(utc, '2027-01-04 13:00:00')).toBeCloseTo(mean * dailyFactor(13, 0.5, 14), 1);
    // A zone of half-hour offset steps at its own hours: Kolkata (UTC+5:30) changes hour at UTC's half hours.
    // The hourly row from 07:00 UTC holds 12:30-13:00 and 13:00-13:30 local, half an hour of each local hour.
    const kolkata = run('2027-01-04', ', timezone: Asia/Kolkata');
    expect(at(kolkata, '2027-01-04 07:00:00')).toBeCloseTo(
      (mean * (dailyFactor(12, 0.5, 14) + dailyFactor(13, 0.5, 14))) / 2,
      1,
    );
  });

  it('a timezone beside a trace is refused, and an abbreviation for a zone', () => {
    const file = join(out(), 'tz-bad.yaml');
    const write = (extra: string) =>
      writeFileSync(
        file,
        [
          'name: tz-bad',
          'duration: 1d',
          'clusters: [{ name: main, chip: H100, count: 64 }]',
          'workload:',
          '  inference:',
          `    - { name: chat, cluster: main, chips: 16, ${extra} }`,
          'supply: [{ kind: grid }]',
        ].join('\n'),
      );
    write(`trace: { file: ${JSON.stringify(CONV)} }, timezone: America/New_York`);
    expect(() => loadScenario({ model: file })).toThrow(
      /tz-bad\.yaml:6: workload\.inference\[0\]\.timezone: expected no timezone with a trace \(its first bin is the run's start, whatever the trace's own clock time\), found "America\/New_York"$/,
    );
    write('rate: 2/s, timezone: EST');
    expect(() => loadScenario({ model: file })).toThrow(
      /workload\.inference\[0\]\.timezone: expected .*not an abbreviation/,
    );
  });

  it("a daily peak takes a clock time, as a price period's from does: '14:00' is 14, '14:30' is 14.5", () => {
    // Until 7 December 2026 'peak: "18:00"' (or unquoted 18:00, which YAML 1.2 reads as text) was refused 'expected a
    // number', where a time-of-use period beside it is written 'from: "18:00"'.
    const file = join(out(), 'peak.yaml');
    const write = (peak: string) =>
      writeFileSync(
        file,
        [
          'name: peak',
          'start: 2027-01-04',
          'duration: 1d',
          'step: 1h',
          'clusters: [{ name: main, chip: H100, count: 64 }]',
          'workload:',
          '  inference:',
          `    - { name: chat, cluster: main, chips: 64, rate: 2/s, daily: { amplitude: 0.5, peak: ${peak} } }`,
          'facility: { cooling: { model: pue, pue: 1.0 } }',
          'supply: [{ kind: grid, price: 50 $/MWh, carbon: 400 g/kWh }]',
        ].join('\n'),
      );
    const demand = (peak: string) => {
      write(peak);
      return readCsv(runScenario({ model: file, out: out() }).timeseriesFile!).col('chat_demand_tok_s');
    };
    expect(demand('14:00')).toEqual(demand('14'));
    expect(demand('"14:30"')).toEqual(demand('14.5'));
    expect(demand('"9:00"')).toEqual(demand('9'));
    // A quoted number is that hour, as the number is: until 7 December 2026 '"18"' was refused 'expected an hour of the
    // day, 0 to 24, or a clock time like "18:00", found "18"'.
    expect(demand('"14"')).toEqual(demand('14'));
    expect(demand('"14.5"')).toEqual(demand('14.5'));
    // And `dcpsim schema` takes the text an editor checks against it: it said number alone, flagging "18:00".
    const path = ['workload', 'inference', '', 'daily', 'peak'].flatMap((k) => (k ? ['properties', k] : ['items']));
    expect(path.reduce((o, k) => o[k], scenarioJsonSchema() as Record<string, any>).type).toEqual(['number', 'string']);
    write('"6pm"');
    expect(() => loadScenario({ model: file })).toThrow(
      /peak\.yaml:8: workload\.inference\[0\]\.daily\.peak: expected an hour of the day, 0 to 24, or a clock time like "18:00", found "6pm"$/,
    );
  });

  it('a site run: served <= demand in every row, and rows sum to the summary', () => {
    const r = runScenario({ model: MIXED, out: out(), step: '15m', set: ['workload.inference[0].rate=400/s'] });
    const csv = readCsv(r.timeseriesFile!);
    const d = csv.col('chat_demand_tok_s'),
      s = csv.col('chat_served_tok_s');
    d.forEach((x, i) => expect(s[i]).toBeLessThanOrEqual(x + 0.05));
    const svc = r.summary.inference.services[0];
    expect(svc.unserved_share).toBeGreaterThan(0);
    expect(d.reduce((a, x) => a + x * 900, 0)).toBeCloseTo(svc.demand_tokens, -4);
    expect(s.reduce((a, x) => a + x * 900, 0)).toBeCloseTo(svc.served_tokens, -4);
    // Requests are served whole: prompt and generated tokens in the request's proportion.
    expect(svc.served_prompt_tokens / svc.served_tokens).toBeCloseTo(1155 / 1366, 12);
    expect(svc.served_prompt_tokens + svc.served_generated_tokens).toBeCloseTo(svc.served_tokens, 0);
  });
});

describe('the mixed workload scenario', () => {
  it('matches the golden CSV byte for byte', () => {
    const r = runScenario({ model: MIXED, out: out() });
    const golden = join(import.meta.dirname, '..', 'golden', 'workload-mixed.csv');
    const got = readFileSync(r.timeseriesFile!, 'utf8');
    // Regenerate deliberately: UPDATE_GOLDEN=1 npx vitest run tests/workload/inference.test.ts
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, got);
    expect(existsSync(golden)).toBe(true);
    expect(got).toBe(readFileSync(golden, 'utf8'));
  });

  it('per-cluster IT columns add up to it_kw, and each run reports its figures', () => {
    const r = runScenario({ model: MIXED, out: out() });
    const csv = readCsv(r.timeseriesFile!);
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
