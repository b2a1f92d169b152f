/**
 * The figures the README and docs/ quote from runs, against the runs: the same
 * commands the docs give, run now, and every quoted figure compared with what
 * they give, formatted as the prose writes it. A defect fix that moves a figure
 * then fails here, naming the document, the line and the figure quoted against
 * the one the run gives, instead of leaving the prose stale until someone reads
 * it by hand. (Commands that parse: tests/docs-commands.test.ts; the docs'
 * pandas lines: tests/docs-pandas.test.ts.)
 *
 * Checked: the README's `dcpsim diff runs/plan-smr runs/plan-fusion` block line
 * for line, its figures beside it and its sizing answer; docs/economics.md's
 * plan-smr/plan-fusion table, its 365/366-day LCOEs and plan-smr with O&M; docs/sizing.md's two
 * worked examples; docs/outputs.md's plan-smr and deepspeed figures;
 * docs/policies.md's carbon-aware preset; docs/economics.md's grid component
 * and the SMRs' exports; the LCOE beside unmet demand (plan-smr's SMRs alone, docs/economics.md and docs/outputs.md);
 * docs/models/workload.md's closing-table lines (gpt3-training's
 * run, the default's first week of inference) and frontier-1's lost wall time; and (6 December, doc62) docs/sweeps.md's
 * net cost beside the NPC (plan-smr, 10 days, 1 or 2 modules), docs/sizing.md's value-of-lost-load sizing at 20,000
 * and 2,000 $/MWh, its no-candidate error, its LOLE bounds of seed 3 and plan-smr's carbon-free share without SMRs,
 * docs/models/supply.md's fusion-2028 slip and plan-smr's exports and battery energy, docs/outputs.md's facility
 * energies to the last bits and docs/models/workload.md's queued-jobs wait line, the README's share of the first sizing
 * example's lattice and docs/sizing.md's 20 replicates' mean. Not checked (minutes of runs, or machine-dependent):
 * docs/sizing.md's replicated table, its pattern search's local optima (90 runs
 * of 30 days), grid-price and orbital sizings, and every timing.
 *
 * Fifteen processes in two lanes (two ten-year plan-smr runs added on 6 December, about 7 s of CPU), one a core: the eleven before the default's two (about 1 s more) took 27 s of CPU, 28 s of wall clock on
 * the 2-core development machine at a load average of 5 (42 s at 8). The ten doc62 added first (25 processes then: a sweep of 6 short runs,
 * three sizings of 21, 21 and 6 runs, a failing sizing of 7, five short runs) take about 6.5 s of CPU more: the file took
 * 46 s of CPU and 53 s of wall clock in all on 6 December, at a load average of about 4; then a sizing of 140 runs
 * (1.7 s).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from './helpers/read-csv.ts';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'src', 'bin.mjs');
const exec = promisify(execFile);
const OUT = mkdtempSync(join(tmpdir(), 'dcpsim-docs-figures-'));

/** `dcpsim ...args` as a user runs it (dist/, built by the suite's setup); its stdout. */
async function dcpsim(...args: string[]): Promise<string> {
  const { stdout } = await exec(process.execPath, [BIN, ...args], { cwd: ROOT, maxBuffer: 1 << 26 });
  return stdout;
}

/** summary.json and best.json, read as JSON. */
type Json = any;
const json = (folder: string, file = 'summary.json'): Json => JSON.parse(readFileSync(join(OUT, folder, file), 'utf8'));

/** A number as the prose writes it: grouped thousands, `d` decimals. */
const n = (x: number, d = 0): string =>
  x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
/** Rounded to a multiple of `step` (the prose's 12,840 t), then written as n does. */
const r = (x: number, step: number): string => n(Math.round(x / step) * step);
const M = (usd: number, d = 1): string => n(usd / 1e6, d);
const t = (kg: number): string => n(kg / 1000);

const docs = new Map<string, string>();
const doc = (name: string): string => {
  if (!docs.has(name)) docs.set(name, readFileSync(join(ROOT, name), 'utf8'));
  return docs.get(name)!;
};

/**
 * Where `template` occurs in the document, and what it quotes there against
 * `actual`, in order: each `{}` a figure (no spaces: `$626.1M`, `114,300`),
 * each `{*}` a phrase (`no battery`; it may wrap, and its spaces and line
 * breaks compare as one space). Whitespace in the template matches any run of
 * spaces and line breaks, as the prose wraps. A template the document no
 * longer holds is a failure too: the figure moved or was reworded, and this
 * test should follow it.
 */
function quotes(name: string, template: string, actual: string[]): string[] {
  const text = doc(name);
  const parts = template.split(/(\{\*?\})/);
  const source = parts
    .map((p, i) =>
      i % 2
        ? p === '{}'
          ? '(\\S+?)'
          : '([\\s\\S]+?)'
        : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'),
    )
    .join('');
  expect((parts.length - 1) / 2, `${name}: ${template}: one actual figure per {}`).toBe(actual.length);
  const found = [...text.matchAll(new RegExp(source, 'gd'))];
  if (found.length === 0) return [`${name}: no longer holds "${template}": update tests/docs-figures.test.ts`];
  const wrong: string[] = [];
  for (const m of found)
    actual.forEach((a, i) => {
      const q = m[i + 1].replace(/\s+/g, ' ');
      const line = text.slice(0, m.indices![i + 1]![0]).split('\n').length;
      if (q !== a) wrong.push(`${name}:${line}: quoted "${q}", the run gives "${a}" (in "${template}")`);
    });
  return wrong;
}

