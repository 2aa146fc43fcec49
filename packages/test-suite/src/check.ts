import { describe, it } from 'vitest';

/**
 * One conformance check: a named async function of the suite's options. Each suite is a list of
 * them, registered as vitest `it` blocks by {@link registerChecks}; they are plain functions so the
 * suite's own tests can run one against a deliberately broken repository and see it fail.
 */
export interface Check<O> {
  /** The `it` label; unique within its group. */
  name: string;
  /** Why this check cannot run with these options (a missing capability), or undefined when it can. */
  skip?: (options: O) => string | undefined;
  /** Milliseconds before vitest gives up; the default is {@link DEFAULT_TIMEOUT}. */
  timeout?: number;
  /** Runs the check; rejects (with an assertion error) when the implementation does not conform. */
  run: (options: O) => Promise<void>;
}

/**
 * Thrown by a check that finds, once running, that it does not apply (a v2 check on a v1
 * repository): the check is reported as skipped with this reason, never as passed.
 */
export class SkipCheck extends Error {
  override readonly name = 'SkipCheck';
}

/** A group of checks registered as one nested `describe`. */
export interface CheckGroup<O> {
  name: string;
  checks: Check<O>[];
}

/** Generous, since the suite also runs against remote databases and object stores. */
export const DEFAULT_TIMEOUT = 30_000;

/** Registers `describe(label)` with one nested `describe` per group and one `it` per check. */
export function registerChecks<O>(label: string, groups: CheckGroup<O>[], options: O): void {
  describe(label, () => {
    for (const group of groups) {
      describe(group.name, () => {
        for (const check of group.checks) {
          const reason = check.skip?.(options);
          const title = reason ? `${check.name} (skipped: ${reason})` : check.name;
          it.skipIf(reason !== undefined)(
            title,
            async (context) => {
              try {
                await check.run(options);
              } catch (error) {
                if (error instanceof SkipCheck) context.skip(error.message);
                throw error;
              }
            },
            check.timeout ?? DEFAULT_TIMEOUT,
          );
        }
      });
    }
  });
}

/** Finds a check by group and name; throws when there is none, so a renamed check is noticed. */
export function findCheck<O>(groups: CheckGroup<O>[], group: string, name: string): Check<O> {
  const found = groups.find((g) => g.name === group)?.checks.find((c) => c.name === name);
  if (!found) throw new Error(`No check "${name}" in group "${group}".`);
  return found;
}
