import { Readable } from 'node:stream';
import { connectionError } from './remote-error.js';

/**
 * A response body as the Node `Readable` the artifact contract returns; a connection that breaks
 * mid-body fails the stream with `ConnectionError` (the fetch transport's downloads).
 */
export function toNodeReadable(body: ReadableStream<Uint8Array>, where: string): Readable {
  async function* chunks(): AsyncGenerator<Uint8Array> {
    const reader = body.getReader();
    try {
      while (true) {
        let next: { done: boolean; value?: Uint8Array };
        try {
          next = await reader.read();
        } catch (error) {
          throw connectionError(error, where);
        }
        if (next.done) return;
        if (next.value) yield next.value;
      }
    } finally {
      reader.cancel().catch(() => undefined);
    }
  }
  return Readable.from(chunks(), { objectMode: false, highWaterMark: 1024 * 1024 });
}

/** Lines of a streamed NDJSON body, parsed one by one. */
export async function* ndjsonLines<T>(body: Readable): AsyncGenerator<T> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    rest += decoder.decode(chunk, { stream: true });
    const lines = rest.split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line) yield JSON.parse(line) as T;
  }
  if (rest.trim()) yield JSON.parse(rest) as T;
}
