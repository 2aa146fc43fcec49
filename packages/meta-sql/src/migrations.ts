import { type CreateTableBuilder, type Kysely, type Migration, sql } from 'kysely';
import type { TableNames } from './tables.js';
import { paramTerms } from './terms.js';
import type { SqlDialectName } from './url.js';

/** What the migrations need to know about where they run. */
export interface MigrationTarget {
  dialect: SqlDialectName;
  names: TableNames;
  schema: string | undefined;
}

/** The error MySQL/MariaDB gives for an index name that exists already (ER_DUP_KEYNAME). */
const MYSQL_DUPLICATE_KEY_NAME = 1061;

function columnTypes(dialect: SqlDialectName) {
  if (dialect === 'postgres') {
    // "C": byte-wise, case-sensitive, locale-independent comparison and order on every server.
    return { key: sql`varchar(255) collate "C"`, text: sql`text`, date: sql`varchar(64)` };
  }
  if (dialect === 'mysql')
    return { key: sql`varchar(255)`, text: sql`longtext`, date: sql`varchar(64)` };
  return { key: sql`text`, text: sql`text`, date: sql`text` };
}

/**
 * MySQL/MariaDB table options: InnoDB (transactions, foreign keys) and utf8mb4 with a binary,
 * no-pad collation, so names are compared byte for byte (`Model` ≠ `model`, `a` ≠ `a `).
 */
async function mysqlTableOptions(db: Kysely<any>) {
  const { rows } = await sql<{
    name: string;
  }>`select collation_name as name from information_schema.collations where collation_name in ('utf8mb4_0900_bin', 'utf8mb4_nopad_bin')`.execute(
    db,
  );
  const collation = rows[0]?.name ?? 'utf8mb4_bin';
  return sql.raw(`engine = InnoDB default character set = utf8mb4 collate = ${collation}`);
}

async function createIndex(
  db: Kysely<any>,
  target: MigrationTarget,
  name: string,
  table: string,
  columns: string[],
) {
  const builder = db.schema.createIndex(`${target.names.prefix}${name}`).on(table).columns(columns);
  if (target.dialect !== 'mysql') return builder.ifNotExists().execute();
  try {
    await builder.execute();
  } catch (error) {
    // MySQL has no "create index if not exists" and no transactional DDL: a rerun after a crash skips what exists.
    if ((error as { errno?: number }).errno !== MYSQL_DUPLICATE_KEY_NAME) throw error;
  }
}

/** Version 1: projects, tasks and models, with name-in-parent uniqueness, foreign keys and look-up indexes. */
function initial(target: MigrationTarget): Migration {
  const { names, dialect } = target;
  const p = names.prefix;
  return {
    async up(raw) {
      const db = target.schema ? raw.withSchema(target.schema) : raw;
      const type = columnTypes(dialect);
      const options = dialect === 'mysql' ? await mysqlTableOptions(db) : undefined;
      const finish = (builder: CreateTableBuilder<string, string>) =>
        options ? builder.modifyEnd(options) : builder;
      await finish(
        db.schema
          .createTable(names.projects)
          .ifNotExists()
          .addColumn('id', type.key, (c) => c.primaryKey())
          .addColumn('name', type.key, (c) => c.notNull())
          .addColumn('author', type.text, (c) => c.notNull())
          .addColumn('creation_date', type.date, (c) => c.notNull())
          .addUniqueConstraint(`${p}projects_name_key`, ['name']),
      ).execute();
      await finish(
        db.schema
          .createTable(names.tasks)
          .ifNotExists()
          .addColumn('id', type.key, (c) => c.primaryKey())
          .addColumn('name', type.key, (c) => c.notNull())
          .addColumn('author', type.text, (c) => c.notNull())
          .addColumn('creation_date', type.date, (c) => c.notNull())
          .addColumn('project_id', type.key, (c) => c.notNull())
          .addUniqueConstraint(`${p}tasks_project_id_name_key`, ['project_id', 'name'])
          .addForeignKeyConstraint(`${p}tasks_project_id_fkey`, ['project_id'], names.projects, [
            'id',
          ]),
      ).execute();
      await finish(
        db.schema
          .createTable(names.models)
          .ifNotExists()
          .addColumn('id', type.key, (c) => c.primaryKey())
          .addColumn('name', type.key, (c) => c.notNull())
          .addColumn('author', type.text, (c) => c.notNull())
          .addColumn('creation_date', type.date, (c) => c.notNull())
          .addColumn('task_id', type.key, (c) => c.notNull())
          .addColumn('description', type.text, (c) => c.notNull())
          .addColumn('params', type.text, (c) => c.notNull())
          .addColumn('requirements', type.text, (c) => c.notNull())
          .addColumn('artifacts', type.text, (c) => c.notNull())
          .addColumn('wrapper', type.text)
          .addUniqueConstraint(`${p}models_task_id_name_key`, ['task_id', 'name'])
          .addForeignKeyConstraint(`${p}models_task_id_fkey`, ['task_id'], names.tasks, ['id']),
      ).execute();
      // Children listed in id order: (parent_id, id) serves "where parent_id = ? order by id" and the child check of a delete.
      await createIndex(db, target, 'tasks_project_id_id_idx', names.tasks, ['project_id', 'id']);
      await createIndex(db, target, 'models_task_id_id_idx', names.models, ['task_id', 'id']);
    },
  };
}

