import { ConnectionError, EboniteError, type EboniteErrorCode } from '@ebonite/core/plugin';
import type { WireResponse } from './wire.js';

// Fields that would shadow the error's own properties are never copied from a body.
const RESERVED = new Set(['code', 'message', 'name', 'stack', 'cause', 'status']);

/**
 * An error the server answered: the same code (and message) the server's client raised, and the fields
 * of that code's class when the server sent them, so `EboniteError.isInstance(error,
 * 'E_ARTIFACT_INTEGRITY')` works across the wire and `error.expected` is there as the type says;
 * `status` is the HTTP status.
 */
export class RemoteError extends EboniteError {
  constructor(
    code: EboniteErrorCode,
    message: string,
    readonly status: number,
    fields?: Record<string, unknown>,
  ) {
    super(code, message);
    for (const [key, value] of Object.entries(fields ?? {}))
      if (!RESERVED.has(key)) Object.defineProperty(this, key, { value, enumerable: true });
  }
}

const CODE_BY_STATUS: Record<number, EboniteErrorCode> = {
  400: 'E_INVALID_INPUT',
  401: 'E_UNAUTHORIZED',
  403: 'E_FORBIDDEN',
  404: 'E_NOT_FOUND',
  409: 'E_REGISTRY_CONFLICT',
  413: 'E_TOO_LARGE',
  503: 'E_CONNECTION',
};

/** The error of a response that is not 2xx, from its JSON `{ code, message }` body when it has one. */
export async function errorFromResponse(
  response: WireResponse,
  where: string,
): Promise<EboniteError> {
  let body: { code?: unknown; message?: unknown; fields?: unknown } | undefined;
  try {
    body = JSON.parse(await response.text()) as typeof body;
  } catch {
    body = undefined;
  }
  if (typeof body?.code === 'string' && typeof body.message === 'string') {
    const fields =
      typeof body.fields === 'object' && body.fields !== null && !Array.isArray(body.fields)
        ? (body.fields as Record<string, unknown>)
        : undefined;
    return new RemoteError(body.code as EboniteErrorCode, body.message, response.status, fields);
  }
  const code = CODE_BY_STATUS[response.status] ?? 'E_BACKEND';
  return new RemoteError(
    code,
    `${where} answered HTTP ${response.status} ${response.statusText} without an ebonite error: is it an ebonite server (ebonite serve)?`,
    response.status,
  );
}

/** A failure of the transport itself (refused, reset, timed out) as a `ConnectionError`. */
export function connectionError(error: unknown, where: string, timeoutMs?: number): EboniteError {
  if (EboniteError.isInstance(error)) return error;
  const name = (error as { name?: string })?.name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return new ConnectionError(
      `${where} did not answer within ${timeoutMs ?? '?'} ms: check that the server is up, or raise timeoutMs.`,
      { cause: error },
    );
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const detail =
    cause?.code ??
    cause?.message ??
    (error as { code?: string })?.code ??
    (error as Error)?.message ??
    String(error);
  return new ConnectionError(
    `Cannot reach ${where} (${detail}): check the url and that the server runs (ebonite serve); the next call retries.`,
    { cause: error },
  );
}
