import {
  type DeleteOptions,
  ExistingModelError,
  ExistingProjectError,
  ExistingTaskError,
  type JsonObject,
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
import type { Kysely } from 'kysely';
import type { SqlMetadataOptions } from './options.js';
import {
  modelToRow,
  projectToRow,
  rowsToModels,
  rowToModel,
  rowToProject,
  rowToTask,
  taskToRow,
} from './rows.js';
import type { SqlStore } from './sql-store.js';
import { storeFromOptions } from './store-from-options.js';
import type { EboniteTables } from './tables.js';

type Db = Kysely<EboniteTables>;

/**
 * Ebonite metadata in SQL tables through kysely: SQLite, PostgreSQL or MySQL/MariaDB. Each write
 * is one transaction (most are one statement); uniqueness of names in their parent and parent
 * existence are enforced by constraints, so two racing writers get exactly one winner.
 */
export class SqlMetadataRepository implements MetadataRepositoryV1 {
  static readonly type = 'sqlalchemy';
  readonly type = 'sqlalchemy';
  readonly specificationVersion = 'v1';
  readonly #store: SqlStore;
  readonly #options: SqlMetadataOptions;

  constructor(options: SqlMetadataOptions) {
    this.#options = { ...options };
    this.#store = storeFromOptions(options);
  }

  /** The dialect the repository talks. */
  get dialect() {
    return this.#store.dialect;
  }

  async getProjects(): Promise<ProjectRecord[]> {
    return this.#store.run('getProjects', async (db) =>
      (await db.selectFrom(this.#t.projects).selectAll().orderBy('id').execute()).map(rowToProject),
    );
  }

  async getProjectById(id: string): Promise<ProjectRecord | null> {
    return this.#store.run('getProjectById', async (db) => this.#project(db, 'id', id));
  }

  async getProjectByName(name: string): Promise<ProjectRecord | null> {
    return this.#store.run('getProjectByName', async (db) => this.#project(db, 'name', name));
  }

  async createProject(project: ProjectRecord): Promise<ProjectRecord> {
    const row = projectToRow(this.dialect, project);
    return this.#store.run(
      'createProject',
      async (db) => {
        await db.insertInto(this.#t.projects).values(row).execute();
        return rowToProject(row);
      },
      (kind, cause) =>
        kind === 'unique' ? new ExistingProjectError(project.name, cause) : undefined,
    );
  }

  async updateProject(project: ProjectRecord): Promise<ProjectRecord> {
    const { name, author } = projectToRow(this.dialect, project);
    return this.#store.run(
      'updateProject',
      (db) =>
        this.#store.transaction(db, async (trx) => {
          const stored = await this.#lock(trx, this.#t.projects, project.id);
          if (!stored) throw new NonExistingProjectError(project.name);
          await trx
            .updateTable(this.#t.projects)
            .set({ name, author })
            .where('id', '=', project.id)
            .execute();
          return { id: project.id, name, author, creationDate: stored.creation_date };
        }),
      (kind, cause) =>
        kind === 'unique' ? new ExistingProjectError(project.name, cause) : undefined,
    );
  }

  async deleteProject(id: string, options: DeleteOptions = {}): Promise<void> {
    let name = id; // the project's name once read: errors name what the user knows
    await this.#store.run(
      'deleteProject',
      (db) =>
        this.#store.transaction(db, async (trx) => {
          const stored = await this.#lock(trx, this.#t.projects, id);
          if (!stored) throw new NonExistingProjectError(id);
          name = stored.name;
          const tasks = trx.selectFrom(this.#t.tasks).select('id').where('project_id', '=', id);
          if (options.cascade) {
            // Lock the tasks before deleting their models: a model created meanwhile would otherwise
            // hold its task (the foreign-key check's share lock) and fail the task delete. Locked, it
            // waits, and fails with NonExistingTaskError once the cascade commits.
            if (this.dialect !== 'sqlite') await tasks.forUpdate().execute();
            await trx.deleteFrom(this.#t.models).where('task_id', 'in', tasks).execute();
            await trx.deleteFrom(this.#t.tasks).where('project_id', '=', id).execute();
          } else if (await tasks.limit(1).executeTakeFirst()) {
            throw new ProjectWithTasksError(name);
          }
          await trx.deleteFrom(this.#t.projects).where('id', '=', id).execute();
        }),
      (kind, cause) =>
        kind === 'foreign-key' ? new ProjectWithTasksError(name, cause) : undefined,
    );
  }

  async getTasks(projectId: string): Promise<TaskRecord[]> {
    return this.#store.run('getTasks', async (db) => {
      const rows = await db
        .selectFrom(this.#t.tasks)
        .selectAll()
        .where('project_id', '=', projectId)
        .orderBy('id')
        .execute();
      if (rows.length === 0 && !(await this.#project(db, 'id', projectId)))
        throw new NonExistingProjectError(projectId);
      return rows.map(rowToTask);
    });
  }

  async getTaskById(id: string): Promise<TaskRecord | null> {
    return this.#store.run('getTaskById', async (db) => {
      const row = await db
        .selectFrom(this.#t.tasks)
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? rowToTask(row) : null;
    });
  }

  async getTaskByName(projectId: string, name: string): Promise<TaskRecord | null> {
    return this.#store.run('getTaskByName', async (db) => {
      const row = await db
        .selectFrom(this.#t.tasks)
        .selectAll()
        .where('project_id', '=', projectId)
        .where('name', '=', name)
        .executeTakeFirst();
      return row ? rowToTask(row) : null;
    });
  }

  async createTask(task: TaskRecord): Promise<TaskRecord> {
    const row = taskToRow(this.dialect, task);
    return this.#store.run(
      'createTask',
      async (db) => {
        await db.insertInto(this.#t.tasks).values(row).execute();
        return rowToTask(row);
      },
      (kind, cause) =>
        kind === 'unique'
          ? new ExistingTaskError(task.name, cause)
          : kind === 'foreign-key'
            ? new NonExistingProjectError(task.projectId, cause)
            : undefined,
    );
  }

  async updateTask(task: TaskRecord): Promise<TaskRecord> {
    const { name, author, project_id } = taskToRow(this.dialect, task);
    return this.#store.run(
      'updateTask',
      (db) =>
        this.#store.transaction(db, async (trx) => {
          const stored = await this.#lock(trx, this.#t.tasks, task.id);
          if (!stored) throw new NonExistingTaskError(task.name);
          await trx
            .updateTable(this.#t.tasks)
            .set({ name, author, project_id })
            .where('id', '=', task.id)
            .execute();
          return {
            id: task.id,
            name,
            author,
            creationDate: stored.creation_date,
            projectId: project_id,
          };
        }),
      (kind, cause) =>
        kind === 'unique'
          ? new ExistingTaskError(task.name, cause)
          : kind === 'foreign-key'
            ? new NonExistingProjectError(task.projectId, cause)
            : undefined,
    );
  }

  async deleteTask(id: string, options: DeleteOptions = {}): Promise<void> {
    let name = id; // the task's name once read: errors name what the user knows
    await this.#store.run(
      'deleteTask',
      (db) =>
        this.#store.transaction(db, async (trx) => {
          const stored = await this.#lock(trx, this.#t.tasks, id);
          if (!stored) throw new NonExistingTaskError(id);
          name = stored.name;
          if (options.cascade)
            await trx.deleteFrom(this.#t.models).where('task_id', '=', id).execute();
          else if (
            await trx
              .selectFrom(this.#t.models)
              .select('id')
              .where('task_id', '=', id)
              .limit(1)
              .executeTakeFirst()
          )
            throw new TaskWithModelsError(name);
          await trx.deleteFrom(this.#t.tasks).where('id', '=', id).execute();
        }),
      (kind, cause) => (kind === 'foreign-key' ? new TaskWithModelsError(name, cause) : undefined),
    );
  }

  async getModels(taskId: string): Promise<ModelRecord[]> {
    return this.#store.run('getModels', async (db) => {
      const rows = await db
        .selectFrom(this.#t.models)
        .selectAll()
        .where('task_id', '=', taskId)
        .orderBy('id')
        .execute();
      if (
        rows.length === 0 &&
        !(await db
          .selectFrom(this.#t.tasks)
          .select('id')
          .where('id', '=', taskId)
          .executeTakeFirst())
      )
        throw new NonExistingTaskError(taskId);
      return rowsToModels(rows, this.#modelsTable);
    });
  }

  async getModelById(id: string): Promise<ModelRecord | null> {
    return this.#store.run('getModelById', async (db) => {
      const row = await db
        .selectFrom(this.#t.models)
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? rowToModel(row, this.#modelsTable) : null;
    });
  }

  async getModelByName(taskId: string, name: string): Promise<ModelRecord | null> {
    return this.#store.run('getModelByName', async (db) => {
      const row = await db
        .selectFrom(this.#t.models)
        .selectAll()
        .where('task_id', '=', taskId)
        .where('name', '=', name)
        .executeTakeFirst();
      return row ? rowToModel(row, this.#modelsTable) : null;
    });
  }

  async createModel(model: ModelRecord): Promise<ModelRecord> {
    const row = modelToRow(this.dialect, model);
    return this.#store.run(
      'createModel',
      async (db) => {
        await db.insertInto(this.#t.models).values(row).execute();
        return rowToModel(row, this.#modelsTable);
      },
      (kind, cause) =>
        kind === 'unique'
          ? new ExistingModelError(model.name, cause)
          : kind === 'foreign-key'
            ? new NonExistingTaskError(model.taskId, cause)
            : undefined,
    );
  }

  async updateModel(model: ModelRecord): Promise<ModelRecord> {
    const { id, creation_date: _, ...changes } = modelToRow(this.dialect, model);
    return this.#store.run(
      'updateModel',
      (db) =>
        this.#store.transaction(db, async (trx) => {
          const stored = await this.#lock(trx, this.#t.models, id);
          if (!stored) throw new NonExistingModelError(model.name);
          await trx.updateTable(this.#t.models).set(changes).where('id', '=', id).execute();
          return rowToModel(
            { id, creation_date: stored.creation_date, ...changes },
            this.#modelsTable,
          );
        }),
      (kind, cause) =>
        kind === 'unique'
          ? new ExistingModelError(model.name, cause)
          : kind === 'foreign-key'
            ? new NonExistingTaskError(model.taskId, cause)
            : undefined,
    );
  }

  async deleteModel(id: string): Promise<void> {
    await this.#store.run('deleteModel', async (db) => {
      const result = await db.deleteFrom(this.#t.models).where('id', '=', id).executeTakeFirst();
      if (result.numDeletedRows === 0n) throw new NonExistingModelError(id);
    });
  }

  /** The options as given (the URL as typed), or undefined for an injected Kysely instance. */
  getConfig(): JsonObject | undefined {
    if (!('url' in this.#options)) return undefined;
    const { url, tablePrefix, schema, timeoutMs, poolSize, durability } = this.#options;
    const config: JsonObject = { url };
    const optional = { tablePrefix, schema, timeoutMs, poolSize, durability };
    for (const [key, value] of Object.entries(optional))
      if (value !== undefined) config[key] = value;
    return config;
  }

  /** Closes the connections the repository opened; an injected Kysely instance stays open. */
  async close(): Promise<void> {
    await this.#store.close();
  }

  get #t() {
    return this.#store.names;
  }

  /** The models table as messages name it: `schema.prefix_models`. */
  get #modelsTable(): string {
    const { schema, names } = this.#store;
    return schema ? `${schema}.${names.models}` : names.models;
  }

  async #project(db: Db, column: 'id' | 'name', value: string): Promise<ProjectRecord | null> {
    const row = await db
      .selectFrom(this.#t.projects)
      .selectAll()
      .where(column, '=', value)
      .executeTakeFirst();
    return row ? rowToProject(row) : null;
  }

  /** Reads a row's creation date, locking the row until the transaction ends (SQLite already holds the write lock). */
  async #lock(
    trx: Db,
    table: 'projects' | 'tasks' | 'models',
    id: string,
  ): Promise<{ creation_date: string; name: string } | undefined> {
    const query = trx.selectFrom(table).select(['creation_date', 'name']).where('id', '=', id);
    return (this.dialect === 'sqlite' ? query : query.forUpdate()).executeTakeFirst();
  }
}
