import { pluginTests } from '@ebonite/test-suite';
import packageJson from '../package.json' with { type: 'json' };
import { ebonitePlugin } from '../src/plugin.js';

// Building a repository and its config connects to nothing; the token stays out of the config.
pluginTests({
  plugin: ebonitePlugin,
  packageJson,
  options: { http: { url: 'http://127.0.0.1:8080', token: 'not-in-the-config', timeoutMs: 5000 } },
});
