import { NoSuchArtifactError } from '@ebonite/core';
import { validateArtifactName } from '@ebonite/core/plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { etagMatches, parseRange } from '../download/byte-range.js';
import { verifiedSlice } from '../download/verified-slice.js';
import { ServerError } from '../http/server-error.js';
import { modelNamed } from './find-by-name.js';
import { API, type ServerContext } from './server-context.js';

type ArtifactPath = { project: string; task: string; model: string; '*': string };

/**
 * `GET` and `HEAD /api/v1/projects/{project}/tasks/{task}/models/{model}/artifacts/{name}` (the name
 * may hold `/`): one artifact, streamed from the artifact repository through the core's verification,
 * with `Content-Length`, `ETag` (the recorded sha256 digest), `Range` (one range, 206) for resumed
 * downloads and `If-None-Match` (304).
 */
export function downloadRoutes(app: FastifyInstance, { client }: ServerContext): void {
  const url = `${API}/projects/:project/tasks/:task/models/:model/artifacts/*`;
  const handler = async (
    request: FastifyRequest<{ Params: ArtifactPath }>,
    reply: FastifyReply,
  ) => {
    const name = validateArtifactName(request.params['*']);
    const model = await modelNamed(client, request.params);
    const descriptor = model.artifacts.find((a) => a.name === name);
    if (!descriptor) throw new NoSuchArtifactError(model.id, name);
    const etag = `"${descriptor.digest}"`;
    reply.header('etag', etag).header('accept-ranges', 'bytes');
    reply.header('cache-control', 'private, no-cache');
    if (etagMatches(request.headers['if-none-match'], etag)) return reply.code(304).send();
    const ifRange = request.headers['if-range'];
    const range =
      ifRange === undefined || ifRange === etag
        ? parseRange(request.headers.range, descriptor.size)
        : undefined;
    if (range === null) {
      reply.header('content-range', `bytes */${descriptor.size}`);
      throw new ServerError(
        'E_RANGE_NOT_SATISFIABLE',
        `The range ${JSON.stringify(request.headers.range)} is outside the ${descriptor.size} bytes of "${name}".`,
      );
    }
    const { start, end } = range ?? { start: 0, end: descriptor.size - 1 };
    reply.type('application/octet-stream').header('content-length', String(end - start + 1));
    if (range) reply.code(206).header('content-range', `bytes ${start}-${end}/${descriptor.size}`);
    if (request.method === 'HEAD') return reply.send();
    if (descriptor.size === 0) return reply.send('');
    const stream = await client.artifacts.open(model.id, name, descriptor);
    return reply.send(verifiedSlice(stream, { start, end }));
  };
  app.get(url, handler);
  app.head(url, handler);
}
