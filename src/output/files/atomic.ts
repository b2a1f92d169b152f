/**
 * Files that appear complete or not at all: written under a temporary name
 * beside the target and renamed when done.
 *
 * Temporary names end in 12 random hex digits (not the pid alone: a link
 * planted at the next pids' names would have been written through) and are
 * created exclusively (O_EXCL: an existing file or link there fails the open
 * instead of being followed). They also carry the writer's pid and host, so
 * the next writer of the file removes a killed writer's temporary file at
 * once (one of another host's, or of an older version, when untouched for
 * ten minutes).
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  close,
  closeSync,
  existsSync,
  fsync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { isSystemError } from '../../model/errors.ts';
import { faultPoint } from './fault.ts';

/** Is process `pid` (on this host) running? */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** This host in a temporary file's name: 8 hex digits of its name's hash. */
const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

/** A hidden name beside `path`, unpredictable and the writer's: `.<name>.<pid>@<host>.<12 hex>.tmp`. */
export function tempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}@${HOST}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Run `f`, a failed system call naming `path`: a write that fails on a full disk carries no path, and one on the
 * temporary file names its hidden name, where the user needs the file they asked for.
 */
function naming<T>(path: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (isSystemError(e)) e.path = path;
    throw e;
  }
}

/** A temporary file's name pattern (for cleaning what a killed process left), this and older versions'. */
export const TEMP_FILE = /^\..+\.[0-9a-f]{12}\.tmp$|\.\d+\.tmp$/;

/** A temporary file of an unknown writer untouched this long was left by a killed one (a live one writes every few milliseconds). */
const STALE_MS = 10 * 60_000;

/**
 * Remove what killed writers of `path` left beside it: its temporary files
 * whose writer, on this host, is no longer running, and those of unknown
 * writers (another host, an older version's names) not written to for STALE_MS.
 */
function removeStaleTemps(path: string): void {
  const base = basename(path);
  const ours = /^(?:(\d+)@([0-9a-f]{8})\.)?[0-9a-f]{12}\.tmp$/;
  let entries: string[];
  try {
    entries = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const e of entries) {
    const m = e.startsWith(`.${base}.`) ? ours.exec(e.slice(base.length + 2)) : null;
    if (!m && !(e.startsWith(`${base}.`) && /^\d+\.tmp$/.test(e.slice(base.length + 1)))) continue;
    const f = join(dirname(path), e);
    const st = lstatSync(f, { throwIfNoEntry: false });
    if (!st?.isFile()) continue;
    const dead = m?.[1] !== undefined && m[2] === HOST && !alive(Number(m[1]));
    if (dead || Date.now() - st.mtimeMs > STALE_MS) rmSync(f, { force: true });
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

/** Are the files written into `dir` synced (syncFilesIn)? */
export const isSynced = (dir: string): boolean => !unsynced.has(resolve(dir));

/**
 * Make folder `dir` and any parents it lacks (`mkdir -p`), one at a time, so the first that cannot be made throws
 * its own error. Not Node's recursive mkdir, which reports any failure to make a missing folder as ENOENT
 * (nodejs/node#47098, #42808: a read-only file system, a full disk or no permission read 'no such file or folder'),
 * and which, where mkdir says ENOENT under a folder that exists (procfs: any new name under /proc), retries the
 * parent and spins forever.
 */
export function makeDirs(dir: string): string[] {
  const target = resolve(dir);
  // A file where the folder should be: ENOTDIR, 'a file where the path needs a folder', as a file further up gives.
  // (mkdir's own EEXIST read 'found an existing file', said of a path below that file: '--out notes.txt/run'.)
  if (existsSync(target) && !statSync(target).isDirectory())
    throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${target}'`), {
      code: 'ENOTDIR',
      syscall: 'mkdir',
      path: target,
    });
  const missing: string[] = [];
  for (let d = target; !lstatSync(d, { throwIfNoEntry: false }); d = dirname(d)) {
    if (dirname(d) === d) break;
    missing.unshift(d);
  }
  const made: string[] = [];
  for (const d of missing)
    try {
      mkdirSync(d);
      made.push(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        removeMade(made);
        throw e;
      }
      // made meanwhile by another process: fine, and not this one's to remove
    }
  return made;
}

/**
 * Remove folders makeDirs made, the deepest first, while they are empty: a write that fails (a full disk) leaves no
 * empty folder it made (an empty plots/ beside a run, an empty sweep folder: out61). One another writer has put files
 * in meanwhile stays, with those above it.
 */
function removeMade(made: readonly string[]): void {
  for (let i = made.length - 1; i >= 0; i--)
    try {
      rmdirSync(made[i]);
    } catch {
      return;
    }
}

/** Open a fresh temporary file beside `path` exclusively; returns its name and descriptor. */
function openTemp(path: string): { tmp: string; fd: number; made: string[] } {
  const made = makeDirs(dirname(path));
  try {
    removeStaleTemps(path);
    for (;;) {
      const tmp = tempName(path);
      try {
        return { tmp, fd: openSync(tmp, 'wx', 0o644), made };
      } catch (e) {
        // A name taken by chance (2^-48) is drawn again; anything else is the caller's error, naming the file it asked
        // for, not the hidden temporary one.
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw Object.assign(e as Error, { path });
      }
    }
  } catch (e) {
    removeMade(made);
    throw e;
  }
}

