import {
  type ModelRecord,
  type NewModelRecord,
  NonExistingModelError,
  NonExistingProjectError,
  NonExistingTaskError,
  type ProjectRecord,
  type TaskRecord,
} from '@ebonite/core';
import type { FastifyInstance } from 'fastify';
import { changeStamp } from './change-stamp.js';
import { flag, text } from './query-flags.js';
import { API, type ServerContext } from './server-context.js';

type Id = { Params: { id: string } };

/**
 * The metadata repository by id, for the `http` metadata repository: every method of the contract,
 * through the server client's guarded repository (so ids, names and records are checked by the core).
 * A look-up of something absent is 404 with the `E_NON_EXISTING_…` code; `?name=` look-ups answer a
 * list of zero or one record. Lists answer `{ items: [...] }`.
 */
export function metadataRoutes(
  app: FastifyInstance,
  { client, recent, signByToken }: ServerContext,
): void {
  const meta = client.meta;
  const write = { config: { access: 'write' as const } };
  const base = `${API}/metadata`;
  const found = <T>(record: T | null, missing: () => Error): T => {
    if (record === null) throw missing();
    return record;
  };

  app.get(`${base}/projects`, async (request) => {
    const name = text(request.query, 'name');
    if (name === undefined) return { items: await meta.getProjects() };
    const project = await meta.getProjectByName(name);
    return { items: project ? [project] : [] };
  });
  app.get<Id>(`${base}/projects/:id`, async (request) =>
    found(
      await meta.getProjectById(request.params.id),
      () => new NonExistingProjectError(request.params.id),
    ),
  );
  app.post<{ Body: ProjectRecord }>(`${base}/projects`, write, async (request, reply) =>
    reply.code(201).send(await meta.createProject(request.body)),
  );
  app.put<Id & { Body: ProjectRecord }>(`${base}/projects/:id`, write, async (request) =>
    meta.updateProject({ ...request.body, id: request.params.id }),
  );
  app.delete<Id>(`${base}/projects/:id`, write, async (request, reply) => {
    await meta.deleteProject(request.params.id, { cascade: flag(request.query, 'cascade') });
    return reply.code(204).send();
  });
  app.get<Id>(`${base}/projects/:id/tasks`, async (request) => {
    const name = text(request.query, 'name');
    if (name === undefined) return { items: await meta.getTasks(request.params.id) };
    const task = await meta.getTaskByName(request.params.id, name);
    return { items: task ? [task] : [] };
  });

  app.get<Id>(`${base}/tasks/:id`, async (request) =>
    found(
      await meta.getTaskById(request.params.id),
      () => new NonExistingTaskError(request.params.id),
    ),
  );
  app.post<{ Body: TaskRecord }>(`${base}/tasks`, write, async (request, reply) =>
    reply.code(201).send(await meta.createTask(request.body)),
  );
  app.put<Id & { Body: TaskRecord }>(`${base}/tasks/:id`, write, async (request) =>
    meta.updateTask({ ...request.body, id: request.params.id }),
  );
  app.delete<Id>(`${base}/tasks/:id`, write, async (request, reply) => {
    await meta.deleteTask(request.params.id, { cascade: flag(request.query, 'cascade') });
    return reply.code(204).send();
  });
  app.get<Id>(`${base}/tasks/:id/models`, async (request) => {
    const name = text(request.query, 'name');
    if (name === undefined) return { items: await meta.getModels(request.params.id) };
    const model = await meta.getModelByName(request.params.id, name);
    return { items: model ? [model] : [] };
  });

  app.get<Id>(`${base}/models/:id`, async (request) =>
    found(
      await meta.getModelById(request.params.id),
      () => new NonExistingModelError(request.params.id),
    ),
  );
  // `name: null` asks for the task's next version (contract v2).
  app.post<{ Body: NewModelRecord }>(`${base}/models`, write, async (request, reply) => {
    recent.check(request.body);
    const stored = await meta.createModel(request.body);
    recent.forget(stored.id);
    return reply.code(201).send(stored);
  });
  app.put<Id & { Body: ModelRecord }>(`${base}/models/:id`, write, async (request) =>
    meta.updateModel({ ...request.body, id: request.params.id }),
  );
  // `?force=true` also removes the aliases pointing at it, stamped `?at=&author=` in their history.
  app.delete<Id & { Querystring: { at?: string; author?: string } }>(
    `${base}/models/:id`,
    write,
    async (request, reply) => {
      const force = flag(request.query, 'force');
      await meta.deleteModel(
        request.params.id,
        force ? { force, stamp: changeStamp(request, request.query, signByToken) } : {},
      );
      return reply.code(204).send();
    },
  );
}