let smr: Json;
let fusion: Json;
let diff: string;
let smr365: Json;
let smr366: Json;
let smr366out: string;
let smr5y: Json;
let smr5ySalvage: number;
/** Its battery's capital as paid (cashflow.csv), to read the capacity it salvages at from its salvage. */
let smr5yCapital: number;
let smr365out: string;
/** plan-smr's two SMRs alone (no battery, no grid), its closing table; and with the grid, no battery. */
let smrAloneOut: string;
let smrAlone: Json;
let smrNoBattery: Json;
let sizeOut: string;
let size: Json;
let sizePoints: Record<string, string>[];
let deepspeedCarbon: number[];
let outageOut: string;
let outage: Json;
let gpt3: Json;
let deepspeed: Json;
let pjm: Json;
let pjm60: Json;
let caiso60: Json;
/** The default's first week as the closing table prints it, and its first 40 days (frontier-1 ends on day 39). */
let default7out: string;
let default40: Json;
/** docs/sweeps.md's net cost beside the NPC: plan-smr over 10 days, no battery, 1 or 2 modules, 3 replicates (points.csv). */
let smrSweep: Record<string, string>[];
/** docs/sizing.md's value of lost load on tests/fixtures/sizing-lole.yaml, at 20,000 and 2,000 $/MWh. */
let voll: { out: string; best: Json; points: Record<string, string>[] }[];
/** docs/sizing.md's sizing no candidate meets: the battery of the first example up to 16 MWh alone. */
let noneErr: string;
/** docs/models/supply.md's fusion-2028 slip line. */
let fusionOut: string;
/** docs/sizing.md's carbon-free share of plan-smr without its SMRs over 3 days, at 0, 400 and 800 MWh of battery. */
let noSmrCfe: number[];
/** docs/sizing.md's upper 95 % bounds on the LOLE of 6, 7 and 8 units (sizing-lole, 2 replicates, seed 3). */
let loleBounds: Record<string, string>[];
/** docs/models/workload.md's closing-table line of one H100 asked for ten fixed one-hour jobs an hour over a year. */
let queueOut: string;
/** docs/sizing.md's sizing of 7 units over 20 replicates: best.json. */
let lole20: Json;

// The README's sizing, as its tour writes it (the default objective, npc).
const SIZE = [
  'size',
  'plan-smr',
  '--duration',
  '365d',
  '--decide',
  'supply[0].units=0:4',
  '--decide',
  'supply[1].energy=0:800:100 MWh',
  '--require',
  'lole_h<=2',
  '--require',
  'cfe>=0.9',
];
// docs/sizing.md's first example.
const OUTAGE = [
  'size',
  'tests/fixtures/sizing-outage.yaml',
  '--decide',
  'supply[1].energy=10:30:1 MWh',
  '--decide',
  'supply[1].power=0.8:2:0.2 MW',
  '--set',
  'supply[1].costs.capital=150 $/kW',
  '--minimize',
  'npc',
  '--require',
  'unmet_mwh<=0',
];
// docs/outputs.md's and docs/economics.md's run that leaves demand unmet: plan-smr's SMRs without battery or grid.
const NO_BATTERY = ['--set', 'supply[1].energy=0 MWh'];
const NO_GRID = ['--set', 'supply[2].import_cap=0', '--set', 'supply[2].export_cap=0'];
const CAISO = 'supply[0].carbon={ file: data/grid-carbon/CAISO-2022-hourly.csv }';
// docs/sizing.md, "Pricing a shortfall instead of bounding it": its command, at 20,000 $/MWh and at 2,000.
const VOLL = (usd: string) => [
  'size',
  'tests/fixtures/sizing-lole.yaml',
  '--decide',
  'supply[0].units=3:9',
  '--minimize',
  'npc',
  '--set',
  'supply[0].price=0',
  '--set',
  'supply[0].costs={capital: 5000 $/kW, lifetime: 60y}',
  '--set',
  `economics={discount_rate: 7%, years: 20, value_of_lost_load: ${usd} $/MWh}`,
  '--replicates',
  '3',
  '--seed',
  '11',
  '--workers',
  '1',
];
// docs/models/workload.md's queue: one H100, ten jobs of a fixed hour an hour, a year, seed 1.
const QUEUE = `name: queue
start: 2027-01-01
duration: 365d
step: 1h
seed: 1
clusters:
  - { name: main, chip: H100, count: 1 }
workload:
  jobs:
    - { name: j, cluster: main, rate: 10/h, chips: 1, duration: 1h, distribution: fixed }
supply:
  - { kind: grid, price: 55 $/MWh, carbon: 363 g/kWh }
`;
/** A CSV's rows as records by header (points.csv, candidates.csv: no commas inside cells). */
const records = (path: string): Record<string, string>[] => {
  const c = readCsv(path);
  return c.rows.map((row) => Object.fromEntries(c.header.map((h, i) => [h, row[i]])));
};

