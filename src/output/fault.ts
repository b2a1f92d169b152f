/**
 * Fault injection for the crash tests (tests/output/commit-faults.test.ts):
 * DCPSIM_KILL_AT=<boundary> kills the process with SIGKILL the first time it
 * reaches that write boundary (`<boundary>#<n>`: the n-th time), so a test can
 * prove that a crash at any boundary leaves the old run or the new one. The
 * boundaries are named where they are reached: "chunk" (a block of the series
 * written), "wrote <file>", "locked", "aside" and "swapped" (src/output/commit.ts).
 * Unset (always, outside those tests) it costs one comparison.
 */
const spec = process.env.DCPSIM_KILL_AT;
const [target, nth] = spec === undefined ? [undefined, 1] : [spec.replace(/#\d+$/, ''), Number(/#(\d+)$/.exec(spec)?.[1] ?? 1)];
let seen = 0;

export function faultPoint(name: string): void {
  if (target === undefined || name !== target) return;
  if (++seen === nth) process.kill(process.pid, 'SIGKILL');
}
