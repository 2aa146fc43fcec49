import { type CreateTableBuilder, type Kysely, type Migration, sql } from 'kysely';
import type { TableNames } from './tables.js';
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

/** Every migration by name, in the order they apply. Names are never changed once released. */
export function migrations(target: MigrationTarget): Record<string, Migration> {
  return { '0001_initial': initial(target) };
}
