/**
 * Which share of a sweep this process runs: `--shard k/N` (1-based), or the
 * index a cluster scheduler hands an array task: Slurm job arrays, Kubernetes
 * Indexed Jobs, AWS Batch array jobs. Points go to shards round-robin in plan
 * order, so shards get similar work even when cost grows along a --vary.
 */
import { InputError } from '../model/errors.ts';

export interface Shard {
  /** 1-based. */
  k: number;
  n: number;
  /** Where it came from: "--shard", "slurm", "kubernetes", "aws-batch", or "" for the whole sweep. */
  source: string;
}

export const WHOLE: Shard = { k: 1, n: 1, source: '' };

export function parseShard(text: string, source = '--shard'): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new InputError('--shard', '', 'k/N with 1 <= k <= N, like 2/8', JSON.stringify(text));
  const k = Number(m[1]), n = Number(m[2]);
  if (n < 1 || k < 1 || k > n) throw new InputError('--shard', '', 'k/N with 1 <= k <= N, like 2/8', JSON.stringify(text));
  return { k, n, source };
}

function int(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const v = env[name];
  if (v === undefined || v.trim() === '') return undefined;
  if (!/^\s*\d+\s*$/.test(v)) throw new InputError(name, '', 'a non-negative integer', JSON.stringify(v));
  return Number(v);
}

function fromIndex(index: number, count: number | undefined, source: string, indexVar: string): Shard {
  if (count === undefined) {
    throw new InputError(indexVar, '', `--shards N (the array's size) alongside ${indexVar}`, 'no shard count');
  }
  if (count < 1 || index >= count) throw new InputError(indexVar, '', `an index below the shard count ${count}`, String(index));
  return { k: index + 1, n: count, source };
}

/**
 * The shard: --shard wins; then Slurm (SLURM_ARRAY_TASK_ID counted from
 * SLURM_ARRAY_TASK_MIN in steps of SLURM_ARRAY_TASK_STEP, out of
 * SLURM_ARRAY_TASK_COUNT or min..max), Kubernetes (JOB_COMPLETION_INDEX) and
 * AWS Batch (AWS_BATCH_JOB_ARRAY_INDEX); the last two do not publish the array
 * size, so it comes from `shards` (--shards N). `shards` also overrides Slurm's count.
 */
export function resolveShard(flag: string | undefined, shards: number | undefined, env: NodeJS.ProcessEnv = process.env): Shard {
  if (flag !== undefined) return parseShard(flag);
  if (shards !== undefined && (!Number.isInteger(shards) || shards < 1)) {
    throw new InputError('--shards', '', 'a positive integer', String(shards));
  }
  const slurmId = int(env, 'SLURM_ARRAY_TASK_ID');
  if (slurmId !== undefined) {
    const min = int(env, 'SLURM_ARRAY_TASK_MIN') ?? 0;
    const step = Math.max(1, int(env, 'SLURM_ARRAY_TASK_STEP') ?? 1);
    const max = int(env, 'SLURM_ARRAY_TASK_MAX');
    const count = shards ?? int(env, 'SLURM_ARRAY_TASK_COUNT') ?? (max !== undefined ? Math.floor((max - min) / step) + 1 : undefined);
    if (slurmId < min || (slurmId - min) % step !== 0) {
      throw new InputError('SLURM_ARRAY_TASK_ID', '', `an index min + i*step (min ${min}, step ${step})`, String(slurmId));
    }
    return fromIndex((slurmId - min) / step, count, 'slurm', 'SLURM_ARRAY_TASK_ID');
  }
  const k8s = int(env, 'JOB_COMPLETION_INDEX');
  if (k8s !== undefined) return fromIndex(k8s, shards, 'kubernetes', 'JOB_COMPLETION_INDEX');
  const aws = int(env, 'AWS_BATCH_JOB_ARRAY_INDEX');
  if (aws !== undefined) return fromIndex(aws, shards, 'aws-batch', 'AWS_BATCH_JOB_ARRAY_INDEX');
  if (shards !== undefined && shards !== 1) {
    throw new InputError('--shards', '', 'an array index in the environment (SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX); else use --shard k/N', 'none');
  }
  return WHOLE;
}

/** Does point i (0-based, plan order) belong to the shard? */
export function inShard(i: number, s: Shard): boolean {
  return i % s.n === s.k - 1;
}
