import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'artifact-s3',
    include: ['test/**/*.test.ts'],
    // Many tests run child processes or servers; CI shares 2 cores with the databases and builds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The AWS SDK warns on every client that Node 20 support ends; the tests run on Node 20 on purpose.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
