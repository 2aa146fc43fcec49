import {
  type ChangeStamp,
  type ModelRecord,
  type NewModelRecord,
  newId,
  nowIso,
  type ProjectRecord,
  type TaskRecord,
} from '@ebonite/core/plugin';

export function project(name = `project-${newId()}`): ProjectRecord {
  return { id: newId(), name, author: 'tests', creationDate: nowIso() };
}

export function task(projectId: string, name = `task-${newId()}`): TaskRecord {
  return { id: newId(), name, author: 'tests', creationDate: nowIso(), projectId };
}

export function model(taskId: string, name = `model-${newId()}`): ModelRecord {
  return {
    id: newId(),
    name,
    author: 'tests',
    creationDate: nowIso(),
    taskId,
    description: 'a model',
    params: { lr: 0.1, layers: [1, 2] },
    requirements: [{ package: 'onnxruntime-node', version: '1.30.0' }],
    artifacts: [{ name: 'model.onnx', size: 3, digest: `sha256:${'0'.repeat(64)}` }],
    wrapper: { type: 'onnx' },
  };
}

/** A contract v2 model to create: `name: null` asks for the task's next version. */
export function newModel(
  taskId: string,
  name: string | null,
  extra: Partial<NewModelRecord> = {},
): NewModelRecord {
  return { ...model(taskId), name, version: null, tags: {}, ...extra };
}

/** A change stamp. */
export function stamp(author = 'tests', at = nowIso()): ChangeStamp {
  return { author, at };
}
