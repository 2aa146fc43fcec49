import { type AliasRecord, type Ebonite, EboniteError } from '@ebonite/core';
import type { FastifyInstance } from 'fastify';
import { settleBody } from '../http/settle-body.js';
import { type ModelsPath, pushByName } from '../push/push-by-name.js';
import { changeStamp } from './change-stamp.js';
import { modelNamed, projectNamed, taskNamed } from './find-by-name.js';
import { flag } from './query-flags.js';
import { API, type ServerContext } from './server-context.js';

type ProjectPath = { project: string };
type ModelPath = ModelsPath & { model: string };

/**
 * The registry as people browse it, by name: projects, tasks and models, pushes and deletes with the
 * client's rules (cascade, force). Lists answer `{ items: [...] }`, leaving room for a cursor.
 */
export function registryRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  uploadTimeoutMs: number,
): void {
  const { client } = ctx;
  const write = { config: { access: 'write' as const } };
  const push = { ...write, handlerTimeout: uploadTimeoutMs };

  app.get(`${API}/projects`, async () => ({
    items: (await client.getProjects()).map((p) => p.toRecord()),
  }));
  app.get<{ Params: ProjectPath }>(`${API}/projects/:project`, async (request) =>
    (await projectNamed(client, request.params.project)).toRecord(),
  );
  app.put<{ Params: ProjectPath }>(`${API}/projects/:project`, write, async (request) =>
    (await client.getOrCreateProject(request.params.project)).toRecord(),
  );
  app.delete<{ Params: ProjectPath }>(`${API}/projects/:project`, write, async (request, reply) => {
    const project = await projectNamed(client, request.params.project);
    await client.deleteProject(project, { cascade: flag(request.query, 'cascade') });
    return reply.code(204).send();
  });

  app.get<{ Params: ProjectPath }>(`${API}/projects/:project/tasks`, async (request) => ({
    items: (await client.getTasks(request.params.project)).map((t) => t.toRecord()),
  }));
  app.get<{ Params: ModelsPath }>(`${API}/projects/:project/tasks/:task`, async (request) =>
    (await taskNamed(client, request.params.project, request.params.task)).toRecord(),
  );
  app.put<{ Params: ModelsPath }>(`${API}/projects/:project/tasks/:task`, write, async (request) =>
    (await client.getOrCreateTask(request.params.project, request.params.task)).toRecord(),
  );
  app.delete<{ Params: ModelsPath }>(
    `${API}/projects/:project/tasks/:task`,
    write,
    async (request, reply) => {
      const task = await taskNamed(client, request.params.project, request.params.task);
      await client.deleteTask(task, { cascade: flag(request.query, 'cascade') });
      return reply.code(204).send();
    },
  );

  app.get<{ Params: ModelsPath }>(
    `${API}/projects/:project/tasks/:task/models`,
    async (request) => ({
      items: (
        await client.getModels(await taskNamed(client, request.params.project, request.params.task))
      ).map((m) => m.toRecord()),
    }),
  );
  app.post<{ Params: ModelsPath }>(
    `${API}/projects/:project/tasks/:task/models`,
    push,
    async (request, reply) => {
      try {
        const model = await ctx.slots.run(() => pushByName(client, request, ctx.limits));
        return reply.code(201).send(model);
      } finally {
        await settleBody(request, reply);
      }
    },
  );
  app.get<{ Params: ModelPath }>(
    `${API}/projects/:project/tasks/:task/models/:model`,
    async (request) => (await modelNamed(client, request.params)).toRecord(),
  );
  app.delete<{ Params: ModelPath }>(
    `${API}/projects/:project/tasks/:task/models/:model`,
    write,
    async (request, reply) => {
      const model = await modelNamed(client, request.params);
      const force = flag(request.query, 'force');
      // The aliases a forced delete removes are removed here first, each stamped with the token's
      // name (the client would stamp them with the server process's user).
      if (force)
        for (const alias of await aliasesOf(client, model.taskId))
          if (alias.modelId === model.id)
            await client.meta.deleteAlias(
              model.taskId,
              alias.alias,
              changeStamp(request, {}, ctx.signByToken),
            );
      await client.deleteModel(model, { force });
      return reply.code(204).send();
    },
  );
  app.get<{ Params: ModelPath }>(
    `${API}/projects/:project/tasks/:task/models/:model/artifacts`,
    async (request) => ({ items: (await modelNamed(client, request.params)).artifacts }),
  );
}

/** The aliases of a task; none over a metadata backend of contract v1, which has no aliases. */
async function aliasesOf(client: Ebonite, taskId: string): Promise<AliasRecord[]> {
  try {
    return await client.meta.getAliases(taskId);
  } catch (error) {
    if (EboniteError.isInstance(error, 'E_NOT_SUPPORTED')) return [];
    throw error;
  }
}
