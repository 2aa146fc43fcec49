import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'example-plugin',
    include: ['test/**/*.test.ts'],
  },
});
