/**
 * Error hygiene (issue 16.11): every file a command reads or writes, in
 * every way it can be wrong (missing, a folder, a path through a file, empty,
 * binary, a device, a pipe, a foreign file), gives the one-line error naming
 * the file and what was expected, exit status 1, never a parser's or the
 * system's raw words, and never the content of a file outside the model's
 * folder.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.ts';
import { checkScenario, loadScenario } from '../../src/run.ts';
import { diffRuns } from '../../src/output/terminal/diff.ts';
import { writePlots } from '../../src/output/charts/plot.ts';
import { writeReport } from '../../src/output/charts/report.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const RUN = join(ROOT, 'tests', 'fixtures', 'small-run');
const dir = mkdtempSync(join(tmpdir(), 'dcpsim-hygiene-'));
const put = (name: string, data: string | Buffer): string => {
  writeFileSync(join(dir, name), data);
  return join(dir, name);
};

/** Ways a file can be wrong, each a path to give where a file is expected. */
const FAULTS: Record<string, string> = {
  missing: join(dir, 'missing.csv'),
  folder: dir,
  'through a file': join(put('plain.txt', 'x'), 'x.csv'),
  empty: put('empty.csv', ''),
  binary: put('binary.csv', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))),
  'header only': put('header.csv', 'timestamp,value\n'),
  'wrong columns': put('columns.csv', 'when,what\nyesterday,much\n'),
  'one row': put('one-row.csv', 'timestamp,value\n2027-01-01 00:00:00,1\n'),
  // A quote opened and never closed: the reader ran to the end of the file looking for it (exit 70, no file named).
  'open quote': put('open-quote.csv', 'timestamp,value\n2027-01-01 00:00:00,1\n2027-01-01 01:00:00,"2\n'),
  device: '/dev/zero',
  fifo: join(dir, 'pipe.csv'),
  foreign: '/etc/passwd',
};
spawnSync('mkfifo', [FAULTS.fifo]);

/** The message of the InputError `f` throws (fails on anything else). */
function oneLine(f: () => unknown, label: string): string {
  try {
    f();
  } catch (e) {
    expect(e, `${label}: ${(e as Error)?.stack}`).toBeInstanceOf(InputError);
    const m = (e as Error).message;
    expect(m, label).not.toContain('\n');
    expect(m, label).not.toMatch(
      /Unexpected token|JSON at position|Invalid time value|ENOENT:|EISDIR:|ENOTDIR:|EACCES:|resource exhaustion|root:x:0/,
    );
    return m;
  }
  return 'accepted';
}

const PRESETS = ['default', 'smr-campus', 'fusion-2028', 'gpt3-training', 'orbital-50k-h100', 'bench-workload'];

/** The data-file roles a preset has, as overrides that point each at `path`. */
function roles(preset: string, path: string): [string, string[]][] {
  const raw = parseYaml(readFileSync(join(ROOT, 'models', `${preset}.yaml`), 'utf8')) as {
    clusters: { name: string }[];
    supply: { kind: string }[];
    facility?: { cooling?: { model?: string } };
  };
  const out: [string, string[]][] = [];
  if (raw.facility?.cooling?.model !== 'radiator') {
    out.push([
      'weather csv',
      ['facility.cooling={ model: chiller }', `facility.weather={ model: csv, file: ${path} }`],
    ]);
    out.push([
      'weather epw',
      ['facility.cooling={ model: chiller }', `facility.weather={ model: epw, file: ${path} }`],
    ]);
  }
  const g = raw.supply.findIndex((s) => s.kind === 'grid');
  if (g >= 0) {
    out.push(['carbon trace', [`supply[${g}].carbon={ file: ${path} }`]]);
    out.push(['price trace', [`supply[${g}].price={ file: ${path} }`]]);
  }
  // In these two a training run holds every chip: no room to serve from (refused for that, not for the file).
  if (!['gpt3-training', 'orbital-50k-h100'].includes(preset))
    out.push([
      'inference trace',
      [`workload.inference=[{ name: probe, cluster: ${raw.clusters[0].name}, chips: 8, trace: { file: ${path} } }]`],
    ]);
  return out;
}

