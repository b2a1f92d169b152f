import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.ts';
import { inShard, parseShard, resolveShard } from '../../src/sweep/shard.ts';

describe('shards', () => {
  it('--shard k/N, 1-based, wins over the environment', () => {
    expect(parseShard('2/8')).toMatchObject({ k: 2, n: 8 });
    expect(resolveShard('1/1', undefined, { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '4' })).toMatchObject({ k: 1, n: 1 });
    for (const bad of ['0/3', '4/3', '1/0', 'x', '1/3/4', '-1/3']) {
      expect(() => parseShard(bad)).toThrow(InputError);
      expect(() => parseShard(bad)).toThrow(/^--shard: expected k\/N/);
    }
  });

  it('reads Slurm arrays, counted from their min in steps, with a count or min..max', () => {
    expect(resolveShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '3' })).toEqual({ k: 1, n: 4, source: 'slurm' });
    expect(resolveShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: '10', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '10' })).toEqual({ k: 10, n: 10, source: 'slurm' });
    expect(resolveShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '6', SLURM_ARRAY_TASK_STEP: '2' })).toEqual({ k: 3, n: 4, source: 'slurm' });
    expect(() => resolveShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '0' })).toThrow(/below the shard count 4/);
  });

  it('reads Kubernetes Indexed Jobs and AWS Batch arrays (0-based), which need the count', () => {
    expect(resolveShard(undefined, 5, { JOB_COMPLETION_INDEX: '0' })).toEqual({ k: 1, n: 5, source: 'kubernetes' });
    expect(resolveShard(undefined, 5, { AWS_BATCH_JOB_ARRAY_INDEX: '4' })).toEqual({ k: 5, n: 5, source: 'aws-batch' });
    expect(() => resolveShard(undefined, undefined, { JOB_COMPLETION_INDEX: '2' })).toThrow(/--shards N/);
    expect(() => resolveShard(undefined, 3, { AWS_BATCH_JOB_ARRAY_INDEX: '3' })).toThrow(/below the shard count 3/);
    expect(() => resolveShard(undefined, 3, {})).toThrow(/array index in the environment/);
    expect(resolveShard(undefined, undefined, {})).toMatchObject({ k: 1, n: 1 });
  });

  it('the shards of N partition the points', () => {
    const n = 3, points = 10;
    const owners = Array.from({ length: points }, (_, i) => [1, 2, 3].filter((k) => inShard(i, { k, n, source: '' })));
    expect(owners.every((o) => o.length === 1)).toBe(true);
    expect([1, 2, 3].map((k) => owners.filter((o) => o[0] === k).length)).toEqual([4, 3, 3]);
  });
});
