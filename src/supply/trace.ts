/**
 * Step schedules for time-varying inputs (prices, carbon intensities):
 * constant, daily time-of-use periods, or an hourly trace file. A supply
 * asks a schedule for its value now and when it next changes, and
 * schedules an event there: nothing polls.
 *
 * Hourly trace files are read with fast-csv. A trace is a typical year:
 * the UTC hour of the year selects its row, wrapping, so a 2022 trace can
 * drive a 2028 run (hour 8,760 of a leap year reads row 0). Empty cells are
 * filled by the stated rule `interpolate` (linear in time between the
 * nearest filled hours before and after; the nearest filled hour at either
 * end), or refused with an error naming the file and line (`gaps: error`).
 * Never read as zero.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { Parser } from '@fast-csv/parse/build/src/parser/Parser.js';
import { ParserOptions } from 'fast-csv';
import { InputError } from '../model/errors.ts';
import { quantity } from '../model/units.ts';

export interface Schedule {
  /** Value at t (seconds since the scenario start). */
  valueAt(t: number): number;
  /** The next time after t at which the value may change; Infinity if never. */
  nextChange(t: number): number;
}

export function constant(v: number): Schedule {
  return { valueAt: () => v, nextChange: () => Infinity };
}

const HOUR = 3600;
const DAY = 86400;

function yearStartEpochS(epochS: number): number {
  return Date.UTC(new Date(epochS * 1000).getUTCFullYear(), 0, 1) / 1000;
}

/** A value per UTC hour of the year, repeating every year. */
export function hourlyOfYear(values: Float64Array, startEpochS: number): Schedule {
  return {
    valueAt(t) {
      const e = startEpochS + t;
      const h = Math.floor((e - yearStartEpochS(e)) / HOUR);
      return values[h % values.length];
    },
    nextChange: (t) => (Math.floor((startEpochS + t) / HOUR) + 1) * HOUR - startEpochS,
  };
}

/** Daily periods: each `fromS` (seconds after UTC midnight) starts a value that holds until the next. */
export function timeOfUse(periods: readonly { fromS: number; value: number }[], startEpochS: number): Schedule {
  const sorted = [...periods].sort((a, b) => a.fromS - b.fromS);
  const daySecond = (t: number): number => (((startEpochS + t) % DAY) + DAY) % DAY;
  return {
    valueAt(t) {
      const s = daySecond(t);
      let v = sorted[sorted.length - 1].value; // before the first period: yesterday's last
      for (const p of sorted) if (p.fromS <= s) v = p.value;
      return v;
    },
    nextChange(t) {
      const s = daySecond(t);
      const next = sorted.find((p) => p.fromS > s);
      return t + (next ? next.fromS - s : DAY - s + sorted[0].fromS);
    },
  };
}

export const gapsSchema = z.enum(['interpolate', 'error']).prefault('interpolate').meta({
  description: 'Empty cells: `interpolate` linearly between the nearest filled hours, or `error` naming the line',
});

/** A time-of-use price: daily periods in UTC. */
export const touSchema = z.strictObject({
  periods: z
    .array(z.strictObject({
      from: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day like "07:00"').meta({ description: 'Start of the period, UTC, "HH:MM"' }),
      price: quantity('price', { min: 0 }, 'Price in this period'),
    }))
    .min(1)
    .meta({ description: 'Daily periods, each holding from its start until the next (UTC)' }),
});

export interface TraceColumns {
  /** Hours in the file (rows after the header). */
  hours: number;
  /** Columns by name, one value per hour, gaps filled. */
  columns: Map<string, Float64Array>;
  header: string[];
}

const cache = new Map<string, TraceColumns>();

/**
 * Read an hourly trace: a header with `timestamp` first, then numeric
 * columns, one row per consecutive hour. Files are cached by path and rule.
 */
export function readHourlyTrace(file: string, baseDir: string, gaps: 'interpolate' | 'error'): TraceColumns {
  const path = resolve(baseDir, file);
  const key = `${gaps}:${path}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(file, '', 'a readable hourly trace (CSV)', (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(e));
  }
  const rows = new Parser(new ParserOptions({ ignoreEmpty: true, trim: true })).parse(text, false).rows;
  if (rows.length < 2) throw new InputError(file, '', 'a header and at least one row', `${rows.length} lines`, 1);
  const header = rows[0];
  const n = rows.length - 1;
  const columns = new Map<string, Float64Array>();
  for (let c = 1; c < header.length; c++) columns.set(header[c], new Float64Array(n).fill(NaN));
  const cols = [...columns.values()];
  let prevTime = NaN;
  for (let r = 1; r <= n; r++) {
    const row = rows[r];
    const line = r + 1;
    if (row.length !== header.length) throw new InputError(file, '', `${header.length} cells as in the header`, `${row.length}`, line);
    const time = Date.parse(row[0].replace(' ', 'T').replace(/\+00:00$/, 'Z'));
    if (!Number.isFinite(time)) throw new InputError(file, 'timestamp', 'a UTC timestamp like "2022-01-01 00:00:00+00:00"', JSON.stringify(row[0]), line);
    if (r > 1 && time - prevTime !== HOUR * 1000) throw new InputError(file, 'timestamp', 'the hour after the previous row', JSON.stringify(row[0]), line);
    prevTime = time;
    for (let c = 1; c < header.length; c++) {
      const cell = row[c];
      if (cell === '') {
        if (gaps === 'error') throw new InputError(file, header[c], 'a number (set `gaps: interpolate` to fill empty cells)', 'an empty cell', line);
        continue;
      }
      const v = Number(cell);
      if (!Number.isFinite(v)) throw new InputError(file, header[c], 'a number', JSON.stringify(cell), line);
      cols[c - 1][r - 1] = v;
    }
  }
  for (const [name, v] of columns) {
    if (!fillGaps(v)) throw new InputError(file, name, 'at least one filled cell', 'an empty column', 2);
  }
  const out = { hours: n, columns, header };
  cache.set(key, out);
  return out;
}

/** Linear interpolation across NaN runs; ends take the nearest value. False if all are NaN. */
export function fillGaps(v: Float64Array): boolean {
  let prev = -1;
  for (let i = 0; i <= v.length; i++) {
    if (i < v.length && Number.isNaN(v[i])) continue;
    if (i - prev > 1) {
      if (prev < 0 && i === v.length) return false;
      for (let k = prev + 1; k < i; k++) {
        v[k] = prev < 0 ? v[i] : i === v.length ? v[prev] : v[prev] + ((v[i] - v[prev]) * (k - prev)) / (i - prev);
      }
    }
    prev = i;
  }
  return true;
}

/** A named column of a trace, or an error naming the file and the columns it has. */
export function traceColumn(trace: TraceColumns, file: string, column: string): Float64Array {
  const v = trace.columns.get(column);
  if (!v) throw new InputError(file, '', `a column "${column}" (it has ${trace.header.join(', ')})`, 'none', 1);
  return v;
}
