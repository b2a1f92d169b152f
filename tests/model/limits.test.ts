/**
 * Unbounded work from one typo (issue 16.7): the work a model asks for is
 * estimated before it runs and refused above the stated limits, naming the
 * field; data files are read only when regular and under a size cap.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.ts';
import { estimateWork, LIMITS, type WorkModel } from '../../src/model/limits.ts';
import { loadScenario, runScenario } from '../../src/run.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SMALL = join(ROOT, 'tests', 'fixtures', 'small.yaml');
const PRESETS = readdirSync(join(ROOT, 'models'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''));
const dir = mkdtempSync(join(tmpdir(), 'dcpsim-limits-'));

function refusal(model: string, set: string[], allowLarge = false): string {
  try {
    loadScenario({ model, set, allowLarge });
  } catch (e) {
    expect(e, String(e)).toBeInstanceOf(InputError);
    expect((e as Error).message).not.toContain('\n');
    return (e as Error).message;
  }
  return 'accepted';
}

describe('the typos of the issue are refused before running, naming the field', () => {
  it.each([
    [
      'default',
      ['workload.training[0].arrivals={ rate: 1/40s }'],
      /workload\.training\[0\]\.arrivals\.rate: expected at most 100,000 supply units and training runs in all \(--allow-large raises the limits 100-fold\), found about 7,891,\d+ \(7,890,480 training runs\)$/,
    ],
    [
      'small',
      ['workload.jobs[0].rate=1e9/s'],
      /workload\.jobs\[0\]\.rate: expected at most 500,000,000 simulated events \(--allow-large raises the limits 100-fold\), found about 1\.73e14 \(1\.73e14 of them job arrivals, starts and ends, 3\.60e12 per simulated hour\)$/,
    ],
    [
      'smr-campus',
      ['supply[0].units=1000000', 'supply[0].refuel={ every: 24mo }'],
      /supply\[0\]\.units: expected at most 100,000 supply units and training runs in all .*found about 1,000,\d+ \(1,000,000 supply units\)$/,
    ],
    [
      'small',
      ['duration=1e15s'],
      /duration: expected a run ending by 9999-12-31 00:00:00 UTC \(timestamps have four-digit years\), found 31,709,792 years from 2027-03-01 00:00:00$/,
    ],
    // In the model's years (365 days), as it was written: it said 99,932 (years of 365.25 days).
    [
      'small',
      ['duration=100000y'],
      /duration: expected a run ending by 9999-12-31 .*found 100,000 years from 2027-03-01 00:00:00$/,
    ],
    // Three hours from 20:00 on the last day: it said "found 0 years".
    [
      'small',
      ['start=9999-12-31T20:00Z', 'duration=5h'],
      /duration: expected a run ending by 9999-12-31 00:00:00 UTC \(timestamps have four-digit years\), found 5h from 9999-12-31 20:00:00$/,
    ],
    // A horizon of a fraction of a second was taken, where start and step are whole seconds: summary.json's end_utc
    // said 2027-03-02 00:00:00 for an end half a second later, and 1e-12 s wrote a month from 00:00:00 to 00:00:00.
    [
      'small',
      ['duration=86400.5s'],
      /duration: expected a whole number of seconds \(the run ends on a stamped second\), found 86400\.5 s$/,
    ],
    ['small', ['duration=1e-12s'], /duration: expected a whole number of seconds .*found 1e-12 s$/],
    [
      'small',
      ['step=1e-9s'],
      /step: expected at most 10,000,000 rows of time series, duration \/ step \(--allow-large raises the limits 100-fold\), found 1\.73e14 rows$/,
    ],
    // 60 jobs a second of 1-8 chips for an hour on 64 chips, which run 17 an hour: 5.2 million queued by the end of a
    // day, held in memory one by one. Its 5.2 million events were within the limit, and the run ended after 7 minutes
    // in a V8 heap abort (4 GB), no line naming the rate.
    [
      'small',
      ['workload.jobs[0].rate=60/s', 'duration=1d'],
      /workload\.jobs\[0\]\.rate: expected at most 1,000,000 jobs queued at once \(a job stream beyond what its cluster runs queues the rest, each held in memory\) \(--allow-large raises the limits 100-fold\), found about 5,183,590 by the end \(216,000 jobs arriving an hour, about 17 an hour run on cluster gpu\)$/,
    ],
    [
      'default',
      ['workload.training[0].chip_mtbf=1s', 'workload.training[0].restart=0'],
      // Refused before the work is counted: at 1 s a chip the run never reaches a checkpoint (tests/model/nonsense.test.ts).
      /workload\.training\[0\]\.chip_mtbf: expected a chip_mtbf per chip, at which the run makes progress: its 32,768 chips interrupt it every 0\.0305ms on average, .*, found "1s"$/,
    ],
    [
      'default',
      ['workload.inference[0].rate=1e9/s', 'workload.inference[0].tokens_per_request=1e9', 'duration=1d'],
      /workload\.inference\[0\]\.rate: expected at most 1\.00e19 tokens demanded over the run \(rate x tokens_per_request x duration, with weekly, growth and bursts; figures are written up to 1e20\), found about 8\.\d\de22$/,
    ],
    [
      'default',
      ['workload.inference[0].growth=5000%'],
      /workload\.inference\[0\]\.rate: expected at most 1\.00e19 tokens demanded .*found about \d\.\d\de\d+$/,
    ],
    [
      'default',
      ['workload.inference[0].bursts.duration.mean=1e30s'],
      /workload\.inference\[0\]\.bursts\.duration\.mean: expected duration at most 1y, found "1e30s"$/,
    ],
    [
      'small',
      ['facility.weather={ model: synthetic, daily_amplitude: 1e30 }'],
      /facility\.weather\.daily_amplitude: expected a number <= 10000/,
    ],
    [
      'small',
      ['facility.weather={ model: synthetic, annual_amplitude: 1e5 }'],
      /facility\.weather\.annual_amplitude: expected a number <= 10000/,
    ],
    [
      'small',
      ['facility.weather={ model: synthetic, noise: 1e30 }'],
      /facility\.weather\.noise: expected a number <= 10000/,
    ],
    [
      'orbital-50k-h100',
      ['supply[0].age_years=1e30'],
      /supply\[0\]\.age_years: expected a number <= 1000, found 1e\+30$/,
    ],
  ])('%s with %s', (preset, set, message) => {
    expect(refusal(preset === 'small' ? SMALL : preset, set)).toMatch(message);
  });

  it("a job stream beyond its cluster is run while its queue stays within the limit: the docs' year of ten an hour on one H100", () => {
    // docs/models/workload.md: one H100, ten jobs of a fixed hour an hour over a year, 78,583 still queued at the end.
    const set = [
      'clusters=[{ name: gpu, chip: H100, count: 1 }]',
      'workload.jobs=[{ name: j, cluster: gpu, rate: 10/h, chips: 1, duration: 1h, distribution: fixed }]',
      'duration=365d',
    ];
    expect(refusal(SMALL, set)).toBe('accepted');
    const w = estimateWork(loadScenario({ model: SMALL, set }).model as WorkModel);
    expect(w.queued).toBeCloseTo(78_840, 6);
    // Twenty years of it: 1.6 million queued, refused; with --allow-large, run.
    expect(refusal(SMALL, [...set, 'duration=7300d'])).toMatch(
      /jobs queued at once .*found about 1,576,800 by the end/,
    );
    expect(refusal(SMALL, [...set, 'duration=7300d'], true)).toBe('accepted');
  });

  it('a field from the model file is named with its line', () => {
    const f = join(dir, 'typo.yaml');
    writeFileSync(
      f,
      'name: typo\nduration: 2d\nstep: 1e-6s\nclusters: [{ name: gpu, chip: H200, count: 64 }]\nsupply: [{ kind: grid }]\n',
    );
    expect(refusal(f, [])).toMatch(/typo\.yaml:3: step: expected at most 10,000,000 rows/);
  });

  it("a traced service's scale is bounded: a millionfold the trace at most", () => {
    const f = join(dir, 'trace-scale.yaml');
    const trace = join(ROOT, 'models', 'data', 'azure-llm-inference-2023', 'AzureLLMInferenceTrace_code.csv');
    const model = (scale: string) =>
      `name: trace-scale\nduration: 1d\nstep: 1h\nclusters: [{ name: serve, chip: H100, count: 64 }]\nworkload:\n  inference:\n    - { name: chat, cluster: serve, chips: 64, trace: { file: ${trace}, scale: ${scale} } }\nsupply: [{ kind: grid }]\n`;
    writeFileSync(f, model('1e30'));
    // 1e30 ran and failed after the run ("figures stay finite", no field named).
    expect(refusal(f, [])).toMatch(
      /trace-scale\.yaml:7: workload\.inference\[0\]\.trace\.scale: expected a number <= 1000000, found 1e\+30$/,
    );
    writeFileSync(f, model('1e6'));
    expect(refusal(f, [])).toBe('accepted');
  });

  it("a traced service's demand over the run is bounded before it runs, naming growth or the scale", () => {
    const f = join(dir, 'trace-growth.yaml');
    const trace = join(ROOT, 'models', 'data', 'azure-llm-inference-2023', 'AzureLLMInferenceTrace_conv.csv');
    const model = (growth: string, scale = 1) =>
      `name: trace-growth\nduration: 10y\nstep: 1d\nclusters: [{ name: serve, chip: H100, count: 64 }]\nworkload:\n  inference:\n    - name: chat\n      cluster: serve\n      chips: 64\n      growth: ${growth}\n      trace: { file: ${trace}, scale: ${scale} }\nsupply: [{ kind: grid }]\n`;
    const validate = () =>
      spawnSync(process.execPath, [join(ROOT, 'src', 'bin.mjs'), 'validate', f], {
        encoding: 'utf8',
        env: { ...process.env, CI: '1' },
      });
    // 10,000 % a year for ten years: 5.7e30 tokens over the run. It ran the ten years (11.5 s) and then failed with
    // "expected values whose figures stay finite", naming no field; validate passed it.
    writeFileSync(f, model('10000%'));
    const r = validate();
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(
      /trace-growth\.yaml:10: workload\.inference\[0\]\.growth: expected at most 1\.00e19 tokens demanded over the run \(the trace's mean tokens\/s x scale x duration, with growth and bursts; figures are written up to 1e20\), found about \d\.\d\de30$/,
    );
    // Without growth the same trace a millionfold stays within the bound; 100 % a year is accepted.
    writeFileSync(f, model('0', 1e6));
    expect(validate().status).toBe(0);
    writeFileSync(f, model('100%'));
    expect(validate().status).toBe(0);
  });

  it('--allow-large raises the limits 100-fold, no further', () => {
    // A step is a whole number of seconds (tests/kernel/step-edges.test.ts): 200 days of 1 s rows are 17,280,000.
    expect(refusal(SMALL, ['duration=200d', 'step=1s'])).toMatch(/rows/);
    expect(refusal(SMALL, ['duration=200d', 'step=1s'], true)).toBe('accepted');
    expect(refusal(SMALL, ['step=1e-5s'], true)).toMatch(
      /expected at most 1\.00e9 rows of time series, duration \/ step, found/,
    );
  });

  it('the CLI refuses with exit status 1 and one line', () => {
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'src', 'bin.mjs'), 'run', SMALL, '--step', '1e-9s', '--out', join(dir, 'never')],
      { encoding: 'utf8', env: { ...process.env, CI: '1' } },
    );
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('dcpsim: error:'))).toHaveLength(1);
    // The flag names the field once: was '--step: step: expected at most ...'.
    expect(r.stderr).toMatch(/^dcpsim: error: --step: expected at most 10,000,000 rows of time series/m);
    expect(readdirSync(dir)).not.toContain('never');
  });
});

describe('docs/model-reference.md', () => {
  it('states the limits the code applies', async () => {
    const { readFileSync } = await import('node:fs');
    const { MAX_INPUT_BYTES } = await import('../../src/model/read-input.ts');
    const { LARGE_FACTOR } = await import('../../src/model/limits.ts');
    const readme = readFileSync(join(ROOT, 'docs', 'model-reference.md'), 'utf8');
    const n = (x: number): string => x.toLocaleString('en-US');
    expect(readme).toContain(`| rows of the time series | ${n(LIMITS.rows)} |`);
    expect(readme).toContain(`| simulated events | ${n(LIMITS.events)} |`);
    expect(readme).toContain(`| supply units and training runs | ${n(LIMITS.entities)} |`);
    expect(readme).toContain(`| jobs queued at once | ${n(LIMITS.queued)} |`);
    expect(readme).toContain(`raises the first four ${LARGE_FACTOR}-fold`);
    expect(readme).toContain(`most ${MAX_INPUT_BYTES / 2 ** 20} MiB`);
  });
});

describe('the estimate', () => {
  it('every preset is well within the limits', () => {
    for (const p of PRESETS) {
      const w = estimateWork(loadScenario({ model: p }).model as WorkModel);
      expect(w.rows, p).toBeLessThan(LIMITS.rows / 100);
      expect(w.events, p).toBeLessThan(LIMITS.events / 50);
      expect(w.entities, p).toBeLessThan(LIMITS.entities / 100);
      expect(w.queued, p).toBeLessThan(LIMITS.queued / 100);
    }
  });

  it.each(['default', 'smr-campus', 'orbital-50k-h100', 'bench-workload', 'pjm-carbon-aware-2028'])(
    'of %s over 10 days is within a factor 1.5 of the events it fires',
    (p) => {
      const model = loadScenario({ model: p, duration: '10d' }).model as WorkModel;
      const fired = runScenario({ model: p, duration: '10d', out: join(dir, p), series: false }).summary.events;
      const ratio = fired / estimateWork(model).events;
      expect(ratio).toBeGreaterThan(1 / 1.5);
      expect(ratio).toBeLessThan(1.5);
    },
  );
});

describe('the estimate of a stream of short jobs', () => {
  // tests/fixtures/small.yaml (64 H200) for 3 days under job streams from light to a queue that never empties, on the
  // grid alone or on a 60 kW load-following SMR first. Each job that runs fires 4 events (its arrival, start and end,
  // the last two each with a dispatch), where the estimate counted 2 (1.9-2.0x it on the grid alone); the SMR, which
  // follows each start and end less than a minute of its ramp, added up to 2.8x (120 jobs an hour of 10 minutes).
  const SMR =
    'supply=[{ kind: smr, units: 1, rating: 60 kW, mode: load-following, min_stable: 30%, ramp: 20%, refuel: { takes: 0 }, forced_outages: { mttf: 1000000h, mttr: 1h } }, { kind: grid, price: 60 $/MWh }]';
  it.each([
    ['120/h', '[1, 2]', '10m', false],
    ['120/h', '[1, 2]', '10m', true],
    ['1200/h', '[1]', '1m', false],
    ['1200/h', '[1]', '1m', true],
    ['240/h', '[1, 2, 4, 8]', '5m', true],
    ['60/h', '[8, 16]', '20m', true],
  ])('%s jobs of %s chips for %s (SMR: %s) fire within a factor 1.5 of the estimate', (rate, chips, length, smr) => {
    const set = [
      `workload.jobs[0].rate=${rate}`,
      `workload.jobs[0].chips=${chips}`,
      `workload.jobs[0].duration=${length}`,
      ...(smr ? [SMR] : []),
    ];
    const model = loadScenario({ model: SMALL, set, duration: '3d' }).model as WorkModel;
    const out = join(dir, `jobs-${rate.replace('/', '-')}-${length}-${smr}`);
    const fired = runScenario({ model: SMALL, set, duration: '3d', out, series: false }).summary.events;
    const ratio = fired / estimateWork(model).events;
    expect(ratio).toBeGreaterThan(1 / 1.5);
    expect(ratio).toBeLessThan(1.5);
  });
});

/**
 * The corpus: each preset under typo-sized values of every field that makes
 * work (horizon, step, rates, MTBFs, units). Every case ends cleanly: refused
 * with one line, or accepted with its estimated work within the limits, so a
 * run of it is bounded.
 */
