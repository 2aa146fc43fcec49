import type { DeleteOptions, MetadataRepository } from '../contracts/metadata-repository.js';
import { InvalidInputError } from '../errors/input-errors.js';
import { ClosedError, CorruptedStoreError, NotSupportedError } from '../errors/store-errors.js';
import { validateId, validateName } from '../objects/names.js';
import { type RecordKind, recordProblem } from '../objects/record-checks.js';
import type { JsonObject, ModelRecord, ProjectRecord, TaskRecord } from '../objects/records.js';
import { onceClose, wrapFailure } from './wrap-failure.js';

/**
 * The core's guard around any {@link MetadataRepository}: names and ids are validated before the plugin
 * sees them, failures become `EboniteError`s with the original as `cause`, `close()` is idempotent and a
 * call after it throws `ClosedError`.
 */
export class GuardedMetadataRepository implements MetadataRepository {
  readonly specificationVersion = 'v1' as const;
  readonly #close: () => Promise<void>;
  #closed = false;

  constructor(readonly inner: MetadataRepository) {
    this.#close = onceClose(() =>
      wrapFailure(`Closing the ${inner.type} metadata repository`, () => inner.close()),
    );
  }

  get type(): string {
    return this.inner.type;
  }

  #call<T>(what: string, call: (inner: MetadataRepository) => Promise<T>): Promise<T> {
    if (this.#closed)
      return Promise.reject(new ClosedError(`The ${this.type} metadata repository`));
    return wrapFailure(`${what} in the ${this.type} metadata repository`, () => call(this.inner));
  }

  async getProjects() {
    return this.#list('project', await this.#call('Listing projects', (r) => r.getProjects()));
  }
  async getProjectById(id: string) {
    validateId('project', id);
    return this.#one(
      'project',
      await this.#call(`Reading project ${id}`, (r) => r.getProjectById(id)),
    );
  }
  async getProjectByName(name: string) {
    validateName('project', name);
    return this.#one(
      'project',
      await this.#call(`Reading project "${name}"`, (r) => r.getProjectByName(name)),
    );
  }
  async createProject(project: ProjectRecord) {
    checkProject(project);
    return this.#stored(
      'project',
      await this.#call(`Creating project "${project.name}"`, (r) => r.createProject(project)),
    );
  }
  async updateProject(project: ProjectRecord) {
    checkProject(project);
    return this.#stored(
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
    return this.#list(
      'task',
      await this.#call(`Listing the tasks of project ${projectId}`, (r) => r.getTasks(projectId)),
    );
  }
  async getTaskById(id: string) {
    validateId('task', id);
    return this.#one('task', await this.#call(`Reading task ${id}`, (r) => r.getTaskById(id)));
  }
  async getTaskByName(projectId: string, name: string) {
    validateId('project', projectId);
    validateName('task', name);
    return this.#one(
      'task',
      await this.#call(`Reading task "${name}"`, (r) => r.getTaskByName(projectId, name)),
    );
  }
  async createTask(task: TaskRecord) {
    checkTask(task);
    return this.#stored(
      'task',
      await this.#call(`Creating task "${task.name}"`, (r) => r.createTask(task)),
    );
  }
  async updateTask(task: TaskRecord) {
    checkTask(task);
    return this.#stored(
      'task',
      await this.#call(`Updating task "${task.name}"`, (r) => r.updateTask(task)),
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
    return this.#list(
      'model',
      await this.#call(`Listing the models of task ${taskId}`, (r) => r.getModels(taskId)),
    );
  }
  async getModelById(id: string) {
    validateId('model', id);
    return this.#one('model', await this.#call(`Reading model ${id}`, (r) => r.getModelById(id)));
  }
  async getModelByName(taskId: string, name: string) {
    validateId('task', taskId);
    validateName('model', name);
    return this.#one(
      'model',
      await this.#call(`Reading model "${name}"`, (r) => r.getModelByName(taskId, name)),
    );
  }
  async createModel(model: ModelRecord) {
    checkModel(model);
    return this.#stored(
      'model',
      await this.#call(`Creating model "${model.name}"`, (r) => r.createModel(model)),
    );
  }
  async updateModel(model: ModelRecord) {
    checkModel(model, true);
    return this.#stored(
      'model',
      await this.#call(`Updating model "${model.name}"`, (r) => r.updateModel(model)),
    );
  }
  async deleteModel(id: string) {
    validateId('model', id);
    return this.#call(`Deleting model ${id}`, (r) => r.deleteModel(id));
  }

  /** A record a plugin returned, checked: a bad one is `CorruptedStoreError` naming it. */
  #one<R>(kind: RecordKind, record: R | null): R | null {
    if (record === null) return null;
    const problem = recordProblem(kind, record, { stored: true });
    if (problem) throw corrupted(this.type, kind, record, problem);
    return record;
  }

  /** A record a plugin stored and returned, checked like {@link #one}. */
  #stored<R>(kind: RecordKind, record: R): R {
    const checked = this.#one(kind, record ?? ({} as R));
    return checked as R;
  }

  /** The valid records of a list; a bad one is left out with a warning, so the others stay readable. */
  #list<R>(kind: RecordKind, records: R[]): R[] {
    const valid: R[] = [];
    for (const record of records) {
      const problem = recordProblem(kind, record, { stored: true });
      if (!problem) valid.push(record);
      else warnOnce(corrupted(this.type, kind, record, problem));
    }
    return valid;
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

function checkModel(model: ModelRecord, stored = false): void {
  checkRecord('model', model, stored);
}

function corrupted(type: string, kind: RecordKind, record: unknown, problem: string) {
  const { id, name } = (record ?? {}) as { id?: unknown; name?: unknown };
  return new CorruptedStoreError(
    `The ${type} metadata repository holds a ${kind} record that is not valid (id ${JSON.stringify(id)}, name ${JSON.stringify(name)}): ${problem}. It is left untouched and skipped in lists; fix or delete it in the store (a registry check lists such records).`,
  );
}

const warned = new Set<string>();

/** Emits a process warning once per message: lists skip a bad record without hiding it. */
function warnOnce(error: CorruptedStoreError): void {
  if (warned.has(error.message)) return;
  warned.add(error.message);
  process.emitWarning(error.message, { type: 'EboniteWarning', code: error.code });
}
