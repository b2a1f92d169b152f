/**
 * Claims: which process is running a run right now. Two processes may start
 * the same run at once (a shard resubmitted while its first task still runs,
 * a sweep started twice on shared storage); each run is claimed before it
 * starts, by creating `<sweep>/claims/<run id>` exclusively (O_EXCL, atomic
 * on local disks and NFSv3+), and only the claimer touches the run's folder.
 *
 * A claim is held while its holder lives: the holder touches it every
 * HEARTBEAT_MS, and a claim is stale when it was not touched for STALE_MS, or
 * at once when its holder is a process of this machine's kernel and pid
 * namespace that no longer exists (a resume after kill -9 need not wait).
 * A stale claim is broken by renaming it aside and checking that what was
 * renamed is the claim judged stale (its nonce), so two processes breaking
 * it together cannot both win, nor take a claim made meanwhile.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  linkSync,
  openSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isoTimestamp } from '../kernel/time.ts';
import { alive, makeDirs } from '../output/files/atomic.ts';

export const HEARTBEAT_MS = 5_000;
export const STALE_MS = 60_000;

interface ClaimText {
  /** hostname, kernel boot id and pid namespace: where `pid` means this process. */
  where: string;
  pid: number;
  nonce: string;
  started_utc: string;
}

const readOr = (f: () => string, fallback: string): string => {
  try {
    return f().trim();
  } catch {
    return fallback;
  }
};

/** This process's machine, as far as a pid means anything: host, boot and pid namespace. */
const WHERE = [
  hostname(),
  readOr(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8'), ''),
  readOr(() => readlinkSync('/proc/self/ns/pid'), ''),
].join(' ');

export function claimFile(dir: string, id: string): string {
  return join(dir, 'claims', id);
}

interface Holder {
  /** "host pid 1234", for messages. */
  who: string;
  stale: boolean;
  nonce: string;
}

/** Who holds the claim on a run, or undefined when nobody does. */
export function holder(dir: string, id: string): Holder | undefined {
  const f = claimFile(dir, id);
  let text: string, mtime: number;
  try {
    mtime = statSync(f).mtimeMs;
    text = readFileSync(f, 'utf8');
  } catch {
    return undefined;
  }
  let c: Partial<ClaimText> = {};
  try {
    c = JSON.parse(text) as ClaimText;
  } catch {
    // Being written this instant, or garbage: judged by its age alone.
  }
  const gone = c.where === WHERE && typeof c.pid === 'number' && c.pid !== process.pid && !alive(c.pid);
  return {
    who: `${c.where?.split(' ')[0] ?? '?'} pid ${c.pid ?? '?'}`,
    stale: gone || Date.now() - mtime > STALE_MS,
    nonce: c.nonce ?? '',
  };
}

/** The claims this process holds, touched every HEARTBEAT_MS while any is held. */
export class Claims {
  private readonly held = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly dir: string) {}

  /** Claim a run: true if this process now holds it (breaking a stale claim), false if another live process does. */
  take(id: string): boolean {
    const f = claimFile(this.dir, id);
    makeDirs(join(this.dir, 'claims'));
    for (let attempt = 0; attempt < 3; attempt++) {
      if (this.create(f, id)) return true;
      const h = holder(this.dir, id);
      if (h === undefined) continue; // released meanwhile: try again
      if (!h.stale) return false;
      this.breakStale(f, h.nonce);
    }
    return false;
  }

  private create(f: string, id: string): boolean {
    let fd: number;
    try {
      fd = openSync(f, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
    const nonce = randomBytes(8).toString('hex');
    const c: ClaimText = { where: WHERE, pid: process.pid, nonce, started_utc: isoTimestamp(Date.now()) };
    try {
      writeSync(fd, `${JSON.stringify(c)}\n`);
    } catch (e) {
      // Its text did not fit (a full disk): an empty claim would hold the run from every later sweep until stale.
      closeSync(fd);
      rmSync(f, { force: true });
      throw e;
    }
    closeSync(fd);
    this.held.set(id, nonce);
    this.timer ??= setInterval(() => this.beat(), HEARTBEAT_MS).unref();
    return true;
  }

  /** Move a stale claim aside; put it back if what moved was a fresh one made since it was judged. */
  private breakStale(f: string, nonce: string): void {
    const grave = `${f}.stale-${randomBytes(6).toString('hex')}`;
    try {
      renameSync(f, grave);
    } catch {
      return; // someone else broke or released it
    }
    let moved = '';
    try {
      moved = (JSON.parse(readFileSync(grave, 'utf8')) as ClaimText).nonce;
    } catch {
      // unreadable: it was the stale one
    }
    if (moved !== '' && moved !== nonce) {
      try {
        linkSync(grave, f); // never over a claim made meanwhile
      } catch {
        // the path was claimed again: that claim stands
      }
    }
    rmSync(grave, { force: true });
  }

  private beat(): void {
    const now = new Date();
    for (const id of this.held.keys()) {
      try {
        utimesSync(claimFile(this.dir, id), now, now);
      } catch {
        // broken by someone who judged it stale (a heartbeat missed for a minute): nothing to do here
      }
    }
  }

  /** Give a claim up (after the run's record is written, or its folder cleared). */
  release(id: string): void {
    const nonce = this.held.get(id);
    if (nonce === undefined) return;
    this.held.delete(id);
    const f = claimFile(this.dir, id);
    try {
      // Remove it only if it is still ours.
      if ((JSON.parse(readFileSync(f, 'utf8')) as ClaimText).nonce === nonce) rmSync(f, { force: true });
    } catch {
      // already gone
    }
    if (this.held.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  releaseAll(): void {
    for (const id of [...this.held.keys()]) this.release(id);
  }
}
