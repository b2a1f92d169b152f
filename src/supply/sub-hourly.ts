/**
 * Trace rows shorter than an hour, averaged to their UTC hour for the hourly trace reader (trace.ts): NESO's half
 * hours, WattTime's five minutes, a market's five- or fifteen-minute prices, ENTSO-E's quarter hours since 1 October
 * 2025 (entsoe.ts gives each interval its UTC start).
 *
 * Rows are grouped by the UTC hour their start falls in. The file's step (the least time between two rows) is a whole
 * part of an hour (5, 10, 15, 20 or 30 minutes) and each row starts a whole number of steps into its hour; the hour's
 * row is each column's mean over its filled cells, which is the mean in time as the rows are equally long, and a
 * label column's text is its first row's. A row alone at the start of its hour, among two or more such rows before the
 * file's first step under an hour, is that hour's (an hourly row: an ENTSO-E file that spans 1 October 2025 has both);
 * elsewhere it is an hour lacking its other rows. An hour with an empty cell is empty in that column, for the
 * trace's `gaps` rule; under `gaps: error` an hour that lacks some of its rows is refused, naming it, and under
 * `interpolate` it is the mean of the rows it has. Averaging stops at the first row that does not come after the one before it (or has no timestamp, or
 * not as many cells as the header): from there rows pass as written, for the reader to say what is wrong with them
 * (another series, a repeated hour). Hourly rows that start inside UTC hours (a zone off the whole hour: India's +05:30)
 * are first split into their half or quarter hours.
 */
import { formatTimestamp } from '../kernel/time.ts';
import { numberCell } from '../model/csv-parse.ts';
import { InputError } from '../model/errors.ts';

const HOUR = 3600;
const QUARTER = 900;

/** The rows of a trace, their lines in the file and their start times (epoch seconds; index 0, the header, unused). */
export interface TimedRows {
  rows: string[][];
  lines: number[];
  times: number[];
}

/**
 * `t` with its rows shorter than an hour averaged to hours (see the top); `t` itself when no two rows in time order
 * are less than an hour apart. Each averaged row keeps its first row's cells where they are not numbers (its timestamp
 * as written, for messages) and line; its time is the hour's start.
 */
