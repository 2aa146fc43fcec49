import { pluginTests } from '@ebonite/test-suite';
import packageJson from '../package.json' with { type: 'json' };
import { ebonitePlugin } from '../src/plugin.js';
import { tempFolder } from './helpers/temp-folder.js';

pluginTests({
  plugin: ebonitePlugin,
  packageJson,
  options: { local: () => ({ path: tempFolder(), compactAfterBytes: 65536 }) },
});
