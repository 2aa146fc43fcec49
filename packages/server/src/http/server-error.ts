import { EboniteError } from '@ebonite/core';

/** The codes of errors the server itself raises (the core's codes pass through unchanged). */
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

/** An error of the HTTP layer (authentication, limits, routing), with a code like every ebonite error. */
export class ServerError extends EboniteError {
  constructor(code: ServerErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
