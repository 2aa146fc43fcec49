export { type ArtifactSource, toReadable } from './artifacts/artifact-source.js';
export { type DigestState, digestStream } from './artifacts/digest-stream.js';
export { verifyStream } from './artifacts/verifying-stream.js';
export {
  type ClientCreateModelOptions,
  Ebonite,
  type LocalClientOptions,
  type ResolveOptions,
} from './client/ebonite.js';
export {
  type ClientConfig,
  type RepositoryConfig,
  readClientConfig,
} from './config/client-config.js';
export type * from './contracts/artifact-repository.js';
export type * from './contracts/metadata-repository.js';
export * from './errors/artifact-errors.js';
export * from './errors/ebonite-error.js';
export * from './errors/input-errors.js';
export * from './errors/object-errors.js';
export * from './errors/plugin-errors.js';
export * from './errors/store-errors.js';
export { GuardedArtifactRepository } from './guards/guarded-artifact-repository.js';
export { GuardedMetadataRepository } from './guards/guarded-metadata-repository.js';
export * from './objects/ids.js';
export * from './objects/model.js';
export * from './objects/model-artifacts.js';
export * from './objects/names.js';
export * from './objects/project.js';
export * from './objects/records.js';
export * from './objects/task.js';
export * from './registry/index.js';
export { builtinTypes } from './resolve/builtin-types.js';
export type * from './resolve/ebonite-plugin.js';
export { registerPlugin } from './resolve/plugin-registry.js';
export { ProjectPackages } from './resolve/project-packages.js';
export { type ResolvedPlugin, resolvePlugin } from './resolve/resolve-plugin.js';
export * from './wrappers/index.js';
