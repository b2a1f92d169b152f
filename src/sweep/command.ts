/** `dcpsim sweep`: the command's action (src/cli.ts declares its options and imports this when it runs). */
import type { TimestampStyle } from '../output/tables/table-options.ts';
import { variedColumns } from '../output/tables/varied.ts';
import { sweepTable } from '../output/terminal/sweep-table.ts';
import { counted } from '../output/terminal/table.ts';
import { forStdout, stdoutWidth } from '../output/terminal/wrap.ts';
import { shardLabel } from './shard.ts';
import type { SeriesMode } from './spec.ts';
import { executeSweep, prepareSweep } from './sweep.ts';

/** The options a sweep and a sizing share: each run's horizon and seed, the output folder, and where the runs run. */
export interface BatchFlags {
  replicates?: number;
  seed?: number;
  duration?: string;
  step?: string;
  set?: string[];
  name?: string;
  out?: string;
  timestamps?: TimestampStyle;
  workers?: number;
  shard?: string;
  shards?: number;
  runMemory?: number;
  quiet?: boolean;
}

export interface SweepFlags extends BatchFlags {
  vary?: string[];
  case?: string[];
  series?: SeriesMode;
  crn: boolean;
}

/**
 * Run the sweep and print; resolves to the exit status (3 when runs failed), or, stopped by a signal, to what was
 * kept (for the command's "stopped by" line).
 */
export async function sweepAction(
  model: string,
  o: SweepFlags,
  signal: AbortSignal,
  onWaiting: (id: string, who: string) => void,
): Promise<{ status: number; stopped?: string }> {
  const prepared = prepareSweep({ ...o, model, crn: o.crn ? undefined : false });
  const s = prepared.shard.n > 1 ? ` ${shardLabel(prepared.shard)}` : '';
  // A shard says which it is as it starts, so a cluster task's log shows it even if the task is killed.
  if (!o.quiet && prepared.shard.n > 1) {
    // The workers that start: no more than the runs to do (a shard of 3 runs on --workers 8 said '8 workers'), in this
    // thread when one (src/sweep/in-thread.ts), none when every run is complete.
    const { runs, tasks, workers, runMemory, inThread } = prepared;
    const started = Math.min(workers, tasks.length);
    const how =
      started === 0
        ? 'nothing left to run'
        : `${counted(started, 'worker')}${inThread ? ' (in this thread)' : ''}, ${runMemory} MB each`;
    process.stdout.write(
      `sweep ${prepared.spec.name}${s}: ${counted(runs.length, 'run')}, ${runs.length - tasks.length} already complete; ${how}\n`,
    );
  }
  const t0 = performance.now();
  const r = await executeSweep(prepared, { progress: !o.quiet, signal, onWaiting });
  if (r.stopped)
    return { status: 0, stopped: `${r.skipped + r.ran} of ${r.runs} runs complete, the runs in flight discarded` };
  if (!o.quiet) {
    const counts = `${counted(r.runs, 'run')}: ${r.ran} run now, ${r.skipped} already complete, ${r.failed} failed`;
    const wrote = r.summaryFile
      ? `wrote ${r.summaryFile} and points.csv`
      : `when all shards are done: dcpsim merge ${r.dir}`;
    process.stdout.write(
      forStdout(`sweep ${r.spec.name}${s}: ${counts}, ${((performance.now() - t0) / 1000).toFixed(1)} s\n${wrote}\n`),
    );
    if (r.pointsFile)
      process.stdout.write(
        forStdout(
          sweepTable(
            r.pointsFile,
            [...(r.spec.cases ? ['case'] : []), ...variedColumns(r.spec.vary)],
            r.spec.crn,
            stdoutWidth(),
          ),
        ),
      );
  }
  if (r.failed === 0) return { status: 0 };
  process.stderr.write(
    `dcpsim: ${counted(r.failed, 'run')} failed; see the error column${r.summaryFile ? ` of ${r.summaryFile}` : ''}\n`,
  );
  return { status: 3 };
}
