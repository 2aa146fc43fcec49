import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'artifact-s3',
    include: ['test/**/*.test.ts'],
  },
});
