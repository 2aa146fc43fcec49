import { defineConfig } from 'tsup';

// bin.ts starts with `#!/usr/bin/env node`, which esbuild keeps at the top of dist/bin.js.
export default defineConfig({
  entry: { index: 'src/index.ts', bin: 'src/bin.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
});
