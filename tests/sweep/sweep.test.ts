import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { InputError } from '../../src/model/errors.ts';
import { writePlots } from '../../src/output/charts/plot.ts';
import { writeReport } from '../../src/output/charts/report.ts';
import { runSizing } from '../../src/sizing/size.ts';
import { resolveSizing } from '../../src/sizing/spec.ts';
import { executeSweep, mergeSweep, prepareSweep, runSweep, type SweepRunOptions } from '../../src/sweep/sweep.ts';
import { resolveSpec } from '../../src/sweep/spec.ts';

// Worker threads start tsx and the model code afresh; on a busy machine a sweep takes seconds.
vi.setConfig({ testTimeout: 120_000 });

const ROOT = join(import.meta.dirname, '..', '..');
const SMALL = join(ROOT, 'tests', 'fixtures', 'small.yaml');
const tmp = () => mkdtempSync(join(tmpdir(), 'dcpsim-sweep-'));
const read = (dir: string) => ({
  summary: readFileSync(join(dir, 'summary.csv'), 'utf8'),
  points: readFileSync(join(dir, 'points.csv'), 'utf8'),
});

/** 2 PUEs x 2 cluster sizes x 3 replicates = 12 runs of the 2-day small scenario. */
const BASE: SweepRunOptions = {
  model: SMALL,
  vary: ['facility.cooling.pue=1.1:1.2:0.1', 'clusters[0].count=32,64'],
  replicates: 3,
  env: {},
};

