const marker = Symbol.for('ebonite.error');

/** Every error code ebonite throws. Codes are stable; messages may change. */
export type EboniteErrorCode =
  | 'E_EXISTING_PROJECT'
  | 'E_EXISTING_TASK'
  | 'E_EXISTING_MODEL'
  | 'E_NON_EXISTING_PROJECT'
  | 'E_NON_EXISTING_TASK'
  | 'E_NON_EXISTING_MODEL'
  | 'E_PROJECT_WITH_TASKS'
  | 'E_TASK_WITH_MODELS'
  | 'E_NO_SUCH_ARTIFACT'
  | 'E_ARTIFACT_EXISTS'
  | 'E_ARTIFACT_INTEGRITY'
  | 'E_ARTIFACT_SOURCE'
  | 'E_ALREADY_PUSHED'
  | 'E_UNKNOWN_REPOSITORY_TYPE'
  | 'E_PLUGIN_NOT_INSTALLED'
  | 'E_INVALID_PLUGIN'
  | 'E_INVALID_INPUT'
  | 'E_INVALID_CONFIG'
  | 'E_CORRUPTED_STORE'
  | 'E_CONNECTION'
  | 'E_CLOSED'
  | 'E_NOT_SUPPORTED'
  | 'E_BACKEND'
  | 'E_UNRECOGNIZED_MODEL'
  | 'E_MODEL_INPUT'
  | 'E_RUNTIME_NOT_INSTALLED'
  | 'E_WRAPPER_FAILED'
  | (string & {});

export interface EboniteErrorOptions {
  cause?: unknown;
}

/**
 * The base of every error ebonite throws. `code` is stable and machine-readable, `message` says what
 * to do, `cause` keeps the original failure. Use {@link EboniteError.isInstance} rather than
 * `instanceof`: it also recognises errors from another copy of the package.
 */
export class EboniteError extends Error {
  readonly [marker] = true;
  readonly code: EboniteErrorCode;

  constructor(code: EboniteErrorCode, message: string, options: EboniteErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
  }

  /** True for any ebonite error, whichever copy of `@ebonite/core` created it; with `code`, only for that code. */
  static isInstance(error: unknown, code?: EboniteErrorCode): error is EboniteError {
    if (typeof error !== 'object' || error === null || !(marker in error)) return false;
    return code === undefined || (error as unknown as EboniteError).code === code;
  }
}
