import { InvalidInputError } from '../errors/input-errors.js';
import { NonExistingProjectError, NonExistingTaskError } from '../errors/object-errors.js';
import { MAX_SEARCH_LIMIT } from '../guards/check-model-search.js';
import type { GuardedMetadataRepository } from '../guards/guarded-metadata-repository.js';
import { validateName } from '../objects/names.js';
import type { Project } from '../objects/project.js';
import type { JsonScalar, ModelRecord, Tags } from '../objects/records.js';
import { validateTags } from '../objects/tags.js';
import type { Task } from '../objects/task.js';
import { decodeCursor, encodeCursor, type SearchFilter } from './search-cursor.js';

/** The default number of models in a search page. */
export const DEFAULT_SEARCH_LIMIT = 100;

/** What `client.searchModels` takes. Every filter given must match; none given matches every model. */
export interface ModelQuery {
  /** Only the models of this project (a name or a `Project`). */
  project?: Project | string;
  /** Only the models of this task: a `Task`, or a task name with `project`. Absent: every task. */
  task?: Task | string;
  /** Names that start with exactly these characters (case-sensitive; `%` and `_` are plain). */
  namePrefix?: string;
  /** Every key must be present with exactly this value. */
  tags?: Tags;
  /** Equality on top-level params: each key present and equal to this JSON scalar. */
  params?: Record<string, JsonScalar>;
  author?: string;
  /** Created at or after this instant (inclusive): an ISO 8601 string or a `Date`. */
  createdAfter?: string | Date;
  /** Created before this instant (exclusive): an ISO 8601 string or a `Date`. */
  createdBefore?: string | Date;
  /** `creationDate` (default; ties by id) or `name` (UTF-8 byte order; ties by creationDate, id). */
  orderBy?: 'creationDate' | 'name';
  /** `desc` (default: newest first, or names Z to A) or `asc`. */
  order?: 'asc' | 'desc';
  /** Models per page: 1 to 1,000, default 100. */
  limit?: number;
  /** The `nextCursor` of the previous page of the same query (filters and order); absent for the first. */
  cursor?: string | null;
}

/** One page of a search. */
export interface ModelPage<M> {
  models: M[];
  /** Pass it as `cursor` (with the same query) for the next page; `null` on the last page. */
  nextCursor: string | null;
}

const KEYS = [
  'project',
  'task',
  'namePrefix',
  'tags',
  'params',
  'author',
  'createdAfter',
  'createdBefore',
  'orderBy',
  'order',
  'limit',
  'cursor',
];

function fail(problem: string): never {
  throw new InvalidInputError(`searchModels(): ${problem}.`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** An ISO 8601 string or a Date as `Date.toISOString()` writes it. */
function instant(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  const date =
    value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime()))
    fail(`${field} must be an ISO 8601 date string or a valid Date, not ${JSON.stringify(value)}`);
  return date.toISOString();
}

function optionalString(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') fail(`${field} must be a string, not ${typeof value}`);
  return value;
}

function params(value: unknown): Record<string, JsonScalar> {
  if (value === undefined) return {};
  if (!isPlainObject(value)) fail('params must be an object of top-level param names to values');
  for (const [key, v] of Object.entries(value)) {
    const scalar =
      v === null ||
      typeof v === 'string' ||
      typeof v === 'boolean' ||
      (typeof v === 'number' && Number.isFinite(v));
    if (!scalar)
      fail(
        `params.${key} must be a string, a finite number, a boolean or null: a search compares top-level params by equality`,
      );
  }
  return { ...(value as Record<string, JsonScalar>) };
}

/** Where the query looks: the ids of its project and task (`NonExisting…Error` for a name absent). */
async function scope(
  meta: GuardedMetadataRepository,
  project: unknown,
  task: unknown,
): Promise<{ projectId: string | null; taskId: string | null }> {
  let projectId: string | null = null;
  if (typeof project === 'string') {
    const record = await meta.getProjectByName(validateName('project', project));
    if (!record) throw new NonExistingProjectError(project);
    projectId = record.id;
  } else if (project !== undefined && project !== null) {
    if (typeof (project as Project).id !== 'string') fail('project must be a name or a Project');
    projectId = (project as Project).id;
  }
  if (task === undefined || task === null) return { projectId, taskId: null };
  if (typeof task === 'string') {
    if (projectId === null)
      fail('a task given by name needs its project: pass { project, task } or a Task object');
    const record = await meta.getTaskByName(projectId, validateName('task', task));
    if (!record) throw new NonExistingTaskError(task);
    return { projectId, taskId: record.id };
  }
  if (typeof (task as Task).id !== 'string') fail('task must be a name or a Task');
  return { projectId, taskId: (task as Task).id };
}

/** Checks and normalizes a query: its filter (what a cursor is bound to), limit and cursor. */
async function normalize(
  meta: GuardedMetadataRepository,
  query: ModelQuery,
): Promise<{ filter: SearchFilter; limit: number; cursor: string | null }> {
  if (!isPlainObject(query as unknown)) fail('takes a query object such as { task, tags, limit }');
  const unknown = Object.keys(query).find((k) => !KEYS.includes(k));
  if (unknown !== undefined) fail(`unknown field "${unknown}"; the fields are ${KEYS.join(', ')}`);
  const { orderBy = 'creationDate', order = 'desc', limit = DEFAULT_SEARCH_LIMIT } = query;
  if (orderBy !== 'creationDate' && orderBy !== 'name')
    fail(`orderBy must be "creationDate" or "name", not ${JSON.stringify(orderBy)}`);
  if (order !== 'asc' && order !== 'desc')
    fail(`order must be "asc" or "desc", not ${JSON.stringify(order)}`);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT)
    fail(`limit must be an integer from 1 to ${MAX_SEARCH_LIMIT}, not ${JSON.stringify(limit)}`);
  const cursor = optionalString(query.cursor, 'cursor');
  const filter: SearchFilter = {
    ...(await scope(meta, query.project, query.task)),
    namePrefix: optionalString(query.namePrefix, 'namePrefix'),
    tags: query.tags === undefined ? {} : validateTags(query.tags, 'tags'),
    params: params(query.params),
    author: optionalString(query.author, 'author'),
    createdAfter: instant(query.createdAfter, 'createdAfter'),
    createdBefore: instant(query.createdBefore, 'createdBefore'),
    orderBy,
    order,
  };
  return { filter, limit, cursor };
}

/**
 * One keyset page of a search: the repository is asked for `limit + 1` models after the cursor's
 * position, so the page knows whether more follow without a second query.
 */
export async function searchModelRecords(
  meta: GuardedMetadataRepository,
  query: ModelQuery,
): Promise<ModelPage<ModelRecord>> {
  const { filter, limit, cursor } = await normalize(meta, query);
  const after = cursor === null ? null : decodeCursor(cursor, filter);
  const found = await meta.searchModels({ ...filter, limit: limit + 1, after });
  const models = found.slice(0, limit);
  const last = models[models.length - 1];
  const nextCursor = found.length > limit && last ? encodeCursor(filter, last) : null;
  return { models, nextCursor };
}
