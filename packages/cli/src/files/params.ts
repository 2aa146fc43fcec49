import type { JsonObject, JsonValue } from '@ebonite/core';
import { CliError } from '../cli-error.js';

/** Commander's collector for a repeated option. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * Reads `--param key=value` pairs into params: a value that parses as JSON (`3`, `0.1`, `true`, `null`,
 * `[1,2]`, `{"a":1}`, `"quoted"`) is kept as that JSON, anything else as the string. A key given twice keeps the last value.
 */
export function parseParams(pairs: readonly string[]): JsonObject {
  // Prototype-free: `--param __proto__=1` is a key like any other.
  const params: JsonObject = Object.create(null);
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0)
      throw new CliError(
        'E_USAGE',
        `Invalid --param ${JSON.stringify(pair)}: write key=value, e.g. --param lr=0.01.`,
      );
    const value = pair.slice(eq + 1);
    let parsed: JsonValue;
    try {
      parsed = JSON.parse(value) as JsonValue;
    } catch {
      parsed = value;
    }
    params[pair.slice(0, eq)] = parsed;
  }
  return params;
}

/** One `key=value` split at its first `=` (the key cannot be empty); `what` names the option for errors. */
export function splitPair(pair: string, what: string): [string, string] {
  const eq = pair.indexOf('=');
  if (eq <= 0)
    throw new CliError(
      'E_USAGE',
      `Invalid ${what} ${JSON.stringify(pair)}: write key=value, e.g. ${what} stage=production.`,
    );
  return [pair.slice(0, eq), pair.slice(eq + 1)];
}

/**
 * Tag changes from `key=value` pairs: a value as given, an empty value (`key=`) removes the key
 * (`null`). Prototype-free; a key given twice keeps the last value.
 */
export function parseTagChanges(
  pairs: readonly string[],
  what = 'tag',
): Record<string, string | null> {
  const changes: Record<string, string | null> = Object.create(null);
  for (const pair of pairs) {
    const [key, value] = splitPair(pair, what);
    changes[key] = value === '' ? null : value;
  }
  return changes;
}

/** `--param key=value` filters of a search: each value a JSON scalar when it parses as one, else the text. */
export function parseParamFilters(
  pairs: readonly string[],
): Record<string, string | number | boolean | null> {
  const filters: Record<string, string | number | boolean | null> = Object.create(null);
  for (const pair of pairs) {
    const [key, text] = splitPair(pair, '--param');
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // not JSON: the text
    }
    filters[key] =
      value === null || ['string', 'number', 'boolean'].includes(typeof value)
        ? (value as string | number | boolean | null)
        : text;
  }
  return filters;
}
