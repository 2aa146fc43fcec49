import { checkSourceFiles } from '../artifacts/artifact-source.js';
import { EboniteError } from '../errors/ebonite-error.js';
import { InvalidInputError } from '../errors/input-errors.js';
import {
  ExistingModelError,
  ModelAlreadyPushedError,
  NonExistingTaskError,
} from '../errors/object-errors.js';
import { BackendError } from '../errors/store-errors.js';
import type { GuardedArtifactRepository } from '../guards/guarded-artifact-repository.js';
import type { GuardedMetadataRepository } from '../guards/guarded-metadata-repository.js';
import type { Model } from '../objects/model.js';
import { recordProblem } from '../objects/record-checks.js';
import type { ArtifactDescriptor, ModelRecord } from '../objects/records.js';

/**
 * What happened to each `Model` object given to a push, in every copy of `@ebonite/core` loaded in the
 * process: a push in flight holds its model's id, so a second push of the same object (a retry wrapper,
 * the same object pushed to two tasks) can never touch the first one's files.
 */
type PushState = { state: 'pushing' } | { state: 'pushed'; taskId: string };
const globalPushes = globalThis as { [key: symbol]: WeakMap<Model, PushState> | undefined };
const PUSHES = Symbol.for('ebonite.pushes');
globalPushes[PUSHES] ??= new WeakMap();
const pushes = globalPushes[PUSHES];

/**
 * Pushes a model into a task, in the order that keeps the repositories consistent:
 * 1. the record is checked whole and the name free in the task (fails before anything is uploaded);
 * 2. the files stream to the artifact repository, sized and hashed on the way;
 * 3. a listing confirms every file is stored with its size (nothing removed them meanwhile);
 * 4. the metadata record is committed in one atomic step; a name taken meanwhile fails here. A model
 *    made without a name gets the task's next version in that step (contract v2).
 * A failure in 2-4 removes what 2 wrote, and only that. A crash between 2 and 4 can leave only files
 * no metadata points to (found and removed by a registry check), never metadata pointing to missing files.
 * A `Model` object is pushed at most once: a second push, concurrent or later, is refused.
 */
export async function pushModel(
  meta: GuardedMetadataRepository,
  artifacts: GuardedArtifactRepository,
  model: Model,
  taskId: string,
): Promise<ModelRecord> {
  if (model.isPersisted)
    throw new InvalidInputError(
      `Model "${model.name}" is already persisted (id ${model.id}): create a new model with Model.create() to push it again.`,
    );
  const previous = pushes.get(model);
  if (previous)
    throw new ModelAlreadyPushedError(
      model.name || '(unnamed: the next version)',
      model.id,
      previous.state,
    );
  pushes.set(model, { state: 'pushing' });
  try {
    const record = await pushClaimed(meta, artifacts, model, taskId);
    pushes.set(model, { state: 'pushed', taskId });
    return record;
  } catch (error) {
    pushes.delete(model); // nothing of it is stored: the same object may be pushed again
    throw error;
  }
}

async function pushClaimed(
  meta: GuardedMetadataRepository,
  artifacts: GuardedArtifactRepository,
  model: Model,
  taskId: string,
): Promise<ModelRecord> {
  const draft = { ...model.toRecord(), taskId };
  // Without a name, the repository allocates the next version when the record is committed.
  const versioned = model.name === '';
  const label = versioned ? 'The new version' : `Model "${model.name}"`;
  const problem = recordProblem('model', versioned ? { ...draft, name: 'v1' } : draft);
  if (problem) throw new InvalidInputError(`${label} cannot be pushed: ${problem}.`);
  // What a v1 repository cannot store is refused before any upload (its create would refuse it after).
  if (versioned) meta.requireV2('Pushing a model without a name (the next version)');
  if (Object.keys(model.tags).length) meta.requireV2('Tags');
  const task = await meta.getTaskById(taskId);
  if (!task) throw new NonExistingTaskError(taskId);
  if (!versioned && (await meta.getModelByName(taskId, model.name)))
    throw new ExistingModelError(model.name);
  await checkSourceFiles(model.sources);

  let descriptors: ArtifactDescriptor[] = [];
  if (model.sources.size) {
    try {
      descriptors = await artifacts.push(model.id, model.sources);
    } catch (error) {
      // Files already stored under this id are someone else's: never remove them. Otherwise the contract
      // makes the plugin clean up; do it again in case a plugin leaks (a no-op otherwise).
      if (!EboniteError.isInstance(error, 'E_ARTIFACT_EXISTS'))
        await artifacts.delete(model.id).catch(() => undefined);
      throw error;
    }
  }
  try {
    if (descriptors.length) await confirmStored(artifacts, model.id, descriptors);
    return await meta.createModel({
      ...draft,
      name: versioned ? null : draft.name,
      version: null,
      tags: draft.tags ?? {},
      artifacts: descriptors,
    });
  } catch (error) {
    // A record under this id (a commit reported as failed that went through) owns the files.
    const committed = await meta.getModelById(model.id).catch(() => undefined);
    if (descriptors.length && committed === null)
      await artifacts.delete(model.id).catch(() => undefined);
    throw error;
  }
}

/**
 * Lists the model's files once more before its metadata is committed: a concurrent `check --repair`
 * or a hand-made delete must not leave a committed model without its files.
 */
async function confirmStored(
  artifacts: GuardedArtifactRepository,
  modelId: string,
  descriptors: ArtifactDescriptor[],
): Promise<void> {
  const stored = new Map((await artifacts.list(modelId)).map((s) => [s.name, s.size]));
  for (const descriptor of descriptors) {
    if (stored.get(descriptor.name) === descriptor.size) continue;
    throw new BackendError(
      `Artifact "${descriptor.name}" of model ${modelId} is no longer stored as pushed in the ${artifacts.type} artifact repository (removed or changed by another process, such as a registry repair, before the metadata was committed); nothing was committed: push the model again.`,
    );
  }
}
