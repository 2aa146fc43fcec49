import type { Readable } from 'node:stream';
import { connectionError } from './remote-error.js';
import { toNodeReadable } from './web-streams.js';
import type { Wire, WireAbout, WireRequest, WireResponse } from './wire.js';

/**
 * The transport on the platform's `fetch` (a browser's own; undici in Node, where the Node transport
 * is the default because undici's streamed bodies are slower and a push's chunks stay allocated
 * until a collection).
 */
export class FetchWire implements Wire {
  readonly kind = 'fetch' as const;

  constructor(private readonly about: WireAbout) {}

  async request({ method, url, headers, body, signal }: WireRequest): Promise<WireResponse> {
    const streamed = body !== undefined && typeof body !== 'string';
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: streamed ? toWebStream(body) : body,
        signal,
        ...(streamed && { duplex: 'half' }),
      } as RequestInit);
    } catch (error) {
      throw connectionError(error, this.about.where, this.about.timeoutMs);
    }
    const { where, timeoutMs } = this.about;
    return {
      status: response.status,
      statusText: response.statusText,
      async text() {
        try {
          return await response.text();
        } catch (error) {
          throw connectionError(error, where, timeoutMs);
        }
      },
      stream(): Readable {
        return toNodeReadable(response.body ?? new ReadableStream(), where);
      },
      discard() {
        response.body?.cancel().catch(() => undefined);
      },
    };
  }

  close(): void {}
}

/** A streamed body as the `ReadableStream` fetch takes, pulled one chunk at a time. */
function toWebStream(body: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = body[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel() {
        await iterator.return?.(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
