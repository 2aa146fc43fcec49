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

/** Options of the deletes that may remove children. */
export interface DeleteOptions {
  /** Also delete the children (tasks of a project, models of a task) in the same atomic step. Default false. */
  cascade?: boolean;
}

/**
 * Where all metadata goes: projects, tasks and models (their artifacts only as descriptors).
 *
 * Contract v1, for plugin authors:
 * - Every method is async. Records go in and out as plain objects; the repository stores and returns
 *   copies, so a caller mutating its object after a call changes nothing stored, and vice versa.
 * - Ids are assigned by the caller (the core) and are stored as given. Lists come back in id order,
 *   which is creation order since ids are UUIDv7.
 * - A look-up of something absent resolves to `null`; it never throws for absence.
 * - Names are unique: project names globally, task names within their project, model names within
 *   their task, compared case-sensitively. Of two writers creating the same name at once, exactly one
 *   wins and the other gets the `Existing…Error`.
 * - Every write is atomic: it happens whole or not at all, also across a crash of the process.
 * - Errors are {@link EboniteError}s with the codes named below; anything else a backend throws is
 *   wrapped by the core into an `EboniteError` (`E_BACKEND`) with the original as `cause`.
 * - Names and ids are validated by the core before a repository sees them.
 */
export interface MetadataRepositoryV1 {
  /** The version of this contract the repository implements. */
  readonly specificationVersion: 'v1';
  /** The type string that resolves to this implementation (`'local'`, `'sqlalchemy'`, ...). */
  readonly type: string;

  /** All projects, in id order; `[]` when there are none. */
  getProjects(): Promise<ProjectRecord[]>;
  /** The project with this id, or `null`. */
  getProjectById(id: string): Promise<ProjectRecord | null>;
  /** The project with this name, or `null`. */
  getProjectByName(name: string): Promise<ProjectRecord | null>;
  /** Stores a new project and returns the stored copy. Throws `ExistingProjectError` when the name or the id is taken. */
  createProject(project: ProjectRecord): Promise<ProjectRecord>;
  /**
   * Replaces the stored project with the same id (name, author; `creationDate` is kept as stored) and
   * returns the stored copy. Throws `NonExistingProjectError` when absent, `ExistingProjectError` when renamed onto a taken name.
   */
  updateProject(project: ProjectRecord): Promise<ProjectRecord>;
  /**
   * Deletes a project. Throws `NonExistingProjectError` when absent, and `ProjectWithTasksError` when it
   * has tasks and `cascade` is not set; with `cascade`, its tasks and their models go in the same atomic step.
   */
  deleteProject(id: string, options?: DeleteOptions): Promise<void>;

  /** The tasks of a project, in id order. Throws `NonExistingProjectError` when the project is absent. */
  getTasks(projectId: string): Promise<TaskRecord[]>;
  /** The task with this id, or `null`. */
  getTaskById(id: string): Promise<TaskRecord | null>;
  /** The task with this name in this project, or `null` (also when the project is absent). */
  getTaskByName(projectId: string, name: string): Promise<TaskRecord | null>;
  /**
   * Stores a new task and returns the stored copy. Throws `NonExistingProjectError` when its project is
   * absent, `ExistingTaskError` when the name is taken in the project or the id is taken.
   */
  createTask(task: TaskRecord): Promise<TaskRecord>;
  /** Replaces the stored task with the same id (`creationDate` is kept as stored). Throws `NonExistingTaskError`, `NonExistingProjectError` (new parent absent) or `ExistingTaskError`. */
  updateTask(task: TaskRecord): Promise<TaskRecord>;
  /** Deletes a task. Throws `NonExistingTaskError`, and `TaskWithModelsError` when it has models and `cascade` is not set. */
  deleteTask(id: string, options?: DeleteOptions): Promise<void>;

