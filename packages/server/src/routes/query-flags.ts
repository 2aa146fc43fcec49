import { InvalidInputError } from '@ebonite/core';

/** A boolean query parameter (`?cascade=true`): `true`/`1` or `false`/`0`, absent is false. */
export function flag(query: unknown, name: string): boolean {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  if (value === undefined || value === 'false' || value === '0' || value === '') return false;
  if (value === 'true' || value === '1') return true;
  throw new InvalidInputError(`?${name}= takes true or false, not ${JSON.stringify(value)}.`);
}

/** An optional string query parameter given at most once. */
export function text(query: unknown, name: string): string | undefined {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string')
    throw new InvalidInputError(`?${name}= must be given once, as a string.`);
  return value;
}
