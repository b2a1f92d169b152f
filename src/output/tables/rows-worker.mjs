// Entry of a long run's time-series thread from the TypeScript sources (dist/ not built or stale): loader hooks are
// per thread in Node 20, so tsx is registered here before the worker loads (as src/sweep/worker.mjs).
import { register } from 'tsx/esm/api';

register();
await import('./rows-worker.ts');
