import type { Readable } from 'node:stream';

/**
 * A deterministic pseudo-random byte stream of `size` bytes (xorshift32 from `seed`, 1 by default),
 * made chunk by chunk (never held whole), with the sha256 of what it emitted available as `digest()`
 * once it has ended.
 */
export declare function generatedStream(
  size: number,
  seed?: number,
): Readable & { digest(): string };
