/**
 * Reproducibility and provenance (issue 10.6): a run's files are the same
 * bytes for the same model, data and seed; the model hash covers the data
 * files' content, so a sweep reruns what changed; a run folder re-runs from
 * its own model.yaml; summary.json records what a reproduction needs; and
 * `validate` opens every data file the model names.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../src/run.ts';
import { prepareSweep, runSweep } from '../src/sweep/sweep.ts';
import { scenarioJsonSchema } from '../src/scenario.ts';

const ROOT = join(import.meta.dirname, '..');
const tmp = () => mkdtempSync(join(tmpdir(), 'dcpsim-prov-'));
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const cli = (args: string[], cwd = ROOT) =>
  spawnSync(process.execPath, [join(ROOT, 'src', 'bin.mjs'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  });

/**
 * A project folder like a user's: a model beside data/ with a price trace
 * (the first week of 2027, hourly) and an EPW, both by relative paths.
 */
function project(): { dir: string; model: string; price: string } {
  const dir = tmp();
  mkdirSync(join(dir, 'data'));
  const rows = ['timestamp,price'];
  for (let h = 0; h < 8760; h++)
    rows.push(
      `${new Date(Date.UTC(2027, 0, 1) + h * 3600e3).toISOString().slice(0, 19).replace('T', ' ')},${40 + (h % 24)}`,
    );
  const price = join(dir, 'data', 'price.csv');
  writeFileSync(price, `${rows.join('\n')}\n`);
  cpSync(join(ROOT, 'models/data/weather/USA_VA_Leesburg.Exec.epw'), join(dir, 'data', 'weather.epw'));
  const model = join(dir, 'site.yaml');
  writeFileSync(
    model,
    [
      'start: 2027-07-01',
      'duration: 2d',
      'step: 1h',
      'seed: 3',
      'clusters: [{ name: gpu, chip: H200, count: 64 }]',
      'workload: { jobs: [{ name: batch, cluster: gpu, rate: 12/h, chips: [1, 2, 4, 8], duration: 1h, duty: 0.8 }] }',
      'facility:',
      '  cooling: { model: chiller }',
      '  weather: { model: epw, file: data/weather.epw }',
      'supply: [{ kind: grid, price: { file: data/price.csv } }]',
      '',
    ].join('\n'),
  );
  return { dir, model, price };
}

const RUN_FILES = ['timeseries.csv', 'summary.json', 'summary.csv', 'model.yaml'];

describe('reproducibility', () => {
  it('two identical runs write byte-identical files; the run time is printed, not written', () => {
    const { model } = project();
    const [a, b] = [tmp(), tmp()];
    const ra = runScenario({ model, out: a });
    runScenario({ model, out: b });
    for (const f of RUN_FILES) expect(readFileSync(join(a, f), 'utf8'), f).toBe(readFileSync(join(b, f), 'utf8'));
    expect(readFileSync(join(a, 'summary.json'), 'utf8')).not.toContain('run_time');
    expect(ra.runTimeS).toBeGreaterThan(0);
    const r = cli(['run', model, '--out', tmp()]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/summary\.json in \d+\.\d\d s/);
  });

  it("the model hash covers the data files' content, not their names", () => {
    const p = project();
    const h0 = loadScenario({ model: p.model }).hash;
    expect(loadScenario({ model: p.model }).hash).toBe(h0);
    writeFileSync(
      p.price,
      readFileSync(p.price, 'utf8').replace('\n2027-01-01 00:00:00,40\n', '\n2027-01-01 00:00:00,41\n'),
    );
    const h1 = loadScenario({ model: p.model }).hash;
    expect(h1).not.toBe(h0);
    // The same content under another name and folder: the same hash.
    const other = tmp();
    cpSync(p.dir, other, { recursive: true });
    rmSync(join(other, 'site.yaml'));
    mkdirSync(join(other, 'm'));
    writeFileSync(join(other, 'm', 'site.yaml'), readFileSync(p.model, 'utf8').replaceAll('data/', '../data/'));
    expect(loadScenario({ model: join(other, 'm', 'site.yaml') }).hash).toBe(h1);
  });

  it('a sweep reruns the runs whose data changed, and skips them when nothing did', async () => {
    const p = project();
    const out = tmp();
    const opts = { model: p.model, vary: ['facility.cooling.cop=5,6'], out, workers: 1, env: {} };
    expect(await runSweep(opts)).toMatchObject({ runs: 2, ran: 2, failed: 0 });
    expect(prepareSweep(opts).tasks).toHaveLength(0);
    const before = readFileSync(join(out, 'summary.csv'), 'utf8');
    writeFileSync(p.price, readFileSync(p.price, 'utf8').replaceAll(',40\n', ',400\n'));
    expect(prepareSweep(opts).tasks).toHaveLength(2);
    expect(await runSweep(opts)).toMatchObject({ runs: 2, ran: 2, skipped: 0 });
    expect(readFileSync(join(out, 'summary.csv'), 'utf8')).not.toBe(before);
  }, 120_000);

  it('a run folder re-runs from its own model.yaml, from any working folder, to the same series', () => {
    const p = project();
    const first = join(p.dir, 'runs', 'first');
    expect(
      cli(['run', 'site.yaml', '--set', 'facility.cooling.cop=6', '--out', 'runs/first', '--quiet'], p.dir).status,
    ).toBe(0);
    // From the project, and from elsewhere, into another folder.
    const again = tmp();
    const r = cli(['run', join(first, 'model.yaml'), '--out', again, '--quiet'], tmpdir());
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(join(again, 'timeseries.csv'), 'utf8')).toBe(
      readFileSync(join(first, 'timeseries.csv'), 'utf8'),
    );
    const [s1, s2] = [first, again].map((d) => JSON.parse(readFileSync(join(d, 'summary.json'), 'utf8')));
    expect(s2.model.hash).toBe(s1.model.hash);
    expect(s2.energy_mwh).toEqual(s1.energy_mwh);
    expect(s2.cost_usd).toBe(s1.cost_usd);
    // validate gives the same hash for the run's model.yaml as for the model and its overrides.
    const v1 = cli(['validate', 'site.yaml', '--set', 'facility.cooling.cop=6'], p.dir);
    const v2 = cli(['validate', 'runs/first/model.yaml'], p.dir);
    expect(v1.stdout.match(/model hash (\w+)/)![1]).toBe(s1.model.hash);
    expect(v2.stdout.match(/model hash (\w+)/)![1]).toBe(s1.model.hash);
    // The preset's own run folder re-runs too (its data paths point back into models/data).
    const def = tmp();
    expect(cli(['run', 'default', '--duration', '1d', '--out', def, '--quiet']).status).toBe(0);
    const rerun = cli(['run', join(def, 'model.yaml'), '--out', tmp(), '--quiet'], tmpdir());
    expect(rerun.stderr).toBe('');
    expect(rerun.status).toBe(0);
  }, 60_000);

  it('summary.json records what a reproduction needs: version, resolved model, data files and their hashes, seed', () => {
    const p = project();
    const out = tmp();
    runScenario({ model: p.model, out });
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(s.dcpsim_version).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    expect(s.seed).toBe(3);
    expect(s.model.data).toEqual([
      { field: 'facility.weather.file', path: 'data/weather.epw', sha256: sha256(join(p.dir, 'data', 'weather.epw')) },
      { field: 'supply[0].price.file', path: 'data/price.csv', sha256: sha256(p.price) },
    ]);
    // Defaults applied, in base units: the chiller's COP, the step in seconds, the grid's export price.
    const m = s.model.resolved;
    expect(m.facility.cooling.cop).toBe(5.5);
    expect(m.step).toBe(3600);
    expect(m.seed).toBe(3);
    expect(m.supply[0].name).toBe('grid');
    // The model section is provenance, not figures: no table column comes from it.
    expect(readFileSync(join(out, 'summary.csv'), 'utf8').split('\n')[0]).not.toMatch(/(^|,)model\./);
  });
});

