import { type Ebonite, InvalidInputError, NonExistingModelError } from '@ebonite/core';
import { nowIso } from '@ebonite/core/plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { modelNamed, taskNamed } from '../routes/find-by-name.js';
import { webPaths } from './web-paths.js';
import { type Fields, first, type ModelParams, type TaskParams } from './web-reply.js';

/**
 * The pages' forms that write (edit a model's tags, move or remove an alias): POST routes that need
 * the write scope, which the session cookie grants only to a same-origin form. Each answers with a
 * redirect back to the page (post/redirect/get).
 */
export function actionRoutes(app: FastifyInstance, client: Ebonite): void {
  const action = { config: { access: 'write' as const, formAction: true } };
  app.post<{ Params: ModelParams; Body: Fields }>(
    '/actions/tags/:project/:task/:model',
    action,
    async (request, reply) => {
      const model = await modelNamed(client, request.params);
      const keys = [request.body?.key ?? []].flat();
      const values = [request.body?.value ?? []].flat();
      if (keys.length !== values.length)
        throw new InvalidInputError(
          'The tag form sent keys and values that do not pair up: reload the page.',
        );
      const changes: Record<string, string | null> = {};
      keys.forEach((key, i) => {
        const value = values[i] ?? '';
        if (key === '') return;
        changes[key] = value === '' ? null : value;
      });
      await client.setModelTags(model, changes);
      const { project, task } = request.params;
      return reply.redirect(webPaths.model(project, task, model.name), 303);
    },
  );

  app.post<{ Params: TaskParams; Body: Fields }>(
    '/actions/alias/:project/:task',
    action,
    async (request, reply) => {
      const { project: p, task: t } = request.params;
      const task = await taskNamed(client, p, t);
      const alias = first(request.body?.alias) ?? '';
      const name = first(request.body?.model) ?? '';
      const model = await client.getModel(name, task);
      if (!model) throw new NonExistingModelError(`${p}/${t}/${name}`);
      await client.meta.setAlias(task.id, alias, model.id, stampOf(request));
      return reply.redirect(webPaths.task(p, t), 303);
    },
  );

  app.post<{ Params: TaskParams; Body: Fields }>(
    '/actions/alias-remove/:project/:task',
    action,
    async (request, reply) => {
      const { project: p, task: t } = request.params;
      const task = await taskNamed(client, p, t);
      await client.meta.deleteAlias(task.id, first(request.body?.alias) ?? '', stampOf(request));
      return reply.redirect(webPaths.task(p, t), 303);
    },
  );
}

/** Who moves an alias from the page: the signed-in token's name, now. */
function stampOf(request: FastifyRequest): { author: string; at: string } {
  return { author: request.identity?.name ?? 'anonymous', at: nowIso() };
}
