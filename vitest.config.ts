import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Tests and benchmarks that start the `dcpsim` command run the compiled dist/: build it first when stale.
    globalSetup: ['tests/setup/dist.ts', 'tests/setup/tmp.ts'],
    // Many tests spawn the CLI as a user would; on a loaded 2-core machine (CI, or
    // other work beside the suite) a handful of spawns can take longer than
    // vitest's 5 s default. Timeouts catch hangs; speed is measured in
    // `npm run bench`, never in a timed unit test.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
