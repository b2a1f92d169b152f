import { totalmem } from 'node:os';
import { describe, expect, it } from 'vitest';
import { memoryBudgetMb, MIN_RUN_MEMORY_MB, runMemoryMb } from '../../src/sweep/memory.ts';

describe("each sweep run's memory bound", () => {
  it("is the least of the machine's memory and Slurm's --mem or --mem-per-cpu x CPUs", () => {
    expect(memoryBudgetMb({})).toBeLessThanOrEqual(totalmem() / 2 ** 20);
    expect(memoryBudgetMb({ SLURM_MEM_PER_NODE: '4096' })).toBe(4096);
    expect(memoryBudgetMb({ SLURM_MEM_PER_CPU: '1024', SLURM_CPUS_PER_TASK: '2' })).toBe(2048);
    expect(memoryBudgetMb({ SLURM_MEM_PER_NODE: String(1e9) })).toBe(memoryBudgetMb({}));
  });

  it('gives each worker three quarters of its share, or what --run-memory says', () => {
    expect(runMemoryMb(2, undefined, { SLURM_MEM_PER_CPU: '1024', SLURM_CPUS_PER_TASK: '2' })).toBe(768);
    expect(runMemoryMb(64, undefined, { SLURM_MEM_PER_NODE: '1024' })).toBe(MIN_RUN_MEMORY_MB);
    expect(runMemoryMb(8, 3000, {})).toBe(3000);
    expect(() => runMemoryMb(1, 10, {})).toThrow(/^--run-memory: expected a whole number of MB >= 64, found 10$/);
  });
});
