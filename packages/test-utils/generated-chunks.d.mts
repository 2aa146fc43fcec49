import type { Hash } from 'node:crypto';

/**
 * Yields `size` bytes in fresh chunks of `chunkSize` (1 MiB by default); every chunk differs (seed and
 * index are stamped in). Each chunk is fed to `hash` (a new sha256 by default) before it is yielded.
 */
export declare function generatedChunks(
  size: number,
  seed?: number,
  chunkSize?: number,
  hash?: Hash,
): AsyncGenerator<Buffer>;
