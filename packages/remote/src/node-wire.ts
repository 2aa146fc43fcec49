import * as http from 'node:http';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { connectionError } from './remote-error.js';
import type { Wire, WireAbout, WireRequest, WireResponse } from './wire.js';

const MiB = 1024 * 1024;

/**
 * Kept-alive connections with a buffer of 1 MiB each way (Node's default is 16 KiB), the size of a core
 * chunk. An agent passes its options on to `net.Socket`, which takes `highWaterMark`.
 */
const AGENT_OPTIONS = { keepAlive: true, highWaterMark: MiB } as http.AgentOptions;

/** Errors of a kept-alive connection the server closed just as it was reused. */
const STALE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

type Requester = typeof http.request;

/**
 * The transport on `node:http` (`node:https`): one keep-alive agent per repository, streamed bodies
 * both ways with backpressure. A push writes a chunk only when the socket took the previous one, so the
 * client holds about one chunk whatever the file's size (undici's fetch keeps a push's chunks until a
 * collection: 1 GiB pushed held 1.1 GiB); a download is the response itself, read as the reader asks.
 */
export class NodeWire implements Wire {
  readonly kind = 'node' as const;

  private constructor(
    private readonly agent: http.Agent,
    private readonly send: Requester,
    private readonly about: WireAbout,
  ) {}

  static async open(base: URL, about: WireAbout): Promise<NodeWire> {
    if (base.protocol === 'https:') {
      const https = await import('node:https');
      return new NodeWire(new https.Agent(AGENT_OPTIONS), https.request, about);
    }
    return new NodeWire(new http.Agent(AGENT_OPTIONS), http.request, about);
  }

  async request(request: WireRequest): Promise<WireResponse> {
    try {
      return await this.#attempt(request);
    } catch (error) {
      // A GET sent on a kept-alive connection the server had just closed never reached it: once more.
      if (!isStale(error) || request.method !== 'GET' || request.signal?.aborted)
        throw connectionError(error, this.about.where, this.about.timeoutMs);
    }
    try {
      return await this.#attempt(request);
    } catch (error) {
      throw connectionError(error, this.about.where, this.about.timeoutMs);
    }
  }

  #attempt({ method, url, headers, body, signal }: WireRequest): Promise<WireResponse> {
    return new Promise((resolve, reject) => {
      const whole = typeof body === 'string' ? Buffer.from(body) : undefined;
      const req = this.send(url, {
        method,
        headers: whole ? { ...headers, 'content-length': String(whole.length) } : headers,
        agent: this.agent,
        ...(signal && { signal }),
      });
      let answered = false;
      // After the answer, a failure (the server closing as it refuses a push) is the response's to report.
      req.on('error', (error) => {
        if (!answered) reject(req.reusedSocket ? markStale(error) : error);
      });
      req.once('response', (res) => {
        answered = true;
        resolve(new NodeResponse(req, res, this.about));
      });
      if (typeof body === 'object') void writeBody(req, body);
      else req.end(whole);
    });
  }

  /** Closes the idle connections, and each busy one when its request is done. */
  close(): void {
    this.agent.keepSocketAlive = () => false;
    for (const sockets of Object.values(this.agent.freeSockets))
      for (const socket of sockets ?? []) socket.destroy();
  }
}

/**
 * Writes a streamed body as the socket takes it: the next chunk is read (and hashed) while the socket
 * sends this one, and no further, so a push holds about two chunks. Stops when the request dies (the
 * server answered early or went away), releasing the body's sources.
 */
async function writeBody(req: http.ClientRequest, body: AsyncIterable<Uint8Array>): Promise<void> {
  const chunks = body[Symbol.asyncIterator]();
  let next: Promise<IteratorResult<Uint8Array>> | undefined = chunks.next();
  try {
    while (next) {
      const { value, done } = await next;
      next = undefined;
      if (done) {
        if (!req.destroyed) req.end();
        return;
      }
      if (req.destroyed) break;
      next = chunks.next();
      if (!req.write(value)) await drained(req);
    }
  } catch (error) {
    req.destroy(error as Error);
    return;
  }
  await chunks.return?.(undefined)?.catch(() => undefined);
}

function drained(req: http.ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      req.off('drain', done);
      req.off('close', done);
      resolve();
    };
    req.on('drain', done);
    req.on('close', done);
  });
}

class NodeResponse implements WireResponse {
  readonly status: number;
  readonly statusText: string;
  /** The answer came before the request's body was all sent (a refusal): the connection is not reused. */
  readonly #early: boolean;

  constructor(
    private readonly req: http.ClientRequest,
    private readonly res: http.IncomingMessage,
    private readonly about: WireAbout,
  ) {
    this.status = res.statusCode ?? 0;
    this.statusText = res.statusMessage ?? '';
    this.#early = !req.writableEnded;
  }

  async text(): Promise<string> {
    let text = '';
    this.res.setEncoding('utf8');
    this.res.on('data', (chunk: string) => {
      text += chunk;
    });
    try {
      await finished(this.res);
    } catch (error) {
      throw connectionError(error, this.about.where, this.about.timeoutMs);
    } finally {
      this.#done();
    }
    return text;
  }

  stream(): Readable {
    const { req, res } = this;
    // The response buffers up to 1 MiB (the agent's sockets); this stream hands its chunks on one at
    // a time. With chunks buffered here, a reader iterating it (the core's verification) would get
    // them concatenated: a copy of every byte, and 1 MiB buffers for the collector.
    const out = new Readable({
      highWaterMark: 0,
      read: () => {
        res.resume();
      },
      destroy: (error, callback) => {
        // A reader that stops early: the rest of the body is not worth reading.
        if (!res.complete) req.destroy();
        callback(error);
      },
    });
    res.on('data', (chunk: Buffer) => {
      if (!out.push(chunk)) res.pause();
    });
    finished(res).then(
      () => {
        this.#done();
        out.push(null);
      },
      (error: unknown) =>
        out.destroy(connectionError(error, this.about.where, this.about.timeoutMs)),
    );
    return out;
  }

  discard(): void {
    this.res.resume();
    finished(this.res).then(
      () => this.#done(),
      () => undefined,
    );
  }

  #done(): void {
    if (this.#early) this.req.destroy();
  }
}

function markStale(error: Error): Error {
  const code = (error as { code?: string }).code;
  return code && STALE.has(code) ? Object.assign(error, { staleConnection: true }) : error;
}

function isStale(error: unknown): boolean {
  return (error as { staleConnection?: boolean })?.staleConnection === true;
}
