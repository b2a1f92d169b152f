/**
 * What a command prints, fitted to the terminal it prints on. A terminal breaks a line longer than its width
 * wherever the width ends, mid-word: the run's economics line (190 characters) read '...hardware $1,136.93M), $1,3'
 * and '04.18M a year...' at 80 columns. A prose line is broken at its spaces instead, the rest indented two more
 * than the line. A table row (its columns two or more spaces apart) is left whole: broken, its columns would no
 * longer line up. Output to a pipe or a file is written as it is.
 */
import { widthOf } from './progress.ts';
import { wrap } from './table.ts';

/** `text` with its prose lines broken at spaces to fit `columns` (none: as it is). */
export function wrapProse(text: string, columns: number | undefined): string {
  if (!columns || columns < 20) return text;
  return text
    .split('\n')
    .map((line) => (line.length <= columns || /\S {2,}\S/.test(line) ? line : wrapLine(line, columns)))
    .join('\n');
}

function wrapLine(line: string, columns: number): string {
  const indent = /^ */.exec(line)![0];
  const [first, ...rest] = wrap(line, columns - indent.length);
  const more = wrap(rest.join(' '), columns - indent.length - 2);
  return [indent + first, ...(rest.length ? more.map((l) => `${indent}  ${l}`) : [])].join('\n');
}

/** Standard output's width when it is a terminal; none when it is piped or redirected. */
export function stdoutWidth(): number | undefined {
  return process.stdout.isTTY ? widthOf(process.stdout) : undefined;
}

/** `text` fitted to standard output when it is a terminal. */
export function forStdout(text: string): string {
  return wrapProse(text, stdoutWidth());
}
