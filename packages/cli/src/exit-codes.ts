import { EboniteError } from '@ebonite/core';

/** The exit codes of `ebonite`, stable across versions. */
export const ExitCode = {
  /** Done. */
  ok: 0,
  /** An I/O or backend failure (a server down, a disk error, ...), or anything unexpected. */
  failure: 1,
  /** Bad usage: an unknown command or option, a bad argument, a bad config file, a missing plugin. */
  usage: 2,
  /** A project, task, model, alias, artifact or registry that does not exist. */
  notFound: 3,
  /** Something is in the way: a name taken, a project or task that still has children, a model aliases point at, a file that exists. */
  conflict: 4,
  /** Data does not match its digest, or a registry check found problems. */
  integrity: 5,
  /** The user answered no to a confirmation. */
  cancelled: 6,
} as const;

const BY_ERROR_CODE: Record<string, number> = {
  E_USAGE: ExitCode.usage,
  E_INVALID_INPUT: ExitCode.usage,
  E_INVALID_CONFIG: ExitCode.usage,
  E_UNKNOWN_REPOSITORY_TYPE: ExitCode.usage,
  E_PLUGIN_NOT_INSTALLED: ExitCode.usage,
  E_INVALID_PLUGIN: ExitCode.usage,
  E_NO_REGISTRY: ExitCode.notFound,
  E_NON_EXISTING_PROJECT: ExitCode.notFound,
  E_NON_EXISTING_TASK: ExitCode.notFound,
  E_NON_EXISTING_MODEL: ExitCode.notFound,
  E_NON_EXISTING_ALIAS: ExitCode.notFound,
  E_NO_SUCH_ARTIFACT: ExitCode.notFound,
  E_NO_SUCH_FILE: ExitCode.notFound,
  E_EXISTING_PROJECT: ExitCode.conflict,
  E_EXISTING_TASK: ExitCode.conflict,
  E_EXISTING_MODEL: ExitCode.conflict,
  E_ARTIFACT_EXISTS: ExitCode.conflict,
  E_PROJECT_WITH_TASKS: ExitCode.conflict,
  E_TASK_WITH_MODELS: ExitCode.conflict,
  E_MODEL_HAS_ALIASES: ExitCode.conflict,
  E_REGISTRY_CONFLICT: ExitCode.conflict,
  E_SHARED_ARTIFACT_STORE: ExitCode.conflict,
  E_FILE_EXISTS: ExitCode.conflict,
  E_ARTIFACT_INTEGRITY: ExitCode.integrity,
  E_CORRUPTED_STORE: ExitCode.integrity,
  E_CHECK_FAILED: ExitCode.integrity,
  E_CANCELLED: ExitCode.cancelled,
};

/** The exit code for an error: by its ebonite code, else {@link ExitCode.failure}. */
export function exitCodeFor(error: unknown): number {
  if (!EboniteError.isInstance(error)) return ExitCode.failure;
  return BY_ERROR_CODE[error.code] ?? ExitCode.failure;
}

/** The exit codes as help text. */
export const EXIT_CODES_HELP = `
Exit codes:
  0  done
  1  I/O or backend failure
  2  usage error (bad command, option, argument or config file)
  3  not found (project, task, model, alias, artifact, registry)
  4  conflict (name taken, children without --cascade, aliases without --force, file exists)
  5  integrity (digest mismatch, registry check found problems)
  6  cancelled (confirmation declined)`;
