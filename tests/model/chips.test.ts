import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHIPS, H200_TRAIN_LIKE, chipCurve, perChipCurve, serverSpec, overrideChip } from '../../src/model/chips.ts';
import {
  BATCH,
  POWER_W,
  PREFILL_POWER_W,
  PREFILL_PROMPT,
  PREFILL_TOKENS_PER_S,
  TOKENS_PER_S,
  batchCurve,
} from '../../src/workload/batching.ts';
import { PROMPT_TOKENS } from '../../src/workload/schema.ts';
import { loadScenario } from '../../src/run.ts';

const DATA = join(import.meta.dirname, '..', '..', 'models', 'data');

function phases(chip: string): { duty: number; w: number }[] {
  const lines = readFileSync(join(DATA, `${chip}-power`, 'phases.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  return lines
    .map((l) => l.split(','))
    .filter((f) => f[0] === 'idle' || f[0] === 'matmul8192')
    .map((f) => ({ duty: Number(f[1]), w: Number(f[3]) }));
}

describe('accelerator catalogue', () => {
  it.each(['H100', 'H200'])('%s curve is the measured phases.csv', (name) => {
    const spec = CHIPS[name];
    const p = phases(name.toLowerCase());
    expect(spec.curveDuty).toEqual(p.map((x) => x.duty));
    expect(spec.curveW).toEqual(p.map((x) => x.w));
    expect(spec.idleW).toBe(p[0].w);
  });

  it('has V100, A100, H100, H200, B200 and TPU v4 with the reference.md §1.1 limits and peaks', () => {
    const want: Record<string, [number, number]> = {
      V100: [300, 125],
      A100: [400, 312],
      H100: [700, 989.4],
      H200: [700, 989],
      B200: [1000, 2250],
      TPUv4: [192, 275],
    };
    for (const [name, [tdp, tflops]] of Object.entries(want)) {
      expect(CHIPS[name].tdpW).toBe(tdp);
      expect(CHIPS[name].peakFlops).toBeCloseTo(tflops * 1e12, -6);
    }
    expect(CHIPS.TPUv4.idleW).toBe(90); // published minimum
  });

  it.each(['V100', 'A100', 'B200', 'TPUv4'])(
    '%s: the H100 shape scaled between its idle and limit, and says so',
    (name) => {
      const c = CHIPS[name];
      const h = CHIPS.H100;
      expect(c.source).toMatch(/ASSUMED/);
      const f = chipCurve(c);
      expect(f(0)).toBeCloseTo(c.idleW, 9);
      expect(f(1)).toBeLessThanOrEqual(c.tdpW);
      // Same relative shape: (P(d) - idle) / (limit - idle) equals the H100's over its measured range at every duty.
      const hTop = h.curveW[h.curveW.length - 1];
      for (const d of [0.1, 0.3, 0.5, 0.8, 1]) {
        expect((f(d) - c.idleW) / (c.tdpW - c.idleW)).toBeCloseTo((chipCurve(h)(d) - h.idleW) / (hTop - h.idleW), 12);
      }
      // The stated limit is reached exactly at duty 1 (not 99.73 % of it, the H100's 698.09 W of 700).
      expect(f(1)).toBe(c.tdpW);
    },
  );

  it('an override states a limit: the curve reaches it exactly at duty 1, and keeps its idle at duty 0', () => {
    for (const [chip, tdp] of [
      ['H100', 400],
      ['H200', 500],
      ['V100', 330],
      ['A100', 250],
    ] as const) {
      const o = overrideChip(CHIPS[chip], { tdp });
      if (typeof o === 'string') throw new Error(o);
      expect(chipCurve(o)(1)).toBe(tdp);
      expect(chipCurve(o)(0)).toBe(CHIPS[chip].idleW);
    }
    // Only an idle stated: the measured end (698.09 W on the H100) is kept, not moved to the 700 W TDP.
    const idle = overrideChip(CHIPS.H100, { idle: 100 });
    if (typeof idle === 'string') throw new Error(idle);
    expect(chipCurve(idle)(0)).toBe(100);
    expect(chipCurve(idle)(1)).toBe(698.09);
  });

  it('a DGX H100-class server (8 GPUs, default other power) is about 10.2 kW at full load with GPUs about 55 %', () => {
    const server = serverSpec(CHIPS.H100, { chips: 8, fixed_share: 0.5 });
    const full = 8 * perChipCurve(CHIPS.H100, server)(1);
    expect(Math.abs(full - 10200) / 10200).toBeLessThan(0.01);
    expect((8 * CHIPS.H100.tdpW) / (8 * CHIPS.H100.tdpW + server.fixedW + server.loadW)).toBeCloseTo(0.55, 12);
    // Idle: chips idle plus only the fixed part.
    expect(8 * perChipCurve(CHIPS.H100, server)(0)).toBeCloseTo(8 * 129.45 + server.fixedW, 9);
  });

  it('a model can override values and give its own curve', () => {
    const o = overrideChip(CHIPS.H100, { tdp: 350 });
    if (typeof o === 'string') throw new Error(o);
    expect(chipCurve(o)(0)).toBeCloseTo(129.45, 9);
    expect(chipCurve(o)(1)).toBeLessThanOrEqual(350);
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-chips-'));
    const model = (extra: string) => {
      const p = join(dir, `m${extra.length}.yaml`);
      writeFileSync(
        p,
        `duration: 1d\nclusters:\n  - { name: g, chip: A100, count: 8, chip_override: ${extra} }\nsupply:\n  - { kind: grid }\n`,
      );
      return p;
    };
    // A curve above the A100's 400 W comes with the tdp it reaches; without one it is refused at the point.
    const m = loadScenario({ model: model('{ tdp: 450 W, curve: [[0, 50 W], [1, 450 W]], peak_tflops: 300 }') }).model;
    expect(chipCurve(m.clusters[0].spec)(0.5)).toBeCloseTo(250, 9);
    expect(m.clusters[0].spec.peakFlops).toBe(300e12);
    expect(() => loadScenario({ model: model('{ curve: [[0, 50 W], [1, 450 W]] }') })).toThrow(
      /chip_override\.curve\[1\]\[1\]: expected curve power at most the tdp \(400 W; set chip_override\.tdp to raise it\), found "450 W"/,
    );
    // A duty out of place is named at its point: until 7 December 2026 each was 'clusters[0].chip_override.curve:
    // expected curve points with duty ascending from 0 to 1, found a list of 2', naming no point.
    expect(() => loadScenario({ model: model('{ curve: [[0.2, 50 W], [1, 400 W]] }') })).toThrow(
      /:3: clusters\[0\]\.chip_override\.curve\[0\]\[0\]: expected a first point at duty 0, the idle power \(duty ascending from 0 to 1\), found 0\.2$/,
    );
    expect(() => loadScenario({ model: model('{ curve: [[0, 50 W], [0.8, 400 W]] }') })).toThrow(
      /clusters\[0\]\.chip_override\.curve\[1\]\[0\]: expected a last point at duty 1, full duty \(duty ascending from 0 to 1\), found 0\.8$/,
    );
    expect(() =>
      loadScenario({ model: model('{ curve: [[0, 50 W], [0.6, 200 W], [0.5, 300 W], [1, 400 W]] }') }),
    ).toThrow(
      /clusters\[0\]\.chip_override\.curve\[2\]\[0\]: expected a duty above the point before's, 0\.6 \(duty ascending from 0 to 1\), found 0\.5$/,
    );
  });

  it('the inference decode and prefill points are models/data/h100-inference-proxy/inference.csv', () => {
    const rows = readFileSync(join(DATA, 'h100-inference-proxy', 'inference.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const decode = rows.filter((f) => f[0].startsWith('decode'));
    expect(BATCH.slice(1)).toEqual(decode.map((f) => Number(f[1])));
    expect(TOKENS_PER_S.slice(1)).toEqual(decode.map((f) => Number(f[3])));
    expect(POWER_W.slice(1)).toEqual(decode.map((f) => Number(f[4])));
    expect(POWER_W[0]).toBe(CHIPS.H100.idleW);
    const prefill = rows.filter((f) => f[0].startsWith('prefill'));
    expect(PREFILL_PROMPT).toEqual(prefill.map((f) => Number(f[1])));
    expect(PREFILL_TOKENS_PER_S).toEqual(prefill.map((f) => Number(f[3])));
    expect(PREFILL_POWER_W).toEqual(prefill.map((f) => Number(f[4])));
  });
});

describe('power figures in the docs come from the code', () => {
  const docs = (f: string) => readFileSync(join(import.meta.dirname, '..', '..', 'docs', f), 'utf8');
  const WORKLOAD = docs('models/workload.md');
  const REFERENCE = docs('model-reference.md');
  const h200At08 = chipCurve(CHIPS.H200)(0.8);

  it('the training example and the `duty` field give what an H200 board draws at duty 0.8', () => {
    expect(h200At08).toBeCloseTo(646.67, 2); // between the measured 625.25 W at 0.75 and 689.5 W at 0.9
    const example = WORKLOAD.match(/duty: 0\.8 +# [^\n]*?([\d.]+) W per (\w+) board/);
    expect(example?.[1]).toBe(chipCurve(CHIPS[example![2]])(0.8).toFixed(1));
    const field = REFERENCE.match(/\| `duty` \| quantity \| `0\.8` \| [^\n]*?([\d.]+) W per H200 board/);
    expect(field?.[1]).toBe(h200At08.toFixed(1));
  });

  it('the training-like point they compare it with is the measured one', () => {
    const row = readFileSync(join(DATA, 'h200-power', 'phases.csv'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith('train_like'))!
      .split(',');
    expect(H200_TRAIN_LIKE).toEqual({ duty: Number(row[1]), w: Number(row[3]) });
    const field = REFERENCE.match(/\| `duty` \| quantity \| `0\.8` \| [^\n]*?training-like [^\n]*? drew ([\d.]+) W/);
    expect(field?.[1]).toBe(H200_TRAIN_LIKE.w.toFixed(1));
  });

  it("the inference section's prefill figures at the default prompt are the code's", () => {
    const at = WORKLOAD.match(/mean prompt, ([\d,]+) tokens: ([\d,]+) tok\/s, ([\d.]+) W\)/);
    expect(Number(at?.[1].replace(',', ''))).toBe(PROMPT_TOKENS);
    const curve = batchCurve(512, 1, PROMPT_TOKENS);
    expect(at?.[2]).toBe(Math.round(curve.prefillTps).toLocaleString('en-US'));
    // W at the default prompt: the duty-equivalent of a chip all in prefill, back through the H100's curve.
    expect(Number(at?.[3])).toBeCloseTo(chipCurve(CHIPS.H100)(curve.dutyAt(0, 1)), 1);
  });
});
