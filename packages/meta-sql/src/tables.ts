import { InvalidInputError } from '@ebonite/core/plugin';
import type { SqlDialectName } from './url.js';

/** A row of the projects table. Every column is text: ids as given, dates as ISO strings. */
export interface ProjectRow {
  id: string;
  name: string;
  author: string;
  creation_date: string;
}

/** A row of the tasks table. */
export interface TaskRow extends ProjectRow {
  project_id: string;
}

/** A row of the models table: params, requirements, artifacts and wrapper are JSON text (wrapper NULL when null). */
export interface ModelRow extends ProjectRow {
  task_id: string;
  description: string;
  params: string;
  requirements: string;
  artifacts: string;
  wrapper: string | null;
}

/** The tables as the query builder sees them; the real names carry the prefix (see {@link tableNames}). */
export interface EboniteTables {
  projects: ProjectRow;
  tasks: TaskRow;
  models: ModelRow;
}

/** The physical names of the tables, indexes and migration bookkeeping for one table prefix. */
export interface TableNames {
  projects: 'projects';
  tasks: 'tasks';
  models: 'models';
  migration: string;
  migrationLock: string;
  prefix: string;
}

const PREFIX = /^[A-Za-z_][A-Za-z0-9_]{0,31}$/;
const SCHEMA = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * The table names for a prefix. The prefixed names are typed as the plain ones so the query
 * builder stays typed; only unqualified column references are used, so the cast is sound.
 */
export function tableNames(prefix = ''): TableNames {
  if (prefix !== '' && !PREFIX.test(prefix)) {
    throw new InvalidInputError(
      `Invalid tablePrefix ${JSON.stringify(prefix)}: use up to 32 letters, digits and "_", starting with a letter or "_" (for example "ebonite_").`,
    );
  }
  return {
    projects: `${prefix}projects` as 'projects',
    tasks: `${prefix}tasks` as 'tasks',
    models: `${prefix}models` as 'models',
    migration: `${prefix}ebonite_migration`,
    migrationLock: `${prefix}ebonite_migration_lock`,
    prefix,
  };
}

/** Checks the schema option: PostgreSQL schema or MySQL database name; SQLite has none. */
export function checkSchema(
  schema: string | undefined,
  dialect: SqlDialectName,
): string | undefined {
  if (schema === undefined) return undefined;
  if (dialect === 'sqlite')
    throw new InvalidInputError(
      'SQLite has no schemas: drop the schema option, or use tablePrefix to share a database file.',
    );
  if (!SCHEMA.test(schema))
    throw new InvalidInputError(
      `Invalid schema ${JSON.stringify(schema)}: use up to 63 letters, digits and "_", starting with a letter or "_".`,
    );
  return schema;
}
