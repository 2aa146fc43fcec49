// A deterministic pseudo-random byte stream (xorshift32), made chunk by chunk, never held whole.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

const CHUNK = 1024 * 1024;

/**
 * A deterministic pseudo-random byte stream of `size` bytes, made chunk by chunk (never held whole),
 * with the sha256 of what it emitted available as `digest()` once it has ended.
 */
export function generatedStream(size, seed = 1) {
  const hash = createHash('sha256');
  let state = seed >>> 0 || 1;
  let left = size;
  const stream = new Readable({
    highWaterMark: CHUNK,
    read() {
      if (left === 0) return void this.push(null);
      const length = Math.min(CHUNK, left);
      const words = new Uint32Array(Math.ceil(length / 4));
      for (let i = 0; i < words.length; i++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        words[i] = state >>> 0;
      }
      const chunk = Buffer.from(words.buffer, 0, length);
      hash.update(chunk);
      left -= length;
      this.push(chunk);
    },
  });
  let digest;
  return Object.assign(stream, { digest: () => (digest ??= hash.digest('hex')) });
}
