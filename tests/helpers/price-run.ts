/**
 * The ISO price readers' tests' helpers (tests/supply/grid-*.test.ts): their oracle, the small model run from `start` for `duration` (two days unless given) with its
 * grid's price `price` (a file as downloaded, or its ISO UTC twin), every figure but the model's provenance (which
 * names the file and its hash).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { readHourlyTrace, traceColumn, type TraceColumns } from '../../src/supply/trace.ts';

const SMALL = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');
let runs = 0;

export function priceRun(dir: string, start: string, price: string, duration = '2d') {
  const { model: _, ...figures } = runScenario({
    model: SMALL,
    set: [`start=${start}`, `duration=${duration}`, `supply[0].price=${price}`],
    out: join(dir, `price-run${runs++}`),
    sync: false,
  }).summary;
  return figures;
}

/** Write `text` to `dir`/`name`; its path. */
export function writeIn(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/**
 * The one-line error reading `file` as an hourly trace (from `base`, gaps interpolated unless told, rows kept by
 * `where`) and its `columns` gives, each `strip` folder's prefix taken out; the file accepted is the test's failure.
 */
export function traceRefusal(
  file: string,
  o: {
    base: string;
    columns?: (t: TraceColumns) => readonly string[];
    gaps?: 'interpolate' | 'error';
    where?: Record<string, string>;
    strip?: readonly string[];
  },
): string {
  try {
    const t = readHourlyTrace(file, o.base, o.gaps ?? 'interpolate', o.where);
    for (const c of o.columns?.(t) ?? []) traceColumn(t, c);
  } catch (e) {
    const message = (e as Error).message;
    expect(message).not.toContain('\n');
    return (o.strip ?? []).reduce((m, d) => m.replace(`${d}/`, ''), message);
  }
  throw new Error(`accepted: ${file}`);
}

/** A trace's price columns: every header naming a price. */
export const priceColumns = (t: TraceColumns): string[] => t.header.filter((h) => /price/i.test(h));
