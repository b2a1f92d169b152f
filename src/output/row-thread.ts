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
 * rowAt() or by commit(), as the writer would have thrown it.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { isSynced } from './atomic.ts';
import { NotFiniteError } from './format.ts';
import type { TableFormat, TableLayout, TimestampStyle } from './table-options.ts';
import type { RowWriter } from './timeseries-file.ts';

/** Rows in one slot of the ring, and slots in the ring. */
export const SLOT_ROWS = 1024;
export const SLOTS = 4;
/** How long the thread may take to start (load its code) before the run gives up on it. */
const START_MS = 60_000;
// The control words: slots published and slots written (each only ever grows), a counter bumped at
// every change the other side waits for, the state, whether the thread has started, and each slot's row count.
export const PUBLISHED = 0;
export const WRITTEN = 1;
export const TO_THREAD = 2;
export const TO_RUN = 3;
export const STATE = 4;
export const STARTED = 5;
export const COUNTS = 6;
export const RUNNING = 0;
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
  port: MessagePort;
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
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly width: number;
  private published = 0;
  /** Rows in the slot being filled, and where it starts in the ring. */
  private rows = 0;
  private at = 0;
  private open = true;
  private readonly since = performance.now();

  /** `entry`: the thread's module, src/output/rows-worker.ts (compiled or through tsx: the caller knows which). */
  constructor(
    entry: URL,
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
    this.worker.unref();
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

  /** Wait until `done()`, on the thread's changes; throw its error if it failed. */
  private waitFor(done: () => boolean): void {
    for (;;) {
      const seen = Atomics.load(this.control, TO_RUN); // before the test: a change after it ends the wait
      this.check();
      if (done()) return;
      Atomics.wait(this.control, TO_RUN, seen, 1000);
    }
  }

  private check(): void {
    if (Atomics.load(this.control, STARTED) === 0 && performance.now() - this.since > START_MS) {
      this.open = false;
      void this.worker.terminate();
      throw new Error(`the time series thread did not start in ${START_MS / 1000} s`);
    }
    if (Atomics.load(this.control, STATE) !== FAILED) return;
    this.open = false;
    const e = receiveMessageOnPort(this.port)?.message as ThreadError | undefined;
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
