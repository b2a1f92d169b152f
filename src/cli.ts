/** The command line: commander wiring only. Parse, call, print. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { InputError, asInputError, isSystemError, systemFound } from './model/errors.ts';
import { ROOT, VERSION } from './package.ts';
import { counted, wrap } from './output/terminal/table.ts';
import { runTable } from './output/terminal/run-table.ts';
import { forStdout, stdoutWidth } from './output/terminal/wrap.ts';
import {
  FORMATS,
  LAYOUTS,
  TIMESTAMP_STYLES,
  type TableFormat,
  type TableLayout,
  type TimestampStyle,
} from './output/tables/table-options.ts';
import { constants } from 'node:os';
import type { RunResult } from './run.ts';

// Each command imports its code when it runs (issue 13): `dcpsim --version`
// loads the command line only, a run no plotting, YAML writing of sweeps or
// schema generation; in dist/ each is a chunk of its own.

// A repeatable option, with no default of its own: commander's help printed "(default: [])" after each.
const collect = (v: string, prev: string[] | undefined): string[] => [...(prev ?? []), v];
const integer = (v: string): number => {
  if (!/^[-+]?\d+$/.test(v.trim())) throw new InvalidArgumentError(`expected an integer, found ${JSON.stringify(v)}`);
  return Number(v);
};

/**
 * A path given on the command line. An empty one (`--out "$OUT"` with OUT unset in a batch script) resolved to the
 * current folder: a sweep or charts were written into it, with exit 0. Refused as a usage error naming the option.
 */
const path = (v: string): string => {
  if (v.trim() === '')
    throw new InvalidArgumentError(
      `expected a path, found ${v === '' ? 'an empty string' : 'only spaces'} (an unset shell variable?)`,
    );
  return v;
};

