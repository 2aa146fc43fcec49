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
