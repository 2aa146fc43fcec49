import { InvalidInputError } from '../errors/input-errors.js';
import { validateAlias } from '../objects/alias-names.js';
import { nameProblem, validateId } from '../objects/names.js';
import { MAX_AUTHOR_LENGTH } from '../objects/record-checks.js';
import type { AliasEvent, AliasRecord, ChangeStamp } from '../objects/records.js';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const isDate = (v: unknown) =>
  typeof v === 'string' && ISO_UTC.test(v) && !Number.isNaN(Date.parse(v));
const isAuthor = (v: unknown) => typeof v === 'string' && v.length <= MAX_AUTHOR_LENGTH;
const isId = (v: unknown) => nameProblem(v) === undefined;

/** Checks who made a change and when; throws {@link InvalidInputError}. */
export function checkStamp(stamp: ChangeStamp): void {
  if (typeof stamp !== 'object' || stamp === null || !isAuthor(stamp.author) || !isDate(stamp.at))
    throw new InvalidInputError(
      `Invalid change stamp ${JSON.stringify(stamp)}: give { author, at } with an author of at most ${MAX_AUTHOR_LENGTH} characters and a UTC ISO 8601 date such as "2026-01-31T12:00:00.000Z".`,
    );
}

/** Why a stored alias record is not valid, or undefined. */
export function aliasRecordProblem(value: unknown): string | undefined {
  const r = value as Partial<AliasRecord> | null;
  if (typeof r !== 'object' || r === null) return 'an alias record must be an object';
  if (!isId(r.taskId)) return 'taskId is not a valid id';
  if (nameProblem(r.alias)) return 'alias is not a valid name';
  if (!isId(r.modelId)) return 'modelId is not a valid id';
  if (!isDate(r.updatedAt)) return 'updatedAt is not a UTC ISO 8601 date';
  if (!isAuthor(r.author)) return 'author is not a string of at most 255 characters';
  return undefined;
}

/** Why a stored alias event is not valid, or undefined. */
export function aliasEventProblem(value: unknown): string | undefined {
  const r = value as Partial<AliasEvent> | null;
  if (typeof r !== 'object' || r === null) return 'an alias event must be an object';
  if (!isId(r.taskId)) return 'taskId is not a valid id';
  if (nameProblem(r.alias)) return 'alias is not a valid name';
  if (r.modelId !== null && !isId(r.modelId)) return 'modelId is not a valid id or null';
  if (r.previousModelId !== null && !isId(r.previousModelId))
    return 'previousModelId is not a valid id or null';
  if (!isDate(r.at)) return 'at is not a UTC ISO 8601 date';
  if (!isAuthor(r.author)) return 'author is not a string of at most 255 characters';
  return undefined;
}

/**
 * Checks the events given to `importAliasEvents`: a list of events of task `taskId`, each with a valid
 * alias name, model ids (or `null`) and stamp. Returns copies holding the known fields only; throws
 * {@link InvalidInputError}.
 */
export function checkImportedEvents(taskId: string, events: AliasEvent[]): AliasEvent[] {
  if (!Array.isArray(events))
    throw new InvalidInputError('Invalid alias events: give a list of alias history entries.');
  return events.map((event, i) => {
    if (typeof event !== 'object' || event === null)
      throw new InvalidInputError(`Invalid alias event ${i + 1}: it is not an object.`);
    if (event.taskId !== taskId)
      throw new InvalidInputError(
        `Invalid alias event ${i + 1}: its taskId ${JSON.stringify(event.taskId)} is not ${taskId}, the task whose history is imported.`,
      );
    validateAlias(event.alias);
    for (const id of [event.modelId, event.previousModelId])
      if (id !== null) validateId('model', typeof id === 'string' ? id : '');
    checkStamp({ author: event.author, at: event.at });
    const { alias, modelId, previousModelId, at, author } = event;
    return { taskId, alias, modelId, previousModelId, at, author };
  });
}