const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawn(process.execPath, [join(ROOT, 'src', 'bin.mjs'), ...args], {
    cwd: ROOT,
    env: { ...process.env, CI: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

let reference: { dir: string; summary: string; points: string } | undefined;
/** The uninterrupted, unsharded sweep on 2 workers that the other tests compare with. */
async function ref() {
  if (!reference) {
    const dir = tmp();
    const r = await runSweep({ ...BASE, out: dir, workers: 2 });
    expect(r).toMatchObject({ runs: 12, ran: 12, skipped: 0, failed: 0, stopped: false });
    reference = { dir, ...read(dir) };
  }
  return reference;
}

describe('sweep output', () => {
  it('summary.csv: one row per point x replicate, varied values first; points.csv: mean and 95% CI per point', async () => {
    const { summary, points } = await ref();
    const rows = summary
      .trimEnd()
      .split('\n')
      .map((l) => l.split(','));
    const head = rows[0];
    expect(head.slice(0, 6)).toEqual([
      'facility.cooling.pue',
      'clusters[0].count',
      'replicate',
      'run',
      'seed',
      'error',
    ]);
    expect(head).toContain('energy_mwh.unmet');
    expect(head).toContain('sources.grid.cost_usd');
    expect(head).not.toContain('run_time_s'); // wall-clock time would make runs differ
    expect(rows).toHaveLength(1 + 12);
    const col = (name: string) => rows.slice(1).map((r) => Number(r[head.indexOf(name)]));
    // The model's own relations hold per row: facility = IT x the varied PUE.
    rows
      .slice(1)
      .forEach((r, i) => expect(col('energy_mwh.facility')[i] / col('energy_mwh.it')[i]).toBeCloseTo(Number(r[0]), 10));
    // points.csv: the mean and Student-t interval of the rows (recomputed here from summary.csv).
    const prow = points
      .trimEnd()
      .split('\n')
      .map((l) => l.split(','));
    expect(prow).toHaveLength(1 + 4);
    const ph = prow[0];
    const it = col('energy_mwh.it').slice(0, 3);
    const mean = (it[0] + it[1] + it[2]) / 3;
    const sd = Math.sqrt(it.reduce((a, x) => a + (x - mean) ** 2, 0) / 2);
    expect(Number(prow[1][ph.indexOf('energy_mwh.it.mean')])).toBeCloseTo(mean, 12);
    expect(Number(prow[1][ph.indexOf('energy_mwh.it.ci95_hi')])).toBeCloseTo(
      mean + (4.30265272975 * sd) / Math.sqrt(3),
      9,
    );
    expect(prow[1].slice(0, 5)).toEqual(['1.1', '32', rows[1][3].split('-')[0], '3', '0']);
  });

  it("a varied seed is the column base_seed, beside each run's own seed: no two columns of one name", async () => {
    // --vary seed=11,12 wrote summary.csv's header "seed,replicate,run,seed,error,...": pandas read the varied base
    // seed as `seed` (and the run's as `seed.1`), so `--seed <seed>`, as docs/sweeps.md reproduces a row, ran
    // another run; csv.DictReader kept the other.
    const dir = tmp();
    await runSweep({
      model: SMALL,
      vary: ['seed=11,12'],
      replicates: 2,
      duration: '6h',
      out: dir,
      workers: 1,
      env: {},
    });
    for (const f of ['summary.csv', 'points.csv', 'differences.csv']) {
      const head = readFileSync(join(dir, f), 'utf8').split('\n')[0].split(',');
      expect(new Set(head).size, f).toBe(head.length);
      expect(head[0], f).toBe('base_seed');
    }
    const rows = readFileSync(join(dir, 'summary.csv'), 'utf8')
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    expect(rows.map((r) => r[0])).toEqual(['11', '11', '12', '12']);
    const head = readFileSync(join(dir, 'summary.csv'), 'utf8').split('\n')[0].split(',');
    const seeds = rows.map((r) => r[head.indexOf('seed')]);
    // Each run's own seed: replicate r of base 11 differs from replicate r of base 12 and from the other replicate.
    expect(new Set(seeds).size).toBe(4);
    expect(seeds.every((x) => /^\d+$/.test(x) && x !== '11' && x !== '12')).toBe(true);
  });

  it('common random numbers: replicate r sees the same jobs at every PUE, so IT energy is identical across PUEs', async () => {
    const rows = (await ref()).summary
      .trimEnd()
      .split('\n')
      .map((l) => l.split(','));
    const h = rows[0];
    const it = (pue: string, count: string, rep: string) =>
      rows.find((r) => r[0] === pue && r[1] === count && r[2] === rep)![h.indexOf('energy_mwh.it')];
    for (const rep of ['0', '1', '2']) {
      expect(it('1.2', '64', rep)).toBe(it('1.1', '64', rep));
      expect(it('1.2', '32', rep)).toBe(it('1.1', '32', rep));
    }
    expect(it('1.1', '64', '0')).not.toBe(it('1.1', '64', '1'));
    // Without common random numbers, the points draw independently.
    const dir = tmp();
    await runSweep({
      ...BASE,
      vary: ['facility.cooling.pue=1.1,1.2'],
      replicates: 1,
      crn: false,
      out: dir,
      workers: 1,
    });
    const ind = read(dir)
      .summary.trimEnd()
      .split('\n')
      .map((l) => l.split(','));
    expect(ind[1][ind[0].indexOf('energy_mwh.it')]).not.toBe(ind[2][ind[0].indexOf('energy_mwh.it')]);
  });

  it('results do not depend on the number of workers', async () => {
    const { summary, points } = await ref();
    const dir = tmp();
    await runSweep({ ...BASE, out: dir, workers: 1 });
    expect(read(dir)).toEqual({ summary, points }); // and 3 workers in the shard test below
  });

  it('shards 1..N merged equal the unsharded sweep byte for byte (flags, Slurm and Kubernetes indexes)', async () => {
    const { summary, points } = await ref();
    const dir = tmp();
    const a = await runSweep({ ...BASE, out: dir, workers: 3, shard: '1/3' });
    expect(a.summaryFile).toBeUndefined(); // a shard writes no tables
    await runSweep({
      ...BASE,
      out: dir,
      workers: 1,
      env: {
        SLURM_ARRAY_TASK_ID: '1',
        SLURM_ARRAY_TASK_MIN: '0',
        SLURM_ARRAY_TASK_MAX: '2',
        SLURM_ARRAY_TASK_COUNT: '3',
      },
    });
    // Merge names the shard to rerun, by the shard count the shards used, and what it did.
    expect(() => mergeSweep(dir)).toThrow(
      /: expected results of all 12 runs, found 3 missing in shard 2 \(never started\) of 0\.\.2: rerun array task 2 with --shards 3 \(sbatch --array=2\), or --shard 3\/3$/,
    );
    // The last shard on another disk: merge reads its folder too.
    const other = tmp();
    cpSync(join(dir, 'sweep.json'), join(other, 'sweep.json'));
    const c = await runSweep({ ...BASE, out: other, workers: 1, shards: 3, env: { JOB_COMPLETION_INDEX: '2' } });
    expect(c.shard).toEqual({ k: 3, n: 3, source: 'kubernetes' });
    expect(a.runs + c.runs).toBe(6 + 3);
    // That folder mistyped, or its runs/ given for it, is named: merge skipped it and said shard 2 'never started'.
    const shards = "expected a folder of this sweep's shards (with sweep.json or runs/), as ";
    expect(() => mergeSweep(dir, [`${other}x`])).toThrow(`${other}x: ${shards}${dir} is, found no such folder`);
    expect(() => mergeSweep(dir, [join(other, 'runs')])).toThrow(
      `${join(other, 'runs')}: ${shards}${dir} is, found neither sweep.json nor runs/`,
    );
    expect(() => mergeSweep(dir, [join(other, 'sweep.json')])).toThrow(`: ${shards}${dir} is, found a file`);
    const m = mergeSweep(dir, [other]);
    expect(m).toMatchObject({ runs: 12, failed: 0, copied: 3 });
    expect(read(dir)).toEqual({ summary, points });
    // The other disk's runs are copied in, as a sizing's merge copies them: summary.csv names each run's folder, and
    // until 7 December 2026 three of twelve were not there, so this folder merged alone said 3 missing in shard 2 and
    // the same sweep run in it again reran them.
    const ids = readdirSync(join(other, 'runs'));
    expect(ids).toHaveLength(3);
    for (const id of ids)
      expect(readFileSync(join(dir, 'runs', id, 'result.json'), 'utf8')).toBe(
        readFileSync(join(other, 'runs', id, 'result.json'), 'utf8'),
      );
    expect(readdirSync(join(dir, 'runs')).filter((f) => f.includes('.merging-'))).toEqual([]);
    expect(mergeSweep(dir)).toMatchObject({ runs: 12, copied: 0 });
    expect(read(dir)).toEqual({ summary, points });
    // A run's folder among them, and a sweep.json cut short, are named too (the latter was JSON.parse's message, exit 70).
    expect(() => mergeSweep(dir, [join(ROOT, 'tests', 'fixtures', 'small-run')])).toThrow(
      /small-run: expected a folder of this sweep's shards .*, found a run's folder \(summary\.json\)$/,
    );
    writeFileSync(join(other, 'sweep.json'), '{"name": ');
    expect(() => mergeSweep(dir, [other])).toThrow(
      new RegExp(
        `^${join(other, 'sweep\\.json')}: expected the JSON object dcpsim sweep writes, found text that is not JSON \\(.+\\)$`,
      ),
    );
    writeFileSync(join(dir, 'sweep.json'), '[]');
    expect(() => mergeSweep(dir)).toThrow(
      `${join(dir, 'sweep.json')}: expected the JSON object dcpsim sweep writes, found a list of 0`,
    );
  });

  it('merge refuses results of a different sweep and two different results of one run; a shard copied twice merges', async () => {
    const { summary, points } = await ref();
    // Shard 1 of 2 here, shard 2 of 2 at another grid price in another folder: the same run ids and seeds, another model.
    const [a, b] = [tmp(), tmp()];
    await runSweep({ ...BASE, out: a, workers: 1, shard: '1/2' });
    await runSweep({ ...BASE, set: ['supply[0].price=250 $/MWh'], out: b, workers: 1, shard: '2/2' });
    expect(() => mergeSweep(a, [b])).toThrow(
      `${join(b, 'sweep.json')}: expected the sweep of ${join(a, 'sweep.json')} (merge joins the shards of one sweep), found another: set ["supply[0].price=250 $/MWh"] where it has []`,
    );
    // Without its sweep.json, its runs are still not this sweep's: another model hash.
    rmSync(join(b, 'sweep.json'));
    expect(() => mergeSweep(a, [b])).toThrow(
      `: expected results of all 12 runs, found 6 missing (6 in ${b} are results of a different sweep: another model, --set, --duration, --step, data file or seed than ${join(a, 'sweep.json')}) in shard 1 (done `,
    );
    expect(existsSync(join(a, 'summary.csv'))).toBe(false);
    // The right shard 2, beside a copy of shard 1: the same result twice is one result; the wrong folder adds nothing.
    const [c, copy] = [tmp(), tmp()];
    await runSweep({ ...BASE, out: c, workers: 1, shard: '2/2' });
    cpSync(a, copy, { recursive: true });
    mergeSweep(a, [b, copy, c]);
    expect(read(a)).toEqual({ summary, points });
    // The folder moved to a machine without the model: merged by the runs' seeds, as before the hashes were checked.
    const moved = tmp();
    cpSync(a, moved, { recursive: true });
    const spec = JSON.parse(readFileSync(join(moved, 'sweep.json'), 'utf8'));
    writeFileSync(join(moved, 'sweep.json'), JSON.stringify({ ...spec, model: join(moved, 'gone', 'small.yaml') }));
    // The library says so in its result and prints nothing; the command prints the note.
    const stderr = vi.spyOn(process.stderr, 'write');
    expect(mergeSweep(moved, [c]).uncheckedModel).toBe(join(moved, 'gone', 'small.yaml'));
    expect(stderr).not.toHaveBeenCalled();
    stderr.mockRestore();
    expect(read(moved)).toEqual({ summary, points });
    const merged = spawnSync(process.execPath, [join(ROOT, 'src', 'bin.mjs'), 'merge', moved, c, '--quiet'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect([merged.status, merged.stderr.replace(/^dcpsim: note: dist\/.*\n/m, '')]).toEqual([
      0,
      `dcpsim: note: the model ${join(moved, 'gone', 'small.yaml')} is not on this machine: results are taken by their seeds, not checked against the model\n`,
    ]);
    // A result that differs in the copy: which one is right is not known.
    const id = readdirSync(join(copy, 'runs'))[0];
    const file = join(copy, 'runs', id, 'result.json');
    const rec = JSON.parse(readFileSync(file, 'utf8'));
    rec.summary.energy_mwh.it *= 1.01;
    writeFileSync(file, JSON.stringify(rec));
    expect(() => mergeSweep(a, [copy, c])).toThrow(
      `: expected one result per run (a shard run twice gives the same result), found two different results of run ${id} (`,
    );
    // A run that failed in one folder (out of memory on node 1) and succeeded in another (the task requeued on node 2):
    // the result is taken, either way round, as a resume reruns a failed run. It was 'two different results'.
    cpSync(a, copy, { recursive: true, force: true });
    const failed = join(a, 'runs', id, 'result.json');
    const ok = readFileSync(failed, 'utf8');
    const kept = Object.fromEntries(Object.entries(JSON.parse(ok)).filter(([k]) => k !== 'summary'));
    writeFileSync(failed, JSON.stringify({ ...kept, error: 'out of memory: the run needed more than 512 MB' }));
    expect(mergeSweep(a, [copy, c])).toMatchObject({ runs: 12, failed: 0 });
    expect(read(a)).toEqual({ summary, points });
    // The result was copied in over the failure: this folder alone has it now.
    expect(readFileSync(failed, 'utf8')).toBe(ok);
    writeFileSync(failed, JSON.stringify({ ...kept, error: 'out of memory: the run needed more than 512 MB' }));
    expect(mergeSweep(copy, [a, c])).toMatchObject({ runs: 12, failed: 0 });
    expect(read(copy)).toEqual({ summary, points });
    // Failed in both, with other words: still one failed run, not two different results.
    writeFileSync(
      join(copy, 'runs', id, 'result.json'),
      JSON.stringify({ ...kept, error: 'worker exited with code 1' }),
    );
    expect(mergeSweep(a, [copy, c])).toMatchObject({ runs: 12, failed: 1 });
    writeFileSync(failed, ok);
    // Shards in one folder, the second with another --duration: it replaced the first's sweep.json, and merge took the
    // first's runs for another sweep's and named shard 0, the right one, to rerun with the second's command. The second
    // is refused before it writes anything; the first's sweep and runs stand, and merge names the shard not run.
    const d = tmp();
    await runSweep({ ...BASE, out: d, workers: 1, shard: '1/2' });
    const first = readFileSync(join(d, 'sweep.json'), 'utf8');
    const runs = readdirSync(join(d, 'runs')).sort();
    await expect(runSweep({ ...BASE, duration: '1d', out: d, workers: 1, shard: '2/2' })).rejects.toThrow(
      new InputError(
        join(d, 'sweep.json'),
        '',
        `the sweep this shard's command gives (the shards of one sweep share a folder; 1 other shard ran in ${d})`,
        `another: duration not given where this command has "1d": give this sweep another --out, or remove ${d} to start it anew`,
      ),
    );
    expect(readFileSync(join(d, 'sweep.json'), 'utf8')).toBe(first);
    expect(readdirSync(join(d, 'runs')).sort()).toEqual(runs);
    expect(() => mergeSweep(d)).toThrow(/found 6 missing in shard 1 \(never started\) of 0\.\.1: /);
    // The same shard run again with the other duration (its own record alone in the folder) starts the sweep anew.
    const e = tmp();
    await runSweep({ ...BASE, out: e, workers: 1, shard: '2/2' });
    await runSweep({ ...BASE, duration: '1d', out: e, workers: 1, shard: '2/2' });
    expect(JSON.parse(readFileSync(join(e, 'sweep.json'), 'utf8')).duration).toBe('1d');
  });

  it("adding a value to a --vary leaves the other points' rows unchanged", async () => {
    const { summary, points } = await ref();
    const dir = tmp();
    await runSweep({
      ...BASE,
      vary: ['facility.cooling.pue=1.1,1.15,1.2', 'clusters[0].count=32,64'],
      out: dir,
      workers: 2,
    });
    const more = read(dir);
    const lines = (s: string) => s.trimEnd().split('\n');
    expect(lines(more.summary)[0]).toBe(lines(summary)[0]);
    for (const l of lines(summary)) expect(lines(more.summary)).toContain(l);
    for (const l of lines(points)) expect(lines(more.points)).toContain(l);
    expect(lines(more.summary)).toHaveLength(1 + 18);
  });

  it('runs again: complete runs are skipped; a changed model reruns them; --series keeps the series asked for', async () => {
    const dir = tmp();
    const o = {
      ...BASE,
      vary: ['facility.cooling.pue=1.1,1.2'],
      replicates: 2,
      out: dir,
      workers: 2,
      series: 'first' as const,
    };
    const first = await runSweep(o);
    const before = read(dir);
    const again = await runSweep(o);
    expect(again).toMatchObject({ runs: 4, skipped: 4, ran: 0 });
    expect(read(dir)).toEqual(before);
    const series = files(dir).filter((f) => f.endsWith('timeseries.csv'));
    expect(series.map((f) => f.split('/').at(-2)!.slice(-3)).sort()).toEqual(['-r0', '-r0']);
    expect(first.ran).toBe(4);
    // Asking for every series reruns the runs that lack one.
    expect(await runSweep({ ...o, series: 'all' })).toMatchObject({ skipped: 2, ran: 2 });
    // Another horizon is another model: everything reruns, and the old results are not reused.
    expect(await runSweep({ ...o, duration: '1d' })).toMatchObject({ skipped: 0, ran: 4 });
    expect(read(dir).summary).not.toBe(before.summary);
  });

  it("--timestamps iso writes the sweep's training.csv and every run's tables with ISO date-times; the other style reruns the runs", async () => {
    const dir = tmp();
    const o: SweepRunOptions = {
      model: join(ROOT, 'tests', 'fixtures', 'workload-mixed.yaml'),
      vary: ['facility.cooling.pue=1.1,1.2'],
      replicates: 1,
      out: dir,
      workers: 1,
      series: 'first',
      timestamps: 'iso',
      env: {},
    };
    expect(await runSweep(o)).toMatchObject({ runs: 2, ran: 2 });
    const dates = (f: string): string[] => readFileSync(f, 'utf8').match(/\b2027-03-0\d[ T]\d\d:\d\d:\d\d\b/g) ?? [];
    const tables = () =>
      files(dir).filter((f) => /(training|timeseries|monthly|outages)\.csv$/.test(f) && !f.endsWith('points.csv'));
    expect(tables().some((f) => f === join(dir, 'training.csv'))).toBe(true);
    expect(tables().filter((f) => f.endsWith('timeseries.csv'))).toHaveLength(2);
    for (const f of tables()) for (const d of dates(f)) expect(d, f).toMatch(/T/);
    expect(dates(join(dir, 'training.csv')).length).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')).timestamps).toBe('iso');
    // The same sweep again skips them; in the default style the runs are run again and every table is rewritten.
    expect(await runSweep(o)).toMatchObject({ skipped: 2, ran: 0 });
    expect(await runSweep({ ...o, timestamps: undefined })).toMatchObject({ skipped: 0, ran: 2 });
    for (const f of tables()) for (const d of dates(f)) expect(d, f).toMatch(/ /);
    expect(JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8'))).not.toHaveProperty('timestamps');
  });

  it('another sweep into the folder removes the plots and report.html drawn from the tables it replaces; the same tables keep them', async () => {
    const dir = tmp();
    const o = { ...BASE, vary: ['facility.cooling.pue=1.1,1.2'], replicates: 1, out: dir, workers: 1 };
    await runSweep(o);
    writePlots(dir);
    writeReport(dir);
    const drawn = readdirSync(join(dir, 'plots'));
    expect(drawn.some((f) => f.includes('facility-cooling-pue'))).toBe(true);
    // Run again: the tables come out the same, so what was drawn from them stays.
    expect(await runSweep(o)).toMatchObject({ skipped: 2, ran: 0 });
    expect(readdirSync(join(dir, 'plots'))).toEqual(drawn);
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
    // Another sweep: the charts of the PUE sweep would be read as this one's.
    await runSweep({ ...o, vary: ['clusters[0].count=32,64'] });
    expect(existsSync(join(dir, 'plots'))).toBe(false);
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
  });

  it('a run that fails does not stop the sweep: its row says why', async () => {
    const dir = tmp();
    const p = prepareSweep({
      ...BASE,
      vary: ['facility.cooling.pue=1.1,1.2,1.3'],
      replicates: 1,
      out: dir,
      workers: 2,
    });
    // Sabotage one run after validation: its model file disappears.
    p.tasks[1] = { ...p.tasks[1], spec: { ...p.spec, model: join(dir, 'gone.yaml') } };
    const r = await executeSweep(p);
    expect(r).toMatchObject({ ran: 3, failed: 1 });
    const rows = read(dir)
      .summary.trimEnd()
      .split('\n')
      .map((l) => l.split(','));
    expect(rows[2][rows[0].indexOf('error')]).toMatch(/gone\.yaml: expected a readable model file/);
    expect(rows[1][rows[0].indexOf('error')]).toBe('');
    expect(rows[3][rows[0].indexOf('energy_mwh.it')]).not.toBe('');
    expect(read(dir).points.split('\n')[2].split(',').slice(2, 4)).toEqual(['0', '1']); // replicates ok, failed
    // The failed run is redone on the next invocation.
    expect(
      await runSweep({ ...BASE, vary: ['facility.cooling.pue=1.1,1.2,1.3'], replicates: 1, out: dir, workers: 2 }),
    ).toMatchObject({ ran: 1, failed: 0 });
  });

  it.each([2, 1])(
    'a run that exhausts its memory bound fails alone with the reason on %i worker(s); the sweep writes its tables, and so does every resume',
    async (workers) => {
      const dir = tmp();
      // 4 jobs a second on 64 chips: the queue grows without end, past a 128 MB heap in seconds (691,200 by the end of
      // the 2 days, within the work limits' million; 100 a second is refused before it runs, tests/model/limits.test.ts).
      const args = [
        'sweep',
        SMALL,
        '--vary',
        'workload.jobs[0].rate=12/h,4/s,24/h',
        '--workers',
        String(workers),
        '--run-memory',
        '128',
        '--out',
        dir,
      ];
      for (const attempt of [1, 2]) {
        const child = cli(args);
        let err = '';
        child.stderr.on('data', (d) => (err += d));
        const code = await new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
        expect(code, `attempt ${attempt}: ${err}`).toBe(3);
        const rows = read(dir)
          .summary.trimEnd()
          .split('\n')
          .map((l) => l.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/));
        const error = rows[0].indexOf('error');
        expect(rows.map((r) => r[error])).toEqual([
          'error',
          '',
          '"out of memory: the run needed more than the 128 MB heap each run may use (raise it with --run-memory, or run fewer workers)"',
          '',
        ]);
        expect(rows[3][rows[0].indexOf('energy_mwh.it')]).not.toBe('');
        expect(readdirSync(join(dir, 'runs')).sort()).toEqual(
          rows
            .slice(1)
            .map((r) => r[rows[0].indexOf('run')])
            .sort(),
        );
      }
    },
  );

  it('a sweep file beside the model gives the same sweep as the flags', async () => {
    const { dir: refDir, summary, points } = await ref();
    const dir = tmp();
    const file = join(dir, 'grid.sweep.yaml');
    writeFileSync(
      file,
      `model: ${SMALL}\nvary:\n  facility.cooling.pue: "1.1:1.2:0.1"\n  clusters[0].count: [32, 64]\nreplicates: 3\n`,
    );
    // In a copy of the flags' sweep: the same plan (ids, seeds, model hashes) finds every run complete.
    cpSync(refDir, join(dir, 'out'), { recursive: true });
    const r = await runSweep({ model: file, out: join(dir, 'out'), workers: 2, env: {} });
    expect(r).toMatchObject({ runs: 12, skipped: 12, ran: 0 });
    expect(r.spec.name).toBe('grid.sweep');
    expect(read(join(dir, 'out'))).toEqual({ summary, points });
    // A --vary of a path the file varies gives it its values, in the file's place, as docs/sweeps.md says flags add to
    // a sweep file or override it: it was '--vary: facility.cooling.pue: expected each path varied once, found it
    // twice'. A bad value it gives is the flag's, not the file's line.
    expect(resolveSpec({ model: file, vary: ['facility.cooling.pue=1.3', 'seed=1,2'] }).vary).toEqual([
      { path: 'facility.cooling.pue', values: ['1.3'] },
      { path: 'clusters[0].count', values: ['32', '64'] },
      { path: 'seed', values: ['1', '2'] },
    ]);
    expect(() => resolveSpec({ model: file, vary: ['clusters.0.count=8', 'clusters[0].count=16'] })).toThrow(
      /each path varied once, found it twice/,
    );
    // Saved in UTF-16 (PowerShell's >, Excel's 'Unicode Text'), as a model may be: read as UTF-8 it went on as a model
    // and was refused as 'expected a model file (a sweep file goes to dcpsim sweep), found a sweep file'.
    const utf16 = join(dir, 'grid16.sweep.yaml');
    writeFileSync(
      utf16,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(file, 'utf8'), 'utf16le')]),
    );
    expect(resolveSpec({ model: utf16 }).vary).toEqual(resolveSpec({ model: file }).vary);
    expect(() => prepareSweep({ model: file, vary: ['facility.cooling.pue=0.5'], env: {} })).toThrow(
      /^[^ ]*small\.yaml \(--vary\): facility\.cooling\.pue: expected a number >= 1, found 0\.5$/,
    );
    writeFileSync(file, `model: ${SMALL}\nvary: { facility.cooling.pue: [1.1] }\nreplicate: 3\n`);
    expect(() => prepareSweep({ model: file, env: {} })).toThrow(
      /grid\.sweep\.yaml:3: replicate: expected a known field/,
    );
    // A field with no near one was 'expected a known field (see `dcpsim schema`)': the model files' schema, which
    // lists none of a sweep file's fields.
    writeFileSync(file, `model: ${SMALL}\nvary: { facility.cooling.pue: [1.1] }\nworkers: 2\n`);
    expect(() => prepareSweep({ model: file, env: {} })).toThrow(
      /grid\.sweep\.yaml:3: workers: expected a field of a sweep file \(one of model, name, description, vary, cases, replicates, seed, duration, step, set, series, crn, timestamps\), found unknown field "workers"$/,
    );
    // An axis neither a list nor a range said 'expected one of the allowed forms (see `dcpsim schema`)', a schema
    // without sweep files; a sizing file's decide: likewise.
    writeFileSync(file, `model: ${SMALL}\nvary:\n  facility.cooling.pue: { lo: 1.1, hi: 1.3 }\n`);
    expect(() => prepareSweep({ model: file, env: {} })).toThrow(
      /grid\.sweep\.yaml:3: vary\.facility\.cooling\.pue: expected a list of values, like \[1\.1, 1\.2\], or a range, like "4\.5:7\.5:1", found an object \{lo, hi\}$/,
    );
    writeFileSync(file, `model: ${SMALL}\ndecide:\n  supply[0].import_cap: null\n`);
    expect(() => resolveSizing({ model: file })).toThrow(
      /grid\.sweep\.yaml:3: decide\.supply\[0\]\.import_cap: expected a list of values, .*, found null$/,
    );
  });
});

describe('bad sweep specifications give the one-line error and a non-zero exit', () => {
  it.each([
    [
      'unknown path',
      ['--vary', 'facility.cooling.bogus=1,2'],
      /small\.yaml \(--vary\): facility\.cooling\.bogus: expected a known field/,
    ],
    ['unknown section', ['--vary', 'nothere.x=1'], /--vary: nothere: expected an existing section/],
    [
      'value out of bounds',
      ['--vary', 'facility.cooling.pue=0.5,1.2'],
      /\(--vary\): facility\.cooling\.pue: expected a number >= 1, found 0\.5/,
    ],
    ['empty range', ['--vary', 'facility.cooling.pue=1.3:1.1:0.1'], /lo <= hi/],
    ['empty list', ['--vary', 'facility.cooling.pue='], /at least one value/],
    ['step of zero', ['--vary', 'facility.cooling.pue=1.1:1.3:0'], /step other than 0/],
    ['shard 0/3', ['--shard', '0/3'], /--shard: expected k\/N/],
    ['shard 4/3', ['--shard', '4/3'], /--shard: expected k\/N/],
    ['no replicates', ['--replicates', '0'], /--replicates: expected a positive integer/],
  ])('%s', (_name, args, re) => {
    const dir = tmp();
    expect(() => prepareSweep({ model: SMALL, ...optionsOf(args), out: dir, env: {} })).toThrow(re);
    try {
      prepareSweep({ model: SMALL, ...optionsOf(args), out: dir, env: {} });
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as Error).message).not.toContain('\n');
    }
    expect(existsSync(join(dir, 'sweep.json'))).toBe(false); // nothing written
  });

  it('a sweep or sizing file naming a model that is not there names the file, its model: line and the name', () => {
    // Was 'nosuch: expected a model file or a preset name, found no such file or preset (...)': neither file nor field.
    const dir = tmp();
    const sweep = join(dir, 'x.sweep.yaml');
    writeFileSync(sweep, '# a sweep\nvary:\n  clusters[0].count: [32, 64]\nmodel: smal\n');
    expect(() => prepareSweep({ model: sweep, out: join(dir, 'out'), env: {} })).toThrow(
      /^[^ ]*x\.sweep\.yaml:4: model: expected a model file or a preset name, found "smal": no such file or preset \(/,
    );
    const size = join(dir, 'x.size.yaml');
    writeFileSync(size, 'model: nosuch\ndecide:\n  clusters[0].count: 32:64:32\n');
    expect(() => resolveSizing({ model: size })).toThrow(
      /^[^ ]*x\.size\.yaml:1: model: expected a model file or a preset name, found "nosuch": no such file or preset/,
    );
    // On the command line the name is the argument itself, as before.
    expect(() => prepareSweep({ model: 'nosuch', vary: ['clusters[0].count=1,2'], env: {} })).toThrow(
      /^nosuch: expected a model file or a preset name, found no such file or preset/,
    );
    // A path that names no file is a sweep file or a model not there (was 'expected a readable model file': the
    // user gave a sweep file's path, examples/nope.sweep.yaml, as size says since 3623f22).
    expect(() =>
      prepareSweep({ model: join(dir, 'examples', 'nope.sweep.yaml'), out: join(dir, 'o'), env: {} }),
    ).toThrow(
      /^[^ ]*nope\.sweep\.yaml: expected a sweep file or a model file \(YAML or JSON\), found no such file or folder/,
    );
  });

  it("a sweep file's own bad values name its line and field, and a misspelt vary: is not read as a model", () => {
    // Before: '--vary: facility.cooling.pue: expected a range lo:hi:step with lo <= hi' (a flag never typed),
    // '--duration: ...', and for 'vry:' the file read as a model: 'model: expected a known field'.
    const dir = tmp();
    const file = join(dir, 'bad.sweep.yaml');
    const sweep = (text: string) => {
      writeFileSync(file, `model: ${SMALL}\n${text}`);
      return () => prepareSweep({ model: file, out: join(dir, 'out'), env: {} });
    };
    writeFileSync(file.replace('bad', 'alone'), `model: ${SMALL}\nreplicates: 2\n`);
    expect(sweep('vary:\n  clusters[0].count: [32, 64]\n  facility.cooling.pue: "1.3:1.1:0.1"\n')).toThrow(
      /^.*bad\.sweep\.yaml:4: vary\.facility\.cooling\.pue: expected a range lo:hi:step with lo <= hi, found "1\.3:1\.1:0\.1"$/,
    );
    expect(sweep('vary:\n  clusters[0].count: [32, 64]\nduration: 3 parsecs\n')).toThrow(
      /^.*bad\.sweep\.yaml:4: duration: expected a duration like /,
    );
    // A value, a path or a set: entry of the file that the model refuses: the file's line and key too. They named
    // the model file and a flag never typed: 'small.yaml (--vary): facility.cooling.pue: ...', '(--set)'.
    expect(sweep('vary:\n  clusters[0].count: [32, 64]\n  facility.cooling.pue: [1.2, 0.5]\n')).toThrow(
      /^[^ ]*bad\.sweep\.yaml:4: vary\.facility\.cooling\.pue\[1\]: expected a number >= 1, found 0\.5$/,
    );
    expect(sweep('vary:\n  facility.cooling.pue:\n    - 1.2\n    - 0.5\n')).toThrow(
      /^[^ ]*bad\.sweep\.yaml:5: vary\.facility\.cooling\.pue\[1\]: expected a number >= 1, found 0\.5$/,
    );
    // A list where the paths' mapping goes: was 'vary: expected record, found a list of 1' (zod's word for a mapping).
    expect(sweep('vary:\n  - clusters[0].count\n')).toThrow(
      /^[^ ]*bad\.sweep\.yaml:3: vary: expected a mapping of fields, found a list of 1$/,
    );
    expect(sweep('vary:\n  facility.cooling.bogus: [1, 2]\n')).toThrow(
      /^[^ ]*bad\.sweep\.yaml:3: vary\.facility\.cooling\.bogus: expected a known field/,
    );
    expect(
      sweep('vary:\n  clusters[0].count: [32, 64]\nset:\n  - facility.cooling.pue=1.2\n  - supply[0].price=abc\n'),
    ).toThrow(/^[^ ]*bad\.sweep\.yaml:6: set\[1\]: supply\[0\]\.price: expected a price like .*, found "abc"$/);
    // The model's field beneath the file's key, where the key does not name it: a set: entry's, and a field inside
    // a section the key gives. Was 'set[1]: expected a price', 'set[0]: expected a number >= 1, found 0.5' (which field?)
    // and 'vary.facility.cooling: expected a number >= 1', not saying pue.
    expect(sweep('vary:\n  clusters[0].count: [32, 64]\nset: ["facility.cooling.pue=0.5"]\n')).toThrow(
      /^[^ ]*bad\.sweep\.yaml:4: set\[0\]: facility\.cooling\.pue: expected a number >= 1, found 0\.5$/,
    );
    expect(sweep('vary:\n  facility.cooling: ["{model: pue, pue: 1.2}", "{model: pue, pue: 0.5}"]\n')).toThrow(
      /^[^ ]*bad\.sweep\.yaml:3: vary\.facility\.cooling: facility\.cooling\.pue: expected a number >= 1, found 0\.5$/,
    );
    // The same on the command line still names the model and the flag.
    writeFileSync(file, `model: ${SMALL}\nvary:\n  clusters[0].count: [32, 64]\n`);
    expect(() =>
      prepareSweep({
        model: file,
        set: ['supply[0].price=abc'],
        vary: ['facility.cooling.pue=0.5'],
        out: join(dir, 'out'),
        env: {},
      }),
    ).toThrow(/small\.yaml \(--set\): supply\[0\]\.price: expected a price/);
    expect(() =>
      prepareSweep({ model: file, vary: ['facility.cooling.pue=0.5'], out: join(dir, 'out'), env: {} }),
    ).toThrow(/small\.yaml \(--vary\): facility\.cooling\.pue: expected a number >= 1, found 0\.5$/);
    expect(sweep('vry:\n  clusters[0].count: [32, 64]\n')).toThrow(
      /^.*bad\.sweep\.yaml:2: expected `vary:` beside `model:` \(a sweep file\), found "vry:"$/,
    );
    // A file of replicates alone runs as --replicates does on the command line (until 7 December 2026 it was refused
    // 'expected `vary:` beside `model:` (a sweep file), found no vary:', where `dcpsim sweep small.yaml
    // --replicates 2` ran): the model's spread over seeds, one point.
    const alone = resolveSpec({ model: file.replace('bad', 'alone') });
    expect(alone.vary).toEqual([]);
    expect(alone.replicates).toBe(2);
    expect(alone).toEqual({ ...resolveSpec({ model: SMALL, replicates: 2 }), model: alone.model, name: alone.name });
    expect(sweep('duration: 1d\n')).toThrow(
      /^.*bad\.sweep\.yaml:1: expected `vary:` beside `model:` \(a sweep file\), found no vary:$/,
    );
    // A sizing file given to sweep says which command takes it (was 'found no vary:').
    expect(sweep('decide:\n  clusters[0].count: "32:64:32"\n')).toThrow(
      /^.*bad\.sweep\.yaml:1: expected `vary:` beside `model:` \(a sweep file\), found decide: \(a sizing file: dcpsim size .*bad\.sweep\.yaml\)$/,
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('a sweep or sizing file refuses a number in another base than ten, as a model file does', () => {
    // A sweep file beginning %YAML 1.1 ran 'clusters[0].count: [010, 020]' as 8 and 16 chips, and a range written
    // unquoted, 8:16, as the one value 496 (base 60), exit 0; YAML 1.2's 0x10 was 16. The model file refused them (266dc2f).
    const dir = tmp();
    const file = join(dir, 'base.sweep.yaml');
    const sweep = (text: string) => {
      writeFileSync(file, text.replace('MODEL', SMALL));
      return () => prepareSweep({ model: file, out: join(dir, 'out'), env: {} });
    };
    expect(sweep('%YAML 1.1\n---\nmodel: MODEL\nvary:\n  clusters[0].count: [010, 020]\n')).toThrow(
      /^[^ ]*base\.sweep\.yaml:5: vary\.clusters\[0\]\.count\[0\]: expected a number in decimal digits, found 010 \(an octal number to YAML 1\.1: 8\)$/,
    );
    expect(sweep('%YAML 1.1\n---\nmodel: MODEL\nvary:\n  clusters[0].count: 8:16\n')).toThrow(
      /^[^ ]*base\.sweep\.yaml:5: vary\.clusters\[0\]\.count: expected a number in decimal digits \(or quoted, "8:16", to be read as written\), found 8:16 \(a base-60 number to YAML 1\.1: 496\)$/,
    );
    expect(sweep('model: MODEL\nvary:\n  seed: [0x10, 2]\n')).toThrow(
      /^[^ ]*base\.sweep\.yaml:3: vary\.seed\[0\]: expected a number in decimal digits, found 0x10 \(a hexadecimal number: 16\)$/,
    );
    const size = join(dir, 'base.size.yaml');
    writeFileSync(size, `%YAML 1.1\n---\nmodel: ${SMALL}\nminimize: cost\ndecide:\n  clusters[0].count: 0:30\n`);
    expect(() => resolveSizing({ model: size })).toThrow(
      /^[^ ]*base\.size\.yaml:6: decide\.clusters\[0\]\.count: expected a number in decimal digits \(or quoted, "0:30", to be read as written\), found 0:30 \(a base-60 number to YAML 1\.1: 30\)$/,
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
    // Quoted, each is read as before.
    expect(sweep('%YAML 1.1\n---\nmodel: MODEL\nvary:\n  clusters[0].count: "8:16"\n')).not.toThrow();
  });

  it("a quoted key's bad value names its --vary, --decide or sweep file line, as a word path's does", async () => {
    // Before: the model's error spells the field supply[0].carbon.factors.Nuclear [MW] and the varied path is
    // factors["Nuclear [MW]"]; they never matched, so a value only --vary gave was blamed on '(--set)', a flag never
    // typed, and a sweep file's line was lost ('small.yaml (--set): ...' for what bad.sweep.yaml:5 says).
    const dir = tmp();
    const mix = join(dir, 'mix.csv');
    const hours = Array.from({ length: 49 }, (_, h) => `${new Date(Date.UTC(2027, 2, 1, h)).toISOString()},500\n`);
    writeFileSync(mix, `timestamp,Nuclear [MW]\n${hours.join('')}`);
    const carbon = `supply[0].carbon={ file: "${mix}", factors: { "Nuclear [MW]": 12 g/kWh } }`;
    const bad = 'supply[0].carbon.factors["Nuclear [MW]"]=12,-5 g/kWh';
    const found = 'supply\\[0\\]\\.carbon\\.factors\\.Nuclear \\[MW\\]: expected carbon at least 0, found "-5 g/kWh"$';
    expect(() => prepareSweep({ model: SMALL, set: [carbon], vary: [bad], out: join(dir, 'out'), env: {} })).toThrow(
      new RegExp(`small\\.yaml \\(--vary\\): ${found}`),
    );
    await expect(
      runSizing({ model: SMALL, set: [carbon], decide: [bad], minimize: 'carbon_t', out: join(dir, 'size'), env: {} }),
    ).rejects.toThrow(new RegExp(`small\\.yaml \\(--decide\\): ${found}`));
    const file = join(dir, 'bad.sweep.yaml');
    writeFileSync(
      file,
      `model: ${SMALL}\nset:\n  - '${carbon}'\nvary:\n  'supply[0].carbon.factors["Nuclear [MW]"]': [12 g/kWh, -5 g/kWh]\n`,
    );
    expect(() => prepareSweep({ model: file, out: join(dir, 'out'), env: {} })).toThrow(
      /^[^ ]*bad\.sweep\.yaml:5: vary\.supply\[0\]\.carbon\.factors\["Nuclear \[MW\]"\]\[1\]: expected carbon at least 0/,
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect(existsSync(join(dir, 'size'))).toBe(false);
  });

  it('a duration varied in weeks is refused with its days: its column would be named _w, for watts', async () => {
    // Before: --vary 'workload.jobs[0].duration=1w,2w' ran and wrote the column workload.jobs[0].duration_w, holding
    // 1 and 2, which unitOf and a reader take for watts, and the closing table printed the points as "1 W" and "2 W".
    const dir = tmp();
    const found = /small\.yaml \(--vary\)|^--vary/;
    const message =
      /--vary: workload\.jobs\[0\]\.duration: expected a duration in s, min, h or d \(a varied column is in its first value's unit, and one in weeks, w, would read as watts\), found "1w" \(7d\)$/;
    for (const vary of ['workload.jobs[0].duration=1w,2w', 'workload.jobs[0].duration=0.5W,2w']) {
      const v = vary.endsWith('0.5W,2w') ? /found "0\.5W" \(3\.5d\)$/ : message;
      expect(() => prepareSweep({ model: SMALL, vary: [vary], out: join(dir, 'out'), env: {} }), vary).toThrow(v);
      expect(() => prepareSweep({ model: SMALL, vary: [vary], out: join(dir, 'out'), env: {} })).toThrow(found);
    }
    await expect(
      runSizing({
        model: SMALL,
        decide: ['workload.jobs[0].duration=1w,2w'],
        minimize: 'cost',
        out: join(dir, 'size'),
        env: {},
      }),
    ).rejects.toThrow(/^--decide: workload\.jobs\[0\]\.duration: expected a duration in s, min, h or d/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect(existsSync(join(dir, 'size'))).toBe(false);
    // Weeks after a first value in days are in its column (duration_d: 7, 14), and a power in W is a power.
    for (const vary of ['workload.jobs[0].duration=7d,2w', 'workload.jobs[0].duration=1 week,2 weeks'])
      expect(() => prepareSweep({ model: SMALL, vary: [vary], out: join(dir, 'out'), env: {} }), vary).not.toThrow();
    expect(() =>
      prepareSweep({ model: SMALL, vary: ['supply[0].import_cap=30000 W,40 kW'], out: join(dir, 'out2'), env: {} }),
    ).not.toThrow();
  });

  it("a base seed past 2^53 is refused as dcpsim run refuses it, not rounded to another sweep's", () => {
    // --seed 99999999999999999999 and 99999999999999999998 both ran as 1e20: the same seeds, the same rows, exit 0.
    for (const seed of [Number('99999999999999999999'), 2 ** 53, -(2 ** 53)]) {
      const dir = tmp();
      expect(() => prepareSweep({ model: SMALL, seed, out: dir, env: {} })).toThrow(
        /^--seed: expected a number (<=|>=) -?9007199254740991, found -?(9007199254740992|100000000000000000000)$/,
      );
      expect(existsSync(join(dir, 'sweep.json'))).toBe(false);
      expect(() =>
        resolveSizing({ model: SMALL, decide: ['supply[0].import_cap=30:40:10 kW'], minimize: 'cost', seed }),
      ).toThrow(/^--seed: expected a number/);
    }
    expect(prepareSweep({ model: SMALL, seed: 2 ** 53 - 1, out: tmp(), env: {} }).spec.seed).toBe(2 ** 53 - 1);
  });

  it('through the command: one line on stderr, exit 1', () => {
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'src', 'bin.mjs'), 'sweep', SMALL, '--vary', 'facility.cooling.pue=1:2:0', '--out', tmp()],
      { encoding: 'utf8', env: { ...process.env, CI: '1' } },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'dcpsim: error: --vary: facility.cooling.pue: expected a range lo:hi:step with a step other than 0, found "1:2:0"\n',
    );
  });
});

function optionsOf(args: string[]): Partial<SweepRunOptions> {
  const o: Partial<SweepRunOptions> & { vary: string[] } = { vary: [] };
  for (let i = 0; i < args.length; i += 2) {
    if (args[i] === '--vary') o.vary.push(args[i + 1]);
    if (args[i] === '--shard') o.shard = args[i + 1];
    if (args[i] === '--replicates') o.replicates = Number(args[i + 1]);
  }
  return o;
}

describe('stopped part way', () => {
  /** 3 PUEs x 2 replicates of 4 days: the command is stopped as the first result appears, with runs in flight and queued. */
  const LONG = ['--vary', 'facility.cooling.pue=1.1:1.3:0.1', '--replicates', '2', '--duration', '4d'];
  const LONG_OPTS: SweepRunOptions = {
    model: SMALL,
    vary: ['facility.cooling.pue=1.1:1.3:0.1'],
    replicates: 2,
    duration: '4d',
    env: {},
  };
  let whole: string | undefined;

  /** Start the sweep command, stop it with `signal` once `after` runs are complete, and wait for it to exit. */
  async function interrupt(
    dir: string,
    signal: NodeJS.Signals,
    after: number,
    workers: number,
  ): Promise<{ code: number | null; stderr: string }> {
    const child = cli(['sweep', SMALL, ...LONG, '--workers', String(workers), '--out', dir]);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // A run's hidden folder may be renamed into place while the listing walks it (src/output/files/commit.ts): count again next tick.
    const done = (): number => {
      try {
        return existsSync(join(dir, 'runs'))
          ? files(join(dir, 'runs')).filter((f) => f.endsWith('result.json')).length
          : 0;
      } catch {
        return 0;
      }
    };
    const exited = new Promise<number | null>((res) => child.on('exit', (code, sig) => res(code ?? (sig ? -1 : null))));
    await new Promise<void>((res) => {
      const t = setInterval(() => {
        if (done() >= after || child.exitCode !== null) {
          clearInterval(t);
          child.kill(signal);
          res();
        }
      }, 10);
    });
    return { code: await exited, stderr };
  }

  it('two processes started on the same sweep at once run each run once, and both end with the same tables', async () => {
    if (!whole) {
      whole = tmp();
      await runSweep({ ...LONG_OPTS, out: whole, workers: 2 });
    }
    const dir = tmp();
    const run = () => {
      const child = cli(['sweep', SMALL, ...LONG, '--workers', '1', '--out', dir]);
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      return new Promise<{ code: number | null; out: string }>((res) => child.on('exit', (code) => res({ code, out })));
    };
    const [a, b] = await Promise.all([run(), run()]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const ran = (o: string) => Number(/6 runs: (\d+) run now/.exec(o)![1]);
    expect(ran(a.out) + ran(b.out)).toBe(6);
    expect(read(dir)).toEqual(read(whole));
    expect(readdirSync(join(dir, 'claims'))).toEqual([]);
  });

  // One worker runs in the command's own thread (src/sweep/in-thread.ts), between slices of its runs.
  it.each([
    ['SIGINT', 2, 130],
    ['SIGTERM', 2, 143],
    ['SIGHUP', 2, 129],
    ['SIGKILL', 2, -1],
    ['SIGINT', 1, 130],
    ['SIGTERM', 1, 143],
  ] as const)('by %s on %i worker(s), then resumed, equals the uninterrupted sweep', async (signal, workers, code) => {
    if (!whole) {
      whole = tmp();
      await runSweep({ ...LONG_OPTS, out: whole, workers: 2 });
    }
    const dir = tmp();
    const stop = await interrupt(dir, signal, 1, workers);
    expect(stop.code).toBe(code);
    if (signal !== 'SIGKILL')
      expect(stop.stderr).toMatch(
        new RegExp(
          `^dcpsim: stopped by ${signal}: \\d of 6 runs complete, the runs in flight discarded; run the same command again to resume\\n$`,
        ),
      );
    expect(existsSync(join(dir, 'summary.csv'))).toBe(false);
    const results = files(dir).filter((f) => f.endsWith('result.json')).length;
    expect(results).toBeGreaterThanOrEqual(1);
    expect(results).toBeLessThan(6);
    // Ctrl-C, SIGTERM and SIGHUP leave no temporary file and no claim behind; a kill may, but nothing half-written has a final name.
    if (signal !== 'SIGKILL')
      expect(files(dir).filter((f) => f.endsWith('.tmp') || f.includes('/claims/'))).toEqual([]);
    // Every run folder left holds a complete run: its record beside its files.
    if (signal !== 'SIGKILL')
      for (const d of readdirSync(join(dir, 'runs')))
        expect(existsSync(join(dir, 'runs', d, 'result.json'))).toBe(true);
    for (const f of files(dir).filter((x) => x.endsWith('result.json')))
      expect(() => JSON.parse(readFileSync(f, 'utf8'))).not.toThrow();
    const r = await runSweep({ ...LONG_OPTS, out: dir, workers: 2 });
    expect(r.skipped).toBe(results);
    expect(r.ran).toBe(6 - results);
    expect(read(dir)).toEqual(read(whole));
  });
});
