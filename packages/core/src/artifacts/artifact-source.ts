import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { InvalidInputError } from '../errors/input-errors.js';

/**
 * Where the bytes of one artifact come from when a model is created: bytes in memory, a local file
 * (`{ path }`, streamed, never read whole), or a readable stream (Node or web), consumed once.
 */
export type ArtifactSource =
  | Uint8Array
  | { path: string }
  | Readable
  | WebReadableStream<Uint8Array>
  | ReadableStream<Uint8Array>;

function isPathSource(source: ArtifactSource): source is { path: string } {
  return (
    typeof source === 'object' &&
    source !== null &&
    typeof (source as { path?: unknown }).path === 'string' &&
    !(source instanceof Readable)
  );
}

function isWebStream(source: ArtifactSource): source is WebReadableStream<Uint8Array> {
  return typeof (source as { getReader?: unknown }).getReader === 'function';
}

/** Throws {@link InvalidInputError} unless `source` is one of the {@link ArtifactSource} forms. */
export function checkArtifactSource(name: string, source: ArtifactSource): void {
  if (
    source instanceof Uint8Array ||
    source instanceof Readable ||
    isPathSource(source) ||
    isWebStream(source)
  )
    return;
  throw new InvalidInputError(
    `Artifact "${name}" has an unsupported source: give a Uint8Array/Buffer, { path } of a local file, or a readable stream.`,
  );
}

/** Checks, before anything is uploaded, that every `{ path }` source is a readable regular file. */
export async function checkSourceFiles(sources: Iterable<[string, ArtifactSource]>): Promise<void> {
  for (const [name, source] of sources) {
    if (!isPathSource(source)) continue;
    let isFile = false;
    try {
      isFile = (await stat(source.path)).isFile();
    } catch (cause) {
      throw new InvalidInputError(
        `Artifact "${name}": cannot read ${source.path}; check that the file exists and is readable.`,
        { cause },
      );
    }
    if (!isFile)
      throw new InvalidInputError(
        `Artifact "${name}": ${source.path} is not a regular file; give one { path } per file.`,
      );
  }
}

/** The local file a source reads, for `{ path }` sources. */
export function sourceFilePath(source: ArtifactSource): string | undefined {
  return isPathSource(source) ? source.path : undefined;
}

/** What identifies a file's content without reading it: device, inode, size and nanosecond mtime. */
export async function fileIdentity(path: string): Promise<string> {
  const s = await stat(path, { bigint: true });
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}`;
}

/** Opens a source as a Node byte stream, lazily for files. */
export function toReadable(source: ArtifactSource): Readable {
  if (source instanceof Readable) return source;
  if (source instanceof Uint8Array) {
    const chunk = Buffer.isBuffer(source)
      ? source
      : Buffer.from(source.buffer, source.byteOffset, source.byteLength);
    return Readable.from(chunk.length ? [chunk] : [], { objectMode: false });
  }
  if (isPathSource(source)) return createReadStream(source.path, { highWaterMark: 1024 * 1024 });
  return Readable.fromWeb(source as WebReadableStream<Uint8Array>);
}
