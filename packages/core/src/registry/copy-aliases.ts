import type { Ebonite } from '../client/ebonite.js';
import { EboniteError } from '../errors/ebonite-error.js';
import { NonExistingModelError } from '../errors/object-errors.js';
import { RegistryConflictError } from '../errors/registry-errors.js';
import type { AliasEvent, TaskRecord } from '../objects/records.js';

/** What happened to one alias of a copied task. */
export type AliasCopyOutcome = 'copied' | 'skipped';

const sameEvent = (a: AliasEvent, b: AliasEvent) =>
  a.modelId === b.modelId &&
  a.previousModelId === b.previousModelId &&
  a.at === b.at &&
  a.author === b.author;

/**
 * Copies one alias of a task with its whole history: the source's moves are replayed oldest first
 * through `setAlias`/`deleteAlias` with their original stamps, so the target's history equals the
 * source's. A target that already holds the first moves (an interrupted copy) gets the rest; one whose
 * history differs is a `RegistryConflictError`, and nothing is changed. A move to a model the target
 * lacks (deleted from the source since, or not copied) stops the replay with `NonExistingModelError`:
 * the moves before it stay copied.
 */
export async function copyAlias(
  from: Ebonite,
  to: Ebonite,
  task: TaskRecord,
  alias: string,
  path: string,
): Promise<AliasCopyOutcome> {
  const source = (await from.meta.getAliasHistory(task.id, alias)).reverse();
  const target = (await to.meta.getAliasHistory(task.id, alias)).reverse();
  const diverges = target.findIndex((event, i) => !source[i] || !sameEvent(event, source[i]));
  if (diverges >= 0)
    throw new RegistryConflictError(
      path,
      `the target's history of alias "${alias}" differs from the source's at move ${diverges + 1}`,
    );
  if (target.length === source.length) return 'skipped';
  for (const event of source.slice(target.length)) {
    const stamp = { author: event.author, at: event.at };
    try {
      if (event.modelId === null) await to.meta.deleteAlias(task.id, alias, stamp);
      else await to.meta.setAlias(task.id, alias, event.modelId, stamp);
    } catch (error) {
      if (!EboniteError.isInstance(error, 'E_NON_EXISTING_MODEL')) throw error;
      throw new NonExistingModelError(event.modelId ?? '', {
        hint: `it is not in the target, yet the history of ${path} moves the alias to it on ${event.at} (deleted from the source since, or not copied). The moves before it were copied; the rest of the history cannot be.`,
        cause: error,
      });
    }
  }
  return 'copied';
}
