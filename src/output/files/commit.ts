/**
 * A folder written as a unit: a run's files go into a fresh hidden folder
 * beside the target, and only when every one of them is complete does that
 * folder take the target's place. A reader therefore finds the old run or the
 * new run, whole, never one file of each (a kill between two files, a full
 * disk, an out-of-memory crash, two runs at once all used to leave a mix).
 *
 *   runs/.<name>.lock           held while a run writes runs/<name>: a second run is refused
 *   runs/.<name>.run-<hex>      the new run being written
 *   runs/.<name>.old-<hex>      the old run, moved aside for the instant of the swap
 *
 * Files in the folder that are not a run's (notes.txt) are the user's: they
 * are hard-linked into the new folder before the swap, so they stay (a link,
 * not a move: a kill at any point leaves them where they were). A folder
 * holding folders of the user's (`--out .`) is refused, not swapped.
 *
 * Node has no atomic exchange of two folders, so the swap is two renames:
 * the old folder aside, the new one in. A crash between them leaves both
 * hidden folders under the same <hex>; the next run into the target finishes
 * the swap (the new folder is complete: it is only ever moved aside after
 * every file was written) and removes whatever killed runs left.
 *
 * Each file is synced to the disk as it is closed (atomic.ts) and the new
 * folder before the swap, so a power cut or an OS crash finds the new run's
 * contents under its names, not empty files (or, the swap not yet on the
 * disk, the old run). A sweep's run folders skip it (`sync: false`).
 */
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  linkSync,
  openSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { formatTimestamp } from '../../kernel/time.ts';
import { InputError } from '../../model/errors.ts';
import { faultPoint } from './fault.ts';
import { alive, makeDirs, syncFilesIn } from './atomic.ts';

export interface FolderCommit {
  /** Where to write the files now; they appear under the target on commit. */
  readonly dir: string;
  /** Swap the written folder in place of the target (the old one is deleted) and release the lock. */
  commit(): void;
  /** Delete what was written and release the lock; the target is left as it was. */
  abort(): void;
}

