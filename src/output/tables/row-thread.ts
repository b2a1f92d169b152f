/**
 * A long run's time series written by a thread of its own while the
 * simulation goes on: the rows' numbers go through a ring of shared memory,
 * the thread formats and writes them with the same writer a short run uses
 * in its own thread (timeseries-file.ts), so the bytes are the same. Worth it
 * from about a hundred megabytes of rows (a year of a large site at one-minute
 * rows): below that the thread's start (a second copy of the writer's code)
 * costs more than it saves.
 *
 * The file is the writer's temporary file until commit(), which waits for the
 * thread to write, sync and rename it: the run's crash safety is unchanged (a
 * kill leaves the temporary file, removed by the next run). An error in the
 * thread (a full disk, a number no cell may hold) is thrown by the next
 * rowAt() or by commit(), as the writer would have thrown it. A thread that
 * ends without a word (it could not start, ran out of memory, crashed) is
 * found by the run's next wait on it, within PROBE_MS: the run fails with one
 * line; the run's folder (src/output/files/commit.ts) removes what the thread left.
 * It does not fall back to writing in the run's own thread: a thread that
 * cannot start is a broken install or a machine out of memory, which the user
 * should hear about rather than find a run slower for no reason.
 */
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as WorkerThreads from 'node:worker_threads';
import { isSynced } from '../files/atomic.ts';
import { NotFiniteError } from './format.ts';
import type { TableFormat, TableLayout, TimestampStyle } from './table-options.ts';
import type { RowWriter } from './timeseries-file.ts';

/** node:worker_threads, loaded when first asked for: a run that writes its own rows never loads it (0.8 MiB of its peak RSS). */
let threads: typeof WorkerThreads | undefined;
export const workerThreads = (): typeof WorkerThreads =>
  (threads ??= createRequire(import.meta.url)('node:worker_threads'));

/** Rows in one slot of the ring, and slots in the ring. */
export const SLOT_ROWS = 1024;
export const SLOTS = 4;
/** How long the run waits on the thread before it asks whether the thread is still there. */
const PROBE_MS = 100;
// The control words: slots published and slots written (each only ever grows), a counter bumped at
// every change the other side waits for, the state, whether the thread's code loaded, and each slot's row count.
export const PUBLISHED = 0;
export const WRITTEN = 1;
export const TO_THREAD = 2;
export const TO_RUN = 3;
export const STATE = 4;
export const STARTED = 5;
export const COUNTS = 6;
const RUNNING = 0;
export const ENDING = 1;
export const ABORTING = 2;
export const DONE = 3;
export const FAILED = 4;

/** What the thread needs to open the writer. */
export interface RowThreadData {
  dir: string;
  sync: boolean;
  columns: { name: string; decimals: number }[];
  format: TableFormat;
  layout: TableLayout;
  timestamps: TimestampStyle;
  control: SharedArrayBuffer;
  ring: SharedArrayBuffer;
  port: WorkerThreads.MessagePort;
}

/** The thread's error, as the run throws it. */
export interface ThreadError {
  name: string;
  message: string;
  value?: number;
  code?: string;
}

export class ThreadedRows implements RowWriter {
  private readonly control: Int32Array;
  private readonly ring: Float64Array;
  private readonly worker: WorkerThreads.Worker;
  private readonly port: WorkerThreads.MessagePort;
  private readonly width: number;
  private published = 0;
  /** Rows in the slot being filled, and where it starts in the ring. */
  private rows = 0;
  private at = 0;
  private open = true;
  /** Why the thread ended, when Node said so before the run found out (its module missing, out of memory). */
  private reason = '';
  private exited = false;
  private readonly probes: boolean;

  /** `entry`: the thread's module, src/output/tables/rows-worker.ts (compiled or through tsx: the caller knows which). */
  constructor(
    private readonly entry: URL,
    readonly path: string,
    dir: string,
    columns: readonly { name: string; decimals: number }[],
    format: TableFormat,
    layout: TableLayout,
    timestamps: TimestampStyle,
  ) {
    this.width = columns.length + 1;
    const control = new SharedArrayBuffer(4 * (COUNTS + SLOTS));
    const ring = new SharedArrayBuffer(8 * SLOTS * SLOT_ROWS * this.width);
    this.control = new Int32Array(control);
    this.ring = new Float64Array(ring);
    const { MessageChannel, Worker } = workerThreads();
    const channel = new MessageChannel();
    this.port = channel.port1;
    const data: RowThreadData = {
      dir,
      sync: isSynced(dir),
      columns: columns.map((c) => ({ name: c.name, decimals: c.decimals })),
      format,
      layout,
      timestamps,
      control,
      ring,
      port: channel.port2,
    };
    this.worker = new Worker(entry, { workerData: data, transferList: [channel.port2] });
    this.worker.on('error', (e) => (this.reason = e.message));
    this.worker.on('exit', () => (this.exited = true)).unref();
    this.probes = (this.port.postMessage(null) as unknown) === true;
  }

