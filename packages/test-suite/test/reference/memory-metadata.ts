import {
  type DeleteOptions,
  ExistingModelError,
  ExistingProjectError,
  ExistingTaskError,
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

/** The shared state of {@link MemoryMetadata} instances: several repositories on one store. */
export interface MemoryStore {
  projects: Map<string, ProjectRecord>;
  tasks: Map<string, TaskRecord>;
  models: Map<string, ModelRecord>;
}

export const newMemoryStore = (): MemoryStore => ({
  projects: new Map(),
  tasks: new Map(),
  models: new Map(),
});

const copy = <T>(value: T): T => structuredClone(value);
const byId = <T extends { id: string }>(records: Iterable<T>): T[] =>
  [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(copy);

/**
 * The reference metadata repository of the suite's own tests: Maps, copies in and out. No method awaits
 * between its checks and its write, so two instances on one store cannot interleave them.
 */
export class MemoryMetadata implements MetadataRepositoryV1 {
  readonly specificationVersion = 'v1' as const;
  readonly type = 'reference-memory';

  constructor(readonly store: MemoryStore = newMemoryStore()) {}

  async getProjects() {
    return byId(this.store.projects.values());
  }
  async getProjectById(id: string) {
    return copy(this.store.projects.get(id) ?? null);
  }
  async getProjectByName(name: string) {
    return copy(this.projectByName(name));
  }
  async createProject(project: ProjectRecord) {
    if (this.store.projects.has(project.id) || this.projectByName(project.name))
      throw new ExistingProjectError(project.name);
    this.store.projects.set(project.id, copy(project));
    return copy(project);
  }
  async updateProject(project: ProjectRecord) {
    const stored = this.store.projects.get(project.id);
    if (!stored) throw new NonExistingProjectError(project.name);
    const holder = this.projectByName(project.name);
    if (holder && holder.id !== project.id) throw new ExistingProjectError(project.name);
    const updated = { ...copy(project), creationDate: stored.creationDate };
    this.store.projects.set(project.id, updated);
    return copy(updated);
  }
  async deleteProject(id: string, options?: DeleteOptions) {
    if (!this.store.projects.has(id)) throw new NonExistingProjectError(id);
    const tasks = [...this.store.tasks.values()].filter((t) => t.projectId === id);
    if (tasks.length && !options?.cascade)
      throw new ProjectWithTasksError(this.store.projects.get(id)!.name);
    for (const task of tasks) this.removeTask(task.id, true);
    this.store.projects.delete(id);
  }

  async getTasks(projectId: string) {
    if (!this.store.projects.has(projectId)) throw new NonExistingProjectError(projectId);
    return byId([...this.store.tasks.values()].filter((t) => t.projectId === projectId));
  }
  async getTaskById(id: string) {
    return copy(this.store.tasks.get(id) ?? null);
  }
  async getTaskByName(projectId: string, name: string) {
    return copy(this.taskByName(projectId, name));
  }
  async createTask(task: TaskRecord) {
    if (!this.store.projects.has(task.projectId)) throw new NonExistingProjectError(task.projectId);
    if (this.store.tasks.has(task.id) || this.taskByName(task.projectId, task.name))
      throw new ExistingTaskError(task.name);
    this.store.tasks.set(task.id, copy(task));
    return copy(task);
  }
  async updateTask(task: TaskRecord) {
    if (!this.store.tasks.has(task.id)) throw new NonExistingTaskError(task.name);
    if (!this.store.projects.has(task.projectId)) throw new NonExistingProjectError(task.projectId);
    const holder = this.taskByName(task.projectId, task.name);
    if (holder && holder.id !== task.id) throw new ExistingTaskError(task.name);
    const stored = this.store.tasks.get(task.id) as TaskRecord;
    const updated = { ...copy(task), creationDate: stored.creationDate };
    this.store.tasks.set(task.id, updated);
    return copy(updated);
  }
  async deleteTask(id: string, options?: DeleteOptions) {
    this.removeTask(id, options?.cascade ?? false);
  }

  async getModels(taskId: string) {
    if (!this.store.tasks.has(taskId)) throw new NonExistingTaskError(taskId);
    return byId([...this.store.models.values()].filter((m) => m.taskId === taskId));
  }
  async getModelById(id: string) {
    return copy(this.store.models.get(id) ?? null);
  }
  async getModelByName(taskId: string, name: string) {
    return copy(this.modelByName(taskId, name));
  }
  async createModel(model: ModelRecord) {
    if (!this.store.tasks.has(model.taskId)) throw new NonExistingTaskError(model.taskId);
    if (this.store.models.has(model.id) || this.modelByName(model.taskId, model.name))
      throw new ExistingModelError(model.name);
    this.store.models.set(model.id, copy(model));
    return copy(model);
  }
  async updateModel(model: ModelRecord) {
    if (!this.store.models.has(model.id)) throw new NonExistingModelError(model.name);
    if (!this.store.tasks.has(model.taskId)) throw new NonExistingTaskError(model.taskId);
    const holder = this.modelByName(model.taskId, model.name);
    if (holder && holder.id !== model.id) throw new ExistingModelError(model.name);
    const stored = this.store.models.get(model.id) as ModelRecord;
    const updated = { ...copy(model), creationDate: stored.creationDate };
    this.store.models.set(model.id, updated);
    return copy(updated);
  }
  async deleteModel(id: string) {
    if (!this.store.models.delete(id)) throw new NonExistingModelError(id);
  }

  async close() {}

  protected projectByName(name: string): ProjectRecord | null {
    return [...this.store.projects.values()].find((p) => p.name === name) ?? null;
  }
  protected taskByName(projectId: string, name: string): TaskRecord | null {
    return (
      [...this.store.tasks.values()].find((t) => t.projectId === projectId && t.name === name) ??
      null
    );
  }
  protected modelByName(taskId: string, name: string): ModelRecord | null {
    return (
      [...this.store.models.values()].find((m) => m.taskId === taskId && m.name === name) ?? null
    );
  }
  private removeTask(id: string, cascade: boolean): void {
    if (!this.store.tasks.has(id)) throw new NonExistingTaskError(id);
    const models = [...this.store.models.values()].filter((m) => m.taskId === id);
    if (models.length && !cascade) throw new TaskWithModelsError(this.store.tasks.get(id)!.name);
    for (const model of models) this.store.models.delete(model.id);
    this.store.tasks.delete(id);
  }
}
