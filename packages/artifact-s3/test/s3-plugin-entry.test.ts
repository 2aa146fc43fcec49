import { pluginTests } from '@ebonite/test-suite';
import { type S3TestServer, startS3Server } from '@ebonite/test-utils/s3-server';
import { afterAll, beforeAll } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { ebonitePlugin } from '../src/plugin.js';

let server: S3TestServer;
beforeAll(async () => {
  server = await startS3Server();
  await server.createBucket('plugin-entry');
});
afterAll(() => server?.stop());

pluginTests({
  plugin: ebonitePlugin,
  packageJson,
  options: {
    s3: () => ({
      bucket: 'plugin-entry',
      prefix: 'p',
      ...server.clientConfig,
      createBucket: false,
    }),
  },
});
