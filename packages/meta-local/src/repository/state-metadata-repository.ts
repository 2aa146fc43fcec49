import {
  ClosedError,
  type DeleteOptions,
  ExistingModelError,
  ExistingProjectError,
  ExistingTaskError,
  type JsonObject,
  type MetadataRepositoryV1,
  type ModelRecord,
  NonExistingModelError,
  NonExistingProjectError,
  NonExistingTaskError,
  type ProjectRecord,
  ProjectWithTasksError,
  type TaskRecord,
  TaskWithModelsError,
} from '@ebonite/core/plugin';
import type { MetadataState } from '../state/metadata-state.js';
import type { Operation } from '../state/operation.js';
import type { MetadataStore } from './metadata-store.js';
import { copyOrNull, storedModel, storedProject, storedTask } from './records.js';

/**
 * The rules of a metadata repository (unique names, existing parents, cascades, copies in and out),
 * written once over a {@link MetadataStore}. The `local` and `inmemory` repositories differ only in
 * their store.
 */
export abstract class StateMetadataRepository implements MetadataRepositoryV1 {
  readonly specificationVersion = 'v1' as const;
  abstract readonly type: string;
  readonly #store: MetadataStore;
  #closed = false;

  protected constructor(store: MetadataStore) {
    this.#store = store;
  }

