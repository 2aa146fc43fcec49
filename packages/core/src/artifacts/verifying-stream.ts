import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { ArtifactIntegrityError } from '../errors/artifact-errors.js';
import type { ArtifactDescriptor } from '../objects/records.js';
import { formatDigest } from './digest-stream.js';

/**
 * A pass-through stream that checks what flows through against a descriptor: it fails with
 * {@link ArtifactIntegrityError} as soon as more bytes than recorded arrive, and at the end when the size
 * or the sha256 differs, so a reader never mistakes corrupted bytes for a complete file.
 */
export class VerifyingStream extends Transform {
  #hash = createHash('sha256');
  #size = 0;

  constructor(
    private readonly modelId: string,
    private readonly expected: ArtifactDescriptor,
  ) {
    super({ highWaterMark: 1024 * 1024 });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#size += chunk.length;
    if (this.#size > this.expected.size) {
      callback(this.#mismatch('(more bytes than recorded)'));
      return;
    }
    this.#hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const digest = formatDigest(this.#hash);
    if (this.#size !== this.expected.size || digest !== this.expected.digest) callback(this.#mismatch(digest));
    else callback();
  }

  #mismatch(digest: string): ArtifactIntegrityError {
    return new ArtifactIntegrityError(this.modelId, this.expected.name, this.expected, { size: this.#size, digest });
  }
}
