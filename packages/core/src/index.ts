// @ebonite/core: the user API. Plugin authors import `@ebonite/core/plugin` (contracts, helpers).

export type { ArtifactSource } from './artifacts/artifact-source.js';
export type { MaterializeOptions } from './artifacts/materialize.js';
export type { AliasInfo } from './client/aliases.js';
export {
  type ClientCreateModelOptions,
  Ebonite,
  type LocalClientOptions,
  type ResolveOptions,
} from './client/ebonite.js';
export type { ModelPage, ModelQuery } from './client/search-models.js';
export type { EbonitePlugin } from './contracts/ebonite-plugin.js';
export {
  ArtifactExistsError,
  ArtifactIntegrityError,
  ArtifactSourceError,
  NoSuchArtifactError,
} from './errors/artifact-errors.js';
export { EboniteError, type EboniteErrorCode, type ErrorOfCode } from './errors/ebonite-error.js';
export { InvalidConfigError, InvalidInputError } from './errors/input-errors.js';
export {
  ExistingModelError,
  ExistingProjectError,
  ExistingTaskError,
  ModelAlreadyPushedError,
  ModelHasAliasesError,
  NonExistingAliasError,
  NonExistingModelError,
  NonExistingProjectError,
  NonExistingTaskError,
  ProjectWithTasksError,
  TaskWithModelsError,
} from './errors/object-errors.js';
export {
  InvalidPluginError,
  PluginConflictError,
  PluginNotInstalledError,
  UnknownRepositoryTypeError,
} from './errors/plugin-errors.js';
export { RegistryConflictError, SharedArtifactStoreError } from './errors/registry-errors.js';
export {
  BackendError,
  ClosedError,
  ConnectionError,
  CorruptedStoreError,
  NotSupportedError,
} from './errors/store-errors.js';
export {
  ModelInputError,
  RuntimeNotInstalledError,
  UnrecognizedModelError,
  WrapperFailedError,
} from './errors/wrapper-errors.js';
export { LATEST_ALIAS } from './objects/alias-names.js';
export type { CreateModelOptions } from './objects/create-options.js';
export { Model } from './objects/model.js';
export { ModelArtifacts } from './objects/model-artifacts.js';
export { Project } from './objects/project.js';
export type * from './objects/records.js';
export { MAX_TAG_KEY_LENGTH, MAX_TAG_VALUE_LENGTH } from './objects/tags.js';
export { Task } from './objects/task.js';
export {
  type AliasProblem,
  type ArtifactProblem,
  type CheckProgress,
  type CheckRegistryOptions,
  type CheckReport,
  checkRegistry,
  type Orphan,
} from './registry/check-registry.js';
export {
  type CopyIssue,
  type CopyProgress,
  type CopyRegistryOptions,
  type CopyReport,
  copyRegistry,
} from './registry/copy-registry.js';
export {
  formatModelRef,
  formatRegistryPath,
  type ModelRef,
  parseModelRef,
  parseRegistryPath,
  type RegistryPath,
} from './registry/registry-path.js';
export { registerPlugin } from './resolve/plugin-registry.js';
export type { CreateWrappedModelOptions } from './wrappers/create-wrapped-model.js';
export type { LoadModelOptions } from './wrappers/load-model.js';
export type { LoadedModel } from './wrappers/loaded-model.js';
