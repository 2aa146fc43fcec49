import {
  CorruptedStoreError,
  InvalidInputError,
  type ModelRecord,
  type ProjectRecord,
  type Tags,
  type TaskRecord,
} from '@ebonite/core/plugin';
import type { ModelRow, ProjectRow, TaskRow } from './tables.js';
import type { SqlDialectName } from './url.js';
import { warnOnce } from './warn-once.js';

/** A UTF-16 surrogate that is not half of a pair (with the `u` flag, a pair is one code point). */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Checks a string the database must store exactly: well-formed Unicode (a lone surrogate would be
 * replaced by U+FFFD on the way to UTF-8), and no U+0000 on PostgreSQL, whose text cannot hold it.
 */
export function text(dialect: SqlDialectName, what: string, value: string): string {
  if (typeof value !== 'string')
    throw new InvalidInputError(`The ${what} must be a string, got ${typeof value}.`);
  if (LONE_SURROGATE.test(value))
    throw new InvalidInputError(
      `The ${what} contains a lone UTF-16 surrogate, which no database stores exactly: fix the string's encoding.`,
    );
  if (dialect === 'postgres' && value.includes('\u0000'))
    throw new InvalidInputError(
      `The ${what} contains U+0000, which PostgreSQL text cannot hold: remove it.`,
    );
  return value;
}

function json(what: string, value: unknown): string {
  let encoded: string | undefined;
  try {
    encoded = JSON.stringify(value);
  } catch (error) {
    throw new InvalidInputError(
      `The ${what} cannot be stored as JSON (${(error as Error).message}): use plain JSON values.`,
      { cause: error },
    );
  }
  if (encoded === undefined)
    throw new InvalidInputError(`The ${what} cannot be stored as JSON: use plain JSON values.`);
  return encoded;
}

export function projectToRow(dialect: SqlDialectName, project: ProjectRecord): ProjectRow {
  return {
    id: text(dialect, 'project id', project.id),
    name: text(dialect, 'project name', project.name),
    author: text(dialect, 'project author', project.author),
    creation_date: text(dialect, 'project creation date', project.creationDate),
  };
}

export function taskToRow(dialect: SqlDialectName, task: TaskRecord): TaskRow {
  return {
    id: text(dialect, 'task id', task.id),
    name: text(dialect, 'task name', task.name),
    author: text(dialect, 'task author', task.author),
    creation_date: text(dialect, 'task creation date', task.creationDate),
    project_id: text(dialect, 'project id', task.projectId),
  };
}

export function modelToRow(dialect: SqlDialectName, model: ModelRecord): ModelRow {
  return {
    id: text(dialect, 'model id', model.id),
    name: text(dialect, 'model name', model.name),
    author: text(dialect, 'model author', model.author),
    creation_date: text(dialect, 'model creation date', model.creationDate),
    task_id: text(dialect, 'task id', model.taskId),
    description: text(dialect, 'model description', model.description),
    params: json('model params', model.params),
    requirements: json('model requirements', model.requirements),
    artifacts: json('model artifacts', model.artifacts),
    wrapper:
      model.wrapper === null || model.wrapper === undefined
        ? null
        : json('model wrapper', model.wrapper),
  };
}

/** Checks tags for what the database must store exactly, and encodes them as JSON text. */
export function tagsToText(dialect: SqlDialectName, tags: Tags): string {
  for (const [key, value] of Object.entries(tags)) {
    text(dialect, 'tag key', key);
    text(dialect, `value of tag ${JSON.stringify(key)}`, value);
  }
  return json('tags', tags);
}

/** The tags of a row's `tags` column: `{}` when NULL (a row written before contract v2). */
export function textToTags(value: string | null | undefined, what: string): Tags {
  if (value === null || value === undefined || value === '') return {};
  try {
    return JSON.parse(value) as Tags;
  } catch (error) {
    throw new CorruptedStoreError(
      `The tags of ${what} are not JSON (${(error as Error).message}): restore the row from a backup.`,
      { cause: error },
    );
  }
}

export function rowToProject(row: ProjectRow): ProjectRecord {
  return { id: row.id, name: row.name, author: row.author, creationDate: row.creation_date };
}

export function rowToTask(row: TaskRow): TaskRecord {
  return {
    id: row.id,
    name: row.name,
    author: row.author,
    creationDate: row.creation_date,
    projectId: row.project_id,
    tags: textToTags(row.tags, `task ${row.id}`),
  };
}

/** Parses a JSON column written by {@link modelToRow}; anything else is a damaged row of `table`. */
function parse(
  table: string,
  row: ModelRow,
  column: 'params' | 'requirements' | 'artifacts' | 'wrapper',
  text: string,
) {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CorruptedStoreError(
      `Table ${table} holds model ${row.id} (name ${JSON.stringify(row.name)}) whose ${column} column is not JSON (${(error as Error).message}): restore the row from a backup, or delete the model. Lists of its task skip it.`,
      { cause: error },
    );
  }
}

/** The model a row of `table` holds; a JSON column that does not parse is CorruptedStoreError naming both. */
export function rowToModel(row: ModelRow, table: string): ModelRecord {
  return {
    id: row.id,
    name: row.name,
    author: row.author,
    creationDate: row.creation_date,
    taskId: row.task_id,
    description: row.description,
    params: parse(table, row, 'params', row.params),
    requirements: parse(table, row, 'requirements', row.requirements),
    artifacts: parse(table, row, 'artifacts', row.artifacts),
    wrapper: row.wrapper === null ? null : parse(table, row, 'wrapper', row.wrapper),
    version: row.version === null || row.version === undefined ? null : Number(row.version),
    tags: textToTags(row.tags, `model ${row.id} of table ${table}`),
  };
}

/** The models of rows of `table`; a damaged row is left out with a one-time process warning. */
export function rowsToModels(rows: ModelRow[], table: string): ModelRecord[] {
  const models: ModelRecord[] = [];
  for (const row of rows) {
    try {
      models.push(rowToModel(row, table));
    } catch (error) {
      if (!CorruptedStoreError.isInstance(error)) throw error;
      warnOnce(error);
    }
  }
  return models;
}
