import { redactCredentials } from '../config/credentials.js';
import type {
  AnyMetadataRepository,
  DeleteModelOptions,
  DeleteOptions,
  MetadataRepositoryV2,
} from '../contracts/metadata-repository.js';
import { InvalidInputError } from '../errors/input-errors.js';
import { ClosedError, NotSupportedError } from '../errors/store-errors.js';
import { validateAlias } from '../objects/alias-names.js';
import { defaultAuthor } from '../objects/author.js';
import { nowIso } from '../objects/ids.js';
import { validateId, validateName } from '../objects/names.js';
import { type RecordKind, recordProblem } from '../objects/record-checks.js';
import type {
  AliasEvent,
  AliasRecord,
  ChangeStamp,
  JsonObject,
  ModelRecord,
  ModelSearch,
  NewModelRecord,
  ProjectRecord,
  TagChanges,
  TaskRecord,
} from '../objects/records.js';
import { validateTagChanges } from '../objects/tags.js';
import { checkImportedEvents, checkStamp } from './alias-checks.js';
import { checkModelSearch } from './check-model-search.js';
import { ReturnedRecords } from './returned-records.js';
import { searchV1 } from './v1-search.js';
import { v1Unsupported } from './v1-unsupported.js';
import { onceClose, wrapFailure } from './wrap-failure.js';

/**
 * The core's guard around any metadata repository, of contract v1 or v2. It gives the client the v2 API
 * either way: names, ids, tags, aliases and searches are validated before the plugin sees them,
 * records coming back are checked (`tags` and `version` too for v2), failures become `EboniteError`s
 * with the original as `cause`, `close()` is idempotent and a call after it throws `ClosedError`.
 *
 * Over a v1 repository: records read back show `tags: {}` and `version: null`, and records given to it
 * lose those fields; `searchModels` is emulated with v1 reads (each page reads every model in the
 * searched scope, see {@link searchV1}); tags, aliases, version numbers, unnamed creates and tag
 * filters throw `NotSupportedError` (`E_NOT_SUPPORTED`) naming the plugin's type and contract v1.
 */
export class GuardedMetadataRepository implements MetadataRepositoryV2 {
  readonly specificationVersion = 'v2' as const;
  readonly #close: () => Promise<void>;
  readonly #records: ReturnedRecords;
  #closed = false;