  getProjects(): Promise<ProjectRecord[]> {
    return this.#read((s) => s.projectList().map((p) => structuredClone(p)));
  }
  getProjectById(id: string): Promise<ProjectRecord | null> {
    return this.#read((s) => copyOrNull(s.projects.get(id)));
  }
  getProjectByName(name: string): Promise<ProjectRecord | null> {
    return this.#read((s) => copyOrNull(s.projectByName(name)));
  }
  createProject(project: ProjectRecord): Promise<ProjectRecord> {
    return this.#put((s) => {
      if (s.projects.has(project.id) || s.projectByName(project.name))
        throw new ExistingProjectError(project.name);
      return { op: 'put', kind: 'project', record: storedProject(project) };
    });
  }
  updateProject(project: ProjectRecord): Promise<ProjectRecord> {
    return this.#put((s) => {
      const old = s.projects.get(project.id);
      if (!old) throw new NonExistingProjectError(project.name);
      if ((s.projectByName(project.name)?.id ?? project.id) !== project.id)
        throw new ExistingProjectError(project.name);
      return {
        op: 'put',
        kind: 'project',
        record: { ...storedProject(project), creationDate: old.creationDate },
      };
    });
  }
  async deleteProject(id: string, options?: DeleteOptions): Promise<void> {
    await this.#commit((s) => {
      const project = s.projects.get(id);
      if (!project) throw new NonExistingProjectError(id);
      if (!options?.cascade && s.taskCount(id) > 0) throw new ProjectWithTasksError(project.name);
      return { op: 'delete', kind: 'project', id };
    });
  }

  getTasks(projectId: string): Promise<TaskRecord[]> {
    return this.#read((s) => {
      if (!s.projects.has(projectId)) throw new NonExistingProjectError(projectId);
      return s.tasksOf(projectId).map((t) => structuredClone(t));
    });
  }
  getTaskById(id: string): Promise<TaskRecord | null> {
    return this.#read((s) => copyOrNull(s.tasks.get(id)));
  }
  getTaskByName(projectId: string, name: string): Promise<TaskRecord | null> {
    return this.#read((s) => copyOrNull(s.taskByName(projectId, name)));
  }
  createTask(task: TaskRecord): Promise<TaskRecord> {
    return this.#put((s) => {
      if (!s.projects.has(task.projectId)) throw new NonExistingProjectError(task.projectId);
      if (s.tasks.has(task.id) || s.taskByName(task.projectId, task.name))
        throw new ExistingTaskError(task.name);
      return { op: 'put', kind: 'task', record: storedTask(task) };
    });
  }
  updateTask(task: TaskRecord): Promise<TaskRecord> {
    return this.#put((s) => {
      const old = s.tasks.get(task.id);
      if (!old) throw new NonExistingTaskError(task.name);
      if (!s.projects.has(task.projectId)) throw new NonExistingProjectError(task.projectId);
      if ((s.taskByName(task.projectId, task.name)?.id ?? task.id) !== task.id)
        throw new ExistingTaskError(task.name);
      return {
        op: 'put',
        kind: 'task',
        record: { ...storedTask(task), creationDate: old.creationDate },
      };
    });
  }
  async deleteTask(id: string, options?: DeleteOptions): Promise<void> {
    await this.#commit((s) => {
      const task = s.tasks.get(id);
      if (!task) throw new NonExistingTaskError(id);
      if (!options?.cascade && s.modelCount(id) > 0) throw new TaskWithModelsError(task.name);
      return { op: 'delete', kind: 'task', id };
    });
  }

  getModels(taskId: string): Promise<ModelRecord[]> {
    return this.#read((s) => {
      if (!s.tasks.has(taskId)) throw new NonExistingTaskError(taskId);
      return s.modelsOf(taskId).map((m) => structuredClone(m));
    });
  }
  getModelById(id: string): Promise<ModelRecord | null> {
    return this.#read((s) => copyOrNull(s.models.get(id)));
  }
  getModelByName(taskId: string, name: string): Promise<ModelRecord | null> {
    return this.#read((s) => copyOrNull(s.modelByName(taskId, name)));
  }
  createModel(model: ModelRecord): Promise<ModelRecord> {
    return this.#put((s) => {
      if (!s.tasks.has(model.taskId)) throw new NonExistingTaskError(model.taskId);
      if (s.models.has(model.id) || s.modelByName(model.taskId, model.name))
        throw new ExistingModelError(model.name);
      return { op: 'put', kind: 'model', record: storedModel(model) };
    });
  }
  updateModel(model: ModelRecord): Promise<ModelRecord> {
    return this.#put((s) => {
      const old = s.models.get(model.id);
      if (!old) throw new NonExistingModelError(model.name);
      if (!s.tasks.has(model.taskId)) throw new NonExistingTaskError(model.taskId);
      if ((s.modelByName(model.taskId, model.name)?.id ?? model.id) !== model.id)
        throw new ExistingModelError(model.name);
      return {
        op: 'put',
        kind: 'model',
        record: { ...storedModel(model), creationDate: old.creationDate },
      };
    });
  }
  async deleteModel(id: string): Promise<void> {
    await this.#commit((s) => {
      if (!s.models.has(id)) throw new NonExistingModelError(id);
      return { op: 'delete', kind: 'model', id };
    });
  }

  /** JSON options that recreate an equivalent repository. */
  /** Removes every project, task and model in one committed operation (one journal line). */
  async clear(): Promise<void> {
    await this.#commit(() => ({ op: 'clear' }));
  }

  abstract getConfig(): JsonObject | undefined;

  /** Persists what must be (see the store) and releases its handles; later calls throw `ClosedError`. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#store.close();
  }

  async #read<T>(view: (state: MetadataState) => T): Promise<T> {
    this.#checkOpen();
    return this.#store.read(view);
  }

  async #commit(plan: (state: MetadataState) => Operation): Promise<Operation> {
    this.#checkOpen();
    let committed: Operation | undefined;
    await this.#store.commit((state) => {
      committed = plan(state);
      return committed;
    });
    return committed!;
  }

  /** Commits a `put` and returns a copy of the record as stored. */
  async #put<R>(plan: (state: MetadataState) => Operation & { op: 'put' }): Promise<R> {
    const operation = (await this.#commit(plan)) as Operation & { op: 'put' };
    return structuredClone(operation.record) as R;
  }

  #checkOpen(): void {
    if (this.#closed) throw new ClosedError(`The ${this.type} metadata repository`);
  }
}