export function averageToHours(
  t: TimedRows,
  tc: number,
  sep: string,
  gaps: 'interpolate' | 'error',
  file: string,
  timeField: string,
): TimedRows {
  const { rows, lines, times } = t;
  let end = 2;
  const width = rows[0].length;
  while (end < rows.length && times[end] > times[end - 1] && rows[end].length === width) end++;
  if (rows[1]?.length !== width) return t;
  /** The rows' step: the least time between two (the hours of a file that also has hourly rows are groups of one). */
  let step = HOUR;
  for (let r = 2; r < end; r++) step = Math.min(step, times[r] - times[r - 1]);
  // Hours on the clock of a zone off the whole hour (India's +05:30, Nepal's +05:45) each straddle two UTC hours: each
  // becomes its halves or quarters (as many rows alike), and each UTC hour the mean of the parts it holds; the file's
  // first and last rows reach out to the UTC hours they start and end inside, so that every hour is whole (also under
  // gaps: error). They were refused ('expected a whole UTC hour').
  if (step === HOUR && Number.isFinite(times[1]) && times[1] % HOUR !== 0 && times[1] % QUARTER === 0) {
    const part = times[1] % (2 * QUARTER) === 0 ? 2 * QUARTER : QUARTER;
    const split: TimedRows = { rows: [rows[0]], lines: [lines[0]], times: [Number.NaN] };
    const push = (r: number, time: number) => {
      split.rows.push(rows[r]);
      split.lines.push(lines[r]);
      split.times.push(time);
    };
    for (let time = Math.floor(times[1] / HOUR) * HOUR; time < times[1]; time += part) push(1, time);
    for (let r = 1; r < end; r++) for (let k = 0; k < HOUR / part; k++) push(r, times[r] + k * part);
    const to = Math.ceil((times[end - 1] + HOUR) / HOUR) * HOUR;
    for (let time = times[end - 1] + HOUR; time < to; time += part) push(end - 1, time);
    for (let r = end; r < rows.length; r++) push(r, times[r]);
    return averageToHours(split, tc, sep, gaps, file, timeField);
  }
  if (step === HOUR || !Number.isFinite(times[1])) return t;
  /** Refuse row q: what was expected, and what was found (its timestamp unless given). */
  const refuse = (q: number, expected: string, found = JSON.stringify(rows[q][tc])): never => {
    throw new InputError(file, timeField, expected, found, lines[q]);
  };
  const apart = (from: number) =>
    `rows a whole part of an hour apart (5, 10, 15, 20 or 30 minutes; averaged to hours), here every ${step / 60} minutes from ${formatTimestamp(from)}`;
  if (HOUR % step !== 0) {
    let r = 2;
    while (times[r] - times[r - 1] !== step) r++;
    refuse(r, apart(times[r - 1]));
  }
  // Hourly rows before the file turns finer (an ENTSO-E file that spans 1 October 2025): those before its first step
  // under an hour, if two or more. Elsewhere a row alone at the start of its hour is the hour lacking its other rows.
  let fine = 2;
  while (fine < end && times[fine] - times[fine - 1] >= HOUR) fine++;
  const hourlyUpTo = fine - 2 >= 2 ? fine - 2 : 0;
  const out: TimedRows = { rows: [rows[0]], lines: [lines[0]], times: [Number.NaN] };
  for (let i = 1; i < end; ) {
    const hour = Math.floor(times[i] / HOUR) * HOUR;
    let j = i + 1;
    while (j < end && times[j] < hour + HOUR) j++;
    for (let q = i; q < j; q++)
      if ((times[q] - hour) % step !== 0)
        refuse(
          q,
          `rows a whole number of ${step / 60} minutes into their UTC hour (each interval inside one hour, to average it to hours), here from ${formatTimestamp(hour)}`,
        );
    const whole = j - i === HOUR / step || (j - i === 1 && times[i] === hour && i <= hourlyUpTo);
    if (gaps === 'error' && !whole)
      refuse(
        i,
        `${HOUR / step} rows of ${step / 60} minutes from ${formatTimestamp(hour)} UTC, the hour's (gaps: error; \`interpolate\` takes the mean of the rows an hour has)`,
        `${j - i} from ${JSON.stringify(rows[i][tc])}`,
      );
    out.rows.push(j - i === 1 ? rows[i] : meanRow(rows, i, j, tc, sep, gaps));
    out.lines.push(lines[i]);
    out.times.push(hour);
    i = j;
  }
  for (let r = end; r < rows.length; r++) {
    out.rows.push(rows[r]);
    out.lines.push(lines[r]);
    out.times.push(times[r]);
  }
  return out;
}

/**
 * Rows i to j − 1 as one: each numeric column's mean over its filled cells, empty if none (or if one is empty, under
 * `gaps: error`); a column with a cell that is not a number gives that cell, for the reader to refuse or keep as a label.
 */
function meanRow(
  rows: readonly string[][],
  i: number,
  j: number,
  tc: number,
  sep: string,
  gaps: 'interpolate' | 'error',
): string[] {
  return rows[i].map((cell, c) => {
    if (c === tc) return cell;
    let sum = 0;
    let n = 0;
    let empty = false;
    for (let q = i; q < j; q++) {
      const v = rows[q][c] ?? '';
      if (v === '') {
        empty = true;
        continue;
      }
      const x = numberCell(v, sep);
      if (!Number.isFinite(x)) return v;
      sum += x;
      n++;
    }
    return n === 0 || (empty && gaps === 'error') ? '' : String(sum / n);
  });
}
