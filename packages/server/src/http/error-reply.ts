import { EboniteError } from '@ebonite/core';
import { statusForCode } from './status.js';

/** The JSON body of every error response: the ebonite error code and a message that says what to do. */
export interface ErrorBody {
  code: string;
  message: string;
  /** `E_MODEL_HAS_ALIASES`: the aliases that point at the model. */
  aliases?: string[];
}

/** An error to send: its status and body. */
export interface ErrorReply {
  status: number;
  body: ErrorBody;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'E_INVALID_INPUT',
  401: 'E_UNAUTHORIZED',
  403: 'E_FORBIDDEN',
  404: 'E_NOT_FOUND',
  405: 'E_METHOD_NOT_ALLOWED',
  408: 'E_TIMEOUT',
  413: 'E_TOO_LARGE',
  414: 'E_INVALID_INPUT',
  415: 'E_UNSUPPORTED_MEDIA_TYPE',
  416: 'E_RANGE_NOT_SATISFIABLE',
  503: 'E_BUSY',
};

/**
 * The reply for anything a request raised: an `EboniteError` keeps its code (from the core, a backend
 * or the server itself); Fastify's own client errors (malformed JSON, body too large, unsupported media
 * type) get the code of their status; anything else is a 500 `E_BACKEND` whose details go to the log
 * only, never to the client.
 */
export function errorReply(error: unknown, bodyLimit: number): ErrorReply {
  if (EboniteError.isInstance(error)) {
    const aliases = (error as { aliases?: unknown }).aliases;
    return {
      status: statusForCode(error.code),
      body: {
        code: error.code,
        message: error.message,
        ...(isStrings(aliases) && { aliases: [...aliases] }),
      },
    };
  }
  const status = (error as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = CODE_BY_STATUS[status] ?? 'E_INVALID_INPUT';
    const message =
      status === 413
        ? `The request body is larger than the server's limit of ${bodyLimit} bytes for JSON bodies.`
        : status === 415
          ? `${(error as Error).message}: send JSON (application/json) or, for pushes, multipart/form-data.`
          : `Invalid request: ${(error as Error).message}.`;
    return { status, body: { code, message } };
  }
  return {
    status: 500,
    body: {
      code: 'E_BACKEND',
      message:
        'The server failed unexpectedly while handling the request; its log has the details.',
    },
  };
}

function isStrings(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
