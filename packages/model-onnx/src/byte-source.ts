import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/** Random access to the bytes of an ONNX file, in memory or on disk, read in small windows when scanning. */
export interface ByteSource {
  readonly size: number;
  /** Bytes [start, end): a view for memory, a copy for a file. Meant for headers, not weights. */
  read(start: number, end: number): Promise<Uint8Array>;
  /** Bytes [start, end) as 1 MiB chunks, opened lazily; views for memory, never the whole range at once. */
  chunks(start: number, end: number): AsyncIterable<Uint8Array>;
  close(): Promise<void>;
}

const CHUNK = 1024 * 1024;
const WINDOW = 64 * 1024;

export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.byteLength,
    read: async (start, end) => bytes.subarray(start, end),
    async *chunks(start, end) {
      for (let at = start; at < end; at += CHUNK)
        yield bytes.subarray(at, Math.min(end, at + CHUNK));
    },
    close: async () => undefined,
  };
}

export async function fileSource(path: string): Promise<ByteSource> {
  const handle: FileHandle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    let window = { start: 0, bytes: new Uint8Array(0) };
    const readAt = async (start: number, length: number) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, start);
      return buffer.subarray(0, bytesRead);
    };
    return {
      size,
      async read(start, end) {
        if (end - start > WINDOW) return readAt(start, end - start);
        if (start < window.start || end > window.start + window.bytes.byteLength)
          window = { start, bytes: await readAt(start, Math.min(WINDOW, size - start)) };
        return window.bytes.subarray(start - window.start, end - window.start);
      },
      chunks: (start, end) => fileChunks(path, start, end),
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Bytes [start, end) of a file, streamed. */
export function fileChunks(path: string, start: number, end: number): AsyncIterable<Uint8Array> {
  return end > start
    ? (createReadStream(path, { start, end: end - 1, highWaterMark: CHUNK }) as Readable &
        AsyncIterable<Uint8Array>)
    : (async function* () {})();
}
