/**
 * `dcpsim run` in a worker thread, so that a signal can stop it. A run is
 * synchronous: on the main thread, Ctrl-C, SIGTERM (scancel, Kubernetes and
 * AWS Batch stopping a container) or SIGHUP would wait for the whole run, or
 * kill the process with no word. Here the main thread stays free: on a signal
 * it stops the thread, settles the run folder (src/output/commit.ts: the old
 * run stays whole, or the new one if it was already swapped in; nothing is
 * left beside it) and says what happened. The library's runScenario stays
 * synchronous and in-process.
 */
import { lstatSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { InputError } from './model/errors.ts';
import { abandonFolder } from './output/commit.ts';
import type { RunResult } from './run.ts';
import type { FolderNote, ThreadError, ThreadRunOptions } from './run-worker.ts';
import { workerEntry } from './sweep/bundle.ts';

/** A run stopped by a signal: what its folder holds now, in words. */
export class RunStopped extends Error {
  constructor(
    readonly signal: NodeJS.Signals,
    message: string,
  ) {
    super(message);
  }
}

function rebuild(e: ThreadError): Error {
  if (e.kind === 'input') return new InputError(e.file, e.field, e.expected, e.found, e.line);
  const err = new Error(e.message) as NodeJS.ErrnoException;
  if (e.kind === 'system') Object.assign(err, { code: e.code, path: e.path });
  else if (e.stack) err.stack = e.stack;
  return err;
}

/** Run `opts` in a worker thread; a signal on `stop` (its reason the signal's name) ends it with RunStopped. */
export async function runStoppable(
  opts: ThreadRunOptions,
  stop: AbortSignal,
  by: () => NodeJS.Signals,
): Promise<RunResult> {
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(workerEntry('run-worker'), {
    workerData: { opts: { ...opts, terminal: opts.terminal ?? Boolean(process.stderr.isTTY) }, notes: port2 },
    transferList: [port2],
  });
  let settled = '';
  try {
    const outcome = await new Promise<{ result?: RunResult; error?: ThreadError } | 'stopped'>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the run's thread ended (exit ${code}) without a result`)));
      if (stop.aborted) resolve('stopped');
      stop.addEventListener('abort', () => resolve('stopped'), { once: true });
    });
    if (outcome === 'stopped') {
      await worker.terminate();
      settled = settle(port1);
      throw new RunStopped(by(), settled);
    }
    if (outcome.error) throw rebuild(outcome.error);
    return outcome.result!;
  } catch (e) {
    // A thread that died (out of memory) leaves its lock and hidden folder as a killed process would: settle them now.
    if (!settled) {
      try {
        settle(port1);
      } catch {
        // Left for the next run into the folder, which settles it.
      }
    }
    throw (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? new Error(
          'out of memory: the run needed more heap than Node gives it (NODE_OPTIONS=--max-old-space-size=<MB> raises it)',
        )
      : e;
  } finally {
    port1.close();
    void worker.terminate();
  }
}

/** A folder's inode, if there is one (a path through a file is the run's error to report, not this one's). */
export function inode(p: string): number | undefined {
  try {
    return lstatSync(p, { throwIfNoEntry: false })?.ino;
  } catch {
    return undefined;
  }
}

/** Settle the folder the stopped thread was writing (it said which on `notes` before locking it); say what it holds. */
function settle(notes: MessagePort): string {
  const note = receiveMessageOnPort(notes)?.message as FolderNote | undefined;
  if (!note) return 'the run had not begun writing';
  abandonFolder(note.outDir);
  const now = inode(note.outDir);
  if (now !== undefined && now !== note.before) return `the run had just been written whole; ${note.outDir} holds it`;
  return note.before === undefined
    ? `the run was discarded; nothing was written to ${note.outDir}`
    : `the run was discarded; ${note.outDir} holds the previous run as it was`;
}
