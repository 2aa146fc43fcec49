import { ClosedError } from '@ebonite/core/plugin';
import { type HttpRepositoryOptions, TOKEN_ENV } from './http-options.js';
import { connectionError, errorFromResponse } from './remote-error.js';

/** One request: a method, a path under `/api/v1/`, and what goes with it. */
export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path segments under `/api/v1/`, each percent-encoded here (an artifact name may hold `/`). */
  path: string[];
  query?: Record<string, string | undefined>;
  json?: unknown;
  body?: ReadableStream<Uint8Array>;
  headers?: Record<string, string>;
  /** Abort when no answer comes within `timeoutMs` (default true; false for pushes and downloads' bodies). */
  timeout?: boolean;
  /** Aborts the request (with `timeout: false`). */
  signal?: AbortSignal;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The requests of the `http` repositories to an ebonite server, on the platform's `fetch` (undici in
 * Node, the browser's own elsewhere): the bearer token on every request, a 2xx or an `EboniteError`
 * with the server's code, and `ConnectionError` for a server that cannot be reached or stops mid-call.
 */
export class HttpTransport {
  readonly base: URL;
  /** `http://host:port`, for messages (never with credentials). */
  readonly where: string;
  readonly timeoutMs: number;
  readonly #token: string | undefined;
  #closed = false;

  constructor(
    options: HttpRepositoryOptions,
    private readonly kind: string,
  ) {
    const root = new URL(options.url.endsWith('/') ? options.url : `${options.url}/`);
    this.base = new URL('api/v1/', root);
    this.where = `the ebonite server at ${root.origin}${root.pathname === '/' ? '' : root.pathname}`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#token =
      options.token ??
      (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[
        TOKEN_ENV
      ];
  }

  /** Sends a request and resolves to its 2xx response; anything else throws an `EboniteError`. */
  async send(spec: RequestSpec): Promise<Response> {
    if (this.#closed) throw new ClosedError(`The http ${this.kind} repository`);
    const url = new URL(spec.path.map(encodeURIComponent).join('/'), this.base);
    for (const [key, value] of Object.entries(spec.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, value);
    const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
    if (this.#token) headers.authorization = `Bearer ${this.#token}`;
    let body: RequestInit['body'] = spec.body;
    if (spec.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(spec.json);
    }
    const signal = spec.timeout === false ? spec.signal : AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, {
        method: spec.method,
        headers,
        body,
        signal,
        ...(spec.body && { duplex: 'half' }),
      } as RequestInit);
    } catch (error) {
      throw connectionError(error, this.where, this.timeoutMs);
    }
    if (!response.ok) throw await errorFromResponse(response, this.where);
    return response;
  }

  /** Sends a request and parses its JSON answer. */
  async json<T>(spec: RequestSpec): Promise<T> {
    const response = await this.send(spec);
    try {
      return (await response.json()) as T;
    } catch (error) {
      throw connectionError(error, this.where, this.timeoutMs);
    }
  }

  /** Sends a request whose answer has no body (204). */
  async empty(spec: RequestSpec): Promise<void> {
    const response = await this.send(spec);
    await response.body?.cancel();
  }

  close(): void {
    this.#closed = true;
  }
}