interface LockInfo {
  pid: number;
  host: string;
  since: string;
  token: string;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Take the lock file exclusively; a lock left by a dead process on this host is taken over
 * (`tookOver`: that process may have left more beside the target).
 * The lock appears with its content in one step (written beside it, then hard-linked to its
 * name, which fails if it exists), so another process never reads it half-written.
 */
function lock(file: string, target: string): { me: LockInfo; tookOver: boolean } {
  const me: LockInfo = {
    pid: process.pid,
    host: hostname(),
    // Not Date's toISOString: its first call loads the time zone data from ICU, 0.6 MiB of every run's peak RSS.
    since: `${formatTimestamp(Date.now() / 1000)} UTC`,
    token: randomBytes(8).toString('hex'),
  };
  let tookOver = false;
  for (let attempt = 0; ; attempt++) {
    const tmp = `${file}.${me.token}.tmp`;
    try {
      writeFileSync(tmp, `${JSON.stringify(me)}\n`, { flag: 'wx', mode: 0o644 });
    } catch (e) {
      // Made but not written (a full disk): not left beside the run.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') rmSync(tmp, { force: true });
      throw e;
    }
    try {
      linkSync(tmp, file);
      return { me, tookOver };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      rmSync(tmp, { force: true });
    }
    let held: Partial<LockInfo> = {};
    try {
      held = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      // Released in the meantime: try again.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && attempt < 10) continue;
    }
    const stale = held.pid === undefined || (held.host === me.host && !alive(held.pid));
    if (stale && attempt < 10) {
      rmSync(file, { force: true });
      tookOver = true;
      continue;
    }
    const who = held.pid === undefined ? 'another run' : `a run (pid ${held.pid} on ${held.host}, since ${held.since})`;
    throw new InputError(
      target,
      '',
      'a folder no other run is writing',
      `${who} writing it; wait for it or choose another --out (if no run is going, delete ${file})`,
    );
  }
}

/** Sync a folder's entries (names made or renamed in it) to the disk. */
function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Is `entry` (in a run folder's parent) something the commit of the folder `name` makes beside it: its lock, the lock's temporary file, a hidden new or old folder? */
export function isCommitLeftover(entry: string, name: string): boolean {
  return new RegExp(`^\\.${escape(name)}\\.(lock|lock\\.[0-9a-f]{16}\\.tmp|run-[0-9a-f]{12}|old-[0-9a-f]{12})$`).test(
    entry,
  );
}

/**
 * Finish or undo what a killed run left beside the target: a swap cut between
 * its two renames is completed, unfinished folders are deleted.
 */
function recover(parent: string, name: string, target: string): void {
  // One listing serves both clean-ups (a sweep's runs/ folder holds every run folder: listing it is most of the cost).
  const entries = readdirSync(parent);
  const mine = new RegExp(`^\\.${escape(name)}\\.(run|old)-([0-9a-f]{12})$`);
  const found = entries.map((e) => mine.exec(e)).filter((m) => m !== null);
  for (const m of found.filter((x) => x[1] === 'old')) {
    const aside = join(parent, m[0]);
    const fresh = join(parent, `.${name}.run-${m[2]}`);
    if (!existsSync(target)) renameSync(existsSync(fresh) ? fresh : aside, target);
    rmSync(aside, { recursive: true, force: true });
  }
  for (const m of found.filter((x) => x[1] === 'run')) rmSync(join(parent, m[0]), { recursive: true, force: true });
  // A lock's own temporary file, left by a process killed while taking the lock (a live one's lasts microseconds).
  const lockTemp = new RegExp(`^\\.${escape(name)}\\.lock\\.[0-9a-f]{16}\\.tmp$`);
  for (const e of entries.filter((x) => lockTemp.test(x))) {
    const st = lstatSync(join(parent, e), { throwIfNoEntry: false });
    if (st && Date.now() - st.mtimeMs > 60_000) rmSync(join(parent, e), { force: true });
  }
}

/** The most files of the user's carried into a new run folder; a folder holding more is refused as not a run folder. */
const MAX_CARRIED = 100;

/**
 * Open `target` for a new run: lock it, recover after a killed run, check
 * what it holds (`replaceable` accepts a run's own files, which the new run
 * replaces; other plain files are carried over) and make the folder to write
 * into.
 */
export function beginFolder(
  targetIn: string,
  replaceable: (entry: string) => boolean,
  { sync = true } = {},
): FolderCommit {
  const target = resolve(targetIn);
  const parent = dirname(target);
  const name = basename(target);
  makeDirs(parent);
  const lockFile = join(parent, `.${name}.lock`);
  const { me, tookOver } = lock(lockFile, targetIn);
  const unlock = (): void => {
    try {
      if ((JSON.parse(readFileSync(lockFile, 'utf8')) as LockInfo).token === me.token) unlinkSync(lockFile);
    } catch {
      // Gone or replaced: not ours to remove.
    }
  };
  faultPoint('locked');
  const hex = randomBytes(6).toString('hex');
  const dir = join(parent, `.${name}.run-${hex}`);
  const aside = join(parent, `.${name}.old-${hex}`);
  let carried: string[] = [];
  try {
    // A run killed between its lock and its unlock leaves the lock (the only way it leaves anything): without one,
    // nothing to recover and no listing of the parent, which in a sweep's runs/ grows with the sweep.
    if (tookOver) recover(parent, name, target);
    const st = lstatSync(target, { throwIfNoEntry: false });
    if (st) {
      if (st.isSymbolicLink())
        throw new InputError(targetIn, '', 'a folder for the run', 'a symbolic link (give the folder it points to)');
      if (!st.isDirectory()) throw new InputError(targetIn, '', 'a folder for the run', 'a file');
      // A folder the user made read-only (chmod a-w) is not replaced: its parent allows the swap, but the old run
      // could then not be deleted, and the run failed after taking its place, leaving the old one hidden beside it.
      accessSync(target, constants.W_OK);
      carried = readdirSync(target).filter((e) => !replaceable(e));
      const folders = carried.filter((e) => lstatSync(join(target, e)).isDirectory());
      const cwd = resolve('.');
      if (folders.length > 0 || carried.length > MAX_CARRIED || cwd === target || cwd.startsWith(`${target}/`)) {
        const shown = folders.length > 0 ? folders : carried;
        const list =
          shown
            .slice(0, 3)
            .map((e) => JSON.stringify(e))
            .join(', ') + (shown.length > 3 ? `, and ${shown.length - 3} more` : '');
        const found =
          folders.length > 0
            ? `folders of its own: ${list}`
            : cwd === target || cwd.startsWith(`${target}/`)
              ? 'the current folder'
              : `${carried.length} other files`;
        throw new InputError(
          targetIn,
          '',
          'an empty folder or a run folder (a run replaces it whole)',
          `${found}; choose another --out`,
        );
      }
    }
    mkdirSync(dir, { mode: 0o755 });
    syncFilesIn(dir, sync);
  } catch (e) {
    unlock();
    throw e;
  }
  let open = true;
  return {
    dir,
    commit(): void {
      if (!open) return;
      open = false;
      try {
        // A name the new run wrote itself is the run's (an output missing from the caller's list), not carried over it.
        for (const e of carried)
          if (!lstatSync(join(dir, e), { throwIfNoEntry: false })) linkSync(join(target, e), join(dir, e));
        // Every file was synced as it was written (atomic.ts); the folder's entries too before it takes the target's place.
        if (sync) syncDir(dir);
        if (lstatSync(target, { throwIfNoEntry: false })) {
          renameSync(target, aside);
          faultPoint('aside');
        }
        renameSync(dir, target);
        faultPoint('swapped');
        rmSync(aside, { recursive: true, force: true });
      } finally {
        syncFilesIn(dir, true);
        unlock();
      }
    },
    abort(): void {
      if (!open) return;
      open = false;
      try {
        rmSync(dir, { recursive: true, force: true });
      } finally {
        syncFilesIn(dir, true);
        unlock();
      }
    },
  };
}

/**
 * For readers: if `target` is missing because a run was killed in the middle
 * of its swap, finish the swap (the new run is complete) so the reader finds
 * it. A run swapping right now holds the lock for two renames: wait for it.
 */
export function settleFolder(targetIn: string): void {
  const target = resolve(targetIn);
  const parent = dirname(target);
  const name = basename(target);
  if (lstatSync(target, { throwIfNoEntry: false }) || !existsSync(parent)) return;
  const pending = new RegExp(`^\\.${escape(name)}\\.old-[0-9a-f]{12}$`);
  if (!readdirSync(parent).some((e) => pending.test(e))) return;
  const lockFile = join(parent, `.${name}.lock`);
  for (let i = 0; i < 20; i++) {
    try {
      beginFolder(targetIn, () => true).abort();
      return;
    } catch {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
    if (lstatSync(target, { throwIfNoEntry: false }) || !existsSync(lockFile)) return;
  }
}
