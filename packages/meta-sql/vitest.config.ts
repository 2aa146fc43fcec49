import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'meta-sql',
    include: ['test/**/*.test.ts'],
  },
});
