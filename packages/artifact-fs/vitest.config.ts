import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'artifact-fs',
    include: ['test/**/*.test.ts'],
  },
});
