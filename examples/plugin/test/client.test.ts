import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ebonite } from '@ebonite/core';
import { inMemoryMetadata } from '@ebonite/meta-local';
import { clientTests } from '@ebonite/test-suite';
import { afterAll } from 'vitest';
import { casArtifacts } from '../src/index.js';

// The store under the real client: push, read back, delete and failures, end to end.
const root = await mkdtemp(join(tmpdir(), 'ebonite-cas-client-'));
afterAll(() => rm(root, { recursive: true, force: true }));
clientTests({
  name: 'cas under the Ebonite client',
  create: async () => new Ebonite(inMemoryMetadata(), casArtifacts({ root })),
});
