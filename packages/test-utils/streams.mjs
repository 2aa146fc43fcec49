// Small stream helpers for artifact tests and benchmarks.
import { Readable, Writable } from 'node:stream';

/**
 * Uploads as the AsyncIterable push() consumes, from name -> content (bytes, text or a stream), or from
 * [name, content] pairs when a name must come twice.
 */
export async function* uploads(files) {
  for (const [name, content] of Array.isArray(files) ? files : Object.entries(files)) {
    yield {
      name,
      body: content instanceof Readable ? content : Readable.from([Buffer.from(content)]),
    };
  }
}

/** Reads a (small) stream to the end into memory. */
export async function readAll(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A stream that yields `chunks` chunks of `chunkSize` bytes then fails, like a source that breaks mid-way. */
export function failingStream(chunks, chunkSize = 64 * 1024) {
  return Readable.from(
    (async function* () {
      for (let i = 0; i < chunks; i++) yield Buffer.alloc(chunkSize, i);
      throw new Error('source broke');
    })(),
  );
}

/** A writable that drops everything it is given (options go to the Writable, e.g. `highWaterMark`). */
export function sink(options = {}) {
  return new Writable({ ...options, write: (_chunk, _encoding, callback) => callback() });
}
