import {
  type AliasEvent,
  type AliasRecord,
  type ChangeStamp,
  compareUtf8,
  type DeleteModelOptions,
  type DeleteOptions,
  ExistingModelError,
  type MetadataRepositoryV2,
  ModelHasAliasesError,
  type ModelRecord,
  type ModelSearch,
  type NewModelRecord,
  NonExistingAliasError,
  NonExistingModelError,
  NonExistingTaskError,
  type ProjectRecord,
  type TagChanges,
  type TaskRecord,
} from '@ebonite/core/plugin';
import { referenceSearch } from '../../src/metadata/v2-search.js';
import { MemoryMetadata, type MemoryStore, newMemoryStore } from './memory-metadata.js';

/** The shared state of {@link MemoryMetadataV2} instances. */
export interface MemoryStoreV2 extends MemoryStore {
  counters: Map<string, number>;
  /** By `taskId` and alias joined with NUL. */
  aliases: Map<string, AliasRecord>;
  history: AliasEvent[];
}

export const newMemoryStoreV2 = (): MemoryStoreV2 => ({
  ...newMemoryStore(),
  counters: new Map(),
  aliases: new Map(),
  history: [],
});

const copy = <T>(value: T): T => structuredClone(value);
const key = (taskId: string, alias: string) => `${taskId}\u0000${alias}`;

/**
 * The reference v2 repository of the suite's own tests: the v1 reference plus counters, tags,
 * aliases and history, all changed synchronously (no await between a check and its write).
 */
export class MemoryMetadataV2 implements MetadataRepositoryV2 {
  readonly specificationVersion = 'v2' as const;
  readonly type = 'reference-memory-v2';
  protected readonly v1: MemoryMetadata;

  constructor(readonly store: MemoryStoreV2 = newMemoryStoreV2()) {
    this.v1 = new MemoryMetadata(store);
  }

  getProjects() {
    return this.v1.getProjects();
  }
  getProjectById(id: string) {
    return this.v1.getProjectById(id);
  }
  getProjectByName(name: string) {
    return this.v1.getProjectByName(name);
  }
  createProject(project: ProjectRecord) {
    return this.v1.createProject(project);
  }
  updateProject(project: ProjectRecord) {
    return this.v1.updateProject(project);
  }
  async deleteProject(id: string, options?: DeleteOptions) {
    await this.v1.deleteProject(id, options);
    this.forgetDeletedTasks();
  }
  getTasks(projectId: string) {
    return this.v1.getTasks(projectId);
  }
  getTaskById(id: string) {
    return this.v1.getTaskById(id);
  }
  getTaskByName(projectId: string, name: string) {
    return this.v1.getTaskByName(projectId, name);
  }
  createTask(task: TaskRecord) {
    return this.v1.createTask({ ...task, tags: task.tags ?? {} });
  }
  updateTask(task: TaskRecord) {
    return this.v1.updateTask({ ...task, tags: this.store.tasks.get(task.id)?.tags ?? {} });
  }
  async deleteTask(id: string, options?: DeleteOptions) {
    await this.v1.deleteTask(id, options);
    this.forgetDeletedTasks();
  }
  getModels(taskId: string) {
    return this.v1.getModels(taskId);
  }
  getModelById(id: string) {
    return this.v1.getModelById(id);
  }
  getModelByName(taskId: string, name: string) {
    return this.v1.getModelByName(taskId, name);
  }
  async createModel(model: NewModelRecord): Promise<ModelRecord> {
    if (!this.store.tasks.has(model.taskId)) throw new NonExistingTaskError(model.taskId);
    if (this.store.models.has(model.id)) throw new ExistingModelError(model.name ?? model.id);
    return this.v1.createModel(this.allocate(model));
  }
  async updateModel(model: ModelRecord): Promise<ModelRecord> {
    const stored = this.store.models.get(model.id);
    if (stored && stored.taskId !== model.taskId) {
      const aliases = this.aliasesOf(model.id);
      if (aliases.length) throw new ModelHasAliasesError(stored.name, aliases);
    }
    return this.v1.updateModel({
      ...model,
      version: stored?.version ?? null,
      tags: stored?.tags ?? {},
    });
  }
  async deleteModel(id: string, options: DeleteModelOptions = {}): Promise<void> {
    const stored = this.store.models.get(id);
    if (!stored) throw new NonExistingModelError(id);
    const aliases = this.aliasesOf(id);
    if (aliases.length && !options.force) throw new ModelHasAliasesError(stored.name, aliases);
    const stamp = options.stamp ?? { author: '', at: new Date().toISOString() };
    for (const alias of aliases) this.removeAlias(stored.taskId, alias, stamp);
    this.store.models.delete(id);
  }

  async setModelTags(modelId: string, changes: TagChanges) {
    const stored = this.store.models.get(modelId);
    if (!stored) throw new NonExistingModelError(modelId);
    stored.tags = merge(stored.tags ?? {}, changes);
    return copy(stored);
  }
  async setTaskTags(taskId: string, changes: TagChanges) {
    const stored = this.store.tasks.get(taskId);
    if (!stored) throw new NonExistingTaskError(taskId);
    stored.tags = merge(stored.tags ?? {}, changes);
    return copy(stored);
  }

