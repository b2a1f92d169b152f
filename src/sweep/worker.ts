/** A sweep worker thread: runs one run per message (task.ts) and reports back. */
import { parentPort } from 'node:worker_threads';
import { runTask, type RunTask } from './task.ts';

parentPort?.on('message', (t: RunTask) => {
  parentPort!.postMessage(runTask(t));
});
