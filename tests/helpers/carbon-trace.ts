/**
 * The shipped grid-carbon traces (models/data/grid-carbon) read here, apart from the code under test, for the
 * oracles of tests/oracles/: each hour's intensity and carbon-free share by UTC month, day and hour.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DATA = join(import.meta.dirname, '..', '..', 'models', 'data', 'grid-carbon');
export const TRACES = ['PJM', 'ERCOT', 'CAISO'] as const;
/** A shipped trace's CSV file. */
export const traceFile = (name: string): string => join(DATA, `${name}-2022-hourly.csv`);

export interface TraceHour {
  ci: number;
  share: number;
}

const traceCache = new Map<string, { byKey: Map<string, TraceHour>; raw: Record<string, string>[]; gen: string[] }>();

/** The trace, gaps filled by linear interpolation between the nearest filled hours (docs/models/supply.md). */
export function trace(name: (typeof TRACES)[number]) {
  const hit = traceCache.get(name);
  if (hit) return hit;
  const lines = readFileSync(traceFile(name), 'utf8').trimEnd().split('\n');
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((l) => l.split(','));
  const cols = header.slice(1);
  const filled: number[][] = cols.map((_, c) => {
    const v = rows.map((r) => (r[c + 1] === '' ? Number.NaN : Number(r[c + 1])));
    const known = v.flatMap((x, i) => (Number.isNaN(x) ? [] : [i]));
    return v.map((x, i) => {
      if (!Number.isNaN(x)) return x;
      const a = known.filter((k) => k < i).at(-1);
      const b = known.find((k) => k > i);
      if (a === undefined) return v[b!];
      if (b === undefined) return v[a];
      return v[a] + ((v[b] - v[a]) * (i - a)) / (b - a);
    });
  });
  const gen = cols.filter((c) => c !== 'avg_CI');
  const clean = ['NUC', 'WND', 'SUN', 'WAT'];
  const byKey = new Map<string, TraceHour>();
  const raw: Record<string, string>[] = [];
  rows.forEach((r, i) => {
    const t = new Date(r[0].replace(' ', 'T'));
    const at = (c: string): number => filled[cols.indexOf(c)][i];
    const total = gen.reduce((a, c) => a + at(c), 0);
    byKey.set(`${t.getUTCMonth()}-${t.getUTCDate()}-${t.getUTCHours()}`, {
      ci: at('avg_CI'),
      share: clean.reduce((a, c) => a + at(c), 0) / total,
    });
    raw.push(Object.fromEntries(cols.map((c, k) => [c, rows[i][k + 1]])));
  });
  const out = { byKey, raw, gen };
  traceCache.set(name, out);
  return out;
}

/** The trace's hour for an epoch second outside its span (a non-leap year): the same UTC month, day and hour. */
export const hourOf = (name: (typeof TRACES)[number], epochS: number): TraceHour => {
  const t = new Date(epochS * 1000);
  return trace(name).byKey.get(`${t.getUTCMonth()}-${t.getUTCDate()}-${t.getUTCHours()}`)!;
};