/** Adds a column unless a crashed earlier run (MySQL has no transactional DDL) added it already. */
async function addColumn(
  raw: Kysely<any>,
  target: MigrationTarget,
  table: string,
  column: string,
  type: ReturnType<typeof sql>,
) {
  const qualified = sql.table(target.schema ? `${target.schema}.${table}` : table);
  if (target.dialect === 'postgres') {
    await sql`alter table ${qualified} add column if not exists ${sql.ref(column)} ${type}`.execute(
      raw,
    );
    return;
  }
  const exists =
    target.dialect === 'sqlite'
      ? (
          await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(raw)
        ).rows.some((row) => row.name === column)
      : (
          await sql<{
            n: number;
          }>`select count(*) as n from information_schema.columns where table_schema = coalesce(${target.schema ?? null}, database()) and table_name = ${table} and column_name = ${column}`.execute(
            raw,
          )
        ).rows.some((row) => Number(row.n) > 0);
  if (!exists)
    await sql`alter table ${qualified} add column ${sql.ref(column)} ${type}`.execute(raw);
}

/** How many existing models the registry migration reads at once to index their params. */
const BACKFILL_BATCH = 1000;

/**
 * Version 2, the registry (contract v2): model versions and tags, task tags, a version counter per
 * task, aliases (unique per task) with their append-only history, and the search terms of every
 * model (tags and top-level scalar params) with the indexes that make each search an index range.
 * Existing rows are kept: their tasks get a counter at 0 and their models' params are indexed.
 */
