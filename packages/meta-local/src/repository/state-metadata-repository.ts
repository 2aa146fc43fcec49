import {
  type AliasEvent,
  type AliasRecord,
  type ChangeStamp,
  ClosedError,
  type DeleteModelOptions,
  type DeleteOptions,
  ExistingProjectError,
  ExistingTaskError,
  type JsonObject,
  type MetadataRepositoryV2,
  type ModelRecord,
  type ModelSearch,
  type NewModelRecord,
  NonExistingProjectError,
  NonExistingTaskError,
  type ProjectRecord,
  ProjectWithTasksError,
  type TagChanges,
  type TaskRecord,
  TaskWithModelsError,
} from '@ebonite/core/plugin';
import type { MetadataState } from '../state/metadata-state.js';
import type { Operation } from '../state/operation.js';
import type { MetadataStore } from './metadata-store.js';
import {
  createModelPlan,
  deleteAliasPlan,
  deleteModelPlan,
  importAliasEventsPlan,
  setAliasPlan,
  setModelTagsPlan,
  setTaskTagsPlan,
  updateModelPlan,
} from './model-plans.js';
import { copyOrNull, jsonCopy, storedProject, storedTask } from './records.js';

/**
 * The rules of a metadata repository, contract v2 (unique names, existing parents, cascades, versions,
 * tags, aliases with their history, search, copies in and out), written once over a
 * {@link MetadataStore}. The `local` and `inmemory` repositories differ only in their store.
 */
export abstract class StateMetadataRepository implements MetadataRepositoryV2 {
  readonly specificationVersion = 'v2' as const;
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
      const { creationDate, tags = {} } = old;
      return { op: 'put', kind: 'task', record: { ...storedTask(task), creationDate, tags } };
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
  /** Stores a new model; with `name: null`, allocates the task's next version (see the contract). */
  createModel(model: NewModelRecord | ModelRecord): Promise<ModelRecord> {
    return this.#put(createModelPlan(model));
  }
  /** Replaces a model; `creationDate`, `version` and `tags` stay as stored. */
  updateModel(model: ModelRecord): Promise<ModelRecord> {
    return this.#put(updateModelPlan(model));
  }
  async deleteModel(id: string, options?: DeleteModelOptions): Promise<void> {
    await this.#commit(deleteModelPlan(id, options));
  }

  setModelTags(modelId: string, changes: TagChanges): Promise<ModelRecord> {
    return this.#put(setModelTagsPlan(modelId, changes));
  }
  setTaskTags(taskId: string, changes: TagChanges): Promise<TaskRecord> {
    return this.#put(setTaskTagsPlan(taskId, changes));
  }

  getAliases(taskId: string): Promise<AliasRecord[]> {
    return this.#read((s) => {
      if (!s.tasks.has(taskId)) throw new NonExistingTaskError(taskId);
      return s.aliases.list(taskId).map((a) => ({ ...a }));
    });
  }
  getAlias(taskId: string, alias: string): Promise<AliasRecord | null> {
    return this.#read((s) => copyOrNull(s.aliases.get(taskId, alias)));
  }
  async setAlias(
    taskId: string,
    alias: string,
    modelId: string,
    stamp: ChangeStamp,
  ): Promise<AliasRecord> {
    let stored: AliasRecord | undefined;
    await this.#commit(setAliasPlan(taskId, alias, modelId, stamp, (a) => (stored = a)));
    return stored!;
  }
  async deleteAlias(taskId: string, alias: string, stamp: ChangeStamp): Promise<void> {
    await this.#commit(deleteAliasPlan(taskId, alias, stamp));
  }
  getAliasHistory(taskId: string, alias: string): Promise<AliasEvent[]> {
    return this.#read((s) => {
      if (!s.tasks.has(taskId)) throw new NonExistingTaskError(taskId);
      return s.aliases.history(taskId, alias).map((e) => ({ ...e }));
    });
  }

  /** Every history entry of every alias of the task, grouped by alias, each oldest first. */
  getAliasEvents(taskId: string): Promise<AliasEvent[]> {
    return this.#read((s) => {
      if (!s.tasks.has(taskId)) throw new NonExistingTaskError(taskId);
      return s.aliases.events(taskId).map((e) => ({ ...e }));
    });
  }
  /** Appends an imported alias history in one committed operation (see the contract). */
  async importAliasEvents(taskId: string, events: AliasEvent[]): Promise<void> {
    await this.#commit(importAliasEventsPlan(taskId, events));
  }

  /** A keyset page of models (see the contract), from the in-memory search index. */
  searchModels(search: ModelSearch): Promise<ModelRecord[]> {
    // one JSON round trip for the page: cheaper than a structuredClone per record
    return this.#read((s) => jsonCopy(s.search(search)));
  }

  /** Removes every project, task and model (and alias) in one committed operation (one journal line). */
  async clear(): Promise<void> {
    await this.#commit(() => ({ op: 'clear' }));
  }

  /** JSON options that recreate an equivalent repository. */
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

  async #commit(plan: (state: MetadataState) => Operation | null): Promise<Operation | null> {
    this.#checkOpen();
    let committed: Operation | null = null;
    await this.#store.commit((state) => {
      committed = plan(state);
      return committed;
    });
    return committed;
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