describe('corpus: typo-sized work on every preset', () => {
  const mutations = (p: string): string[][] => {
    const m = loadScenario({ model: p }).model as WorkModel & {
      workload: { jobs: unknown[]; training: unknown[]; inference: unknown[] };
    };
    const out: string[][] = [];
    for (const d of ['1e15', '100000y', '5000y', '300y', '1e7d', '30y', '1d']) out.push([`duration=${d}`]);
    for (const s of ['1e-9', '1ms', '1s', '10s', '1m', '0.5']) out.push([`step=${s}`]);
    m.workload.jobs.forEach((_, i) =>
      ['1e9/s', '1/40s', '1e3/s', '1/s', '100/h'].forEach((r) => out.push([`workload.jobs[${i}].rate=${r}`])),
    );
    m.workload.training.forEach((_, i) => {
      ['1s', '1ms', '1h', '100h'].forEach((x) =>
        out.push([`workload.training[${i}].chip_mtbf=${x}`, `workload.training[${i}].restart=0`]),
      );
      ['1/40s', '1/h', '1/40d', '1e6/s'].forEach((r) => out.push([`workload.training[${i}].arrivals={ rate: ${r} }`]));
    });
    m.workload.inference.forEach((_, i) =>
      ['1e6/s', '1/s', '1/d'].forEach((r) =>
        out.push([`workload.inference[${i}].bursts={ rate: ${r}, size: { mean: 1 }, duration: { mean: 1m } }`]),
      ),
    );
    m.supply.forEach((s, i) => {
      if (s.kind === 'smr')
        ['1e6', '1e5', '1000', '4'].forEach((u) =>
          out.push([`supply[${i}].units=${u}`, `supply[${i}].refuel={ every: 24mo }`]),
        );
      if (s.kind === 'smr')
        ['1s', '1ms', '1h'].forEach((x) => out.push([`supply[${i}].forced_outages={ mttf: ${x}, mttr: 1s }`]));
    });
    return out;
  };
  const cases = PRESETS.flatMap((p) => mutations(p).map((set) => [p, set] as const));

  it(`has at least 200 cases (${cases.length})`, () => expect(cases.length).toBeGreaterThanOrEqual(200));

  it('every case is refused with one line or accepted with bounded work', () => {
    let refused = 0;
    for (const [p, set] of cases) {
      let model: WorkModel;
      try {
        model = loadScenario({ model: p, set: [...set] }).model as WorkModel;
      } catch (e) {
        expect(e, `${p} ${set.join(' ')}: ${e}`).toBeInstanceOf(InputError);
        expect((e as Error).message).not.toContain('\n');
        refused++;
        continue;
      }
      const w = estimateWork(model);
      expect(
        w.rows <= LIMITS.rows && w.events <= LIMITS.events && w.entities <= LIMITS.entities,
        `${p} ${set.join(' ')}`,
      ).toBe(true);
    }
    expect(refused).toBeGreaterThan(cases.length / 3);
  });
});

