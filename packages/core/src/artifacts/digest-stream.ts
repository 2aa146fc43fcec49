import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/** Formats a sha256 hash as an artifact digest, `sha256:<hex>`. */
export function formatDigest(hash: Hash): string {
  return `sha256:${hash.digest('hex')}`;
}

/** A pass-through stream that counts bytes and computes their sha256 on the way. */
export class DigestStream extends Transform {
  #hash = createHash('sha256');
  #size = 0;
  #digest: string | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#hash.update(chunk);
    this.#size += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.#digest = formatDigest(this.#hash);
    callback();
  }

  /** Bytes seen so far. */
  get size(): number {
    return this.#size;
  }

  /** `sha256:<hex>` of all bytes, once the stream has ended; undefined before. */
  get digest(): string | undefined {
    return this.#digest;
  }
}
