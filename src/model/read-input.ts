/**
 * Reading an input file (a model, weather, a trace) safely: only a regular
 * file, and no larger than a cap. A weather path of /dev/zero or
 * /dev/urandom used to grow past 8 GiB of memory, and a FIFO hung the run
 * for ever; a typo'd path now gets one line naming the file's role.
 */
import { isUtf8 } from 'node:buffer';
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
    return textOf(buf.subarray(0, n), role, shown);
  } catch (e) {
    throw asInputError(e, shown, role);
  } finally {
    closeSync(fd);
  }
}

/**
 * The text of a file's bytes: UTF-8, or UTF-16 where its byte-order mark says so (Excel's "Unicode Text", Windows
 * PowerShell's redirection), decoded as such, or Windows-1252 where it is not UTF-8. A file that is not text (a workbook, an archive) is refused naming what it
 * looks like: read as UTF-8, an .xlsx saved in place of its CSV was "only a header", a UTF-16 trace's first timestamp
 * "\u00002\u00000...", and a UTF-16 model "something else" than a mapping of fields.
 */
function textOf(buf: Buffer, role: string, shown: string): string {
  const utf32 = buf.length >= 4 && buf.readUInt32LE(0) === (buf[0] === 0 ? 0xfffe0000 : 0x0000feff);
  if (!utf32 && buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.toString('utf16le', 2);
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const le = Buffer.from(buf.subarray(2, 2 + ((buf.length - 2) & ~1)));
    return le.swap16().toString('utf16le');
  }
  if (utf32 || buf.indexOf(0) >= 0) {
    const kind = utf32
      ? 'UTF-32 text (save it as UTF-8)'
      : buf.subarray(0, 4).equals(ZIP)
        ? 'a zip archive (an .xlsx workbook?), not text'
        : buf.subarray(0, 4).equals(OLE)
          ? 'an Excel 97-2003 workbook (.xls), not text'
          : buf[0] === 0x1f && buf[1] === 0x8b
            ? 'a gzip archive (decompress it first), not text'
            : 'a binary file (it holds NUL bytes), not text';
    throw new InputError(shown, '', role, kind);
  }
  // Not UTF-8: Windows-1252 (Latin-1's superset), as Excel on Windows saves "CSV (Comma delimited)". Read as UTF-8 its
  // "Temperature (\u00b0F)" was "Temperature (\ufffdF)", which no test for Fahrenheit knows: 50 \u00b0F read as 50 \u00b0C.
  if (!isUtf8(buf)) return WINDOWS_1252.decode(buf);
  return buf.toString('utf8');
}

const WINDOWS_1252 = new TextDecoder('windows-1252');

/** The first bytes of a zip archive (an .xlsx, .ods or .docx is one) and of an OLE2 file (a .xls). */
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

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
