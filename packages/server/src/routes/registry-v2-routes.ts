import { InvalidInputError, NonExistingAliasError, type TagChanges } from '@ebonite/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ModelsPath } from '../push/push-by-name.js';
import { aliasParam, changeStamp } from './change-stamp.js';
import { modelNamed, taskNamed } from './find-by-name.js';
import { API, type ServerContext } from './server-context.js';

type AliasPath = ModelsPath & { alias: string };
type ModelPath = ModelsPath & { model: string };
type AliasBody = { model?: unknown; author?: string };

/**
 * Tags and aliases by name, for people, pages and plain HTTP clients: the client's calls, except that
 * an alias change is stamped here (the token's name, the server's clock) rather than with the server
 * process's user.
 */
export function registryV2Routes(app: FastifyInstance, ctx: ServerContext): void {
  const { client } = ctx;
  const write = { config: { access: 'write' as const } };
  const task = `${API}/projects/:project/tasks/:task`;
  const stamp = (request: FastifyRequest, author?: string) =>
    changeStamp(request, author === undefined ? {} : { author }, ctx.signByToken);

  app.patch<{ Params: ModelsPath; Body: TagChanges }>(`${task}/tags`, write, async (request) => {
    const found = await taskNamed(client, request.params.project, request.params.task);
    return (await client.setTaskTags(found, request.body)).toRecord();
  });
  app.patch<{ Params: ModelPath; Body: TagChanges }>(
    `${task}/models/:model/tags`,
    write,
    async (request) =>
      (
        await client.setModelTags(await modelNamed(client, request.params), request.body)
      ).toRecord(),
  );

  app.get<{ Params: ModelsPath }>(`${task}/aliases`, async (request) => ({
    items: await client.getAliases(
      await taskNamed(client, request.params.project, request.params.task),
    ),
  }));
  // The model an alias names; `latest` is the task's newest model.
  app.get<{ Params: AliasPath }>(`${task}/aliases/:alias`, async (request) => {
    const { project, task: taskName } = request.params;
    const alias = aliasParam(request.params.alias);
    const model = await client.getModelByAlias(await taskNamed(client, project, taskName), alias);
    if (!model) throw new NonExistingAliasError(alias, `${project}/${taskName}`);
    return model.toRecord();
  });
  app.put<{ Params: AliasPath; Body: AliasBody }>(
    `${task}/aliases/:alias`,
    write,
    async (request) => {
      const { project, task: taskName } = request.params;
      const alias = aliasParam(request.params.alias);
      const name = request.body?.model;
      if (typeof name !== 'string')
        throw new InvalidInputError(
          'Send { "model": "<name>" }: the name of the model of this task the alias is to point at.',
        );
      const target = await modelNamed(client, { project, task: taskName, model: name });
      return client.meta.setAlias(
        target.taskId,
        alias,
        target.id,
        stamp(request, request.body?.author),
      );
    },
  );
  app.delete<{ Params: AliasPath; Querystring: { author?: string } }>(
    `${task}/aliases/:alias`,
    write,
    async (request, reply) => {
      const found = await taskNamed(client, request.params.project, request.params.task);
      const alias = aliasParam(request.params.alias);
      await client.meta.deleteAlias(found.id, alias, stamp(request, request.query.author));
      return reply.code(204).send();
    },
  );
  app.get<{ Params: AliasPath }>(`${task}/aliases/:alias/history`, async (request) => ({
    items: await client.getAliasHistory(
      await taskNamed(client, request.params.project, request.params.task),
      aliasParam(request.params.alias),
    ),
  }));
}
