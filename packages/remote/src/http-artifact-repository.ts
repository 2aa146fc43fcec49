import type { Readable } from 'node:stream';
import type {
  ArtifactRepository,
  ArtifactUpload,
  JsonObject,
  StoredArtifact,
} from '@ebonite/core/plugin';
import { configOf, type HttpRepositoryOptions } from './http-options.js';
import { HttpTransport } from './http-transport.js';
import { type BodyState, multipartBody, newBoundary } from './multipart-body.js';
import { ndjsonLines } from './web-streams.js';

/**
 * The artifact repository `http`: the files of a model live in an ebonite server's artifact repository,
 * reached through its `/api/v1/artifacts/` routes. A push is one streamed multipart request (never held
 * in memory: a chunk is read from the file when the connection took the previous one); a read is one
 * streamed response, read as fast as its reader reads. The client's core hashes on push and verifies on read,
 * as for any repository; the server's core does the same on its side.
 */
export class HttpArtifactRepository implements ArtifactRepository {
  readonly specificationVersion = 'v1' as const;
  readonly type = 'http';
  readonly #http: HttpTransport;

  constructor(readonly options: HttpRepositoryOptions) {
    this.#http = new HttpTransport(options, 'artifact');
  }

  async push(modelId: string, files: AsyncIterable<ArtifactUpload>): Promise<StoredArtifact[]> {
    const boundary = newBoundary();
    const state: BodyState = {};
    const body = multipartBody(files, boundary, state);
    let stored: StoredArtifact[];
    try {
      stored = (
        await this.#http.json<{ items: StoredArtifact[] }>({
          method: 'PUT',
          path: ['artifacts', modelId],
          body,
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
          timeout: false,
        })
      ).items;
    } catch (error) {
      await body.return(undefined).catch(() => undefined);
      // The server has removed what arrived; the source's own failure is the one to report.
      throw state.failure ?? error;
    }
    if (state.failure) throw state.failure;
    return stored;
  }

  async list(modelId: string): Promise<StoredArtifact[]> {
    return (
      await this.#http.json<{ items: StoredArtifact[] }>({
        method: 'GET',
        path: ['artifacts', modelId],
      })
    ).items;
  }

  async open(modelId: string, name: string): Promise<Readable> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#http.timeoutMs);
    const response = await this.#http
      .send({
        method: 'GET',
        path: ['artifacts', modelId, 'files', ...name.split('/')],
        headers: { accept: 'application/octet-stream' },
        timeout: false,
        signal: controller.signal,
      })
      .finally(() => clearTimeout(timer));
    return response.stream();
  }

  async delete(modelId: string): Promise<void> {
    await this.#http.empty({ method: 'DELETE', path: ['artifacts', modelId] });
  }

  async *listModelIds(): AsyncGenerator<string> {
    const response = await this.#http.send({
      method: 'GET',
      path: ['artifacts'],
      headers: { accept: 'application/x-ndjson' },
      timeout: false,
    });
    yield* ndjsonLines<string>(response.stream());
  }

  async lastModified(modelId: string): Promise<string | undefined> {
    const { lastModified } = await this.#http.json<{ lastModified: string | null }>({
      method: 'GET',
      path: ['artifacts', modelId, 'last-modified'],
    });
    return lastModified ?? undefined;
  }

  /** `{ url }` (and `timeoutMs`): never the token, which comes from `$EBONITE_TOKEN`. */
  getConfig(): JsonObject {
    return configOf(this.options);
  }

  async close(): Promise<void> {
    this.#http.close();
  }
}

/** The artifact repository `http` on the server at `options.url`. */
export function httpArtifacts(options: HttpRepositoryOptions): HttpArtifactRepository {
  return new HttpArtifactRepository(options);
}
