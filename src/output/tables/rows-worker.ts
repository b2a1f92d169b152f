/**
 * The time-series thread of a long run (src/output/tables/row-thread.ts): opens the
 * run's writer, writes each slot of rows the run publishes, then commits or
 * aborts as told.
 */
import { workerData } from 'node:worker_threads';
import { syncFilesIn } from '../files/atomic.ts';
import { faultPoint } from '../files/fault.ts';
import {
  ABORTING,
  COUNTS,
  DONE,
  ENDING,
  FAILED,
  PUBLISHED,
  type RowThreadData,
  SLOT_ROWS,
  SLOTS,
  STARTED,
  STATE,
  type ThreadError,
  TO_RUN,
  TO_THREAD,
  WRITTEN,
} from './row-thread.ts';
import { type RowWriter, timeseriesWriter } from './timeseries-file.ts';

/** The thread's side: open the writer, write each published slot, then commit or abort as told. */
function serveRows(): void {
  const d = workerData as RowThreadData;
  const control = new Int32Array(d.control);
  const ring = new Float64Array(d.ring);
  const width = d.columns.length + 1;
  const values = new Float64Array(width - 1);
  /** Wake the run if it waits on the thread (row-thread.ts waitFor). */
  const wake = (): void => {
    Atomics.add(control, TO_RUN, 1);
    Atomics.notify(control, TO_RUN);
  };
  const tell = (state: number): void => {
    Atomics.store(control, STATE, state);
    wake();
  };
  let writer: RowWriter | undefined;
  faultPoint('rows thread');
  Atomics.store(control, STARTED, 1);
  try {
    syncFilesIn(d.dir, d.sync);
    writer = timeseriesWriter(d.dir, d.columns, d.format, d.layout, d.timestamps);
    for (let written = 0; ; ) {
      const seen = Atomics.load(control, TO_THREAD);
      if (Atomics.load(control, STATE) === ABORTING) {
        writer.abort();
        return tell(DONE);
      }
      if (written < Atomics.load(control, PUBLISHED)) {
        const slot = written % SLOTS;
        const rows = control[COUNTS + slot];
        for (let r = 0, at = slot * SLOT_ROWS * width; r < rows; r++, at += width) {
          for (let i = 0; i < values.length; i++) values[i] = ring[at + 1 + i];
          writer.rowAt(ring[at], values);
        }
        Atomics.store(control, WRITTEN, ++written);
        wake();
        continue;
      }
      if (Atomics.load(control, STATE) === ENDING) {
        writer.commit();
        return tell(DONE);
      }
      Atomics.wait(control, TO_THREAD, seen);
    }
  } catch (e) {
    writer?.abort();
    const err = e as NodeJS.ErrnoException & { value?: number };
    d.port.postMessage({ name: err.name, message: err.message, value: err.value, code: err.code } as ThreadError);
    tell(FAILED);
  }
}

serveRows();
