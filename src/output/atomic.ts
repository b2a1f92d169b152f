/**
 * Files that appear complete or not at all: written under a temporary name
 * beside the target and renamed when done.
 *
 * Temporary names are random (not the pid: a link planted at the next pids'
 * names would have been written through) and created exclusively (O_EXCL:
 * an existing file or link there fails the open instead of being followed).
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { faultPoint } from './fault.ts';

/** An unpredictable hidden name beside `path`: `.<name>.<12 hex>.tmp`. */
export function tempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

/** A temporary file's name pattern (for cleaning what a killed process left). */
export const TEMP_FILE = /^\..+\.[0-9a-f]{12}\.tmp$|\.\d+\.tmp$/;

/** A temporary file untouched this long was left by a killed writer (a live one writes every few milliseconds). */
const STALE_MS = 10 * 60_000;

/** Remove what killed writers of `path` left beside it: its temporary files (this and older versions' names) not written to for STALE_MS. */
function removeStaleTemps(path: string): void {
  const base = basename(path);
  const mine = (e: string): boolean =>
    (e.startsWith(`.${base}.`) && /\.[0-9a-f]{12}\.tmp$/.test(e) && e.length === base.length + 18) ||
    (e.startsWith(`${base}.`) && /^\d+\.tmp$/.test(e.slice(base.length + 1)));
  let entries: string[];
  try {
    entries = readdirSync(dirname(path)).filter(mine);
  } catch {
    return;
  }
  for (const e of entries) {
    const f = join(dirname(path), e);
    const st = lstatSync(f, { throwIfNoEntry: false });
    if (st?.isFile() && Date.now() - st.mtimeMs > STALE_MS) rmSync(f, { force: true });
  }
}

/**
 * Folders whose files are not synced one by one (a sweep's run folders: the
 * sweep's record of each run, synced, is what proves it complete). A sync
 * costs a few milliseconds on a busy disk, as much as a small run's writing.
 */
const unsynced = new Set<string>();

/** Sync (the default) or do not sync the files written into `dir` from now on. */
export function syncFilesIn(dir: string, sync: boolean): void {
  if (sync) unsynced.delete(resolve(dir));
  else unsynced.add(resolve(dir));
}

/** Open a fresh temporary file beside `path` exclusively; returns its name and descriptor. */
function openTemp(path: string): { tmp: string; fd: number } {
  mkdirSync(dirname(path), { recursive: true });
  removeStaleTemps(path);
  for (;;) {
    const tmp = tempName(path);
    try {
      return { tmp, fd: openSync(tmp, 'wx', 0o644) };
    } catch (e) {
      // A name taken by chance (2^-48) is drawn again; anything else is the caller's error.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

export function writeFileAtomic(path: string, data: string): void {
  const f = new AtomicFile(path);
  try {
    f.write(data);
    f.commit();
  } catch (e) {
    f.abort();
    throw e;
  }
}

/**
 * A file written in chunks, synchronously: the simulation never runs ahead
 * of the disk, so memory does not grow with the horizon.
 */
export class AtomicFile {
  private fd: number;
  private readonly tmp: string;
  private buf: string[] = [];
  private size = 0;
  private open = true;

  constructor(
    readonly path: string,
    private readonly chunk = 1 << 16,
  ) {
    ({ tmp: this.tmp, fd: this.fd } = openTemp(path));
  }

  write(s: string): void {
    this.buf.push(s);
    this.size += s.length;
    if (this.size >= this.chunk) this.flush();
  }

  /** Append the first `length` bytes of `bytes` (after any pending text). */
  writeBytes(bytes: Uint8Array, length: number): void {
    this.flush();
    if (length > 0) writeAll(this.fd, bytes, length);
    faultPoint('chunk');
  }

  private flush(): void {
    if (this.buf.length === 0) return;
    writeAll(this.fd, Buffer.from(this.buf.join('')), -1);
    this.buf = [];
    this.size = 0;
  }

  /** Flush, sync to the disk, close and rename into place. */
  commit(): void {
    if (!this.open) return;
    this.flush();
    // On the disk before the name says it is complete: a power cut after the rename must not find it empty.
    if (!unsynced.has(resolve(dirname(this.path)))) fsyncSync(this.fd);
    closeSync(this.fd);
    this.open = false;
    renameSync(this.tmp, this.path);
    faultPoint(`wrote ${basename(this.path)}`);
  }

  /** Close and delete the temporary file; the target is left as it was. */
  abort(): void {
    if (!this.open) return;
    this.open = false;
    try {
      closeSync(this.fd);
    } finally {
      rmSync(this.tmp, { force: true });
    }
  }
}

/** writeSync until every byte is down (it may write fewer than asked). */
function writeAll(fd: number, bytes: Uint8Array, length: number): void {
  const n = length < 0 ? bytes.length : length;
  for (let off = 0; off < n; ) off += writeSync(fd, bytes, off, n - off);
}
