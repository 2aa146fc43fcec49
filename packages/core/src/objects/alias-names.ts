import { InvalidInputError } from '../errors/input-errors.js';
import { MAX_NAME_LENGTH, nameProblem } from './names.js';

/** The alias every task has: always its newest model (by creationDate, then id). Never set by hand. */
export const LATEST_ALIAS = 'latest';

/**
 * Why `alias` is not a valid alias name, or undefined: a valid model name (non-empty, at most 255
 * characters, no control characters, `/` or `\`, not `.` or `..`) without `@`, so that
 * `project/task@alias` stays unambiguous. `latest` is valid only when `allowLatest` (to read it).
 */
export function aliasProblem(alias: unknown, { allowLatest = false } = {}): string | undefined {
  const problem = nameProblem(alias);
  if (problem) return problem;
  if ((alias as string).includes('@')) return 'it contains "@"';
  if (!allowLatest && alias === LATEST_ALIAS)
    return `"${LATEST_ALIAS}" is reserved: it always names the task's newest model and cannot be set or deleted`;
  return undefined;
}

/** Checks an alias name (see {@link aliasProblem}); throws {@link InvalidInputError}. */
export function validateAlias(alias: string, options: { allowLatest?: boolean } = {}): string {
  const problem = aliasProblem(alias, options);
  if (problem)
    throw new InvalidInputError(
      `Invalid alias ${JSON.stringify(alias) ?? String(alias)}: ${problem}. Use a non-empty name of at most ${MAX_NAME_LENGTH} characters without "@", "/", "\\" or control characters, other than "${LATEST_ALIAS}".`,
    );
  return alias;
}
