import { ConnectionError, EboniteError, type EboniteErrorCode } from '@ebonite/core/plugin';
import type { WireResponse } from './wire.js';

/**
 * An error the server answered: the same code (and message) the server's client raised, so
 * `EboniteError.isInstance(error, 'E_EXISTING_MODEL')` works across the wire; `status` is the HTTP status.
 */
export class RemoteError extends EboniteError {
  /** `E_MODEL_HAS_ALIASES`: the aliases that point at the model, as `ModelHasAliasesError` has them. */
  readonly aliases?: readonly string[];

  constructor(
    code: EboniteErrorCode,
    message: string,
    readonly status: number,
    details: { aliases?: unknown } = {},
  ) {
    super(code, message);
    const { aliases } = details;
    if (Array.isArray(aliases) && aliases.every((a) => typeof a === 'string'))
      this.aliases = [...aliases];
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
  let body: { code?: unknown; message?: unknown; aliases?: unknown } | undefined;
  try {
    body = JSON.parse(await response.text()) as typeof body;
  } catch {
    body = undefined;
  }
  if (typeof body?.code === 'string' && typeof body.message === 'string')
    return new RemoteError(body.code as EboniteErrorCode, body.message, response.status, body);
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
