import type { ArtifactSource } from '../artifacts/artifact-source.js';
import { InvalidInputError } from '../errors/input-errors.js';
import { validateName } from './names.js';
import { jsonObjectProblem, MAX_AUTHOR_LENGTH, requirementsProblem } from './record-checks.js';
import type { JsonObject, Requirement, Tags } from './records.js';
import { validateTags } from './tags.js';

/** What `Model.create` takes. */
export interface CreateModelOptions {
  /**
   * Unique within the task the model is pushed to. Leave it out to push the task's next version: the
   * repository names it `v1`, `v2`, ... in the same atomic step as the record (`model.version` is then
   * the number). Needs a metadata repository of contract v2.
   */
  name?: string;
  /** Labels: keys of 1 to 255 characters to string values of at most 5,000 (contract v2). */
  tags?: Tags;
  /** The model's files by relative name (`model.onnx`, `tokenizer/vocab.txt`): bytes, `{ path }` or a stream. */
  artifacts?: Record<string, ArtifactSource>;
  /** Plain JSON: objects, arrays, strings, finite numbers, booleans, null; nested at most 32 levels. */
  params?: JsonObject;
  description?: string;
  /** The packages the model needs: `[{ package: 'onnxruntime-node', version: '1.30.0' }]`. */
  requirements?: Requirement[];
  /** Defaults to the operating-system user. */
  author?: string;
}

const KEYS = new Set([
  'name',
  'artifacts',
  'params',
  'description',
  'requirements',
  'author',
  'tags',
]);

function fail(problem: string): never {
  throw new InvalidInputError(`Model.create(): ${problem}.`);
}

function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Checks every field of `Model.create`'s options for its type before anything is read or uploaded, so a
 * record no store can read back is never written. Throws {@link InvalidInputError} naming the field.
 */
export function checkCreateOptions(value: unknown): CreateModelOptions {
  if (!isPlainObject(value))
    fail(
      'takes an options object { name?, artifacts?, params?, description?, requirements?, tags?, author? }',
    );
  const options = value as Record<string, unknown>;
  const unknown = Object.keys(options).find((key) => !KEYS.has(key));
  if (unknown !== undefined)
    fail(`unknown option "${unknown}"; the options are ${[...KEYS].join(', ')}`);
  if (options.name !== undefined) validateName('model', options.name as string);
  if (options.tags !== undefined) validateTags(options.tags, 'tags');
  if (options.artifacts !== undefined && !isPlainObject(options.artifacts))
    fail('artifacts must be an object mapping file names to sources');
  if (options.params !== undefined) {
    const problem = jsonObjectProblem(options.params, 'params');
    if (problem) fail(problem);
  }
  if (options.description !== undefined && typeof options.description !== 'string')
    fail(`description must be a string, not ${typeof options.description}`);
  if (options.requirements !== undefined) {
    const problem = requirementsProblem(options.requirements);
    if (problem) fail(problem);
  }
  if (
    options.author !== undefined &&
    (typeof options.author !== 'string' || options.author.length > MAX_AUTHOR_LENGTH)
  )
    fail(`author must be a string of at most ${MAX_AUTHOR_LENGTH} characters`);
  return options as unknown as CreateModelOptions;
}

/** A deep copy of checked plain JSON, exactly as a store will hold it (own `__proto__` keys kept). */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
