import { checkSourceFiles } from '../artifacts/artifact-source.js';
import { InvalidInputError } from '../errors/input-errors.js';
import { ExistingModelError, NonExistingTaskError } from '../errors/object-errors.js';
import type { GuardedArtifactRepository } from '../guards/guarded-artifact-repository.js';
import type { GuardedMetadataRepository } from '../guards/guarded-metadata-repository.js';
import type { Model } from '../objects/model.js';
import type { ArtifactDescriptor, ModelRecord } from '../objects/records.js';

/**
 * Pushes a model into a task, in the order that keeps the repositories consistent:
 * 1. the name is checked free in the task (fails before anything is uploaded);
 * 2. the files stream to the artifact repository, sized and hashed on the way;
 * 3. the metadata record is committed in one atomic step; a name taken meanwhile fails here.
 * A failure in 2 or 3 removes what 2 wrote. A crash between 2 and 3 can leave only files no metadata
 * points to (found and removed by a registry check), never metadata pointing to missing files.
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
  const task = await meta.getTaskById(taskId);
  if (!task) throw new NonExistingTaskError(taskId);
  if (await meta.getModelByName(taskId, model.name)) throw new ExistingModelError(model.name);
  await checkSourceFiles(model.sources);

  let descriptors: ArtifactDescriptor[] = [];
  if (model.sources.size) {
    try {
      descriptors = await artifacts.push(model.id, model.sources);
    } catch (error) {
      // The contract makes the plugin clean up; do it again in case a plugin leaks (a no-op otherwise).
      await artifacts.delete(model.id).catch(() => undefined);
      throw error;
    }
  }
  try {
    return await meta.createModel({ ...model.toRecord(), taskId, artifacts: descriptors });
  } catch (error) {
    if (descriptors.length) await artifacts.delete(model.id).catch(() => undefined);
    throw error;
  }
}
