import { EboniteError } from '@ebonite/core';

/** An error of the command line itself, with a code that maps to an exit code (see exit-codes.ts). */
export class CliError extends EboniteError {
  constructor(
    code:
      | 'E_USAGE'
      | 'E_NO_REGISTRY'
      | 'E_NO_SUCH_FILE'
      | 'E_FILE_EXISTS'
      | 'E_CHECK_FAILED'
      | 'E_CANCELLED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}
