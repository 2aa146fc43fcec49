import { pluginTests } from '@ebonite/test-suite';
import { temporaryFolders } from '@ebonite/test-utils/temp-folders';
import { afterAll } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { ebonitePlugin } from '../src/plugin.js';

const folders = temporaryFolders();
afterAll(() => folders.cleanup());

pluginTests({
  plugin: ebonitePlugin,
  packageJson,
  options: {
    local: async () => ({ root: await folders.make('ebonite-artifact-fs-'), highWaterMark: 65536 }),
  },
});
