import { Readable } from 'node:stream';
import type { ByteRange } from './byte-range.js';

/**
 * The bytes of `range` from a stream the core verifies as it ends, streamed, with the last piece held
 * back until the whole file has been read and verified: a client counting on `Content-Length` never
 * receives a complete body of bytes that failed verification (the connection breaks instead). A range
 * that stops before the end still reads the rest of the file, to verify it. Memory: one chunk.
 */
export function verifiedSlice(source: Readable, range: ByteRange): Readable {
  async function* slice(): AsyncGenerator<Buffer> {
    let position = 0;
    let held: Buffer | undefined;
    for await (const chunk of source as AsyncIterable<Buffer>) {
      const from = Math.max(range.start, position);
      const to = Math.min(range.end + 1, position + chunk.length);
      if (from < to) {
        if (held) yield held;
        held = chunk.subarray(from - position, to - position);
      }
      position += chunk.length;
    }
    if (held) yield held;
  }
  const stream = Readable.from(slice(), { objectMode: false, highWaterMark: 1024 * 1024 });
  stream.once('close', () => source.destroy());
  return stream;
}
