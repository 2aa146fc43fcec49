import { Readable, type Writable, type WritableOptions } from 'node:stream';

/** What an upload's content may be: bytes, text, or a stream (passed through as is). */
export type UploadContent = Uint8Array | string | Readable;

/**
 * Uploads as the AsyncIterable push() consumes, from name -> content, or from [name, content] pairs
 * when a name must come twice.
 */
export declare function uploads(
  files: Record<string, UploadContent> | Array<[string, UploadContent]>,
): AsyncGenerator<{ name: string; body: Readable }>;

/** Reads a (small) stream to the end into memory. */
export declare function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer>;

/** A stream that yields `chunks` chunks of `chunkSize` bytes (64 KiB by default) then fails with 'source broke'. */
export declare function failingStream(chunks: number, chunkSize?: number): Readable;

/** A writable that drops everything it is given (options go to the Writable, e.g. `highWaterMark`). */
export declare function sink(options?: WritableOptions): Writable;
