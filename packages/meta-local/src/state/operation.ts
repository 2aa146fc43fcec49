import type { AliasEvent, ModelRecord, ProjectRecord, TaskRecord } from '@ebonite/core/plugin';

/** The three kinds of objects a metadata repository holds. */
export type RecordKind = 'project' | 'task' | 'model';

/**
 * One committed change, as applied to the in-memory state and written as one journal line. The
 * repository checks every rule (unique names, existing parents, no children without cascade, aliases)
 * and makes every decision (the version number, the merged tags) before it builds an operation, so
 * replaying one needs none: `put` stores the record whole (create or update; a model's `version`
 * raises its task's version counter), `delete` removes the object and everything under it, after
 * appending the alias events it carries (a forced model delete), `alias` moves or removes one alias
 * and appends the event to its history, `aliases` does so for each of its events in turn (an imported
 * history: the events are appended as given, the last one of each alias sets it), `clear` removes
 * everything.
 */
export type Operation =
  | { op: 'put'; kind: 'project'; record: ProjectRecord }
  | { op: 'put'; kind: 'task'; record: TaskRecord }
  | { op: 'put'; kind: 'model'; record: ModelRecord }
  | { op: 'delete'; kind: RecordKind; id: string; events?: AliasEvent[] }
  | { op: 'alias'; event: AliasEvent }
  | { op: 'aliases'; events: AliasEvent[] }
  | { op: 'clear' };

/** The fields a record must have to be indexed: its id, its name and its parent's id. */
const KEY_FIELDS: Record<RecordKind, readonly string[]> = {
  project: ['id', 'name'],
  task: ['id', 'name', 'projectId'],
  model: ['id', 'name', 'taskId', 'creationDate'],
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tagsProblem(kind: RecordKind, tags: unknown): string | undefined {
  if (tags === undefined) return undefined;
  if (!isObject(tags) || Object.values(tags).some((v) => typeof v !== 'string'))
    return `the ${kind}'s "tags" is not an object of strings`;
  return undefined;
}

/**
 * What keeps a stored record from being indexed (not an object, no string id, name or parent id; for
 * a model also no string creation date, a `version` that is not a positive integer or null, `tags`
 * that are not strings), or undefined. Its other fields are checked when it is read (the core's
 * `recordProblem`), so one bad field makes that record unreadable, never the whole store.
 */
export function recordProblem(kind: RecordKind, value: unknown): string | undefined {
  if (!isObject(value)) return `the ${kind} is not an object`;
  for (const field of KEY_FIELDS[kind]) {
    if (typeof value[field] !== 'string') return `the ${kind}'s "${field}" is not a string`;
  }
  if (kind === 'model') {
    const { version } = value;
    if (
      version !== undefined &&
      version !== null &&
      !(Number.isSafeInteger(version) && (version as number) > 0)
    )
      return `the model's "version" is not a positive integer or null`;
  }
  return kind === 'project' ? undefined : tagsProblem(kind, value.tags);
}

const nullableString = (value: unknown) => value === null || typeof value === 'string';

/** What is wrong with a stored alias history event, or undefined. */
export function aliasEventProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'the alias event is not an object';
  for (const field of ['taskId', 'alias', 'at', 'author'])
    if (typeof value[field] !== 'string') return `the alias event's "${field}" is not a string`;
  for (const field of ['modelId', 'previousModelId'])
    if (!nullableString(value[field]))
      return `the alias event's "${field}" is not a string or null`;
  return undefined;
}

/** What is wrong with a stored alias, or undefined. */
export function aliasProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'the alias is not an object';
  for (const field of ['taskId', 'alias', 'modelId', 'updatedAt', 'author'])
    if (typeof value[field] !== 'string') return `the alias's "${field}" is not a string`;
  return undefined;
}

/** The stored form of an alias event: its known fields only. */
export function storedEvent(event: AliasEvent): AliasEvent {
  const { taskId, alias, modelId, previousModelId, at, author } = event;
  return { taskId, alias, modelId, previousModelId, at, author };
}

/** Checks a parsed journal entry: the operation, or a string saying what is wrong with it. */
export function parseOperation(value: unknown): Operation | string {
  if (!isObject(value)) return 'the entry is not an object';
  const { op, kind } = value;
  if (op === 'clear') return { op };
  if (op === 'alias') {
    const problem = aliasEventProblem(value.event);
    return problem ?? { op, event: storedEvent(value.event as AliasEvent) };
  }
  if (op === 'aliases') {
    if (!Array.isArray(value.events)) return 'an "aliases" entry whose "events" is not a list';
    for (const event of value.events) {
      const problem = aliasEventProblem(event);
      if (problem) return problem;
    }
    return { op, events: value.events.map(storedEvent) };
  }
  if (kind !== 'project' && kind !== 'task' && kind !== 'model')
    return `unknown kind ${JSON.stringify(kind)}`;
  if (op === 'delete') {
    if (typeof value.id !== 'string') return 'a delete without an "id"';
    if (value.events === undefined) return { op, kind, id: value.id };
    if (!Array.isArray(value.events)) return 'a delete whose "events" is not a list';
    for (const event of value.events) {
      const problem = aliasEventProblem(event);
      if (problem) return problem;
    }
    return { op, kind, id: value.id, events: value.events.map(storedEvent) };
  }
  if (op !== 'put') return `unknown operation ${JSON.stringify(op)}`;
  // only the operation's own fields: a journal line also carries its fencing fields (seq, w)
  return recordProblem(kind, value.record) ?? ({ op, kind, record: value.record } as Operation);
}
