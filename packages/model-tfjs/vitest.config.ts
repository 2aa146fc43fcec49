import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'model-tfjs',
    include: ['test/**/*.test.ts'],
  },
});
