import type { EboniteErrorCode, ErrorOfCode } from './error-codes.js';

export type { CliErrorCode, EboniteErrorCode, ErrorOfCode } from './error-codes.js';

const marker = Symbol.for('ebonite.error');

export interface EboniteErrorOptions {
  cause?: unknown;
}

/**
 * The base of every error ebonite throws. `code` is stable and machine-readable, `message` says what
 * to do, `cause` keeps the original failure. Use {@link EboniteError.isInstance} rather than
 * `instanceof`: it also recognises errors from another copy of the package, and narrows the type to
 * the class of the code asked for.
 */
export class EboniteError<C extends EboniteErrorCode = EboniteErrorCode> extends Error {
  readonly [marker] = true;
  readonly code: C;

  constructor(code: C, message: string, options: EboniteErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
  }

  /**
   * True for any ebonite error, whichever copy of `@ebonite/core` created it; with `code`, only for
   * that code, and the type narrows to that code's class:
   * `if (EboniteError.isInstance(e, 'E_ARTIFACT_INTEGRITY')) e.expected.digest`.
   */
  static isInstance(error: unknown): error is EboniteError;
  static isInstance<C extends EboniteErrorCode>(error: unknown, code: C): error is ErrorOfCode<C>;
  static isInstance(error: unknown, code?: EboniteErrorCode): boolean {
    if (typeof error !== 'object' || error === null || !(marker in error)) return false;
    return code === undefined || (error as EboniteError).code === code;
  }
}
