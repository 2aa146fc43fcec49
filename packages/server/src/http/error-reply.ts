import { EboniteError } from '@ebonite/core';
import { statusForCode } from './status.js';

/**
 * The JSON body of every error response: the ebonite error code, a message that says what to do and,
 * for an `EboniteError` with fields of its own, those fields (`E_ARTIFACT_INTEGRITY`: `modelId`,
 * `artifactName`, `expected`, `actual`), so a client rebuilds the error its class describes.
 */
export interface ErrorBody {
  code: string;
  message: string;
  fields?: Record<string, unknown>;
}

// Never sent: the Error's own properties, and fields that locate files or stores on the server's side.
const UNSENT = new Set([
  ...['code', 'message', 'name', 'stack', 'cause'],
  ...['path', 'searched', 'registries', 'report'],
]);
const MAX_FIELDS_BYTES = 16 * 1024;

/** The error's own fields as JSON, or `undefined` when it has none (or too many bytes of them). */
export function errorFields(error: EboniteError): Record<string, unknown> | undefined {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (UNSENT.has(key) || value === undefined || typeof value === 'function') continue;
    fields[key] = value;
  }
  if (Object.keys(fields).length === 0) return undefined;
  try {
    const text = JSON.stringify(fields);
    return Buffer.byteLength(text) <= MAX_FIELDS_BYTES ? JSON.parse(text) : undefined;
  } catch {
    return undefined; // a cycle or a BigInt: the code and message still go
  }
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
    const fields = errorFields(error);
    return {
      status: statusForCode(error.code),
      body: { code: error.code, message: error.message, ...(fields && { fields }) },
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
