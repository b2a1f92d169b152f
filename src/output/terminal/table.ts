/** A cell that reads as a number ("1,234.5", "-3", "+4.2%", "—"): right-aligned so digits line up. */
const NUMERIC = /^(?:[-+]?[\d,]*\.?\d+(?:e[-+]?\d+)?%?|\u2014|-?inf|NaN)$/i;

/**
 * A small aligned table for the terminal: the first row is the header; a
 * column whose cells are all numbers (or empty) is right-aligned, any other
 * is left-aligned (text read right-aligned is hard to scan).
 */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  const numeric: boolean[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  rows
    .slice(1)
    .forEach((r) => r.forEach((c, i) => (numeric[i] = (numeric[i] ?? true) && (c === '' || NUMERIC.test(c)))));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i > 0 && numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * `table(rows)`, or where a line of it is wider than `width` (a terminal's, which would wrap each row onto the next
 * line), each row as a block: its first `keys` cells after their titles on one line, then each other cell under it
 * beside its title.
 */
export function fitTable(rows: readonly (readonly string[])[], width: number | undefined, keys = 1): string {
  const whole = table(rows);
  if (!width || whole.split('\n').every((l) => l.length <= width)) return whole;
  const [head, ...body] = rows;
  const titleWidth = Math.max(0, ...head.slice(keys).map((h) => h.length));
  return body
    .map((r, n) =>
      [
        keys > 0
          ? head
              .slice(0, keys)
              .map((h, i) => `${h} ${r[i]}`.trimEnd())
              .join(', ')
          : `row ${n + 1}`,
        ...head.slice(keys).map((h, i) => `  ${h.padEnd(titleWidth)}  ${r[keys + i] ?? ''}`.trimEnd()),
      ].join('\n'),
    )
    .join('\n');
}

/**
 * `table(rows)`, or where a line of it is wider than `width` (a terminal's), the first column given only the room
 * the others leave: a first cell longer than that on its own line, the row's other cells under it in their columns.
 * For a table of long names and short figures (dcpsim diff's), where a block a row would make it six times as long.
 */
export function fitFirstColumn(rows: readonly (readonly string[])[], width: number | undefined): string {
  const whole = table(rows);
  if (!width || whole.split('\n').every((l) => l.length <= width)) return whole;
  const rest = table(rows.map((r) => ['', ...r.slice(1)])).split('\n');
  const room = Math.max(0, width - Math.max(...rest.map((l) => l.length)));
  return rows
    .map((r, i) => {
      const name = r[0] ?? '';
      if (rest[i] === '') return name;
      return name.length <= room ? `${name.padEnd(room)}${rest[i]}` : `${name}\n${' '.repeat(room)}${rest[i]}`;
    })
    .join('\n');
}

/** Fit text into lines of at most `width` characters, breaking at spaces. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/** A count and its word, the word plural unless the count is 1: counted(1, 'run') is "1 run", counted(0, 'run') "0 runs". */
export const counted = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "a", "a and b", "a, b and c". */
export const inWords = (parts: readonly string[]): string =>
  parts.length < 2 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;

/** `s` with its first letter a capital. */
export const capitalized = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Thousands separators and `decimals` decimals: what `x.toLocaleString('en-US', ...)` writes with that many
 * fraction digits, without its number-formatting data (ICU's, 4 MiB of a run's peak memory when the run prints
 * its table). As ICU does, the shortest decimal that reads back as x is rounded half away from zero, and a
 * negative number that rounds to zero keeps its sign.
 */
export function human(x: number, decimals = 1): string {
  if (!Number.isFinite(x)) return String(x);
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const keep = Number(exponent) + 1 + decimals; // digits up to the last decimal kept
  const kept = keep > 0 ? BigInt(digits.slice(0, keep).padEnd(keep, '0')) : 0n;
  const up = keep >= 0 && (digits[keep] ?? '0') >= '5';
  const all = String(kept + (up ? 1n : 0n)).padStart(decimals + 1, '0');
  const whole = all.slice(0, all.length - decimals).replace(/\B(?=(\d{3})+$)/g, ',');
  return `${x < 0 || Object.is(x, -0) ? '-' : ''}${whole}${decimals > 0 ? `.${all.slice(-decimals)}` : ''}`;
}

/**
 * human(x, decimals), or, where those decimals round x to 0 and it is not, with its first significant digit: a column
 * takes its largest figure's decimals, and a sweep's point leaving 0.3 MWh unmet beside one leaving 303 read '0 (0 to
 * 1)', as if it lost none (a day's 0.19 $M beside ten years' 750 $M read '0'; a sizing's 0.0003 MWh '0.000').
 */
export function humanNonZero(x: number, decimals = 1): string {
  const s = human(x, decimals);
  if (x === 0 || !Number.isFinite(x) || !/^-?0(\.0*)?$/.test(s)) return s;
  return human(x, Math.min(12, Math.max(decimals, Math.ceil(-Math.log10(Math.abs(x))))));
}

/**
 * A price as the model gave it (to 6 significant digits, as summary.json holds it) with thousands separators, as the
 * run's table writes a value of lost load: 10,000 $/MWh, 51 $/t, 0.5 $/t (a sweep's and a sizing's wrote 10000).
 */
export function priceFigure(x: number): string {
  return Number(x.toPrecision(6)).toLocaleString('en-US', { maximumFractionDigits: 20 });
}
