import { createHash } from 'node:crypto';
import { InvalidInputError } from '../errors/input-errors.js';
import { nameProblem } from '../objects/names.js';
import type { ModelSearch, SearchPosition } from '../objects/records.js';

/** A search without its page: what a cursor is bound to. */
export type SearchFilter = Omit<ModelSearch, 'limit' | 'after'>;

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** A JSON copy of a value with the keys of every object sorted, so equal filters hash the same. */
function canonical(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(canonical);
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)]));
}

/** A short hash of a normalized search without its limit and position: the query a cursor names. */
export function queryHash(filter: SearchFilter): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(filter)))
    .digest('base64url')
    .slice(0, 16);
}

/**
 * The cursor of the page after `last`: opaque base64url of JSON `{ v: 1, q, k: [name, creationDate,
 * id] }`, `q` being the {@link queryHash} of the query, so it cannot be used with another one.
 */
export function encodeCursor(filter: SearchFilter, last: SearchPosition): string {
  const body = { v: 1, q: queryHash(filter), k: [last.name, last.creationDate, last.id] };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

function garbled(): InvalidInputError {
  return new InvalidInputError(
    'Invalid search cursor: it is not a cursor a search returned (damaged or cut?). Pass the nextCursor of the previous page exactly as it came, or leave cursor out for the first page.',
  );
}

/**
 * The position a cursor continues after. Throws {@link InvalidInputError} for a string that is not a
 * cursor, and for a cursor of another query (other filters or order; another limit is fine).
 */
export function decodeCursor(cursor: string, filter: SearchFilter): SearchPosition {
  let body: { v?: unknown; q?: unknown; k?: unknown };
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw garbled();
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw garbled();
  }
  const k = body?.k;
  if (
    body?.v !== 1 ||
    typeof body.q !== 'string' ||
    !Array.isArray(k) ||
    k.length !== 3 ||
    typeof k[0] !== 'string' ||
    typeof k[1] !== 'string' ||
    !ISO_UTC.test(k[1]) ||
    nameProblem(k[2]) !== undefined
  )
    throw garbled();
  if (body.q !== queryHash(filter))
    throw new InvalidInputError(
      'This search cursor belongs to another query: a cursor continues the query that returned it, with the same filters and order (only the limit may change). Start again without a cursor for a new query.',
    );
  return { name: k[0], creationDate: k[1], id: k[2] };
}
