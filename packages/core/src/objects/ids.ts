import { uuidv7 } from 'uuidv7';

/**
 * A new object id: a UUIDv7 string, sortable by creation time and unique across backends, so an id is
 * never reused (an artifact key never points at a deleted model's files) and survives a copy between registries.
 */
export function newId(): string {
  return uuidv7();
}

/** The current instant as a UTC ISO 8601 string, the format of every date ebonite stores. */
export function nowIso(): string {
  return new Date().toISOString();
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * Whether `value` has the form of an id ebonite creates (a lowercase UUIDv7). Anything else found in a
 * store (another tool's files, another registry's folders) is never taken for ebonite's own.
 */
export function isEboniteId(value: string): boolean {
  return UUID_V7.test(value);
}
