import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

// Two entries: the user API and the plugin author's kit (shared code goes in a common chunk).
export default defineConfig({ ...packageBuild, entry: ['src/index.ts', 'src/plugin.ts'] });
