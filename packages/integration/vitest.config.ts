import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'integration',
    include: ['test/**/*.test.ts'],
    // Many tests run child processes or servers; CI shares 2 cores with the databases and builds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Type strings resolve from the user's project (process.cwd()): here, this package, which declares the backends.
    setupFiles: ['./test/project-cwd.ts'],
  },
});
