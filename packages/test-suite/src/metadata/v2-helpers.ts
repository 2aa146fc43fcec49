import type { ChangeStamp, ModelRecord, NewModelRecord, TaskRecord } from '@ebonite/core/plugin';
import { nowIso } from '@ebonite/core/plugin';
import { AUTHOR, modelRecord, taskRecord } from '../fixtures.js';
import type { MetadataScope } from './scope.js';

/** A model to create through contract v2: `name: null` asks for the next version. */
export function newModel(
  taskId: string,
  name: string | null,
  overrides: Partial<NewModelRecord> = {},
): NewModelRecord {
  const { name: _, version: __, tags: ___, ...base } = modelRecord(taskId);
  return { ...base, name, version: null, tags: {}, ...overrides };
}

/** What a v2 repository must return for `input` once it has allocated `version` (or kept the name). */
export function expectedModel(input: NewModelRecord, version: number | null): ModelRecord {
  return {
    ...structuredClone(input),
    name: input.name ?? `v${version}`,
    version: input.name === null ? version : input.version,
  };
}

/** Creates a task with tags `{}` unless given, in a new project. */
export async function v2Task(
  s: MetadataScope,
  tags: Record<string, string> = {},
): Promise<TaskRecord> {
  const project = await s.project();
  return s.v2.createTask({ ...taskRecord(project.id), tags });
}

/** A change stamp at `at` (now by default). */
export function stamp(at = nowIso(), author = AUTHOR): ChangeStamp {
  return { author, at };
}

/** Sorts by id, the order of the v1 lists. */
export function byId<T extends { id: string }>(list: T[]): T[] {
  return [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
