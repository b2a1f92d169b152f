/**
 * End-to-end benchmarks (issues 2 and 13). Each whole-process figure is a
 * ratio against bare `node -e 0` started in the same benchmark run (absolute
 * times on a shared machine are noisy; ratios hold), with the process's peak
 * RSS and CPU time (tests/helpers/max-rss.mjs, preloaded into every process
 * timed here, bare Node included). On a machine shared with other work, the
 * CPU ratio is the steadier one: waiting for a core adds to the wall time,
 * not to the CPU time. At the end a table of medians, ratios and targets.
 *
 * - start-up: `dcpsim --version`
 * - the benchmark scenario (tests/fixtures/bench-30d.yaml: 30 days, 10,000
 *   accelerators, jobs at 60/h needing 1, 2, 4 or 8 chips for an exponential
 *   2 h, PUE 1.2, 43,200 one-minute rows), whole process and in process
 * - `npm start` (the default preset: three years at hourly rows)
 * - horizon: a 1 GW-class campus (tests/fixtures/bench-campus.yaml, 700,000
 *   accelerators, every supply kind, one-minute rows) for one year and ten
 * - sweeps: 40 runs in one process against the same 40 runs on one sweep
 *   worker, and the sweep as two shards then merged
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { runScenario } from '../src/run.ts';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist', 'bin.mjs'); // package.json's bin
const MAX_RSS = join(ROOT, 'tests', 'helpers', 'max-rss.mjs');
const FIXTURES = join(ROOT, 'tests', 'fixtures');
const BENCH_30D = join(FIXTURES, 'bench-30d.yaml');
const CAMPUS = join(FIXTURES, 'bench-campus.yaml');
/** Every folder the benchmarks write, removed at the end (each bench-30d run leaves 9 MB of rows). */
const TMP = mkdtempSync(join(tmpdir(), 'dcpsim-bench-'));
const tmp = (): string => mkdtempSync(join(TMP, 'run-'));

/** Wall times (s), CPU times (s, user + system) and peak RSS (MiB) by figure. */
const seconds = new Map<string, number[]>();
const cpu = new Map<string, number[]>();
const rss = new Map<string, number[]>();
const record = (map: Map<string, number[]>, key: string, x: number): void => {
  map.set(key, [...(map.get(key) ?? []), x]);
};
const median = (xs: readonly number[] | undefined): number => {
  if (!xs?.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Run `node <args>` as a whole process; record its wall time, CPU time and peak RSS under `key`. */
function node(key: string, args: string[]): void {
  const file = join(tmp(), 'rss');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', MAX_RSS, ...args], {
    cwd: ROOT,
    env: { ...process.env, MAX_RSS_FILE: file },
    encoding: 'utf8',
  });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  const [kib, us] = readFileSync(file, 'utf8').split(' ').map(Number);
  record(seconds, key, s);
  record(rss, key, kib / 1024);
  record(cpu, key, us / 1e6);
}
const dcpsim = (key: string, ...args: string[]): void => node(key, [BIN, ...args]);

const BARE = 'bare node -e 0';
const VERSION = 'dcpsim --version';
const RUN_30D = 'dcpsim run bench-30d';
const IN_PROCESS = 'bench-30d in process (load, simulate, write)';
const DEFAULT = 'npm start (dcpsim run default)';
const CAMPUS_1Y = 'bench-campus, 1 year (525,600 rows)';
const CAMPUS_10Y = 'bench-campus, 10 years (5,256,000 rows)';
const LOOP = '40 runs in one process';
const WORKER = 'the same 40 runs, sweep on 1 worker';
const SHARD = 'one of 2 shards of that sweep, 1 worker';
const MERGE = 'dcpsim merge of the 2 shards';

const once = { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 };

describe('start-up and whole runs, against bare Node', () => {
  bench(BARE, () => node(BARE, ['-e', '0']), { iterations: 15, time: 0, warmupIterations: 2 });
  bench(VERSION, () => dcpsim(VERSION, '--version'), { iterations: 15, time: 0, warmupIterations: 2 });
  bench(RUN_30D, () => dcpsim(RUN_30D, 'run', BENCH_30D, '--out', tmp(), '-q'), {
    iterations: 9,
    time: 0,
    warmupIterations: 1,
  });
  bench(DEFAULT, () => dcpsim(DEFAULT, 'run', 'default', '--out', tmp(), '-q'), {
    iterations: 5,
    time: 0,
    warmupIterations: 1,
  });
});

describe('in process', () => {
  const out = tmp();
  bench(
    IN_PROCESS,
    () => {
      const t0 = performance.now();
      runScenario({ model: BENCH_30D, out });
      record(seconds, IN_PROCESS, (performance.now() - t0) / 1000);
    },
    { iterations: 10, time: 0, warmupIterations: 2 },
  );
});

