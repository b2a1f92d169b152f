/** `dcpsim size`: the command's action and help (src/cli.ts declares its options and imports this when it runs). */
import { InputError } from '../model/errors.ts';
import { counted } from '../output/terminal/table.ts';
import type { BatchFlags } from '../sweep/command.ts';
import { isShard, shardLabel } from '../sweep/shard.ts';
import { uncheckedModelNote } from '../sweep/sweep.ts';
import { closestText, localOptimumText, searchSummary, sizingTable } from './outputs.ts';
import { mergeSizing, runSizing, type SizingResult } from './size.ts';
import { criteriaOf, type Method } from './spec.ts';
import { forStdout, stdoutWidth } from '../output/terminal/wrap.ts';

export interface SizeFlags extends BatchFlags {
  decide?: string[];
  minimize?: string;
  require?: string[];
  search?: Method;
  prune: boolean;
}

/** Run the sizing and print; resolves to the exit status. */
export async function sizeAction(
  model: string,
  o: SizeFlags,
  signal: AbortSignal,
  onWaiting: (id: string, who: string) => void,
): Promise<{ status: number; stopped?: string }> {
  const t0 = performance.now();
  const r = await runSizing({
    ...o,
    model,
    prune: o.prune ? undefined : false,
    progress: !o.quiet,
    signal,
    onWaiting,
  });
  // The search decides each batch from the one before, so a stopped search has no total to count against.
  if (r.stopped)
    return { status: 0, stopped: `${counted(r.ran + r.skipped, 'run')} complete, the runs in flight discarded` };
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  if (isShard(r.shard)) {
    // A shard runs its share of the candidates; merge makes the search (src/sizing/size.ts).
    if (!o.quiet)
      process.stdout.write(
        `size ${r.spec.name} ${shardLabel(r.shard)}: its ${(r.ran + r.skipped) / r.spec.replicates} of ${counted(r.lattice, 'candidate')} (${counted(r.ran + r.skipped, 'run')}): ${r.ran} run now, ${r.skipped} already complete, ${r.failed} failed, ${seconds} s\n` +
          `when all shards are done: dcpsim merge ${r.dir} (and the other shards' folders, if they ran on other disks)\n`,
      );
    return { status: r.failed > 0 ? 3 : 0 };
  }
  return {
    status: report(r, `${counted(r.ran, 'run')} now, ${r.skipped} already complete, ${seconds} s`, o.quiet),
  };
}

/** `dcpsim merge` of a sizing's folder: the search made from the shards' records; resolves to the exit status. */
export async function mergeAction(dir: string, more: readonly string[], quiet?: boolean): Promise<number> {
  const r = await mergeSizing(dir, more);
  if (r.uncheckedModel !== undefined) process.stderr.write(uncheckedModelNote(r.uncheckedModel));
  return report(
    r,
    `merged: ${r.skipped} run${r.skipped === 1 ? "'s record" : "s' records"} copied from ${counted(more.length, 'other folder')}`,
    quiet,
  );
}

/** Print a finished sizing (the counts, the table of the best), throw when nothing is feasible; the exit status. */
function report(r: SizingResult, counts: string, quiet?: boolean): number {
  const criteria = criteriaOf(r.spec);
  const count = (s: string) => r.candidates.filter((c) => c.status === s).length;
  const s = searchSummary(r.spec, r.candidates);
  if (!quiet) {
    process.stdout.write(
      forStdout(
        `size ${r.spec.name}: ${r.spec.search} search of ${counted(r.lattice, 'candidate')}: ` +
          `${r.candidates.length - count('pruned')} run (${count('feasible')} feasible, ${count('failed')} failed), ${count('pruned')} pruned, in ${r.batches} batch${r.batches === 1 ? '' : 'es'}; ` +
          `${counts}\nwrote ${r.best ? `${r.dir}/best.json, ` : `${r.dir}/`}candidates.csv, pareto-*.svg, report.html\n`,
      ),
    );
    process.stdout.write(forStdout(sizingTable({ ...r, criteria }, stdoutWidth())));
    // The pattern search's answer is the best of the candidates it ran, not of the lattice: say so.
    if (r.best && s.optimum === 'local') process.stdout.write(forStdout(`${localOptimumText(s)}\n`));
  }
  if (!r.best)
    throw new InputError(
      r.dir,
      '',
      `a candidate meeting ${criteria.requirements.map((q) => q.text).join(', ')}`,
      `none${s.optimum === 'local' ? ` of the ${s.run} run and ${s.pruned} pruned of ${s.candidates} (--search exhaustive runs them all)` : ''}: ${closestText(criteria, r.closest)}`,
    );
  if (count('failed') > 0) {
    process.stderr.write(
      `dcpsim: ${counted(count('failed'), 'candidate')} failed to run; see the error column of ${r.dir}/candidates.csv\n`,
    );
    return 3;
  }
  return 0;
}
