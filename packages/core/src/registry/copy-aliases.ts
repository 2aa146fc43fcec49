import type { Ebonite } from '../client/ebonite.js';
import { EboniteError } from '../errors/ebonite-error.js';
import { NonExistingModelError } from '../errors/object-errors.js';
import { RegistryConflictError } from '../errors/registry-errors.js';
import type { AliasEvent, TaskRecord } from '../objects/records.js';

/** What a task's aliases came to in a copy: the aliases copied (given new history) and skipped. */
export interface AliasesCopyOutcome {
  copied: number;
  skipped: number;
}

const sameEvent = (a: AliasEvent, b: AliasEvent) =>
  a.alias === b.alias &&
  a.modelId === b.modelId &&
  a.previousModelId === b.previousModelId &&
  a.at === b.at &&
  a.author === b.author;

/** A task's events by alias, each alias's oldest first. */
function byAlias(events: AliasEvent[]): Map<string, AliasEvent[]> {
  const grouped = new Map<string, AliasEvent[]>();
  for (const event of events) {
    const list = grouped.get(event.alias);
    if (list) list.push(event);
    else grouped.set(event.alias, [event]);
  }
  return grouped;
}

/**
 * Copies the aliases of a task with their whole history, those removed since included, in one
 * `importAliasEvents`: the history is data, so entries naming models deleted since are copied as they
 * are, and each alias ends on the source's target. A target whose history of an alias holds the
 * source's first entries (an interrupted or earlier copy) gets the rest; one whose history of an alias
 * differs is a `RegistryConflictError`, and nothing is changed. An alias whose current target the
 * target registry lacks (a model not copied) is a `NonExistingModelError`, and nothing is changed.
 */
export async function copyTaskAliasEvents(
  from: Ebonite,
  to: Ebonite,
  task: TaskRecord,
  taskPath: string,
): Promise<AliasesCopyOutcome> {
  const source = byAlias(await from.meta.getAliasEvents(task.id));
  const target = byAlias(await to.meta.getAliasEvents(task.id));
  const missing: AliasEvent[] = [];
  let skipped = 0;
  for (const [alias, events] of source) {
    const held = target.get(alias) ?? [];
    const diverges = held.findIndex((event, i) => !events[i] || !sameEvent(event, events[i]));
    if (diverges >= 0)
      throw new RegistryConflictError(
        `${taskPath}@${alias}`,
        `the target's history of alias "${alias}" differs from the source's at entry ${diverges + 1}`,
      );
    if (held.length === events.length) skipped++;
    else missing.push(...events.slice(held.length));
  }
  for (const alias of target.keys())
    if (!source.has(alias))
      throw new RegistryConflictError(
        `${taskPath}@${alias}`,
        `the target has a history of alias "${alias}", the source has none`,
      );
  if (missing.length === 0) return { copied: 0, skipped };
  try {
    await to.meta.importAliasEvents(task.id, missing);
  } catch (error) {
    if (!EboniteError.isInstance(error, 'E_NON_EXISTING_MODEL')) throw error;
    const lacking = await lackingTarget(to, task, source);
    throw new NonExistingModelError(lacking?.modelId ?? '', {
      hint: `alias "${lacking?.alias ?? '?'}" of ${taskPath} points at it in the source, and it is not in the target (not copied). No alias of the task was copied.`,
      cause: error,
    });
  }
  return { copied: source.size - skipped, skipped };
}

/** The first alias whose current target in the source is not a model of the task in the target. */
async function lackingTarget(
  to: Ebonite,
  task: TaskRecord,
  source: Map<string, AliasEvent[]>,
): Promise<{ alias: string; modelId: string } | undefined> {
  for (const [alias, events] of source) {
    const modelId = events[events.length - 1]?.modelId;
    if (!modelId) continue;
    if ((await to.meta.getModelById(modelId))?.taskId !== task.id) return { alias, modelId };
  }
  return undefined;
}