  async getAliases(taskId: string) {
    if (!this.store.tasks.has(taskId)) throw new NonExistingTaskError(taskId);
    return [...this.store.aliases.values()]
      .filter((a) => a.taskId === taskId)
      .sort((a, b) => compareUtf8(a.alias, b.alias))
      .map(copy);
  }
  async getAlias(taskId: string, alias: string) {
    return copy(this.store.aliases.get(key(taskId, alias)) ?? null);
  }
  async setAlias(taskId: string, alias: string, modelId: string, stamp: ChangeStamp) {
    if (!this.store.tasks.has(taskId)) throw new NonExistingTaskError(taskId);
    const model = this.store.models.get(modelId);
    if (!model || model.taskId !== taskId) throw new NonExistingModelError(modelId);
    const previous = this.store.aliases.get(key(taskId, alias));
    if (previous?.modelId === modelId) return copy(previous);
    const record = { taskId, alias, modelId, updatedAt: stamp.at, author: stamp.author };
    this.store.aliases.set(key(taskId, alias), record);
    this.record(taskId, alias, modelId, previous?.modelId ?? null, stamp);
    return copy(record);
  }
  async deleteAlias(taskId: string, alias: string, stamp: ChangeStamp) {
    const task = this.store.tasks.get(taskId);
    if (!task) throw new NonExistingTaskError(taskId);
    if (!this.store.aliases.has(key(taskId, alias)))
      throw new NonExistingAliasError(alias, task.name);
    this.removeAlias(taskId, alias, stamp);
  }
  async getAliasHistory(taskId: string, alias: string) {
    if (!this.store.tasks.has(taskId)) throw new NonExistingTaskError(taskId);
    return this.store.history
      .filter((e) => e.taskId === taskId && e.alias === alias)
      .reverse()
      .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
      .map(copy);
  }

  async getAliasEvents(taskId: string) {
    if (!this.store.tasks.has(taskId)) throw new NonExistingTaskError(taskId);
    return this.store.history
      .filter((e) => e.taskId === taskId)
      .sort((a, b) => compareUtf8(a.alias, b.alias))
      .map(copy);
  }
  async importAliasEvents(taskId: string, events: AliasEvent[]) {
    if (!this.store.tasks.has(taskId)) throw new NonExistingTaskError(taskId);
    const last = new Map(events.map((e) => [e.alias, e]));
    for (const { modelId } of last.values())
      if (modelId !== null && this.store.models.get(modelId)?.taskId !== taskId)
        throw new NonExistingModelError(modelId);
    for (const event of events) this.store.history.push(copy(event));
    for (const [alias, event] of last) {
      if (event.modelId === null) this.store.aliases.delete(key(taskId, alias));
      else
        this.store.aliases.set(key(taskId, alias), {
          taskId,
          alias,
          modelId: event.modelId,
          updatedAt: event.at,
          author: event.author,
        });
    }
  }

  async searchModels(search: ModelSearch) {
    const projectOf = new Map([...this.store.tasks.values()].map((t) => [t.id, t.projectId]));
    return referenceSearch([...this.store.models.values()], projectOf, search).map(copy);
  }

  async close() {}

  /** The record to store: a name and a version from the task's counter for an unnamed model. */
  protected allocate(model: NewModelRecord): ModelRecord {
    const last = this.store.counters.get(model.taskId) ?? 0;
    if (model.name !== null) {
      if (model.version !== null)
        this.store.counters.set(model.taskId, Math.max(last, model.version));
      return { ...model, name: model.name };
    }
    let n = last + 1;
    while (this.modelNamed(model.taskId, `v${n}`)) n++;
    this.store.counters.set(model.taskId, n);
    return { ...model, name: `v${n}`, version: n };
  }
  protected modelNamed(taskId: string, name: string): boolean {
    for (const m of this.store.models.values())
      if (m.taskId === taskId && m.name === name) return true;
    return false;
  }
  protected aliasesOf(modelId: string): string[] {
    return [...this.store.aliases.values()]
      .filter((a) => a.modelId === modelId)
      .map((a) => a.alias);
  }
  protected record(
    taskId: string,
    alias: string,
    modelId: string | null,
    previousModelId: string | null,
    stamp: ChangeStamp,
  ) {
    this.store.history.push({
      taskId,
      alias,
      modelId,
      previousModelId,
      at: stamp.at,
      author: stamp.author,
    });
  }
  protected removeAlias(taskId: string, alias: string, stamp: ChangeStamp) {
    const previous = this.store.aliases.get(key(taskId, alias));
    this.store.aliases.delete(key(taskId, alias));
    this.record(taskId, alias, null, previous?.modelId ?? null, stamp);
  }
  protected forgetDeletedTasks() {
    for (const [k, a] of this.store.aliases)
      if (!this.store.tasks.has(a.taskId)) this.store.aliases.delete(k);
    this.store.history = this.store.history.filter((e) => this.store.tasks.has(e.taskId));
    for (const id of this.store.counters.keys())
      if (!this.store.tasks.has(id)) this.store.counters.delete(id);
  }
}

function merge(tags: Record<string, string>, changes: TagChanges): Record<string, string> {
  const merged = { ...tags };
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  return merged;
}