  /** The models of a task, in id order. Throws `NonExistingTaskError` when the task is absent. */
  getModels(taskId: string): Promise<ModelRecord[]>;
  /** The model with this id, or `null`. */
  getModelById(id: string): Promise<ModelRecord | null>;
  /** The model with this name in this task, or `null` (also when the task is absent). */
  getModelByName(taskId: string, name: string): Promise<ModelRecord | null>;
  /**
   * Stores a new model and returns the stored copy. Throws `NonExistingTaskError` when its task is absent,
   * `ExistingModelError` when the name is taken in the task or the id is taken.
   */
  createModel(model: ModelRecord): Promise<ModelRecord>;
  /** Replaces the stored model with the same id (`creationDate` is kept as stored). Throws `NonExistingModelError`, `NonExistingTaskError` (new parent absent) or `ExistingModelError`. */
  updateModel(model: ModelRecord): Promise<ModelRecord>;
  /** Deletes a model's metadata. Throws `NonExistingModelError` when absent. */
  deleteModel(id: string): Promise<void>;

  /**
   * The JSON options that recreate an equivalent repository through its type string (for a saved
   * client config), or `undefined` when it cannot be described (for example an injected client).
   * Never includes credentials the user did not put in the options.
   */
  getConfig?(): JsonObject | undefined;
  /**
   * Optional. Removes every project, task and model in one atomic step, holding whatever lock the
   * store's writers take, and nothing the repository did not write. Throws `CorruptedStoreError` and
   * changes nothing when the store holds data it does not recognise as its own (a foreign or unreadable
   * file). Used by `Ebonite.local({ clear: true })`.
   */
  clear?(): Promise<void>;
  /** Releases connections, handles and locks. The core calls it at most once. */
  close(): Promise<void>;
}

/**
 * The metadata contract a new plugin implements: {@link MetadataRepositoryV2}. A plugin written for
 * {@link MetadataRepositoryV1} keeps working (see {@link AnyMetadataRepository}).
 */
export type MetadataRepository = MetadataRepositoryV2;

/**
 * What the core accepts as a metadata repository: either contract. The core's guard gives the client
 * the v2 API over both: over a v1 repository it emulates `searchModels` with v1 reads (every model in
 * the searched scope is read for every page), shows `tags: {}` and `version: null`, and refuses what a
 * v1 store cannot hold (tags, aliases, unnamed versioned creates) with `NotSupportedError`.
 */
export type AnyMetadataRepository = MetadataRepositoryV1 | MetadataRepositoryV2;

/** Options of a v2 model delete. */
export interface DeleteModelOptions {
  /** Also remove the aliases that point at the model (each removal recorded in its history). Default false. */
  force?: boolean;
  /** Who deletes and when: the stamp of the history entries a forced delete adds. */
  stamp?: ChangeStamp;
}

/**
 * Contract v2: everything v1 says, plus what a registry needs: versions, tags, aliases with their
 * history, and search by keyset pages. The core checks and normalizes every argument (names, tag
 * lengths, the reserved alias `latest`, cursors) before a repository sees it.
 *
 * The rules every v2 backend follows, so that every backend gives the same answers:
 * - **Versions.** {@link createModel} with `name: null` allocates the task's next version number and
 *   the name `v<n>` in the same atomic step as the record: no retries that can run out, whatever the
 *   number of writers. Numbers count unnamed creates only, are never reused (also after a delete: the
 *   task keeps its last number), and skip a number whose name `v<n>` is already taken by a named model.
 *   A record with both a name and a version (a copied registry) is stored as given and raises the
 *   task's counter to at least that number. A named model has `version: null`.
 * - **Tags.** Models and tasks have `tags` (a string-to-string map, `{}` when none) stored with the
 *   record. `createTask`/`createModel` store the given tags; `updateTask`/`updateModel` keep `tags`,
 *   `version` and `creationDate` as stored (tags change only through `setTaskTags`/`setModelTags`,
 *   which merge atomically, so two writers tagging different keys both win).
 * - **Aliases.** Per task, an alias names one model of that task; aliases are unique per task. Every
 *   change of target appends an {@link AliasEvent} to the alias's history, in the same atomic step.
 *   Deleting a task (cascade) removes its aliases and their history. A model an alias points at
 *   cannot be deleted (`ModelHasAliasesError`) unless `force` is set, nor moved to another task by
 *   `updateModel` (`ModelHasAliasesError`).
 * - **Order.** Names compare by their UTF-8 bytes (binary collation), never by a locale or case-folding
 *   collation; `namePrefix` and tag values match exactly, `%` and `_` being plain characters.
 */
