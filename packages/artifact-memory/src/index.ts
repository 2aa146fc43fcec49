export {
  type InMemoryArtifactOptions,
  InMemoryArtifactRepository,
  inMemoryArtifacts,
} from './in-memory-artifact-repository.js';
export { ebonitePlugin } from './plugin.js';
