import { InvalidInputError } from '@ebonite/core/plugin';
import type { SqlDialectName } from './url.js';

/** A row of the projects table. Every column is text: ids as given, dates as ISO strings. */
export interface ProjectRow {
  id: string;
  name: string;
  author: string;
  creation_date: string;
}

/** A row of the tasks table; `tags` is JSON text (NULL: no tags, as in rows written before contract v2). */
export interface TaskRow extends ProjectRow {
  project_id: string;
  tags?: string | null;
}

/** A row of the models table: params, requirements, artifacts and wrapper are JSON text (wrapper NULL when null). */
export interface ModelRow extends ProjectRow {
  task_id: string;
  description: string;
  params: string;
  requirements: string;
  artifacts: string;
  wrapper: string | null;
  /** The allocated version number of an unnamed model (contract v2); NULL for a named one. */
  version?: number | null;
  /** JSON text of the tags; NULL when none. */
  tags?: string | null;
  /** The project of the model's task, copied so that a project's models are one index range. */
  project_id?: string | null;
}

/** The per-task version counter: the last number allocated (contract v2). */
export interface VersionCounterRow {
  task_id: string;
  n: number;
}

/** An alias of a task. */
export interface AliasRow {
  task_id: string;
  alias: string;
  model_id: string;
  updated_at: string;
  author: string;
}

/** One move of an alias, append-only; `seq` orders events recorded at the same `at`. */
export interface AliasHistoryRow {
  seq?: number;
  task_id: string;
  alias: string;
  model_id: string | null;
  previous_model_id: string | null;
  at: string;
  author: string;
}

/**
 * A search term of a model: one tag (`term_key` `t:<key>`, `term_value` the value) or one top-level
 * scalar param (`p:<key>`, the value's JSON), with the model's sort keys copied so that a filtered,
 * ordered page is one index range: `term_hash` is a hash of key and value, short enough for every
 * dialect's index limits; `term_key`/`term_value` are compared too, so a collision matches nothing.
 */
export interface ModelTermRow {
  model_id: string;
  term_hash: string;
  term_key: string;
  term_value: string;
  name: string;
  creation_date: string;
}

/** The tables as the query builder sees them; the real names carry the prefix (see {@link tableNames}). */
export interface EboniteTables {
  projects: ProjectRow;
  tasks: TaskRow;
  models: ModelRow;
  version_counters: VersionCounterRow;
  aliases: AliasRow;
  alias_history: AliasHistoryRow;
  model_terms: ModelTermRow;
}

/** The physical names of the tables, indexes and migration bookkeeping for one table prefix. */
export interface TableNames {
  projects: 'projects';
  tasks: 'tasks';
  models: 'models';
  versionCounters: 'version_counters';
  aliases: 'aliases';
  aliasHistory: 'alias_history';
  modelTerms: 'model_terms';
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
    versionCounters: `${prefix}version_counters` as 'version_counters',
    aliases: `${prefix}aliases` as 'aliases',
    aliasHistory: `${prefix}alias_history` as 'alias_history',
    modelTerms: `${prefix}model_terms` as 'model_terms',
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
