import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

const CHUNK = 1024 * 1024;

/**
 * A deterministic pseudo-random byte stream of `size` bytes, made chunk by chunk (never held whole),
 * with the sha256 of what it emitted available as `digest()` once it has ended.
 */
export function generatedStream(size: number, seed = 1): Readable & { digest(): string } {
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
  let digest: string | undefined;
  return Object.assign(stream, { digest: () => (digest ??= hash.digest('hex')) });
}

/** Reads a stream to its end, returning its size and sha256 without keeping its bytes. */
export async function hashStream(stream: AsyncIterable<Buffer>): Promise<{ size: number; digest: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { size, digest: hash.digest('hex') };
}

/** Reads a small stream into memory. */
export async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Files for push() from name → bytes or stream. */
export async function* files(entries: Record<string, string | Uint8Array | Readable>): AsyncIterable<{ name: string; body: Readable }> {
  for (const [name, content] of Object.entries(entries)) {
    yield { name, body: content instanceof Readable ? content : Readable.from([Buffer.from(content)]) };
  }
}
