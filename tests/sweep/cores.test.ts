/**
 * A sweep's (or sizing's) default worker count: one a core this process may use. Until 7 December 2026 it was
 * availableParallelism() alone, the cores the process may run on, which a container's CPU limit does not narrow
 * (Kubernetes and Docker limit CPU time by a CFS quota, not by which cores): a pod limited to 4 CPUs on a 64-core
 * node ran 64 workers, each held to 48 MB (three quarters of its 4 GiB, shared), so every run failed out of
 * memory, or the pod was killed, where 4 workers each had 768 MB.
 */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { usableCores, workerCount } from '../../src/sweep/pool.ts';

/** A reader of the cgroup files given; any other path is missing. */
const files =
  (given: Record<string, string>) =>
  (path: string): string => {
    if (path in given) return given[path];
    throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  };

describe('the cores a sweep may use', () => {
  const cores = availableParallelism();
  it("are a cgroup v2 quota's CPUs (a Kubernetes or Docker limit), whole, at least one and at most the cores", () => {
    expect(usableCores(files({ '/sys/fs/cgroup/cpu.max': '400000 100000\n' }), 64)).toBe(4);
    expect(usableCores(files({ '/sys/fs/cgroup/cpu.max': '150000 100000\n' }), 64)).toBe(1);
    expect(usableCores(files({ '/sys/fs/cgroup/cpu.max': '50000 100000\n' }), 64)).toBe(1);
    expect(usableCores(files({ '/sys/fs/cgroup/cpu.max': '1600000 100000\n' }), 8)).toBe(8);
    expect(usableCores(files({ '/sys/fs/cgroup/cpu.max': 'max 100000\n' }), 64)).toBe(64);
  });

  it("are a cgroup v1 quota's alike, and every core without a quota", () => {
    const v1 = {
      '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '200000\n',
      '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n',
    };
    expect(usableCores(files(v1), 64)).toBe(2);
    expect(usableCores(files({ ...v1, '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1\n' }), 64)).toBe(64);
    expect(usableCores(files({}), 64)).toBe(64);
    expect(usableCores(files({ '/sys/fs/cgroup/cpu.max': 'garbage' }), 64)).toBe(64);
  });

  it('are the default worker count; --workers says otherwise', () => {
    expect(workerCount(undefined)).toBe(usableCores());
    expect(usableCores()).toBeLessThanOrEqual(cores);
    expect(workerCount(3)).toBe(3);
  });
});
