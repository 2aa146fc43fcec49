import type { JsonObject, ModelRecord, ProjectRecord, TaskRecord } from '../objects/records.js';

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
export interface MetadataRepository {
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
