import {
  type AliasEvent,
  type AliasRecord,
  type ChangeStamp,
  type DeleteModelOptions,
  type DeleteOptions,
  ExistingModelError,
  ExistingProjectError,
  ExistingTaskError,
  type JsonObject,
  type MetadataRepositoryV2,
  ModelHasAliasesError,
  type ModelRecord,
  type ModelSearch,
  type NewModelRecord,
  NonExistingAliasError,
  NonExistingModelError,
  NonExistingProjectError,
  NonExistingTaskError,
  nowIso,
  type ProjectRecord,
  ProjectWithTasksError,
  type TagChanges,
  type TaskRecord,
  TaskWithModelsError,
} from '@ebonite/core/plugin';
import { type Kysely, sql } from 'kysely';
import type { SqlMetadataOptions } from './options.js';
import {
  modelToRow,
  projectToRow,
  rowsToModels,
  rowToModel,
  rowToProject,
  rowToTask,
  tagsToText,
  taskToRow,
  text,
  textToTags,
} from './rows.js';
import { searchQuery } from './search.js';
import type { SqlStore } from './sql-store.js';
import { storeFromOptions } from './store-from-options.js';
import type { AliasHistoryRow, AliasRow, EboniteTables, ModelRow } from './tables.js';
import { paramTerms, type Term, tagTerms } from './terms.js';

type Db = Kysely<EboniteTables>;

/** A name the version allocator could give: `v` and a number without leading zeros. */
const VERSION_NAME = /^v[1-9][0-9]*$/;

const rowToAlias = (row: AliasRow): AliasRecord => ({
  taskId: row.task_id,
  alias: row.alias,
  modelId: row.model_id,
  updatedAt: row.updated_at,
  author: row.author,
});

const rowToEvent = (row: AliasHistoryRow): AliasEvent => ({
  taskId: row.task_id,
  alias: row.alias,
  modelId: row.model_id,
  previousModelId: row.previous_model_id,
  at: row.at,
  author: row.author,
});

