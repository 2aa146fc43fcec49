/** The form of every id `newId()` creates: a lowercase UUIDv7. */
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * Whether an id listed by an artifact repository is one ebonite creates for models (a UUIDv7). Only
 * those can be a registry's orphans; anything else in the store (a folder of another registry, a key
 * another tool wrote) is foreign and never removed.
 */
export function isEboniteModelId(id: string): boolean {
  return UUID_V7.test(id);
}
