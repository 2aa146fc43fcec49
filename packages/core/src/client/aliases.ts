import { InvalidInputError } from '../errors/input-errors.js';
import type { GuardedMetadataRepository } from '../guards/guarded-metadata-repository.js';
import { modelSearch } from '../kit/model-search.js';
import { LATEST_ALIAS, validateAlias } from '../objects/alias-names.js';
import { defaultAuthor } from '../objects/author.js';
import { nowIso } from '../objects/ids.js';
import type { Model } from '../objects/model.js';
import type { AliasRecord, ChangeStamp, ModelRecord } from '../objects/records.js';
import type { Task } from '../objects/task.js';

/** An alias of a task as the client lists it: with the name of the model it points at. */
export interface AliasInfo {
  alias: string;
  modelId: string;
  /** The name of the model it points at. */
  modelName: string;
  /** When it was last moved (UTC ISO 8601). */
  updatedAt: string;
  /** Who moved it last. */
  author: string;
}

/** Who changes an alias and when: the client's author (the operating-system user), now. */
export function changeStamp(): ChangeStamp {
  return { author: defaultAuthor(), at: nowIso() };
}

/** An alias record with its model's name (read by id; `(deleted)` should it be gone meanwhile). */
export async function aliasInfo(
  meta: GuardedMetadataRepository,
  record: AliasRecord,
): Promise<AliasInfo> {
  const model = await meta.getModelById(record.modelId);
  return {
    alias: record.alias,
    modelId: record.modelId,
    modelName: model?.name ?? '(deleted)',
    updatedAt: record.updatedAt,
    author: record.author,
  };
}

/** Points an alias of a task at one of its models; refuses `latest` and a model of another task. */
export async function setAlias(
  meta: GuardedMetadataRepository,
  task: Task,
  alias: string,
  model: Model,
): Promise<AliasInfo> {
  validateAlias(alias);
  if (model.taskId !== task.id)
    throw new InvalidInputError(
      `Alias "${alias}" of task "${task.name}" cannot point at model "${model.name}": it belongs to another task (${model.taskId || 'not pushed'}). An alias names a model of its own task.`,
    );
  const record = await meta.setAlias(task.id, alias, model.id, changeStamp());
  return { ...(await aliasInfo(meta, record)), modelName: model.name };
}

/**
 * The model an alias of a task points at, or null when the alias is not set. `latest` is the task's
 * newest model (by creationDate, then id), found with one search.
 */
export async function modelByAlias(
  meta: GuardedMetadataRepository,
  task: Task,
  alias: string,
): Promise<ModelRecord | null> {
  validateAlias(alias, { allowLatest: true });
  if (alias === LATEST_ALIAS) {
    const [newest] = await meta.searchModels(modelSearch({ taskId: task.id, limit: 1 }));
    return newest ?? null;
  }
  const record = await meta.getAlias(task.id, alias);
  return record && meta.getModelById(record.modelId);
}