function mergeTags(tags: Record<string, string>, changes: TagChanges): Record<string, string> {
  const merged = { ...tags };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/**
 * Ebonite metadata in SQL tables through kysely: SQLite, PostgreSQL or MySQL/MariaDB, contract v2.
 * Each write is one transaction; uniqueness of names in their parent and parent existence are
 * enforced by constraints, so two racing writers get exactly one winner. Versions come from a
 * counter row per task bumped in the model's transaction; alias moves of a task take turns on the
 * task's row, so its history is recorded in the order the moves happen.
 */
export class SqlMetadataRepository implements MetadataRepositoryV2 {
  static readonly type = 'sqlalchemy';
  readonly type = 'sqlalchemy';
  readonly specificationVersion = 'v2';
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
            await this.#deleteTaskContents(trx, (column) => [column, 'in', tasks]);
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
    const row = {
      ...taskToRow(this.dialect, task),
      tags: tagsToText(this.dialect, task.tags ?? {}),
    };
    return this.#store.run(
      'createTask',
      (db) =>
        this.#store.transaction(db, async (trx) => {
          await trx.insertInto(this.#t.tasks).values(row).execute();
          await trx.insertInto(this.#t.versionCounters).values({ task_id: row.id, n: 0 }).execute();
          return rowToTask(row);
        }),
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
          await trx
            .updateTable(this.#t.models)
            .set({ project_id })
            .where('task_id', '=', task.id)
            .execute();
          return {
            id: task.id,
            name,
            author,
            creationDate: stored.creation_date,
            projectId: project_id,
            tags: textToTags(stored.tags, `task ${task.id}`),
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
          if (
            !options.cascade &&
            (await trx
              .selectFrom(this.#t.models)
              .select('id')
              .where('task_id', '=', id)
              .limit(1)
              .executeTakeFirst())
          )
            throw new TaskWithModelsError(name);
          await this.#deleteTaskContents(trx, (column) => [column, '=', id]);
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

  async createModel(model: NewModelRecord): Promise<ModelRecord> {
    const tags = tagsToText(this.dialect, model.tags ?? {});
    let name = model.name ?? `v${model.version ?? '?'}`; // errors name what the user knows
    return this.#store.run(
      'createModel',
      (db) =>
        this.#store.transaction(db, async (trx) => {
          // the task first (a share lock: a move of the task to another project waits, and so do we)
          const projectId = await this.#projectOfTask(trx, model.taskId);
          if (projectId === undefined) throw new NonExistingTaskError(model.taskId);
          let version = model.version ?? null;
          if (model.name === null) {
            version = await this.#allocate(trx, model.taskId);
            name = `v${version}`;
          } else if (version !== null || VERSION_NAME.test(model.name)) {
            // a copied version raises the counter; a hand-made "v<n>" waits for allocators of the task
            const n = await this.#lockCounter(trx, model.taskId);
            if (version !== null && version > n)
              await trx
                .updateTable(this.#t.versionCounters)
                .set({ n: version })
                .where('task_id', '=', model.taskId)
                .execute();
          }
          const row: ModelRow = {
            ...modelToRow(this.dialect, { ...model, name, version }),
            version,
            tags,
            project_id: projectId,
          };
          await trx.insertInto(this.#t.models).values(row).execute();
          await this.#insertTerms(trx, row, [
            ...tagTerms(model.tags ?? {}),
            ...paramTerms(model.params),
          ]);
          return rowToModel(row, this.#modelsTable);
        }),
      (kind, cause) =>
        kind === 'unique'
          ? new ExistingModelError(name, cause)
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
          const stored = await this.#lockModel(trx, id);
          if (!stored) throw new NonExistingModelError(model.name);
          let projectId = stored.project_id;
          if (stored.task_id !== changes.task_id) {
            const aliases = await this.#aliasesOf(trx, id);
            if (aliases.length) throw new ModelHasAliasesError(stored.name, aliases);
            projectId = await this.#projectOfTask(trx, changes.task_id);
            if (projectId === undefined) throw new NonExistingTaskError(model.taskId);
          }
          await trx
            .updateTable(this.#t.models)
            .set({ ...changes, project_id: projectId })
            .where('id', '=', id)
            .execute();
          // the params' terms follow the params; every term carries the model's name
          await trx
            .deleteFrom(this.#t.modelTerms)
            .where('model_id', '=', id)
            .where('term_key', 'like', 'p:%')
            .execute();
          const row: ModelRow = {
            ...stored,
            ...changes,
            id,
            creation_date: stored.creation_date,
          };
          await this.#insertTerms(trx, row, paramTerms(model.params));
          if (stored.name !== changes.name)
            await trx
              .updateTable(this.#t.modelTerms)
              .set({ name: changes.name })
              .where('model_id', '=', id)
              .execute();
          return rowToModel(row, this.#modelsTable);
        }),
      (kind, cause) =>
        kind === 'unique'
          ? new ExistingModelError(model.name, cause)
          : kind === 'foreign-key'
            ? new NonExistingTaskError(model.taskId, cause)
            : undefined,
    );
  }

  async deleteModel(id: string, options: DeleteModelOptions = {}): Promise<void> {
    let name = id;
    await this.#store.run(
      'deleteModel',
      (db) =>
        this.#store.transaction(db, async (trx) => {
          const found = await trx
            .selectFrom(this.#t.models)
            .select(['task_id', 'name'])
            .where('id', '=', id)
            .executeTakeFirst();
          if (!found) throw new NonExistingModelError(id);
          name = found.name;
          // the task first, then the model: the order setAlias takes them in
          await this.#lockTask(trx, found.task_id);
          const stored = await this.#lockModel(trx, id);
          if (!stored) throw new NonExistingModelError(id);
          const aliases = await this.#aliasesOf(trx, id);
          if (aliases.length && !options.force)
            throw new ModelHasAliasesError(stored.name, aliases);
          const stamp = options.stamp ?? { author: '', at: nowIso() };
          for (const alias of aliases)
            await this.#record(trx, stored.task_id, alias, null, id, stamp);
          await trx.deleteFrom(this.#t.aliases).where('model_id', '=', id).execute();
          await trx.deleteFrom(this.#t.modelTerms).where('model_id', '=', id).execute();
          await trx.deleteFrom(this.#t.models).where('id', '=', id).execute();
        }),
      (kind, cause) =>
        kind === 'foreign-key' ? new ModelHasAliasesError(name, [], { cause }) : undefined,
    );
  }

  async setModelTags(modelId: string, changes: TagChanges): Promise<ModelRecord> {
    for (const [key, value] of Object.entries(changes)) {
      text(this.dialect, 'tag key', key);
      if (value !== null) text(this.dialect, `value of tag ${JSON.stringify(key)}`, value);
    }
    return this.#store.run('setModelTags', (db) =>
      this.#store.transaction(db, async (trx) => {
        const stored = await this.#lockModel(trx, modelId);
        if (!stored) throw new NonExistingModelError(modelId);
        const tags = mergeTags(textToTags(stored.tags, `model ${modelId}`), changes);
        const row = { ...stored, tags: tagsToText(this.dialect, tags) };
        await trx
          .updateTable(this.#t.models)
          .set({ tags: row.tags })
          .where('id', '=', modelId)
          .execute();
        const keys = Object.keys(changes).map((key) => `t:${key}`);
        if (keys.length)
          await trx
            .deleteFrom(this.#t.modelTerms)
            .where('model_id', '=', modelId)
            .where('term_key', 'in', keys)
            .execute();
        const set = Object.fromEntries(
          Object.entries(changes).filter((entry): entry is [string, string] => entry[1] !== null),
        );
        await this.#insertTerms(trx, row, tagTerms(set));
        return rowToModel(row, this.#modelsTable);
      }),
    );
  }

  async setTaskTags(taskId: string, changes: TagChanges): Promise<TaskRecord> {
    return this.#store.run('setTaskTags', (db) =>
      this.#store.transaction(db, async (trx) => {
        const stored = await this.#lockTask(trx, taskId);
        if (!stored) throw new NonExistingTaskError(taskId);
        const row = await trx
          .selectFrom(this.#t.tasks)
          .selectAll()
          .where('id', '=', taskId)
          .executeTakeFirstOrThrow();
        const tags = tagsToText(
          this.dialect,
          mergeTags(textToTags(row.tags, `task ${taskId}`), changes),
        );
        await trx.updateTable(this.#t.tasks).set({ tags }).where('id', '=', taskId).execute();
        return rowToTask({ ...row, tags });
      }),
    );
  }

  async getAliases(taskId: string): Promise<AliasRecord[]> {
    return this.#store.run('getAliases', async (db) => {
      const rows = await db
        .selectFrom(this.#t.aliases)
        .selectAll()
        .where('task_id', '=', taskId)
        .orderBy('alias')
        .execute();
      if (rows.length === 0 && !(await this.#taskExists(db, taskId)))
        throw new NonExistingTaskError(taskId);
      return rows.map(rowToAlias);
    });
  }

  async getAlias(taskId: string, alias: string): Promise<AliasRecord | null> {
    return this.#store.run('getAlias', async (db) => {
      const row = await db
        .selectFrom(this.#t.aliases)
        .selectAll()
        .where('task_id', '=', taskId)
        .where('alias', '=', alias)
        .executeTakeFirst();
      return row ? rowToAlias(row) : null;
    });
  }

  async setAlias(
    taskId: string,
    alias: string,
    modelId: string,
    stamp: ChangeStamp,
  ): Promise<AliasRecord> {
    text(this.dialect, 'alias', alias);
    return this.#store.run(
      'setAlias',
      (db) =>
        this.#store.transaction(db, async (trx) => {
          if (!(await this.#lockTask(trx, taskId))) throw new NonExistingTaskError(taskId);
          const model = await trx
            .selectFrom(this.#t.models)
            .select('task_id')
            .where('id', '=', modelId)
            .executeTakeFirst();
          if (model?.task_id !== taskId) throw new NonExistingModelError(modelId);
          const current = await trx
            .selectFrom(this.#t.aliases)
            .selectAll()
            .where('task_id', '=', taskId)
            .where('alias', '=', alias)
            .executeTakeFirst();
          if (current?.model_id === modelId) return rowToAlias(current);
          const row: AliasRow = {
            task_id: taskId,
            alias,
            model_id: modelId,
            updated_at: stamp.at,
            author: stamp.author,
          };
          if (current)
            await trx
              .updateTable(this.#t.aliases)
              .set({ model_id: modelId, updated_at: stamp.at, author: stamp.author })
              .where('task_id', '=', taskId)
              .where('alias', '=', alias)
              .execute();
          else await trx.insertInto(this.#t.aliases).values(row).execute();
          await this.#record(trx, taskId, alias, modelId, current?.model_id ?? null, stamp);
          return rowToAlias(row);
        }),
      (kind, cause) =>
        kind === 'foreign-key' ? new NonExistingModelError(modelId, cause) : undefined,
    );
  }

  async deleteAlias(taskId: string, alias: string, stamp: ChangeStamp): Promise<void> {
    await this.#store.run('deleteAlias', (db) =>
      this.#store.transaction(db, async (trx) => {
        const task = await this.#lockTask(trx, taskId);
        if (!task) throw new NonExistingTaskError(taskId);
        const current = await trx
          .selectFrom(this.#t.aliases)
          .select('model_id')
          .where('task_id', '=', taskId)
          .where('alias', '=', alias)
          .executeTakeFirst();
        if (!current) throw new NonExistingAliasError(alias, task.name);
        await trx
          .deleteFrom(this.#t.aliases)
          .where('task_id', '=', taskId)
          .where('alias', '=', alias)
          .execute();
        await this.#record(trx, taskId, alias, null, current.model_id, stamp);
      }),
    );
  }

  async getAliasHistory(taskId: string, alias: string): Promise<AliasEvent[]> {
    return this.#store.run('getAliasHistory', async (db) => {
      const rows = await db
        .selectFrom(this.#t.aliasHistory)
        .selectAll()
        .where('task_id', '=', taskId)
        .where('alias', '=', alias)
        .orderBy('at', 'desc')
        .orderBy('seq', 'desc')
        .execute();
      if (rows.length === 0 && !(await this.#taskExists(db, taskId)))
        throw new NonExistingTaskError(taskId);
      return rows.map(rowToEvent);
    });
  }

  /** Every history entry of every alias of the task, by alias (binary order), each oldest first. */
  async getAliasEvents(taskId: string): Promise<AliasEvent[]> {
    return this.#store.run('getAliasEvents', async (db) => {
      const rows = await db
        .selectFrom(this.#t.aliasHistory)
        .selectAll()
        .where('task_id', '=', taskId)
        .orderBy('alias')
        .orderBy('seq')
        .execute();
      if (rows.length === 0 && !(await this.#taskExists(db, taskId)))
        throw new NonExistingTaskError(taskId);
      return rows.map(rowToEvent);
    });
  }

  /**
   * Appends an imported history (a copy) and sets each alias it touches to its last event's target,
   * in one transaction holding the task's lock, as the alias moves do.
   */
  async importAliasEvents(taskId: string, events: AliasEvent[]): Promise<void> {
    for (const event of events) text(this.dialect, 'alias', event.alias);
    const last = new Map<string, AliasEvent>();
    for (const event of events) last.set(event.alias, event);
    let checking = '';
    await this.#store.run(
      'importAliasEvents',
      (db) =>
        this.#store.transaction(db, async (trx) => {
          if (!(await this.#lockTask(trx, taskId))) throw new NonExistingTaskError(taskId);
          for (const { modelId } of last.values()) {
            if (modelId === null) continue;
            checking = modelId;
            const model = await trx
              .selectFrom(this.#t.models)
              .select('task_id')
              .where('id', '=', modelId)
              .executeTakeFirst();
            if (model?.task_id !== taskId) throw new NonExistingModelError(modelId);
          }
          for (const event of events)
            await this.#record(trx, taskId, event.alias, event.modelId, event.previousModelId, {
              at: event.at,
              author: event.author,
            });
          for (const [alias, event] of last) {
            await trx
              .deleteFrom(this.#t.aliases)
              .where('task_id', '=', taskId)
              .where('alias', '=', alias)
              .execute();
            if (event.modelId !== null)
              await trx
                .insertInto(this.#t.aliases)
                .values({
                  task_id: taskId,
                  alias,
                  model_id: event.modelId,
                  updated_at: event.at,
                  author: event.author,
                })
                .execute();
          }
        }),
      (kind, cause) =>
        kind === 'foreign-key' ? new NonExistingModelError(checking, cause) : undefined,
    );
  }

  async searchModels(search: ModelSearch): Promise<ModelRecord[]> {
    return this.#store.run('searchModels', async (db) => {
      const rows = (await searchQuery(
        db as Kysely<any>,
        this.#t,
        this.dialect,
        search,
      ).execute()) as ModelRow[];
      return rowsToModels(rows, this.#modelsTable);
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
  ): Promise<{ creation_date: string; name: string; tags?: string | null } | undefined> {
    const columns =
      table === this.#t.projects
        ? (['creation_date', 'name'] as const)
        : (['creation_date', 'name', 'tags'] as const);
    const query = (trx as Kysely<any>)
      .selectFrom(table)
      .select([...columns])
      .where('id', '=', id);
    return (this.dialect === 'sqlite' ? query : query.forUpdate()).executeTakeFirst();
  }

  /**
   * Locks a task's row for the alias moves of the task (they take turns on it), without blocking
   * the foreign-key checks of models created meanwhile on PostgreSQL. Undefined when absent.
   */
  async #lockTask(trx: Db, id: string): Promise<{ name: string } | undefined> {
    const query = trx.selectFrom(this.#t.tasks).select('name').where('id', '=', id);
    if (this.dialect === 'sqlite') return query.executeTakeFirst();
    return (
      this.dialect === 'postgres' ? query.forNoKeyUpdate() : query.forUpdate()
    ).executeTakeFirst();
  }

  /** A model's whole row, locked until the transaction ends. */
  async #lockModel(trx: Db, id: string): Promise<ModelRow | undefined> {
    const query = trx.selectFrom(this.#t.models).selectAll().where('id', '=', id);
    return (this.dialect === 'sqlite' ? query : query.forUpdate()).executeTakeFirst();
  }

  /** The project of a task, read under a share lock held until the transaction ends; undefined when absent. */
  async #projectOfTask(trx: Db, taskId: string): Promise<string | undefined> {
    const query = trx.selectFrom(this.#t.tasks).select('project_id').where('id', '=', taskId);
    const row = await (this.dialect === 'sqlite'
      ? query
      : this.dialect === 'postgres'
        ? query.forKeyShare()
        : query.modifyEnd(sql`lock in share mode`)
    ) // MariaDB has no FOR SHARE
      .executeTakeFirst();
    return row?.project_id;
  }

  async #taskExists(db: Db, id: string): Promise<boolean> {
    return !!(await db
      .selectFrom(this.#t.tasks)
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst());
  }

  async #aliasesOf(trx: Db, modelId: string): Promise<string[]> {
    const rows = await trx
      .selectFrom(this.#t.aliases)
      .select('alias')
      .where('model_id', '=', modelId)
      .orderBy('alias')
      .execute();
    return rows.map((row) => row.alias);
  }

  /** Appends one event to an alias's history. */
  async #record(
    trx: Db,
    taskId: string,
    alias: string,
    modelId: string | null,
    previousModelId: string | null,
    stamp: ChangeStamp,
  ): Promise<void> {
    await trx
      .insertInto(this.#t.aliasHistory)
      .values({
        task_id: taskId,
        alias,
        model_id: modelId,
        previous_model_id: previousModelId,
        at: stamp.at,
        author: stamp.author,
      })
      .execute();
  }

  async #insertTerms(trx: Db, row: ModelRow, terms: Term[]): Promise<void> {
    if (terms.length === 0) return;
    await trx
      .insertInto(this.#t.modelTerms)
      .values(
        terms.map((term) => ({
          ...term,
          model_id: row.id,
          name: row.name,
          creation_date: row.creation_date,
        })),
      )
      .execute();
  }

  /**
   * The counter row of a task, locked until the transaction ends (created at 0 for a task made
   * before contract v2). Throws NonExistingTaskError when the task is absent.
   */
  async #lockCounter(trx: Db, taskId: string): Promise<number> {
    const read = () => {
      const query = trx
        .selectFrom(this.#t.versionCounters)
        .select('n')
        .where('task_id', '=', taskId);
      return (this.dialect === 'sqlite' ? query : query.forUpdate()).executeTakeFirst();
    };
    let row = await read();
    if (!row) {
      await this.#ensureCounter(trx, taskId);
      row = await read();
    }
    if (!row) throw new NonExistingTaskError(taskId);
    return Number(row.n);
  }

  async #ensureCounter(trx: Db, taskId: string): Promise<void> {
    const insert = trx.insertInto(this.#t.versionCounters).values({ task_id: taskId, n: 0 });
    if (this.dialect === 'postgres')
      await insert.onConflict((oc) => oc.column('task_id').doNothing()).execute();
    else await insert.orIgnore().execute();
  }

  /**
   * Allocates the task's next version: bumps its counter row (the row lock makes allocators of the
   * task take turns), then skips the numbers whose name a named model holds, all in the caller's
   * transaction. No retry: every step either succeeds or fails the whole create.
   */
  async #allocate(trx: Db, taskId: string): Promise<number> {
    const bump = () =>
      trx
        .updateTable(this.#t.versionCounters)
        .set((eb) => ({ n: eb('n', '+', 1) }))
        .where('task_id', '=', taskId)
        .executeTakeFirst();
    if (Number((await bump()).numUpdatedRows) === 0) {
      await this.#ensureCounter(trx, taskId);
      if (Number((await bump()).numUpdatedRows) === 0) throw new NonExistingTaskError(taskId);
    }
    const start = await this.#lockCounter(trx, taskId);
    let n = start;
    for (;;) {
      const taken = await trx
        .selectFrom(this.#t.models)
        .select('name')
        .where('task_id', '=', taskId)
        .where('name', '=', `v${n}`)
        .executeTakeFirst();
      if (!taken) break;
      n++;
    }
    if (n !== start)
      await trx
        .updateTable(this.#t.versionCounters)
        .set({ n })
        .where('task_id', '=', taskId)
        .execute();
    return n;
  }

  /** Removes what belongs to the tasks `where` selects (by `task_id`), except the tasks themselves. */
  async #deleteTaskContents(
    trx: Db,
    where: (column: 'task_id') => [column: 'task_id', op: '=' | 'in', value: any],
  ): Promise<void> {
    const [column, op, value] = where('task_id');
    const models = trx.selectFrom(this.#t.models).select('id').where(column, op, value);
    await trx.deleteFrom(this.#t.aliasHistory).where(column, op, value).execute();
    await trx.deleteFrom(this.#t.aliases).where(column, op, value).execute();
    await trx.deleteFrom(this.#t.modelTerms).where('model_id', 'in', models).execute();
    await trx.deleteFrom(this.#t.models).where(column, op, value).execute();
    await trx.deleteFrom(this.#t.versionCounters).where(column, op, value).execute();
  }
}