describe('validate opens every data file', () => {
  it('a missing weather file is the one-line error naming it, before anything runs', () => {
    const p = project();
    rmSync(join(p.dir, 'data', 'weather.epw'));
    const r = cli(['validate', p.model]);
    expect(r.status).toBe(1);
    // The model's line and field, then the file where it was looked for.
    expect(r.stderr.startsWith(`dcpsim: error: ${p.model}:`)).toBe(true);
    expect(r.stderr).toMatch(/^[^\n]*:\d+: facility\.weather\.file: expected a readable weather file, found /);
    expect(r.stderr.endsWith(`found ${join(p.dir, 'data', 'weather.epw')}: no such file or folder (ENOENT)\n`)).toBe(
      true,
    );
    // And a sweep of it stops before any run.
    const s = cli(['sweep', p.model, '--vary', 'facility.cooling.cop=5,6', '--out', tmp()]);
    expect(s.status).toBe(1);
    expect(s.stderr).toMatch(/weather\.file: expected a readable weather file, found .*weather\.epw: no such file/);
  });

  it('a data file with bad content fails validate as it would fail the run', () => {
    const p = project();
    writeFileSync(
      p.price,
      readFileSync(p.price, 'utf8').replace('\n2027-01-01 05:00:00,45\n', '\n2027-01-01 05:00:00,abc\n'),
    );
    // The file by a path that opens it from where dcpsim ran: in full from another tree, else from the working
    // folder. It was the model's 'data/price.csv', a file not there for a model run from another folder.
    const r = cli(['validate', p.model]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`dcpsim: error: ${p.price}:7: price: expected a number, found "abc"\n`);
    const up = cli(['validate', join(basename(p.dir), 'site.yaml')], dirname(p.dir));
    expect(up.stderr).toBe(
      `dcpsim: error: ${join(basename(p.dir), 'data', 'price.csv')}:7: price: expected a number, found "abc"\n`,
    );
    // A sweep of it stops before any run, as validate does (it used to fail every run).
    const out = tmp();
    expect(() =>
      prepareSweep({ model: p.model, vary: ['facility.cooling.cop=5,6'], out, workers: 1, env: {} }),
    ).toThrow(
      `${relative(process.cwd(), p.price).startsWith('..') ? p.price : relative(process.cwd(), p.price)}:7: price: expected a number, found "abc"`,
    );
  });
});

describe('the data files a model reads are found by their `file:` fields', () => {
  it('every schema field that names a path relative to the model is called `file` (so it is hashed and moved)', () => {
    const paths: string[] = [];
    const walk = (n: unknown, key: string): void => {
      if (Array.isArray(n)) return n.forEach((x) => walk(x, key));
      if (!n || typeof n !== 'object') return;
      const o = n as Record<string, unknown>;
      if (typeof o.description === 'string' && /relative to the model/i.test(o.description)) paths.push(key);
      for (const [k, v] of Object.entries(o)) {
        if (k === 'properties') for (const [pk, pv] of Object.entries(v as object)) walk(pv, pk);
        else walk(v, key);
      }
    };
    walk(scenarioJsonSchema(), '');
    expect(paths.length).toBeGreaterThanOrEqual(3);
    expect(new Set(paths)).toEqual(new Set(['file']));
  });
});
