// Entry of a `dcpsim run` worker thread when dist/ is not current: register
// tsx in this thread (loader hooks are per thread) before loading the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./run-worker.ts');
