import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { artifactRepositoryTests } from '@ebonite/test-suite';
import { afterAll } from 'vitest';
import { localArtifacts } from '../src/index.js';
import { tempFolder } from './helpers.js';

const { dir: root, cleanup } = await tempFolder();
afterAll(() => cleanup());

artifactRepositoryTests({
  name: 'local artifact repository (conformance)',
  create: async () => localArtifacts({ root }),
  readBack: {
    async file(modelId, name) {
      try {
        return await readFile(path.join(root, 'model', modelId, ...name.split('/')));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
  },
  capabilities: { persistent: true },
});
