import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifactRepositoryTests } from '@ebonite/test-suite';
import { afterAll } from 'vitest';
import { casArtifacts } from '../src/index.js';

// The whole conformance suite, in three lines: a folder, a factory, the suite.
const root = await mkdtemp(join(tmpdir(), 'ebonite-cas-'));
afterAll(() => rm(root, { recursive: true, force: true }));
artifactRepositoryTests({
  name: 'cas',
  create: async () => casArtifacts({ root }),
  capabilities: { persistent: true },
  // Optional: read the store directly (manifest, then blob), so the suite sees what really landed on disk.
  readBack: {
    file: async (modelId, name) => {
      const manifest = await readFile(join(root, 'models', `${modelId}.json`), 'utf8').catch(
        () => null,
      );
      const digest =
        manifest &&
        (JSON.parse(manifest).files as Array<{ name: string; digest: string }>).find(
          (f) => f.name === name,
        )?.digest;
      return digest ? readFile(join(root, 'blobs', digest.slice(7, 9), digest.slice(9))) : null;
    },
  },
});
