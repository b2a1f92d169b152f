import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundle, cachedBundle, packageRoot } from '../src/bundle.mjs';

const ROOT = join(import.meta.dirname, '..');
const SMALL = join(ROOT, 'tests', 'fixtures', 'small.yaml');

function dcpsim(env: Record<string, string>, ...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'src', 'bin.mjs'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
}

describe('start-up from the cached bundle', () => {
  it('finds the package root and builds a bundle that the cache then returns', async () => {
    expect(packageRoot()).toBe(ROOT);
    const url = await bundle('cli.ts');
    expect(url).toBeDefined();
    expect(existsSync(fileURLToPath(url!))).toBe(true);
    expect(cachedBundle('cli.ts')?.href).toBe(url!.href);
  });

  it('the bundled CLI and the TypeScript one write the same bytes and fail the same way', async () => {
    await bundle('cli.ts');
    const a = mkdtempSync(join(tmpdir(), 'dcpsim-bundle-'));
    const b = mkdtempSync(join(tmpdir(), 'dcpsim-tsx-'));
    expect(dcpsim({}, 'run', SMALL, '--out', a, '-q').status).toBe(0);
    expect(dcpsim({ DCPSIM_NO_BUNDLE: '1' }, 'run', SMALL, '--out', b, '-q').status).toBe(0);
    expect(readFileSync(join(a, 'timeseries.csv'), 'utf8')).toBe(readFileSync(join(b, 'timeseries.csv'), 'utf8'));
    const bad = [dcpsim({}, 'run', 'no-such-model'), dcpsim({ DCPSIM_NO_BUNDLE: '1' }, 'run', 'no-such-model')];
    for (const r of bad) expect(r.status).toBe(1);
    expect(bad[0].stderr).toBe(bad[1].stderr);
    expect(bad[0].stderr.trim().split('\n')).toHaveLength(1);
  }, 30_000);
});