function registry(target: MigrationTarget): Migration {
  const { names, dialect } = target;
  const p = names.prefix;
  return {
    async up(raw) {
      const db = target.schema ? raw.withSchema(target.schema) : raw;
      const type = columnTypes(dialect);
      const termKey =
        dialect === 'postgres'
          ? sql`varchar(320) collate "C"`
          : dialect === 'mysql'
            ? sql`varchar(320)`
            : sql`text`;
      const hash =
        dialect === 'postgres'
          ? sql`varchar(64) collate "C"`
          : dialect === 'mysql'
            ? sql`varchar(64)`
            : sql`text`;
      const options = dialect === 'mysql' ? await mysqlTableOptions(db) : undefined;
      const finish = (builder: CreateTableBuilder<string, string>) =>
        options ? builder.modifyEnd(options) : builder;

      await addColumn(raw, target, names.models, 'version', sql`integer`);
      await addColumn(raw, target, names.models, 'tags', type.text);
      await addColumn(raw, target, names.tasks, 'tags', type.text);
      await addColumn(raw, target, names.models, 'project_id', type.key);

      await finish(
        db.schema
          .createTable(names.versionCounters)
          .ifNotExists()
          .addColumn('task_id', type.key, (c) => c.primaryKey())
          .addColumn('n', 'integer', (c) => c.notNull())
          .addForeignKeyConstraint(`${p}version_counters_task_id_fkey`, ['task_id'], names.tasks, [
            'id',
          ]),
      ).execute();
      await finish(
        db.schema
          .createTable(names.aliases)
          .ifNotExists()
          .addColumn('task_id', type.key, (c) => c.notNull())
          .addColumn('alias', type.key, (c) => c.notNull())
          .addColumn('model_id', type.key, (c) => c.notNull())
          .addColumn('updated_at', type.date, (c) => c.notNull())
          .addColumn('author', type.text, (c) => c.notNull())
          .addPrimaryKeyConstraint(`${p}aliases_pkey`, ['task_id', 'alias'])
          .addForeignKeyConstraint(`${p}aliases_task_id_fkey`, ['task_id'], names.tasks, ['id'])
          .addForeignKeyConstraint(`${p}aliases_model_id_fkey`, ['model_id'], names.models, ['id']),
      ).execute();
      const seq =
        dialect === 'postgres'
          ? db.schema
              .createTable(names.aliasHistory)
              .ifNotExists()
              .addColumn('seq', 'bigserial', (c) => c.primaryKey())
          : db.schema
              .createTable(names.aliasHistory)
              .ifNotExists()
              .addColumn('seq', dialect === 'mysql' ? 'bigint' : 'integer', (c) =>
                c.primaryKey().autoIncrement(),
              );
      await finish(
        seq
          .addColumn('task_id', type.key, (c) => c.notNull())
          .addColumn('alias', type.key, (c) => c.notNull())
          .addColumn('model_id', type.key)
          .addColumn('previous_model_id', type.key)
          .addColumn('at', type.date, (c) => c.notNull())
          .addColumn('author', type.text, (c) => c.notNull())
          .addForeignKeyConstraint(`${p}alias_history_task_id_fkey`, ['task_id'], names.tasks, [
            'id',
          ]),
      ).execute();
      await finish(
        db.schema
          .createTable(names.modelTerms)
          .ifNotExists()
          .addColumn('model_id', type.key, (c) => c.notNull())
          .addColumn('term_key', termKey, (c) => c.notNull())
          .addColumn('term_hash', hash, (c) => c.notNull())
          .addColumn('term_value', type.text, (c) => c.notNull())
          .addColumn('name', type.key, (c) => c.notNull())
          .addColumn('creation_date', type.date, (c) => c.notNull())
          .addPrimaryKeyConstraint(`${p}model_terms_pkey`, ['model_id', 'term_key'])
          .addForeignKeyConstraint(`${p}model_terms_model_id_fkey`, ['model_id'], names.models, [
            'id',
          ]),
      ).execute();

      // Every search is one index range: by creation date or name across the registry or in a task,
      // or by a term (tag or param) in either order. Names are unique in a task, so a task's models
      // in name order use the (task_id, name) constraint.
      const index = (name: string, table: string, columns: string[]) =>
        createIndex(db, target, name, table, columns);
      await index('models_creation_date_id_idx', names.models, ['creation_date', 'id']);
      await index('models_name_creation_date_id_idx', names.models, [
        'name',
        'creation_date',
        'id',
      ]);
      await index('models_task_id_creation_date_id_idx', names.models, [
        'task_id',
        'creation_date',
        'id',
      ]);
      await index('models_project_id_creation_date_id_idx', names.models, [
        'project_id',
        'creation_date',
        'id',
      ]);
      // four key columns exceed MySQL's 3,072-byte index key: there, a project's models in name order are sorted
      if (dialect !== 'mysql')
        await index('models_project_id_name_creation_date_id_idx', names.models, [
          'project_id',
          'name',
          'creation_date',
          'id',
        ]);
      await index('model_terms_hash_creation_date_idx', names.modelTerms, [
        'term_hash',
        'creation_date',
        'model_id',
      ]);
      await index('model_terms_hash_name_idx', names.modelTerms, [
        'term_hash',
        'name',
        'creation_date',
        'model_id',
      ]);
      await index('aliases_model_id_idx', names.aliases, ['model_id']);
      await index('alias_history_task_id_alias_idx', names.aliasHistory, [
        'task_id',
        'alias',
        'at',
        'seq',
      ]);

      // Existing models get their task's project.
      await sql`update ${sql.table(qualify(target, names.models))} set project_id = (select t.project_id from ${sql.table(qualify(target, names.tasks))} t where t.id = ${sql.table(qualify(target, names.models))}.task_id) where project_id is null`.execute(
        raw,
      );
      // Existing tasks count from 0 (a model named "v1" by hand is skipped by the allocator).
      await sql`insert into ${sql.table(qualify(target, names.versionCounters))} (task_id, n) select t.id, 0 from ${sql.table(qualify(target, names.tasks))} t where not exists (select 1 from ${sql.table(qualify(target, names.versionCounters))} c where c.task_id = t.id)`.execute(
        raw,
      );
      // Existing models' params become search terms. A MySQL run that crashed half-way left some:
      // the table is new in this migration, so starting it over is safe.
      await db.deleteFrom(names.modelTerms).execute();
      let after = '';
      for (;;) {
        const rows = await db
          .selectFrom(names.models)
          .select(['id', 'name', 'creation_date', 'params'])
          .where('id', '>', after)
          .orderBy('id')
          .limit(BACKFILL_BATCH)
          .execute();
        if (rows.length === 0) break;
        const terms = rows.flatMap((row) => {
          let params: unknown;
          try {
            params = JSON.parse(String(row.params));
          } catch {
            return []; // a damaged row stays unsearchable by params; reads report it
          }
          return paramTerms(params).map((term) => ({
            model_id: row.id,
            name: row.name,
            creation_date: row.creation_date,
            ...term,
          }));
        });
        for (let i = 0; i < terms.length; i += 200)
          await db
            .insertInto(names.modelTerms)
            .values(terms.slice(i, i + 200))
            .execute();
        after = String(rows.at(-1)?.id);
      }
    },
  };
}

function qualify(target: MigrationTarget, table: string): string {
  return target.schema ? `${target.schema}.${table}` : table;
}

/** Every migration by name, in the order they apply. Names are never changed once released. */
export function migrations(target: MigrationTarget): Record<string, Migration> {
  return { '0001_initial': initial(target), '0002_registry': registry(target) };
}
