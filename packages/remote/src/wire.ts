import type { Readable } from 'node:stream';

/** Which transport carries the requests: `node:http`/`node:https`, or the platform's `fetch`. */
export type WireKind = 'node' | 'fetch';

/** One HTTP request, as the transports take it. */
export interface WireRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  /**
   * A small body given whole (JSON text), or a streamed one: each chunk is asked for only when the
   * connection has taken the previous ones (backpressure), so a push never sits in memory.
   */
  body?: string | AsyncIterable<Uint8Array>;
  /** Aborts the request (and its response body). */
  signal?: AbortSignal;
}

/** The answer to a request: its status, and a body read one of three ways, once. */
export interface WireResponse {
  readonly status: number;
  readonly statusText: string;
  /** The whole body as text (the API's JSON answers, which are small). */
  text(): Promise<string>;
  /** The body streamed; a connection lost before its end fails the stream with `ConnectionError`. */
  stream(): Readable;
  /** Drops the body (the connection is kept for the next request when it can be). */
  discard(): void;
}

/** What a transport's errors name: the server (`where`) and the timeout of its requests. */
export interface WireAbout {
  where: string;
  timeoutMs: number;
}

/** A transport: requests to one server, over connections it keeps alive. */
export interface Wire {
  readonly kind: WireKind;
  /** Resolves when the response's head arrived; a failure to connect or send is `ConnectionError`. */
  request(request: WireRequest): Promise<WireResponse>;
  /** Releases the idle connections; requests in flight finish. */
  close(): void;
}

/**
 * The transport for the server at `base`: `node:http` (`node:https`) with a keep-alive agent wherever
 * Node's modules exist (Node, Bun, Deno), `fetch` elsewhere (a browser). The Node transport is loaded
 * lazily, so nothing imports `node:http` on the browser path; `kind` forces one (tests, benchmarks).
 */
export async function openWire(base: URL, about: WireAbout, kind?: WireKind): Promise<Wire> {
  if (kind !== 'fetch' && (kind === 'node' || hasNodeModules())) {
    try {
      const { NodeWire } = await import('./node-wire.js');
      return await NodeWire.open(base, about);
    } catch (error) {
      if (kind === 'node') throw error;
    }
  }
  const { FetchWire } = await import('./fetch-wire.js');
  return new FetchWire(about);
}

function hasNodeModules(): boolean {
  const versions = (globalThis as { process?: { versions?: Record<string, string | undefined> } })
    .process?.versions;
  return typeof versions?.node === 'string';
}
