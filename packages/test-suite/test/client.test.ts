import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ebonite } from '@ebonite/core';
import { afterAll } from 'vitest';
import { clientTests } from '../src/client/index.js';
import { FileArtifacts } from './reference/file-artifacts.js';
import { MemoryMetadata, newMemoryStore } from './reference/memory-metadata.js';

// The client suite passes on the core's client over the reference repositories.

const root = await mkdtemp(join(tmpdir(), 'ebonite-client-suite-'));
afterAll(() => rm(root, { recursive: true, force: true }));
const store = newMemoryStore();

clientTests({
  name: 'Ebonite over the reference repositories',
  create: async () => new Ebonite(new MemoryMetadata(store), new FileArtifacts(root)),
});
