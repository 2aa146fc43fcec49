import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/** The size of the chunks the generated streams yield. */
const CHUNK = 64 * 1024;

/** A byte stream of `bytes`, in one chunk (none for an empty file). */
export function bytesStream(bytes: Uint8Array): Readable {
  return Readable.from(bytes.length ? [Buffer.from(bytes)] : [], { objectMode: false });
}

/**
 * `size` pseudo-random bytes determined by `seed`, yielded in 64 KiB chunks: a large file that never
 * exists whole in memory and that can be generated again to check what was stored.
 */
export async function* generatedChunks(size: number, seed: number): AsyncGenerator<Buffer> {
  let state = seed >>> 0 || 1;
  for (let offset = 0; offset < size; offset += CHUNK) {
    const length = Math.min(CHUNK, size - offset);
    const words = new Uint32Array(Math.ceil(length / 4));
    for (let i = 0; i < words.length; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      words[i] = state >>> 0;
    }
    yield Buffer.from(words.buffer, 0, length);
  }
}

/** {@link generatedChunks} as a byte stream. */
export function generatedStream(size: number, seed: number): Readable {
  return Readable.from(generatedChunks(size, seed), { objectMode: false });
}

/** A stream that yields `good` bytes (in chunks) and then fails with `error`, as a broken upload does. */
export function failingStream(good: number, error: Error): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    yield* generatedChunks(good, 7);
    // Let the consumer write what it got before the failure arrives.
    await new Promise((resolve) => setTimeout(resolve, 5));
    throw error;
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** Reads a whole (small) stream. */
export async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** Size and `sha256:<hex>` digest of a stream, read chunk by chunk. */
export async function digestOf(
  stream: AsyncIterable<unknown>,
): Promise<{ size: number; digest: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
    hash.update(bytes);
    size += bytes.length;
  }
  return { size, digest: `sha256:${hash.digest('hex')}` };
}

/** Size and `sha256:<hex>` digest of bytes in memory. */
export function digestOfBytes(bytes: Uint8Array): { size: number; digest: string } {
  return {
    size: bytes.length,
    digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
  };
}

/** Size, digest and first bytes: what an assertion on bytes shows (deep-comparing big buffers is slow and unreadable). */
export function bytesSummary(
  bytes: Uint8Array | null,
): { size: number; digest: string; head: string } | null {
  if (bytes === null) return null;
  return { ...digestOfBytes(bytes), head: Buffer.from(bytes.subarray(0, 24)).toString('hex') };
}

/** Collects an async iterable (model ids) into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
