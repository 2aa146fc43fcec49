import type { Transform, TransformOptions } from 'node:stream';

/** Reads a stream to its end, returning its size and sha256 without keeping its bytes. */
export declare function hashStream(
  stream: AsyncIterable<Uint8Array>,
): Promise<{ size: number; digest: string }>;

/**
 * A pass-through that hashes what flows through it, as the core does around every artifact; call
 * `digest()` (once) after it has ended. `options` go to the Transform (e.g. `highWaterMark`).
 */
export declare function hashingTap(options?: TransformOptions): Transform & { digest(): string };
