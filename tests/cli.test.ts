/**
 * The command line as a terminal user meets it: through a pipe that closes
 * early, with typos in options, on a narrow terminal, in an old run folder.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'src', 'bin.mjs');
const SMALL = join(ROOT, 'tests', 'fixtures', 'small.yaml');
const RUN = join(ROOT, 'tests', 'fixtures', 'small-run');

function dcpsim(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
}
/** A shell pipeline, with pipefail so the first command's status counts. */
function pipeline(cmd: string) {
  return spawnSync('bash', ['-c', `set -o pipefail; ${cmd}`], { cwd: ROOT, encoding: 'utf8' });
}

describe('a closed pipe', () => {
  it('ends `dcpsim schema | head -1` quietly, status 0, no EPIPE stack', () => {
    const r = pipeline(`node ${BIN} schema | head -1`);
    expect(r.stdout).toBe('{\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('ends `dcpsim diff a b | true` (a reader gone before the first line) quietly', () => {
    const r = pipeline(`node ${BIN} diff ${RUN} ${RUN} | true`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('an empty path (an unset shell variable)', () => {
  it('is a usage error naming the option or argument; nothing is written to the current folder', () => {
    // Before: `sweep --out ''` wrote its sweep into the current folder and `plot --out ''` its charts, exit 0.
    const cwd = mkdtempSync(join(tmpdir(), 'dcpsim-empty-out-'));
    const sweep = `${cwd}.sweep.yaml`;
    writeFileSync(sweep, `model: ${SMALL}\nvary:\n  clusters[0].count: [32, 64]\nduration: 2h\nstep: 1h\n`);
    for (const [args, what] of [
      // It said "option '--out <dir>' argument '' is invalid. expected a path, ...", commander's words.
      [['sweep', sweep, '--out', '', '--workers', '1', '-q'], '--out'],
      [['plot', RUN, '--out', ''], '--out'],
      [['run', SMALL, '--out', '', '-q'], '--out'],
      [['diff', RUN, ''], '<runB>'],
    ] as const) {
      const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toBe(
        `dcpsim: error: ${what}: expected a path, found an empty string (an unset shell variable?) (see --help)\n`,
      );
      expect(readdirSync(cwd), args.join(' ')).toEqual([]);
    }
  }, 60_000);
});

describe.skipIf(process.platform !== 'linux')(
  'an output folder under /proc (mkdir says ENOENT under a folder that exists)',
  () => {
    it('is one line and status 1 for every command that writes, not a hang', () => {
      // `plot --out /proc/x` spun forever at 100 % CPU: Node's recursive mkdir retries the parent when mkdir says
      // ENOENT, and procfs says ENOENT for any new name (the same loop seen in other tools: oven-sh/bun#36162).
      const sweep = join(mkdtempSync(join(tmpdir(), 'dcpsim-proc-')), 'p.sweep.yaml');
      writeFileSync(sweep, `model: ${SMALL}\nvary:\n  clusters[0].count: [32, 64]\nduration: 2h\nstep: 1h\n`);
      for (const args of [
        ['plot', RUN, '--out', '/proc/dcpsim-x/plots'],
        ['run', SMALL, '--duration', '2h', '--out', '/proc/dcpsim-x/run', '-q'],
        ['sweep', sweep, '--out', '/proc/dcpsim-x/sweep', '--workers', '1', '-q'],
        ['report', RUN, '--out', '/proc/dcpsim-x/r.html', '-q'],
      ]) {
        const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
        expect(r.signal, args.join(' ')).toBeNull();
        expect(r.status, args.join(' ')).toBe(1);
        expect(r.stderr.replace(/^dcpsim: note: dist\/.*\n/m, ''), args.join(' ')).toMatch(
          /^dcpsim: error: [^\n]*\/proc\/dcpsim-x[^\n]*\n$/,
        );
      }
    }, 120_000);
  },
);

describe('usage errors', () => {
  it("commander's own errors carry the dcpsim: prefix, take one line and exit 2", () => {
    for (const args of [
      ['run', '--bogus'],
      ['run', SMALL, '--format', 'xyz'],
      ['diff'],
      ['nosuch'],
      ['sweep', SMALL, '--replicates', 'x'],
      // Commander's suggestion was a second line: "...unknown option '--sed'\n(Did you mean one of --seed, --set?)".
      ['run', SMALL, '--sed', '7'],
      ['rnu', SMALL],
    ]) {
      const r = dcpsim(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^dcpsim: error: [^\n]+\n$/);
    }
    expect(dcpsim('run', SMALL, '--sed', '7').stderr).toBe(
      "dcpsim: error: unknown option '--sed' (did you mean one of --seed, --set?) (see --help)\n",
    );
    // `dcpsim help` of a command there is not printed the whole help, 46 lines on stderr, naming nothing.
    const help = dcpsim('help', 'runn');
    expect(help.stderr).toBe("dcpsim: error: unknown command 'runn' (did you mean run?) (see --help)\n");
    expect(help.status).toBe(2);
    expect(dcpsim('help', 'run').stdout).toMatch(/^Usage: dcpsim run /);
  }, 60_000);

  it('a bad option value reads as every other error: the option, what was expected, what was found', () => {
    // Before: "option '--format <f>' argument 'xyz' is invalid. Allowed choices are csv, tsv, xlsx." and
    // "option '--replicates <n>' argument 'x' is invalid. expected an integer, found \"x\"", commander's words.
    for (const [args, line] of [
      [['run', SMALL, '--format', 'xyz'], '--format: expected one of csv, tsv, xlsx, found "xyz"'],
      [['run', SMALL, '--layout', 'tall'], '--layout: expected one of wide, long, found "tall"'],
      [['sweep', SMALL, '--replicates', 'x'], '--replicates: expected an integer, found "x"'],
      [['size', SMALL, '--search', 'fast'], '--search: expected one of auto, exhaustive, pattern, found "fast"'],
      // --series said the same but exited 1, as for a bad model; a value not among the choices is bad usage, 2.
      [['sweep', SMALL, '--series', 'some'], '--series: expected one of none, all, first, found "some"'],
      [['run', SMALL, '--format'], '--format: expected a value, found none'],
    ] as const) {
      const r = dcpsim(...args);
      expect(r.stderr, args.join(' ')).toBe(`dcpsim: error: ${line} (see --help)\n`);
      expect(r.status, args.join(' ')).toBe(2);
    }
  }, 60_000);

  it('an option out of its range is bad usage too, exit 2, as a malformed one is; a model value stays exit 1', () => {
    // Before: --workers x exited 2 and --workers 0 exited 1, the same mistake in two statuses.
    const vary = ['--vary', 'facility.cooling.pue=1.1,1.2'];
    const out = mkdtempSync(join(tmpdir(), 'dcpsim-range-'));
    for (const [args, line] of [
      [['sweep', SMALL, ...vary, '--workers', '0'], '--workers: expected a positive integer, found 0'],
      [['sweep', SMALL, ...vary, '--replicates', '0'], '--replicates: expected a positive integer, found 0'],
      [['sweep', SMALL, ...vary, '--shards', '0'], '--shards: expected a positive integer, found 0'],
      [['sweep', SMALL, ...vary, '--shard', '3/2'], '--shard: expected k/N with 1 <= k <= N, like 2/8, found "3/2"'],
      [['sweep', SMALL, ...vary, '--run-memory', '5'], '--run-memory: expected a whole number of MB >= 64, found 5'],
      [
        ['size', SMALL, '--decide', 'clusters[0].count=32,64', '--minimize', 'carbon', '--workers', '0'],
        '--workers: expected a positive integer, found 0',
      ],
    ] as const) {
      const r = dcpsim(...args, '--out', join(out, 'x'), '-q');
      expect(r.stderr, args.join(' ')).toBe(`dcpsim: error: ${line}\n`);
      expect(r.status, args.join(' ')).toBe(2);
      expect(existsSync(join(out, 'x')), args.join(' ')).toBe(false);
    }
    const model = dcpsim('sweep', SMALL, '--vary', 'facility.cooling.pue=0.5', '--out', join(out, 'y'), '-q');
    expect(model.stderr).toMatch(/^dcpsim: error: .*facility\.cooling\.pue: expected a number >= 1, found 0\.5\n$/);
    expect(model.status).toBe(1);
  }, 60_000);

  it("a sweep file's series: is kept unless --series is given (the option's default replaced it)", () => {
    // Before: `series: all` in the file kept no time series, and sweep.json said series none.
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-series-'));
    const file = join(dir, 'small.sweep.yaml');
    writeFileSync(file, `model: ${SMALL}\nvary:\n  clusters[0].count: [32, 64]\nduration: 2h\nstep: 1h\nseries: all\n`);
    const kept = (out: string) =>
      readdirSync(join(out, 'runs')).filter((id) => existsSync(join(out, 'runs', id, 'timeseries.csv'))).length;
    expect(dcpsim('sweep', file, '--out', join(dir, 'a'), '--workers', '1', '-q').status).toBe(0);
    expect(kept(join(dir, 'a'))).toBe(2);
    expect(JSON.parse(readFileSync(join(dir, 'a', 'sweep.json'), 'utf8')).series).toBe('all');
    expect(dcpsim('sweep', file, '--out', join(dir, 'b'), '--series', 'none', '--workers', '1', '-q').status).toBe(0);
    expect(kept(join(dir, 'b'))).toBe(0);
  }, 60_000);

  it('a bad model is exit 1, and every command documents the statuses in its help', () => {
    expect(dcpsim('run', 'no-such-model').status).toBe(1);
    for (const c of ['run', 'validate', 'schema', 'models', 'sweep', 'size', 'merge', 'plot', 'report', 'diff']) {
      const h = dcpsim(c, '--help');
      expect(h.status).toBe(0);
      expect(h.stdout, c).toMatch(/Exit status:[\s\S]*1 bad input[\s\S]*2 bad usage/);
      // A repeatable option (--set, --vary, --decide, --require) said "(repeatable) (default: [])", commander's words.
      expect(h.stdout, c).not.toContain('(default: [])');
    }
    // size said '130 stopped by Ctrl-C' alone, where it exits 143 on SIGTERM and 129 on SIGHUP as run and sweep do.
    for (const c of ['run', 'sweep', 'size']) expect(dcpsim(c, '--help').stdout, c).toMatch(/130[\s\S]*143[\s\S]*129/);
    // The top-level help, the first a user reads, listed 0, 1, 2 and 70 alone: not 3 (a sweep, sizing or merge with
    // failed runs) nor 128 + a signal's number (a run, sweep or sizing stopped), which the README lists.
    const top = dcpsim('--help').stdout;
    expect(top).toMatch(/3 a sweep, sizing or merge with failed runs/);
    expect(top).toMatch(/128 \+ the signal's number[\s\S]*130[\s\S]*143[\s\S]*129/);
    expect(top).toMatch(/none\s+of\s+whose\s+candidates\s+meets/);
    // merge exits 3 when a merged run failed, as sweep does; its help listed 0, 1, 2 and 70 alone.
    for (const c of ['sweep', 'size', 'merge'])
      expect(dcpsim(c, '--help').stdout, c).toMatch(/; 3 some\s+(runs|candidates)\s+failed/);
    // A merged sizing none of whose candidates meets its requirements exits 1, as size does; merge's help named only a
    // folder not the sweep's and missing runs.
    for (const c of ['size', 'merge'])
      expect(dcpsim(c, '--help').stdout, c).toMatch(
        /1 bad input[^;]*,\s+or\s+no\s+candidate\s+meets\s+the\s+requirements/,
      );
  }, 60_000);

  it("run's help names every file a run writes (it named 4 of plan-smr's 10 until 6 December 2026)", () => {
    const out = mkdtempSync(join(tmpdir(), 'dcpsim-help-files-'));
    expect(dcpsim('run', 'plan-smr', '--duration', '30d', '--out', out, '-q').status).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(10); // training runs, economics and SMR outages: every table a run writes
    const help = dcpsim('run', '--help').stdout;
    expect(files.filter((f) => !help.includes(f))).toEqual([]);
  }, 60_000);

  it("sweep's --case example, in its help and its error, runs on smr-campus, the preset the docs give it", () => {
    // It was 'smr-only: supply[1].capacity=0 MW; supply[0].units=3': smr-campus's supply[1] is its grid, which has no
    // capacity ('supply[1].capacity: expected a known field'), and default's supply[0] is a fusion PPA, with no units.
    const help = dcpsim('sweep', '--help').stdout.replace(/\s+/g, ' ');
    const error = dcpsim('sweep', 'smr-campus', '--case', 'a: nothing').stderr;
    const examples = [help, error].map((t) => /'(smr-only: [^']+)'/.exec(t)?.[1]);
    expect(examples[0]).toBeDefined();
    expect(examples[1]).toBe(examples[0]);
    const out = mkdtempSync(join(tmpdir(), 'dcpsim-case-'));
    const r = dcpsim('sweep', 'smr-campus', '--duration', '1h', '--case', examples[0]!, '--out', out, '-q');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 60_000);

  it("sweep's and size's --name give their default for a sweep or sizing file too", () => {
    // sweep's said '(default <model>-sweep)', where examples/portfolios.sweep.yaml writes runs/portfolios.sweep.
    const help = (c: string) => dcpsim(c, '--help').stdout.replace(/\s+/g, ' ');
    expect(help('sweep')).toContain(
      "--name <name> sweep name (default <model>-sweep; of a sweep file, its name: or the file's name, like portfolios.sweep)",
    );
    expect(help('size')).toContain("--name <name> name (default size-<model>, or a sizing file's name:)");
  });

  it('a misspelt preset name is called a preset, with the nearest one or where the list is', () => {
    // Before: 'defualt: expected a readable model file (YAML or JSON), found no such file or folder (ENOENT)'.
    const r = dcpsim('run', 'defualt');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'dcpsim: error: defualt: expected a model file or a preset name, found no such file or preset (did you mean default?)\n',
    );
    expect(dcpsim('sweep', 'smr-campos', '--replicates', '2').stderr).toMatch(
      /found no such file or preset \(did you mean smr-campus\?\)\n$/,
    );
    // The rule field names are suggested by (src/model/errors.ts, similar): a third of a long name's letters may differ.
    expect(dcpsim('validate', 'deepspeed-chat').stderr).toMatch(
      /found no such file or preset \(did you mean deepspeed-chat-13b\?\)\n$/,
    );
    expect(dcpsim('validate', 'nothing-like-it').stderr).toBe(
      'dcpsim: error: nothing-like-it: expected a model file or a preset name, found no such file or preset (`dcpsim models` lists the presets)\n',
    );
    // A path keeps the file's own words, and names the nearest file of its folder (it named none).
    expect(dcpsim('run', 'models/defualt.yaml').stderr).toBe(
      'dcpsim: error: models/defualt.yaml: expected a readable model file (YAML or JSON), found no such file (did you mean models/default.yaml?)\n',
    );
    expect(dcpsim('validate', 'models/nothing/x.yaml').stderr).toMatch(
      /expected a readable model file \(YAML or JSON\), found no such file or folder \(ENOENT\)\n$/,
    );
    // A path without its extension is the file with it: was '... found no such file or folder (ENOENT)'.
    expect(dcpsim('validate', 'models/gpt3-training').stdout).toMatch(/^models\/gpt3-training\.yaml: ok/);
    // A run folder for its model, as `dcpsim run runs/a` to run it again: was '... found a folder'.
    expect(dcpsim('run', RUN).stderr).toBe(
      `dcpsim: error: ${RUN}: expected a model file or a preset name, found a run folder (its model is ${join(RUN, 'model.yaml')})\n`,
    );
  });

  it('a sweep counts one run and one worker in the singular', () => {
    // It printed '1 runs, 0 already complete; 1 workers', '1 runs: 1 run now' and 'merged 1 runs'.
    const out = mkdtempSync(join(tmpdir(), 'dcpsim-one-'));
    const args = ['sweep', SMALL, '--vary', 'facility.cooling.pue=1.2', '--workers', '1', '--out', out];
    const a = dcpsim(...args, '--shard', '1/2');
    expect(a.stdout).toMatch(
      /^sweep small-sweep shard 1\/2: 1 run, 0 already complete; 1 worker \(in this thread\), \d+ MB each\n/,
    );
    expect(a.stdout).toMatch(/\nsweep small-sweep shard 1\/2: 1 run: 1 run now, 0 already complete, 0 failed, /);
    expect(dcpsim(...args, '--shard', '2/2').stdout).toMatch(/^sweep small-sweep shard 2\/2: 0 runs, /);
    // The workers that start, no more than the runs to do: '--workers 4' on a shard of 2 runs said '4 workers', and on
    // a shard whose runs were complete, '4 workers' that never started.
    const four = mkdtempSync(join(tmpdir(), 'dcpsim-four-'));
    const wide = ['sweep', SMALL, '--vary', 'facility.cooling.pue=1.2,1.3,1.4,1.5', '--workers', '4', '--out', four];
    const b = dcpsim(...wide, '--shard', '1/2');
    expect(b.stdout).toMatch(/^sweep small-sweep shard 1\/2: 2 runs, 0 already complete; 2 workers, \d+ MB each\n/);
    expect(dcpsim(...wide, '--shard', '1/2').stdout).toMatch(
      /^sweep small-sweep shard 1\/2: 2 runs, 2 already complete; nothing left to run\n/,
    );
    expect(dcpsim('merge', out).stdout).toBe(`merged 1 run: wrote ${join(out, 'summary.csv')} and points.csv\n`);
  });

  it("a missing data file is named with the model's line and field, and where it was looked for", () => {
    // Before: 'carbon.csv: expected a readable hourly trace (CSV), found no such file or folder (ENOENT)', naming
    // neither the model, its line nor the field, nor that the path is read from the model's folder.
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-data-'));
    const model = join(dir, 'm.yaml');
    writeFileSync(model, readFileSync(SMALL, 'utf8').replace('carbon: 400 g/kWh', 'carbon: { file: data/carbon.csv }'));
    const r = dcpsim('validate', model);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `dcpsim: error: ${model}:15: supply[0].carbon.file: expected a readable hourly trace (CSV), found ${join(dir, 'data', 'carbon.csv')}: no such file or folder (ENOENT)\n`,
    );
  });

  it('a bad --duration or --step names the flag, not --set', () => {
    const r = dcpsim('run', SMALL, '--duration', 'banana');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^dcpsim: error: --duration: expected a duration like .*found "banana"\n$/);
    expect(dcpsim('run', SMALL, '--step', '0s').stderr).toMatch(/^dcpsim: error: --step: /);
  });
});

describe("a command's own exit status", () => {
  it('dcpsim merge of a sweep with a failed run exits 3, as its help says (size and merge set it as they end)', () => {
    // Before: main() returned 0 after every action, over the 3 (or size's 130 after Ctrl-C) the action had set.
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-merge-'));
    expect(dcpsim('sweep', SMALL, '--replicates', '2', '--duration', '1d', '--out', dir, '-q').status).toBe(0);
    const rec = join(dir, 'runs', readdirSync(join(dir, 'runs')).find((d) => d.endsWith('-r1'))!, 'result.json');
    const { summary: _, ...r } = JSON.parse(readFileSync(rec, 'utf8'));
    writeFileSync(rec, JSON.stringify({ ...r, error: 'a failed run' }));
    const m = dcpsim('merge', dir, '-q');
    expect(m.stderr).toMatch(/^dcpsim: 1 run failed; see the error column of /);
    expect(m.status).toBe(3);
  }, 60_000);
});

describe('dcpsim models', () => {
  it('fits 80 columns with the text left-aligned', () => {
    const r = dcpsim('models');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(80);
    // Each preset's line starts with its name at column 0 and its description at one column.
    const starts = lines.filter((l) => /^\S/.test(l)).map((l) => l.search(/\s{2}\S/));
    expect(new Set(starts).size).toBe(1);
    expect(lines.find((l) => l.startsWith('default '))).toMatch(/^default\s+A 100 MW-class/);
  });

  it('fits a narrower terminal: beside the names at 60 columns, under them at 40', (ctx) => {
    if (spawnSync('script', ['--version']).status !== 0) ctx.skip();
    const at = (columns: number) =>
      spawnSync('script', ['-qfc', `stty cols ${columns}; node ${BIN} models`, '/dev/null'], {
        cwd: ROOT,
        encoding: 'utf8',
      })
        .stdout.replace(/\r/g, '')
        .trimEnd()
        .split('\n');
    // Was 80 columns wide at any width: each line broken again by the terminal, mid-word.
    for (const columns of [40, 60])
      for (const l of at(columns)) expect(l.length, `${columns}: ${l}`).toBeLessThanOrEqual(columns);
    expect(at(60).find((l) => l.startsWith('default '))).toMatch(/^default\s+A 100 MW-class/);
    const narrow = at(40);
    expect(narrow[narrow.indexOf('default') + 1]).toMatch(/^ {4}A 100 MW-class/);
  });

  it('reads COLUMNS where the terminal gives no width, as the progress line and wrapped prose do', (ctx) => {
    if (spawnSync('script', ['--version']).status !== 0) ctx.skip();
    // `stty cols 0`: a pseudo-terminal whose size nobody set (under script, some CI runners, editors). It printed
    // 80 columns wide, each line broken again by a 40-column terminal.
    const lines = spawnSync('script', ['-qfc', `stty cols 0; COLUMNS=40 node ${BIN} models`, '/dev/null'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .stdout.replace(/\r/g, '')
      .trimEnd()
      .split('\n');
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(40);
  });

  it('says of a sweep or sizing file kept in models/ what runs it (it was a preset with no description)', async () => {
    const { describeModelFile } = await import('../src/cli.ts');
    const sweep = { model: 'default.yaml', vary: { 'facility.cooling.cop': '4.5:7.5:1' } };
    expect(describeModelFile(sweep, 'cooling.sweep.yaml')).toBe('a sweep file: dcpsim sweep models/cooling.sweep.yaml');
    expect(describeModelFile({ model: 'plan-smr', decide: {} }, 'c.size.yaml')).toBe(
      'a sizing file: dcpsim size models/c.size.yaml',
    );
    expect(describeModelFile({ name: 'x', description: 'A campus' }, 'x.yaml')).toBe('A campus');
    expect(describeModelFile(null, 'empty.yaml')).toBe('');
  });
});

describe('a run into a folder that holds an older run', () => {
  it("leaves none of the old run's report, plots or other-format tables", () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-stale-'));
    cpSync(RUN, dir, { recursive: true });
    mkdirSync(join(dir, 'plots'));
    for (const f of ['report.html', 'plots/supply.svg', 'timeseries_long.csv', 'timeseries.tsv', 'summary.tsv'])
      writeFileSync(join(dir, f), 'old');
    writeFileSync(join(dir, 'notes.txt'), "the user's own file");
    const r = dcpsim('run', SMALL, '--out', dir, '-q');
    expect(r.status, r.stderr).toBe(0);
    for (const f of ['report.html', 'plots', 'timeseries_long.csv', 'timeseries.tsv', 'summary.tsv'])
      expect(existsSync(join(dir, f)), f).toBe(false);
    for (const f of ['timeseries.csv', 'summary.json', 'summary.csv', 'model.yaml', 'notes.txt'])
      expect(existsSync(join(dir, f)), f).toBe(true);
  });
});

describe('dcpsim diff', () => {
  it('leads with the key figures and keeps per-job figures to one line unless --jobs', async () => {
    const { diffSummaries, formatDiff } = await import('../src/output/terminal/diff.ts');
    const a = {
      energy_mwh: { facility: 10, losses: 1 },
      cost_usd: 5,
      training: [{ name: 'big', done_h: 3, lost_work_h: 1 }],
    };
    const b = {
      energy_mwh: { facility: 12, losses: 2 },
      cost_usd: 5,
      training: [{ name: 'big', done_h: 4, lost_work_h: 2 }],
    };
    const rows = diffSummaries(a, b);
    const text = formatDiff(rows, 'A', 'B', true);
    const lines = text.split('\n');
    expect(lines.findIndex((l) => l.startsWith('energy_mwh.facility'))).toBeLessThan(
      lines.findIndex((l) => l.startsWith('energy_mwh.losses')),
    );
    expect(text).not.toContain('training.big');
    expect(lines.at(-1)).toBe('2 per-job figures (training.*, inference.*) differ: --jobs lists them');
    expect(text).not.toContain('cost_usd'); // unchanged
    const all = formatDiff(rows, 'A', 'B', true, true);
    expect(all).toContain('training.big.done_h');
    expect(all).not.toContain('--jobs');
  });

  it('on a terminal narrower than the table, a long figure name on its own line with its figures under it', async () => {
    // Before, every row of the table (109 columns on the default preset: names up to 52 characters) wrapped at 80.
    const { diffSummaries, formatDiff } = await import('../src/output/terminal/diff.ts');
    const a = {
      energy_mwh: { it: 58703 },
      economics: { components: { grid: { by_category: { export_revenue: 1 } } } },
    };
    const b = {
      energy_mwh: { it: 56962 },
      economics: { components: { grid: { by_category: { export_revenue: 2 } } } },
    };
    const rows = diffSummaries(a, b);
    const wide = formatDiff(rows, 'A', 'B');
    expect(formatDiff(rows, 'A', 'B', false, false, undefined)).toBe(wide); // piped: as before
    expect(formatDiff(rows, 'A', 'B', false, false, 200)).toBe(wide); // a wide terminal: as before
    const narrow = formatDiff(rows, 'A', 'B', false, false, 60).split('\n');
    expect(Math.max(...narrow.map((l) => l.length))).toBeLessThanOrEqual(60);
    expect(narrow).toContain('economics.components.grid.by_category.export_revenue');
    const under = narrow[narrow.indexOf('economics.components.grid.by_category.export_revenue') + 1];
    expect(under).toMatch(/^ +USD +1 +2 +\+1 +\+100\.0%$/);
    const it = narrow.find((l) => l.startsWith('energy_mwh.it'));
    expect(it).toMatch(/^energy_mwh\.it +MWh +58,703 +56,962 +-1,741 +-3\.0%$/); // a short name keeps its line
    // Each figure's columns line up with the header's.
    const header = narrow[0];
    expect(under.indexOf('USD')).toBe(header.indexOf('unit'));
  });

  it('says when the two runs do not compare like for like: other spans of time, other project years or rates', async () => {
    // smr-campus (one project year) against plan-fusion (ten) read NPC +230 %, the years said only among 130 other figures.
    const { unlikeRuns } = await import('../src/output/terminal/diff.ts');
    const run = (duration_h: number, years: number, discount_rate = 0.07, escalation?: number) => ({
      start_utc: '2027-01-01 00:00:00',
      duration_h,
      economics: { years, discount_rate, ...(escalation !== undefined ? { escalation } : {}) } as never,
    });
    expect(unlikeRuns(run(720, 10), run(720, 10))).toEqual([]);
    expect(unlikeRuns(run(720, 1), run(720, 10))).toEqual([
      "A's economics are over 1 year at 7.0%, B's over 10 years at 7.0%: net present costs over different terms do not compare (economics.annualized_cost_usd and the LCOE do)",
    ]);
    expect(unlikeRuns(run(240, 10), run(480, 10, 0.05))).toEqual([
      'A covers 2027-01-01 + 10 days, B 2027-01-01 + 20 days: their totals are over different times',
      "A's economics are over 10 years at 7.0%, B's over 10 years at 5.0%: net present costs over different terms do not compare (nor, at another discount rate, do economics.annualized_cost_usd and the LCOE: the same flows cost more or less a year and a MWh)",
    ]);
    // The spans as the runs' closing tables give them: a start at 06:00 against one at midnight of the same day read
    // 'A covers 2027-01-01 + 2 days, B 2027-01-01 + 2 days: ... over different times', the two alike; 1.25 hours read
    // '0.05208 days'.
    const at = (start_utc: string, duration_h: number) => ({ start_utc, duration_h });
    expect(unlikeRuns(at('2027-01-01 00:00:00', 48), at('2027-01-01 06:00:00', 48))).toEqual([
      'A covers 2027-01-01 + 2 days, B 2027-01-01 06:00 UTC + 2 days: their totals are over different times',
    ]);
    expect(unlikeRuns(at('2023-04-01 00:00:00', 1.25), at('2027-01-01 00:00:00', 240))).toEqual([
      'A covers 2023-04-01 + 1.25 hours, B 2027-01-01 + 10 days: their totals are over different times',
    ]);
    // Escalation is a term too: the same flows escalating 3 % a year read NPC, annualised cost and LCOE 7.8 % higher
    // (5 years at 10 %), and the diff said nothing; at another discount rate the LCOE moved 1.4 % and the note said
    // it compared.
    expect(unlikeRuns(run(720, 10, 0.07, 0), run(720, 10, 0.07, 0.02))).toEqual([
      "A's economics are over 10 years at 7.0%, prices escalating 0.0% a year, B's over 10 years at 7.0%, prices escalating 2.0% a year: net present costs over different terms do not compare (nor, at another escalation, do economics.annualized_cost_usd and the LCOE: the same flows cost more or less a year and a MWh)",
    ]);
    expect(unlikeRuns(run(720, 10, 0.07, 0), run(720, 10, 0.07))).toEqual([]); // no escalation is 0 %
    expect(unlikeRuns({ duration_h: 24 }, { duration_h: 24 })).toEqual([]); // summaries without economics
    // One portfolio fell short: its LCOE is over what it served, and no NPC prices the rest (two SMRs alone read
    // 120.72 $/MWh with 1.8 % unmet beside 115.83 with the grid, and the diff said nothing of it).
    const served = (unmet: number) => ({
      ...run(720, 10),
      energy_mwh: { facility: 6_657_512.5, unmet } as never,
    });
    expect(unlikeRuns(served(117_595.8), served(0))).toEqual([
      'A left 117,596 MWh (1.8%) of its demand unmet, B none: an LCOE is over the energy served, and no NPC prices unmet energy, so they are not the costs of carrying the same load',
    ]);
    expect(unlikeRuns(served(0), served(1))).toEqual([
      'A left none of its demand unmet, B 1 MWh (<0.1%): an LCOE is over the energy served, and no NPC prices unmet energy, so they are not the costs of carrying the same load',
    ]);
    expect(unlikeRuns(served(0), served(1e-9))).toEqual([]); // a float residue is no shortfall
    // Two runs that leave the same energy unmet serve the same load (the note said they did not, eco63 noticed).
    expect(unlikeRuns(served(1000), served(1000))).toEqual([
      'A left 1,000 MWh (<0.1%) of its demand unmet, B 1,000 MWh (<0.1%): an LCOE is over the energy served, and no NPC prices unmet energy, so neither is the cost of carrying the whole load',
    ]);
    // With a value of lost load (economics.value_of_lost_load) the NPCs price it; the LCOEs still do not.
    const valued = (unmet: number, v?: number) => {
      const r = served(unmet);
      const e = { years: 10, discount_rate: 0.07, ...(v !== undefined ? { value_of_lost_load_usd_per_mwh: v } : {}) };
      return { ...r, economics: e as never };
    };
    expect(unlikeRuns(valued(117_595.8, 10_000), valued(0, 10_000))).toEqual([
      'A left 117,596 MWh (1.8%) of its demand unmet, B none: both NPCs price unmet energy at 10,000 $/MWh (economics.lost_load_npc_usd); an LCOE is over the energy served and leaves it out',
    ]);
    expect(unlikeRuns(valued(117_595.8, 10_000), valued(0, 10_000), valued(1, 10_000))).toEqual([
      'A left 117,596 MWh (1.8%) of its demand unmet, B none, C 1 MWh (<0.1%): every NPC prices unmet energy at 10,000 $/MWh (economics.lost_load_npc_usd); an LCOE is over the energy served and leaves it out',
    ]);
    expect(unlikeRuns(valued(117_595.8, 10_000), valued(0))).toEqual([
      "A left 117,596 MWh (1.8%) of its demand unmet, B none: A's NPC prices unmet energy at 10,000 $/MWh, B's not at all, and an LCOE is over the energy served, so they are not the costs of carrying the same load",
    ]);
    expect(unlikeRuns({ ...served(5), economics: undefined }, { ...served(0), economics: undefined })).toEqual([]);
    // A carbon price is a term of the NPC and the LCOE: one model (2.439 t of carbon a year, 2 years at 10 %) at
    // 100 $/t growing 5 % a year against 50 $/t read NPC 4,339 and 4,112 USD (carbon 243.9 x 1.8657 = 455.0 of it,
    // against 227.5), the same flows otherwise, and the diff said nothing of the prices.
    const carbon = (p?: number, g?: number) => ({
      ...run(720, 2, 0.1),
      economics: { years: 2, discount_rate: 0.1, carbon_price_usd_per_t: p, carbon_escalation: g } as never,
    });
    const unlike =
      ': net present costs and LCOEs at different carbon prices do not compare (economics.carbon_npc_usd is the part that pays carbon)';
    expect(unlikeRuns(carbon(100, 0.05), carbon(50, 0.05))).toEqual([
      `A's NPC prices carbon at 100 $/t growing 5.0% a year, B's at 50 $/t growing 5.0% a year${unlike}`,
    ]);
    expect(unlikeRuns(carbon(100, 0.05), carbon(100, 0), carbon())).toEqual([
      `A's NPC prices carbon at 100 $/t growing 5.0% a year, B's at 100 $/t growing 0.0% a year, C's not at all${unlike}`,
    ]);
    expect(unlikeRuns(carbon(100, 0.05), carbon(100, 0.05))).toEqual([]);
    expect(unlikeRuns(carbon(), carbon())).toEqual([]);
  });

  it("says a run's mean job wait is a lower bound where jobs were still queued at its end", async () => {
    // tests/fixtures/small.yaml's 2 days (all jobs done, mean wait 0.1054 h) against a 30-day site that ended with
    // 5,604 of 14,529 jobs still queued read 'jobs.mean_wait_h  0.1054  139.2  +139.1  +131971.9%', where B's run
    // table and report say 'mean wait at least 139.19 h (5,604 still queued at the end, their waits counted to it)'.
    const { unlikeRuns } = await import('../src/output/terminal/diff.ts');
    const jobs = (queued: number) => ({ jobs: { queued } as never });
    expect(unlikeRuns(jobs(0), jobs(5604))).toEqual([
      "B's jobs.mean_wait_h is a lower bound, at least its figure (5,604 still queued at the end, their waits counted to it)",
    ]);
    expect(unlikeRuns(jobs(1), jobs(0), jobs(20))).toEqual([
      "A's jobs.mean_wait_h is a lower bound, at least its figure (1 still queued at the end, its wait counted to it), C's too (20 still queued at the end, their waits counted to it)",
    ]);
    expect(unlikeRuns(jobs(0), jobs(0))).toEqual([]);
    expect(unlikeRuns({}, {})).toEqual([]); // summaries without jobs
  });

  it('sets three or more runs side by side, a column each, with the notes of all of them', async () => {
    // Five supply portfolios of one workload could be compared only two at a time: 'too many arguments for
    // 'diff'. Expected 2 arguments but got 3', exit 2.
    const { sideBySide, formatSideBySide, unlikeRuns } = await import('../src/output/terminal/diff.ts');
    const a = { energy_mwh: { facility: 10 }, cost_usd: 2e6, sources: [{ name: 'smr', energy_mwh: 10 }] };
    const b = { energy_mwh: { facility: 10 }, cost_usd: 3e6, sources: [{ name: 'grid', energy_mwh: 10 }] };
    const c = { energy_mwh: { facility: 10 }, cost_usd: 500, sources: [{ name: 'grid', energy_mwh: 10 }] };
    const rows = sideBySide([a, b, c]);
    expect(rows.map((r) => r.name)).toEqual([
      'energy_mwh.facility',
      'cost_usd',
      'sources.smr.energy_mwh',
      'sources.grid.energy_mwh',
    ]);
    expect(rows[3].values).toEqual([Number.NaN, 10, 10]);
    const text = formatSideBySide(rows, ['A', 'B', 'C']).split('\n');
    expect(text[0]).toMatch(/^figure +unit +A +B +C$/);
    // One unit and decimals for the row, by its largest: $M for all three, 500 USD as 0.0005000 (not 0.001).
    expect(text.find((l) => l.startsWith('cost_usd'))).toMatch(/^cost_usd +\$M +2\.000 +3\.000 +0\.0005000$/);
    expect(text.find((l) => l.startsWith('sources.smr.energy_mwh'))).toMatch(/MWh +10 +— +—$/);
    // --changed: the figures some run gives otherwise than the first; the facility energy is alike.
    const changed = formatSideBySide(rows, ['A', 'B', 'C'], true);
    expect(changed).not.toContain('energy_mwh.facility');
    expect(changed).toContain('sources.grid.energy_mwh');
    const run = (duration_h: number, years: number, unmet = 0) => ({
      start_utc: '2027-01-01 00:00:00',
      duration_h,
      economics: { years, discount_rate: 0.07 } as never,
      energy_mwh: { facility: 1000, unmet } as never,
    });
    expect(unlikeRuns(run(240, 10), run(240, 10), run(480, 1, 20))).toEqual([
      'A covers 2027-01-01 + 10 days, B 2027-01-01 + 10 days, C 2027-01-01 + 20 days: their totals are over different times',
      "A's economics are over 10 years at 7.0%, B's over 10 years at 7.0%, C's over 1 year at 7.0%: net present costs over different terms do not compare (economics.annualized_cost_usd and the LCOE do)",
      'A left none of its demand unmet, B none, C 20 MWh (2.0%): an LCOE is over the energy served, and no NPC prices unmet energy, so they are not the costs of carrying the same load',
    ]);
    const r = dcpsim('diff', RUN, RUN, RUN, '--changed');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 3).map((l) => l.slice(0, 3))).toEqual(['A: ', 'B: ', 'C: ']);
    expect(lines[3]).toMatch(/^figure +unit +A +B +C$/);
    expect(lines).toHaveLength(5); // nothing differs: the header alone, then the closing newline
    // And from the library, as diffRuns (it was not exported).
    const lib = await import('../src/index.ts');
    expect(lib.compareRuns([RUN, RUN, RUN], true).text).toBe(r.stdout);
    expect(lib.sideBySide([a, b, c])).toEqual(rows);
  });

  it('given a sweep folder or no folder, says which (both were "found no summary.json")', () => {
    const sweep = mkdtempSync(join(tmpdir(), 'dcpsim-diff-sweep-'));
    writeFileSync(join(sweep, 'points.csv'), 'point\n');
    expect(dcpsim('diff', RUN, sweep).stderr).toBe(
      `dcpsim: error: ${sweep}: expected a run folder with summary.json, found a sweep folder (each run's summary.json is in ${join(sweep, 'runs')}/<run id>/)\n`,
    );
    expect(dcpsim('diff', join(sweep, 'nope'), RUN).stderr).toBe(
      `dcpsim: error: ${join(sweep, 'nope')}: expected a run folder with summary.json, found no such folder\n`,
    );
  });

  it("a summary.json that is a JSON object but not a run's is bad input, exit 1, for diff and report alike", () => {
    // Was, for '{}': report exit 70 "Cannot read properties of undefined (reading 'name')"; diff exit 0 with
    // 'B: ... (?, seed undefined, model ?)' and 'B undefined + 0 days'.
    const other = mkdtempSync(join(tmpdir(), 'dcpsim-diff-foreign-'));
    cpSync(RUN, other, { recursive: true });
    writeFileSync(join(other, 'summary.json'), '{}');
    const said = `dcpsim: error: ${join(other, 'summary.json')}: model: expected an object { name, hash, ... } (a run's summary.json, as dcpsim writes it), found nothing\n`;
    for (const r of [dcpsim('diff', RUN, other), dcpsim('report', other)]) {
      expect(r.stderr).toBe(said);
      expect(r.status).toBe(1);
    }
    expect(existsSync(join(other, 'report.html'))).toBe(false);
  });
});

describe('the README examples', () => {
  it('the library example resolves presets by name and by package path from another folder', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'dcpsim-user-'));
    const script = `import { resolveModel } from ${JSON.stringify(join(ROOT, 'src', 'index.ts'))};
      console.log(JSON.stringify(['default', 'models/default.yaml', 'default.yaml'].map(resolveModel)));`;
    const r = spawnSync(
      process.execPath,
      ['--import', join(ROOT, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs'), '--input-type=module', '-e', script],
      { cwd, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(Array(3).fill(join(ROOT, 'models', 'default.yaml')));
  });

  it('the sweep and sizing files of examples/ run from another folder, found in the package as the presets are (out56)', () => {
    // Was, from any folder but the package's: the sweep file read as a model ('portfolios.sweep.yaml:7: model: expected
    // a known field ... found unknown field "model"'), the sizing file as a model with no decisions ('--decide: expected
    // at least one decision'), though `dcpsim run models/default.yaml` ran.
    const cwd = mkdtempSync(join(tmpdir(), 'dcpsim-user-'));
    // Each a day at daily rows, one replicate, one worker.
    const at = (command: string) =>
      spawnSync(process.execPath, [BIN, ...`${command} --duration 1d --replicates 1 --workers 1 -q`.split(' ')], {
        cwd,
        encoding: 'utf8',
        timeout: 120_000,
      });
    const sweep = at('sweep examples/portfolios.sweep.yaml --step 1d');
    expect(sweep.stderr).toBe('');
    expect(sweep.status).toBe(0);
    const points = readFileSync(join(cwd, 'runs', 'portfolios.sweep', 'points.csv'), 'utf8').split('\n');
    expect(points.slice(1, 5).map((l) => l.split(',')[0])).toEqual([
      'smr-and-grid',
      'smr-only',
      'three-smrs-only',
      'fusion-battery-grid',
    ]);
    const size = at('size examples/campus.size.yaml --set step=1d');
    expect(size.stderr).toBe('');
    expect(size.status).toBe(0);
    expect(existsSync(join(cwd, 'runs', 'size-campus', 'candidates.csv'))).toBe(true);
  });

  it("the sweep example's month runs the chiller: cooling energy falls as the COP rises", async () => {
    const { runScenario } = await import('../src/run.ts');
    const cooling = (cop: number) =>
      runScenario({
        model: 'default',
        duration: '7d',
        step: '1d',
        set: ['start=2027-07-01', `facility.cooling.cop=${cop}`],
        series: false,
        out: mkdtempSync(join(tmpdir(), 'dcpsim-cop-')),
      }).summary.energy_mwh.cooling;
    expect(cooling(7.5)).toBeLessThan(cooling(4.5) * 0.9);
  }, 60_000);
});

describe('started in a folder deleted since', () => {
  it('says the current folder is gone, in one line, where a preset is looked up', () => {
    // A scratch folder purged under a shell still in it: every relative path resolves against it. Before: 'dcpsim:
    // error: expected a file or folder dcpsim can use, found no such file or folder (ENOENT)', naming nothing.
    // A model and --out given as absolute paths still work there; a preset needs it.
    for (const args of [
      ['validate', 'default'],
      ['run', 'default', '--duration', '1d', '--out', join(tmpdir(), 'never-written')],
    ]) {
      const dir = mkdtempSync(join(tmpdir(), 'dcpsim-gone-'));
      const r = spawnSync('sh', ['-c', 'cd "$0" && rmdir "$0" && exec "$@"', dir, process.execPath, BIN, ...args], {
        encoding: 'utf8',
        env: { ...process.env, CI: '1' },
      });
      expect(r.stderr).toBe(
        'dcpsim: error: the current folder: expected a folder that exists, found it deleted (ENOENT); cd to one that exists\n',
      );
      expect(r.status).toBe(1);
    }
    expect(existsSync(join(tmpdir(), 'never-written'))).toBe(false);
  });
});

describe('standard output on a full disk', () => {
  it('ends in one line on stderr, exit 1, not a stack', (ctx) => {
    if (!existsSync('/dev/full')) ctx.skip(); // Linux's always-full device
    // `dcpsim schema > dcpsim.schema.json` on a full disk; a run's closing table likewise (its files are written).
    for (const args of [['schema'], ['validate', SMALL]]) {
      const full = openSync('/dev/full', 'w');
      const r = spawnSync(process.execPath, [BIN, ...args], {
        encoding: 'utf8',
        env: { ...process.env, CI: '1' },
        stdio: ['ignore', full, 'pipe'],
      });
      closeSync(full);
      // Before: 'Error: ENOSPC: no space left on device, write' and its stack, thrown from the EPIPE handler.
      expect(r.stderr).toBe(
        'dcpsim: error: standard output: expected somewhere it can write, found no space left on the device (ENOSPC)\n',
      );
      expect(r.status).toBe(1);
    }
  });
});

describe('the line a run ends with', () => {
  it("counts a long series' rows as its file holds them: a row per time step and variable", () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-long-rows-'));
    const r = dcpsim('run', SMALL, '--layout', 'long', '--out', dir);
    expect(r.status, r.stderr).toBe(0);
    const lines = readFileSync(join(dir, 'timeseries_long.csv'), 'utf8').trimEnd().split('\n');
    const rows = lines.length - 1;
    const times = new Set(lines.slice(1).map((l) => l.split(',')[0])).size;
    // Was '(180 rows)', the time steps, beside a file of 180 x its variables.
    expect(r.stdout).toContain(
      `timeseries_long.csv (${rows.toLocaleString('en-US')} rows: ${times} times x ${rows / times} variables)`,
    );
    const wide = dcpsim('run', SMALL, '--out', dir);
    expect(wide.stdout).toContain(`timeseries.csv (${times} rows)`);
  });
});

describe('dcpsim schema --write given the wrong file', () => {
  it('names the file in one line, exit 1: a folder, and a Markdown file without the block to rewrite', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-schema-write-'));
    // Was 'dcpsim: error: expected a file or folder dcpsim can use, found a folder (EISDIR)', no file named.
    const folder = dcpsim('schema', '--write', dir);
    expect(folder.stderr).toBe(
      `dcpsim: error: ${dir}: expected a Markdown file to rewrite the reference of, found a folder (EISDIR)\n`,
    );
    expect(folder.status).toBe(1);
    // Was exit 70, an internal error (a bug), naming no file: 'dcpsim: error: the file has no <!-- ... block'.
    const notes = join(dir, 'notes.md');
    writeFileSync(notes, '# notes\n');
    const plain = dcpsim('schema', '--write', notes);
    expect(plain.stderr).toMatch(
      new RegExp(
        `^dcpsim: error: ${notes}: expected a Markdown file holding a <!-- model-reference:begin .* block to rewrite, found none\\n$`,
      ),
    );
    expect(plain.status).toBe(1);
    expect(readFileSync(notes, 'utf8')).toBe('# notes\n');
  });
});

describe('dcpsim merge given no sweep or sizing folder', () => {
  it('says what it found there: no folder, a file, or a folder of neither, and that a sizing would do too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-merge-what-'));
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const expected =
      'expected a sweep folder with sweep.json (written by dcpsim sweep) or a sizing folder with size.json (by dcpsim size)';
    // Each was '...: expected a sweep folder with sweep.json (written by dcpsim sweep), found none'.
    for (const [path, found] of [
      [join(dir, 'nosuch'), 'no such folder'],
      [join(dir, 'notes.txt'), 'a file'],
      [dir, 'neither'],
    ]) {
      const r = dcpsim('merge', path);
      expect(r.stderr).toBe(`dcpsim: error: ${path}: ${expected}, found ${found}\n`);
      expect(r.status).toBe(1);
    }
  });
});

describe('dcpsim plot and report of a sweep not finished', () => {
  it('say it is not finished and how to finish it, where they said "found neither"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-unfinished-'));
    writeFileSync(join(dir, 'sweep.json'), '{}');
    for (const cmd of ['plot', 'report']) {
      const r = dcpsim(cmd, dir);
      expect(r.stderr).toBe(
        `dcpsim: error: ${dir}: expected a run folder (timeseries.csv, summary.json) or a sweep folder (points.csv), found a sweep not finished (sweep.json, no points.csv yet): run the same dcpsim sweep again to finish it, or \`dcpsim merge ${dir}\` once its shards are done\n`,
      );
      expect(r.status).toBe(1);
    }
  });
});
