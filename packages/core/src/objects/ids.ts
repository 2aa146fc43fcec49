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
