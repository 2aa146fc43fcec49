import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'integration',
    include: ['test/**/*.test.ts'],
    // Type strings resolve from the user's project (process.cwd()): here, this package, which declares the backends.
    setupFiles: ['./test/project-cwd.ts'],
  },
});
