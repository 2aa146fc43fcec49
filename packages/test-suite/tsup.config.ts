import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

// Two entries: the suites (they import vitest) and `streams`, plain Node for child processes too.
export default defineConfig({ ...packageBuild, entry: ['src/index.ts', 'src/streams.ts'] });
