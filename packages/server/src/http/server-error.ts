import { EboniteError } from '@ebonite/core';
import type { ServerErrorCode } from '@ebonite/core/plugin';

export type { ServerErrorCode };

/** An error of the HTTP layer (authentication, limits, routing), with a code like every ebonite error. */
export class ServerError extends EboniteError<ServerErrorCode> {
  constructor(code: ServerErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
