import { EboniteError } from '@ebonite/core';
import type { CliErrorCode } from '@ebonite/core/plugin';

/** An error of the command line itself, with a code that maps to an exit code (see exit-codes.ts). */
export class CliError extends EboniteError<CliErrorCode> {
  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
