import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { EboniteError, InvalidInputError } from '@ebonite/core';
import busboy from 'busboy';
import { ServerError } from '../http/server-error.js';

/** One part of a multipart/form-data body: a file (its name is the part's `filename`) or a field. */
export type Part =
  | { kind: 'file'; field: string; name: string; body: Readable }
  | { kind: 'field'; field: string; value: string };

export interface MultipartLimits {
  /** The most bytes one file may have; more is `E_TOO_LARGE`. */
  maxFileBytes: number;
  /** The most bytes one field (a JSON manifest) may have. */
  maxFieldBytes: number;
}

/** The request's multipart boundary is present, or `E_UNSUPPORTED_MEDIA_TYPE`. */
export function requireMultipart(request: IncomingMessage): void {
  const type = request.headers['content-type'] ?? '';
  if (!/^multipart\/form-data;.*boundary=/i.test(type))
    throw new ServerError(
      'E_UNSUPPORTED_MEDIA_TYPE',
      `A push is a multipart/form-data body (got ${JSON.stringify(type)}): see the API document at /api/v1/openapi.json.`,
    );
}

/**
 * The parts of a multipart request, one at a time, streamed: a file part's body must be read (or
 * resumed) to its end before the next part comes, so nothing is held in memory. A client that
 * disconnects fails the part being read (and so the push reading it) with `E_ARTIFACT_SOURCE`; a file
 * over the limit fails it with `E_TOO_LARGE`. Aborting `signal` fails the part being read and the parts.
 */
export async function* multipartParts(
  request: IncomingMessage,
  limits: MultipartLimits,
  signal?: AbortSignal,
): AsyncGenerator<Part> {
  const parser = busboy({
    headers: request.headers,
    preservePath: true, // artifact names keep their folders
    defParamCharset: 'utf8',
    // The parser buffers 1 MiB of the body (the default, 16 KiB, paused the socket at every 64 KiB
    // read while the core hashed and the repository wrote). A file part keeps the default: chunks
    // buffered there reach an iterating reader concatenated (a copy of every byte).
    highWaterMark: 1024 * 1024,
    limits: {
      fileSize: limits.maxFileBytes,
      fieldSize: limits.maxFieldBytes,
      fields: 16,
      parts: 1_000_000,
    },
  });
  const queue: Part[] = [];
  let finished = false;
  let failure: Error | undefined;
  let current: Readable | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const fail = (error: Error) => {
    failure ??= error;
    if (current && !current.readableEnded) current.destroy(failure);
    notify();
  };

  parser.on('file', (field, body, info) => {
    current = body;
    // Its reader sees a failure through its own listeners; one failed after its reader left is moot.
    body.on('error', () => undefined);
    body.once('limit', () =>
      body.destroy(
        new ServerError(
          'E_TOO_LARGE',
          `Artifact "${info.filename}" is larger than this server's limit of ${limits.maxFileBytes} bytes per artifact.`,
        ),
      ),
    );
    queue.push({ kind: 'file', field, name: info.filename ?? '', body });
    notify();
  });
  parser.on('field', (field, value, info) => {
    if (info.valueTruncated)
      return fail(
        new ServerError(
          'E_TOO_LARGE',
          `The field "${field}" is over ${limits.maxFieldBytes} bytes.`,
        ),
      );
    queue.push({ kind: 'field', field, value });
    notify();
  });
  parser.on('close', () => {
    finished = true;
    notify();
  });
  parser.on('error', (error: Error) =>
    fail(
      new InvalidInputError(`The multipart body is malformed: ${error.message}.`, { cause: error }),
    ),
  );
  const onClose = () => {
    if (!request.complete)
      fail(
        new EboniteError(
          'E_ARTIFACT_SOURCE',
          'The client disconnected before the whole body arrived; nothing of the push was kept.',
        ),
      );
  };
  const onAbort = () => fail(signal?.reason as Error);
  request.on('close', onClose);
  signal?.addEventListener('abort', onAbort);
  request.pipe(parser);
  try {
    while (true) {
      if (failure) throw failure;
      const next = queue.shift();
      if (next) {
        yield next;
        continue;
      }
      if (finished) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    request.off('close', onClose);
    signal?.removeEventListener('abort', onAbort);
    if (!finished) request.unpipe(parser);
  }
}