  constructor(readonly inner: AnyMetadataRepository) {
    this.#records = new ReturnedRecords(
      () => inner.specificationVersion,
      () => this.#where(),
    );
    this.#close = onceClose(() =>
      wrapFailure(`Closing the ${inner.type} metadata repository`, () => inner.close()),
    );
  }

  get type(): string {
    return this.inner.type;
  }

  /** The contract the plugin implements: `v1` (a client without tags, aliases and versions) or `v2`. */
  get contractVersion(): 'v1' | 'v2' {
    return this.inner.specificationVersion;
  }

  /** Throws `NotSupportedError` naming `feature` (`"Tags"`, ...) when the plugin implements contract v1. */
  requireV2(feature: string): void {
    if (this.inner.specificationVersion !== 'v2') throw v1Unsupported(this.type, feature);
  }

  #call<T>(what: string, call: (inner: AnyMetadataRepository) => Promise<T>): Promise<T> {
    if (this.#closed)
      return Promise.reject(new ClosedError(`The ${this.type} metadata repository`));
    return wrapFailure(`${what} in the ${this.type} metadata repository`, () => call(this.inner));
  }

  /** A call only a v2 repository can serve; `what` names the feature a v1 one refuses. */
  #callV2<T>(
    feature: string,
    what: string,
    call: (inner: MetadataRepositoryV2) => Promise<T>,
  ): Promise<T> {
    const inner = this.inner;
    if (inner.specificationVersion !== 'v2')
      return Promise.reject(v1Unsupported(this.type, feature));
    return this.#call(what, () => call(inner));
  }

  async getProjects() {
    return this.#records.list(
      'project',
      await this.#call('Listing projects', (r) => r.getProjects()),
    );
  }
  async getProjectById(id: string) {
    validateId('project', id);
    return this.#records.one(
      'project',
      await this.#call(`Reading project ${id}`, (r) => r.getProjectById(id)),
    );
  }
  async getProjectByName(name: string) {
    validateName('project', name);
    return this.#records.one(
      'project',
      await this.#call(`Reading project "${name}"`, (r) => r.getProjectByName(name)),
    );
  }
  async createProject(project: ProjectRecord) {
    checkProject(project);
    return this.#records.stored(
      'project',
      await this.#call(`Creating project "${project.name}"`, (r) => r.createProject(project)),
    );
  }
  async updateProject(project: ProjectRecord) {
    checkProject(project);
    return this.#records.stored(
      'project',
      await this.#call(`Updating project "${project.name}"`, (r) => r.updateProject(project)),
    );
  }
  async deleteProject(id: string, options?: DeleteOptions) {
    validateId('project', id);
    return this.#call(`Deleting project ${id}`, (r) =>
      r.deleteProject(id, { cascade: options?.cascade ?? false }),
    );
  }

  async getTasks(projectId: string) {
    validateId('project', projectId);
    return this.#records.list(
      'task',
      await this.#call(`Listing the tasks of project ${projectId}`, (r) => r.getTasks(projectId)),
    );
  }
  async getTaskById(id: string) {
    validateId('task', id);
    return this.#records.one(
      'task',
      await this.#call(`Reading task ${id}`, (r) => r.getTaskById(id)),
    );
  }
  async getTaskByName(projectId: string, name: string) {
    validateId('project', projectId);
    validateName('task', name);
    return this.#records.one(
      'task',
      await this.#call(`Reading task "${name}"`, (r) => r.getTaskByName(projectId, name)),
    );
  }
  async createTask(task: TaskRecord) {
    checkTask(task);
    const given = this.#toInnerTask({ ...task, tags: task.tags ?? {} });
    return this.#records.stored(
      'task',
      await this.#call(`Creating task "${task.name}"`, (r) => r.createTask(given)),
    );
  }
  async updateTask(task: TaskRecord) {
    checkTask(task);
    const given = this.#toInnerTask(task, false);
    return this.#records.stored(
      'task',
      await this.#call(`Updating task "${task.name}"`, (r) => r.updateTask(given)),
    );
  }
  async deleteTask(id: string, options?: DeleteOptions) {
    validateId('task', id);
    return this.#call(`Deleting task ${id}`, (r) =>
      r.deleteTask(id, { cascade: options?.cascade ?? false }),
    );
  }

  async getModels(taskId: string) {
    validateId('task', taskId);
    return this.#records.list(
      'model',
      await this.#call(`Listing the models of task ${taskId}`, (r) => r.getModels(taskId)),
    );
  }
  async getModelById(id: string) {
    validateId('model', id);
    return this.#records.one(
      'model',
      await this.#call(`Reading model ${id}`, (r) => r.getModelById(id)),
    );
  }
  async getModelByName(taskId: string, name: string) {
    validateId('task', taskId);
    validateName('model', name);
    return this.#records.one(
      'model',
      await this.#call(`Reading model "${name}"`, (r) => r.getModelByName(taskId, name)),
    );
  }
  /**
   * Creates a model: with `name: null`, the repository allocates the task's next version (contract
   * v2 only). A record with both a name and a version (a copy) is stored as given.
   */
  async createModel(model: NewModelRecord | ModelRecord) {
    const record: NewModelRecord = {
      ...model,
      version: model.version ?? null,
      tags: model.tags ?? {},
    };
    if (record.name === null && record.version !== null)
      throw new InvalidInputError(
        'Invalid model record: a version is given without its name; give both (a copied model) or neither (a new version).',
      );
    // An unnamed record is checked with the name a version will give it.
    checkModel({ ...record, name: record.name ?? 'v1' });
    const label = record.name === null ? 'a new version' : `model "${record.name}"`;
    const inner = this.inner;
    if (inner.specificationVersion === 'v2')
      return this.#records.stored(
        'model',
        await this.#call(`Creating ${label}`, () => inner.createModel(record)),
      );
    if (record.name === null)
      throw v1Unsupported(this.type, 'Pushing a model without a name (the next version)');
    if (record.version !== null) throw v1Unsupported(this.type, 'Version numbers');
    if (Object.keys(record.tags).length) throw v1Unsupported(this.type, 'Tags');
    const { version: _v, tags: _t, ...plain } = record;
    const given = { ...plain, name: record.name };
    return this.#records.stored(
      'model',
      await this.#call(`Creating ${label}`, () => inner.createModel(given)),
    );
  }
  /** Replaces a model's record; `tags`, `version` and `creationDate` stay as stored. */
  async updateModel(model: ModelRecord) {
    checkModel(model, true);
    const given = this.inner.specificationVersion === 'v1' ? withoutV2Fields(model) : model;
    return this.#records.stored(
      'model',
      await this.#call(`Updating model "${model.name}"`, (r) => r.updateModel(given)),
    );
  }
  /**
   * Deletes a model. With `force` (contract v2), the aliases pointing at it go too, stamped with
   * `options.stamp` (by default the operating-system user, now); a v1 repository has no aliases.
   */
  async deleteModel(id: string, options: DeleteModelOptions = {}) {
    validateId('model', id);
    const inner = this.inner;
    if (inner.specificationVersion === 'v1')
      return this.#call(`Deleting model ${id}`, () => inner.deleteModel(id));
    const stamp = options.stamp ?? { author: defaultAuthor(), at: nowIso() };
    checkStamp(stamp);
    const force = options.force ?? false;
    return this.#call(`Deleting model ${id}`, () => inner.deleteModel(id, { force, stamp }));
  }

  /** Merges tag changes into a model's tags (`null` removes a key); returns the stored model. */
  async setModelTags(modelId: string, changes: TagChanges) {
    validateId('model', modelId);
    const checked = validateTagChanges(changes);
    return this.#records.stored(
      'model',
      await this.#callV2('Tags', `Tagging model ${modelId}`, (r) =>
        r.setModelTags(modelId, checked),
      ),
    );
  }
  /** Merges tag changes into a task's tags; returns the stored task. */
  async setTaskTags(taskId: string, changes: TagChanges) {
    validateId('task', taskId);
    const checked = validateTagChanges(changes);
    return this.#records.stored(
      'task',
      await this.#callV2('Tags', `Tagging task ${taskId}`, (r) => r.setTaskTags(taskId, checked)),
    );
  }

  async getAliases(taskId: string): Promise<AliasRecord[]> {
    validateId('task', taskId);
    return this.#records.list(
      'alias',
      await this.#callV2('Aliases', `Listing the aliases of task ${taskId}`, (r) =>
        r.getAliases(taskId),
      ),
    );
  }
  async getAlias(taskId: string, alias: string): Promise<AliasRecord | null> {
    validateId('task', taskId);
    validateAlias(alias);
    return this.#records.one(
      'alias',
      await this.#callV2('Aliases', `Reading alias "${alias}"`, (r) => r.getAlias(taskId, alias)),
    );
  }
  async setAlias(taskId: string, alias: string, modelId: string, stamp: ChangeStamp) {
    validateId('task', taskId);
    validateAlias(alias);
    validateId('model', modelId);
    checkStamp(stamp);
    return this.#records.stored(
      'alias',
      await this.#callV2('Aliases', `Setting alias "${alias}"`, (r) =>
        r.setAlias(taskId, alias, modelId, { author: stamp.author, at: stamp.at }),
      ),
    );
  }
  async deleteAlias(taskId: string, alias: string, stamp: ChangeStamp): Promise<void> {
    validateId('task', taskId);
    validateAlias(alias);
    checkStamp(stamp);
    return this.#callV2('Aliases', `Deleting alias "${alias}"`, (r) =>
      r.deleteAlias(taskId, alias, { author: stamp.author, at: stamp.at }),
    );
  }
  async getAliasHistory(taskId: string, alias: string): Promise<AliasEvent[]> {
    validateId('task', taskId);
    validateAlias(alias);
    return this.#records.list(
      'alias event',
      await this.#callV2('Aliases', `Reading the history of alias "${alias}"`, (r) =>
        r.getAliasHistory(taskId, alias),
      ),
    );
  }

  /** Every history entry of every alias of a task, grouped by alias, oldest first (see the contract). */
  async getAliasEvents(taskId: string): Promise<AliasEvent[]> {
    validateId('task', taskId);
    return this.#records.list(
      'alias event',
      await this.#callV2('Aliases', `Reading the alias history of task ${taskId}`, (r) =>
        r.getAliasEvents(taskId),
      ),
    );
  }
  /** Appends a copied alias history and sets the aliases it touches to their last targets (see the contract). */
  async importAliasEvents(taskId: string, events: AliasEvent[]): Promise<void> {
    validateId('task', taskId);
    const checked = checkImportedEvents(taskId, events);
    return this.#callV2('Aliases', `Importing the alias history of task ${taskId}`, (r) =>
      r.importAliasEvents(taskId, checked),
    );
  }

  /**
   * One keyset page of models (see the contract). Over a v1 repository it is emulated: every page
   * reads every model in the searched scope (see {@link searchV1}), and tag filters are refused.
   */
  async searchModels(search: ModelSearch): Promise<ModelRecord[]> {
    checkModelSearch(search);
    const inner = this.inner;
    if (inner.specificationVersion === 'v2') {
      const found = this.#records.list(
        'model',
        await this.#call('Searching models', () => inner.searchModels(search)),
      );
      return found.slice(0, search.limit);
    }
    if (Object.keys(search.tags).length) throw v1Unsupported(this.type, 'Searching by tags');
    return this.#call('Searching models', () =>
      searchV1(inner, search, (records) => this.#records.list('model', records)),
    );
  }

  /** A task as the plugin takes it: without `tags` for a v1 one (refused when there are some to store). */
  #toInnerTask(task: TaskRecord, creating = true): TaskRecord {
    if (this.inner.specificationVersion === 'v2') return task;
    if (creating && task.tags && Object.keys(task.tags).length)
      throw v1Unsupported(this.type, 'Tags');
    const { tags: _t, ...plain } = task;
    return plain;
  }

  /** The repository for messages: its type and, when its config tells, where it keeps its data. */
  #where(): string {
    const config = this.inner.getConfig?.() ?? {};
    const place = config.path ?? config.url ?? config.file;
    return typeof place === 'string'
      ? `${this.type} metadata repository at ${redactCredentials(place)}`
      : `${this.type} metadata repository`;
  }

  /** Removes everything the repository stores (see the contract); `E_NOT_SUPPORTED` when it cannot. */
  async clear(): Promise<void> {
    const inner = this.inner;
    if (this.#closed) throw new ClosedError(`The ${this.type} metadata repository`);
    if (!inner.clear) throw new NotSupportedError(`Clearing a ${this.type} metadata repository`);
    return wrapFailure(`Clearing the ${this.type} metadata repository`, () => inner.clear!());
  }

  getConfig(): JsonObject | undefined {
    return this.inner.getConfig?.();
  }

  close(): Promise<void> {
    this.#closed = true;
    return this.#close();
  }
}

/** New records meet every rule; an update may keep artifact names stored before the current limits. */
function checkRecord(kind: RecordKind, record: unknown, stored = false): void {
  const problem = recordProblem(kind, record, { stored });
  if (problem) throw new InvalidInputError(`Invalid ${kind} record: ${problem}.`);
}

function checkProject(project: ProjectRecord): void {
  checkRecord('project', project);
}

function checkTask(task: TaskRecord): void {
  checkRecord('task', task);
}

function checkModel(
  model: ModelRecord | (NewModelRecord & { name: string }),
  stored = false,
): void {
  checkRecord('model', model, stored);
}

/** A model record without the fields a v1 repository does not know. */
function withoutV2Fields(model: ModelRecord): ModelRecord {
  const { tags: _t, version: _v, ...plain } = model;
  return plain;
}
