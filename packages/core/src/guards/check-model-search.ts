import { InvalidInputError } from '../errors/input-errors.js';
import { MAX_NAME_LENGTH, nameProblem } from '../objects/names.js';
import type { ModelSearch } from '../objects/records.js';
import { tagsProblem } from '../objects/tags.js';

/** The most models one search page holds. */
export const MAX_SEARCH_LIMIT = 1000;

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const FIELDS = [
  'projectId',
  'taskId',
  'namePrefix',
  'tags',
  'params',
  'author',
  'createdAfter',
  'createdBefore',
  'orderBy',
  'order',
  'limit',
  'after',
];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isScalar(value: unknown): boolean {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

const isDate = (v: unknown) =>
  typeof v === 'string' && ISO_UTC.test(v) && !Number.isNaN(Date.parse(v));

/** Why `value` is not a {@link ModelSearch} as the contract gives it to a repository, or undefined. */
export function modelSearchProblem(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'the search must be an object';
  const s = value;
  const missing = FIELDS.find((f) => !(f in s));
  if (missing !== undefined)
    return `the search has no "${missing}" (every field is given, null when unused)`;
  for (const field of ['projectId', 'taskId'] as const) {
    if (s[field] !== null && nameProblem(s[field])) return `${field} must be an id or null`;
  }
  if (
    s.namePrefix !== null &&
    (typeof s.namePrefix !== 'string' || s.namePrefix.length > MAX_NAME_LENGTH)
  )
    return `namePrefix must be a string of at most ${MAX_NAME_LENGTH} characters, or null`;
  const tags = tagsProblem(s.tags, 'tags');
  if (tags) return tags;
  if (!isPlainObject(s.params)) return 'params must be an object of top-level keys to JSON scalars';
  for (const [key, v] of Object.entries(s.params)) {
    if (!isScalar(v))
      return `params.${key} must be a JSON scalar (a string, a finite number, a boolean or null): a search compares top-level params only`;
  }
  if (s.author !== null && typeof s.author !== 'string') return 'author must be a string or null';
  for (const field of ['createdAfter', 'createdBefore'] as const) {
    if (s[field] !== null && !isDate(s[field]))
      return `${field} must be a UTC ISO 8601 string such as "2026-01-31T12:00:00.000Z", or null`;
  }
  if (s.orderBy !== 'creationDate' && s.orderBy !== 'name')
    return `orderBy must be "creationDate" or "name", not ${JSON.stringify(s.orderBy)}`;
  if (s.order !== 'asc' && s.order !== 'desc')
    return `order must be "asc" or "desc", not ${JSON.stringify(s.order)}`;
  if (
    !Number.isInteger(s.limit) ||
    (s.limit as number) < 1 ||
    (s.limit as number) > MAX_SEARCH_LIMIT + 1
  )
    return `limit must be an integer from 1 to ${MAX_SEARCH_LIMIT + 1}, not ${JSON.stringify(s.limit)}`;
  if (s.after !== null) {
    const a = s.after as Record<string, unknown>;
    if (
      !isPlainObject(a) ||
      typeof a.name !== 'string' ||
      !isDate(a.creationDate) ||
      nameProblem(a.id)
    )
      return 'after must be null or the position { name, creationDate, id } of a model';
  }
  return undefined;
}

/** Checks a search before a repository sees it; throws {@link InvalidInputError}. */
export function checkModelSearch(search: ModelSearch): void {
  const problem = modelSearchProblem(search);
  if (problem) throw new InvalidInputError(`Invalid model search: ${problem}.`);
}
