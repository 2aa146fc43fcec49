import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pluginTests } from '@ebonite/test-suite';
import packageJson from '../package.json' with { type: 'json' };
import { ebonitePlugin } from '../src/plugin.js';

const folder = mkdtempSync(join(tmpdir(), 'ebonite-meta-sql-plugin-'));
const sqlite = {
  url: `sqlite://${join(folder, 'registry.db')}`,
  tablePrefix: 'eb_',
  timeoutMs: 5000,
};

pluginTests({
  plugin: ebonitePlugin,
  packageJson,
  options: { sqlalchemy: { ...sqlite, durability: 'relaxed' }, sql: sqlite },
});
