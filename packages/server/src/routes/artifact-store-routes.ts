import { Readable } from 'node:stream';
import { validateArtifactName, validateId } from '@ebonite/core/plugin';
import type { FastifyInstance } from 'fastify';
import { settleBody } from '../http/settle-body.js';
import { pushById } from '../push/push-by-id.js';
import { API, type ServerContext } from './server-context.js';

type ModelId = { Params: { modelId: string } };

/**
 * The artifact repository by model id, for the `http` artifact repository: push (multipart), list,
 * open (raw bytes: the client's core verifies them against the metadata it holds), delete, the ids of
 * every model with files (NDJSON, streamed), and when a model's files were written.
 */
export function artifactStoreRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  uploadTimeoutMs: number,
): void {
  const { client, recent } = ctx;
  const artifacts = client.artifacts;
  const write = { config: { access: 'write' as const } };
  const push = { ...write, handlerTimeout: uploadTimeoutMs };
  const base = `${API}/artifacts`;

  app.get(base, async (_request, reply) => {
    async function* lines(): AsyncGenerator<string> {
      for await (const id of artifacts.listModelIds()) yield `${JSON.stringify(id)}\n`;
    }
    return reply.type('application/x-ndjson').send(Readable.from(lines()));
  });
  app.get<ModelId>(`${base}/:modelId`, async (request) => ({
    items: await artifacts.list(request.params.modelId),
  }));
  app.put<ModelId>(`${base}/:modelId`, push, async (request, reply) => {
    try {
      const files = await ctx.slots.run(() => pushById(client, request, ctx.limits, recent));
      return reply.code(201).send({ items: files });
    } finally {
      await settleBody(request, reply);
    }
  });
  app.delete<ModelId>(`${base}/:modelId`, write, async (request, reply) => {
    await artifacts.delete(request.params.modelId);
    recent.forget(request.params.modelId);
    return reply.code(204).send();
  });
  app.get<ModelId>(`${base}/:modelId/last-modified`, async (request) => ({
    lastModified: (await artifacts.lastModified(request.params.modelId)) ?? null,
  }));
  app.get<{ Params: { modelId: string; '*': string } }>(
    `${base}/:modelId/files/*`,
    async (request, reply) => {
      const modelId = validateId('model', request.params.modelId);
      const name = validateArtifactName(request.params['*']);
      const stream = await artifacts.open(modelId, name);
      return reply.type('application/octet-stream').send(stream);
    },
  );
}
