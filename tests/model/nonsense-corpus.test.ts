/**
 * Corpus for accepted nonsense (issue 16.8): every number of every preset
 * replaced by values no site has (1e308, -1e308, 1e400, -1, 0, 1e-320, NaN,
 * Infinity, a huge quantity with its unit). Each case ends cleanly: refused
 * with the one-line error, or accepted and then run (a day, one row) with
 * every figure of its summary finite.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatPath, InputError } from '../../src/model/errors.ts';
import { checkScenario, loadScenario, runScenario } from '../../src/run.ts';
import { nonFiniteFigure } from '../../src/output/tables/summary.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const PRESETS = ['default', 'smr-campus', 'orbital-50k-h100', 'gpt3-training', 'bench-workload'];
const VALUES = ['1e308', '-1e308', '1e400', '-1', '0', '1e-320', '.nan', '.inf', '-.inf'];
const out = mkdtempSync(join(tmpdir(), 'dcpsim-nonsense-'));

/** Paths of the numeric leaves of a document (numbers, and quantities like "77 MW"), but seeds and dates. */
function numericLeaves(
  v: unknown,
  keys: (string | number)[] = [],
  acc: (string | number)[][] = [],
): (string | number)[][] {
  if (Array.isArray(v)) v.forEach((x, i) => numericLeaves(x, [...keys, i], acc));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) numericLeaves(x, [...keys, k], acc);
  else if (
    (typeof v === 'number' || (typeof v === 'string' && /^[-+]?\d/.test(v))) &&
    !['seed', 'start', 'submit'].includes(String(keys.at(-1)))
  )
    acc.push(keys);
  return acc;
}

const CASES = PRESETS.flatMap((p) => {
  const raw = parseYaml(readFileSync(join(ROOT, 'models', `${p}.yaml`), 'utf8'));
  // Two values per leaf, rotating through the list, so every value meets every kind of field.
  return numericLeaves(raw).flatMap((keys, i) =>
    [VALUES[i % VALUES.length], VALUES[(i + 4) % VALUES.length]].map((v) => ({ p, set: `${formatPath(keys)}=${v}` })),
  );
});

describe('corpus: every number of the presets made nonsense', () => {
  it(`has at least 200 cases (${CASES.length})`, () => expect(CASES.length).toBeGreaterThanOrEqual(200));

  it('each is refused with one line, or runs with every figure finite', () => {
    let refused = 0;
    let ran = 0;
    for (const c of CASES) {
      const label = `${c.p} --set ${c.set}`;
      try {
        checkScenario(loadScenario({ model: c.p, set: [c.set] }));
      } catch (e) {
        expect(e, `${label}: ${(e as Error).stack}`).toBeInstanceOf(InputError);
        expect((e as Error).message, label).not.toContain('\n');
        refused++;
        continue;
      }
      // Accepted: a one-day run must give sound figures (or be refused by the writer's guard, in one line).
      try {
        const s = runScenario({
          model: c.p,
          set: [c.set],
          duration: '1d',
          step: '1d',
          out: join(out, String(ran)),
          series: false,
        }).summary;
        expect(nonFiniteFigure(s), label).toBeUndefined();
        ran++;
      } catch (e) {
        expect(e, `${label}: ${(e as Error).stack}`).toBeInstanceOf(InputError);
        expect((e as Error).message, label).not.toContain('\n');
        refused++;
      }
    }
    expect(refused + ran).toBe(CASES.length);
    expect(refused).toBeGreaterThan(CASES.length / 2);
  }, 240_000);
});
