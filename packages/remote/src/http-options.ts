import { InvalidConfigError, type JsonObject } from '@ebonite/core/plugin';

/** The environment variable the `http` backends read their token from when the options give none. */
export const TOKEN_ENV = 'EBONITE_TOKEN';

/** Options of the `http` repositories. */
export interface HttpRepositoryOptions {
  /** The server's root URL (`http://registry.example:8080`); the API is under `<url>/api/v1/`. */
  url: string;
  /** The bearer token. Default: `$EBONITE_TOKEN`. Never written to a config file. */
  token?: string;
  /** How long a metadata call (and the start of a download) may take, in ms. Default 30 s. */
  timeoutMs?: number;
}

const KNOWN = new Set(['url', 'token', 'timeoutMs']);

/** Checks the JSON options of a config file or `customClient`. Throws `InvalidConfigError`. */
export function parseHttpOptions(options: JsonObject): HttpRepositoryOptions {
  for (const key of Object.keys(options))
    if (!KNOWN.has(key))
      throw new InvalidConfigError(
        `Unknown option "${key}" of the http repositories: they take url, token (or $${TOKEN_ENV}) and timeoutMs.`,
      );
  const { url, token, timeoutMs } = options;
  if (typeof url !== 'string' || url === '')
    throw new InvalidConfigError(
      'The http repositories need "url": the root of the ebonite server, such as "http://127.0.0.1:8080".',
    );
  if (token !== undefined && typeof token !== 'string')
    throw new InvalidConfigError('The "token" of the http repositories must be a string.');
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !(timeoutMs > 0)))
    throw new InvalidConfigError('"timeoutMs" must be a positive number of milliseconds.');
  return {
    url,
    ...(token !== undefined && { token }),
    ...(timeoutMs !== undefined && { timeoutMs }),
  };
}

/** The options that recreate a repository, without the token (it comes from the environment). */
export function configOf(options: HttpRepositoryOptions): JsonObject {
  return {
    url: options.url,
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
  };
}
