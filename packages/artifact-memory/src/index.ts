export { InMemoryArtifactRepository, inMemoryArtifacts, type InMemoryArtifactOptions } from './in-memory-artifact-repository.js';
export { ebonitePlugin } from './plugin.js';
