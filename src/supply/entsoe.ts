/**
 * ENTSO-E Transparency Platform exports (day-ahead prices, actual generation per production type) read as
 * downloaded: their "MTU (CET/CEST)" column of delivery intervals, in local time, becomes the UTC hours the trace
 * reader (trace.ts) takes.
 *
 * The forms (sources in tests/fixtures/grid-eu/README.md):
 *  - the legacy export: "MTU (CET/CEST)","Day-ahead Price [EUR/MWh]" with "01.01.2022 00:00 - 01.01.2022 01:00";
 *  - the current one (GUI_ENERGY_PRICES_*.csv): "Area","Sequence","MTU (CET/CEST)","Day-ahead Price (EUR/MWh)", ...
 *    with "01/01/2024 00:00:00 - 01/01/2024 01:00:00", the rows of the days daylight saving starts or ends marked
 *    " (CET)" or " (CEST)" after their times.
 * Dates are day first. An interval is its start, in the zone its header names: CET/CEST (UTC+1, +2 in summer), also
 * WET/WEST, EET/EEST or UTC, as the platform offers; summer time from the last Sunday of March to the last Sunday of
 * October, 01:00 UTC (EU rule). A start marked (CET) or (CEST) takes that offset; an unmarked one in the repeated hour
 * of the autumn day is summer time the first time it comes and winter time after. A start in the hour the spring day
 * skips is dropped if its cells are empty and refused otherwise.
 * Missing values ("n/e", "N/A", "-") are empty cells, which the trace's `gaps` rule fills or refuses. Each interval is
 * a row at its UTC start: those shorter than an hour (15 minutes since 1 October 2025) are averaged to their UTC hour
 * as any trace's are (sub-hourly.ts).
 */
import { InputError } from '../model/errors.ts';
import { numberCell } from '../model/csv-parse.ts';

const HOUR = 3600;

/** The header of an ENTSO-E interval column, and its zone's standard offset in hours (summer adds one), or UTC. */
const MTU_HEADER = /^MTU \((CET\/CEST|CET|WET\/WEST|WET|EET\/EEST|EET|UTC)\)$/i;
const BASE_OFFSET: Record<string, number> = { cet: 1, wet: 0, eet: 2, utc: 0 };

/** "01.01.2022 00:00 - 01.01.2022 01:00", "01/01/2024 00:00:00 (CET) - 01/01/2024 01:00:00 (CET)". */
const STAMP = String.raw`(\d{2})[./](\d{2})[./](\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?(?:\s*\(([A-Z]{3,4})\))?`;
const INTERVAL = new RegExp(`^${STAMP}\\s*-\\s*${STAMP}$`, 'i');

/** Cells ENTSO-E writes where it has no value. */
const MISSING = new Set(['n/e', 'N/A', 'n/a', '-']);

/** Is `header` an ENTSO-E export's (a column "MTU (CET/CEST)" or like it)? */
export function entsoeColumn(header: readonly string[]): number {
  return header.findIndex((h) => MTU_HEADER.test(h.trim()));
}

/** The UTC instant summer time starts (last Sunday of March) or ends (of October) in year y, 01:00 UTC. */
function lastSunday(y: number, month: number): number {
  const end = Date.UTC(y, month + 1, 0); // the month's last day
  const dow = new Date(end).getUTCDay();
  return (end - dow * 86400000) / 1000 + HOUR;
}
const inSummer = (utc: number): boolean => {
  const y = new Date(utc * 1000).getUTCFullYear();
  return utc >= lastSunday(y, 2) && utc < lastSunday(y, 9);
};

/**
 * The rows of an ENTSO-E export with its interval column `tc` as UTC ISO timestamps, each interval's start (see the
 * top). `lines` are the rows' lines in the file; the header is kept.
 */
export function entsoeRows(
  rows: readonly string[][],
  lines: readonly number[],
  tc: number,
  sep: string,
  file: string,
): { rows: string[][]; lines: number[] } {
  const header = rows[0];
  const zone = MTU_HEADER.exec(header[tc].trim())![1].toLowerCase();
  const base = BASE_OFFSET[zone.slice(0, 3)] * HOUR;
  const seasonal = zone.includes('/');
  const out: string[][] = [header];
  const outLines: number[] = [lines[0]];
  /** Each row's UTC start, seconds. */
  const times: { start: number; r: number }[] = [];
  let prev = -Infinity;
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    const cell = (row[tc] ?? '').trim();
    const m = INTERVAL.exec(cell);
    const expected = `an interval like "01.01.2022 00:00 - 01.01.2022 01:00" (day first, ${header[tc]})`;
    if (!m) throw new InputError(file, header[tc], expected, JSON.stringify(row[tc] ?? ''), lines[r]);
    const local = (o: number): number =>
      Date.UTC(+m[o + 3], +m[o + 2] - 1, +m[o + 1], +m[o + 4], +m[o + 5], +(m[o + 6] ?? 0)) / 1000;
    const startLocal = local(0);
    const endLocal = local(7);
    const utcOf = (loc: number, marker: string | undefined, after: number): number | undefined => {
      if (!seasonal) return loc - base;
      if (marker) {
        const mk = marker.toUpperCase();
        const summer = mk.endsWith('ST') && mk.length === 4;
        return loc - base - (summer ? HOUR : 0);
      }
      const winter = loc - base;
      const summer = winter - HOUR;
      const w = !inSummer(winter);
      const s = inSummer(summer);
      if (w && s) return summer > after ? summer : winter; // the autumn day's repeated hour
      return w ? winter : s ? summer : undefined;
    };
    const start = utcOf(startLocal, m[7], prev);
    if (start === undefined) {
      // The hour the spring day skips: a row for it holds nothing, or is an error.
      if (
        row.every(
          (c, i) => i === tc || c.trim() === '' || MISSING.has(c.trim()) || !Number.isFinite(numberCell(c, sep)),
        )
      )
        continue;
      throw new InputError(
        file,
        header[tc],
        `a local time that exists (${m[0].slice(0, 16)} falls in the hour skipped where summer time starts)`,
        JSON.stringify(row[tc]),
        lines[r],
      );
    }
    // Its length: by the clock, unless the clock jumps inside it (the spring day's "01:00 - 03:00").
    const end = utcOf(endLocal, m[14], start);
    const clock = endLocal - startLocal;
    const len = clock > 0 && clock <= HOUR && !m[14] ? clock : end === undefined ? HOUR : end - start;
    if (!(len > 0) || len > HOUR || HOUR % len !== 0)
      throw new InputError(
        file,
        header[tc],
        'an interval of an hour or a whole part of one (15, 30 or 60 minutes)',
        JSON.stringify(row[tc]),
        lines[r],
      );
    times.push({ start, r });
    prev = start;
  }
  const iso = (t: number) => `${new Date(t * 1000).toISOString().slice(0, 19)}Z`;
  const clean = (c: string): string => (MISSING.has(c.trim()) ? '' : c);
  for (const { start, r } of times) {
    out.push(rows[r].map((c, k) => (k === tc ? iso(start) : clean(c))));
    outLines.push(lines[r]);
  }
  return { rows: out, lines: outLines };
}
