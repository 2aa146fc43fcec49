import { join } from 'node:path';
import { Ebonite } from '@ebonite/core';
import { clientTests, metadataRepositoryTests } from '@ebonite/test-suite';
import { afterAll, beforeAll } from 'vitest';
import { httpMetadata } from '../src/index.js';
import { httpProcesses, readBackThrough } from './helpers/read-back.js';
import { startRegistry, type TestRegistry } from './helpers/registry-server.js';

// A server on a `local` registry (metadata.json + files), whose metadata repository implements
// contract v2 with an in-memory search index: the metadata suite with its v2 checks, through HTTP.
let registry: TestRegistry;
beforeAll(async () => {
  registry = await startRegistry({
    makeClient: (dir) => Ebonite.local({ path: join(dir, 'registry') }),
    // The suite checks that stamps are stored as given: the server records the clients' authors.
    trustClientAuthor: true,
  });
});
afterAll(() => registry?.close());

const remote = () => ({ url: registry.url, token: registry.tokens.write });

metadataRepositoryTests({
  name: 'http metadata → server on a local registry',
  create: async () => httpMetadata(remote()),
  readBack: readBackThrough(() => registry.client),
  capabilities: { persistent: true },
  processes: httpProcesses(() => registry),
});
clientTests({
  name: "customClient('http', 'http') → server on a local registry",
  create: () => Ebonite.customClient('http', 'http', remote(), remote()),
});