describe('data files', () => {
  const weather = (path: string): string[] => [
    'facility.cooling={ model: chiller }',
    `facility.weather={ model: csv, file: ${path} }`,
  ];
  const check = (set: string[]): string => {
    try {
      runScenario({ model: SMALL, set, out: join(dir, 'data'), series: false });
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as Error).message;
    }
    return 'accepted';
  };

  it('a FIFO is refused at once, not waited on', () => {
    const fifo = join(dir, 'weather.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expect(check(weather(fifo))).toMatch(
      /weather\.file: expected a readable weather file, found .*weather\.fifo: a named pipe \(FIFO\)$/,
    );
  });

  it('/dev/zero and /dev/urandom are refused without reading them', () => {
    expect(check(weather('/dev/zero'))).toMatch(/expected a readable weather file, found \/dev\/zero: a device$/);
    expect(check(weather('/dev/urandom'))).toMatch(/expected a readable weather file, found \/dev\/urandom: a device$/);
  });

  it('a file over the cap is refused with its size; DCPSIM_MAX_INPUT_MB raises the cap', () => {
    const big = join(dir, 'big.csv');
    writeFileSync(big, `time,temp\n${'2027-03-01 00:00,10\n'.repeat(70_000)}`);
    const before = process.env.DCPSIM_MAX_INPUT_MB;
    process.env.DCPSIM_MAX_INPUT_MB = '1';
    try {
      expect(check(weather(big))).toMatch(
        /expected a readable weather file of at most 1 MiB \(DCPSIM_MAX_INPUT_MB raises it\), found .*big\.csv: 1\.3 MiB$/,
      );
    } finally {
      if (before === undefined) delete process.env.DCPSIM_MAX_INPUT_MB;
      else process.env.DCPSIM_MAX_INPUT_MB = before;
    }
  });
});