beforeAll(async () => {
  const o = (f: string) => ['--out', join(OUT, f)];
  const lanes = [
    async () => {
      await dcpsim('run', 'plan-smr', ...o('plan-smr'));
      sizeOut = await dcpsim(...SIZE, '--workers', '1', ...o('size'));
      await dcpsim('run', 'pjm-carbon-aware-2028', '--duration', '60d', ...o('pjm60'));
      await dcpsim('run', 'plan-smr', '--set', 'economics.years=5', ...o('smr5y'));
      smrAloneOut = await dcpsim('run', 'plan-smr', ...NO_BATTERY, ...NO_GRID, ...o('smr-alone'));
      await dcpsim('run', 'pjm-carbon-aware-2028', '--duration', '60d', '--set', CAISO, ...o('caiso60'));
      default7out = await dcpsim('run', 'default', '--duration', '7d', ...o('default7'));
      await dcpsim('run', 'default', '--duration', '40d', ...o('default40'));
      await dcpsim(
        'sweep',
        'plan-smr',
        '--duration',
        '10d',
        '--set',
        'supply[1].energy=0 MWh',
        '--vary',
        'supply[0].units=1,2',
        '--replicates',
        '3',
        '--workers',
        '1',
        ...o('smr-sweep'),
      );
      for (const usd of ['20000', '2000']) await dcpsim(...VOLL(usd), ...o(`voll${usd}`));
      writeFileSync(join(OUT, 'queue.yaml'), QUEUE);
      queueOut = await dcpsim('run', join(OUT, 'queue.yaml'), ...o('queue'));
    },
    async () => {
      await dcpsim('run', 'plan-fusion', ...o('plan-fusion'));
      smr365out = await dcpsim('run', 'plan-smr', '--duration', '365d', ...o('smr365'));
      smr366out = await dcpsim('run', 'plan-smr', '--duration', '366d', ...o('smr366'));
      await dcpsim('run', 'plan-smr', ...NO_BATTERY, ...o('smr-nobattery'));
      outageOut = await dcpsim(...OUTAGE, '--workers', '1', ...o('outage'));
      await dcpsim('run', 'gpt3-training', ...o('gpt3'));
      await dcpsim('run', 'deepspeed-chat-13b', ...o('deepspeed'));
      await dcpsim('run', 'pjm-carbon-aware-2028', ...o('pjm'));
      // The error is the run's outcome: its stderr, the folder named as the doc's default --out names it.
      noneErr = await dcpsim(
        ...OUTAGE.slice(0, 2),
        '--decide',
        'supply[1].energy=10:16:1 MWh',
        '--require',
        'unmet_mwh<=0',
        '--workers',
        '1',
        ...o('none'),
      ).then(
        () => '(no error)',
        (e) => String(e.stderr).trim().replace(join(OUT, 'none'), 'runs/size-sizing-outage'),
      );
      // Its slip is drawn at the start, whatever the run's length.
      fusionOut = await dcpsim('run', 'fusion-2028', '--duration', '1d', ...o('fusion1d'));
      for (const mwh of [0, 400, 800])
        await dcpsim(
          'run',
          'plan-smr',
          '--duration',
          '3d',
          '--set',
          'supply[0].units=0',
          '--set',
          `supply[1].energy=${mwh} MWh`,
          ...o(`nosmr${mwh}`),
        );
      // docs/sizing.md's "Reliability from replicates is a sample" sizing, with `--replicates 20`.
      await dcpsim(
        'size',
        'tests/fixtures/sizing-lole.yaml',
        '--decide',
        'supply[0].units=3:9',
        '--minimize',
        'cost',
        '--require',
        'lole_h<=10',
        '--replicates',
        '20',
        '--seed',
        '11',
        '--workers',
        '1',
        ...o('lole20'),
      );
      // Every candidate run (a met bound, no pruning), to read each bound.
      await dcpsim(
        'size',
        'tests/fixtures/sizing-lole.yaml',
        '--decide',
        'supply[0].units=6:8',
        '--minimize',
        'cost',
        '--require',
        'ci95_hi(lole_h)<=1000',
        '--replicates',
        '2',
        '--seed',
        '3',
        '--search',
        'exhaustive',
        '--no-prune',
        '--workers',
        '1',
        ...o('lole3'),
      );
    },
  ];
  await Promise.all(lanes.map((lane) => lane()));
  diff = await dcpsim('diff', join(OUT, 'plan-smr'), join(OUT, 'plan-fusion'), '--changed');
  smr = json('plan-smr');
  fusion = json('plan-fusion');
  smr365 = json('smr365');
  smr366 = json('smr366');
  smr5y = json('smr5y');
  smrAlone = json('smr-alone');
  smrNoBattery = json('smr-nobattery');
  const flows = readCsv(join(OUT, 'smr5y', 'cashflow.csv'));
  const at = (h: string) => flows.header.indexOf(h);
  const batteryFlows = (category: string) =>
    flows.rows
      .filter((r) => r[at('component')] === 'battery' && r[at('category')] === category)
      .reduce((a, r) => a + Number(r[at('nominal_usd')]), 0);
  smr5ySalvage = batteryFlows('salvage');
  smr5yCapital = batteryFlows('capital');
  size = json('size', 'best.json');
  const points = readCsv(join(OUT, 'size', 'points.csv'));
  sizePoints = points.rows.map((row) => Object.fromEntries(points.header.map((h, i) => [h, row[i]])));
  outage = json('outage', 'best.json');
  gpt3 = json('gpt3');
  deepspeed = json('deepspeed');
  deepspeedCarbon = readCsv(join(OUT, 'deepspeed', 'timeseries.csv')).col('carbon_kg');
  pjm = json('pjm');
  pjm60 = json('pjm60');
  caiso60 = json('caiso60');
  default40 = json('default40');
  smrSweep = records(join(OUT, 'smr-sweep', 'points.csv'));
  voll = ['20000', '2000'].map((usd) => ({
    out: `voll${usd}`,
    best: json(`voll${usd}`, 'best.json'),
    points: records(join(OUT, `voll${usd}`, 'points.csv')),
  }));
  noSmrCfe = [0, 400, 800].map((mwh) => json(`nosmr${mwh}`).reliability.cfe_score);
  loleBounds = records(join(OUT, 'lole3', 'candidates.csv'));
  lole20 = json('lole20', 'best.json');
  // Some forty runs, sweeps and sizings in two lanes: they overran the config's 300 s hook timeout on a machine
  // running the suite twice over (7 December 2026: CI's clean clone and a land at once, load 13).
}, 1_200_000);

