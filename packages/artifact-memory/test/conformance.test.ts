import { artifactRepositoryTests } from '@ebonite/test-suite';
import { Volume } from 'memfs';
import { inMemoryArtifacts } from '../src/index.js';

// One volume for the suite, so readBack can look at it; the suite uses random model ids.
const volume = new Volume();

artifactRepositoryTests({
  name: 'inmemory artifact repository (conformance)',
  create: async () => inMemoryArtifacts({ volume }),
  readBack: {
    async file(modelId, name) {
      const file = `/model/${modelId}/${name}`;
      return volume.existsSync(file) ? (volume.readFileSync(file) as Buffer) : null;
    },
  },
});

// The same volume handed to a new repository is what a second process would see of a folder.
artifactRepositoryTests({
  name: 'inmemory artifact repository on a shared volume (conformance, persistent)',
  create: async () => inMemoryArtifacts({ volume, root: '/shared' }),
  readBack: {
    async file(modelId, name) {
      const file = `/shared/model/${modelId}/${name}`;
      return volume.existsSync(file) ? (volume.readFileSync(file) as Buffer) : null;
    },
  },
  capabilities: { persistent: true },
});