export interface MetadataRepositoryV2
  extends Omit<MetadataRepositoryV1, 'specificationVersion' | 'createModel' | 'deleteModel'> {
  readonly specificationVersion: 'v2';

  /**
   * Stores a new model and returns the stored copy, with `version` and `tags` always present. With
   * `name: null`, allocates the next version (see the rules above). Throws `NonExistingTaskError` when
   * its task is absent, `ExistingModelError` when the name is taken in the task or the id is taken.
   */
  createModel(model: NewModelRecord): Promise<ModelRecord>;
  /**
   * Deletes a model's metadata. Throws `NonExistingModelError` when absent, and `ModelHasAliasesError`
   * (naming the aliases) when aliases point at it and `force` is not set; with `force`, the aliases go
   * in the same atomic step and each gets a history entry `{ modelId: null, previousModelId: id }`
   * stamped with `options.stamp`.
   */
  deleteModel(id: string, options?: DeleteModelOptions): Promise<void>;

  /** Merges `changes` into the model's tags atomically (`null` removes a key); returns the stored model. Throws `NonExistingModelError`. */
  setModelTags(modelId: string, changes: TagChanges): Promise<ModelRecord>;
  /** Merges `changes` into the task's tags atomically; returns the stored task. Throws `NonExistingTaskError`. */
  setTaskTags(taskId: string, changes: TagChanges): Promise<TaskRecord>;

  /** The aliases set on a task, sorted by alias (UTF-8 bytes). Throws `NonExistingTaskError` when the task is absent. */
  getAliases(taskId: string): Promise<AliasRecord[]>;
  /** One alias of a task, or `null` when it is not set (also when the task is absent). */
  getAlias(taskId: string, alias: string): Promise<AliasRecord | null>;
  /**
   * Points `alias` at `modelId` and appends `{ modelId, previousModelId }` to its history, in one atomic
   * step; of two writers moving one alias at once, both moves are recorded and the last one holds.
   * Setting the target it already has changes nothing and records nothing. Returns the stored alias.
   * Throws `NonExistingTaskError`, and `NonExistingModelError` when the model is absent or belongs to
   * another task.
   */
  setAlias(
    taskId: string,
    alias: string,
    modelId: string,
    stamp: ChangeStamp,
  ): Promise<AliasRecord>;
  /**
   * Removes an alias and appends `{ modelId: null, previousModelId }` to its history. Throws
   * `NonExistingTaskError`, and `NonExistingAliasError` when the alias is not set.
   */
  deleteAlias(taskId: string, alias: string, stamp: ChangeStamp): Promise<void>;
  /**
   * Every move of one alias, newest first (ties in `at` by the order they were recorded); `[]` when
   * the alias was never set. Throws `NonExistingTaskError` when the task is absent.
   */
  getAliasHistory(taskId: string, alias: string): Promise<AliasEvent[]>;
  /**
   * Every history entry of every alias of a task, the aliases set now and those removed since:
   * grouped by alias (sorted by UTF-8 bytes), each alias's entries oldest first in the order they
   * were recorded. `[]` when no alias of the task was ever set. Throws `NonExistingTaskError` when
   * the task is absent. With {@link importAliasEvents}, what a registry copy uses to carry aliases
   * with their whole history.
   */
  getAliasEvents(taskId: string): Promise<AliasEvent[]>;
  /**
   * For copies: appends `events` (all of task `taskId`) to their aliases' histories as given, in the
   * given order and with their stamps, and sets each alias they touch to the `modelId` of its last
   * event in `events` (`updatedAt`/`author` from that event; removed when it is `null`), in one
   * atomic step. The events are history, not moves: their `modelId`/`previousModelId` may name
   * models that no longer exist, and nothing is checked against the alias's current target. Only
   * the resulting targets must be models of the task: otherwise `NonExistingModelError`, and nothing
   * is written. Throws `NonExistingTaskError` when the task is absent. `[]` changes nothing.
   */
  importAliasEvents(taskId: string, events: AliasEvent[]): Promise<void>;

  /**
   * The models matching every filter of `search`, in its order, strictly after `search.after`, at most
   * `search.limit` of them. A keyset (seek) page: it must cost the same deep in the results as on the
   * first page (an index seek on SQL backends, an in-memory index locally), never an offset scan, so
   * that models created while someone pages are neither skipped nor repeated.
   */
  searchModels(search: ModelSearch): Promise<ModelRecord[]>;
}
