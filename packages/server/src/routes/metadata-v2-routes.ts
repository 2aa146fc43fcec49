import {
  type AliasEvent,
  type ModelSearch,
  NonExistingAliasError,
  type TagChanges,
} from '@ebonite/core';
import type { FastifyInstance } from 'fastify';
import { ServerError } from '../http/server-error.js';
import { aliasParam, changeStamp } from './change-stamp.js';
import { API, type ServerContext } from './server-context.js';

type Id = { Params: { id: string } };
type Alias = { Params: { id: string; alias: string } };
type StampBody = { author?: string; at?: string };

/**
 * The methods contract v2 adds, by id, for the `http` metadata repository: tags, aliases and their
 * history (and a task's whole alias history, read and imported for copies), search by keyset page. Like the v1 routes, each is one call of the server client's guarded
 * repository, so every argument is checked by the core. Stamps carry the token's name as author when
 * the server checks tokens.
 */
export function metadataV2Routes(app: FastifyInstance, ctx: ServerContext): void {
  const meta = ctx.client.meta;
  const write = { config: { access: 'write' as const } };
  const base = `${API}/metadata`;
  const stamp = (request: Parameters<typeof changeStamp>[0], given: StampBody | undefined) =>
    changeStamp(request, given, ctx.signByToken);

  app.patch<Id & { Body: TagChanges }>(`${base}/models/:id/tags`, write, async (request) =>
    meta.setModelTags(request.params.id, request.body),
  );
  app.patch<Id & { Body: TagChanges }>(`${base}/tasks/:id/tags`, write, async (request) =>
    meta.setTaskTags(request.params.id, request.body),
  );

  app.get<Id>(`${base}/tasks/:id/aliases`, async (request) => ({
    items: await meta.getAliases(request.params.id),
  }));
  app.get<Alias>(`${base}/tasks/:id/aliases/:alias`, async (request) => {
    const alias = aliasParam(request.params.alias);
    const found = await meta.getAlias(request.params.id, alias);
    if (!found) throw new NonExistingAliasError(alias, request.params.id);
    return found;
  });
  app.put<Alias & { Body: { modelId: string; stamp?: StampBody } }>(
    `${base}/tasks/:id/aliases/:alias`,
    write,
    async (request) =>
      meta.setAlias(
        request.params.id,
        aliasParam(request.params.alias),
        request.body?.modelId,
        stamp(request, request.body?.stamp),
      ),
  );
  app.delete<Alias & { Querystring: StampBody }>(
    `${base}/tasks/:id/aliases/:alias`,
    write,
    async (request, reply) => {
      await meta.deleteAlias(
        request.params.id,
        aliasParam(request.params.alias),
        stamp(request, request.query),
      );
      return reply.code(204).send();
    },
  );
  app.get<Alias>(`${base}/tasks/:id/aliases/:alias/history`, async (request) => ({
    items: await meta.getAliasHistory(request.params.id, aliasParam(request.params.alias)),
  }));

  app.get<Id>(`${base}/tasks/:id/alias-events`, async (request) => ({
    items: await meta.getAliasEvents(request.params.id),
  }));
  // A copy's import: the events keep their stamps (history is data), as a copied record keeps its
  // author. Signing as others is what token-signed stamps prevent, so here it takes an admin token
  // (a copy is an admin's work) unless the server trusts the authors clients send.
  app.post<Id & { Body: { items?: AliasEvent[] } }>(
    `${base}/tasks/:id/alias-events`,
    write,
    async (request, reply) => {
      const scope = request.identity?.scope;
      if (ctx.signByToken && scope !== 'admin')
        throw new ServerError(
          'E_FORBIDDEN',
          'Importing alias history keeps the authors of its entries, so it needs an admin token (ebonite token create --scope admin), or a server started with --trust-client-author.',
        );
      await meta.importAliasEvents(request.params.id, request.body?.items as AliasEvent[]);
      return reply.code(204).send();
    },
  );

  // A search is a read, sent as POST because a ModelSearch is a JSON document (tags, params, after).
  app.post<{ Body: ModelSearch }>(`${base}/models/search`, async (request) => ({
    items: await meta.searchModels(request.body),
  }));
}
