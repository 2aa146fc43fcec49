import { Readable } from 'node:stream';
import type { ArtifactUpload } from '@ebonite/core';
import type { Volume } from 'memfs';

/** Uploads from name -> bytes, as the AsyncIterable push() consumes. */
export async function* uploads(files: Record<string, Uint8Array | string | Readable>): AsyncGenerator<ArtifactUpload> {
  for (const [name, content] of Object.entries(files)) {
    yield { name, body: content instanceof Readable ? content : Readable.from([Buffer.from(content)]) };
  }
}

/** Reads a stream to the end. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A stream that yields `chunks` then fails, like a source that breaks mid-way. */
export function failingStream(chunks: number, chunkSize = 64 * 1024): Readable {
  return Readable.from(
    (async function* () {
      for (let i = 0; i < chunks; i++) yield Buffer.alloc(chunkSize, i);
      throw new Error('source broke');
    })(),
  );
}

/** Every file and empty folder of the volume under `folder`, as memfs's toJSON sees them, sorted. */
export function tree(volume: Volume, folder = '/'): string[] {
  return Object.keys(volume.toJSON(folder)).sort();
}

/** A stream that sends `first`, then waits for `release` before sending `second`. */
export function pausedStream(first: Buffer, second: Buffer, release: Promise<void>, reached: () => void): Readable {
  return Readable.from(
    (async function* () {
      yield first;
      reached();
      await release;
      yield second;
    })(),
  );
}
