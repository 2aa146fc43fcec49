import type { ModelRecord, ProjectRecord, TaskRecord } from '@ebonite/core/plugin';

/** The three kinds of objects a metadata repository holds. */
export type RecordKind = 'project' | 'task' | 'model';

/**
 * One committed change, as applied to the in-memory state and written as one journal line. The
 * repository checks every rule (unique names, existing parents, no children without cascade) before it
 * builds an operation, so replaying one needs no decision: `put` stores the record whole (create or
 * update), `delete` removes the object and everything under it, `clear` removes everything.
 */
export type Operation =
  | { op: 'put'; kind: 'project'; record: ProjectRecord }
  | { op: 'put'; kind: 'task'; record: TaskRecord }
  | { op: 'put'; kind: 'model'; record: ModelRecord }
  | { op: 'delete'; kind: RecordKind; id: string }
  | { op: 'clear' };

/** The fields a record must have to be indexed: its id, its name and its parent's id. */
const KEY_FIELDS: Record<RecordKind, readonly string[]> = {
  project: ['id', 'name'],
  task: ['id', 'name', 'projectId'],
  model: ['id', 'name', 'taskId'],
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What keeps a stored record from being indexed (not an object, no string id, name or parent id), or
 * undefined. Its other fields are checked when it is read (the core's `recordProblem`), so one bad field
 * makes that record unreadable, never the whole store.
 */
export function recordProblem(kind: RecordKind, value: unknown): string | undefined {
  if (!isObject(value)) return `the ${kind} is not an object`;
  for (const field of KEY_FIELDS[kind]) {
    if (typeof value[field] !== 'string') return `the ${kind}'s "${field}" is not a string`;
  }
  return undefined;
}

/** Checks a parsed journal entry: the operation, or a string saying what is wrong with it. */
export function parseOperation(value: unknown): Operation | string {
  if (!isObject(value)) return 'the entry is not an object';
  const { op, kind } = value;
  if (op === 'clear') return { op };
  if (kind !== 'project' && kind !== 'task' && kind !== 'model')
    return `unknown kind ${JSON.stringify(kind)}`;
  if (op === 'delete')
    return typeof value.id === 'string' ? { op, kind, id: value.id } : 'a delete without an "id"';
  if (op !== 'put') return `unknown operation ${JSON.stringify(op)}`;
  // only the operation's own fields: a journal line also carries its fencing fields (seq, w)
  return recordProblem(kind, value.record) ?? ({ op, kind, record: value.record } as Operation);
}
