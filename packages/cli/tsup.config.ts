import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

// bin.ts starts with `#!/usr/bin/env node`, which esbuild keeps at the top of dist/bin.js.
export default defineConfig({
  ...packageBuild,
  entry: { index: 'src/index.ts', bin: 'src/bin.ts' },
  dts: { entry: { index: 'src/index.ts' } },
});
