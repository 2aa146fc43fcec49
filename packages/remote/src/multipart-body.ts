import type { ArtifactUpload } from '@ebonite/core/plugin';

/** The field the server reads as "the client's source failed: drop the push" (see the server's API). */
export const ABORT_FIELD = 'abort';

const encoder = new TextEncoder();

/** RFC 8187 encoding of a header parameter value (`filename*=UTF-8''...`). */
function extValue(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** A multipart boundary no file is expected to contain: 32 random bytes in hex. */
export function newBoundary(): string {
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  return `ebonite-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** What happened to the sources while the body streamed. */
export interface BodyState {
  /** The error of a source (a file stream or the list of files), when one failed. */
  failure?: unknown;
}

/**
 * The files of a push as one streamed multipart/form-data body: a file part per file, its name as
 * `filename*`. Chunks are made as they are asked for, so the transport's backpressure reaches the
 * files' streams. When a source fails, the body does not break off (the server would have to guess
 * why): it ends with an `abort` field, so the server fails the push and removes what arrived before it
 * answers, and `state.failure` holds the source's error for the caller to throw.
 */
export async function* multipartBody(
  files: AsyncIterable<ArtifactUpload>,
  boundary: string,
  state: BodyState,
): AsyncGenerator<Uint8Array> {
  let inFile = false;
  try {
    for await (const file of files) {
      yield encoder.encode(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''${extValue(file.name)}\r\nContent-Type: application/octet-stream\r\n\r\n`,
      );
      inFile = true;
      for await (const chunk of file.body as AsyncIterable<Uint8Array>) yield chunk;
      yield encoder.encode('\r\n');
      inFile = false;
    }
  } catch (error) {
    state.failure = error;
    const reason = String((error as Error)?.message ?? error)
      .replace(/[\r\n]+/g, ' ')
      .slice(0, 300);
    yield encoder.encode(
      `${inFile ? '\r\n' : ''}--${boundary}\r\nContent-Disposition: form-data; name="${ABORT_FIELD}"\r\n\r\nthe client's source failed: ${reason}\r\n`,
    );
  }
  yield encoder.encode(`--${boundary}--\r\n`);
}
