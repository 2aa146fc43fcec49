import { Ebonite } from '@ebonite/core';
import { artifactRepositoryTests, clientTests, metadataRepositoryTests } from '@ebonite/test-suite';
import { afterAll, beforeAll } from 'vitest';
import { httpArtifacts, httpMetadata } from '../src/index.js';
import { httpProcesses, readBackThrough } from './helpers/read-back.js';
import { startRegistry, type TestRegistry } from './helpers/registry-server.js';

let registry: TestRegistry;
beforeAll(async () => {
  // The suite checks that stamps are stored as given: the server records the clients' authors.
  registry = await startRegistry({ trustClientAuthor: true });
});
afterAll(() => registry?.close());

const remote = () => ({ url: registry.url, token: registry.tokens.write });

metadataRepositoryTests({
  name: 'http metadata → server on SQLite + local files',
  create: async () => httpMetadata(remote()),
  readBack: readBackThrough(() => registry.client),
  capabilities: { persistent: true },
  processes: httpProcesses(() => registry),
});
artifactRepositoryTests({
  name: 'http artifacts → server on SQLite + local files',
  create: async () => httpArtifacts(remote()),
  readBack: readBackThrough(() => registry.client),
  capabilities: { persistent: true },
});
clientTests({
  name: "customClient('http', 'http') → server on SQLite + local files",
  create: () => Ebonite.customClient('http', 'http', remote(), remote()),
});