const src = (s: Json, name: string): Json => s.sources.find((x: Json) => x.name === name);
const comp = (s: Json, name: string): Json => s.economics.components.find((x: Json) => x.name === name);
/** A sizing's printed first line: `exhaustive search of 45 candidates: 45 run (...), 0 pruned`, and its counts. */
const searched = (out: string) => {
  const line = out.split('\n')[0];
  const m = /: (\w+ search of (\d+) candidates: (\d+) run \(.*?\), (\d+) pruned), in /.exec(line);
  if (!m) throw new Error(`no search line in: ${line}`);
  return { text: m[1], candidates: m[2], run: m[3], pruned: m[4] };
};
/** A decision as the prose says it: `no battery`, `700 MWh`. */
const battery = (energy: string): string => (energy === '0 MWh' ? 'no battery' : energy);

describe("the README's figures", () => {
  it('`dcpsim diff runs/plan-smr runs/plan-fusion` block: each line as the diff prints it', () => {
    const text = doc('README.md');
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.startsWith('$ npx dcpsim diff runs/plan-smr runs/plan-fusion'));
    expect(at, 'README.md: the `$ npx dcpsim diff runs/plan-smr runs/plan-fusion ...` block').toBeGreaterThan(0);
    const grep = /grep -E '([^']+)'/.exec(lines[at]);
    expect(grep, `README.md:${at + 1}: the block's grep`).not.toBeNull();
    const pattern = new RegExp(grep![1]);
    const printed = diff.split('\n').filter((l) => pattern.test(l));
    const end = lines.indexOf('```', at);
    const quoted = lines.slice(at + 1, end);
    const wrong: string[] = [];
    for (let i = 0; i < Math.max(quoted.length, printed.length); i++)
      if (quoted[i] !== printed[i])
        wrong.push(
          `README.md:${at + 2 + i}: quoted "${quoted[i] ?? '(nothing)'}", the diff prints "${printed[i] ?? '(nothing)'}"`,
        );
    expect(wrong).toEqual([]);
  });

  it('the plans beside the diff, the tour and the sizing answer', () => {
    const smrExport = smr.export_carbon_kg;
    const share = gpt3.training[0].electricity_share;
    const best = size.decisions;
    expect([
      ...quotes(
        'README.md',
        'The fusion PPA plus grid costs ${}M less over the ten years (NPC at 7 %) and {} times the',
        [M(smr.economics.npc_usd - fusion.economics.npc_usd, 0), n(fusion.carbon_kg / smr.carbon_kg, 1)],
      ),
      ...quotes('README.md', 'The {} t of the energy the SMRs export', [t(smrExport)]),
      ...quotes('README.md', 'GPT-3 as published: {} MWh, {} t CO2e; electricity < {} % of its cost', [
        n(gpt3.energy_mwh.facility),
        t(gpt3.carbon_kg),
        share < 0.01 ? '1' : n(share * 100, 1),
      ]),
      ...quotes('README.md', 'least NPC at 90 % carbon-free: {} SMRs, {*} (docs/sizing.md)', [
        best['supply[0].units'],
        battery(best['supply[1].energy']),
      ]),
    ]).toEqual([]);
  });
});