describe('corpus: every data file of every preset, wrong in every way', () => {
  const cases = PRESETS.flatMap((p) =>
    Object.entries(FAULTS).flatMap(([fault, path]) =>
      roles(p, path).map(([role, set]) => ({ p, fault, path, role, set })),
    ),
  );

  it(`has at least 200 cases (${cases.length})`, () => expect(cases.length).toBeGreaterThanOrEqual(200));

  it("each is refused with one line naming the file, without a foreign file's content", () => {
    for (const c of cases) {
      const label = `${c.p} ${c.role} ${c.fault}`;
      const m = oneLine(() => checkScenario(loadScenario({ model: c.p, set: c.set })), label);
      expect(m, label).not.toBe('accepted');
      // The path as written (or the folder holding it) leads the message; a file that cannot be read at all
      // follows the model's field ('... found <path>: no such file or folder (ENOENT)').
      const named = m.startsWith(c.path) || m.startsWith(join(dir, 'plain.txt')) || m.includes(`, found ${c.path}: `);
      expect(named, `${label}: ${m}`).toBe(true);
    }
  });
});

describe('what the output commands read and write', () => {
  const run = (name: string, edit: (d: string) => void): string => {
    const d = join(dir, name);
    cpSync(RUN, d, { recursive: true });
    edit(d);
    return d;
  };
  const corrupt = run('corrupt', (d) => writeFileSync(join(d, 'summary.json'), '{"energy_mwh": {'));
  const binary = run('binary', (d) => writeFileSync(join(d, 'timeseries.csv'), readFileSync(FAULTS.binary)));
  const array = run('array', (d) => writeFileSync(join(d, 'summary.json'), '[1, 2]'));
  // A JSON object, but not a run's summary (another program's, or cut to '{}'): report died with
  // "Cannot read properties of undefined (reading 'name')" (exit 70), diff printed "seed undefined".
  const foreign = run('foreign', (d) => writeFileSync(join(d, 'summary.json'), '{}'));
  const wrongType = run('wrong-type', (d) => {
    const s = JSON.parse(readFileSync(join(d, 'summary.json'), 'utf8'));
    writeFileSync(join(d, 'summary.json'), JSON.stringify({ ...s, sources: 'x' }));
  });

  it.each([
    [
      'diff on a corrupt summary.json',
      () => diffRuns(RUN, corrupt, false),
      /corrupt\/summary\.json: expected a run's summary\.json \(a JSON object, as dcpsim writes it\), found text that is not JSON \(cut short or edited\?\)$/,
    ],
    [
      'report on a corrupt summary.json',
      () => writeReport(corrupt, join(dir, 'r.html')),
      /corrupt\/summary\.json: expected a run's summary\.json/,
    ],
    [
      'diff on a summary.json that is a list',
      () => diffRuns(RUN, array, false),
      /array\/summary\.json: expected a run's summary\.json .*found a list of 2$/,
    ],
    [
      'report on a summary.json that is an empty object',
      () => writeReport(foreign, join(dir, 'r-foreign.html')),
      /foreign\/summary\.json: model: expected an object \{ name, hash, \.\.\. \} \(a run's summary\.json, as dcpsim writes it\), found nothing$/,
    ],
    [
      'diff on a summary.json that is an empty object',
      () => diffRuns(RUN, foreign, false),
      /foreign\/summary\.json: model: expected an object/,
    ],
    [
      'diff on a summary.json whose sources is not a list',
      () => diffRuns(RUN, wrongType, false),
      /wrong-type\/summary\.json: sources: expected a list \(a run's summary\.json, as dcpsim writes it\), found "x"$/,
    ],
    [
      'plot on a binary series',
      () => writePlots(binary, join(dir, 'plots-b')),
      /binary\/timeseries\.csv:\d+: timestamp_utc: expected a date like 2027-01-01 00:00:00, found binary data \(not a text table\)$/,
    ],
    [
      'diff on a missing folder',
      () => diffRuns(RUN, join(dir, 'nowhere'), false),
      /nowhere: expected a run folder with summary\.json, found no such folder$/,
    ],
  ])('%s is one line naming the file', (_, f, message) => {
    expect(oneLine(f, String(_))).toMatch(message);
  });

  it('plot, report, run, sweep and size --out at a file, or through one, name the path and what it should be (CLI, exit 1)', () => {
    const file = put('taken', 'x');
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'src', 'bin.mjs'), ...args], {
        encoding: 'utf8',
        env: { ...process.env, CI: '1' },
      });
    const plot = cli('plot', RUN, '--out', file);
    expect(plot.status).toBe(1);
    expect(plot.stderr).toMatch(
      new RegExp(
        `^dcpsim: error: ${file}: expected a folder for the charts, found a file where the path needs a folder \\(ENOTDIR\\)\\n$`,
        'm',
      ),
    );
    const report = cli('report', RUN, '--out', join(file, 'r.html'));
    expect(report.status).toBe(1);
    expect(report.stderr).toMatch(
      /dcpsim: error: .*taken\/r\.html: expected a path for the HTML report \(a file in a folder that exists or can be made\), found a file where the path needs a folder \(ENOTDIR\)\n$/m,
    );
    // A report --out not ending .html was written there: over a run's summary.json (its figures lost, exit 0) or as
    // x.csv that a browser shows as text; a folder's path ('out/') said 'found a file where the path needs a folder'.
    mkdirSync(join(dir, 'other'), { recursive: true });
    const other = put('other/summary.json', '{"kept":true}');
    for (const [out, found] of [
      [other, "'summary.json'"],
      [join(dir, 'x.csv'), "'x.csv'"],
      [`${join(dir, 'newdir')}/`, "a folder's path \\('newdir/'\\): name the file in it, as .*newdir/report\\.html"],
      // A folder that exists, written without its slash, is a folder too (until 7 December 2026 'found 'other'').
      [join(dir, 'other'), "a folder's path \\('other/'\\): name the file in it, as .*other/report\\.html"],
    ]) {
      const r = cli('report', RUN, '--out', out);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(
        new RegExp(
          `^dcpsim: error: .*: expected a path for the HTML report ending \\.html or \\.htm \\(the file a browser opens as a page\\), found ${found}\\n$`,
        ),
      );
    }
    expect(readFileSync(other, 'utf8')).toBe('{"kept":true}');
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
    expect(cli('report', RUN, '--out', join(dir, 'r.HTM'), '-q').status).toBe(0);
    // Below a file, the run said 'found an existing file (EEXIST)' of taken/run, which does not exist (out59 noticed).
    const run = cli('run', join(ROOT, 'tests', 'fixtures', 'small.yaml'), '--out', join(file, 'run'));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /dcpsim: error: .*taken\/run: expected a folder it can write the run into, found a file where the path needs a folder \(ENOTDIR\)\n$/m,
    );
    // A sweep's and a sizing's folder below a file: 'expected a file or folder dcpsim can use' of the absolute path.
    const small = join(ROOT, 'tests', 'fixtures', 'small.yaml');
    for (const [args, role] of [
      [['sweep', small, '--duration', '1d'], 'sweep'],
      [
        ['size', small, '--decide', 'supply[0].import_cap=40:50:10 kW', '--minimize', 'carbon_t', '--duration', '1d'],
        'sizing',
      ],
    ] as const) {
      const out = join(file, role, 'x');
      const r = cli(...args, '--out', out, '--quiet');
      expect(r.status, role).toBe(1);
      expect(r.stderr).toBe(
        `dcpsim: error: ${out}: expected a folder for the ${role}, found a file where the path needs a folder (ENOTDIR)\n`,
      );
    }
    expect(readdirSync(dir)).toContain('taken');
  });
});

