import { chmod, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type ClientConfig, readClientConfig } from '../config/client-config.js';
import { holdsCredentials } from '../config/credentials.js';
import type { ArtifactRepository } from '../contracts/artifact-repository.js';
import type { AnyMetadataRepository } from '../contracts/metadata-repository.js';
import { EboniteError } from '../errors/ebonite-error.js';
import { InvalidConfigError, InvalidInputError } from '../errors/input-errors.js';
import { NonExistingProjectError } from '../errors/object-errors.js';
import { BackendError } from '../errors/store-errors.js';
import { GuardedArtifactRepository } from '../guards/guarded-artifact-repository.js';
import { GuardedMetadataRepository } from '../guards/guarded-metadata-repository.js';
import { onceClose } from '../guards/wrap-failure.js';
import { validateAlias } from '../objects/alias-names.js';
import { defaultAuthor } from '../objects/author.js';
import { newId, nowIso } from '../objects/ids.js';
import { Model } from '../objects/model.js';
import { ModelArtifacts } from '../objects/model-artifacts.js';
import { validateName } from '../objects/names.js';
import { Project } from '../objects/project.js';
import type { AliasEvent, JsonObject, ModelRecord, TagChanges } from '../objects/records.js';
import { Task } from '../objects/task.js';
import { ensureRegistryMarker } from '../registry/registry-marker.js';
import { parseModelRef } from '../registry/registry-path.js';
import { createRepository } from '../resolve/create-repository.js';
import { ProjectPackages } from '../resolve/project-packages.js';
import type { CreateWrappedModelOptions } from '../wrappers/create-wrapped-model.js';
import { type AliasInfo, aliasInfo, changeStamp, modelByAlias, setAlias } from './aliases.js';
import { pushModel } from './push-model.js';
import { type ModelPage, type ModelQuery, searchModelRecords } from './search-models.js';

/** Options of `client.createModel`: those of `Model.create` plus where to push. */
export interface ClientCreateModelOptions extends CreateWrappedModelOptions {
  /** Created when missing. Default `default_project`. */
  projectName?: string;
  /** Created when missing. Default `default_task`. */
  taskName?: string;
}

/** Where type strings are resolved from. */
export interface ResolveOptions {
  /**
   * The project folder(s) whose installed packages provide plugins, looked at before the working
   * directory. Default: the working directory only.
   */
  projectDir?: string | readonly string[];
}

function toList(value: string | readonly string[] | undefined): string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
}

/** Options of `Ebonite.local`. */
export interface LocalClientOptions {
  /** The registry folder: `<path>/metadata.json` and `<path>/artifacts/`. Default `.ebonite`. */
  path?: string;
  /**
   * Remove the registry's projects, tasks, models and files first, and nothing else in the folder: each
   * local plugin removes only what it wrote, under its lock. A foreign or unreadable `metadata.json`
   * refuses the clear (`E_CORRUPTED_STORE`) and is left as it is. Default false.
   */
  clear?: boolean;
}

/**
 * The ebonite client: a metadata repository and an artifact repository composed, with the Project >
 * Task > Model API on top. Every method that touches a repository is async; a `get…` of something absent
 * resolves to null.
 */
export class Ebonite {
  /** The metadata repository, guarded by the core. */
  readonly meta: GuardedMetadataRepository;
  /** The artifact repository, guarded by the core. */
  readonly artifacts: GuardedArtifactRepository;
  readonly #close: () => Promise<void>;

