import {
  checkPluginOptions,
  type JsonObject,
  type OptionsSpec,
  optionChecks,
  type PluginKind,
} from '@ebonite/core/plugin';
import type { WireKind } from './wire.js';

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
  /**
   * What carries the requests: `node` (`node:http`/`node:https`, streamed with backpressure) where
   * Node's modules exist, else `fetch`. Default: the first of these the platform has.
   */
  transport?: WireKind;
}

/** `url`: the root of the ebonite server, such as "http://127.0.0.1:8080"; `token`: else $EBONITE_TOKEN. */
const HTTP_OPTIONS: OptionsSpec = {
  url: { type: optionChecks.nonEmptyString, required: true },
  token: { type: 'string' },
  timeoutMs: { type: optionChecks.positiveNumber },
  transport: { type: optionChecks.oneOf('node', 'fetch') },
};

/**
 * Checks the JSON options of a config file or `customClient` for the `http` type of `kind`. An
 * unknown key or a wrong type is `InvalidConfigError` naming the key, the type string and the
 * accepted keys (the one rule of `checkPluginOptions`).
 */
export function parseHttpOptions(
  options: JsonObject,
  kind: PluginKind = 'metadata',
): HttpRepositoryOptions {
  const { url, token, timeoutMs, transport } = checkPluginOptions<Partial<HttpRepositoryOptions>>(
    kind,
    'http',
    options,
    HTTP_OPTIONS,
  );
  return {
    url: url as string,
    ...(transport !== undefined && { transport }),
    ...(token !== undefined && { token }),
    ...(timeoutMs !== undefined && { timeoutMs }),
  };
}

/** The options that recreate a repository, without the token (it comes from the environment). */
export function configOf(options: HttpRepositoryOptions): JsonObject {
  return {
    url: options.url,
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    ...(options.transport !== undefined && { transport: options.transport }),
  };
}