  /**
   * Is the thread still there? A message to its end of the channel is taken (postMessage gives true: Node's own
   * return, not in its documentation, checked once at the start) while the thread holds that end; the end closes
   * with the thread, however the thread ended. The thread never reads these few messages. Without that answer,
   * only Node's 'exit' event tells, when the run next yields (between slices).
   */
  private alive(): boolean {
    return !this.exited && (!this.probes || (this.port.postMessage(null) as unknown) === true);
  }

  rowAt(epochS: number, values: ArrayLike<number>): void {
    this.ring[this.at] = epochS;
    this.ring.set(values, this.at + 1);
    this.at += this.width;
    if (++this.rows === SLOT_ROWS) this.publish();
  }

  /** Hand the filled slot to the thread; wait while every slot is its (the thread is behind). */
  private publish(): void {
    const { control } = this;
    control[COUNTS + (this.published % SLOTS)] = this.rows;
    Atomics.store(control, PUBLISHED, ++this.published);
    this.signal(TO_THREAD);
    this.rows = 0;
    if (this.published - Atomics.load(control, WRITTEN) >= SLOTS)
      this.waitFor(() => this.published - Atomics.load(control, WRITTEN) < SLOTS);
    this.at = (this.published % SLOTS) * SLOT_ROWS * this.width;
  }

  /** Wait until `done()`, on the thread's changes; throw its error if it failed, or if it ended without a word. */
  private waitFor(done: () => boolean): void {
    for (;;) {
      const seen = Atomics.load(this.control, TO_RUN); // before the test: a change after it ends the wait
      this.check();
      if (done()) return;
      if (Atomics.wait(this.control, TO_RUN, seen, PROBE_MS) === 'timed-out' && !this.alive()) {
        this.check(); // it failed, and said so, as it ended
        if (done()) return; // or it had done what the run waits for
        this.open = false;
        this.port.close();
        if (Atomics.load(this.control, STARTED) === 0)
          throw new Error(`the time series thread could not start (${fileURLToPath(this.entry)})${this.why('')}`);
        throw new Error(
          `the time series thread ended before it wrote ${basename(this.path)}${this.why(' (out of memory, or a crash)')}`,
        );
      }
    }
  }

  /** What Node said of the thread's end, if it said it yet. */
  private why(otherwise: string): string {
    return this.reason ? `: ${this.reason}` : otherwise;
  }

  private check(): void {
    if (Atomics.load(this.control, STATE) !== FAILED) return;
    this.open = false;
    const e = workerThreads().receiveMessageOnPort(this.port)?.message as ThreadError | undefined;
    this.port.close();
    if (e?.name === 'NotFiniteError') throw new NotFiniteError(e.value ?? NaN);
    throw Object.assign(new Error(e?.message ?? 'the time series writer stopped'), e?.code ? { code: e.code } : {});
  }

  private signal(word: number): void {
    Atomics.add(this.control, word, 1);
    Atomics.notify(this.control, word);
  }

  /** Every row to the file, synced and renamed into place (the thread's own commit), before returning. */
  commit(): void {
    if (!this.open) return;
    if (this.rows > 0) this.publish();
    this.finish(ENDING);
  }

  /** Stop the thread; its temporary file is deleted. */
  abort(): void {
    if (!this.open) return;
    try {
      this.finish(ABORTING);
    } catch {
      // Its error is not the run's: the run is stopping for another reason.
    }
  }

  private finish(how: number): void {
    const { control } = this;
    Atomics.compareExchange(control, STATE, RUNNING, how);
    this.signal(TO_THREAD);
    this.waitFor(() => Atomics.load(control, STATE) !== how);
    this.check(); // failed while told to end
    this.open = false;
    this.port.close();
  }
}