describe('horizon: memory flat, time linear', () => {
  for (const [key, duration] of [
    [CAMPUS_1Y, '365d'],
    [CAMPUS_10Y, '3650d'],
  ]) {
    bench(
      key,
      () => {
        const out = tmp();
        dcpsim(key, 'run', CAMPUS, '--duration', duration, '--out', out, '-q');
        rmSync(out, { recursive: true, force: true }); // gigabytes of rows
      },
      once,
    );
  }
});

describe('sweeps: a worker runs as fast as a process, shards divide the time', () => {
  const model = join(FIXTURES, 'bench-default.yaml');
  const pues = [1.1, 1.2, 1.3, 1.4];
  // The sweep's 40 runs (4 PUEs x 10 replicates, no time series), one after another in one process, through the library.
  const loop = `const { runScenario } = await import(${JSON.stringify(join(ROOT, 'dist', 'index.mjs'))});
    const out = ${JSON.stringify(tmp())};
    for (const pue of ${JSON.stringify(pues)}) for (let seed = 1; seed <= 10; seed++)
      runScenario({ model: ${JSON.stringify(model)}, seed, set: ['facility.cooling.pue=' + pue], out, series: false });`;
  const sweep = [
    'sweep',
    model,
    '--vary',
    'facility.cooling.pue=1.1:1.4:0.1',
    '--replicates',
    '10',
    '--workers',
    '1',
    '-q',
  ];
  bench(LOOP, () => node(LOOP, ['--input-type=module', '-e', loop]), once);
  bench(WORKER, () => dcpsim(WORKER, ...sweep, '--out', tmp()), once);
  bench(
    'the sweep as 2 shards, then merged',
    () => {
      const out = tmp();
      dcpsim(SHARD, ...sweep, '--out', out, '--shard', '1/2');
      dcpsim(SHARD, ...sweep, '--out', out, '--shard', '2/2');
      dcpsim(MERGE, 'merge', out, '-q');
    },
    once,
  );
});

afterAll(() => rmSync(TMP, { recursive: true, force: true }));

afterAll(() => {
  if (!seconds.has(BARE)) return; // a filtered run (-t): no table
  const bare = median(seconds.get(BARE));
  const bareCpu = median(cpu.get(BARE));
  const s = (k: string): number => median(seconds.get(k));
  const m = (k: string): number => median(rss.get(k));
  const c = (k: string): number => median(cpu.get(k));
  const lines = [
    `bare node -e 0: ${(bare * 1000).toFixed(0)} ms, ${(bareCpu * 1000).toFixed(0)} ms CPU, ${m(BARE).toFixed(1)} MiB`,
    '',
    '| figure | median | vs bare Node | CPU vs bare Node | peak RSS | target |',
    '|---|---|---|---|---|---|',
  ];
  const row = (k: string, target: string, ratio = true): void => {
    if (!seconds.has(k)) return;
    const r = rss.has(k) ? `${m(k).toFixed(1)} MiB` : '';
    // A figure with no ratio (in process, sweeps) shows its CPU seconds instead, the steadier figure on a busy machine.
    const cr = cpu.has(k) ? (ratio ? `${(c(k) / bareCpu).toFixed(2)}x` : `${c(k).toFixed(2)} s CPU`) : '';
    lines.push(
      `| ${k} | ${s(k).toFixed(3)} s | ${ratio ? `${(s(k) / bare).toFixed(2)}x` : ''} | ${cr} | ${r} | ${target} |`,
    );
  };
  row(VERSION, '≤ 1.5x');
  row(RUN_30D, '≤ 2.5x, ≤ 60 MiB');
  row(IN_PROCESS, '≤ 0.06 s', false);
  row(DEFAULT, '≤ 10x');
  row(CAMPUS_1Y, '');
  row(CAMPUS_10Y, '< 10 s');
  row(LOOP, '', false);
  row(WORKER, '', false);
  row(SHARD, '', false);
  row(MERGE, '', false);
  if (seconds.has(CAMPUS_10Y)) {
    lines.push(
      '',
      `horizon: 10 years / 1 year: time ${(s(CAMPUS_10Y) / s(CAMPUS_1Y)).toFixed(2)}x (linear: 10x), peak RSS ${(m(CAMPUS_10Y) / m(CAMPUS_1Y)).toFixed(2)}x (target ≤ 1.2x)`,
    );
  }
  if (seconds.has(WORKER)) {
    const shards = seconds.get(SHARD) ?? [];
    lines.push(
      `sweeps: a worker's run rate ${((s(LOOP) / s(WORKER)) * 100).toFixed(0)} % of one process's by wall time, ` +
        `${((c(LOOP) / c(WORKER)) * 100).toFixed(0)} % by CPU (target ≥ 90 %); ` +
        `2 shards: each ${(Math.max(...shards) / s(WORKER)).toFixed(2)} of the whole sweep's time (linear: 0.5), merge ${s(MERGE).toFixed(2)} s`,
    );
  }
  console.log(`\n${lines.join('\n')}\n`);
});