describe('the way to raise the limits', () => {
  // A sweep's or a sizing's points are refused as a run is, but neither command takes --allow-large: the refusal said
  // '(--allow-large raises the limits 100-fold)', and `dcpsim sweep ... --allow-large` said "unknown option".
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'src', 'bin.mjs'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, CI: '1' },
    });
  it('is named where the command takes it, and not where it does not', () => {
    const set = ['--set', 'duration=200d', '--set', 'step=1s'];
    const run = cli(['run', SMALL, ...set, '--out', join(dir, 'never-run')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('rows of time series, duration / step (--allow-large raises the limits 100-fold)');
    const sweep = cli(['sweep', SMALL, '--vary', 'seed=1,2', ...set, '--out', join(dir, 'never-sweep')]);
    expect(sweep.status).toBe(1);
    expect(sweep.stderr).not.toContain('(--allow-large raises');
    expect(sweep.stderr).toContain(
      "rows of time series, duration / step (dcpsim run's and validate's --allow-large, or the library's allowLarge, raises the limits 100-fold; a sweep or sizing runs within them)",
    );
    const validate = cli(['validate', SMALL, ...set]);
    expect(validate.status).toBe(1);
    expect(validate.stderr).toContain('(--allow-large raises the limits 100-fold)');
  });
});
