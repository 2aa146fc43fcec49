import { InvalidConfigError } from '../errors/input-errors.js';
import type { PluginKind } from '../errors/plugin-errors.js';
import type { JsonObject } from '../objects/records.js';

/** What one option accepts: a JSON type, or a check that returns why a value is wrong. */
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

/**
 * The one rule for plugin options, used by every built-in plugin: `options` must be an object whose
 * keys are all in `spec` with values of their type, and every required key present. Anything else is
 * `InvalidConfigError` naming the key, the type string and the accepted keys. Returns the options.
 */
export function checkPluginOptions<T extends object>(
  kind: PluginKind,
  type: string,
  options: unknown,
  spec: OptionsSpec,
): T {
  const accepted = Object.keys(spec).join(', ');
  const fail = (problem: string): never => {
    throw new InvalidConfigError(
      `The ${kind} type "${type}": ${problem}. It accepts the options ${accepted || '(none)'}.`,
    );
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
