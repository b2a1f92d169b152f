/**
 * The memory bound of each sweep run. Every run's worker thread gets a share
 * of the memory this process may use, as V8's heap limit (resourceLimits):
 * a run that needs more is stopped alone and recorded as failed, instead of
 * V8's fatal out-of-memory error taking down the whole sweep. Where the
 * bytes go beyond the heap (typed arrays, the process itself) is why the
 * share is three quarters, not all.
 */
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { InputError } from '../model/errors.ts';

const MB = 1024 * 1024;
/** Below this a run cannot even load the model code. */
export const MIN_RUN_MEMORY_MB = 64;

/** MB this process may use: the machine's memory, a cgroup limit (containers, Slurm's task/cgroup) or Slurm's --mem, whichever is least. */
export function memoryBudgetMb(env: Record<string, string | undefined> = process.env): number {
  const limits = [totalmem() / MB];
  const cgroup = process.constrainedMemory?.() ?? 0;
  if (cgroup > 0 && cgroup / MB < limits[0]) limits.push(cgroup / MB);
  const perNode = Number(env.SLURM_MEM_PER_NODE);
  if (perNode > 0) limits.push(perNode);
  const perCpu = Number(env.SLURM_MEM_PER_CPU),
    cpus = Number(env.SLURM_CPUS_PER_TASK ?? env.SLURM_CPUS_ON_NODE);
  if (perCpu > 0 && cpus > 0) limits.push(perCpu * cpus);
  return Math.min(...limits);
}

/** Each run's heap bound in MB: --run-memory, else three quarters of the budget shared by the workers. */
export function runMemoryMb(
  workers: number,
  given?: number,
  env: Record<string, string | undefined> = process.env,
): number {
  if (given !== undefined) {
    if (!Number.isInteger(given) || given < MIN_RUN_MEMORY_MB)
      throw new InputError('--run-memory', '', `a whole number of MB >= ${MIN_RUN_MEMORY_MB}`, String(given));
    return given;
  }
  return Math.max(MIN_RUN_MEMORY_MB, Math.floor((memoryBudgetMb(env) * 0.75) / workers));
}

/** MB a run in the command's own thread may take: V8's heap limit less the heap in use and a margin for one slice of a run to grow in. */
export function inThreadMemoryMb(): number {
  const h = getHeapStatistics();
  return Math.floor((h.heap_size_limit - h.used_heap_size) / MB) - 256;
}
