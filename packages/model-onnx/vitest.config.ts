import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'model-onnx',
    include: ['test/**/*.test.ts'],
  },
});