  constructor(metadataRepository: AnyMetadataRepository, artifactRepository: ArtifactRepository) {
    const version: unknown = metadataRepository?.specificationVersion;
    if (version !== 'v1' && version !== 'v2')
      throw new InvalidInputError(
        'new Ebonite() needs a MetadataRepository implementing contract v2 (or v1) as its first argument.',
      );
    if (artifactRepository?.specificationVersion !== 'v1')
      throw new InvalidInputError(
        'new Ebonite() needs an ArtifactRepository implementing contract v1 as its second argument.',
      );
    this.meta =
      metadataRepository instanceof GuardedMetadataRepository
        ? metadataRepository
        : new GuardedMetadataRepository(metadataRepository);
    this.artifacts =
      artifactRepository instanceof GuardedArtifactRepository
        ? artifactRepository
        : new GuardedArtifactRepository(artifactRepository);
    this.#close = onceClose(async () => {
      const results = await Promise.allSettled([this.meta.close(), this.artifacts.close()]);
      const failed = results.find((r) => r.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
    });
  }

  /** A client on a local folder: metadata in `<path>/metadata.json`, files under `<path>/artifacts/`. */
  static async local({
    path = '.ebonite',
    clear = false,
  }: LocalClientOptions = {}): Promise<Ebonite> {
    // The local plugins lay the folder out (metadata.json, artifacts/): the core names only the folder.
    const registry = resolve(path);
    const client = await Ebonite.customClient('local', 'local', { registry }, { registry });
    if (!clear) return client;
    try {
      // Metadata first: a failure in between leaves only files no record points to (a check removes them).
      await client.meta.clear();
      await client.artifacts.clear();
      return client;
    } catch (error) {
      await client.close().catch(() => undefined);
      throw error;
    }
  }

  /** A client that keeps everything in this process's memory. */
  static inmemory(): Promise<Ebonite> {
    return Ebonite.customClient('inmemory', 'inmemory');
  }

  /**
   * A client from two repositories, each given as an instance or as a type string resolved through the
   * plugins (`'local'`, `'inmemory'`, `'sqlalchemy'`, `'s3'`, or a third-party type) with its options.
   * Plugin packages are looked up from `projectDir` (one folder or several, in order), then from the
   * working directory: give it when the program may start outside its project (a cron job, a service).
   */
  static async customClient(
    metadata: string | AnyMetadataRepository,
    artifact: string | ArtifactRepository,
    metadataOptions: JsonObject = {},
    artifactOptions: JsonObject = {},
    { projectDir }: ResolveOptions = {},
  ): Promise<Ebonite> {
    const packages = new ProjectPackages([...toList(projectDir), process.cwd()]);
    const meta =
      typeof metadata === 'string'
        ? await createRepository('metadata', metadata, metadataOptions, packages)
        : metadata;
    try {
      const art =
        typeof artifact === 'string'
          ? await createRepository('artifact', artifact, artifactOptions, packages)
          : artifact;
      return new Ebonite(meta, art);
    } catch (error) {
      if (typeof metadata === 'string') await meta.close().catch(() => undefined);
      throw error;
    }
  }

  /**
   * A client from a config file written by {@link Ebonite.saveClientConfig}. Plugin packages are looked
   * up from `projectDir`, then from the config file's folder, then from the working directory.
   */
  static async fromConfigFile(path: string, { projectDir }: ResolveOptions = {}): Promise<Ebonite> {
    const config = await readClientConfig(path);
    return Ebonite.customClient(
      config.metadata.type,
      config.artifact.type,
      config.metadata.options,
      config.artifact.options,
      { projectDir: [...toList(projectDir), dirname(resolve(path))] },
    );
  }

  /** Writes both repositories' types and options to a JSON file (atomically), for `Ebonite.fromConfigFile`. */
  async saveClientConfig(path: string): Promise<void> {
    const metadataOptions = this.meta.getConfig();
    const artifactOptions = this.artifacts.getConfig();
    for (const [kind, type, options] of [
      ['metadata', this.meta.type, metadataOptions],
      ['artifact', this.artifacts.type, artifactOptions],
    ] as const) {
      if (options === undefined)
        throw new InvalidConfigError(
          `The ${kind} repository (${type}) was built from an injected client and cannot be described in a config file: build it from options instead.`,
        );
    }
    const config: ClientConfig = {
      format: 'ebonite-client',
      version: 1,
      metadata: { type: this.meta.type, options: metadataOptions! },
      artifact: { type: this.artifacts.type, options: artifactOptions! },
    };
    const target = resolve(path);
    const temporary = `${target}.${process.pid}.tmp`;
    // A config holding a secret is readable by its owner only; environment variables keep it out of the file.
    const secret = holdsCredentials(config as unknown as JsonObject);
    await writeFile(temporary, `${JSON.stringify(config, null, 2)}\n`, {
      mode: secret ? 0o600 : 0o644,
    });
    if (secret) await chmod(temporary, 0o600); // also when the umask or an earlier file widened it
    await rename(temporary, target);
  }

  async getProjects(): Promise<Project[]> {
    return (await this.meta.getProjects()).map((r) => new Project(r));
  }

  async getProject(name: string): Promise<Project | null> {
    const record = await this.meta.getProjectByName(name);
    return record && new Project(record);
  }

  async getOrCreateProject(name: string): Promise<Project> {
    validateName('project', name);
    const existing = await this.getProject(name);
    if (existing) return existing;
    try {
      return new Project(
        await this.meta.createProject({
          id: newId(),
          name,
          author: defaultAuthor(),
          creationDate: nowIso(),
        }),
      );
    } catch (error) {
      if (!EboniteError.isInstance(error, 'E_EXISTING_PROJECT')) throw error;
      const winner = await this.getProject(name);
      if (!winner) throw error;
      return winner;
    }
  }

  /** The tasks of a project (an object or its name). Throws `NonExistingProjectError`. */
  async getTasks(project: Project | string): Promise<Task[]> {
    const projectId = await this.#projectId(project);
    return (await this.meta.getTasks(projectId)).map((r) => new Task(r));
  }

  async getTask(project: Project | string, name: string): Promise<Task | null> {
    const projectRecord =
      typeof project === 'string' ? await this.meta.getProjectByName(project) : project;
    if (!projectRecord) return null;
    const record = await this.meta.getTaskByName(projectRecord.id, name);
    return record && new Task(record);
  }

  /** The task, created (with its project) when missing. */
  async getOrCreateTask(projectName: string, taskName: string): Promise<Task> {
    validateName('task', taskName);
    const project = await this.getOrCreateProject(projectName);
    const existing = await this.getTask(project, taskName);
    if (existing) return existing;
    try {
      return new Task(
        await this.meta.createTask({
          id: newId(),
          name: taskName,
          author: defaultAuthor(),
          creationDate: nowIso(),
          projectId: project.id,
        }),
      );
    } catch (error) {
      if (!EboniteError.isInstance(error, 'E_EXISTING_TASK')) throw error;
      const winner = await this.getTask(project, taskName);
      if (!winner) throw error;
      return winner;
    }
  }

  /**
   * Pushes a model made with `Model.create` into a task and returns the persisted model. Throws
   * `ExistingModelError` before uploading anything when the name is taken; any failure leaves neither
   * metadata nor artifacts behind.
   */
  async pushModel(model: Model, task?: Task): Promise<Model> {
    if (!Model.isModel(model))
      throw new InvalidInputError(
        'pushModel() takes a Model: make one with Model.create({ name, artifacts }).',
      );
    const taskId = task?.id ?? model.taskId;
    if (!taskId)
      throw new InvalidInputError(
        `pushModel(model, task): model "${model.name || '(unnamed)'}" has no task; pass one (client.getOrCreateTask(project, task)).`,
      );
    // Once per client: the marker that tells other registries' checks this artifact store is used.
    await ensureRegistryMarker(this);
    return this.#bind(await pushModel(this.meta, this.artifacts, model, taskId));
  }

  /**
   * Makes a model from a live model object (see `Model.create(modelObject, inputSample, options)`) and
   * pushes it into `projectName`/`taskName` (created when missing), like Ebonite's `create_model`.
   */
  async createModel(
    modelObject: unknown,
    inputSample: unknown,
    options: ClientCreateModelOptions,
  ): Promise<Model>;
  async createModel(modelObject: unknown, options: ClientCreateModelOptions): Promise<Model>;
  async createModel(modelObject: unknown, ...rest: unknown[]): Promise<Model> {
    const [sample, options] = (rest.length === 1 ? [undefined, rest[0]] : rest) as [
      unknown,
      ClientCreateModelOptions,
    ];
    const model = await Model.create(modelObject, sample, options);
    const task = await this.getOrCreateTask(
      options.projectName ?? 'default_project',
      options.taskName ?? 'default_task',
    );
    return this.pushModel(model, task);
  }

  async getModel(name: string, task: Task): Promise<Model | null> {
    const record = await this.meta.getModelByName(task.id, name);
    return record && this.#bind(record);
  }

  async getModels(task: Task): Promise<Model[]> {
    return (await this.meta.getModels(task.id)).map((r) => this.#bind(r));
  }

  /**
   * Deletes a model: its metadata first, then its files (so metadata never points to missing files).
   * Throws `ModelHasAliasesError` (naming them) when aliases point at it, unless `force`, which removes
   * them too (each removal recorded in its history). When deleting the files fails, it throws, unless
   * `force`; either way a registry check removes the leftovers.
   */
  async deleteModel(model: Model, { force = false }: { force?: boolean } = {}): Promise<void> {
    await this.meta.deleteModel(model.id, { force, stamp: changeStamp() });
    await this.#deleteArtifacts([model.id], force);
  }

  /**
   * The model a path names, or null when it (or its project, task or alias) is absent:
   * `project/task/model` by name, `project/task@alias` by an alias, `project/task@latest` the task's
   * newest model. Throws `InvalidInputError` for a path of another shape.
   */
  async getModelByPath(path: string): Promise<Model | null> {
    const ref = parseModelRef(path);
    const task = await this.getTask(ref.project, ref.task);
    if (!task) return null;
    return ref.alias === undefined
      ? this.getModel(ref.model, task)
      : this.getModelByAlias(task, ref.alias);
  }

  /**
   * One page of the models matching a query, newest first by default: `{ models, nextCursor }`, where
   * `nextCursor` (null on the last page) continues the same query. Pages are keyset pages: models
   * pushed while someone pages are neither skipped nor repeated. Throws `InvalidInputError` for a bad
   * field, a limit outside 1..1,000, or a cursor that is damaged or from another query. Over a metadata
   * plugin of contract v1 the search is emulated and reads every model in its scope for each page.
   */
  async searchModels(query: ModelQuery = {}): Promise<ModelPage<Model>> {
    const page = await searchModelRecords(this.meta, query);
    return { models: page.models.map((r) => this.#bind(r)), nextCursor: page.nextCursor };
  }

  /** Merges tag changes into a model's tags atomically (`null` removes a key); returns the updated model. */
  async setModelTags(model: Model, changes: TagChanges): Promise<Model> {
    return this.#bind(await this.meta.setModelTags(model.id, changes));
  }

  /** Merges tag changes into a task's tags atomically (`null` removes a key); returns the updated task. */
  async setTaskTags(task: Task, changes: TagChanges): Promise<Task> {
    return new Task(await this.meta.setTaskTags(task.id, changes));
  }

  /**
   * Points an alias of a task (`production`, `staging`, ...) at one of its models, atomically, and
   * records the move in the alias's history (stamped with this client's author and the time). Throws
   * `InvalidInputError` for `latest` (reserved) or a model of another task.
   */
  async setAlias(task: Task, alias: string, model: Model): Promise<AliasInfo> {
    return setAlias(this.meta, task, alias, model);
  }

  /** Removes an alias (recorded in its history). Throws `NonExistingAliasError` when it is not set. */
  async deleteAlias(task: Task, alias: string): Promise<void> {
    validateAlias(alias);
    await this.meta.deleteAlias(task.id, alias, changeStamp());
  }

  /** The aliases set on a task (not `latest`), by alias name, with their models' names. */
  async getAliases(task: Task): Promise<AliasInfo[]> {
    const records = await this.meta.getAliases(task.id);
    return Promise.all(records.map((r) => aliasInfo(this.meta, r)));
  }

  /** The model an alias of a task points at, or null; `latest` is the task's newest model. */
  async getModelByAlias(task: Task, alias: string): Promise<Model | null> {
    const record = await modelByAlias(this.meta, task, alias);
    return record && this.#bind(record);
  }

  /** Every move of an alias, newest first: `{ alias, modelId, previousModelId, at, author }`. */
  async getAliasHistory(task: Task, alias: string): Promise<AliasEvent[]> {
    validateAlias(alias);
    return this.meta.getAliasHistory(task.id, alias);
  }

  /** Deletes a task; with `cascade`, its models and their files too. Throws `TaskWithModelsError` without it. */
  async deleteTask(task: Task, { cascade = false }: { cascade?: boolean } = {}): Promise<void> {
    const models = cascade ? await this.meta.getModels(task.id) : [];
    await this.meta.deleteTask(task.id, { cascade });
    await this.#deleteArtifacts(
      models.filter((m) => m.artifacts.length).map((m) => m.id),
      false,
    );
  }

  /** Deletes a project; with `cascade`, its tasks, their models and files too. Throws `ProjectWithTasksError` without it. */
  async deleteProject(
    project: Project,
    { cascade = false }: { cascade?: boolean } = {},
  ): Promise<void> {
    const modelIds: string[] = [];
    if (cascade) {
      for (const task of await this.meta.getTasks(project.id)) {
        for (const model of await this.meta.getModels(task.id))
          if (model.artifacts.length) modelIds.push(model.id);
      }
    }
    await this.meta.deleteProject(project.id, { cascade });
    await this.#deleteArtifacts(modelIds, false);
  }

  /** Closes both repositories; safe to call more than once. */
  close(): Promise<void> {
    return this.#close();
  }

  /** A persisted model bound to this client's artifact repository. */
  #bind(record: ModelRecord): Model {
    return new Model(
      record,
      new Map(),
      new ModelArtifacts(this.artifacts, record.id, record.artifacts),
    );
  }

  async #projectId(project: Project | string): Promise<string> {
    if (typeof project !== 'string') return project.id;
    const record = await this.meta.getProjectByName(project);
    if (!record) throw new NonExistingProjectError(project);
    return record.id;
  }

  async #deleteArtifacts(modelIds: string[], force: boolean): Promise<void> {
    const failures: unknown[] = [];
    for (const id of modelIds) {
      try {
        await this.artifacts.delete(id);
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length && !force)
      throw new BackendError(
        `The metadata was deleted, but the files of ${failures.length} model(s) could not be: they are orphans now; \`ebonite check --repair\` (or checkRegistry with repair) removes them.`,
        { cause: failures.length === 1 ? failures[0] : new AggregateError(failures) },
      );
  }
}
