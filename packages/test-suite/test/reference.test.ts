import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { artifactRepositoryTests } from '../src/artifact/index.js';
import { metadataRepositoryTests } from '../src/metadata/index.js';
import { FileArtifacts } from './reference/file-artifacts.js';
import { KeyValueArtifacts } from './reference/key-value-artifacts.js';
import { MemoryMetadata, newMemoryStore } from './reference/memory-metadata.js';
import { MemoryMetadataV2, newMemoryStoreV2 } from './reference/memory-metadata-v2.js';

// The suite passes on correct implementations: the reference repositories of test/reference.

const store = newMemoryStore();
metadataRepositoryTests({
  name: 'reference in-memory metadata',
  create: async () => new MemoryMetadata(store),
  readBack: {
    project: async (id) => store.projects.get(id) ?? null,
    task: async (id) => store.tasks.get(id) ?? null,
    model: async (id) => store.models.get(id) ?? null,
  },
  capabilities: { persistent: true },
});

metadataRepositoryTests({
  name: 'reference in-memory metadata, a new store each time',
  create: async () => new MemoryMetadata(),
});

const root = await mkdtemp(join(tmpdir(), 'ebonite-test-suite-'));
afterAll(() => rm(root, { recursive: true, force: true }));
const files = new FileArtifacts(root);
artifactRepositoryTests({
  name: 'reference plain-files artifacts',
  create: async () => new FileArtifacts(root),
  readBack: { file: (modelId, name) => files.readBack(modelId, name) },
  capabilities: { persistent: true },
});

const objects = new Map<string, Buffer>();
artifactRepositoryTests({
  name: 'reference key-value artifacts',
  create: async () => new KeyValueArtifacts(objects),
  readBack: { file: async (modelId, name) => objects.get(`model/${modelId}/${name}`) ?? null },
  capabilities: { persistent: true },
});

const storeV2 = newMemoryStoreV2();
metadataRepositoryTests({
  name: 'reference in-memory metadata, contract v2',
  create: async () => new MemoryMetadataV2(storeV2),
  capabilities: { persistent: true },
});
