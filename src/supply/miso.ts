/**
 * MISO market-report LMP files read as downloaded (docs.misoenergy.org/marketreports/<YYYYMMDD>_da_expost_lmp.csv,
 * _da_exante_lmp, _rt_lmp_final, _rt_lmp_prelim; sources in tests/fixtures/grid-miso/README.md): a day a file, wide,
 * under a preamble of a title, the day (MM/DD/YYYY), and the note "All Hours-Ending are Eastern Standard Time (EST)":
 *
 *   Day Ahead Market ExPost LMPs
 *   07/14/2026
 *
 *   ,,,All Hours-Ending are Eastern Standard Time (EST)
 *   Node,Type,Value,HE 1,...,HE 24
 *   MINN.HUB,Hub,LMP,21.05,...
 *
 * A row per node and Value (LMP, MCC, MLC), prices in $/MWh. Hour ending h is the hour from h - 1 EST, UTC-5 all year
 * (MISO keeps no daylight saving: every day has 24 hours). Days downloaded apart and joined (`cat *_da_expost_lmp.csv`)
 * are read as one file, each day's preamble in turn, in any order (the rows are put in time order, as isone.ts does);
 * a day twice is refused at its second day line. The rows become the long form the trace reader (trace.ts) takes:
 * timestamp (UTC), Node, Type, Value, price, so `where: { Node: MINN.HUB, Value: LMP }` keeps one series.
 */
import { InputError } from '../model/errors.ts';
import { MONTH_DAY_YEAR, monthDayYear } from '../model/slash-dates.ts';

const HOUR = 3600;
const EST_NOTE = /hours-ending are eastern standard time/i;
const HE = Array.from({ length: 24 }, (_, h) => `HE ${h + 1}`);

/** Whether a file's first rows are a MISO LMP report's preamble and header. */
export function isMiso(rows: readonly string[][]): boolean {
  const head = rows.slice(0, 5);
  return head.some((r) => r.some((c) => EST_NOTE.test(c))) && head.some((r) => r[0] === 'Node' && r.includes('HE 1'));
}

/** A MISO report's rows in long form: a row per node, Value and hour, its UTC start first (see the top). */
export function misoRows(
  all: { rows: readonly string[][]; lines: readonly number[] },
  file: string,
): { rows: string[][]; lines: number[] } {
  const timed: { start: number; row: string[]; line: number }[] = [];
  const days = new Set<number>();
  let day: number | undefined;
  let cols: number[] | undefined;
  const iso = (t: number) => `${new Date(t * 1000).toISOString().slice(0, 19)}Z`;
  all.rows.forEach((row, r) => {
    const refuse = (field: string, expected: string, found: string): never => {
      throw new InputError(file, field, expected, JSON.stringify(found), all.lines[r]);
    };
    const filled = row.filter((c) => c !== '');
    if (filled.length === 1 && MONTH_DAY_YEAR.test(row[0])) {
      const t = monthDayYear(row[0]);
      if (t === undefined) return refuse('date', "a day like 07/14/2026 (month/day/year) above the day's rows", row[0]);
      if (days.has(t)) refuse('date', 'each day once (this day is joined in twice)', row[0]);
      days.add(t);
      day = t;
      cols = undefined;
      return;
    }
    if (row.some((c) => EST_NOTE.test(c))) return;
    if (row[0] === 'Node') {
      const at = HE.map((h) => row.indexOf(h));
      if (at.some((c) => c < 0) || row[1] !== 'Type' || row[2] !== 'Value')
        refuse('Node', "MISO's columns Node, Type, Value, HE 1 to HE 24", row.join(','));
      cols = at;
      return;
    }
    // A report's title (its only cell), above its day: a day joined after another starts anew.
    if (filled.length === 1) {
      day = undefined;
      cols = undefined;
      return;
    }
    if (day === undefined || cols === undefined)
      return refuse(
        'Node',
        "a node's row under its day (MM/DD/YYYY) and the header Node,Type,Value,HE 1,...,HE 24",
        row.join(','),
      );
    for (let h = 0; h < 24; h++) {
      const start = day + (h + 5) * HOUR;
      timed.push({ start, row: [iso(start), row[0], row[1], row[2], row[cols[h]] ?? ''], line: all.lines[r] });
    }
  });
  // Days joined out of order (`cat` of files named otherwise than by day) read in time order; the sort is stable.
  timed.sort((a, b) => a.start - b.start);
  return {
    rows: [['timestamp', 'Node', 'Type', 'Value', 'price'], ...timed.map((t) => t.row)],
    lines: [all.lines[0], ...timed.map((t) => t.line)],
  };
}
