import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.ts';
import { inShard, parseShard, resolveShard } from '../../src/sweep/shard.ts';

describe('shards', () => {
  it('--shard k/N, 1-based, wins over the environment', () => {
    expect(parseShard('2/8')).toMatchObject({ k: 2, n: 8 });
    expect(resolveShard('1/1', undefined, { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '4' })).toMatchObject({
      k: 1,
      n: 1,
    });
    // --shards beside it must agree: '--shard 3/4 --shards 8' ran shard 3 of 4 without a word.
    expect(resolveShard('3/8', 8, {})).toEqual({ k: 3, n: 8, source: '--shard' });
    expect(() => resolveShard('3/4', 8, {})).toThrow(InputError);
    expect(() => resolveShard('3/4', 8, {})).toThrow(
      /^--shards: expected the shard count --shard 3\/4 gives, 4, found 8$/,
    );
    for (const bad of ['0/3', '4/3', '1/0', 'x', '1/3/4', '-1/3']) {
      expect(() => parseShard(bad)).toThrow(InputError);
      expect(() => parseShard(bad)).toThrow(/^--shard: expected k\/N/);
    }
  });

  it('a Slurm task is the shard its id names; the count is --shards, or the size of a whole array 0..N-1', () => {
    const whole = (id: number, n: number) => ({
      SLURM_ARRAY_TASK_ID: String(id),
      SLURM_ARRAY_TASK_MIN: '0',
      SLURM_ARRAY_TASK_MAX: String(n - 1),
      SLURM_ARRAY_TASK_COUNT: String(n),
      SLURM_ARRAY_TASK_STEP: '1',
    });
    expect(resolveShard(undefined, undefined, whole(0, 4))).toEqual({ k: 1, n: 4, source: 'slurm' });
    expect(resolveShard(undefined, undefined, whole(3, 4))).toEqual({ k: 4, n: 4, source: 'slurm' });
    // Older Slurm without COUNT: min..max is enough.
    expect(
      resolveShard(undefined, undefined, {
        SLURM_ARRAY_TASK_ID: '2',
        SLURM_ARRAY_TASK_MIN: '0',
        SLURM_ARRAY_TASK_MAX: '2',
      }),
    ).toEqual({ k: 3, n: 3, source: 'slurm' });
    // --shards wins over the array, and makes a partial resubmission run the right shard.
    expect(resolveShard(undefined, 8, whole(3, 4))).toEqual({ k: 4, n: 8, source: 'slurm' });
  });

  it('a resubmitted part of an array, a list, a stepped or 1-based array needs --shards, and then runs the shard its id names', () => {
    // `sbatch --array=1` to rerun shard 1 of 3: Slurm shows a one-task array.
    const resubmitted = {
      SLURM_ARRAY_TASK_ID: '1',
      SLURM_ARRAY_TASK_MIN: '1',
      SLURM_ARRAY_TASK_MAX: '1',
      SLURM_ARRAY_TASK_COUNT: '1',
      SLURM_ARRAY_TASK_STEP: '1',
    };
    expect(() => resolveShard(undefined, undefined, resubmitted)).toThrow(
      /^SLURM_ARRAY_TASK_ID: expected --shards N: the array is not the whole of 0\.\.N-1.*found task 1 of an array with MIN=1 MAX=1 COUNT=1 STEP=1$/,
    );
    expect(resolveShard(undefined, 3, resubmitted)).toEqual({ k: 2, n: 3, source: 'slurm' });
    // `--array=0,2,5` (shards 0, 2 and 5 of 8 to rerun): COUNT 3, MAX 5.
    const list = (id: number) => ({
      SLURM_ARRAY_TASK_ID: String(id),
      SLURM_ARRAY_TASK_MIN: '0',
      SLURM_ARRAY_TASK_MAX: '5',
      SLURM_ARRAY_TASK_COUNT: '3',
    });
    expect(() => resolveShard(undefined, undefined, list(5))).toThrow(/--shards N/);
    expect([0, 2, 5].map((id) => resolveShard(undefined, 8, list(id)).k)).toEqual([1, 3, 6]);
    // Stepped and 1-based arrays do not say what N is either.
    expect(() =>
      resolveShard(undefined, undefined, {
        SLURM_ARRAY_TASK_ID: '4',
        SLURM_ARRAY_TASK_MIN: '0',
        SLURM_ARRAY_TASK_MAX: '6',
        SLURM_ARRAY_TASK_STEP: '2',
        SLURM_ARRAY_TASK_COUNT: '4',
      }),
    ).toThrow(/--shards N/);
    expect(() =>
      resolveShard(undefined, undefined, {
        SLURM_ARRAY_TASK_ID: '1',
        SLURM_ARRAY_TASK_MIN: '1',
        SLURM_ARRAY_TASK_MAX: '8',
        SLURM_ARRAY_TASK_COUNT: '8',
      }),
    ).toThrow(/--shards N/);
    // A task id past the count is refused, not wrapped round.
    expect(() => resolveShard(undefined, 8, { SLURM_ARRAY_TASK_ID: '8' })).toThrow(
      /^SLURM_ARRAY_TASK_ID: expected a shard index 0\.\.7 .*found 8$/,
    );
  });

  it('reads Kubernetes Indexed Jobs (which need --shards) and AWS Batch arrays (0-based, with their size)', () => {
    expect(resolveShard(undefined, 5, { JOB_COMPLETION_INDEX: '0' })).toEqual({ k: 1, n: 5, source: 'kubernetes' });
    expect(resolveShard(undefined, 5, { AWS_BATCH_JOB_ARRAY_INDEX: '4' })).toEqual({ k: 5, n: 5, source: 'aws-batch' });
    expect(
      resolveShard(undefined, undefined, { AWS_BATCH_JOB_ARRAY_INDEX: '4', AWS_BATCH_JOB_ARRAY_SIZE: '6' }),
    ).toEqual({ k: 5, n: 6, source: 'aws-batch' });
    expect(() => resolveShard(undefined, undefined, { JOB_COMPLETION_INDEX: '2' })).toThrow(/--shards N/);
    expect(() => resolveShard(undefined, undefined, { AWS_BATCH_JOB_ARRAY_INDEX: '2' })).toThrow(/--shards N/);
    expect(() => resolveShard(undefined, 3, { AWS_BATCH_JOB_ARRAY_INDEX: '3' })).toThrow(/a shard index 0\.\.2/);
    expect(() => resolveShard(undefined, 3, {})).toThrow(/array index in the environment/);
    expect(() => resolveShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: 'two' })).toThrow(
      /^SLURM_ARRAY_TASK_ID: expected a non-negative integer, found "two"$/,
    );
    expect(resolveShard(undefined, undefined, {})).toMatchObject({ k: 1, n: 1 });
  });

  it('the shards of N partition the points', () => {
    const n = 3,
      points = 10;
    const owners = Array.from({ length: points }, (_, i) => [1, 2, 3].filter((k) => inShard(i, { k, n, source: '' })));
    expect(owners.every((o) => o.length === 1)).toBe(true);
    expect([1, 2, 3].map((k) => owners.filter((o) => o[0] === k).length)).toEqual([4, 3, 3]);
  });
});
