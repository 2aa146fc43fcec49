// @ebonite/core/plugin: the plugin author's kit. The three contracts and EbonitePlugin (each contract
// file in contracts/ is the tutorial for its kind of plugin), the errors plugins throw, and the helpers
// the built-in plugins share. Users import the root entry instead.

export { type ArtifactSource, toReadable } from './artifacts/artifact-source.js';
export { type DigestState, digestStream } from './artifacts/digest-stream.js';
export { verifyStream } from './artifacts/verifying-stream.js';
export { holdsCredentials, redactCredentials } from './config/credentials.js';
export type * from './contracts/artifact-repository.js';
export type * from './contracts/ebonite-plugin.js';
export type * from './contracts/metadata-repository.js';
export type * from './contracts/model-wrapper.js';
export * from './errors/artifact-errors.js';
export * from './errors/ebonite-error.js';
export * from './errors/input-errors.js';
export * from './errors/object-errors.js';
export * from './errors/plugin-errors.js';
export * from './errors/registry-errors.js';
export * from './errors/store-errors.js';
export * from './errors/wrapper-errors.js';
export { MAX_SEARCH_LIMIT, modelSearchProblem } from './guards/check-model-search.js';
export { GuardedArtifactRepository } from './guards/guarded-artifact-repository.js';
export { GuardedMetadataRepository } from './guards/guarded-metadata-repository.js';
export { compareSearchPositions, matchesSearch, positionOf } from './guards/search-order.js';
export { byName } from './kit/by-name.js';
export { compareUtf8 } from './kit/compare-utf8.js';
export { errorCode } from './kit/error-code.js';
export { modelSearch } from './kit/model-search.js';
export { isModuleMissing } from './kit/module-missing.js';
export { pathInside } from './kit/path-inside.js';
export {
  checkPluginOptions,
  type OptionSpec,
  type OptionsSpec,
  optionChecks,
  pluginOptionsError,
} from './kit/plugin-options.js';
export { SerialQueue } from './kit/serial-queue.js';
export { syncFolder, syncFolderSync } from './kit/sync-folder.js';
export { aliasProblem, LATEST_ALIAS, validateAlias } from './objects/alias-names.js';
export { isEboniteId, newId, nowIso } from './objects/ids.js';
export type { ModelArtifacts } from './objects/model-artifacts.js';
export {
  ArtifactNameSet,
  artifactNameProblem,
  MAX_ARTIFACT_NAME_LENGTH,
  MAX_NAME_LENGTH,
  MAX_SEGMENT_BYTES,
  nameProblem,
  safeArtifactPathProblem,
  validateArtifactName,
  validateArtifactNames,
  validateId,
  validateName,
  validateSafeArtifactPath,
} from './objects/names.js';
export {
  descriptorsProblem,
  jsonProblem,
  type RecordKind,
  recordProblem,
  requirementsProblem,
} from './objects/record-checks.js';
export type * from './objects/records.js';
export {
  MAX_TAG_KEY_LENGTH,
  MAX_TAG_VALUE_LENGTH,
  tagChangesProblem,
  tagsProblem,
  validateTagChanges,
  validateTags,
} from './objects/tags.js';
export { isRegistryMarkerId } from './registry/registry-marker.js';
export { builtinTypes } from './resolve/builtin-types.js';
export { CONTRACT_METHODS, repositoryProblem } from './resolve/create-repository.js';
export { ProjectPackages } from './resolve/project-packages.js';
export { type ResolvedPlugin, resolvePlugin } from './resolve/resolve-plugin.js';
export { importRuntime } from './wrappers/import-runtime.js';
export {
  checkInput,
  type Dimension,
  type MethodSignature,
  type TensorDescription,
  type ValueSchema,
} from './wrappers/signatures.js';
