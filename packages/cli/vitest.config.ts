import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'cli',
    include: ['test/**/*.test.ts'],
    // Every test runs the built binary as child processes, on a machine shared with other work.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
