import type { ModelRecord, ProjectRecord, TaskRecord } from '@ebonite/core/plugin';
import type { Operation } from './operation.js';

/** The whole content of a repository as plain arrays, each in id order: what metadata.json holds. */
export interface StateContent {
  projects: ProjectRecord[];
  tasks: TaskRecord[];
  models: ModelRecord[];
}

/** An operation that does not fit the state (a missing parent, a taken name): the store is inconsistent. */
export class StateConflict extends Error {}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** name -> id, per parent id. */
class NameIndex {
  readonly #byParent = new Map<string, Map<string, string>>();

  get(parent: string, name: string): string | undefined {
    return this.#byParent.get(parent)?.get(name);
  }
  ids(parent: string): Iterable<string> {
    return this.#byParent.get(parent)?.values() ?? [];
  }
  count(parent: string): number {
    return this.#byParent.get(parent)?.size ?? 0;
  }
  set(parent: string, name: string, id: string): void {
    const names = this.#byParent.get(parent);
    if (names) names.set(name, id);
    else this.#byParent.set(parent, new Map([[name, id]]));
  }
  delete(parent: string, name: string): void {
    const names = this.#byParent.get(parent);
    names?.delete(name);
    if (names?.size === 0) this.#byParent.delete(parent);
  }
}

const ROOT = '';

/** A stored entry kept as it was read because it cannot be indexed, and why. */
export interface UnindexedEntry {
  list: 'projects' | 'tasks' | 'models';
  record: unknown;
  problem: string;
}

/**
 * All projects, tasks and models of a repository in memory, indexed by id and by name within the parent,
 * so every check and change is O(1) whatever the size of the registry. It only enforces the invariants
 * (unique names, existing parents); the repository's rules and errors live in the repository.
 */
export class MetadataState {
  readonly projects = new Map<string, ProjectRecord>();
  readonly tasks = new Map<string, TaskRecord>();
  readonly models = new Map<string, ModelRecord>();
  readonly #projectNames = new NameIndex();
  readonly #taskNames = new NameIndex();
  readonly #modelNames = new NameIndex();

  /**
   * Entries of the stored file that could not be indexed (no id, name or parent; a parent that does not
   * exist; a name or id taken twice), kept exactly as read so that a compaction writes them back.
   */
  readonly unindexed: UnindexedEntry[] = [];

  /**
   * Builds a state from stored content. A record that breaks an invariant (a missing parent, a taken
   * name) is kept aside in {@link unindexed}, so one bad record never makes the rest unreadable.
   */
  static from(content: StateContent, unindexed: UnindexedEntry[] = []): MetadataState {
    const state = new MetadataState();
    state.unindexed.push(...unindexed);
    const lists = [
      ['project', 'projects', content.projects],
      ['task', 'tasks', content.tasks],
      ['model', 'models', content.models],
    ] as const;
    for (const [kind, list, records] of lists) {
      for (const record of records) {
        try {
          state.apply({ op: 'put', kind, record } as Operation);
        } catch (error) {
          if (!(error instanceof StateConflict)) throw error;
          state.unindexed.push({ list, record, problem: error.message });
        }
      }
    }
    return state;
  }

  projectByName(name: string): ProjectRecord | undefined {
    return this.#lookup(this.projects, this.#projectNames.get(ROOT, name));
  }
  taskByName(projectId: string, name: string): TaskRecord | undefined {
    return this.#lookup(this.tasks, this.#taskNames.get(projectId, name));
  }
  modelByName(taskId: string, name: string): ModelRecord | undefined {
    return this.#lookup(this.models, this.#modelNames.get(taskId, name));
  }
  taskCount(projectId: string): number {
    return this.#taskNames.count(projectId);
  }
  modelCount(taskId: string): number {
    return this.#modelNames.count(taskId);
  }
  /** The tasks of a project, in id order. */
  tasksOf(projectId: string): TaskRecord[] {
    return [...this.#taskNames.ids(projectId)].map((id) => this.tasks.get(id)!).sort(byId);
  }
  /** The models of a task, in id order. */
  modelsOf(taskId: string): ModelRecord[] {
    return [...this.#modelNames.ids(taskId)].map((id) => this.models.get(id)!).sort(byId);
  }

  /** The indexed projects, in id order. */
  projectList(): ProjectRecord[] {
    return [...this.projects.values()].sort(byId);
  }

  /** Everything, each list in id order (entries that could not be indexed last, as they were read). */
  content(): StateContent {
    const kept = (list: UnindexedEntry['list']) =>
      this.unindexed.filter((u) => u.list === list).map((u) => u.record) as never[];
    return {
      projects: [...[...this.projects.values()].sort(byId), ...kept('projects')],
      tasks: [...[...this.tasks.values()].sort(byId), ...kept('tasks')],
      models: [...[...this.models.values()].sort(byId), ...kept('models')],
    };
  }

  /** Applies a committed operation. The records are kept as given: pass copies the state may own. */
  apply(operation: Operation): void {
    if (operation.op === 'clear') {
      for (const id of [...this.projects.keys()]) this.#deleteProject(id);
      return;
    }
    if (operation.op === 'delete') {
      if (operation.kind === 'project') this.#deleteProject(operation.id);
      else if (operation.kind === 'task') this.#deleteTask(operation.id);
      else this.#deleteModel(operation.id);
      return;
    }
    if (operation.kind === 'project') {
      this.#put(this.projects, this.#projectNames, operation.record, () => ROOT);
    } else if (operation.kind === 'task') {
      if (!this.projects.has(operation.record.projectId))
        throw new StateConflict(
          `task ${operation.record.id} belongs to the absent project ${operation.record.projectId}`,
        );
      this.#put(this.tasks, this.#taskNames, operation.record, (task) => task.projectId);
    } else {
      if (!this.tasks.has(operation.record.taskId))
        throw new StateConflict(
          `model ${operation.record.id} belongs to the absent task ${operation.record.taskId}`,
        );
      this.#put(this.models, this.#modelNames, operation.record, (model) => model.taskId);
    }
  }

  #lookup<T>(records: Map<string, T>, id: string | undefined): T | undefined {
    return id === undefined ? undefined : records.get(id);
  }

  #put<T extends { id: string; name: string }>(
    records: Map<string, T>,
    names: NameIndex,
    record: T,
    parentOf: (record: T) => string,
  ): void {
    const parent = parentOf(record);
    const holder = names.get(parent, record.name);
    if (holder !== undefined && holder !== record.id)
      throw new StateConflict(
        `the name "${record.name}" of ${record.id} is already taken by ${holder}`,
      );
    const old = records.get(record.id);
    if (old) names.delete(parentOf(old), old.name);
    records.set(record.id, record);
    names.set(parent, record.name, record.id);
  }

  #deleteProject(id: string): void {
    const project = this.#existing(this.projects, id);
    for (const taskId of [...this.#taskNames.ids(id)]) this.#deleteTask(taskId);
    this.projects.delete(id);
    this.#projectNames.delete(ROOT, project.name);
  }
  #deleteTask(id: string): void {
    const task = this.#existing(this.tasks, id);
    for (const modelId of [...this.#modelNames.ids(id)]) this.#deleteModel(modelId);
    this.tasks.delete(id);
    this.#taskNames.delete(task.projectId, task.name);
  }
  #deleteModel(id: string): void {
    const model = this.#existing(this.models, id);
    this.models.delete(id);
    this.#modelNames.delete(model.taskId, model.name);
  }
  #existing<T>(records: Map<string, T>, id: string): T {
    const record = records.get(id);
    if (record === undefined) throw new StateConflict(`${id} is deleted but does not exist`);
    return record;
  }
}
