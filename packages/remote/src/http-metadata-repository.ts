import {
  type AliasEvent,
  type AliasRecord,
  type ChangeStamp,
  type DeleteModelOptions,
  type DeleteOptions,
  EboniteError,
  type JsonObject,
  type MetadataRepositoryV2,
  type ModelRecord,
  type ModelSearch,
  type NewModelRecord,
  type ProjectRecord,
  type TagChanges,
  type TaskRecord,
} from '@ebonite/core/plugin';
import { configOf, type HttpRepositoryOptions } from './http-options.js';
import { HttpTransport, type RequestSpec } from './http-transport.js';

type Items<T> = { items: T[] };
type Kind = 'projects' | 'tasks' | 'models';
const ABSENT = {
  projects: 'E_NON_EXISTING_PROJECT',
  tasks: 'E_NON_EXISTING_TASK',
  models: 'E_NON_EXISTING_MODEL',
} as const satisfies Record<Kind, string>;

/**
 * The metadata repository `http` (contract v2): every method is one request to an ebonite server's
 * `/api/v1/metadata/` routes, where the server's own client (and its core) does the work. Errors come
 * back with the code the server raised; an unreachable server is `ConnectionError`.
 */
export class HttpMetadataRepository implements MetadataRepositoryV2 {
  readonly specificationVersion = 'v2' as const;
  readonly type = 'http';
  readonly #http: HttpTransport;

  constructor(readonly options: HttpRepositoryOptions) {
    this.#http = new HttpTransport(options, 'metadata');
  }

