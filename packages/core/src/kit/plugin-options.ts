import { InvalidConfigError } from '../errors/input-errors.js';
import type { PluginKind } from '../errors/plugin-errors.js';
import type { JsonObject } from '../objects/records.js';

/**
 * What one option accepts: a JSON type, or a check that returns why a value is wrong ("must be a
 * positive integer"), or undefined when it is right. A check never echoes the value, which may be
 * a secret.
 */
export type OptionSpec =
  | 'string'
  | 'number'
  | 'boolean'
  | 'object'
  | ((value: unknown) => string | undefined);

/** The options a factory accepts, by key; `required` keys must be present. */
export interface OptionsSpec {
  [key: string]: { type: OptionSpec; required?: boolean };
}

function typeProblem(spec: OptionSpec, value: unknown): string | undefined {
  if (typeof spec === 'function') return spec(value);
  if (spec === 'object')
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? undefined
      : 'must be an object';
  return typeof value === spec ? undefined : `must be a ${spec}`;
}

/** The message of the one rule: the kind and type string, the problem, and the accepted keys. */
function pluginOptionsMessage(
  kind: PluginKind,
  type: string,
  problem: string,
  spec: OptionsSpec,
): string {
  const accepted = Object.keys(spec);
  const keys = accepted.length ? `the options ${accepted.join(', ')}` : 'no options';
  return `The ${kind} type "${type}": ${problem}. It accepts ${keys}.`;
}

/**
 * The one rule for plugin options, used by every built-in plugin: `options` must be an object whose
 * keys are all in `spec` with values of their type, and every required key present. Anything else is
 * `InvalidConfigError` naming the key, the type string and the accepted keys, e.g.
 * `The artifact type "local": unknown option "rot". It accepts the options root, highWaterMark.`
 * Returns the options. A plugin's further checks (a URL, a value combined with another) throw
 * {@link pluginOptionsError} so their messages have the same shape.
 */
export function checkPluginOptions<T extends object>(
  kind: PluginKind,
  type: string,
  options: unknown,
  spec: OptionsSpec,
): T {
  const fail = (problem: string): never => {
    throw pluginOptionsError(kind, type, problem, spec);
  };
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    fail('options must be an object');
  const given = options as JsonObject;
  for (const key of Object.keys(given)) {
    const entry = Object.hasOwn(spec, key) ? spec[key] : undefined;
    if (!entry) fail(`unknown option "${key}"`);
    if (given[key] === undefined) continue;
    const problem = typeProblem(entry!.type, given[key]);
    if (problem) fail(`option "${key}" ${problem}`);
  }
  for (const [key, entry] of Object.entries(spec))
    if (entry.required && given[key] === undefined) fail(`option "${key}" is required`);
  return options as T;
}

/** An `InvalidConfigError` in the shape of {@link checkPluginOptions}, for a plugin's own checks. */
export function pluginOptionsError(
  kind: PluginKind,
  type: string,
  problem: string,
  spec: OptionsSpec,
  cause?: unknown,
): InvalidConfigError {
  return new InvalidConfigError(
    pluginOptionsMessage(kind, type, problem, spec),
    cause === undefined ? undefined : { cause },
  );
}

/** Option checks the built-in plugins share. */
export const optionChecks = {
  /** A string with at least one character. */
  nonEmptyString: (value: unknown) =>
    typeof value === 'string' && value.length > 0 ? undefined : 'must be a non-empty string',
  /** An integer above zero. */
  positiveInteger: (value: unknown) =>
    typeof value === 'number' && Number.isInteger(value) && value > 0
      ? undefined
      : 'must be a positive integer',
  /** A finite number above zero. */
  positiveNumber: (value: unknown) =>
    typeof value === 'number' && Number.isFinite(value) && value > 0
      ? undefined
      : 'must be a positive number',
  /** One of the listed strings. */
  oneOf:
    (...values: string[]) =>
    (value: unknown) =>
      typeof value === 'string' && values.includes(value)
        ? undefined
        : `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`,
};
