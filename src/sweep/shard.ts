/**
 * Which share of a sweep this process runs: `--shard k/N` (1-based), or the
 * index a cluster scheduler hands an array task: Slurm job arrays, Kubernetes
 * Indexed Jobs, AWS Batch array jobs. Points go to shards round-robin in plan
 * order, so shards get similar work even when cost grows along a --vary.
 *
 * An array task's shard is its task id, 0-based, as it is: `--array=0-7` runs
 * shards 0..7 of 8, and resubmitting `--array=2,5` reruns shards 2 and 5.
 * The count is --shards N when given, else the array's size when the array
 * is the whole of 0..N-1; a part of an array (a resubmission shows
 * SLURM_ARRAY_TASK_COUNT=1), an array from 1 or in steps, or a list like
 * 0,2,5 cannot tell the sweep's shard count, so it needs --shards. Guessing
 * would run the wrong share, or the whole sweep beside the shards still running.
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

export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new InputError('--shard', '', 'k/N with 1 <= k <= N, like 2/8', JSON.stringify(text));
  const k = Number(m[1]),
    n = Number(m[2]);
  if (n < 1 || k < 1 || k > n)
    throw new InputError('--shard', '', 'k/N with 1 <= k <= N, like 2/8', JSON.stringify(text));
  return { k, n, source: '--shard' };
}

function int(env: Record<string, string | undefined>, name: string): number | undefined {
  const v = env[name];
  if (v === undefined || v.trim() === '') return undefined;
  if (!/^\s*\d+\s*$/.test(v)) throw new InputError(name, '', 'a non-negative integer', JSON.stringify(v));
  return Number(v);
}

function fromIndex(index: number, count: number, source: string, indexVar: string): Shard {
  if (index >= count) {
    throw new InputError(
      indexVar,
      '',
      `a shard index 0..${count - 1} (shards are the task ids 0..N-1 of N = ${count}; give the sweep's shard count with --shards N)`,
      String(index),
    );
  }
  return { k: index + 1, n: count, source };
}

/** The shard count a Slurm array tells: its size, if it is the whole of 0..N-1. */
function slurmCount(env: Record<string, string | undefined>, id: number): number {
  const min = int(env, 'SLURM_ARRAY_TASK_MIN');
  const max = int(env, 'SLURM_ARRAY_TASK_MAX');
  const count = int(env, 'SLURM_ARRAY_TASK_COUNT');
  const step = int(env, 'SLURM_ARRAY_TASK_STEP') ?? 1;
  if (min === 0 && max !== undefined && step === 1 && (count === undefined || count === max + 1)) return max + 1;
  const seen = `task ${id} of an array with ${['MIN', 'MAX', 'COUNT', 'STEP'].map((k) => `${k}=${env[`SLURM_ARRAY_TASK_${k}`] ?? 'unset'}`).join(' ')}`;
  throw new InputError(
    'SLURM_ARRAY_TASK_ID',
    '',
    "--shards N: the array is not the whole of 0..N-1 (a resubmitted part, a list, or one not from 0), so it does not tell the sweep's shard count",
    seen,
  );
}

/**
 * The shard: --shard wins; then Slurm (SLURM_ARRAY_TASK_ID), Kubernetes
 * (JOB_COMPLETION_INDEX) and AWS Batch (AWS_BATCH_JOB_ARRAY_INDEX), each
 * index the 0-based shard, out of `shards` (--shards N) or the array's size
 * (a whole Slurm array 0..N-1, or AWS_BATCH_JOB_ARRAY_SIZE; Kubernetes does
 * not publish its completions, so it needs --shards).
 */
export function resolveShard(
  flag: string | undefined,
  shards: number | undefined,
  env: Record<string, string | undefined> = process.env,
): Shard {
  if (shards !== undefined && (!Number.isInteger(shards) || shards < 1)) {
    throw new InputError('--shards', '', 'a positive integer', String(shards));
  }
  if (flag !== undefined) {
    const s = parseShard(flag);
    // '--shard 3/4 --shards 8' ran shard 3 of 4, the --shards never read: a share of the points no shard of 8 holds.
    if (shards !== undefined && shards !== s.n)
      throw new InputError('--shards', '', `the shard count --shard ${flag.trim()} gives, ${s.n}`, String(shards));
    return s;
  }
  const slurm = int(env, 'SLURM_ARRAY_TASK_ID');
  if (slurm !== undefined) return fromIndex(slurm, shards ?? slurmCount(env, slurm), 'slurm', 'SLURM_ARRAY_TASK_ID');
  const k8s = int(env, 'JOB_COMPLETION_INDEX');
  if (k8s !== undefined) {
    if (shards === undefined)
      throw new InputError(
        'JOB_COMPLETION_INDEX',
        '',
        "--shards N (the Job's completions) alongside JOB_COMPLETION_INDEX",
        'no shard count',
      );
    return fromIndex(k8s, shards, 'kubernetes', 'JOB_COMPLETION_INDEX');
  }
  const aws = int(env, 'AWS_BATCH_JOB_ARRAY_INDEX');
  if (aws !== undefined) {
    const count = shards ?? int(env, 'AWS_BATCH_JOB_ARRAY_SIZE');
    if (count === undefined)
      throw new InputError(
        'AWS_BATCH_JOB_ARRAY_INDEX',
        '',
        '--shards N (the array size) alongside AWS_BATCH_JOB_ARRAY_INDEX',
        'no AWS_BATCH_JOB_ARRAY_SIZE',
      );
    return fromIndex(aws, count, 'aws-batch', 'AWS_BATCH_JOB_ARRAY_INDEX');
  }
  if (shards !== undefined && shards !== 1) {
    throw new InputError(
      '--shards',
      '',
      'an array index in the environment (SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX); else use --shard k/N',
      'none',
    );
  }
  return WHOLE;
}

/** Does point i (0-based, plan order) belong to the shard? */
export function inShard(i: number, s: Shard): boolean {
  return i % s.n === s.k - 1;
}

/** A share of the work that merge completes, a shard of one (`--shard 1/1`, an array of one task) too; not the whole. */
export function isShard(s: Shard): boolean {
  return s.n > 1 || s.source !== '';
}

/** "shard 3/8 (slurm task 2)": how a log line names a shard. */
export function shardLabel(s: Shard): string {
  if (!isShard(s)) return 'the whole sweep';
  const task = s.source && s.source !== '--shard' ? ` (${s.source} index ${s.k - 1})` : '';
  return `shard ${s.k}/${s.n}${task}`;
}
