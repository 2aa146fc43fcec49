import { pluginTests } from '@ebonite/test-suite';
import packageJson from '../package.json' with { type: 'json' };
import { ebonitePlugin } from '../src/plugin.js';

pluginTests({ plugin: ebonitePlugin, packageJson });
