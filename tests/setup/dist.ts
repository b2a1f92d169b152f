/** Build dist/ before the tests when a source changed since the last build (the command runs from dist/). */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { distState } from '../../src/dist.mjs';

export default function setup(): void {
  const root = join(import.meta.dirname, '..', '..');
  if (distState(root) === 'current') return;
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run build failed: ${r.stderr}`);
}
