// Entry of a sweep worker thread. Loader hooks are per thread in Node 20, and
// `--import tsx` in a Worker's execArgv is not honoured, so register tsx here
// before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
