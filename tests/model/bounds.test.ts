/**
 * Values no real site has, refused at the field before anything runs (one line naming the field), where they
 * used to run silently (a chiller COP of 1e30) or fail only after the run, at the writer's guard, with no
 * field named (a burst 1e30 times the mean demand).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.ts';
import { checkScenario, loadScenario } from '../../src/run.ts';

const SMALL = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');

/** The one-line error loading and building the model gives, or "accepted". */
function outcome(model: string, set: string[]): string {
  try {
    checkScenario(loadScenario({ model, set }));
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).message).not.toContain('\n');
    return (e as Error).message;
  }
  return 'accepted';
}

const service = (more: string): string =>
  `workload.inference=[{ name: chat, cluster: gpu, chips: 8, rate: 10/s, ${more} }]`;

describe('inference demand shapes', () => {
  it.each([
    // A burst 1e30 times the mean demand ran, then the summary's demanded tokens (2e37) were refused after the run.
    [
      service('bursts: { rate: 2/day, size: { mean: 1e30 }, duration: { mean: 40m } }'),
      /workload\.inference\[0\]\.bursts\.size\.mean: expected a number <= 1000, found 1e\+30$/,
    ],
    [
      service('bursts: { rate: 2/day, size: { mean: 1, cv: 1e30 }, duration: { mean: 40m } }'),
      /workload\.inference\[0\]\.bursts\.size\.cv: expected a number <= 100, found 1e\+30$/,
    ],
    [
      service('bursts: { rate: 2/day, size: { mean: 1 }, duration: { mean: 40m, cv: 1e15 } }'),
      /workload\.inference\[0\]\.bursts\.duration\.cv: expected a number <= 100, found 1000000000000000$/,
    ],
    [service('weekly: [1, 1, 1, 1, 1, 1, 1e30]'), /workload\.inference\[0\]\.weekly\[6\]: expected a number <= 1000/],
    [
      'workload.jobs=[{ name: j, cluster: gpu, rate: 1/h, chips: 1, duration: 1h, distribution: lognormal, cv: 1e30 }]',
      /workload\.jobs\[0\]\.cv: expected a number <= 100, found 1e\+30$/,
    ],
  ])('%s is refused at the field', (set, message) => {
    expect(outcome(SMALL, [set])).toMatch(message);
  });

  it('the bounds themselves are taken', () => {
    expect(
      outcome(SMALL, [
        service('bursts: { rate: 2/day, size: { mean: 1000, cv: 100 }, duration: { mean: 40m, cv: 100 } }'),
      ]),
    ).toBe('accepted');
    expect(outcome(SMALL, [service('weekly: [0, 0, 0, 0, 0, 0, 1000]')])).toBe('accepted');
  });
});
