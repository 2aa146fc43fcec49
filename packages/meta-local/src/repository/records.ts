import type {
  JsonObject,
  ModelRecord,
  ProjectRecord,
  TagChanges,
  Tags,
  TaskRecord,
} from '@ebonite/core/plugin';

/** A deep copy through JSON: exactly what a file-backed store would give back. */
export function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A copy for the caller, or null. */
export function copyOrNull<T>(record: T | undefined): T | null {
  return record === undefined ? null : structuredClone(record);
}

/** The stored form of a project: its known fields only, as an independent copy. */
export function storedProject(project: ProjectRecord): ProjectRecord {
  const { id, name, author, creationDate } = project;
  return { id, name, author, creationDate };
}

/** The stored form of a task; no tags are `{}`. */
export function storedTask(task: TaskRecord): TaskRecord {
  const { id, name, author, creationDate, projectId } = task;
  return { id, name, author, creationDate, projectId, tags: { ...(task.tags ?? {}) } };
}

/** The stored form of a model; missing optional parts get their empty value (no version: `null`). */
export function storedModel(model: ModelRecord): ModelRecord {
  const { id, name, author, creationDate, taskId } = model;
  return jsonCopy({
    id,
    name,
    author,
    creationDate,
    taskId,
    description: model.description ?? '',
    params: model.params ?? ({} as JsonObject),
    requirements: model.requirements ?? [],
    artifacts: model.artifacts ?? [],
    wrapper: model.wrapper ?? null,
    version: model.version ?? null,
    tags: model.tags ?? {},
  });
}

/** `tags` with `changes` merged in: a `null` value removes its key. */
export function mergedTags(tags: Tags | undefined, changes: TagChanges): Tags {
  // through a Map: a key such as "__proto__" stays a plain key
  const merged = new Map(Object.entries(tags ?? {}));
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) merged.delete(key);
    else merged.set(key, value);
  }
  return Object.fromEntries(merged);
}
