/**
 * CAISO OASIS price files read as downloaded: the CSV in an OASIS API zip (resultformat 6) gives each interval's
 * start in GMT (INTERVALSTARTTIME_GMT, like "2024-11-03T08:00:00-00:00"), which is its UTC start, but not in time
 * order, and with a row for each price component (LMP_TYPE) and node of an interval. This puts one series' rows in
 * time order for the trace reader (trace.ts).
 *
 * The forms (sources in tests/fixtures/grid-ca/README.md), prices in $/MWh:
 *  - day-ahead hourly LMPs (PRC_LMP, market DAM): INTERVALSTARTTIME_GMT,INTERVALENDTIME_GMT,OPR_DT,OPR_HR,
 *    OPR_INTERVAL,NODE_ID_XML,NODE_ID,NODE,MARKET_RUN_ID,LMP_TYPE,XML_DATA_ITEM,PNODE_RESMRID,GRP_TYPE,POS,MW,GROUP;
 *  - real-time 5-minute LMPs (PRC_INTVL_LMP, RTM): the same columns, the price in VALUE and OPR_INTERVAL after it;
 *  - 15-minute LMPs (PRC_RTPD_LMP, RTPD): as the 5-minute file, the price in PRC.
 * LMP_TYPE is LMP (the price), MCE (energy), MCC (congestion), MCL (losses) or MGHG (greenhouse gas); XML_DATA_ITEM
 * names the same (LMP_PRC, LMP_ENE_PRC, ...). A file of several nodes or components is refused in one line naming
 * the columns to keep one with (`where`); one series' rows are sorted by their start, the 5- and 15-minute ones then
 * averaged to their UTC hour as any trace's are (sub-hourly.ts). The operating day and hour (OPR_DT, OPR_HR, Pacific
 * prevailing time) are not read: the GMT start says the same without the daylight-saving days' 23 and 25 hours.
 */
import { parseDate } from '../kernel/time.ts';
import { InputError } from '../model/errors.ts';

/** The column of an OASIS file's interval starts. */
const START = 'INTERVALSTARTTIME_GMT';

/** Columns that tell an OASIS price file's series apart, each with the names it may go by, first preferred. */
const SERIES = [['NODE', 'NODE_ID', 'NODE_ID_XML'], ['LMP_TYPE', 'XML_DATA_ITEM'], ['MARKET_RUN_ID']];

/** Is `header` an OASIS file's (a column INTERVALSTARTTIME_GMT)? Its index, or -1. */
export function oasisColumn(header: readonly string[]): number {
  return header.findIndex((h) => h.trim().toUpperCase() === START);
}

/**
 * The rows of an OASIS file in time order, header first, as written (each start read again by the trace reader).
 * Refused, in one line: rows of several series (naming the columns that tell them apart and a `where` that keeps one),
 * a start that is not a time, and an interval given twice. `lines` are the rows' lines in the file.
 */
export function oasisRows(
  rows: readonly string[][],
  lines: readonly number[],
  tc: number,
  file: string,
): { rows: string[][]; lines: number[] } {
  const header = rows[0];
  const key = header.map((h) => h.trim().toUpperCase());
  /** The columns that hold several values: each its index, values in the order met, and the line of its second. */
  const several: { c: number; values: string[]; line: number }[] = [];
  for (const names of SERIES) {
    const c = names.map((n) => key.indexOf(n)).find((i) => i >= 0);
    if (c === undefined) continue;
    const values: string[] = [];
    let line = 0;
    for (let r = 1; r < rows.length; r++) {
      const v = (rows[r][c] ?? '').trim();
      if (values.includes(v)) continue;
      values.push(v);
      if (values.length === 2) line = lines[r];
    }
    if (values.length > 1) several.push({ c, values, line });
  }
  if (several.length > 0) {
    const keep = several
      .map(({ c }) => `${JSON.stringify(header[c])}: ${key[c] === 'LMP_TYPE' ? 'LMP' : '<one of them>'}`)
      .join(', ');
    const found = several
      .map(({ c, values }) => {
        const shown = `${values.slice(0, 8).join(', ')}${values.length > 8 ? ', ...' : ''}`;
        return `${values.length} ${header[c]}: ${shown}`;
      })
      .join('; ');
    throw new InputError(
      file,
      header[several[0].c],
      `one series of intervals (the file holds one for each ${several.map(({ c }) => header[c]).join(' and ')}: keep one with where: { ${keep} } beside file)`,
      found,
      several[0].line,
    );
  }
  const timed: { start: number; r: number }[] = [];
  for (let r = 1; r < rows.length; r++) {
    let start = Number.NaN;
    try {
      start = parseDate(rows[r][tc] ?? '');
    } catch {}
    if (Number.isNaN(start))
      throw new InputError(
        file,
        header[tc],
        'an interval start in GMT like "2024-11-03T08:00:00-00:00"',
        JSON.stringify(rows[r][tc] ?? ''),
        lines[r],
      );
    timed.push({ start, r });
  }
  timed.sort((a, b) => a.start - b.start);
  for (let i = 1; i < timed.length; i++)
    if (timed[i].start === timed[i - 1].start)
      throw new InputError(
        file,
        header[tc],
        `one row per interval (this start is also on line ${lines[timed[i - 1].r]})`,
        JSON.stringify(rows[timed[i].r][tc]),
        lines[timed[i].r],
      );
  return {
    rows: [header, ...timed.map(({ r }) => rows[r])],
    lines: [lines[0], ...timed.map(({ r }) => lines[r])],
  };
}
