import type { DeleteOptions, MetadataRepository } from '../contracts/metadata-repository.js';
import { ClosedError } from '../errors/input-errors.js';
import { validateArtifactNames, validateId, validateName } from '../objects/names.js';
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
    return this.#call('Listing projects', (r) => r.getProjects());
  }
  async getProjectById(id: string) {
    validateId('project', id);
    return this.#call(`Reading project ${id}`, (r) => r.getProjectById(id));
  }
  async getProjectByName(name: string) {
    validateName('project', name);
    return this.#call(`Reading project "${name}"`, (r) => r.getProjectByName(name));
  }
  async createProject(project: ProjectRecord) {
    checkProject(project);
    return this.#call(`Creating project "${project.name}"`, (r) => r.createProject(project));
  }
  async updateProject(project: ProjectRecord) {
    checkProject(project);
    return this.#call(`Updating project "${project.name}"`, (r) => r.updateProject(project));
  }
  async deleteProject(id: string, options?: DeleteOptions) {
    validateId('project', id);
    return this.#call(`Deleting project ${id}`, (r) =>
      r.deleteProject(id, { cascade: options?.cascade ?? false }),
    );
  }

  async getTasks(projectId: string) {
    validateId('project', projectId);
    return this.#call(`Listing the tasks of project ${projectId}`, (r) => r.getTasks(projectId));
  }
  async getTaskById(id: string) {
    validateId('task', id);
    return this.#call(`Reading task ${id}`, (r) => r.getTaskById(id));
  }
  async getTaskByName(projectId: string, name: string) {
    validateId('project', projectId);
    validateName('task', name);
    return this.#call(`Reading task "${name}"`, (r) => r.getTaskByName(projectId, name));
  }
  async createTask(task: TaskRecord) {
    checkTask(task);
    return this.#call(`Creating task "${task.name}"`, (r) => r.createTask(task));
  }
  async updateTask(task: TaskRecord) {
    checkTask(task);
    return this.#call(`Updating task "${task.name}"`, (r) => r.updateTask(task));
  }
  async deleteTask(id: string, options?: DeleteOptions) {
    validateId('task', id);
    return this.#call(`Deleting task ${id}`, (r) =>
      r.deleteTask(id, { cascade: options?.cascade ?? false }),
    );
  }

  async getModels(taskId: string) {
    validateId('task', taskId);
    return this.#call(`Listing the models of task ${taskId}`, (r) => r.getModels(taskId));
  }
  async getModelById(id: string) {
    validateId('model', id);
    return this.#call(`Reading model ${id}`, (r) => r.getModelById(id));
  }
  async getModelByName(taskId: string, name: string) {
    validateId('task', taskId);
    validateName('model', name);
    return this.#call(`Reading model "${name}"`, (r) => r.getModelByName(taskId, name));
  }
  async createModel(model: ModelRecord) {
    checkModel(model);
    return this.#call(`Creating model "${model.name}"`, (r) => r.createModel(model));
  }
  async updateModel(model: ModelRecord) {
    checkModel(model);
    return this.#call(`Updating model "${model.name}"`, (r) => r.updateModel(model));
  }
  async deleteModel(id: string) {
    validateId('model', id);
    return this.#call(`Deleting model ${id}`, (r) => r.deleteModel(id));
  }

  getConfig(): JsonObject | undefined {
    return this.inner.getConfig?.();
  }

  close(): Promise<void> {
    this.#closed = true;
    return this.#close();
  }
}

function checkProject(project: ProjectRecord): void {
  validateId('project', project.id);
  validateName('project', project.name);
}

function checkTask(task: TaskRecord): void {
  validateId('task', task.id);
  validateId('project', task.projectId);
  validateName('task', task.name);
}

function checkModel(model: ModelRecord): void {
  validateId('model', model.id);
  validateId('task', model.taskId);
  validateName('model', model.name);
  validateArtifactNames(model.artifacts.map((a) => a.name));
}