export function buildCli(): Command {
  const program = new Command('dcpsim')
    .description("Discrete-event simulator of a data centre's electric power: AI workloads, cooling and supplies.")
    .version(VERSION)
    .addHelpText(
      'after',
      `
Examples:
  dcpsim run                         run models/default.yaml, write runs/default/
  dcpsim run models/default.yaml --seed 7 --duration 30d --step 1m
  dcpsim run default --set 'supply[1].units=3' --out runs/three-smrs
  dcpsim validate models/default.yaml
  dcpsim schema > dcpsim.schema.json
  dcpsim models`,
    );

  program
    .command('run')
    .description('run a scenario and write timeseries.csv and summary.json')
    .argument('[model]', 'model file (YAML or JSON) or preset name', path, 'default')
    .option('--seed <n>', 'seed of the random streams (overrides the model)', integer)
    .option('--duration <d>', 'simulated horizon, like 30d or 1y')
    .option('--step <d>', 'output row interval, like 15m or 1h')
    .option('--out <dir>', 'output directory (default runs/<model name>)', path)
    .option('--set <path=value>', 'override a model field (repeatable), like clusters[0].count=5000', collect)
    .addOption(
      new Option(
        '--format <f>',
        'table format: csv; tsv (tab-separated, .tsv files); xlsx (run.xlsx beside the CSV files: a sheet per table, dates as date-time cells)',
      )
        .choices([...FORMATS, 'xlsx'])
        .default('csv'),
    )
    .addOption(
      new Option(
        '--timestamps <style>',
        'date-times in the time series, monthly, yearly, outages and training tables: excel "2027-01-01 00:00:00" (Excel, pandas) or iso "2027-01-01T00:00:00" (LibreOffice, pandas)',
      )
        .choices(TIMESTAMP_STYLES)
        .default('excel'),
    )
    .addOption(
      new Option(
        '--layout <l>',
        'time series wide (a column per variable) or long (timestamp_utc, variable, value: for pivot tables)',
      )
        .choices(LAYOUTS)
        .default('wide'),
    )
    .option(
      '--allow-large',
      'raise the work limits (10 M rows, 500 M events, 100,000 units and training runs, 1 M queued jobs) 100-fold',
    )
    .option(
      '--policy <file>',
      'a scripted policy: a .ts or .mjs module whose default export decides holds and throttles (docs/policies.md)',
      path,
    )
    .option(
      '--no-baseline',
      'with a policy, skip the paired run without it (summary.json policy: carbon and cost saved)',
    )
    .option('-q, --quiet', 'print nothing on success')
    .addHelpText(
      'after',
      `
Writes timeseries.csv (its columns described in timeseries.csv-metadata.json), summary.json, summary.csv
(one row), monthly.csv, yearly.csv and model.yaml (the model after overrides), and where the run has them
training.csv (training runs), cashflow.csv (economics) and outages.csv (SMR units, a fusion PPA or a grid
going down); with --format xlsx also run.xlsx: a sheet per table (summary, yearly, monthly, cashflow, training,
outages: those the run wrote), the model and the series, dates as date-time cells, the series with a
units row (a series longer than a sheet's 1,048,576 rows continues on more sheets).
Stopped by Ctrl-C, SIGTERM or SIGHUP, it says so and exits 128 + the signal's number (130, 143,
129); the output folder keeps the previous run, whole.

Examples:
  dcpsim run models/default.yaml
  dcpsim run default --seed 42 --duration 90d
  dcpsim run default --set 'supply[3].price=80 $/MWh' --out runs/dear-grid
  dcpsim run default --format tsv --layout long    # timeseries_long.tsv, for a pivot table
  dcpsim run default --format xlsx                 # run.xlsx for Excel or LibreOffice
  dcpsim run default --timestamps iso              # dates as 2027-01-01T00:00:00 in every table, for LibreOffice`,
    )
    .action(
      async (
        model: string,
        o: {
          seed?: number;
          duration?: string;
          step?: string;
          out?: string;
          set?: string[];
          format: TableFormat | 'xlsx';
          layout: TableLayout;
          timestamps: TimestampStyle;
          quiet?: boolean;
          allowLarge?: boolean;
          policy?: string;
          baseline: boolean;
        },
      ) => {
        const xlsx = o.format === 'xlsx';
        if (xlsx && o.layout === 'long')
          throw new UsageError(
            '--format xlsx writes the wide layout (a sheet has a column per variable): drop --layout long',
          );
        // The run lets the event loop in between slices of its simulation, so that a signal stops it cleanly.
        const stopped = stopOnSignals();
        let r: RunResult | undefined;
        let outDir: string | undefined;
        try {
          const { runScenarioAsync } = await import('./run.ts');
          const { holdYoungGeneration } = await import('./kernel/garbage-collection.ts');
          holdYoungGeneration(true);
          // A scripted policy is a module: its import is asynchronous.
          const policy =
            o.policy !== undefined ? await (await import('./policy/load.ts')).loadPolicy(o.policy) : undefined;
          r = await runScenarioAsync(
            {
              ...o,
              model,
              allowLarge: o.allowLarge ?? false, // the refusal names the flag this command takes
              format: o.format === 'xlsx' ? 'csv' : o.format,
              progress: !o.quiet,
              policy,
              onFolder: (d) => (outDir = d),
            },
            stopped.signal,
          );
          if (stopped.signal.aborted) throw stopped.signal.reason;
          if (!o.quiet)
            process.stdout.write(forStdout(runTable(r.summary, r.timeseriesFile!, r.runTimeS, r.longVariables)));
          holdYoungGeneration(false);
          if (xlsx) {
            // The workbook streams from the CSV just written (exceljs loads only when a workbook is asked for).
            const { writeWorkbook } = await import('./output/tables/workbook.ts');
            const { Progress } = await import('./output/terminal/progress.ts');
            // On a terminal, a progress line while it is written (the default's ten hourly years took 12 s, silent).
            const shown = new Progress(
              `dcpsim ${r.summary.model.name} run.xlsx`,
              process.stderr,
              o.quiet ? false : undefined,
            );
            let f: string;
            try {
              f = await writeWorkbook(r.outDir, undefined, {
                signal: stopped.signal,
                onProgress: (x) => shown.update(x, 'of the time series'),
              });
            } finally {
              shown.done();
            }
            if (!o.quiet) process.stdout.write(`wrote ${f}\n`);
          }
        } catch (e) {
          if (!stopped.signal.aborted || (e !== stopped.signal.reason && !r)) throw e;
          // What the folder holds now, in words: the run stopped before its swap leaves the folder as it was.
          const held = r
            ? xlsx
              ? `the run is complete in ${r.outDir}; its workbook was not written`
              : `the run had just been written whole; ${r.outDir} holds it`
            : outDir === undefined
              ? 'the run had not begun writing'
              : existsSync(outDir)
                ? `the run was discarded; ${outDir} holds the previous run as it was`
                : `the run was discarded; nothing was written to ${outDir}`;
          throw new StoppedBySignal(stopped.by(), held);
        } finally {
          stopped.off();
        }
      },
    );

  program
    .command('validate')
    .description('check a model file without running it')
    .argument('<model>', 'model file or preset name', path)
    .option('--set <path=value>', 'override a model field (repeatable)', collect)
    .option(
      '--allow-large',
      'raise the work limits (10 M rows, 500 M events, 100,000 units and training runs, 1 M queued jobs) 100-fold',
    )
    .addHelpText('after', '\nExample:\n  dcpsim validate models/default.yaml')
    .action(async (model: string, o: { set?: string[]; allowLarge?: boolean }) => {
      const { checkScenario, loadScenario } = await import('./run.ts');
      const l = loadScenario({ model, set: o.set, allowLarge: o.allowLarge ?? false });
      checkScenario(l);
      process.stdout.write(`${l.file}: ok (${l.model.name ?? l.stem}, model hash ${l.hash})\n`);
    });

  program
    .command('schema')
    .description('print the JSON Schema of model files (for editor completion)')
    .option('--markdown', 'print the model-file reference as Markdown instead')
    .option(
      '--write <file>',
      'rewrite the generated model-file reference block of a Markdown file (npm run docs: docs/model-reference.md)',
      path,
    )
    .addHelpText(
      'after',
      '\nExamples:\n  dcpsim schema > runs/dcpsim.schema.json\n  # then in a model file: # yaml-language-server: $schema=../runs/dcpsim.schema.json\n  dcpsim schema --markdown',
    )
    .action(async (o: { markdown?: boolean; write?: string }) => {
      const [{ scenarioJsonSchema }, { schemaMarkdown, spliceReference }, { writeFileAtomic }] = await Promise.all([
        import('./scenario.ts'),
        import('./model/reference.ts'),
        import('./output/files/atomic.ts'),
      ]);
      const schema = scenarioJsonSchema();
      const file = o.write;
      if (file) {
        // A folder or a missing file is named, as every file a command reads (EISDIR named none).
        const text = withRole(() => readFileSync(file, 'utf8'), file, 'a Markdown file to rewrite the reference of');
        writeFileAtomic(file, spliceReference(text, schemaMarkdown(schema), file));
      } else process.stdout.write(o.markdown ? `${schemaMarkdown(schema)}\n` : `${JSON.stringify(schema, null, 2)}\n`);
    });

  program
    .command('models')
    .description('list the preset scenarios in models/')
    .addHelpText('after', '\nExample:\n  dcpsim models')
    .action(async () => {
      // yaml is CommonJS: its exports are the default export, under Node and in dist/ alike.
      const { default: yaml } = await import('yaml');
      const dir = join(ROOT, 'models');
      const rows = readdirSync(dir)
        .filter((f) => /\.(ya?ml|json)$/.test(f))
        .sort()
        .map((f) => {
          let d = '';
          try {
            d = describeModelFile(yaml.parse(readFileSync(join(dir, f), 'utf8')), f);
          } catch {
            d = '(unreadable)';
          }
          return [f.replace(/\.(ya?ml|json)$/, ''), d.split('\n')[0]];
        });
      // Name, then the description wrapped under itself, within 80 columns or a narrower terminal's width (at 40 each
      // line was broken again by the terminal, mid-word). Where the descriptions would have under 30 columns beside
      // the names, each goes under its name instead. A terminal that gives no width: the COLUMNS a shell exports (widthOf).
      const width = Math.min(80, stdoutWidth() || 80);
      const nameWidth = Math.max(...rows.map((r) => r[0].length));
      const lines = rows.flatMap(([name, d]) =>
        width - 2 - nameWidth >= 30
          ? wrap(d, width - 2 - nameWidth).map((l, i) => `${(i === 0 ? name : '').padEnd(nameWidth)}  ${l}`.trimEnd())
          : [name, ...(d ? wrap(d, width - 4).map((l) => `    ${l}`) : [])],
      );
      process.stdout.write(`${lines.join('\n')}\n`);
    });

  // --- sweep commands (src/sweep) ---

  program
    .command('sweep')
    .description(
      'run a model over named cases, a grid of values and replicates, on all cores; write summary.csv and points.csv',
    )
    .argument('<model>', 'model file or preset name, or a sweep file (YAML with model: and vary: or cases:)', path)
    .option(
      '--vary <path=values>',
      'a field and its values: path=v1,v2,v3[ unit], path=lo:hi:step[ unit] or path=lo:hi (step 1) (repeatable)',
      collect,
    )
    .option(
      '--case <name: overrides>',
      "a named case, the outermost factor: 'smr-only: supply[1].import_cap=0 MW; supply[0].units=3' (overrides as --set, separated by ';'; repeatable, the first the baseline)",
      collect,
    )
    .option('--replicates <n>', 'runs per point, each with its own seed (default 1)', integer)
    .option('--seed <n>', "base seed (default the model's); run seeds derive from it", integer)
    .option('--duration <d>', 'simulated horizon of every run, like 30d')
    .option('--step <d>', 'output row interval, like 1h')
    .option('--set <path=value>', 'override a model field in every run (repeatable)', collect)
    .option(
      '--name <name>',
      "sweep name (default <model>-sweep; of a sweep file, its name: or the file's name, like portfolios.sweep)",
    )
    .option('--out <dir>', 'output folder (default runs/<name>)', path)
    // No default of the option's own: it would replace a sweep file's series: (src/sweep/spec.ts gives none).
    .addOption(
      new Option(
        '--series <which>',
        'keep time series of none, all, or the first replicate of each point (default none)',
      ).choices(['none', 'all', 'first']),
    )
    .addOption(
      new Option(
        '--timestamps <style>',
        'date-times in the runs\' tables and training.csv: excel "2027-01-01 00:00:00" (default) or iso "2027-01-01T00:00:00" (LibreOffice)',
      ).choices(TIMESTAMP_STYLES),
    )
    .option(
      '--workers <n>',
      'worker threads (default: the cores this process may use, under a container CPU limit too)',
      integer,
    )
    .option(
      '--shard <k/N>',
      'run the k-th of N shares of the points (default: the array task id in SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX, 0-based)',
    )
    .option(
      '--shards <n>',
      "the sweep's shard count, for an array task (needed unless the array is the whole of 0..N-1)",
      integer,
    )
    .option(
      '--run-memory <MB>',
      'heap bound of each run; a run that needs more fails alone (default: 3/4 of the memory shared by the workers)',
      integer,
    )
    .option('--no-crn', 'independent random numbers per point (default: replicate r of every point shares its streams)')
    .option('-q, --quiet', 'print nothing on success')
    .addHelpText(
      'after',
      `
Run again to resume: complete runs are skipped. Exit status: 0 all runs ok; 1 bad input;
2 bad usage (an unknown option, a missing argument); 3 some runs failed (see the error
column of summary.csv); 70 an internal error; 128 + the signal's number when stopped by a
signal (130 Ctrl-C, 143 SIGTERM as from scancel or kubectl, 129 SIGHUP): runs in flight
are discarded, complete ones kept.

Examples:
  dcpsim sweep default --vary 'supply[1].units=1,2,3' --vary facility.cooling.cop=4.5:7.5:1 --replicates 5
  dcpsim sweep fusion-2028 --replicates 20 --step 1d
  dcpsim sweep smr-campus --duration 14d --replicates 3 --case both --case 'smr-only: supply[1].import_cap=0; supply[1].export_cap=0'
  dcpsim sweep default --vary 'supply[3].price=40:100:20 $/MWh' --duration 30d --workers 2
  dcpsim sweep models/my.sweep.yaml --shard 3/8       # then: dcpsim merge runs/my.sweep (the file's name)`,
    )
    .action(async (model: string, o: import('./sweep/command.ts').SweepFlags) => {
      const { sweepAction } = await import('./sweep/command.ts');
      const stopped = stopOnSignals();
      try {
        const r = await sweepAction(model, o, stopped.signal, waitingNotice());
        if (r.stopped !== undefined) {
          process.stderr.write(
            `dcpsim: stopped by ${stopped.by()}: ${r.stopped}; run the same command again to resume\n`,
          );
          process.exitCode = 128 + (constants.signals[stopped.by()] ?? 0);
        } else process.exitCode = r.status;
      } finally {
        stopped.off();
      }
    });

  program
    .command('merge')
    .description(
      "join the shards of a sweep into summary.csv and points.csv, or of a sizing into its search's files, as one machine would have written them",
    )
    .argument('<dir>', 'the sweep or sizing folder, like runs/my-sweep', path)
    .argument('[more...]', 'other folders holding run results, for shards that ran on separate disks')
    .option('-q, --quiet', 'print nothing on success')
    .addHelpText(
      'after',
      `
Exit status: 0 done; 1 bad input (a folder that is not one of the sweep's or sizing's, or runs
missing or of another sweep: the message names the shards to rerun), or no candidate meets the
requirements of a sizing (the message names the closest); 2 bad usage (an unknown option, a
missing argument); 3 some runs failed (see the error column of summary.csv, or a sizing's
candidates.csv); 70 an internal error (a bug: DCPSIM_DEBUG=1 prints its stack).

Examples:
  dcpsim merge runs/default-sweep
  dcpsim merge runs/size-plan-smr /mnt/node2/runs/size-plan-smr   # a sizing's shards from two disks`,
    )
    .action(async (dir: string, more: string[], o: { quiet?: boolean }) => {
      const { isSizingDir } = await import('./sizing/size.ts');
      if (isSizingDir(dir)) {
        const { mergeAction } = await import('./sizing/command.ts');
        process.exitCode = await mergeAction(dir, more, o.quiet);
        return;
      }
      const { mergeSweep, uncheckedModelNote } = await import('./sweep/sweep.ts');
      const r = mergeSweep(dir, more);
      if (r.uncheckedModel !== undefined) process.stderr.write(uncheckedModelNote(r.uncheckedModel));
      const copied = more.length > 0 ? ` (${r.copied} copied from ${counted(more.length, 'other folder')})` : '';
      if (!o.quiet)
        process.stdout.write(`merged ${counted(r.runs, 'run')}${copied}: wrote ${r.summaryFile} and points.csv\n`);
      if (r.failed > 0) {
        process.stderr.write(`dcpsim: ${counted(r.failed, 'run')} failed; see the error column of ${r.summaryFile}\n`);
        process.exitCode = 3;
      }
    });

  program
    .command('size')
    .description('find the least-cost portfolio that meets reliability and carbon requirements, on the sweep machinery')
    .argument(
      '<model>',
      'model file or preset name, or a sizing file (YAML with model:, decide:, minimize:, require:)',
      path,
    )
    .option(
      '--decide <path=range>',
      'a decision and its values, least to most capacity: path=lo:hi:step[ unit], path=lo:hi (step 1) or path=v1,v2[ unit] (repeatable)',
      collect,
    )
    .option(
      '--minimize <figure>',
      'objective: a summary figure or statistic, like npc, lcoe, carbon_t, p90(npc) (default npc)',
    )
    .option(
      '--require <figure<=x>',
      "a requirement on a mean, quantile or confidence bound, like lole_h<=2 (the run's mean year; worst_year_lole_h<=2: every year), cfe>=0.9, p90(unmet_mwh)<=0, ci95_hi(lole_h)<=2 (repeatable)",
      collect,
    )
    .option(
      '--replicates <n>',
      'runs per candidate; replicate r of every candidate shares its seed (default 1)',
      integer,
    )
    .option('--seed <n>', "base seed (default the model's)", integer)
    .option('--duration <d>', 'simulated horizon of every run, like 30d')
    .option('--step <d>', 'output row interval, like 1h')
    .option('--set <path=value>', 'override a model field in every run (repeatable)', collect)
    .option('--name <name>', "name (default size-<model>, or a sizing file's name:)")
    .option('--out <dir>', 'output folder (default runs/<name>)', path)
    .addOption(
      new Option(
        '--search <method>',
        'exhaustive: every candidate; pattern: a search that runs a part of them, pruned by monotonicity; auto (default): exhaustive up to 64 candidates, pattern above',
      ).choices(['auto', 'exhaustive', 'pattern']),
    )
    .option('--no-prune', 'do not assume more capacity never worsens reliability (run the candidates it would skip)')
    .addOption(
      new Option(
        '--timestamps <style>',
        'date-times in the runs\' tables and training.csv: excel "2027-01-01 00:00:00" (default) or iso "2027-01-01T00:00:00" (LibreOffice)',
      ).choices(TIMESTAMP_STYLES),
    )
    .option(
      '--workers <n>',
      'worker threads (default: the cores this process may use, under a container CPU limit too)',
      integer,
    )
    .option(
      '--shard <k/N>',
      'run the k-th of N shares of all the candidates, and no search: dcpsim merge makes it (default: the array task id, as for sweep)',
    )
    .option('--shards <n>', 'the shard count, for an array task', integer)
    .option('--run-memory <MB>', 'heap bound of each run', integer)
    .option('-q, --quiet', 'print nothing on success')
    .addHelpText(
      'after',
      `
Writes runs/<name>/: best.json (the chosen portfolio; for each requirement the share of
replicates meeting it, with its Wilson interval), candidates.csv, feasible.csv,
pareto-carbon and pareto-reliability (.csv, .svg), the sweep tables of the candidates run,
report.html. Run again to resume. Exit status: 0 a portfolio found; 1 bad input, or no
candidate meets the requirements (the message names the closest); 2 bad usage; 3 some
candidates failed to run (the search went on without them); 70 an internal error; 128 + the
signal's number when stopped by a signal (130 Ctrl-C, 143 SIGTERM as from scancel or kubectl,
129 SIGHUP): runs in flight are discarded, complete ones kept.

Examples:
  dcpsim size plan-smr --decide 'supply[0].units=0:4' --require 'lole_h<=2' --require 'cfe>=0.9' --duration 90d
  dcpsim size orbital-50k-h100 --decide 'supply[0].panels=80000:120000:10000' --decide 'supply[1].energy=30:80:10 MWh' --require 'lol_h<=0'
  dcpsim size models/my.size.yaml --workers 2      # model:, decide:, minimize:, require: in a file`,
    )
    .action(async (model: string, o: import('./sizing/command.ts').SizeFlags) => {
      const { sizeAction } = await import('./sizing/command.ts');
      const stopped = stopOnSignals();
      try {
        const r = await sizeAction(model, o, stopped.signal, waitingNotice('sizing'));
        if (r.stopped !== undefined) {
          process.stderr.write(
            `dcpsim: stopped by ${stopped.by()}: ${r.stopped}; run the same command again to resume\n`,
          );
          process.exitCode = 128 + (constants.signals[stopped.by()] ?? 0);
        } else process.exitCode = r.status;
      } finally {
        stopped.off();
      }
    });

  // --- output commands: plot, report, diff (src/output) ---

  program
    .command('plot')
    .description('draw SVG charts of a run or sweep folder into <folder>/plots/')
    .argument('<folder>', 'a run folder (timeseries.csv, summary.json) or a sweep folder (points.csv)', path)
    .option('--out <dir>', 'where to write the SVG files (default <folder>/plots)', path)
    .option('-q, --quiet', 'print nothing on success')
    .addHelpText(
      'after',
      `
Run: dispatch (export, charging, curtailment below zero), PUE, unmet demand and state of
charge, price and carbon, load-duration curve, monthly energy by source, hour-by-month heat
maps (grid import, state of charge, carbon-free share), SMR units' availability and their
outages over time: each when the run has what it shows. Sweep: each key figure against each
varied value, with its 95% confidence band.

Examples:
  dcpsim run default && dcpsim plot runs/default
  dcpsim plot runs/default-sweep --out /tmp/charts`,
    )
    .action(async (folder: string, o: { out?: string; quiet?: boolean }) => {
      const { writePlots } = await import('./output/charts/plot.ts');
      const notes: string[] = [];
      const files = withRole(() => writePlots(folder, o.out, notes), o.out, 'a folder for the charts');
      if (!o.quiet)
        process.stdout.write(
          (files.length ? `${files.map((f) => `wrote ${f}`).join('\n')}\n` : `nothing to chart in ${folder}\n`) +
            (notes.length ? `not charted, as it never changed: ${notes.join('; ')}\n` : ''),
        );
    });

  program
    .command('report')
    .description('write one self-contained HTML file: charts, summary table and model')
    .argument('<folder>', 'a run or sweep folder', path)
    .option('--out <file>', 'the HTML file, ending .html (default <folder>/report.html)', path)
    .option('-q, --quiet', 'print nothing on success')
    .addHelpText(
      'after',
      `
One file that loads nothing from the network (its charting script is inlined): mail it, archive it, print it.

Examples:
  dcpsim report runs/default
  dcpsim report runs/default --out default-report.html`,
    )
    .action(async (folder: string, o: { out?: string; quiet?: boolean }) => {
      const { writeReport } = await import('./output/charts/report.ts');
      const file = withRole(
        () => writeReport(folder, o.out),
        o.out,
        'a path for the HTML report (a file in a folder that exists or can be made)',
      );
      if (!o.quiet) process.stdout.write(`wrote ${file}\n`);
    });

  program
    .command('diff')
    .description(
      'print the figures of two runs side by side, with absolute and relative differences; of three or more, each run in a column',
    )
    .argument('<runA>', 'a run folder (or its summary.json)', path)
    .argument('<runB>', 'another run folder', path)
    .argument(
      '[more...]',
      'more run folders: each a column beside A and B (portfolios of one workload, say)',
      (v: string, previous: string[] | undefined) => [...(previous ?? []), path(v)],
    )
    .option('--changed', 'show only the figures that differ')
    .option('--jobs', "also list each training run's and inference service's own figures")
    .addHelpText(
      'after',
      `
Key figures (energy, cost and carbon in total and by source, shortfalls, PUE) come first.

Examples:
  dcpsim run default --out runs/a && dcpsim run default --seed 8 --out runs/b
  dcpsim diff runs/a runs/b
  dcpsim diff runs/a runs/b --changed
  dcpsim diff runs/smr runs/fusion runs/grid --changed   # three or more: a column each, no differences`,
    )
    .action(async (a: string, b: string, more: string[], o: { changed?: boolean; jobs?: boolean }) => {
      const { compareRuns, diffRuns } = await import('./output/terminal/diff.ts');
      const [changed, jobs, width] = [Boolean(o.changed), Boolean(o.jobs), stdoutWidth()];
      const { text } =
        more.length === 0 ? diffRuns(a, b, changed, jobs, width) : compareRuns([a, b, ...more], changed, jobs, width);
      process.stdout.write(forStdout(text));
    });

  return program;
}