  getProjects() {
    return this.#list<ProjectRecord>(['metadata', 'projects']);
  }
  getProjectById(id: string) {
    return this.#byId<ProjectRecord>('projects', id);
  }
  getProjectByName(name: string) {
    return this.#first<ProjectRecord>(['metadata', 'projects'], name);
  }
  createProject(project: ProjectRecord) {
    return this.#write<ProjectRecord>({
      method: 'POST',
      path: ['metadata', 'projects'],
      json: project,
    });
  }
  updateProject(project: ProjectRecord) {
    return this.#write<ProjectRecord>({
      method: 'PUT',
      path: ['metadata', 'projects', project.id],
      json: project,
    });
  }
  deleteProject(id: string, options?: DeleteOptions) {
    return this.#delete('projects', id, options);
  }

  getTasks(projectId: string) {
    return this.#list<TaskRecord>(['metadata', 'projects', projectId, 'tasks']);
  }
  getTaskById(id: string) {
    return this.#byId<TaskRecord>('tasks', id);
  }
  getTaskByName(projectId: string, name: string) {
    return this.#first<TaskRecord>(['metadata', 'projects', projectId, 'tasks'], name);
  }
  createTask(task: TaskRecord) {
    return this.#write<TaskRecord>({ method: 'POST', path: ['metadata', 'tasks'], json: task });
  }
  updateTask(task: TaskRecord) {
    return this.#write<TaskRecord>({
      method: 'PUT',
      path: ['metadata', 'tasks', task.id],
      json: task,
    });
  }
  deleteTask(id: string, options?: DeleteOptions) {
    return this.#delete('tasks', id, options);
  }

  getModels(taskId: string) {
    return this.#list<ModelRecord>(['metadata', 'tasks', taskId, 'models']);
  }
  getModelById(id: string) {
    return this.#byId<ModelRecord>('models', id);
  }
  getModelByName(taskId: string, name: string) {
    return this.#first<ModelRecord>(['metadata', 'tasks', taskId, 'models'], name);
  }
  createModel(model: NewModelRecord) {
    return this.#write<ModelRecord>({ method: 'POST', path: ['metadata', 'models'], json: model });
  }
  updateModel(model: ModelRecord) {
    return this.#write<ModelRecord>({
      method: 'PUT',
      path: ['metadata', 'models', model.id],
      json: model,
    });
  }
  deleteModel(id: string, options?: DeleteModelOptions) {
    return this.#http.empty({
      method: 'DELETE',
      path: ['metadata', 'models', id],
      query: options?.force ? { force: 'true', ...options.stamp } : {},
    });
  }

  setModelTags(modelId: string, changes: TagChanges) {
    return this.#write<ModelRecord>({
      method: 'PATCH',
      path: ['metadata', 'models', modelId, 'tags'],
      json: changes,
    });
  }
  setTaskTags(taskId: string, changes: TagChanges) {
    return this.#write<TaskRecord>({
      method: 'PATCH',
      path: ['metadata', 'tasks', taskId, 'tags'],
      json: changes,
    });
  }

  getAliases(taskId: string) {
    return this.#list<AliasRecord>(['metadata', 'tasks', taskId, 'aliases']);
  }
  async getAlias(taskId: string, alias: string) {
    try {
      return await this.#http.json<AliasRecord>({
        method: 'GET',
        path: ['metadata', 'tasks', taskId, 'aliases', alias],
      });
    } catch (error) {
      if (EboniteError.isInstance(error, 'E_NON_EXISTING_ALIAS')) return null;
      throw error;
    }
  }
  setAlias(taskId: string, alias: string, modelId: string, stamp: ChangeStamp) {
    return this.#write<AliasRecord>({
      method: 'PUT',
      path: ['metadata', 'tasks', taskId, 'aliases', alias],
      json: { modelId, stamp },
    });
  }
  deleteAlias(taskId: string, alias: string, stamp: ChangeStamp) {
    return this.#http.empty({
      method: 'DELETE',
      path: ['metadata', 'tasks', taskId, 'aliases', alias],
      query: { ...stamp },
    });
  }
  getAliasHistory(taskId: string, alias: string) {
    return this.#list<AliasEvent>(['metadata', 'tasks', taskId, 'aliases', alias, 'history']);
  }

  getAliasEvents(taskId: string) {
    return this.#list<AliasEvent>(['metadata', 'tasks', taskId, 'alias-events']);
  }
  importAliasEvents(taskId: string, events: AliasEvent[]) {
    return this.#http.empty({
      method: 'POST',
      path: ['metadata', 'tasks', taskId, 'alias-events'],
      json: { items: events },
    });
  }

  /** One keyset page, `search.after` included: the server's core checks it again and seeks. */
  async searchModels(search: ModelSearch) {
    const { items } = await this.#http.json<Items<ModelRecord>>({
      method: 'POST',
      path: ['metadata', 'models', 'search'],
      json: search,
    });
    return items;
  }

  /** `{ url }` (and `timeoutMs`): never the token, which comes from `$EBONITE_TOKEN`. */
  getConfig(): JsonObject {
    return configOf(this.options);
  }

  async close(): Promise<void> {
    this.#http.close();
  }

  async #list<T>(path: string[]): Promise<T[]> {
    return (await this.#http.json<Items<T>>({ method: 'GET', path })).items;
  }

  async #first<T>(path: string[], name: string): Promise<T | null> {
    const { items } = await this.#http.json<Items<T>>({ method: 'GET', path, query: { name } });
    return items[0] ?? null;
  }

  async #byId<T>(kind: Kind, id: string): Promise<T | null> {
    try {
      return await this.#http.json<T>({ method: 'GET', path: ['metadata', kind, id] });
    } catch (error) {
      if (EboniteError.isInstance(error, ABSENT[kind])) return null;
      throw error;
    }
  }

  #write<T>(spec: RequestSpec): Promise<T> {
    return this.#http.json<T>(spec);
  }

  #delete(kind: Kind, id: string, options?: DeleteOptions): Promise<void> {
    return this.#http.empty({
      method: 'DELETE',
      path: ['metadata', kind, id],
      query: options?.cascade ? { cascade: 'true' } : {},
    });
  }
}

/** The metadata repository `http` on the server at `options.url`. */
export function httpMetadata(options: HttpRepositoryOptions): HttpMetadataRepository {
  return new HttpMetadataRepository(options);
}
