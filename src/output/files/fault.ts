/**
 * Fault injection for the crash tests (tests/output/commit-faults.test.ts):
 * DCPSIM_KILL_AT=<boundary> sends the process a signal (SIGKILL, or
 * DCPSIM_KILL_SIGNAL) the first time it reaches that write boundary
 * (`<boundary>#<n>`: the n-th time), so a test can prove that a crash or a
 * stop at any boundary leaves the old run or the new one.
 * DCPSIM_FAULT_LOG=<file> appends the name of every boundary reached to the
 * file, so a test can list them all. The boundaries are named where they are
 * reached: "chunk" (a block of a file written), "wrote <file>", "locked",
 * "aside" and "swapped" (src/output/files/commit.ts). Unset (always, outside those
 * tests) it costs one comparison. DCPSIM_KILL_SIGNAL=exit instead ends the
 * thread that reaches the boundary without a word, as a crash or running out
 * of memory would (process.exit: in a worker thread, that thread only): the
 * time-series thread (src/output/tables/row-thread.ts) starts at "rows thread".
 */
import { appendFileSync } from 'node:fs';

const spec = process.env.DCPSIM_KILL_AT;
const log = process.env.DCPSIM_FAULT_LOG;
const [target, nth] =
  spec === undefined ? [undefined, 1] : [spec.replace(/#\d+$/, ''), Number(/#(\d+)$/.exec(spec)?.[1] ?? 1)];
let seen = 0;

export function faultPoint(name: string): void {
  if (log !== undefined) appendFileSync(log, `${name}\n`);
  if (target === undefined || name !== target) return;
  if (++seen !== nth) return;
  const signal = process.env.DCPSIM_KILL_SIGNAL ?? 'SIGKILL';
  if (signal === 'exit') process.exit(70);
  process.kill(process.pid, signal as NodeJS.Signals);
}
