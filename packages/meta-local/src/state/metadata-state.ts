import type {
  AliasEvent,
  AliasRecord,
  ModelRecord,
  ModelSearch,
  ProjectRecord,
  TaskRecord,
} from '@ebonite/core/plugin';
import { AliasBook } from './alias-book.js';
import { NameIndex } from './name-index.js';
import { aliasEventProblem, aliasProblem, type Operation } from './operation.js';
import { SearchIndex } from './search-index.js';

/**
 * The whole content of a repository as plain arrays, each in id order: what metadata.json holds.
 * `versions` is each task's last allocated version number (kept after its model is deleted, so that
 * it is never reused); `aliases` the aliases set, by task and alias; `aliasHistory` every alias
 * event, by task and alias in recorded order. The last three are absent in a store of 0.1.x.
 */
export interface StateContent {
  projects: ProjectRecord[];
  tasks: TaskRecord[];
  models: ModelRecord[];
  versions?: Record<string, number>;
  aliases?: AliasRecord[];
  aliasHistory?: AliasEvent[];
}

/** An operation that does not fit the state (a missing parent, a taken name): the store is inconsistent. */
export class StateConflict extends Error {}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const ROOT = '';

/** A stored entry kept as it was read because it cannot be indexed, and why. */
export interface UnindexedEntry {
  list: 'projects' | 'tasks' | 'models' | 'aliases' | 'aliasHistory';
  record: unknown;
  problem: string;
}

/**
 * All projects, tasks and models of a repository in memory, indexed by id and by name within the parent,
 * so every check and change is O(1) whatever the size of the registry; with each task's version
 * counter, the aliases and their history, and the search index. It only enforces the invariants
 * (unique names, existing parents); the repository's rules and errors live in the repository.
 */