/** Exit statuses, the same for every command (sweep, size and merge add 3 for failed runs; run, sweep and size 128 + the signal's number). */
export const EXIT = { ok: 0, input: 1, usage: 2, internal: 70 } as const;
const EXIT_HELP = `
Exit status: 0 done; 1 bad input (a model, data file or folder, or a model value given by
--duration, --set and the like: the message names it); 2 bad usage (an unknown option,
a missing argument, a value not among an option's choices or out of its range, like --workers 0);
70 an internal error (a bug: DCPSIM_DEBUG=1 prints its stack).`;
/** The top-level help's: every command's, as the README lists them. */
const EXIT_HELP_ALL = `
Exit status: 0 done; 1 bad input (a model, data file or folder, or a model value given by
--duration, --set and the like: the message names it), or a sizing none of whose candidates meets
its requirements; 2 bad usage (an unknown option, a missing argument, a value not among an
option's choices or out of its range, like --workers 0); 3 a sweep, sizing or merge with failed runs;
70 an internal error (a bug: DCPSIM_DEBUG=1 prints its stack); 128 + the signal's number for a run,
sweep or sizing stopped by Ctrl-C (130), SIGTERM (143) or SIGHUP (129). Each command's --help says its own.`;

let pipesWatched = false;
/**
 * A reader that stops early (\`dcpsim diff a b | head\`) closes the pipe: end
 * quietly, as \`cat\` does, instead of an EPIPE stack. The output written
 * so far is all the reader wanted. Output that cannot be written at all
 * (\`dcpsim schema > f\` on a full disk) ends in the one-line error on
 * stderr, not a stack; an error on stderr itself can say nothing.
 */
