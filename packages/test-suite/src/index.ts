export { artifactRepositoryTests } from './artifact/index.js';
export type {
  ArtifactCapabilities,
  ArtifactReadBack,
  ArtifactRepositoryTestOptions,
} from './artifact/options.js';
export { clientTests } from './client/index.js';
export type { ClientTestOptions } from './client/options.js';
export { metadataRepositoryTests } from './metadata/index.js';
export type {
  AnyMetadataRepository,
  MetadataCapabilities,
  MetadataProcessFactory,
  MetadataReadBack,
  MetadataRepositoryTestOptions,
} from './metadata/options.js';
export { pluginTests } from './plugin/index.js';
export type { PluginTestOptions, PluginTypeOptions } from './plugin/options.js';
