import { fileURLToPath } from 'node:url';
import { metadataRepositoryTests } from '@ebonite/test-suite';
import { inMemoryMetadata } from '../src/inmemory-metadata-repository.js';
import { localMetadata } from '../src/local-metadata-repository.js';
import { readStore } from './helpers/read-store.js';
import { tempFolder } from './helpers/temp-folder.js';

const folder = tempFolder();
// A small compaction threshold, so that the suite also runs across compactions while repositories are open.
const compactAfterBytes = 64 * 1024;

metadataRepositoryTests({
  name: 'local (metadata.json + journal)',
  create: async () => localMetadata({ path: folder, compactAfterBytes }),
  readBack: {
    project: async (id) => readStore(folder).projects.get(id) ?? null,
    task: async (id) => readStore(folder).tasks.get(id) ?? null,
    model: async (id) => readStore(folder).models.get(id) ?? null,
  },
  capabilities: { persistent: true },
  processes: {
    module: fileURLToPath(new URL('./fixtures/local-factory.mjs', import.meta.url)),
    args: { path: folder, compactAfterBytes },
  },
});

metadataRepositoryTests({
  name: 'inmemory',
  create: async () => inMemoryMetadata(),
});
