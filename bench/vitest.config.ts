import { defineConfig } from 'vitest/config';

/** `npm run bench`: every bench/*.bench.ts, one file after another so they do not compete for the 2 cores. */
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    benchmark: { include: ['bench/**/*.bench.ts'] },
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
