import type {
  ArtifactExistsError,
  ArtifactIntegrityError,
  ArtifactSourceError,
  NoSuchArtifactError,
} from './artifact-errors.js';
import type { EboniteError } from './ebonite-error.js';
import type { InvalidConfigError, InvalidInputError } from './input-errors.js';
import type {
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
} from './object-errors.js';
import type {
  InvalidPluginError,
  PluginConflictError,
  PluginNotInstalledError,
  UnknownRepositoryTypeError,
} from './plugin-errors.js';
import type { RegistryConflictError, SharedArtifactStoreError } from './registry-errors.js';
import type {
  BackendError,
  ClosedError,
  ConnectionError,
  CorruptedStoreError,
  NotSupportedError,
} from './store-errors.js';
import type {
  ModelInputError,
  RuntimeNotInstalledError,
  UnrecognizedModelError,
  WrapperFailedError,
} from './wrapper-errors.js';

/** The class of each error code the core throws. */
export interface CoreErrorClasses {
  E_EXISTING_PROJECT: ExistingProjectError;
  E_EXISTING_TASK: ExistingTaskError;
  E_EXISTING_MODEL: ExistingModelError;
  E_NON_EXISTING_PROJECT: NonExistingProjectError;
  E_NON_EXISTING_TASK: NonExistingTaskError;
  E_NON_EXISTING_MODEL: NonExistingModelError;
  E_PROJECT_WITH_TASKS: ProjectWithTasksError;
  E_TASK_WITH_MODELS: TaskWithModelsError;
  E_ALREADY_PUSHED: ModelAlreadyPushedError;
  E_MODEL_HAS_ALIASES: ModelHasAliasesError;
  E_NON_EXISTING_ALIAS: NonExistingAliasError;
  E_NO_SUCH_ARTIFACT: NoSuchArtifactError;
  E_ARTIFACT_EXISTS: ArtifactExistsError;
  E_ARTIFACT_INTEGRITY: ArtifactIntegrityError;
  E_ARTIFACT_SOURCE: ArtifactSourceError;
  E_UNKNOWN_REPOSITORY_TYPE: UnknownRepositoryTypeError;
  E_PLUGIN_NOT_INSTALLED: PluginNotInstalledError;
  E_PLUGIN_CONFLICT: PluginConflictError;
  E_INVALID_PLUGIN: InvalidPluginError;
  E_INVALID_INPUT: InvalidInputError;
  E_INVALID_CONFIG: InvalidConfigError;
  E_CORRUPTED_STORE: CorruptedStoreError;
  E_CONNECTION: ConnectionError;
  E_CLOSED: ClosedError;
  E_BACKEND: BackendError;
  E_NOT_SUPPORTED: NotSupportedError;
  E_REGISTRY_CONFLICT: RegistryConflictError;
  E_SHARED_ARTIFACT_STORE: SharedArtifactStoreError;
  E_UNRECOGNIZED_MODEL: UnrecognizedModelError;
  E_MODEL_INPUT: ModelInputError;
  E_RUNTIME_NOT_INSTALLED: RuntimeNotInstalledError;
  E_WRAPPER_FAILED: WrapperFailedError;
}

/**
 * The codes `@ebonite/cli` throws (its `CliError`): bad usage, no registry at the given place, a local
 * file missing or in the way, a registry check that found problems, a confirmation declined.
 */
export type CliErrorCode =
  | 'E_USAGE'
  | 'E_NO_REGISTRY'
  | 'E_NO_SUCH_FILE'
  | 'E_FILE_EXISTS'
  | 'E_CHECK_FAILED'
  | 'E_CANCELLED';

/**
 * The codes `@ebonite/server` answers with for its own HTTP layer (its `ServerError`): no or an unknown
 * token, a token without the scope, no such route, a body over its limit, a busy server, a timeout.
 */
export type ServerErrorCode =
  | 'E_UNAUTHORIZED'
  | 'E_FORBIDDEN'
  | 'E_NOT_FOUND'
  | 'E_METHOD_NOT_ALLOWED'
  | 'E_TOO_LARGE'
  | 'E_UNSUPPORTED_MEDIA_TYPE'
  | 'E_RANGE_NOT_SATISFIABLE'
  | 'E_BUSY'
  | 'E_TIMEOUT';

/** Every error code any ebonite package throws: a closed list. Codes are stable; messages may change. */
export type EboniteErrorCode = keyof CoreErrorClasses | CliErrorCode | ServerErrorCode;

/** The error type of a code: its class for the core's codes, an `EboniteError` of that code otherwise. */
export type ErrorOfCode<C extends EboniteErrorCode> = C extends keyof CoreErrorClasses
  ? CoreErrorClasses[C]
  : EboniteError<C>;
