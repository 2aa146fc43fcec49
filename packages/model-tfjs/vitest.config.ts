import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'model-tfjs',
    include: ['test/**/*.test.ts'],
    // Many tests run child processes or servers; CI shares 2 cores with the databases and builds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
