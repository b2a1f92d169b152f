/**
 * Run seeds and ids. Both come from a stable hash (sha256), never from a
 * point's position in the grid, so adding a value to a --vary leaves every
 * other run's id and seed, and so its results, unchanged.
 *
 * Common random numbers (the default): a run's seed depends on the base seed
 * and the replicate index only. Replicate r of every point then draws from the
 * same named streams (RandomStreams derives each component's stream from the
 * run seed and the component's name), so components that are the same in two
 * points (the job arrivals, say, when only the PUE varies) see identical draws
 * and the difference between points is the effect of the varied values, not
 * noise. The point's values still change the model, hence the run. With
 * `crn: false` the point's values (path=value, sorted) enter the hash too and
 * every run gets independent streams.
 *
 * A varied `seed` is honoured: its value replaces the base seed of that point;
 * so is a named case's `seed` (src/sweep/cases.ts), a varied one winning. Under
 * common random numbers replicate r of every case shares its seed, so the
 * differences between cases are paired as those between points are.
 */
import { createHash } from 'node:crypto';

/** The point's values as sorted "path=value" strings: the point's identity. */
function pointKey(values: Readonly<Record<string, string>>): string {
  return Object.keys(values)
    .sort()
    .map((k) => `${k}=${values[k]}`)
    .join('\n');
}

/** A stable 32-bit unsigned integer from text. */
function hash32(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

/** A point's id; a named case's (src/sweep/cases.ts) is in it, so every case has its own points. */
export function pointId(values: Readonly<Record<string, string>>, caseName?: string): string {
  const key = caseName === undefined ? pointKey(values) : `case:${caseName}\n${pointKey(values)}`;
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

export function runId(point: string, replicate: number): string {
  return `${point}-r${replicate}`;
}

export function runSeed(
  baseSeed: number,
  values: Readonly<Record<string, string>>,
  replicate: number,
  crn = true,
  /** A named case's own seed override, its base seed as a varied seed is (a varied one wins). */
  caseSeed?: string,
  /** The point's case: under crn: false its runs draw apart from other cases' too. */
  caseName?: string,
): number {
  const base = values.seed !== undefined ? values.seed : (caseSeed ?? String(baseSeed));
  const rest = Object.fromEntries(Object.entries(values).filter(([k]) => k !== 'seed'));
  const key = caseName === undefined ? pointKey(rest) : `case:${caseName}\n${pointKey(rest)}`;
  return hash32(crn ? `dcpsim-run:${base}:${replicate}` : `dcpsim-run:${base}:${key}:${replicate}`);
}
