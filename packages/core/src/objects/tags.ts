import { InvalidInputError } from '../errors/input-errors.js';
import type { TagChanges, Tags } from './records.js';

/** The longest tag key, in UTF-16 code units. */
export const MAX_TAG_KEY_LENGTH = 255;
/** The longest tag value, in UTF-16 code units. */
export const MAX_TAG_VALUE_LENGTH = 5000;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function keyProblem(key: string, where: string): string | undefined {
  if (key.length === 0) return `${where} has an empty key`;
  if (key.length > MAX_TAG_KEY_LENGTH)
    return `${where} has a key longer than ${MAX_TAG_KEY_LENGTH} characters (${JSON.stringify(key.slice(0, 40))}...)`;
  return undefined;
}

function valueProblem(key: string, value: unknown, where: string): string | undefined {
  if (typeof value !== 'string') return `${where}.${key} must be a string, not ${describe(value)}`;
  if (value.length > MAX_TAG_VALUE_LENGTH)
    return `${where}.${key} is ${value.length} characters long, more than the ${MAX_TAG_VALUE_LENGTH} a tag value may have`;
  return undefined;
}

/**
 * Why `value` is not valid tags (a plain object of non-empty string keys of at most 255 characters to
 * string values of at most 5,000), or undefined. `where` names it in the message.
 */
export function tagsProblem(value: unknown, where = 'tags'): string | undefined {
  if (!isPlainObject(value))
    return `${where} must be an object of string keys to string values, not ${describe(value)}`;
  for (const [key, v] of Object.entries(value)) {
    const problem = keyProblem(key, where) ?? valueProblem(key, v, where);
    if (problem) return problem;
  }
  return undefined;
}

/** Why `value` is not a valid change of tags (like tags, with `null` to remove a key), or undefined. */
export function tagChangesProblem(value: unknown, where = 'changes'): string | undefined {
  if (!isPlainObject(value))
    return `${where} must be an object of tag keys to a string (set) or null (remove), not ${describe(value)}`;
  for (const [key, v] of Object.entries(value)) {
    const problem =
      keyProblem(key, where) ?? (v === null ? undefined : valueProblem(key, v, where));
    if (problem) return problem;
  }
  return undefined;
}

/** Checks tags; throws {@link InvalidInputError} naming the bad key or value. Returns a copy. */
export function validateTags(value: unknown, where = 'tags'): Tags {
  const problem = tagsProblem(value, where);
  if (problem)
    throw new InvalidInputError(
      `Invalid tags: ${problem}. Tags map keys of 1 to ${MAX_TAG_KEY_LENGTH} characters to string values of at most ${MAX_TAG_VALUE_LENGTH}.`,
    );
  return { ...(value as Tags) };
}

/** Checks a change of tags; throws {@link InvalidInputError}. Returns a copy. */
export function validateTagChanges(value: unknown, where = 'changes'): TagChanges {
  const problem = tagChangesProblem(value, where);
  if (problem)
    throw new InvalidInputError(
      `Invalid tag changes: ${problem}. Give { key: 'value' } to set a tag and { key: null } to remove one; keys of 1 to ${MAX_TAG_KEY_LENGTH} characters, values of at most ${MAX_TAG_VALUE_LENGTH}.`,
    );
  return { ...(value as TagChanges) };
}