/**
 * Files read together (a sweep's summary.csv and points.csv): every one is written whole under its temporary name
 * before any takes its name, so a full disk or an error while writing them leaves the old set, not a new summary.csv
 * beside an old points.csv. Only the renames, a few microseconds, stand between the first and the last.
 */
export function writeFilesAtomic(files: readonly (readonly [path: string, data: string])[]): void {
  const open: AtomicFile[] = [];
  try {
    for (const [path, data] of files) {
      const f = new AtomicFile(path);
      open.push(f);
      f.write(data);
      f.finish();
    }
    for (const f of open) f.commit();
  } catch (e) {
    // The last first: a folder the first made is empty, and goes, once the others' temporary files have.
    for (const f of open.reverse()) f.abort();
    throw e;
  }
}

export function writeFileAtomic(path: string, data: string): void {
  writeFilesAtomic([[path, data]]);
}

/**
 * Bytes written between two early syncs of a file (see AtomicFile.writeBack). The kernel holds a
 * tenth of the machine's memory of written data before it writes any back on its own: without
 * them, a ten-year campus's 2.2 GB of rows went to the disk in the commit's sync, 2.2 s at the end.
 */
const WRITE_BACK = 64 << 20;

/**
 * A file written in chunks, synchronously: the simulation never runs ahead
 * of the disk, so memory does not grow with the horizon.
 */
export class AtomicFile {
  private fd: number;
  private readonly tmp: string;
  /** Folders made for it, removed when it is aborted and they are empty. */
  private readonly made: string[];
  private buf: string[] = [];
  private size = 0;
  private open = true;
  /** Finished: flushed, synced and closed, not yet renamed. */
  private closed = false;
  /** Bytes written since the last early sync. */
  private unsyncedBytes = 0;

  constructor(
    readonly path: string,
    private readonly chunk = 1 << 16,
    private readonly writeBackBytes = WRITE_BACK,
  ) {
    // A folder that cannot be made keeps its own name in the error (makeDirs); the file's open names the file.
    ({ tmp: this.tmp, fd: this.fd, made: this.made } = openTemp(path));
  }

  write(s: string): void {
    this.buf.push(s);
    this.size += s.length;
    if (this.size >= this.chunk) this.flush();
  }

  /** Append `bytes` from `start` to `end` (after any pending text). */
  writeBytes(bytes: Uint8Array, start: number, end: number): void {
    this.flush();
    if (end > start) this.append(bytes, start, end);
    faultPoint('chunk');
  }

  /** Every byte goes to the file here, text (`write`) and bytes alike, and counts toward the next early sync. */
  private append(bytes: Uint8Array, start: number, end: number): void {
    naming(this.path, () => writeAll(this.fd, bytes, start, end));
    this.unsyncedBytes += end - start;
    if (this.unsyncedBytes >= this.writeBackBytes) this.writeBack();
  }

  /**
   * Start writing what is written so far to the disk while the writer goes on: a sync on libuv's
   * threads (the writer's own thread does not wait), of a descriptor of its own (closed when the
   * sync is done: the writer's may be closed and its number reused by then). Only to start the
   * disk early: commit's own sync is still what makes the file safe, and an error here is not the
   * run's (commit's sync reports the disk's).
   */
  private writeBack(): void {
    this.unsyncedBytes = 0;
    if (unsynced.has(resolve(dirname(this.path)))) return;
    const fd = openSync(this.tmp, 'r+');
    fsync(fd, () => close(fd, () => {}));
  }

  private flush(): void {
    if (this.buf.length === 0) return;
    const bytes = Buffer.from(this.buf.join(''));
    this.append(bytes, 0, bytes.length);
    this.buf = [];
    this.size = 0;
  }

  /** Flush, sync to the disk and close: the whole file is on the disk under its temporary name; commit() then renames it. */
  finish(): void {
    if (!this.open || this.closed) return;
    this.flush();
    naming(this.path, () => {
      // On the disk before the name says it is complete: a power cut after the rename must not find it empty.
      if (!unsynced.has(resolve(dirname(this.path)))) fsyncSync(this.fd);
      closeSync(this.fd);
    });
    this.closed = true;
  }

  /** Flush, sync to the disk, close and rename into place. */
  commit(): void {
    if (!this.open) return;
    this.finish();
    naming(this.path, () => renameSync(this.tmp, this.path));
    this.open = false;
    faultPoint(`wrote ${basename(this.path)}`);
  }

  /** Close and delete the temporary file, and the folders made for it if empty; the target is left as it was. */
  abort(): void {
    if (!this.open) return;
    this.open = false;
    try {
      if (!this.closed) closeSync(this.fd);
    } finally {
      rmSync(this.tmp, { force: true });
      removeMade(this.made);
    }
  }
}

/** writeSync until every byte from `start` to `end` is down (it may write fewer than asked). */
function writeAll(fd: number, bytes: Uint8Array, start: number, end: number): void {
  for (let off = start; off < end; ) off += writeSync(fd, bytes, off, end - off);
}
