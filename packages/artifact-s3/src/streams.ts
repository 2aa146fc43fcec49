import { PassThrough, type Readable, Transform, type TransformCallback } from 'node:stream';

/** Buffer of the stream handed out by `open()`: enough to keep a socket busy, small enough to bound memory. */
const DOWNLOAD_HIGH_WATER_MARK = 1024 * 1024;

/** Passes bytes through unchanged and counts them. */
export class ByteCounter extends Transform {
  bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    callback(null, chunk);
  }
}

/**
 * Hands out `source` with its errors replaced by `mapError(error)` (an EboniteError), and destroys
 * `source` (releasing its socket) when the consumer destroys the returned stream before the end.
 */
export function withMappedErrors(source: Readable, mapError: (error: unknown) => Error): Readable {
  const out = new PassThrough({ highWaterMark: DOWNLOAD_HIGH_WATER_MARK });
  source.once('error', (error) => out.destroy(mapError(error)));
  out.once('close', () => {
    if (!source.destroyed) source.destroy();
  });
  source.pipe(out);
  return out;
}