function endQuietlyOnClosedPipe(): void {
  if (pipesWatched) return;
  pipesWatched = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
      if (stream === process.stdout)
        try {
          process.stderr.write(
            `dcpsim: error: standard output: expected somewhere it can write, found ${isSystemError(e) ? systemFound(e) : e.message}\n`,
          );
        } catch {
          // Nowhere to say it.
        }
      process.exit(EXIT.input);
    });
  }
}

/**
 * What `dcpsim models` says of a file in models/: a model's description, or what a sweep or sizing file placed
 * there (as docs/sweeps.md places models/cooling.sweep.yaml) is run by; it was listed as a preset with no words.
 */
export function describeModelFile(doc: unknown, file: string): string {
  const d = (doc !== null && typeof doc === 'object' ? doc : {}) as Record<string, unknown>;
  if (d.model !== undefined && (d.vary !== undefined || d.cases !== undefined))
    return `a sweep file: dcpsim sweep models/${file}`;
  if (d.model !== undefined && d.decide !== undefined) return `a sizing file: dcpsim size models/${file}`;
  return String(d.description ?? '');
}

/**
 * Commander's message for a bad option or argument value in the form of every other error: "error: option '--format
 * <f>' argument 'xyz' is invalid. Allowed choices are csv, tsv, xlsx." reads "error: --format: expected one of csv,
 * tsv, xlsx, found "xyz"", "option '--format <f>' argument missing" "--format: expected a value, found none"; an
 * argument is named as the help names it (<runB>). Other messages are kept.
 */
