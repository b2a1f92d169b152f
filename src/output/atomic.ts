/**
 * Files that appear complete or not at all: written under a temporary name
 * beside the target and renamed when done.
 */
import { closeSync, openSync, renameSync, rmSync, writeFileSync, writeSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export function tempName(path: string): string {
  return `${path}.${process.pid}.tmp`;
}

export function writeFileAtomic(path: string, data: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempName(path);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
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

  constructor(readonly path: string, private readonly chunk = 1 << 16) {
    mkdirSync(dirname(path), { recursive: true });
    this.tmp = tempName(path);
    this.fd = openSync(this.tmp, 'w');
  }

  write(s: string): void {
    this.buf.push(s);
    this.size += s.length;
    if (this.size >= this.chunk) this.flush();
  }

  /** Append the first `length` bytes of `bytes` (after any pending text). */
  writeBytes(bytes: Uint8Array, length: number): void {
    this.flush();
    if (length > 0) writeSync(this.fd, bytes, 0, length);
  }

  private flush(): void {
    if (this.buf.length === 0) return;
    writeSync(this.fd, this.buf.join(''));
    this.buf = [];
    this.size = 0;
  }

  /** Flush, close and rename into place. */
  commit(): void {
    if (!this.open) return;
    this.flush();
    closeSync(this.fd);
    this.open = false;
    renameSync(this.tmp, this.path);
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
