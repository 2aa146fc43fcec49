// sha256 of streams, without keeping the bytes of a stream.
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';

/** Reads a stream to its end, returning its size and sha256 without keeping its bytes. */
export async function hashStream(stream) {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { size, digest: hash.digest('hex') };
}

/** A pass-through that hashes what flows through it, as the core does around every artifact; `digest()` once it has ended. */
export function hashingTap(options = {}) {
  const hash = createHash('sha256');
  const tap = new Transform({
    ...options,
    transform(chunk, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  return Object.assign(tap, { digest: () => hash.digest('hex') });
}
