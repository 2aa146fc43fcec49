import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifactRepositoryTests } from '@ebonite/test-suite';
import { CasArtifactRepository } from '../src/index.js';

const root = await mkdtemp(join(tmpdir(), 'cas-'));
artifactRepositoryTests({
  name: 'cas',
  create: async () => new CasArtifactRepository({ root }),
  capabilities: { persistent: true },
});