describe('the model file', () => {
  it('a YAML alias bomb is refused in our words', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++)
      levels.push(
        `${'abcdefgh'[i]}: &${'abcdefgh'[i]} [${Array(10)
          .fill(`*${'abcdefgh'[i - 1]}`)
          .join(', ')}]`,
      );
    const bomb = put('bomb.yaml', `${levels.join('\n')}\n`);
    expect(oneLine(() => loadScenario({ model: bomb }), 'bomb')).toBe(
      `${bomb}: expected YAML whose aliases (*name) expand to at most 100 copies of their anchors, found an alias expansion bomb (aliases of aliases)`,
    );
  });

  it('nesting deeper than any model says so in words, not as a JavaScript stack overflow', () => {
    // Was "expected valid YAML or JSON, found Maximum call stack size exceeded" (10,000 nested lists).
    for (const [name, text] of [
      ['deep.yaml', `name: x\nclusters: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
      ['deep.json', `{"name": "x", "clusters": ${'['.repeat(10_000)}${']'.repeat(10_000)}}\n`],
    ]) {
      const f = put(name, text);
      expect(oneLine(() => loadScenario({ model: f }), name)).toMatch(
        new RegExp(
          `^${f}:\\d+: expected valid YAML or JSON, found lists or maps nested too deep to read \\(thousands of levels\\)$`,
        ),
      );
    }
  });

  it('an alias with no anchor before it names the alias and its line, not a bomb', () => {
    // Before: 'expected YAML whose aliases (*name) expand to at most 100 copies ..., found an alias expansion bomb', no line.
    const text = readFileSync(join(ROOT, 'tests', 'fixtures', 'small.yaml'), 'utf8').replace(
      'clusters:\n',
      'clusters:\n  - *gpus\n',
    );
    const line = text.split('\n').indexOf('  - *gpus') + 1;
    const m = put('alias.yaml', text);
    expect(oneLine(() => loadScenario({ model: m }), 'alias')).toBe(
      `${m}:${line}: expected an alias (*name) after its anchor (&name), found *gpus with no &gpus before it`,
    );
  });

  it.each([
    [
      // A bare number of the wrong sign was told to take its unit, 'expected a power with its unit, like "-1 kW" or
      // "-1 MW" (...)', and "-1 kW" then 'expected power at least 0': -1, as other tools write 'no limit', is refused
      // for its sign (left out, the import is unlimited).
      'bare negative import cap',
      'supply: [{ kind: grid, import_cap: -1 }]',
      /m\.yaml:\d+: supply\[0\]\.import_cap: expected power at least 0, found -1$/,
    ],
    [
      'bare negative rating',
      'supply: [{ kind: smr, rating: -77 }, { kind: grid }]',
      /m\.yaml:\d+: supply\[0\]\.rating: expected power greater than zero, found -77$/,
    ],
    [
      'soc_min above soc_max',
      'supply: [{ kind: grid }, { kind: battery, energy: 1 MWh, power: 1 MW, soc_min: 0.9, soc_max: 0.2 }]',
      /m\.yaml:\d+: supply\[1\]\.soc_min: expected a soc_min at most soc_max \(0\.2\), found 0\.9$/,
    ],
    [
      // soc_min left at its default (10 %) above a soc_max of 5 %: it said 'found nothing', as if soc_min were missing.
      'soc_max below the default soc_min',
      'supply: [{ kind: grid }, { kind: battery, energy: 1 MWh, power: 1 MW, soc_max: 5% }]',
      /m\.yaml:\d+: supply\[1\]\.soc_min: expected a soc_min at most soc_max \(0\.05\), found none given, so 0\.1$/,
    ],
    [
      // Swapped thresholds: both held between 30 and 80 $/MWh, where the battery charged (silently) and never held.
      'battery thresholds swapped',
      'supply: [{ kind: battery, energy: 1 MWh, power: 1 MW, strategy: { by: price, charge_below: 80 $/MWh, discharge_above: 30 $/MWh } }, { kind: grid }]',
      /m\.yaml:\d+: supply\[0\]\.strategy\.charge_below: expected a charge_below at most discharge_above \(30 \$\/MWh\), found "80 \$\/MWh"$/,
    ],
    [
      // A bare price under 1 $/MWh in a battery's strategy said 'supply[0].strategy: expected one of the allowed forms
      // (see `dcpsim schema`), found an object {by, charge_below, discharge_above}', as did a missing threshold or a
      // misspelt `by`: the forms by carbon and by import refused it too, so no form's words were given.
      'bare $/kWh threshold in a battery strategy',
      'supply: [{ kind: battery, energy: 1 MWh, power: 1 MW, strategy: { by: price, charge_below: 30 $/MWh, discharge_above: 0.08 } }, { kind: grid }]',
      /m\.yaml:\d+: supply\[0\]\.strategy\.discharge_above: expected a price with its unit \(a bare number is \$\/MWh, and nothing is priced under 1 \$\/MWh\): "0\.08 \$\/kWh" or "0\.08 \$\/MWh", found 0\.08$/,
    ],
    [
      'battery strategy without its thresholds',
      'supply: [{ kind: battery, energy: 1 MWh, power: 1 MW, strategy: { by: carbon } }, { kind: grid }]',
      /m\.yaml:\d+: supply\[0\]\.strategy\.charge_below: expected a carbon intensity like "363 g\/kWh" or "0\.429 kg\/kWh", found nothing$/,
    ],
    [
      'battery strategy by a signal it has not',
      'supply: [{ kind: battery, energy: 1 MWh, power: 1 MW, strategy: { by: prices, charge_below: 30 $/MWh, discharge_above: 80 $/MWh } }, { kind: grid }]',
      /m\.yaml:\d+: supply\[0\]\.strategy\.by: expected one of "price", "carbon", "import", found "prices"$/,
    ],
    [
      // A strategy's by written as the strategy ('strategy: price', as 'auto' is written) said 'expected one of "auto",
      // found "price"': as if auto were the only strategy, the mappings that take price unsaid; then, until 7 December
      // 2026, 'or a mapping (see `dcpsim schema`)', the mapping's fields left to be found.
      'battery strategy by a word',
      'supply: [{ kind: battery, energy: 1 MWh, power: 1 MW, strategy: price }, { kind: grid }]',
      /m\.yaml:\d+: supply\[0\]\.strategy: expected one of "auto", "backup", or a mapping \(did you mean the mapping \{ by: price, charge_below, discharge_above \}, like \{ by: price, charge_below: 30 \$\/MWh, discharge_above: 80 \$\/MWh \}\?\), found "price"$/,
    ],
    [
      'battery strategy by a word for peak shaving',
      'supply: [{ kind: battery, energy: 1 MWh, power: 1 MW, strategy: peak-shaving }, { kind: grid }]',
      /m\.yaml:\d+: supply\[0\]\.strategy: expected one of "auto", "backup", or a mapping \(did you mean the mapping \{ by: import, limit \}, limit the most the grids carry, like \{ by: import, limit: 500 kW \}\?\), found "peak-shaving"$/,
    ],
    [
      'battery strategy written as a UPS',
      'supply: [{ kind: battery, energy: 1 MWh, power: 1 MW, strategy: UPS }, { kind: grid }]',
      /m\.yaml:\d+: supply\[0\]\.strategy: expected one of "auto", "backup", or a mapping \(did you mean "backup", a UPS: kept charged, it covers only what would otherwise be unmet\?\), found "UPS"$/,
    ],
    [
      'battery strategy by a word it does not know',
      'supply: [{ kind: battery, energy: 1 MWh, power: 1 MW, strategy: greedy }, { kind: grid }]',
      /m\.yaml:\d+: supply\[0\]\.strategy: expected one of "auto", "backup", or a mapping \(see `dcpsim schema`\), found "greedy"$/,
    ],
    [
      // A negative export price paid to export surplus that curtailing spills free: a take-or-pay fusion PPA over a
      // 40-day site exported 12.7 MWh at -20 $/MWh, $253 paid out, where curtailing it cost nothing more.
      'negative export price',
      'supply: [{ kind: grid, export_cap: 1 MW, export_price: -20 $/MWh }]',
      /m\.yaml:\d+: supply\[0\]\.export_price: expected price at least 0, found/,
    ],
    [
      // No grid to follow: the battery read a price of 0, charged from a load-following SMR's headroom at $70/MWh
      // against charge_below $30/MWh (130.8 kWh in 2 days, where auto charged 10.0) and held the rest of the time.
      'battery strategy without a grid',
      'supply: [{ kind: smr, units: 1, rating: 40 kW, mode: load-following }, { kind: battery, energy: 100 kWh, power: 20 kW, strategy: { by: price, charge_below: 30 $/MWh, discharge_above: 80 $/MWh } }]',
      /m\.yaml:\d+: supply\[1\]\.strategy\.by: expected a grid supply \(its price is the signal\), found "price"$/,
    ],
    [
      // A grid given no carbon is PJM's flat mean, 363 g/kWh every hour: the battery held empty all run, 0.0 kWh from it.
      'battery strategy by carbon on a grid given none',
      'supply: [{ kind: grid, price: 50 $/MWh }, { kind: battery, energy: 20 kWh, power: 5 kW, strategy: { by: carbon, charge_below: 300 g/kWh, discharge_above: 400 g/kWh } }]',
      /m\.yaml:\d+: supply\[1\]\.strategy\.by: expected a grid whose carbon intensity is given, the signal the strategy follows \(an hourly trace like carbon: \{ file: grid\.csv \}\), found supply\[0\] \(grid\) with no carbon, so PJM's 2022 mean, 363 g\/kWh, the same every hour$/,
    ],
    [
      // A grid given no price is PJM's flat 55.54 $/MWh every hour: charge_below 40, discharge_above 90 never moved it.
      'battery strategy by price on a grid given none',
      'supply: [{ kind: grid, carbon: 400 g/kWh }, { kind: battery, energy: 20 kWh, power: 5 kW, strategy: { by: price, charge_below: 40 $/MWh, discharge_above: 90 $/MWh } }]',
      /m\.yaml:\d+: supply\[1\]\.strategy\.by: expected a grid whose price is given, the signal the strategy follows \(time-of-use periods or an hourly trace like price: \{ file: prices\.csv \}\), found supply\[0\] \(grid\) with no price, so PJM's 2024 wholesale, 55\.54 \$\/MWh, the same every hour$/,
    ],
    [
      'wet-bulb basis without humidity',
      'facility: { cooling: { model: chiller, basis: wet_bulb } }\nsupply: [{ kind: grid }]',
      /m\.yaml:\d+: facility\.cooling\.basis: expected weather with humidity/,
    ],
    [
      'refuel offsets count',
      'supply: [{ kind: grid }, { kind: smr, units: 2, refuel: { offsets: [1d] } }]',
      /m\.yaml:\d+: supply\[1\]\.refuel\.offsets: expected at least one offset per unit \(2\), found a list of 1$/,
    ],
  ])('%s names the file, line and field, and exits 1', (_, tail, message) => {
    const m = put('m.yaml', `name: m\nduration: 2d\nclusters: [{ name: gpu, chip: H200, count: 64 }]\n${tail}\n`);
    expect(oneLine(() => checkScenario(loadScenario({ model: m })), String(_))).toMatch(message);
    const r = spawnSync(process.execPath, [join(ROOT, 'src', 'bin.mjs'), 'validate', m], {
      encoding: 'utf8',
      env: { ...process.env, CI: '1' },
    });
    expect(r.status).toBe(1);
    expect(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('dcpsim: error:')),
    ).toHaveLength(1);
  });

  it("a data file outside the model's folder is named, its content not quoted", () => {
    mkdirSync(join(dir, 'project'), { recursive: true });
    const m = put(
      'project/m.yaml',
      'name: m\nduration: 2d\nclusters: [{ name: gpu, chip: H200, count: 64 }]\nfacility: { cooling: { model: chiller }, weather: { model: csv, file: /etc/passwd } }\nsupply: [{ kind: grid }]\n',
    );
    const msg = oneLine(() => checkScenario(loadScenario({ model: m })), 'passwd');
    expect(msg).toMatch(
      /^\/etc\/passwd:1: expected a header: timestamp, temperature .*, found something else \(content not shown: the file is outside the model's folder\)$/,
    );
    // Inside the model's folder the content is quoted, to help.
    put('project/w.csv', 'secretstuff\n');
    const inside = oneLine(
      () => checkScenario(loadScenario({ model: m, set: ['facility.weather.file=w.csv'] })),
      'inside',
    );
    expect(inside).toContain('"secretstuff"');
  });
});