describe("docs/economics.md's plan-smr and plan-fusion", () => {
  it('the table and the prose around it', () => {
    const s = smr.economics;
    const f = fusion.economics;
    const sm = comp(smr, 'smr');
    const bat = comp(smr, 'battery');
    const grid = comp(smr, 'grid');
    const fus = comp(fusion, 'fusion');
    const fgrid = comp(fusion, 'grid');
    const smrSrc = src(smr, 'smr');
    const batSrc = src(smr, 'battery');
    const gridSrc = src(smr, 'grid');
    const doc = 'docs/economics.md';
    expect([
      ...quotes(doc, 'growing 15 % a year; {} MWh served)', [n(s.served_mwh)]),
      ...quotes(doc, '| NPC at 7 %, 10 years | ${}M: SMR capital ${}M, fuel ${}M and salvage −${}M', [
        M(s.npc_usd),
        M(sm.by_category.capital),
        M(sm.by_category.fuel),
        M(-sm.by_category.salvage),
      ]),
      ...quotes(doc, 'battery capital ${}M, salvage −${}M; the grid ${}M of energy less ${}M of exports |', [
        M(bat.by_category.capital),
        M(-bat.by_category.salvage),
        M(grid.by_category.energy),
        M(-grid.by_category.export_revenue),
      ]),
      ...quotes(doc, "| ${}M: the fusion PPA's take-or-pay ${}M; the grid ${}M less ${}M of exports |", [
        M(f.npc_usd),
        M(fus.npc_usd),
        M(fgrid.by_category.energy),
        M(-fgrid.by_category.export_revenue),
      ]),
      ...quotes(doc, '| site LCOE | ${}/MWh | ${}/MWh |', [n(s.lcoe_usd_per_mwh, 1), n(f.lcoe_usd_per_mwh, 1)]),
      ...quotes(
        doc,
        '| per source | SMR ${}/MWh, battery ${}/MWh (it cycles little: {} MWh out in ten years, {} equivalent full cycles, {} % of its capacity left) | fusion ${}/MWh',
        [
          n(sm.lcoe_usd_per_mwh, 1),
          n(bat.lcoe_usd_per_mwh),
          n(batSrc.energy_mwh),
          n(batSrc.detail.equivalent_full_cycles),
          n(batSrc.detail.capacity * 100),
          n(fus.lcoe_usd_per_mwh, 1),
        ],
      ),
      ...quotes(doc, "| carbon | {} t: the SMRs' {} TWh to the load and battery at 12 g/kWh ({} t;", [
        t(smr.carbon_kg),
        n((smrSrc.energy_mwh + smrSrc.to_storage_mwh) / 1e6, 2),
        t(smrSrc.carbon_kg),
      ]),
      ...quotes(doc, "and the grid's {} t; the {} t of the {} TWh the SMRs export", [
        t(gridSrc.carbon_kg),
        t(smr.export_carbon_kg),
        n(smrSrc.to_export_mwh / 1e6, 2),
      ]),
      ...quotes(doc, '24/7 CFE {} % | {} t; 24/7 CFE {} %', [
        n(smr.reliability.cfe_score * 100, 1),
        t(fusion.carbon_kg),
        n(fusion.reliability.cfe_score * 100, 1),
      ]),
      // With O&M and decommissioning at 22.2 $/MWh, charged on the energy its fuel is (6.1 $/MWh): the fuel's NPC scaled.
      ...(() => {
        const om = s.npc_usd + (sm.by_category.fuel * 22.2) / 6.1;
        return quotes(
          doc,
          "gives an NPC of ${}M and an LCOE of ${}/MWh (+{} %): `dcpsim run plan-smr --set 'supply[0].costs.variable_om=22.2 $/MWh'",
          [M(om), n((s.lcoe_usd_per_mwh * om) / s.npc_usd, 1), n((om / s.npc_usd - 1) * 100)],
        ).concat(quotes(doc, 'The fusion plan stays the cheaper by ${}M.', [M(om - f.npc_usd, 0)]));
      })(),
      ...quotes(doc, 'Owning the SMRs front-loads ${}M of capital', [M(sm.by_category.capital, 0)]),
      // The diff's categories sum to its NPC difference (they quoted -$247.1M and +$418.2M, where it is -$251.7M).
      ...quotes(doc, "the categories' B − A sum to the NPC's, −${}M: capital −${}M, salvage +${}M...", [
        M(s.npc_usd - f.npc_usd),
        M(s.by_category.capital - (f.by_category.capital ?? 0), 0),
        M(-(s.by_category.salvage ?? 0) + (f.by_category.salvage ?? 0)),
      ]),
      // The grid's component NPC and what the SMRs export (audit28 found 748,938 MWh quoted where the run exports 748,975).
      ...quotes(
        doc,
        "plan-smr's grid is −${}M, ${}M of energy less ${}M (discounted; ${}M as paid) for the {} MWh the SMRs export at ${}/MWh",
        [
          M(-grid.npc_usd),
          M(grid.by_category.energy),
          M(-grid.by_category.export_revenue),
          M(gridSrc.export_revenue_usd),
          n(smrSrc.to_export_mwh),
          n(gridSrc.export_revenue_usd / smrSrc.to_export_mwh, 2),
        ],
      ),
      // The LCOE by hand: the supplies' NPC over each year's served energy (facility less unmet) discounted at its end
      // (eco57 quoted $630.68M and 131.46 $/MWh, where the run gives $630.99M and 131.52).
      ...(() => {
        const served = smr.yearly.reduce(
          (a: number, y: Json, i: number) => a + (y.facility_mwh - y.unmet_mwh) / (1 + s.discount_rate) ** (i + 1),
          0,
        );
        return quotes(doc, "so plan-smr's ${}M over its years' {} discounted MWh is its {} $/MWh;", [
          M(s.supply_npc_usd, 2),
          n(served),
          n(s.supply_npc_usd / served, 2),
        ]);
      })(),
      ...quotes(doc, "plan-smr's months sum to −${}M, ${}M paid to the grid less ${}M earned by exports", [
        M(-smr.cost_usd),
        M(gridSrc.cost_usd),
        M(gridSrc.export_revenue_usd),
      ]),
    ]).toEqual([]);
  });

  it('a plan run for a year and a day, against a year', () => {
    const note = /\((years after [^)]*)\)/.exec(smr366out)?.[1] ?? '(no note printed)';
    const unseen = /(not seeing what changes after the run: [^(]*) \(/.exec(smr365out)?.[1] ?? '(no note printed)';
    expect([
      ...quotes('docs/economics.md', '`plan-smr --duration 366d` prints `{*}`, and one January day', [note]),
      ...quotes('docs/economics.md', '`plan-smr --duration 365d` prints `{*}` (its years', [unseen]),
      // A project shorter than the run (audit19 found these quoted stale: -$73.1M, NPC $381.3M, LCOE $125.2).
      // The capacity the salvage is by: −salvage = capital x (capacity − replace_at) / (1 − replace_at), replace_at 80 %.
      ...quotes(
        'docs/economics.md',
        'salvages its battery at {} % of nameplate, −${}M as paid\n  (NPC ${}M, LCOE ${}/MWh)',
        [
          n(100 * (0.8 + (0.2 * -smr5ySalvage) / smr5yCapital), 1),
          M(-smr5ySalvage),
          M(smr5y.economics.npc_usd),
          n(smr5y.economics.lcoe_usd_per_mwh, 1),
        ],
      ),
      // Salvaged by the capacity the ten-year run ended with instead: the NPC moves by the difference discounted
      // 5 years, the LCOE with the NPC (it quoted 89.5 %, -$46.8M, NPC $403.1M, LCOE $132.3, where these give 89.4 %,
      // -$46.5M, $403.4M, $132.4).
      ...(() => {
        const end = src(smr, 'battery').detail.capacity;
        const salvage = (-smr5yCapital * (end - 0.8)) / 0.2;
        const npc = smr5y.economics.npc_usd + (salvage - smr5ySalvage) / 1.07 ** 5;
        return quotes(
          'docs/economics.md',
          'where the capacity the run ended with, {} %, would give\n  −${}M (NPC ${}M, LCOE ${}/MWh);',
          [
            n(end * 100, 1),
            M(-salvage),
            M(npc),
            n((smr5y.economics.lcoe_usd_per_mwh * npc) / smr5y.economics.npc_usd, 1),
          ],
        );
      })(),
      ...quotes('docs/economics.md', '(LCOE {} $/MWh against {} at `--duration 365d`)', [
        n(smr366.economics.lcoe_usd_per_mwh, 1),
        n(smr365.economics.lcoe_usd_per_mwh, 1),
      ]),
    ]).toEqual([]);
  });
});

describe("docs/sizing.md's worked examples", () => {
  it('the battery that bridges a refuelling (tests/fixtures/sizing-outage.yaml)', () => {
    const s = searched(outageOut);
    const chosen = /^chosen: (.*)$/m.exec(outageOut)?.[1] ?? '(nothing chosen)';
    expect([
      ...quotes('docs/sizing.md', '# size size-sizing-outage: {*}, ...', [s.text]),
      ...quotes('docs/sizing.md', '# chosen: {*}\n```', [chosen]),
      ...quotes('docs/sizing.md', '20.07 MWh, and the sizing picks {} MWh,', [
        outage.decisions['supply[1].energy'].replace(/ MWh$/, ''),
      ]),
      ...quotes('docs/sizing.md', 'runs a part of it ({} of {} candidates in the example above;', [
        s.run,
        s.candidates,
      ]),
    ]).toEqual([]);
  });

  it("the README's campus sizing: SMR modules and battery at least NPC, 90 % carbon-free", () => {
    const s = searched(sizeOut);
    const d = size.decisions;
    const point = sizePoints.find(
      (p) =>
        p['supply[0].units'] === d['supply[0].units'] && `${p['supply[1].energy_mwh']} MWh` === d['supply[1].energy'],
    );
    expect(point, 'the chosen candidate in points.csv').toBeDefined();
    const cfe = size.requirements.find((q: Json) => q.requirement === 'cfe>=0.9').value;
    expect([
      ...quotes('docs/sizing.md', '{} candidates; the exhaustive search ran {} ({} pruned: the carbon-free share', [
        s.candidates,
        s.run,
        s.pruned,
      ]),
      ...quotes(
        'docs/sizing.md',
        "chose **{} modules and {*}: ${} M NPC, {} % carbon-free, {} t CO2 a year ({} t of it the SMRs' lifecycle carbon)**",
        [
          d['supply[0].units'],
          battery(d['supply[1].energy']),
          M(size.objective.npc_usd, 0),
          n(cfe * 100, 1),
          r(size.carbon_t, 10),
          r(Number(point!['sources.smr.carbon_kg.mean']) / 1000, 10),
        ],
      ),
      ...quotes('docs/sizing.md', "the README's example ({} candidates, {} run, a simulated year each)", [
        s.candidates,
        s.run,
      ]),
    ]).toEqual([]);
  });
});

describe('an LCOE beside unmet demand', () => {
  it("plan-smr's SMRs alone: the closing table's line in docs/economics.md, and the figures in docs/outputs.md", () => {
    // Quoted as 120.72 $/MWh over 117,595.8 MWh unmet (caac75b), and 115.83 with the grid, where the runs give 120.78,
    // 120,815.2 MWh and 115.87 (after 8d2f211's SMR trips).
    const line = /LCOE [^\n]*? served \(the run left [^\n]*?prices it in the NPC\)/.exec(smrAloneOut)?.[0] ?? '(none)';
    const unmet = smrAlone.energy_mwh.unmet;
    expect([
      ...quotes('docs/economics.md', 'its closing table and report say so beside the LCOE, `{*}`, and', [line]),
      ...quotes(
        'docs/outputs.md',
        'leave {} MWh ({} %) unmet over ten years and read {} $/MWh, beside {} with the grid as backup',
        [
          n(unmet),
          n((100 * unmet) / smrAlone.energy_mwh.facility, 1),
          n(smrAlone.economics.lcoe_usd_per_mwh, 2),
          n(smrNoBattery.economics.lcoe_usd_per_mwh, 2),
        ],
      ),
    ]).toEqual([]);
    expect(smrNoBattery.energy_mwh.unmet).toBe(0);
  });
});

describe("docs/outputs.md's figures", () => {
  it("plan-smr's net cost per IT MWh, and deepspeed-chat-13b's rows against its total", () => {
    const rows = deepspeedCarbon.reduce((a, x) => a + x, 0);
    expect([
      ...quotes('docs/outputs.md', 'plan-smr reads −{} $/MWh there, against an `economics.lcoe_usd_per_mwh` of {}:', [
        n(-smr.cost_usd_per_mwh_it, 2),
        n(smr.economics.lcoe_usd_per_mwh, 1),
      ]),
      ...quotes('docs/outputs.md', '(the {} one-minute rows of `deepspeed-chat-13b` sum to {} kg of', [
        n(deepspeedCarbon.length),
        n(rows, 4),
      ]),
      ...quotes('docs/outputs.md', "carbon against the total's {})", [n(deepspeed.carbon_kg, 4)]),
    ]).toEqual([]);
  });
});

describe("docs/policies.md's carbon-aware preset", () => {
  it('pjm-carbon-aware-2028 over its year, and PJM against CAISO over 60 days', () => {
    const p = pjm.policy;
    const doc = 'docs/policies.md';
    expect([
      ...quotes(
        doc,
        'each day save {} % of the carbon ({} t of {} t: {} t by drawing cleaner energy, {} t by drawing less) for {} % of the work done in the year, and lift the 24/7 CFE score by {} points; {} GWh move between hours, the peak import rises from {} to {} MW',
        [
          n(p.carbon_saved_share * 100, 1),
          t(p.carbon_saved_kg),
          r(p.baseline_carbon_kg / 1000, 100),
          t(p.carbon_saved_by_cleaner_energy_kg),
          t(p.carbon_saved_by_less_energy_kg),
          n(p.throughput_lost_share * 100, 1),
          n(p.cfe_score_change * 100, 1),
          n(p.energy_moved_out_mwh / 1000),
          n(p.baseline_peak_import_kw / 1000, 1),
          n(p.peak_import_kw / 1000, 1),
        ],
      ),
      ...quotes(doc, 'falls from {} to {} as paused runs keep their chips, and {} of {} jobs and runs', [
        n(p.baseline_goodput, 2),
        n(p.goodput, 2),
        n(p.deadline_misses),
        n(pjm.jobs.submitted),
      ]),
      ...quotes(doc, 'miss their deadlines ({} without the policy)', [n(p.baseline_deadline_misses)]),
      ...quotes(
        doc,
        "the same campus saves {} % against PJM's {} % over the first 60 days, for the same {} % of work",
        [
          n(caiso60.policy.carbon_saved_share * 100, 1),
          n(pjm60.policy.carbon_saved_share * 100, 1),
          n(pjm60.policy.throughput_lost_share * 100, 1),
        ],
      ),
      ...quotes(doc, 'On CAISO {} of its {} t are saved by drawing cleaner energy; on PJM {} of {} t,', [
        t(caiso60.policy.carbon_saved_by_cleaner_energy_kg),
        t(caiso60.policy.carbon_saved_kg),
        t(pjm60.policy.carbon_saved_by_cleaner_energy_kg),
        t(pjm60.policy.carbon_saved_kg),
      ]),
    ]).toEqual([]);
  });
});

describe("docs/models/workload.md's figures", () => {
  it("the closing table's training and inference lines, and frontier-1's lost wall time against the renewal result", () => {
    const doc = 'docs/models/workload.md';
    const g = gpt3.training[0];
    const chat = /inference chat: (\S+ \S+) tokens served, (\S+) J a token \((\S+) MWh of IT energy/.exec(default7out);
    expect(chat, `the default's 7-day closing table: ${default7out}`).not.toBeNull();
    const f = default40.training.find((r: Json) => r.name === 'frontier-1');
    // 1 - goodput = 1 - tau / ((e^{lambda (tau + delta)} - 1)(1/lambda + R)): 32,768 chips of 50,700 h, tau 15 min,
    // delta 1 min, R 10 min (default.yaml).
    const lambda = 32768 / 50700;
    const exact = 1 - 0.25 / ((Math.exp(lambda * (16 / 60)) - 1) * (1 / lambda + 1 / 6));
    expect([
      ...quotes(doc, '`run gpt3-175b: electricity ${}M, chip time ${}M: electricity is {}% of its cost`', [
        M(g.electricity_cost_usd, 2),
        M(g.chip_cost_usd, 2),
        n(g.electricity_share * 100, 1),
      ]),
      ...quotes(doc, '`inference chat: {} {} tokens served, {} J a token ({} MWh of IT energy', [
        ...chat![1].split(' '),
        chat![2],
        chat![3],
      ]),
      ...quotes(doc, "the default preset's frontier-1 run {} ({} of its {} hours) against {} exact", [
        n(1 - f.goodput, 3),
        n(f.wall_time_h - f.done_h, 1),
        n(f.wall_time_h, 1),
        n(exact, 3),
      ]),
    ]).toEqual([]);
  });
});

describe('figures the docs quote from runs of a second or so (doc62)', () => {
  it("docs/sweeps.md's net cost beside the NPC, and docs/sizing.md's value of lost load", () => {
    // Quoted as net cost -$9k for two modules (3 December), where the sweep gives -$5k since the SMRs' ramp fixes.
    const k = (usd: number) => `${usd < 0 ? '-' : ''}$${n(Math.abs(usd) / 1000)}k`;
    const at = (units: string) => smrSweep.find((p) => p['supply[0].units'] === units)!;
    const [high, low] = voll;
    const vp = (units: string, i = 0) => voll[i].points.find((p) => p['supply[0].units'] === units)!;
    const unmet = (units: string, i = 0) => Number(vp(units, i)['energy_mwh.unmet.mean']);
    const npc = (units: string, i = 0) => Number(vp(units, i)['economics.npc_usd.mean']);
    expect(unmet('8')).toBe(0);
    expect([
      ...quotes('docs/sweeps.md', 'modules, 3 replicates: net cost {} and {}, NPC ${}M and ${}M)', [
        k(Number(at('1')['cost_usd.mean'])),
        k(Number(at('2')['cost_usd.mean'])),
        M(Number(at('1')['economics.npc_usd.mean']), 0),
        M(Number(at('2')['economics.npc_usd.mean']), 0),
      ]),
      ...quotes(
        'docs/sizing.md',
        'chooses {} units: NPC ${}M, of which ${}M prices the {} MWh a year its replicates leave',
        [
          high.best.decisions['supply[0].units'],
          M(high.best.objective.npc_usd, 2),
          M(Number(vp(high.best.decisions['supply[0].units'])['economics.lost_load_npc_usd.mean']), 2),
          n(unmet(high.best.decisions['supply[0].units']), 1),
        ],
      ),
      ...quotes('docs/sizing.md', '(economics.value_of_lost_load): {} USD of the chosen', [
        n(Number(vp(high.best.decisions['supply[0].units'])['economics.lost_load_npc_usd.mean'])),
      ]),
      ...quotes('docs/sizing.md', '8 units lose none and cost ${}M, 6 lose {} MWh a year, ${}M).', [
        M(npc('8'), 2),
        n(unmet('6')),
        M(npc('6'), 2),
      ]),
      ...quotes('docs/sizing.md', 'At 2,000 $/MWh it chooses {} units (${}M, {} MWh a year unmet).', [
        low.best.decisions['supply[0].units'],
        M(low.best.objective.npc_usd, 2),
        n(unmet(low.best.decisions['supply[0].units'], 1)),
      ]),
    ]).toEqual([]);
  });

  it("docs/sizing.md's error when no candidate meets, its bounds that rise with capacity and its share not monotone", () => {
    // Quoted as unmet_mwh 2.570 (1 December), where it is 2.930: P x 12 h less 16 MWh x 0.8 x 0.9 with P = 1,204.2 kW.
    const bound = (units: string) => Number(loleBounds.find((c) => c['supply[0].units'] === units)!['ci95_hi(lole_h)']);
    expect([
      ...quotes('docs/sizing.md', '```\ndcpsim: error: {*}\n```\n\nThe closest candidate', [
        noneErr.replace(/^dcpsim: error: /, ''),
      ]),
      ...quotes('docs/sizing.md', 'seed 3: the bound on the LOLE {} h at 6 units, {} h at 7, {} h at 8)', [
        n(bound('6'), 1),
        n(bound('7'), 1),
        n(bound('8'), 1),
      ]),
      ...quotes('docs/sizing.md', '3 days: {} % carbon-free with no battery, {} % with 400 MWh, {} % with 800)', [
        ...noSmrCfe.map((c) => n(c * 100, 1)),
      ]),
    ]).toEqual([]);
  });

  it("docs/models/supply.md's fusion slip and plan-smr's exports, docs/outputs.md's last bits, docs/models/workload.md's queue", () => {
    const slip = /\(drawn: (a slip of [^)]*)\)/.exec(fusionOut)?.[1] ?? '(no slip printed)';
    const wait = /(mean wait at least [^)]*\))/.exec(queueOut)?.[1] ?? '(no wait printed)';
    expect([
      ...quotes('docs/models/supply.md', "fusion-2028's seed 42 prints `{*}`, the share", [slip]),
      ...quotes('docs/models/supply.md', 'where they export {} now, and its battery, which', [
        n(src(smr, 'smr').to_export_mwh),
      ]),
      ...quotes('docs/models/supply.md', 'gave 21,474 MWh where it gives {}. It ramps down', [
        n(src(smr, 'battery').energy_mwh),
      ]),
      ...quotes('docs/outputs.md', 'differs in its last bits ({} against {} MWh)', [
        n(smr.energy_mwh.facility, 9),
        n(fusion.energy_mwh.facility, 9),
      ]),
      ...quotes('docs/models/workload.md', 'which the closing table says: `{*}` for one H100', [wait]),
    ]).toEqual([]);
  });
});

describe('figures the docs quote beside runs the file makes anyway, and one more (doc62)', () => {
  it("the README's share of the first sizing example's lattice, docs/sizing.md's 20 replicates", () => {
    const s = searched(outageOut);
    expect([
      ...quotes('README.md', "runs a part of the lattice ({} of {} in docs/sizing.md's first example)", [
        s.run,
        s.candidates,
      ]),
      ...quotes('docs/sizing.md', '{} h with `--replicates 20`)', [
        lole20.decisions['supply[0].units'] === '7'
          ? n(lole20.requirements[0].value, 1)
          : `${lole20.decisions['supply[0].units']} units chosen`,
      ]),
    ]).toEqual([]);
  });
});
