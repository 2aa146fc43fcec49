import {
  type AliasEvent,
  type AliasRecord,
  type ChangeStamp,
  type DeleteModelOptions,
  ExistingModelError,
  ModelHasAliasesError,
  type ModelRecord,
  type NewModelRecord,
  NonExistingAliasError,
  NonExistingModelError,
  NonExistingTaskError,
  nowIso,
  type TagChanges,
  type TaskRecord,
} from '@ebonite/core/plugin';
import type { MetadataState } from '../state/metadata-state.js';
import type { Operation } from '../state/operation.js';
import { mergedTags, storedModel } from './records.js';

// The decisions of the contract v2 writes, each made on the latest state while the store holds it
// exclusively (the lock of `local`), and written down as an operation that replays without deciding.

type ModelPut = Operation & { op: 'put'; kind: 'model' };

/**
 * A new model: a given name is stored with the given version (a copied registry) or null; no name
 * takes the task's next version number and the name `v<n>`.
 */
export function createModelPlan(model: NewModelRecord | ModelRecord) {
  return (s: MetadataState): ModelPut => {
    if (!s.tasks.has(model.taskId)) throw new NonExistingTaskError(model.taskId);
    let { name } = model;
    let version = model.version ?? null;
    if (name === null) {
      version = s.nextVersion(model.taskId);
      name = `v${version}`;
    }
    if (s.models.has(model.id) || s.modelByName(model.taskId, name))
      throw new ExistingModelError(name);
    return { op: 'put', kind: 'model', record: storedModel({ ...model, name, version }) };
  };
}

/** A replaced model: `creationDate`, `version` and `tags` stay as stored; an aliased model stays in its task. */
export function updateModelPlan(model: ModelRecord) {
  return (s: MetadataState): ModelPut => {
    const old = s.models.get(model.id);
    if (!old) throw new NonExistingModelError(model.name);
    if (!s.tasks.has(model.taskId)) throw new NonExistingTaskError(model.taskId);
    if ((s.modelByName(model.taskId, model.name)?.id ?? model.id) !== model.id)
      throw new ExistingModelError(model.name);
    const aliases = s.aliases.ofModel(old.id);
    if (old.taskId !== model.taskId && aliases.length > 0)
      throw new ModelHasAliasesError(
        old.name,
        aliases.map((a) => a.alias),
        { hint: 'move or delete them before moving the model to another task.' },
      );
    const { creationDate, version = null, tags = {} } = old;
    return {
      op: 'put',
      kind: 'model',
      record: { ...storedModel(model), creationDate, version, tags: { ...tags } },
    };
  };
}

/** A model delete; with `force`, its aliases go too, each with a history entry. */
export function deleteModelPlan(id: string, options: DeleteModelOptions = {}) {
  return (s: MetadataState): Operation => {
    const model = s.models.get(id);
    if (!model) throw new NonExistingModelError(id);
    const aliases = s.aliases.ofModel(id);
    if (aliases.length === 0) return { op: 'delete', kind: 'model', id };
    if (!options.force)
      throw new ModelHasAliasesError(
        model.name,
        aliases.map((a) => a.alias),
      );
    const stamp = options.stamp ?? { author: '', at: nowIso() };
    const events = aliases.map((a) => aliasEvent(a.taskId, a.alias, null, a.modelId, stamp));
    return { op: 'delete', kind: 'model', id, events };
  };
}

export function setModelTagsPlan(modelId: string, changes: TagChanges) {
  return (s: MetadataState): ModelPut => {
    const old = s.models.get(modelId);
    if (!old) throw new NonExistingModelError(modelId);
    return { op: 'put', kind: 'model', record: { ...old, tags: mergedTags(old.tags, changes) } };
  };
}

export function setTaskTagsPlan(taskId: string, changes: TagChanges) {
  return (s: MetadataState): Operation & { op: 'put'; kind: 'task' } => {
    const old: TaskRecord | undefined = s.tasks.get(taskId);
    if (!old) throw new NonExistingTaskError(taskId);
    return { op: 'put', kind: 'task', record: { ...old, tags: mergedTags(old.tags, changes) } };
  };
}

function aliasEvent(
  taskId: string,
  alias: string,
  modelId: string | null,
  previousModelId: string | null,
  stamp: ChangeStamp,
): AliasEvent {
  return { taskId, alias, modelId, previousModelId, at: stamp.at, author: stamp.author };
}

/**
 * Points an alias at a model of its task. `done` receives the alias as it is afterwards; setting the
 * target it already has returns null: nothing to write, nothing to record.
 */
export function setAliasPlan(
  taskId: string,
  alias: string,
  modelId: string,
  stamp: ChangeStamp,
  done: (alias: AliasRecord) => void,
) {
  return (s: MetadataState): Operation | null => {
    if (!s.tasks.has(taskId)) throw new NonExistingTaskError(taskId);
    const model = s.models.get(modelId);
    if (!model || model.taskId !== taskId)
      throw new NonExistingModelError(modelId, {
        hint: model
          ? 'it belongs to another task: an alias names a model of its own task.'
          : undefined,
      });
    const current = s.aliases.get(taskId, alias);
    if (current?.modelId === modelId) {
      done({ ...current });
      return null;
    }
    const event = aliasEvent(taskId, alias, modelId, current?.modelId ?? null, stamp);
    done({ taskId, alias, modelId, updatedAt: stamp.at, author: stamp.author });
    return { op: 'alias', event };
  };
}

/** Removes an alias, recording `{ modelId: null, previousModelId }`. */
export function deleteAliasPlan(taskId: string, alias: string, stamp: ChangeStamp) {
  return (s: MetadataState): Operation => {
    const task = s.tasks.get(taskId);
    if (!task) throw new NonExistingTaskError(taskId);
    const current = s.aliases.get(taskId, alias);
    if (!current) throw new NonExistingAliasError(alias, task.name);
    return { op: 'alias', event: aliasEvent(taskId, alias, null, current.modelId, stamp) };
  };
}

/**
 * Appends an imported alias history (a copy): the events as given, each alias ending on its last
 * event's target, which must be a model of the task; the events themselves may name any model.
 */
export function importAliasEventsPlan(taskId: string, events: AliasEvent[]) {
  return (s: MetadataState): Operation | null => {
    if (!s.tasks.has(taskId)) throw new NonExistingTaskError(taskId);
    const last = new Map<string, string | null>();
    for (const event of events) last.set(event.alias, event.modelId);
    for (const modelId of last.values()) {
      if (modelId === null) continue;
      const model = s.models.get(modelId);
      if (!model || model.taskId !== taskId)
        throw new NonExistingModelError(modelId, {
          hint: model
            ? 'it belongs to another task: an alias names a model of its own task.'
            : 'an imported alias history ends on it.',
        });
    }
    if (events.length === 0) return null;
    return { op: 'aliases', events: events.map((e) => ({ ...e, taskId })) };
  };
}
