import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'meta-local',
    include: ['test/**/*.test.ts'],
  },
});
