/**
 * The cluster examples under examples/ stay consistent with themselves and
 * with dcpsim (CI runs the Slurm ones for real: .ci/slurm-test.sh).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { prepareSweep } from '../src/sweep/sweep.ts';
import { resolveSizing } from '../src/sizing/spec.ts';

const ROOT = join(import.meta.dirname, '..');
const text = (p: string) => readFileSync(join(ROOT, p), 'utf8');

describe('cluster examples', () => {
  it.each(['examples/slurm/sweep.sbatch', 'examples/slurm/merge.sbatch', 'examples/slurm/submit.sh'])(
    '%s is valid bash, strict, and executable',
    (f) => {
      expect(spawnSync('bash', ['-n', join(ROOT, f)]).status).toBe(0);
      expect(text(f)).toContain('set -euo pipefail');
      expect(spawnSync('test', ['-x', join(ROOT, f)]).status).toBe(0);
    },
  );

  it('the Slurm array is 0..SHARDS-1, passes --shards, and never reads SLURM_CPUS_PER_TASK without a default', () => {
    const s = text('examples/slurm/sweep.sbatch');
    const n = Number(/^SHARDS=\$\{SHARDS:-(\d+)\}$/m.exec(s)![1]);
    expect(/^#SBATCH --array=0-(\d+)$/m.exec(s)![1]).toBe(String(n - 1));
    expect(s).toMatch(/--shards "\$SHARDS"/);
    expect(s).not.toMatch(/--quiet/);
    for (const m of s.matchAll(/\$\{?SLURM_CPUS_PER_TASK([^}]*)/g)) expect(m[1]).toMatch(/^:-/);
    expect(text('examples/slurm/submit.sh')).toMatch(/mkdir -p logs/);
    expect(text('examples/slurm/submit.sh')).toMatch(/--dependency=afterany:/);
  });

  it('the Kubernetes Job passes --shards equal to its completions, and its sweep file plans', () => {
    const [job] = parseAllDocuments(text('examples/kubernetes/sweep-job.yaml')).map((d) => d.toJS());
    const cmd: string[] = job.spec.template.spec.containers[0].command;
    expect(job.spec.completionMode).toBe('Indexed');
    expect(Number(cmd[cmd.indexOf('--shards') + 1])).toBe(job.spec.completions);
    const file = cmd[cmd.indexOf('sweep') + 1];
    expect(existsSync(join(ROOT, file))).toBe(true);
    const p = prepareSweep({
      model: join(ROOT, file),
      shards: job.spec.completions,
      env: { JOB_COMPLETION_INDEX: '7' },
      out: mkdtempSync(join(tmpdir(), 'dcpsim-examples-')),
    });
    expect(p.shard).toEqual({ k: 8, n: 8, source: 'kubernetes' });
    expect(p.plan.runs.length).toBe(240);
    const [merge] = parseAllDocuments(text('examples/kubernetes/merge-job.yaml')).map((d) => d.toJS());
    expect(merge.spec.template.spec.containers[0].command.at(-1)).toBe(cmd[cmd.indexOf('--out') + 1]);
  });
});

describe('sizing example', () => {
  it('examples/campus.size.yaml is the sizing docs/sizing.md measures', () => {
    const s = resolveSizing({ model: join(ROOT, 'examples', 'campus.size.yaml') });
    expect(s).toMatchObject({
      name: 'size-campus',
      minimize: 'npc',
      require: ['lole_h<=2', 'carbon_t<=10000'],
      replicates: 2,
      duration: '365d',
      search: 'exhaustive',
    });
    expect(s.model).toBe(join(ROOT, 'models', 'plan-smr.yaml'));
    expect(s.decide.map((d) => d.values.length)).toEqual([5, 9]);
    expect(s.decide.map((d) => d.values[0])).toEqual(['0', '0 MWh']); // from none of either (zero-size supplies)
    expect(text('docs/sizing.md')).toContain('examples/campus.size.yaml');
  });
});