function badValue(s: string): string {
  const m =
    /^error: option '(?:[^']*?, )?(--?[\w-]+)[^']*' argument '(.*)' is invalid\. (.*)$/s.exec(s) ??
    /^error: command-argument value '(.*)' is invalid for argument '([\w-]+)'\. (.*)$/s.exec(s);
  const missing = /^error: option '(?:[^']*?, )?(--?[\w-]+)[^']*' argument missing$/.exec(s);
  if (missing) return `error: ${missing[1]}: expected a value, found none`;
  if (!m) return s;
  const [name, value] = s.startsWith('error: option') ? [m[1], m[2]] : [`<${m[2]}>`, m[1]];
  const choices = /^Allowed choices are (.*)\.$/.exec(m[3]);
  return `error: ${name}: ${choices ? `expected one of ${choices[1]}, found ${JSON.stringify(value)}` : m[3]}`;
}

/** Run the command line `argv`; resolves to the exit status (an asynchronous command, sweep, may set process.exitCode later). */
export async function main(argv: string[]): Promise<number> {
  endQuietlyOnClosedPipe();
  const program = buildCli();
  const output = {
    writeErr: (s: string) => process.stderr.write(s),
    // Commander's own messages ("error: unknown option '--x'") in dcpsim's one-line form: its suggestion,
    // on a line of its own ("\n(Did you mean --seed?)"), joins the first.
    outputError: (s: string, write: (s: string) => void) =>
      write(
        `dcpsim: ${badValue(
          s
            .trimEnd()
            .replace(/\s*\n\s*\(Did you mean/g, ' (did you mean')
            .replace(/\s*\n\s*/g, ' '),
        )} (see --help)\n`,
      ),
  };
  for (const c of [program, ...program.commands]) {
    // sweep, size and merge say their own, with 3 for failed runs.
    if (c === program) c.addHelpText('after', EXIT_HELP_ALL);
    else if (!['sweep', 'size', 'merge'].includes(c.name())) c.addHelpText('after', EXIT_HELP);
    c.exitOverride().configureOutput(output);
  }
  // `dcpsim help runn` printed the whole help on stderr, 46 lines, saying nothing of the name: a name no command has
  // is an unknown command, as `dcpsim runn` is (with its nearest: "did you mean run?").
  const [node, script, first, named, ...rest] = argv;
  if (first === 'help' && named !== undefined && !program.commands.some((c) => c.name() === named))
    argv = [node, script, named, ...rest];
  try {
    await program.parseAsync(argv);
    // An action that ends with a status of its own sets it (size's 3, or 130 when stopped; merge's 3): keep it.
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    return reportError(e);
  }
}

