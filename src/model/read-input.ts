/**
 * Reading an input file (a model, weather, a trace) safely: only a regular
 * file, and no larger than a cap. A weather path of /dev/zero or
 * /dev/urandom used to grow past 8 GiB of memory, and a FIFO hung the run
 * for ever; a typo'd path now gets one line naming the file's role.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { InputError, asInputError } from './errors.ts';

/**
 * The largest input file read, bytes: 256 MiB, about twenty years of hourly
 * rows of a wide trace or a year of one-second request logs. A larger file is
 * refused unless DCPSIM_MAX_INPUT_MB raises the cap.
 */
export const MAX_INPUT_BYTES = 256 * 2 ** 20;

function maxInputBytes(env: Record<string, string | undefined> = process.env): number {
  const mb = Number(env.DCPSIM_MAX_INPUT_MB);
  return env.DCPSIM_MAX_INPUT_MB !== undefined && mb > 0 ? mb * 2 ** 20 : MAX_INPUT_BYTES;
}

const KIND = (st: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}): string =>
  st.isDirectory()
    ? 'a folder'
    : st.isFIFO()
      ? 'a named pipe (FIFO)'
      : st.isCharacterDevice() || st.isBlockDevice()
        ? 'a device'
        : st.isSocket()
          ? 'a socket'
          : 'not a regular file';

/**
 * What a model's data file should be, in the words of its reader's errors and of the model's check of the same file
 * (src/model/data-files.ts): the two name it alike.
 */
export const DATA_ROLES = {
  weather: 'a readable weather file',
  trace: 'a readable hourly trace (CSV)',
  inference: 'an inference trace (CSV: TIMESTAMP, ContextTokens, GeneratedTokens)',
  demandResponse: 'a demand-response events file (CSV: start, end, shed_mw)',
} as const;

/**
 * A file's text. `role` says what it should be ("an hourly trace (CSV)");
 * `shown` is how errors name it (the path as the model wrote it).
 * Opened non-blocking so that a FIFO is seen for what it is, not waited on.
 */
export function readDataFile(path: string, role: string, shown: string = path): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw asInputError(e, shown, role);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new InputError(shown, '', role, KIND(st));
    const cap = maxInputBytes();
    if (st.size > cap) {
      throw new InputError(
        shown,
        '',
        `${role} of at most ${cap / 2 ** 20} MiB (DCPSIM_MAX_INPUT_MB raises it)`,
        `${(st.size / 2 ** 20).toFixed(1)} MiB`,
      );
    }
    const buf = Buffer.allocUnsafe(st.size);
    let n = 0;
    while (n < st.size) {
      const got = readSync(fd, buf, n, st.size - n, null);
      if (got === 0) break;
      n += got;
    }
    return buf.toString('utf8', 0, n);
  } catch (e) {
    throw asInputError(e, shown, role);
  } finally {
    closeSync(fd);
  }
}

/**
 * How an error names a data file: by a path that opens it from the working folder, as the model file is named
 * ("models/data/price.csv:7"), or in full when it lies outside. The model's own words for it, relative to the
 * model's folder ("data/price.csv"), named a file that was not there for a model run from another folder.
 */
export function shownPath(file: string): string {
  const full = resolve(file);
  const rel = relative(process.cwd(), full);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : full;
}