export class MetadataState {
  readonly projects = new Map<string, ProjectRecord>();
  readonly tasks = new Map<string, TaskRecord>();
  readonly models = new Map<string, ModelRecord>();
  readonly aliases = new AliasBook();
  readonly #versions = new Map<string, number>();
  readonly #projectNames = new NameIndex();
  readonly #taskNames = new NameIndex();
  readonly #modelNames = new NameIndex();
  readonly #search = new SearchIndex(this.models, (taskId) => this.tasks.get(taskId)?.projectId);

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
    const keep = (list: UnindexedEntry['list'], record: unknown, problem: string) =>
      state.unindexed.push({ list, record, problem });
    for (const [kind, list, records] of lists) {
      for (const record of records) {
        try {
          state.apply({ op: 'put', kind, record } as Operation);
        } catch (error) {
          if (!(error instanceof StateConflict)) throw error;
          keep(list, record, error.message);
        }
      }
    }
    for (const [taskId, last] of Object.entries(content.versions ?? {}))
      if (state.tasks.has(taskId) && Number.isSafeInteger(last)) state.raiseVersion(taskId, last);
    for (const alias of content.aliases ?? []) {
      const problem = aliasProblem(alias) ?? state.#missingTask(alias.taskId, 'alias');
      if (problem) keep('aliases', alias, problem);
      else state.aliases.set(alias);
    }
    for (const event of content.aliasHistory ?? []) {
      const problem = aliasEventProblem(event) ?? state.#missingTask(event.taskId, 'alias event');
      if (problem) keep('aliasHistory', event, problem);
      else state.aliases.addHistory(event);
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

  /** The last version number allocated in a task (0: none yet). */
  lastVersion(taskId: string): number {
    return this.#versions.get(taskId) ?? 0;
  }

  /** The number the next unnamed model of a task gets: above the last one, its name `v<n>` free. */
  nextVersion(taskId: string): number {
    let next = this.lastVersion(taskId) + 1;
    while (this.modelByName(taskId, `v${next}`)) next++;
    return next;
  }

  /** Raises a task's version counter to at least `version`. */
  raiseVersion(taskId: string, version: number): void {
    if (version > this.lastVersion(taskId)) this.#versions.set(taskId, version);
  }

  /** The models matching a search, at most `search.limit` (see {@link SearchIndex}). */
  search(search: ModelSearch): ModelRecord[] {
    return this.#search.search(search);
  }

  /** Everything, each list in id order (entries that could not be indexed last, as they were read). */
  content(): Required<StateContent> {
    const kept = (list: UnindexedEntry['list']) =>
      this.unindexed.filter((u) => u.list === list).map((u) => u.record) as never[];
    const versions: Record<string, number> = {};
    for (const taskId of [...this.#versions.keys()].sort())
      versions[taskId] = this.#versions.get(taskId)!;
    const { aliases, aliasHistory } = this.aliases.content();
    return {
      projects: [...[...this.projects.values()].sort(byId), ...kept('projects')],
      tasks: [...[...this.tasks.values()].sort(byId), ...kept('tasks')],
      models: [...[...this.models.values()].sort(byId), ...kept('models')],
      versions,
      aliases: [...aliases, ...kept('aliases')],
      aliasHistory: [...aliasHistory, ...kept('aliasHistory')],
    };
  }

  /** Applies a committed operation. The records are kept as given: pass copies the state may own. */
  apply(operation: Operation): void {
    switch (operation.op) {
      case 'clear':
        for (const id of [...this.projects.keys()]) this.#deleteProject(id);
        this.aliases.clear();
        this.#versions.clear();
        return;
      case 'alias': {
        const problem = this.#missingTask(operation.event.taskId, 'alias event');
        if (problem) throw new StateConflict(problem);
        this.aliases.record(operation.event);
        return;
      }
      case 'aliases': {
        for (const event of operation.events) {
          const problem = this.#missingTask(event.taskId, 'alias event');
          if (problem) throw new StateConflict(problem);
        }
        for (const event of operation.events) this.aliases.record(event);
        return;
      }
      case 'delete':
        for (const event of operation.events ?? []) this.apply({ op: 'alias', event });
        if (operation.kind === 'project') this.#deleteProject(operation.id);
        else if (operation.kind === 'task') this.#deleteTask(operation.id);
        else this.#deleteModel(operation.id);
        return;
    }
    if (operation.kind === 'project') {
      this.#put(this.projects, this.#projectNames, operation.record, () => ROOT);
    } else if (operation.kind === 'task') {
      this.#putTask(operation.record);
    } else {
      this.#putModel(operation.record);
    }
  }

  #putTask(task: TaskRecord): void {
    if (!this.projects.has(task.projectId))
      throw new StateConflict(`task ${task.id} belongs to the absent project ${task.projectId}`);
    task.tags ??= {};
    const old = this.tasks.get(task.id);
    this.#put(this.tasks, this.#taskNames, task, (t) => t.projectId);
    if (old === undefined || old.projectId === task.projectId) return;
    // its models change project: out of the old project's lists, into the new one's
    for (const model of this.modelsOf(task.id)) {
      this.#search.removed(model, old.projectId);
      this.#search.added(model);
    }
  }

  #putModel(model: ModelRecord): void {
    if (!this.tasks.has(model.taskId))
      throw new StateConflict(`model ${model.id} belongs to the absent task ${model.taskId}`);
    model.version ??= null;
    model.tags ??= {};
    const old = this.models.get(model.id);
    this.#put(this.models, this.#modelNames, model, (m) => m.taskId);
    if (old) this.#search.removed(old, this.tasks.get(old.taskId)?.projectId);
    this.#search.added(model);
    if (model.version !== null) this.raiseVersion(model.taskId, model.version);
  }

  #missingTask(taskId: string, what: string): string | undefined {
    return this.tasks.has(taskId) ? undefined : `the ${what} belongs to the absent task ${taskId}`;
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
    this.aliases.dropTask(id);
    this.#versions.delete(id);
    this.tasks.delete(id);
    this.#taskNames.delete(task.projectId, task.name);
  }
  #deleteModel(id: string): void {
    const model = this.#existing(this.models, id);
    this.#search.removed(model, this.tasks.get(model.taskId)?.projectId);
    this.aliases.dropModel(id);
    this.models.delete(id);
    this.#modelNames.delete(model.taskId, model.name);
  }
  #existing<T>(records: Map<string, T>, id: string): T {
    const record = records.get(id);
    if (record === undefined) throw new StateConflict(`${id} is deleted but does not exist`);
    return record;
  }
}
