import { ClosedError } from '@ebonite/core/plugin';
import { type HttpRepositoryOptions, TOKEN_ENV } from './http-options.js';
import { connectionError, errorFromResponse } from './remote-error.js';
import { openWire, type Wire, type WireResponse } from './wire.js';

/** One request: a method, a path under `/api/v1/`, and what goes with it. */
export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path segments under `/api/v1/`, each percent-encoded here (an artifact name may hold `/`). */
  path: string[];
  query?: Record<string, string | undefined>;
  json?: unknown;
  /** A streamed body, pulled one chunk at a time as the connection takes them. */
  body?: AsyncIterable<Uint8Array>;
  headers?: Record<string, string>;
  /** Abort when no answer comes within `timeoutMs` (default true; false for pushes and downloads' bodies). */
  timeout?: boolean;
  /** Aborts the request (with `timeout: false`). */
  signal?: AbortSignal;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The requests of the `http` repositories to an ebonite server, on `node:http` in Node and `fetch`
 * elsewhere (see `openWire`): the bearer token on every request, a 2xx or an `EboniteError` with the
 * server's code, and `ConnectionError` for a server that cannot be reached or stops mid-call.
 */
export class HttpTransport {
  readonly base: URL;
  /** `http://host:port`, for messages (never with credentials). */
  readonly where: string;
  readonly timeoutMs: number;
  readonly #token: string | undefined;
  readonly #options: HttpRepositoryOptions;
  #wire: Promise<Wire> | undefined;
  #closed = false;

  constructor(
    options: HttpRepositoryOptions,
    private readonly kind: string,
  ) {
    const root = new URL(options.url.endsWith('/') ? options.url : `${options.url}/`);
    this.base = new URL('api/v1/', root);
    this.where = `the ebonite server at ${root.origin}${root.pathname === '/' ? '' : root.pathname}`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#options = options;
    this.#token =
      options.token ??
      (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[
        TOKEN_ENV
      ];
  }

  /** Sends a request and resolves to its 2xx response; anything else throws an `EboniteError`. */
  async send(spec: RequestSpec): Promise<WireResponse> {
    if (this.#closed) throw new ClosedError(`The http ${this.kind} repository`);
    const url = new URL(spec.path.map(encodeURIComponent).join('/'), this.base);
    for (const [key, value] of Object.entries(spec.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, value);
    const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
    if (this.#token) headers.authorization = `Bearer ${this.#token}`;
    let body: string | AsyncIterable<Uint8Array> | undefined = spec.body;
    if (spec.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(spec.json);
    }
    const signal = spec.timeout === false ? spec.signal : AbortSignal.timeout(this.timeoutMs);
    let response: WireResponse;
    try {
      const wire = await this.#openWire();
      response = await wire.request({ method: spec.method, url, headers, body, signal });
    } catch (error) {
      throw connectionError(error, this.where, this.timeoutMs);
    }
    if (response.status < 200 || response.status > 299)
      throw await errorFromResponse(response, this.where);
    return response;
  }

  /** Sends a request and parses its JSON answer. */
  async json<T>(spec: RequestSpec): Promise<T> {
    const response = await this.send(spec);
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw connectionError(error, this.where, this.timeoutMs);
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw connectionError(error, this.where, this.timeoutMs);
    }
  }

  /** Sends a request whose answer has no body (204). */
  async empty(spec: RequestSpec): Promise<void> {
    (await this.send(spec)).discard();
  }

  close(): void {
    this.#closed = true;
    this.#wire?.then(
      (wire) => wire.close(),
      () => undefined,
    );
  }

  #openWire(): Promise<Wire> {
    this.#wire ??= openWire(
      this.base,
      { where: this.where, timeoutMs: this.timeoutMs },
      this.#options.transport,
    );
    this.#wire.catch(() => {
      this.#wire = undefined;
    });
    return this.#wire;
  }
}
