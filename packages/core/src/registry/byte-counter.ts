import { Transform, type TransformCallback } from 'node:stream';

/** A pass-through stream that reports the size of every chunk flowing through it, for progress. */
export class ByteCounter extends Transform {
  constructor(private readonly onBytes: (bytes: number) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.onBytes(chunk.length);
    callback(null, chunk);
  }
}
