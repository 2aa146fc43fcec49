import type { JsonObject, ModelRecord, ProjectRecord, TaskRecord } from '@ebonite/core/plugin';

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

/** The stored form of a task. */
export function storedTask(task: TaskRecord): TaskRecord {
  const { id, name, author, creationDate, projectId } = task;
  return { id, name, author, creationDate, projectId };
}

/** The stored form of a model; missing optional parts get their empty value. */
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
  });
}
