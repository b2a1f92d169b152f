/**
 * The worker thread of a `dcpsim run` (src/run-thread.ts): runs the scenario
 * and posts the result, or the error in parts its parent rebuilds. Before the
 * run locks its folder it tells the parent which folder, on a port of its own
 * the parent drains synchronously after stopping the thread.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { InputError, isSystemError } from './model/errors.ts';
import { runScenario, type RunOptions } from './run.ts';
import { inode } from './run-thread.ts';

/** An error as the parent rebuilds it. */
export type ThreadError =
  | { kind: 'input'; file: string; field: string; expected: string; found: string; line?: number }
  | { kind: 'system'; message: string; code: string; path?: string }
  | { kind: 'other'; message: string; stack?: string };

/** A run's options as the thread gets them: no functions, a policy as its file. */
export type ThreadRunOptions = Omit<RunOptions, 'onFolder' | 'policy'> & { policyFile?: string };

/** What the run told its parent before it locked the folder: which one, and the identity (inode) of what was there. */
export interface FolderNote {
  outDir: string;
  before?: number;
}

function describe(e: unknown): ThreadError {
  if (e instanceof InputError)
    return { kind: 'input', file: e.file, field: e.field, expected: e.expected, found: e.found, line: e.line };
  if (isSystemError(e)) return { kind: 'system', message: e.message, code: e.code, path: e.path };
  return {
    kind: 'other',
    message: e instanceof Error ? e.message : String(e),
    stack: e instanceof Error ? e.stack : undefined,
  };
}

const { opts, notes } = workerData as { opts: ThreadRunOptions; notes: MessagePort };
try {
  // A scripted policy loads here (a module import is asynchronous; the run itself is not).
  const { policyFile, ...rest } = opts;
  const policy = policyFile !== undefined ? await (await import('./policy/load.ts')).loadPolicy(policyFile) : undefined;
  const r = runScenario({
    ...rest,
    policy,
    onFolder: (outDir) => notes.postMessage({ outDir, before: inode(outDir) } satisfies FolderNote),
  });
  parentPort!.postMessage({ result: r });
} catch (e) {
  parentPort!.postMessage({ error: describe(e) });
}
