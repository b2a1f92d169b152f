import { readFileSync } from 'node:fs';

/** A numeric CSV as columns by header name (timestamps kept as strings). */
export function readCsv(path: string): { header: string[]; rows: string[][]; col(name: string): number[] } {
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((l) => l.split(','));
  return {
    header,
    rows,
    col(name) {
      const i = header.indexOf(name);
      if (i < 0) throw new Error(`no column ${name}`);
      return rows.map((r) => Number(r[i]));
    },
  };
}
