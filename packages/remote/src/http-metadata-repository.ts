import {
  type DeleteOptions,
  EboniteError,
  type JsonObject,
  type MetadataRepositoryV1,
  type ModelRecord,
  type ProjectRecord,
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
 * The metadata repository `http`: every method of the contract is one request to an ebonite server's
 * `/api/v1/metadata/` routes, where the server's own client (and its core) does the work. Errors come
 * back with the code the server raised; an unreachable server is `ConnectionError`.
 */
export class HttpMetadataRepository implements MetadataRepositoryV1 {
  readonly specificationVersion = 'v1' as const;
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
  createModel(model: ModelRecord) {
    return this.#write<ModelRecord>({ method: 'POST', path: ['metadata', 'models'], json: model });
  }
  updateModel(model: ModelRecord) {
    return this.#write<ModelRecord>({
      method: 'PUT',
      path: ['metadata', 'models', model.id],
      json: model,
    });
  }
  deleteModel(id: string) {
    return this.#delete('models', id);
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
