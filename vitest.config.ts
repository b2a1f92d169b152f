import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Tests and benchmarks that start the `dcpsim` command run the compiled dist/: build it first when stale.
    globalSetup: ['tests/setup/dist.ts'],
  },
});