/**
 * Options that steer a command rather than give a model value: one out of its range (--workers 0, checked where
 * it is used) is bad usage, exit 2, as a malformed one (--workers x, commander's) is. A model value given on the
 * command line (--set, --vary, --decide, --duration, --step) stays bad input, exit 1.
 */
const COMMAND_OPTIONS = new Set([
  '--replicates',
  '--workers',
  '--shard',
  '--shards',
  '--run-memory',
  '--series',
  '--search',
]);

/** A combination of options that cannot go together: exit 2 like commander's own usage errors. */
class UsageError extends Error {}

/** A command stopped by a signal: the message says what its output holds; exit 128 + the signal's number. */
class StoppedBySignal extends Error {
  constructor(
    readonly signal: NodeJS.Signals,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Stop on Ctrl-C, SIGTERM (scancel, Kubernetes and AWS Batch stopping a
 * container, systemd) and SIGHUP (the terminal closed) alike: abort, and
 * remember which signal it was for the exit status 128 + its number.
 */
function stopOnSignals(): { signal: AbortSignal; by(): NodeJS.Signals; off(): void } {
  const stop = new AbortController();
  let by: NodeJS.Signals = 'SIGINT';
  const on = (sig: NodeJS.Signals): void => {
    if (!stop.signal.aborted) by = sig;
    stop.abort();
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const sig of signals) process.on(sig, on);
  return { signal: stop.signal, by: () => by, off: () => signals.forEach((sig) => process.off(sig, on)) };
}

/** Say once per process holding runs that this one waits for them. */
function waitingNotice(what = 'sweep'): (id: string, who: string) => void {
  const seen = new Set<string>();
  return (_id, who) => {
    if (!seen.has(who))
      process.stderr.write(`dcpsim: runs of this ${what} are running in another process (${who}); waiting for them\n`);
    seen.add(who);
  };
}

/** Run `f`; a failed system call on the --out path becomes the one-line error naming it by its role. */
function withRole<T>(f: () => T, out: string | undefined, role: string): T {
  try {
    return f();
  } catch (e) {
    throw out === undefined ? e : asInputError(e, out, role);
  }
}

/** Print an error as one line and give the exit status (also for commands that end asynchronously). */
function reportError(e: unknown): number {
  if (e instanceof StoppedBySignal) {
    process.stderr.write(`dcpsim: stopped by ${e.signal}: ${e.message}\n`);
    return 128 + (constants.signals[e.signal] ?? 0);
  }
  // Help and --version end through CommanderError too, with status 0; everything else it raises is a usage error.
  if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (e instanceof UsageError) {
    process.stderr.write(`dcpsim: error: ${e.message}\n`);
    return EXIT.usage;
  }
  if (e instanceof InputError) {
    process.stderr.write(`dcpsim: error: ${e.message}\n`);
    return COMMAND_OPTIONS.has(e.file) ? EXIT.usage : EXIT.input;
  }
  if (isSystemError(e)) {
    // The folder the command was started in, deleted since (a scratch folder purged under a shell still in it): every
    // relative path resolves against it, and the error (uv_cwd) names no path.
    if (e.syscall === 'uv_cwd') {
      process.stderr.write(
        `dcpsim: error: the current folder: expected a folder that exists, found it deleted (${e.code}); cd to one that exists\n`,
      );
      return EXIT.input;
    }
    // A file problem no command named by its role: say which file, and what went wrong, in words.
    process.stderr.write(
      `dcpsim: error: ${e.path ? `${e.path}: ` : ''}expected a file or folder dcpsim can use, found ${systemFound(e)}\n`,
    );
    return EXIT.input;
  }
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`dcpsim: error: ${msg.split('\n')[0]}\n`);
  if (process.env.DCPSIM_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
  return EXIT.internal;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/cli.ts')) {
  process.exitCode = await main(process.argv);
}
