import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { ArtifactIntegrityError } from '../errors/artifact-errors.js';
import type { ArtifactDescriptor } from '../objects/records.js';
import { formatDigest } from './digest-stream.js';

const MiB = 1024 * 1024;

/**
 * Passes `source` through, checking it against a descriptor: the stream fails with
 * {@link ArtifactIntegrityError} as soon as more bytes than recorded arrive, and at the end when the size
 * or the sha256 differs, so a reader never mistakes corrupted bytes for a complete file. Destroying the
 * returned stream destroys `source`.
 */
export function verifyStream(
  source: Readable,
  modelId: string,
  expected: ArtifactDescriptor,
  highWaterMark = MiB,
): Readable {
  async function* pass(): AsyncGenerator<Buffer> {
    const hash = createHash('sha256');
    let size = 0;
    const mismatch = (digest: string) =>
      new ArtifactIntegrityError(modelId, expected.name, expected, { size, digest });
    for await (const chunk of source) {
      size += (chunk as Buffer).length;
      if (size > expected.size) throw mismatch('(more bytes than recorded)');
      hash.update(chunk as Buffer);
      yield chunk as Buffer;
    }
    const digest = formatDigest(hash);
    if (size !== expected.size || digest !== expected.digest) throw mismatch(digest);
  }
  const stream = Readable.from(pass(), { objectMode: false, highWaterMark });
  // A generator waiting on `source` cannot be returned early: release the source at once when the reader goes.
  stream.once('close', () => source.destroy());
  return stream;
}
